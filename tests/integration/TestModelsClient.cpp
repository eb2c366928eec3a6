// SPDX-License-Identifier: GPL-3.0-or-later
// ModelsClient against the real fault server over loopback TCP: the model list, every way
// GET /models can fail (classified as the chat path classifies them), the timeout, a closed
// port, where the key goes (and where it must not), redirects, cancelling.
#include "core/net/ModelsClient.h"

#include "faultserver/FaultServer.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using Kind = ApiError::Kind;
using Phase = ApiError::TimeoutPhase;

Q_DECLARE_METATYPE(steadfast::FaultStep)

namespace {

constexpr int kEndTimeoutMs = 15000; // generous: two shared cores
constexpr int kQuietMs = 300;        // how long to watch for something that must NOT happen

/// A port that nothing listens on: bound once, then closed.
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestModelsClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void modelsUrl_data();
    void modelsUrl();

    void modelList_data();
    void modelList();
    void failures_data();
    void failures();
    void connectionRefused();
    void invalidBaseUrl_data();
    void invalidBaseUrl();

    void authorizationOnlyWithAKey_data();
    void authorizationOnlyWithAKey();
    void keyNeverInTheError();

    void sameOriginRedirectFollowed();
    void crossOriginRedirectRefused();

    void cancelEmitsNothing();
    void newFetchReplacesTheOldOne();
    void runningState();

private:
    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestModelsClient::init()
{
    m_server = std::make_unique<FaultServer>();
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestModelsClient::cleanup()
{
    m_network.reset();
    m_server.reset();
}

void TestModelsClient::modelsUrl_data()
{
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<QUrl>("expected");
    QTest::newRow("v1") << QUrl(u"http://127.0.0.1:8080/v1"_s)
                        << QUrl(u"http://127.0.0.1:8080/v1/models"_s);
    QTest::newRow("trailing slash")
            << QUrl(u"https://api.openai.com/v1/"_s) << QUrl(u"https://api.openai.com/v1/models"_s);
    QTest::newRow("two trailing slashes") << QUrl(u"https://openrouter.ai/api/v1//"_s)
                                          << QUrl(u"https://openrouter.ai/api/v1/models"_s);
    QTest::newRow("root") << QUrl(u"http://localhost:1234"_s)
                          << QUrl(u"http://localhost:1234/models"_s);
    QTest::newRow("query and fragment dropped")
            << QUrl(u"http://h/v1?x=1#y"_s) << QUrl(u"http://h/v1/models"_s);
}

void TestModelsClient::modelsUrl()
{
    QFETCH(QUrl, baseUrl);
    QFETCH(QUrl, expected);
    QCOMPARE(ModelsClient::modelsUrl(baseUrl), expected);
}

void TestModelsClient::modelList_data()
{
    QTest::addColumn<QStringList>("served");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("default models")
            << QStringList() << QStringList{u"steadfast-demo"_s, u"steadfast-demo-large"_s};
    QTest::newRow("sorted and de-duplicated")
            << QStringList{u"llama3.2:3b"_s, u"gpt-4o"_s, u"llama3.2:3b"_s, u"Mistral"_s,
                           u"gpt-4o-mini"_s}
            << QStringList{u"Mistral"_s, u"gpt-4o"_s, u"gpt-4o-mini"_s, u"llama3.2:3b"_s};
    QTest::newRow("one model") << QStringList{u"qwen2.5-coder"_s}
                               << QStringList{u"qwen2.5-coder"_s};
    QTest::newRow("unicode ids") << QStringList{u"modèle-β"_s, u"a"_s}
                                 << QStringList{u"a"_s, u"modèle-β"_s};
}

void TestModelsClient::modelList()
{
    QFETCH(QStringList, served);
    QFETCH(QStringList, expected);

    if (!served.isEmpty())
        m_server->setModels(served);
    ModelsClient client(m_network.get());
    QSignalSpy fetched(&client, &ModelsClient::modelsFetched);
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    client.fetch(m_server->baseUrl(), QString());
    QVERIFY(client.isRunning());
    QVERIFY(fetched.wait(kEndTimeoutMs));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(fetched.count(), 1);
    QCOMPARE(fetched.constFirst().at(0).toStringList(), expected);
    QVERIFY(fetched.constFirst().at(1).toString().startsWith(u"req_"_s)); // x-request-id
    QVERIFY(!client.isRunning());

    const QList<QJsonObject> log = m_server->requestLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.constFirst().value(u"method"_s).toString(), u"GET"_s);
    QCOMPARE(log.constFirst().value(u"path"_s).toString(), u"/v1/models"_s);
}

void TestModelsClient::failures_data()
{
    QTest::addColumn<FaultStep>("step");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<QString>("messagePart"); // a piece of error.message ("" = not checked)
    QTest::addColumn<Phase>("phase");

    const auto models = FaultStep::Match::Models;
    QTest::newRow("401") << FaultStep{.match = models, .status = 401} << 10000
                         << Kind::Authentication << 401 << false << QString() << Phase::None;
    QTest::newRow("401 with the server's message")
            << FaultStep{.match = models,
                         .status = 401,
                         .error = {{u"message"_s, u"Incorrect API key provided."_s},
                                   {u"code"_s, u"invalid_api_key"_s}}}
            << 10000 << Kind::Authentication << 401 << false << u"Incorrect API key provided."_s
            << Phase::None;
    QTest::newRow("403") << FaultStep{.match = models, .status = 403} << 10000 << Kind::Permission
                         << 403 << false << QString() << Phase::None;
    QTest::newRow("404") << FaultStep{.match = models, .status = 404} << 10000 << Kind::NotFound
                         << 404 << false << QString() << Phase::None;
    QTest::newRow("429") << FaultStep{.match = models, .status = 429} << 10000 << Kind::RateLimited
                         << 429 << true << QString() << Phase::None;
    QTest::newRow("500") << FaultStep{.match = models, .status = 500} << 10000 << Kind::Server
                         << 500 << true << QString() << Phase::None;
    QTest::newRow("503") << FaultStep{.match = models, .status = 503} << 10000 << Kind::Server
                         << 503 << true << QString() << Phase::None;
    QTest::newRow("HTML page from a proxy")
            << FaultStep{.match = models, .html = true} << 10000 << Kind::Server << 502 << true
            << QString() << Phase::None;
    QTest::newRow("not JSON") << FaultStep{.match = models,
                                           .malformed = FaultStep::Malformed::NotJson}
                              << 10000 << Kind::InvalidResponse << 200 << true
                              << u"not valid JSON"_s << Phase::None;
    QTest::newRow("truncated JSON")
            << FaultStep{.match = models, .malformed = FaultStep::Malformed::TruncatedJson} << 10000
            << Kind::InvalidResponse << 200 << true << u"not valid JSON"_s << Phase::None;
    QTest::newRow("wrong shape") << FaultStep{.match = models,
                                              .malformed = FaultStep::Malformed::WrongShape}
                                 << 10000 << Kind::InvalidResponse << 200 << true << u"\"data\""_s
                                 << Phase::None;
    QTest::newRow("empty body") << FaultStep{.match = models,
                                             .malformed = FaultStep::Malformed::Empty}
                                << 10000 << Kind::InvalidResponse << 200 << true << QString()
                                << Phase::None;
    QTest::newRow("data is not a list")
            << FaultStep{.match = models,
                         .body = QByteArray(R"({"object":"list","data":{}})"),
                         .contentType = "application/json"}
            << 10000 << Kind::InvalidResponse << 200 << true << u"\"data\""_s << Phase::None;
    QTest::newRow("entries without ids")
            << FaultStep{.match = models,
                         .body = QByteArray(R"({"data":[{"name":"x"},{"id":7}]})"),
                         .contentType = "application/json"}
            << 10000 << Kind::InvalidResponse << 200 << true << u"\"id\""_s << Phase::None;
    QTest::newRow("larger than 1 MiB")
            << FaultStep{.match = models, .oversizeBytes = 3 * (1 << 20)} << 10000
            << Kind::InvalidResponse << 200 << true << u"larger than"_s << Phase::None;
    QTest::newRow("connection reset")
            << FaultStep{.match = models, .action = FaultStep::Action::Reset} << 10000
            << Kind::Connection << 0 << true << QString() << Phase::None;
    QTest::newRow("headers later than the timeout")
            << FaultStep{.match = models, .delay = 5000ms} << 1000 << Kind::Timeout << 0 << true
            << QString() << Phase::FirstByte;
    QTest::newRow("server hangs") << FaultStep{.match = models, .action = FaultStep::Action::Hang}
                                  << 1000 << Kind::Timeout << 0 << true << QString()
                                  << Phase::FirstByte;
}

void TestModelsClient::failures()
{
    QFETCH(FaultStep, step);
    QFETCH(int, timeoutMs);
    QFETCH(Kind, kind);
    QFETCH(int, status);
    QFETCH(bool, retryable);
    QFETCH(QString, messagePart);
    QFETCH(Phase, phase);

    // Armed for several requests: Qt may send a GET again by itself after a dropped
    // connection, and the retry must meet the same fault.
    step.repeat = 3;
    m_server->arm(step);
    ModelsClient client(m_network.get());
    QSignalSpy fetched(&client, &ModelsClient::modelsFetched);
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    QElapsedTimer clock;
    clock.start();
    client.fetch(m_server->baseUrl(), QString(), std::chrono::milliseconds(timeoutMs));
    QVERIFY(failed.wait(kEndTimeoutMs));
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(fetched.count(), 0);
    QCOMPARE(failed.count(), 1);
    QVERIFY(!client.isRunning());

    const auto error = failed.constFirst().constFirst().value<ApiError>();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.timeoutPhase, phase);
    QCOMPARE(error.host, u"127.0.0.1:%1"_s.arg(m_server->port()));
    if (!messagePart.isEmpty())
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    QVERIFY(!error.message.isEmpty());
    if (status >= 400)
        QVERIFY(error.requestId.startsWith(u"req_"_s));
    if (kind == Kind::Timeout) {
        QCOMPARE(error.timeoutAfter, std::chrono::milliseconds(timeoutMs));
        QVERIFY2(elapsed >= timeoutMs, qPrintable(QString::number(elapsed)));
        QVERIFY2(elapsed < 4000, qPrintable(QString::number(elapsed))); // not the server's delay
    }

    QTest::qWait(kQuietMs); // exactly one ending, nothing after it
    QCOMPARE(failed.count() + fetched.count(), 1);
}

void TestModelsClient::connectionRefused()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    ModelsClient client(m_network.get());
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    client.fetch(QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port)), u"sk-refused-123456"_s);
    QVERIFY(failed.wait(kEndTimeoutMs));
    const auto error = failed.constFirst().constFirst().value<ApiError>();
    QCOMPARE(error.kind, Kind::Connection);
    QCOMPARE(error.networkError, QNetworkReply::ConnectionRefusedError);
    QCOMPARE(error.httpStatus, 0);
    QVERIFY(error.retryable);
    QVERIFY(error.message.contains(u"127.0.0.1:%1"_s.arg(port)));
}

void TestModelsClient::invalidBaseUrl_data()
{
    QTest::addColumn<QUrl>("baseUrl");
    QTest::newRow("empty") << QUrl();
    QTest::newRow("ftp") << QUrl(u"ftp://127.0.0.1/v1"_s);
    QTest::newRow("no host") << QUrl(u"http:///v1"_s);
}

void TestModelsClient::invalidBaseUrl()
{
    QFETCH(QUrl, baseUrl);
    ModelsClient client(m_network.get());
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    client.fetch(baseUrl, QString());
    QCOMPARE(failed.count(), 0); // from the event loop, as every ending
    QVERIFY(failed.wait(kEndTimeoutMs));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().constFirst().value<ApiError>().kind, Kind::Validation);
    QVERIFY(!client.isRunning());
    QCOMPARE(m_server->requestLog().size(), 0);
}

void TestModelsClient::authorizationOnlyWithAKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("key") << u"sk-test-abcdefgh12345"_s;
    QTest::newRow("no key") << QString();
}

void TestModelsClient::authorizationOnlyWithAKey()
{
    QFETCH(QString, key);
    ModelsClient client(m_network.get());
    QSignalSpy fetched(&client, &ModelsClient::modelsFetched);
    client.fetch(m_server->baseUrl(), key);
    QVERIFY(fetched.wait(kEndTimeoutMs));
    if (key.isEmpty()) {
        QCOMPARE(m_server->lastAuthorization(), QByteArray());
        QCOMPARE(m_server->requestLog().constFirst().value(u"hasAuthorization"_s).toBool(), false);
    } else {
        QCOMPARE(m_server->lastAuthorization(), "Bearer " + key.toUtf8());
    }
}

void TestModelsClient::keyNeverInTheError()
{
    const QString key = u"sk-proj-secret-ABCDEFGHIJKLMNOP"_s;
    // Servers echo the key they rejected; it must not travel on in the error.
    m_server->arm(FaultStep{.match = FaultStep::Match::Models,
                            .status = 401,
                            .error = {{u"message"_s, u"Incorrect API key provided: %1."_s.arg(key)},
                                      {u"param"_s, key}}});
    ModelsClient client(m_network.get());
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    client.fetch(m_server->baseUrl(), key);
    QVERIFY(failed.wait(kEndTimeoutMs));
    const auto error = failed.constFirst().constFirst().value<ApiError>();
    QCOMPARE(error.kind, Kind::Authentication);
    QVERIFY(!error.message.contains(key));
    QVERIFY(!error.param.contains(key));
    QVERIFY(!error.summary().contains(key));
    QVERIFY(error.message.contains(u"Incorrect API key provided"_s));
}

void TestModelsClient::sameOriginRedirectFollowed()
{
    const QByteArray target = m_server->baseUrl().toString().toUtf8() + "/models";
    m_server->arm(FaultStep{.match = FaultStep::Match::Models,
                            .status = 307,
                            .body = QByteArray(),
                            .headers = {{"Location", target}}});
    m_server->setModels({u"after-redirect"_s});
    ModelsClient client(m_network.get());
    QSignalSpy fetched(&client, &ModelsClient::modelsFetched);
    client.fetch(m_server->baseUrl(), u"sk-same-origin-123456"_s);
    QVERIFY(fetched.wait(kEndTimeoutMs));
    QCOMPARE(fetched.constFirst().constFirst().toStringList(), QStringList{u"after-redirect"_s});
    QCOMPARE(m_server->requestLog().size(), 2);
    QCOMPARE(m_server->lastAuthorization(), QByteArray("Bearer sk-same-origin-123456"));
}

void TestModelsClient::crossOriginRedirectRefused()
{
    FaultServer other;
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    const QUrl target(other.baseUrl().toString() + u"/models"_s);
    m_server->arm(FaultStep{.match = FaultStep::Match::Models,
                            .status = 302,
                            .body = QByteArray(),
                            .headers = {{"Location", target.toString().toUtf8()}}});
    ModelsClient client(m_network.get());
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    client.fetch(m_server->baseUrl(), u"sk-must-not-leave-123456"_s);
    QVERIFY(failed.wait(kEndTimeoutMs));
    const auto error = failed.constFirst().constFirst().value<ApiError>();
    QCOMPARE(error.kind, Kind::Redirect);
    QCOMPARE(error.httpStatus, 302);
    QCOMPARE(error.redirectTarget, target.toDisplayString());
    QVERIFY(!error.retryable);
    QCOMPARE(other.requestLog().size(), 0); // neither the key nor anything else went there
}

void TestModelsClient::cancelEmitsNothing()
{
    m_server->arm(FaultStep{.match = FaultStep::Match::Models, .delay = 2000ms});
    ModelsClient client(m_network.get());
    QSignalSpy fetched(&client, &ModelsClient::modelsFetched);
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    QSignalSpy received(m_server.get(), &FaultServer::requestReceived);
    client.fetch(m_server->baseUrl(), QString());
    QVERIFY(received.wait(kEndTimeoutMs)); // the request is at the server
    QVERIFY(client.isRunning());
    client.cancel();
    QVERIFY(!client.isRunning());
    QTest::qWait(kQuietMs);
    QCOMPARE(fetched.count(), 0);
    QCOMPARE(failed.count(), 0);
    client.cancel(); // harmless when idle
    QVERIFY(!client.isRunning());
}

void TestModelsClient::newFetchReplacesTheOldOne()
{
    m_server->arm(FaultStep{.match = FaultStep::Match::Models, .status = 500, .delay = 1500ms});
    m_server->setModels({u"second"_s});
    ModelsClient client(m_network.get());
    QSignalSpy fetched(&client, &ModelsClient::modelsFetched);
    QSignalSpy failed(&client, &ModelsClient::fetchFailed);
    QSignalSpy received(m_server.get(), &FaultServer::requestReceived);
    client.fetch(m_server->baseUrl(), QString());
    QVERIFY(received.wait(kEndTimeoutMs)); // the first request took the slow 500
    client.fetch(m_server->baseUrl(), QString());
    QVERIFY(fetched.wait(kEndTimeoutMs));
    QCOMPARE(fetched.constFirst().constFirst().toStringList(), QStringList{u"second"_s});
    QTest::qWait(1500 + kQuietMs); // past the first one's delay: its 500 is not reported
    QCOMPARE(failed.count(), 0);
    QCOMPARE(fetched.count(), 1);
}

void TestModelsClient::runningState()
{
    ModelsClient client(m_network.get());
    QVERIFY(!client.isRunning());
    bool runningInSlot = true;
    connect(&client, &ModelsClient::modelsFetched, this,
            [&] { runningInSlot = client.isRunning(); });
    QSignalSpy fetched(&client, &ModelsClient::modelsFetched);
    client.fetch(m_server->baseUrl(), QString());
    QVERIFY(client.isRunning());
    QVERIFY(fetched.wait(kEndTimeoutMs));
    QVERIFY(!runningInSlot); // a slot may start the next fetch at once

    // A slot that fetches again gets a second, complete ending.
    bool again = true;
    connect(&client, &ModelsClient::modelsFetched, this, [&] {
        if (std::exchange(again, false))
            client.fetch(m_server->baseUrl(), QString());
    });
    client.fetch(m_server->baseUrl(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(fetched.count(), 3, kEndTimeoutMs);
    QVERIFY(!client.isRunning());
}

QTEST_GUILESS_MAIN(TestModelsClient)
#include "TestModelsClient.moc"
