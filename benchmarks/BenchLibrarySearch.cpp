// SPDX-License-Identifier: GPL-3.0-or-later
// The library at the scale DESIGN.md calls ordinary: 1,000 conversations of 100 messages
// (100,000 messages, ~30 words each), written by one import. Search must answer in
// <= 100 ms; the path of a 5,000-message conversation is one query of a few ms; the
// streaming save (setMessageText) and addMessage cost one small transaction each.
#include "core/library/ConversationLibrary.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace steadfast;

namespace {

constexpr int kConversations = 1000;
constexpr int kPerConversation = 100;
constexpr int kLongPath = 5000;

QString sentence(QRandomGenerator &random, int words)
{
    // A Zipf-like mix: common words, less common ones, and rare ones (w0 … w49999).
    static const QStringList common{u"the"_s,     u"a"_s,      u"model"_s, u"reply"_s,
                                    u"request"_s, u"error"_s,  u"retry"_s, u"stream"_s,
                                    u"token"_s,   u"server"_s, u"café"_s,  u"naïve"_s};
    QStringList list;
    for (int i = 0; i < words; ++i) {
        const quint32 roll = random.bounded(100u);
        if (roll < 50)
            list.append(common.at(int(random.bounded(quint32(common.size())))));
        else if (roll < 90)
            list.append(u"word%1"_s.arg(random.bounded(2000u)));
        else
            list.append(u"w%1"_s.arg(random.bounded(50000u)));
    }
    return list.join(u' ');
}

QJsonObject message(const QString &id, const QString &parent, int n, const QString &text)
{
    QJsonObject object{{u"kind"_s, n % 2 ? u"assistant"_s : u"user"_s},
                       {u"id"_s, id},
                       {u"time"_s,
                        QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + n * 1000LL, Qt::UTC)
                                .toString(Qt::ISODateWithMs)},
                       {u"text"_s, text}};
    if (!parent.isEmpty())
        object.insert(u"parent"_s, parent);
    return object;
}

QJsonObject conversation(const QString &id, const QJsonArray &messages)
{
    const QString time = u"2026-01-01T00:00:00.000Z"_s;
    return {{u"id"_s, id}, {u"created"_s, time}, {u"updated"_s, time}, {u"messages"_s, messages}};
}

} // namespace

class BenchLibrarySearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void search_data();
    void search();
    void pathOfFiveThousand();
    void streamingSave();
    void addMessage();

private:
    QTemporaryDir m_dir;
    ConversationLibrary m_library;
    QString m_streamingId;
};

void BenchLibrarySearch::initTestCase()
{
    QVERIFY(m_library.open(m_dir.filePath(u"library.db"_s)));
    QRandomGenerator random(42);
    QJsonArray conversations;
    for (int c = 0; c < kConversations; ++c) {
        QJsonArray messages;
        QString parent;
        for (int m = 0; m < kPerConversation; ++m) {
            const QString id = u"c%1-m%2"_s.arg(c).arg(m);
            messages.append(message(id, parent, c * kPerConversation + m,
                                    sentence(random, 20 + int(random.bounded(20u)))));
            parent = id;
        }
        conversations.append(conversation(u"c%1"_s.arg(c), messages));
    }
    QJsonArray messages;
    QString parent;
    for (int m = 0; m < kLongPath; ++m) {
        const QString id = u"long-m%1"_s.arg(m);
        messages.append(message(id, parent, m, sentence(random, 10)));
        parent = id;
    }
    conversations.append(conversation(u"long"_s, messages));
    const QByteArray data = QJsonDocument(QJsonObject{{u"format"_s, u"steadfast"_s},
                                                      {u"version"_s, 1},
                                                      {u"conversations"_s, conversations}})
                                    .toJson(QJsonDocument::Compact);
    QElapsedTimer timer;
    timer.start();
    const ImportResult result = m_library.importJson(data);
    QVERIFY2(result.ok, qPrintable(result.error));
    qInfo("imported %d messages (%lld MB of JSON) in %lld ms",
          kConversations * kPerConversation + kLongPath, qlonglong(data.size() >> 20),
          qlonglong(timer.elapsed()));
    qInfo("library file: %lld MB",
          qlonglong(QFileInfo(m_dir.filePath(u"library.db"_s)).size() >> 20));
    m_streamingId = u"c0-m99"_s;
}

void BenchLibrarySearch::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("a common word (50,000+ hits)") << u"reply"_s;
    QTest::newRow("a short prefix") << u"wo"_s;
    QTest::newRow("a one-letter prefix") << u"w"_s;
    QTest::newRow("a longer prefix (1,111 words)") << u"word1"_s;
    QTest::newRow("two common words") << u"model error"_s;
    QTest::newRow("a rare word") << u"w12345"_s;
    QTest::newRow("a rare prefix") << u"w1234"_s;
    QTest::newRow("diacritics folded") << u"cafe naive"_s;
    QTest::newRow("no hit") << u"zebra"_s;
    QTest::newRow("a common and a rare word") << u"the w4242"_s;
}

void BenchLibrarySearch::search()
{
    QFETCH(QString, query);
    QList<SearchHit> hits;
    QBENCHMARK {
        hits = m_library.search(query);
    }
    QVERIFY(hits.size() <= 50);
}

void BenchLibrarySearch::pathOfFiveThousand()
{
    QStringList ids;
    QBENCHMARK {
        ids = m_library.pathIds(u"long"_s);
    }
    QCOMPARE(ids.size(), kLongPath);
}

void BenchLibrarySearch::streamingSave()
{
    QString text = u"streamed"_s;
    QBENCHMARK {
        text += u" more"_s;
        QVERIFY(m_library.setMessageText(m_streamingId, text, true));
    }
}

void BenchLibrarySearch::addMessage()
{
    QString parent = m_streamingId;
    QBENCHMARK {
        ConversationItem item;
        item.kind = ConversationItem::Kind::User;
        item.text = u"one more question"_s;
        parent = m_library.addMessage(u"c0"_s, parent, item);
        QVERIFY(!parent.isEmpty());
    }
}

QTEST_GUILESS_MAIN(BenchLibrarySearch)
#include "BenchLibrarySearch.moc"
