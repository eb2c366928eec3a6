// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ErrorCardRule.h"
#include "core/errors/ErrorTraits.h"
#include "core/errors/ErrorWords.h"

#include <QString>

namespace steadfast {

/// What the GUI adds to the core's words about an error (ErrorWords) and its facts
/// (ErrorTraits, ErrorCards): the icon for a severity.
namespace ErrorText {

/// What the user can do about an error: one button on the error card (the core's rule,
/// ErrorCardRule.h, decides which; ErrorWords::actionLabel() words it).
using Action = ErrorCards::Action;
/// How serious an error looks: a column of ErrorTraits.
using Severity = ErrorTraits::Severity;

/// ":/icons/error.svg", ":/icons/warning.svg" or ":/icons/info.svg".
QString iconPath(Severity severity);

} // namespace ErrorText

} // namespace steadfast
