// SPDX-License-Identifier: GPL-3.0-or-later
// The library in bad places: a read-only folder (for root too: the test drops the
// capabilities that let root write anywhere while it tries), a read-only file, and a full
// disk (RLIMIT_FSIZE in a child process, tests/support/library-crash-writer): each is a
// failure with a clear lastError(), and what was saved before is intact after reopening.
#include "core/library/ConversationLibrary.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#ifdef Q_OS_LINUX
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace steadfast;

namespace {

const QString kWriter = QStringLiteral(STEADFAST_LIBRARY_WRITER_PATH);

/// While it lives, this thread has no CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH or CAP_FOWNER
/// in its effective set: file permissions hold for root as for anyone. They stay permitted,
/// so the destructor takes them back.
class FilePermissionsHold
{
public:
    FilePermissionsHold()
    {
#ifdef Q_OS_LINUX
        m_ok = syscall(SYS_capget, &m_header, m_old) == 0;
        __user_cap_data_struct reduced[2] = {m_old[0], m_old[1]};
        for (const int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER})
            reduced[0].effective &= ~(1u << cap);
        m_ok = m_ok && syscall(SYS_capset, &m_header, reduced) == 0;
#endif
    }
    ~FilePermissionsHold()
    {
#ifdef Q_OS_LINUX
        if (m_ok)
            syscall(SYS_capset, &m_header, m_old);
#endif
    }
    bool ok() const
    {
        return m_ok;
    }

private:
    bool m_ok = false;
#ifdef Q_OS_LINUX
    __user_cap_header_struct m_header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct m_old[2]{};
#endif
};

bool makeReadOnly(const QString &path, bool readOnly)
{
    const QFile::Permissions read = QFile::ReadOwner | QFile::ReadUser | QFile::ReadGroup
            | QFile::ReadOther | QFile::ExeOwner | QFile::ExeUser | QFile::ExeGroup
            | QFile::ExeOther;
    return QFile::setPermissions(path,
                                 readOnly ? read : read | QFile::WriteOwner | QFile::WriteUser);
}

QString integrity(const QString &path)
{
    const QString name = u"check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        QSqlQuery query(db);
        result = db.open() && query.exec(u"PRAGMA integrity_check"_s) && query.next()
                ? query.value(0).toString()
                : u"cannot check"_s;
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

class TestLibraryBadPlaces : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readOnlyFolder_data();
    void readOnlyFolder();
    void readOnlyFile();
    void fullDisk();
};

void TestLibraryBadPlaces::readOnlyFolder_data()
{
    QTest::addColumn<QString>("relative"); // the library's path under the read-only folder
    QTest::addColumn<bool>("existing");    // a library was there before the folder went read-only
    QTest::addColumn<QString>("expected");
    QTest::newRow("a new library") << u"library.db"_s << false << u"read-only"_s;
    QTest::newRow("in a folder to create")
            << u"profile/library.db"_s << false << u"cannot be created"_s;
    QTest::newRow("an existing library") << u"library.db"_s << true << u"read-only"_s;
}

void TestLibraryBadPlaces::readOnlyFolder()
{
    QFETCH(QString, relative);
    QFETCH(bool, existing);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"locked"_s);
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + u'/' + relative;
    QString conversation;
    if (existing) {
        ConversationLibrary library;
        QVERIFY(library.open(path));
        conversation = library.createConversation();
        ConversationItem item;
        item.text = u"saved before"_s;
        QVERIFY(!library.addMessage(conversation, {}, item).isEmpty());
    }
    QVERIFY(makeReadOnly(folder, true));
    {
        FilePermissionsHold hold;
        if (::geteuid() == 0 && !hold.ok())
            QSKIP("running as root without the right to drop capabilities");
        ConversationLibrary library;
        QVERIFY(!library.open(path));
        QVERIFY(!library.isOpen());
        QVERIFY2(library.lastError().startsWith(u"Could not open the library"_s),
                 qPrintable(library.lastError()));
        QVERIFY2(library.lastError().contains(expected), qPrintable(library.lastError()));
        QVERIFY(library.createConversation().isEmpty());
    }
    QVERIFY(makeReadOnly(folder, false));
    if (existing) {
        ConversationLibrary library;
        QVERIFY(library.open(path));
        QCOMPARE(library.path(conversation).size(), 1);
    } else {
        QVERIFY(!QFile::exists(path));
    }
}

void TestLibraryBadPlaces::readOnlyFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"library.db"_s);
    {
        ConversationLibrary library;
        QVERIFY(library.open(path));
        library.createConversation();
    }
    QVERIFY(makeReadOnly(path, true));
    FilePermissionsHold hold;
    if (::geteuid() == 0 && !hold.ok())
        QSKIP("running as root without the right to drop capabilities");
    ConversationLibrary library;
    QVERIFY(!library.open(path));
    QVERIFY2(library.lastError().contains(u"read-only"_s), qPrintable(library.lastError()));
}

void TestLibraryBadPlaces::fullDisk()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"library.db"_s);
    QProcess writer;
    writer.start(kWriter, {u"fill"_s, path});
    QVERIFY(writer.waitForFinished(60000));
    QCOMPARE(writer.exitStatus(), QProcess::NormalExit);
    const QList<QByteArray> lines = writer.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 7);

    QString lastSaved;
    QHash<QString, QByteArray> saved; // id -> MD5 of its text
    for (const QByteArray &line : lines.mid(0, 5)) {
        const QList<QByteArray> fields = line.split(' ');
        QCOMPARE(fields.value(0), QByteArray("S"));
        lastSaved = QString::fromLatin1(fields.at(1));
        saved.insert(lastSaved, fields.at(3));
    }
    // The disk was full: both writes failed, saying what failed and why.
    QVERIFY2(lines.at(5).startsWith("FAIL Could not save the message: "), lines.at(5).constData());
    QVERIFY2(lines.at(6).startsWith("FAILTEXT Could not save the reply's text: "),
             lines.at(6).constData());
    qInfo("%s", lines.at(5).constData());

    QCOMPARE(integrity(path), u"ok"_s);
    ConversationLibrary library;
    QVERIFY2(library.open(path), qPrintable(library.lastError()));
    const QList<ConversationInfo> conversations = library.conversations();
    QCOMPARE(conversations.size(), 1);
    const QList<ConversationItem> path5 = library.path(conversations.first().id);
    QCOMPARE(path5.size(), 5); // the large message is not there
    QCOMPARE(path5.last().id, lastSaved);
    for (const ConversationItem &item : path5) {
        QCOMPARE(QCryptographicHash::hash(item.text.toUtf8(), QCryptographicHash::Md5).toHex(),
                 saved.value(item.id)); // the failed text update changed nothing
    }
    // And with room again, writing goes on.
    ConversationItem next;
    next.text = u"after the disk was freed"_s;
    QVERIFY(!library.addMessage(conversations.first().id, lastSaved, next).isEmpty());
}

QTEST_GUILESS_MAIN(TestLibraryBadPlaces)
#include "TestLibraryBadPlaces.moc"
