// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorBody.h"

#include "support/OpenAiErrorBody.h"

#include <QTest>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace steadfast;

class TestErrorBody : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void fieldsAreBounded();
};

void TestErrorBody::parse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("param");
    QTest::addColumn<bool>("parsed");
    QTest::addColumn<bool>("html");

    const QString replacement(QChar::ReplacementCharacter);

    QTest::newRow("OpenAI shape") << openAiError("Bad thing", "invalid_request_error", "bad_thing",
                                                 "messages")
                                  << u"Bad thing"_s << u"invalid_request_error"_s << u"bad_thing"_s
                                  << u"messages"_s << true << false;
    QTest::newRow("numeric code") << QByteArray(R"({"error":{"message":"m","code":429,"param":3}})")
                                  << u"m"_s << QString() << u"429"_s << u"3"_s << true << false;
    QTest::newRow("fractional code")
            << QByteArray(R"({"error":{"message":"m","code":1.5}})") << u"m"_s << QString()
            << u"1.5"_s << QString() << true << false;
    QTest::newRow("nulls") << QByteArray(R"({"error":{"message":null,"type":null,"code":null}})")
                           << QString() << QString() << QString() << QString() << true << false;
    QTest::newRow("error as text (Ollama)")
            << QByteArray(R"({"error":"model 'x' not found"})") << u"model 'x' not found"_s
            << QString() << QString() << QString() << true << false;
    QTest::newRow("top-level message (older vLLM)")
            << QByteArray(R"({"object":"error","message":"bad input","type":"BadRequestError",)"
                          R"("param":"model","code":400})")
            << u"bad input"_s << u"BadRequestError"_s << u"400"_s << u"model"_s << true << false;
    QTest::newRow("detail text (FastAPI)")
            << QByteArray(R"({"detail":"Not authenticated"})") << u"Not authenticated"_s
            << QString() << QString() << QString() << true << false;
    QTest::newRow("detail list (FastAPI)")
            << QByteArray(R"({"detail":[{"loc":["body","model"],"msg":"field required"},)"
                          R"({"loc":["body","messages"],"msg":"field required"}]})")
            << u"body.model: field required; body.messages: field required"_s << QString()
            << QString() << QString() << true << false;
    QTest::newRow("detail object")
            << QByteArray(R"({"detail":{"message":"quota","code":"insufficient_quota"}})")
            << u"quota"_s << QString() << u"insufficient_quota"_s << QString() << true << false;
    QTest::newRow("OpenRouter provider metadata")
            << QByteArray(R"({"error":{"message":"Provider returned error","code":429,)"
                          R"("metadata":{"provider_name":"Together","raw":"upstream busy"}}})")
            << u"Provider returned error (Together: upstream busy)"_s << QString() << u"429"_s
            << QString() << true << false;
    QTest::newRow("a list of errors")
            << QByteArray(
                       R"([{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}])")
            << u"overloaded"_s << QString() << u"503"_s << QString() << true << false;
    QTest::newRow("UTF-8 BOM and whitespace first")
            << QByteArray("\xEF\xBB\xBF \n{\"error\":\"x\"}") << u"x"_s << QString() << QString()
            << QString() << true << false;
    QTest::newRow("bare JSON string")
            << QByteArray(R"("Internal \"error\"")") << u"Internal \"error\""_s << QString()
            << QString() << QString() << true << false;
    QTest::newRow("unknown JSON object")
            << QByteArray(R"({"status": "down"})") << u"{\"status\": \"down\"}"_s << QString()
            << QString() << QString() << false << false;
    QTest::newRow("SSE-framed error")
            << QByteArray("event: error\ndata: {\"error\":{\"message\":\"stream broke\","
                          "\"type\":\"server_error\"}}\n\n")
            << u"stream broke"_s << u"server_error"_s << QString() << QString() << true << false;
    QTest::newRow("multi-line message folds to one line")
            << QByteArray(R"({"error":{"message":"line one\n\n  line\ttwo"}})")
            << u"line one line two"_s << QString() << QString() << QString() << true << false;
    QTest::newRow("terminal escapes are defused")
            << QByteArray(R"({"error":{"message":"\u001b[31mred\u001b[0m\u0007"}})")
            << replacement + u"[31mred"_s + replacement + u"[0m"_s + replacement << QString()
            << QString() << QString() << true << false;
    QTest::newRow("truncated JSON after the message")
            << QByteArray(R"({"error":{"message":"Rate limit reached","type":"requests",)"
                          R"("code":"rate_limit_exceeded","par)")
            << u"Rate limit reached"_s << u"requests"_s << u"rate_limit_exceeded"_s << QString()
            << false << false;
    QTest::newRow("truncated inside the message")
            << QByteArray(R"({"error":{"message":"You exceeded your current quo)")
            << u"You exceeded your current quo\u2026"_s << QString() << QString() << QString()
            << false << false;
    QTest::newRow("truncated, escapes decoded")
            << QByteArray(R"({"error":{"message":"say \"hi\"\nthen caf\u00e9","code":42,"type)")
            << u"say \"hi\" then caf\u00e9"_s << QString() << u"42"_s << QString() << false
            << false;
    QTest::newRow("truncated Ollama shape")
            << QByteArray(R"({"error":"model not fou)") << u"model not fou\u2026"_s << QString()
            << QString() << QString() << false << false;
    QTest::newRow("broken JSON without fields") << QByteArray("{oops") << u"{oops"_s << QString()
                                                << QString() << QString() << false << false;
    QTest::newRow("invalid UTF-8 inside JSON")
            << QByteArray("{\"error\":{\"message\":\"bad \xff\xfe bytes\",\"code\":\"x\"}}")
            << u"bad "_s + replacement + replacement + u" bytes"_s << QString() << u"x"_s
            << QString() << false << false;
    QTest::newRow("invalid UTF-8 plain text")
            << QByteArray("caf\xc3 \xff!") << u"caf"_s + replacement + u" "_s + replacement + u"!"_s
            << QString() << QString() << QString() << false << false;
    QTest::newRow("HTML: title, entities decoded")
            << QByteArray("<!DOCTYPE html>\n<html><head><title>502: Bad gateway &amp; "
                          "friends &#8212; &#x41;</title></head><body>long text</body></html>")
            << u"502: Bad gateway & friends \u2014 A"_s << QString() << QString() << QString()
            << false << true;
    QTest::newRow("HTML: no title, a heading")
            << QByteArray("<html><body><h1 class=\"x\">Service <b>Unavailable</b></h1>"
                          "<p>details</p></body></html>")
            << u"Service Unavailable"_s << QString() << QString() << QString() << false << true;
    QTest::newRow("HTML: no title or heading, scripts and comments dropped")
            << QByteArray("<html><body><script>var x = '<p>';</script><style>p{}</style>"
                          "<!-- note --><p>Upstream   \n  failed</p></body></html>")
            << u"Upstream failed"_s << QString() << QString() << QString() << false << true;
    QTest::newRow("HTML: empty title falls to the heading")
            << QByteArray("<html><head><title>  </title></head><body><h1>Oops</h1></body></html>")
            << u"Oops"_s << QString() << QString() << QString() << false << true;
    QTest::newRow("XML is markup, not HTML")
            << QByteArray("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code>"
                          "<Message>Access Denied</Message></Error>")
            << u"AccessDenied Access Denied"_s << QString() << QString() << QString() << false
            << false;
    QTest::newRow("plain text folds")
            << QByteArray("upstream connect error or disconnect/reset before headers.\r\n"
                          "  reset reason: overflow")
            << u"upstream connect error or disconnect/reset before headers. reset reason: overflow"_s
            << QString() << QString() << QString() << false << false;
    QTest::newRow("empty") << QByteArray() << QString() << QString() << QString() << QString()
                           << false << false;
    QTest::newRow("whitespace only") << QByteArray(" \r\n\t ") << QString() << QString()
                                     << QString() << QString() << false << false;
}

void TestErrorBody::parse()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QFETCH(QString, type);
    QFETCH(QString, code);
    QFETCH(QString, param);
    QFETCH(bool, parsed);
    QFETCH(bool, html);

    const ErrorBody result = ErrorBody::parse(body);
    QCOMPARE(result.message, message);
    QCOMPARE(result.type, type);
    QCOMPARE(result.code, code);
    QCOMPARE(result.param, param);
    QCOMPARE(result.parsed, parsed);
    QCOMPARE(result.html, html);
}

void TestErrorBody::fieldsAreBounded()
{
    const QByteArray longCode(5000, 'c');
    const QByteArray body = R"({"error":{"message":")" + QByteArray(3000, 'm') + R"(","code":")"
            + longCode + R"(","type":")" + longCode + R"(","param":")" + longCode + R"("}})";
    const ErrorBody parsed = ErrorBody::parse(body);
    QCOMPARE(parsed.message.size(), ErrorBody::maxMessageLength);
    QVERIFY(parsed.message.endsWith(QChar(0x2026)));
    QVERIFY(parsed.message.startsWith(u"mmmm"_s));
    for (const QString &field : {parsed.code, parsed.type, parsed.param}) {
        QCOMPARE(field.size(), 200);
        QVERIFY(field.endsWith(QChar(0x2026)));
    }

    // A cut never leaves half of a surrogate pair behind.
    QByteArray emoji;
    for (int i = 0; i < 1000; ++i)
        emoji += "\xF0\x9F\x98\x80"; // U+1F600, two UTF-16 units
    const ErrorBody pairs = ErrorBody::parse(emoji);
    QVERIFY(pairs.message.size() <= ErrorBody::maxMessageLength);
    QVERIFY(!pairs.message.chopped(1).back().isHighSurrogate());
    QVERIFY(pairs.message.chopped(1).back().isLowSurrogate());
}

QTEST_GUILESS_MAIN(TestErrorBody)
#include "TestErrorBody.moc"
