// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <chrono>

namespace steadfast::ErrorWords {

/// A human duration: "350 ms", "4 s", "1 min 30 s", "58 min", "1 h 5 min", "2 d 3 h".
/// Rounded up (a wait is never shown shorter than it is); a duration of zero or less is "0 s".
/// Translated in the context "ErrorWords", with the plural forms.
QString durationText(std::chrono::milliseconds duration);
/// Whole seconds, rounded up: what a countdown shows ("4 s" for 3999 ms, "1 s" for 1 ms).
QString secondsText(std::chrono::milliseconds duration);
/// A live countdown: whole seconds (rounded up) with every unit from the largest down to the
/// seconds, so it visibly moves each second however long it is: "12 s", "1 min 0 s",
/// "59 min 58 s", "1 h 2 min 5 s", "1 d 0 h 0 min 1 s". Zero or less is "0 s".
QString countdownText(std::chrono::milliseconds duration);

} // namespace steadfast::ErrorWords
