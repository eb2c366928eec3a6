// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorClassifier.h"
#include "core/net/HttpAttempt.h"
#include "core/net/ServiceOptions.h"
#include "core/protocol/ChatRequest.h"
#include "core/protocol/CompletionParser.h"
#include "core/protocol/RateLimitInfo.h"
#include "core/protocol/SseParser.h"
#include "core/resilience/BackoffPolicy.h"
#include "core/resilience/CircuitBreaker.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace steadfast {

class BreakerRegistry;

/// Why a retry waits as long as it does.
struct RetryInfo
{
    enum class Source { Backoff, ServerHint, BreakerProbe };
    int attempt = 0; // the attempt to come (2 for the first retry)
    int attemptsAllowed = 0;
    std::chrono::milliseconds delay{0};
    std::chrono::milliseconds backoff{0};
    std::optional<std::chrono::milliseconds> hint;
    Source source = Source::Backoff;
    ApiError error; // why the previous attempt failed
    /// A new request held for the breaker's probe because its sender asked
    /// (ChatService::WhenOpen::WaitForProbe): it goes as the probe, however long that takes.
    bool held = false;
    /// The endpoint is paused by hand: the held request waits until it is resumed (delay 0,
    /// no countdown).
    bool untilResumed = false;

    static QString sourceName(Source source);
};

/// Runs chat-completions exchanges: one at a time, each of one or more attempts, with
/// retries driven by a single-shot QTimer (never sleeping, never a nested event loop), a
/// circuit breaker consulted before every attempt, per-phase timeouts, and everything
/// reported through signals. Exactly one of finished() or failed() ends every send().
class ChatService : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
public:
    enum class State {
        Idle,
        Sending,           // the request is on its way; no response yet
        Streaming,         // response headers arrived; body / stream coming in
        WaitingToRetry,    // a retry timer runs (retryCountdown ticks)
        WaitingForConsent, // the server asked for a wait above maxWait; LongWait::Ask
        Failed,
        Cancelled,
        Done,
    };
    Q_ENUM(State)

    /// What a new request does when the endpoint's breaker cannot take it now (Open, or a
    /// probe in flight, or paused by hand).
    enum class WhenOpen {
        Fail,         // ends at once as CircuitOpen (DESIGN.md: a new request is not sent)
        WaitForProbe, // held (WaitingToRetry) and sent as the probe when the breaker allows
    };
    Q_ENUM(WhenOpen)

    /// network and breakers are not owned; they must outlive the service.
    ChatService(QNetworkAccessManager *network, BreakerRegistry *breakers,
                QObject *parent = nullptr);
    ~ChatService() override;

    State state() const { return m_state; }
    bool isBusy() const;
    /// Whether state is one of an exchange under way (sending, streaming or waiting).
    static bool isBusyState(State state);
    ServiceOptions options() const { return m_options; }
    void setOptions(const ServiceOptions &options);
    int attempt() const { return m_attempt; }
    int attemptsAllowed() const { return m_options.maxRetries + 1; }
    /// The request of the current (or last) exchange.
    const ChatRequest &request() const { return m_request; }
    /// The text streamed so far by the current attempt.
    QString partialText() const { return m_current.reply.text; }

public Q_SLOTS:
    /// Starts an exchange. Returns false (and emits nothing) if one is already running.
    /// A request that fails validation ends at once with a Validation error: nothing is sent.
    /// whenOpen says what happens if the breaker cannot take the first attempt now:
    /// WaitForProbe holds it (retryScheduled with RetryInfo::held, retryCountdown to the
    /// probe, or RetryInfo::untilResumed while paused by hand) until the breaker lets it go,
    /// not bounded by maxWait; cancel() ends the hold.
    bool send(const steadfast::ChatRequest &request,
              steadfast::ChatService::WhenOpen whenOpen = steadfast::ChatService::WhenOpen::Fail);
    /// Stops whatever is happening: sending, streaming, waiting to retry, asking.
    void cancel();
    /// Skips the rest of the retry countdown.
    void retryNow();
    /// Accepts a hinted wait longer than maxWait (LongWait::Ask).
    void acceptLongWait();

Q_SIGNALS:
    void stateChanged(steadfast::ChatService::State state);
    void attemptStarted(int attempt, int attemptsAllowed, const QUrl &url);
    /// Response headers arrived (any status).
    void responseReceived(int attempt, int httpStatus, const QString &requestId);
    /// While waiting for the first byte: how long we have waited ("waiting for the model…").
    void responseWaiting(qint64 elapsedMs, qint64 timeoutMs);
    void rateLimitUpdated(const steadfast::RateLimitInfo &info);
    /// A stream has sent nothing for silentMs (ticking every tickInterval once silentMs passes
    /// silenceNotice, until the idle timeout ends the attempt); silentMs 0 once bytes flow
    /// again after a silence was told.
    void streamSilent(qint64 silentMs, qint64 idleTimeoutMs);
    void delta(const QString &text);
    /// An attempt ended badly; partialText is what it had streamed (may be empty).
    void attemptFailed(int attempt, const steadfast::ApiError &error, const QString &partialText);
    void retryScheduled(const steadfast::RetryInfo &info);
    void retryCountdown(qint64 msLeft, qint64 totalMs);
    /// LongWait::Ask: the server asks to wait longer than maxWait.
    void longWaitRequested(const steadfast::ApiError &error, qint64 waitMs);
    void finished(const steadfast::ChatResult &result);
    /// The error that ended the exchange: permanent, retries exhausted, circuit open,
    /// cancelled, validation. partialText is what the last attempt had streamed.
    void failed(const steadfast::ApiError &error, const QString &partialText);

private:
    /// Everything one attempt learns, reset by assignment when it starts (sendAttempt()).
    struct AttemptState
    {
        HttpAttemptPtr http;      // the request in flight; null once it has finished
        bool silenceTold = false; // streamSilent() reported a silence not yet over
        SseParser sse{};
        ChatResult reply; // so far: text, finish reason, model, request id, usage
        bool sawDone = false;
        std::optional<ApiError> streamError;
    };

    void setState(State state);
    void startAttempt();
    // The reply of one attempt: ChatServiceReply.cpp.
    void sendAttempt();
    void handlePhaseChanged(HttpAttempt::Phase phase);
    void handleMetaData();
    void handleBytes(const QByteArray &data);
    void handleAttemptFinished();
    void processSseEvents(const QList<SseEvent> &events);
    void completeAtDone();
    void handleDeadline();
    void handleTick();
    void endAttempt(ApiError error);
    void scheduleRetry(const ApiError &error);
    void startRetryTimer(const RetryInfo &info);
    void succeed();
    void fail(ApiError error);
    void endExchange(State state, const std::function<void()> &emitEnding);
    void finishExchange();
    ApiError localError(ApiError::Kind kind, const QString &message) const;
    CircuitBreaker *currentBreaker() const;
    /// WhenOpen::WaitForProbe: waits for the breaker to let the first attempt go (and watches
    /// it: a resume, reset or new cooldown is acted on at once). ChatServiceHold.cpp.
    void holdForProbe(CircuitBreaker *breaker, const ApiError &error);
    void stopHolding();
    /// The breaker of a held request changed: try again (queued, see holdForProbe()).
    void handleHeldBreakerChanged();

    QNetworkAccessManager *m_network; // not owned
    BreakerRegistry *m_breakers;      // not owned
    ServiceOptions m_options;
    BackoffPolicy m_backoff;
    State m_state = State::Idle;

    ChatRequest m_request;
    QByteArray m_body; // the JSON sent with every attempt
    QString m_clientRequestId;
    int m_attempt = 0;
    bool m_ending = false; // inside endExchange()'s stateChanged()
    quint64 m_step = 0;    // changes whenever the exchange moves on (see startAttempt())
    std::chrono::milliseconds m_probeWait{0}; // waited so far for another's probe
    bool m_probe = false;                     // this attempt is the breaker's half-open probe
    WhenOpen m_whenOpen = WhenOpen::Fail;
    bool m_held = false;                 // waiting for the breaker with WhenOpen::WaitForProbe
    QMetaObject::Connection m_heldWatch; // the held request's breaker: stateChanged
    AttemptState m_current;

    QTimer m_deadlineTimer; // whole exchange
    QTimer m_retryTimer;    // single shot: the next attempt
    QTimer m_tickTimer;     // countdown and "waiting for the model" ticks
    QElapsedTimer m_waitClock;
    std::chrono::milliseconds m_waitTotal{0};
    std::optional<RetryInfo> m_pendingRetry; // while WaitingForConsent
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::RetryInfo)
