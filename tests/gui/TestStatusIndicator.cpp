// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiError.h"
#include "core/health/HealthMonitor.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/resilience/CircuitBreaker.h"
#include "gui/StatusIndicator.h"
#include "support/WidgetShots.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QIcon>
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
using steadfast::EndpointHealth;
using steadfast::HealthMonitor;
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

/// A registry, a monitor and an indicator on one hand-driven clock, fed as ChatService feeds
/// them.
struct Rig
{
    explicit Rig(int threshold = 3, std::chrono::milliseconds cooldown = 30s)
        : registry(options(threshold, cooldown), clock.function())
        , monitor(&registry, clock.function())
        , indicator(&monitor, &registry)
    {
        indicator.setClock(clock.function());
        indicator.setEndpoint(endpoint);
    }

    CircuitBreaker *breaker() { return registry.breakerFor(endpoint); }
    void fail(ApiError::Kind kind, int status = 0)
    {
        ApiError error;
        error.kind = kind;
        error.httpStatus = status;
        error.host = u"127.0.0.1:8080"_s;
        breaker()->tryAcquire();
        if (ApiError::isServiceFailure(kind))
            breaker()->recordFailure();
        else
            breaker()->recordSuccess();
        monitor.recordFailure(endpoint, error);
    }
    void succeed()
    {
        breaker()->tryAcquire();
        breaker()->recordSuccess();
        monitor.recordSuccess(endpoint);
    }

    FakeClock clock;
    BreakerRegistry registry;
    HealthMonitor monitor;
    StatusIndicator indicator;
};

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
    void notContactedYet();
    void rendersEveryState_data();
    void rendersEveryState();
    void neverConnectedWhileFailing();
    void countdownsMove();
    void pauseResumeAndReset();
    void tooltipHasLiveNumbers();
    void switchingEndpointsShowsTheOther();
    void announcesStateChangesOnly();
    void keyboardOpensTheMenu_data();
    void keyboardOpensTheMenu();
    void screenshots();
};

void TestStatusIndicator::notContactedYet()
{
    Rig rig;
    QCOMPARE(rig.indicator.stateText(), u"Not contacted yet"_s);
    QCOMPARE(rig.indicator.health().state, EndpointHealth::State::NotContacted);
    QVERIFY(rig.indicator.pauseAction()->isEnabled());
    QVERIFY(!rig.indicator.resetAction()->isEnabled());
    QCOMPARE(rig.indicator.accessibleName(), u"Connection status"_s);
    QVERIFY(rig.indicator.accessibleDescription().startsWith(u"Not contacted yet"_s));
    QCOMPARE(rig.indicator.popupMode(), QToolButton::InstantPopup);
    QCOMPARE(rig.indicator.focusPolicy(), Qt::StrongFocus);
    QCOMPARE(rig.indicator.sizePolicy().horizontalPolicy(), QSizePolicy::Fixed);
}

void TestStatusIndicator::rendersEveryState_data()
{
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("icon");

    QTest::newRow("not contacted") << u""_s << u"Not contacted yet"_s << u"health-idle"_s;
    QTest::newRow("connected") << u"ok"_s << u"Connected"_s << u"breaker-closed"_s;
    QTest::newRow("trouble") << u"ok 500 500"_s << u"Trouble — 2 of 3 failures"_s
                             << u"health-trouble"_s;
    QTest::newRow("trouble, retrying")
            << u"500 retry"_s << u"Trouble — 1 of 3 failures, retrying in 4 s"_s
            << u"health-trouble"_s;
    QTest::newRow("rate limited") << u"ok 429 retry"_s
                                  << u"Trouble — rate limited, retrying in 4 s"_s
                                  << u"health-trouble"_s;
    QTest::newRow("a bad request")
            << u"ok 400"_s << u"Trouble — the last request failed"_s << u"health-trouble"_s;
    QTest::newRow("paused") << u"500 500 500"_s << u"Paused — next probe in 30 s"_s
                            << u"breaker-open"_s;
    QTest::newRow("probe due") << u"500 500 500 cool"_s
                               << u"Paused — the next request is the probe"_s
                               << u"breaker-halfopen"_s;
    QTest::newRow("probing") << u"500 500 500 cool probe"_s << u"Probing"_s
                             << u"breaker-halfopen"_s;
    QTest::newRow("paused by you") << u"ok pause"_s << u"Paused by you"_s << u"breaker-paused"_s;
    QTest::newRow("key rejected") << u"401"_s << u"Needs attention — key rejected"_s
                                  << u"health-attention"_s;
    QTest::newRow("quota") << u"quota"_s << u"Needs attention — quota used up"_s
                           << u"health-attention"_s;
    QTest::newRow("certificate") << u"tls"_s << u"Needs attention — certificate problem"_s
                                 << u"health-attention"_s;
    QTest::newRow("no access") << u"403"_s << u"Needs attention — no access"_s
                               << u"health-attention"_s;
}

void TestStatusIndicator::rendersEveryState()
{
    QFETCH(QString, steps);
    QFETCH(QString, text);
    QFETCH(QString, icon);

    Rig rig;
    const QStringList tokens = steps.split(u' ', Qt::SkipEmptyParts);
    for (const QString &step : tokens) {
        if (step == u"ok")
            rig.succeed();
        else if (step == u"500")
            rig.fail(ApiError::Kind::Server, 500);
        else if (step == u"400")
            rig.fail(ApiError::Kind::BadRequest, 400);
        else if (step == u"401")
            rig.fail(ApiError::Kind::Authentication, 401);
        else if (step == u"403")
            rig.fail(ApiError::Kind::Permission, 403);
        else if (step == u"429")
            rig.fail(ApiError::Kind::RateLimited, 429);
        else if (step == u"quota")
            rig.fail(ApiError::Kind::QuotaExceeded, 429);
        else if (step == u"tls")
            rig.fail(ApiError::Kind::Tls);
        else if (step == u"retry")
            rig.monitor.setRetryDue(endpoint, rig.clock.now + 4s);
        else if (step == u"pause")
            rig.indicator.pauseAction()->trigger();
        else if (step == u"probe")
            QVERIFY(rig.breaker()->tryAcquire()); // the probe goes
        else if (step == u"cool") {
            rig.clock.now += 31s;
            rig.breaker()->refresh();
        } else
            QFAIL(qPrintable(step));
    }
    QCOMPARE(rig.indicator.stateText(), text);
    QCOMPARE(rig.indicator.text(), text);
    QVERIFY(rig.indicator.accessibleDescription().startsWith(text));
    QCOMPARE(rig.indicator.toolTip(), rig.indicator.accessibleDescription());
    const QImage expected = QIcon(u":/icons/"_s + icon + u".svg"_s).pixmap(16, 16).toImage();
    QCOMPARE(iconImage(rig.indicator), expected);
}

void TestStatusIndicator::neverConnectedWhileFailing()
{
    // What the issue saw: "Connected" through four 500s, a minute of "Cannot reach", a 401.
    Rig rig(5);
    rig.succeed();
    QCOMPARE(rig.indicator.stateText(), u"Connected"_s);
    for (int i = 1; i <= 4; ++i) {
        rig.fail(ApiError::Kind::Server, 500);
        QCOMPARE(rig.indicator.stateText(), u"Trouble — %1 of 5 failures"_s.arg(i));
    }
    rig.succeed();
    rig.fail(ApiError::Kind::Connection);
    QVERIFY(rig.indicator.stateText() != u"Connected"_s);
    rig.succeed();
    rig.fail(ApiError::Kind::Authentication, 401);
    QVERIFY(rig.indicator.stateText() != u"Connected"_s);
}

void TestStatusIndicator::countdownsMove()
{
    Rig rig(3, 30s);
    QVERIFY(!rig.indicator.isCountingDown());
    for (int i = 0; i < 3; ++i)
        rig.fail(ApiError::Kind::Server, 500);
    QVERIFY(rig.indicator.isCountingDown());
    QCOMPARE(rig.indicator.stateText(), u"Paused — next probe in 30 s"_s);
    // The clock moves; the display timer re-renders the seconds from the health's time.
    rig.clock.now += 7200ms;
    QTRY_COMPARE_WITH_TIMEOUT(rig.indicator.stateText(), u"Paused — next probe in 23 s"_s, 10000);
    QVERIFY(rig.indicator.toolTip().startsWith(u"Paused — next probe in 23 s"_s));
    rig.clock.now += 22'900ms;
    QTRY_COMPARE_WITH_TIMEOUT(rig.indicator.stateText(), u"Paused — probing shortly"_s, 10000);
    rig.breaker()->refresh();
    QCOMPARE(rig.indicator.stateText(), u"Paused — the next request is the probe"_s);
    QVERIFY(!rig.indicator.isCountingDown());
    QVERIFY(rig.breaker()->tryAcquire()); // the probe goes: now it is under way
    QCOMPARE(rig.indicator.stateText(), u"Probing"_s);
    rig.breaker()->releaseProbe(); // cancelled: nothing under way again
    QCOMPARE(rig.indicator.stateText(), u"Paused — the next request is the probe"_s);

    rig.succeed();
    rig.fail(ApiError::Kind::RateLimited, 429);
    rig.monitor.setRetryDue(endpoint, rig.clock.now + 4s);
    QVERIFY(rig.indicator.isCountingDown());
    rig.clock.now += 2500ms;
    QTRY_COMPARE_WITH_TIMEOUT(rig.indicator.stateText(),
                              u"Trouble — rate limited, retrying in 2 s"_s, 10000);
    QVERIFY(rig.indicator.toolTip().contains(u"Next retry in 2 s"_s));
    rig.monitor.setRetryDue(endpoint, std::nullopt);
    QVERIFY(!rig.indicator.isCountingDown());
    rig.breaker()->pause();
    QVERIFY(!rig.indicator.isCountingDown()); // paused: no probe comes by itself
}

void TestStatusIndicator::pauseResumeAndReset()
{
    Rig rig(5);
    StatusIndicator &indicator = rig.indicator;
    rig.succeed();
    QCOMPARE(indicator.pauseAction()->text(), u"Pause this server"_s);
    QVERIFY(!indicator.resetAction()->isEnabled()); // nothing to reset yet

    indicator.pauseAction()->trigger();
    QVERIFY(rig.breaker()->isPaused());
    QCOMPARE(indicator.stateText(), u"Paused by you"_s);
    QCOMPARE(indicator.pauseAction()->text(), u"Resume"_s);
    QVERIFY(indicator.resetAction()->isEnabled());
    rig.clock.now += 1h; // no countdown while paused by hand
    rig.breaker()->refresh();
    QCOMPARE(indicator.stateText(), u"Paused by you"_s);

    indicator.pauseAction()->trigger(); // Resume: the next attempt is a probe
    QVERIFY(!rig.breaker()->isPaused());
    QCOMPARE(indicator.stateText(), u"Paused — the next request is the probe"_s);
    QCOMPARE(indicator.pauseAction()->text(), u"Pause this server"_s);

    rig.fail(ApiError::Kind::Server, 503); // a failed probe opens it again
    QVERIFY(indicator.stateText().startsWith(u"Paused — next probe in"_s));
    QCOMPARE(indicator.resetAction()->text(), u"Reset the circuit breaker"_s);
    indicator.resetAction()->trigger();
    QCOMPARE(rig.breaker()->state(), State::Closed);
    QCOMPARE(rig.breaker()->consecutiveFailures(), 0);
    // Reset forgets the count, not the fact that the last attempt failed.
    QCOMPARE(indicator.stateText(), u"Trouble — the last request failed"_s);
    rig.succeed();
    QCOMPARE(indicator.stateText(), u"Connected"_s);
    QVERIFY(!indicator.resetAction()->isEnabled());
}

void TestStatusIndicator::tooltipHasLiveNumbers()
{
    Rig rig(5);
    rig.fail(ApiError::Kind::Connection);
    rig.fail(ApiError::Kind::Connection);
    rig.monitor.setRetryDue(endpoint, rig.clock.now + 8s);
    QCOMPARE(rig.indicator.toolTip().split(u'\n'),
             QStringList({u"Trouble — 2 of 5 failures, retrying in 8 s"_s,
                          u"Consecutive failures: 2 of 5"_s,
                          u"Last attempt failed: Cannot reach 127.0.0.1:8080"_s,
                          u"Next retry in 8 s"_s,
                          u"Server: "_s + BreakerRegistry::endpointKey(endpoint)}));
    rig.clock.now += 3s;
    QTRY_VERIFY_WITH_TIMEOUT(rig.indicator.toolTip().contains(u"Next retry in 5 s"_s), 10000);
    QCOMPARE(rig.indicator.accessibleDescription(), rig.indicator.toolTip());

    rig.monitor.setRetryDue(endpoint, std::nullopt);
    rig.succeed();
    QCOMPARE(rig.indicator.toolTip().split(u'\n'),
             QStringList({u"Connected"_s, u"Consecutive failures: 0 of 5"_s,
                          u"Last attempt: succeeded"_s,
                          u"Earlier error: Cannot reach 127.0.0.1:8080"_s,
                          u"Server: "_s + BreakerRegistry::endpointKey(endpoint)}));

    // The menu says the count too, for those who never see a tooltip.
    rig.fail(ApiError::Kind::Server, 500);
    const QList<QAction *> actions = rig.indicator.menu()->actions();
    QVERIFY(std::any_of(actions.begin(), actions.end(), [](QAction *action) {
        return action->text() == u"Consecutive failures: 1 of 5"_s && !action->isEnabled();
    }));
}

void TestStatusIndicator::switchingEndpointsShowsTheOther()
{
    Rig rig(2);
    rig.fail(ApiError::Kind::Server, 503);
    QVERIFY(rig.indicator.stateText().startsWith(u"Trouble"_s));

    const QUrl other(u"http://127.0.0.1:9090/v1"_s);
    rig.indicator.setEndpoint(other);
    QCOMPARE(rig.indicator.stateText(), u"Not contacted yet"_s); // nothing went there yet
    QVERIFY(!rig.indicator.toolTip().contains(u"failed"_s));     // it was the other server's
    QVERIFY(rig.indicator.toolTip().contains(BreakerRegistry::endpointKey(other)));

    rig.fail(ApiError::Kind::Server, 503); // the old one opens: not shown any more
    QCOMPARE(rig.registry.breakerFor(endpoint)->state(), State::Open);
    QCOMPARE(rig.indicator.stateText(), u"Not contacted yet"_s);

    rig.indicator.pauseAction()->trigger(); // acts on the new one
    QVERIFY(rig.registry.breakerFor(other)->isPaused());
    QCOMPARE(rig.indicator.stateText(), u"Paused by you"_s);
    QVERIFY(!rig.registry.breakerFor(endpoint)->isPaused());
}

void TestStatusIndicator::announcesStateChangesOnly()
{
    FakeClock clock;
    BreakerRegistry registry(options(2, 30s), clock.function());
    HealthMonitor monitor(&registry, clock.function());
    StatusIndicator indicator(&monitor, &registry);
    indicator.setClock(clock.function());
    QSignalSpy announced(&indicator, &StatusIndicator::announced);
    indicator.setEndpoint(endpoint);
    QCOMPARE(announced.size(), 1);
    monitor.recordSuccess(endpoint);
    QCOMPARE(announced.size(), 2);
    ApiError error;
    error.kind = ApiError::Kind::Server;
    registry.breakerFor(endpoint)->recordFailure();
    monitor.recordFailure(endpoint, error); // Trouble
    QCOMPARE(announced.size(), 3);
    registry.breakerFor(endpoint)->recordFailure(); // Open
    QCOMPARE(announced.size(), 4);
    QVERIFY(announced.at(3).at(0).toString().startsWith(u"Paused — next probe in 30 s"_s));
    clock.now += 5s; // the countdown moves, screen readers are not told every second
    QTRY_COMPARE_WITH_TIMEOUT(indicator.stateText(), u"Paused — next probe in 25 s"_s, 10000);
    QCOMPARE(announced.size(), 4);
    registry.breakerFor(endpoint)->pause();
    QCOMPARE(announced.size(), 5);
    QVERIFY(announced.at(4).at(0).toString().startsWith(u"Paused by you"_s));
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
    HealthMonitor monitor(&registry, clock.function());
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *indicator = new StatusIndicator(&monitor, &registry, &window);
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
    QTRY_VERIFY(registry.breakerFor(endpoint)->isPaused());
}

void TestStatusIndicator::screenshots()
{
    FakeClock clock;
    BreakerRegistry registry(options(3, 30s), clock.function());
    HealthMonitor monitor(&registry, clock.function());
    QStatusBar bar;
    auto *indicator = new StatusIndicator(&monitor, &registry, &bar);
    indicator->setClock(clock.function());
    bar.addPermanentWidget(indicator);
    bar.resize(480, bar.sizeHint().height());
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    indicator->setEndpoint(endpoint);
    screenshot(&bar, u"status-not-contacted"_s);
    monitor.recordSuccess(endpoint);
    screenshot(&bar, u"status-connected"_s);
    ApiError error;
    error.kind = ApiError::Kind::Server;
    for (int i = 0; i < 2; ++i) {
        registry.breakerFor(endpoint)->recordFailure();
        monitor.recordFailure(endpoint, error);
    }
    monitor.setRetryDue(endpoint, clock.now + 4s);
    screenshot(&bar, u"status-trouble"_s);
    monitor.setRetryDue(endpoint, std::nullopt);
    registry.breakerFor(endpoint)->recordFailure();
    clock.now += 7s;
    QTRY_COMPARE_WITH_TIMEOUT(indicator->stateText(), u"Paused — next probe in 23 s"_s, 10000);
    screenshot(&bar, u"status-open"_s);
    clock.now += 30s;
    registry.breakerFor(endpoint)->refresh();
    screenshot(&bar, u"status-probing"_s);
    registry.breakerFor(endpoint)->pause();
    screenshot(&bar, u"status-paused"_s);
    registry.breakerFor(endpoint)->reset();
    error.kind = ApiError::Kind::Authentication;
    monitor.recordFailure(endpoint, error);
    screenshot(&bar, u"status-attention"_s);
    monitor.setOffline(true);
    screenshot(&bar, u"status-offline-loopback-stays"_s);
}

QTEST_MAIN(TestStatusIndicator)
#include "TestStatusIndicator.moc"
