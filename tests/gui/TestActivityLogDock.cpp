// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiError.h"
#include "core/net/ChatService.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/EventRecorder.h"
#include "gui/ActivityLogDock.h"
#include "support/FaultFixture.h"
#include "support/WidgetShots.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFontInfo>
#include <QJsonDocument>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::ActivityLogDock;
using steadfast::EventRecorder;
using steadfast::FaultStep;
using steadfast::test::FaultFixture;

using steadfast::test::screenshot;

namespace {

// Not "sk-…": the Redactor hides those by their shape alone, and this test needs the
// recorder's registered secrets to be what keeps it out.
const QString secret = u"local-proxy-token-7f3a9c2e5b1d"_s;

QJsonObject makeEvent(const QByteArray &json)
{
    QJsonObject object = QJsonDocument::fromJson(json).object();
    if (!object.contains(u"ts"_s))
        object.insert(u"ts"_s, u"2026-01-02T03:04:05.678Z"_s);
    return object;
}

/// The log's lines without their times.
QStringList wordsOf(const QString &text)
{
    static const QRegularExpression time(u"^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d  "_s);
    QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    for (QString &line : lines) {
        if (!line.contains(time))
            return {u"line without a time: "_s + line};
        line.remove(time);
    }
    return lines;
}

} // namespace

class TestActivityLogDock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theDockItself();
    void describeEvent_data();
    void describeEvent();
    void localTime();
    void rateLimitedThenSuccess();
    void secretsNeverShow();
    void deltasFoldIntoOneLine();
    void oldLinesGo();
    void copySaveAndClear();
    void saveFailureIsReported();
    void screenshots();
};

void TestActivityLogDock::theDockItself()
{
    ActivityLogDock dock(nullptr);
    QCOMPARE(dock.objectName(), u"activityLogDock"_s);
    QCOMPARE(dock.windowTitle(), u"Activity log"_s);
    QVERIFY(dock.view()->isReadOnly());
    QVERIFY(!dock.view()->isUndoRedoEnabled());
    QCOMPARE(dock.view()->maximumBlockCount(), ActivityLogDock::maximumLines);
    QVERIFY(QFontInfo(dock.view()->font()).fixedPitch());
    QCOMPARE(dock.copyButton()->accessibleName(), u"Copy the activity log"_s);
    QCOMPARE(dock.saveButton()->accessibleName(), u"Save the activity log"_s);
    QCOMPARE(dock.clearButton()->accessibleName(), u"Clear the activity log"_s);
    QCOMPARE(dock.saveButton()->text(), u"Save…"_s);
    for (QToolButton *button : {dock.copyButton(), dock.saveButton(), dock.clearButton()})
        QCOMPARE(button->focusPolicy(), Qt::StrongFocus);
    QCOMPARE(dock.eventCount(), 0);
    QVERIFY(dock.text().isEmpty());
}

void TestActivityLogDock::describeEvent_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("words");

    QTest::newRow("attempt") << QByteArray(R"({"event":"attemptStarted","attempt":1,)"
                                           R"("attemptsAllowed":6,"url":"http://h:1/v1/c"})")
                             << u"Attempt 1 of 6 → http://h:1/v1/c"_s;
    QTest::newRow("response") << QByteArray(R"({"event":"responseReceived","attempt":2,)"
                                            R"("status":503,"requestId":"req_7"})")
                              << u"Attempt 2: response HTTP 503, request id req_7"_s;
    QTest::newRow("response without id")
            << QByteArray(R"({"event":"responseReceived","attempt":1,"status":200,"requestId":""})")
            << u"Attempt 1: response HTTP 200"_s;
    QTest::newRow("attempt failed")
            << QByteArray(R"({"event":"attemptFailed","attempt":1,"partialChars":0,"error":)"
                          R"({"kind":"RateLimited","status":429,"message":"Slow down",)"
                          R"("requestId":"req_1","retryable":true}})")
            << u"Attempt 1 failed: Rate limited by the server (429) [RateLimited] — Slow down "
               "(request id req_1)"_s;
    QTest::newRow("attempt failed mid-stream")
            << QByteArray(R"({"event":"attemptFailed","attempt":2,"partialChars":42,"error":)"
                          R"({"kind":"StreamStalled","timeoutPhase":"Idle","timeoutMs":30000,)"
                          R"("message":"no bytes for 30 s"}})")
            << u"Attempt 2 failed with a partial reply of length 42: The stream stalled "
               "[StreamStalled] — no bytes for 30 s"_s;
    QTest::newRow("retry, server hint") << QByteArray(
            R"({"event":"retryScheduled","attempt":2,"attemptsAllowed":6,)"
            R"("delayMs":4200,"backoffMs":1100,"hintMs":4200,"source":"server-hint"})")
                                        << u"Retrying in 4.2 s (server hint) — attempt 2 of 6"_s;
    QTest::newRow("retry, backoff over a hint")
            << QByteArray(R"({"event":"retryScheduled","attempt":3,"attemptsAllowed":6,)"
                          R"("delayMs":2100,"backoffMs":2100,"hintMs":350,"source":"backoff"})")
            << u"Retrying in 2.1 s (backoff; the server hinted 350 ms) — attempt 3 of 6"_s;
    QTest::newRow("retry, probe") << QByteArray(
            R"({"event":"retryScheduled","attempt":4,"attemptsAllowed":6,)"
            R"("delayMs":23000,"backoffMs":4000,"source":"breaker-probe"})")
                                  << u"Retrying in 23.0 s (breaker probe) — attempt 4 of 6"_s;
    QTest::newRow("countdown tick")
            << QByteArray(R"({"event":"retryCountdown","msLeft":1})") << QString();
    QTest::newRow("waiting tick") << QByteArray(R"({"event":"responseWaiting","elapsedMs":1})")
                                  << QString();
    QTest::newRow("finished")
            << QByteArray(R"({"event":"finished","text":"Hello","finishReason":"stop",)"
                          R"("model":"m1","requestId":"req_9","attempts":2,"usage":)"
                          R"({"promptTokens":12,"completionTokens":3,"totalTokens":15}})")
            << u"Finished (attempts: 2): reply length 5, finish reason stop, model m1, tokens: "
               "12 prompt + 3 completion = 15, request id req_9"_s;
    QTest::newRow("failed")
            << QByteArray(R"({"event":"failed","partialChars":0,"error":{"kind":"Authentication",)"
                          R"("status":401,"message":"Incorrect API key"}})")
            << u"Failed: The API key was rejected (401) [Authentication] — Incorrect API key"_s;
    QTest::newRow("long wait")
            << QByteArray(R"({"event":"longWaitRequested","waitMs":3480000,"error":)"
                          R"({"kind":"RateLimited","status":429,"message":""}})")
            << u"The server asks to wait 58 min, longer than the maximum wait; asking you (Rate "
               "limited by the server (429) [RateLimited])"_s;
    QTest::newRow("failures") << QByteArray(R"({"event":"breakerFailuresChanged","endpoint":"E",)"
                                            R"("state":"Closed","failures":2,"threshold":5})")
                              << u"Circuit breaker for E: 2 of 5 consecutive failures"_s;
    QTest::newRow("opened")
            << QByteArray(R"({"event":"breakerStateChanged","endpoint":"E","state":"Open",)"
                          R"("failures":5,"threshold":5,"msUntilProbe":30000,"paused":false})")
            << u"Circuit breaker for E open after 5 of 5 failures; next probe in 30.0 s"_s;
    QTest::newRow("paused") << QByteArray(
            R"({"event":"breakerStateChanged","endpoint":"E","state":"Open",)"
            R"("failures":0,"threshold":5,"msUntilProbe":-1,"paused":true})")
                            << u"Circuit breaker for E paused by you"_s;
    QTest::newRow("half-open") << QByteArray(
            R"({"event":"breakerStateChanged","endpoint":"E","state":"HalfOpen",)"
            R"("failures":5,"threshold":5,"msUntilProbe":0,"paused":false})")
                               << u"Circuit breaker for E half-open: the next request is a probe"_s;
    QTest::newRow("closed")
            << QByteArray(R"({"event":"breakerStateChanged","endpoint":"E","state":"Closed",)"
                          R"("failures":0,"threshold":5,"msUntilProbe":0,"paused":false})")
            << u"Circuit breaker for E closed: requests go through (0 of 5 failures)"_s;
    QTest::newRow("rate limits")
            << QByteArray(R"({"event":"rateLimitUpdated","limitRequests":60,)"
                          R"("remainingRequests":59,"resetRequestsMs":1000,)"
                          R"("remainingTokens":149000})")
            << u"Rate limits: requests 59 of 60 left, reset in 1.0 s; tokens left: 149,000"_s;
    QTest::newRow("state") << QByteArray(R"({"event":"stateChanged","state":"WaitingToRetry"})")
                           << u"State: waiting to retry"_s;
    QTest::newRow("unknown event")
            << QByteArray(R"({"event":"somethingNew","a":1})") << u"somethingNew: {\"a\":1}"_s;
}

void TestActivityLogDock::describeEvent()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, words);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(ActivityLogDock::describeEvent(makeEvent(json)), words);

    ActivityLogDock dock(nullptr);
    dock.appendEvent(makeEvent(json));
    QCOMPARE(dock.eventCount(), words.isEmpty() ? 0 : 1);
    QCOMPARE(wordsOf(dock.text()), words.isEmpty() ? QStringList() : QStringList{words});
}

void TestActivityLogDock::localTime()
{
    ActivityLogDock dock(nullptr);
    dock.appendEvent(makeEvent(R"({"event":"stateChanged","state":"Sending"})"));
    const QString expected = QDateTime::fromString(u"2026-01-02T03:04:05.678Z"_s, Qt::ISODateWithMs)
                                     .toLocalTime()
                                     .toString(u"HH:mm:ss.zzz"_s);
    QCOMPARE(dock.text(), expected + u"  State: sending"_s);
}

void TestActivityLogDock::rateLimitedThenSuccess()
{
    FaultFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.server.errorString()));
    fixture.setOptions([](steadfast::ServiceOptions &options) { options.tickInterval = 10ms; });
    EventRecorder recorder(&fixture.service, &fixture.breakers);
    recorder.setRecordDeltas(false); // as the window does
    ActivityLogDock dock(&recorder);
    QSignalSpy recorded(&recorder, &EventRecorder::eventRecorded);

    FaultStep limited;
    limited.status = 429;
    limited.headers = {{"retry-after-ms", "120"}};
    limited.error = QJsonObject{{u"message"_s, u"Rate limit reached for test-model"_s}};
    fixture.server.arm(limited);
    QVERIFY(fixture.service.send(fixture.request(true)));
    QVERIFY(fixture.waitForEnd(30000));
    QCOMPARE(fixture.trace.results.size(), 1);
    QVERIFY(!fixture.trace.countdown.isEmpty()); // ticks came, and the log skipped them

    const QStringList lines = wordsOf(dock.text());
    const QString url = fixture.request(true).endpointUrl().toString();
    const int attempts = fixture.service.attemptsAllowed();
    auto indexOf = [&lines](const QString &pattern) {
        const QRegularExpression re(u"^"_s + pattern + u"$"_s);
        for (int i = 0; i < lines.size(); ++i)
            if (re.match(lines[i]).hasMatch())
                return i;
        return -1;
    };
    const int first =
            indexOf(u"Attempt 1 of %1 → %2"_s.arg(attempts).arg(QRegularExpression::escape(url)));
    const int response = indexOf(u"Attempt 1: response HTTP 429, request id req_\\d+"_s);
    const int failed = indexOf(u"Attempt 1 failed: Rate limited by the server \\(429\\) "
                               "\\[RateLimited\\] — Rate limit reached for test-model \\(request "
                               "id req_\\d+\\)"_s);
    const int retry =
            indexOf(u"Retrying in 120 ms \\(server hint\\) — attempt 2 of %1"_s.arg(attempts));
    const int second =
            indexOf(u"Attempt 2 of %1 → %2"_s.arg(attempts).arg(QRegularExpression::escape(url)));
    const int finished = indexOf(u"Finished \\(attempts: 2\\): reply length \\d+, finish reason "
                                 "stop, .*request id req_\\d+"_s);
    QVERIFY2(first >= 0 && response > first && failed > response && retry > failed && second > retry
                     && finished > second,
             qPrintable(lines.join(u'\n')));
    QCOMPARE(lines.size(), dock.eventCount());
    for (const QString &line : lines)
        QVERIFY2(!line.contains(u"retryCountdown"_s) && !line.contains(u"responseWaiting"_s),
                 qPrintable(line));
    // Every recorded event is a line, except the ticks.
    int ticks = 0;
    for (const QList<QVariant> &args : std::as_const(recorded)) {
        const QString name = args.at(0).toJsonObject().value(u"event"_s).toString();
        ticks += name == u"retryCountdown"_s || name == u"responseWaiting"_s ? 1 : 0;
    }
    QVERIFY(ticks > 0);
    QCOMPARE(dock.eventCount(), recorded.size() - ticks);
}

void TestActivityLogDock::secretsNeverShow()
{
    FaultFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.server.errorString()));
    EventRecorder recorder(&fixture.service, &fixture.breakers);
    recorder.addSecret(secret);
    ActivityLogDock dock(&recorder);

    // The server echoes a secret in its message, as OpenAI's 401 echoes the key. First with
    // another key sent, so the service's own redaction (of the key it sends) does not hide
    // it: the echo reaches the events, and only the recorder keeps it out of the log.
    FaultStep echo;
    echo.status = 401;
    echo.error = QJsonObject{{u"message"_s, u"Incorrect API key provided: %1."_s.arg(secret)}};
    fixture.server.arm(echo);
    QVERIFY(fixture.service.send(fixture.request(false, u"another-key-not-echoed"_s)));
    QVERIFY(fixture.waitForEnd(30000));
    QCOMPARE(fixture.trace.failures.size(), 1);
    QVERIFY(fixture.trace.failures.constFirst().error.message.contains(secret)); // it came back
    QVERIFY(dock.text().contains(u"Incorrect API key provided: [REDACTED]."_s));
    QVERIFY2(!dock.text().contains(secret), qPrintable(dock.text()));

    // Then as the window uses it: the secret is the key sent.
    fixture.trace.clear();
    fixture.server.arm(echo);
    QVERIFY(fixture.service.send(fixture.request(false, secret)));
    QVERIFY(fixture.waitForEnd(30000));
    QCOMPARE(fixture.trace.failures.size(), 1);
    QVERIFY(fixture.server.lastAuthorization().contains(secret.toUtf8())); // it was sent
    QCOMPARE(wordsOf(dock.text()).filter(u"Incorrect API key provided: [REDACTED]."_s).size(), 4);
    QVERIFY2(!dock.text().contains(secret), qPrintable(dock.text()));

    // An event handed in directly (not through the recorder) is redacted by the dock too.
    dock.appendEvent(makeEvent(u"{\"event\":\"note\",\"text\":\"%1\"}"_s.arg(secret).toUtf8()));
    QVERIFY2(!dock.text().contains(secret), qPrintable(dock.text()));

    QTemporaryDir dir;
    QVERIFY(dock.saveTo(dir.filePath(u"log.txt"_s)));
    QFile saved(dir.filePath(u"log.txt"_s));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(!saved.readAll().contains(secret.toUtf8()));
}

void TestActivityLogDock::deltasFoldIntoOneLine()
{
    FaultFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.server.errorString()));
    EventRecorder recorder(&fixture.service, &fixture.breakers);
    recorder.setRecordDeltas(true); // if deltas arrive at all, they are one line
    ActivityLogDock dock(&recorder);
    QVERIFY(fixture.service.send(fixture.request(true)));
    QVERIFY(fixture.waitForEnd(30000));
    const int chunks = int(fixture.trace.deltas.size());
    QVERIFY(chunks > 1);
    const QStringList lines = wordsOf(dock.text());
    QCOMPARE(lines.filter(u"Reply chunks received"_s),
             QStringList{u"Reply chunks received: %1"_s.arg(chunks)});
    const int chunkLine = int(lines.indexOf(u"Reply chunks received: %1"_s.arg(chunks)));
    QVERIFY(lines.at(chunkLine + 1).startsWith(u"Finished (attempts: 1)"_s)
            || lines.at(chunkLine + 1).startsWith(u"State:"_s));

    // Another event ends the run; the next delta starts a new line.
    dock.appendEvent(makeEvent(R"({"event":"delta","text":"a"})"));
    dock.appendEvent(makeEvent(R"({"event":"delta","text":"b"})"));
    QCOMPARE(wordsOf(dock.text()).constLast(), u"Reply chunks received: 2"_s);
    QCOMPARE(wordsOf(dock.text()).filter(u"Reply chunks received"_s).size(), 2);
}

void TestActivityLogDock::oldLinesGo()
{
    ActivityLogDock dock(nullptr);
    for (int i = 0; i < ActivityLogDock::maximumLines + 25; ++i)
        dock.appendEvent(makeEvent(u"{\"event\":\"attemptStarted\",\"attempt\":%1,"
                                   "\"attemptsAllowed\":1,\"url\":\"u\"}"_s.arg(i + 1)
                                           .toUtf8()));
    QCOMPARE(dock.eventCount(), ActivityLogDock::maximumLines);
    QVERIFY(wordsOf(dock.text()).constFirst().startsWith(u"Attempt 26 of 1"_s));
}

void TestActivityLogDock::copySaveAndClear()
{
    ActivityLogDock dock(nullptr);
    dock.appendEvent(makeEvent(R"({"event":"stateChanged","state":"Sending"})"));
    dock.appendEvent(makeEvent(R"({"event":"stateChanged","state":"Done"})"));
    QCOMPARE(dock.eventCount(), 2);

    QApplication::clipboard()->clear();
    QTest::mouseClick(dock.copyButton(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), dock.text());

    QTemporaryDir dir;
    const QString path = dir.filePath(u"activity.log"_s);
    QVERIFY(dock.saveTo(path));
    QVERIFY(dock.lastSaveError().isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), dock.text() + u'\n');
    file.close();

    QTest::mouseClick(dock.clearButton(), Qt::LeftButton);
    QCOMPARE(dock.eventCount(), 0);
    QVERIFY(dock.text().isEmpty());
    // The saved copy is untouched, and an empty log saves as an empty file.
    QVERIFY(dock.saveTo(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().isEmpty());
}

void TestActivityLogDock::saveFailureIsReported()
{
    ActivityLogDock dock(nullptr);
    dock.appendEvent(makeEvent(R"({"event":"stateChanged","state":"Sending"})"));
    QTemporaryDir dir;
    QVERIFY(!dock.saveTo(dir.filePath(u"no/such/folder/activity.log"_s)));
    QVERIFY(!dock.lastSaveError().isEmpty());
    QVERIFY(!QFile::exists(dir.filePath(u"no/such/folder/activity.log"_s)));
}

void TestActivityLogDock::screenshots()
{
    FaultFixture fixture(steadfast::CircuitBreaker::Options{2, 300ms});
    QVERIFY2(fixture.start(), qPrintable(fixture.server.errorString()));
    EventRecorder recorder(&fixture.service, &fixture.breakers);
    recorder.setRecordDeltas(false);
    QMainWindow window;
    auto *dock = new ActivityLogDock(&recorder, &window);
    window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    window.resize(900, 320);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    FaultStep busy;
    busy.status = 503;
    busy.error = QJsonObject{{u"message"_s, u"The engine is currently overloaded"_s}};
    fixture.server.arm(busy);
    FaultStep limited;
    limited.status = 429;
    limited.headers = {{"retry-after-ms", "40"}};
    fixture.server.arm(limited);
    QVERIFY(fixture.service.send(fixture.request(true)));
    QVERIFY(fixture.waitForEnd(30000));
    QVERIFY(dock->eventCount() > 5);
    screenshot(&window, u"activity-log"_s);
}

QTEST_MAIN(TestActivityLogDock)
#include "TestActivityLogDock.moc"
