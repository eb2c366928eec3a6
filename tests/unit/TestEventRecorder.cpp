// SPDX-License-Identifier: GPL-3.0-or-later
// EventRecorder: the one event model behind the CLI's --events and the GUI's activity log.
// A real ChatService talks to an in-process FaultServer on loopback; the recorder's events
// are checked for names, order, fields, timestamps, their JSON-lines form and redaction.
#include "core/errors/ApiErrorJson.h"
#include "core/net/ChatService.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/resilience/CircuitBreaker.h"
#include "core/session/EventRecorder.h"
#include "faultserver/FaultServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::ApiError;
namespace ApiErrorJson = steadfast::ApiErrorJson;
using steadfast::BreakerRegistry;
using steadfast::ChatRequest;
using steadfast::ChatService;
using steadfast::CircuitBreaker;
using steadfast::EventRecorder;
using steadfast::FaultServer;
using steadfast::FaultStep;
using steadfast::ServiceOptions;

namespace {

constexpr int exchangeTimeoutMs = 10000;

// Looks like no known credential format, so only addSecret() can catch it.
const QString secret = u"hunter2-correct-horse-battery-staple-7f3a"_s;

QStringList namesOf(const QList<QJsonObject> &events, const QStringList &skip = {})
{
    QStringList names;
    for (const QJsonObject &event : events) {
        const QString name = event.value(u"event"_s).toString();
        if (!skip.contains(name))
            names.append(name);
    }
    return names;
}

QList<QJsonObject> named(const QList<QJsonObject> &events, const QString &name)
{
    QList<QJsonObject> matching;
    for (const QJsonObject &event : events) {
        if (event.value(u"event"_s).toString() == name)
            matching.append(event);
    }
    return matching;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

FaultStep stepFromJson(const QByteArray &json)
{
    QString error;
    const std::optional<FaultStep> step =
            FaultStep::fromJson(QJsonDocument::fromJson(json).object(), &error);
    if (!step)
        qFatal("bad step in the test table: %s", qPrintable(error));
    return *step;
}

} // namespace

class TestEventRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rateLimitedThenSuccess();
    void timestampsFromTheClock();
    void eventsAsJsonLines();
    void toJsonLine_data();
    void toJsonLine();
    void secretsNeverAppear_data();
    void secretsNeverAppear();
    void breakerEvents();
    void breakerPausedByHand();
    void deltasCanBeLeftOut();
    void errorToJson();

private:
    ChatRequest request(bool stream = true) const;
    // Sends and waits until finished() or failed(); false on a timeout.
    bool runExchange(const ChatRequest &request);

    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<BreakerRegistry> m_breakers;
    std::unique_ptr<ChatService> m_service;
    std::unique_ptr<EventRecorder> m_recorder;
    QList<QJsonObject> m_events;
};

void TestEventRecorder::init()
{
    m_server = std::make_unique<FaultServer>();
    m_server->setChunkDelay(0ms);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_breakers = std::make_unique<BreakerRegistry>(CircuitBreaker::Options{5, 30s});
    m_service = std::make_unique<ChatService>(m_network.get(), m_breakers.get());
    ServiceOptions options;
    options.maxRetries = 3;
    options.backoff.base = 1ms;
    options.backoff.cap = 10ms;
    options.backoff.maxJitter = 0ms;
    options.seed = 7;
    options.connectTimeout = 5s;
    options.firstByteTimeout = 5s;
    options.idleTimeout = 5s;
    // No countdown or "waiting for the model" ticks: the event sequence is then exact.
    options.tickInterval = 60s;
    m_service->setOptions(options);
    m_recorder = std::make_unique<EventRecorder>(m_service.get(), m_breakers.get());
    m_events.clear();
    connect(m_recorder.get(), &EventRecorder::eventRecorded, this,
            [this](const QJsonObject &event) { m_events.append(event); });
}

void TestEventRecorder::cleanup()
{
    m_recorder.reset();
    m_service.reset();
    m_breakers.reset();
    m_network.reset();
    m_server.reset();
}

ChatRequest TestEventRecorder::request(bool stream) const
{
    ChatRequest request;
    request.baseUrl = m_server->baseUrl();
    request.model = u"steadfast-demo"_s;
    request.messages = {{u"user"_s, u"Hello there"_s}};
    request.stream = stream;
    return request;
}

bool TestEventRecorder::runExchange(const ChatRequest &request)
{
    // An event loop that ends with the exchange (QTest::qWaitFor would poll every 10 ms).
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(m_service.get(), &ChatService::finished, &loop, &QEventLoop::quit);
    connect(m_service.get(), &ChatService::failed, &loop, &QEventLoop::quit);
    QSignalSpy finished(m_service.get(), &ChatService::finished);
    QSignalSpy failed(m_service.get(), &ChatService::failed);
    if (!m_service->send(request))
        return false;
    if (finished.count() + failed.count() == 0) { // a Validation failure ends inside send()
        timeout.start(exchangeTimeoutMs);
        loop.exec();
    }
    return finished.count() + failed.count() > 0;
}

void TestEventRecorder::rateLimitedThenSuccess()
{
    m_server->arm({.status = 429, .headers = {{"retry-after-ms", "20"}}});
    // The retry must not start before the server's hint has passed (a coarse retry timer
    // fires up to 5% early).
    QElapsedTimer clock;
    qint64 scheduledAtNs = -1, retryStartedAtNs = -1;
    connect(m_service.get(), &ChatService::retryScheduled, this,
            [&] { scheduledAtNs = clock.nsecsElapsed(); });
    connect(m_service.get(), &ChatService::attemptStarted, this, [&](int attempt) {
        if (attempt == 2)
            retryStartedAtNs = clock.nsecsElapsed();
    });
    const QDateTime before = QDateTime::currentDateTimeUtc();
    clock.start();
    QVERIFY(runExchange(request()));
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QCOMPARE(m_server->chatRequestCount(), 2);
    QVERIFY(scheduledAtNs >= 0 && retryStartedAtNs > scheduledAtNs);
    QVERIFY2(retryStartedAtNs - scheduledAtNs >= 20'000'000,
             qPrintable(u"retried after %1 us"_s.arg((retryStartedAtNs - scheduledAtNs) / 1000)));

    QCOMPARE(namesOf(m_events, {u"delta"_s}),
             (QStringList{u"stateChanged"_s,     // Sending
                          u"attemptStarted"_s,   // 1 of 4
                          u"responseReceived"_s, // 429
                          u"rateLimitUpdated"_s, u"attemptFailed"_s,
                          u"stateChanged"_s, // WaitingToRetry
                          u"retryScheduled"_s,
                          u"retryCountdown"_s, // the full wait
                          u"retryCountdown"_s, // 0: the wait is over
                          u"stateChanged"_s,   // Sending
                          u"attemptStarted"_s, // 2 of 4
                          u"responseReceived"_s, u"rateLimitUpdated"_s,
                          u"stateChanged"_s, // Streaming
                          u"stateChanged"_s, // Done
                          u"finished"_s}));

    // Deltas come between Streaming and Done, and spell the finished text.
    const QStringList withDeltas = namesOf(m_events);
    const qsizetype firstDelta = withDeltas.indexOf(u"delta"_s);
    QVERIFY(firstDelta > withDeltas.lastIndexOf(u"attemptStarted"_s));
    QVERIFY(withDeltas.lastIndexOf(u"delta"_s) < withDeltas.indexOf(u"finished"_s));
    QString streamed;
    for (const QJsonObject &delta : named(m_events, u"delta"_s))
        streamed += delta.value(u"text"_s).toString();

    QStringList states;
    for (const QJsonObject &event : named(m_events, u"stateChanged"_s))
        states.append(event.value(u"state"_s).toString());
    QCOMPARE(states,
             (QStringList{u"Sending"_s, u"WaitingToRetry"_s, u"Sending"_s, u"Streaming"_s,
                          u"Done"_s}));

    const QString endpoint = m_server->baseUrl().toString() + u"/chat/completions"_s;
    const QList<QJsonObject> started = named(m_events, u"attemptStarted"_s);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(started[i].value(u"attempt"_s).toInt(), i + 1);
        QCOMPARE(started[i].value(u"attemptsAllowed"_s).toInt(), 4);
        QCOMPARE(started[i].value(u"url"_s).toString(), endpoint);
    }
    const QList<QJsonObject> responses = named(m_events, u"responseReceived"_s);
    QCOMPARE(responses[0].value(u"attempt"_s).toInt(), 1);
    QCOMPARE(responses[0].value(u"status"_s).toInt(), 429);
    QVERIFY(responses[0].value(u"requestId"_s).toString().startsWith(u"req_"_s));
    QCOMPARE(responses[1].value(u"attempt"_s).toInt(), 2);
    QCOMPARE(responses[1].value(u"status"_s).toInt(), 200);
    QVERIFY(responses[1].value(u"requestId"_s).toString()
            != responses[0].value(u"requestId"_s).toString());

    for (const QJsonObject &limits : named(m_events, u"rateLimitUpdated"_s)) {
        QCOMPARE(limits.value(u"limitRequests"_s).toInteger(), 500);
        QVERIFY(limits.contains(u"remainingRequests"_s));
        QCOMPARE(limits.value(u"limitTokens"_s).toInteger(), 200000);
    }

    const QJsonObject failedAttempt = named(m_events, u"attemptFailed"_s).first();
    QCOMPARE(failedAttempt.value(u"attempt"_s).toInt(), 1);
    QCOMPARE(failedAttempt.value(u"partialChars"_s).toInt(), 0);
    const QJsonObject error = failedAttempt.value(u"error"_s).toObject();
    QCOMPARE(error.value(u"kind"_s).toString(), u"RateLimited"_s);
    QCOMPARE(error.value(u"status"_s).toInt(), 429);
    QCOMPARE(error.value(u"retryable"_s).toBool(), true);
    QCOMPARE(error.value(u"retryAfterMs"_s).toInteger(), 20);
    QCOMPARE(error.value(u"requestId"_s), responses[0].value(u"requestId"_s));
    QCOMPARE(error.value(u"code"_s).toString(), u"rate_limit_exceeded"_s);
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());

    const QJsonObject retry = named(m_events, u"retryScheduled"_s).first();
    QCOMPARE(retry.value(u"attempt"_s).toInt(), 2);
    QCOMPARE(retry.value(u"attemptsAllowed"_s).toInt(), 4);
    QCOMPARE(retry.value(u"delayMs"_s).toInteger(), 20);
    QCOMPARE(retry.value(u"hintMs"_s).toInteger(), 20);
    QCOMPARE(retry.value(u"backoffMs"_s).toInteger(), 1); // base 1 ms, no jitter
    QCOMPARE(retry.value(u"source"_s).toString(), u"server-hint"_s);
    QCOMPARE(retry.value(u"error"_s).toObject(), error);

    const QList<QJsonObject> countdown = named(m_events, u"retryCountdown"_s);
    QCOMPARE(countdown[0].value(u"msLeft"_s).toInteger(), 20);
    QCOMPARE(countdown[0].value(u"totalMs"_s).toInteger(), 20);
    QCOMPARE(countdown[1].value(u"msLeft"_s).toInteger(), 0);
    QCOMPARE(countdown[1].value(u"totalMs"_s).toInteger(), 20);

    const QJsonObject finished = m_events.last();
    QCOMPARE(finished.value(u"attempts"_s).toInt(), 2);
    QCOMPARE(finished.value(u"finishReason"_s).toString(), u"stop"_s);
    QCOMPARE(finished.value(u"requestId"_s), responses[1].value(u"requestId"_s));
    QCOMPARE(finished.value(u"model"_s).toString(), u"steadfast-demo"_s);
    QVERIFY(!streamed.isEmpty());
    QCOMPARE(finished.value(u"text"_s).toString(), streamed);

    // Every event: a name, a UTC ISO 8601 timestamp with milliseconds, in order, taken
    // while the exchange ran.
    QDateTime previous = before.addMSecs(-1);
    for (const QJsonObject &event : std::as_const(m_events)) {
        QVERIFY(!event.value(u"event"_s).toString().isEmpty());
        const QString ts = event.value(u"ts"_s).toString();
        QVERIFY2(ts.endsWith(u'Z'), qPrintable(ts));
        const QDateTime time = QDateTime::fromString(ts, Qt::ISODateWithMs);
        QVERIFY2(time.isValid(), qPrintable(ts));
        QCOMPARE(time.timeSpec(), Qt::UTC);
        QVERIFY2(time >= previous, qPrintable(ts));
        QVERIFY2(time <= after.addMSecs(1), qPrintable(ts));
        previous = time;
    }
    QVERIFY(QDateTime::fromString(m_events.first().value(u"ts"_s).toString(), Qt::ISODateWithMs)
            >= before.addMSecs(-1));
}

void TestEventRecorder::timestampsFromTheClock()
{
    const QDateTime fixed(QDate(2030, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    m_recorder->setClock([fixed] { return fixed; });
    QVERIFY(runExchange(request(false)));
    QVERIFY(m_events.size() >= 5);
    for (const QJsonObject &event : std::as_const(m_events))
        QCOMPARE(event.value(u"ts"_s).toString(), u"2030-01-02T03:04:05.006Z"_s);
}

void TestEventRecorder::eventsAsJsonLines()
{
    m_server->arm({.status = 503, .headers = {{"retry-after-ms", "5"}}});
    m_server->arm({.text = u"Line one\nline \"two\"\ttabbed"_s});
    QVERIFY(runExchange(request()));
    QVERIFY(named(m_events, u"finished"_s).size() == 1);

    QByteArray log;
    for (const QJsonObject &event : std::as_const(m_events)) {
        const QByteArray line = EventRecorder::toJsonLine(event);
        QVERIFY2(!line.contains('\n') && !line.contains('\r'), line.constData());
        // "event" and "ts" come first, so a reader scanning the log sees them at once.
        const QByteArray head = "{\"event\":\"" + event.value(u"event"_s).toString().toUtf8()
                + "\",\"ts\":\"" + event.value(u"ts"_s).toString().toUtf8() + '"';
        QVERIFY2(line.startsWith(head), line.constData());
        QJsonParseError error;
        const QJsonDocument back = QJsonDocument::fromJson(line, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(back.isObject());
        QCOMPARE(back.object(), event);
        log += line + '\n';
    }
    // The log as a whole: one event per line.
    const QList<QByteArray> lines = log.trimmed().split('\n');
    QCOMPARE(lines.size(), m_events.size());
    QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value(u"text"_s).toString(),
             u"Line one\nline \"two\"\ttabbed"_s);
}

void TestEventRecorder::toJsonLine_data()
{
    QTest::addColumn<QJsonObject>("event");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("ts and event only")
            << QJsonObject{{u"event"_s, u"stateChanged"_s},
                           {u"ts"_s, u"2030-01-02T03:04:05.006Z"_s}}
            << QByteArray(R"({"event":"stateChanged","ts":"2030-01-02T03:04:05.006Z"})");
    QTest::newRow("the other fields follow, sorted")
            << QJsonObject{{u"ts"_s, u"T"_s},
                           {u"event"_s, u"retryCountdown"_s},
                           {u"totalMs"_s, 20},
                           {u"msLeft"_s, 5}}
            << QByteArray(R"({"event":"retryCountdown","ts":"T","msLeft":5,"totalMs":20})");
    QTest::newRow("no ts: event first")
            << QJsonObject{{u"event"_s, u"delta"_s}, {u"text"_s, u"a"_s}}
            << QByteArray(R"({"event":"delta","text":"a"})");
    QTest::newRow("nested objects and control characters")
            << QJsonObject{{u"ts"_s, u"T"_s},
                           {u"event"_s, u"failed"_s},
                           {u"error"_s, QJsonObject{{u"message"_s, u"a\nb\r\"c\""_s}}}}
            << QByteArray(R"({"event":"failed","ts":"T","error":{"message":"a\nb\r\"c\""}})");
    QTest::newRow("non-ASCII stays UTF-8")
            << QJsonObject{{u"ts"_s, u"T"_s}, {u"event"_s, u"delta"_s}, {u"text"_s, u"été 😀"_s}}
            << QByteArray(R"({"event":"delta","ts":"T","text":"été 😀"})");
}

void TestEventRecorder::toJsonLine()
{
    QFETCH(QJsonObject, event);
    QFETCH(QByteArray, line);
    QCOMPARE(EventRecorder::toJsonLine(event), line);
    QCOMPARE(QJsonDocument::fromJson(line).object(), event);
}

void TestEventRecorder::secretsNeverAppear_data()
{
    QTest::addColumn<QList<QByteArray>>("steps"); // FaultStep JSON; SECRET is replaced
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("lastEvent");

    QTest::newRow("401 message echoes the key")
            << QList<QByteArray>{R"({"status":401,"error":{"message":"Incorrect API key provided: )"
                                 R"(SECRET. You can find your API key at the dashboard."}})"}
            << true << u"failed"_s;
    QTest::newRow("429 message echoes the key, then success")
            << QList<QByteArray>{R"({"status":429,"headers":{"retry-after-ms":"1"},)"
                                 R"("error":{"message":"Rate limit for key SECRET reached"}})"}
            << true << u"finished"_s;
    QTest::newRow("error code, type and param echo the key")
            << QList<QByteArray>{R"({"status":400,"error":{"code":"SECRET","type":"SECRET",)"
                                 R"("param":"SECRET","message":"bad"}})"}
            << false << u"failed"_s;
    QTest::newRow("request id header is the key")
            << QList<QByteArray>{R"({"status":500,"headers":{"x-request-id":"SECRET",)"
                                 R"("x-should-retry":"false"}})"}
            << false << u"failed"_s;
    QTest::newRow("plain-text error body")
            << QList<QByteArray>{R"({"status":502,"body":"upstream rejected SECRET",)"
                                 R"("contentType":"text/plain"})"}
            << false << u"finished"_s;
    QTest::newRow("HTML error page title")
            << QList<QByteArray>{R"({"status":403,"body":"<html><head><title>Key SECRET )"
                                 R"(blocked</title></head></html>","contentType":"text/html"})"}
            << false << u"failed"_s;
    QTest::newRow("error event inside a stream")
            << QList<QByteArray>{R"({"stream":{"errorAfterChunks":1},)"
                                 R"("error":{"message":"worker crashed holding SECRET"}})"}
            << true << u"finished"_s;
    QTest::newRow("streamed reply text")
            << QList<QByteArray>{R"({"text":"Your key is SECRET, keep it safe."})"} << true
            << u"finished"_s;
    QTest::newRow("non-streamed reply text")
            << QList<QByteArray>{R"({"text":"Your key is SECRET, keep it safe."})"} << false
            << u"finished"_s;
}

void TestEventRecorder::secretsNeverAppear()
{
    QFETCH(QList<QByteArray>, steps);
    QFETCH(bool, stream);
    QFETCH(QString, lastEvent);

    const QByteArray secretUtf8 = secret.toUtf8();
    const QString otherKey = u"another-key-that-the-server-never-echoes"_s;
    // 1. Not registered, and not the key the service sends: the echo must show up in the
    //    events, so the checks below can fail.
    // 2. Registered, still not the key sent: the recorder alone keeps it out.
    // 3. Registered and the key sent, as the front ends use it: it travels to the server and
    //    appears in no event.
    struct Run
    {
        bool registered;
        bool isApiKey;
    };
    for (const Run run : {Run{false, false}, Run{true, false}, Run{true, true}}) {
        m_events.clear();
        if (run.registered)
            m_recorder->addSecret(secret);
        for (QByteArray step : steps)
            m_server->arm(stepFromJson(step.replace("SECRET", secretUtf8)));
        ChatRequest chat = request(stream);
        chat.apiKey = run.isApiKey ? secret : otherKey;
        QVERIFY(runExchange(chat));
        QCOMPARE(m_events.last().value(u"event"_s).toString(), lastEvent);
        QCOMPARE(m_server->lastAuthorization(), "Bearer " + chat.apiKey.toUtf8());

        QByteArray log;
        for (const QJsonObject &event : std::as_const(m_events))
            log += EventRecorder::toJsonLine(event) + '\n';
        if (!run.registered) {
            QVERIFY2(log.contains(secretUtf8), "the server's echo never reached an event");
            continue;
        }
        QVERIFY2(!log.contains(secretUtf8), log.constData());
        QVERIFY2(log.contains(u"[REDACTED]"_s.toUtf8()), log.constData());
        QVERIFY(!m_recorder->redact(u"x "_s + secret + u" y"_s).contains(secret));
    }
}

void TestEventRecorder::breakerEvents()
{
    m_breakers->setOptions({.threshold = 2, .cooldown = 50ms});
    m_server->arm({.status = 500, .repeat = 2});
    QVERIFY(runExchange(request()));
    QCOMPARE(m_events.last().value(u"event"_s).toString(), u"finished"_s);
    QCOMPARE(m_server->chatRequestCount(), 3);

    const QString endpoint = BreakerRegistry::endpointKey(m_server->baseUrl());
    const QList<QJsonObject> breaker = named(m_events, u"breakerStateChanged"_s);
    QStringList states;
    for (const QJsonObject &event : breaker) {
        QCOMPARE(event.value(u"endpoint"_s).toString(), endpoint);
        QCOMPARE(event.value(u"threshold"_s).toInt(), 2);
        QCOMPARE(event.value(u"paused"_s).toBool(), false);
        QVERIFY(event.contains(u"failures"_s));
        QVERIFY(event.contains(u"msUntilProbe"_s));
        states.append(event.value(u"state"_s).toString());
    }
    QCOMPARE(states, (QStringList{u"Open"_s, u"HalfOpen"_s, u"Closed"_s}));
    QCOMPARE(breaker[0].value(u"failures"_s).toInt(), 2);
    const qint64 probeIn = breaker[0].value(u"msUntilProbe"_s).toInteger();
    QVERIFY2(probeIn > 0 && probeIn <= 50, qPrintable(QString::number(probeIn)));
    QCOMPARE(breaker[1].value(u"msUntilProbe"_s).toInteger(), 0);
    QCOMPARE(breaker[2].value(u"failures"_s).toInt(), 0);
    QCOMPARE(breaker[2].value(u"msUntilProbe"_s).toInteger(), 0);

    // The second failure opened the breaker (told after it): the retry waits for the probe, and the
    // third attempt is that probe.
    const QStringList names = namesOf(m_events);
    const QList<QJsonObject> failures = named(m_events, u"attemptFailed"_s);
    QCOMPARE(failures.size(), 2);
    const QList<QJsonObject> retries = named(m_events, u"retryScheduled"_s);
    QCOMPARE(retries.size(), 2);
    QCOMPARE(retries[0].value(u"source"_s).toString(), u"backoff"_s);
    QCOMPARE(retries[1].value(u"source"_s).toString(), u"breaker-probe"_s);
    QCOMPARE(retries[1].value(u"error"_s).toObject().value(u"kind"_s).toString(), u"Server"_s);
    qsizetype open = -1, secondFailure = -1, secondRetry = -1, halfOpen = -1, probe = -1,
              closed = -1;
    for (qsizetype i = 0, failed = 0, retried = 0, started = 0; i < m_events.size(); ++i) {
        const QString name = m_events[i].value(u"event"_s).toString();
        if (name == u"attemptFailed"_s && ++failed == 2)
            secondFailure = i;
        else if (name == u"retryScheduled"_s && ++retried == 2)
            secondRetry = i;
        else if (name == u"attemptStarted"_s && ++started == 3)
            probe = i;
        else if (name == u"breakerStateChanged"_s) {
            const QString state = m_events[i].value(u"state"_s).toString();
            (state == u"Open"_s ? open : state == u"HalfOpen"_s ? halfOpen : closed) = i;
        }
    }
    QVERIFY2(secondFailure < open && open < secondRetry, qPrintable(names.join(u',')));
    QVERIFY2(secondRetry < halfOpen && halfOpen < probe && probe < closed,
             qPrintable(names.join(u',')));
}

void TestEventRecorder::breakerPausedByHand()
{
    CircuitBreaker *breaker = m_breakers->breakerFor(m_server->baseUrl());
    breaker->pause();
    QCOMPARE(namesOf(m_events), QStringList{u"breakerStateChanged"_s});
    const QJsonObject paused = m_events.first();
    QCOMPARE(paused.value(u"state"_s).toString(), u"Open"_s);
    QCOMPARE(paused.value(u"paused"_s).toBool(), true);
    QCOMPARE(paused.value(u"msUntilProbe"_s).toInteger(), -1);
    QCOMPARE(paused.value(u"endpoint"_s).toString(), breaker->endpoint());

    m_events.clear();
    QVERIFY(runExchange(request()));
    QCOMPARE(m_server->chatRequestCount(), 0);
    QCOMPARE(namesOf(m_events), (QStringList{u"stateChanged"_s, u"failed"_s}));
    const QJsonObject error = m_events.last().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"kind"_s).toString(), u"CircuitOpen"_s);
    QVERIFY(!error.contains(u"retryAfterMs"_s)); // no probe comes by itself

    m_events.clear();
    breaker->reset();
    QCOMPARE(namesOf(m_events), QStringList{u"breakerStateChanged"_s});
    QCOMPARE(m_events.first().value(u"state"_s).toString(), u"Closed"_s);
    QCOMPARE(m_events.first().value(u"paused"_s).toBool(), false);
}

void TestEventRecorder::deltasCanBeLeftOut()
{
    m_recorder->setRecordDeltas(false);
    QVERIFY(runExchange(request()));
    QVERIFY(named(m_events, u"delta"_s).isEmpty());
    QCOMPARE(m_events.last().value(u"event"_s).toString(), u"finished"_s);
    QVERIFY(!m_events.last().value(u"text"_s).toString().isEmpty());

    m_events.clear();
    m_recorder->setRecordDeltas(true);
    QVERIFY(runExchange(request()));
    QVERIFY(named(m_events, u"delta"_s).size() > 1);
}

void TestEventRecorder::errorToJson()
{
    ApiError error;
    error.kind = ApiError::Kind::Timeout;
    error.message = u"no answer"_s;
    error.host = u"127.0.0.1:9"_s;
    error.timeoutPhase = ApiError::TimeoutPhase::FirstByte;
    error.timeoutAfter = 60s;
    error.retryable = true;
    error.networkError = QNetworkReply::OperationCanceledError;
    QCOMPARE(compact(ApiErrorJson::toJson(error)),
             QByteArray(R"({"host":"127.0.0.1:9","kind":"Timeout","message":"no answer",)"
                        R"("networkError":"OperationCanceledError","retryable":true,)"
                        R"("timeoutMs":60000,"timeoutPhase":"FirstByte"})"));

    ApiError full;
    full.kind = ApiError::Kind::RateLimited;
    full.httpStatus = 429;
    full.code = u"rate_limit_exceeded"_s;
    full.type = u"requests"_s;
    full.requestId = u"req_1"_s;
    full.retryAfter = 1500ms;
    full.shouldRetryHeader = false;
    full.redirectTarget = u"https://elsewhere.example/"_s;
    const QJsonObject json = ApiErrorJson::toJson(full);
    QCOMPARE(json.value(u"status"_s).toInt(), 429);
    QCOMPARE(json.value(u"code"_s).toString(), u"rate_limit_exceeded"_s);
    QCOMPARE(json.value(u"type"_s).toString(), u"requests"_s);
    QCOMPARE(json.value(u"requestId"_s).toString(), u"req_1"_s);
    QCOMPARE(json.value(u"retryAfterMs"_s).toInteger(), 1500);
    QCOMPARE(json.value(u"shouldRetryHeader"_s).toBool(true), false);
    QCOMPARE(json.value(u"redirectTarget"_s).toString(), u"https://elsewhere.example/"_s);
    QVERIFY(!json.contains(u"timeoutPhase"_s));
    QVERIFY(!json.contains(u"networkError"_s));
}

QTEST_GUILESS_MAIN(TestEventRecorder)

#include "TestEventRecorder.moc"
