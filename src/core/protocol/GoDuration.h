// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

#include <chrono>
#include <optional>

namespace steadfast {

/// Parses a Go time.Duration string as Go's time.ParseDuration reads it and OpenAI sends it
/// (x-ratelimit-reset-*, "Please try again in 6m0s"): "1s", "6m0s", "12ms", "1h2m3.5s",
/// ".5s", "500us", "500µs" (micro sign or Greek mu), "2ns", "0", with an optional leading
/// '+'. Units are case-sensitive (ns, us, µs, μs, ms, s, m, h); components add up in any
/// order. The result is rounded UP to whole milliseconds, so a wait that is not zero never
/// reads as zero ("2ns" -> 1 ms). A wait cannot be negative: a '-' sign gives nullopt, as do
/// an empty text, surrounding whitespace, a missing or unknown unit, and a value past Go's
/// limit (an int64 count of nanoseconds, about 292 years).
std::optional<std::chrono::milliseconds> parseGoDuration(QByteArrayView text);

} // namespace steadfast
