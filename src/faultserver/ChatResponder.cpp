// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/ChatResponder.h"

#include "faultserver/OpenAiErrors.h"
#include "faultserver/StepReply.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

namespace {

constexpr int requestLimit = 500;  // x-ratelimit-limit-requests (per minute)
constexpr int tokenLimit = 200000; // x-ratelimit-limit-tokens (per minute)

/// Go's time.Duration format, as OpenAI sends in x-ratelimit-reset-*: "0s", "120ms",
/// "1.5s", "6m0s", "1h2m3s".
QByteArray goDuration(qint64 ms)
{
    if (ms <= 0)
        return "0s";
    if (ms < 1000)
        return QByteArray::number(ms) + "ms";
    const qint64 hours = ms / 3600000;
    const qint64 minutes = ms / 60000 % 60;
    const qint64 millis = ms % 60000;
    QByteArray seconds = QByteArray::number(millis / 1000);
    if (millis % 1000 != 0) {
        QByteArray fraction = QByteArray::number(millis % 1000).rightJustified(3, '0');
        while (fraction.endsWith('0'))
            fraction.chop(1);
        seconds += '.' + fraction;
    }
    QByteArray text;
    if (hours > 0)
        text += QByteArray::number(hours) + 'h';
    if (hours > 0 || minutes > 0)
        text += QByteArray::number(minutes) + 'm';
    return text + seconds + 's';
}

/// The text of a message's content: a string, or the text parts of an array of parts.
QString contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    const QJsonArray array = content.toArray();
    for (const QJsonValue &part : array) {
        const QJsonObject object = part.toObject();
        if (object.value(u"type"_s).toString() == u"text"_s)
            parts.append(object.value(u"text"_s).toString());
    }
    return parts.join(u'\n');
}

int wordCount(const QString &text)
{
    const QString simplified = text.simplified();
    return simplified.isEmpty() ? 0 : int(simplified.count(u' ')) + 1;
}

/// The first `count` characters (code points, so a surrogate pair is never split).
QString firstCharacters(const QString &text, int count, bool *cut)
{
    qsizetype end = 0;
    int taken = 0;
    while (end < text.size() && taken < count) {
        end += (text.at(end).isHighSurrogate() && end + 1 < text.size()) ? 2 : 1;
        ++taken;
    }
    *cut = end < text.size();
    return text.left(end);
}

QString defaultReplyText(const QJsonArray &messages)
{
    QString last;
    for (const QJsonValue &message : messages) {
        const QJsonObject object = message.toObject();
        if (object.value(u"role"_s).toString() == u"user"_s)
            last = contentText(object.value(u"content"_s));
    }
    const QString simplified = last.simplified();
    const int words = wordCount(simplified);
    bool cut = false;
    QString excerpt = firstCharacters(simplified, 40, &cut);
    if (cut)
        excerpt = excerpt.trimmed() + u'\u2026';
    return u"This is the Steadfast fault server. Your message had %1 %2 and began: \"%3\"."_s.arg(
            QString::number(words), words == 1 ? u"word"_s : u"words"_s, excerpt);
}

/// Word-ish pieces, each a run of spaces followed by a run of non-spaces (" word"), as
/// tokenizers split; concatenated they give the text back exactly.
QStringList splitIntoPieces(const QString &text)
{
    QStringList pieces;
    qsizetype start = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && text.at(i).isSpace())
            ++i;
        while (i < text.size() && !text.at(i).isSpace())
            ++i;
        pieces.append(text.mid(start, i - start));
        start = i;
    }
    return pieces;
}

FaultBody sseEvent(const QByteArray &data)
{
    return {{"data: " + data + "\n\n"}};
}

} // namespace

ChatResponder::ChatResponder(const FaultHttpRequest &request, const FaultStep &step, qint64 seq,
                             const ChatContext &context)
    : m_request(request)
    , m_step(step)
    , m_seq(seq)
    , m_context(context)
{
}

FaultReply ChatResponder::respond()
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_request.body, &parseError);
    m_parsed = parseError.error == QJsonParseError::NoError && document.isObject();
    m_body = document.object();
    m_model = m_body.value(u"model"_s).toString();
    m_streamRequested = m_body.value(u"stream"_s).toBool();
    m_messages = m_body.value(u"messages"_s).toArray();

    if (isConnectionAction(m_step) && !resetsMidStream())
        return actionReply(m_step);

    m_idText = u"chatcmpl-"_s + QString::number(m_seq);
    m_headers = {{"Date", httpDate()},
                 {"Content-Type", "application/json"},
                 {"x-request-id", "req_" + QByteArray::number(m_seq)},
                 {"openai-processing-ms", "1"}};
    setRateLimitHeaders();

    FaultReply reply;
    const StepReply scripted{m_step, m_model, m_headers};
    if (scripted.buildScriptedError(scripted.status(), &reply)) {
        applyStepHeaders(m_step, &reply);
        return reply;
    }
    if (std::optional<FaultReply> invalid = invalidRequestReply()) {
        applyStepHeaders(m_step, &*invalid);
        return *invalid;
    }

    prepareText();
    setRateLimitHeaders();
    m_created = QDateTime::currentSecsSinceEpoch();
    reply = m_streamRequested ? streamReply() : completionReply();
    applyStepHeaders(m_step, &reply);
    return reply;
}

bool ChatResponder::resetsMidStream() const
{
    return m_step.action == FaultStep::Action::Reset && m_step.dropAfterChunks.has_value()
            && m_streamRequested;
}

void ChatResponder::setRateLimitHeaders()
{
    const qint64 requestsUsed = m_context.chatRequests;
    const qint64 tokensUsed = m_context.tokensUsed;
    setHeader(&m_headers, "x-ratelimit-limit-requests", QByteArray::number(requestLimit));
    setHeader(&m_headers, "x-ratelimit-limit-tokens", QByteArray::number(tokenLimit));
    setHeader(&m_headers, "x-ratelimit-remaining-requests",
              QByteArray::number(std::max<qint64>(0, requestLimit - requestsUsed)));
    setHeader(&m_headers, "x-ratelimit-remaining-tokens",
              QByteArray::number(std::max<qint64>(0, tokenLimit - tokensUsed)));
    setHeader(&m_headers, "x-ratelimit-reset-requests",
              goDuration(std::min<qint64>(requestsUsed, requestLimit) * 60000 / requestLimit));
    setHeader(&m_headers, "x-ratelimit-reset-tokens",
              goDuration(std::min<qint64>(tokensUsed, tokenLimit) * 60000 / tokenLimit));
}

std::optional<FaultReply> ChatResponder::invalidRequestReply() const
{
    QString invalid;
    QString param;
    if (!m_parsed) {
        invalid = u"We could not parse the JSON body of your request."_s;
    } else if (!m_body.value(u"model"_s).isString() || m_model.isEmpty()) {
        invalid = u"You must provide a model parameter."_s;
        param = u"model"_s;
    } else if (!m_body.value(u"messages"_s).isArray()) {
        invalid = u"Missing required parameter: 'messages'."_s;
        param = u"messages"_s;
    } else if (m_messages.isEmpty()) {
        invalid = u"[] is too short - 'messages'"_s;
        param = u"messages"_s;
    }
    if (invalid.isEmpty())
        return std::nullopt;
    FaultReply reply;
    reply.status = 400;
    reply.headers = m_headers;
    const QJsonValue paramValue =
            param.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(param);
    reply.body = {{errorBody(
            errorObject(400, m_model, {{u"message"_s, invalid}, {u"param"_s, paramValue}}))}};
    reply.summary = u"400 invalid request"_s;
    return reply;
}

void ChatResponder::prepareText()
{
    m_text = m_step.text                     ? *m_step.text
            : !m_context.replyText.isEmpty() ? m_context.replyText
                                             : defaultReplyText(m_messages);
    m_pieces = splitIntoPieces(m_text);
    int promptTokens = 0;
    for (const QJsonValue &message : std::as_const(m_messages))
        promptTokens += wordCount(contentText(message.toObject().value(u"content"_s))) + 3;
    const int completionTokens = int(m_pieces.size());
    m_usage = {{u"prompt_tokens"_s, promptTokens},
               {u"completion_tokens"_s, completionTokens},
               {u"total_tokens"_s, promptTokens + completionTokens}};
    m_context.tokensUsed += promptTokens + completionTokens;
}

QJsonObject ChatResponder::chunkFrame() const
{
    return {{u"id"_s, m_idText},
            {u"object"_s, u"chat.completion.chunk"_s},
            {u"created"_s, m_created},
            {u"model"_s, m_model}};
}

QByteArray ChatResponder::completion(const QString &content) const
{
    const QJsonObject message{{u"role"_s, u"assistant"_s}, {u"content"_s, content}};
    const QJsonObject choice{{u"index"_s, 0},
                             {u"message"_s, message},
                             {u"logprobs"_s, QJsonValue::Null},
                             {u"finish_reason"_s, u"stop"_s}};
    return compact(QJsonObject{{u"id"_s, m_idText},
                               {u"object"_s, u"chat.completion"_s},
                               {u"created"_s, m_created},
                               {u"model"_s, m_model},
                               {u"system_fingerprint"_s, u"fp_steadfast"_s},
                               {u"choices"_s, QJsonArray{choice}},
                               {u"usage"_s, m_usage}});
}

QByteArray ChatResponder::chunk(const QJsonObject &delta, const QJsonValue &finishReason) const
{
    const QJsonObject choice{{u"index"_s, 0},
                             {u"delta"_s, delta},
                             {u"logprobs"_s, QJsonValue::Null},
                             {u"finish_reason"_s, finishReason}};
    QJsonObject object = chunkFrame();
    object.insert(u"system_fingerprint"_s, u"fp_steadfast"_s);
    object.insert(u"choices"_s, QJsonArray{choice});
    return compact(object);
}

FaultReply ChatResponder::completionReply() const
{
    const QString marker = QString::fromLatin1(padMarker);
    const QByteArray wrongShape = compact(QJsonObject{{u"id"_s, m_idText},
                                                      {u"object"_s, u"chat.completion"_s},
                                                      {u"created"_s, m_created},
                                                      {u"model"_s, m_model},
                                                      {u"result"_s, m_text}});
    FaultReply reply;
    StepReply{m_step, m_model, m_headers}.buildJsonBody(
            {completion(m_text), completion(m_text + u' ' + marker),
             replaceMarker(completion(m_text + marker), badUtf8Bytes), wrongShape},
            &reply);
    return reply;
}

std::optional<FaultBody> ChatResponder::malformedEvent() const
{
    switch (m_step.malformed) {
    case FaultStep::Malformed::None:
        break;
    case FaultStep::Malformed::NotJson:
        return sseEvent("<this is not JSON> upstream returned garbage {");
    case FaultStep::Malformed::TruncatedJson: {
        const QByteArray json = chunk({{u"content"_s, u"cut"_s}}, QJsonValue::Null);
        return sseEvent(json.left(json.size() / 2));
    }
    case FaultStep::Malformed::WrongShape:
        return sseEvent(compact(chunkFrame()));
    case FaultStep::Malformed::BadUtf8:
        return sseEvent(replaceMarker(
                chunk({{u"content"_s, QString::fromLatin1(padMarker)}}, QJsonValue::Null),
                badUtf8Bytes));
    case FaultStep::Malformed::Empty:
        return FaultBody{{"data: \n\n"}};
    }
    return std::nullopt;
}

/// A stream: role delta, content pieces, finish, (usage), [DONE], with the step's breaks.
FaultReply ChatResponder::streamReply() const
{
    QList<FaultBody> events;
    events.append(sseEvent(
            chunk({{u"role"_s, u"assistant"_s}, {u"content"_s, u""_s}}, QJsonValue::Null)));
    if (const std::optional<FaultBody> malformed = malformedEvent())
        events.append(*malformed);
    if (m_step.oversizeBytes > 0) {
        // One content event of exactly oversizeBytes bytes ("data: {...}\n\n"), made of 'x'.
        const QByteArray json =
                chunk({{u"content"_s, QString::fromLatin1(padMarker)}}, QJsonValue::Null);
        events.append(paddedBody("data: " + json + "\n\n", m_step.oversizeBytes));
    }
    const std::optional<int> limit = m_step.stallAfterChunks ? m_step.stallAfterChunks
            : m_step.dropAfterChunks                         ? m_step.dropAfterChunks
                                                             : m_step.errorAfterChunks;
    const qsizetype contentCount =
            limit ? std::min<qsizetype>(*limit, m_pieces.size()) : m_pieces.size();
    for (qsizetype i = 0; i < contentCount; ++i)
        events.append(sseEvent(chunk({{u"content"_s, m_pieces.at(i)}}, QJsonValue::Null)));

    FaultReply reply;
    reply.summary = u"200 stream"_s;
    endStream(contentCount, &events, &reply);
    if (m_step.holdOpen && reply.streamEnd == FaultReply::StreamEnd::Finish
        && m_step.action != FaultStep::Action::Truncate) {
        // The whole stream, then neither the chunked body's end nor a close.
        reply.streamEnd = FaultReply::StreamEnd::Hold;
        reply.summary += u" held open"_s;
    }
    reply.status = m_step.status == 0 ? 200 : m_step.status; // any 2xx plays the healthy reply
    reply.headers = m_headers;
    setHeader(&reply.headers, "Content-Type", "text/event-stream; charset=utf-8");
    setHeader(&reply.headers, "Cache-Control", "no-cache");
    if (m_step.action == FaultStep::Action::Truncate) {
        // A torn stream: the whole stream announced with Content-Length, half of it sent.
        for (const FaultBody &event : std::as_const(events))
            reply.body += event;
    } else {
        reply.streaming = true;
        reply.events = events;
        reply.eventDelay = m_step.chunkDelay.value_or(m_context.chunkDelay);
    }
    return reply;
}

void ChatResponder::endStream(qsizetype contentCount, QList<FaultBody> *events,
                              FaultReply *reply) const
{
    if (m_step.stallAfterChunks) {
        reply->streamEnd = FaultReply::StreamEnd::Stall;
        reply->summary += u" stall after %1"_s.arg(contentCount);
    } else if (m_step.dropAfterChunks) {
        const bool reset = resetsMidStream();
        reply->streamEnd = reset ? FaultReply::StreamEnd::Reset : FaultReply::StreamEnd::Drop;
        reply->summary += (reset ? u" reset after %1"_s : u" drop after %1"_s).arg(contentCount);
    } else if (m_step.errorAfterChunks) {
        events->append(sseEvent(errorBody(errorObject(500, m_model, m_step.error))));
        reply->summary += u" error after %1"_s.arg(contentCount);
    } else {
        if (!m_step.noFinish)
            events->append(sseEvent(chunk(QJsonObject(), u"stop"_s)));
        const bool includeUsage =
                m_body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool();
        if (includeUsage) {
            QJsonObject usageChunk = chunkFrame();
            usageChunk.insert(u"choices"_s, QJsonArray());
            usageChunk.insert(u"usage"_s, m_usage);
            events->append(sseEvent(compact(usageChunk)));
        }
        if (!m_step.omitDone)
            events->append(FaultBody{{"data: [DONE]\n\n"}});
        else
            reply->close = true;
        if (m_step.noFinish)
            reply->summary += u" no finish"_s;
        if (m_step.omitDone)
            reply->summary += u" no [DONE]"_s;
    }
}

} // namespace steadfast::faultserver
