// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary: the messages as a tree (paths, siblings, edits, deletion with undo)
// and full-text search.
#include "core/library/ConversationLibrary.h"

#include "core/Logging.h"
#include "core/library/LibraryPrivate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

int storedKind(ConversationItem::Kind kind)
{
    switch (kind) {
    case ConversationItem::Kind::User:
        return StoredKind::User;
    case ConversationItem::Kind::Assistant:
        return StoredKind::Assistant;
    case ConversationItem::Kind::Error:
        return StoredKind::Error;
    }
    return StoredKind::User;
}

ConversationItem::Kind kindFromStored(int kind)
{
    switch (kind) {
    case StoredKind::Assistant:
        return ConversationItem::Kind::Assistant;
    case StoredKind::Error:
        return ConversationItem::Kind::Error;
    default:
        return ConversationItem::Kind::User;
    }
}

// The keys that have columns of their own (or are the tree's), not kept in messages.extra.
const QStringList kColumnKeys{u"kind"_s,      u"id"_s,     u"time"_s,    u"text"_s,
                              u"streaming"_s, u"parent"_s, u"parentId"_s};

/// The current path, root first: from the selected root (else the newest root not deleted),
/// each message's selected child (else its newest child not deleted). One query.
const QString kPathQuery = uR"(
WITH RECURSIVE path(row, depth) AS (
  SELECT coalesce(
      (SELECT m.row FROM messages m WHERE m.row = c.selected_root AND m.conversation = c.id
          AND m.parent IS NULL AND m.deleted = 0),
      (SELECT m.row FROM messages m WHERE m.conversation = c.id AND m.deleted = 0
          AND m.parent IS NULL ORDER BY m.row DESC LIMIT 1)), 0
  FROM conversations c WHERE c.id = ?
  UNION ALL
  SELECT coalesce(
      (SELECT m.row FROM messages m WHERE m.row = p.selected_child AND m.parent = p.row
          AND m.deleted = 0),
      (SELECT m.row FROM messages m WHERE m.parent = p.row AND m.deleted = 0
          ORDER BY m.row DESC LIMIT 1)), path.depth + 1
  FROM path JOIN messages p ON p.row = path.row
)
SELECT m.id FROM path JOIN messages m ON m.row = path.row ORDER BY path.depth)"_s;

/// A search term as an FTS5 string, matched as a prefix: the user's quotes are doubled, so
/// nothing they type is FTS syntax.
QString ftsTerm(QString term)
{
    term.replace(u'"', u"\"\""_s);
    return u"\"%1\"*"_s.arg(term);
}

/// A snippet as a line of prose: Markdown's emphasis and code marks and line breaks are noise
/// in a list of results (the match marks stay).
QString readableSnippet(QString snippet)
{
    for (const QString &mark : {u"```"_s, u"**"_s, u"__"_s, u"`"_s})
        snippet.remove(mark);
    return snippet.simplified();
}

} // namespace

// Private: messages

QString ConversationLibrary::Private::messageColumns()
{
    // Sibling index and count among the versions of the message: the parent's children (or
    // the conversation's roots) not deleted, of its group. A user message's versions are the
    // other user messages there (edits); a reply's are the other replies and the errors that
    // took a reply's place (a regenerate that failed is a version too, so the reply it was
    // to replace stays reachable).
    return uR"(m.row, m.id, m.conversation, p.id, m.kind, m.created, m.text, m.streaming, m.extra,
(SELECT count(*) FROM messages s
    WHERE s.conversation = m.conversation AND s.deleted = 0 AND s.parent IS m.parent
    AND (s.kind = 0) = (m.kind = 0) AND s.row < m.row),
(SELECT count(*) FROM messages s
    WHERE s.conversation = m.conversation AND s.deleted = 0 AND s.parent IS m.parent
    AND (s.kind = 0) = (m.kind = 0))
FROM messages m LEFT JOIN messages p ON p.row = m.parent)"_s;
}

std::optional<ConversationItem>
ConversationLibrary::Private::itemFromQuery(const QSqlQuery &query) const
{
    QJsonObject object = QJsonDocument::fromJson(query.value(8).toByteArray()).object();
    const ConversationItem::Kind kind = kindFromStored(query.value(4).toInt());
    object.insert(u"kind"_s, ConversationItem::kindName(kind));
    object.insert(u"id"_s, query.value(1).toString());
    object.insert(u"time"_s, timeFromMs(query.value(5)).toString(Qt::ISODateWithMs));
    std::optional<ConversationItem> item = ConversationItem::fromJson(object);
    if (!item)
        return std::nullopt;
    item->text = query.value(6).toString();
    item->streaming = kind == ConversationItem::Kind::Assistant && query.value(7).toBool();
    item->parentId = query.value(3).toString();
    item->siblingIndex = query.value(9).toInt();
    item->siblingCount = std::max(query.value(10).toInt(), item->siblingIndex + 1);
    return item;
}

QString ConversationLibrary::Private::extraJson(const ConversationItem &item)
{
    QJsonObject object = item.toJson();
    for (const QString &key : kColumnKeys)
        object.remove(key);
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<ConversationLibrary::Private::MessageRef>
ConversationLibrary::Private::messageRef(const QString &id) const
{
    QSqlQuery query = prepare(
            u"SELECT row, conversation, parent, kind, deleted FROM messages WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    MessageRef ref;
    ref.row = query.value(0).toLongLong();
    ref.conversation = query.value(1).toString();
    if (!query.value(2).isNull())
        ref.parent = query.value(2).toLongLong();
    ref.kind = query.value(3).toInt();
    ref.deleted = query.value(4).toLongLong();
    return ref;
}

std::optional<qint64> ConversationLibrary::Private::insertMessage(const QString &conversation,
                                                                  std::optional<qint64> parent,
                                                                  const ConversationItem &item)
{
    QSqlQuery query = prepare(u"INSERT INTO messages (id, conversation, parent, kind, created,"
                              " text, streaming, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(item.id);
    query.addBindValue(conversation);
    query.addBindValue(parent ? QVariant(*parent) : QVariant(QMetaType::fromType<qint64>()));
    query.addBindValue(storedKind(item.kind));
    query.addBindValue(item.time.toMSecsSinceEpoch());
    query.addBindValue(orEmpty(item.text));
    query.addBindValue(int(item.kind == ConversationItem::Kind::Assistant && item.streaming));
    query.addBindValue(extraJson(item));
    if (!exec(query, u"Could not save the message"_s))
        return std::nullopt;
    return query.lastInsertId().toLongLong();
}

bool ConversationLibrary::Private::selectPath(qint64 row, const QString &conversation)
{
    // The message and its ancestors, each with what its parent selects now.
    QSqlQuery up = prepare(uR"(
WITH RECURSIVE up(row, parent) AS (
  SELECT row, parent FROM messages WHERE row = ?
  UNION ALL SELECT m.row, m.parent FROM messages m JOIN up ON m.row = up.parent)
SELECT up.row, up.parent, p.selected_child FROM up LEFT JOIN messages p ON p.row = up.parent)"_s);
    up.addBindValue(row);
    const QString what = u"Could not select the message"_s;
    if (!exec(up, what))
        return false;
    QList<std::pair<qint64, qint64>> changes; // (parent, child) to write
    std::optional<qint64> root;
    while (up.next()) {
        if (up.value(1).isNull()) {
            root = up.value(0).toLongLong();
        } else if (up.value(2).isNull() || up.value(2).toLongLong() != up.value(0).toLongLong()) {
            changes.append({up.value(1).toLongLong(), up.value(0).toLongLong()});
        }
    }
    up.finish();
    QSqlQuery select = prepare(u"UPDATE messages SET selected_child = ? WHERE row = ?"_s);
    for (const auto &[parent, child] : std::as_const(changes)) {
        select.bindValue(0, child);
        select.bindValue(1, parent);
        if (!exec(select, what))
            return false;
    }
    if (!root)
        return true;
    QSqlQuery selectRoot = prepare(u"UPDATE conversations SET selected_root = ? WHERE id = ?"
                                   " AND selected_root IS NOT ?"_s);
    selectRoot.addBindValue(*root);
    selectRoot.addBindValue(conversation);
    selectRoot.addBindValue(*root);
    return exec(selectRoot, what);
}

bool ConversationLibrary::Private::reselectAfterRemoval(const MessageRef &ref)
{
    const QString what = u"Could not select another version"_s;
    if (ref.parent) {
        QSqlQuery query =
                prepare(u"UPDATE messages SET selected_child = (SELECT s.row FROM messages s WHERE"
                        " s.parent = ? AND s.deleted = 0 ORDER BY s.row DESC LIMIT 1)"
                        " WHERE row = ? AND selected_child = ?"_s);
        query.addBindValue(*ref.parent);
        query.addBindValue(*ref.parent);
        query.addBindValue(ref.row);
        return exec(query, what);
    }
    QSqlQuery query =
            prepare(u"UPDATE conversations SET selected_root = (SELECT s.row FROM messages s WHERE"
                    " s.conversation = ? AND s.deleted = 0 AND s.parent IS NULL ORDER BY s.row DESC"
                    " LIMIT 1) WHERE id = ? AND selected_root = ?"_s);
    query.addBindValue(ref.conversation);
    query.addBindValue(ref.conversation);
    query.addBindValue(ref.row);
    return exec(query, what);
}

// Reading the tree

QStringList ConversationLibrary::pathIds(const QString &conversationId) const
{
    if (!d->open)
        return {};
    QSqlQuery query = d->prepare(kPathQuery);
    query.addBindValue(conversationId);
    QStringList ids;
    if (!d->exec(query, u"Could not read the conversation"_s)) {
        d->readFailed(d->lastError);
        return ids;
    }
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

QList<ConversationItem> ConversationLibrary::messages(const QStringList &ids) const
{
    if (!d->open)
        return {};
    QList<ConversationItem> items;
    items.reserve(ids.size());
    QSqlQuery query = d->prepare(u"SELECT %1 WHERE m.id = ?"_s.arg(Private::messageColumns()));
    for (const QString &id : ids) {
        query.bindValue(0, id);
        if (!d->exec(query, u"Could not read a message"_s)) {
            d->readFailed(d->lastError);
            break;
        }
        if (!query.next())
            continue;
        if (std::optional<ConversationItem> item = d->itemFromQuery(query))
            items.append(std::move(*item));
        else
            qCWarning(lcLibrary) << "skipped a message that cannot be read:" << id;
    }
    return items;
}

QList<ConversationItem> ConversationLibrary::path(const QString &conversationId) const
{
    return messages(pathIds(conversationId));
}

std::optional<ConversationItem> ConversationLibrary::message(const QString &id) const
{
    const QList<ConversationItem> items = messages({id});
    if (items.isEmpty())
        return std::nullopt;
    return items.first();
}

QStringList ConversationLibrary::siblingIds(const QString &id) const
{
    if (!d->open)
        return {};
    const std::optional<Private::MessageRef> ref = d->messageRef(id);
    if (!ref)
        return {};
    // The versions of a message, as messageColumns() counts them.
    QSqlQuery query = d->prepare(u"SELECT id FROM messages WHERE conversation = ? AND deleted = 0"
                                 " AND parent IS ? AND (kind = 0) = (? = 0) ORDER BY row"_s);
    query.addBindValue(ref->conversation);
    query.addBindValue(ref->parent ? QVariant(*ref->parent)
                                   : QVariant(QMetaType::fromType<qint64>()));
    query.addBindValue(ref->kind);
    QStringList ids;
    if (!d->exec(query, u"Could not read the versions of a message"_s)) {
        d->readFailed(d->lastError);
        return ids;
    }
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

// Writing the tree

QString ConversationLibrary::addMessage(const QString &conversationId, const QString &parentId,
                                        ConversationItem &item)
{
    const QString what = u"Could not save the message"_s;
    if (!d->begin(what)) {
        d->fail(d->lastError);
        return {};
    }
    const auto abort = [this](const QString &message = {}) {
        if (!message.isEmpty())
            d->lastError = message;
        d->abort();
        return QString();
    };
    QSqlQuery conversation =
            d->prepare(u"SELECT title, title_edited FROM conversations WHERE id = ?"_s);
    conversation.addBindValue(conversationId);
    if (!d->exec(conversation, what))
        return abort();
    if (!conversation.next())
        return abort(u"%1: there is no such conversation."_s.arg(what));
    const bool retitle = !conversation.value(1).toBool()
            && conversation.value(0).toString().isEmpty()
            && item.kind == ConversationItem::Kind::User;
    conversation.finish();

    std::optional<qint64> parent;
    if (!parentId.isEmpty()) {
        const std::optional<Private::MessageRef> ref = d->messageRef(parentId);
        if (!ref || ref->conversation != conversationId)
            return abort(u"%1: the message it answers is not in this conversation."_s.arg(what));
        if (ref->deleted != 0)
            return abort(u"%1: the message it answers was deleted."_s.arg(what));
        parent = ref->row;
    }
    ConversationItem stored = item;
    if (stored.id.isEmpty())
        stored.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!stored.time.isValid())
        stored.time = d->now();
    stored.time = stored.time.toUTC();
    const std::optional<qint64> row = d->insertMessage(conversationId, parent, stored);
    if (!row || !d->selectPath(*row, conversationId)
        || !d->touch(conversationId, d->now().toMSecsSinceEpoch())
        || (retitle && !d->refreshTitle(conversationId)) || !d->commit(what)) {
        return abort();
    }
    item.id = stored.id;
    item.time = stored.time;
    item.parentId = parentId;
    if (const std::optional<ConversationItem> saved = message(item.id)) {
        item.siblingIndex = saved->siblingIndex;
        item.siblingCount = saved->siblingCount;
    }
    Q_EMIT conversationsChanged();
    return item.id;
}

bool ConversationLibrary::updateMessage(const ConversationItem &item)
{
    const QString what = u"Could not save the message"_s;
    if (!d->begin(what))
        return d->fail(d->lastError);
    const std::optional<Private::MessageRef> ref = d->messageRef(item.id);
    if (!ref) {
        d->lastError = u"%1: there is no such message."_s.arg(what);
        return d->abort();
    }
    QSqlQuery query = d->prepare(u"UPDATE messages SET kind = ?, created = coalesce(?, created),"
                                 " text = ?, streaming = ?, extra = ? WHERE row = ?"_s);
    query.addBindValue(storedKind(item.kind));
    query.addBindValue(msFromTime(item.time));
    query.addBindValue(orEmpty(item.text));
    query.addBindValue(int(item.kind == ConversationItem::Kind::Assistant && item.streaming));
    query.addBindValue(Private::extraJson(item));
    query.addBindValue(ref->row);
    const bool retitle = ref->kind == StoredKind::User || item.kind == ConversationItem::Kind::User;
    return commitChange(d->exec(query, what)
                                && d->touch(ref->conversation, d->now().toMSecsSinceEpoch()),
                        ref->conversation, retitle, what);
}

bool ConversationLibrary::setMessageText(const QString &id, const QString &text, bool streaming)
{
    // The streaming save, about once a second: one statement (its own transaction), one row,
    // no signal.
    const QString what = u"Could not save the reply's text"_s;
    if (!d->open)
        return d->fail(u"%1: the library is not open."_s.arg(what));
    QSqlQuery query = d->prepare(u"UPDATE messages SET text = ?, streaming = ? WHERE id = ?"_s);
    query.addBindValue(orEmpty(text));
    query.addBindValue(int(streaming));
    query.addBindValue(id);
    if (!d->exec(query, what))
        return d->fail(d->lastError);
    if (query.numRowsAffected() == 0)
        return d->fail(u"%1: there is no such message."_s.arg(what));
    return true;
}

bool ConversationLibrary::selectMessage(const QString &id)
{
    const QString what = u"Could not select the message"_s;
    const std::optional<Private::MessageRef> ref = d->beginOnMessage(id, what);
    if (!ref)
        return false;
    if (ref->deleted != 0) {
        d->lastError = u"%1: it was deleted."_s.arg(what);
        return d->abort();
    }
    if (!d->selectPath(ref->row, ref->conversation) || !d->commit(what))
        return d->abort();
    return true;
}

bool ConversationLibrary::deleteMessage(const QString &id)
{
    const QString what = u"Could not delete the message"_s;
    const std::optional<Private::MessageRef> ref = d->beginOnMessage(id, what);
    if (!ref)
        return false;
    if (ref->deleted != 0) {
        d->rollback();
        return true; // deleted already: restoreMessage() still undoes that deletion
    }
    // The mark is the deleted message's row: restoreMessage() clears exactly these marks, not
    // those of a branch below that was deleted before.
    QSqlQuery mark = d->prepare(uR"(
WITH RECURSIVE below(row) AS (
  SELECT ? UNION ALL SELECT m.row FROM messages m JOIN below ON m.parent = below.row)
UPDATE messages SET deleted = ? WHERE row IN (SELECT row FROM below) AND deleted = 0)"_s);
    mark.addBindValue(ref->row);
    mark.addBindValue(ref->row);
    return commitChange(d->exec(mark, what) && d->reselectAfterRemoval(*ref), ref->conversation,
                        true, what);
}

bool ConversationLibrary::restoreMessage(const QString &id)
{
    const QString what = u"Could not restore the message"_s;
    const std::optional<Private::MessageRef> ref = d->beginOnMessage(id, what);
    if (!ref)
        return false;
    // Every deletion that hides it: its own and those of the messages above it (a message
    // cannot be shown under a deleted one).
    QSqlQuery marks = d->prepare(uR"(
WITH RECURSIVE up(row, parent) AS (
  SELECT row, parent FROM messages WHERE row = ?
  UNION ALL SELECT m.row, m.parent FROM messages m JOIN up ON m.row = up.parent)
SELECT DISTINCT m.deleted FROM up JOIN messages m ON m.row = up.row WHERE m.deleted <> 0)"_s);
    marks.addBindValue(ref->row);
    if (!d->exec(marks, what))
        return d->abort();
    QList<qint64> deletions;
    while (marks.next())
        deletions.append(marks.value(0).toLongLong());
    marks.finish();
    QSqlQuery restore =
            d->prepare(u"UPDATE messages SET deleted = 0 WHERE deleted = ? AND deleted <> 0"_s);
    for (const qint64 deletion : std::as_const(deletions)) {
        restore.bindValue(0, deletion);
        if (!d->exec(restore, what))
            return d->abort();
    }
    return commitChange(d->selectPath(ref->row, ref->conversation), ref->conversation, true, what);
}

bool ConversationLibrary::removeMessage(const QString &id)
{
    const QString what = u"Could not remove the message"_s;
    const std::optional<Private::MessageRef> ref = d->beginOnMessage(id, what);
    if (!ref)
        return false;
    // The rows below go by the foreign key's cascade, their search entries by the trigger.
    QSqlQuery remove = d->prepare(u"DELETE FROM messages WHERE row = ?"_s);
    remove.addBindValue(ref->row);
    return commitChange(d->exec(remove, what) && d->reselectAfterRemoval(*ref), ref->conversation,
                        true, what);
}

bool ConversationLibrary::commitChange(bool stepsDone, const QString &conversation, bool retitle,
                                       const QString &what)
{
    if (!stepsDone || (retitle && !d->refreshTitle(conversation)) || !d->commit(what))
        return d->abort();
    Q_EMIT conversationsChanged();
    return true;
}

// Search

QList<SearchHit> ConversationLibrary::search(const QString &query, int limit) const
{
    QStringList terms;
    static const QRegularExpression space(u"\\s+"_s);
    for (const QString &word : query.split(space, Qt::SkipEmptyParts)) {
        // The tokenizer drops what is not a letter or a digit: a "word" of punctuation only
        // would be an empty phrase.
        if (std::any_of(word.begin(), word.end(), [](QChar c) { return c.isLetterOrNumber(); }))
            terms.append(ftsTerm(word));
    }
    QList<SearchHit> hits;
    if (terms.isEmpty() || limit <= 0 || !d->open)
        return hits;
    QSqlQuery select = d->prepare(uR"(
SELECT m.id, m.conversation, c.title, m.kind, m.created,
       snippet(message_search, 0, ?, ?, '…', 12)
FROM message_search
JOIN messages m ON m.row = message_search.rowid
JOIN conversations c ON c.id = m.conversation
WHERE message_search MATCH ? AND m.deleted = 0 AND m.kind IN (0, 1) AND c.trashed IS NULL
ORDER BY message_search.rowid DESC LIMIT ?)"_s);
    select.addBindValue(QString(SearchHit::markStart));
    select.addBindValue(QString(SearchHit::markEnd));
    select.addBindValue(terms.join(u' '));
    select.addBindValue(limit);
    if (!d->exec(select, u"Could not search the conversations"_s)) {
        d->readFailed(d->lastError);
        return hits;
    }
    while (select.next()) {
        SearchHit hit;
        hit.messageId = select.value(0).toString();
        hit.conversationId = select.value(1).toString();
        hit.conversationTitle = select.value(2).toString();
        hit.kind = kindFromStored(select.value(3).toInt());
        hit.time = timeFromMs(select.value(4));
        hit.snippet = readableSnippet(select.value(5).toString());
        hits.append(hit);
    }
    return hits;
}

} // namespace steadfast
