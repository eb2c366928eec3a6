// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/CompletionParser.h"

#include "core/protocol/JsonBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUtf8StringView>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

/// message.content / delta.content is a string, null, or (some servers) an array of parts.
std::optional<QString> contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    if (content.isNull() || content.isUndefined())
        return QString();
    if (content.isArray()) {
        QString text;
        for (const QJsonValue &part : content.toArray()) {
            const QJsonObject object = part.toObject();
            if (object.value(u"type"_s).toString() == u"text"_s)
                text += object.value(u"text"_s).toString();
        }
        return text;
    }
    return std::nullopt;
}

QString codeText(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString();
}

} // namespace

QJsonObject Usage::toJson() const
{
    return {{u"promptTokens"_s, promptTokens},
            {u"completionTokens"_s, completionTokens},
            {u"totalTokens"_s, totalTokens}};
}

std::optional<Usage> Usage::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    Usage usage;
    usage.promptTokens = object.value(u"prompt_tokens"_s).toInteger();
    usage.completionTokens = object.value(u"completion_tokens"_s).toInteger();
    usage.totalTokens = object.value(u"total_tokens"_s).toInteger();
    return usage;
}

QJsonObject ChatResult::toJson() const
{
    QJsonObject object{{u"text"_s, text},
                       {u"finishReason"_s, finishReason},
                       {u"model"_s, model},
                       {u"requestId"_s, requestId},
                       {u"attempts"_s, attempts}};
    if (usage)
        object.insert(u"usage"_s, usage->toJson());
    return object;
}

namespace CompletionParser {

std::variant<ChatResult, QString> parseCompletion(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return u"the reply body is empty"_s;
    const std::variant<QJsonObject, QString> object = parseJsonObject(body, u"the reply");
    if (const QString *problem = std::get_if<QString>(&object))
        return *problem;
    const QJsonObject root = std::get<QJsonObject>(object);
    // "error": null is no error object (parseStreamData reads it the same way).
    if (const QJsonValue error = root.value(u"error"_s); !error.isUndefined() && !error.isNull())
        return u"the reply carries an error object despite a success status"_s;
    const QJsonValue choices = root.value(u"choices"_s);
    if (!choices.isArray() || choices.toArray().isEmpty())
        return u"the reply has no choices"_s;
    const QJsonObject choice = choices.toArray().first().toObject();
    const QJsonValue message = choice.value(u"message"_s);
    if (!message.isObject())
        return u"the reply's first choice has no message"_s;
    const std::optional<QString> text = contentText(message.toObject().value(u"content"_s));
    if (!text)
        return u"the reply's message content is not text"_s;
    ChatResult result;
    result.text = *text;
    result.finishReason = choice.value(u"finish_reason"_s).toString();
    result.model = root.value(u"model"_s).toString();
    result.usage = Usage::fromJson(root.value(u"usage"_s));
    return result;
}

std::variant<StreamChunk, QString> parseStreamData(const QByteArray &data, const QString &eventName)
{
    StreamChunk chunk;
    const QByteArray trimmed = data.trimmed();
    if (trimmed == "[DONE]") {
        chunk.done = true;
        return chunk;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(withValidUtf8(trimmed), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (eventName == u"error"_s) {
            chunk.isError = true;
            chunk.errorMessage = QString::fromUtf8(trimmed.left(1000));
            return chunk;
        }
        return u"a stream event is not a JSON object"_s;
    }
    const QJsonObject root = document.object();
    const QJsonValue error = root.value(u"error"_s);
    if (eventName == u"error"_s || (!error.isUndefined() && !error.isNull())) {
        chunk.isError = true;
        const QJsonObject errorObject = error.isObject() ? error.toObject() : root;
        chunk.errorMessage =
                error.isString() ? error.toString() : errorObject.value(u"message"_s).toString();
        chunk.errorType = errorObject.value(u"type"_s).toString();
        chunk.errorCode = codeText(errorObject.value(u"code"_s));
        return chunk;
    }
    chunk.model = root.value(u"model"_s).toString();
    chunk.usage = Usage::fromJson(root.value(u"usage"_s));
    const QJsonValue choices = root.value(u"choices"_s);
    if (choices.isUndefined() || choices.isNull())
        return chunk; // e.g. a usage-only chunk
    if (!choices.isArray())
        return u"a stream chunk's choices is not an array"_s;
    const QJsonArray choiceArray = choices.toArray();
    if (choiceArray.isEmpty())
        return chunk;
    const QJsonObject choice = choiceArray.first().toObject();
    const QJsonValue delta = choice.value(u"delta"_s);
    if (delta.isObject()) {
        const std::optional<QString> text = contentText(delta.toObject().value(u"content"_s));
        if (!text)
            return u"a stream chunk's content is not text"_s;
        chunk.text = *text;
    } else if (!delta.isUndefined() && !delta.isNull()) {
        return u"a stream chunk's delta is not an object"_s;
    }
    chunk.finishReason = choice.value(u"finish_reason"_s).toString();
    return chunk;
}

} // namespace CompletionParser

} // namespace steadfast
