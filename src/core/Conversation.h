// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ApiError.h"
#include "core/ChatRequest.h"
#include "core/CompletionParser.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace steadfast {

/// One entry of a conversation: what the user wrote, what the model answered, or an error
/// that ended an exchange. Errors are items of their own so their text never mixes with a
/// reply's text nor reaches the model (DESIGN.md, "Data safety").
struct ConversationItem
{
    enum class Kind { User, Assistant, Error };

    Kind kind = Kind::User;
    QString id;     // QUuid without braces; stable across save and restore
    QDateTime time; // UTC, when the item was created
    QString text;   // User / Assistant

    // Assistant only:
    bool streaming = false;   // text is still arriving
    bool interrupted = false; // the reply broke (or was stopped) part way: partial text kept
    QString finishReason;
    QString model;
    QString requestId;
    std::optional<Usage> usage;

    // Error only:
    ApiError error;

    /// The JSON form (docs/decisions.md, "Conversations on disk"): enumerations by name,
    /// fields left at their defaults omitted.
    QJsonObject toJson() const;
    /// nullopt for garbage: not the shape toJson() writes (unknown kind, missing id or time,
    /// a field of the wrong type, an unknown error kind or timeout phase).
    static std::optional<ConversationItem> fromJson(const QJsonObject &object);

    /// "user", "assistant", "error": the names used on disk.
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
};

/// The items of one conversation, in order, and the signals a view needs to show them
/// without re-rendering everything: appended, text appended (streaming), changed, removed
/// from an index on, reset. The ChatSession drives it; ConversationStore saves it.
class Conversation : public QObject
{
    Q_OBJECT
public:
    /// The current version of the JSON form; restore() refuses any other.
    static constexpr int formatVersion = 1;

    explicit Conversation(QObject *parent = nullptr);

    const QList<ConversationItem> &items() const;
    int count() const;
    /// index must be valid (0 <= index < count()).
    const ConversationItem &at(int index) const;
    /// The last item of that kind; -1 if there is none.
    int lastIndexOf(ConversationItem::Kind kind) const;
    /// The item with that id; -1 if there is none.
    int indexOfId(const QString &id) const;

    /// Appends an item, filling in id and time when they are empty. Emits itemAppended.
    /// Returns the new item's index.
    int append(ConversationItem item);
    /// Streaming: appends text to an Assistant item and emits textAppended(index, text),
    /// which a view appends to what it shows (no re-render, no itemChanged). Ignored for an
    /// invalid index, another kind of item, or empty text.
    void appendText(int index, const QString &text);
    /// Replaces the item at index and emits itemChanged(index). An item whose id (or time)
    /// is empty keeps the old one, so an item stays the same item across its updates.
    void replace(int index, const ConversationItem &item);
    /// Removes items [index, end) and emits itemsRemoved(index); nothing (and no signal)
    /// when index is at or past the end. A negative index counts as 0.
    void removeFrom(int index);
    /// Removes everything and emits reset().
    void clear();

    /// Replaces all items with those of the JSON form and emits reset(). Returns false, and
    /// changes nothing, for anything that is not a complete conversation of this version:
    /// one unreadable item rejects the whole, because loading the rest and saving would
    /// silently drop it. An Assistant item stored while streaming comes back with
    /// streaming = false and interrupted = true: the application ended mid-stream.
    bool restore(const QJsonObject &object);
    /// {"version": 1, "items": [...]}.
    QJsonObject toJson() const;

    /// The messages sent to the model: the system prompt first (when not empty), then the
    /// User and Assistant items in order whose text is not empty (an interrupted reply's
    /// partial text as it is). Error items are never included. upTo (exclusive) limits the
    /// items looked at to those before that index; -1 means all.
    QList<ChatMessage> context(const QString &systemPrompt, int upTo = -1) const;

    /// The clock that stamps appended items (default: the current UTC time). For tests.
    void setClock(std::function<QDateTime()> clock);

Q_SIGNALS:
    void itemAppended(int index);
    void textAppended(int index, const QString &text);
    void itemChanged(int index);
    void itemsRemoved(int from);
    void reset();

private:
    QList<ConversationItem> m_items;
    std::function<QDateTime()> m_clock;
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::ConversationItem)
