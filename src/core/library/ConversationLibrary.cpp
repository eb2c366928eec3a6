// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary: opening, the connection, the helpers every write goes through, and the
// conversations. The tree and search are in LibraryMessages.cpp, export and import in
// LibraryJson.cpp, earlier files in LegacyMigration.cpp, the schema in LibrarySchema.cpp.
#include "core/library/ConversationLibrary.h"

#include "core/Logging.h"
#include "core/library/LibraryPrivate.h"
#include "core/library/LibrarySchema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

const QString kCurrentKey = u"currentConversationId"_s;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

// Opening

ConversationLibrary::ConversationLibrary(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
    d->connectionName = u"steadfast-library-"_s + newId();
}

ConversationLibrary::~ConversationLibrary()
{
    close();
}

bool ConversationLibrary::open(const QString &path)
{
    close();
    // Every query and handle of the attempt is gone when it returns: close() can then remove
    // the connection.
    QString error = d->openDatabase(path);
    if (error.isEmpty()) {
        qCInfo(lcLibrary) << "opened the library" << QDir::toNativeSeparators(path);
        return true;
    }
    close();
    // SQLite's words for a place it may not write; the user needs to know where to look.
    for (const QString &reason : {u"readonly database"_s, u"unable to open database file"_s,
                                  u"write-ahead log cannot be used"_s}) {
        if (error.contains(reason)) {
            error += u" Is the file or its folder read-only?"_s;
            break;
        }
    }
    d->lastError = error;
    qCWarning(lcLibrary) << "open failed:" << error;
    return false;
}

QString ConversationLibrary::Private::openDatabase(const QString &path)
{
    const QString native = QDir::toNativeSeparators(path);
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s)) {
        return u"Could not open the library: Qt's SQLite driver is not installed"
               " (libqt6sql6-sqlite)."_s;
    }
    const QFileInfo info(path);
    const QString folder = info.absolutePath();
    if (!QDir().mkpath(folder)) {
        return u"Could not open the library %1: the folder %2 cannot be created."_s.arg(
                native, QDir::toNativeSeparators(folder));
    }
    if (info.isDir())
        return u"Could not open the library %1: it is a folder."_s.arg(native);
    if (info.exists() && info.size() > 0) {
        // Checked before SQLite touches it: a file that is not a database stays as it is.
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return u"Could not open the library %1: %2."_s.arg(native, file.errorString());
        if (file.read(16) != QByteArrayView("SQLite format 3\0", 16)) {
            return u"Could not open the library %1: the file is not a Steadfast library (not an"
                   " SQLite database). It was left as it is."_s.arg(native);
        }
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    db.setDatabaseName(path);
    const QString what = u"Could not open the library %1"_s.arg(native);
    if (!db.open())
        return u"%1: %2."_s.arg(what, sqlReason(db.lastError()));
    this->path = path;
    open = true;
    // Connection settings first: they write nothing to the file.
    if (!run(u"PRAGMA foreign_keys = ON"_s, what) || !run(u"PRAGMA busy_timeout = 5000"_s, what))
        return lastError;
    QString reason;
    const int version = LibrarySchema::version(db, &reason);
    if (version < 0)
        return u"%1: %2."_s.arg(what, reason);
    if (version > schemaVersion) {
        return u"%1: it was written by a newer version of Steadfast (library version %2; this"
               " version reads up to %3). It was left as it is."_s.arg(what)
                       .arg(version)
                       .arg(schemaVersion);
    }
    if (version == 0) {
        QSqlQuery tables(db);
        if (!tables.exec(u"SELECT count(*) FROM sqlite_master"_s) || !tables.next())
            return u"%1: %2."_s.arg(what, sqlReason(tables.lastError()));
        if (tables.value(0).toInt() > 0) {
            return u"%1: the file is an SQLite database but not a Steadfast library. It was left"
                   " as it is."_s.arg(what);
        }
    }
    {
        QSqlQuery journal(db);
        if (!journal.exec(u"PRAGMA journal_mode = WAL"_s) || !journal.next())
            return u"%1: %2."_s.arg(what, sqlReason(journal.lastError()));
        if (journal.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
            return u"%1: the write-ahead log cannot be used there (is the folder writable?)."_s.arg(
                    what);
        }
    }
    if (!run(u"PRAGMA synchronous = FULL"_s, what))
        return lastError;
    if (!LibrarySchema::migrate(db, schemaVersion, &reason))
        return u"%1. %2."_s.arg(what, reason);
    // A library that opens but cannot be written would lose the next message: find out now,
    // with a write that is rolled back.
    if (!run(u"BEGIN IMMEDIATE"_s, what)
        || !run(u"PRAGMA user_version = %1"_s.arg(schemaVersion), what)) {
        rollback();
        return lastError;
    }
    rollback();
    return {};
}

void ConversationLibrary::close()
{
    if (QSqlDatabase::contains(d->connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(d->connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(d->connectionName);
    }
    d->open = false;
    d->path.clear();
}

bool ConversationLibrary::isOpen() const
{
    return d->open;
}

QString ConversationLibrary::path() const
{
    return d->path;
}

QString ConversationLibrary::lastError() const
{
    return d->lastError;
}

void ConversationLibrary::setClock(std::function<QDateTime()> clock)
{
    d->clock = std::move(clock);
}

// Conversations

namespace {

const QString kConversationColumns =
        u"c.id, c.title, c.title_edited, c.created, c.updated, c.pinned, c.trashed, c.settings,"
        " c.draft, (SELECT count(*) FROM messages m WHERE m.conversation = c.id AND m.deleted = 0)"_s;

ConversationInfo infoFromQuery(const QSqlQuery &query)
{
    ConversationInfo info;
    info.id = query.value(0).toString();
    info.title = query.value(1).toString();
    info.titleEdited = query.value(2).toBool();
    info.created = timeFromMs(query.value(3));
    info.updated = timeFromMs(query.value(4));
    info.pinned = query.value(5).toBool();
    info.trashed = timeFromMs(query.value(6));
    info.settings = settingsFromJson(QJsonDocument::fromJson(query.value(7).toByteArray()).object())
                            .value_or(ConversationSettings{});
    info.draft = query.value(8).toString();
    info.messageCount = query.value(9).toInt();
    return info;
}

} // namespace

QString ConversationLibrary::createConversation(const ConversationSettings &settings)
{
    const QString what = u"Could not create a conversation"_s;
    const QString id = newId();
    const qint64 now = d->now().toMSecsSinceEpoch();
    if (!d->begin(what)) {
        d->fail(d->lastError);
        return {};
    }
    QSqlQuery query = d->prepare(u"INSERT INTO conversations (id, created, updated, settings)"
                                 " VALUES (?, ?, ?, ?)"_s);
    query.addBindValue(id);
    query.addBindValue(now);
    query.addBindValue(now);
    query.addBindValue(QString::fromUtf8(
            QJsonDocument(settingsToJson(settings)).toJson(QJsonDocument::Compact)));
    if (!d->exec(query, what) || !d->commit(what)) {
        d->abort();
        return {};
    }
    Q_EMIT conversationsChanged();
    return id;
}

std::optional<ConversationInfo> ConversationLibrary::conversation(const QString &id) const
{
    if (!d->open)
        return std::nullopt;
    QSqlQuery query = d->prepare(
            u"SELECT %1 FROM conversations c WHERE c.id = ?"_s.arg(kConversationColumns));
    query.addBindValue(id);
    if (!d->exec(query, u"Could not read the conversation"_s)) {
        d->readFailed(d->lastError);
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return infoFromQuery(query);
}

QList<ConversationInfo> ConversationLibrary::conversations(Listing listing) const
{
    if (!d->open)
        return {};
    const QString sql = listing == Listing::Active
            ? u"SELECT %1 FROM conversations c WHERE c.trashed IS NULL"
              " ORDER BY c.pinned DESC, c.updated DESC, c.rowid DESC"_s
            : u"SELECT %1 FROM conversations c WHERE c.trashed IS NOT NULL"
              " ORDER BY c.trashed DESC, c.rowid DESC"_s;
    QSqlQuery query = d->prepare(sql.arg(kConversationColumns));
    QList<ConversationInfo> list;
    if (!d->exec(query, u"Could not read the list of conversations"_s)) {
        d->readFailed(d->lastError);
        return list;
    }
    while (query.next())
        list.append(infoFromQuery(query));
    return list;
}

bool ConversationLibrary::Private::updateConversation(const QString &id, const QString &assignments,
                                                      const QVariantList &values,
                                                      const QString &what,
                                                      const std::function<bool()> &then)
{
    if (!begin(what))
        return fail(lastError);
    QSqlQuery query = prepare(u"UPDATE conversations SET %1 WHERE id = ?"_s.arg(assignments));
    for (const QVariant &value : values)
        query.addBindValue(value);
    query.addBindValue(id);
    bool ok = exec(query, what);
    if (ok && query.numRowsAffected() == 0) {
        lastError = u"%1: there is no such conversation."_s.arg(what);
        ok = false;
    }
    if (!ok || (then && !then()) || !commit(what))
        return abort();
    return true;
}

bool ConversationLibrary::renameConversation(const QString &id, const QString &title)
{
    const QString trimmed = title.trimmed();
    const bool ok = trimmed.isEmpty()
            ? d->updateConversation(id, u"title_edited = 0"_s, {},
                                    u"Could not rename the conversation"_s,
                                    [this, id] { return d->refreshTitle(id); })
            : d->updateConversation(id, u"title = ?, title_edited = 1"_s, {trimmed},
                                    u"Could not rename the conversation"_s);
    if (ok)
        Q_EMIT conversationsChanged();
    return ok;
}

bool ConversationLibrary::setPinned(const QString &id, bool pinned)
{
    const bool ok = d->updateConversation(id, u"pinned = ?"_s, {int(pinned)},
                                          pinned ? u"Could not pin the conversation"_s
                                                 : u"Could not unpin the conversation"_s);
    if (ok)
        Q_EMIT conversationsChanged();
    return ok;
}

bool ConversationLibrary::setConversationSettings(const QString &id,
                                                  const ConversationSettings &settings)
{
    const QString json = QString::fromUtf8(
            QJsonDocument(settingsToJson(settings)).toJson(QJsonDocument::Compact));
    const bool ok = d->updateConversation(id, u"settings = ?"_s, {json},
                                          u"Could not save the conversation's settings"_s);
    if (ok)
        Q_EMIT conversationSettingsChanged(id);
    return ok;
}

bool ConversationLibrary::saveDraft(const QString &id, const QString &draft)
{
    return d->updateConversation(id, u"draft = ?"_s, {orEmpty(draft)},
                                 u"Could not save the draft"_s);
}

bool ConversationLibrary::trashConversation(const QString &id)
{
    const bool ok = d->updateConversation(id, u"trashed = coalesce(trashed, ?)"_s,
                                          {d->now().toMSecsSinceEpoch()},
                                          u"Could not move the conversation to the trash"_s);
    if (ok)
        Q_EMIT conversationsChanged();
    return ok;
}

bool ConversationLibrary::restoreConversation(const QString &id)
{
    const bool ok = d->updateConversation(id, u"trashed = NULL"_s, {},
                                          u"Could not restore the conversation from the trash"_s);
    if (ok)
        Q_EMIT conversationsChanged();
    return ok;
}

int ConversationLibrary::Private::purge(const QString &condition, const QVariantList &values,
                                        const QString &what)
{
    if (!begin(what)) {
        fail(lastError);
        return -1;
    }
    QSqlQuery query = prepare(u"DELETE FROM conversations WHERE %1"_s.arg(condition));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!exec(query, what)) {
        abort();
        return -1;
    }
    const int count = query.numRowsAffected();
    query.finish();
    if (!commit(what)) {
        fail(lastError);
        return -1;
    }
    return count;
}

bool ConversationLibrary::purgeConversation(const QString &id)
{
    const QString what = u"Could not delete the conversation"_s;
    const int count = d->purge(u"id = ?"_s, {id}, what);
    if (count == 0) {
        return d->fail(u"%1: there is no such conversation."_s.arg(what));
    }
    if (count > 0)
        Q_EMIT conversationsChanged();
    return count > 0;
}

int ConversationLibrary::emptyTrash()
{
    const int count = d->purge(u"trashed IS NOT NULL"_s, {}, u"Could not empty the trash"_s);
    if (count > 0)
        Q_EMIT conversationsChanged();
    return count;
}

int ConversationLibrary::purgeTrashedBefore(const QDateTime &before)
{
    if (!before.isValid())
        return 0;
    const int count =
            d->purge(u"trashed IS NOT NULL AND trashed < ?"_s, {before.toMSecsSinceEpoch()},
                     u"Could not delete old conversations from the trash"_s);
    if (count > 0)
        Q_EMIT conversationsChanged();
    return count;
}

QString ConversationLibrary::currentConversationId() const
{
    if (!d->open)
        return {};
    QSqlQuery query = d->prepare(u"SELECT m.value FROM meta m JOIN conversations c ON c.id ="
                                 " m.value WHERE m.key = ?"_s);
    query.addBindValue(kCurrentKey);
    if (!d->exec(query, u"Could not read the current conversation"_s)) {
        d->readFailed(d->lastError);
        return {};
    }
    return query.next() ? query.value(0).toString() : QString();
}

bool ConversationLibrary::setCurrentConversationId(const QString &id)
{
    const QString what = u"Could not remember the current conversation"_s;
    if (!d->begin(what))
        return d->fail(d->lastError);
    bool ok = true;
    if (!id.isEmpty() && !d->conversationExists(id)) {
        d->lastError = u"%1: there is no such conversation."_s.arg(what);
        ok = false;
    }
    QSqlQuery query =
            d->prepare(id.isEmpty() ? u"DELETE FROM meta WHERE key = ?"_s
                                    : u"INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"_s);
    query.addBindValue(kCurrentKey);
    if (!id.isEmpty())
        query.addBindValue(id);
    if (!ok || !d->exec(query, what) || !d->commit(what))
        return d->abort();
    return true;
}

} // namespace steadfast
