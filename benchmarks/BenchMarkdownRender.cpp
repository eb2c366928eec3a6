// SPDX-License-Identifier: GPL-3.0-or-later
// What a streamed token costs the window: appending 100 tokens (20 frames of 5 tokens) to a
// reply that already holds 0, 10,000 or 20,000 tokens, rendered and laid out, against the
// trap the design avoids (rendering the whole reply's Markdown again every frame).
//   build/benchmarks/BenchMarkdownRender               wall clock
//   build/benchmarks/BenchMarkdownRender -callgrind    instructions (repeatable)
#include "gui/MessageWidgets.h"

#include <QApplication>
#include <QLabel>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A realistic reply: headings, prose, lists and code, about 4 characters per token.
QString replyText(qsizetype tokens)
{
    QString text;
    for (int section = 0; text.size() < tokens * 4; ++section) {
        text += u"## Part %1\n\nThis part explains the next step of the answer in a sentence or "
                "two, with **bold**, *emphasis* and `inline code`.\n\n- first point\n- second "
                "point\n\n```cpp\nint value = %1;\nreturn value * 2;\n```\n\n"_s.arg(section);
    }
    return text.left(tokens * 4);
}

constexpr qsizetype kTokenChars = 4;
constexpr qsizetype kFrameTokens = 5;
constexpr int kFrames = 20;

void settle(QWidget *widget)
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    widget->adjustSize();
}

} // namespace

class BenchMarkdownRender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendAfterHistory_data();
    void appendAfterHistory();
    void wholeReplyEveryFrame_data() { appendAfterHistory_data(); }
    void wholeReplyEveryFrame();
    void tableRowAfterRows_data();
    void tableRowAfterRows();
};

void BenchMarkdownRender::appendAfterHistory_data()
{
    QTest::addColumn<int>("history");
    QTest::newRow("0 tokens before") << 0;
    QTest::newRow("10,000 tokens before") << 10'000;
    QTest::newRow("20,000 tokens before") << 20'000;
}

void BenchMarkdownRender::appendAfterHistory()
{
    QFETCH(int, history);
    const QString text = replyText(history + kFrames * kFrameTokens);
    auto widget = std::make_unique<steadfast::AssistantMessageWidget>();
    widget->resize(800, 600);
    widget->show();
    widget->setStreaming(true);
    widget->appendText(text.left(history * kTokenChars));
    widget->flushNow();
    settle(widget.get());

    const qsizetype frameChars = kFrameTokens * kTokenChars;
    QBENCHMARK_ONCE {
        for (int frame = 0; frame < kFrames; ++frame) {
            widget->appendText(text.mid(history * kTokenChars + frame * frameChars, frameChars));
            widget->flushNow();
            settle(widget.get());
        }
    }
    QVERIFY(widget->lastFlushCost() < 2'000);
}

void BenchMarkdownRender::wholeReplyEveryFrame()
{
    QFETCH(int, history);
    const QString text = replyText(history + kFrames * kFrameTokens);
    auto label = std::make_unique<QLabel>();
    label->setTextFormat(Qt::MarkdownText);
    label->setWordWrap(true);
    label->resize(800, 600);
    label->show();
    const qsizetype frameChars = kFrameTokens * kTokenChars;
    QBENCHMARK_ONCE {
        for (int frame = 0; frame < kFrames; ++frame) {
            label->setText(text.left(history * kTokenChars + (frame + 1) * frameChars));
            settle(label.get());
        }
    }
}

void BenchMarkdownRender::tableRowAfterRows_data()
{
    QTest::addColumn<int>("rows");
    QTest::newRow("10 rows before") << 10;
    QTest::newRow("40 rows before") << 40;
    QTest::newRow("80 rows before") << 80;
}

/// A table is one Markdown block until it ends, so while it streams it is the tail, rendered
/// again each frame: one more row, one frame (render and layout).
void BenchMarkdownRender::tableRowAfterRows()
{
    QFETCH(int, rows);
    const auto row = [](int i) { return u"| %1 | %2 s | backoff |\n"_s.arg(i).arg(1 << (i % 12)); };
    auto widget = std::make_unique<steadfast::AssistantMessageWidget>();
    widget->resize(800, 600);
    widget->show();
    widget->setStreaming(true);
    widget->appendText(u"| attempt | delay | source |\n|---|---|---|\n"_s);
    for (int i = 0; i < rows; ++i)
        widget->appendText(row(i));
    widget->flushNow();
    settle(widget.get());
    QBENCHMARK_ONCE {
        widget->appendText(row(rows));
        widget->flushNow();
        settle(widget.get());
    }
}

QTEST_MAIN(BenchMarkdownRender)
#include "BenchMarkdownRender.moc"
