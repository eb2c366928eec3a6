// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QNetworkReply>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

namespace steadfast {

/// One value type for every way a request can end badly (DESIGN.md, "Error taxonomy").
/// It carries the raw facts side by side (transport error, HTTP status, the server's own
/// code and message, hints) and the verdict (kind, retryable). The words users read are
/// written by the front ends from these facts; message is the server's own text or, for
/// local failures, a short technical description (English, for logs and the CLI).
class ApiError
{
    Q_GADGET
public:
    enum class Kind {
        None,
        RateLimited,
        QuotaExceeded,
        Connection,
        Timeout,
        StreamStalled,
        StreamInterrupted,
        RequestTimeout,
        Server,
        InvalidResponse,
        Authentication,
        Permission,
        NotFound,
        Conflict,
        BadRequest,
        Unprocessable,
        Tls,
        ProxyAuthentication, // 407 from a proxy: it asks for a login
        Redirect,            // a redirect to another origin was refused (not in DESIGN.md's table)
        Validation,
        CircuitOpen,
        Cancelled,
    };
    Q_ENUM(Kind)

    /// Which phase of an attempt ran out of time (Timeout and StreamStalled only).
    enum class TimeoutPhase { None, Connect, FirstByte, Idle, Deadline };
    Q_ENUM(TimeoutPhase)

    Kind kind = Kind::None;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    int httpStatus = 0;
    QString code;           // error.code from an OpenAI-shaped body ("insufficient_quota", …)
    QString type;           // error.type from the body
    QString param;          // error.param from the body
    QString message;        // the server's message, or a technical description of a local failure
    QString requestId;      // x-request-id (or a similar header) of the failing reply
    QString host;           // host[:port] the attempt went to, so "cannot reach X" can name it
    QString redirectTarget; // Redirect only: where the server pointed
    TimeoutPhase timeoutPhase = TimeoutPhase::None;      // Timeout / StreamStalled only
    std::chrono::milliseconds timeoutAfter{0};           // the limit that was exceeded
    std::optional<std::chrono::milliseconds> retryAfter; // the server's wait hint, if any
    std::optional<bool> shouldRetryHeader;               // x-should-retry, if sent
    bool retryable = false;                              // the verdict, hints included

    bool isError() const { return kind != Kind::None; }
    /// The conversation is longer than the model accepts: a BadRequest whose code or type is
    /// context_length_exceeded, or whose message speaks of the "maximum context length". The
    /// one rule; the error card and the CLI both read it.
    bool isContextOverflow() const;

    /// The taxonomy's default, before any server hint (ErrorTraits' table).
    static bool isRetryableKind(Kind kind);
    /// Whether an attempt that ended with this kind counts against the circuit breaker:
    /// Connection, Timeout, Stream*, Server, InvalidResponse (DESIGN.md). 4xx and 429 do not.
    /// (ErrorTraits' table.)
    static bool isServiceFailure(Kind kind);
    /// "RateLimited", "Server", … (the enumerator's name; stable, used in JSON events).
    static QString kindName(Kind kind);
    static QString phaseName(TimeoutPhase phase);
    /// "2", "0.3", "1.5": a duration in seconds for technical messages ("within 2 s").
    static QString secondsText(std::chrono::milliseconds duration);

    /// A one-line English summary for logs and the CLI's stderr ("RateLimited (HTTP 429):
    /// Rate limit reached … [request req_123]"). Never contains the API key: the key is
    /// never put into an ApiError in the first place.
    QString summary() const;
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::ApiError)
