// SPDX-License-Identifier: GPL-3.0-or-later
// HttpAttempt against the real fault server over loopback TCP: the facts a reply leaves
// for the classifier, the redirect rule, the three phase timers, the bounded body, who
// aborted, and where the API key goes (the Authorization header, and nowhere else).
#include "core/net/HttpAttempt.h"

#include "core/errors/ErrorClassifier.h"
#include "faultserver/FaultScript.h"
#include "faultserver/FaultServer.h"
#include "support/SinkServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono;
using namespace std::chrono_literals;
using namespace steadfast;
using Kind = ApiError::Kind;
using TimeoutPhase = ApiError::TimeoutPhase;
using Phase = HttpAttempt::Phase;

Q_DECLARE_METATYPE(steadfast::FaultStep)

namespace {

constexpr int kEndTimeoutMs = 15000; // generous: two shared cores
constexpr int kQuietMs = 300;        // how long to watch for something that must NOT happen
const QString kKey = u"sk-attempt-secret-0123456789abcdef"_s;

QByteArray chatBody(bool stream, qsizetype padding = 0)
{
    const QJsonObject message{{u"role"_s, u"user"_s},
                              {u"content"_s, u"Hello"_s + QString(padding, u'x')}};
    return QJsonDocument(QJsonObject{{u"model"_s, u"test-model"_s},
                                     {u"messages"_s, QJsonArray{message}},
                                     {u"stream"_s, stream}})
            .toJson(QJsonDocument::Compact);
}

/// A chat request to server, as ChatService makes one (streaming or not).
HttpRequest chatRequest(const QUrl &baseUrl, bool stream)
{
    HttpRequest request;
    request.url = QUrl(baseUrl.toString() + u"/chat/completions"_s);
    request.verb = HttpRequest::Verb::Post;
    request.body = chatBody(stream);
    request.readsEventStreams = true;
    request.asksForEventStream = stream;
    request.connectTimeout = 5000ms;
    request.firstByteTimeout = 5000ms;
    request.idleTimeout = 5000ms;
    return request;
}

/// One attempt and what it said, in order.
struct Run
{
    explicit Run(QNetworkAccessManager *network, const HttpRequest &request)
        : attempt(network, request)
    {
        QObject::connect(&attempt, &HttpAttempt::phaseChanged, &context,
                         [this](Phase phase) { phases.append(phase); });
        QObject::connect(&attempt, &HttpAttempt::metaDataReceived, &context,
                         [this] { statuses.append(attempt.httpStatus()); });
        QObject::connect(&attempt, &HttpAttempt::bytesReceived, &context,
                         [this](const QByteArray &chunk) { bytes += chunk; });
        QObject::connect(&attempt, &HttpAttempt::redirected, &context,
                         [this](const QUrl &url) { redirects.append(url); });
        QObject::connect(&attempt, &HttpAttempt::finished, &context, [this] { ++finishedCount; });
    }

    bool waitForEnd()
    {
        if (finishedCount == 0) {
            QSignalSpy finished(&attempt, &HttpAttempt::finished);
            finished.wait(kEndTimeoutMs);
        }
        return finishedCount == 1;
    }

    const AttemptFacts &facts() const { return attempt.result().facts; }

    HttpAttempt attempt;
    QObject context;
    QList<Phase> phases;
    QList<int> statuses;
    QByteArray bytes;
    QList<QUrl> redirects;
    int finishedCount = 0;
};

bool headerContains(const RawHeaders &headers, const QByteArray &name, const QByteArray &part)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0 && value.contains(part))
            return true;
    }
    return false;
}

} // namespace

class TestHttpAttempt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void replyFacts_data();
    void replyFacts();
    void theRequestAsSent_data();
    void theRequestAsSent();

    void redirects_data();
    void redirects();

    void phaseTimeouts_data();
    void phaseTimeouts();
    void ownerTimeoutNamesItsPhase();

    void bodyBound_data();
    void bodyBound();

    void cancelIsAUserAbort();
    void stopEmitsNothing();
    void drainEmitsNothing();

    void keyNeverHandedOut();

private:
    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestHttpAttempt::init()
{
    m_server = std::make_unique<FaultServer>();
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_server->setChunkDelay(2ms);
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestHttpAttempt::cleanup()
{
    m_network.reset();
    m_server.reset();
}

void TestHttpAttempt::replyFacts_data()
{
    QTest::addColumn<FaultStep>("step");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("status");        // 0: none arrived
    QTest::addColumn<bool>("isStream");     // the body was handed out as an event stream
    QTest::addColumn<QByteArray>("inBody"); // part of the kept body ("" = empty body)
    QTest::addColumn<QByteArray>("header"); // a response header that must be among the facts
    QTest::addColumn<bool>("networkError");
    QTest::addColumn<int>("kind"); // the classifier's verdict; -1: a success (nullopt)

    QTest::newRow("200 JSON") << FaultStep{} << false << 200 << false
                              << QByteArray("chat.completion") << QByteArray("x-request-id")
                              << false << -1;
    QTest::newRow("200 stream") << FaultStep{} << true << 200 << true << QByteArray()
                                << QByteArray("x-request-id") << false << -1;
    QTest::newRow("200 stream without its Content-Type")
            << FaultStep{.body = QByteArray("data: [DONE]\n\n"), .contentType = "text/plain"}
            << true << 200 << true << QByteArray() << QByteArray() << false << -1;
    QTest::newRow("401") << FaultStep{.status = 401} << false << 401 << false << QByteArray("error")
                         << QByteArray("x-request-id") << true << int(Kind::Authentication);
    QTest::newRow("429 with Retry-After")
            << FaultStep{.status = 429, .headers = {{"Retry-After", "7"}}} << true << 429 << false
            << QByteArray("error") << QByteArray("retry-after") << true << int(Kind::RateLimited);
    QTest::newRow("503 to a stream request")
            << FaultStep{.status = 503} << true << 503 << false << QByteArray("error")
            << QByteArray() << true << int(Kind::Server);
    QTest::newRow("HTML page from a proxy")
            << FaultStep{.html = true} << false << 502 << false << QByteArray("<") << QByteArray()
            << true << int(Kind::Server);
    // Qt resends a request once after a reset: every request of the attempt is reset.
    QTest::newRow("connection reset")
            << FaultStep{.action = FaultStep::Action::Reset, .repeat = 3} << false << 0 << false
            << QByteArray() << QByteArray() << true << int(Kind::Connection);
}

void TestHttpAttempt::replyFacts()
{
    QFETCH(FaultStep, step);
    QFETCH(bool, stream);
    QFETCH(int, status);
    QFETCH(bool, isStream);
    QFETCH(QByteArray, inBody);
    QFETCH(QByteArray, header);
    QFETCH(bool, networkError);
    QFETCH(int, kind);

    m_server->arm(step);
    Run run(m_network.get(), chatRequest(m_server->baseUrl(), stream));
    run.attempt.start();
    QVERIFY(run.attempt.isRunning());
    QVERIFY(run.waitForEnd());
    QVERIFY(!run.attempt.isRunning());
    QCOMPARE(run.attempt.phase(), Phase::None);

    const AttemptFacts &facts = run.facts();
    QCOMPARE(facts.httpStatus, status);
    QCOMPARE(facts.headersSeen, status > 0);
    QCOMPARE(facts.isStream, isStream);
    QCOMPARE(facts.abort, AbortCause::None);
    QCOMPARE(facts.networkError != QNetworkReply::NoError, networkError);
    QCOMPARE(facts.host, u"127.0.0.1:%1"_s.arg(m_server->port()));
    QVERIFY(!run.attempt.result().redirectError);
    if (inBody.isEmpty())
        QVERIFY2(facts.body.isEmpty(), facts.body.constData());
    else
        QVERIFY2(facts.body.contains(inBody), facts.body.constData());
    if (!header.isEmpty())
        QVERIFY(headerContains(facts.headers, header, QByteArray()));
    if (header == "x-request-id")
        QVERIFY2(facts.requestId.startsWith(u"req_"_s), qPrintable(facts.requestId));
    // An event stream is handed out as it comes and not kept; every body is handed out.
    if (isStream)
        QVERIFY2(run.bytes.contains("data:"), run.bytes.constData());
    else
        QVERIFY(run.bytes.startsWith(facts.body));
    QCOMPARE(run.statuses, status > 0 ? QList<int>{status} : QList<int>{});
    QCOMPARE(run.phases.first(), Phase::Connect);
    QCOMPARE(run.phases.last(), status > 0 ? Phase::Body : Phase::FirstByte);

    const std::optional<ApiError> verdict = ErrorClassifier::classifyAttempt([&] {
        AttemptFacts complete = facts;
        complete.streamComplete = isStream; // the reader saw [DONE]
        return complete;
    }());
    QCOMPARE(verdict ? int(verdict->kind) : -1, kind);
}

void TestHttpAttempt::theRequestAsSent_data()
{
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("accept");
    QTest::newRow("JSON") << false << u"application/json"_s;
    QTest::newRow("stream") << true << u"application/json, text/event-stream"_s;
}

void TestHttpAttempt::theRequestAsSent()
{
    QFETCH(bool, stream);
    QFETCH(QString, accept);
    HttpRequest request = chatRequest(m_server->baseUrl(), stream);
    request.clientRequestId = "client-id-42";
    Run run(m_network.get(), request);
    run.attempt.start();
    QVERIFY(run.waitForEnd());
    const QList<QJsonObject> log = m_server->requestLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(log.first().value(u"body"_s).toObject(),
             QJsonDocument::fromJson(request.body).object());
    QVERIFY(!log.first().value(u"hasAuthorization"_s).toBool()); // no key, no header
    QVariantMap headers;
    const QJsonObject sent = log.first().value(u"headers"_s).toObject();
    for (auto it = sent.begin(); it != sent.end(); ++it)
        headers.insert(it.key().toLower(), it.value().toString());
    QCOMPARE(headers.value(u"accept"_s).toString(), accept);
    QCOMPARE(headers.value(u"content-type"_s).toString(), u"application/json"_s);
    QCOMPARE(headers.value(u"x-client-request-id"_s).toString(), u"client-id-42"_s);
    QVERIFY(headers.value(u"user-agent"_s).toString().startsWith(u"Steadfast/"_s));
}

void TestHttpAttempt::redirects_data()
{
    QTest::addColumn<QString>("location"); // {other}: the other server's port; {this}: ours
    QTest::addColumn<int>("repeat");
    QTest::addColumn<int>("followed");
    QTest::addColumn<int>("kind"); // of the redirect error; -1: none (the reply is a 200)
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("same origin, other path")
            << u"/v2/chat/completions"_s << 1 << 1 << -1 << QString();
    QTest::newRow("same origin, absolute")
            << u"http://127.0.0.1:{this}/v2/chat/completions"_s << 1 << 1 << -1 << QString();
    QTest::newRow("other port") << u"http://127.0.0.1:{other}/v1/chat/completions"_s << 1 << 0
                                << int(Kind::Redirect) << u"another origin"_s;
    QTest::newRow("other host") << u"http://localhost:{this}/v1/chat/completions"_s << 1 << 0
                                << int(Kind::Redirect) << u"another origin"_s;
    QTest::newRow("too many") << u"/v1/chat/completions"_s << 99 << 2 << int(Kind::Redirect)
                              << u"too many redirects"_s;
}

void TestHttpAttempt::redirects()
{
    QFETCH(QString, location);
    QFETCH(int, repeat);
    QFETCH(int, followed);
    QFETCH(int, kind);
    QFETCH(QString, messagePart);

    FaultServer other;
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    const QString target = QString(location)
                                   .replace(u"{other}"_s, QString::number(other.port()))
                                   .replace(u"{this}"_s, QString::number(m_server->port()));
    m_server->arm(
            FaultStep{.status = 307, .headers = {{"Location", target.toUtf8()}}, .repeat = repeat});
    // The API moved to /v2: once redirected, the server serves only the new path.
    QObject context;
    if (target.contains(u"/v2/"_s)) {
        connect(m_server.get(), &FaultServer::requestReceived, &context,
                [this] { m_server->setPathPrefix(u"/v2"_s); });
    }
    HttpRequest request = chatRequest(m_server->baseUrl(), false);
    request.maxRedirects = 2;
    Run run(m_network.get(), request);
    run.attempt.start();
    QVERIFY(run.waitForEnd());

    const HttpResult &result = run.attempt.result();
    QCOMPARE(result.redirects, followed);
    QCOMPARE(run.redirects.size(), followed);
    QCOMPARE(m_server->requestLog().size(), 1 + followed);
    QCOMPARE(other.requestLog().size(), 0); // nothing went to another origin
    QCOMPARE(other.acceptedConnectionCount(), 0);
    if (kind < 0) {
        QVERIFY(!result.redirectError);
        QCOMPARE(result.facts.httpStatus, 200);
        QCOMPARE(result.url.path(), u"/v2/chat/completions"_s);
        QCOMPARE(run.statuses, (QList<int>{307, 200})); // a followed redirect's headers too
        QCOMPARE(m_server->requestLog().last().value(u"method"_s).toString(), u"POST"_s);
        return;
    }
    QVERIFY(result.redirectError);
    const ApiError &error = *result.redirectError;
    QCOMPARE(int(error.kind), kind);
    QCOMPARE(error.httpStatus, 307);
    QVERIFY(!error.retryable);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    QCOMPARE(error.redirectTarget, QUrl(request.url).resolved(QUrl(target)).toDisplayString());
    QVERIFY(error.requestId.startsWith(u"req_"_s));
}

void TestHttpAttempt::phaseTimeouts_data()
{
    QTest::addColumn<TimeoutPhase>("phase");
    QTest::addColumn<QList<Phase>>("phases");

    QTest::newRow("connect: the peer never reads")
            << TimeoutPhase::Connect << QList<Phase>{Phase::Connect};
    QTest::newRow("first byte: the server thinks")
            << TimeoutPhase::FirstByte << QList<Phase>{Phase::Connect, Phase::FirstByte};
    QTest::newRow("idle: the stream stalls")
            << TimeoutPhase::Idle << QList<Phase>{Phase::Connect, Phase::FirstByte, Phase::Body};
}

void TestHttpAttempt::phaseTimeouts()
{
    QFETCH(TimeoutPhase, phase);
    QFETCH(QList<Phase>, phases);

    SinkServer sink;
    QVERIFY(sink.listen(QHostAddress::LocalHost, 0));
    HttpRequest request = chatRequest(m_server->baseUrl(), true);
    const milliseconds limit = 300ms;
    switch (phase) {
    case TimeoutPhase::Connect:
        request.url = QUrl(u"http://127.0.0.1:%1/v1/chat/completions"_s.arg(sink.serverPort()));
        // 16 MiB cannot fit in the socket buffers of a peer that never reads.
        request.body = chatBody(false, 16 * 1024 * 1024);
        request.connectTimeout = limit;
        break;
    case TimeoutPhase::FirstByte:
        m_server->arm(FaultStep{.delay = 5000ms});
        request.firstByteTimeout = limit;
        break;
    case TimeoutPhase::Idle:
        m_server->arm(FaultStep{.stallAfterChunks = 1});
        request.idleTimeout = limit;
        break;
    case TimeoutPhase::Deadline:
    case TimeoutPhase::None:
        QFAIL("not a phase of its own");
    }
    Run run(m_network.get(), request);
    run.attempt.start();
    QVERIFY(run.waitForEnd());

    const AttemptFacts &facts = run.facts();
    QCOMPARE(facts.abort, AbortCause::Timeout);
    QCOMPARE(facts.timedOutPhase, phase);
    QCOMPARE(facts.timeoutLimit, limit);
    QCOMPARE(run.phases, phases);
    const std::optional<ApiError> verdict = ErrorClassifier::classifyAttempt(facts);
    QVERIFY(verdict);
    QCOMPARE(verdict->kind, phase == TimeoutPhase::Idle ? Kind::StreamStalled : Kind::Timeout);
    QCOMPARE(verdict->timeoutPhase, phase);
}

void TestHttpAttempt::ownerTimeoutNamesItsPhase()
{
    // The owner's own limit (ChatService's overall deadline, ModelsClient's one timeout).
    m_server->arm(FaultStep{.delay = 5000ms});
    Run run(m_network.get(), chatRequest(m_server->baseUrl(), false));
    QObject context;
    connect(&run.attempt, &HttpAttempt::phaseChanged, &context, [&run](Phase phase) {
        if (phase == Phase::FirstByte)
            run.attempt.timeOut(TimeoutPhase::Deadline, 1234ms);
    });
    run.attempt.start();
    QVERIFY(run.waitForEnd());
    QCOMPARE(run.facts().abort, AbortCause::Timeout);
    QCOMPARE(run.facts().timedOutPhase, TimeoutPhase::Deadline);
    QCOMPARE(run.facts().timeoutLimit, 1234ms);
}

void TestHttpAttempt::bodyBound_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("kept");
    QTest::addColumn<bool>("cut");

    constexpr int bound = 4000;
    QTest::newRow("error body within") << 500 << bound - 1 << bound - 1 << false;
    QTest::newRow("error body at the bound") << 500 << bound << bound << false;
    QTest::newRow("error body over") << 500 << 200'000 << bound << true;
    QTest::newRow("reply within") << 200 << bound - 1 << bound - 1 << false;
    QTest::newRow("reply over") << 200 << 200'000 << bound << true;
}

void TestHttpAttempt::bodyBound()
{
    QFETCH(int, status);
    QFETCH(int, size);
    QFETCH(int, kept);
    QFETCH(bool, cut);

    m_server->arm(FaultStep{
            .status = status, .body = QByteArray(size, 'x'), .contentType = "text/plain"});
    HttpRequest request = chatRequest(m_server->baseUrl(), false);
    request.maxErrorBodyBytes = 4000;
    request.maxReplyBytes = 4000;
    Run run(m_network.get(), request);
    run.attempt.start();
    QVERIFY(run.waitForEnd());

    const AttemptFacts &facts = run.facts();
    QCOMPARE(facts.httpStatus, status);
    QCOMPARE(facts.body.size(), kept);
    QCOMPARE(facts.body, QByteArray(kept, 'x'));
    QCOMPARE(facts.abort, cut ? AbortCause::BodyLimit : AbortCause::None);
    QCOMPARE(facts.maxReplyBytes, 4000);
    if (status == 200 && cut) {
        const std::optional<ApiError> verdict = ErrorClassifier::classifyAttempt(facts);
        QVERIFY(verdict);
        QCOMPARE(verdict->kind, Kind::InvalidResponse);
        QVERIFY2(verdict->message.contains(u"larger than 4000 bytes"_s),
                 qPrintable(verdict->message));
    }
}

void TestHttpAttempt::cancelIsAUserAbort()
{
    m_server->arm(FaultStep{.delay = 5000ms});
    HttpRequest request = chatRequest(m_server->baseUrl(), false);
    request.firstByteTimeout = 200ms; // would fire later, if the cancel did not come first
    Run run(m_network.get(), request);
    QSignalSpy received(m_server.get(), &FaultServer::requestReceived);
    run.attempt.start();
    QVERIFY(received.wait(kEndTimeoutMs));
    run.attempt.abort(AbortCause::User);
    QCOMPARE(run.finishedCount, 1); // at once
    QVERIFY(!run.attempt.isRunning());
    QCOMPARE(run.facts().abort, AbortCause::User);
    QCOMPARE(run.facts().timedOutPhase, TimeoutPhase::None);
    QCOMPARE(run.facts().networkError, QNetworkReply::OperationCanceledError);
    const std::optional<ApiError> verdict = ErrorClassifier::classifyAttempt(run.facts());
    QVERIFY(verdict);
    QCOMPARE(verdict->kind, Kind::Cancelled); // not a Timeout: Qt says the same for both
    QTest::qWait(kQuietMs);
    QCOMPARE(run.finishedCount, 1);
}

void TestHttpAttempt::stopEmitsNothing()
{
    m_server->arm(FaultStep{.delay = 1000ms});
    Run run(m_network.get(), chatRequest(m_server->baseUrl(), false));
    QSignalSpy received(m_server.get(), &FaultServer::requestReceived);
    run.attempt.start();
    QVERIFY(received.wait(kEndTimeoutMs));
    run.attempt.stop();
    QVERIFY(!run.attempt.isRunning());
    QSignalSpy finished(&run.attempt, &HttpAttempt::finished);
    QVERIFY(!finished.wait(kQuietMs));
    QCOMPARE(run.finishedCount, 0);
    QCOMPARE(run.attempt.phase(), Phase::None);
}

void TestHttpAttempt::drainEmitsNothing()
{
    // A stream whose server holds the connection open after [DONE]: the reader lets go.
    m_server->arm(FaultStep{.holdOpen = true});
    Run run(m_network.get(), chatRequest(m_server->baseUrl(), true));
    QObject context;
    connect(&run.attempt, &HttpAttempt::bytesReceived, &context, [&run] {
        if (run.bytes.contains("[DONE]"))
            run.attempt.drain();
    });
    run.attempt.start();
    QTRY_VERIFY_WITH_TIMEOUT(run.bytes.contains("[DONE]"), kEndTimeoutMs);
    QVERIFY(!run.attempt.isRunning());
    QSignalSpy finished(&run.attempt, &HttpAttempt::finished);
    QVERIFY(!finished.wait(kQuietMs));
    QCOMPARE(run.finishedCount, 0);
}

void TestHttpAttempt::keyNeverHandedOut()
{
    // The server echoes the key (as OpenAI's 401 does), then points elsewhere with it.
    m_server->arm(
            FaultStep{.status = 307,
                      .error = {{u"message"_s, u"Incorrect API key provided: %1"_s.arg(kKey)}},
                      .headers = {{"Location", "http://127.0.0.2:9/steal?key=" + kKey.toUtf8()}}});
    HttpRequest request = chatRequest(m_server->baseUrl(), false);
    request.apiKey = kKey;
    Run run(m_network.get(), request);
    run.attempt.start();
    QVERIFY(run.waitForEnd());
    QCOMPARE(m_server->lastAuthorization(), "Bearer " + kKey.toUtf8()); // where it belongs

    // The request's headers as handed out.
    const RawHeaders sent = run.attempt.redactedRequestHeaders();
    QVERIFY(headerContains(sent, "Authorization", "Bearer "));
    for (const auto &[name, value] : sent)
        QVERIFY2(!value.contains(kKey.toUtf8()), name.constData());
    // The redirect refusal it builds.
    QVERIFY(run.attempt.result().redirectError);
    const ApiError &refusal = *run.attempt.result().redirectError;
    QCOMPARE(refusal.kind, Kind::Redirect);
    for (const QString &text : {refusal.message, refusal.redirectTarget, refusal.requestId})
        QVERIFY2(!text.contains(kKey), qPrintable(text));

    // A server's echo of the key, once classified, is redacted before it goes anywhere.
    m_server->arm(
            FaultStep{.status = 401,
                      .error = {{u"message"_s, u"Incorrect API key provided: %1"_s.arg(kKey)}}});
    Run second(m_network.get(), request);
    second.attempt.start();
    QVERIFY(second.waitForEnd());
    const std::optional<ApiError> verdict = ErrorClassifier::classifyAttempt(second.facts());
    QVERIFY(verdict);
    QVERIFY(verdict->message.contains(kKey)); // what the server said, as facts
    const ApiError redacted = HttpAttempt::redacted(*verdict, kKey);
    QVERIFY2(!redacted.message.contains(kKey), qPrintable(redacted.message));
    QVERIFY(redacted.message.contains(u"[REDACTED]"_s));
}

QTEST_GUILESS_MAIN(TestHttpAttempt)
#include "TestHttpAttempt.moc"
