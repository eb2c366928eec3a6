// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/library/LibrarySchema.h"

#include "core/Logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace steadfast::LibrarySchema {

namespace {

/// The statement that renames the key old of messages.extra's "error" object to current
/// where old holds a value of type (a json_type() name), which value (SQL) then gives; where
/// current is already there, old is only dropped.
QString renameErrorKey(const QString &old, const QString &current, const QString &type,
                       const QString &value)
{
    return uR"(UPDATE messages SET extra = json_remove(
    CASE WHEN json_type(extra, '$.error.%2') IS NULL
         THEN json_set(extra, '$.error.%2', %4) ELSE extra END, '$.error.%1')
WHERE json_valid(extra) AND json_type(extra, '$.error.%1') = '%3')"_s.arg(old, current, type,
                                                                          value);
}

/// Each step's statements, in order; step n takes a database of version n-1 to version n.
/// Never edit a step that has shipped: add one.
const QList<QStringList> &steps()
{
    static const QList<QStringList> list{
            // 1: the tables. Times are milliseconds since the epoch, UTC. Message rows have a
            // stable INTEGER PRIMARY KEY (the search index's rowid) and a public uuid.
            // "deleted" is 0, or the row of the message whose deleteMessage() marked it, so
            // restoreMessage() undoes exactly that deletion. The selected child (and root)
            // are row ids without a foreign key: a selection that points nowhere (a message
            // removed) falls back to the newest child, and removals clear it anyway.
            {
                    u"CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT)"_s,
                    u"CREATE TABLE conversations ("
                    " id TEXT PRIMARY KEY NOT NULL,"
                    " title TEXT NOT NULL DEFAULT '',"
                    " title_edited INTEGER NOT NULL DEFAULT 0,"
                    " created INTEGER NOT NULL,"
                    " updated INTEGER NOT NULL,"
                    " pinned INTEGER NOT NULL DEFAULT 0,"
                    " trashed INTEGER,"
                    " settings TEXT NOT NULL DEFAULT '{}',"
                    " draft TEXT NOT NULL DEFAULT '',"
                    " selected_root INTEGER)"_s,
                    u"CREATE TABLE messages ("
                    " row INTEGER PRIMARY KEY,"
                    " id TEXT NOT NULL UNIQUE,"
                    " conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
                    " parent INTEGER REFERENCES messages(row) ON DELETE CASCADE,"
                    " kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),"
                    " created INTEGER NOT NULL,"
                    " text TEXT NOT NULL DEFAULT '',"
                    " streaming INTEGER NOT NULL DEFAULT 0,"
                    " deleted INTEGER NOT NULL DEFAULT 0,"
                    " selected_child INTEGER,"
                    " extra TEXT NOT NULL DEFAULT '{}')"_s,
                    // Children of a message (and the foreign key's cascade).
                    u"CREATE INDEX messages_parent ON messages(parent)"_s,
                    // A conversation's roots and its count of messages not deleted.
                    u"CREATE INDEX messages_conversation ON messages(conversation, deleted, parent)"_s,
                    // restoreMessage(): the rows of one deletion.
                    u"CREATE INDEX messages_deleted ON messages(deleted) WHERE deleted <> 0"_s,
                    u"CREATE INDEX conversations_listing ON conversations(trashed, pinned, updated)"_s,
            },
            // 2: full-text search over the messages' text, an external-content FTS5 table
            // (the text is stored once) kept in step by triggers, filled from existing rows.
            {
                    u"CREATE VIRTUAL TABLE message_search USING fts5(text, content='messages',"
                    " content_rowid='row', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"_s,
                    u"CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN"
                    " INSERT INTO message_search(rowid, text) VALUES (new.row, new.text); END"_s,
                    u"CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN"
                    " INSERT INTO message_search(message_search, rowid, text)"
                    " VALUES ('delete', old.row, old.text); END"_s,
                    u"CREATE TRIGGER messages_search_update AFTER UPDATE OF text ON messages BEGIN"
                    " INSERT INTO message_search(message_search, rowid, text)"
                    " VALUES ('delete', old.row, old.text);"
                    " INSERT INTO message_search(rowid, text) VALUES (new.row, new.text); END"_s,
                    u"INSERT INTO message_search(message_search) VALUES ('rebuild')"_s,
            },
            // 3: an error message's details in the one form of an ApiError (ApiErrorJson, the
            // CLI's documented event fields): httpStatus, timeoutAfterMs and shouldRetry become
            // status, timeoutMs and shouldRetryHeader. A value of the wrong type is left as it
            // was, for the reader to refuse as before.
            {
                    renameErrorKey(u"httpStatus"_s, u"status"_s, u"integer"_s,
                                   u"json_extract(extra, '$.error.httpStatus')"_s),
                    renameErrorKey(u"timeoutAfterMs"_s, u"timeoutMs"_s, u"integer"_s,
                                   u"json_extract(extra, '$.error.timeoutAfterMs')"_s),
                    renameErrorKey(u"shouldRetry"_s, u"shouldRetryHeader"_s, u"true"_s,
                                   u"json('true')"_s),
                    renameErrorKey(u"shouldRetry"_s, u"shouldRetryHeader"_s, u"false"_s,
                                   u"json('false')"_s),
            },
    };
    return list;
}

bool execute(QSqlDatabase &db, const QString &sql, QString *reason)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (reason)
        *reason = query.lastError().databaseText();
    return false;
}

} // namespace

int version(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        if (error)
            *error = query.lastError().databaseText();
        return -1;
    }
    return query.value(0).toInt();
}

bool migrate(QSqlDatabase &db, int toVersion, QString *error)
{
    const int from = version(db, error);
    if (from < 0)
        return false;
    for (int step = from + 1; step <= toVersion && step <= int(steps().size()); ++step) {
        QString reason;
        bool ok = execute(db, u"BEGIN IMMEDIATE"_s, &reason);
        for (const QString &sql : steps().at(step - 1)) {
            if (!ok)
                break;
            ok = execute(db, sql, &reason);
        }
        ok = ok && execute(db, u"PRAGMA user_version = %1"_s.arg(step), &reason)
                && execute(db, u"COMMIT"_s, &reason);
        if (!ok) {
            execute(db, u"ROLLBACK"_s, nullptr);
            if (error) {
                *error = u"Could not upgrade the library to version %1: %2"_s.arg(step).arg(reason);
            }
            qCWarning(lcLibrary) << "migration to version" << step << "failed:" << reason;
            return false;
        }
        qCInfo(lcLibrary) << "library upgraded to version" << step;
    }
    return true;
}

} // namespace steadfast::LibrarySchema
