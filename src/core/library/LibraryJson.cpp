// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary: export as JSON (the library's own format, LibraryJson.h) and Markdown.
#include "core/library/ConversationLibrary.h"

#include "core/library/LibraryJson.h"
#include "core/library/LibraryPrivate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace steadfast {

using namespace LibraryJson;

namespace {

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QByteArray ConversationLibrary::exportJson(const QStringList &conversationIds) const
{
    QJsonArray conversations;
    for (const QString &id : conversationIds) {
        if (std::optional<QJsonObject> object = d->exportConversation(id))
            conversations.append(*object);
    }
    const QJsonObject root{
            {kFormat, kFormatName}, {kVersion, exportVersion}, {kConversations, conversations}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray ConversationLibrary::exportLibraryJson() const
{
    if (!d->open)
        return {};
    // In the order they were created (or imported): an import gives them the same order.
    QSqlQuery query = d->prepare(u"SELECT id FROM conversations ORDER BY rowid"_s);
    QStringList ids;
    if (!d->exec(query, u"Could not read the list of conversations"_s))
        d->readFailed(d->lastError);
    while (query.next())
        ids.append(query.value(0).toString());
    return exportJson(ids);
}

std::optional<QJsonObject> ConversationLibrary::Private::exportConversation(const QString &id) const
{
    QSqlQuery conversation = prepare(uR"(
SELECT c.title, c.title_edited, c.created, c.updated, c.pinned, c.trashed, c.settings, c.draft,
       (SELECT m.id FROM messages m WHERE m.row = c.selected_root AND m.conversation = c.id
            AND m.parent IS NULL AND m.deleted = 0)
FROM conversations c WHERE c.id = ?)"_s);
    conversation.addBindValue(id);
    if (!exec(conversation, u"Could not export the conversation"_s)) {
        readFailed(lastError);
        return std::nullopt;
    }
    if (!conversation.next())
        return std::nullopt;
    QJsonObject object{
            {kId, id},
            {kTitle, conversation.value(0).toString()},
            {kTitleEdited, conversation.value(1).toBool()},
            {kCreated, isoTime(timeFromMs(conversation.value(2)))},
            {kUpdated, isoTime(timeFromMs(conversation.value(3)))},
            {kPinned, conversation.value(4).toBool()},
            {kSettings, QJsonDocument::fromJson(conversation.value(6).toByteArray()).object()},
            {kDraft, conversation.value(7).toString()},
    };
    if (!conversation.value(5).isNull())
        object.insert(kTrashed, isoTime(timeFromMs(conversation.value(5))));
    if (!conversation.value(8).isNull())
        object.insert(kSelectedRoot, conversation.value(8).toString());

    // Columns as messageColumns() (siblings not needed), then the selected child's id.
    QSqlQuery messages = prepare(uR"(
SELECT m.row, m.id, m.conversation, p.id, m.kind, m.created, m.text, m.streaming, m.extra, 0, 1,
       (SELECT s.id FROM messages s WHERE s.row = m.selected_child AND s.parent = m.row
            AND s.deleted = 0)
FROM messages m LEFT JOIN messages p ON p.row = m.parent
WHERE m.conversation = ? AND m.deleted = 0 ORDER BY m.row)"_s);
    messages.addBindValue(id);
    if (!exec(messages, u"Could not export the conversation's messages"_s)) {
        readFailed(lastError);
        return std::nullopt;
    }
    QJsonArray array;
    while (messages.next()) {
        const std::optional<ConversationItem> item = itemFromQuery(messages);
        if (!item)
            continue;
        QJsonObject message = item->toJson();
        if (!item->parentId.isEmpty())
            message.insert(kParent, item->parentId);
        if (!messages.value(11).isNull())
            message.insert(kSelectedChild, messages.value(11).toString());
        array.append(message);
    }
    object.insert(kMessages, array);
    return object;
}

QString ConversationLibrary::exportMarkdown(const QString &conversationId) const
{
    const std::optional<ConversationInfo> info = conversation(conversationId);
    if (!info)
        return {};
    const auto time = [](const QDateTime &when) {
        return when.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
    };
    QString markdown = u"# %1\n"_s.arg(info->title.isEmpty() ? u"New conversation"_s : info->title);
    for (const ConversationItem &item : path(conversationId)) {
        switch (item.kind) {
        case ConversationItem::Kind::User:
            markdown += u"\n**You** · %1\n\n%2\n"_s.arg(time(item.time), item.text);
            break;
        case ConversationItem::Kind::Assistant:
            markdown += u"\n**Assistant** · %1\n\n%2\n"_s.arg(time(item.time), item.text);
            if (item.interrupted)
                markdown += u"\n*(The reply was cut off here.)*\n"_s;
            else if (item.stopped)
                markdown += u"\n*(Stopped here.)*\n"_s;
            break;
        case ConversationItem::Kind::Error:
            markdown += u"\n> **Error** · %1 · %2\n"_s.arg(time(item.time), item.error.summary());
            break;
        }
    }
    return markdown;
}

} // namespace steadfast
