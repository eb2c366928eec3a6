// SPDX-License-Identifier: GPL-3.0-or-later
// MarkdownStreamer: the committed blocks do not depend on how the text was cut into pieces,
// and the work per flush stays bounded however long the reply grows.
#include "gui/MarkdownStreamer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using steadfast::MarkdownOp;
using steadfast::MarkdownStreamer;
using Type = MarkdownOp::Type;

namespace {

// Feeds the pieces, flushing after each, and returns the committed ops (Tail ops left out).
QList<MarkdownOp> committed(const QStringList &pieces, qsizetype maxTail = 8192)
{
    MarkdownStreamer streamer(maxTail);
    QList<MarkdownOp> ops;
    auto keep = [&ops](const QList<MarkdownOp> &batch) {
        for (const MarkdownOp &op : batch) {
            if (op.type != Type::Tail)
                ops.append(op);
        }
    };
    for (const QString &piece : pieces) {
        streamer.append(piece);
        keep(streamer.flush());
    }
    keep(streamer.finish());
    return ops;
}

QString describe(const QList<MarkdownOp> &ops)
{
    QStringList parts;
    for (const MarkdownOp &op : ops) {
        static const char *names[] = {"Prose", "CodeStart", "CodeLine", "CodeEnd", "Tail"};
        parts.append(QString::fromLatin1(names[int(op.type)]) + u'(' + op.text + u')');
    }
    return parts.join(u" | "_s);
}

} // namespace

class TestMarkdownStreamer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void blocks_data();
    void blocks();
    void anyChunkingGivesTheSameBlocks_data() { blocks_data(); }
    void anyChunkingGivesTheSameBlocks();
    void tailShowsTheUnfinishedPart();
    void tailInsideCodeIsThePartialLine();
    void longParagraphIsCommittedAtLineBreaks();
    void workPerFlushDoesNotGrowWithTheReply();
};

void TestMarkdownStreamer::blocks_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one paragraph") << u"Hello **world**"_s << u"Prose(Hello **world**\n)"_s;
    QTest::newRow("two paragraphs")
            << u"First.\n\nSecond.\n"_s << u"Prose(First.\n\n) | Prose(Second.\n)"_s;
    QTest::newRow("blank lines between blocks are skipped")
            << u"\n\nA\n\n\n\nB"_s << u"Prose(A\n\n\n\n) | Prose(B\n)"_s;
    QTest::newRow("heading then text")
            << u"# Title\ntext\n\nmore"_s << u"Prose(# Title\ntext\n\n) | Prose(more\n)"_s;
    QTest::newRow("loose list stays one block")
            << u"1. one\n\n2. two\n\n   indented\n\nAfter"_s
            << u"Prose(1. one\n\n2. two\n\n   indented\n\n) | Prose(After\n)"_s;
    QTest::newRow("backtick fence with info")
            << u"Look:\n```cpp\nint a;\nint b;\n```\nDone"_s
            << u"Prose(Look:\n) | CodeStart(cpp) | CodeLine(int a;) | CodeLine(int b;) | "
               "CodeEnd() | Prose(Done\n)"_s;
    QTest::newRow("tilde fence, backticks inside")
            << u"~~~\n```\nx\n~~~\n"_s
            << u"CodeStart() | CodeLine(```) | CodeLine(x) | CodeEnd()"_s;
    QTest::newRow("closing fence must be as long")
            << u"````md\n```\n````\n"_s << u"CodeStart(md) | CodeLine(```) | CodeEnd()"_s;
    QTest::newRow("fence closed by the end of the reply")
            << u"```\nopen"_s << u"CodeStart() | CodeLine(open) | CodeEnd()"_s;
    QTest::newRow("CRLF line ends") << u"```py\r\nprint(1)\r\n```\r\n"_s
                                    << u"CodeStart(py) | CodeLine(print(1)) | CodeEnd()"_s;
    QTest::newRow("empty lines inside code are kept")
            << u"```\na\n\nb\n```"_s
            << u"CodeStart() | CodeLine(a) | CodeLine() | CodeLine(b) | CodeEnd()"_s;
    QTest::newRow("indented four spaces is not a fence")
            << u"    ```\n    code"_s << u"Prose(    ```\n    code\n)"_s;
    QTest::newRow("inline backticks are not a fence")
            << u"Use `x` and ``y``\n"_s << u"Prose(Use `x` and ``y``\n)"_s;
    QTest::newRow("unicode") << u"Grüße 👋\n\n日本語"_s << u"Prose(Grüße 👋\n\n) | Prose(日本語\n)"_s;
}

void TestMarkdownStreamer::blocks()
{
    QFETCH(QString, markdown);
    QFETCH(QString, expected);
    QCOMPARE(describe(committed({markdown})), expected);
}

void TestMarkdownStreamer::anyChunkingGivesTheSameBlocks()
{
    QFETCH(QString, markdown);
    const QList<MarkdownOp> whole = committed({markdown});
    // Every 2-way and 3-way cut, and one character at a time.
    for (qsizetype i = 0; i <= markdown.size(); ++i) {
        for (qsizetype j = i; j <= markdown.size(); ++j) {
            const QStringList pieces{markdown.left(i), markdown.mid(i, j - i), markdown.mid(j)};
            QCOMPARE(describe(committed(pieces)), describe(whole));
        }
    }
    QStringList characters;
    for (QChar c : markdown)
        characters.append(QString(c));
    QCOMPARE(describe(committed(characters)), describe(whole));
}

void TestMarkdownStreamer::tailShowsTheUnfinishedPart()
{
    MarkdownStreamer streamer;
    streamer.append(u"Hel"_s);
    QList<MarkdownOp> ops = streamer.flush();
    QCOMPARE(ops, (QList<MarkdownOp>{{Type::Tail, u"Hel"_s}}));
    streamer.append(u"lo\n\nNext"_s);
    ops = streamer.flush();
    // The paragraph is not committed until a whole next line shows it does not continue it
    // ("1" could still become "1. an item" of a loose list).
    QCOMPARE(ops, (QList<MarkdownOp>{{Type::Tail, u"Hello\n\nNext"_s}}));
    streamer.append(u" line\n"_s);
    ops = streamer.flush();
    QCOMPARE(ops,
             (QList<MarkdownOp>{{Type::Prose, u"Hello\n\n"_s}, {Type::Tail, u"Next line\n"_s}}));
    QVERIFY(streamer.flush().isEmpty()); // nothing new: nothing to do
    ops = streamer.finish();
    QCOMPARE(ops, (QList<MarkdownOp>{{Type::Prose, u"Next line\n"_s}, {Type::Tail, {}}}));
}

void TestMarkdownStreamer::tailInsideCodeIsThePartialLine()
{
    MarkdownStreamer streamer;
    streamer.append(u"```js\nconst a"_s);
    const QList<MarkdownOp> ops = streamer.flush();
    QCOMPARE(ops, (QList<MarkdownOp>{{Type::CodeStart, u"js"_s}, {Type::Tail, u"const a"_s}}));
    QVERIFY(streamer.isInCode());
}

void TestMarkdownStreamer::longParagraphIsCommittedAtLineBreaks()
{
    const QString line = QString(50, u'x') + u'\n';
    QStringList pieces;
    for (int i = 0; i < 100; ++i)
        pieces.append(line);
    const QList<MarkdownOp> ops = committed(pieces, 500);
    QVERIFY(ops.size() >= 9);
    QString joined;
    for (const MarkdownOp &op : ops) {
        QCOMPARE(op.type, Type::Prose);
        QVERIFY(op.text.size() <= 500 + line.size());
        joined += op.text;
    }
    QCOMPARE(joined, pieces.join(QString()));
}

void TestMarkdownStreamer::workPerFlushDoesNotGrowWithTheReply()
{
    // A 20,000-token reply (about 4 characters per token) of paragraphs, lists and code,
    // flushed every 5 tokens as the window's frame timer would under a fast stream.
    QString reply;
    for (int section = 0; reply.size() < 80'000; ++section) {
        reply += u"## Section %1\n\nSome prose that explains the next part of the answer in a "
                 "sentence or two, with **bold** and `code`.\n\n- item one\n- item two\n\n"
                 "```cpp\nint value = %1;\nreturn value * 2;\n```\n\n"_s.arg(section);
    }
    MarkdownStreamer streamer;
    qsizetype early = 0;
    qsizetype late = 0;
    const qsizetype step = 20; // 5 tokens
    for (qsizetype pos = 0; pos < reply.size(); pos += step) {
        streamer.append(QStringView(reply).mid(pos, step));
        streamer.flush();
        if (pos < 4'000)
            early = std::max(early, streamer.lastFlushCost());
        else if (pos > reply.size() - 4'000)
            late = std::max(late, streamer.lastFlushCost());
    }
    QVERIFY(early > 0);
    // Re-rendering the whole message would cost ~80,000 characters per flush at the end.
    QVERIFY2(late <= early * 2 + step, qPrintable(u"early %1, late %2"_s.arg(early).arg(late)));
    QVERIFY(late < 1'000);
}

QTEST_GUILESS_MAIN(TestMarkdownStreamer)
#include "TestMarkdownStreamer.moc"
