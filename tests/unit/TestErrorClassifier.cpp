// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorClassifier.h"
#include "support/OpenAiErrorBody.h"
#include "support/RetryHintValues.h"

#include <QMetaEnum>
#include <QTest>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Kind = ApiError::Kind;

Q_DECLARE_METATYPE(steadfast::AbortCause)
Q_DECLARE_METATYPE(steadfast::AttemptFacts)

class TestErrorClassifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classifyHttpStatus_data();
    void classifyHttpStatus();
    void shouldRetryOverrides_data();
    void shouldRetryOverrides();
    void quotaCodes_data();
    void quotaCodes();
    void isQuotaCode_data();
    void isQuotaCode();
    void classifyTransport_data();
    void classifyTransport();
    void everyNetworkErrorHasAVerdict();
    void classifyAttempt_data();
    void classifyAttempt();
    void requestIdFromHeaders_data();
    void requestIdFromHeaders();
    void hugeBodies_data();
    void hugeBodies();
    void otherResponseHeadersNeverReachTheResult();
};

void TestErrorClassifier::classifyHttpStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<RawHeaders>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("messageFragment");
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<qint64>("retryAfterMs");

    const QByteArray rateLimit = openAiError(
            "Rate limit reached for gpt-4o in organization org-1 on requests per min (RPM): "
            "Limit 3, Used 3, Requested 1. Please try again in 20s.",
            "requests", "rate_limit_exceeded");

    QTest::newRow("RateLimited: 429, hint in the message")
            << 429 << RawHeaders{{"x-request-id", "req_429"}} << rateLimit << Kind::RateLimited
            << true << u"rate_limit_exceeded"_s << u"Rate limit reached for gpt-4o"_s
            << u"req_429"_s << qint64(20'000);
    QTest::newRow("RateLimited: 429, Retry-After beats the message")
            << 429 << RawHeaders{{"Retry-After", "3"}} << rateLimit << Kind::RateLimited << true
            << u"rate_limit_exceeded"_s << u"Please try again in 20s."_s << QString()
            << qint64(3000);
    QTest::newRow("RateLimited: 429, Azure's 'retry after N seconds'")
            << 429 << RawHeaders{}
            << QByteArray(R"({"error":{"code":"429","message":"Requests to the ChatCompletions_)"
                          R"(Create Operation have exceeded token rate limit of your current )"
                          R"(pricing tier. Please retry after 6 seconds."}})")
            << Kind::RateLimited << true << u"429"_s << u"exceeded token rate limit"_s << QString()
            << qint64(6000);
    QTest::newRow("RateLimited: 429, no hint anywhere")
            << 429 << RawHeaders{} << QByteArray("Too Many Requests") << Kind::RateLimited << true
            << QString() << u"Too Many Requests"_s << QString() << noHint;
    QTest::newRow("QuotaExceeded: 429 insufficient_quota, message hint ignored")
            << 429 << RawHeaders{{"x-request-id", "req_q"}}
            << openAiError("You exceeded your current quota, please check your plan and billing "
                           "details. Please try again in 20s.",
                           "insufficient_quota", "insufficient_quota")
            << Kind::QuotaExceeded << false << u"insufficient_quota"_s
            << u"exceeded your current quota"_s << u"req_q"_s << noHint;
    QTest::newRow("QuotaExceeded: 429 with Retry-After keeps the hint as a fact")
            << 429 << RawHeaders{{"retry-after", "30"}}
            << openAiError("Billing hard limit has been reached", "billing_error",
                           "billing_hard_limit_reached")
            << Kind::QuotaExceeded << false << u"billing_hard_limit_reached"_s
            << u"Billing hard limit"_s << QString() << qint64(30'000);
    QTest::newRow("ProxyAuthentication: 407, empty body")
            << 407 << RawHeaders{} << QByteArray() << Kind::ProxyAuthentication << false
            << QString() << u"HTTP 407 with an empty body"_s << QString() << noHint;
    QTest::newRow("RequestTimeout: 408, empty body")
            << 408 << RawHeaders{} << QByteArray() << Kind::RequestTimeout << true << QString()
            << u"HTTP 408 with an empty body"_s << QString() << noHint;
    QTest::newRow("Server: 500, OpenAI body, request-id header")
            << 500 << RawHeaders{{"request-id", "req_500"}}
            << openAiError("The server had an error while processing your request. Sorry about "
                           "that!",
                           "server_error", nullptr)
            << Kind::Server << true << QString() << u"The server had an error"_s << u"req_500"_s
            << noHint;
    QTest::newRow("Server: 502, nginx HTML page")
            << 502 << RawHeaders{{"Content-Type", "text/html"}}
            << QByteArray("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                          "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3"
                          "</center>\r\n</body>\r\n</html>\r\n")
            << Kind::Server << true << QString()
            << u"the server sent an HTML error page: 502 Bad Gateway"_s << QString() << noHint;
    QTest::newRow("Server: 503, plain text, Retry-After")
            << 503 << RawHeaders{{"Retry-After", "120"}} << QByteArray("Service Unavailable\n")
            << Kind::Server << true << QString() << u"Service Unavailable"_s << QString()
            << qint64(120'000);
    QTest::newRow("Server: 503, a message hint counts only for 429")
            << 503 << RawHeaders{}
            << openAiError("Overloaded. Please try again in 20s.", "server_error", nullptr)
            << Kind::Server << true << QString() << u"Overloaded"_s << QString() << noHint;
    QTest::newRow("Server: 503, llama.cpp loading, numeric code")
            << 503 << RawHeaders{}
            << QByteArray(R"({"error":{"code":503,"message":"Loading model",)"
                          R"("type":"unavailable_error"}})")
            << Kind::Server << true << u"503"_s << u"Loading model"_s << QString() << noHint;
    QTest::newRow("Server: 504, empty body")
            << 504 << RawHeaders{} << QByteArray("  \r\n") << Kind::Server << true << QString()
            << u"HTTP 504 with an empty body"_s << QString() << noHint;
    QTest::newRow("Server: 529, Anthropic-style overloaded")
            << 529 << RawHeaders{}
            << QByteArray(R"({"type":"error","error":{"type":"overloaded_error",)"
                          R"("message":"Overloaded"}})")
            << Kind::Server << true << QString() << u"Overloaded"_s << QString() << noHint;
    QTest::newRow("Server: 599") << 599 << RawHeaders{} << QByteArray() << Kind::Server << true
                                 << QString() << u"HTTP 599"_s << QString() << noHint;
    QTest::newRow("Server: 500, JSON without a message")
            << 500 << RawHeaders{} << QByteArray(R"({"error":{"code":"boom"}})") << Kind::Server
            << true << u"boom"_s << u"HTTP 500 Internal Server Error"_s << QString() << noHint;
    QTest::newRow("Authentication: 401")
            << 401 << RawHeaders{{"X-Request-Id", "req_401"}}
            << openAiError("Incorrect API key provided: sk-abc***xyz. You can find your API key "
                           "at https://platform.openai.com/account/api-keys.",
                           "invalid_request_error", "invalid_api_key")
            << Kind::Authentication << false << u"invalid_api_key"_s
            << u"Incorrect API key provided"_s << u"req_401"_s << noHint;
    QTest::newRow("Permission: 403")
            << 403 << RawHeaders{}
            << openAiError("Country, region, or territory not supported", "request_forbidden",
                           "unsupported_country_region_territory")
            << Kind::Permission << false << u"unsupported_country_region_territory"_s
            << u"territory not supported"_s << QString() << noHint;
    QTest::newRow("NotFound: 404, OpenAI model")
            << 404 << RawHeaders{}
            << openAiError("The model `gpt-9` does not exist or you do not have access to it.",
                           "invalid_request_error", "model_not_found")
            << Kind::NotFound << false << u"model_not_found"_s << u"`gpt-9` does not exist"_s
            << QString() << noHint;
    QTest::newRow("NotFound: 404, Ollama")
            << 404 << RawHeaders{}
            << QByteArray(R"({"error":"model \"llama9\" not found, try pulling it first"})")
            << Kind::NotFound << false << QString() << u"model \"llama9\" not found"_s << QString()
            << noHint;
    QTest::newRow("Conflict: 409") << 409 << RawHeaders{}
                                   << openAiError("Another request is already running",
                                                  "invalid_request_error", "conflict")
                                   << Kind::Conflict << false << u"conflict"_s
                                   << u"already running"_s << QString() << noHint;
    QTest::newRow("BadRequest: 400 context_length_exceeded keeps the message")
            << 400 << RawHeaders{{"x-request-id", "req_400"}}
            << openAiError("This model's maximum context length is 128000 tokens. However, your "
                           "messages resulted in 130000 tokens. Please reduce the length of the "
                           "messages.",
                           "invalid_request_error", "context_length_exceeded", "messages")
            << Kind::BadRequest << false << u"context_length_exceeded"_s
            << u"maximum context length is 128000 tokens"_s << u"req_400"_s << noHint;
    QTest::newRow("BadRequest: 400, vLLM numeric code")
            << 400 << RawHeaders{}
            << QByteArray(R"({"object":"error","message":"max_tokens must be at least 1",)"
                          R"("type":"BadRequestError","param":null,"code":400})")
            << Kind::BadRequest << false << u"400"_s << u"max_tokens must be at least 1"_s
            << QString() << noHint;
    QTest::newRow("BadRequest: other 4xx (413)")
            << 413 << RawHeaders{} << QByteArray("Request Entity Too Large") << Kind::BadRequest
            << false << QString() << u"Request Entity Too Large"_s << QString() << noHint;
    QTest::newRow("BadRequest: other 4xx (405), empty")
            << 405 << RawHeaders{} << QByteArray() << Kind::BadRequest << false << QString()
            << u"HTTP 405 with an empty body"_s << QString() << noHint;
    QTest::newRow("Unprocessable: 422, FastAPI detail list")
            << 422 << RawHeaders{}
            << QByteArray(R"({"detail":[{"loc":["body","messages",0,"content"],)"
                          R"("msg":"field required","type":"value_error.missing"}]})")
            << Kind::Unprocessable << false << QString()
            << u"body.messages.0.content: field required"_s << QString() << noHint;
    QTest::newRow("InvalidResponse: 302 that reached the classifier")
            << 302 << RawHeaders{{"Location", "https://elsewhere.example/"}} << QByteArray()
            << Kind::InvalidResponse << true << QString() << u"HTTP 302 with an empty body"_s
            << QString() << noHint;
    QTest::newRow("InvalidResponse: 101")
            << 101 << RawHeaders{} << QByteArray("x") << Kind::InvalidResponse << true << QString()
            << u"x"_s << QString() << noHint;
    QTest::newRow("InvalidResponse: 600")
            << 600 << RawHeaders{} << QByteArray() << Kind::InvalidResponse << true << QString()
            << u"HTTP 600"_s << QString() << noHint;
}

void TestErrorClassifier::classifyHttpStatus()
{
    QFETCH(int, status);
    QFETCH(RawHeaders, headers);
    QFETCH(QByteArray, body);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    QFETCH(QString, code);
    QFETCH(QString, messageFragment);
    QFETCH(QString, requestId);
    QFETCH(qint64, retryAfterMs);

    const ApiError error = ErrorClassifier::classifyHttpStatus(status, headers, body, fixedNow);
    QCOMPARE(error.kind, kind);
    QVERIFY(error.isError());
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.code, code);
    QVERIFY2(error.message.contains(messageFragment), qPrintable(error.message));
    QCOMPARE(error.requestId, requestId);
    QCOMPARE(hintMs(error.retryAfter), retryAfterMs);
    QVERIFY(!error.shouldRetryHeader.has_value());
    QCOMPARE(error.networkError, QNetworkReply::NoError);
    QVERIFY(error.message.size() <= ErrorClassifier::maxMessageLength);
}

void TestErrorClassifier::shouldRetryOverrides_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<int>("headerVerdict"); // -1 none, 0 false, 1 true

    const QByteArray quota = openAiError("You exceeded your current quota", "insufficient_quota",
                                         "insufficient_quota");
    const QByteArray rate = openAiError("Rate limit reached", "requests", "rate_limit_exceeded");

    QTest::newRow("500, false") << 500 << QByteArray("false") << QByteArray() << Kind::Server
                                << false << 0;
    QTest::newRow("500, true") << 500 << QByteArray("true") << QByteArray() << Kind::Server << true
                               << 1;
    QTest::newRow("500, garbage leaves the table")
            << 500 << QByteArray("maybe") << QByteArray() << Kind::Server << true << -1;
    QTest::newRow("400, true") << 400 << QByteArray("true") << QByteArray() << Kind::BadRequest
                               << true << 1;
    QTest::newRow("400, FALSE") << 400 << QByteArray("FALSE") << QByteArray() << Kind::BadRequest
                                << false << 0;
    QTest::newRow("429 rate, false")
            << 429 << QByteArray("false") << rate << Kind::RateLimited << false << 0;
    QTest::newRow("429 rate, True")
            << 429 << QByteArray("True") << rate << Kind::RateLimited << true << 1;
    QTest::newRow("429 quota, true")
            << 429 << QByteArray("true") << quota << Kind::QuotaExceeded << true << 1;
    QTest::newRow("429 quota, false")
            << 429 << QByteArray("false") << quota << Kind::QuotaExceeded << false << 0;
    QTest::newRow("401, true") << 401 << QByteArray("true") << QByteArray() << Kind::Authentication
                               << true << 1;
    QTest::newRow("408, false") << 408 << QByteArray("false") << QByteArray()
                                << Kind::RequestTimeout << false << 0;
}

void TestErrorClassifier::shouldRetryOverrides()
{
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    QFETCH(int, headerVerdict);

    const RawHeaders headers{{"X-Should-Retry", header}};
    const ApiError error = ErrorClassifier::classifyHttpStatus(status, headers, body, fixedNow);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.shouldRetryHeader.has_value(), headerVerdict >= 0);
    if (headerVerdict >= 0)
        QCOMPARE(*error.shouldRetryHeader, headerVerdict == 1);
}

void TestErrorClassifier::quotaCodes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Kind>("kind");

    for (const char *quota : {"insufficient_quota", "billing_hard_limit_reached",
                              "credit_balance_exhausted", "project_spend_limit_exceeded"}) {
        QTest::addRow("429, code %s", quota)
                << 429 << openAiError("no more money", "billing", quota) << Kind::QuotaExceeded;
        QTest::addRow("429, type %s", quota)
                << 429 << openAiError("no more money", quota, nullptr) << Kind::QuotaExceeded;
        QTest::addRow("429, upper-case code %s", quota)
                << 429
                << openAiError("no more money", nullptr, QByteArray(quota).toUpper().constData())
                << Kind::QuotaExceeded;
        // Quota is a verdict on 429s only; other statuses keep their own kind.
        QTest::addRow("403, code %s", quota)
                << 403 << openAiError("no more money", "billing", quota) << Kind::Permission;
        QTest::addRow("400, code %s", quota)
                << 400 << openAiError("no more money", "billing", quota) << Kind::BadRequest;
    }
    QTest::newRow("429, rate_limit_exceeded")
            << 429 << openAiError("slow down", "requests", "rate_limit_exceeded")
            << Kind::RateLimited;
    QTest::newRow("429, quota only in the message")
            << 429 << openAiError("insufficient_quota", "requests", "rate_limit_exceeded")
            << Kind::RateLimited;
    QTest::newRow("429, quota code in a body cut short")
            << 429
            << QByteArray(R"({"error":{"message":"You exceeded your current quota","type":)"
                          R"("insufficient_quota","param":null,"code":"insuff)")
            << Kind::QuotaExceeded;
}

void TestErrorClassifier::quotaCodes()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Kind, kind);

    const ApiError error = ErrorClassifier::classifyHttpStatus(status, {}, body, fixedNow);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.retryable, ApiError::isRetryableKind(kind));
    if (kind == Kind::QuotaExceeded)
        QVERIFY(!error.retryable);
}

void TestErrorClassifier::isQuotaCode_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("quota");

    QTest::newRow("insufficient_quota") << u"insufficient_quota"_s << true;
    QTest::newRow("billing_hard_limit_reached") << u"billing_hard_limit_reached"_s << true;
    QTest::newRow("credit_balance_exhausted") << u"credit_balance_exhausted"_s << true;
    QTest::newRow("project_spend_limit_exceeded") << u"project_spend_limit_exceeded"_s << true;
    QTest::newRow("any case, padded") << u" Insufficient_Quota "_s << true;
    QTest::newRow("rate_limit_exceeded") << u"rate_limit_exceeded"_s << false;
    QTest::newRow("a prefix") << u"insufficient_quota_soon"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestErrorClassifier::isQuotaCode()
{
    QFETCH(QString, code);
    QFETCH(bool, quota);
    QCOMPARE(ErrorClassifier::isQuotaCode(code), quota);
}

void TestErrorClassifier::classifyTransport_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("networkError");
    QTest::addColumn<QString>("errorString");
    QTest::addColumn<AbortCause>("cause");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<QString>("messageFragment");

    using E = QNetworkReply;
    const auto row = [](const char *name, E::NetworkError error, const QString &text,
                        AbortCause cause, Kind kind, const QString &fragment) {
        QTest::newRow(name) << error << text << cause << kind << ApiError::isRetryableKind(kind)
                            << fragment;
    };
    const auto none = AbortCause::None;
    const QString host = u"api.example.com:8443"_s;

    row("refused", E::ConnectionRefusedError, u"Connection refused"_s, none, Kind::Connection,
        u"cannot connect to api.example.com:8443: Connection refused"_s);
    row("remote closed", E::RemoteHostClosedError, u"Remote host closed the connection"_s, none,
        Kind::Connection, u"the connection to api.example.com:8443 was lost"_s);
    row("DNS", E::HostNotFoundError, u"Host api.example.com not found"_s, none, Kind::Connection,
        u"cannot connect to api.example.com:8443: Host api.example.com not found"_s);
    row("temporary failure", E::TemporaryNetworkFailureError, u"Temporary failure"_s, none,
        Kind::Connection, u"cannot connect to "_s + host);
    row("session failed", E::NetworkSessionFailedError, u"Network session error."_s, none,
        Kind::Connection, u"cannot connect to "_s + host);
    row("background not allowed", E::BackgroundRequestNotAllowedError, QString(), none,
        Kind::Connection, u"BackgroundRequestNotAllowedError"_s);
    row("unknown network", E::UnknownNetworkError, u"Network unreachable"_s, none, Kind::Connection,
        u"Network unreachable"_s);
    row("unknown network, TLS cannot start", E::UnknownNetworkError, u"TLS initialization failed"_s,
        none, Kind::Tls, u"TLS initialization failed"_s);
    row("proxy refused", E::ProxyConnectionRefusedError, u"Proxy refused"_s, none, Kind::Connection,
        u"Proxy refused"_s);
    row("proxy closed", E::ProxyConnectionClosedError, u"Proxy closed"_s, none, Kind::Connection,
        u"Proxy closed"_s);
    row("proxy not found", E::ProxyNotFoundError, u"Proxy not found"_s, none, Kind::Connection,
        u"Proxy not found"_s);
    row("proxy timeout", E::ProxyTimeoutError, u"Proxy timed out"_s, none, Kind::Connection,
        u"Proxy timed out"_s);
    row("proxy auth", E::ProxyAuthenticationRequiredError, u"Proxy requires authentication"_s, none,
        Kind::ProxyAuthentication,
        u"the proxy on the way to api.example.com:8443 asks for a login: Proxy requires "
        u"authentication"_s);
    row("unknown proxy", E::UnknownProxyError, u"Proxy error"_s, none, Kind::Connection,
        u"Proxy error"_s);
    row("resend failed", E::ContentReSendError, u"Could not resend"_s, none, Kind::Connection,
        u"was lost"_s);
    row("timeout", E::TimeoutError, u"Socket operation timed out"_s, none, Kind::Timeout,
        u"did not answer in time: Socket operation timed out"_s);
    row("cancelled by the user", E::OperationCanceledError, u"Operation canceled"_s,
        AbortCause::User, Kind::Cancelled, u"cancelled by the user"_s);
    row("aborted by our timer", E::OperationCanceledError, u"Operation canceled"_s,
        AbortCause::Timeout, Kind::Timeout, u"ran out of time"_s);
    row("aborted by nobody", E::OperationCanceledError, u"Operation canceled"_s, none,
        Kind::Connection, u"the connection to api.example.com:8443 was lost"_s);
    row("TLS handshake", E::SslHandshakeFailedError, u"The certificate has expired"_s, none,
        Kind::Tls, u"secure connection to api.example.com:8443 failed: The certificate"_s);
    row("too many redirects", E::TooManyRedirectsError, u"Too many redirects"_s, none,
        Kind::Redirect, u"Too many redirects"_s);
    row("insecure redirect", E::InsecureRedirectError, u"Insecure redirect"_s, none, Kind::Redirect,
        u"Insecure redirect"_s);
    row("access denied", E::ContentAccessDenied, u"denied"_s, none, Kind::Permission, u"denied"_s);
    row("not permitted", E::ContentOperationNotPermittedError, u"not allowed"_s, none,
        Kind::BadRequest, u"not allowed"_s);
    row("not found", E::ContentNotFoundError, u"not found"_s, none, Kind::NotFound, u"not found"_s);
    row("gone", E::ContentGoneError, u"gone"_s, none, Kind::NotFound, u"gone"_s);
    row("authentication", E::AuthenticationRequiredError, u"auth"_s, none, Kind::Authentication,
        u"auth"_s);
    row("conflict", E::ContentConflictError, u"conflict"_s, none, Kind::Conflict, u"conflict"_s);
    row("unknown content", E::UnknownContentError, u"content"_s, none, Kind::BadRequest,
        u"content"_s);
    row("protocol unknown", E::ProtocolUnknownError, u"Protocol \"ftp\" is unknown"_s, none,
        Kind::InvalidResponse, u"could not be read"_s);
    row("protocol invalid operation", E::ProtocolInvalidOperationError, u"invalid"_s, none,
        Kind::InvalidResponse, u"invalid"_s);
    row("protocol failure", E::ProtocolFailure, u"Invalid HTTP response"_s, none,
        Kind::InvalidResponse, u"Invalid HTTP response"_s);
    row("internal server", E::InternalServerError, u"Internal"_s, none, Kind::Server,
        u"reported a server error"_s);
    row("not implemented", E::OperationNotImplementedError, u"ni"_s, none, Kind::Server, u"ni"_s);
    row("unavailable", E::ServiceUnavailableError, u"unavailable"_s, none, Kind::Server,
        u"unavailable"_s);
    row("unknown server", E::UnknownServerError, u"unknown"_s, none, Kind::Server, u"unknown"_s);
    row("no error, no status", E::NoError, QString(), none, Kind::InvalidResponse,
        u"could not be read"_s);
    row("no error, user abort", E::NoError, QString(), AbortCause::User, Kind::Cancelled,
        u"cancelled"_s);
    row("timeout with user cause stays a timeout", E::TimeoutError, u"timed out"_s,
        AbortCause::User, Kind::Timeout, u"timed out"_s);
}

void TestErrorClassifier::classifyTransport()
{
    QFETCH(QNetworkReply::NetworkError, networkError);
    QFETCH(QString, errorString);
    QFETCH(AbortCause, cause);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    QFETCH(QString, messageFragment);

    const QString host = u"api.example.com:8443"_s;
    const ApiError error =
            ErrorClassifier::classifyTransport(networkError, errorString, host, cause);
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.networkError, networkError);
    QCOMPARE(error.host, host);
    QCOMPARE(error.httpStatus, 0);
    QCOMPARE(error.timeoutPhase, ApiError::TimeoutPhase::None);
    QVERIFY2(error.message.contains(messageFragment), qPrintable(error.message));
    if (kind == Kind::Tls)
        QVERIFY(!error.retryable);
}

void TestErrorClassifier::everyNetworkErrorHasAVerdict()
{
    const QMetaEnum errors = QMetaEnum::fromType<QNetworkReply::NetworkError>();
    QVERIFY(errors.keyCount() > 30);
    for (int i = 0; i < errors.keyCount(); ++i) {
        const auto value = QNetworkReply::NetworkError(errors.value(i));
        for (AbortCause cause : {AbortCause::None, AbortCause::User, AbortCause::Timeout}) {
            const ApiError withHost =
                    ErrorClassifier::classifyTransport(value, u"boom"_s, u"h.example"_s, cause);
            QVERIFY2(withHost.isError(), errors.key(i));
            QCOMPARE(withHost.retryable, ApiError::isRetryableKind(withHost.kind));
            QVERIFY2(!withHost.message.isEmpty(), errors.key(i));
            if (withHost.kind != Kind::Cancelled)
                QVERIFY2(withHost.message.contains(u"h.example"_s), qPrintable(withHost.message));
            // Without a host or an error string the message still says something useful.
            const ApiError bare = ErrorClassifier::classifyTransport(value, {}, {}, cause);
            QCOMPARE(bare.kind, withHost.kind);
            QVERIFY2(!bare.message.isEmpty(), errors.key(i));
        }
    }
    // A value outside the enum (a future Qt's) is still an error, not None.
    const ApiError future = ErrorClassifier::classifyTransport(QNetworkReply::NetworkError(12345),
                                                               u"new"_s, u"h"_s);
    QCOMPARE(future.kind, Kind::Connection);
}

void TestErrorClassifier::requestIdFromHeaders_data()
{
    QTest::addColumn<RawHeaders>("headers");
    QTest::addColumn<QString>("expected");

    QTest::newRow("none") << RawHeaders{{"content-type", "application/json"}} << QString();
    QTest::newRow("x-request-id") << RawHeaders{{"x-request-id", "req_abc"}} << u"req_abc"_s;
    QTest::newRow("request-id") << RawHeaders{{"request-id", "req_def"}} << u"req_def"_s;
    QTest::newRow("x-request-id wins")
            << RawHeaders{{"request-id", "req_def"}, {"X-Request-ID", "req_abc"}} << u"req_abc"_s;
    QTest::newRow("empty x-request-id falls back")
            << RawHeaders{{"x-request-id", "  "}, {"request-id", "req_def"}} << u"req_def"_s;
    QTest::newRow("padded") << RawHeaders{{"x-request-id", "  req_1  "}} << u"req_1"_s;
    QTest::newRow("control bytes dropped")
            << RawHeaders{{"x-request-id", "req\x1b[2J_1\x7f\xc3\xa9"}} << u"req[2J_1"_s;
    QTest::newRow("bounded") << RawHeaders{{"x-request-id", QByteArray(500, 'a')}}
                             << QString(128, u'a');
    QTest::newRow("other vendors' ids are not read")
            << RawHeaders{{"cf-ray", "8a1b"}, {"x-amzn-requestid", "amz"}} << QString();
}

void TestErrorClassifier::requestIdFromHeaders()
{
    QFETCH(RawHeaders, headers);
    QFETCH(QString, expected);
    QCOMPARE(ErrorClassifier::requestIdFromHeaders(headers), expected);
}

void TestErrorClassifier::hugeBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messageStart");

    const qsizetype size = 5 * 1024 * 1024;
    QTest::newRow("JSON with a 5 MiB message")
            << QByteArray(R"({"error":{"message":")" + QByteArray(size, 'x') + R"("}})")
            << u"xxxx"_s;
    QTest::newRow("JSON cut short inside a 5 MiB message")
            << QByteArray(R"({"error":{"message":")" + QByteArray(size, 'y')) << u"yyyy"_s;
    QTest::newRow("5 MiB of text") << QByteArray(size, 'z') << u"zzzz"_s;
    QTest::newRow("5 MiB of whitespace, then text")
            << QByteArray(QByteArray(size, ' ') + "late") << u"late"_s;
    QTest::newRow("5 MiB HTML page") << QByteArray("<html><head><title>Big</title></head><body>"
                                                   + QByteArray(size, 'h') + "</body></html>")
                                     << u"the server sent an HTML error page: Big"_s;
    QTest::newRow("5 MiB HTML title")
            << QByteArray("<html><title>" + QByteArray(size, 't')) << u"the server sent"_s;
    QTest::newRow("5 MiB of unclosed tags")
            << QByteArray(size, '<') << u"HTTP 500 Internal Server Error"_s;
    QTest::newRow("5 MiB of unclosed scripts")
            << QByteArray("<script ").repeated(size / 8) << u"HTTP 500 Internal Server Error"_s;
    QTest::newRow("5 MiB of nesting") << QByteArray(size, '{') << u"{{{{"_s;
    QTest::newRow("5 MiB of entities") << QByteArray("<p>" + QByteArray(size, '&')) << u"&&&&"_s;
    QTest::newRow("5 MiB of invalid UTF-8")
            << QByteArray(size, '\xff') << QString(4, QChar::ReplacementCharacter);
    QTest::newRow("5 MiB of SSE lines")
            << QByteArray("data: x\n").repeated(size / 8) << u"data: x data: x"_s;
}

void TestErrorClassifier::hugeBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messageStart);

    const ApiError error = ErrorClassifier::classifyHttpStatus(500, {}, body, fixedNow);
    QCOMPARE(error.kind, Kind::Server);
    QVERIFY(error.retryable);
    QVERIFY(!error.message.isEmpty());
    QVERIFY2(error.message.size() <= ErrorClassifier::maxMessageLength,
             qPrintable(QString::number(error.message.size())));
    QVERIFY2(error.message.startsWith(messageStart), qPrintable(error.message.left(80)));
}

void TestErrorClassifier::otherResponseHeadersNeverReachTheResult()
{
    // A misconfigured proxy might echo request headers back; only the named response
    // headers are ever read, so none of this can end up in the error.
    const QByteArray secret = "sk-proj-SECRETSECRETSECRET";
    const RawHeaders headers{{"Authorization", "Bearer " + secret},
                             {"api-key", secret},
                             {"Set-Cookie", "session=" + secret},
                             {"x-request-id", "req_ok"}};
    const ApiError error = ErrorClassifier::classifyHttpStatus(
            401, headers, openAiError("Invalid key", "invalid_request_error", "invalid_api_key"),
            fixedNow);
    QCOMPARE(error.kind, Kind::Authentication);
    QCOMPARE(error.requestId, u"req_ok"_s);
    const QString secretText = QString::fromLatin1(secret);
    for (const QString &text : {error.summary(), error.message, error.code, error.type, error.param,
                                error.requestId, error.host}) {
        QVERIFY2(!text.contains(secretText), qPrintable(text));
        QVERIFY(!text.contains(u"SECRET"_s));
    }
}

void TestErrorClassifier::classifyAttempt_data()
{
    using Phase = ApiError::TimeoutPhase;
    using E = QNetworkReply;
    QTest::addColumn<AttemptFacts>("facts");
    QTest::addColumn<bool>("success");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<Phase>("phase");
    QTest::addColumn<QString>("fragment");

    AttemptFacts base;
    base.host = u"h:1"_s;
    base.requestId = u"req_9"_s;
    const auto with = [&base](auto change) {
        AttemptFacts facts = base;
        change(facts);
        return facts;
    };
    const auto row = [](const char *name, const AttemptFacts &facts, bool success, Kind kind,
                        bool retryable, Phase phase, const QString &fragment) {
        QTest::newRow(name) << facts << success << kind << retryable << phase << fragment;
    };
    const auto timedOut = [&with](Phase phase, int status, bool stream, bool complete) {
        return with([=](AttemptFacts &f) {
            f.abort = AbortCause::Timeout;
            f.timedOutPhase = phase;
            f.timeoutLimit = std::chrono::milliseconds(2500);
            f.httpStatus = status;
            f.headersSeen = status > 0;
            f.isStream = stream;
            f.streamComplete = complete;
        });
    };
    const auto ok = [&with](bool stream) {
        return with([=](AttemptFacts &f) {
            f.httpStatus = 200;
            f.headersSeen = true;
            f.isStream = stream;
        });
    };

    row("user abort wins over everything", with([](AttemptFacts &f) {
            f.abort = AbortCause::User;
            f.httpStatus = 500;
            f.networkError = E::OperationCanceledError;
        }),
        false, Kind::Cancelled, false, Phase::None, u"cancelled"_s);
    row("connect timeout", timedOut(Phase::Connect, 0, false, false), false, Kind::Timeout, true,
        Phase::Connect, u"could not send the request to h:1 within 2.5 s"_s);
    row("first-byte timeout", timedOut(Phase::FirstByte, 0, true, false), false, Kind::Timeout,
        true, Phase::FirstByte, u"did not start answering within 2.5 s"_s);
    row("idle in a JSON body is a Timeout", timedOut(Phase::Idle, 200, false, false), false,
        Kind::Timeout, true, Phase::Idle, u"sent nothing for 2.5 s"_s);
    row("idle in a stream is a stall", timedOut(Phase::Idle, 200, true, false), false,
        Kind::StreamStalled, true, Phase::Idle, u"in the middle of the reply"_s);
    row("idle after the stream completed is success", timedOut(Phase::Idle, 200, true, true), true,
        Kind::None, false, Phase::None, QString());
    row("idle in an error body is a Timeout", timedOut(Phase::Idle, 500, true, false), false,
        Kind::Timeout, true, Phase::Idle, u"sent nothing"_s);
    row("deadline", timedOut(Phase::Deadline, 200, true, false), false, Kind::Timeout, true,
        Phase::Deadline, u"overall deadline of 2.5 s"_s);
    row("an error status is classified from its body", with([](AttemptFacts &f) {
            f.httpStatus = 503;
            f.headersSeen = true;
            f.body = R"({"error":{"message":"overloaded","type":"server_error"}})";
        }),
        false, Kind::Server, true, Phase::None, u"overloaded"_s);
    row("a bounded error body still classifies", with([](AttemptFacts &f) {
            f.abort = AbortCause::BodyLimit;
            f.networkError = E::OperationCanceledError;
            f.httpStatus = 429;
            f.headersSeen = true;
            f.body = R"({"error":{"code":"insufficient_quota","message":"xxxxxxxx)";
        }),
        false, Kind::QuotaExceeded, false, Phase::None, QString());
    row("refused before any status", with([](AttemptFacts &f) {
            f.networkError = E::ConnectionRefusedError;
            f.errorString = u"Connection refused"_s;
        }),
        false, Kind::Connection, true, Phase::None, u"cannot connect to h:1"_s);
    row("no status and no error", base, false, Kind::InvalidResponse, true, Phase::None,
        u"had no HTTP status"_s);
    row("a complete stream", with([&ok](AttemptFacts &f) {
            f = ok(true);
            f.streamComplete = true;
        }),
        true, Kind::None, false, Phase::None, QString());
    row("a stream that ends early", ok(true), false, Kind::StreamInterrupted, true, Phase::None,
        u"ended before it was complete"_s);
    row("a stream that breaks off", with([&ok](AttemptFacts &f) {
            f = ok(true);
            f.networkError = E::RemoteHostClosedError;
            f.errorString = u"closed"_s;
        }),
        false, Kind::StreamInterrupted, true, Phase::None, u"broke off: closed"_s);
    ApiError eventError;
    eventError.kind = Kind::StreamInterrupted;
    eventError.message = u"upstream overloaded"_s;
    eventError.retryable = true;
    row("an error event inside the stream wins", with([&](AttemptFacts &f) {
            f = ok(true);
            f.streamComplete = true;
            f.streamError = eventError;
        }),
        false, Kind::StreamInterrupted, true, Phase::None, u"upstream overloaded"_s);
    row("a JSON body over the bound", with([&ok](AttemptFacts &f) {
            f = ok(false);
            f.abort = AbortCause::BodyLimit;
            f.maxReplyBytes = 1024;
        }),
        false, Kind::InvalidResponse, true, Phase::None, u"larger than 1024 bytes"_s);
    row("a JSON body cut off", with([&ok](AttemptFacts &f) {
            f = ok(false);
            f.networkError = E::RemoteHostClosedError;
            f.errorString = u"closed"_s;
        }),
        false, Kind::Connection, true, Phase::None, u"was lost"_s);
    row("a JSON body read whole is for the caller to parse", ok(false), true, Kind::None, false,
        Phase::None, QString());
}

void TestErrorClassifier::classifyAttempt()
{
    QFETCH(AttemptFacts, facts);
    QFETCH(bool, success);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    QFETCH(ApiError::TimeoutPhase, phase);
    QFETCH(QString, fragment);

    const std::optional<ApiError> error = ErrorClassifier::classifyAttempt(facts, fixedNow);
    QCOMPARE(!error.has_value(), success);
    if (success)
        return;
    QCOMPARE(error->kind, kind);
    QCOMPARE(error->retryable, retryable);
    QCOMPARE(error->timeoutPhase, phase);
    QVERIFY2(error->message.contains(fragment), qPrintable(error->message));
    QCOMPARE(error->host, facts.host);
    if (facts.httpStatus > 0)
        QCOMPARE(error->httpStatus, facts.httpStatus);
    if (phase != ApiError::TimeoutPhase::None)
        QCOMPARE(error->timeoutAfter, facts.timeoutLimit);
    if (kind == Kind::StreamInterrupted || kind == Kind::StreamStalled)
        QCOMPARE(error->requestId, facts.requestId);
}

QTEST_GUILESS_MAIN(TestErrorClassifier)
#include "TestErrorClassifier.moc"
