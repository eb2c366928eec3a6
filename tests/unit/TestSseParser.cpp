// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/SseParser.h"

#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace steadfast {

// Readable QCOMPARE failures for lists of events (found by ADL from QTest's list compare).
char *toString(const SseEvent &event)
{
    QByteArray text = "SseEvent(event=\"" + event.event.toUtf8() + "\", data=\"";
    for (const char c : event.data) {
        const auto byte = uchar(c);
        if (byte >= 0x20 && byte < 0x7f && c != '\\')
            text += c;
        else
            text += "\\x" + QByteArray::number(byte, 16).rightJustified(2, '0');
    }
    text += "\", id=\"" + event.id.toUtf8() + "\")";
    return qstrdup(text.constData());
}

} // namespace steadfast

using steadfast::SseEvent;
using steadfast::SseParser;

namespace {

// Literal bytes including embedded NULs.
template <qsizetype N>
QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, N - 1);
}

SseEvent ev(const QByteArray &data, const QString &event = {}, const QString &id = {})
{
    return SseEvent{event, data, id};
}

QByteArray describe(const QList<SseEvent> &events)
{
    QByteArray text = "[";
    for (const SseEvent &event : events) {
        const std::unique_ptr<char[]> one(steadfast::toString(event));
        text += (text.size() > 1 ? ", " : "") + QByteArray(one.get());
    }
    return text + ']';
}

struct ParseResult
{
    QList<SseEvent> events;
    QList<SseEvent> incomplete;
    bool pendingAtEnd = false;
    qint64 retryMs = -1;
};

// Feeds stream cut at the given (sorted) positions, then finishes it.
ParseResult parseWithCuts(const QByteArray &stream, const QList<qsizetype> &cuts)
{
    SseParser parser;
    ParseResult result;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        result.events += parser.feed(QByteArrayView(stream).sliced(from, cut - from));
        from = cut;
    }
    result.events += parser.feed(QByteArrayView(stream).sliced(from));
    result.pendingAtEnd = parser.hasPendingData();
    if (const auto retry = parser.reconnectionTime())
        result.retryMs = retry->count();
    result.incomplete = parser.finish();
    return result;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chunking_data();
    void chunking();
    void defaults();
    void manySmallEventsKeepBufferSmall_data();
    void manySmallEventsKeepBufferSmall();
    void longLineAcrossManyChunks();
    void overflow_data();
    void overflow();
    void resetAfterOverflow();
    void finishDiscardsLastLineButReportsIt();
    void newStreamAfterFinish();
};

void TestSseParser::chunking_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::addColumn<QList<SseEvent>>("incomplete");
    QTest::addColumn<bool>("pendingAtEnd");
    QTest::addColumn<qint64>("retryMs");

    const QList<SseEvent> none;

    QTest::newRow("plain LF") << bytes("data: hello\n\ndata: world\n\n")
                              << QList{ev("hello"), ev("world")} << none << false << qint64(-1);
    QTest::newRow("CRLF") << bytes("event: delta\r\ndata: a\r\n\r\ndata: b\r\n\r\n")
                          << QList{ev("a", u"delta"_s), ev("b")} << none << false << qint64(-1);
    QTest::newRow("CR only") << bytes("data: a\r\rdata: b\rdata: c\r\r")
                             << QList{ev("a"), ev("b\nc")} << none << false << qint64(-1);
    QTest::newRow("mixed line ends")
            << bytes("data: a\r\n\ndata: b\n\rdata: c\r\n\r\n") << QList{ev("a"), ev("b"), ev("c")}
            << none << false << qint64(-1);
    QTest::newRow("LF CR is two line ends")
            << bytes("data: a\n\r") << QList{ev("a")} << none << false << qint64(-1);
    QTest::newRow("leading blank lines")
            << bytes("\n\r\n\rdata: a\n\n") << QList{ev("a")} << none << false << qint64(-1);
    QTest::newRow("comments") << bytes(": keep-alive\n\n: OPENROUTER PROCESSING\r\ndata: x\n"
                                       ":inside\n\n:\n\n")
                              << QList{ev("x")} << none << false << qint64(-1);
    QTest::newRow("multi-line data")
            << bytes("data: line1\ndata:line2\ndata\ndata:  two\n\n")
            << QList{ev("line1\nline2\n\n two")} << none << false << qint64(-1);
    QTest::newRow("colon inside the value")
            << bytes("data: a: b:c\n\n") << QList{ev("a: b:c")} << none << false << qint64(-1);
    QTest::newRow("empty data line") << bytes("data:\n\ndata\ndata\n\n") << QList{ev(""), ev("\n")}
                                     << none << false << qint64(-1);
    QTest::newRow("OpenAI stream with [DONE]")
            << bytes("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                     "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                     "data: [DONE]\n\n")
            << QList{ev("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}"),
                     ev("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}"), ev("[DONE]")}
            << none << false << qint64(-1);
    QTest::newRow("OpenAI error payload")
            << bytes("data: {\"choices\":[{\"delta\":{\"content\":\"Par\"}}]}\n\n"
                     "event: error\n"
                     "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\"}}\n\n")
            << QList{ev("{\"choices\":[{\"delta\":{\"content\":\"Par\"}}]}"),
                     ev("{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\"}}",
                        u"error"_s)}
            << none << false << qint64(-1);
    QTest::newRow("event type is per event")
            << bytes("event: a\ndata: 1\n\ndata: 2\n\n") << QList{ev("1", u"a"_s), ev("2")} << none
            << false << qint64(-1);
    QTest::newRow("event without data is dropped")
            << bytes("event: x\n\ndata: y\n\n") << QList{ev("y")} << none << false << qint64(-1);
    QTest::newRow("last event field wins") << bytes("event: a\nevent: b\ndata: 1\n\n")
                                           << QList{ev("1", u"b"_s)} << none << false << qint64(-1);
    QTest::newRow("ids persist and clear")
            << bytes("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 9\n\ndata: d\n\n")
            << QList{ev("a", {}, u"1"_s), ev("b", {}, u"1"_s), ev("c"), ev("d", {}, u"9"_s)} << none
            << false << qint64(-1);
    QTest::newRow("id with NUL ignored")
            << bytes("id: 7\ndata: a\n\nid: x\0y\ndata: b\n\n")
            << QList{ev("a", {}, u"7"_s), ev("b", {}, u"7"_s)} << none << false << qint64(-1);
    QTest::newRow("retry") << bytes("retry: 1500\ndata: a\n\nretry: 2x\nretry:\n\n")
                           << QList{ev("a")} << none << false << qint64(1500);
    QTest::newRow("unknown and case-different fields ignored")
            << bytes("foo: bar\nDATA: x\nData: y\nevent\ndata: z\n\n") << QList{ev("z")} << none
            << false << qint64(-1);
    QTest::newRow("UTF-8 BOM at the start") << bytes("\xEF\xBB\xBF"
                                                     "data: bom\n\n")
                                            << QList{ev("bom")} << none << false << qint64(-1);
    QTest::newRow("BOM only at the very start") << bytes("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                         "data: a\n\ndata: b\n\n")
                                                << QList{ev("b")} << none << false << qint64(-1);
    QTest::newRow("BOM mid-stream is content") << bytes("data: a\n\n\xEF\xBB\xBF"
                                                        "data: b\n\n")
                                               << QList{ev("a")} << none << false << qint64(-1);
    QTest::newRow("BOM prefix is content") << bytes("\xEF\xBB"
                                                    "data: a\n\ndata: b\n\n")
                                           << QList{ev("b")} << none << false << qint64(-1);
    QTest::newRow("BOM prefix only") << bytes("\xEF\xBB") << none << none << true << qint64(-1);
    QTest::newRow("BOM in data is kept")
            << bytes("data: \xEF\xBB\xBF"
                     "x\n\n")
            << QList{ev("\xEF\xBB\xBFx")} << none << false << qint64(-1);
    QTest::newRow("no trailing blank line") << bytes("data: a\n\ndata: b\n") << QList{ev("a")}
                                            << QList{ev("b")} << true << qint64(-1);
    QTest::newRow("no trailing line end")
            << bytes("data: a\n\nevent: e\ndata: b\ndata: c") << QList{ev("a")}
            << QList{ev("b\nc", u"e"_s)} << true << qint64(-1);
    QTest::newRow("trailing event without data")
            << bytes("data: a\n\nevent: e\n") << QList{ev("a")} << none << true << qint64(-1);
    QTest::newRow("trailing comment")
            << bytes("data: a\n\n: ping") << QList{ev("a")} << none << true << qint64(-1);
    QTest::newRow("ends with CR") << bytes("data: a\r\r") << QList{ev("a")} << none << false
                                  << qint64(-1);
    QTest::newRow("invalid UTF-8 kept raw")
            << bytes("data: \xff\xfe\xc3\n\ndata: \xe2\x82\n\n")
            << QList{ev("\xff\xfe\xc3"), ev("\xe2\x82")} << none << false << qint64(-1);
    QTest::newRow("valid UTF-8 in all fields")
            << bytes("event: \xc3\xa9v\nid: \xe2\x9c\x93\ndata: gr\xc3\xbc\xc3\x9f"
                     "e\n\n")
            << QList{ev("gr\xc3\xbc\xc3\x9f"
                        "e",
                        u"\u00e9v"_s, u"\u2713"_s)}
            << none << false << qint64(-1);
    QTest::newRow("empty stream") << QByteArray() << none << none << false << qint64(-1);
}

void TestSseParser::chunking()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<SseEvent>, expected);
    QFETCH(QList<SseEvent>, incomplete);
    QFETCH(bool, pendingAtEnd);
    QFETCH(qint64, retryMs);

    const auto check = [&](const QList<qsizetype> &cuts) {
        const ParseResult result = parseWithCuts(stream, cuts);
        QByteArray where = "cut at:";
        for (const qsizetype cut : cuts)
            where += ' ' + QByteArray::number(cut);
        QVERIFY2(result.events == expected,
                 (where + "\n  events:   " + describe(result.events)
                  + "\n  expected: " + describe(expected))
                         .constData());
        QVERIFY2(result.incomplete == incomplete,
                 (where + "\n  incomplete: " + describe(result.incomplete)
                  + "\n  expected:   " + describe(incomplete))
                         .constData());
        QVERIFY2(result.pendingAtEnd == pendingAtEnd, where.constData());
        QVERIFY2(result.retryMs == retryMs, where.constData());
    };

    const qsizetype size = stream.size();

    // In one piece.
    check({});
    if (QTest::currentTestFailed())
        return;

    // Two chunks, split at every position (including empty first and last chunks).
    for (qsizetype i = 0; i <= size; ++i) {
        check({i});
        if (QTest::currentTestFailed())
            return;
    }

    // Three chunks at every pair of positions, for the short streams.
    if (size <= 200) {
        for (qsizetype i = 0; i <= size; ++i) {
            for (qsizetype j = i; j <= size; ++j) {
                check({i, j});
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

    // Byte by byte.
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < size; ++i)
        everyByte.append(i);
    check(everyByte);
}

void TestSseParser::defaults()
{
    SseParser parser;
    QCOMPARE(parser.maxLineBytes(), qsizetype(8 * 1024 * 1024));
    QVERIFY(!parser.overflowed());
    QVERIFY(!parser.hasPendingData());
    QCOMPARE(parser.bufferedBytes(), qsizetype(0));
    QVERIFY(!parser.reconnectionTime());
    QVERIFY(parser.finish().isEmpty());
}

void TestSseParser::manySmallEventsKeepBufferSmall_data()
{
    QTest::addColumn<qsizetype>("chunkSize");
    QTest::newRow("byte by byte") << qsizetype(1);
    QTest::newRow("7 bytes") << qsizetype(7);
    QTest::newRow("4 KiB") << qsizetype(4096);
}

void TestSseParser::manySmallEventsKeepBufferSmall()
{
    QFETCH(qsizetype, chunkSize);
    constexpr int count = 100'000;
    QByteArray stream;
    for (int i = 0; i < count; ++i) {
        stream += "data: {\"i\":" + QByteArray::number(i) + "}";
        stream += i % 2 ? "\r\n\r\n" : "\n\n";
    }

    SseParser parser;
    int received = 0;
    qsizetype maxBuffered = 0;
    for (qsizetype from = 0; from < stream.size(); from += chunkSize) {
        const auto chunk = QByteArrayView(stream).sliced(from).first(
                std::min(chunkSize, stream.size() - from));
        const QList<SseEvent> events = parser.feed(chunk);
        for (const SseEvent &event : events) {
            QCOMPARE(event.data, "{\"i\":" + QByteArray::number(received) + "}");
            ++received;
        }
        maxBuffered = std::max(maxBuffered, parser.bufferedBytes());
    }
    QCOMPARE(received, count);
    // Only the unfinished line and the pending event are held, never the stream so far.
    QVERIFY2(maxBuffered <= 32, QByteArray::number(maxBuffered).constData());
    QCOMPARE(parser.bufferedBytes(), qsizetype(0));
    QVERIFY(!parser.hasPendingData());
}

void TestSseParser::longLineAcrossManyChunks()
{
    // One 1 MiB data line arriving in 1000-byte chunks: assembled exactly once.
    QByteArray payload(1024 * 1024, 'x');
    for (qsizetype i = 0; i < payload.size(); i += 997)
        payload[i] = char('a' + i % 26);
    const QByteArray stream = "data: " + payload + "\r\n\r\n";

    SseParser parser;
    QList<SseEvent> events;
    qsizetype maxBuffered = 0;
    for (qsizetype from = 0; from < stream.size(); from += 1000) {
        events += parser.feed(QByteArrayView(stream).sliced(from).first(
                std::min<qsizetype>(1000, stream.size() - from)));
        maxBuffered = std::max(maxBuffered, parser.bufferedBytes());
    }
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, payload);
    QVERIFY(maxBuffered <= stream.size());
    QCOMPARE(parser.bufferedBytes(), qsizetype(0));
    QVERIFY(!parser.hasPendingData());
}

void TestSseParser::overflow_data()
{
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::addColumn<bool>("overflowed");

    // "data: 0123456789" is a 16-byte line.
    QTest::newRow("line at the limit is fine")
            << qsizetype(16) << QList<QByteArray>{"data: 0123", "456789", "\n\n"}
            << QList{ev("0123456789")} << false;
    QTest::newRow("unfinished line beyond the limit")
            << qsizetype(16) << QList<QByteArray>{"data: 0123", "456789", "X", "\n\n"}
            << QList<SseEvent>{} << true;
    QTest::newRow("whole line beyond the limit in one chunk")
            << qsizetype(16) << QList<QByteArray>{"data: 0123456789X\n\n"} << QList<SseEvent>{}
            << true;
    QTest::newRow("events before the overflow are kept")
            << qsizetype(16) << QList<QByteArray>{"data: a\n\ndata: 0123456789XYZ", "\n\n"}
            << QList{ev("a")} << true;
    QTest::newRow("long comment overflows too")
            << qsizetype(16) << QList<QByteArray>{": 0123456789abcdef\n", "data: a\n\n"}
            << QList<SseEvent>{} << true;
    QTest::newRow("event data beyond the limit")
            << qsizetype(16) << QList<QByteArray>{"data: 01234567\n", "data: 01234567\n\n"}
            << QList<SseEvent>{} << true;
    QTest::newRow("event data at the limit")
            << qsizetype(16) << QList<QByteArray>{"data: 0123456\n", "data: 01234567\n\n"}
            << QList{ev("0123456\n01234567")} << false;
    QTest::newRow("input after the overflow is ignored")
            << qsizetype(8) << QList<QByteArray>{"data: 0123456789", "\n\n", "data: a\n\n"}
            << QList<SseEvent>{} << true;
}

void TestSseParser::overflow()
{
    QFETCH(qsizetype, limit);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<SseEvent>, expected);
    QFETCH(bool, overflowed);

    SseParser parser(limit);
    QList<SseEvent> events;
    for (const QByteArray &chunk : chunks) {
        events += parser.feed(chunk);
        QVERIFY(parser.bufferedBytes() <= limit);
    }
    QCOMPARE(events, expected);
    QCOMPARE(parser.overflowed(), overflowed);
    if (overflowed) {
        QCOMPARE(parser.bufferedBytes(), qsizetype(0));
        QVERIFY(!parser.hasPendingData());
        QVERIFY(parser.finish().isEmpty());
        QVERIFY(parser.overflowed()); // sticky until reset()
    }
}

void TestSseParser::resetAfterOverflow()
{
    SseParser parser(8);
    QVERIFY(parser.feed("id: 1\ndata: 0123456789").isEmpty());
    QVERIFY(parser.overflowed());
    QVERIFY(parser.feed("\n\n").isEmpty());

    parser.reset();
    QVERIFY(!parser.overflowed());
    QCOMPARE(parser.maxLineBytes(), qsizetype(8));
    QCOMPARE(parser.feed("\xEF\xBB\xBF"
                         "data: ok\n\n"),
             QList{ev("ok")}); // id was forgotten
}

void TestSseParser::finishDiscardsLastLineButReportsIt()
{
    SseParser parser;
    QCOMPARE(parser.feed("id: 1\nretry: 10\ndata: a\n\ndata: b\nretry: 20\nid: 2"),
             QList{ev("a", {}, u"1"_s)});
    QVERIFY(parser.hasPendingData());
    QCOMPARE(parser.reconnectionTime(), std::chrono::milliseconds(20));
    // The report includes the unterminated "id: 2" line ...
    QCOMPARE(parser.finish(), QList{ev("b", {}, u"2"_s)});
    QVERIFY(!parser.hasPendingData());
    QCOMPARE(parser.bufferedBytes(), qsizetype(1)); // the last event id "1" is kept
    // ... but per the spec that line was discarded: the id stays "1".
    QCOMPARE(parser.feed("data: c\n\n"), QList{ev("c", {}, u"1"_s)});
    QCOMPARE(parser.reconnectionTime(), std::chrono::milliseconds(20));
}

void TestSseParser::newStreamAfterFinish()
{
    SseParser parser;
    QVERIFY(parser.feed("data: a\r").isEmpty()); // a blank line is still due
    QVERIFY(parser.feed("\n").isEmpty());        // the LF of CRLF, not a blank line
    QVERIFY(parser.hasPendingData());
    QCOMPARE(parser.finish(), QList{ev("a")});

    // A pending CR does not swallow the next stream's first LF, and a BOM is allowed again.
    QCOMPARE(parser.feed("data: x\r"), QList<SseEvent>{});
    QCOMPARE(parser.feed("\r"), QList{ev("x")});
    parser.finish();
    QCOMPARE(parser.feed("\xEF\xBB\xBF"
                         "data: y\n\n"),
             QList{ev("y")});
    parser.reset();
    QCOMPARE(parser.feed("\r"), QList<SseEvent>{});
    parser.finish();
    QCOMPARE(parser.feed("\ndata: z\n\n"), QList{ev("z")});
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "TestSseParser.moc"
