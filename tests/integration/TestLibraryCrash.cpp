// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety of the library: a real writer process (tests/support/library-crash-writer)
// adds messages and streams replies into one database, and is killed with SIGKILL at a
// random moment, 200 times over the same, growing file. After each kill the database must
// pass PRAGMA integrity_check (and the search index its own check), and every write the
// writer reported as returned must be there, with at least the text it reported.
// The seed is printed; STEADFAST_CRASH_SEED=<n> runs the same kills again.
#include "core/library/ConversationLibrary.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace steadfast;

namespace {

const QString kWriter = QStringLiteral(STEADFAST_LIBRARY_WRITER_PATH);
constexpr int kKills = 200;

struct Committed
{
    qsizetype length = 0;
    QByteArray md5;
};

/// PRAGMA integrity_check and the FTS5 index's own check, on a connection of the test's.
QString integrity(const QString &path)
{
    const QString name = u"check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open())
            return u"cannot open"_s;
        QSqlQuery query(db);
        result = query.exec(u"PRAGMA integrity_check"_s) && query.next()
                ? query.value(0).toString()
                : u"integrity_check failed to run"_s;
        if (result == u"ok"_s
            && !query.exec(u"INSERT INTO message_search(message_search) VALUES"
                           " ('integrity-check')"_s)) {
            result = u"the search index does not match the messages"_s;
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

class TestLibraryCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedAtRandomMoments();
};

void TestLibraryCrash::killedAtRandomMoments()
{
    const quint32 seed = qEnvironmentVariableIsSet("STEADFAST_CRASH_SEED")
            ? qEnvironmentVariable("STEADFAST_CRASH_SEED").toUInt()
            : QRandomGenerator::global()->generate();
    qInfo("seed %u (STEADFAST_CRASH_SEED=%u repeats these kills)", seed, seed);
    QRandomGenerator random(seed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"library.db"_s);

    QHash<QString, Committed> committed; // every message's longest committed text
    QString lastUser;
    int reportedWrites = 0;
    QElapsedTimer total;
    total.start();
    for (int run = 0; run < kKills; ++run) {
        QProcess writer;
        writer.setProcessChannelMode(QProcess::SeparateChannels);
        writer.start(kWriter, {u"write"_s, path, QString::number(random.generate())});
        QVERIFY2(writer.waitForStarted(5000), qPrintable(writer.errorString()));
        // Once it has opened the library ("C <id>"), let it write for 5-60 ms, then kill it.
        QByteArray output;
        while (!output.contains('\n') && writer.state() == QProcess::Running)
            writer.waitForReadyRead(100), output += writer.readAllStandardOutput();
        QVERIFY2(output.startsWith("C "), output.constData());
        QTest::qSleep(5 + int(random.bounded(56)));
        writer.kill(); // SIGKILL
        QVERIFY(writer.waitForFinished(5000));
        output += writer.readAllStandardOutput();
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

        // Only whole lines: a line cut by the kill was never reported.
        const QList<QByteArray> lines = output.left(output.lastIndexOf('\n')).split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> fields = line.split(' ');
            QVERIFY2(!line.startsWith("ERROR"), line.constData());
            if (fields.size() != 4)
                continue;
            const QString id = QString::fromLatin1(fields.at(1));
            committed[id] = {fields.at(2).toLongLong(), fields.at(3)};
            if (fields.at(0) == "U")
                lastUser = id;
            ++reportedWrites;
        }

        QCOMPARE(integrity(path), u"ok"_s);
        ConversationLibrary library;
        QVERIFY2(library.open(path), qPrintable(library.lastError()));
        for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
            const std::optional<ConversationItem> item = library.message(it.key());
            QVERIFY2(item, qPrintable(u"run %1: message %2 is missing"_s.arg(run).arg(it.key())));
            QVERIFY2(item->text.size() >= it->length,
                     qPrintable(u"run %1: message %2 lost text"_s.arg(run).arg(it.key())));
            const QByteArray md5 = QCryptographicHash::hash(item->text.left(it->length).toUtf8(),
                                                            QCryptographicHash::Md5)
                                           .toHex();
            QVERIFY2(md5 == it->md5,
                     qPrintable(u"run %1: message %2 changed"_s.arg(run).arg(it.key())));
        }
        if (!lastUser.isEmpty())
            QVERIFY(library.message(lastUser));
    }
    qInfo("%d kills, %d reported writes verified, %lld messages, %lld s", kKills, reportedWrites,
          qlonglong(committed.size()), qlonglong(total.elapsed() / 1000));
    QVERIFY(reportedWrites > kKills); // the kills did land in the middle of writing
}

QTEST_GUILESS_MAIN(TestLibraryCrash)
#include "TestLibraryCrash.moc"
