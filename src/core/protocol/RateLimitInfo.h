// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>

#include <chrono>
#include <optional>

namespace steadfast {

/// What a reply's x-ratelimit-* headers say about the caller's limits, so the window can show
/// how close the user is to a limit before a 429 arrives. Every field is optional: servers
/// send some, all or none of these headers, and a value that cannot be read is left out.
struct RateLimitInfo
{
    std::optional<qint64> limitRequests;                    // x-ratelimit-limit-requests
    std::optional<qint64> remainingRequests;                // x-ratelimit-remaining-requests
    std::optional<qint64> limitTokens;                      // x-ratelimit-limit-tokens
    std::optional<qint64> remainingTokens;                  // x-ratelimit-remaining-tokens
    std::optional<std::chrono::milliseconds> resetRequests; // x-ratelimit-reset-requests
    std::optional<std::chrono::milliseconds> resetTokens;   // x-ratelimit-reset-tokens

    /// True when no header could be read.
    bool isEmpty() const;

    /// Reads the six headers (names case-insensitive, values trimmed). Counts must be
    /// non-negative integers; resets are read with parseReset(). When a header repeats,
    /// the last readable value wins. Anything else is ignored.
    static RateLimitInfo fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);

    /// Reads a reset header: a Go time.Duration as OpenAI sends it ("1s", "6m0s", "12ms",
    /// "1h2m3.5s", "500us"; parseGoDuration(), rounded up to whole milliseconds), or a plain
    /// number of seconds ("20", "0.5") as some other servers send; surrounding whitespace is
    /// ignored. Negative durations, unknown units, missing units between components,
    /// overflow and other garbage give nullopt.
    static std::optional<std::chrono::milliseconds> parseReset(QByteArrayView text);

    /// For JSON events: limitRequests, remainingRequests, resetRequestsMs, limitTokens,
    /// remainingTokens, resetTokensMs; only the keys whose value is present.
    QJsonObject toJson() const;

    friend bool operator==(const RateLimitInfo &, const RateLimitInfo &) = default;
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::RateLimitInfo)
