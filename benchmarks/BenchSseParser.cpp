// SPDX-License-Identifier: GPL-3.0-or-later
// The claim under test (issue: "the work per chunk independent of how much has streamed
// before"): feeding the next chunk costs the same after 0, 10 000 or 100 000 earlier events.
#include "core/protocol/SseParser.h"

#include <QTest>

using namespace steadfast;

class BenchSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void feedAfterHistory_data();
    void feedAfterHistory();
    void feedSplitChunks_data();
    void feedSplitChunks();
};

namespace {

QByteArray chunkEvent()
{
    return QByteArrayLiteral(
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":"
            "[{\"index\":0,\"delta\":{\"content\":\" token\"},\"finish_reason\":null}]}\n\n");
}

} // namespace

void BenchSseParser::feedAfterHistory_data()
{
    QTest::addColumn<int>("history");
    QTest::newRow("after 0 events") << 0;
    QTest::newRow("after 10000 events") << 10'000;
    QTest::newRow("after 100000 events") << 100'000;
}

void BenchSseParser::feedAfterHistory()
{
    QFETCH(int, history);
    const QByteArray event = chunkEvent();
    SseParser parser;
    for (int i = 0; i < history; ++i)
        parser.feed(event);
    // 100 events per iteration, so one measurement is well above timer resolution.
    QBENCHMARK {
        for (int i = 0; i < 100; ++i) {
            const QList<SseEvent> events = parser.feed(event);
            if (events.size() != 1)
                QFAIL("expected one event per chunk");
        }
    }
}

void BenchSseParser::feedSplitChunks_data()
{
    QTest::addColumn<int>("chunkSize");
    QTest::newRow("1-byte chunks") << 1;
    QTest::newRow("7-byte chunks") << 7;
    QTest::newRow("4 KiB chunks") << 4096;
}

void BenchSseParser::feedSplitChunks()
{
    QFETCH(int, chunkSize);
    QByteArray stream;
    for (int i = 0; i < 1000; ++i)
        stream += chunkEvent();
    QBENCHMARK {
        SseParser parser;
        qsizetype events = 0;
        for (qsizetype at = 0; at < stream.size(); at += chunkSize)
            events += parser.feed(QByteArrayView(stream).sliced(
                                          at, std::min<qsizetype>(chunkSize, stream.size() - at)))
                              .size();
        if (events != 1000)
            QFAIL("lost events");
    }
}

QTEST_GUILESS_MAIN(BenchSseParser)
#include "BenchSseParser.moc"
