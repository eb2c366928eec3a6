// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HttpAttempt.h"

#include "core/Logging.h"
#include "core/net/HttpPolicy.h"
#include "core/net/Redactor.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace steadfast {

namespace {

constexpr qint64 kReadBufferSize = 256 * 1024;
constexpr milliseconds kDrainAfterDone{2000};

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

} // namespace

HttpAttempt::HttpAttempt(QNetworkAccessManager *network, HttpRequest request, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_request(std::move(request))
{
    m_phaseTimer.setSingleShot(true);
    // A timeout must not fire before its limit ("nothing for 30 s" means 30 s).
    m_phaseTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_phaseTimer, &QTimer::timeout, this, &HttpAttempt::handlePhaseTimeout);
}

HttpAttempt::~HttpAttempt()
{
    releaseReply();
}

void HttpAttemptDeleter::operator()(HttpAttempt *attempt) const
{
    attempt->stop();
    attempt->deleteLater();
}

QNetworkRequest HttpAttempt::makeRequest(const HttpRequest &request, const QUrl &url)
{
    QNetworkRequest networkRequest(url);
    if (request.verb == HttpRequest::Verb::Post)
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    // A stream request accepts JSON too: servers that cannot stream (Prism) answer
    // "stream": true with a whole JSON reply, and only fail (500) if SSE is all we accept.
    networkRequest.setRawHeader("Accept",
                                request.asksForEventStream ? "application/json, text/event-stream"
                                                           : "application/json");
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader,
                             u"Steadfast/%1"_s.arg(QStringLiteral(STEADFAST_VERSION)));
    if (!request.clientRequestId.isEmpty())
        networkRequest.setRawHeader("X-Client-Request-Id", request.clientRequestId);
    if (!request.apiKey.isEmpty())
        networkRequest.setRawHeader("Authorization", "Bearer " + request.apiKey.toUtf8());
    // Redirects are judged here, not by Qt: only same origin or http→https on the same host.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                                QNetworkRequest::AlwaysNetwork);
    return networkRequest;
}

ApiError HttpAttempt::redacted(ApiError error, const QString &apiKey)
{
    if (apiKey.isEmpty())
        return error;
    Redactor redactor;
    redactor.addSecret(apiKey);
    for (QString *text : {&error.message, &error.code, &error.type, &error.param,
                          &error.redirectTarget, &error.requestId})
        *text = redactor.redact(*text);
    return error;
}

RawHeaders HttpAttempt::redactedRequestHeaders() const
{
    const QNetworkRequest request =
            makeRequest(m_request, m_result.url.isEmpty() ? m_request.url : m_result.url);
    Redactor redactor;
    redactor.addSecret(m_request.apiKey);
    RawHeaders headers;
    const QList<QByteArray> names = request.rawHeaderList();
    for (const QByteArray &name : names)
        headers.append({name, redactor.redact(request.rawHeader(name))});
    return headers;
}

bool HttpAttempt::isRunning() const
{
    return m_reply && !m_over;
}

void HttpAttempt::start()
{
    if (m_over || m_reply || m_phase != Phase::None)
        return;
    sendTo(m_request.url);
}

void HttpAttempt::sendTo(const QUrl &url)
{
    releaseReply(); // cannot happen by design; never leave a reply running unwatched
    m_phase = Phase::None;
    m_requestSent = false;
    m_uploadLeft = -1;
    m_status = 0;
    m_requestId.clear();
    m_headers.clear();
    m_isStream = false;
    m_body.clear();
    m_abortCause = AbortCause::None;
    m_timedOutPhase = ApiError::TimeoutPhase::None;
    m_timeoutLimit = 0ms;
    m_result.url = url;

    const QNetworkRequest request = makeRequest(m_request, url);
    m_reply.reset(m_request.verb == HttpRequest::Verb::Post
                          ? m_network->post(request, m_request.body)
                          : m_network->get(request));
    m_reply->setReadBufferSize(kReadBufferSize);
    connect(m_reply.get(), &QNetworkReply::requestSent, this, &HttpAttempt::handleRequestSent);
    connect(m_reply.get(), &QNetworkReply::uploadProgress, this,
            &HttpAttempt::handleUploadProgress);
    connect(m_reply.get(), &QNetworkReply::metaDataChanged, this, [this] {
        if (m_reply && m_phase != Phase::Body)
            readHeaders(*m_reply);
    });
    connect(m_reply.get(), &QNetworkReply::readyRead, this, &HttpAttempt::handleReadyRead);
    connect(m_reply.get(), &QNetworkReply::finished, this, &HttpAttempt::handleFinished);
    enterPhase(Phase::Connect);
}

void HttpAttempt::enterPhase(Phase phase)
{
    m_phase = phase;
    m_phaseClock.start();
    const milliseconds limit = limitOf(phase);
    if (limit > 0ms)
        m_phaseTimer.start(limit);
    else
        m_phaseTimer.stop();
    if (phase == Phase::Body)
        m_silenceClock.start();
    Q_EMIT phaseChanged(phase);
}

void HttpAttempt::handleRequestSent()
{
    // Qt 6.4 emits requestSent() once the headers and the first piece of the body are
    // written, not the whole body: a peer that stops reading mid-body must time out in the
    // connect phase, so the phase also waits for uploadProgress() to report the body out.
    // QNetworkAccessManager may resend by itself after a dropped connection: stay in, or
    // go back to, waiting for the first byte.
    // Qt may tell of the upload while an abort unwinds it: the attempt stays where it ended.
    m_requestSent = true;
    if (m_phase == Phase::Connect && m_uploadLeft <= 0 && m_abortCause == AbortCause::None)
        enterPhase(Phase::FirstByte);
}

void HttpAttempt::handleUploadProgress(qint64 sent, qint64 total)
{
    m_uploadLeft = total > 0 ? std::max<qint64>(0, total - sent) : 0;
    if (m_phase == Phase::Connect && m_requestSent && m_uploadLeft == 0
        && m_abortCause == AbortCause::None)
        enterPhase(Phase::FirstByte);
}

bool HttpAttempt::readHeaders(const QNetworkReply &reply)
{
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return true;
    m_status = status.toInt();
    m_headers = reply.rawHeaderPairs();
    m_requestId = ErrorClassifier::requestIdFromHeaders(m_headers);
    m_isStream = m_request.readsEventStreams
            && reply.header(QNetworkRequest::ContentTypeHeader)
                       .toString()
                       .contains(u"text/event-stream"_s, Qt::CaseInsensitive);
    enterPhase(Phase::Body);
    if (m_over)
        return false;
    Q_EMIT metaDataReceived();
    return !m_over;
}

void HttpAttempt::handleReadyRead()
{
    if (!m_reply)
        return;
    if (m_phase != Phase::Body && (!readHeaders(*m_reply) || !m_reply))
        return; // a slot ended the attempt
    if (m_phase == Phase::Body) {
        if (m_request.idleTimeout > 0ms) // bytes arrived: the idle clock restarts
            m_phaseTimer.start(m_request.idleTimeout);
        m_silenceClock.start();
    }
    takeBody(m_reply->readAll());
}

bool HttpAttempt::takeBody(const QByteArray &data)
{
    if (data.isEmpty() || HttpPolicy::isRedirectStatus(m_status)
        || m_abortCause != AbortCause::None)
        return true; // the body of a redirect is of no interest; nor one being aborted
    const bool success = isSuccess(m_status);
    if (success && !m_isStream && m_request.readsEventStreams && m_request.asksForEventStream
        && m_body.isEmpty() && (data.startsWith("data:") || data.startsWith(":"))) {
        m_isStream = true; // an event stream sent without its Content-Type
    }
    Q_EMIT bytesReceived(data);
    if (m_over)
        return false;
    if (success && m_isStream)
        return true; // the reader keeps what it needs
    const qint64 limit = success ? m_request.maxReplyBytes : m_request.maxErrorBodyBytes;
    m_body.append(data.left(limit + 1 - m_body.size()));
    if (m_body.size() > limit) {
        m_body.truncate(limit);
        abort(AbortCause::BodyLimit); // classified with what was read
    }
    return true;
}

void HttpAttempt::abort(AbortCause cause)
{
    if (m_over)
        return;
    m_abortCause = cause;
    if (!m_reply)
        return; // being finished: the cause is read there
    if (cause == AbortCause::BodyLimit) {
        // Called from the reply's own readyRead: aborting inside it makes Qt report the
        // error twice ("Internal problem, this method must only be called once"). Abort
        // from the event loop instead; takeBody() drops whatever arrives until then.
        QMetaObject::invokeMethod(m_reply.get(), &QNetworkReply::abort, Qt::QueuedConnection);
        return;
    }
    m_reply->abort(); // emits finished() synchronously: handleFinished() runs now
}

void HttpAttempt::timeOut(ApiError::TimeoutPhase phase, milliseconds limit)
{
    if (m_over)
        return;
    m_timedOutPhase = phase;
    m_timeoutLimit = limit;
    abort(AbortCause::Timeout);
}

milliseconds HttpAttempt::limitOf(Phase phase) const
{
    return phase == Phase::Connect      ? m_request.connectTimeout
            : phase == Phase::FirstByte ? m_request.firstByteTimeout
            : phase == Phase::Body      ? m_request.idleTimeout
                                        : 0ms;
}

namespace {

/// A clock's reading, no more than limit when there is one (> 0).
qint64 readingUpTo(const QElapsedTimer &clock, milliseconds limit)
{
    if (!clock.isValid())
        return 0;
    return limit > 0ms ? std::min(clock.elapsed(), qint64(limit.count())) : clock.elapsed();
}

} // namespace

qint64 HttpAttempt::msInPhase() const
{
    // In the body the timer measures the silence, not the phase (silentMs()).
    return readingUpTo(m_phaseClock, m_phase == Phase::Body ? 0ms : limitOf(m_phase));
}

qint64 HttpAttempt::silentMs() const
{
    return readingUpTo(m_silenceClock, m_request.idleTimeout);
}

void HttpAttempt::handlePhaseTimeout()
{
    switch (m_phase) {
    case Phase::Connect:
        timeOut(ApiError::TimeoutPhase::Connect, m_request.connectTimeout);
        break;
    case Phase::FirstByte:
        timeOut(ApiError::TimeoutPhase::FirstByte, m_request.firstByteTimeout);
        break;
    case Phase::Body:
        timeOut(ApiError::TimeoutPhase::Idle, m_request.idleTimeout);
        break;
    case Phase::None:
        break;
    }
}

void HttpAttempt::handleFinished()
{
    const auto reply = std::move(m_reply); // deleteLater() on every path out of here
    if (!reply || m_over)
        return;
    reply->disconnect(this);
    if (m_abortCause == AbortCause::None) {
        if (m_phase != Phase::Body && !readHeaders(*reply))
            return;                      // a slot ended the attempt
        if (!takeBody(reply->readAll())) // whatever arrived with the end of the reply
            return;
    }
    m_phaseTimer.stop();
    const Phase phase = std::exchange(m_phase, Phase::None);
    m_result.url = reply->url();
    m_result.redirects = m_redirects;

    // Redirects are routing: follow the allowed ones, refuse the rest.
    if (m_abortCause == AbortCause::None && HttpPolicy::isRedirectStatus(m_status)) {
        finishRedirect(*reply);
        return;
    }
    AttemptFacts &facts = m_result.facts;
    facts = {};
    facts.abort = m_abortCause;
    facts.timedOutPhase = m_timedOutPhase;
    facts.timeoutLimit = m_timeoutLimit;
    facts.host = HttpPolicy::hostOf(reply->url());
    facts.networkError = reply->error();
    facts.errorString = reply->errorString();
    facts.httpStatus = m_status;
    facts.headersSeen = phase == Phase::Body;
    facts.headers = reply->rawHeaderPairs();
    facts.body = m_body;
    facts.requestId = m_requestId;
    facts.isStream = m_isStream;
    facts.maxReplyBytes = m_request.maxReplyBytes;
    finish();
}

void HttpAttempt::finishRedirect(const QNetworkReply &reply)
{
    const QUrl target = reply.url().resolved(
            reply.attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
    if (!target.isValid() || target.isEmpty()) {
        ApiError error = localError(ApiError::Kind::InvalidResponse,
                                    u"a redirect (HTTP %1) without a Location"_s.arg(m_status));
        error.httpStatus = m_status;
        m_result.redirectError = error;
        finish();
        return;
    }
    if (HttpPolicy::isRedirectAllowed(reply.url(), target)
        && m_redirects < m_request.maxRedirects) {
        ++m_redirects;
        qCInfo(lcNet) << "following redirect" << m_status << "to" << HttpPolicy::hostOf(target);
        Q_EMIT redirected(target);
        if (!m_over)
            sendTo(target);
        return;
    }
    ApiError error = localError(
            ApiError::Kind::Redirect,
            m_redirects >= m_request.maxRedirects
                    ? u"too many redirects (last to %1)"_s.arg(target.toDisplayString())
                    : u"refused a redirect to another origin: %1"_s.arg(target.toDisplayString()));
    error.httpStatus = m_status;
    error.requestId = m_requestId;
    error.redirectTarget = target.toDisplayString();
    m_result.redirectError = redacted(error, m_request.apiKey);
    finish();
}

void HttpAttempt::finish()
{
    m_over = true;
    Q_EMIT finished();
}

ApiError HttpAttempt::localError(ApiError::Kind kind, const QString &message) const
{
    return HttpPolicy::localError(kind, message, HttpPolicy::hostOf(m_request.url));
}

void HttpAttempt::stop()
{
    m_over = true;
    m_phaseTimer.stop();
    m_phase = Phase::None;
    releaseReply();
}

void HttpAttempt::drain()
{
    m_over = true;
    m_phaseTimer.stop();
    m_phase = Phase::None;
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply.release();
    reply->disconnect(this);
    connect(reply, &QNetworkReply::readyRead, reply, [reply] { reply->readAll(); });
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    QTimer::singleShot(kDrainAfterDone, reply, &QNetworkReply::abort);
}

void HttpAttempt::releaseReply()
{
    if (!m_reply)
        return;
    const auto reply = std::move(m_reply);
    reply->disconnect(this);
    reply->abort();
}

} // namespace steadfast
