// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/DurationWords.h"
#include "core/errors/ErrorCardRule.h"
#include "core/errors/ErrorTraits.h"

#include <QString>

namespace steadfast {

/// The words users read about an ApiError (DESIGN.md's taxonomy, "shown to the user"), written
/// from the error's facts; the GUI and the CLI both print them. Every string goes through
/// QCoreApplication::translate("ErrorWords", …); numbers use the plural forms. ApiError::message
/// stays the server's (or a technical) text: the front ends show it apart.
namespace ErrorWords {

using Action = ErrorCards::Action;
using Severity = ErrorTraits::Severity;
using Attention = ErrorTraits::Attention;

/// A short headline: "Rate limited by the server (429)", "Cannot reach 127.0.0.1:8080", "The
/// reply was cut off after 12 words", … Never empty, whatever the kind. Without facts, those
/// of the error alone (ErrorCards::facts(error)).
QString title(const ApiError &error, const CardFacts &facts);
QString title(const ApiError &error);
/// One or two plain sentences: what happened and what to do, in the words of the card's
/// actions. Never empty.
QString explanation(const ApiError &error, const CardFacts &facts);
QString explanation(const ApiError &error);
/// The first line of the retry banner: why the last attempt failed. Usually title(), but a
/// timeout names the phase more plainly ("The first byte did not arrive within 60 s").
QString retryReason(const ApiError &error);
/// The button text for an action ("Open Settings", …); empty for Action::None.
QString actionLabel(Action action);
/// The same, in the card's case ("Choose a model" where none is chosen yet).
QString actionLabel(Action action, const CardFacts &facts);
/// What the user has to look at, for the connection status: "key rejected", "no access",
/// "quota used up", …; empty for Attention::None.
QString attentionText(Attention attention);
/// "Error", "Warning", "Information": the name of a severity (an icon's accessible name).
QString severityName(Severity severity);

} // namespace ErrorWords

} // namespace steadfast
