// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/ChatRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace steadfast {

QUrl appendPath(const QUrl &baseUrl, const QString &path)
{
    QUrl url = baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    QString tail = path;
    while (tail.startsWith(u'/'))
        tail.remove(0, 1);
    url.setPath(basePath + u'/' + tail);
    return url;
}

QUrl ChatRequest::endpointUrl() const
{
    return appendPath(baseUrl, u"chat/completions"_s);
}

QByteArray ChatRequest::toJson() const
{
    QJsonArray jsonMessages;
    for (const ChatMessage &message : messages)
        jsonMessages.append(
                QJsonObject{{u"role"_s, message.role}, {u"content"_s, message.content}});
    QJsonObject body{{u"model"_s, model}, {u"messages"_s, jsonMessages}, {u"stream"_s, stream}};
    if (stream) // usage arrives in a last chunk only when asked for (docs/decisions.md)
        body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    if (temperature)
        body.insert(u"temperature"_s, *temperature);
    if (maxTokens)
        body.insert(u"max_tokens"_s, *maxTokens);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace steadfast
