// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorCardRule.h"

#include <QString>

namespace steadfast::ErrorWords::Cases {

/// The words of the cards whose case (ErrorCards::Case) or TLS problem changes what they say:
/// a stream cut off after N words, a context too long, a quota with or without a billing page,
/// no model, no key, each TLS problem. Empty when the kind's own words apply. ErrorWords'
/// title() and explanation() ask here first; the context of the translations is "ErrorWords".
QString title(const ApiError &error, const CardFacts &facts);
QString explanation(const ApiError &error, const CardFacts &facts);

} // namespace steadfast::ErrorWords::Cases
