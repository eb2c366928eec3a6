// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <optional>

namespace steadfast {

struct ChatMessage
{
    QString role; // "system", "user" or "assistant"
    QString content;

    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

/// Everything one chat-completions exchange needs. Checked by validateRequest() (Validation.h)
/// before anything is sent.
struct ChatRequest
{
    QUrl baseUrl;   // e.g. http://127.0.0.1:11434/v1 ; "/chat/completions" is appended
    QString apiKey; // may be empty (loopback servers need none); never logged
    QString model;
    QList<ChatMessage> messages;
    bool stream = true;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    /// Consent to send the key over plain http to a host that is not loopback.
    bool allowInsecureKey = false;

    /// The endpoint URL: baseUrl with "/chat/completions" appended to its path.
    QUrl endpointUrl() const;
    /// The JSON body as the chat-completions API expects it.
    QByteArray toJson() const;
};

/// baseUrl + "/" + path, with exactly one slash between them.
QUrl appendPath(const QUrl &baseUrl, const QString &path);

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::ChatRequest)
