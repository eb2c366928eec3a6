// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/library/Conversation.h"

#include "core/Logging.h"
#include "core/library/ConversationLibrary.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

// The keys of the legacy conversation file (ConversationItem.cpp has the items').
const QString kVersion = u"version"_s;
const QString kItems = u"items"_s;

} // namespace

Conversation::Conversation(QObject *parent)
    : QAbstractListModel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
}

void Conversation::setLibrary(ConversationLibrary *library)
{
    m_library = library;
}

bool Conversation::open(const QString &conversationId)
{
    if (!m_library || !m_library->conversation(conversationId))
        return false;
    const QStringList ids = m_library->pathIds(conversationId);
    beginResetModel();
    m_conversationId = conversationId;
    m_rows.clear();
    m_rows.reserve(ids.size());
    for (const QString &id : ids)
        m_rows.append(Row{id, std::nullopt});
    endResetModel();
    Q_EMIT conversationOpened(conversationId);
    return true;
}

void Conversation::reloadFrom(int from)
{
    if (!m_library || m_conversationId.isEmpty())
        return;
    from = std::clamp(from, 0, count());
    const QStringList ids = m_library->pathIds(m_conversationId);
    // The rows before `from` are the same messages: only what follows is read again.
    if (from < count()) {
        beginRemoveRows({}, from, count() - 1);
        m_rows.remove(from, count() - from);
        endRemoveRows();
    }
    QList<Row> rows;
    for (qsizetype i = from; i < ids.size(); ++i)
        rows.append(Row{ids.at(i), std::nullopt});
    insertRows(from, std::move(rows));
}

void Conversation::insertRows(int from, QList<Row> rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, from, from + int(rows.size()) - 1);
    for (qsizetype i = 0; i < rows.size(); ++i)
        m_rows.insert(from + i, std::move(rows[i]));
    endInsertRows();
}

int Conversation::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant Conversation::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= count())
        return {};
    const ConversationItem &item = at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return item.text;
    case ItemRole:
        return QVariant::fromValue(item);
    case KindRole:
        return int(item.kind);
    case IdRole:
        return item.id;
    default:
        return {};
    }
}

QHash<int, QByteArray> Conversation::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ItemRole, "item");
    names.insert(KindRole, "kind");
    names.insert(IdRole, "id");
    return names;
}

void Conversation::loadPage(int index) const
{
    // The page of pageSize rows that holds index, counted from the end: a conversation is
    // read from its latest messages back, as a user scrolls up.
    const int fromEnd = count() - 1 - index;
    const int last = count() - 1 - (fromEnd / pageSize) * pageSize;
    const int first = std::max(0, last - pageSize + 1);
    QStringList ids;
    for (int i = first; i <= last; ++i) {
        if (!m_rows.at(i).item)
            ids.append(m_rows.at(i).id);
    }
    QHash<QString, ConversationItem> read;
    if (m_library) {
        for (ConversationItem &item : m_library->messages(ids))
            read.insert(item.id, std::move(item));
    }
    for (int i = first; i <= last; ++i) {
        const Row &row = m_rows.at(i);
        if (row.item)
            continue;
        if (auto found = read.find(row.id); found != read.end()) {
            row.item = std::move(*found);
            if (row.item->streaming) {
                // Saved mid-stream by a run that ended before the reply did (the one being
                // written now is in memory already, never read back).
                row.item->streaming = false;
                row.item->interrupted = true;
            }
        } else {
            // Gone from under us (another process purged it): an empty item, never a crash.
            qCWarning(lcSession) << "message" << row.id << "could not be read";
            ConversationItem missing;
            missing.id = row.id;
            missing.kind = ConversationItem::Kind::Error;
            missing.error.kind = ApiError::Kind::InvalidResponse;
            row.item = std::move(missing);
        }
    }
}

const ConversationItem &Conversation::at(int index) const
{
    Q_ASSERT(index >= 0 && index < count());
    const Row &row = m_rows.at(index);
    if (!row.item)
        loadPage(index);
    return *row.item;
}

bool Conversation::isLoaded(int index) const
{
    return index >= 0 && index < count() && m_rows.at(index).item.has_value();
}

int Conversation::lastIndexOf(ConversationItem::Kind kind) const
{
    for (int i = count() - 1; i >= 0; --i) {
        if (at(i).kind == kind)
            return i;
    }
    return -1;
}

int Conversation::indexOfId(const QString &id) const
{
    for (int i = count() - 1; i >= 0; --i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

int Conversation::append(ConversationItem item)
{
    if (item.id.isEmpty())
        item.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!item.time.isValid())
        item.time = m_clock();
    item.time = item.time.toUTC();
    if (m_library && !m_conversationId.isEmpty()) {
        const QString parent = count() > 0 ? m_rows.constLast().id : QString();
        if (m_library->addMessage(m_conversationId, parent, item).isEmpty())
            return -1;
        // Its siblings: the place it took in the tree.
        if (const std::optional<ConversationItem> written = m_library->message(item.id))
            item = *written;
    }
    const int index = count();
    beginInsertRows({}, index, index);
    m_rows.append(Row{item.id, std::move(item)});
    endInsertRows();
    return index;
}

void Conversation::appendText(int index, const QString &text)
{
    if (index < 0 || index >= count() || text.isEmpty())
        return;
    at(index);
    ConversationItem &item = *m_rows[index].item;
    if (item.kind != ConversationItem::Kind::Assistant)
        return;
    item.text += text;
    Q_EMIT textAppended(index, text);
}

bool Conversation::flushText(int index)
{
    if (index < 0 || index >= count() || !m_library || m_conversationId.isEmpty())
        return true;
    const ConversationItem &item = at(index);
    return m_library->setMessageText(item.id, item.text, item.streaming);
}

bool Conversation::replace(int index, const ConversationItem &item)
{
    if (index < 0 || index >= count())
        return false;
    const ConversationItem &old = at(index);
    ConversationItem updated = item;
    if (updated.id.isEmpty())
        updated.id = old.id;
    updated.time = updated.time.isValid() ? updated.time.toUTC() : old.time;
    updated.parentId = old.parentId;
    updated.siblingIndex = old.siblingIndex;
    updated.siblingCount = old.siblingCount;
    // Shown as it is even when it cannot be written: the text stays in memory, and the
    // library has said why it could not save it.
    const bool written =
            !m_library || m_conversationId.isEmpty() || m_library->updateMessage(updated);
    m_rows[index] = Row{updated.id, std::move(updated)};
    const QModelIndex changed = this->index(index);
    Q_EMIT dataChanged(changed, changed);
    return written;
}

void Conversation::removeFrom(int index)
{
    index = std::max(index, 0);
    if (index >= count())
        return;
    if (m_library && !m_conversationId.isEmpty()) {
        // Removing the first removes what hangs under it on this path.
        m_library->removeMessage(m_rows.at(index).id);
    }
    truncate(index);
}

void Conversation::truncate(int index)
{
    index = std::max(index, 0);
    if (index >= count())
        return;
    beginRemoveRows({}, index, count() - 1);
    m_rows.remove(index, count() - index);
    endRemoveRows();
}

void Conversation::clear()
{
    beginResetModel();
    m_rows.clear();
    m_conversationId.clear();
    endResetModel();
    Q_EMIT conversationOpened(QString());
}

bool Conversation::restore(const QJsonObject &object)
{
    const std::optional<QList<ConversationItem>> items = itemsFromJson(object);
    if (!items)
        return false;
    beginResetModel();
    m_conversationId.clear();
    m_rows.clear();
    for (const ConversationItem &item : *items)
        m_rows.append(Row{item.id, item});
    endResetModel();
    return true;
}

std::optional<QList<ConversationItem>> Conversation::itemsFromJson(const QJsonObject &object)
{
    const QJsonValue version = object.value(kVersion);
    if (!version.isDouble() || version.toDouble() != formatVersion)
        return std::nullopt;
    const QJsonValue items = object.value(kItems);
    if (!items.isArray())
        return std::nullopt;
    QList<ConversationItem> restored;
    const QJsonArray array = items.toArray();
    restored.reserve(array.size());
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            return std::nullopt;
        std::optional<ConversationItem> item = ConversationItem::fromJson(value.toObject());
        if (!item)
            return std::nullopt;
        if (item->kind == ConversationItem::Kind::Assistant && item->streaming) {
            // Saved mid-stream: the application ended before the reply did.
            item->streaming = false;
            item->interrupted = true;
        }
        restored.append(std::move(*item));
    }
    return restored;
}

QJsonObject Conversation::toJson() const
{
    QJsonArray items;
    for (int i = 0; i < count(); ++i)
        items.append(at(i).toJson());
    return {{kVersion, formatVersion}, {kItems, items}};
}

QList<ChatMessage> Conversation::context(const QString &systemPrompt, int upTo) const
{
    const int end = upTo < 0 ? count() : std::min(upTo, count());
    QList<ChatMessage> messages;
    if (!systemPrompt.isEmpty())
        messages.append({u"system"_s, systemPrompt});
    for (int i = 0; i < end; ++i) {
        const ConversationItem &item = at(i);
        if (item.text.isEmpty())
            continue;
        switch (item.kind) {
        case ConversationItem::Kind::User:
            messages.append({u"user"_s, item.text});
            break;
        case ConversationItem::Kind::Assistant:
            messages.append({u"assistant"_s, item.text});
            break;
        case ConversationItem::Kind::Error:
            break; // never: an error is not part of what was said
        }
    }
    return messages;
}

void Conversation::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
}

} // namespace steadfast
