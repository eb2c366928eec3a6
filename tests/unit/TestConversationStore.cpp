// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationStore on a real file system: round trips (every item kind, unicode), valid
// JSON on disk, drafts apart from the conversation, missing files, damaged files moved
// aside (never deleted) while the rest loads, archives, owner-only permissions, and writes
// that fail: when the folder cannot exist, and when the disk "fills up" mid-write (a file
// size limit, which holds for root too), the old file stays whole and no temporary is left.
#include "core/Conversation.h"
#include "core/ConversationStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using Kind = ConversationItem::Kind;

namespace {

const QDateTime kNow = QDateTime(QDate(2024, 6, 1), QTime(12, 30, 15, 250), Qt::UTC);

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QJsonObject parseObject(const QByteArray &data, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(data, &error);
    *ok = error.error == QJsonParseError::NoError && document.isObject();
    return document.object();
}

/// Files in dir other than the ones named (QSaveFile's temporaries would show here).
QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot,
                               QDir::Name);
}

/// A conversation with one item of every kind and every field set.
void fillConversation(Conversation *conversation)
{
    ConversationItem user;
    user.kind = Kind::User;
    user.text =
            u"Grüße aus Köln — 東京 — مرحبا — 🎉👩‍💻\n\"quoted\" \\ \t end"_s;
    conversation->append(user);

    ConversationItem reply;
    reply.kind = Kind::Assistant;
    reply.text = u"Hallo! こんにちは 👋"_s;
    reply.finishReason = u"stop"_s;
    reply.model = u"steadfast-demo"_s;
    reply.requestId = u"req_42"_s;
    reply.usage = Usage{10, 20, 30};
    conversation->append(reply);

    ConversationItem partial = reply;
    partial.text = u"Once upon a"_s;
    partial.interrupted = true;
    partial.finishReason.clear();
    partial.usage.reset();
    conversation->append(partial);

    ConversationItem error;
    error.kind = Kind::Error;
    error.error.kind = ApiError::Kind::RateLimited;
    error.error.httpStatus = 429;
    error.error.code = u"rate_limit_exceeded"_s;
    error.error.type = u"requests"_s;
    error.error.message = u"Rate limit reached. Please try again in 20s."_s;
    error.error.requestId = u"req_43"_s;
    error.error.host = u"127.0.0.1:8080"_s;
    error.error.retryAfter = 20000ms;
    error.error.retryable = true;
    conversation->append(error);

    ConversationItem timeout = error;
    timeout.error = ApiError();
    timeout.error.kind = ApiError::Kind::Timeout;
    timeout.error.timeoutPhase = ApiError::TimeoutPhase::FirstByte;
    timeout.error.timeoutAfter = 60000ms;
    timeout.error.networkError = QNetworkReply::OperationCanceledError;
    timeout.error.redirectTarget = u"https://example.org/v1"_s;
    conversation->append(timeout);
}

#ifdef Q_OS_LINUX
/// Lowers the largest file this process may write (RLIMIT_FSIZE: a write past it fails
/// with EFBIG, for root as well, like a full disk) until the guard goes.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_ok = getrlimit(RLIMIT_FSIZE, &m_old) == 0;
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of being killed
        rlimit limit = m_old;
        limit.rlim_cur = bytes;
        m_ok = m_ok && setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
    bool m_ok = false;
};
#endif

} // namespace

class TestConversationStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void paths();
    void createsTheDirectory();
    void roundTrip();
    void filesAreValidJsonReadableByTheOwnerOnly();
    void draftIsSeparate_data();
    void draftIsSeparate();
    void missingFilesLoadEmpty();
    void nullTargetsAreSkipped();
    void corruptFileIsMovedAside_data();
    void corruptFileIsMovedAside();
    void corruptDraftIsMovedAsideAndTheConversationLoads();
    void twoCorruptCopiesInTheSameMillisecond();
    void streamingAtCrashComesBackInterrupted();
    void saveFailsWhenTheDirectoryCannotExist();
    void failedWriteKeepsTheOldFile();
    void directoryRemovedAfterStartIsCreatedAgain();
    void archiveKeepsEverything();
    void archiveFailureIsReported();

private:
    std::unique_ptr<QTemporaryDir> m_temp;
};

void TestConversationStore::init()
{
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
}

void TestConversationStore::paths()
{
    const QString dir = m_temp->filePath(u"app"_s);
    ConversationStore store(dir + u"/"_s);
    QCOMPARE(store.directory(), dir);
    QCOMPARE(store.conversationPath(), dir + u"/conversation.json"_s);
    QCOMPARE(store.draftPath(), dir + u"/draft.json"_s);
    QCOMPARE(store.archiveDirectory(), dir + u"/archive"_s);
}

void TestConversationStore::createsTheDirectory()
{
    const QString dir = m_temp->filePath(u"a/b/c"_s);
    ConversationStore store(dir);
    QVERIFY(QFileInfo(dir).isDir());
    Conversation conversation;
    QVERIFY(store.saveConversation(conversation));
    QVERIFY(QFileInfo::exists(store.conversationPath()));
}

void TestConversationStore::roundTrip()
{
    ConversationStore store(m_temp->path());
    Conversation conversation;
    fillConversation(&conversation);
    QSignalSpy failed(&store, &ConversationStore::saveFailed);
    QVERIFY(store.saveConversation(conversation));
    QVERIFY(store.saveDraft(u"half a thought… ✍️"_s));
    QCOMPARE(failed.count(), 0);

    Conversation loaded;
    QString draft;
    QSignalSpy problems(&store, &ConversationStore::loadProblem);
    QVERIFY(store.load(&loaded, &draft));
    QCOMPARE(problems.count(), 0);
    QCOMPARE(draft, u"half a thought… ✍️"_s);
    QCOMPARE(loaded.count(), conversation.count());
    QCOMPARE(loaded.toJson(), conversation.toJson());
    for (int i = 0; i < loaded.count(); ++i) {
        QCOMPARE(loaded.at(i).id, conversation.at(i).id);
        QCOMPARE(loaded.at(i).time, conversation.at(i).time);
        QCOMPARE(loaded.at(i).text, conversation.at(i).text);
    }
    QCOMPARE(loaded.at(3).error.kind, ApiError::Kind::RateLimited);
    QCOMPARE(loaded.at(3).error.retryAfter.value_or(0ms), 20000ms);
    QCOMPARE(loaded.at(4).error.timeoutPhase, ApiError::TimeoutPhase::FirstByte);
    QVERIFY(loaded.at(2).interrupted);
    QVERIFY(loaded.at(1).usage.has_value());
    QCOMPARE(loaded.at(1).usage->totalTokens, 30);
}

void TestConversationStore::filesAreValidJsonReadableByTheOwnerOnly()
{
    ConversationStore store(m_temp->path());
    Conversation conversation;
    fillConversation(&conversation);
    QVERIFY(store.saveConversation(conversation));
    QVERIFY(store.saveDraft(u"draft"_s));
    QVERIFY(store.archiveConversation(conversation));

    for (const QString &path :
         {store.conversationPath(), store.draftPath(), store.lastArchivePath()}) {
        bool ok = false;
        parseObject(readAll(path), &ok);
        QVERIFY2(ok, qPrintable(path));
        QCOMPARE(QFileInfo(path).permissions()
                         & (QFileDevice::ReadGroup | QFileDevice::WriteGroup
                            | QFileDevice::ReadOther | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(QFileInfo(path).permissions() & QFileDevice::ReadOwner);
    }
    bool ok = false;
    const QJsonObject object = parseObject(readAll(store.conversationPath()), &ok);
    QCOMPARE(object.value(u"version"_s).toInt(), 1);
    QCOMPARE(object.value(u"items"_s).toArray().size(), conversation.count());
    // UTF-8 on disk, not escaped: a user can read their own file.
    QVERIFY(readAll(store.conversationPath()).contains(u"東京"_s.toUtf8()));
}

void TestConversationStore::draftIsSeparate_data()
{
    QTest::addColumn<QString>("draft");
    QTest::newRow("text") << u"Dear model,"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("unicode and newlines") << u"Zeile 1\nZeile 2 — 😀\r\n\ttab"_s;
}

void TestConversationStore::draftIsSeparate()
{
    QFETCH(QString, draft);
    ConversationStore store(m_temp->path());
    Conversation conversation;
    fillConversation(&conversation);
    QVERIFY(store.saveConversation(conversation));
    const QByteArray conversationBytes = readAll(store.conversationPath());
    const QDateTime modified = QFileInfo(store.conversationPath()).lastModified();

    QVERIFY(store.saveDraft(draft));

    // Typing never rewrites the conversation.
    QCOMPARE(readAll(store.conversationPath()), conversationBytes);
    QCOMPARE(QFileInfo(store.conversationPath()).lastModified(), modified);
    bool ok = false;
    const QJsonObject object = parseObject(readAll(store.draftPath()), &ok);
    QVERIFY(ok);
    QVERIFY(object.value(u"text"_s).isString()); // {"text": ""} for an empty draft
    QCOMPARE(object.value(u"text"_s).toString(), draft);

    QString loaded = u"stale"_s;
    QVERIFY(store.load(nullptr, &loaded));
    QCOMPARE(loaded, draft);
}

void TestConversationStore::missingFilesLoadEmpty()
{
    ConversationStore store(m_temp->filePath(u"fresh"_s));
    Conversation conversation;
    ConversationItem item;
    item.text = u"from before"_s;
    conversation.append(item);
    QString draft = u"stale"_s;
    QSignalSpy problems(&store, &ConversationStore::loadProblem);
    QSignalSpy reset(&conversation, &Conversation::reset);

    QVERIFY(store.load(&conversation, &draft));

    QCOMPARE(conversation.count(), 0);
    QCOMPARE(reset.count(), 1);
    QVERIFY(draft.isEmpty());
    QCOMPARE(problems.count(), 0);
    QVERIFY(store.lastError().isEmpty());
    QVERIFY(!QFileInfo::exists(store.conversationPath())); // loading writes nothing
}

void TestConversationStore::nullTargetsAreSkipped()
{
    ConversationStore store(m_temp->path());
    QVERIFY(writeAll(store.conversationPath(), "not json"));
    QVERIFY(store.saveDraft(u"kept"_s));
    QString draft;
    QVERIFY(store.load(nullptr, &draft)); // the damaged conversation is not even looked at
    QCOMPARE(draft, u"kept"_s);
    QCOMPARE(readAll(store.conversationPath()), QByteArray("not json"));
}

void TestConversationStore::corruptFileIsMovedAside_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("torn JSON") << QByteArray(R"({"version":1,"items":[{"kind":"us)");
    QTest::newRow("not JSON") << QByteArray("\x00\x01garbage\xff", 11);
    QTest::newRow("empty file") << QByteArray();
    QTest::newRow("an array") << QByteArray("[1,2,3]");
    QTest::newRow("a later version") << QByteArray(R"({"version":2,"items":[]})");
    QTest::newRow("a bad item") << QByteArray(
            R"({"version":1,"items":[{"kind":"user","id":"x","time":"no"}]})");
}

void TestConversationStore::corruptFileIsMovedAside()
{
    QFETCH(QByteArray, content);
    ConversationStore store(m_temp->path());
    store.setClock([] { return kNow; });
    QVERIFY(writeAll(store.conversationPath(), content));
    QVERIFY(store.saveDraft(u"the draft survives"_s));
    Conversation conversation;
    QString draft;
    QSignalSpy problems(&store, &ConversationStore::loadProblem);

    QVERIFY(!store.load(&conversation, &draft));

    const QString aside = store.conversationPath() + u".corrupt-20240601-123015-250"_s;
    QCOMPARE(problems.count(), 1);
    const QString message = problems.at(0).at(0).toString();
    QVERIFY2(message.contains(QDir::toNativeSeparators(aside)), qPrintable(message));
    QCOMPARE(store.lastError(), message);
    QCOMPARE(readAll(aside), content); // kept byte for byte, never deleted
    QVERIFY(!QFileInfo::exists(store.conversationPath()));
    QCOMPARE(conversation.count(), 0);
    QCOMPARE(draft, u"the draft survives"_s); // the rest loads

    // Saving starts a new file; the damaged one stays where it was put.
    ConversationItem item;
    item.text = u"new start"_s;
    conversation.append(item);
    QVERIFY(store.saveConversation(conversation));
    QCOMPARE(readAll(aside), content);
    Conversation again;
    QVERIFY(store.load(&again, nullptr));
    QCOMPARE(again.count(), 1);
}

void TestConversationStore::corruptDraftIsMovedAsideAndTheConversationLoads()
{
    ConversationStore store(m_temp->path());
    store.setClock([] { return kNow; });
    Conversation conversation;
    fillConversation(&conversation);
    QVERIFY(store.saveConversation(conversation));
    QVERIFY(writeAll(store.draftPath(), R"({"text": 42})"));

    Conversation loaded;
    QString draft = u"stale"_s;
    QSignalSpy problems(&store, &ConversationStore::loadProblem);
    QVERIFY(!store.load(&loaded, &draft));

    QCOMPARE(problems.count(), 1);
    QCOMPARE(loaded.toJson(), conversation.toJson());
    QVERIFY(draft.isEmpty());
    QCOMPARE(readAll(store.draftPath() + u".corrupt-20240601-123015-250"_s),
             QByteArray(R"({"text": 42})"));
}

void TestConversationStore::twoCorruptCopiesInTheSameMillisecond()
{
    ConversationStore store(m_temp->path());
    store.setClock([] { return kNow; });
    Conversation conversation;
    QVERIFY(writeAll(store.conversationPath(), "first"));
    QVERIFY(!store.load(&conversation, nullptr));
    QVERIFY(writeAll(store.conversationPath(), "second"));
    QVERIFY(!store.load(&conversation, nullptr));
    const QString aside = store.conversationPath() + u".corrupt-20240601-123015-250"_s;
    QCOMPARE(readAll(aside), QByteArray("first"));
    QCOMPARE(readAll(aside + u"-2"_s), QByteArray("second"));
}

void TestConversationStore::streamingAtCrashComesBackInterrupted()
{
    ConversationStore store(m_temp->path());
    Conversation conversation;
    ConversationItem user;
    user.text = u"Tell me a story"_s;
    conversation.append(user);
    ConversationItem reply;
    reply.kind = Kind::Assistant;
    reply.text = u"Once upon a time, there"_s;
    reply.streaming = true; // the debounced save of a reply still arriving
    conversation.append(reply);
    QVERIFY(store.saveConversation(conversation));
    bool ok = false;
    const QJsonObject onDisk = parseObject(readAll(store.conversationPath()), &ok);
    QVERIFY(ok);
    QCOMPARE(onDisk.value(u"items"_s).toArray().at(1).toObject().value(u"streaming"_s).toBool(),
             true);

    // The application died here. The next start:
    ConversationStore restarted(m_temp->path());
    Conversation restored;
    QVERIFY(restarted.load(&restored, nullptr));
    QCOMPARE(restored.count(), 2);
    QVERIFY(!restored.at(1).streaming);
    QVERIFY(restored.at(1).interrupted);
    QCOMPARE(restored.at(1).text, u"Once upon a time, there"_s);
    QCOMPARE(restored.at(1).id, conversation.at(1).id);
}

void TestConversationStore::saveFailsWhenTheDirectoryCannotExist()
{
    // A regular file where a parent folder should be: no one, not even root, can create it.
    const QString blocker = m_temp->filePath(u"blocker"_s);
    QVERIFY(writeAll(blocker, "I am a file"));
    ConversationStore store(blocker + u"/steadfast"_s);
    Conversation conversation;
    fillConversation(&conversation);
    QSignalSpy failed(&store, &ConversationStore::saveFailed);

    QVERIFY(!store.saveConversation(conversation));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!store.lastError().isEmpty());
    QCOMPARE(failed.at(0).at(0).toString(), store.lastError());
    QVERIFY(store.lastError().contains(QDir::toNativeSeparators(store.directory())));

    QVERIFY(!store.saveDraft(u"x"_s));
    QVERIFY(!store.archiveConversation(conversation));
    QCOMPARE(failed.count(), 3);
    QCOMPARE(readAll(blocker), QByteArray("I am a file"));
}

void TestConversationStore::failedWriteKeepsTheOldFile()
{
#ifndef Q_OS_LINUX
    QSKIP("needs RLIMIT_FSIZE");
#else
    ConversationStore store(m_temp->path());
    Conversation conversation;
    ConversationItem user;
    user.text = u"short"_s;
    conversation.append(user);
    QVERIFY(store.saveConversation(conversation));
    const QByteArray old = readAll(store.conversationPath());
    QVERIFY(old.size() < 1024);

    // The new version is far larger than what may be written: the write fails midway.
    for (int i = 0; i < 200; ++i) {
        ConversationItem item;
        item.kind = Kind::Assistant;
        item.text = QString(100, u'x');
        conversation.append(item);
    }
    QSignalSpy failed(&store, &ConversationStore::saveFailed);
    {
        FileSizeLimit limit(4096);
        QVERIFY(limit.ok());
        QVERIFY(!store.saveConversation(conversation));
    }
    QCOMPARE(failed.count(), 1);
    QVERIFY(!store.lastError().isEmpty());
    QCOMPARE(readAll(store.conversationPath()), old); // the old version, whole
    QCOMPARE(entries(m_temp->path()), QStringList{u"conversation.json"_s}); // no temporary
    Conversation loaded;
    QVERIFY(store.load(&loaded, nullptr));
    QCOMPARE(loaded.count(), 1);

    // Room again: the new version goes in whole.
    QVERIFY(store.saveConversation(conversation));
    QVERIFY(store.load(&loaded, nullptr));
    QCOMPARE(loaded.count(), 201);
#endif
}

void TestConversationStore::directoryRemovedAfterStartIsCreatedAgain()
{
    const QString dir = m_temp->filePath(u"data"_s);
    ConversationStore store(dir);
    QVERIFY(QDir(dir).removeRecursively());
    Conversation conversation;
    fillConversation(&conversation);
    QVERIFY(store.saveConversation(conversation));
    Conversation loaded;
    QVERIFY(store.load(&loaded, nullptr));
    QCOMPARE(loaded.toJson(), conversation.toJson());
}

void TestConversationStore::archiveKeepsEverything()
{
    ConversationStore store(m_temp->path());
    store.setClock([] { return kNow; });
    Conversation conversation;
    fillConversation(&conversation);
    QVERIFY(store.saveConversation(conversation));
    const QByteArray current = readAll(store.conversationPath());

    QVERIFY(store.archiveConversation(conversation));
    const QString first = store.archiveDirectory() + u"/conversation-20240601-123015-250.json"_s;
    QCOMPARE(store.lastArchivePath(), first);
    QVERIFY(store.archiveConversation(conversation)); // the same millisecond: a new name
    const QString second = store.archiveDirectory() + u"/conversation-20240601-123015-250-2.json"_s;
    QCOMPARE(store.lastArchivePath(), second);

    Conversation archived;
    QVERIFY(archived.restore(QJsonDocument::fromJson(readAll(first)).object()));
    QCOMPARE(archived.toJson(), conversation.toJson());
    QCOMPARE(readAll(second), readAll(first));
    QCOMPARE(readAll(store.conversationPath()), current); // archiving deletes nothing
    QCOMPARE(entries(store.archiveDirectory()),
             (QStringList{u"conversation-20240601-123015-250-2.json"_s,
                          u"conversation-20240601-123015-250.json"_s}));
}

void TestConversationStore::archiveFailureIsReported()
{
    ConversationStore store(m_temp->path());
    // A file where the archive folder goes.
    QVERIFY(writeAll(store.archiveDirectory(), "in the way"));
    Conversation conversation;
    fillConversation(&conversation);
    QSignalSpy failed(&store, &ConversationStore::saveFailed);
    QVERIFY(!store.archiveConversation(conversation));
    QCOMPARE(failed.count(), 1);
    QVERIFY(store.lastArchivePath().isEmpty());
    QCOMPARE(readAll(store.archiveDirectory()), QByteArray("in the way"));
}

QTEST_GUILESS_MAIN(TestConversationStore)
#include "TestConversationStore.moc"
