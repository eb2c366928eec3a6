// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary's inside, shared by its .cpp files (not installed, not for callers).
#pragma once

#include "core/library/ConversationLibrary.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <functional>
#include <optional>

namespace steadfast {

/// How kinds are stored in messages.kind (the enumeration's values, fixed by the schema).
namespace StoredKind {
constexpr int User = 0;
constexpr int Assistant = 1;
constexpr int Error = 2;
} // namespace StoredKind

/// QDateTime <-> milliseconds since the epoch, UTC; an invalid time is NULL.
QVariant msFromTime(const QDateTime &time);
QDateTime timeFromMs(const QVariant &value);

/// Text columns are NOT NULL: a null QString is bound as the empty string, not NULL.
inline QString orEmpty(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

/// The automatic title: the first line of text, simplified, at most about 60 characters,
/// cut at a word boundary with "…".
QString titleFromText(const QString &text);

/// ConversationSettings as the JSON object stored in conversations.settings and exported.
QJsonObject settingsToJson(const ConversationSettings &settings);
std::optional<ConversationSettings> settingsFromJson(const QJsonObject &object);

struct ConversationLibrary::Private
{
    explicit Private(ConversationLibrary *library) : q(library) {}

    ConversationLibrary *q; // the owner
    QString connectionName; // the QSqlDatabase connection, unique to this library
    QString path;
    bool open = false;
    mutable QString lastError;
    std::function<QDateTime()> clock; // null: the current time

    QDateTime now() const { return clock ? clock().toUTC() : QDateTime::currentDateTimeUtc(); }

    QSqlDatabase db() const { return QSqlDatabase::database(connectionName, false); }
    /// Adds the connection, checks and migrates the file; empty, or why it cannot be used.
    QString openDatabase(const QString &path);

    /// A query on this library's connection, prepared; false (and lastError set) when the
    /// statement does not compile.
    QSqlQuery prepare(const QString &sql) const;
    /// Runs a prepared query; on failure sets lastError to "<what>: <SQLite's reason>".
    bool exec(QSqlQuery &query, const QString &what) const;
    /// One statement without parameters.
    bool run(const QString &sql, const QString &what) const;

    /// A write failed: sets lastError to what (a sentence), logs it, emits writeFailed.
    bool fail(const QString &what) const;
    /// Reads never emit: only sets lastError.
    void readFailed(const QString &what) const;
    QString sqlReason(const QSqlError &error) const;

    bool begin(const QString &what);
    bool commit(const QString &what);
    void rollback();
    /// A write failed part way: rolls back and reports lastError (fail()); false.
    bool abort();

    /// One UPDATE of one conversation's row in a transaction; `then` (optional) runs in the
    /// same transaction. A conversation that does not exist is a failure.
    bool updateConversation(const QString &id, const QString &assignments,
                            const QVariantList &values, const QString &what,
                            const std::function<bool()> &then = {});
    /// DELETE FROM conversations WHERE condition, in a transaction (their messages go with
    /// them by the foreign key's cascade); how many, -1 on failure.
    int purge(const QString &condition, const QVariantList &values, const QString &what);

    /// The conversation's row exists.
    bool conversationExists(const QString &id) const;
    /// Messages: row id by public id (nullopt if unknown).
    struct MessageRef
    {
        qint64 row = 0;
        QString conversation;
        std::optional<qint64> parent;
        int kind = 0;
        qint64 deleted = 0;
    };
    std::optional<MessageRef> messageRef(const QString &id) const;
    /// Begins a write on the message with that id: the transaction taken and the message
    /// found. nullopt when either fails (rolled back, lastError set, writeFailed emitted).
    std::optional<MessageRef> beginOnMessage(const QString &id, const QString &what);

    /// Makes row the selected child of its parent (or the selected root) and so on up to the
    /// root, writing only what differs. Inside a transaction.
    bool selectPath(qint64 row, const QString &conversation);
    /// When `row` was its parent's selected child (or the selected root), select the newest
    /// sibling not deleted instead (or none). Inside a transaction.
    bool reselectAfterRemoval(const MessageRef &ref);
    /// Recomputes the automatic title unless the user renamed the conversation.
    bool refreshTitle(const QString &conversation);
    bool touch(const QString &conversation, qint64 updatedMs);

    /// Inserts one message row (in a transaction); the new row id, or nullopt.
    std::optional<qint64> insertMessage(const QString &conversation, std::optional<qint64> parent,
                                        const ConversationItem &item);
    /// The ConversationItem of one row of "SELECT <messageColumns> ...".
    static QString messageColumns();
    std::optional<ConversationItem> itemFromQuery(const QSqlQuery &query) const;
    /// One conversation's object of the JSON export; nullopt when there is no such
    /// conversation or it cannot be read.
    std::optional<QJsonObject> exportConversation(const QString &id) const;
    /// The JSON fields of an item that have no column of their own.
    static QString extraJson(const ConversationItem &item);
};

} // namespace steadfast
