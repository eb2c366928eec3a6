// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Test support, header-only: a ChatService wired to a real in-process FaultServer over
// loopback, and a ServiceTrace that keeps every signal the service emits as typed values
// (with the time it came), so tests assert on facts instead of poking QVariants.

#include "core/errors/ApiError.h"
#include "core/net/ChatService.h"
#include "core/protocol/ChatRequest.h"
#include "core/protocol/CompletionParser.h"
#include "core/protocol/RateLimitInfo.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/resilience/CircuitBreaker.h"
#include "faultserver/FaultScript.h"
#include "faultserver/FaultServer.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace steadfast::test {

struct TracedAttemptFailure
{
    int attempt = 0;
    ApiError error;
    QString partialText;
    qint64 atMs = 0;
};

struct TracedFailure
{
    ApiError error;
    QString partialText;
};

struct TracedCountdown
{
    qint64 msLeft = 0;
    qint64 totalMs = 0;
    qint64 atMs = 0;
};

struct TracedResponse
{
    int attempt = 0;
    int httpStatus = 0;
    QString requestId;
};

/// Every signal of one ChatService, in order of arrival, as typed values. Times are
/// milliseconds since the trace was created (or last cleared).
class ServiceTrace
{
public:
    explicit ServiceTrace(ChatService *service)
    {
        m_clock.start();
        QObject *ctx = &m_context;
        QObject::connect(service, &ChatService::stateChanged, ctx,
                         [this](ChatService::State state) { states.append(state); });
        QObject::connect(service, &ChatService::attemptStarted, ctx,
                         [this](int attempt, int allowed, const QUrl &url) {
                             attempts.append(attempt);
                             attemptTimes.append(m_clock.elapsed());
                             attemptsAllowed = allowed;
                             attemptUrls.append(url);
                         });
        QObject::connect(service, &ChatService::responseReceived, ctx,
                         [this](int attempt, int status, const QString &requestId) {
                             responses.append({attempt, status, requestId});
                         });
        QObject::connect(service, &ChatService::responseWaiting, ctx,
                         [this](qint64 elapsedMs, qint64 timeoutMs) {
                             waitingElapsed.append(elapsedMs);
                             waitingTimeout = timeoutMs;
                         });
        QObject::connect(service, &ChatService::rateLimitUpdated, ctx,
                         [this](const RateLimitInfo &info) { rateLimits.append(info); });
        QObject::connect(service, &ChatService::delta, ctx,
                         [this](const QString &text) { deltas.append(text); });
        QObject::connect(service, &ChatService::attemptFailed, ctx,
                         [this](int attempt, const ApiError &error, const QString &partial) {
                             attemptFailures.append({attempt, error, partial, m_clock.elapsed()});
                         });
        QObject::connect(service, &ChatService::retryScheduled, ctx, [this](const RetryInfo &info) {
            retries.append(info);
            retryTimes.append(m_clock.elapsed());
        });
        QObject::connect(service, &ChatService::retryCountdown, ctx,
                         [this](qint64 msLeft, qint64 totalMs) {
                             countdown.append({msLeft, totalMs, m_clock.elapsed()});
                         });
        QObject::connect(service, &ChatService::longWaitRequested, ctx,
                         [this](const ApiError &error, qint64 waitMs) {
                             longWaits.append(error);
                             longWaitMs.append(waitMs);
                         });
        QObject::connect(service, &ChatService::finished, ctx, [this](const ChatResult &result) {
            results.append(result);
            endedAtMs = m_clock.elapsed();
        });
        QObject::connect(service, &ChatService::failed, ctx,
                         [this](const ApiError &error, const QString &partial) {
                             failures.append({error, partial});
                             endedAtMs = m_clock.elapsed();
                         });
    }

    /// finished() or failed() has come (at least once; tests check that it is once).
    bool isOver() const { return !results.isEmpty() || !failures.isEmpty(); }
    int endings() const { return int(results.size() + failures.size()); }
    QString deltaText() const { return deltas.join(QString()); }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

    /// Forgets everything recorded (the connections stay) and restarts the clock.
    void clear()
    {
        states.clear();
        attempts.clear();
        attemptTimes.clear();
        attemptUrls.clear();
        attemptsAllowed = 0;
        responses.clear();
        waitingElapsed.clear();
        waitingTimeout = 0;
        rateLimits.clear();
        deltas.clear();
        attemptFailures.clear();
        retries.clear();
        retryTimes.clear();
        countdown.clear();
        longWaits.clear();
        longWaitMs.clear();
        results.clear();
        failures.clear();
        endedAtMs = -1;
        m_clock.start();
    }

    QList<ChatService::State> states;
    QList<int> attempts;
    QList<qint64> attemptTimes;
    QList<QUrl> attemptUrls;
    int attemptsAllowed = 0;
    QList<TracedResponse> responses;
    QList<qint64> waitingElapsed;
    qint64 waitingTimeout = 0;
    QList<RateLimitInfo> rateLimits;
    QStringList deltas;
    QList<TracedAttemptFailure> attemptFailures;
    QList<RetryInfo> retries;
    QList<qint64> retryTimes;
    QList<TracedCountdown> countdown;
    QList<ApiError> longWaits;
    QList<qint64> longWaitMs;
    QList<ChatResult> results;
    QList<TracedFailure> failures;
    qint64 endedAtMs = -1;

private:
    QObject m_context; // owns the connections; they die with the trace
    QElapsedTimer m_clock;
};

/// One FaultServer on 127.0.0.1 (a free port), one QNetworkAccessManager, one
/// BreakerRegistry and one ChatService with fast timings, plus a trace of the service.
/// Members are declared in the order they must be built (and torn down in reverse: the
/// service aborts its reply before the network and the server go).
class FaultFixture
{
public:
    static constexpr auto defaultChunkDelay = std::chrono::milliseconds(2);
    static inline const QString replyText = QStringLiteral("Alpha beta gamma delta epsilon");

    /// A breaker that does not open during ordinary tests unless a test asks for one.
    static CircuitBreaker::Options relaxedBreaker()
    {
        CircuitBreaker::Options options;
        options.threshold = 1000;
        options.cooldown = std::chrono::milliseconds(300);
        return options;
    }

    /// Short, deterministic timings: retries a few ms apart, a fixed seed, generous
    /// timeouts (tests that need a timeout to fire lower the one they test).
    static ServiceOptions fastOptions()
    {
        using namespace std::chrono_literals;
        ServiceOptions options;
        options.maxRetries = 2;
        options.connectTimeout = 5000ms;
        options.firstByteTimeout = 5000ms;
        options.idleTimeout = 5000ms;
        options.maxWait = 5000ms;
        options.tickInterval = 15ms;
        options.backoff.base = 5ms;
        options.backoff.cap = 40ms;
        options.backoff.maxJitter = 3ms;
        options.backoff.jitter = BackoffPolicy::Jitter::Additive;
        options.seed = 20240601u;
        options.longWait = ServiceOptions::LongWait::Fail;
        return options;
    }

    /// breakerClock: the breakers' "now" (steady_clock::now when empty), for tests that
    /// drive cooldowns by hand.
    explicit FaultFixture(CircuitBreaker::Options breakerOptions = relaxedBreaker(),
                          CircuitBreaker::Clock breakerClock = {})
        : breakers(breakerOptions, std::move(breakerClock))
        , service(&network, &breakers)
        , trace(&service)
    {
        server.setChunkDelay(defaultChunkDelay);
        server.setReplyText(replyText);
        service.setOptions(fastOptions());
    }

    /// Listens on 127.0.0.1, a free port. False (with server.errorString()) on failure.
    bool start() { return server.listen(QHostAddress(QHostAddress::LocalHost), 0); }

    ChatRequest request(bool stream, const QString &apiKey = {}) const
    {
        ChatRequest request;
        request.baseUrl = server.baseUrl();
        request.apiKey = apiKey;
        request.model = QStringLiteral("test-model");
        request.messages = {{QStringLiteral("system"), QStringLiteral("Be brief.")},
                            {QStringLiteral("user"), QStringLiteral("Hello there")}};
        request.stream = stream;
        return request;
    }

    void setOptions(const std::function<void(ServiceOptions &)> &change)
    {
        ServiceOptions options = service.options();
        change(options);
        service.setOptions(options);
    }

    /// Arms one step given in its JSON form (docs/faultserver.md); false if it does not parse.
    bool arm(const QByteArray &json, int repeat = 0, QString *error = nullptr)
    {
        QString problem;
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        std::optional<FaultStep> step = FaultStep::fromJson(object, &problem);
        if (!step) {
            if (error)
                *error = problem.isEmpty() ? QStringLiteral("not a JSON object") : problem;
            return false;
        }
        if (repeat > 0)
            step->repeat = repeat;
        server.arm(*step);
        return true;
    }

    CircuitBreaker *breaker() { return breakers.breakerFor(server.baseUrl()); }

    /// Runs the event loop until the exchange ends (finished() or failed()) or timeoutMs
    /// pass; true if it ended. Returns at once when it has already ended.
    bool waitForEnd(int timeoutMs)
    {
        if (trace.isOver())
            return true;
        QEventLoop loop;
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(&service, &ChatService::finished, &loop, &QEventLoop::quit);
        QObject::connect(&service, &ChatService::failed, &loop, &QEventLoop::quit);
        timer.start(timeoutMs);
        loop.exec();
        return trace.isOver();
    }

    FaultServer server;
    QNetworkAccessManager network;
    BreakerRegistry breakers;
    ChatService service;
    ServiceTrace trace;
};

} // namespace steadfast::test
