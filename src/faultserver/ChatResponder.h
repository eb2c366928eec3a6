// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server.
#pragma once

#include "faultserver/FaultScript.h"
#include "faultserver/HttpMessage.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

namespace steadfast::faultserver {

/// What the chat endpoint reads from the server, and the token count it adds to.
struct ChatContext
{
    QString replyText; // "": the built-in sentence about the last user message
    std::chrono::milliseconds chunkDelay;
    int chatRequests;   // since the server's reset(), this request included
    qint64 &tokensUsed; // since the server's reset(); a healthy reply adds its usage
};

/// Answers one POST {prefix}/chat/completions under the step it consumed: the step's
/// connection action, its scripted error, the server's own checks of the request (as the
/// real API makes them), then a completion or an SSE stream broken as the step says. The
/// rate-limit headers count the requests and tokens since the server's reset().
class ChatResponder
{
public:
    ChatResponder(const FaultHttpRequest &request, const FaultStep &step, qint64 seq,
                  const ChatContext &context);

    FaultReply respond();

private:
    /// "reset" with dropAfterChunks on a stream: the chunks, then a RST instead of a FIN.
    bool resetsMidStream() const;
    void setRateLimitHeaders();
    /// The server's own checks; a 400 reply when the request is not a chat request.
    std::optional<FaultReply> invalidRequestReply() const;
    /// The reply text, cut into pieces, and the usage it adds to the token count.
    void prepareText();

    QByteArray completion(const QString &content) const;
    QByteArray chunk(const QJsonObject &delta, const QJsonValue &finishReason) const;
    /// A chunk object without choices (the wrong shape and the usage chunk start from it).
    QJsonObject chunkFrame() const;

    FaultReply completionReply() const;
    FaultReply streamReply() const;
    /// The event a malformed stream step puts after the role delta (none for None).
    std::optional<FaultBody> malformedEvent() const;
    /// How the stream ends after its content: stall, drop/reset, an error event, or
    /// finish, usage and [DONE] (each as the step allows).
    void endStream(qsizetype contentCount, QList<FaultBody> *events, FaultReply *reply) const;

    const FaultHttpRequest &m_request;
    FaultStep m_step;
    qint64 m_seq;
    ChatContext m_context;
    bool m_parsed = false;
    QJsonObject m_body;
    QString m_model;
    bool m_streamRequested = false;
    QJsonArray m_messages;
    HeaderList m_headers;
    QString m_idText;
    qint64 m_created = 0;
    QString m_text;
    QStringList m_pieces;
    QJsonObject m_usage;
};

} // namespace steadfast::faultserver
