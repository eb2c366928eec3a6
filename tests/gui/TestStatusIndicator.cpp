// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ApiError.h"
#include "core/BreakerRegistry.h"
#include "core/CircuitBreaker.h"
#include "gui/StatusIndicator.h"
#include "support/WidgetShots.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QMenu>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

#include <chrono>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using std::chrono::steady_clock;
using steadfast::ApiError;
using steadfast::BreakerRegistry;
using steadfast::CircuitBreaker;
using steadfast::StatusIndicator;
using State = steadfast::CircuitBreaker::State;

using steadfast::test::screenshot;

namespace {

/// A clock the test moves by hand; declared before the registry that reads it.
struct FakeClock
{
    steady_clock::time_point now{steady_clock::time_point{} + 1000h};

    CircuitBreaker::Clock function()
    {
        return [this] { return now; };
    }
};

CircuitBreaker::Options options(int threshold, std::chrono::milliseconds cooldown)
{
    CircuitBreaker::Options result;
    result.threshold = threshold;
    result.cooldown = cooldown;
    return result;
}

const QUrl endpoint(u"http://127.0.0.1:8080/v1"_s);

/// The pixels of the button's icon, to tell the states' icons apart.
QImage iconImage(const StatusIndicator &indicator)
{
    return indicator.icon().pixmap(16, 16).toImage();
}

} // namespace

class TestStatusIndicator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noEndpointYet();
    void followsTheBreakerThroughItsStates();
    void countdownRunsOnlyWhileOpen();
    void pauseResumeAndReset();
    void tooltipNamesFailuresLastErrorAndEndpoint();
    void switchingEndpointsDisconnectsTheOldBreaker();
    void announcesStateChangesOnly();
    void breakerGoesFirst();
    void keyboardOpensTheMenu_data();
    void keyboardOpensTheMenu();
    void screenshots();
};

void TestStatusIndicator::noEndpointYet()
{
    FakeClock clock;
    BreakerRegistry registry(options(3, 30s), clock.function());
    StatusIndicator indicator(&registry);
    QCOMPARE(indicator.breaker(), nullptr);
    QCOMPARE(indicator.stateText(), u"No server"_s);
    QVERIFY(!indicator.pauseAction()->isEnabled());
    QVERIFY(!indicator.resetAction()->isEnabled());
    QCOMPARE(indicator.accessibleName(), u"Connection status"_s);
    QCOMPARE(indicator.popupMode(), QToolButton::InstantPopup);
    QCOMPARE(indicator.focusPolicy(), Qt::StrongFocus);
}

void TestStatusIndicator::followsTheBreakerThroughItsStates()
{
    FakeClock clock;
    BreakerRegistry registry(options(3, 30s), clock.function());
    StatusIndicator indicator(&registry);
    indicator.setEndpoint(endpoint);
    CircuitBreaker *breaker = indicator.breaker();
    QCOMPARE(breaker, registry.breakerFor(endpoint));
    QCOMPARE(indicator.stateText(), u"Connected"_s);
    const QImage closedIcon = iconImage(indicator);

    breaker->recordFailure();
    breaker->recordFailure();
    QCOMPARE(indicator.stateText(), u"Connected"_s); // 2 of 3: still closed
    QVERIFY(indicator.toolTip().contains(u"Consecutive failures: 2 of 3"_s));
    QVERIFY(indicator.resetAction()->isEnabled());

    breaker->recordFailure(); // the third: Open
    QCOMPARE(breaker->state(), State::Open);
    QCOMPARE(indicator.stateText(), u"Paused — next probe in 30 s"_s);
    QCOMPARE(indicator.text(), indicator.stateText());
    QVERIFY(iconImage(indicator) != closedIcon);
    const QImage openIcon = iconImage(indicator);

    // The fake clock moves; the display timer re-renders the seconds from the breaker.
    clock.now += 7200ms;
    QTRY_COMPARE_WITH_TIMEOUT(indicator.stateText(), u"Paused — next probe in 23 s"_s, 10000);
    clock.now += 22'500ms;
    QTRY_COMPARE_WITH_TIMEOUT(indicator.stateText(), u"Paused — next probe in 1 s"_s, 10000);
    clock.now += 300ms;
    QTRY_COMPARE_WITH_TIMEOUT(indicator.stateText(), u"Paused — probing shortly"_s, 10000);

    // The breaker's own timer (or the next attempt) notices the cooldown's end.
    breaker->refresh();
    QCOMPARE(breaker->state(), State::HalfOpen);
    QCOMPARE(indicator.stateText(), u"Probing"_s);
    QVERIFY(iconImage(indicator) != openIcon);
    QVERIFY(iconImage(indicator) != closedIcon);

    QVERIFY(breaker->tryAcquire());
    breaker->recordSuccess();
    QCOMPARE(indicator.stateText(), u"Connected"_s);
    QCOMPARE(iconImage(indicator), closedIcon);
    QVERIFY(indicator.toolTip().contains(u"Consecutive failures: 0 of 3"_s));
}

void TestStatusIndicator::countdownRunsOnlyWhileOpen()
{
    FakeClock clock;
    BreakerRegistry registry(options(1, 10s), clock.function());
    StatusIndicator indicator(&registry);
    indicator.setEndpoint(endpoint);
    QVERIFY(!indicator.isCountingDown());
    indicator.breaker()->recordFailure();
    QVERIFY(indicator.isCountingDown());
    indicator.breaker()->pause();
    QVERIFY(!indicator.isCountingDown()); // paused: no probe comes by itself
    indicator.breaker()->reset();
    QVERIFY(!indicator.isCountingDown());
}

void TestStatusIndicator::pauseResumeAndReset()
{
    FakeClock clock;
    BreakerRegistry registry(options(5, 30s), clock.function());
    StatusIndicator indicator(&registry);
    indicator.setEndpoint(endpoint);
    CircuitBreaker *breaker = indicator.breaker();
    QCOMPARE(indicator.pauseAction()->text(), u"Pause this server"_s);
    QVERIFY(!indicator.resetAction()->isEnabled()); // nothing to reset yet

    indicator.pauseAction()->trigger();
    QVERIFY(breaker->isPaused());
    QCOMPARE(breaker->state(), State::Open);
    QCOMPARE(indicator.stateText(), u"Paused by you"_s);
    QCOMPARE(indicator.pauseAction()->text(), u"Resume"_s);
    QVERIFY(indicator.resetAction()->isEnabled());
    clock.now += 1h; // no countdown while paused by hand
    breaker->refresh();
    QCOMPARE(indicator.stateText(), u"Paused by you"_s);

    indicator.pauseAction()->trigger(); // Resume: the next attempt is a probe
    QVERIFY(!breaker->isPaused());
    QCOMPARE(breaker->state(), State::HalfOpen);
    QCOMPARE(indicator.stateText(), u"Probing"_s);
    QCOMPARE(indicator.pauseAction()->text(), u"Pause this server"_s);

    for (int i = 0; i < 3; ++i)
        breaker->recordFailure(); // a failed probe opens it again
    QCOMPARE(breaker->state(), State::Open);
    QVERIFY(indicator.stateText().startsWith(u"Paused — next probe in"_s));
    QCOMPARE(indicator.resetAction()->text(), u"Reset the circuit breaker"_s);
    indicator.resetAction()->trigger();
    QCOMPARE(breaker->state(), State::Closed);
    QCOMPARE(breaker->consecutiveFailures(), 0);
    QCOMPARE(indicator.stateText(), u"Connected"_s);
    QVERIFY(!indicator.resetAction()->isEnabled());
}

void TestStatusIndicator::tooltipNamesFailuresLastErrorAndEndpoint()
{
    FakeClock clock;
    BreakerRegistry registry(options(5, 30s), clock.function());
    StatusIndicator indicator(&registry);
    indicator.setEndpoint(endpoint);
    indicator.breaker()->recordFailure();
    indicator.breaker()->recordFailure();
    indicator.breaker()->recordFailure();

    ApiError error;
    error.kind = ApiError::Kind::Connection;
    error.host = u"127.0.0.1:8080"_s;
    indicator.setLastError(error);
    const QStringList lines = indicator.toolTip().split(u'\n');
    QCOMPARE(lines,
             QStringList({u"Connected"_s, u"Consecutive failures: 3 of 5"_s,
                          u"Last error: Cannot reach 127.0.0.1:8080"_s,
                          u"Server: "_s + BreakerRegistry::endpointKey(endpoint)}));
    QCOMPARE(indicator.accessibleDescription(), indicator.toolTip());

    indicator.setLastError(ApiError{}); // kind None forgets it
    QVERIFY(!indicator.toolTip().contains(u"Last error"_s));

    // The menu says the count too, for those who never see a tooltip.
    const QList<QAction *> actions = indicator.menu()->actions();
    QVERIFY(std::any_of(actions.begin(), actions.end(), [](QAction *action) {
        return action->text() == u"Consecutive failures: 3 of 5"_s && !action->isEnabled();
    }));
}

void TestStatusIndicator::switchingEndpointsDisconnectsTheOldBreaker()
{
    FakeClock clock;
    BreakerRegistry registry(options(2, 30s), clock.function());
    StatusIndicator indicator(&registry);
    indicator.setEndpoint(endpoint);
    CircuitBreaker *first = indicator.breaker();
    ApiError error;
    error.kind = ApiError::Kind::Server;
    error.httpStatus = 503;
    indicator.setLastError(error);

    const QUrl other(u"http://127.0.0.1:9090/v1"_s);
    registry.breakerFor(other)->pause(); // shown at once when switched to
    indicator.setEndpoint(other);
    QVERIFY(indicator.breaker() != first);
    QCOMPARE(indicator.stateText(), u"Paused by you"_s);
    QVERIFY(!indicator.toolTip().contains(u"Last error"_s)); // it was the other server's
    QVERIFY(indicator.toolTip().contains(BreakerRegistry::endpointKey(other)));

    first->recordFailure();
    first->recordFailure(); // the old one opens: not this indicator's business any more
    QCOMPARE(first->state(), State::Open);
    QCOMPARE(indicator.stateText(), u"Paused by you"_s);
    QVERIFY(indicator.toolTip().contains(u"Consecutive failures: 0 of 2"_s));

    indicator.pauseAction()->trigger(); // acts on the new one
    QCOMPARE(indicator.breaker()->state(), State::HalfOpen);
    QVERIFY(first->state() == State::Open);
}

void TestStatusIndicator::announcesStateChangesOnly()
{
    FakeClock clock;
    BreakerRegistry registry(options(2, 30s), clock.function());
    StatusIndicator indicator(&registry);
    QSignalSpy announced(&indicator, &StatusIndicator::announced);
    indicator.setEndpoint(endpoint);
    QCOMPARE(announced.size(), 1);
    indicator.breaker()->recordFailure(); // a count, not a state
    QCOMPARE(announced.size(), 1);
    indicator.breaker()->recordFailure(); // Open
    QCOMPARE(announced.size(), 2);
    QVERIFY(announced.at(1).at(0).toString().startsWith(u"Paused — next probe in 30 s"_s));
    clock.now += 5s; // the countdown moves, screen readers are not told every second
    QTRY_COMPARE_WITH_TIMEOUT(indicator.stateText(), u"Paused — next probe in 25 s"_s, 10000);
    QCOMPARE(announced.size(), 2);
    indicator.breaker()->pause(); // still Open, but now paused by hand: a change
    QCOMPARE(announced.size(), 3);
    QVERIFY(announced.at(2).at(0).toString().startsWith(u"Paused by you"_s));
}

void TestStatusIndicator::breakerGoesFirst()
{
    FakeClock clock;
    auto registry = std::make_unique<BreakerRegistry>(options(2, 30s), clock.function());
    StatusIndicator indicator(registry.get());
    indicator.setEndpoint(endpoint);
    indicator.breaker()->recordFailure();
    indicator.breaker()->recordFailure();
    QVERIFY(indicator.isCountingDown());
    registry.reset(); // its breakers with it
    QCOMPARE(indicator.breaker(), nullptr);
    QCOMPARE(indicator.stateText(), u"No server"_s);
    QVERIFY(!indicator.isCountingDown());
    QVERIFY(!indicator.pauseAction()->isEnabled());
    indicator.pauseAction()->trigger(); // nothing to act on, and no crash
}

void TestStatusIndicator::keyboardOpensTheMenu_data()
{
    QTest::addColumn<int>("key");
    QTest::newRow("Space") << int(Qt::Key_Space);
    QTest::newRow("Return") << int(Qt::Key_Return);
    QTest::newRow("Enter") << int(Qt::Key_Enter);
}

void TestStatusIndicator::keyboardOpensTheMenu()
{
    QFETCH(int, key);
    FakeClock clock;
    BreakerRegistry registry(options(5, 30s), clock.function());
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *indicator = new StatusIndicator(&registry, &window);
    layout->addWidget(indicator);
    indicator->setEndpoint(endpoint);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    indicator->setFocus();
    QTRY_VERIFY(indicator->hasFocus());

    // The menu runs its own loop; pick "Pause this server" from it with the keyboard.
    bool menuShown = false;
    QTimer::singleShot(0, this, [&] {
        QWidget *popup = QApplication::activePopupWidget();
        menuShown = popup == indicator->menu();
        if (popup) {
            indicator->menu()->setActiveAction(indicator->pauseAction());
            QTest::keyClick(popup, Qt::Key_Return);
        }
    });
    QTest::keyClick(indicator, Qt::Key(key));
    QTRY_VERIFY(menuShown);
    QTRY_VERIFY(indicator->breaker()->isPaused());
}

void TestStatusIndicator::screenshots()
{
    FakeClock clock;
    BreakerRegistry registry(options(3, 30s), clock.function());
    QStatusBar bar;
    auto *indicator = new StatusIndicator(&registry, &bar);
    bar.addPermanentWidget(indicator);
    bar.resize(420, bar.sizeHint().height());
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    indicator->setEndpoint(endpoint);
    screenshot(&bar, u"status-connected"_s);
    for (int i = 0; i < 3; ++i)
        indicator->breaker()->recordFailure();
    clock.now += 7s;
    QTRY_COMPARE_WITH_TIMEOUT(indicator->stateText(), u"Paused — next probe in 23 s"_s, 10000);
    screenshot(&bar, u"status-open"_s);
    clock.now += 30s;
    indicator->breaker()->refresh();
    screenshot(&bar, u"status-probing"_s);
    indicator->breaker()->pause();
    screenshot(&bar, u"status-paused"_s);
}

QTEST_MAIN(TestStatusIndicator)
#include "TestStatusIndicator.moc"
