// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ResponseHeaders.h"

#include <QDateTime>
#include <QString>

#include <chrono>
#include <optional>

/// What a failed reply says about retrying it: how long the server asks us to wait, and
/// whether it says to retry at all. Plain values in, plain values out.
namespace steadfast::RetryHints {

/// Server wait hints are clamped to this (ten years), so absurd values cannot overflow.
inline constexpr std::chrono::milliseconds maxHint{315'360'000'000};

/// The server's wait hint: retry-after-ms first (fractional milliseconds allowed), then
/// Retry-After as delta-seconds (fractions allowed) or an HTTP-date (IMF-fixdate, RFC 850
/// or asctime; a date not in the future gives 0 ms). A negative or unreadable value gives
/// nothing (an unreadable retry-after-ms falls back to Retry-After). Names are
/// case-insensitive. Rounded up to whole milliseconds, clamped to maxHint.
std::optional<std::chrono::milliseconds> fromHeaders(const RawHeaders &headers,
                                                     const QDateTime &now);

/// A wait hint inside a message: "Please try again in 20s", "in 350ms", "in 1.5s",
/// "in 6m0s", "in 1m30s" (Go durations, any case) or "Please retry after 6 seconds" (Azure).
/// Rounded up to whole milliseconds, clamped to maxHint.
std::optional<std::chrono::milliseconds> fromMessage(const QString &message);

/// x-should-retry: "true" or "false" (any case); anything else, or none, gives nothing.
std::optional<bool> shouldRetry(const RawHeaders &headers);

} // namespace steadfast::RetryHints
