// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorClassifier.h"

#include "core/EnumNames.h"
#include "core/errors/ErrorTraits.h"
#include "core/errors/SafeText.h"

#include <array>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

using Kind = ApiError::Kind;

constexpr qsizetype maxRequestIdLength = 128;

Kind kindForStatus(int status, const ErrorBody &body)
{
    switch (status) {
    case 400:
        return Kind::BadRequest;
    case 401:
        return Kind::Authentication;
    case 403:
        return Kind::Permission;
    case 404:
        return Kind::NotFound;
    case 407:
        return Kind::ProxyAuthentication;
    case 408:
        return Kind::RequestTimeout;
    case 409:
        return Kind::Conflict;
    case 422:
        return Kind::Unprocessable;
    case 429:
        return ErrorClassifier::isQuotaCode(body.code) || ErrorClassifier::isQuotaCode(body.type)
                ? Kind::QuotaExceeded
                : Kind::RateLimited;
    default:
        break;
    }
    if (status >= 400 && status <= 499)
        return Kind::BadRequest;
    if (status >= 500 && status <= 599)
        return Kind::Server;
    return Kind::InvalidResponse; // 1xx, 3xx, 2xx by mistake, nonsense
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return u"Bad Request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"Not Found"_s;
    case 405:
        return u"Method Not Allowed"_s;
    case 408:
        return u"Request Timeout"_s;
    case 409:
        return u"Conflict"_s;
    case 413:
        return u"Content Too Large"_s;
    case 422:
        return u"Unprocessable Content"_s;
    case 429:
        return u"Too Many Requests"_s;
    case 500:
        return u"Internal Server Error"_s;
    case 501:
        return u"Not Implemented"_s;
    case 502:
        return u"Bad Gateway"_s;
    case 503:
        return u"Service Unavailable"_s;
    case 504:
        return u"Gateway Timeout"_s;
    default:
        return {};
    }
}

QString describeHttpFailure(int status, const QByteArray &body, const ErrorBody &parsed)
{
    if (parsed.html) {
        const QString page = u"the server sent an HTML error page"_s;
        return parsed.message.isEmpty() ? page : page + u": "_s + parsed.message;
    }
    if (!parsed.message.isEmpty())
        return parsed.message;
    if (SafeText::stripBomAndLeadingSpace(body).isEmpty())
        return u"HTTP %1 with an empty body"_s.arg(status);
    const QString phrase = reasonPhrase(status);
    return phrase.isEmpty() ? u"HTTP %1"_s.arg(status) : u"HTTP %1 %2"_s.arg(status).arg(phrase);
}

/// The verdict for a transport failure: a switch over every NetworkError with no default,
/// so -Wswitch names any value a new Qt adds.
Kind kindForNetworkError(QNetworkReply::NetworkError error, const QString &errorString,
                         AbortCause cause)
{
    switch (error) {
    case QNetworkReply::NoError:
        // Nothing failed in transport, yet no usable status: unreadable unless we aborted.
        switch (cause) {
        case AbortCause::User:
            return Kind::Cancelled;
        case AbortCause::Timeout:
            return Kind::Timeout;
        case AbortCause::None:
        case AbortCause::BodyLimit:
            return Kind::InvalidResponse;
        }
        return Kind::InvalidResponse;
    case QNetworkReply::OperationCanceledError:
        // abort() and QNetworkRequest's transfer timeout end a reply alike; only the caller
        // knows which it was. An abort nobody asked for is a dropped connection.
        switch (cause) {
        case AbortCause::User:
            return Kind::Cancelled;
        case AbortCause::Timeout:
            return Kind::Timeout;
        case AbortCause::BodyLimit:
            return Kind::InvalidResponse; // we stopped reading something unacceptable
        case AbortCause::None:
            return Kind::Connection;
        }
        return Kind::Connection;
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
    case QNetworkReply::ContentReSendError: // the connection dropped and Qt could not resend
        return Kind::Connection;
    case QNetworkReply::UnknownNetworkError:
        // Qt reports a TLS backend that cannot start (no OpenSSL) this way.
        for (QLatin1StringView word : {"TLS"_L1, "SSL"_L1, "certificate"_L1}) {
            if (errorString.contains(word, Qt::CaseInsensitive))
                return Kind::Tls;
        }
        return Kind::Connection;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return Kind::ProxyAuthentication;
    case QNetworkReply::TimeoutError:
        return Kind::Timeout;
    case QNetworkReply::SslHandshakeFailedError:
        return Kind::Tls;
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return Kind::Redirect;
    // Content errors come with an HTTP status, which classifyHttpStatus reads first; here
    // they are mapped as that status would be.
    case QNetworkReply::ContentAccessDenied:
        return Kind::Permission;
    case QNetworkReply::ContentOperationNotPermittedError:
        return Kind::BadRequest;
    case QNetworkReply::ContentNotFoundError:
    case QNetworkReply::ContentGoneError:
        return Kind::NotFound;
    case QNetworkReply::AuthenticationRequiredError:
        return Kind::Authentication;
    case QNetworkReply::ContentConflictError:
        return Kind::Conflict;
    case QNetworkReply::UnknownContentError:
        return Kind::BadRequest;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return Kind::InvalidResponse;
    case QNetworkReply::InternalServerError:
    case QNetworkReply::OperationNotImplementedError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return Kind::Server;
    }
    return Kind::Connection; // a value outside the enum: treat as an unreachable server
}

bool isLostConnection(QNetworkReply::NetworkError error)
{
    return error == QNetworkReply::RemoteHostClosedError
            || error == QNetworkReply::OperationCanceledError
            || error == QNetworkReply::ContentReSendError;
}

QString describeTransportFailure(Kind kind, QNetworkReply::NetworkError error,
                                 const QString &errorString, const QString &host, AbortCause cause)
{
    const QString where = host.isEmpty() ? u"the server"_s : host;
    QString detail = SafeText::clean(errorString, ErrorClassifier::maxMessageLength / 2);
    if (detail.isEmpty()) {
        detail = enumName(error);
        if (detail.isEmpty())
            detail = u"network error %1"_s.arg(int(error));
    }
    if (kind == Kind::Connection && isLostConnection(error))
        return u"the connection to %1 was lost: %2"_s.arg(where, detail);
    if (kind == Kind::Timeout && cause == AbortCause::Timeout)
        return u"the attempt to reach %1 ran out of time"_s.arg(where);
    // The kind's words (ErrorTraits): %1 where, %2 the detail, either or both may be absent.
    const char *words = ErrorTraits::of(kind).transportFailure;
    return QString::fromLatin1(words ? words : "%1 refused the request: %2")
            .replace(u"%1"_s, where)
            .replace(u"%2"_s, detail);
}

} // namespace

namespace ErrorClassifier {

QString requestIdFromHeaders(const RawHeaders &headers)
{
    for (const QByteArrayView name :
         {QByteArrayView("x-request-id"), QByteArrayView("request-id")}) {
        const auto value = headerValue(headers, name);
        if (!value)
            continue;
        QString id;
        for (const char c : *value) {
            if (c >= 0x20 && c <= 0x7e) // printable ASCII; a request id needs nothing else
                id += QLatin1Char(c);
            if (id.size() >= maxRequestIdLength)
                break;
        }
        id = id.trimmed();
        if (!id.isEmpty())
            return id;
    }
    return {};
}

bool isQuotaCode(const QString &codeOrType)
{
    const QString trimmed = codeOrType.trimmed();
    for (QLatin1StringView code :
         {"insufficient_quota"_L1, "billing_hard_limit_reached"_L1, "credit_balance_exhausted"_L1,
          "project_spend_limit_exceeded"_L1}) {
        if (trimmed.compare(code, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

ApiError classifyHttpStatus(int status, const RawHeaders &headers, const QByteArray &body,
                            const QDateTime &now)
{
    const ErrorBody parsed = ErrorBody::parse(body);
    ApiError error;
    error.kind = kindForStatus(status, parsed);
    error.httpStatus = status;
    error.code = parsed.code;
    error.type = parsed.type;
    error.param = parsed.param;
    error.message = SafeText::clean(describeHttpFailure(status, body, parsed), maxMessageLength);
    error.requestId = requestIdFromHeaders(headers);
    error.retryAfter = RetryHints::fromHeaders(headers, now);
    if (!error.retryAfter && error.kind == Kind::RateLimited)
        error.retryAfter = RetryHints::fromMessage(parsed.message);
    error.shouldRetryHeader = RetryHints::shouldRetry(headers);
    // The header overrides the table both ways, as in the official SDKs.
    error.retryable = error.shouldRetryHeader.value_or(ApiError::isRetryableKind(error.kind));
    return error;
}

ApiError classifyTransport(QNetworkReply::NetworkError networkError, const QString &errorString,
                           const QString &host, AbortCause cause)
{
    ApiError error;
    error.kind = kindForNetworkError(networkError, errorString, cause);
    error.networkError = networkError;
    error.host = host;
    error.message = describeTransportFailure(error.kind, networkError, errorString, host, cause);
    if (error.kind == Kind::Tls)
        error.code = tlsCode(errorString);
    error.retryable = ApiError::isRetryableKind(error.kind);
    return error;
}

QString tlsCode(const QString &errorString)
{
    // QSslError::errorString()'s texts (qsslerror.cpp), by what the user can do about them.
    static const std::array<std::pair<QLatin1StringView, QLatin1StringView>, 12> phrases{{
            {"did not match any of the valid hosts"_L1, tlsNameMismatchCode},
            {"has expired"_L1, tlsExpiredCode},
            {"not yet valid"_L1, tlsExpiredCode},
            {"self-signed"_L1, tlsUntrustedCode},
            {"issuer certificate"_L1, tlsUntrustedCode},
            {"not trusted"_L1, tlsUntrustedCode},
            {"untrusted"_L1, tlsUntrustedCode},
            {"has been revoked"_L1, tlsUntrustedCode},
            {"marked to reject"_L1, tlsUntrustedCode},
            {"no certificates could be verified"_L1, tlsUntrustedCode},
            {"invalid ca certificate"_L1, tlsUntrustedCode},
            {"certificate signature could not be decrypted"_L1, tlsUntrustedCode},
    }};
    for (const auto &[phrase, code] : phrases) {
        if (errorString.contains(phrase, Qt::CaseInsensitive))
            return code;
    }
    return tlsHandshakeCode;
}

std::optional<ApiError> classifyAttempt(const AttemptFacts &facts, const QDateTime &now)
{
    const auto local = [&facts](Kind kind, const QString &message) {
        ApiError error;
        error.kind = kind;
        error.message = message;
        error.host = facts.host;
        error.httpStatus = facts.httpStatus;
        error.requestId = facts.requestId;
        error.retryable = ApiError::isRetryableKind(kind);
        return error;
    };
    const bool success = facts.httpStatus >= 200 && facts.httpStatus < 300;
    switch (facts.abort) {
    case AbortCause::User:
        return local(Kind::Cancelled, u"cancelled by the user"_s);
    case AbortCause::Timeout: {
        const bool inStream =
                facts.timedOutPhase == ApiError::TimeoutPhase::Idle && facts.isStream && success;
        if (inStream && facts.streamComplete)
            return std::nullopt; // complete; the server merely kept the connection open
        ApiError error = local(inStream ? Kind::StreamStalled : Kind::Timeout, {});
        error.timeoutPhase = facts.timedOutPhase;
        error.timeoutAfter = facts.timeoutLimit;
        const QString limit = ApiError::secondsText(facts.timeoutLimit);
        switch (facts.timedOutPhase) {
        case ApiError::TimeoutPhase::Connect:
            error.message =
                    u"could not send the request to %1 within %2 s"_s.arg(facts.host, limit);
            break;
        case ApiError::TimeoutPhase::FirstByte:
            error.message = u"%1 did not start answering within %2 s"_s.arg(facts.host, limit);
            break;
        case ApiError::TimeoutPhase::Idle:
            error.message =
                    u"%1 sent nothing for %2 s in the middle of the reply"_s.arg(facts.host, limit);
            break;
        case ApiError::TimeoutPhase::Deadline:
            error.message = u"the exchange with %1 passed its overall deadline of %2 s"_s.arg(
                    facts.host, limit);
            break;
        case ApiError::TimeoutPhase::None:
            error.message = u"the attempt to reach %1 ran out of time"_s.arg(facts.host);
            break;
        }
        return error;
    }
    case AbortCause::None:
    case AbortCause::BodyLimit:
        break;
    }
    if (facts.httpStatus > 0 && !success) {
        ApiError error = classifyHttpStatus(facts.httpStatus, facts.headers, facts.body, now);
        error.host = facts.host;
        return error;
    }
    if (facts.httpStatus == 0 || !facts.headersSeen) {
        if (facts.networkError == QNetworkReply::NoError)
            return local(Kind::InvalidResponse,
                         u"the reply from %1 had no HTTP status"_s.arg(facts.host));
        return classifyTransport(facts.networkError, facts.errorString, facts.host, facts.abort);
    }
    // 2xx.
    if (facts.isStream) {
        if (facts.streamError) {
            // An error event, or an unreadable or oversized one: name this reply's status
            // and request id, as a non-streamed error does.
            ApiError error = *facts.streamError;
            error.httpStatus = facts.httpStatus;
            error.requestId = facts.requestId;
            if (error.host.isEmpty())
                error.host = facts.host;
            return error;
        }
        if (facts.streamComplete)
            return std::nullopt;
        return local(
                Kind::StreamInterrupted,
                facts.networkError == QNetworkReply::NoError
                        ? u"the stream from %1 ended before it was complete"_s.arg(facts.host)
                        : u"the stream from %1 broke off: %2"_s.arg(facts.host, facts.errorString));
    }
    if (facts.abort == AbortCause::BodyLimit)
        return local(Kind::InvalidResponse,
                     u"the reply is larger than %1 bytes"_s.arg(facts.maxReplyBytes));
    if (facts.networkError != QNetworkReply::NoError) {
        // The body was cut off after a success status: the connection was lost.
        ApiError error = classifyTransport(facts.networkError, facts.errorString, facts.host);
        error.httpStatus = facts.httpStatus;
        error.requestId = facts.requestId;
        return error;
    }
    return std::nullopt;
}

} // namespace ErrorClassifier

} // namespace steadfast
