// SPDX-License-Identifier: GPL-3.0-or-later
// ChatService, the reply of one attempt: the request goes out through an HttpAttempt, whose
// facts (headers, body bytes, the end) are read here: the event stream or the JSON
// completion, and the verdict on the attempt. The rest of the service is in ChatService.cpp.
#include "core/net/ChatService.h"

#include "core/Logging.h"
#include "core/errors/ErrorClassifier.h"

using namespace Qt::StringLiterals;

namespace steadfast {

void ChatService::sendAttempt()
{
    m_current = {};
    const HttpRequest request{
            .url = m_request.endpointUrl(),
            .verb = HttpRequest::Verb::Post,
            .body = m_body,
            .apiKey = m_request.apiKey,
            .clientRequestId = m_clientRequestId.toLatin1(),
            .readsEventStreams = true,
            .asksForEventStream = m_request.stream,
            .connectTimeout = m_options.connectTimeout,
            .firstByteTimeout = m_options.firstByteTimeout,
            .idleTimeout = m_options.idleTimeout,
            .maxRedirects = m_options.maxRedirects,
            .maxErrorBodyBytes = m_options.maxErrorBodyBytes,
            .maxReplyBytes = m_options.maxReplyBytes,
    };
    m_current.http.reset(new HttpAttempt(m_network, request, this));
    HttpAttempt *http = m_current.http.get();
    connect(http, &HttpAttempt::phaseChanged, this, &ChatService::handlePhaseChanged);
    connect(http, &HttpAttempt::metaDataReceived, this, &ChatService::handleMetaData);
    connect(http, &HttpAttempt::bytesReceived, this, &ChatService::handleBytes);
    connect(http, &HttpAttempt::finished, this, &ChatService::handleAttemptFinished);
    http->start();
}

void ChatService::handlePhaseChanged(HttpAttempt::Phase phase)
{
    switch (phase) {
    case HttpAttempt::Phase::None:
    case HttpAttempt::Phase::Connect:
        m_tickTimer.stop();
        break;
    case HttpAttempt::Phase::FirstByte: // ticks tell "waiting for the model"
        m_tickTimer.start(m_options.tickInterval);
        break;
    case HttpAttempt::Phase::Body: // the same ticks tell a silent stream (streamSilent())
        m_current.silenceTold = false;
        m_tickTimer.start(m_options.tickInterval);
        break;
    }
}

void ChatService::handleMetaData()
{
    const HttpAttempt *http = m_current.http.get();
    const int status = http->httpStatus();
    const RawHeaders headers = http->responseHeaders();
    m_current.reply.requestId = http->requestId();
    qCInfo(lcNet) << "attempt" << m_attempt << "status" << status << "request id"
                  << m_current.reply.requestId;
    const quint64 step = m_step;
    Q_EMIT responseReceived(m_attempt, status, m_current.reply.requestId);
    if (step != m_step)
        return;
    const RateLimitInfo limits = RateLimitInfo::fromHeaders(headers);
    if (!limits.isEmpty()) {
        Q_EMIT rateLimitUpdated(limits);
        if (step != m_step)
            return;
    }
    if (status >= 200 && status < 300)
        setState(State::Streaming);
}

void ChatService::handleBytes(const QByteArray &data)
{
    if (std::exchange(m_current.silenceTold, false)) {
        const quint64 step = m_step;
        Q_EMIT streamSilent(0, m_options.idleTimeout.count());
        if (step != m_step)
            return; // a slot ended the exchange
    }
    HttpAttempt *http = m_current.http.get();
    const int status = http->httpStatus();
    if (!http->isEventStream() || status < 200 || status >= 300)
        return; // the attempt keeps the body (bounded) for the verdict
    const quint64 step = m_step;
    processSseEvents(m_current.sse.feed(data));
    if (step != m_step)
        return; // a slot of delta() ended the exchange
    if (m_current.sawDone && http->isRunning()) {
        completeAtDone();
        return;
    }
    if (!m_current.streamError && m_current.sse.overflowed()) {
        m_current.streamError = localError(ApiError::Kind::InvalidResponse,
                                           u"a stream event exceeds the size limit"_s);
        http->abort(AbortCause::BodyLimit);
    }
}

void ChatService::processSseEvents(const QList<SseEvent> &events)
{
    for (const SseEvent &event : events) {
        if (m_current.streamError || m_current.sawDone)
            return;
        if (event.data.isEmpty() && event.event.isEmpty())
            continue;
        const auto parsed = CompletionParser::parseStreamData(event.data, event.event);
        if (const QString *problem = std::get_if<QString>(&parsed)) {
            m_current.streamError = localError(ApiError::Kind::InvalidResponse, *problem);
            m_current.http->abort(AbortCause::BodyLimit);
            return;
        }
        const StreamChunk &chunk = std::get<StreamChunk>(parsed);
        if (chunk.done) {
            m_current.sawDone = true;
            return;
        }
        if (chunk.isError) {
            ApiError error = localError(ApiError::Kind::StreamInterrupted,
                                        chunk.errorMessage.isEmpty()
                                                ? u"the server sent an error inside the stream"_s
                                                : chunk.errorMessage);
            error.code = chunk.errorCode;
            error.type = chunk.errorType;
            // classifyAttempt() adds the reply's status and request id.
            m_current.streamError = error;
            m_current.http->abort(AbortCause::BodyLimit);
            return;
        }
        if (!chunk.model.isEmpty())
            m_current.reply.model = chunk.model;
        if (chunk.usage)
            m_current.reply.usage = chunk.usage;
        if (!chunk.finishReason.isEmpty())
            m_current.reply.finishReason = chunk.finishReason;
        if (!chunk.text.isEmpty()) {
            m_current.reply.text += chunk.text;
            const quint64 step = m_step;
            Q_EMIT delta(chunk.text);
            if (step != m_step)
                return;
        }
    }
}

void ChatService::completeAtDone()
{
    // [DONE] ends the reply whatever the connection does next: a server or proxy may hold
    // it open. The reply is left to drain on its own (so the connection can be reused).
    m_current.http->drain();
    succeed();
}

void ChatService::handleAttemptFinished()
{
    const HttpAttemptPtr http = std::move(m_current.http); // deleted later, on every path out
    m_tickTimer.stop();
    const HttpResult &result = http->result();
    if (result.redirectError) {
        endAttempt(*result.redirectError);
        return;
    }
    // Everything else is the classifier's verdict on the facts gathered.
    AttemptFacts facts = result.facts;
    facts.streamComplete = m_current.sawDone || !m_current.reply.finishReason.isEmpty();
    facts.streamError = m_current.streamError;
    if (const std::optional<ApiError> error = ErrorClassifier::classifyAttempt(facts)) {
        endAttempt(*error);
        return;
    }
    if (facts.isStream) {
        succeed();
        return;
    }
    const auto parsed = CompletionParser::parseCompletion(facts.body);
    if (const QString *problem = std::get_if<QString>(&parsed)) {
        ApiError error = localError(ApiError::Kind::InvalidResponse, *problem);
        error.httpStatus = facts.httpStatus;
        error.requestId = facts.requestId;
        endAttempt(error);
        return;
    }
    const QString requestId = m_current.reply.requestId; // the headers', not the body's
    m_current.reply = std::get<ChatResult>(parsed);
    m_current.reply.requestId = requestId;
    if (!m_current.reply.text.isEmpty()) {
        const quint64 step = m_step;
        Q_EMIT delta(m_current.reply.text);
        if (step != m_step)
            return; // a slot of delta() ended the exchange (cancel): one ending only
    }
    succeed();
}

} // namespace steadfast
