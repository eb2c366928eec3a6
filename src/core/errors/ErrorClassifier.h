// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorBody.h"
#include "core/errors/ResponseHeaders.h"
#include "core/errors/RetryHints.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>

#include <chrono>
#include <optional>

namespace steadfast {

/// Who ended an attempt on purpose when Qt reports OperationCanceledError, which means
/// both "abort() was called" and "the transfer timeout fired" (DESIGN.md, Timeouts).
enum class AbortCause {
    None,      // nobody here asked: the connection went away
    User,      // the user cancelled
    Timeout,   // one of our own phase timers aborted the reply
    BodyLimit, // we stopped reading at a size bound, or at an unreadable stream event
};

/// How one attempt's reply ended, as ChatService saw it: the facts classifyAttempt() needs.
struct AttemptFacts
{
    AbortCause abort = AbortCause::None;
    ApiError::TimeoutPhase timedOutPhase = ApiError::TimeoutPhase::None; // abort == Timeout
    std::chrono::milliseconds timeoutLimit{0};                           // the limit of that phase
    QString host;                                                        // "example.com:8080"
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorString;
    int httpStatus = 0;       // 0: no status line arrived
    bool headersSeen = false; // the response headers were processed
    RawHeaders headers;       // of the response
    QByteArray body;          // the error body (bounded), or a whole JSON reply
    QString requestId;
    bool isStream = false;               // the reply is an event stream
    bool streamComplete = false;         // [DONE] or a finish_reason arrived
    std::optional<ApiError> streamError; // an error event, or an unreadable/oversized event
    qint64 maxReplyBytes = 0;            // the bound behind AbortCause::BodyLimit on a 2xx
};

/// Turns the facts of a failed reply into an ApiError: the verdict. Plain values in, a value
/// out: no QNetworkReply is needed, so every branch is unit-tested. The body is read by
/// ErrorBody, the wait hints by RetryHints; only the response headers they and
/// requestIdFromHeaders() name are read; nothing of the request (least of all the API key)
/// is an input.
namespace ErrorClassifier {

/// The longest text kept in ApiError::message, in UTF-16 units (as in ErrorBody::message).
inline constexpr qsizetype maxMessageLength = ErrorBody::maxMessageLength;
/// Server wait hints are clamped to this (ten years), so absurd values cannot overflow.
inline constexpr std::chrono::milliseconds maxRetryHint = RetryHints::maxHint;

/// A complete HTTP response whose status is not 2xx. body may have been truncated by the
/// caller's bounded read; a truncated JSON body still yields what it can. The result's
/// host and networkError are left for the caller, which knows them.
ApiError classifyHttpStatus(int status, const RawHeaders &headers, const QByteArray &body,
                            const QDateTime &now = QDateTime::currentDateTimeUtc());

/// A transport failure with no usable HTTP status. host ("example.com:8080") is named in
/// the message; cause says who aborted when error is OperationCanceledError. A Timeout's
/// phase stays None: the caller, which owns the timers, fills it in.
ApiError classifyTransport(QNetworkReply::NetworkError error, const QString &errorString,
                           const QString &host, AbortCause cause = AbortCause::None);

/// The verdict on one attempt that did not end in a redirect: nullopt when the reply is a
/// complete success (a finished stream, or a 2xx JSON body read whole, which the caller
/// then parses), otherwise the error, with its status, request id and host filled in.
/// Redirects are routing, not classification: the caller decides them first.
std::optional<ApiError> classifyAttempt(const AttemptFacts &facts,
                                        const QDateTime &now = QDateTime::currentDateTimeUtc());

/// x-request-id, else request-id; trimmed, bounded, printable ASCII only. Empty if none.
QString requestIdFromHeaders(const RawHeaders &headers);

/// The ApiError::code of a Tls error: what the transport's text says went wrong. The
/// certificate's issuer is not trusted (self-signed, unknown or untrusted root, revoked)…
inline constexpr QLatin1StringView tlsUntrustedCode{"tls_untrusted_issuer"};
/// …it was issued for another name…
inline constexpr QLatin1StringView tlsNameMismatchCode{"tls_name_mismatch"};
/// …it has expired, or is not valid yet…
inline constexpr QLatin1StringView tlsExpiredCode{"tls_expired"};
/// …or the handshake itself failed (not TLS at that address, no common protocol, no backend).
inline constexpr QLatin1StringView tlsHandshakeCode{"tls_handshake_failed"};
/// One of the four codes above for a TLS failure's text (QSslError::errorString(), which
/// Qt puts after "SSL handshake failed: "). Matched in English: Qt's network strings are
/// not translated unless an application loads qtbase's catalogue, which Steadfast does not.
QString tlsCode(const QString &errorString);

/// insufficient_quota, billing_hard_limit_reached, credit_balance_exhausted or
/// project_spend_limit_exceeded (any case): a 429 that no amount of waiting fixes.
bool isQuotaCode(const QString &codeOrType);

} // namespace ErrorClassifier

} // namespace steadfast
