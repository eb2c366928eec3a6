// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary::migrateLegacyFiles on the files earlier versions wrote:
// tests/fixtures/legacy-profile was written by ConversationStore and the list-of-items
// Conversation of before the library (tests/fixtures/make-legacy-profile.cpp). Every item
// comes through, in order, as a chain; the draft and the current conversation too; the files
// are renamed, not deleted; a damaged file is set aside while the others migrate; a second
// run does nothing.
#include "core/library/ConversationLibrary.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;

namespace {

const QString kFixture = QStringLiteral(STEADFAST_SOURCE_DIR "/tests/fixtures/legacy-profile");
const QString kArchive1 = u"archive/conversation-20250301-100000-001.json"_s;
const QString kArchive2 = u"archive/conversation-20250302-150000-002.json"_s;
const QDateTime kClock = QDateTime(QDate(2026, 12, 3), QTime(9, 30, 0, 123), Qt::UTC);

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = to + source.mid(from.size());
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(source, target))
            return false;
    }
    return true;
}

QJsonArray fixtureItems(const QString &name)
{
    QFile file(kFixture + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(u"items"_s).toArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

} // namespace

class TestLegacyMigration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void migratesEverything();
    void itemsComeThrough_data();
    void itemsComeThrough();
    void damagedFileSetAside_data();
    void damagedFileSetAside();
    void nothingToMigrate();

private:
    QString profile(const QString &name = {}) const
    {
        return m_dir->filePath(u"profile/"_s + name);
    }
    /// The conversation whose first message has this id.
    QString conversationStartingWith(const QString &id) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationLibrary> m_library;
};

void TestLegacyMigration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(copyTree(kFixture, m_dir->filePath(u"profile"_s)));
    QVERIFY(QFile::exists(profile(kArchive2)));
    m_library = std::make_unique<ConversationLibrary>();
    m_library->setClock([] { return kClock; });
    QVERIFY2(m_library->open(profile(u"library.db"_s)), qPrintable(m_library->lastError()));
}

void TestLegacyMigration::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

QString TestLegacyMigration::conversationStartingWith(const QString &id) const
{
    for (const ConversationInfo &info : m_library->conversations()) {
        const QStringList path = m_library->pathIds(info.id);
        if (!path.isEmpty() && path.first() == id)
            return info.id;
    }
    return {};
}

void TestLegacyMigration::migratesEverything()
{
    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);
    const LegacyMigration result = m_library->migrateLegacyFiles(profile());
    QVERIFY2(result.problems.isEmpty(), qPrintable(result.problems.join(u' ')));
    QCOMPARE(result.conversations, 3);
    QCOMPARE(result.messages, 2 + 3 + 5);
    QVERIFY(result.setAside.isEmpty());
    QCOMPARE(changed.count(), 1);

    // The current conversation, with its draft.
    QVERIFY(!result.currentId.isEmpty());
    QCOMPARE(m_library->currentConversationId(), result.currentId);
    const ConversationInfo current = *m_library->conversation(result.currentId);
    QCOMPARE(current.draft, u"A draft, not sent: ünïcode ✓"_s);
    QCOMPARE(current.title, u"Write a haiku about SQLite"_s); // the first line
    QCOMPARE(current.messageCount, 5);
    QCOMPARE(conversationStartingWith(u"c0000000-0000-4000-8000-000000000001"_s), result.currentId);

    // The archives: their own times, titles from their first question.
    const QString first = conversationStartingWith(u"a1000000-0000-4000-8000-000000000001"_s);
    QVERIFY(!first.isEmpty());
    const ConversationInfo archived = *m_library->conversation(first);
    QCOMPARE(archived.created, QDateTime(QDate(2025, 3, 1), QTime(9, 0, 0, 125), Qt::UTC));
    QCOMPARE(archived.updated, QDateTime(QDate(2025, 3, 1), QTime(9, 0, 3, 500), Qt::UTC));
    QCOMPARE(archived.title, u"What is a B-tree?"_s);
    QVERIFY(archived.draft.isEmpty());
    QVERIFY(!conversationStartingWith(u"a2000000-0000-4000-8000-000000000001"_s).isEmpty());

    // Renamed, never deleted; nothing else left beside them.
    QStringList expected;
    for (const QString &name : {kArchive1, kArchive2, u"conversation.json"_s, u"draft.json"_s}) {
        QVERIFY2(!QFile::exists(profile(name)), qPrintable(name));
        QVERIFY2(QFile::exists(profile(name + u".migrated"_s)), qPrintable(name));
        expected.append(profile(name + u".migrated"_s));
    }
    QStringList migrated = result.migrated;
    migrated.sort();
    expected.sort();
    QCOMPARE(migrated, expected);
    QCOMPARE(QFile(profile(u"draft.json.migrated"_s)).size(),
             QFile(kFixture + u"/draft.json"_s).size());

    // A second run finds nothing to do.
    const LegacyMigration again = m_library->migrateLegacyFiles(profile());
    QCOMPARE(again.conversations, 0);
    QCOMPARE(again.messages, 0);
    QVERIFY(again.migrated.isEmpty());
    QVERIFY(again.problems.isEmpty());
    QCOMPARE(m_library->conversations().size(), 3);
    QCOMPARE(changed.count(), 1);
}

void TestLegacyMigration::itemsComeThrough_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("archive 1: usage, model, request id") << kArchive1;
    QTest::newRow("archive 2: an error item with hints") << kArchive2;
    QTest::newRow("conversation.json: a reply saved mid-stream") << u"conversation.json"_s;
}

void TestLegacyMigration::itemsComeThrough()
{
    QFETCH(QString, file);
    const QJsonArray items = fixtureItems(file);
    QVERIFY(!items.isEmpty());
    QVERIFY(m_library->migrateLegacyFiles(profile()).problems.isEmpty());
    const QString id = conversationStartingWith(items.first()[u"id"_s].toString());
    QVERIFY(!id.isEmpty());
    const QList<ConversationItem> path = m_library->path(id);
    QCOMPARE(path.size(), items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        QJsonObject expected = items.at(i).toObject();
        if (expected.value(u"streaming"_s).toBool()) {
            // Saved while streaming: the application ended before the reply did.
            expected.remove(u"streaming"_s);
            expected.insert(u"interrupted"_s, true);
        }
        if (expected.contains(u"error"_s)) {
            // Written with the key names of the time; kept in the one form of an ApiError
            // (the CLI's event fields), which always names kind, retryable and message.
            QJsonObject error = expected.value(u"error"_s).toObject();
            for (const auto &[old, current] :
                 {std::pair(u"httpStatus"_s, u"status"_s),
                  std::pair(u"timeoutAfterMs"_s, u"timeoutMs"_s),
                  std::pair(u"shouldRetry"_s, u"shouldRetryHeader"_s)}) {
                if (error.contains(old))
                    error.insert(current, error.take(old));
            }
            if (!error.contains(u"message"_s))
                error.insert(u"message"_s, QString());
            if (!error.contains(u"retryable"_s))
                error.insert(u"retryable"_s, false);
            expected.insert(u"error"_s, error);
        }
        const ConversationItem &item = path.at(i);
        QCOMPARE(item.toJson(), expected); // kind, id, time, text and every other field
        QCOMPARE(item.parentId, i == 0 ? QString() : path.at(i - 1).id); // a chain
        QCOMPARE(item.siblingCount, 1);
    }
}

void TestLegacyMigration::damagedFileSetAside_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("conversations");
    QTest::addColumn<int>("migrated"); // files that migrated beside it
    QTest::addColumn<QString>("problem");
    QTest::newRow("an archive that is not JSON")
            << u"archive/conversation-20250304-000000-000.json"_s << QByteArray("{\"items\": [")
            << 3 << 4 << u"not valid JSON"_s;
    QTest::newRow("an archive of another version")
            << u"archive/conversation-20250304-000000-000.json"_s
            << QByteArray(R"({"version": 2, "items": []})") << 3 << 4 << u"can read"_s;
    QTest::newRow("an item without an id")
            << u"archive/conversation-20250304-000000-000.json"_s
            << QByteArray(R"({"version": 1, "items": [{"kind": "user", "text": "x",)"
                          R"( "time": "2025-03-04T00:00:00.000Z"}]})")
            << 3 << 4 << u"can read"_s;
    QTest::newRow("conversation.json damaged")
            << u"conversation.json"_s << QByteArray("\0\0\0garbage", 10) << 3 << 3
            << u"not valid JSON"_s; // the draft still gets a conversation of its own
    QTest::newRow("draft.json not an object") << u"draft.json"_s << QByteArray("[\"text\"]") << 3
                                              << 3 << u"does not hold a JSON object"_s;
}

void TestLegacyMigration::damagedFileSetAside()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, conversations);
    QFETCH(int, migrated);
    QFETCH(QString, problem);
    QVERIFY(writeFile(profile(name), content));
    const LegacyMigration result = m_library->migrateLegacyFiles(profile());
    QCOMPARE(result.conversations, conversations);
    QCOMPARE(result.problems.size(), 1);
    QVERIFY2(result.problems.first().contains(problem), qPrintable(result.problems.first()));
    QCOMPARE(result.setAside.size(), 1);
    const QString aside = profile(name + u".corrupt-20261203-093000-123"_s);
    QCOMPARE(result.setAside.first(), aside);
    QVERIFY(!QFile::exists(profile(name)));
    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), content);          // kept as it was
    QCOMPARE(result.migrated.size(), migrated); // the others
    QCOMPARE(m_library->conversations().size(), conversations);
    QVERIFY(!m_library->currentConversationId().isEmpty());
    // Nothing is left to migrate, the damaged file included.
    QCOMPARE(m_library->migrateLegacyFiles(profile()).conversations, 0);
}

void TestLegacyMigration::nothingToMigrate()
{
    QTemporaryDir empty;
    QSignalSpy changed(m_library.get(), &ConversationLibrary::conversationsChanged);
    const LegacyMigration result = m_library->migrateLegacyFiles(empty.path());
    QCOMPARE(result.conversations, 0);
    QVERIFY(result.migrated.isEmpty() && result.setAside.isEmpty() && result.problems.isEmpty());
    QVERIFY(result.currentId.isEmpty());
    QVERIFY(m_library->conversations().isEmpty());
    QCOMPARE(changed.count(), 0);
}

QTEST_GUILESS_MAIN(TestLegacyMigration)
#include "TestLegacyMigration.moc"
