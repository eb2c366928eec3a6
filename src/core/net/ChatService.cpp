// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ChatService.h"

#include "core/net/HttpPolicy.h"

#include "core/Logging.h"
#include "core/errors/ErrorClassifier.h"
#include "core/net/Redactor.h"
#include "core/protocol/Validation.h"
#include "core/resilience/BreakerRegistry.h"

#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace steadfast {

namespace {

constexpr qint64 kReadBufferSize = 256 * 1024;
constexpr std::chrono::milliseconds kDrainAfterDone{2000};

/// A probe's time in whole seconds, rounded up: "18", never "17.224" (the message is read).
QString probeSeconds(milliseconds probeIn)
{
    return QString::number(probeIn.count() <= 0 ? 0 : (probeIn.count() + 999) / 1000);
}

} // namespace

QString RetryInfo::sourceName(Source source)
{
    switch (source) {
    case Source::Backoff:
        return u"backoff"_s;
    case Source::ServerHint:
        return u"server-hint"_s;
    case Source::BreakerProbe:
        return u"breaker-probe"_s;
    }
    return {};
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
    m_phaseTimer.setSingleShot(true);
    m_deadlineTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    // A coarse timer may fire up to 5% early: a retry must never come before the server's
    // hint nor before the breaker's probe is due (an early start would find it still Open).
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    // Likewise a timeout must not fire before its limit ("nothing for 30 s" means 30 s).
    m_phaseTimer.setTimerType(Qt::PreciseTimer);
    m_deadlineTimer.setTimerType(Qt::PreciseTimer);
    m_tickTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_phaseTimer, &QTimer::timeout, this, &ChatService::handlePhaseTimeout);
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
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

bool ChatService::isBusy() const
{
    if (m_ending)
        return true;
    switch (m_state) {
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

ApiError ChatService::replyError(ApiError::Kind kind, const QString &message) const
{
    ApiError error = localError(kind, message);
    error.httpStatus = m_httpStatus;
    error.requestId = m_requestId;
    return error;
}

ApiError ChatService::localError(ApiError::Kind kind, const QString &message) const
{
    ApiError error;
    error.kind = kind;
    error.message = message;
    error.host = HttpPolicy::hostOf(m_request.baseUrl);
    error.retryable = ApiError::isRetryableKind(kind);
    return error;
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
    m_text.clear();
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
    m_redirects = 0;
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
    sendTo(m_request.endpointUrl());
}

void ChatService::sendTo(const QUrl &url)
{
    if (m_reply) { // cannot happen by design; never leave a reply running unwatched
        const auto stale = std::move(m_reply);
        stale->disconnect(this);
        stale->abort();
    }
    m_phase = Phase::None;
    m_abortCause = AbortCause::None;
    m_timedOutPhase = ApiError::TimeoutPhase::None;
    m_httpStatus = 0;
    m_isStream = false;
    m_replyBody.clear();
    m_sse.reset();
    m_text.clear();
    m_finishReason.clear();
    m_model.clear();
    m_requestId.clear();
    m_usage.reset();
    m_sawDone = false;
    m_streamError.reset();
    m_requestSent = false;
    m_uploadLeft = -1;

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    // A stream request accepts JSON too: servers that cannot stream (Prism) answer
    // "stream": true with a whole JSON reply, and only fail (500) if SSE is all we accept.
    request.setRawHeader("Accept",
                         m_request.stream ? "application/json, text/event-stream"
                                          : "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      u"Steadfast/%1"_s.arg(QStringLiteral(STEADFAST_VERSION)));
    request.setRawHeader("X-Client-Request-Id", m_clientRequestId.toLatin1());
    if (!m_request.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_request.apiKey.toUtf8());
    // Redirects are judged here, not by Qt: only same origin or http→https on the same host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);

    m_reply.reset(m_network->post(request, m_body));
    m_reply->setReadBufferSize(kReadBufferSize);
    connect(m_reply.get(), &QNetworkReply::requestSent, this, &ChatService::handleRequestSent);
    connect(m_reply.get(), &QNetworkReply::uploadProgress, this,
            &ChatService::handleUploadProgress);
    connect(m_reply.get(), &QNetworkReply::metaDataChanged, this, &ChatService::handleMetaData);
    connect(m_reply.get(), &QNetworkReply::readyRead, this, &ChatService::handleReadyRead);
    connect(m_reply.get(), &QNetworkReply::finished, this, &ChatService::handleFinished);
    enterPhase(Phase::Connect);
}

void ChatService::enterPhase(Phase phase)
{
    m_phase = phase;
    switch (phase) {
    case Phase::None:
        m_phaseTimer.stop();
        break;
    case Phase::Connect:
        m_phaseTimer.start(m_options.connectTimeout);
        break;
    case Phase::FirstByte:
        m_phaseTimer.start(m_options.firstByteTimeout);
        m_waitClock.start();
        m_tickTimer.start(m_options.tickInterval);
        break;
    case Phase::Body:
        // The same ticks tell a silent stream (streamSilent()).
        m_phaseTimer.start(m_options.idleTimeout);
        m_silenceClock.start();
        m_silenceTold = false;
        m_tickTimer.start(m_options.tickInterval);
        break;
    }
}

void ChatService::handleRequestSent()
{
    // Qt 6.4 emits requestSent() once the headers and the first piece of the body are
    // written, not the whole body: a peer that stops reading mid-body must time out in the
    // connect phase, so the phase also waits for uploadProgress() to report the body out.
    // QNetworkAccessManager may resend by itself after a dropped connection: stay in, or
    // go back to, waiting for the first byte.
    m_requestSent = true;
    if (m_phase == Phase::Connect && m_uploadLeft <= 0)
        enterPhase(Phase::FirstByte);
}

void ChatService::handleUploadProgress(qint64 sent, qint64 total)
{
    m_uploadLeft = total > 0 ? std::max<qint64>(0, total - sent) : 0;
    if (m_phase == Phase::Connect && m_requestSent && m_uploadLeft == 0)
        enterPhase(Phase::FirstByte);
}

void ChatService::handleMetaData()
{
    if (m_reply && m_phase != Phase::Body)
        processHeaders(*m_reply);
}

void ChatService::processHeaders(const QNetworkReply &reply)
{
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    m_httpStatus = status.toInt();
    const RawHeaders &headers = reply.rawHeaderPairs();
    m_requestId = ErrorClassifier::requestIdFromHeaders(headers);
    const QString contentType = reply.header(QNetworkRequest::ContentTypeHeader).toString();
    m_isStream = contentType.contains(u"text/event-stream"_s, Qt::CaseInsensitive);
    enterPhase(Phase::Body);
    qCInfo(lcNet) << "attempt" << m_attempt << "status" << m_httpStatus << "request id"
                  << m_requestId;
    const quint64 step = m_step;
    Q_EMIT responseReceived(m_attempt, m_httpStatus, m_requestId);
    if (step != m_step)
        return;
    const RateLimitInfo limits = RateLimitInfo::fromHeaders(headers);
    if (!limits.isEmpty()) {
        Q_EMIT rateLimitUpdated(limits);
        if (step != m_step)
            return;
    }
    if (m_httpStatus >= 200 && m_httpStatus < 300)
        setState(State::Streaming);
}

void ChatService::handleReadyRead()
{
    if (!m_reply)
        return;
    if (m_phase != Phase::Body) {
        const quint64 step = m_step;
        processHeaders(*m_reply);
        if (step != m_step || !m_reply)
            return; // a slot ended the attempt (and may have started another)
    }
    if (m_phase == Phase::Body) {
        m_phaseTimer.start(m_options.idleTimeout); // bytes arrived: the idle clock restarts
        m_silenceClock.start();
        if (std::exchange(m_silenceTold, false)) {
            const quint64 step = m_step;
            Q_EMIT streamSilent(0, m_options.idleTimeout.count());
            if (step != m_step || !m_reply)
                return; // a slot ended the exchange
        }
    }
    consume(m_reply->readAll());
}

void ChatService::consume(const QByteArray &data)
{
    if (data.isEmpty() || HttpPolicy::isRedirectStatus(m_httpStatus)
        || m_abortCause != AbortCause::None)
        return; // the body of a redirect is of no interest; nor one being aborted
    const bool success = m_httpStatus >= 200 && m_httpStatus < 300;
    if (success && !m_isStream && m_request.stream && m_replyBody.isEmpty()
        && (data.startsWith("data:") || data.startsWith(":"))) {
        m_isStream = true; // an event stream sent without its Content-Type
    }
    if (!success) {
        m_replyBody.append(data.left(m_options.maxErrorBodyBytes - m_replyBody.size()));
        if (m_replyBody.size() >= m_options.maxErrorBodyBytes)
            abortReply(AbortCause::BodyLimit); // classified with what was read
        return;
    }
    if (m_isStream) {
        const quint64 step = m_step;
        processSseEvents(m_sse.feed(data));
        if (step != m_step)
            return; // a slot of delta() ended the exchange
        if (m_sawDone && m_reply) {
            completeAtDone();
            return;
        }
        if (!m_streamError && m_sse.overflowed()) {
            m_streamError = localError(ApiError::Kind::InvalidResponse,
                                       u"a stream event exceeds the size limit"_s);
            abortReply(AbortCause::BodyLimit);
        }
        return;
    }
    m_replyBody.append(data);
    if (m_replyBody.size() > m_options.maxReplyBytes)
        abortReply(AbortCause::BodyLimit);
}

void ChatService::processSseEvents(const QList<SseEvent> &events)
{
    for (const SseEvent &event : events) {
        if (m_streamError || m_sawDone)
            return;
        if (event.data.isEmpty() && event.event.isEmpty())
            continue;
        const auto parsed = CompletionParser::parseStreamData(event.data, event.event);
        if (const QString *problem = std::get_if<QString>(&parsed)) {
            m_streamError = localError(ApiError::Kind::InvalidResponse, *problem);
            abortReply(AbortCause::BodyLimit);
            return;
        }
        const StreamChunk &chunk = std::get<StreamChunk>(parsed);
        if (chunk.done) {
            m_sawDone = true;
            return;
        }
        if (chunk.isError) {
            ApiError error = localError(ApiError::Kind::StreamInterrupted,
                                        chunk.errorMessage.isEmpty()
                                                ? u"the server sent an error inside the stream"_s
                                                : chunk.errorMessage);
            error.code = chunk.errorCode;
            error.type = chunk.errorType;
            m_streamError = error; // classifyAttempt() adds the reply's status and request id
            abortReply(AbortCause::BodyLimit);
            return;
        }
        if (!chunk.model.isEmpty())
            m_model = chunk.model;
        if (chunk.usage)
            m_usage = chunk.usage;
        if (!chunk.finishReason.isEmpty())
            m_finishReason = chunk.finishReason;
        if (!chunk.text.isEmpty()) {
            m_text += chunk.text;
            const quint64 step = m_step;
            Q_EMIT delta(chunk.text);
            if (step != m_step)
                return;
        }
    }
}

void ChatService::abortReply(AbortCause cause)
{
    m_abortCause = cause;
    if (!m_reply)
        return;
    if (cause == AbortCause::BodyLimit) {
        // Called from the reply's own readyRead: aborting inside it makes Qt report the
        // error twice ("Internal problem, this method must only be called once"). Abort
        // from the event loop instead; consume() ignores whatever arrives until then.
        QMetaObject::invokeMethod(m_reply.get(), &QNetworkReply::abort, Qt::QueuedConnection);
        return;
    }
    m_reply->abort(); // emits finished() synchronously: handleFinished() runs now
}

void ChatService::handlePhaseTimeout()
{
    switch (m_phase) {
    case Phase::Connect:
        m_timedOutPhase = ApiError::TimeoutPhase::Connect;
        break;
    case Phase::FirstByte:
        m_timedOutPhase = ApiError::TimeoutPhase::FirstByte;
        break;
    case Phase::Body:
        m_timedOutPhase = ApiError::TimeoutPhase::Idle;
        break;
    case Phase::None:
        return;
    }
    abortReply(AbortCause::Timeout);
}

void ChatService::handleDeadline()
{
    if (m_reply) {
        m_timedOutPhase = ApiError::TimeoutPhase::Deadline;
        abortReply(AbortCause::Timeout);
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
    } else if (m_phase == Phase::FirstByte) {
        Q_EMIT responseWaiting(m_waitClock.elapsed(), m_options.firstByteTimeout.count());
    } else if (m_phase == Phase::Body) {
        const qint64 silent = m_silenceClock.elapsed();
        if (silent >= m_options.silenceNotice.count()) {
            m_silenceTold = true;
            Q_EMIT streamSilent(silent, m_options.idleTimeout.count());
        }
    } else {
        m_tickTimer.stop();
    }
}

void ChatService::handleFinished()
{
    const auto reply = std::move(m_reply); // deleteLater() on every path out of here
    if (!reply)
        return;
    reply->disconnect(this);
    if (m_abortCause == AbortCause::None) {
        const quint64 step = m_step;
        if (m_phase != Phase::Body)
            processHeaders(*reply);
        if (step == m_step)
            consume(reply->readAll()); // whatever arrived with the end of the reply
        if (step != m_step)
            return; // a slot ended the exchange meanwhile
    }
    m_phaseTimer.stop();
    m_tickTimer.stop();
    const Phase phase = std::exchange(m_phase, Phase::None);
    const AbortCause cause = std::exchange(m_abortCause, AbortCause::None);

    // Redirects are routing: follow the allowed ones within this attempt, refuse the rest.
    if (cause == AbortCause::None && HttpPolicy::isRedirectStatus(m_httpStatus)) {
        const QUrl target = reply->url().resolved(
                reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        if (!target.isValid() || target.isEmpty()) {
            ApiError error =
                    localError(ApiError::Kind::InvalidResponse,
                               u"a redirect (HTTP %1) without a Location"_s.arg(m_httpStatus));
            error.httpStatus = m_httpStatus;
            endAttempt(error);
            return;
        }
        if (HttpPolicy::isRedirectAllowed(reply->url(), target)
            && m_redirects < m_options.maxRedirects) {
            ++m_redirects;
            qCInfo(lcNet) << "following redirect" << m_httpStatus << "to"
                          << HttpPolicy::hostOf(target);
            sendTo(target);
            return;
        }
        ApiError error = replyError(
                ApiError::Kind::Redirect,
                m_redirects >= m_options.maxRedirects
                        ? u"too many redirects (last to %1)"_s.arg(target.toDisplayString())
                        : u"refused a redirect to another origin: %1"_s.arg(
                                target.toDisplayString()));
        error.redirectTarget = target.toDisplayString();
        endAttempt(error);
        return;
    }

    // Everything else is the classifier's verdict on the facts gathered here.
    AttemptFacts facts;
    facts.abort = cause;
    facts.timedOutPhase = m_timedOutPhase;
    facts.timeoutLimit = [this] {
        switch (m_timedOutPhase) {
        case ApiError::TimeoutPhase::Connect:
            return m_options.connectTimeout;
        case ApiError::TimeoutPhase::FirstByte:
            return m_options.firstByteTimeout;
        case ApiError::TimeoutPhase::Idle:
            return m_options.idleTimeout;
        case ApiError::TimeoutPhase::Deadline:
            return m_options.deadline;
        case ApiError::TimeoutPhase::None:
            break;
        }
        return 0ms;
    }();
    facts.host = HttpPolicy::hostOf(reply->url());
    facts.networkError = reply->error();
    facts.errorString = reply->errorString();
    facts.httpStatus = m_httpStatus;
    facts.headersSeen = phase == Phase::Body;
    facts.headers = reply->rawHeaderPairs();
    facts.body = m_replyBody;
    facts.requestId = m_requestId;
    facts.isStream = m_isStream;
    facts.streamComplete = m_sawDone || !m_finishReason.isEmpty();
    facts.streamError = m_streamError;
    facts.maxReplyBytes = m_options.maxReplyBytes;
    if (const std::optional<ApiError> error = ErrorClassifier::classifyAttempt(facts)) {
        endAttempt(*error);
        return;
    }
    if (m_isStream) {
        succeed();
        return;
    }
    const auto parsed = CompletionParser::parseCompletion(m_replyBody);
    if (const QString *problem = std::get_if<QString>(&parsed)) {
        endAttempt(replyError(ApiError::Kind::InvalidResponse, *problem));
        return;
    }
    const ChatResult &result = std::get<ChatResult>(parsed);
    m_text = result.text;
    m_finishReason = result.finishReason;
    m_model = result.model;
    m_usage = result.usage;
    if (!m_text.isEmpty()) {
        const quint64 step = m_step;
        Q_EMIT delta(m_text);
        if (step != m_step)
            return; // a slot of delta() ended the exchange (cancel): one ending only
    }
    succeed();
}

void ChatService::endAttempt(ApiError error)
{
    // A server may echo the key in its error text ("Incorrect API key provided: ..."); it
    // must not travel on in an ApiError, which front ends show and log as it is.
    if (!m_request.apiKey.isEmpty()) {
        Redactor redactor;
        redactor.addSecret(m_request.apiKey);
        for (QString *text : {&error.message, &error.code, &error.type, &error.param,
                              &error.redirectTarget, &error.requestId})
            *text = redactor.redact(*text);
    }
    // The attempt's failure is told first, then what it did to the breaker (which may
    // open it), then what happens next: the order a reader of the events expects.
    const quint64 step = m_step;
    if (error.kind != ApiError::Kind::Cancelled) {
        qCInfo(lcNet) << "attempt" << m_attempt << "failed:" << ApiError::kindName(error.kind)
                      << "status" << error.httpStatus;
        Q_EMIT attemptFailed(m_attempt, error, m_text);
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
        if (m_reply)
            abortReply(AbortCause::User); // ends through handleFinished()
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
    ChatResult result;
    result.text = m_text;
    result.finishReason = m_finishReason;
    result.model = m_model;
    result.requestId = m_requestId;
    result.usage = m_usage;
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
                [&] { Q_EMIT failed(error, m_text); });
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

void ChatService::completeAtDone()
{
    // [DONE] ends the reply whatever the connection does next: a server or proxy may hold
    // it open. The reply is left to drain on its own (so the connection can be reused),
    // and aborted if it does not end soon.
    QNetworkReply *reply = m_reply.release();
    reply->disconnect(this);
    connect(reply, &QNetworkReply::readyRead, reply, [reply] { reply->readAll(); });
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    QTimer::singleShot(kDrainAfterDone, reply, &QNetworkReply::abort);
    succeed();
}

void ChatService::finishExchange()
{
    stopHolding();
    m_silenceTold = false;
    m_retryTimer.stop();
    m_tickTimer.stop();
    m_phaseTimer.stop();
    m_deadlineTimer.stop();
    m_pendingRetry.reset();
    if (m_probe) { // cancelled between the probe's grant and its outcome
        currentBreaker()->releaseProbe();
        m_probe = false;
    }
    if (m_reply) {
        const auto reply = std::move(m_reply);
        reply->disconnect(this);
        reply->abort();
    }
}

} // namespace steadfast
