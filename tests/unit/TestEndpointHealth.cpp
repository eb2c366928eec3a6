// SPDX-License-Identifier: GPL-3.0-or-later
// The health rule (EndpointHealth) and its keeper (HealthMonitor): what the status indicator
// says after every sequence of outcomes that matters, driven through a real BreakerRegistry
// with a hand-driven clock, as ChatService feeds them; and through a real ChatService against
// the fault server on loopback.

#include "core/health/EndpointHealth.h"
#include "core/health/HealthMonitor.h"
#include "core/net/ModelsClient.h"
#include "core/resilience/BreakerRegistry.h"
#include "support/FaultFixture.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::ApiError;
using steadfast::BreakerRegistry;
using steadfast::CircuitBreaker;
using steadfast::EndpointHealth;
using steadfast::HealthMonitor;
using State = EndpointHealth::State;
using Attention = EndpointHealth::Attention;

namespace {

ApiError errorOf(ApiError::Kind kind, int status = 0)
{
    ApiError error;
    error.kind = kind;
    error.httpStatus = status;
    error.retryable = ApiError::isRetryableKind(kind);
    return error;
}

/// One endpoint fed as ChatService feeds it: the breaker and the monitor hear each outcome.
class Harness
{
public:
    explicit Harness(const QUrl &url = QUrl(u"http://127.0.0.1:8080/v1"_s))
        : url(url)
        , breakers(options(), [this] { return now; })
        , monitor(&breakers, [this] { return now; })
    {
    }

    static CircuitBreaker::Options options()
    {
        CircuitBreaker::Options o;
        o.threshold = 3;
        o.cooldown = 10s;
        return o;
    }

    CircuitBreaker *breaker() { return breakers.breakerFor(url); }

    /// ok, 500, timeout, reset, 401, 403, 404, 429, quota, tls, 400, cancel, invalid, held,
    /// retry, retried, pause, resume, cool (the cooldown passes), offline, online, models-ok,
    /// models-500.
    void step(const QString &token)
    {
        using Kind = ApiError::Kind;
        static const QHash<QString, std::pair<Kind, int>> failures = {
                {u"500"_s, {Kind::Server, 500}},
                {u"timeout"_s, {Kind::Timeout, 0}},
                {u"reset"_s, {Kind::Connection, 0}},
                {u"cut"_s, {Kind::StreamInterrupted, 200}},
                {u"401"_s, {Kind::Authentication, 401}},
                {u"403"_s, {Kind::Permission, 403}},
                {u"404"_s, {Kind::NotFound, 404}},
                {u"429"_s, {Kind::RateLimited, 429}},
                {u"quota"_s, {Kind::QuotaExceeded, 429}},
                {u"tls"_s, {Kind::Tls, 0}},
                {u"400"_s, {Kind::BadRequest, 400}},
                {u"cancel"_s, {Kind::Cancelled, 0}},
                {u"invalid"_s, {Kind::Validation, 0}},
                {u"held"_s, {Kind::CircuitOpen, 0}},
        };
        if (token == u"ok" || token == u"models-ok") {
            if (token == u"ok") {
                breaker()->tryAcquire();
                breaker()->recordSuccess();
            }
            monitor.recordSuccess(url);
        } else if (token == u"models-500") {
            monitor.recordFailure(url, errorOf(Kind::Server, 500));
        } else if (failures.contains(token)) {
            const auto [kind, status] = failures.value(token);
            const ApiError error = errorOf(kind, status);
            if (EndpointHealth::isEndpointOutcome(error)) {
                // ChatService consults the breaker first and tells it the outcome.
                breaker()->tryAcquire();
                if (ApiError::isServiceFailure(kind))
                    breaker()->recordFailure();
                else
                    breaker()->recordSuccess();
            }
            monitor.recordFailure(url, error);
        } else if (token == u"retry") {
            monitor.setRetryDue(url, now + 4s);
        } else if (token == u"retried") {
            monitor.setRetryDue(url, std::nullopt);
        } else if (token == u"pause") {
            breaker()->pause();
        } else if (token == u"resume") {
            breaker()->resume();
        } else if (token == u"probe") {
            QVERIFY(breaker()->tryAcquire());
            QVERIFY(monitor.health(url).probeInFlight);
        } else if (token == u"cool") {
            now += 11s;
            breaker()->refresh();
        } else if (token == u"offline") {
            monitor.setOffline(true);
        } else if (token == u"online") {
            monitor.setOffline(false);
        } else {
            QFAIL(qPrintable(u"unknown step "_s + token));
        }
    }

    EndpointHealth health() const { return monitor.health(url); }

    QUrl url;
    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
    BreakerRegistry breakers;
    HealthMonitor monitor;
};

} // namespace

class TestEndpointHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sequences_data();
    void sequences();
    void neverConnectedAfterAFailure();
    void offlineSparesLoopback();
    void pausedCarriesTheProbeTime();
    void signalsOnlyChanges();
    void followsARealService();
    void followsModelsFetches();
};

void TestEndpointHealth::sequences_data()
{
    QTest::addColumn<QString>("steps");
    QTest::addColumn<State>("state");
    QTest::addColumn<int>("failures");
    QTest::addColumn<Attention>("attention");

    QTest::newRow("nothing sent") << u""_s << State::NotContacted << 0 << Attention::None;
    QTest::newRow("a success") << u"ok"_s << State::Connected << 0 << Attention::None;
    QTest::newRow("models listed") << u"models-ok"_s << State::Connected << 0 << Attention::None;
    QTest::newRow("models failed") << u"models-500"_s << State::Trouble << 0 << Attention::None;
    QTest::newRow("one 500") << u"500"_s << State::Trouble << 1 << Attention::None;
    QTest::newRow("two 500s") << u"500 500"_s << State::Trouble << 2 << Attention::None;
    QTest::newRow("a success, then a 500") << u"ok 500"_s << State::Trouble << 1 << Attention::None;
    QTest::newRow("cannot reach, retrying")
            << u"reset retry"_s << State::Trouble << 1 << Attention::None;
    QTest::newRow("a retry waits after a 429")
            << u"ok 429 retry"_s << State::Trouble << 0 << Attention::None;
    QTest::newRow("a 429 alone") << u"ok 429"_s << State::Trouble << 0 << Attention::None;
    QTest::newRow("a cut-off stream") << u"ok cut"_s << State::Trouble << 1 << Attention::None;
    QTest::newRow("a bad request") << u"ok 400"_s << State::Trouble << 0 << Attention::None;
    QTest::newRow("failures, then a success")
            << u"500 500 ok"_s << State::Connected << 0 << Attention::None;
    QTest::newRow("failures, then models listed (failures still count)")
            << u"500 500 models-ok"_s << State::Trouble << 2 << Attention::None;
    QTest::newRow("threshold reached") << u"500 500 500"_s << State::Paused << 3 << Attention::None;
    QTest::newRow("cooldown over: probing")
            << u"500 500 500 cool"_s << State::Probing << 3 << Attention::None;
    QTest::newRow("the probe goes")
            << u"500 500 500 cool probe"_s << State::Probing << 3 << Attention::None;
    QTest::newRow("the probe succeeds")
            << u"500 500 500 cool ok"_s << State::Connected << 0 << Attention::None;
    QTest::newRow("the probe fails")
            << u"500 500 500 cool timeout"_s << State::Paused << 4 << Attention::None;
    QTest::newRow("key rejected") << u"401"_s << State::NeedsAttention << 0 << Attention::Key;
    QTest::newRow("key rejected after a success")
            << u"ok 401"_s << State::NeedsAttention << 0 << Attention::Key;
    QTest::newRow("no access") << u"403"_s << State::NeedsAttention << 0 << Attention::Access;
    QTest::newRow("no such model") << u"404"_s << State::NeedsAttention << 0 << Attention::Model;
    QTest::newRow("quota") << u"quota"_s << State::NeedsAttention << 0 << Attention::Quota;
    QTest::newRow("certificate") << u"tls"_s << State::NeedsAttention << 0
                                 << Attention::Certificate;
    QTest::newRow("key fixed") << u"401 ok"_s << State::Connected << 0 << Attention::None;
    QTest::newRow("a cancel tells nothing")
            << u"ok cancel"_s << State::Connected << 0 << Attention::None;
    QTest::newRow("a cancel after a failure tells nothing")
            << u"500 cancel"_s << State::Trouble << 1 << Attention::None;
    QTest::newRow("a local check tells nothing")
            << u"invalid"_s << State::NotContacted << 0 << Attention::None;
    QTest::newRow("a held request tells nothing")
            << u"500 500 500 held"_s << State::Paused << 3 << Attention::None;
    QTest::newRow("paused by the user")
            << u"ok pause"_s << State::PausedByUser << 0 << Attention::None;
    QTest::newRow("paused while open")
            << u"500 500 500 pause"_s << State::PausedByUser << 3 << Attention::None;
    QTest::newRow("resumed: probing")
            << u"ok pause resume"_s << State::Probing << 0 << Attention::None;
    QTest::newRow("offline") << u"ok offline"_s << State::Offline << 0 << Attention::None;
    QTest::newRow("back online") << u"ok offline online"_s << State::Connected << 0
                                 << Attention::None;
    QTest::newRow("the retry went")
            << u"ok 429 retry retried ok"_s << State::Connected << 0 << Attention::None;
}

void TestEndpointHealth::sequences()
{
    QFETCH(QString, steps);
    QFETCH(State, state);
    QFETCH(int, failures);
    QFETCH(Attention, attention);

    Harness h(QUrl(u"https://api.example.com/v1"_s));
    const QStringList tokens = steps.split(u' ', Qt::SkipEmptyParts);
    for (const QString &token : tokens)
        h.step(token);
    const EndpointHealth health = h.health();
    QCOMPARE(EndpointHealth::stateName(health.state), EndpointHealth::stateName(state));
    QCOMPARE(health.failures, failures);
    QCOMPARE(health.attention, attention);
    QCOMPARE(health.threshold, 3);
    QCOMPARE(health.endpoint, u"https://api.example.com:443/v1"_s);
}

void TestEndpointHealth::neverConnectedAfterAFailure()
{
    // Random sequences: whenever the last outcome that tells about the endpoint failed, or
    // failures are counting, or a retry waits, the health is not Connected.
    const QStringList tokens = {u"ok"_s,      u"500"_s,  u"timeout"_s,   u"reset"_s,     u"cut"_s,
                                u"401"_s,     u"403"_s,  u"404"_s,       u"429"_s,       u"quota"_s,
                                u"tls"_s,     u"400"_s,  u"cancel"_s,    u"invalid"_s,   u"retry"_s,
                                u"retried"_s, u"cool"_s, u"models-ok"_s, u"models-500"_s};
    QRandomGenerator random(20261203u);
    for (int run = 0; run < 300; ++run) {
        Harness h;
        bool lastFailed = false;
        bool retryWaits = false;
        QStringList done;
        for (int i = 0; i < 12; ++i) {
            const QString token = tokens.at(random.bounded(int(tokens.size())));
            h.step(token);
            done += token;
            if (token == u"ok" || token == u"models-ok")
                lastFailed = false;
            else if (token == u"retry")
                retryWaits = true;
            else if (token == u"retried")
                retryWaits = false;
            else if (token != u"cancel" && token != u"invalid" && token != u"cool")
                lastFailed = true;
            const EndpointHealth health = h.health();
            if (lastFailed || retryWaits || health.failures > 0) {
                QVERIFY2(health.state != State::Connected, qPrintable(done.join(u' ')));
            }
        }
    }
}

void TestEndpointHealth::offlineSparesLoopback()
{
    Harness local(QUrl(u"http://localhost:11434/v1"_s));
    local.step(u"ok"_s);
    local.step(u"offline"_s);
    QCOMPARE(local.health().state, State::Connected); // a local server answers offline

    Harness remote(QUrl(u"https://api.openai.com/v1"_s));
    remote.step(u"offline"_s);
    QCOMPARE(remote.health().state, State::Offline);
}

void TestEndpointHealth::pausedCarriesTheProbeTime()
{
    Harness h;
    for (int i = 0; i < 3; ++i)
        h.step(u"500"_s);
    const EndpointHealth health = h.health();
    QCOMPARE(health.state, State::Paused);
    QVERIFY(health.probeDueAt.has_value());
    QCOMPARE(*health.probeDueAt, h.now + 10s);
    QCOMPARE(health.lastError.kind, ApiError::Kind::Server);

    h.step(u"pause"_s);
    QVERIFY(!h.health().probeDueAt.has_value()); // no probe comes by itself

    Harness retrying;
    retrying.step(u"500"_s);
    retrying.step(u"retry"_s);
    QVERIFY(retrying.health().retrying);
    QCOMPARE(*retrying.health().retryDueAt, retrying.now + 4s);
}

void TestEndpointHealth::signalsOnlyChanges()
{
    Harness h;
    QSignalSpy spy(&h.monitor, &HealthMonitor::healthChanged);
    h.step(u"ok"_s);
    QCOMPARE(spy.count(), 1);
    h.step(u"ok"_s); // nothing new
    QCOMPARE(spy.count(), 1);
    h.step(u"500"_s); // the failure, and the breaker's count: one change in the end
    QVERIFY(spy.count() >= 2);
    const auto last = spy.last();
    QCOMPARE(last.at(0).toString(), BreakerRegistry::endpointKey(h.url));
    QCOMPARE(last.at(1).value<EndpointHealth>().state, State::Trouble);
    QCOMPARE(last.at(1).value<EndpointHealth>().failures, 1);
}

void TestEndpointHealth::followsARealService()
{
    steadfast::test::FaultFixture f;
    QVERIFY(f.start());
    HealthMonitor monitor(&f.breakers);
    monitor.watch(&f.service);
    const QUrl url = f.server.baseUrl();
    QCOMPARE(monitor.health(url).state, State::NotContacted);

    // Every attempt fails: Trouble from the first failure on, the count going up.
    f.server.arm({.status = 500, .repeat = 3});
    QVERIFY(f.service.send(f.request(false)));
    QSignalSpy spy(&monitor, &HealthMonitor::healthChanged);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.health(url).failures >= 2, 10000);
    QVERIFY(monitor.health(url).state != State::Connected);
    QVERIFY(f.waitForEnd(10000));
    QCOMPARE(monitor.health(url).state, State::Trouble);
    QCOMPARE(monitor.health(url).failures, 3);
    QCOMPARE(monitor.health(url).lastError.httpStatus, 500);
    QVERIFY(!monitor.health(url).retrying);
    bool sawRetrying = false;
    for (const QList<QVariant> &args : std::as_const(spy))
        sawRetrying = sawRetrying || args.at(1).value<EndpointHealth>().retrying;
    QVERIFY(sawRetrying);

    // A healthy answer: Connected.
    f.trace.clear();
    QVERIFY(f.service.send(f.request(true)));
    QVERIFY(f.waitForEnd(10000));
    QCOMPARE(monitor.health(url).state, State::Connected);
    QCOMPARE(monitor.health(url).failures, 0);

    // A rejected key: Needs attention.
    f.trace.clear();
    f.server.arm({.status = 401});
    QVERIFY(f.service.send(f.request(false)));
    QVERIFY(f.waitForEnd(10000));
    QCOMPARE(monitor.health(url).state, State::NeedsAttention);
    QCOMPARE(monitor.health(url).attention, Attention::Key);
}

void TestEndpointHealth::followsModelsFetches()
{
    steadfast::test::FaultFixture f;
    QVERIFY(f.start());
    HealthMonitor monitor(&f.breakers);
    steadfast::ModelsClient models(&f.network);
    monitor.watch(&models);
    const QUrl url = f.server.baseUrl();

    f.server.arm({.match = steadfast::FaultStep::Match::Models, .status = 503});
    QSignalSpy failed(&models, &steadfast::ModelsClient::fetchFailed);
    models.fetch(url, {});
    QVERIFY(failed.wait(10000));
    QCOMPARE(monitor.health(url).state, State::Trouble);

    QSignalSpy fetched(&models, &steadfast::ModelsClient::modelsFetched);
    models.fetch(url, {});
    QVERIFY(fetched.wait(10000));
    QCOMPARE(monitor.health(url).state, State::Connected);
}

QTEST_GUILESS_MAIN(TestEndpointHealth)
#include "TestEndpointHealth.moc"
