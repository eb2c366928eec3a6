// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/library/ConversationItem.h"
#include "core/protocol/ChatRequest.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace steadfast {

class ConversationLibrary;

/// The current path of one conversation as a list model: what the timeline shows and what a
/// request sends (DESIGN.md: "the request sends exactly that path").
///
/// Backed by a ConversationLibrary (open()): the rows are the conversation's path in the
/// library's tree, and each row's item is read in pages of pageSize, from the end, the first
/// time something asks for it (at(), data()), so opening a 5,000-message conversation reads
/// one page. Every change is written through to the library at once, except streamed text,
/// which appendText() keeps in memory until flushText() (ChatSession saves it about once a
/// second). Without a library it lives in memory only (tests, the CLI).
///
/// Signals: the model's own (rowsInserted, rowsRemoved, dataChanged, modelReset), plus
/// textAppended for streaming, which a view appends to what it shows without re-rendering.
class Conversation : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        ItemRole = Qt::UserRole + 1, // QVariant<ConversationItem>
        KindRole,                    // ConversationItem::Kind as int
        IdRole,
    };

    /// Rows read at a time from the library.
    static constexpr int pageSize = 64;
    /// The current version of the legacy JSON form (conversation.json); restore() refuses
    /// any other.
    static constexpr int formatVersion = 1;

    explicit Conversation(QObject *parent = nullptr);

    /// The library that backs open(); not owned, may be null (memory only).
    void setLibrary(ConversationLibrary *library);
    ConversationLibrary *library() const { return m_library; }
    /// Shows the current path of that conversation of the library (a model reset). False,
    /// and nothing changes, when there is no library or no such conversation.
    bool open(const QString &conversationId);
    /// The open conversation's id; empty in memory only.
    QString conversationId() const { return m_conversationId; }
    /// Re-reads the path from row `from` on (after the selection of a version changed below
    /// it): rows before `from` stay, the others are removed and the new ones inserted.
    void reloadFrom(int from);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    /// index must be valid (0 <= index < count()). Reads the row's page if it is not read yet.
    const ConversationItem &at(int index) const;
    /// Whether the row's item has been read (a view estimates the rest without reading them).
    bool isLoaded(int index) const;
    /// The last item of that kind; -1 if there is none.
    int lastIndexOf(ConversationItem::Kind kind) const;
    /// The row with that id; -1 if there is none.
    int indexOfId(const QString &id) const;

    /// Appends an item after the last row (in the library: as the last row's child, selected),
    /// filling in id and time when they are empty. Returns the new row, or -1 when the
    /// library could not write it (nothing appended; the library said why).
    int append(ConversationItem item);
    /// Streaming: appends text to an Assistant item in memory and emits textAppended(index,
    /// text). Ignored for an invalid index, another kind of item, or empty text.
    void appendText(int index, const QString &text);
    /// Writes the row's text and streaming mark to the library (one row, not the rest).
    bool flushText(int index);
    /// Replaces the item at index, written through, and emits dataChanged. An item whose id
    /// (or time) is empty keeps the old one, so an item stays the same item. False when the
    /// library could not write it (the row shows the new item all the same).
    bool replace(int index, const ConversationItem &item);
    /// Removes rows [index, end) from the path and, in the library, for good (error items
    /// and empty replies: nothing the user made). A negative index counts as 0.
    void removeFrom(int index);
    /// Removes rows [index, end) from what is shown only: the library keeps them (the
    /// branch stays; the next append() adds a sibling of the first of them).
    void truncate(int index);
    /// Removes everything shown and forgets the open conversation (a model reset).
    void clear();

    /// Legacy conversation.json: replaces all rows with its items (memory only; the
    /// library's migration uses it). False, changing nothing, for anything that is not a
    /// complete conversation of formatVersion. An Assistant item stored while streaming
    /// comes back interrupted.
    bool restore(const QJsonObject &object);
    /// The items of a legacy conversation.json, or nullopt when it is not one (see restore()).
    static std::optional<QList<ConversationItem>> itemsFromJson(const QJsonObject &object);
    /// {"version": 1, "items": [...]} of every row.
    QJsonObject toJson() const;

    /// The messages sent to the model: the system prompt first (when not empty), then the
    /// User and Assistant rows in order whose text is not empty. Error items are never
    /// included. upTo (exclusive) limits the rows to those before it; -1 means all.
    QList<ChatMessage> context(const QString &systemPrompt, int upTo = -1) const;

    /// The clock that stamps appended items (default: the current UTC time). For tests.
    void setClock(std::function<QDateTime()> clock);

Q_SIGNALS:
    void textAppended(int index, const QString &text);
    /// Another conversation was opened (or the model cleared); id may be empty.
    void conversationOpened(const QString &id);

private:
    struct Row
    {
        QString id;
        mutable std::optional<ConversationItem> item; // read on demand
    };
    void loadPage(int index) const;
    void insertRows(int from, QList<Row> rows);

    ConversationLibrary *m_library = nullptr; // not owned
    QString m_conversationId;
    QList<Row> m_rows;
    std::function<QDateTime()> m_clock;
};

} // namespace steadfast
