// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary on real SQLite files in a temporary folder: the schema and its
// migrations, refusing files it must not touch, the list of conversations and the trash,
// titles, the tree of messages (edits, regenerations, versions, delete and undo), full-text
// search, and JSON export/import (exact round trip; a bad file changes nothing).
#include "core/library/ConversationLibrary.h"
#include "core/library/LibrarySchema.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Kind = ConversationItem::Kind;

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 12, 3), QTime(10, 4, 0), Qt::UTC);

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

ConversationItem makeItem(Kind kind, const QString &text)
{
    ConversationItem item;
    item.kind = kind;
    item.text = text;
    return item;
}

/// A connection of the test's own to a database file (not the library's).
class RawDatabase
{
public:
    explicit RawDatabase(const QString &path)
        : m_name(u"raw-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDatabase()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    /// The first column of the first row; an invalid QVariant on failure.
    QVariant value(const QString &sql) const
    {
        QSqlQuery query(db());
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery query(db());
        const bool ok = query.exec(sql);
        if (!ok)
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return ok;
    }

private:
    QString m_name;
};

/// The library's own connection (named steadfast-library-<uuid>): its pragmas are its own.
QSqlDatabase libraryConnection()
{
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(u"steadfast-library-"_s))
            return QSqlDatabase::database(name, false);
    }
    return {};
}

} // namespace

class TestConversationLibrary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void schema_data();
    void schema();
    void migratesVersion1();
    void migratesVersion2ErrorKeys();
    void refusesNewerVersion();
    void refusesOtherFiles_data();
    void refusesOtherFiles();
    void closeAndReopen();

    void listingAndTrash();
    void conversationFields();
    void titles_data();
    void titles();
    void titleRules();
    void currentConversation();

    void addAndPath();
    void editAndRegenerateAreSiblings();
    void errorsAreVersionsOfAReply();
    void deleteAndRestore();
    void deleteNestedAndRestore();
    void removeMessage();
    void updateAndStreamingText();
    void failedWritesReport();
    void pathOfFiveThousand();

    void search_data();
    void search();
    void searchNewestFirstAndSnippet();

    void exportImportRoundTrip();
    void exportLeavesOutDeleted();
    void malformedImports_data();
    void malformedImports();
    void importExistingIdAsCopy();
    void exportMarkdown();

private:
    QString libraryPath() const { return m_dir->filePath(u"profile/library.db"_s); }
    /// A conversation of three messages (user, assistant, user) and its ids.
    QStringList addExchange(const QString &conversation);
    QStringList texts(const QStringList &ids) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationLibrary> m_library;
    QDateTime m_now;
};

void TestConversationLibrary::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<ConversationLibrary>();
    m_now = kStart;
    // Each reading of the clock is a second later: orders never tie.
    m_library->setClock([this] {
        m_now = m_now.addSecs(1);
        return m_now;
    });
    QVERIFY2(m_library->open(libraryPath()), qPrintable(m_library->lastError()));
}

void TestConversationLibrary::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

QStringList TestConversationLibrary::addExchange(const QString &conversation)
{
    QStringList ids;
    ConversationItem user = makeItem(Kind::User, u"first question"_s);
    ids.append(m_library->addMessage(conversation, {}, user));
    ConversationItem reply = makeItem(Kind::Assistant, u"first answer"_s);
    ids.append(m_library->addMessage(conversation, ids.last(), reply));
    ConversationItem again = makeItem(Kind::User, u"second question"_s);
    ids.append(m_library->addMessage(conversation, ids.last(), again));
    return ids;
}

QStringList TestConversationLibrary::texts(const QStringList &ids) const
{
    QStringList list;
    for (const ConversationItem &item : m_library->messages(ids))
        list.append(item.text);
    return list;
}

// The schema

void TestConversationLibrary::schema_data()
{
    QTest::addColumn<QString>("pragma");
    QTest::addColumn<QString>("expected");
    QTest::newRow("WAL journal") << u"journal_mode"_s << u"wal"_s;
    QTest::newRow("synchronous FULL") << u"synchronous"_s << u"2"_s;
    QTest::newRow("foreign keys on") << u"foreign_keys"_s << u"1"_s;
    QTest::newRow("busy timeout") << u"busy_timeout"_s << u"5000"_s;
    QTest::newRow("schema version") << u"user_version"_s << u"3"_s;
}

void TestConversationLibrary::schema()
{
    QFETCH(QString, pragma);
    QFETCH(QString, expected);
    QSqlDatabase db = libraryConnection();
    QVERIFY(db.isOpen());
    QSqlQuery query(db);
    QVERIFY(query.exec(u"PRAGMA "_s + pragma));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), expected);
    QCOMPARE(ConversationLibrary::schemaVersion, 3);
}

void TestConversationLibrary::migratesVersion1()
{
    m_library->close();
    const QString path = m_dir->filePath(u"old/library.db"_s);
    QVERIFY(QDir().mkpath(m_dir->filePath(u"old"_s)));
    {
        RawDatabase raw(path);
        QSqlDatabase db = raw.db();
        QString error;
        QVERIFY2(LibrarySchema::migrate(db, 1, &error), qPrintable(error));
        QCOMPARE(LibrarySchema::version(db), 1);
        QCOMPARE(raw.value(u"SELECT count(*) FROM sqlite_master WHERE name = 'message_search'"_s)
                         .toInt(),
                 0);
        // What version 1 held: a conversation, a question and its answer.
        QVERIFY(raw.exec(u"INSERT INTO conversations (id, title, created, updated) VALUES"
                         " ('c1', 'Old times', 1000, 2000)"_s));
        QVERIFY(raw.exec(
                u"INSERT INTO messages (row, id, conversation, parent, kind, created, text)"
                " VALUES (1, 'm1', 'c1', NULL, 0, 1000, 'Où est la bibliothèque?')"_s));
        QVERIFY(raw.exec(
                u"INSERT INTO messages (row, id, conversation, parent, kind, created, text)"
                " VALUES (2, 'm2', 'c1', 1, 1, 2000, 'Elle est fermée le dimanche.')"_s));
        QVERIFY(raw.exec(u"UPDATE messages SET selected_child = 2 WHERE row = 1"_s));
    }
    QVERIFY2(m_library->open(path), qPrintable(m_library->lastError()));
    {
        RawDatabase raw(path);
        QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), ConversationLibrary::schemaVersion);
    }
    QCOMPARE(m_library->pathIds(u"c1"_s), QStringList({u"m1"_s, u"m2"_s}));
    const QList<SearchHit> hits = m_library->search(u"bibliotheque"_s);
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().messageId, u"m1"_s);
    QCOMPARE(hits.first().conversationTitle, u"Old times"_s);
    QCOMPARE(m_library->search(u"ferme dimanche"_s).size(), 1);
    // And the triggers keep it in step from now on.
    ConversationItem item = makeItem(Kind::User, u"merci beaucoup"_s);
    QVERIFY(!m_library->addMessage(u"c1"_s, u"m2"_s, item).isEmpty());
    QCOMPARE(m_library->search(u"merci"_s).size(), 1);
}

void TestConversationLibrary::migratesVersion2ErrorKeys()
{
    m_library->close();
    const QString path = m_dir->filePath(u"v2/library.db"_s);
    QVERIFY(QDir().mkpath(m_dir->filePath(u"v2"_s)));
    {
        RawDatabase raw(path);
        QSqlDatabase db = raw.db();
        QString error;
        QVERIFY2(LibrarySchema::migrate(db, 2, &error), qPrintable(error));
        QCOMPARE(LibrarySchema::version(db), 2);
        // Version 2 stored an error's details with the key names of the time.
        QVERIFY(raw.exec(u"INSERT INTO conversations (id, title, created, updated) VALUES"
                         " ('c1', 'Slow day', 1000, 2000)"_s));
        QVERIFY(raw.exec(u"INSERT INTO messages (row, id, conversation, parent, kind, created)"
                         " VALUES (1, 'e1', 'c1', NULL, 2, 1000)"_s));
        QVERIFY(raw.exec(
                uR"(UPDATE messages SET extra = '{"error":{"kind":"Timeout","httpStatus":504,)"
                uR"("timeoutPhase":"Idle","timeoutAfterMs":30000,"shouldRetry":false,)"
                uR"("retryAfterMs":1500,"message":"slow","retryable":true}}' WHERE row = 1)"_s));
    }
    QVERIFY2(m_library->open(path), qPrintable(m_library->lastError()));
    {
        RawDatabase raw(path);
        QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), 3);
        const QJsonObject stored =
                QJsonDocument::fromJson(
                        raw.value(u"SELECT extra FROM messages WHERE row = 1"_s).toByteArray())
                        .object()
                        .value(u"error"_s)
                        .toObject();
        QStringList keys = stored.keys();
        keys.sort();
        QCOMPARE(keys,
                 QStringList({u"kind"_s, u"message"_s, u"retryAfterMs"_s, u"retryable"_s,
                              u"shouldRetryHeader"_s, u"status"_s, u"timeoutMs"_s,
                              u"timeoutPhase"_s}));
        QCOMPARE(stored.value(u"status"_s), QJsonValue(504));
        QCOMPARE(stored.value(u"timeoutMs"_s), QJsonValue(30000));
        QCOMPARE(stored.value(u"shouldRetryHeader"_s), QJsonValue(false));
    }
    const std::optional<ConversationItem> item = m_library->message(u"e1"_s);
    QVERIFY(item);
    QCOMPARE(item->kind, Kind::Error);
    QCOMPARE(item->error.kind, ApiError::Kind::Timeout);
    QCOMPARE(item->error.httpStatus, 504);
    QCOMPARE(item->error.timeoutPhase, ApiError::TimeoutPhase::Idle);
    QCOMPARE(item->error.timeoutAfter, std::chrono::milliseconds(30000));
    QCOMPARE(item->error.shouldRetryHeader, std::optional<bool>(false));
    QCOMPARE(item->error.retryAfter, std::optional(std::chrono::milliseconds(1500)));
    QCOMPARE(item->error.message, u"slow"_s);
    QVERIFY(item->error.retryable);
}

void TestConversationLibrary::refusesNewerVersion()
{
    m_library->close();
    const QString path = m_dir->filePath(u"newer.db"_s);
    {
        RawDatabase raw(path);
        QVERIFY(raw.exec(u"CREATE TABLE future (x)"_s));
        QVERIFY(raw.exec(
                u"PRAGMA user_version = %1"_s.arg(ConversationLibrary::schemaVersion + 1)));
    }
    const QByteArray before = readAll(path);
    QVERIFY(!before.isEmpty());
    QVERIFY(!m_library->open(path));
    QVERIFY(!m_library->isOpen());
    QVERIFY2(m_library->lastError().contains(u"newer version of Steadfast"_s),
             qPrintable(m_library->lastError()));
    QCOMPARE(readAll(path), before);
    QVERIFY(!QFile::exists(path + u"-wal"_s));
}

void TestConversationLibrary::refusesOtherFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("sqlite");
    QTest::newRow("text") << QByteArray("just some notes\n") << false;
    QTest::newRow("a conversation.json") << QByteArray(R"({"version": 1, "items": []})") << false;
    QByteArray binary(4096, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char((i * 7919) % 251);
    QTest::newRow("binary") << binary << false;
    QTest::newRow("SQLite header, then garbage")
            << QByteArray("SQLite format 3", 16) + QByteArray(1000, 'x') << false;
    QTest::newRow("another program's SQLite database") << QByteArray() << true;
}

void TestConversationLibrary::refusesOtherFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, sqlite);
    m_library->close();
    const QString path = m_dir->filePath(u"other.db"_s);
    if (sqlite) {
        RawDatabase raw(path);
        QVERIFY(raw.exec(u"CREATE TABLE contacts (name TEXT)"_s));
        QVERIFY(raw.exec(u"INSERT INTO contacts VALUES ('Ada')"_s));
    } else {
        QVERIFY(writeAll(path, content));
    }
    const QByteArray before = readAll(path);
    QSignalSpy failed(m_library.get(), &ConversationLibrary::writeFailed);
    QVERIFY(!m_library->open(path));
    QVERIFY(!m_library->isOpen());
    QVERIFY2(m_library->lastError().contains(u"not a Steadfast library"_s)
                     || m_library->lastError().contains(u"not a database"_s),
             qPrintable(m_library->lastError()));
    QCOMPARE(readAll(path), before);
    QVERIFY(!QFile::exists(path + u"-wal"_s));
    QCOMPARE(failed.count(), 0); // opening is not a write: the caller reads lastError()
}

void TestConversationLibrary::closeAndReopen()
{
    const QString id = m_library->createConversation();
    addExchange(id);
    m_library->close();
    QVERIFY(!m_library->isOpen());
    QVERIFY(m_library->conversations().isEmpty());
    QVERIFY(m_library->createConversation().isEmpty());
    QVERIFY(m_library->open(libraryPath()));
    QCOMPARE(m_library->path(), libraryPath());
    QCOMPARE(m_library->pathIds(id).size(), 3);
    // Two libraries on one file (two windows): each has its own connection.
    ConversationLibrary second;
    QVERIFY(second.open(libraryPath()));
    QCOMPARE(second.pathIds(id), m_library->pathIds(id));
}

// Conversations

void TestConversationLibrary::listingAndTrash()
{
    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);
    const QString a = m_library->createConversation();
    const QString b = m_library->createConversation();
    const QString c = m_library->createConversation();
    QCOMPARE(changed.count(), 3);
    const auto ids = [this](ConversationLibrary::Listing listing) {
        QStringList list;
        for (const ConversationInfo &info : m_library->conversations(listing))
            list.append(info.id);
        return list;
    };
    using L = ConversationLibrary::Listing;
    QCOMPARE(ids(L::Active), QStringList({c, b, a})); // newest first
    ConversationItem item = makeItem(Kind::User, u"hello"_s);
    m_library->addMessage(a, {}, item);
    QCOMPARE(ids(L::Active), QStringList({a, c, b})); // a message makes it the newest
    QVERIFY(m_library->setPinned(b, true));
    QCOMPARE(ids(L::Active), QStringList({b, a, c})); // pinned first
    QVERIFY(m_library->conversation(b)->pinned);

    QVERIFY(m_library->trashConversation(c));
    QVERIFY(m_library->trashConversation(b));
    QCOMPARE(ids(L::Active), QStringList({a}));
    QCOMPARE(ids(L::Trash), QStringList({b, c})); // the most recently trashed first
    QVERIFY(m_library->conversation(c)->trashed.isValid());
    QVERIFY(m_library->restoreConversation(b));
    QCOMPARE(ids(L::Active), QStringList({b, a}));
    QVERIFY(!m_library->conversation(b)->trashed.isValid());
    QCOMPARE(ids(L::Trash), QStringList({c}));

    // Purging: by hand, by age, all of the trash.
    const QString d = m_library->createConversation();
    const QString e = m_library->createConversation();
    QVERIFY(m_library->trashConversation(d)); // trashed before e
    const QDateTime between = m_now.addMSecs(500);
    QVERIFY(m_library->trashConversation(e));
    QCOMPARE(m_library->purgeTrashedBefore(between), 2); // c and d
    QCOMPARE(ids(L::Trash), QStringList({e}));
    QCOMPARE(m_library->emptyTrash(), 1);
    QCOMPARE(m_library->emptyTrash(), 0);
    QVERIFY(ids(L::Trash).isEmpty());
    QVERIFY(m_library->purgeConversation(a)); // not in the trash: gone too
    QVERIFY(!m_library->conversation(a));
    QCOMPARE(ids(L::Active), QStringList({b}));
    // Its messages went with it (foreign keys, with their search entries).
    RawDatabase raw(libraryPath());
    QCOMPARE(raw.value(u"SELECT count(*) FROM messages"_s).toInt(), 0);
    QVERIFY(m_library->search(u"hello"_s).isEmpty());
    QVERIFY(raw.exec(u"INSERT INTO message_search(message_search) VALUES ('integrity-check')"_s));
}

void TestConversationLibrary::conversationFields()
{
    ConversationSettings settings;
    settings.model = u"llama3"_s;
    settings.systemPrompt = QString(); // "no system prompt", not the default
    settings.temperature = 0.25;
    settings.maxTokens = 512;
    const QString id = m_library->createConversation(settings);
    std::optional<ConversationInfo> info = m_library->conversation(id);
    QVERIFY(info);
    QCOMPARE(info->settings, settings);
    QVERIFY(info->settings.systemPrompt.has_value());
    QCOMPARE(info->created, kStart.addSecs(1));
    QCOMPARE(info->updated, info->created);
    QCOMPARE(info->messageCount, 0);
    QVERIFY(info->title.isEmpty()); // the window says "New conversation"

    ConversationSettings other;
    other.temperature = 1.5;
    QSignalSpy settingsChanged(m_library.get(), &ConversationLibrary::conversationSettingsChanged);
    QVERIFY(m_library->setConversationSettings(id, other));
    QCOMPARE(m_library->conversation(id)->settings, other);
    QCOMPARE(settingsChanged.count(), 1);
    QCOMPARE(settingsChanged.at(0).at(0).toString(), id);
    QVERIFY(!m_library->conversation(id)->settings.systemPrompt.has_value());
    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);
    QVERIFY(m_library->saveDraft(id, u"half a thought ✍"_s));
    QCOMPARE(m_library->conversation(id)->draft, u"half a thought ✍"_s);
    QCOMPARE(changed.count(), 0);
    addExchange(id);
    QCOMPARE(m_library->conversation(id)->messageCount, 3);
    QVERIFY(!m_library->conversation(u"no-such-id"_s));
}

void TestConversationLibrary::titles_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("title");
    const QString ellipsis(QChar(0x2026));
    QTest::newRow("short") << u"How do B-trees work?"_s << u"How do B-trees work?"_s;
    QTest::newRow("trimmed") << u"  \n  hello there  \n"_s << u"hello there"_s;
    QTest::newRow("first line only")
            << u"Summarise this:\nlong text here"_s << u"Summarise this:"_s;
    QTest::newRow("spaces simplified") << u"a   b\tc"_s << u"a b c"_s;
    QTest::newRow("exactly 60") << QString(60, u'x') << QString(60, u'x');
    QTest::newRow("cut at a word")
            << u"Please explain the difference between a process and a thread in Linux"_s
            << u"Please explain the difference between a process and a thread"_s + ellipsis;
    QTest::newRow("cut before a word")
            << u"Please explain the difference between processes and threading in Linux"_s
            << u"Please explain the difference between processes and"_s + ellipsis;
    QTest::newRow("one long word") << QString(80, u'y') << QString(60, u'y') + ellipsis;
    QTest::newRow("no surrogate split")
            << QString(59, u'z') + u"😀😀"_s << QString(59, u'z') + ellipsis;
    QTest::newRow("blank") << u"   "_s << QString();
}

void TestConversationLibrary::titles()
{
    QFETCH(QString, text);
    QFETCH(QString, title);
    const QString id = m_library->createConversation();
    ConversationItem item = makeItem(Kind::User, text);
    QVERIFY(!m_library->addMessage(id, {}, item).isEmpty());
    QCOMPARE(m_library->conversation(id)->title, title);
    QVERIFY(m_library->conversation(id)->title.size() <= 61);
}

void TestConversationLibrary::titleRules()
{
    const QString id = m_library->createConversation();
    ConversationItem reply = makeItem(Kind::Assistant, u"I speak first"_s);
    const QString first = m_library->addMessage(id, {}, reply);
    QVERIFY(m_library->conversation(id)->title.isEmpty()); // only user messages title it
    ConversationItem question = makeItem(Kind::User, u"What is WAL?"_s);
    const QString q1 = m_library->addMessage(id, first, question);
    QCOMPARE(m_library->conversation(id)->title, u"What is WAL?"_s);
    ConversationItem later = makeItem(Kind::User, u"And FTS5?"_s);
    m_library->addMessage(id, q1, later);
    QCOMPARE(m_library->conversation(id)->title, u"What is WAL?"_s); // the first one's

    QVERIFY(m_library->renameConversation(id, u"  Databases  "_s));
    QCOMPARE(m_library->conversation(id)->title, u"Databases"_s);
    QVERIFY(m_library->conversation(id)->titleEdited);
    QVERIFY(m_library->deleteMessage(q1));
    QCOMPARE(m_library->conversation(id)->title, u"Databases"_s); // renamed: it stays

    QVERIFY(m_library->renameConversation(id, QString())); // back to the automatic title
    QVERIFY(!m_library->conversation(id)->titleEdited);
    QVERIFY(m_library->conversation(id)->title.isEmpty()); // q1 and what follows are deleted
    QVERIFY(m_library->restoreMessage(q1));
    QCOMPARE(m_library->conversation(id)->title, u"What is WAL?"_s);
    ConversationItem edited = *m_library->message(q1);
    edited.text = u"What is a write-ahead log?"_s;
    QVERIFY(m_library->updateMessage(edited));
    QCOMPARE(m_library->conversation(id)->title, u"What is a write-ahead log?"_s);
}

void TestConversationLibrary::currentConversation()
{
    QVERIFY(m_library->currentConversationId().isEmpty());
    const QString id = m_library->createConversation();
    QVERIFY(m_library->setCurrentConversationId(id));
    QCOMPARE(m_library->currentConversationId(), id);
    QVERIFY(!m_library->setCurrentConversationId(u"missing"_s));
    QCOMPARE(m_library->currentConversationId(), id);
    m_library->close();
    QVERIFY(m_library->open(libraryPath()));
    QCOMPARE(m_library->currentConversationId(), id); // kept across restarts
    QVERIFY(m_library->purgeConversation(id));
    QVERIFY(m_library->currentConversationId().isEmpty()); // gone
    QVERIFY(m_library->setCurrentConversationId(QString()));
}

// The tree

void TestConversationLibrary::addAndPath()
{
    const QString id = m_library->createConversation();
    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);
    ConversationItem user = makeItem(Kind::User, u"hi"_s);
    const QString u1 = m_library->addMessage(id, {}, user);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(user.id, u1); // filled in and written back
    QCOMPARE(user.time, kStart.addSecs(2));
    QCOMPARE(m_library->conversation(id)->updated, kStart.addSecs(3));
    ConversationItem reply = makeItem(Kind::Assistant, u"hello"_s);
    reply.id = u"my-own-id"_s;
    reply.time = QDateTime(QDate(2020, 1, 1), QTime(0, 0, 0, 7), Qt::UTC);
    QCOMPARE(m_library->addMessage(id, u1, reply), u"my-own-id"_s);
    QCOMPARE(reply.parentId, u1);
    QCOMPARE(m_library->pathIds(id), QStringList({u1, u"my-own-id"_s}));
    const QList<ConversationItem> path = m_library->path(id);
    QCOMPARE(path.size(), 2);
    QCOMPARE(path.at(1).time, reply.time); // kept to the millisecond
    QCOMPARE(path.at(1).parentId, u1);
    QVERIFY(path.at(0).parentId.isEmpty());
    QCOMPARE(path.at(1).siblingIndex, 0);
    QCOMPARE(path.at(1).siblingCount, 1);
    // Unknown ids are skipped; the order asked for is kept.
    QCOMPARE(texts({u"my-own-id"_s, u"nope"_s, u1}), QStringList({u"hello"_s, u"hi"_s}));
    // Wrong places: no such conversation, a parent from another conversation, a taken id.
    QSignalSpy failed(m_library.get(), &ConversationLibrary::writeFailed);
    ConversationItem stray = makeItem(Kind::User, u"x"_s);
    QVERIFY(m_library->addMessage(u"nope"_s, {}, stray).isEmpty());
    const QString other = m_library->createConversation();
    QVERIFY(m_library->addMessage(other, u1, stray).isEmpty());
    ConversationItem duplicate = makeItem(Kind::User, u"x"_s);
    duplicate.id = u1;
    QVERIFY(m_library->addMessage(id, {}, duplicate).isEmpty());
    QVERIFY(m_library->lastError().startsWith(u"Could not save the message"_s));
    QCOMPARE(failed.count(), 3);
    QCOMPARE(m_library->pathIds(id), QStringList({u1, u"my-own-id"_s})); // nothing written
    QVERIFY(m_library->pathIds(other).isEmpty());
}

void TestConversationLibrary::editAndRegenerateAreSiblings()
{
    const QString id = m_library->createConversation();
    const QStringList ids = addExchange(id); // u1, a1, u2
    // Edit the first question: a sibling of it (a second root), selected.
    ConversationItem edit = makeItem(Kind::User, u"first question, better"_s);
    const QString u1b = m_library->addMessage(id, {}, edit);
    QCOMPARE(m_library->pathIds(id), QStringList({u1b}));
    QCOMPARE(m_library->siblingIds(u1b), QStringList({ids.at(0), u1b}));
    QCOMPARE(m_library->message(u1b)->siblingIndex, 1);
    QCOMPARE(m_library->message(u1b)->siblingCount, 2);
    QCOMPARE(edit.siblingIndex, 1);
    QCOMPARE(edit.siblingCount, 2);
    ConversationItem answer = makeItem(Kind::Assistant, u"better answer"_s);
    const QString a1b = m_library->addMessage(id, u1b, answer);
    QCOMPARE(m_library->pathIds(id), QStringList({u1b, a1b}));

    // Back to the first version: its whole branch as it was.
    QVERIFY(m_library->selectMessage(ids.at(0)));
    QCOMPARE(m_library->pathIds(id), ids);
    // Regenerate the first answer: a sibling of the reply.
    ConversationItem regenerated = makeItem(Kind::Assistant, u"another answer"_s);
    const QString a1c = m_library->addMessage(id, ids.at(0), regenerated);
    QCOMPARE(m_library->pathIds(id), QStringList({ids.at(0), a1c}));
    QCOMPARE(m_library->siblingIds(a1c), QStringList({ids.at(1), a1c}));
    QCOMPARE(m_library->message(ids.at(1))->siblingIndex, 0);
    QCOMPARE(m_library->message(ids.at(1))->siblingCount, 2);
    // Selecting deep in another branch selects the way to it, up to the root.
    QVERIFY(m_library->selectMessage(a1b));
    QCOMPARE(m_library->pathIds(id), QStringList({u1b, a1b}));
    QVERIFY(m_library->selectMessage(ids.at(2)));
    QCOMPARE(m_library->pathIds(id), ids);
    QVERIFY(!m_library->selectMessage(u"nope"_s));
}

void TestConversationLibrary::errorsAreVersionsOfAReply()
{
    const QString id = m_library->createConversation();
    ConversationItem user = makeItem(Kind::User, u"q"_s);
    const QString u1 = m_library->addMessage(id, {}, user);
    ConversationItem error = makeItem(Kind::Error, QString());
    error.error.kind = ApiError::Kind::Server;
    error.error.httpStatus = 503;
    const QString e1 = m_library->addMessage(id, u1, error);
    ConversationItem reply = makeItem(Kind::Assistant, u"a"_s);
    const QString a1 = m_library->addMessage(id, u1, reply);
    ConversationItem second = makeItem(Kind::Assistant, u"b"_s);
    const QString a2 = m_library->addMessage(id, u1, second);

    // An error that took a reply's place is a version of the reply (a regenerate that failed),
    // so the reply it was to replace stays reachable; the question's versions are questions.
    const ConversationItem errorItem = *m_library->message(e1);
    QCOMPARE(errorItem.siblingIndex, 0);
    QCOMPARE(errorItem.siblingCount, 3);
    QCOMPARE(errorItem.error.httpStatus, 503);
    QCOMPARE(m_library->message(a1)->siblingIndex, 1);
    QCOMPARE(m_library->message(a1)->siblingCount, 3);
    QCOMPARE(m_library->message(a2)->siblingIndex, 2);
    QCOMPARE(m_library->siblingIds(a2), QStringList({e1, a1, a2}));
    QCOMPARE(m_library->siblingIds(e1), QStringList({e1, a1, a2}));
    ConversationItem edit = makeItem(Kind::User, u"q, edited"_s);
    const QString u2 = m_library->addMessage(id, {}, edit);
    QCOMPARE(m_library->siblingIds(u1), QStringList({u1, u2}));
    QCOMPARE(m_library->message(u2)->siblingCount, 2);
}

void TestConversationLibrary::deleteAndRestore()
{
    const QString id = m_library->createConversation();
    const QStringList ids = addExchange(id); // u1, a1, u2
    ConversationItem regenerated = makeItem(Kind::Assistant, u"second answer"_s);
    const QString a1b = m_library->addMessage(id, ids.at(0), regenerated);
    QCOMPARE(m_library->pathIds(id), QStringList({ids.at(0), a1b}));

    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);
    QVERIFY(m_library->deleteMessage(a1b)); // the selected version: the other one comes back
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_library->pathIds(id), ids);
    QCOMPARE(m_library->message(ids.at(1))->siblingCount, 1);
    QCOMPARE(m_library->siblingIds(ids.at(1)), QStringList({ids.at(1)}));
    QCOMPARE(m_library->conversation(id)->messageCount, 3);
    QVERIFY(m_library->restoreMessage(a1b)); // Undo: back, and selected again
    QCOMPARE(m_library->pathIds(id), QStringList({ids.at(0), a1b}));
    QCOMPARE(m_library->message(a1b)->siblingIndex, 1);
    QCOMPARE(m_library->message(a1b)->siblingCount, 2);

    // A subtree: the first question and everything under it.
    QVERIFY(m_library->deleteMessage(ids.at(0)));
    QVERIFY(m_library->pathIds(id).isEmpty());
    QCOMPARE(m_library->conversation(id)->messageCount, 0);
    QVERIFY(m_library->message(ids.at(2)));        // kept until purged
    QVERIFY(!m_library->selectMessage(ids.at(2))); // the path never goes through it
    ConversationItem fresh = makeItem(Kind::User, u"start again"_s);
    const QString u1b = m_library->addMessage(id, {}, fresh);
    QCOMPARE(m_library->pathIds(id), QStringList({u1b}));
    QCOMPARE(m_library->message(u1b)->siblingCount, 1);
    QVERIFY(m_library->addMessage(id, ids.at(2), fresh).isEmpty()); // not under a deleted one
    QVERIFY(m_library->restoreMessage(ids.at(0)));
    QCOMPARE(m_library->pathIds(id), QStringList({ids.at(0), a1b}));
    QCOMPARE(m_library->conversation(id)->messageCount, 5);
    QVERIFY(m_library->selectMessage(ids.at(2)));
    QCOMPARE(m_library->pathIds(id), ids);
}

void TestConversationLibrary::deleteNestedAndRestore()
{
    const QString id = m_library->createConversation();
    const QStringList ids = addExchange(id);       // u1, a1, u2
    QVERIFY(m_library->deleteMessage(ids.at(2)));  // first the last question
    QVERIFY(m_library->deleteMessage(ids.at(0)));  // then the whole exchange
    QVERIFY(m_library->restoreMessage(ids.at(0))); // undo the second deletion only
    QCOMPARE(m_library->pathIds(id), ids.mid(0, 2));
    QVERIFY(m_library->restoreMessage(ids.at(2)));
    QCOMPARE(m_library->pathIds(id), ids);

    // Restoring a message under a deleted one brings back what hides it.
    QVERIFY(m_library->deleteMessage(ids.at(2)));
    QVERIFY(m_library->deleteMessage(ids.at(0)));
    QVERIFY(m_library->restoreMessage(ids.at(2)));
    QCOMPARE(m_library->pathIds(id), ids);
    // A path whose selected child was deleted behind its back (not through deleteMessage)
    // still never passes through it.
    RawDatabase raw(libraryPath());
    QVERIFY(raw.exec(u"UPDATE messages SET deleted = row WHERE id = '%1'"_s.arg(ids.at(2))));
    QCOMPARE(m_library->pathIds(id), ids.mid(0, 2));
}

void TestConversationLibrary::removeMessage()
{
    const QString id = m_library->createConversation();
    ConversationItem user = makeItem(Kind::User, u"q"_s);
    const QString u1 = m_library->addMessage(id, {}, user);
    ConversationItem reply = makeItem(Kind::Assistant, u"partial"_s);
    const QString a1 = m_library->addMessage(id, u1, reply);
    ConversationItem error = makeItem(Kind::Error, QString());
    error.error.kind = ApiError::Kind::StreamInterrupted;
    const QString e1 = m_library->addMessage(id, a1, error);
    QCOMPARE(m_library->pathIds(id), QStringList({u1, a1, e1}));
    QVERIFY(m_library->removeMessage(a1)); // for good, with what is under it
    QVERIFY(!m_library->message(a1));
    QVERIFY(!m_library->message(e1));
    QCOMPARE(m_library->pathIds(id), QStringList({u1}));
    QVERIFY(!m_library->restoreMessage(a1));
    RawDatabase raw(libraryPath());
    QCOMPARE(raw.value(u"SELECT count(*) FROM messages"_s).toInt(), 1);
    QCOMPARE(raw.value(u"SELECT selected_child FROM messages WHERE id = '%1'"_s.arg(u1)).isNull(),
             true);
    QVERIFY(raw.exec(u"INSERT INTO message_search(message_search) VALUES ('integrity-check')"_s));
    QVERIFY(m_library->search(u"partial"_s).isEmpty());
}

void TestConversationLibrary::updateAndStreamingText()
{
    const QString id = m_library->createConversation();
    ConversationItem user = makeItem(Kind::User, u"tell me"_s);
    const QString u1 = m_library->addMessage(id, {}, user);
    ConversationItem reply = makeItem(Kind::Assistant, QString());
    reply.streaming = true;
    const QString a1 = m_library->addMessage(id, u1, reply);
    const QDateTime updated = m_library->conversation(id)->updated;

    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);
    QVERIFY(m_library->setMessageText(a1, u"Once upon"_s, true));
    QVERIFY(m_library->setMessageText(a1, u"Once upon a time"_s, true));
    QCOMPARE(changed.count(), 0); // the streaming save is quiet and cheap
    QCOMPARE(m_library->conversation(id)->updated, updated);
    QCOMPARE(m_library->message(a1)->text, u"Once upon a time"_s);
    QVERIFY(m_library->message(a1)->streaming);
    QCOMPARE(m_library->search(u"upon"_s).size(), 1); // indexed as it grows

    ConversationItem done = *m_library->message(a1);
    done.text = u"Once upon a time, the end."_s;
    done.streaming = false;
    done.stopped = true;
    done.finishReason = u"stop"_s;
    done.model = u"gpt-x"_s;
    done.requestId = u"req_1"_s;
    done.usage = Usage{3, 4, 7};
    QVERIFY(m_library->updateMessage(done));
    QCOMPARE(changed.count(), 1);
    const ConversationItem saved = *m_library->message(a1);
    QCOMPARE(saved.toJson(), done.toJson()); // every field
    QVERIFY(m_library->conversation(id)->updated > updated);
    QVERIFY(!m_library->setMessageText(u"nope"_s, u"x"_s, false));
}

void TestConversationLibrary::failedWritesReport()
{
    QSignalSpy failed(m_library.get(), &ConversationLibrary::writeFailed);
    QVERIFY(!m_library->setPinned(u"nope"_s, true));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), m_library->lastError());
    QVERIFY2(m_library->lastError().contains(u"no such conversation"_s),
             qPrintable(m_library->lastError()));
    QVERIFY(!m_library->deleteMessage(u"nope"_s));
    QVERIFY(!m_library->purgeConversation(u"nope"_s));
    QCOMPARE(failed.count(), 3);
    // Reads never emit.
    m_library->conversation(u"nope"_s);
    m_library->pathIds(u"nope"_s);
    m_library->search(u"x"_s);
    QCOMPARE(failed.count(), 3);
}

void TestConversationLibrary::pathOfFiveThousand()
{
    // Built by an import (one transaction), then read the way the timeline does.
    QJsonArray messages;
    QString parent;
    for (int i = 0; i < 5000; ++i) {
        const QString id = u"m%1"_s.arg(i);
        QJsonObject message{{u"kind"_s, i % 2 ? u"assistant"_s : u"user"_s},
                            {u"id"_s, id},
                            {u"time"_s, kStart.addSecs(i).toString(Qt::ISODateWithMs)},
                            {u"text"_s, u"message number %1"_s.arg(i)}};
        if (!parent.isEmpty())
            message.insert(u"parent"_s, parent);
        messages.append(message);
        parent = id;
    }
    const QJsonObject conversation{{u"id"_s, u"long"_s},
                                   {u"created"_s, kStart.toString(Qt::ISODateWithMs)},
                                   {u"updated"_s, kStart.toString(Qt::ISODateWithMs)},
                                   {u"messages"_s, messages}};
    const QJsonObject file{{u"format"_s, u"steadfast"_s},
                           {u"version"_s, 1},
                           {u"conversations"_s, QJsonArray{conversation}}};
    QVERIFY(m_library->importJson(QJsonDocument(file).toJson()).ok);
    QStringList ids;
    QElapsedTimer timer;
    timer.start();
    ids = m_library->pathIds(u"long"_s);
    const qint64 pathMs = timer.elapsed();
    QCOMPARE(ids.size(), 5000);
    QCOMPARE(ids.last(), u"m4999"_s);
    timer.restart();
    const QList<ConversationItem> page = m_library->messages(ids.mid(ids.size() - 64));
    const qint64 pageMs = timer.elapsed();
    QCOMPARE(page.size(), 64);
    qInfo("pathIds of 5,000 messages: %lld ms; a page of 64 messages: %lld ms", pathMs, pageMs);
    QVERIFY2(pathMs < 250, "pathIds must be one cheap query");
}

// Search

void TestConversationLibrary::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected"); // texts, newest first
    const QString fox = u"The quick brown fox jumps"_s;
    const QString creme = u"Crème brûlée, step by step"_s;
    const QString naive = u"a naive approach"_s;
    const QString said = u"He said \"hello\" AND left"_s;
    const QString gate = u"NEAR the OR gate"_s;
    QTest::newRow("a prefix") << u"qui"_s << QStringList{fox};
    QTest::newRow("several words, all must match") << u"quick fox"_s << QStringList{fox};
    QTest::newRow("in any order") << u"FOX Quick"_s << QStringList{fox};
    QTest::newRow("one word missing") << u"quick zebra"_s << QStringList{};
    QTest::newRow("diacritics in the text") << u"creme brulee"_s << QStringList{creme};
    QTest::newRow("diacritics in the query") << u"naïve"_s << QStringList{naive};
    QTest::newRow("quotes are words") << u"\"hello\""_s << QStringList{said};
    QTest::newRow("a lone quote") << u"\""_s << QStringList{};
    QTest::newRow("unbalanced quote") << u"\"hello"_s << QStringList{said};
    QTest::newRow("AND is a word") << u"said AND"_s << QStringList{said};
    QTest::newRow("OR is a word") << u"OR gate"_s << QStringList{gate};
    QTest::newRow("NOT is a word") << u"NOT fox"_s << QStringList{};
    QTest::newRow("NEAR( is a word") << u"NEAR(the"_s << QStringList{gate};
    QTest::newRow("a star") << u"fox*"_s << QStringList{fox};
    QTest::newRow("a column filter") << u"text:fox"_s << QStringList{};
    QTest::newRow("a minus") << u"-fox"_s << QStringList{fox};
    QTest::newRow("a caret") << u"^quick"_s << QStringList{fox};
    QTest::newRow("parentheses") << u"(step)"_s << QStringList{creme};
    QTest::newRow("trash, deleted and errors left out") << u"fox"_s << QStringList{fox};
    QTest::newRow("nothing") << u"   "_s << QStringList{};
}

void TestConversationLibrary::search()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const QString id = m_library->createConversation();
    QString parent;
    for (const QString &text :
         {u"The quick brown fox jumps"_s, u"Crème brûlée, step by step"_s, u"a naive approach"_s,
          u"He said \"hello\" AND left"_s, u"NEAR the OR gate"_s}) {
        ConversationItem item = makeItem(parent.isEmpty() ? Kind::User : Kind::Assistant, text);
        parent = m_library->addMessage(id, parent, item);
    }
    ConversationItem deleted = makeItem(Kind::User, u"a deleted fox"_s);
    QVERIFY(m_library->deleteMessage(m_library->addMessage(id, parent, deleted)));
    ConversationItem error = makeItem(Kind::Error, u"an error about a fox"_s);
    error.error.kind = ApiError::Kind::Server;
    m_library->addMessage(id, parent, error);
    const QString trashed = m_library->createConversation();
    ConversationItem inTrash = makeItem(Kind::User, u"a trashed fox"_s);
    m_library->addMessage(trashed, {}, inTrash);
    QVERIFY(m_library->trashConversation(trashed));

    QStringList found;
    for (const SearchHit &hit : m_library->search(query)) {
        found.append(m_library->message(hit.messageId)->text);
        QCOMPARE(hit.conversationId, id);
    }
    QCOMPARE(found, expected);
}

void TestConversationLibrary::searchNewestFirstAndSnippet()
{
    const QString a = m_library->createConversation();
    const QString b = m_library->createConversation();
    ConversationItem first = makeItem(Kind::User, u"alpha one"_s);
    ConversationItem second = makeItem(Kind::User, u"alpha two"_s);
    ConversationItem third = makeItem(Kind::Assistant, u"alpha three"_s);
    const QString idA = m_library->addMessage(a, {}, first);
    const QString idB = m_library->addMessage(b, {}, second);
    const QString idC = m_library->addMessage(a, idA, third);
    const QStringList ids{idC, idB, idA}; // across conversations, newest first
    QStringList found;
    for (const SearchHit &hit : m_library->search(u"alpha"_s))
        found.append(hit.messageId);
    QCOMPARE(found, ids);
    QCOMPARE(m_library->search(u"alpha"_s, 2).size(), 2);

    QStringList words;
    for (int i = 0; i < 100; ++i)
        words.append(i == 50 ? u"Needle"_s : u"w%1"_s.arg(i));
    ConversationItem item = makeItem(Kind::Assistant, words.join(u' '));
    const QString hay = m_library->addMessage(b, idB, item);
    QVERIFY(m_library->renameConversation(b, u"Haystack"_s));
    const QList<SearchHit> hits = m_library->search(u"needle"_s);
    QCOMPARE(hits.size(), 1);
    const SearchHit &hit = hits.first();
    QCOMPARE(hit.messageId, hay);
    QCOMPARE(hit.conversationId, b);
    QCOMPARE(hit.conversationTitle, u"Haystack"_s);
    QCOMPARE(hit.kind, Kind::Assistant);
    QCOMPARE(hit.time, item.time);
    QVERIFY2(hit.snippet.contains(SearchHit::markStart + u"Needle"_s + SearchHit::markEnd),
             qPrintable(hit.snippet));
    const int snippetWords = int(hit.snippet.split(u' ', Qt::SkipEmptyParts).size());
    QVERIFY2(snippetWords >= 8 && snippetWords <= 14, qPrintable(hit.snippet)); // ~12 tokens
    QVERIFY(hit.snippet.contains(QChar(0x2026)));

    // Markdown's marks and line breaks do not show in a snippet; the match marks do.
    ConversationItem markdown =
            makeItem(Kind::Assistant, u"Use **bold** and `code`\n\n```cpp\nfind(haystack);\n```"_s);
    m_library->addMessage(b, hay, markdown);
    const QList<SearchHit> code = m_library->search(u"haystack"_s);
    QCOMPARE(code.size(), 1);
    QCOMPARE(code.first().snippet,
             u"Use bold and code cpp find("_s + SearchHit::markStart + u"haystack"_s
                     + SearchHit::markEnd + u");"_s);
}

// Export and import

void TestConversationLibrary::exportImportRoundTrip()
{
    ConversationSettings settings;
    settings.model = u"gpt-4o"_s;
    settings.systemPrompt = u"Be brief."_s;
    settings.temperature = 0.7;
    settings.maxTokens = 300;
    const QString rich = m_library->createConversation(settings);
    const QStringList ids = addExchange(rich);
    ConversationItem error = makeItem(Kind::Error, QString());
    error.error.kind = ApiError::Kind::RateLimited;
    error.error.httpStatus = 429;
    error.error.message = u"Slow down"_s;
    error.error.retryAfter = std::chrono::milliseconds(20000);
    error.error.shouldRetryHeader = true;
    m_library->addMessage(rich, ids.at(2), error);
    ConversationItem reply = makeItem(Kind::Assistant, u"partial ✂ reply"_s);
    reply.interrupted = true;
    reply.model = u"gpt-4o"_s;
    reply.usage = Usage{1, 2, 3};
    reply.requestId = u"req_9"_s;
    m_library->addMessage(rich, ids.at(2), reply);
    ConversationItem version = makeItem(Kind::Assistant, u"another version"_s);
    version.stopped = true;
    m_library->addMessage(rich, ids.at(0), version);
    QVERIFY(m_library->selectMessage(ids.at(1))); // the older version selected
    ConversationItem edit = makeItem(Kind::User, u"edited first question"_s);
    m_library->addMessage(rich, {}, edit);
    QVERIFY(m_library->selectMessage(ids.at(2)));
    QVERIFY(m_library->setPinned(rich, true));
    QVERIFY(m_library->saveDraft(rich, u"unsent"_s));
    const QString renamed = m_library->createConversation();
    ConversationItem note = makeItem(Kind::User, u"note"_s);
    m_library->addMessage(renamed, {}, note);
    QVERIFY(m_library->renameConversation(renamed, u"My notes"_s));
    QVERIFY(m_library->trashConversation(renamed));
    m_library->createConversation(); // empty

    const QByteArray exported = m_library->exportLibraryJson();
    QVERIFY(exported.contains("\n    \"conversations\": [")); // indented
    QTemporaryDir otherDir;
    ConversationLibrary other;
    QVERIFY(other.open(otherDir.filePath(u"library.db"_s)));
    QSignalSpy changed(&other, &ConversationLibrary::conversationsChanged);
    const ImportResult result = other.importJson(exported);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.conversationIds.size(), 3);
    QCOMPARE(changed.count(), 1);
    const QByteArray again = other.exportLibraryJson();
    QCOMPARE(again, exported);
    QCOMPARE(other.pathIds(rich), m_library->pathIds(rich));
    QCOMPARE(other.conversations(ConversationLibrary::Listing::Trash).size(), 1);
    QCOMPARE(other.conversation(rich)->settings, settings);
    // One conversation alone, as the window exports it.
    const QByteArray one = m_library->exportJson({renamed});
    QCOMPARE(QJsonDocument::fromJson(one)[u"conversations"_s].toArray().size(), 1);
    QCOMPARE(QJsonDocument::fromJson(one)[u"format"_s].toString(), u"steadfast"_s);
    QCOMPARE(QJsonDocument::fromJson(one)[u"version"_s].toInt(), 1);
}

void TestConversationLibrary::exportLeavesOutDeleted()
{
    const QString id = m_library->createConversation();
    const QStringList ids = addExchange(id);
    QVERIFY(m_library->deleteMessage(ids.at(2)));
    const QJsonObject conversation =
            QJsonDocument::fromJson(m_library->exportJson({id}))[u"conversations"_s][0].toObject();
    const QJsonArray messages = conversation.value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(1)[u"parent"_s].toString(), ids.at(0));
    QVERIFY(!messages.at(1).toObject().contains(u"selectedChild"_s));
    QCOMPARE(messages.at(0)[u"selectedChild"_s].toString(), ids.at(1));
    QCOMPARE(conversation.value(u"selectedRoot"_s).toString(), ids.at(0));
}

void TestConversationLibrary::malformedImports_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("error");

    const QJsonObject user{{u"kind"_s, u"user"_s},
                           {u"id"_s, u"i1"_s},
                           {u"time"_s, u"2026-01-01T10:00:00.000Z"_s},
                           {u"text"_s, u"hi"_s}};
    QJsonObject reply{{u"kind"_s, u"assistant"_s},
                      {u"id"_s, u"i2"_s},
                      {u"time"_s, u"2026-01-01T10:00:01.000Z"_s},
                      {u"text"_s, u"hello"_s},
                      {u"parent"_s, u"i1"_s}};
    const QJsonObject conversation{{u"id"_s, u"c1"_s},
                                   {u"title"_s, u"t"_s},
                                   {u"created"_s, u"2026-01-01T10:00:00.000Z"_s},
                                   {u"updated"_s, u"2026-01-01T10:00:01.000Z"_s},
                                   {u"messages"_s, QJsonArray{user, reply}}};
    const auto file = [](const QJsonArray &conversations, const QJsonValue &version = 1) {
        return QJsonDocument(QJsonObject{{u"format"_s, u"steadfast"_s},
                                         {u"version"_s, version},
                                         {u"conversations"_s, conversations}})
                .toJson();
    };
    const auto with = [](QJsonObject object, const QString &key, const QJsonValue &value) {
        if (value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
        return object;
    };
    const auto withMessages = [&](const QJsonArray &messages) {
        return file({with(conversation, u"messages"_s, messages)});
    };
    const QJsonObject second = with(with(conversation, u"id"_s, u"c2"_s), u"messages"_s,
                                    QJsonArray{with(user, u"id"_s, u"j1"_s)});

    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << u"not valid JSON"_s;
    QTest::newRow("empty") << QByteArray() << u"not valid JSON"_s;
    QTest::newRow("an array") << QByteArray("[]") << u"not a Steadfast export"_s;
    QTest::newRow("another format")
            << QJsonDocument(QJsonObject{{u"format"_s, u"other"_s}}).toJson()
            << u"not a Steadfast export"_s;
    QTest::newRow("a legacy conversation.json")
            << QByteArray(R"({"version": 1, "items": []})") << u"not a Steadfast export"_s;
    QTest::newRow("a newer version") << file({conversation}, 2) << u"newer version"_s;
    QTest::newRow("version as text") << file({conversation}, u"1"_s) << u"format version"_s;
    QTest::newRow("no conversations")
            << QJsonDocument(QJsonObject{{u"format"_s, u"steadfast"_s}, {u"version"_s, 1}}).toJson()
            << u"no list of conversations"_s;
    QTest::newRow("a conversation not an object") << file({42}) << u"Conversation 1"_s;
    QTest::newRow("no id") << file({with(conversation, u"id"_s, QJsonValue::Undefined)})
                           << u"has no id"_s;
    QTest::newRow("two with one id")
            << file({conversation, conversation}) << u"same id as an earlier one"_s;
    QTest::newRow("title a number") << file({with(conversation, u"title"_s, 3)}) << u"\"title\""_s;
    QTest::newRow("pinned a string")
            << file({with(conversation, u"pinned"_s, u"yes"_s)}) << u"\"pinned\""_s;
    QTest::newRow("bad created time")
            << file({with(conversation, u"created"_s, u"monday"_s)}) << u"\"created\""_s;
    QTest::newRow("settings of the wrong type")
            << file({with(conversation, u"settings"_s, QJsonObject{{u"temperature"_s, u"hot"_s}})})
            << u"settings"_s;
    QTest::newRow("no messages") << file({with(conversation, u"messages"_s, QJsonValue::Undefined)})
                                 << u"no list of messages"_s;
    QTest::newRow("unknown kind") << withMessages({with(user, u"kind"_s, u"system"_s)})
                                  << u"Message 1 of conversation 1"_s;
    QTest::newRow("no time") << withMessages({with(user, u"time"_s, QJsonValue::Undefined)})
                             << u"not a valid message"_s;
    QTest::newRow("usage of the wrong type")
            << withMessages({user, with(reply, u"usage"_s, u"many"_s)}) << u"Message 2"_s;
    QTest::newRow("an unknown error kind")
            << withMessages({user,
                             with(with(reply, u"kind"_s, u"error"_s), u"error"_s,
                                  QJsonObject{{u"kind"_s, u"Gremlins"_s}})})
            << u"not a valid message"_s;
    QTest::newRow("one message id twice") << withMessages({user, with(reply, u"id"_s, u"i1"_s)})
                                          << u"same id as an earlier message"_s;
    QTest::newRow("one message id in two conversations")
            << file({conversation, with(second, u"messages"_s, QJsonArray{user})})
            << u"same id as an earlier message"_s;
    QTest::newRow("a parent missing") << withMessages({user, with(reply, u"parent"_s, u"zz"_s)})
                                      << u"not in the same conversation"_s;
    QTest::newRow("a parent in another conversation")
            << file({second,
                     with(conversation, u"messages"_s,
                          QJsonArray{user, with(reply, u"parent"_s, u"j1"_s)})})
            << u"not in the same conversation"_s;
    QTest::newRow("a cycle") << withMessages({with(user, u"parent"_s, u"i2"_s), reply})
                             << u"cycle"_s;
    QTest::newRow("its own parent")
            << withMessages({with(user, u"parent"_s, u"i1"_s)}) << u"cycle"_s;
    QTest::newRow("selects a stranger")
            << withMessages({with(user, u"selectedChild"_s, u"i1"_s), reply})
            << u"not one of its own"_s;
    QTest::newRow("selects a root it has not")
            << file({with(conversation, u"selectedRoot"_s, u"i2"_s)}) << u"first message"_s;
    QTest::newRow("the second conversation bad")
            << file({conversation, with(second, u"created"_s, 5)}) << u"Conversation 2"_s;
}

void TestConversationLibrary::malformedImports()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, error);
    const QString id = m_library->createConversation();
    addExchange(id);
    m_library->createConversation();
    const QByteArray before = m_library->exportLibraryJson();
    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);

    const ImportResult result = m_library->importJson(data);
    QVERIFY(!result.ok);
    QVERIFY(result.conversationIds.isEmpty());
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
    QVERIFY(result.error.endsWith(u'.'));
    QCOMPARE(m_library->exportLibraryJson(), before);
    RawDatabase raw(libraryPath());
    QCOMPARE(raw.value(u"SELECT count(*) FROM conversations"_s).toInt(), 2);
    QCOMPARE(raw.value(u"SELECT count(*) FROM messages"_s).toInt(), 3);
    QCOMPARE(changed.count(), 0);
}

void TestConversationLibrary::importExistingIdAsCopy()
{
    const QString id = m_library->createConversation();
    const QStringList ids = addExchange(id);
    ConversationItem version = makeItem(Kind::Assistant, u"second version"_s);
    m_library->addMessage(id, ids.at(0), version);
    const QByteArray exported = m_library->exportJson({id});
    const ImportResult result = m_library->importJson(exported);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.conversationIds.size(), 1);
    const QString copy = result.conversationIds.first();
    QVERIFY(copy != id);
    const QStringList copyPath = m_library->pathIds(copy);
    QCOMPARE(copyPath.size(), 2);
    for (const QString &messageId : copyPath)
        QVERIFY(!ids.contains(messageId) && messageId != version.id); // new ids
    QCOMPARE(texts(copyPath), texts(m_library->pathIds(id)));         // the same tree
    QCOMPARE(m_library->siblingIds(copyPath.at(1)).size(), 2);
    QCOMPARE(m_library->conversation(copy)->title, m_library->conversation(id)->title);
    QCOMPARE(m_library->pathIds(id).size(), 2);                          // the original untouched
    QCOMPARE(m_library->importJson(exported).conversationIds.size(), 1); // and again
    QCOMPARE(m_library->conversations().size(), 3);
}

void TestConversationLibrary::exportMarkdown()
{
    qputenv("TZ", "UTC");
    const QString id = m_library->createConversation();
    ConversationItem user = makeItem(Kind::User, u"Why is the sky blue?"_s);
    user.time = QDateTime(QDate(2026, 12, 3), QTime(10, 4, 30), Qt::UTC);
    const QString u1 = m_library->addMessage(id, {}, user);
    ConversationItem error = makeItem(Kind::Error, QString());
    error.error.kind = ApiError::Kind::Server;
    error.error.httpStatus = 503;
    error.time = user.time.addSecs(10);
    const QString e1 = m_library->addMessage(id, u1, error);
    ConversationItem reply = makeItem(Kind::Assistant, u"Rayleigh scattering."_s);
    reply.time = user.time.addSecs(60);
    m_library->addMessage(id, e1, reply);
    const QString markdown = m_library->exportMarkdown(id);
    const QString local = user.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
    QVERIFY2(markdown.startsWith(u"# Why is the sky blue?\n"_s), qPrintable(markdown));
    QVERIFY2(markdown.contains(u"\n**You** · %1\n\nWhy is the sky blue?\n"_s.arg(local)),
             qPrintable(markdown));
    QVERIFY(markdown.contains(u"\n**Assistant** · "_s));
    QVERIFY(markdown.contains(u"\nRayleigh scattering.\n"_s));
    QVERIFY2(markdown.contains(u"\n> **Error** · "_s), qPrintable(markdown));
    QVERIFY(markdown.contains(u"HTTP 503"_s));
    QVERIFY(m_library->exportMarkdown(u"nope"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestConversationLibrary)
#include "TestConversationLibrary.moc"
