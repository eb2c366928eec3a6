// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/resilience/BreakerRegistry.h"
#include "core/resilience/CircuitBreaker.h"

#include <QSignalSpy>
#include <QStringList>
#include <QTest>
#include <QUrl>

#include <chrono>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using steadfast::BreakerRegistry;
using steadfast::CircuitBreaker;
using State = steadfast::CircuitBreaker::State;

namespace {

/// A clock the test moves by hand; declare it before the breakers that read it.
struct FakeClock
{
    steady_clock::time_point now{steady_clock::time_point{} + 1000h};

    CircuitBreaker::Clock function()
    {
        return [this] { return now; };
    }
};

/// Records both signals as text: "Open 5/5 30000" (state failures/threshold msUntilProbe)
/// and "3/5" (failures/threshold).
struct Recorder
{
    QStringList states;
    QStringList failures;

    void attach(CircuitBreaker *breaker, QObject *context)
    {
        QObject::connect(breaker, &CircuitBreaker::stateChanged, context,
                         [this](State state, int count, int threshold, qint64 ms) {
                             states.append(u"%1 %2/%3 %4"_s.arg(CircuitBreaker::stateName(state))
                                                   .arg(count)
                                                   .arg(threshold)
                                                   .arg(ms));
                         });
        QObject::connect(breaker, &CircuitBreaker::failuresChanged, context,
                         [this](int count, int threshold) {
                             failures.append(u"%1/%2"_s.arg(count).arg(threshold));
                         });
    }
};

} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void sequences_data();
    void sequences();
    void sanitisesOptions();
    void setOptionsThreshold();
    void setOptionsCooldown_data();
    void setOptionsCooldown();
    void timeUntilProbeRoundsUp();
    void probeDueAt();
    void stateNames();
    void timerOpensProbeWindow();
    void timerWaitsForSlowClock();
    void timerStopsOnReset();

    void endpointKey_data();
    void endpointKey();
    void sameBreaker_data();
    void sameBreaker();
    void registryOptionsAndClock();
};

void TestCircuitBreaker::defaults()
{
    const CircuitBreaker breaker(u"http://h:80/v1"_s);
    QCOMPARE(breaker.endpoint(), u"http://h:80/v1"_s);
    QCOMPARE(breaker.state(), State::Closed);
    QCOMPARE(breaker.threshold(), 5);
    QCOMPARE(breaker.options().cooldown, 30000ms);
    QCOMPARE(breaker.consecutiveFailures(), 0);
    QCOMPARE(breaker.isPaused(), false);
    QCOMPARE(breaker.isProbeInFlight(), false);
    QCOMPARE(breaker.timeUntilProbe(), 0ms);
}

// Each row is a script of events run against a breaker on a fake clock:
//   fail / ok           recordFailure() / recordSuccess()   ("fail*4" repeats)
//   acquire             tryAcquire(), its answer appended to `acquired` as Y or N
//   release pause resume reset refresh   the methods of those names
//   +N                  the clock moves N ms
void TestCircuitBreaker::sequences_data()
{
    QTest::addColumn<int>("threshold");
    QTest::addColumn<int>("cooldownMs");
    QTest::addColumn<QString>("events");
    QTest::addColumn<QString>("acquired");
    QTest::addColumn<State>("state");
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("msUntilProbe");
    QTest::addColumn<QStringList>("stateSignals");
    QTest::addColumn<QStringList>("failureSignals");

    const QStringList none;
    const QStringList oneToFour{u"1/5"_s, u"2/5"_s, u"3/5"_s, u"4/5"_s};
    const QString opened = u"Open 5/5 30000"_s;
    const QString probing = u"HalfOpen 5/5 0"_s;

    QTest::newRow("fail x4 stays closed") << 5 << 30000 << u"fail*4 acquire"_s << u"Y"_s
                                          << State::Closed << 4 << 0LL << none << oneToFour;
    QTest::newRow("fail x5 opens") << 5 << 30000 << u"fail*5 acquire"_s << u"N"_s << State::Open
                                   << 5 << 30000LL << QStringList{opened} << oneToFour;
    QTest::newRow("success resets count")
            << 5 << 30000 << u"fail*3 ok fail acquire"_s << u"Y"_s << State::Closed << 1 << 0LL
            << none << QStringList{u"1/5"_s, u"2/5"_s, u"3/5"_s, u"0/5"_s, u"1/5"_s};
    QTest::newRow("success resets before the threshold")
            << 5 << 30000 << u"fail*4 ok fail*4 acquire"_s << u"Y"_s << State::Closed << 4 << 0LL
            << none << oneToFour + QStringList{u"0/5"_s} + oneToFour;
    QTest::newRow("success with no failures is silent")
            << 5 << 30000 << u"ok ok acquire"_s << u"Y"_s << State::Closed << 0 << 0LL << none
            << none;
    QTest::newRow("open rejects before cooldown")
            << 5 << 30000 << u"fail*5 +29999 acquire acquire"_s << u"NN"_s << State::Open << 5
            << 1LL << QStringList{opened} << oneToFour;
    QTest::newRow("countdown") << 5 << 30000 << u"fail*5 +12345"_s << QString() << State::Open << 5
                               << 17655LL << QStringList{opened} << oneToFour;
    QTest::newRow("cooldown -> half-open, one probe only")
            << 5 << 30000 << u"fail*5 +30000 acquire acquire acquire"_s << u"YNN"_s
            << State::HalfOpen << 5 << 0LL << QStringList{opened, probing} << oneToFour;
    QTest::newRow("refresh flips without taking the probe")
            << 5 << 30000 << u"fail*5 +30000 refresh acquire acquire"_s << u"YN"_s
            << State::HalfOpen << 5 << 0LL << QStringList{opened, probing} << oneToFour;
    QTest::newRow("refresh before cooldown does nothing")
            << 5 << 30000 << u"fail*5 +100 refresh"_s << QString() << State::Open << 5 << 29900LL
            << QStringList{opened} << oneToFour;
    QTest::newRow("probe success closes")
            << 5 << 30000 << u"fail*5 +30000 acquire ok acquire acquire"_s << u"YYY"_s
            << State::Closed << 0 << 0LL << QStringList{opened, probing, u"Closed 0/5 0"_s}
            << oneToFour;
    QTest::newRow("probe failure reopens with fresh cooldown")
            << 5 << 30000 << u"fail*5 +30000 acquire +5000 fail +29999 acquire"_s << u"YN"_s
            << State::Open << 6 << 1LL << QStringList{opened, probing, u"Open 6/5 30000"_s}
            << oneToFour;
    QTest::newRow("second cooldown, second probe")
            << 5 << 30000 << u"fail*5 +30000 acquire fail +30000 acquire acquire ok"_s << u"YYN"_s
            << State::Closed << 0 << 0LL
            << QStringList{opened, probing, u"Open 6/5 30000"_s, u"HalfOpen 6/5 0"_s,
                           u"Closed 0/5 0"_s}
            << oneToFour;
    QTest::newRow("release probe lets another probe")
            << 5 << 30000 << u"fail*5 +30000 acquire acquire release acquire acquire"_s << u"YNYN"_s
            << State::HalfOpen << 5 << 0LL << QStringList{opened, probing} << oneToFour;
    QTest::newRow("release without a probe is harmless")
            << 5 << 30000 << u"release fail release acquire acquire"_s << u"YY"_s << State::Closed
            << 1 << 0LL << none << QStringList{u"1/5"_s};
    QTest::newRow("late results while open change nothing")
            << 5 << 30000 << u"fail*5 +10000 ok fail +19999 acquire +1 acquire"_s << u"NY"_s
            << State::HalfOpen << 5 << 0LL << QStringList{opened, probing} << oneToFour;
    QTest::newRow("result after cooldown counts without acquire")
            << 5 << 30000 << u"fail*5 +30000 ok"_s << QString() << State::Closed << 0 << 0LL
            << QStringList{opened, probing, u"Closed 0/5 0"_s} << oneToFour;
    QTest::newRow("half-open result without the probe counts")
            << 5 << 30000 << u"fail*5 +30000 refresh fail"_s << QString() << State::Open << 6
            << 30000LL << QStringList{opened, probing, u"Open 6/5 30000"_s} << oneToFour;
    QTest::newRow("pause blocks even after cooldown")
            << 5 << 30000 << u"fail*5 pause +60000 refresh acquire"_s << u"N"_s << State::Open << 5
            << -1LL << QStringList{opened, u"Open 5/5 -1"_s} << oneToFour;
    QTest::newRow("pause from closed")
            << 5 << 30000 << u"fail*2 pause acquire"_s << u"N"_s << State::Open << 2 << -1LL
            << QStringList{u"Open 2/5 -1"_s} << QStringList{u"1/5"_s, u"2/5"_s};
    QTest::newRow("pause during the probe")
            << 5 << 30000 << u"fail*5 +30000 acquire pause ok"_s << u"Y"_s << State::Open << 5
            << -1LL << QStringList{opened, probing, u"Open 5/5 -1"_s} << oneToFour;
    QTest::newRow("pause ignores results")
            << 5 << 30000 << u"pause fail ok fail +40000 acquire"_s << u"N"_s << State::Open << 0
            << -1LL << QStringList{u"Open 0/5 -1"_s} << none;
    QTest::newRow("pause twice announces once")
            << 5 << 30000 << u"pause pause"_s << QString() << State::Open << 0 << -1LL
            << QStringList{u"Open 0/5 -1"_s} << none;
    QTest::newRow("resume makes the next attempt a probe")
            << 5 << 30000 << u"pause resume acquire acquire ok acquire"_s << u"YNY"_s
            << State::Closed << 0 << 0LL
            << QStringList{u"Open 0/5 -1"_s, u"HalfOpen 0/5 0"_s, u"Closed 0/5 0"_s} << none;
    QTest::newRow("resume then failed probe reopens")
            << 5 << 30000 << u"fail*5 pause resume acquire fail"_s << u"Y"_s << State::Open << 6
            << 30000LL
            << QStringList{opened, u"Open 5/5 -1"_s, u"HalfOpen 5/5 0"_s, u"Open 6/5 30000"_s}
            << oneToFour;
    QTest::newRow("resume when not paused does nothing")
            << 5 << 30000 << u"fail*5 resume acquire"_s << u"N"_s << State::Open << 5 << 30000LL
            << QStringList{opened} << oneToFour;
    QTest::newRow("reset closes") << 5 << 30000 << u"fail*5 reset acquire"_s << u"Y"_s
                                  << State::Closed << 0 << 0LL
                                  << QStringList{opened, u"Closed 0/5 0"_s} << oneToFour;
    QTest::newRow("reset un-pauses")
            << 5 << 30000 << u"fail pause reset acquire"_s << u"Y"_s << State::Closed << 0 << 0LL
            << QStringList{u"Open 1/5 -1"_s, u"Closed 0/5 0"_s} << QStringList{u"1/5"_s};
    QTest::newRow("reset clears count when closed")
            << 5 << 30000 << u"fail*2 reset reset"_s << QString() << State::Closed << 0 << 0LL
            << none << QStringList{u"1/5"_s, u"2/5"_s, u"0/5"_s};
    QTest::newRow("reset during the probe")
            << 5 << 30000 << u"fail*5 +30000 acquire reset acquire acquire"_s << u"YYY"_s
            << State::Closed << 0 << 0LL << QStringList{opened, probing, u"Closed 0/5 0"_s}
            << oneToFour;
    QTest::newRow("threshold 1") << 1 << 1000 << u"fail acquire +1000 acquire fail"_s << u"NY"_s
                                 << State::Open << 2 << 1000LL
                                 << QStringList{u"Open 1/1 1000"_s, u"HalfOpen 1/1 0"_s,
                                                u"Open 2/1 1000"_s}
                                 << none;
    QTest::newRow("cooldown 0") << 2 << 0 << u"fail fail acquire acquire"_s << u"YN"_s
                                << State::HalfOpen << 2 << 0LL
                                << QStringList{u"Open 2/2 0"_s, u"HalfOpen 2/2 0"_s}
                                << QStringList{u"1/2"_s};
}

void TestCircuitBreaker::sequences()
{
    QFETCH(int, threshold);
    QFETCH(int, cooldownMs);
    QFETCH(QString, events);
    QFETCH(QString, acquired);
    QFETCH(State, state);
    QFETCH(int, failures);
    QFETCH(qint64, msUntilProbe);
    QFETCH(QStringList, stateSignals);
    QFETCH(QStringList, failureSignals);

    FakeClock clock;
    CircuitBreaker breaker(u"test"_s,
                           {.threshold = threshold, .cooldown = milliseconds{cooldownMs}},
                           clock.function());
    Recorder recorder;
    recorder.attach(&breaker, this);
    QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
    QVERIFY(spy.isValid());

    QString actualAcquired;
    for (const QString &token : events.split(u' ', Qt::SkipEmptyParts)) {
        if (token.startsWith(u'+')) {
            bool ok = false;
            clock.now += milliseconds{token.mid(1).toLongLong(&ok)};
            QVERIFY2(ok, qPrintable(token));
            continue;
        }
        const QStringList parts = token.split(u'*');
        const int times = parts.size() > 1 ? parts.at(1).toInt() : 1;
        QVERIFY2(times > 0, qPrintable(token));
        const QString event = parts.at(0);
        for (int i = 0; i < times; ++i) {
            if (event == u"fail"_s)
                breaker.recordFailure();
            else if (event == u"ok"_s)
                breaker.recordSuccess();
            else if (event == u"acquire"_s)
                actualAcquired.append(breaker.tryAcquire() ? u'Y' : u'N');
            else if (event == u"release"_s)
                breaker.releaseProbe();
            else if (event == u"pause"_s)
                breaker.pause();
            else if (event == u"resume"_s)
                breaker.resume();
            else if (event == u"reset"_s)
                breaker.reset();
            else if (event == u"refresh"_s)
                breaker.refresh();
            else
                QFAIL(qPrintable(u"unknown event "_s + token));
        }
    }

    QCOMPARE(actualAcquired, acquired);
    QCOMPARE(breaker.state(), state);
    QCOMPARE(breaker.consecutiveFailures(), failures);
    QCOMPARE(breaker.threshold(), threshold);
    QCOMPARE(breaker.timeUntilProbe().count(), msUntilProbe);
    QCOMPARE(breaker.isPaused(), msUntilProbe < 0);
    QCOMPARE(recorder.states, stateSignals);
    QCOMPARE(recorder.failures, failureSignals);
    // The typed signal arguments agree with the text (and the metatype works for spies).
    QCOMPARE(spy.count(), stateSignals.size());
    if (!spy.isEmpty())
        QCOMPARE(spy.last().at(0).value<State>(), state);
}

void TestCircuitBreaker::sanitisesOptions()
{
    FakeClock clock;
    CircuitBreaker breaker(u"test"_s, {.threshold = 0, .cooldown = -5ms}, clock.function());
    QCOMPARE(breaker.threshold(), 1);
    QCOMPARE(breaker.options().cooldown, 0ms);
    breaker.recordFailure();
    QCOMPARE(breaker.state(), State::Open);
    QCOMPARE(breaker.timeUntilProbe(), 0ms);
    QVERIFY(breaker.tryAcquire());
    QCOMPARE(breaker.state(), State::HalfOpen);

    breaker.setOptions({.threshold = -3, .cooldown = 10ms});
    QCOMPARE(breaker.threshold(), 1);
    QCOMPARE(breaker.options().cooldown, 10ms);
}

void TestCircuitBreaker::setOptionsThreshold()
{
    FakeClock clock;
    CircuitBreaker breaker(u"test"_s, {.threshold = 5, .cooldown = 1000ms}, clock.function());
    Recorder recorder;
    recorder.attach(&breaker, this);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.setOptions({.threshold = 3, .cooldown = 1000ms});
    breaker.setOptions({.threshold = 3, .cooldown = 1000ms}); // unchanged: silent
    QCOMPARE(breaker.state(), State::Closed);
    breaker.recordFailure();
    QCOMPARE(breaker.state(), State::Open);
    QCOMPARE(recorder.failures, (QStringList{u"1/5"_s, u"2/5"_s, u"2/3"_s}));
    QCOMPARE(recorder.states, QStringList{u"Open 3/3 1000"_s});
}

void TestCircuitBreaker::setOptionsCooldown_data()
{
    QTest::addColumn<int>("elapsedMs");
    QTest::addColumn<int>("newCooldownMs");
    QTest::addColumn<State>("state");
    QTest::addColumn<qint64>("msUntilProbe");
    QTest::addColumn<QString>("lastSignal");

    QTest::newRow("longer") << 10000 << 60000 << State::Open << 50000LL << u"Open 5/5 50000"_s;
    QTest::newRow("shorter") << 10000 << 15000 << State::Open << 5000LL << u"Open 5/5 5000"_s;
    QTest::newRow("already over") << 10000 << 8000 << State::HalfOpen << 0LL << u"HalfOpen 5/5 0"_s;
    QTest::newRow("exactly over") << 10000 << 10000 << State::HalfOpen << 0LL
                                  << u"HalfOpen 5/5 0"_s;
}

void TestCircuitBreaker::setOptionsCooldown()
{
    QFETCH(int, elapsedMs);
    QFETCH(int, newCooldownMs);
    QFETCH(State, state);
    QFETCH(qint64, msUntilProbe);
    QFETCH(QString, lastSignal);

    FakeClock clock;
    CircuitBreaker breaker(u"test"_s, {.threshold = 5, .cooldown = 30000ms}, clock.function());
    Recorder recorder;
    recorder.attach(&breaker, this);
    for (int i = 0; i < 5; ++i)
        breaker.recordFailure();
    clock.now += milliseconds{elapsedMs};
    breaker.setOptions({.threshold = 5, .cooldown = milliseconds{newCooldownMs}});

    QCOMPARE(breaker.state(), state);
    QCOMPARE(breaker.timeUntilProbe().count(), msUntilProbe);
    QCOMPARE(recorder.states, (QStringList{u"Open 5/5 30000"_s, lastSignal}));
    QCOMPARE(recorder.failures.size(), 4); // 1/5 … 4/5, nothing from setOptions()
}

void TestCircuitBreaker::timeUntilProbeRoundsUp()
{
    FakeClock clock;
    CircuitBreaker breaker(u"test"_s, {.threshold = 1, .cooldown = 1000ms}, clock.function());
    breaker.recordFailure();
    clock.now += 999500us;
    QCOMPARE(breaker.timeUntilProbe(), 1ms);
    QVERIFY(!breaker.tryAcquire());
    clock.now += 499us;
    QCOMPARE(breaker.timeUntilProbe(), 1ms);
    QVERIFY(!breaker.tryAcquire());
    clock.now += 1us;
    QCOMPARE(breaker.timeUntilProbe(), 0ms);
    QVERIFY(breaker.tryAcquire());
}

void TestCircuitBreaker::probeDueAt()
{
    FakeClock clock;
    CircuitBreaker breaker(u"test"_s, {.threshold = 1, .cooldown = 2000ms}, clock.function());
    QCOMPARE(breaker.probeDueAt(), clock.now); // closed: now
    const steady_clock::time_point openedAt = clock.now;
    breaker.recordFailure();
    clock.now += 500ms;
    QCOMPARE(breaker.probeDueAt(), openedAt + 2000ms);
    breaker.pause();
    QCOMPARE(breaker.probeDueAt(), steady_clock::time_point::max());
    breaker.resume();
    QCOMPARE(breaker.state(), State::HalfOpen);
    QCOMPARE(breaker.probeDueAt(), clock.now);
}

void TestCircuitBreaker::stateNames()
{
    QCOMPARE(CircuitBreaker::stateName(State::Closed), u"Closed"_s);
    QCOMPARE(CircuitBreaker::stateName(State::Open), u"Open"_s);
    QCOMPARE(CircuitBreaker::stateName(State::HalfOpen), u"HalfOpen"_s);
}

// The real clock and the member timer: Open turns HalfOpen by itself, without anyone calling
// tryAcquire() or refresh(), and not before the cooldown is over.
void TestCircuitBreaker::timerOpensProbeWindow()
{
    CircuitBreaker breaker(u"real"_s, {.threshold = 1, .cooldown = 50ms});
    QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
    const steady_clock::time_point start = steady_clock::now();
    breaker.recordFailure();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<State>(), State::Open);

    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.count(), 2);
    QVERIFY(steady_clock::now() - start >= 50ms);
    QCOMPARE(spy.at(1).at(0).value<State>(), State::HalfOpen);
    QCOMPARE(spy.at(1).at(3).toLongLong(), 0LL);
    QCOMPARE(breaker.state(), State::HalfOpen);
    QVERIFY(breaker.tryAcquire());
}

// A clock running at half the timer's speed: the timer wakes before the clock agrees that the
// cooldown is over and must wait for the rest instead of giving up.
void TestCircuitBreaker::timerWaitsForSlowClock()
{
    const steady_clock::time_point origin = steady_clock::now();
    const auto slowClock = [origin] { return origin + (steady_clock::now() - origin) / 2; };
    CircuitBreaker breaker(u"slow"_s, {.threshold = 1, .cooldown = 20ms}, slowClock);
    QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
    breaker.recordFailure();
    QCOMPARE(breaker.state(), State::Open);

    QTRY_COMPARE_WITH_TIMEOUT(breaker.state(), State::HalfOpen, 5000);
    QVERIFY(steady_clock::now() - origin >= 40ms);
    QCOMPARE(spy.count(), 2);
}

void TestCircuitBreaker::timerStopsOnReset()
{
    CircuitBreaker breaker(u"real"_s, {.threshold = 1, .cooldown = 30ms});
    QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
    breaker.recordFailure();
    breaker.reset();
    QCOMPARE(spy.count(), 2);
    // Opening again arms a fresh timer that flips on its own; pause() then stops it.
    breaker.recordFailure();
    QTRY_COMPARE_WITH_TIMEOUT(breaker.state(), State::HalfOpen, 5000);
    QCOMPARE(spy.count(), 4);
    breaker.pause();
    QCOMPARE(spy.count(), 5);
    QCOMPARE(breaker.timeUntilProbe(), -1ms);
}

void TestCircuitBreaker::endpointKey_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");

    QTest::newRow("explicit default port, trailing slash")
            << u"http://H:80/v1/"_s << u"http://h:80/v1"_s;
    QTest::newRow("implicit http port") << u"http://h/v1"_s << u"http://h:80/v1"_s;
    QTest::newRow("implicit https port")
            << u"HTTPS://Api.OpenAI.com/v1"_s << u"https://api.openai.com:443/v1"_s;
    QTest::newRow("explicit https port")
            << u"https://api.openai.com:443/v1/"_s << u"https://api.openai.com:443/v1"_s;
    QTest::newRow("ollama") << u"http://127.0.0.1:11434/v1"_s << u"http://127.0.0.1:11434/v1"_s;
    QTest::newRow("no path") << u"http://localhost:8080"_s << u"http://localhost:8080"_s;
    QTest::newRow("root path") << u"http://localhost:8080/"_s << u"http://localhost:8080"_s;
    QTest::newRow("several trailing slashes") << u"http://h/v1///"_s << u"http://h:80/v1"_s;
    QTest::newRow("dot segments") << u"http://h/api/../v1/./"_s << u"http://h:80/v1"_s;
    QTest::newRow("path case kept") << u"http://h/V1"_s << u"http://h:80/V1"_s;
    QTest::newRow("credentials, query and fragment dropped")
            << u"http://user:secret@h/v1?key=abc#top"_s << u"http://h:80/v1"_s;
    QTest::newRow("ipv6") << u"http://[::1]:8000/v1"_s << u"http://[::1]:8000/v1"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestCircuitBreaker::endpointKey()
{
    QFETCH(QString, url);
    QFETCH(QString, key);
    QCOMPARE(BreakerRegistry::endpointKey(QUrl(url)), key);
}

void TestCircuitBreaker::sameBreaker_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<bool>("same");

    QTest::newRow("case, default port, slash") << u"http://H:80/v1/"_s << u"http://h/v1"_s << true;
    QTest::newRow("https default port")
            << u"https://example.com/v1"_s << u"https://EXAMPLE.com:443/v1/"_s << true;
    QTest::newRow("different ports") << u"http://h:8080/v1"_s << u"http://h:8081/v1"_s << false;
    QTest::newRow("http vs https") << u"http://h/v1"_s << u"https://h/v1"_s << false;
    QTest::newRow("http on 443 vs https") << u"http://h:443/v1"_s << u"https://h/v1"_s << false;
    QTest::newRow("different paths") << u"http://h/v1"_s << u"http://h/v2"_s << false;
    QTest::newRow("path prefix") << u"http://h/v1"_s << u"http://h/v1/openai"_s << false;
    QTest::newRow("different hosts") << u"http://a/v1"_s << u"http://b/v1"_s << false;
    QTest::newRow("credentials do not matter") << u"http://u:p@h/v1"_s << u"http://h/v1"_s << true;
}

void TestCircuitBreaker::sameBreaker()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(bool, same);

    BreakerRegistry registry;
    QSignalSpy created(&registry, &BreakerRegistry::breakerCreated);
    CircuitBreaker *a = registry.breakerFor(QUrl(first));
    CircuitBreaker *b = registry.breakerFor(QUrl(second));
    QVERIFY(a);
    QVERIFY(b);
    QCOMPARE(a == b, same);
    QCOMPARE(created.count(), same ? 1 : 2);
    QCOMPARE(created.at(0).at(0).value<CircuitBreaker *>(), a);
    QCOMPARE(registry.breakers().size(), same ? 1 : 2);
    QCOMPARE(registry.breakers().first(), a);
    QCOMPARE(registry.breakers().last(), b);
    QCOMPARE(a->parent(), &registry);
    QCOMPARE(b->parent(), &registry);
    QCOMPARE(a->endpoint(), BreakerRegistry::endpointKey(QUrl(first)));
    // Asking again never creates another one.
    QCOMPARE(registry.breakerFor(QUrl(first)), a);
    QCOMPARE(created.count(), same ? 1 : 2);
}

void TestCircuitBreaker::registryOptionsAndClock()
{
    FakeClock clock;
    BreakerRegistry registry({.threshold = 2, .cooldown = 1000ms}, clock.function());
    CircuitBreaker *first = registry.breakerFor(QUrl(u"http://a/v1"_s));
    QCOMPARE(first->threshold(), 2);

    // The registry's clock drives its breakers.
    first->recordFailure();
    first->recordFailure();
    QCOMPARE(first->state(), State::Open);
    clock.now += 400ms;
    QCOMPARE(first->timeUntilProbe(), 600ms);

    // New options reach existing breakers (the open one's cooldown moves) and future ones.
    QSignalSpy firstChanged(first, &CircuitBreaker::stateChanged);
    registry.setOptions({.threshold = 3, .cooldown = 5000ms});
    QCOMPARE(registry.options().threshold, 3);
    QCOMPARE(first->threshold(), 3);
    QCOMPARE(first->timeUntilProbe(), 4600ms);
    QCOMPARE(firstChanged.count(), 1);
    CircuitBreaker *second = registry.breakerFor(QUrl(u"http://b/v1"_s));
    QCOMPARE(second->threshold(), 3);
    QCOMPARE(second->options().cooldown, 5000ms);

    // Breakers are independent of each other.
    QCOMPARE(second->state(), State::Closed);
    QVERIFY(second->tryAcquire());
    QVERIFY(!first->tryAcquire());
    QCOMPARE(registry.breakers(), (QList<CircuitBreaker *>{first, second}));
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "TestCircuitBreaker.moc"
