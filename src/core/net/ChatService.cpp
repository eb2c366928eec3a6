// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ChatService.h"

#include "core/EnumNames.h"
#include "core/Logging.h"
#include "core/net/HttpPolicy.h"
#include "core/net/Validation.h"
#include "core/resilience/BreakerRegistry.h"

#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace steadfast {

namespace {

/// A probe's time in whole seconds, rounded up: "18", never "17.224" (the message is read).
QString probeSeconds(milliseconds probeIn)
{
    return QString::number(probeIn.count() <= 0 ? 0 : (probeIn.count() + 999) / 1000);
}

// The sources' names in events and logs, in the enum's order.
constexpr std::array<QStringView, 3> kSourceNames{u"backoff", u"server-hint", u"breaker-probe"};
static_assert(kSourceNames.size() == std::size_t(RetryInfo::Source::BreakerProbe) + 1,
              "one name per source");

} // namespace

QString RetryInfo::sourceName(Source source)
{
    return nameIn(kSourceNames, source);
}

ChatService::ChatService(QNetworkAccessManager *network, BreakerRegistry *breakers, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_breakers(breakers)
    , m_backoff(m_options.backoff, m_options.seed)
{
    qRegisterMetaType<ApiError>();
    qRegisterMetaType<ChatResult>();
    qRegisterMetaType<RetryInfo>();
    qRegisterMetaType<RateLimitInfo>();
    m_deadlineTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    // A coarse timer may fire up to 5% early: a retry must never come before the server's
    // hint nor before the breaker's probe is due (an early start would find it still Open).
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    // Likewise a timeout must not fire before its limit.
    m_deadlineTimer.setTimerType(Qt::PreciseTimer);
    m_tickTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &ChatService::handleDeadline);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        const quint64 step = m_step;
        m_tickTimer.stop();
        Q_EMIT retryCountdown(0, m_waitTotal.count());
        if (step == m_step && m_state == State::WaitingToRetry)
            startAttempt();
    });
    connect(&m_tickTimer, &QTimer::timeout, this, &ChatService::handleTick);
}

ChatService::~ChatService()
{
    if (m_probe)
        currentBreaker()->releaseProbe(); // the registry outlives us: free the probe
    m_current.http.reset();               // a reply in flight is aborted without a word
}

bool ChatService::isBusy() const
{
    return m_ending || isBusyState(m_state);
}

bool ChatService::isBusyState(State state)
{
    switch (state) {
    case State::Sending:
    case State::Streaming:
    case State::WaitingToRetry:
    case State::WaitingForConsent:
        return true;
    case State::Idle:
    case State::Failed:
    case State::Cancelled:
    case State::Done:
        return false;
    }
    return false;
}

void ChatService::setOptions(const ServiceOptions &options)
{
    const bool reseed = options.seed != m_options.seed;
    m_options = options;
    if (reseed)
        m_backoff = BackoffPolicy(m_options.backoff, m_options.seed);
    else
        m_backoff.setOptions(m_options.backoff);
}

void ChatService::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

CircuitBreaker *ChatService::currentBreaker() const
{
    return m_breakers->breakerFor(m_request.baseUrl);
}

ApiError ChatService::localError(ApiError::Kind kind, const QString &message) const
{
    return HttpPolicy::localError(kind, message, HttpPolicy::hostOf(m_request.baseUrl));
}

bool ChatService::send(const ChatRequest &request, WhenOpen whenOpen)
{
    if (isBusy())
        return false;
    m_request = request;
    m_whenOpen = whenOpen;
    m_body = request.toJson();
    m_clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_attempt = 0;
    m_probeWait = 0ms;
    ++m_step;
    m_current = {};
    m_pendingRetry.reset();
    m_backoff.reset();
    if (const std::optional<ApiError> invalid = validateRequest(request)) {
        fail(*invalid);
        return true;
    }
    if (m_options.deadline > 0ms)
        m_deadlineTimer.start(m_options.deadline);
    startAttempt();
    return true;
}

void ChatService::startAttempt()
{
    stopHolding();
    CircuitBreaker *breaker = currentBreaker();
    if (!breaker->tryAcquire()) {
        const milliseconds probeIn = breaker->timeUntilProbe();
        ApiError error =
                localError(ApiError::Kind::CircuitOpen,
                           breaker->isPaused()
                                   ? u"requests to %1 are paused by hand"_s.arg(breaker->endpoint())
                                   : u"the circuit for %1 is open; next probe in %2 s"_s.arg(
                                           breaker->endpoint(), probeSeconds(probeIn)));
        if (!breaker->isPaused())
            error.retryAfter = probeIn;
        if (m_attempt == 0 && m_whenOpen == WhenOpen::WaitForProbe) {
            holdForProbe(breaker, error);
            return;
        }
        // A request already retrying keeps its retries: wait for the probe if it fits.
        // A probe already in flight (another service's) is waited for too, but never for
        // longer than the maximum wait in all.
        const milliseconds delay = std::max(probeIn, milliseconds(m_options.tickInterval));
        if (m_attempt > 0 && !breaker->isPaused() && m_probeWait + delay <= m_options.maxWait
            && m_attempt < attemptsAllowed()) {
            m_probeWait += delay;
            RetryInfo info;
            info.attempt = m_attempt + 1;
            info.attemptsAllowed = attemptsAllowed();
            info.delay = delay;
            info.source = RetryInfo::Source::BreakerProbe;
            info.error = error;
            startRetryTimer(info);
            return;
        }
        fail(error);
        return;
    }
    m_probe = breaker->state() == CircuitBreaker::State::HalfOpen;
    m_probeWait = 0ms;
    ++m_attempt;
    // Every emit below may run a slot that cancels, retries or ends the exchange: after
    // each one, carry on only if nothing moved (m_step changes on every such move).
    const quint64 step = ++m_step;
    setState(State::Sending);
    if (step != m_step)
        return;
    qCInfo(lcNet) << "attempt" << m_attempt << "of" << attemptsAllowed() << "to"
                  << HttpPolicy::hostOf(m_request.baseUrl) << (m_probe ? "(half-open probe)" : "");
    Q_EMIT attemptStarted(m_attempt, attemptsAllowed(), m_request.endpointUrl());
    if (step != m_step)
        return;
    sendAttempt();
}

void ChatService::handleDeadline()
{
    if (m_current.http && m_current.http->isRunning()) {
        m_current.http->timeOut(ApiError::TimeoutPhase::Deadline, m_options.deadline);
        return;
    }
    if (m_state == State::WaitingToRetry || m_state == State::WaitingForConsent) {
        ApiError error = localError(ApiError::Kind::Timeout,
                                    u"the overall deadline passed while waiting to retry"_s);
        error.timeoutPhase = ApiError::TimeoutPhase::Deadline;
        error.timeoutAfter = m_options.deadline;
        fail(error);
    }
}

void ChatService::handleTick()
{
    if (m_state == State::WaitingToRetry) {
        const qint64 left = std::max<qint64>(0, m_waitTotal.count() - m_waitClock.elapsed());
        Q_EMIT retryCountdown(left, m_waitTotal.count());
        return;
    }
    const HttpAttempt *http = m_current.http.get();
    const HttpAttempt::Phase phase = http ? http->phase() : HttpAttempt::Phase::None;
    if (phase == HttpAttempt::Phase::FirstByte) {
        Q_EMIT responseWaiting(http->msInPhase(), m_options.firstByteTimeout.count());
    } else if (phase == HttpAttempt::Phase::Body) {
        const qint64 silent = http->silentMs();
        if (silent >= m_options.silenceNotice.count()) {
            m_current.silenceTold = true;
            Q_EMIT streamSilent(silent, m_options.idleTimeout.count());
        }
    } else {
        m_tickTimer.stop();
    }
}

void ChatService::endAttempt(ApiError error)
{
    // A server may echo the key in its error text ("Incorrect API key provided: ..."); it
    // must not travel on in an ApiError, which front ends show and log as it is.
    error = HttpAttempt::redacted(std::move(error), m_request.apiKey);
    // The attempt's failure is told first, then what it did to the breaker (which may
    // open it), then what happens next: the order a reader of the events expects.
    const quint64 step = m_step;
    if (error.kind != ApiError::Kind::Cancelled) {
        qCInfo(lcNet) << "attempt" << m_attempt << "failed:" << ApiError::kindName(error.kind)
                      << "status" << error.httpStatus;
        Q_EMIT attemptFailed(m_attempt, error, m_current.reply.text);
    }
    // The breaker learns the attempt's outcome even if a slot cancelled meanwhile. A user's
    // deadline says nothing about the service, nor do a cancel or a TLS refusal.
    CircuitBreaker *breaker = currentBreaker();
    const bool deadlinePassed = error.timeoutPhase == ApiError::TimeoutPhase::Deadline;
    if (ApiError::isServiceFailure(error.kind) && !deadlinePassed) {
        breaker->recordFailure();
    } else if (error.kind == ApiError::Kind::Cancelled || error.kind == ApiError::Kind::Tls
               || error.kind == ApiError::Kind::Validation || deadlinePassed) {
        if (m_probe)
            breaker->releaseProbe();
    } else {
        breaker->recordSuccess(); // the service answered, if not with what we wanted
    }
    m_probe = false;
    if (step != m_step)
        return; // a slot of attemptFailed() ended the exchange
    if (error.kind == ApiError::Kind::Cancelled) {
        fail(error);
        return;
    }
    if (!error.retryable || m_attempt >= attemptsAllowed() || deadlinePassed) {
        fail(error);
        return;
    }
    scheduleRetry(error);
}

void ChatService::scheduleRetry(const ApiError &error)
{
    const BackoffPolicy::Decision decision = m_backoff.decide(m_attempt, error.retryAfter);
    RetryInfo info;
    info.attempt = m_attempt + 1;
    info.attemptsAllowed = attemptsAllowed();
    info.delay = decision.delay;
    info.backoff = decision.backoff;
    info.hint = decision.hint;
    info.source = decision.source == BackoffPolicy::DelaySource::ServerHint
            ? RetryInfo::Source::ServerHint
            : RetryInfo::Source::Backoff;
    info.error = error;
    // The maximum wait bounds our own backoff too (a server's longer hint is asked about).
    if (info.source == RetryInfo::Source::Backoff)
        info.delay = std::min(info.delay, milliseconds(m_options.maxWait));

    if (decision.hint && *decision.hint > m_options.maxWait) {
        if (m_options.longWait == ServiceOptions::LongWait::Ask) {
            m_pendingRetry = info;
            const quint64 step = ++m_step;
            setState(State::WaitingForConsent);
            if (step == m_step)
                Q_EMIT longWaitRequested(error, decision.hint->count());
            return;
        }
        ApiError ended = error;
        ended.message +=
                u" (the server asks to wait %1 s, longer than the maximum wait of %2 s)"_s.arg(
                        ApiError::secondsText(*decision.hint),
                        ApiError::secondsText(m_options.maxWait));
        fail(ended);
        return;
    }

    CircuitBreaker *breaker = currentBreaker();
    if (breaker->state() == CircuitBreaker::State::Open) {
        const milliseconds probeIn = breaker->timeUntilProbe();
        if (breaker->isPaused() || probeIn > m_options.maxWait) {
            ApiError open = localError(
                    ApiError::Kind::CircuitOpen,
                    breaker->isPaused()
                            ? u"requests to %1 are paused by hand"_s.arg(breaker->endpoint())
                            : u"the circuit for %1 opened after %2 failures; next probe in %3 s (last error: %4)"_s
                                      .arg(breaker->endpoint())
                                      .arg(breaker->consecutiveFailures())
                                      .arg(probeSeconds(probeIn), error.summary()));
            if (!breaker->isPaused())
                open.retryAfter = probeIn;
            fail(open);
            return;
        }
        if (probeIn >= info.delay) {
            info.delay = probeIn;
            info.source = RetryInfo::Source::BreakerProbe;
        }
    }
    if (m_deadlineTimer.isActive() && m_deadlineTimer.remainingTime() < info.delay.count()) {
        ApiError late = error;
        late.message += u" (no time left for another attempt before the overall deadline)"_s;
        late.kind = ApiError::Kind::Timeout;
        late.timeoutPhase = ApiError::TimeoutPhase::Deadline;
        late.timeoutAfter = m_options.deadline;
        fail(late);
        return;
    }
    startRetryTimer(info);
}

void ChatService::startRetryTimer(const RetryInfo &info)
{
    qCInfo(lcNet) << "retry" << info.attempt << "in" << info.delay.count() << "ms"
                  << RetryInfo::sourceName(info.source) << ApiError::kindName(info.error.kind);
    // Timers first: a slot of the signals below may call retryNow() or cancel(), which
    // must find them running to stop them.
    const quint64 step = ++m_step;
    m_waitTotal = info.delay;
    m_waitClock.start();
    if (!info.untilResumed) { // a pause by hand has no end to count down to
        m_retryTimer.start(info.delay);
        m_tickTimer.start(m_options.tickInterval);
    }
    setState(State::WaitingToRetry);
    if (step != m_step)
        return;
    Q_EMIT retryScheduled(info);
    if (step != m_step || info.untilResumed)
        return;
    Q_EMIT retryCountdown(info.delay.count(), info.delay.count());
}

void ChatService::retryNow()
{
    if (m_state != State::WaitingToRetry)
        return;
    m_retryTimer.stop();
    m_tickTimer.stop();
    startAttempt();
}

void ChatService::acceptLongWait()
{
    if (m_state != State::WaitingForConsent || !m_pendingRetry)
        return;
    const RetryInfo info = *std::exchange(m_pendingRetry, std::nullopt);
    startRetryTimer(info);
}

void ChatService::cancel()
{
    switch (m_state) {
    case State::Sending:
    case State::Streaming:
        if (m_current.http && m_current.http->isRunning())
            m_current.http->abort(AbortCause::User); // ends through handleAttemptFinished()
        else // between attempts, or inside a slot while the reply is being handed over
            fail(localError(ApiError::Kind::Cancelled, u"cancelled by the user"_s));
        break;
    case State::WaitingToRetry:
    case State::WaitingForConsent:
        fail(localError(ApiError::Kind::Cancelled, u"cancelled by the user"_s));
        break;
    case State::Idle:
    case State::Failed:
    case State::Cancelled:
    case State::Done:
        break;
    }
}

void ChatService::succeed()
{
    currentBreaker()->recordSuccess();
    m_probe = false;
    ChatResult result = m_current.reply;
    result.attempts = m_attempt;
    finishExchange();
    qCInfo(lcNet) << "done after" << m_attempt << "attempt(s)";
    endExchange(State::Done, [&] { Q_EMIT finished(result); });
}

void ChatService::fail(ApiError error)
{
    finishExchange();
    if (error.host.isEmpty())
        error.host = HttpPolicy::hostOf(m_request.baseUrl);
    qCInfo(lcNet) << "failed:" << ApiError::kindName(error.kind);
    endExchange(error.kind == ApiError::Kind::Cancelled ? State::Cancelled : State::Failed,
                [&] { Q_EMIT failed(error, m_current.reply.text); });
}

void ChatService::endExchange(State state, const std::function<void()> &emitEnding)
{
    // stateChanged() first and the ending (finished/failed) last, so the ending is the last
    // event of an exchange. While stateChanged() runs the service still counts as busy, so
    // a slot cannot start the next exchange before this one has told its ending; a slot of
    // finished()/failed() can.
    ++m_step;
    const bool changed = m_state != state;
    m_state = state;
    if (changed) {
        m_ending = true;
        Q_EMIT stateChanged(state);
        m_ending = false;
    }
    emitEnding();
}

void ChatService::finishExchange()
{
    stopHolding();
    m_current.silenceTold = false;
    m_retryTimer.stop();
    m_tickTimer.stop();
    m_deadlineTimer.stop();
    m_pendingRetry.reset();
    if (m_probe) { // cancelled between the probe's grant and its outcome
        currentBreaker()->releaseProbe();
        m_probe = false;
    }
    m_current.http.reset(); // a reply in flight is aborted without a word
}

} // namespace steadfast
