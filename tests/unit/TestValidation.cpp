// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/Validation.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using steadfast::ApiError;
using steadfast::ChatMessage;
using steadfast::ChatRequest;

namespace {

// A request that passes every check; each row changes one thing.
ChatRequest validRequest()
{
    ChatRequest request;
    request.baseUrl = QUrl(u"https://api.openai.com/v1"_s);
    request.apiKey = u"sk-test-0123456789"_s;
    request.model = u"gpt-4o-mini"_s;
    request.messages = {{u"system"_s, u"Be brief."_s}, {u"user"_s, u"Hello"_s}};
    return request;
}

ChatRequest withUrl(const QString &url, const QString &key = u"sk-test-0123456789"_s)
{
    ChatRequest request = validRequest();
    request.baseUrl = QUrl(url);
    request.apiKey = key;
    return request;
}

ChatRequest withMessages(const QList<ChatMessage> &messages)
{
    ChatRequest request = validRequest();
    request.messages = messages;
    return request;
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void problems_data();
    void problems();
    void validateRequest_data();
    void validateRequest();
    void isLoopbackHost_data();
    void isLoopbackHost();
};

void TestValidation::problems_data()
{
    QTest::addColumn<ChatRequest>("request");
    // One entry per expected problem, in order: a fragment the problem's text must contain.
    QTest::addColumn<QStringList>("expected");

    const QStringList none;
    const QString insecure = u"--allow-insecure-key"_s;

    // Base URL
    QTest::newRow("valid https") << validRequest() << none;
    QTest::newRow("https with port and path")
            << withUrl(u"https://example.com:8443/api/v1"_s) << none;
    QTest::newRow("URL empty") << withUrl(QString()) << QStringList{u"Set the base URL"_s};
    QTest::newRow("URL invalid") << withUrl(u"http://exa mple.com/v1"_s)
                                 << QStringList{u"not a valid URL"_s};
    QTest::newRow("URL scheme ftp") << withUrl(u"ftp://example.com/v1"_s)
                                    << QStringList{u"http:// or https:// (not ftp:)"_s};
    QTest::newRow("URL without scheme")
            << withUrl(u"/v1"_s) << QStringList{u"must start with http:// or https://"_s};
    QTest::newRow("URL host:port without scheme")
            << withUrl(u"localhost:11434"_s) << QStringList{u"(not localhost:)"_s};
    QTest::newRow("URL without host") << withUrl(u"http:///v1"_s) << QStringList{u"no host name"_s};
    QTest::newRow("URL scheme in capitals") << withUrl(u"HTTPS://API.example.com/v1"_s) << none;

    // Model
    {
        ChatRequest request = validRequest();
        request.model.clear();
        QTest::newRow("model empty") << request << QStringList{u"Choose a model"_s};
        request.model = u" \t\n"_s;
        QTest::newRow("model blank") << request << QStringList{u"Choose a model"_s};
        request.model = u" llama3 "_s;
        QTest::newRow("model with spaces around") << request << none;
    }

    // Messages
    QTest::newRow("no messages") << withMessages({}) << QStringList{u"Add at least one message"_s};
    QTest::newRow("one user message") << withMessages({{u"user"_s, u"Hi"_s}}) << none;
    QTest::newRow("all three roles")
            << withMessages({{u"system"_s, u"s"_s}, {u"user"_s, u"u"_s}, {u"assistant"_s, u"a"_s}})
            << none;
    QTest::newRow("role tool") << withMessages({{u"user"_s, u"Hi"_s}, {u"tool"_s, u"x"_s}})
                               << QStringList{u"Message 2 has the role \"tool\""_s};
    QTest::newRow("role in capitals") << withMessages({{u"User"_s, u"Hi"_s}})
                                      << QStringList{u"Message 1 has the role \"User\""_s};
    QTest::newRow("role empty") << withMessages({{QString(), u"Hi"_s}})
                                << QStringList{u"Message 1 has no role"_s};
    QTest::newRow("user content empty")
            << withMessages({{u"user"_s, QString()}}) << QStringList{u"Message 1 is empty"_s};
    QTest::newRow("user content blank")
            << withMessages({{u"system"_s, u"s"_s}, {u"user"_s, u" \n\t "_s}})
            << QStringList{u"Message 2 is empty"_s};
    QTest::newRow("system content empty")
            << withMessages({{u"system"_s, u""_s}, {u"user"_s, u"Hi"_s}})
            << QStringList{u"Message 1 is empty"_s};
    QTest::newRow("assistant content empty")
            << withMessages({{u"user"_s, u"Hi"_s}, {u"assistant"_s, u""_s}, {u"user"_s, u"?"_s}})
            << QStringList{u"Message 2 is empty"_s};
    QTest::newRow("bad role and empty content")
            << withMessages({{u"robot"_s, u""_s}})
            << QStringList{u"Message 1 has the role \"robot\""_s, u"Message 1 is empty"_s};

    // Parameters
    for (const double temperature : {0.0, 0.7, 2.0}) {
        ChatRequest request = validRequest();
        request.temperature = temperature;
        QTest::addRow("temperature %g", temperature) << request << none;
    }
    for (const double temperature : {-0.1, 2.01, 100.0, std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::infinity()}) {
        ChatRequest request = validRequest();
        request.temperature = temperature;
        QTest::addRow("temperature %g", temperature)
                << request << QStringList{u"temperature between 0 and 2"_s};
    }
    for (const int maxTokens : {1, 4096}) {
        ChatRequest request = validRequest();
        request.maxTokens = maxTokens;
        QTest::addRow("max tokens %d", maxTokens) << request << none;
    }
    for (const int maxTokens : {0, -5}) {
        ChatRequest request = validRequest();
        request.maxTokens = maxTokens;
        QTest::addRow("max tokens %d", maxTokens)
                << request << QStringList{u"max tokens to more than 0 (it is %1)"_s.arg(maxTokens)};
    }

    // The key over plain http
    QTest::newRow("key over http to a remote host")
            << withUrl(u"http://example.com/v1"_s)
            << QStringList{u"unencrypted over http to example.com"_s};
    QTest::newRow("key over http to a LAN address")
            << withUrl(u"http://192.168.1.5:8080/v1"_s) << QStringList{insecure};
    QTest::newRow("key over http to 0.0.0.0")
            << withUrl(u"http://0.0.0.0:8080/v1"_s) << QStringList{insecure};
    QTest::newRow("key over http to localhost lookalike")
            << withUrl(u"http://localhost.example.com/v1"_s) << QStringList{insecure};
    QTest::newRow("key over http to 127.0.0.1 lookalike")
            << withUrl(u"http://127.0.0.1.nip.io/v1"_s) << QStringList{insecure};
    {
        ChatRequest request = withUrl(u"http://example.com/v1"_s);
        request.allowInsecureKey = true;
        QTest::newRow("key over http with consent") << request << none;
    }
    QTest::newRow("no key over http") << withUrl(u"http://example.com/v1"_s, QString()) << none;
    QTest::newRow("key over https") << withUrl(u"https://example.com/v1"_s) << none;
    QTest::newRow("key over http to localhost") << withUrl(u"http://localhost:11434/v1"_s) << none;
    QTest::newRow("key over http to LOCALHOST") << withUrl(u"http://LOCALHOST:1234/v1"_s) << none;
    QTest::newRow("key over http to 127.0.0.1") << withUrl(u"http://127.0.0.1:8080/v1"_s) << none;
    QTest::newRow("key over http to 127.8.9.10") << withUrl(u"http://127.8.9.10/v1"_s) << none;
    QTest::newRow("key over http to [::1]") << withUrl(u"http://[::1]:8080/v1"_s) << none;

    // Several at once, in a stable order
    {
        ChatRequest request;
        request.baseUrl = QUrl(u"ftp://example.com"_s);
        request.apiKey = u"sk-abc"_s;
        request.temperature = 3;
        request.maxTokens = 0;
        QTest::newRow("everything wrong")
                << request
                << QStringList{u"http:// or https://"_s, u"Choose a model"_s,
                               u"Add at least one message"_s, u"temperature"_s, u"max tokens"_s};
    }
}

void TestValidation::problems()
{
    QFETCH(ChatRequest, request);
    QFETCH(QStringList, expected);

    const QStringList problems = steadfast::validationProblems(request);
    QVERIFY2(problems.size() == expected.size(), qPrintable(problems.join(u" | "_s)));
    for (qsizetype i = 0; i < problems.size(); ++i) {
        QVERIFY2(problems.at(i).contains(expected.at(i)),
                 qPrintable(u"\"%1\" lacks \"%2\""_s.arg(problems.at(i), expected.at(i))));
        QVERIFY(!problems.at(i).endsWith(u'.'));
        QVERIFY(problems.at(i).at(0).isUpper());
    }
    // The key never appears in what the user is told.
    if (!request.apiKey.isEmpty())
        QVERIFY(!problems.join(u' ').contains(request.apiKey));
}

void TestValidation::validateRequest_data()
{
    QTest::addColumn<ChatRequest>("request");
    QTest::addColumn<QString>("message"); // empty: valid

    QTest::newRow("valid") << validRequest() << QString();
    QTest::newRow("one problem") << withMessages({}) << u"Add at least one message"_s;
    ChatRequest two = withMessages({{u"user"_s, u" "_s}});
    two.model.clear();
    QTest::newRow("two problems") << two
                                  << u"Choose a model; the model name is empty; "
                                     u"Message 1 is empty; write some text"_s;
}

void TestValidation::validateRequest()
{
    QFETCH(ChatRequest, request);
    QFETCH(QString, message);

    const std::optional<ApiError> error = steadfast::validateRequest(request);
    if (message.isEmpty()) {
        QVERIFY(!error);
        return;
    }
    QVERIFY(error);
    QCOMPARE(error->kind, ApiError::Kind::Validation);
    QVERIFY(!error->retryable);
    QVERIFY(error->isError());
    QCOMPARE(error->httpStatus, 0);
    QCOMPARE(error->message, message);
    QCOMPARE(error->message, steadfast::validationProblems(request).join(u"; "_s));
}

void TestValidation::isLoopbackHost_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");

    QTest::newRow("localhost") << u"localhost"_s << true;
    QTest::newRow("LocalHost") << u"LocalHost"_s << true;
    QTest::newRow("localhost.") << u"localhost."_s << true;
    QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << true;
    QTest::newRow("127.0.0.0") << u"127.0.0.0"_s << true;
    QTest::newRow("127.255.255.254") << u"127.255.255.254"_s << true;
    QTest::newRow("::1") << u"::1"_s << true;
    QTest::newRow("[::1]") << u"[::1]"_s << true;
    QTest::newRow("0:0:0:0:0:0:0:1") << u"0:0:0:0:0:0:0:1"_s << true;
    QTest::newRow("IPv4-mapped loopback") << u"::ffff:127.0.0.1"_s << true;
    QTest::newRow("[IPv4-mapped loopback]") << u"[::ffff:127.0.0.1]"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("[]") << u"[]"_s << false;
    QTest::newRow("128.0.0.1") << u"128.0.0.1"_s << false;
    QTest::newRow("126.255.255.255") << u"126.255.255.255"_s << false;
    QTest::newRow("0.0.0.0") << u"0.0.0.0"_s << false;
    QTest::newRow("::") << u"::"_s << false;
    QTest::newRow("::2") << u"::2"_s << false;
    QTest::newRow("10.0.0.1") << u"10.0.0.1"_s << false;
    QTest::newRow("example.com") << u"example.com"_s << false;
    QTest::newRow("localhost.example.com") << u"localhost.example.com"_s << false;
    QTest::newRow("mylocalhost") << u"mylocalhost"_s << false;
    QTest::newRow("127.0.0.1.nip.io") << u"127.0.0.1.nip.io"_s << false;
    QTest::newRow("127.0.0.1 with junk") << u"127.0.0.1x"_s << false;
    QTest::newRow("[localhost]") << u"[localhost]"_s << true; // brackets are only stripped
}

void TestValidation::isLoopbackHost()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(steadfast::isLoopbackHost(host), loopback);
}

QTEST_GUILESS_MAIN(TestValidation)
#include "TestValidation.moc"
