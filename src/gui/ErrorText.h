// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorCardRule.h"

#include <QObject>
#include <QString>

#include <chrono>

namespace steadfast {

/// The words users read about an ApiError (DESIGN.md's taxonomy, "shown to the user"), written
/// in the GUI from the error's facts. Every string goes through
/// QCoreApplication::translate("ErrorText", …); numbers use the plural forms. The core's
/// ApiError::message stays the server's (or a technical) text: the error card shows it apart.
namespace ErrorText {
Q_NAMESPACE

/// What the user can do about an error: one button on the error card (the core's rule,
/// ErrorCardRule.h, decides which).
using Action = ErrorCards::Action;

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
/// The enumerator's name ("OpenSettings"), stable, for object names.
QString actionName(Action action);
/// A human duration: "350 ms", "4 s", "1 min 30 s", "58 min", "1 h 5 min", "2 d 3 h".
/// Rounded up (a wait is never shown shorter than it is); a duration of zero or less is "0 s".
QString durationText(std::chrono::milliseconds duration);
/// Whole seconds, rounded up: what a countdown shows ("4 s" for 3999 ms, "1 s" for 1 ms).
QString secondsText(std::chrono::milliseconds duration);
/// A live countdown: whole seconds (rounded up) with every unit from the largest down to the
/// seconds, so it visibly moves each second however long it is: "12 s", "1 min 0 s",
/// "59 min 58 s", "1 h 2 min 5 s", "1 d 0 h 0 min 1 s". Zero or less is "0 s".
QString countdownText(std::chrono::milliseconds duration);

/// How serious an error looks (the icon and the card's accent); the title's words always
/// say what happened, so colour never carries the meaning alone.
enum class Severity { Information, Warning, Error };
Q_ENUM_NS(Severity)
Severity severity(const ApiError &error);
/// ":/icons/error.svg", ":/icons/warning.svg" or ":/icons/info.svg".
QString iconPath(Severity severity);
/// "Error", "Warning", "Information": the icon's accessible name.
QString severityName(Severity severity);

} // namespace ErrorText

/// Makes the icons in resources/steadfast.qrc available (":/icons/…"). The resources live in
/// the static steadfast_gui library, whose unreferenced objects a linker drops; every widget
/// here calls this before it loads an icon, and so may main(). Idempotent.
void initGuiResources();

} // namespace steadfast
