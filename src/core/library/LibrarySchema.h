// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace steadfast::LibrarySchema {

/// The schema version of a database: PRAGMA user_version (0: a new, empty file); -1 when it
/// cannot be read (*error says why).
int version(QSqlDatabase &db, QString *error = nullptr);

/// Applies the forward migrations from the database's version up to toVersion, one
/// transaction each (the version is written in the same transaction). False, with *error
/// naming the step and SQLite's reason, when one fails: that step left nothing behind.
/// Exposed so tests can build a database of an earlier version.
///   1: conversations, messages (the tree), meta (key/value: the current conversation)
///   2: message_search, an FTS5 index over messages.text kept in step by triggers
///   3: the error details in messages.extra renamed to ApiErrorJson's keys
bool migrate(QSqlDatabase &db, int toVersion, QString *error = nullptr);

} // namespace steadfast::LibrarySchema
