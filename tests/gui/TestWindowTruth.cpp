// SPDX-License-Identifier: GPL-3.0-or-later
// The window tells the truth about the connection (issue 8): the status indicator follows the
// endpoint's health, not a comforting guess; the badge, title, rate limits and model list
// belong to the connection in force; the status bar holds at every width from 480 px. The
// whole app against the embedded demo server and a second fault server on loopback.
#include "core/protocol/RateLimitInfo.h"
#include "core/session/ConnectionController.h"
#include "faultserver/FaultServer.h"
#include "gui/RateLimitLabel.h"
#include "gui/Sidebar.h"
#include "gui/StatusIndicator.h"
#include "gui/StatusStrip.h"
#include "support/WindowApp.h"

#include <QComboBox>
#include <QDeadlineTimer>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;

namespace {

constexpr int kWait = 30'000; // generous: the box is small and shared

struct App : test::WindowApp
{
    explicit App(const QString &profile) : WindowApp(profile, u"steadfast-test-truth"_s) {}
};

} // namespace

class TestWindowTruth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void switchingServersLeavesNothingOfTheOldOne();
    void failuresAreNeverConnected();
    void statusBarHoldsAtEveryWidth_data();
    void statusBarHoldsAtEveryWidth();
    void menuTipsStayInsideTheStrip();
    void aNarrowWindowGivesTheConversationRoom();

private:
    void switchTo(const QUrl &baseUrl);
    void send(const QString &text);
    bool waitIdle();

    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<App> m_app;
};

void TestWindowTruth::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
    m_app = std::make_unique<App>(m_profile->path());
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window->isKeyReady(), kWait);
    AppSettings values = m_app->context->settings().values();
    values.maxRetries = 3;
    values.breakerThreshold = 5;
    m_app->context->settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window->isKeyReady(), kWait);
}

void TestWindowTruth::cleanup()
{
    m_app.reset();
    m_profile.reset();
}

void TestWindowTruth::switchTo(const QUrl &baseUrl)
{
    AppSettings values = m_app->context->settings().values();
    values.provider = Provider::Custom;
    values.baseUrl = baseUrl;
    m_app->context->settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window->isKeyReady(), kWait);
}

void TestWindowTruth::send(const QString &text)
{
    QPlainTextEdit *composer = m_app->window->composer();
    composer->setFocus();
    QTest::keyClicks(composer, text);
    QTest::keyClick(composer, Qt::Key_Return);
    QVERIFY(m_app->context->session().isBusy());
}

bool TestWindowTruth::waitIdle()
{
    ChatSession &session = m_app->context->session();
    QDeadlineTimer deadline(kWait);
    QSignalSpy busy(&session, &ChatSession::busyChanged);
    while (session.isBusy() && !deadline.hasExpired())
        busy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    return !session.isBusy();
}

void TestWindowTruth::switchingServersLeavesNothingOfTheOldOne()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->isDemoBadgeShown());
    QVERIFY(window->demoBadge()->isVisible());
    QCOMPARE(window->windowTitle(), u"Demo server"_s);
    // The demo server reports rate limits with every reply.
    send(u"Hello"_s);
    QVERIFY(waitIdle());
    QTRY_VERIFY_WITH_TIMEOUT(window->rateLimitLabel()->isVisibleTo(window), kWait);
    QCOMPARE(window->statusIndicator()->stateText(), u"Connected"_s);

    FaultServer other;
    other.setModels({u"llama3"_s, u"qwen"_s});
    QVERIFY(other.listen());
    switchTo(other.baseUrl());

    // Nothing of the demo server is left: badge, title, limits, its models.
    QVERIFY(!window->isDemoBadgeShown());
    QVERIFY(!window->demoBadge()->isVisible());
    QCOMPARE(window->windowTitle(), u"Custom"_s);
    QVERIFY(!window->windowTitle().contains(u"Steadfast"_s)); // the platform adds the name
    QVERIFY(!window->rateLimitLabel()->isVisibleTo(window));
    QCOMPARE(window->statusIndicator()->endpoint(), other.baseUrl());
    QVERIFY(!window->simulateMenu()->isEnabled());
    // The new server's models come, and the demo's model, which it does not list, is replaced
    // by its first one, said in the status bar.
    QTRY_COMPARE_WITH_TIMEOUT(window->modelBox()->currentText(), u"llama3"_s, kWait);
    QCOMPARE(m_app->context->settings().values().model, u"llama3"_s);
    QVERIFY(window->modelBox()->findText(u"steadfast-demo-large"_s) < 0);
    QVERIFY2(window->statusStrip()->currentMessage().contains(u"llama3"_s),
             qPrintable(window->statusStrip()->currentMessage()));
    QCOMPARE(window->statusIndicator()->stateText(), u"Connected"_s); // /models answered

    // And back: the badge returns.
    AppSettings values = m_app->context->settings().values();
    values.provider = Provider::Demo;
    m_app->context->settings().setValues(values);
    QVERIFY(window->isDemoBadgeShown());
    QTRY_VERIFY(window->demoBadge()->isVisible());
}

void TestWindowTruth::failuresAreNeverConnected()
{
    ChatWindow *window = m_app->window.get();
    FaultServer failing;
    QVERIFY(failing.listen());
    switchTo(failing.baseUrl());
    QTRY_COMPARE_WITH_TIMEOUT(window->statusIndicator()->stateText(), u"Connected"_s, kWait);

    // Every chat request fails with a 500: from the first failure on, never "Connected".
    FaultStep step;
    step.status = 500;
    step.repeat = 10;
    failing.arm(step);
    QStringList seen;
    connect(window->statusIndicator(), &StatusIndicator::announced, this,
            [&seen](const QString &description) { seen += description.section(u'\n', 0, 0); });
    send(u"Hello"_s);
    QTRY_VERIFY_WITH_TIMEOUT(failing.chatRequestCount() >= 2, kWait);
    QVERIFY2(window->statusIndicator()->stateText().startsWith(u"Trouble"_s),
             qPrintable(window->statusIndicator()->stateText()));
    QVERIFY(!window->statusIndicator()->accessibleDescription().startsWith(u"Connected"_s));
    QVERIFY(waitIdle());
    QVERIFY2(window->statusIndicator()->stateText().startsWith(u"Trouble — 4 of 5 failures"_s),
             qPrintable(window->statusIndicator()->stateText()));
    QVERIFY(!seen.contains(u"Connected"_s));
}

void TestWindowTruth::statusBarHoldsAtEveryWidth_data()
{
    QTest::addColumn<int>("width");
    for (const int width : {480, 560, 700, 900, 1400})
        QTest::addRow("%d px", width) << width;
}

void TestWindowTruth::statusBarHoldsAtEveryWidth()
{
    QFETCH(int, width);
    ChatWindow *window = m_app->window.get();
    QCOMPARE(window->minimumSize(), QSize(480, 360));
    send(u"Hello"_s);
    QVERIFY(waitIdle());
    QTRY_VERIFY_WITH_TIMEOUT(window->rateLimitLabel()->isVisibleTo(window), kWait);
    window->simulate(u"outage"_s); // "Armed for the next request: …" in the strip
    window->resize(width, 600);
    QTRY_COMPARE(window->width(), width);
    QCoreApplication::processEvents();

    StatusStrip *strip = window->statusStrip();
    StatusIndicator *indicator = window->statusIndicator();
    QWidget *limits = window->rateLimitLabel();
    QWidget *message = strip->messageLabel();
    QVERIFY(!strip->currentMessage().isEmpty());
    // The indicator whole, inside the strip, never overlapped.
    QTRY_COMPARE(indicator->width(), indicator->sizeHint().width());
    QVERIFY(strip->rect().contains(indicator->geometry()));
    QVERIFY(strip->width() <= window->width());
    const QRect indicatorBox = indicator->geometry();
    const QRect limitsBox = limits->geometry();
    const QRect messageBox = message->geometry();
    if (!limitsBox.isEmpty()) {
        QVERIFY(!limitsBox.intersects(indicatorBox));
        QVERIFY(!limitsBox.intersects(messageBox));
    }
    QVERIFY(!messageBox.intersects(indicatorBox));
    // What does not fit is elided, with the whole text in the tooltip.
    if (messageBox.width() < message->sizeHint().width()) {
        QVERIFY(strip->messageLabel()->isElided());
        QCOMPARE(message->toolTip(), strip->currentMessage());
    } else {
        QVERIFY(!strip->messageLabel()->isElided());
    }
    if (width == 480)
        QVERIFY(strip->messageLabel()->isElided());
    if (width == 1400) {
        QVERIFY(!window->rateLimitLabel()->isElided());
    }
}

void TestWindowTruth::menuTipsStayInsideTheStrip()
{
    // A menu item's status tip goes to the strip's message, not over the indicator.
    ChatWindow *window = m_app->window.get();
    QStatusTipEvent tip(u"Answers 500 Internal Server Error five times in a row"_s);
    QCoreApplication::sendEvent(window, &tip);
    QCOMPARE(window->statusStrip()->currentMessage(), tip.tip());
    QVERIFY(window->statusBar()->currentMessage().isEmpty());
}

void TestWindowTruth::aNarrowWindowGivesTheConversationRoom()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->sidebar());
    window->resize(1000, 700);
    QTRY_VERIFY(window->sidebar()->isVisible());

    window->resize(480, 700);
    QTRY_VERIFY(!window->sidebar()->isVisible());
    QTRY_VERIFY2(window->composer()->width() > 300,
                 qPrintable(QString::number(window->composer()->width())));
    window->resize(1000, 700);
    QTRY_VERIFY(window->sidebar()->isVisible()); // back, as the user had it

    // Hidden by the user (Ctrl+B): a narrow spell does not bring it back afterwards.
    window->setSidebarVisible(false);
    window->resize(480, 700);
    QTRY_COMPARE(window->width(), 480);
    window->resize(1000, 700);
    QTRY_COMPARE(window->width(), 1000);
    QVERIFY(!window->sidebar()->isVisible());
    // And asked for in a narrow window, it comes.
    window->resize(480, 700);
    QTRY_COMPARE(window->width(), 480);
    window->setSidebarVisible(true);
    QVERIFY(window->sidebar()->isVisible());
}

QTEST_MAIN(TestWindowTruth)
#include "TestWindowTruth.moc"
