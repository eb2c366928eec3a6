// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>
#include <variant>

namespace steadfast {

struct Usage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 totalTokens = 0;

    QJsonObject toJson() const;
    static std::optional<Usage> fromJson(const QJsonValue &value);
    friend bool operator==(const Usage &, const Usage &) = default;
};

/// A completed reply: what `finished` carries.
struct ChatResult
{
    QString text;
    QString finishReason; // "stop", "length", … (empty if the server sent none)
    QString model;        // as the server named it
    QString requestId;    // x-request-id of the reply that succeeded
    std::optional<Usage> usage;
    int attempts = 0; // how many attempts the exchange took

    QJsonObject toJson() const;
};

/// One decoded `data:` payload of a chat-completions stream.
struct StreamChunk
{
    bool done = false;    // the `[DONE]` sentinel
    QString text;         // choices[0].delta.content (may be empty)
    QString finishReason; // choices[0].finish_reason, when this chunk carries it
    QString model;
    std::optional<Usage> usage;
    bool isError = false; // an `error` payload inside the stream
    QString errorMessage, errorType, errorCode;
};

/// Parsers for what a chat-completions endpoint sends back. They never throw and never
/// trust the input: anything unexpected comes back as a short description (the caller
/// turns it into an InvalidResponse error).
namespace CompletionParser {
std::variant<ChatResult, QString> parseCompletion(const QByteArray &body);
/// eventName is the SSE `event:` field (some servers send `event: error`).
std::variant<StreamChunk, QString> parseStreamData(const QByteArray &data,
                                                   const QString &eventName = {});
} // namespace CompletionParser

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::ChatResult)
