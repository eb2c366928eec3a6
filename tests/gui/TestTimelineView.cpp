// SPDX-License-Identifier: GPL-3.0-or-later
// The virtualized timeline over a real in-memory Conversation and a real ChatSession (which
// only answers actionsFor(); no server): only the rows near the viewport exist as widgets,
// it follows the end while streaming and stops when the user scrolls up, a finished long
// reply ends at its last line, and the row widgets' buttons say and do what they should.
#include "core/library/Conversation.h"
#include "core/net/ChatService.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/ChatSession.h"
#include "gui/CopyButton.h"
#include "gui/ErrorCard.h"
#include "gui/MessageWidgets.h"
#include "gui/TimelineView.h"
#include "gui/VersionSwitcher.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Kind = ConversationItem::Kind;

namespace {

constexpr int kMaxRealised = 40;
constexpr int kBlankSlack = 24; // the margins under the last row

ConversationItem makeItem(Kind kind, const QString &text)
{
    ConversationItem item;
    item.kind = kind;
    item.text = text;
    return item;
}

/// Text of varied length: mostly a line or two, every third message a few paragraphs.
QString variedText(int i)
{
    QString text = u"Message %1. "_s.arg(i);
    const int words = i % 3 == 0 ? 5 + (i * 37) % 120 : (i * 7) % 12;
    for (int w = 0; w < words; ++w)
        text += (w % 17 == 16) ? u"word\n\n"_s : u"word "_s;
    return text;
}

/// A long Markdown reply: prose, a list, a code block, a table, 200+ lines, ending in a line
/// of its own.
QString longMarkdown()
{
    QString text = u"# Report\n\nHere is what I found, in order.\n\n"_s;
    for (int i = 1; i <= 60; ++i)
        text += u"- Item %1 of the list, with a few words after it\n"_s.arg(i);
    text += u"\n```cpp\n"_s;
    for (int i = 0; i < 80; ++i)
        text += u"int value%1 = compute(%1); // line %1\n"_s.arg(i);
    text += u"```\n\n| Name | Value | Note |\n|---|---|---|\n"_s;
    for (int i = 0; i < 50; ++i)
        text += u"| row %1 | %2 | fine |\n"_s.arg(i).arg(i * 3);
    text += u"\nA closing paragraph that says what the table means, long enough to wrap onto "
            "a second line in a narrow window.\n\nThe very last line."_s;
    return text;
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void opensManyRowsRealisingFew();
    void scrollToRowRealisesAnEarlyRow();
    void scrollingUpKeepsTheContentInPlace();
    void followsTheEndWhileStreaming();
    void longReplyEndsAtItsLastLine();
    void widthChangeMeasuresAgainWithoutOverlap();
    void emptyAndWaitingTexts();
    void versionSwitcher();
    void inlineEditSubmits_data();
    void inlineEditSubmits();
    void escapeCancelsEditing();
    void copyButtonsCopyAndConfirm();
    void endMarkers_data();
    void endMarkers();
    void errorCardActionsFollowActionsFor();
    void streamSilenceLine();
    void circuitOpenCardOfTheLastExchangeCountsDown();

private:
    void showView(int width = 600, int height = 500);
    /// Lets posted layout requests and the replies' frame timers run.
    void settle(int ms = 80);
    QRect viewportRect() const { return m_view->viewport()->rect(); }
    bool rowInView(int row) const;
    /// No two realised rows overlap, and each is as tall as its height for its width.
    bool rowsAreStacked(QString *why) const;

    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<BreakerRegistry> m_breakers;
    std::unique_ptr<ChatService> m_service;
    std::unique_ptr<Conversation> m_conversation;
    std::unique_ptr<ChatSession> m_session;
    std::unique_ptr<TimelineView> m_view;
};

void TestTimelineView::init()
{
    m_network = std::make_unique<QNetworkAccessManager>();
    m_breakers = std::make_unique<BreakerRegistry>();
    m_service = std::make_unique<ChatService>(m_network.get(), m_breakers.get());
    m_conversation = std::make_unique<Conversation>();
    m_session = std::make_unique<ChatSession>(m_service.get(), m_conversation.get());
}

void TestTimelineView::cleanup()
{
    m_view.reset();
    m_session.reset();
    m_conversation.reset();
    m_service.reset();
    m_breakers.reset();
    m_network.reset();
}

void TestTimelineView::showView(int width, int height)
{
    m_view = std::make_unique<TimelineView>(m_conversation.get(), m_session.get());
    m_view->resize(width, height);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    settle();
}

void TestTimelineView::settle(int ms)
{
    QTest::qWait(ms);
    QCoreApplication::processEvents();
}

bool TestTimelineView::rowInView(int row) const
{
    QWidget *widget = m_view->rowWidget(row);
    return widget && widget->isVisible() && widget->geometry().intersects(viewportRect());
}

bool TestTimelineView::rowsAreStacked(QString *why) const
{
    int previousBottom = std::numeric_limits<int>::min();
    int previousRow = -1;
    for (int row = 0; row < m_view->rowCount(); ++row) {
        QWidget *widget = m_view->rowWidget(row);
        if (!widget)
            continue;
        const QRect geometry = widget->geometry();
        if (previousRow == row - 1 && geometry.top() <= previousBottom) {
            *why = u"row %1 (top %2) overlaps row %3 (bottom %4)"_s.arg(row)
                           .arg(geometry.top())
                           .arg(previousRow)
                           .arg(previousBottom);
            return false;
        }
        const int wanted = widget->heightForWidth(geometry.width());
        if (geometry.height() != wanted) {
            *why = u"row %1 is %2 px tall, its content needs %3"_s.arg(row)
                           .arg(geometry.height())
                           .arg(wanted);
            return false;
        }
        previousBottom = geometry.bottom();
        previousRow = row;
    }
    return true;
}

void TestTimelineView::opensManyRowsRealisingFew()
{
    for (int i = 0; i < 5000; ++i)
        m_conversation->append(makeItem(i % 2 ? Kind::Assistant : Kind::User, variedText(i)));

    // Opening: the view built, shown, laid out; not the test's settling time.
    QElapsedTimer timer;
    timer.start();
    m_view = std::make_unique<TimelineView>(m_conversation.get(), m_session.get());
    m_view->resize(600, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QCoreApplication::processEvents();
    const qint64 openMs = timer.elapsed();
    QTest::setBenchmarkResult(qreal(openMs), QTest::WalltimeMilliseconds);
    QVERIFY2(openMs < 3000, qPrintable(u"opening took %1 ms"_s.arg(openMs)));
    settle();

    QVERIFY(m_view->realisedRowCount() > 0);
    QVERIFY2(m_view->realisedRowCount() <= kMaxRealised,
             qPrintable(QString::number(m_view->realisedRowCount())));
    QVERIFY(rowInView(4999));
    QVERIFY(m_view->isFollowingBottom());
    QVERIFY(!m_view->jumpToLatestButton()->isVisible());
    QVERIFY(!m_view->rowWidget(0));

    // To the top and back: still only the rows near the viewport.
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(0);
    settle();
    QCOMPARE(bar->value(), 0);
    QVERIFY(rowInView(0));
    QVERIFY(!m_view->rowWidget(4999));
    QVERIFY2(m_view->realisedRowCount() <= kMaxRealised,
             qPrintable(QString::number(m_view->realisedRowCount())));
    QVERIFY(!m_view->isFollowingBottom());
    QVERIFY(m_view->jumpToLatestButton()->isVisible());

    bar->setValue(bar->maximum());
    settle();
    QVERIFY(rowInView(4999));
    QVERIFY(m_view->isFollowingBottom());
    QVERIFY2(m_view->realisedRowCount() <= kMaxRealised,
             qPrintable(QString::number(m_view->realisedRowCount())));
    QString why;
    QVERIFY2(rowsAreStacked(&why), qPrintable(why));
}

void TestTimelineView::scrollToRowRealisesAnEarlyRow()
{
    for (int i = 0; i < 5000; ++i)
        m_conversation->append(makeItem(i % 2 ? Kind::Assistant : Kind::User, variedText(i)));
    showView();
    QVERIFY(!m_view->rowWidget(12));

    m_view->scrollToRow(12, true);
    settle();
    QVERIFY(rowInView(12));
    QCOMPARE(m_view->highlightedRow(), 12);
    QVERIFY(!m_view->isFollowingBottom());
    QVERIFY(m_view->realisedRowCount() <= kMaxRealised);
    // In the upper part of the viewport, not merely somewhere in it.
    QVERIFY(m_view->rowWidget(12)->geometry().top() < m_view->viewport()->height() / 2);
    // The mark fades.
    QTRY_COMPARE_WITH_TIMEOUT(m_view->highlightedRow(), -1, 5000);
    QVERIFY(rowInView(12));
}

void TestTimelineView::scrollingUpKeepsTheContentInPlace()
{
    for (int i = 0; i < 5000; ++i)
        m_conversation->append(makeItem(i % 2 ? Kind::Assistant : Kind::User, variedText(i)));
    showView();
    m_view->scrollToRow(2500);
    settle();
    QVERIFY(rowInView(2500));
    const int top = m_view->rowWidget(2500)->y();
    QScrollBar *bar = m_view->verticalScrollBar();
    // Each step realises rows above whose measured heights replace their estimates; the row
    // on screen moves by the step, not by the difference.
    for (int step = 1; step <= 12; ++step) {
        bar->setValue(bar->value() - 70);
        settle(10);
        QVERIFY(m_view->rowWidget(2500));
        QCOMPARE(m_view->rowWidget(2500)->y(), top + 70 * step);
    }
    QVERIFY(m_view->realisedRowCount() <= kMaxRealised);
    QString why;
    QVERIFY2(rowsAreStacked(&why), qPrintable(why));
}

void TestTimelineView::followsTheEndWhileStreaming()
{
    for (int i = 0; i < 30; ++i)
        m_conversation->append(makeItem(i % 2 ? Kind::Assistant : Kind::User, variedText(i)));
    m_conversation->append(makeItem(Kind::User, u"Tell me a long story"_s));
    ConversationItem reply = makeItem(Kind::Assistant, {});
    reply.streaming = true;
    const int row = m_conversation->append(reply);
    showView();
    QScrollBar *bar = m_view->verticalScrollBar();
    QVERIFY(m_view->isFollowingBottom());

    for (int i = 0; i < 40; ++i) {
        m_conversation->appendText(row, u"Line %1 of the story goes on for a while.\n\n"_s.arg(i));
        if (i % 5 == 4) {
            settle();
            QCOMPARE(bar->value(), bar->maximum());
            QVERIFY(rowInView(row));
            // The reply's end is at the viewport's bottom: grown, measured, followed.
            const int rowBottom = m_view->rowWidget(row)->geometry().bottom();
            QVERIFY(rowBottom < viewportRect().bottom());
            QVERIFY(viewportRect().bottom() <= rowBottom + kBlankSlack);
            QString why;
            QVERIFY2(rowsAreStacked(&why), qPrintable(why));
        }
    }
    QVERIFY(m_view->isFollowingBottom());
    QVERIFY(!m_view->jumpToLatestButton()->isVisible());

    // The user scrolls up to read: the view stays where they are while text arrives.
    bar->setValue(bar->value() - 400);
    settle();
    QVERIFY(!m_view->isFollowingBottom());
    const int readingAt = bar->value();
    QVERIFY(m_view->jumpToLatestButton()->isVisible());
    QVERIFY(!m_view->jumpToLatestButton()->accessibleName().isEmpty());
    for (int i = 0; i < 20; ++i)
        m_conversation->appendText(row, u"More of the story.\n\n"_s);
    settle();
    QCOMPARE(bar->value(), readingAt);
    QVERIFY(bar->maximum() > readingAt + 400);
    QVERIFY(!m_view->isFollowingBottom());

    // Jump to latest goes to the end, hides itself, and follows again.
    QTest::mouseClick(m_view->jumpToLatestButton(), Qt::LeftButton);
    settle();
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(m_view->isFollowingBottom());
    QVERIFY(!m_view->jumpToLatestButton()->isVisible());
    m_conversation->appendText(row, u"The end.\n"_s);
    settle();
    QCOMPARE(bar->value(), bar->maximum());
}

void TestTimelineView::longReplyEndsAtItsLastLine()
{
    m_conversation->append(makeItem(Kind::User, u"Write a report"_s));
    ConversationItem reply = makeItem(Kind::Assistant, {});
    reply.streaming = true;
    const int row = m_conversation->append(reply);
    showView(520, 420);

    const QString markdown = longMarkdown();
    QVERIFY(markdown.count(u'\n') >= 200);
    for (qsizetype at = 0; at < markdown.size(); at += 37) {
        m_conversation->appendText(row, markdown.mid(at, 37));
        if ((at / 37) % 25 == 0)
            settle(40);
    }
    settle();
    ConversationItem done = m_conversation->at(row);
    done.streaming = false;
    done.finishReason = u"stop"_s;
    m_conversation->replace(row, done);
    settle(200);

    AssistantMessageWidget *widget = m_view->assistantWidget(row);
    QVERIFY(widget);
    QCOMPARE(widget->markdown(), markdown);
    bool hasCode = false;
    for (QWidget *block : widget->blockWidgets())
        hasCode = hasCode || qobject_cast<CodeBlockView *>(block);
    QVERIFY(hasCode);
    // The last line of the reply is inside the viewport.
    QLabel *lastLine = nullptr;
    for (QLabel *label : widget->findChildren<QLabel *>()) {
        if (label->isVisible() && label->text().contains(u"The very last line."_s))
            lastLine = label;
    }
    QVERIFY(lastLine);
    const QRect lineRect(lastLine->mapTo(m_view->viewport(), QPoint(0, 0)), lastLine->size());
    QVERIFY2(viewportRect().contains(lineRect),
             qPrintable(u"last line at %1..%2, viewport height %3"_s.arg(lineRect.top())
                                .arg(lineRect.bottom())
                                .arg(viewportRect().height())));
    // No blank space below the last row.
    const QRect rowRect = widget->geometry();
    QVERIFY2(viewportRect().bottom() <= rowRect.bottom() + kBlankSlack,
             qPrintable(u"row ends at %1, viewport at %2"_s.arg(rowRect.bottom())
                                .arg(viewportRect().bottom())));
    QCOMPARE(rowRect.height(), widget->heightForWidth(rowRect.width()));
    QCOMPARE(m_view->verticalScrollBar()->value(), m_view->verticalScrollBar()->maximum());
    QVERIFY(m_view->isFollowingBottom());
}

void TestTimelineView::widthChangeMeasuresAgainWithoutOverlap()
{
    for (int i = 0; i < 200; ++i)
        m_conversation->append(makeItem(i % 2 ? Kind::Assistant : Kind::User, variedText(i)));
    showView(700, 500);
    QString why;
    QVERIFY2(rowsAreStacked(&why), qPrintable(why));
    QVERIFY(m_view->rowWidget(198)); // a long one (variedText())
    const int wideHeight = m_view->rowWidget(198)->height();

    m_view->resize(360, 500);
    settle();
    QVERIFY2(rowsAreStacked(&why), qPrintable(why));
    QVERIFY(m_view->rowWidget(198)->height() > wideHeight);
    QVERIFY(rowInView(199));
    QCOMPARE(m_view->verticalScrollBar()->value(), m_view->verticalScrollBar()->maximum());
    QVERIFY(m_view->realisedRowCount() <= kMaxRealised);

    // In the middle, too.
    m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum() / 2);
    settle();
    m_view->resize(640, 500);
    settle();
    QVERIFY2(rowsAreStacked(&why), qPrintable(why));
}

void TestTimelineView::emptyAndWaitingTexts()
{
    showView();
    auto *empty = m_view->viewport()->findChild<QLabel *>(u"emptyLabel"_s);
    QVERIFY(empty);
    QVERIFY(empty->isVisible());
    QVERIFY(!m_view->emptyText().isEmpty());
    QCOMPARE(m_view->realisedRowCount(), 0);

    m_conversation->append(makeItem(Kind::User, u"Hello"_s));
    settle();
    QVERIFY(!empty->isVisible());
    m_view->setWaitingText(u"Waiting for the model… 23 s"_s);
    settle();
    QCOMPARE(m_view->waitingText(), u"Waiting for the model… 23 s"_s);
    auto *waiting = m_view->viewport()->findChild<QLabel *>(u"waitingLabel"_s);
    QVERIFY(waiting->isVisible());
    QVERIFY(waiting->geometry().top() > m_view->rowWidget(0)->geometry().bottom());
    m_view->setWaitingText({});
    QVERIFY(m_view->waitingText().isEmpty());
}

void TestTimelineView::versionSwitcher()
{
    ConversationItem user = makeItem(Kind::User, u"Second version of the question"_s);
    user.siblingIndex = 1;
    user.siblingCount = 3;
    m_conversation->append(user);
    m_conversation->append(makeItem(Kind::Assistant, u"An answer"_s));
    showView();

    VersionSwitcher *switcher = m_view->userWidget(0)->versionSwitcher();
    QVERIFY(switcher->isVisible());
    QCOMPARE(switcher->text(), u"2/3"_s);
    QVERIFY(switcher->previousButton()->isEnabled());
    QVERIFY(switcher->nextButton()->isEnabled());
    QVERIFY(!switcher->nextButton()->accessibleName().isEmpty());
    QVERIFY(!m_view->assistantWidget(1)->versionSwitcher()->isVisible());

    QSignalSpy versions(m_view.get(), &TimelineView::versionRequested);
    QTest::mouseClick(switcher->nextButton(), Qt::LeftButton);
    QTest::mouseClick(switcher->previousButton(), Qt::LeftButton);
    QCOMPARE(versions.count(), 2);
    QCOMPARE(versions.at(0).at(0).toInt(), 0);
    QCOMPARE(versions.at(0).at(1).toInt(), 1);
    QCOMPARE(versions.at(1).at(1).toInt(), -1);
}

void TestTimelineView::inlineEditSubmits_data()
{
    QTest::addColumn<bool>("withButton");
    QTest::newRow("Ctrl+Enter") << false;
    QTest::newRow("Send button") << true;
}

void TestTimelineView::inlineEditSubmits()
{
    QFETCH(bool, withButton);
    m_conversation->append(makeItem(Kind::User, u"Old question"_s));
    m_conversation->append(makeItem(Kind::Assistant, u"Old answer"_s));
    m_conversation->append(makeItem(Kind::User, u"Last question"_s));
    showView();
    UserMessageWidget *user = m_view->userWidget(0);
    QVERIFY(user->editButton()->isVisible()); // any user message, not only the last
    QVERIFY(!user->editButton()->accessibleName().isEmpty());

    QSignalSpy submitted(m_view.get(), &TimelineView::editSubmitted);
    QTest::mouseClick(user->editButton(), Qt::LeftButton);
    settle();
    QVERIFY(user->isEditing());
    QVERIFY(user->editor()->isVisible());
    QCOMPARE(user->editor()->toPlainText(), u"Old question"_s);
    user->editor()->selectAll();
    QTest::keyClicks(user->editor(), u"New question"_s);
    if (withButton)
        QTest::mouseClick(user->sendButton(), Qt::LeftButton);
    else
        QTest::keyClick(user->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(submitted.count(), 1);
    QCOMPARE(submitted.at(0).at(0).toInt(), 0);
    QCOMPARE(submitted.at(0).at(1).toString(), u"New question"_s);
    QVERIFY(!user->isEditing());
}

void TestTimelineView::escapeCancelsEditing()
{
    m_conversation->append(makeItem(Kind::User, u"Question"_s));
    showView();
    QSignalSpy submitted(m_view.get(), &TimelineView::editSubmitted);
    m_view->startEditing(0);
    UserMessageWidget *user = m_view->userWidget(0);
    QVERIFY(user->isEditing());
    settle();
    const int editingHeight = user->height();
    QTest::keyClicks(user->editor(), u" changed"_s);
    QTest::keyClick(user->editor(), Qt::Key_Escape);
    QVERIFY(!user->isEditing());
    QVERIFY(!user->editor()->isVisible());
    QCOMPARE(user->text(), u"Question"_s);
    QCOMPARE(submitted.count(), 0);
    QVERIFY(user->editButton()->isVisible()); // it can be edited again
    settle();
    QVERIFY(user->height() < editingHeight); // the row shrank back
    QString why;
    QVERIFY2(rowsAreStacked(&why), qPrintable(why));
}

void TestTimelineView::copyButtonsCopyAndConfirm()
{
    const QString code = u"int main()\n{\n    return 0;\n}"_s;
    const QString reply = u"Here:\n\n```cpp\n"_s + code + u"\n```\n\nDone."_s;
    m_conversation->append(makeItem(Kind::User, u"Show me code"_s));
    m_conversation->append(makeItem(Kind::Assistant, reply));
    showView();
    AssistantMessageWidget *assistant = m_view->assistantWidget(1);
    QVERIFY(assistant);
    CodeBlockView *block = nullptr;
    for (QWidget *widget : assistant->blockWidgets()) {
        if (auto *codeView = qobject_cast<CodeBlockView *>(widget))
            block = codeView;
    }
    QVERIFY(block);
    QVERIFY(block->copyButton()->isVisible());
    QApplication::clipboard()->setText(u"something else"_s);
    QTest::mouseClick(block->copyButton(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), code);
    QCOMPARE(block->copyButton()->text(), u"Copied"_s);
    QCOMPARE(block->copyButton()->accessibleName(), u"Copied"_s);
    QTRY_COMPARE_WITH_TIMEOUT(block->copyButton()->text(), u"Copy"_s, 4000);

    QVERIFY(assistant->copyButton()->isVisible());
    QTest::mouseClick(assistant->copyButton(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), reply);
    QCOMPARE(assistant->copyButton()->text(), u"Copied"_s);
    QVERIFY(assistant->copyButton()->isConfirming());

    UserMessageWidget *user = m_view->userWidget(0);
    QVERIFY(user->copyButton()->isVisible());
    QTest::mouseClick(user->copyButton(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), u"Show me code"_s);
    QCOMPARE(user->copyButton()->text(), u"Copied"_s);
}

void TestTimelineView::endMarkers_data()
{
    QTest::addColumn<bool>("stopped");
    QTest::addColumn<bool>("interrupted");
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("notMarker");
    QTest::newRow("stopped") << true << false << u"Stopped"_s << u"Interrupted"_s;
    QTest::newRow("interrupted") << false << true << u"Interrupted"_s << u"Stopped"_s;
    QTest::newRow("complete") << false << false << QString() << u"Stopped"_s;
}

void TestTimelineView::endMarkers()
{
    QFETCH(bool, stopped);
    QFETCH(bool, interrupted);
    QFETCH(QString, marker);
    QFETCH(QString, notMarker);
    m_conversation->append(makeItem(Kind::User, u"Go"_s));
    ConversationItem reply = makeItem(Kind::Assistant, u"Partial text"_s);
    reply.stopped = stopped;
    reply.interrupted = interrupted;
    m_conversation->append(reply);
    showView();
    AssistantMessageWidget *widget = m_view->assistantWidget(1);
    if (marker.isEmpty())
        QVERIFY(widget->statusText().isEmpty());
    else
        QVERIFY2(widget->statusText().contains(marker), qPrintable(widget->statusText()));
    QVERIFY(!widget->statusText().contains(notMarker));
    // A partial reply can be continued; a complete one cannot.
    QCOMPARE(widget->continueButton()->isVisible(), stopped || interrupted);
    QVERIFY(widget->regenerateButton()->isVisible());
    QSignalSpy continued(m_view.get(), &TimelineView::continueRequested);
    QSignalSpy regenerated(m_view.get(), &TimelineView::regenerateRequested);
    QTest::mouseClick(widget->regenerateButton(), Qt::LeftButton);
    QCOMPARE(regenerated.count(), 1);
    QCOMPARE(regenerated.at(0).at(0).toInt(), 1);
    if (stopped || interrupted) {
        QTest::mouseClick(widget->continueButton(), Qt::LeftButton);
        QCOMPARE(continued.count(), 1);
        QCOMPARE(continued.at(0).at(0).toInt(), 1);
    }
}

void TestTimelineView::errorCardActionsFollowActionsFor()
{
    m_conversation->append(makeItem(Kind::User, u"First"_s));
    ConversationItem old = makeItem(Kind::Error, {});
    old.error.kind = ApiError::Kind::Connection;
    m_conversation->append(old);
    m_conversation->append(makeItem(Kind::User, u"Second"_s));
    ConversationItem last = old;
    m_conversation->append(last);
    showView();
    ErrorCard *older = m_view->errorCard(1);
    ErrorCard *latest = m_view->lastErrorCard();
    QVERIFY(older);
    QCOMPARE(latest, m_view->errorCard(3));
    QPushButton *again = latest->actionButton(ErrorText::Action::TryAgain);
    QVERIFY(again);
    QVERIFY(again->isEnabled());
    QVERIFY(!older->actionButton(ErrorText::Action::TryAgain)->isEnabled());
    QSignalSpy actions(m_view.get(), &TimelineView::errorActionTriggered);
    QTest::mouseClick(again, Qt::LeftButton);
    QCOMPARE(actions.count(), 1);
    QCOMPARE(actions.at(0).at(0).toInt(), 3);
}

void TestTimelineView::streamSilenceLine()
{
    m_conversation->append(makeItem(Kind::User, u"Hello"_s));
    ConversationItem reply = makeItem(Kind::Assistant, u"Half a"_s);
    reply.streaming = true;
    m_conversation->append(reply);
    showView();
    auto *waiting = m_view->viewport()->findChild<QLabel *>(u"waitingLabel"_s);
    QVERIFY(waiting);

    m_view->setStreamSilence(12'400, 30'000); // whole seconds: 12
    settle();
    QCOMPARE(m_view->waitingText(), u"No data for 12 s"_s);
    QCOMPARE(waiting->accessibleDescription(), u"No data for 12 s"_s);
    QVERIFY(waiting->toolTip().contains(u"30 s"_s));
    QVERIFY(waiting->isVisible());
    QVERIFY(waiting->geometry().top() > m_view->rowWidget(1)->geometry().bottom());
    m_view->setStreamSilence(13'050, 30'000);
    QCOMPARE(m_view->waitingText(), u"No data for 13 s"_s);
    QCOMPARE(waiting->accessibleDescription(), u"No data for 13 s"_s);
    m_view->setStreamSilence(0, 30'000); // data flows again
    QVERIFY(m_view->waitingText().isEmpty());
    QVERIFY(waiting->isHidden());
}

void TestTimelineView::circuitOpenCardOfTheLastExchangeCountsDown()
{
    using namespace std::chrono;
    ConversationItem open = makeItem(Kind::Error, {});
    open.error.kind = ApiError::Kind::CircuitOpen;
    open.error.retryAfter = 17'224ms;
    open.error.host = u"127.0.0.1:8080"_s;
    m_conversation->append(makeItem(Kind::User, u"First"_s));
    m_conversation->append(open);
    m_conversation->append(makeItem(Kind::User, u"Second"_s));
    m_conversation->append(open);
    showView();
    steady_clock::time_point due = steady_clock::now() + 10min;
    m_view->setProbeDue([&due] { return due; });
    ErrorCard *older = m_view->errorCard(1);
    ErrorCard *latest = m_view->lastErrorCard();
    QVERIFY(older && latest && older != latest);
    QVERIFY2(latest->probeText().startsWith(u"Service paused — next probe in "_s),
             qPrintable(latest->probeText()));
    QVERIFY(older->probeText().isEmpty()); // history does not count down
    QVERIFY(latest->actionButton(ErrorText::Action::SendWhenBack));
    // The due time is asked again on every tick: a pause by hand shows at once.
    due = steady_clock::time_point::max();
    QTRY_VERIFY_WITH_TIMEOUT(latest->probeText().startsWith(u"Paused by you"_s), 10000);
    m_view->setProbeDue({});
    QVERIFY(latest->probeText().isEmpty());

    // The card is about 127.0.0.1:8080; switched to another server, it does not count down
    // that one's probe (nor claim the old one can be tried now).
    due = steady_clock::now() + 10min;
    m_view->setProbeDue([&due] { return due; }, u"127.0.0.1:8080"_s);
    QVERIFY(latest->probeText().startsWith(u"Service paused — next probe in "_s));
    m_view->setProbeDue([&due] { return due; }, u"127.0.0.1:9090"_s);
    QVERIFY(latest->probeText().isEmpty());
}

QTEST_MAIN(TestTimelineView)
#include "TestTimelineView.moc"
