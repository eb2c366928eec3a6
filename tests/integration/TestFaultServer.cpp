// SPDX-License-Identifier: GPL-3.0-or-later
// The fault server over real loopback TCP: QNetworkAccessManager for what the client sees,
// a raw QTcpSocket for what only a hand-written peer can send.
#include "faultserver/FaultScript.h"
#include "faultserver/FaultServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUtf8StringView>

#include <memory>

#if defined(Q_OS_UNIX)
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::FaultScript;
using steadfast::FaultServer;
using steadfast::FaultStep;

namespace {

constexpr int replyTimeoutMs = 10000;
// How long a test watches for something that must NOT happen (hang, stall).
constexpr int quietWindowMs = 300;

struct Result
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 elapsedMs = 0;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return QByteArray();
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QByteArray chatBody(bool stream, const QString &text = u"Hello fault server, how are you?"_s,
                    const QString &model = u"test-model"_s)
{
    const QJsonArray messages{QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"Be brief."_s}},
                              QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, text}}};
    return QJsonDocument(QJsonObject{{u"model"_s, model},
                                     {u"messages"_s, messages},
                                     {u"stream"_s, stream}})
            .toJson(QJsonDocument::Compact);
}

/// The data payloads of an SSE body, in order.
QList<QByteArray> sseData(const QByteArray &body)
{
    QList<QByteArray> data;
    const QList<QByteArray> events = body.split('\n');
    for (const QByteArray &line : events) {
        if (line.startsWith("data:"))
            data.append(line.mid(5).trimmed());
    }
    return data;
}

QString streamedText(const QList<QByteArray> &data)
{
    QString text;
    for (const QByteArray &payload : data) {
        const QJsonObject chunk = QJsonDocument::fromJson(payload).object();
        const QJsonArray choices = chunk.value(u"choices"_s).toArray();
        if (!choices.isEmpty())
            text += choices.first()
                            .toObject()
                            .value(u"delta"_s)
                            .toObject()
                            .value(u"content"_s)
                            .toString();
    }
    return text;
}

int contentChunks(const QList<QByteArray> &data)
{
    int count = 0;
    for (const QByteArray &payload : data) {
        const QJsonObject delta = QJsonDocument::fromJson(payload)
                                          .object()
                                          .value(u"choices"_s)
                                          .toArray()
                                          .first()
                                          .toObject()
                                          .value(u"delta"_s)
                                          .toObject();
        if (!delta.value(u"content"_s).toString().isEmpty())
            ++count;
    }
    return count;
}

QJsonObject jsonObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

#if defined(Q_OS_UNIX)
/// What a plain POSIX socket sees at the end: EOF (the server sent FIN) or ECONNRESET
/// (RST). Qt reports both as RemoteHostClosedError, so the test looks below it.
struct WireEnd
{
    QByteArray bytes;
    bool eof = false;
    bool reset = false;
    int error = 0;
};

int connectRaw(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Loopback completes the handshake in the kernel, before the server's event loop runs.
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// Reads what is there without blocking; true once the connection has ended.
bool readUntilEnd(int fd, WireEnd *end)
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            end->bytes.append(buffer, qsizetype(n));
            continue;
        }
        if (n == 0) {
            end->eof = true;
            return true;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return false;
        end->error = errno;
        end->reset = errno == ECONNRESET;
        return true;
    }
}
#endif

} // namespace

class TestFaultServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void healthyJson();
    void healthyStream();
    void streamedTextEqualsJsonText();
    void streamIncludesUsageWhenAsked();
    void replyTextSettings();
    void rateLimitHeadersCountDown();
    void models();
    void modelById_data();
    void modelById();
    void unknownPathAndMethod_data();
    void unknownPathAndMethod();
    void invalidRequestBody_data();
    void invalidRequestBody();
    void pathPrefix();

    void errorStatus_data();
    void errorStatus();
    void rawBody_data();
    void rawBody();
    void htmlErrorPage();
    void delayBeforeHeaders();
    void resetAbortsConnection();
    void closeWithoutReply();
    void hangUntilClientGives();
    void truncateBody_data();
    void truncateBody();
    void streamStall();
    void streamDrop();
    void streamResetMidStream();
    void wireEnds_data();
    void wireEnds();
    void streamErrorAfterChunks();
    void streamOmitDone();
    void streamNoFinish();
    void streamHoldOpen_data();
    void streamHoldOpen();
    void streamTruncated();
    void malformed_data();
    void malformed();
    void malformedStream_data();
    void malformedStream();
    void oversizeErrorBody();
    void oversizeHealthyBody();
    void oversizeStreamEvent();

    void repeatAndOrder();
    void matchModels_data();
    void matchModels();
    void signalsAndLog();
    void authorizationIsNotLogged();

    void controlArmOverHttp();
    void controlArmSeveral();
    void controlArmRejectsBadStep();
    void controlResetAndHealth();
    void controlRequestsAreNotTraffic();

    void keepAliveSequentialRequests();
    void pipelinedRequests();
    void chunkedRequestBody();
    void expectContinue();
    void http10StreamIsCloseDelimited();
    void garbageDoesNotCrash_data();
    void garbageDoesNotCrash();
    void clientVanishesMidRequest();
    void destructorClosesConnections();
    void closeFromSlot();

    void stepJsonRoundTrip();
    void scriptParses();
    void scriptErrors_data();
    void scriptErrors();
    void scriptFile();

    void executable();
    void executableRejectsBadScript();

private:
    Result send(const QByteArray &method, const QUrl &url, const QByteArray &body = QByteArray(),
                const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    Result chat(bool stream, const QString &text = u"Hello fault server, how are you?"_s)
    {
        return send("POST", chatUrl(), chatBody(stream, text));
    }
    Result armOverHttp(const QByteArray &json) { return send("POST", control(u"arm"_s), json); }
    QUrl chatUrl() const { return QUrl(m_server->baseUrl().toString() + u"/chat/completions"_s); }
    QUrl modelsUrl() const { return QUrl(m_server->baseUrl().toString() + u"/models"_s); }
    QUrl control(const QString &command) const
    {
        return QUrl(m_server->controlUrl().toString() + u'/' + command);
    }
    QNetworkReply *start(const QByteArray &method, const QUrl &url, const QByteArray &body);
    /// A raw connection to the server.
    std::unique_ptr<QTcpSocket> rawConnect();
    static FaultStep stepFrom(const QByteArray &json);

    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestFaultServer::init()
{
    m_server = std::make_unique<FaultServer>();
    m_server->setChunkDelay(0ms);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestFaultServer::cleanup()
{
    m_network.reset();
    m_server.reset();
}

QNetworkReply *TestFaultServer::start(const QByteArray &method, const QUrl &url,
                                      const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    return m_network->sendCustomRequest(request, method, body);
}

Result TestFaultServer::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                             const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QElapsedTimer clock;
    clock.start();
    std::unique_ptr<QNetworkReply> reply(m_network->sendCustomRequest(request, method, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    Result result;
    if (!finished.wait(replyTimeoutMs)) {
        result.error = QNetworkReply::TimeoutError; // distinguishable: never produced here
        reply->abort();
        return result;
    }
    result.elapsedMs = clock.elapsed();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    return result;
}

std::unique_ptr<QTcpSocket> TestFaultServer::rawConnect()
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, m_server->port());
    if (!socket->waitForConnected(replyTimeoutMs))
        return nullptr;
    return socket;
}

FaultStep TestFaultServer::stepFrom(const QByteArray &json)
{
    QString error;
    const auto step = FaultStep::fromJson(jsonObject(json), &error);
    if (!step)
        qFatal("bad step in the test itself: %s", qPrintable(error));
    return *step;
}

// ---------------------------------------------------------------------------------------
// Healthy replies

void TestFaultServer::healthyJson()
{
    const Result result =
            send("POST", chatUrl(), chatBody(false, u"Tell me a story"_s, u"gpt-test"_s));
    QCOMPARE(result.error, QNetworkReply::NoError);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(result.header("x-request-id"), QByteArray("req_1"));

    const QJsonObject reply = result.json();
    QCOMPARE(reply.value(u"id"_s).toString(), u"chatcmpl-1"_s);
    QCOMPARE(reply.value(u"object"_s).toString(), u"chat.completion"_s);
    QCOMPARE(reply.value(u"model"_s).toString(), u"gpt-test"_s);
    QVERIFY(reply.value(u"created"_s).toInteger() > 1600000000);
    const QJsonArray choices = reply.value(u"choices"_s).toArray();
    QCOMPARE(choices.size(), 1);
    const QJsonObject choice = choices.first().toObject();
    QCOMPARE(choice.value(u"index"_s).toInt(), 0);
    QCOMPARE(choice.value(u"finish_reason"_s).toString(), u"stop"_s);
    const QJsonObject message = choice.value(u"message"_s).toObject();
    QCOMPARE(message.value(u"role"_s).toString(), u"assistant"_s);
    const QString content = message.value(u"content"_s).toString();
    QVERIFY2(content.contains(u"4 words"_s), qPrintable(content));
    QVERIFY2(content.contains(u"\"Tell me a story\""_s), qPrintable(content));
    const QJsonObject usage = reply.value(u"usage"_s).toObject();
    QVERIFY(usage.value(u"prompt_tokens"_s).toInt() > 0);
    QVERIFY(usage.value(u"completion_tokens"_s).toInt() > 0);
    QCOMPARE(usage.value(u"total_tokens"_s).toInt(),
             usage.value(u"prompt_tokens"_s).toInt() + usage.value(u"completion_tokens"_s).toInt());

    // The excerpt is the first 40 characters, never more.
    const QString longText = u"0123456789 0123456789 0123456789 0123456789 0123456789"_s;
    const QString longContent = chat(false, longText)
                                        .json()
                                        .value(u"choices"_s)
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(u"message"_s)
                                        .toObject()
                                        .value(u"content"_s)
                                        .toString();
    QVERIFY2(longContent.contains(u"5 words"_s), qPrintable(longContent));
    QVERIFY2(longContent.contains(longText.left(40)), qPrintable(longContent));
    QVERIFY2(!longContent.contains(longText.left(41)), qPrintable(longContent));
}

void TestFaultServer::healthyStream()
{
    const Result result = chat(true);
    QCOMPARE(result.error, QNetworkReply::NoError);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("text/event-stream"));
    QCOMPARE(result.header("Transfer-Encoding"), QByteArray("chunked"));

    const QList<QByteArray> data = sseData(result.body);
    QVERIFY(data.size() >= 4);
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    QVERIFY(result.body.endsWith("data: [DONE]\n\n"));
    // First a role delta, then content, then a finish_reason chunk right before [DONE].
    const QJsonObject first = jsonObject(data.first());
    QCOMPARE(first.value(u"object"_s).toString(), u"chat.completion.chunk"_s);
    QCOMPARE(first.value(u"model"_s).toString(), u"test-model"_s);
    const QJsonObject firstChoice = first.value(u"choices"_s).toArray().first().toObject();
    QCOMPARE(firstChoice.value(u"delta"_s).toObject().value(u"role"_s).toString(), u"assistant"_s);
    QVERIFY(firstChoice.value(u"finish_reason"_s).isNull());
    const QJsonObject finish = jsonObject(data.at(data.size() - 2));
    QCOMPARE(finish.value(u"choices"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"finish_reason"_s)
                     .toString(),
             u"stop"_s);
    for (qsizetype i = 0; i + 1 < data.size(); ++i) {
        const QJsonObject chunk = jsonObject(data.at(i));
        QCOMPARE(chunk.value(u"id"_s).toString(), u"chatcmpl-1"_s);
    }
    QVERIFY(contentChunks(data) > 5); // split into word-ish pieces
}

void TestFaultServer::streamedTextEqualsJsonText()
{
    const QString question = u"  Does the  stream\nsay the same? Ünïcödé 🙂 too "_s;
    const Result json = chat(false, question);
    const Result stream = chat(true, question);
    const QString whole = json.json()
                                  .value(u"choices"_s)
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(u"message"_s)
                                  .toObject()
                                  .value(u"content"_s)
                                  .toString();
    QVERIFY(!whole.isEmpty());
    QCOMPARE(streamedText(sseData(stream.body)), whole);
    // completion_tokens counts the streamed pieces.
    QCOMPARE(json.json().value(u"usage"_s).toObject().value(u"completion_tokens"_s).toInt(),
             contentChunks(sseData(stream.body)));
}

void TestFaultServer::streamIncludesUsageWhenAsked()
{
    QJsonObject body = jsonObject(chatBody(true));
    body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    const Result result = send("POST", chatUrl(), QJsonDocument(body).toJson());
    const QList<QByteArray> data = sseData(result.body);
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    const QJsonObject usageChunk = jsonObject(data.at(data.size() - 2));
    QVERIFY(usageChunk.value(u"choices"_s).toArray().isEmpty());
    QVERIFY(usageChunk.value(u"usage"_s).toObject().value(u"total_tokens"_s).toInt() > 0);
}

void TestFaultServer::replyTextSettings()
{
    m_server->setReplyText(u"Fixed words for every reply."_s);
    QCOMPARE(streamedText(sseData(chat(true).body)), u"Fixed words for every reply."_s);
    m_server->arm({.text = u"Step text wins."_s});
    const QJsonObject reply = chat(false).json();
    QCOMPARE(reply.value(u"choices"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"message"_s)
                     .toObject()
                     .value(u"content"_s),
             QJsonValue(u"Step text wins."_s));
    m_server->setReplyText(QString());
    QVERIFY(streamedText(sseData(chat(true).body))
                    .startsWith(u"This is the Steadfast fault server."_s));
}

void TestFaultServer::rateLimitHeadersCountDown()
{
    const Result first = chat(false);
    const Result second = chat(false);
    for (const Result *result : {&first, &second}) {
        QCOMPARE(result->header("x-ratelimit-limit-requests"), QByteArray("500"));
        QCOMPARE(result->header("x-ratelimit-limit-tokens"), QByteArray("200000"));
        QVERIFY(result->header("x-ratelimit-reset-requests").endsWith('s'));
        QVERIFY(result->header("x-ratelimit-reset-tokens").endsWith('s'));
    }
    QCOMPARE(first.header("x-ratelimit-remaining-requests"), QByteArray("499"));
    QCOMPARE(second.header("x-ratelimit-remaining-requests"), QByteArray("498"));
    QCOMPARE(first.header("x-ratelimit-reset-requests"), QByteArray("120ms"));
    QCOMPARE(second.header("x-ratelimit-reset-requests"), QByteArray("240ms"));
    const int tokensUsed =
            first.json().value(u"usage"_s).toObject().value(u"total_tokens"_s).toInt();
    QCOMPARE(first.header("x-ratelimit-remaining-tokens").toInt(), 200000 - tokensUsed);
    QVERIFY(second.header("x-ratelimit-remaining-tokens").toInt()
            < first.header("x-ratelimit-remaining-tokens").toInt());
    QCOMPARE(second.header("x-request-id"), QByteArray("req_2"));
}

void TestFaultServer::models()
{
    Result result = send("GET", modelsUrl());
    QCOMPARE(result.status, 200);
    QJsonObject list = result.json();
    QCOMPARE(list.value(u"object"_s).toString(), u"list"_s);
    QJsonArray data = list.value(u"data"_s).toArray();
    QCOMPARE(data.size(), 2);
    QCOMPARE(data.at(0).toObject().value(u"id"_s).toString(), u"steadfast-demo"_s);
    QCOMPARE(data.at(1).toObject().value(u"id"_s).toString(), u"steadfast-demo-large"_s);
    QCOMPARE(data.at(0).toObject().value(u"object"_s).toString(), u"model"_s);
    QCOMPARE(data.at(0).toObject().value(u"owned_by"_s).toString(), u"steadfast-faultserver"_s);
    QVERIFY(data.at(0).toObject().value(u"created"_s).toInteger() > 0);

    m_server->setModels({u"alpha"_s, u"beta"_s, u"gamma"_s});
    data = send("GET", modelsUrl()).json().value(u"data"_s).toArray();
    QCOMPARE(data.size(), 3);
    QCOMPARE(data.at(2).toObject().value(u"id"_s).toString(), u"gamma"_s);
    QCOMPARE(m_server->chatRequestCount(), 0);
    QCOMPARE(m_server->requestLog().size(), 2);
}

void TestFaultServer::modelById_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("status");
    QTest::newRow("known") << u"steadfast-demo"_s << 200;
    QTest::newRow("unknown") << u"gpt-9"_s << 404;
}

void TestFaultServer::modelById()
{
    QFETCH(QString, id);
    QFETCH(int, status);
    const Result result = send("GET", QUrl(modelsUrl().toString() + u'/' + id));
    QCOMPARE(result.status, status);
    if (status == 200) {
        QCOMPARE(result.json().value(u"id"_s).toString(), id);
    } else {
        const QJsonObject error = result.json().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"model_not_found"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(id));
    }
}

void TestFaultServer::unknownPathAndMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("unknown path") << QByteArray("POST") << u"/v1/completions"_s << 404;
    QTest::newRow("root") << QByteArray("GET") << u"/"_s << 404;
    QTest::newRow("no prefix") << QByteArray("POST") << u"/chat/completions"_s << 404;
    QTest::newRow("GET chat") << QByteArray("GET") << u"/v1/chat/completions"_s << 405;
    QTest::newRow("DELETE models") << QByteArray("DELETE") << u"/v1/models"_s << 405;
}

void TestFaultServer::unknownPathAndMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    m_server->arm({.status = 500});
    QUrl url = m_server->baseUrl();
    url.setPath(path);
    const Result result = send(method, url, method == "POST" ? chatBody(false) : QByteArray());
    QCOMPARE(result.status, status);
    const QJsonObject error = result.json().value(u"error"_s).toObject();
    QVERIFY2(error.value(u"message"_s).toString().contains(path), result.body.constData());
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QVERIFY(error.contains(u"param"_s) && error.contains(u"code"_s));
    QCOMPARE(m_server->pendingSteps(), 1); // not consumed
    QCOMPARE(m_server->chatRequestCount(), 0);
    QCOMPARE(m_server->requestLog().size(), 1); // but logged as traffic
}

void TestFaultServer::invalidRequestBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::newRow("not json") << QByteArray("{\"model\": ") << QString();
    QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})")
                              << u"model"_s;
    QTest::newRow("no messages") << QByteArray(R"({"model":"m"})") << u"messages"_s;
    QTest::newRow("empty messages")
            << QByteArray(R"({"model":"m","messages":[]})") << u"messages"_s;
}

void TestFaultServer::invalidRequestBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    const Result result = send("POST", chatUrl(), body);
    QCOMPARE(result.status, 400);
    const QJsonObject error = result.json().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QCOMPARE(error.value(u"param"_s).toString(), param);
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());
}

void TestFaultServer::pathPrefix()
{
    m_server->setPathPrefix(u"/api/openai/"_s);
    QCOMPARE(m_server->baseUrl().path(), u"/api/openai"_s);
    QCOMPARE(chat(false).status, 200);
    m_server->setPathPrefix(QString());
    QCOMPARE(m_server->baseUrl().path(), QString());
    const Result result = send(
            "POST", QUrl(m_server->baseUrl().toString() + u"/chat/completions"_s), chatBody(false));
    QCOMPARE(result.status, 200);
    QCOMPARE(m_server->baseUrl().host(), u"127.0.0.1"_s);
    QCOMPARE(m_server->baseUrl().port(), int(m_server->port()));
}

// ---------------------------------------------------------------------------------------
// Scripted faults

void TestFaultServer::errorStatus_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code"); // "" for null
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<QByteArrayList>("headers"); // "name: value"

    QTest::newRow("429 default") << QByteArray(R"({"status":429})") << 429 << u"requests"_s
                                 << u"rate_limit_exceeded"_s << u"Rate limit reached for requests"_s
                                 << QByteArrayList{};
    QTest::newRow("429 with hints") << QByteArray(
            R"({"status":429,"headers":{"Retry-After":"7","retry-after-ms":"6500","x-should-retry":"true"}})")
                                    << 429 << u"requests"_s << u"rate_limit_exceeded"_s
                                    << u"Rate limit"_s
                                    << QByteArrayList{"Retry-After: 7", "retry-after-ms: 6500",
                                                      "x-should-retry: true"};
    QTest::newRow("429 quota") << QByteArray(
            R"({"status":429,"error":{"code":"insufficient_quota","type":"insufficient_quota","message":"You exceeded your current quota."}})")
                               << 429 << u"insufficient_quota"_s << u"insufficient_quota"_s
                               << u"You exceeded your current quota."_s << QByteArrayList{};
    QTest::newRow("401") << QByteArray(R"({"status":401})") << 401 << u"invalid_request_error"_s
                         << u"invalid_api_key"_s << u"Incorrect API key provided"_s
                         << QByteArrayList{};
    QTest::newRow("403") << QByteArray(R"({"status":403})") << 403 << u"permission_error"_s
                         << u"permission_denied"_s << u"test-model"_s << QByteArrayList{};
    QTest::newRow("404 names the model")
            << QByteArray(R"({"status":404})") << 404 << u"invalid_request_error"_s
            << u"model_not_found"_s << u"`test-model` does not exist"_s << QByteArrayList{};
    QTest::newRow("400 context length") << QByteArray(
            R"({"status":400,"error":{"code":"context_length_exceeded","param":"messages","message":"This model's maximum context length is 8192 tokens."}})")
                                        << 400 << u"invalid_request_error"_s
                                        << u"context_length_exceeded"_s
                                        << u"maximum context length"_s << QByteArrayList{};
    QTest::newRow("408") << QByteArray(R"({"status":408})") << 408 << u"timeout_error"_s
                         << u"request_timeout"_s << u"timed out"_s << QByteArrayList{};
    QTest::newRow("409") << QByteArray(R"({"status":409})") << 409 << u"invalid_request_error"_s
                         << u"conflict"_s << u"in progress"_s << QByteArrayList{};
    QTest::newRow("422") << QByteArray(R"({"status":422})") << 422 << u"invalid_request_error"_s
                         << u"unprocessable_entity"_s << u"processed"_s << QByteArrayList{};
    QTest::newRow("500") << QByteArray(R"({"status":500})") << 500 << u"server_error"_s
                         << u"server_error"_s << u"had an error"_s << QByteArrayList{};
    QTest::newRow("502") << QByteArray(R"({"status":502})") << 502 << u"server_error"_s
                         << u"bad_gateway"_s << u"Bad gateway"_s << QByteArrayList{};
    QTest::newRow("503 no retry") << QByteArray(
            R"({"status":503,"headers":{"x-should-retry":"false"}})")
                                  << 503 << u"server_error"_s << u"service_unavailable"_s
                                  << u"overloaded"_s << QByteArrayList{"x-should-retry: false"};
    QTest::newRow("504") << QByteArray(R"({"status":504})") << 504 << u"server_error"_s
                         << u"gateway_timeout"_s << u"Gateway timeout"_s << QByteArrayList{};
    QTest::newRow("599 generic") << QByteArray(R"({"status":599})") << 599 << u"server_error"_s
                                 << QString() << u"HTTP 599"_s << QByteArrayList{};
    QTest::newRow("request id override")
            << QByteArray(R"({"status":500,"headers":{"x-request-id":"req_custom"}})") << 500
            << u"server_error"_s << u"server_error"_s << u"error"_s
            << QByteArrayList{"x-request-id: req_custom"};
    QTest::newRow("307 redirect") << QByteArray(
            R"({"status":307,"headers":{"Location":"http://elsewhere.invalid/v1/chat/completions"}})")
                                  << 307 << u"invalid_request_error"_s << QString() << u"HTTP 307"_s
                                  << QByteArrayList{"Location: "
                                                    "http://elsewhere.invalid/v1/chat/completions"};
    QTest::newRow("null code override")
            << QByteArray(R"({"status":500,"error":{"code":null,"type":"api_error"}})") << 500
            << u"api_error"_s << QString() << u"had an error"_s << QByteArrayList{};
}

void TestFaultServer::errorStatus()
{
    QFETCH(QByteArray, step);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, code);
    QFETCH(QString, messagePart);
    QFETCH(QByteArrayList, headers);

    m_server->arm(stepFrom(step));
    for (const bool stream : {false, true}) {
        if (stream)
            m_server->arm(stepFrom(step));
        const Result result = chat(stream);
        QCOMPARE(result.status, status);
        QVERIFY(result.header("Content-Type").startsWith("application/json"));
        const QJsonObject error = result.json().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"type"_s).toString(), type);
        if (code.isEmpty())
            QVERIFY(error.value(u"code"_s).isNull());
        else
            QCOMPARE(error.value(u"code"_s).toString(), code);
        QVERIFY(error.contains(u"param"_s));
        QVERIFY2(error.value(u"message"_s).toString().contains(messagePart),
                 qPrintable(error.value(u"message"_s).toString()));
        for (const QByteArray &header : std::as_const(headers)) {
            const qsizetype colon = header.indexOf(':');
            QCOMPARE(result.header(header.left(colon)), header.mid(colon + 2));
        }
        if (!step.contains("x-request-id"))
            QVERIFY(result.header("x-request-id").startsWith("req_"));
        QVERIFY(!result.header("x-ratelimit-remaining-requests").isEmpty());
    }
    QCOMPARE(m_server->pendingSteps(), 0);
}

void TestFaultServer::rawBody_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("text guessed") << QByteArray(R"({"status":502,"body":"upstream connect error"})")
                                  << 502 << QByteArray("upstream connect error")
                                  << QByteArray("text/plain; charset=utf-8");
    QTest::newRow("json guessed") << QByteArray(R"({"status":500,"body":"{\"detail\":\"boom\"}"})")
                                  << 500 << QByteArray(R"({"detail":"boom"})")
                                  << QByteArray("application/json");
    QTest::newRow("type given") << QByteArray(
            R"({"status":503,"body":"<b>down</b>","contentType":"text/html"})")
                                << 503 << QByteArray("<b>down</b>") << QByteArray("text/html");
    QTest::newRow("200 raw") << QByteArray(R"({"body":"ok?"})") << 200 << QByteArray("ok?")
                             << QByteArray("text/plain; charset=utf-8");
}

void TestFaultServer::rawBody()
{
    QFETCH(QByteArray, step);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    m_server->arm(stepFrom(step));
    const Result result = chat(false);
    QCOMPARE(result.status, status);
    QCOMPARE(result.body, body);
    QCOMPARE(result.header("Content-Type"), contentType);
}

void TestFaultServer::htmlErrorPage()
{
    m_server->arm({.html = true});
    Result result = chat(false);
    QCOMPARE(result.status, 502);
    QVERIFY(result.header("Content-Type").startsWith("text/html"));
    QVERIFY2(result.body.contains("<title>502 Bad Gateway</title>"), result.body.constData());

    m_server->arm({.status = 504, .html = true});
    result = chat(true);
    QCOMPARE(result.status, 504);
    QVERIFY(result.body.contains("<title>504 Gateway Timeout</title>"));

    m_server->arm({.status = 200, .html = true}); // a captive portal's login page
    result = chat(false);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("text/html"));
    QVERIFY(result.body.contains("<title>"));
}

void TestFaultServer::delayBeforeHeaders()
{
    m_server->arm({.delay = 150ms});
    const Result delayed = chat(false);
    QCOMPARE(delayed.status, 200);
    QVERIFY2(delayed.elapsedMs >= 150, qPrintable(QString::number(delayed.elapsedMs)));

    m_server->arm({.status = 503, .delay = 120ms});
    QElapsedTimer clock;
    clock.start();
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(true)));
    QSignalSpy metaData(reply.get(), &QNetworkReply::metaDataChanged);
    QVERIFY(metaData.wait(replyTimeoutMs));
    QVERIFY2(clock.elapsed() >= 120, qPrintable(QString::number(clock.elapsed())));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
}

void TestFaultServer::resetAbortsConnection()
{
    // QNetworkAccessManager quietly resends a request whose connection died before any
    // byte of the reply, so the fault is armed for every attempt it may make.
    m_server->arm({.action = FaultStep::Action::Reset, .repeat = 10});
    const Result result = chat(false);
    QVERIFY2(result.error == QNetworkReply::RemoteHostClosedError
                     || result.error == QNetworkReply::ConnectionRefusedError,
             qPrintable(QString::number(result.error)));
    QCOMPARE(result.status, 0);
    QVERIFY(m_server->chatRequestCount() >= 1);
    const int attempts = m_server->chatRequestCount();
    QCOMPARE(m_server->pendingSteps(), 1);
    m_server->reset();
    QCOMPARE(chat(false).status, 200); // and the server goes on
    qInfo("QNetworkAccessManager sent the request %d time(s) before giving up", attempts);
}

void TestFaultServer::closeWithoutReply()
{
    m_server->arm({.action = FaultStep::Action::Close, .repeat = 10});
    const Result result = chat(false);
    QCOMPARE(result.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(result.status, 0);
    QVERIFY(result.body.isEmpty());
    QVERIFY(m_server->chatRequestCount() >= 1);
    qInfo("QNetworkAccessManager sent the request %d time(s) before giving up",
          m_server->chatRequestCount());
    m_server->reset();
    QCOMPARE(chat(true).status, 200);
}

void TestFaultServer::hangUntilClientGives()
{
    m_server->arm({.action = FaultStep::Action::Hang});
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(false)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QSignalSpy metaData(reply.get(), &QNetworkReply::metaDataChanged);
    QTRY_COMPARE(m_server->chatRequestCount(), 1);
    QVERIFY(!finished.wait(quietWindowMs));
    QCOMPARE(metaData.count(), 0);
    QCOMPARE(m_server->openConnectionCount(), 1);
    reply->abort();
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QTRY_COMPARE(m_server->openConnectionCount(), 0); // the server lets the socket go
    QCOMPARE(chat(false).status, 200);
}

void TestFaultServer::truncateBody_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<QNetworkReply::NetworkError>("orError");
    QTest::addColumn<QByteArray>("bodyStart");
    // With an error status, Qt reports the status or the torn body, whichever it sees first.
    QTest::newRow("200") << 200 << QNetworkReply::RemoteHostClosedError
                         << QNetworkReply::RemoteHostClosedError << QByteArray("{\"choices\":");
    QTest::newRow("500") << 500 << QNetworkReply::RemoteHostClosedError
                         << QNetworkReply::InternalServerError << QByteArray("{\"error\":");
}

void TestFaultServer::truncateBody()
{
    QFETCH(int, status);
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(QNetworkReply::NetworkError, orError);
    QFETCH(QByteArray, bodyStart);
    m_server->arm({.status = status, .action = FaultStep::Action::Truncate});
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(false)));
    QByteArray received;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(replyTimeoutMs));
    received += reply->readAll();
    QVERIFY2(reply->error() == error || reply->error() == orError,
             qPrintable(reply->errorString()));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    QVERIFY(announced > 20);
    QCOMPARE(qint64(received.size()), announced / 2);
    QVERIFY2(received.startsWith(bodyStart), received.constData());
    QCOMPARE(m_server->pendingSteps(), 0);
    QCOMPARE(m_server->chatRequestCount(), 1);
}

void TestFaultServer::streamStall()
{
    m_server->arm({.stallAfterChunks = 2, .chunkDelay = 1ms});
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(true)));
    QByteArray received;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QTRY_COMPARE(contentChunks(sseData(received)), 2);
    QVERIFY(!finished.wait(quietWindowMs));
    QCOMPARE(contentChunks(sseData(received)), 2);
    QVERIFY(!received.contains("[DONE]"));
    QVERIFY(!received.contains("\"stop\""));
    QCOMPARE(m_server->openConnectionCount(), 1);
    reply->abort();
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestFaultServer::streamDrop()
{
    m_server->arm({.dropAfterChunks = 3});
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(true)));
    QByteArray received;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(replyTimeoutMs));
    received += reply->readAll();
    // Qt 6.4 reports a chunked body that ends with the connection (FIN) between two chunks
    // as complete (NoError): only the missing [DONE] tells the client it was cut off.
    QVERIFY2(reply->error() == QNetworkReply::NoError
                     || reply->error() == QNetworkReply::RemoteHostClosedError,
             qPrintable(reply->errorString()));
    const QList<QByteArray> data = sseData(received);
    QCOMPARE(data.size(), 4); // role + 3 content
    QCOMPARE(contentChunks(data), 3);
    QVERIFY(!received.contains("[DONE]"));
    QVERIFY(!received.contains("\"stop\""));
    QCOMPARE(m_server->chatRequestCount(), 1); // bytes arrived, so no silent resend
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestFaultServer::streamResetMidStream()
{
    m_server->arm({.action = FaultStep::Action::Reset, .dropAfterChunks = 2});
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(true)));
    QByteArray received;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(replyTimeoutMs));
    received += reply->readAll();
    // As with a FIN, Qt 6.4 may call the cut stream complete; wireEnds() checks the RST.
    QVERIFY2(reply->error() == QNetworkReply::NoError
                     || reply->error() == QNetworkReply::RemoteHostClosedError,
             qPrintable(reply->errorString()));
    QCOMPARE(contentChunks(sseData(received)), 2);
    QVERIFY(!received.contains("[DONE]"));
    QCOMPARE(m_server->chatRequestCount(), 1);
    // Without a stream the same step is a plain reset.
    m_server->arm({.action = FaultStep::Action::Reset, .dropAfterChunks = 2, .repeat = 5});
    QCOMPARE(chat(false).error, QNetworkReply::RemoteHostClosedError);
}

void TestFaultServer::wireEnds_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("reset"); // RST, else FIN
    QTest::addColumn<int>("chunks"); // content chunks before the end, -1: no reply at all
    QTest::newRow("reset") << QByteArray(R"({"action":"reset"})") << false << true << -1;
    QTest::newRow("reset after delay")
            << QByteArray(R"({"action":"reset","delayMs":20})") << true << true << -1;
    QTest::newRow("close") << QByteArray(R"({"action":"close"})") << false << false << -1;
    QTest::newRow("drop") << QByteArray(R"({"stream":{"dropAfterChunks":2}})") << true << false
                          << 2;
    QTest::newRow("reset mid-stream")
            << QByteArray(R"({"action":"reset","stream":{"dropAfterChunks":2}})") << true << true
            << 2;
    QTest::newRow("omitDone") << QByteArray(R"({"stream":{"omitDone":true}})") << true << false
                              << 15;
    QTest::newRow("truncate") << QByteArray(R"({"action":"truncate"})") << false << false << 0;
}

void TestFaultServer::wireEnds()
{
#if defined(Q_OS_UNIX)
    QFETCH(QByteArray, step);
    QFETCH(bool, stream);
    QFETCH(bool, reset);
    QFETCH(int, chunks);
    m_server->setReplyText(u"one two three four five six seven eight nine ten eleven twelve "
                           "thirteen fourteen fifteen"_s);
    m_server->arm(stepFrom(step));
    const int fd = connectRaw(m_server->port());
    QVERIFY(fd >= 0);
    const QByteArray body = chatBody(stream);
    const QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QCOMPARE(::send(fd, request.constData(), size_t(request.size()), 0), ssize_t(request.size()));
    WireEnd end;
    bool ended = false; // QTRY_* evaluates once more after success: read only until the end
    QTRY_VERIFY_WITH_TIMEOUT(ended || (ended = readUntilEnd(fd, &end)), replyTimeoutMs);
    ::close(fd);
    QCOMPARE(end.reset, reset);
    QCOMPARE(end.eof, !reset);
    if (chunks < 0)
        QVERIFY2(end.bytes.isEmpty(), end.bytes.constData());
    else
        QVERIFY(end.bytes.startsWith("HTTP/1.1 200 OK\r\n"));
    if (chunks > 0)
        QCOMPARE(contentChunks(sseData(end.bytes)), chunks);
    QVERIFY(!end.bytes.contains("[DONE]"));
#else
    QSKIP("needs POSIX sockets to tell an RST from a FIN");
#endif
}

void TestFaultServer::streamErrorAfterChunks()
{
    m_server->arm(
            {.error = {{u"message"_s, u"The model crashed mid-answer."_s}}, .errorAfterChunks = 2});
    const Result result = chat(true);
    QCOMPARE(result.error, QNetworkReply::NoError);
    QCOMPARE(result.status, 200);
    const QList<QByteArray> data = sseData(result.body);
    QCOMPARE(data.size(), 4); // role, 2 content, error
    QCOMPARE(contentChunks(data), 2);
    const QJsonObject error = jsonObject(data.last()).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"message"_s).toString(), u"The model crashed mid-answer."_s);
    QCOMPARE(error.value(u"type"_s).toString(), u"server_error"_s);
    QVERIFY(!result.body.contains("[DONE]"));
    QCOMPARE(chat(false).status, 200); // the connection stayed usable
    QCOMPARE(m_server->acceptedConnectionCount(), 1);
}

void TestFaultServer::streamOmitDone()
{
    m_server->arm({.omitDone = true});
    const Result result = chat(true);
    QCOMPARE(result.error, QNetworkReply::NoError);
    const QList<QByteArray> data = sseData(result.body);
    QVERIFY(!result.body.contains("[DONE]"));
    QCOMPARE(jsonObject(data.last())
                     .value(u"choices"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"finish_reason"_s)
                     .toString(),
             u"stop"_s);
    QCOMPARE(result.header("Connection"), QByteArray("close"));
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestFaultServer::streamNoFinish()
{
    m_server->arm({.noFinish = true});
    const Result result = chat(true);
    QCOMPARE(result.error, QNetworkReply::NoError);
    QVERIFY(result.body.endsWith("data: [DONE]\n\n"));
    QVERIFY(!result.body.contains("\"finish_reason\":\"stop\""));
    m_server->arm({.omitDone = true, .noFinish = true});
    const Result bare = chat(true);
    QVERIFY(!bare.body.contains("[DONE]"));
    QVERIFY(!bare.body.contains("\"finish_reason\":\"stop\""));
    QVERIFY(contentChunks(sseData(bare.body)) > 3);
}

void TestFaultServer::streamHoldOpen_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<QByteArray>("last"); // the last event's data: all the server sends
    QTest::newRow("[DONE], then held open")
            << QByteArray(R"({"stream": {"holdOpen": true}})") << QByteArray("[DONE]");
    QTest::newRow("finish chunk without [DONE], then held open (top level)")
            << QByteArray(R"({"omitDone": true, "holdOpen": true})") << QByteArray("finish");
    QTest::newRow("error event, then held open")
            << QByteArray(R"({"stream": {"errorAfterChunks": 1, "holdOpen": true}})")
            << QByteArray("error");
}

void TestFaultServer::streamHoldOpen()
{
    QFETCH(QByteArray, step);
    QFETCH(QByteArray, last);
    m_server->setReplyText(u"one two three"_s);
    m_server->arm(stepFrom(step));
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(true)));
    QByteArray received;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    const auto lastEventCame = [&] {
        const QList<QByteArray> data = sseData(received);
        if (data.isEmpty() || !received.endsWith("\n\n"))
            return false;
        if (last == "[DONE]")
            return data.last() == "[DONE]";
        const QJsonObject event = jsonObject(data.last());
        if (last == "error")
            return event.contains(u"error"_s);
        return event.value(u"choices"_s).toArray().first().toObject().value(u"finish_reason"_s)
                == u"stop"_s;
    };
    // Everything up to the last event arrives...
    QTRY_VERIFY_WITH_TIMEOUT(lastEventCame(), replyTimeoutMs);
    QCOMPARE(received.contains("[DONE]"), last == "[DONE]");
    // ...but the body never ends, nor does the connection.
    const qsizetype size = received.size();
    QVERIFY(finished.isEmpty());
    QVERIFY(!finished.wait(quietWindowMs));
    QVERIFY(reply->isRunning());
    QCOMPARE(received.size(), size); // nothing after the last event
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(m_server->openConnectionCount(), 1);
    QCOMPARE(m_server->chatRequestCount(), 1);
    reply->abort();
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestFaultServer::streamTruncated()
{
    m_server->arm({.action = FaultStep::Action::Truncate});
    const Result result = chat(true);
    QCOMPARE(result.error, QNetworkReply::RemoteHostClosedError);
    QVERIFY(result.header("Content-Type").startsWith("text/event-stream"));
    QVERIFY(result.header("Transfer-Encoding").isEmpty());
}

void TestFaultServer::malformed_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<bool>("hasChoices");
    QTest::addColumn<bool>("validUtf8");
    QTest::addColumn<bool>("empty");
    QTest::newRow("not-json") << QByteArray(R"({"malformed":"not-json"})") << false << false << true
                              << false;
    QTest::newRow("truncated-json")
            << QByteArray(R"({"malformed":"truncated-json"})") << false << false << true << false;
    QTest::newRow("wrong-shape") << QByteArray(R"({"malformed":"wrong-shape"})") << true << false
                                 << true << false;
    QTest::newRow("bad-utf8") << QByteArray(R"({"malformed":"bad-utf8"})") << false << true << false
                              << false;
    QTest::newRow("empty") << QByteArray(R"({"malformed":"empty"})") << false << false << true
                           << true;
}

void TestFaultServer::malformed()
{
    QFETCH(QByteArray, step);
    QFETCH(bool, parses);
    QFETCH(bool, hasChoices);
    QFETCH(bool, validUtf8);
    QFETCH(bool, empty);
    m_server->arm(stepFrom(step));
    const Result result = chat(false);
    QCOMPARE(result.error, QNetworkReply::NoError);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(result.body.isEmpty(), empty);
    QJsonParseError parseError;
    QJsonDocument::fromJson(result.body, &parseError);
    QCOMPARE(parseError.error == QJsonParseError::NoError, parses); // Qt rejects bad UTF-8 too
    // Decoded leniently (bad bytes as U+FFFD), is it a completion?
    const QJsonDocument lenient = QJsonDocument::fromJson(QString::fromUtf8(result.body).toUtf8());
    QCOMPARE(lenient.object().contains(u"choices"_s), hasChoices);
    QCOMPARE(QUtf8StringView(result.body).isValidUtf8(), validUtf8);

    // The models endpoint breaks the same way when the step matches it.
    QJsonObject models = jsonObject(step);
    models.insert(u"match"_s, u"models"_s);
    m_server->arm(stepFrom(QJsonDocument(models).toJson()));
    const Result list = send("GET", modelsUrl());
    QCOMPARE(list.status, 200);
    QCOMPARE(list.body.isEmpty(), empty);
    QCOMPARE(QUtf8StringView(list.body).isValidUtf8(), validUtf8);
    QCOMPARE(QJsonDocument::fromJson(QString::fromUtf8(list.body).toUtf8())
                     .object()
                     .contains(u"data"_s),
             hasChoices);
}

void TestFaultServer::malformedStream_data()
{
    QTest::addColumn<QString>("malformed");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<bool>("validUtf8");
    QTest::addColumn<bool>("emptyData");
    QTest::newRow("not-json") << u"not-json"_s << false << true << false;
    QTest::newRow("truncated-json") << u"truncated-json"_s << false << true << false;
    QTest::newRow("wrong-shape") << u"wrong-shape"_s << true << true << false;
    QTest::newRow("bad-utf8") << u"bad-utf8"_s << false << false << false;
    QTest::newRow("empty") << u"empty"_s << false << true << true;
}

void TestFaultServer::malformedStream()
{
    QFETCH(QString, malformed);
    QFETCH(bool, parses);
    QFETCH(bool, validUtf8);
    QFETCH(bool, emptyData);
    const QString healthy = streamedText(sseData(chat(true).body));
    m_server->arm(stepFrom(QJsonDocument(QJsonObject{{u"malformed"_s, malformed}}).toJson()));
    const Result result = chat(true);
    QCOMPARE(result.status, 200);
    const QList<QByteArray> data = sseData(result.body);
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    const QByteArray bad = data.at(1); // right after the role delta
    QCOMPARE(bad.isEmpty(), emptyData);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bad, &parseError);
    QCOMPARE(parseError.error == QJsonParseError::NoError, parses);
    if (parses && malformed == u"wrong-shape"_s)
        QVERIFY(!document.object().contains(u"choices"_s));
    if (!validUtf8) {
        const QJsonObject lenient = jsonObject(QString::fromUtf8(bad).toUtf8());
        QVERIFY(lenient.value(u"choices"_s).toArray().first().toObject().contains(u"delta"_s));
    }
    QCOMPARE(QUtf8StringView(bad).isValidUtf8(), validUtf8);
    if (malformed != u"bad-utf8"_s) {
        QList<QByteArray> rest = data;
        rest.removeAt(1);
        QCOMPARE(streamedText(rest), healthy); // the bad event is an extra one
    }
}

void TestFaultServer::oversizeErrorBody()
{
    constexpr qint64 size = 5 * 1024 * 1024;
    m_server->arm({.status = 500, .oversizeBytes = size});
    const Result result = chat(false);
    QCOMPARE(result.error, QNetworkReply::InternalServerError);
    QCOMPARE(result.status, 500);
    QCOMPARE(qint64(result.body.size()), size);
    QCOMPARE(result.header("Content-Length").toLongLong(), size);
    QVERIFY(result.body.startsWith("{\"error\":{"));
    QJsonParseError parseError;
    const QJsonObject error =
            QJsonDocument::fromJson(result.body, &parseError).object().value(u"error"_s).toObject();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(error.value(u"type"_s).toString(), u"server_error"_s);
    QVERIFY(error.value(u"message"_s).toString().size() > size - 200);
    QCOMPARE(chat(false).status, 200); // same connection, next request
}

void TestFaultServer::oversizeHealthyBody()
{
    constexpr qint64 size = 3 * 1024 * 1024;
    m_server->arm({.oversizeBytes = size});
    const Result result = chat(false);
    QCOMPARE(result.status, 200);
    QCOMPARE(qint64(result.body.size()), size);
    const QJsonObject reply = result.json();
    QCOMPARE(reply.value(u"object"_s).toString(), u"chat.completion"_s);
    QVERIFY(reply.value(u"choices"_s)
                    .toArray()
                    .first()
                    .toObject()
                    .value(u"message"_s)
                    .toObject()
                    .value(u"content"_s)
                    .toString()
                    .size()
            > size - 1000);
}

void TestFaultServer::oversizeStreamEvent()
{
    constexpr qint64 size = 2 * 1024 * 1024;
    m_server->arm({.oversizeBytes = size});
    const Result result = chat(true);
    QCOMPARE(result.error, QNetworkReply::NoError);
    const QList<QByteArray> data = sseData(result.body);
    QCOMPARE(data.last(), QByteArray("[DONE]"));
    QCOMPARE(qint64(data.at(1).size()), size - qint64(sizeof("data: \n\n") - 1));
    QVERIFY(!jsonObject(data.at(1)).isEmpty());
}

// ---------------------------------------------------------------------------------------
// The script queue

void TestFaultServer::repeatAndOrder()
{
    m_server->armAll({{.status = 503, .repeat = 2}, {.status = 429}});
    QCOMPARE(m_server->pendingSteps(), 2);
    QCOMPARE(chat(false).status, 503);
    QCOMPARE(m_server->pendingSteps(), 2);
    QCOMPARE(m_server->pending().first().repeat, 1);
    QCOMPARE(chat(true).status, 503);
    QCOMPARE(m_server->pendingSteps(), 1);
    QCOMPARE(chat(false).status, 429);
    QCOMPARE(m_server->pendingSteps(), 0);
    QCOMPARE(chat(false).status, 200);
    QCOMPARE(m_server->chatRequestCount(), 4);
}

void TestFaultServer::matchModels_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("modelsStatus");
    QTest::addColumn<int>("chatStatus");
    QTest::newRow("chat only") << QByteArray(R"({"status":500})") << 200 << 500;
    QTest::newRow("models only") << QByteArray(R"({"status":500,"match":"models"})") << 500 << 200;
    QTest::newRow("any") << QByteArray(R"({"status":503,"match":"any","repeat":2})") << 503 << 503;
}

void TestFaultServer::matchModels()
{
    QFETCH(QByteArray, step);
    QFETCH(int, modelsStatus);
    QFETCH(int, chatStatus);
    m_server->arm(stepFrom(step));
    QCOMPARE(send("GET", modelsUrl()).status, modelsStatus);
    QCOMPARE(chat(false).status, chatStatus);
    QCOMPARE(m_server->pendingSteps(), 0);
    QCOMPARE(send("GET", modelsUrl()).status, 200);

    // A step for the other endpoint does not block the queue.
    m_server->armAll({{.match = FaultStep::Match::Models, .status = 404}, {.status = 401}});
    QCOMPARE(chat(false).status, 401);
    QCOMPARE(send("GET", modelsUrl()).status, 404);
}

void TestFaultServer::signalsAndLog()
{
    QSignalSpy received(m_server.get(), &FaultServer::requestReceived);
    QSignalSpy played(m_server.get(), &FaultServer::stepPlayed);
    m_server->arm({.status = 500, .note = u"first fails"_s});
    QCOMPARE(chat(false, u"one"_s).status, 500);
    QCOMPARE(chat(true, u"two"_s).status, 200);
    QCOMPARE(received.count(), 2);
    QCOMPARE(played.count(), 1);
    QCOMPARE(played.first().first().toJsonObject().value(u"note"_s).toString(), u"first fails"_s);

    const QList<QJsonObject> log = m_server->requestLog();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(0), received.at(0).first().toJsonObject());
    QCOMPARE(log.at(0).value(u"seq"_s).toInt(), 1);
    QCOMPARE(log.at(1).value(u"seq"_s).toInt(), 2);
    QCOMPARE(log.at(0).value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(log.at(0).value(u"path"_s).toString(), u"/v1/chat/completions"_s);
    QCOMPARE(log.at(0).value(u"step"_s).toObject().value(u"status"_s).toInt(), 500);
    QVERIFY(log.at(1).value(u"step"_s).isNull());
    QCOMPARE(log.at(1).value(u"body"_s).toObject().value(u"stream"_s).toBool(), true);
    QCOMPARE(log.at(1)
                     .value(u"body"_s)
                     .toObject()
                     .value(u"messages"_s)
                     .toArray()
                     .last()
                     .toObject()
                     .value(u"content"_s)
                     .toString(),
             u"two"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(log.at(0).value(u"receivedAt"_s).toInteger() <= now);
    QVERIFY(log.at(0).value(u"receivedAt"_s).toInteger() > now - 60000);
    QVERIFY(log.at(0).value(u"hasAuthorization"_s).isBool());
}

void TestFaultServer::authorizationIsNotLogged()
{
    const QByteArray key = "sk-test-SECRET-0123456789";
    Result result = send("POST", chatUrl(), chatBody(false),
                         {{"Authorization", "Bearer " + key}, {"x-api-key", key}});
    QCOMPARE(result.status, 200);
    QCOMPARE(m_server->lastAuthorization(), "Bearer " + key);
    QJsonObject entry = m_server->requestLog().last();
    QCOMPARE(entry.value(u"hasAuthorization"_s).toBool(), true);
    QCOMPARE(entry.value(u"authorizationScheme"_s).toString(), u"Bearer"_s);
    const Result served = send("GET", control(u"log"_s));
    QVERIFY(!served.body.isEmpty());
    QVERIFY(!served.body.contains(key));
    QVERIFY(!QJsonDocument(entry).toJson().contains(key));

    // A bare key (no scheme) is not mistaken for a scheme.
    send("GET", modelsUrl(), QByteArray(), {{"Authorization", key}});
    entry = m_server->requestLog().last();
    QCOMPARE(entry.value(u"authorizationScheme"_s).toString(), QString());
    QVERIFY(!QJsonDocument(entry).toJson().contains(key));
    QCOMPARE(m_server->lastAuthorization(), key);

    send("GET", modelsUrl());
    entry = m_server->requestLog().last();
    QCOMPARE(entry.value(u"hasAuthorization"_s).toBool(), false);
    QCOMPARE(m_server->lastAuthorization(), QByteArray());
}

// ---------------------------------------------------------------------------------------
// Control endpoint

void TestFaultServer::controlArmOverHttp()
{
    const Result armed = armOverHttp(R"({"status":503,"headers":{"Retry-After":"1"}})");
    QCOMPARE(armed.status, 200);
    QCOMPARE(armed.json().value(u"ok"_s).toBool(), true);
    QCOMPARE(armed.json().value(u"pending"_s).toInt(), 1);
    QCOMPARE(m_server->pendingSteps(), 1);
    const Result result = chat(false);
    QCOMPARE(result.status, 503);
    QCOMPARE(result.header("Retry-After"), QByteArray("1"));
    QCOMPARE(chat(false).status, 200);
}

void TestFaultServer::controlArmSeveral()
{
    Result armed = armOverHttp(R"({"steps":[{"status":500},{"stream":{"dropAfterChunks":1}}]})");
    QCOMPARE(armed.json().value(u"armed"_s).toInt(), 2);
    armed = armOverHttp(R"([{"status":401}])");
    QCOMPARE(armed.json().value(u"pending"_s).toInt(), 3);
    const Result steps = send("GET", control(u"steps"_s));
    QCOMPARE(steps.json().value(u"pending"_s).toInt(), 3);
    QCOMPARE(steps.json().value(u"steps"_s).toArray().at(1).toObject(),
             jsonObject(R"({"stream":{"dropAfterChunks":1}})"));
    QCOMPARE(chat(false).status, 500);
    const Result dropped = chat(true);
    QCOMPARE(contentChunks(sseData(dropped.body)), 1);
    QVERIFY(!dropped.body.contains("[DONE]"));
    QCOMPARE(chat(false).status, 401);
}

void TestFaultServer::controlArmRejectsBadStep()
{
    Result result = armOverHttp(R"({"status":"soon"})");
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json().value(u"ok"_s).toBool(), false);
    QVERIFY2(result.json().value(u"error"_s).toString().contains(u"status"_s),
             result.body.constData());
    result = armOverHttp("{not json");
    QCOMPARE(result.status, 400);
    result = armOverHttp(R"({"steps":[{"status":500},{"action":"explode"}]})");
    QCOMPARE(result.status, 400);
    QVERIFY(result.json().value(u"error"_s).toString().startsWith(u"step 2:"_s));
    QCOMPARE(m_server->pendingSteps(), 0); // all or nothing
    QCOMPARE(send("GET", control(u"arm"_s)).status, 405);
    QCOMPARE(send("GET", control(u"nonsense"_s)).status, 404);
}

void TestFaultServer::controlResetAndHealth()
{
    Result health = send("GET", control(u"health"_s));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json(), QJsonObject({{u"ok"_s, true}}));
    m_server->armAll({{.status = 500}, {.status = 502}});
    chat(false);
    QCOMPARE(m_server->requestLog().size(), 1);
    const Result reset = send("POST", control(u"reset"_s));
    QCOMPARE(reset.status, 200);
    QCOMPARE(m_server->pendingSteps(), 0);
    QCOMPARE(m_server->requestLog().size(), 0);
    QCOMPARE(m_server->chatRequestCount(), 0);
    QCOMPARE(send("GET", control(u"log"_s)).body, QByteArray("[]"));
    QCOMPARE(chat(false).status, 200);
}

void TestFaultServer::controlRequestsAreNotTraffic()
{
    m_server->arm({.match = FaultStep::Match::Any, .status = 500});
    send("GET", control(u"health"_s));
    send("GET", control(u"log"_s));
    send("GET", control(u"steps"_s));
    QCOMPARE(m_server->pendingSteps(), 1);
    QCOMPARE(m_server->requestLog().size(), 0);
    QCOMPARE(chat(false).status, 500);
    const QJsonArray log = QJsonDocument::fromJson(send("GET", control(u"log"_s)).body).array();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().toObject().value(u"path"_s).toString(), u"/v1/chat/completions"_s);
    QCOMPARE(log.first().toObject().value(u"step"_s).toObject().value(u"status"_s).toInt(), 500);
}

// ---------------------------------------------------------------------------------------
// HTTP/1.1 on the wire

void TestFaultServer::keepAliveSequentialRequests()
{
    for (int i = 0; i < 5; ++i) {
        const Result result = i % 2 ? chat(true) : chat(false);
        QCOMPARE(result.status, 200);
    }
    m_server->arm({.status = 429});
    QCOMPARE(chat(false).status, 429);
    QCOMPARE(send("GET", modelsUrl()).status, 200);
    QCOMPARE(m_server->chatRequestCount(), 6);
    QCOMPARE(m_server->acceptedConnectionCount(), 1);
}

void TestFaultServer::pipelinedRequests()
{
    auto socket = rawConnect();
    QVERIFY(socket);
    const QByteArray body = chatBody(false);
    const QByteArray requests = "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n"
                                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body
            + "GET /_fault/health HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    m_server->arm({.status = 503});
    socket->write(requests);
    QByteArray received;
    connect(socket.get(), &QTcpSocket::readyRead, this, [&] { received += socket->readAll(); });
    QSignalSpy disconnected(socket.get(), &QTcpSocket::disconnected);
    QVERIFY(disconnected.wait(replyTimeoutMs));
    received += socket->readAll();
    QCOMPARE(received.count("HTTP/1.1 "), 4);
    const qsizetype first = received.indexOf("HTTP/1.1 200");
    const qsizetype second = received.indexOf("HTTP/1.1 503");
    const qsizetype third = received.indexOf("{\"ok\":true}");
    const qsizetype fourth = received.lastIndexOf("HTTP/1.1 200");
    QVERIFY(first == 0);
    QVERIFY(first < second && second < third && third < fourth);
    QVERIFY(received.contains("x-request-id: req_1\r\n"));
    QVERIFY(received.contains("x-request-id: req_2\r\n"));
    QVERIFY(received.contains("x-request-id: req_3\r\n"));
}

void TestFaultServer::chunkedRequestBody()
{
    auto socket = rawConnect();
    QVERIFY(socket);
    const QByteArray body = chatBody(false, u"chunked upload"_s);
    QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                         "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    for (qsizetype at = 0; at < body.size(); at += 7) {
        const QByteArray piece = body.mid(at, 7);
        request += QByteArray::number(piece.size(), 16) + ";ext=1\r\n" + piece + "\r\n";
    }
    request += "0\r\nX-Trailer: yes\r\n\r\n";
    QSignalSpy disconnected(socket.get(), &QTcpSocket::disconnected);
    // Byte by byte over several writes: the parser must not care how the bytes arrive.
    socket->write(request.left(10));
    QVERIFY(socket->waitForBytesWritten(replyTimeoutMs));
    socket->write(request.mid(10));
    QVERIFY(disconnected.wait(replyTimeoutMs));
    const QByteArray received = socket->readAll();
    QVERIFY2(received.startsWith("HTTP/1.1 200 OK\r\n"), received.constData());
    QVERIFY(received.contains("\\\"chunked upload\\\""));
    QCOMPARE(m_server->requestLog().last().value(u"body"_s).toObject(), jsonObject(body));
}

void TestFaultServer::expectContinue()
{
    auto socket = rawConnect();
    QVERIFY(socket);
    const QByteArray body = chatBody(false);
    socket->write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                  "Content-Length: "
                  + QByteArray::number(body.size()) + "\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += socket->readAll()).contains("\r\n\r\n"), replyTimeoutMs);
    QCOMPARE(received, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    socket->write(body);
    QTRY_VERIFY_WITH_TIMEOUT((received += socket->readAll()).contains("\"chat.completion\""),
                             replyTimeoutMs);
    QVERIFY(received.contains("HTTP/1.1 200 OK\r\n"));
}

void TestFaultServer::http10StreamIsCloseDelimited()
{
    auto socket = rawConnect();
    QVERIFY(socket);
    const QByteArray body = chatBody(true);
    socket->write("POST /v1/chat/completions HTTP/1.0\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QSignalSpy disconnected(socket.get(), &QTcpSocket::disconnected);
    QVERIFY(disconnected.wait(replyTimeoutMs));
    const QByteArray received = socket->readAll();
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    const QByteArray head = received.left(headEnd);
    QVERIFY(head.startsWith("HTTP/1.1 200 OK"));
    QVERIFY(!head.contains("Transfer-Encoding"));
    QVERIFY(head.contains("Connection: close"));
    QVERIFY(received.endsWith("data: [DONE]\n\n"));
}

void TestFaultServer::garbageDoesNotCrash_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("statusLine"); // empty: only "the server survives"
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\xfe garbage\r\n\r\n", 16)
                            << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("tls hello") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)
                               << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("http/2 preface")
            << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << QByteArray("HTTP/1.1 505 ");
    QTest::newRow("no host") << QByteArray("GET /v1/models HTTP/1.1\r\n\r\n")
                             << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("header without colon") << QByteArray("GET /v1/models HTTP/1.1\r\nHost x\r\n\r\n")
                                          << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("negative length") << QByteArray(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
                                     << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("conflicting lengths")
            << QByteArray("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                          "Content-Length: 2\r\n\r\nab")
            << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("huge length") << QByteArray(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: "
            "99999999999\r\n\r\n")
                                 << QByteArray("HTTP/1.1 413 ");
    QTest::newRow("unknown coding")
            << QByteArray("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                          "gzip\r\n\r\n")
            << QByteArray("HTTP/1.1 501 ");
    QTest::newRow("bad chunk size")
            << QByteArray("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                          "chunked\r\n\r\nzz\r\nabc\r\n")
            << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("bad escape") << QByteArray("GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n")
                                << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("endless head") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(70000, 'a'))
                                  << QByteArray("HTTP/1.1 431 ");
    QTest::newRow("json body, no head")
            << QByteArray(R"({"model":"m","messages":[]})") << QByteArray("HTTP/1.1 400 ");
}

void TestFaultServer::garbageDoesNotCrash()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, statusLine);
    auto socket = rawConnect();
    QVERIFY(socket);
    QSignalSpy disconnected(socket.get(), &QTcpSocket::disconnected);
    socket->write(bytes);
    QVERIFY(disconnected.wait(replyTimeoutMs));
    const QByteArray received = socket->readAll();
    QVERIFY2(received.startsWith(statusLine), received.constData());
    QVERIFY(QJsonDocument::fromJson(received.mid(received.indexOf("\r\n\r\n") + 4))
                    .object()
                    .contains(u"error"_s));
    QCOMPARE(m_server->requestLog().size(), 0);
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
    QCOMPARE(chat(true).status, 200);
}

void TestFaultServer::clientVanishesMidRequest()
{
    {
        auto socket = rawConnect();
        QVERIFY(socket);
        socket->write(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{");
        QVERIFY(socket->waitForBytesWritten(replyTimeoutMs));
        QTRY_COMPARE(m_server->openConnectionCount(), 1);
    } // closed here, half a request sent
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
    // And mid-stream: the client goes while chunks are still being paced out.
    m_server->arm({.chunkDelay = 50ms});
    std::unique_ptr<QNetworkReply> reply(start("POST", chatUrl(), chatBody(true)));
    QSignalSpy readyRead(reply.get(), &QNetworkReply::readyRead);
    QVERIFY(readyRead.wait(replyTimeoutMs));
    reply->abort();
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
    QCOMPARE(chat(false).status, 200);
    QCOMPARE(m_server->chatRequestCount(), 2);
}

void TestFaultServer::destructorClosesConnections()
{
    m_server->armAll({{.action = FaultStep::Action::Hang},
                      {.stallAfterChunks = 1},
                      {.delay = 5000ms},
                      {.chunkDelay = 1000ms}});
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int i = 0; i < 4; ++i)
        replies.emplace_back(start("POST", chatUrl(), chatBody(true)));
    QTRY_COMPARE(m_server->chatRequestCount(), 4);
    QCOMPARE(m_server->openConnectionCount(), 4);
    m_server.reset(); // with a hung, a stalled, a delayed and a slow stream in flight
    for (const auto &reply : replies) {
        QTRY_VERIFY(reply->isFinished());
        QVERIFY(reply->error() != QNetworkReply::NoError);
    }
}

void TestFaultServer::closeFromSlot()
{
    // The GUI may stop its demo server from a slot on the server's own signal.
    connect(m_server.get(), &FaultServer::requestReceived, this, [this] { m_server->close(); });
    const Result result = chat(false);
    QVERIFY(result.error != QNetworkReply::NoError);
    QVERIFY(!m_server->isListening());
    QCOMPARE(m_server->openConnectionCount(), 0);
    QCOMPARE(m_server->requestLog().size(), 1);
}

// ---------------------------------------------------------------------------------------
// Steps and scripts

void TestFaultServer::stepJsonRoundTrip()
{
    const QJsonObject full = jsonObject(R"({
        "match": "any", "status": 429, "error": {"message": "slow down", "code": null},
        "headers": {"Retry-After": "3", "x-should-retry": "true"},
        "delayMs": 250, "stream": {"dropAfterChunks": 4, "chunkDelayMs": 7, "omitDone": true,
        "noFinish": true, "holdOpen": true}, "malformed": "bad-utf8", "oversizeBytes": 1000,
        "text": "hello", "repeat": 3, "note": "the works", "html": true, "action": "truncate"})");
    QString error;
    const auto step = FaultStep::fromJson(full, &error);
    QVERIFY2(step, qPrintable(error));
    QCOMPARE(step->match, FaultStep::Match::Any);
    QCOMPARE(step->status, 429);
    QCOMPARE(step->delay, 250ms);
    QCOMPARE(step->dropAfterChunks, std::optional<int>(4));
    QCOMPARE(step->chunkDelay, std::optional<std::chrono::milliseconds>(7ms));
    QCOMPARE(step->malformed, FaultStep::Malformed::BadUtf8);
    QCOMPARE(step->action, FaultStep::Action::Truncate);
    QVERIFY(step->holdOpen);
    QCOMPARE(step->headers.size(), 2);
    QCOMPARE(step->toJson(), full);
    const auto again = FaultStep::fromJson(step->toJson(), &error);
    QVERIFY(again);
    QCOMPARE(again->toJson(), full);

    // The stream fields may also be written at the top level.
    const auto flat = FaultStep::fromJson(
            jsonObject(R"({"stallAfterChunks": 2, "chunkDelayMs": 5})"), &error);
    QVERIFY2(flat, qPrintable(error));
    QCOMPARE(flat->toJson(), jsonObject(R"({"stream":{"stallAfterChunks":2,"chunkDelayMs":5}})"));
    const auto held = FaultStep::fromJson(jsonObject(R"({"holdOpen": true})"), &error);
    QVERIFY2(held, qPrintable(error));
    QVERIFY(held->holdOpen);
    QCOMPARE(held->toJson(), jsonObject(R"({"stream":{"holdOpen":true}})"));
    const auto notHeld = FaultStep::fromJson(jsonObject(R"({"holdOpen": false})"), &error);
    QVERIFY2(notHeld, qPrintable(error));
    QVERIFY(!notHeld->holdOpen);
    QCOMPARE(notHeld->toJson(), QJsonObject());
    QCOMPARE(FaultStep().toJson(), QJsonObject());
}

void TestFaultServer::scriptParses()
{
    QString error;
    const auto script = FaultScript::fromJson(R"({
        "steps": [{"status": 500}, {"action": "reset", "repeat": 2}],
        "replyText": "scripted", "chunkDelayMs": 3, "models": ["a", "b"], "pathPrefix": "/api"})",
                                              &error);
    QVERIFY2(script, qPrintable(error));
    QCOMPARE(script->steps().size(), 2);
    QCOMPARE(script->steps().at(1).repeat, 2);
    QCOMPARE(script->replyText(), std::optional<QString>(u"scripted"_s));
    QCOMPARE(script->chunkDelay(), std::optional<std::chrono::milliseconds>(3ms));
    QCOMPARE(script->models(), std::optional<QStringList>({u"a"_s, u"b"_s}));
    m_server->loadScript(*script);
    QCOMPARE(m_server->pendingSteps(), 2);
    QCOMPARE(m_server->replyText(), u"scripted"_s);
    QCOMPARE(m_server->chunkDelay(), 3ms);
    QCOMPARE(m_server->models(), QStringList({u"a"_s, u"b"_s}));
    QCOMPARE(m_server->baseUrl().path(), u"/api"_s);

    const auto array = FaultScript::fromJson("[{}, {\"status\": 404}]", &error);
    QVERIFY2(array, qPrintable(error));
    QCOMPARE(array->steps().size(), 2);
    QVERIFY(!array->replyText());
    QVERIFY(FaultScript::fromJson("[]", &error));
}

void TestFaultServer::scriptErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty file") << QByteArray() << u"not valid JSON at line 1, column 1"_s;
    QTest::newRow("bad json line")
            << QByteArray("[\n  {\"status\": 500},\n  {\"status\": }\n]") << u"line 3, column"_s;
    QTest::newRow("scalar") << QByteArray("42") << u"not valid JSON"_s;
    QTest::newRow("step not object") << QByteArray("[{}, 3]") << u"step 2: must be an object"_s;
    QTest::newRow("status type") << QByteArray(R"([{"status": "x"}])")
                                 << u"step 1: 'status' must be an integer from 200 to 599"_s;
    QTest::newRow("status range") << QByteArray(R"([{"status": 99}])")
                                  << u"from 200 to 599 (got 99)"_s;
    QTest::newRow("fractional") << QByteArray(R"([{"delayMs": 1.5}])")
                                << u"'delayMs' must be an integer"_s;
    QTest::newRow("typo") << QByteArray(R"([{"stauts": 500}])")
                          << u"step 1: unknown field 'stauts'"_s;
    QTest::newRow("action")
            << QByteArray(R"([{}, {"action": "explode"}])")
            << u"step 2: 'action' must be one of \"reset\", \"close\", \"hang\", \"truncate\""_s;
    QTest::newRow("malformed") << QByteArray(R"([{"malformed": "weird"}])")
                               << u"'malformed' must be one of"_s;
    QTest::newRow("match") << QByteArray(R"([{"match": "all"}])") << u"'match' must be one of"_s;
    QTest::newRow("two endings") << QByteArray(
            R"([{"stream": {"stallAfterChunks": 1, "dropAfterChunks": 1}}])")
                                 << u"only one of stallAfterChunks"_s;
    QTest::newRow("stream not object")
            << QByteArray(R"([{"stream": true}])") << u"'stream' must be an object"_s;
    QTest::newRow("stream unknown")
            << QByteArray(R"([{"stream": {"stall": 1}}])") << u"stream: unknown field 'stall'"_s;
    QTest::newRow("holdOpen type") << QByteArray(R"([{"stream": {"holdOpen": "yes"}}])")
                                   << u"stream: 'holdOpen' must be true or false"_s;
    QTest::newRow("holdOpen type, top level")
            << QByteArray(R"([{"holdOpen": 1}])") << u"'holdOpen' must be true or false"_s;
    QTest::newRow("twice") << QByteArray(
            R"([{"stallAfterChunks": 1, "stream": {"stallAfterChunks": 2}}])")
                           << u"given twice"_s;
    QTest::newRow("header name") << QByteArray(R"([{"headers": {"Bad Name": "x"}}])")
                                 << u"not a valid HTTP token"_s;
    QTest::newRow("header value") << QByteArray(R"([{"headers": {"X": "a\r\nb"}}])")
                                  << u"may not contain a line break"_s;
    QTest::newRow("repeat zero") << QByteArray(R"([{"repeat": 0}])")
                                 << u"'repeat' must be an integer from 1"_s;
    QTest::newRow("negative oversize") << QByteArray(R"([{"oversizeBytes": -1}])")
                                       << u"'oversizeBytes' must be an integer from 0"_s;
    QTest::newRow("error field") << QByteArray(R"([{"error": {"msg": "x"}}])")
                                 << u"unknown field 'error.msg'"_s;
    QTest::newRow("content type alone") << QByteArray(R"([{"contentType": "text/plain"}])")
                                        << u"'contentType' needs a 'body'"_s;
    QTest::newRow("steps type") << QByteArray(R"({"steps": {}})") << u"'steps' must be an array"_s;
    QTest::newRow("script field") << QByteArray(R"({"steps": [], "bogus": 1})")
                                  << u"unknown field 'bogus'"_s;
    QTest::newRow("models") << QByteArray(R"({"models": ["a", ""]})")
                            << u"'models' must hold non-empty strings"_s;
    QTest::newRow("prefix") << QByteArray(R"({"pathPrefix": "v1"})")
                            << u"'pathPrefix' must be empty or start with '/'"_s;
}

void TestFaultServer::scriptErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!FaultScript::fromJson(json, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestFaultServer::scriptFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"faults.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"([{"status": 503, "repeat": 2}, {"stream": {"stallAfterChunks": 1}}])");
    file.close();
    QString error;
    const auto script = FaultScript::fromFile(path, &error);
    QVERIFY2(script, qPrintable(error));
    QCOMPARE(script->steps().size(), 2);

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"([{"status": 503, "repeat": "twice"}])");
    file.close();
    QVERIFY(!FaultScript::fromFile(path, &error));
    QVERIFY2(error.startsWith(path + u": step 1: 'repeat'"_s), qPrintable(error));

    QVERIFY(!FaultScript::fromFile(dir.filePath(u"missing.json"_s), &error));
    QVERIFY2(error.startsWith(u"cannot read "_s), qPrintable(error));
}

// ---------------------------------------------------------------------------------------
// The executable

void TestFaultServer::executable()
{
    QTemporaryDir dir;
    const QString scriptPath = dir.filePath(u"script.json"_s);
    QFile file(scriptPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"steps": [{"status": 429}], "models": ["only-one"]})");
    file.close();

    QProcess process;
    process.start(QStringLiteral(STEADFAST_FAULTSERVER_PATH),
                  {u"--port"_s, u"0"_s, u"--chunk-delay-ms"_s, u"0"_s, u"--reply-text"_s,
                   u"From the process."_s, u"--script"_s, scriptPath});
    QVERIFY2(process.waitForStarted(replyTimeoutMs), qPrintable(process.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), replyTimeoutMs);
    const QString line = QString::fromUtf8(process.readLine()).trimmed();
    const QUrl base(line);
    QVERIFY2(base.isValid() && base.scheme() == u"http"_s && base.port() > 0, qPrintable(line));
    QCOMPARE(base.host(), u"127.0.0.1"_s);
    QCOMPARE(base.path(), u"/v1"_s);

    const QUrl chatUrl(line + u"/chat/completions"_s);
    QCOMPARE(send("POST", chatUrl, chatBody(false)).status, 429);
    const Result healthy = send("POST", chatUrl, chatBody(true));
    QCOMPARE(streamedText(sseData(healthy.body)), u"From the process."_s);
    QCOMPARE(send("GET", QUrl(line + u"/models"_s)).json().value(u"data"_s).toArray().size(), 1);

    process.terminate(); // SIGTERM: a clean exit
    QVERIFY(process.waitForFinished(replyTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().isEmpty()); // exactly one line on stdout
}

void TestFaultServer::executableRejectsBadScript()
{
    QTemporaryDir dir;
    const QString scriptPath = dir.filePath(u"bad.json"_s);
    QFile file(scriptPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"([{"status": 700}])");
    file.close();
    QProcess process;
    process.start(QStringLiteral(STEADFAST_FAULTSERVER_PATH), {u"--script"_s, scriptPath});
    QVERIFY(process.waitForFinished(replyTimeoutMs));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    const QString stderrText = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(stderrText.contains(u"step 1: 'status' must be an integer from 200 to 599"_s),
             qPrintable(stderrText));
}

QTEST_GUILESS_MAIN(TestFaultServer)
#include "TestFaultServer.moc"
