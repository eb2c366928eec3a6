// SPDX-License-Identifier: GPL-3.0-or-later
// CompletionParser: what a chat-completions endpoint sends back, well-formed or not. Every
// outcome is compared as JSON (a result or chunk rendered field by field), so one table row
// states the whole expected value and a failure shows every field side by side.
#include "core/protocol/CompletionParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <variant>

using namespace Qt::StringLiterals;
using steadfast::ChatResult;
using steadfast::StreamChunk;
using steadfast::Usage;
namespace CompletionParser = steadfast::CompletionParser;

namespace {

const QString replacement = QString(QChar::ReplacementCharacter);

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Every field of a chunk; usage only when present, so its absence is visible too.
QJsonObject chunkToJson(const StreamChunk &chunk)
{
    QJsonObject object{{u"done"_s, chunk.done},
                       {u"text"_s, chunk.text},
                       {u"finishReason"_s, chunk.finishReason},
                       {u"model"_s, chunk.model},
                       {u"isError"_s, chunk.isError},
                       {u"errorMessage"_s, chunk.errorMessage},
                       {u"errorType"_s, chunk.errorType},
                       {u"errorCode"_s, chunk.errorCode}};
    if (chunk.usage)
        object.insert(u"usage"_s, chunk.usage->toJson());
    return object;
}

// The JSON form of a default chunk with the given fields changed.
QJsonObject chunk(const QJsonObject &fields)
{
    QJsonObject object = chunkToJson(StreamChunk{});
    for (auto it = fields.begin(); it != fields.end(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// The JSON form of a parsed completion (ChatResult::toJson(): requestId and attempts are
// the service's business, so the parser leaves them empty and 0).
QJsonObject result(const QString &text, const QString &finishReason, const QString &model,
                   const std::optional<Usage> &usage = std::nullopt)
{
    ChatResult expected;
    expected.text = text;
    expected.finishReason = finishReason;
    expected.model = model;
    expected.usage = usage;
    return expected.toJson();
}

Usage usage(qint64 prompt, qint64 completion, qint64 total)
{
    Usage value;
    value.promptTokens = prompt;
    value.completionTokens = completion;
    value.totalTokens = total;
    return value;
}

// A well-formed completion as OpenAI sends it, with the given message content (raw JSON).
QByteArray completionWith(const QByteArray &content, const QByteArray &finishReason = "\"stop\"")
{
    return R"({"id":"chatcmpl-1","object":"chat.completion","created":1732521600,)"
           R"("model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant",)"
           R"("content":)"
            + content + R"(},"logprobs":null,"finish_reason":)" + finishReason
            + R"(}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})";
}

// A streamed chunk as OpenAI sends it, with the given delta (raw JSON).
QByteArray chunkWith(const QByteArray &delta, const QByteArray &finishReason = "null")
{
    return R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1732521600,)"
           R"("model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":)"
            + delta + R"(,"logprobs":null,"finish_reason":)" + finishReason + "}]}";
}

} // namespace

class TestCompletionParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseCompletionValid_data();
    void parseCompletionValid();
    void parseCompletionInvalid_data();
    void parseCompletionInvalid();
    void parseCompletionTruncatedAnywhere();
    void parseCompletionLargeContent();

    void parseStreamDataValid_data();
    void parseStreamDataValid();
    void parseStreamDataInvalid_data();
    void parseStreamDataInvalid();
    void parseStreamDataTruncatedAnywhere();

    void usageFromJson_data();
    void usageFromJson();
    void chatResultToJson();
};

void TestCompletionParser::parseCompletionValid_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonObject>("expected");

    const Usage u = usage(12, 3, 15);
    QTest::newRow("string content") << completionWith(R"("Hello there.")")
                                    << result(u"Hello there."_s, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("empty string content")
            << completionWith(R"("")") << result({}, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("null content, tool call finish")
            << completionWith("null", R"("tool_calls")")
            << result({}, u"tool_calls"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("null content, length finish") << completionWith("null", R"("length")")
                                                 << result({}, u"length"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("content as text parts")
            << completionWith(
                       R"([{"type":"text","text":"Hello"},{"type":"text","text":", world"}])")
            << result(u"Hello, world"_s, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("non-text parts are skipped")
            << completionWith(R"([{"type":"image_url","image_url":{"url":"x"}},)"
                              R"({"type":"text","text":"A"},"stray",42,{"text":"no type"},)"
                              R"({"type":"text","text":"B"}])")
            << result(u"AB"_s, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("empty parts array")
            << completionWith("[]") << result({}, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("null finish reason") << completionWith(R"("partial")", "null")
                                        << result(u"partial"_s, {}, u"gpt-4o-mini"_s, u);
    QTest::newRow("escapes and non-ASCII")
            << completionWith(R"("line\n\"quoted\" \u00e9t\u00e9 \ud83d\ude00 Grüße")")
            << result(u"line\n\"quoted\" été 😀 Grüße"_s, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("usage absent") << QByteArray(
            R"({"choices":[{"message":{"role":"assistant","content":"Hi"},)"
            R"("finish_reason":"stop"}],"model":"llama3"})")
                                  << result(u"Hi"_s, u"stop"_s, u"llama3"_s);
    QTest::newRow("usage null") << QByteArray(
            R"({"choices":[{"message":{"content":"Hi"}}],"usage":null})")
                                << result(u"Hi"_s, {}, {});
    QTest::newRow("usage with missing counts")
            << QByteArray(R"({"choices":[{"message":{"content":"Hi"}}],)"
                          R"("usage":{"prompt_tokens":7}})")
            << result(u"Hi"_s, {}, {}, usage(7, 0, 0));
    QTest::newRow("minimal: no id, model or finish")
            << QByteArray(R"({"choices":[{"message":{"content":"ok"}}]})")
            << result(u"ok"_s, {}, {});
    QTest::newRow("message without content key")
            << QByteArray(R"({"choices":[{"message":{"role":"assistant","tool_calls":[]},)"
                          R"("finish_reason":"tool_calls"}]})")
            << result({}, u"tool_calls"_s, {});
    QTest::newRow("only the first choice counts")
            << QByteArray(R"({"choices":[{"message":{"content":"first"}},)"
                          R"({"message":{"content":"second"}}]})")
            << result(u"first"_s, {}, {});
    QTest::newRow("error null beside choices")
            << QByteArray(R"({"error":null,"choices":[{"message":{"content":"x"}}]})")
            << result(u"x"_s, {}, {});
    QTest::newRow("surrounding whitespace and CRLF")
            << QByteArray("\r\n  " + completionWith(R"("x")") + " \r\n")
            << result(u"x"_s, u"stop"_s, u"gpt-4o-mini"_s, u);
    // QJsonDocument alone rejects a document with one invalid UTF-8 sequence; the parser
    // decodes leniently (as the official SDKs do): each bad sequence becomes U+FFFD.
    QTest::newRow("invalid UTF-8 inside the content")
            << completionWith("\"caf\xC3\x28 ok\"")
            << result(u"caf"_s + replacement + u"( ok"_s, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("lone continuation and 0xFF bytes")
            << completionWith("\"a\x80z\xFF\"")
            << result(u"a"_s + replacement + u"z"_s + replacement, u"stop"_s, u"gpt-4o-mini"_s, u);
    QTest::newRow("truncated multi-byte sequence at the end of a string")
            << completionWith("\"end\xE2\x82\"") // Qt's decoder: one U+FFFD per byte here
            << result(u"end"_s + replacement + replacement, u"stop"_s, u"gpt-4o-mini"_s, u);
}

void TestCompletionParser::parseCompletionValid()
{
    QFETCH(QByteArray, body);
    QFETCH(QJsonObject, expected);

    const auto parsed = CompletionParser::parseCompletion(body);
    if (const QString *problem = std::get_if<QString>(&parsed))
        QFAIL(qPrintable(u"unexpected problem: "_s + *problem));
    QCOMPARE(compact(std::get<ChatResult>(parsed).toJson()), compact(expected));
}

void TestCompletionParser::parseCompletionInvalid_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("problem"); // the description starts with this

    QTest::newRow("empty") << QByteArray() << u"the reply body is empty"_s;
    QTest::newRow("whitespace only") << QByteArray(" \r\n\t ") << u"the reply body is empty"_s;
    QTest::newRow("not JSON") << QByteArray("<this is not JSON> upstream returned garbage {")
                              << u"the reply is not valid JSON ("_s;
    QTest::newRow("HTML page") << QByteArray("<html><head><title>Sign in</title></head></html>")
                               << u"the reply is not valid JSON ("_s;
    QTest::newRow("truncated JSON")
            << completionWith(R"("Hello")").left(60) << u"the reply is not valid JSON ("_s;
    QTest::newRow("trailing garbage")
            << QByteArray(completionWith(R"("x")") + "}") << u"the reply is not valid JSON ("_s;
    QTest::newRow("two documents")
            << QByteArray(completionWith(R"("x")") + completionWith(R"("y")"))
            << u"the reply is not valid JSON ("_s;
    QTest::newRow("NUL byte") << QByteArray("{\"choices\":\0[]}", 15)
                              << u"the reply is not valid JSON ("_s;
    QTest::newRow("invalid UTF-8 outside a string")
            << QByteArray("{\"choices\":\xFF[]}") << u"the reply is not valid JSON ("_s;
    QTest::newRow("array root") << QByteArray(R"([{"choices":[]}])")
                                << u"the reply is not a JSON object"_s;
    // QJsonDocument reads only an object or an array as a document.
    QTest::newRow("string root") << QByteArray(R"("hello")") << u"the reply is not valid JSON ("_s;
    QTest::newRow("number root") << QByteArray("42") << u"the reply is not valid JSON ("_s;
    QTest::newRow("null root") << QByteArray("null") << u"the reply is not valid JSON ("_s;
    QTest::newRow("no choices") << QByteArray(R"({"id":"x","model":"m","result":"Hello"})")
                                << u"the reply has no choices"_s;
    QTest::newRow("empty object") << QByteArray("{}") << u"the reply has no choices"_s;
    QTest::newRow("empty choices")
            << QByteArray(R"({"choices":[]})") << u"the reply has no choices"_s;
    QTest::newRow("choices null") << QByteArray(R"({"choices":null})")
                                  << u"the reply has no choices"_s;
    QTest::newRow("choices an object") << QByteArray(R"({"choices":{"message":{"content":"x"}}})")
                                       << u"the reply has no choices"_s;
    QTest::newRow("message missing") << QByteArray(R"({"choices":[{"finish_reason":"stop"}]})")
                                     << u"the reply's first choice has no message"_s;
    QTest::newRow("message null") << QByteArray(R"({"choices":[{"message":null}]})")
                                  << u"the reply's first choice has no message"_s;
    QTest::newRow("message a string") << QByteArray(R"({"choices":[{"message":"Hello"}]})")
                                      << u"the reply's first choice has no message"_s;
    QTest::newRow("choice not an object") << QByteArray(R"({"choices":["Hello"]})")
                                          << u"the reply's first choice has no message"_s;
    QTest::newRow("streamed chunk instead of a completion")
            << chunkWith(R"({"content":"Hi"})") << u"the reply's first choice has no message"_s;
    QTest::newRow("content a number")
            << completionWith("42") << u"the reply's message content is not text"_s;
    QTest::newRow("content a boolean")
            << completionWith("true") << u"the reply's message content is not text"_s;
    QTest::newRow("content an object") << completionWith(R"({"type":"text","text":"x"})")
                                       << u"the reply's message content is not text"_s;
    QTest::newRow("error object with 200")
            << QByteArray(R"({"error":{"message":"The server is overloaded","type":"server_error",)"
                          R"("code":null}})")
            << u"the reply carries an error object despite a success status"_s;
    QTest::newRow("error string with 200")
            << QByteArray(R"({"error":"model crashed"})") << u"the reply carries an error object"_s;
    QTest::newRow("error beside choices")
            << QByteArray(R"({"error":{"message":"partial failure"},)"
                          R"("choices":[{"message":{"content":"x"}}]})")
            << u"the reply carries an error object"_s;
}

void TestCompletionParser::parseCompletionInvalid()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, problem);

    const auto parsed = CompletionParser::parseCompletion(body);
    const QString *description = std::get_if<QString>(&parsed);
    QVERIFY2(description, "a malformed body must not parse as a completion");
    QVERIFY2(description->startsWith(problem), qPrintable(*description));
}

void TestCompletionParser::parseCompletionTruncatedAnywhere()
{
    // A body cut at any byte is never mistaken for a completion, and never crashes: a
    // compact JSON object is incomplete until its final brace.
    const QByteArray body = completionWith(R"("Grüße, \u00e9t\u00e9 😀")");
    QVERIFY(std::holds_alternative<ChatResult>(CompletionParser::parseCompletion(body)));
    for (qsizetype length = 0; length < body.size(); ++length) {
        const auto parsed = CompletionParser::parseCompletion(body.left(length));
        QVERIFY2(std::holds_alternative<QString>(parsed),
                 qPrintable(u"a prefix of %1 bytes parsed"_s.arg(length)));
        QVERIFY(!std::get<QString>(parsed).isEmpty());
    }
}

void TestCompletionParser::parseCompletionLargeContent()
{
    const QByteArray text(4 * 1024 * 1024, 'x');
    const auto parsed = CompletionParser::parseCompletion(completionWith('"' + text + '"'));
    QVERIFY(std::holds_alternative<ChatResult>(parsed));
    QCOMPARE(std::get<ChatResult>(parsed).text.size(), text.size());
}

void TestCompletionParser::parseStreamDataValid_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("eventName");
    QTest::addColumn<QJsonObject>("expected");

    const QString model = u"gpt-4o-mini"_s;
    QTest::newRow("role delta") << chunkWith(R"({"role":"assistant","content":""})") << QString()
                                << chunk({{u"model"_s, model}});
    QTest::newRow("role delta without content")
            << chunkWith(R"({"role":"assistant"})") << QString() << chunk({{u"model"_s, model}});
    QTest::newRow("content delta") << chunkWith(R"({"content":"Hel"})") << QString()
                                   << chunk({{u"model"_s, model}, {u"text"_s, u"Hel"_s}});
    QTest::newRow("content delta with leading space")
            << chunkWith(R"({"content":" world"})") << QString()
            << chunk({{u"model"_s, model}, {u"text"_s, u" world"_s}});
    QTest::newRow("content parts in a delta")
            << chunkWith(R"({"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]})")
            << QString() << chunk({{u"model"_s, model}, {u"text"_s, u"ab"_s}});
    QTest::newRow("null content delta")
            << chunkWith(R"({"content":null})") << QString() << chunk({{u"model"_s, model}});
    QTest::newRow("finish chunk") << chunkWith("{}", R"("stop")") << QString()
                                  << chunk({{u"model"_s, model}, {u"finishReason"_s, u"stop"_s}});
    QTest::newRow("finish chunk with length")
            << chunkWith("{}", R"("length")") << QString()
            << chunk({{u"model"_s, model}, {u"finishReason"_s, u"length"_s}});
    QTest::newRow("finish chunk without delta")
            << QByteArray(R"({"choices":[{"index":0,"finish_reason":"stop"}]})") << QString()
            << chunk({{u"finishReason"_s, u"stop"_s}});
    QTest::newRow("content and finish in one chunk")
            << chunkWith(R"({"content":"end."})", R"("stop")") << QString()
            << chunk({{u"model"_s, model}, {u"text"_s, u"end."_s}, {u"finishReason"_s, u"stop"_s}});
    QTest::newRow("usage-only chunk (empty choices)")
            << QByteArray(R"({"id":"c","object":"chat.completion.chunk","model":"m","choices":[],)"
                          R"("usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}})")
            << QString() << chunk({{u"model"_s, u"m"_s}, {u"usage"_s, usage(5, 7, 12).toJson()}});
    QTest::newRow("usage-only chunk (no choices)")
            << QByteArray(R"({"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})")
            << QString() << chunk({{u"usage"_s, usage(1, 2, 3).toJson()}});
    QTest::newRow("usage beside a finish")
            << QByteArray(R"({"choices":[{"delta":{},"finish_reason":"stop"}],)"
                          R"("usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})")
            << QString()
            << chunk({{u"finishReason"_s, u"stop"_s}, {u"usage"_s, usage(1, 2, 3).toJson()}});
    QTest::newRow("empty choices") << QByteArray(R"({"choices":[]})") << QString() << chunk({});
    QTest::newRow("choices null") << QByteArray(R"({"choices":null})") << QString() << chunk({});
    QTest::newRow("empty object") << QByteArray("{}") << QString() << chunk({});
    QTest::newRow("error null in a normal chunk")
            << QByteArray(R"({"error":null,"choices":[{"delta":{"content":"x"}}]})") << QString()
            << chunk({{u"text"_s, u"x"_s}});
    QTest::newRow("choice not an object")
            << QByteArray(R"({"choices":[7]})") << QString() << chunk({});
    QTest::newRow("[DONE]") << QByteArray("[DONE]") << QString() << chunk({{u"done"_s, true}});
    QTest::newRow("[DONE] with whitespace")
            << QByteArray(" \t[DONE]\r\n ") << QString() << chunk({{u"done"_s, true}});
    QTest::newRow("[DONE] under another event name")
            << QByteArray("[DONE]") << u"message"_s << chunk({{u"done"_s, true}});
    QTest::newRow("surrounding whitespace")
            << QByteArray("  " + chunkWith(R"({"content":"a"})") + "\r\n") << QString()
            << chunk({{u"model"_s, model}, {u"text"_s, u"a"_s}});
    QTest::newRow("unrelated event name") << chunkWith(R"({"content":"a"})") << u"completion"_s
                                          << chunk({{u"model"_s, model}, {u"text"_s, u"a"_s}});

    // Errors inside a stream are chunks (the service turns them into StreamInterrupted).
    QTest::newRow("error payload")
            << QByteArray(R"({"error":{"message":"The model crashed mid-answer.",)"
                          R"("type":"server_error","param":null,"code":"internal_error"}})")
            << QString()
            << chunk({{u"isError"_s, true},
                      {u"errorMessage"_s, u"The model crashed mid-answer."_s},
                      {u"errorType"_s, u"server_error"_s},
                      {u"errorCode"_s, u"internal_error"_s}});
    QTest::newRow("error payload with numeric code")
            << QByteArray(R"({"error":{"message":"Overloaded","type":"overloaded_error",)"
                          R"("code":529}})")
            << QString()
            << chunk({{u"isError"_s, true},
                      {u"errorMessage"_s, u"Overloaded"_s},
                      {u"errorType"_s, u"overloaded_error"_s},
                      {u"errorCode"_s, u"529"_s}});
    QTest::newRow("error as a string (Ollama)")
            << QByteArray(R"({"error":"llama runner process has terminated"})") << QString()
            << chunk({{u"isError"_s, true},
                      {u"errorMessage"_s, u"llama runner process has terminated"_s}});
    QTest::newRow("error object without message")
            << QByteArray(R"({"error":{"type":"server_error"}})") << QString()
            << chunk({{u"isError"_s, true}, {u"errorType"_s, u"server_error"_s}});
    QTest::newRow("event: error with a JSON error object")
            << QByteArray(R"({"error":{"message":"boom","code":"x"}})") << u"error"_s
            << chunk({{u"isError"_s, true},
                      {u"errorMessage"_s, u"boom"_s},
                      {u"errorCode"_s, u"x"_s}});
    QTest::newRow("event: error with a flat JSON object")
            << QByteArray(R"({"message":"rate limited","type":"rate_limit_error","code":429})")
            << u"error"_s
            << chunk({{u"isError"_s, true},
                      {u"errorMessage"_s, u"rate limited"_s},
                      {u"errorType"_s, u"rate_limit_error"_s},
                      {u"errorCode"_s, u"429"_s}});
    QTest::newRow("event: error with non-JSON data")
            << QByteArray("upstream timed out\n") << u"error"_s
            << chunk({{u"isError"_s, true}, {u"errorMessage"_s, u"upstream timed out"_s}});
    QTest::newRow("event: error with empty data")
            << QByteArray() << u"error"_s << chunk({{u"isError"_s, true}});
    QTest::newRow("event: error with a JSON array")
            << QByteArray(R"(["a"])") << u"error"_s
            << chunk({{u"isError"_s, true}, {u"errorMessage"_s, u"[\"a\"]"_s}});
    QTest::newRow("event: error with a chunk-shaped object")
            << chunkWith(R"({"content":"a"})") << u"error"_s << chunk({{u"isError"_s, true}});
    QTest::newRow("event: error with invalid UTF-8 in non-JSON data")
            << QByteArray("bad \xFF byte") << u"error"_s
            << chunk({{u"isError"_s, true},
                      {u"errorMessage"_s, u"bad "_s + replacement + u" byte"_s}});
    QTest::newRow("event: error non-JSON data longer than 1000 bytes is cut")
            << QByteArray(3000, 'e') << u"error"_s
            << chunk({{u"isError"_s, true}, {u"errorMessage"_s, QString(1000, u'e')}});

    // Invalid UTF-8 inside JSON strings: decoded leniently, each bad sequence is U+FFFD.
    QTest::newRow("invalid UTF-8 in a content delta")
            << chunkWith("{\"content\":\"x\xC3\x28\xA0\xA1\xFF\xFEy\"}") << QString()
            << chunk({{u"model"_s, model},
                      {u"text"_s,
                       u"x"_s + replacement + u"("_s + replacement + replacement + replacement
                               + replacement + u"y"_s}});
    QTest::newRow("overlong encoding in a content delta")
            << chunkWith("{\"content\":\"\xC0\xAF\"}") << QString()
            << chunk({{u"model"_s, model}, {u"text"_s, replacement + replacement}});
    QTest::newRow("UTF-8 encoded surrogate in a content delta")
            << chunkWith("{\"content\":\"<\xED\xA0\x80>\"}") << QString()
            << chunk({{u"model"_s, model},
                      {u"text"_s, u"<"_s + replacement + replacement + replacement + u">"_s}});
    // QJsonDocument lets unescaped control characters through inside strings.
    QTest::newRow("raw NUL and tab inside a content string")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"x\0y\tz\"}}]}", 43) << QString()
            << chunk({{u"text"_s, QString(u"x\0y\tz"_s)}});
    QTest::newRow("invalid UTF-8 in an error message")
            << QByteArray("{\"error\":{\"message\":\"oops \xFE\"}}") << QString()
            << chunk({{u"isError"_s, true}, {u"errorMessage"_s, u"oops "_s + replacement}});
}

void TestCompletionParser::parseStreamDataValid()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, eventName);
    QFETCH(QJsonObject, expected);

    const auto parsed = CompletionParser::parseStreamData(data, eventName);
    if (const QString *problem = std::get_if<QString>(&parsed))
        QFAIL(qPrintable(u"unexpected problem: "_s + *problem));
    QCOMPARE(compact(chunkToJson(std::get<StreamChunk>(parsed))), compact(expected));
}

void TestCompletionParser::parseStreamDataInvalid_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("eventName");
    QTest::addColumn<QString>("problem");

    const QString notObject = u"a stream event is not a JSON object"_s;
    QTest::newRow("empty") << QByteArray() << QString() << notObject;
    QTest::newRow("whitespace") << QByteArray("  \n") << QString() << notObject;
    QTest::newRow("invalid JSON") << QByteArray("<this is not JSON> upstream returned garbage {")
                                  << QString() << notObject;
    QTest::newRow("truncated chunk")
            << chunkWith(R"({"content":"Hello"})").left(70) << QString() << notObject;
    QTest::newRow("array root") << QByteArray(R"([{"choices":[]}])") << QString() << notObject;
    QTest::newRow("string root") << QByteArray(R"("Hello")") << QString() << notObject;
    QTest::newRow("number root") << QByteArray("7") << QString() << notObject;
    QTest::newRow("DONE without brackets") << QByteArray("DONE") << QString() << notObject;
    QTest::newRow("DONE in lower case") << QByteArray("[done]") << QString() << notObject;
    QTest::newRow("invalid UTF-8 outside a string")
            << QByteArray("{\"choices\":\xFF[]}") << QString() << notObject;
    QTest::newRow("non-JSON under an unrelated event name")
            << QByteArray("ping") << u"ping"_s << notObject;
    QTest::newRow("choices an object")
            << QByteArray(R"({"choices":{"delta":{"content":"x"}}})") << QString()
            << u"a stream chunk's choices is not an array"_s;
    QTest::newRow("choices a string") << QByteArray(R"({"choices":"x"})") << QString()
                                      << u"a stream chunk's choices is not an array"_s;
    QTest::newRow("delta a string")
            << chunkWith(R"("Hello")") << QString() << u"a stream chunk's delta is not an object"_s;
    QTest::newRow("delta an array") << chunkWith(R"([{"content":"Hello"}])") << QString()
                                    << u"a stream chunk's delta is not an object"_s;
    QTest::newRow("delta a number")
            << chunkWith("0") << QString() << u"a stream chunk's delta is not an object"_s;
    QTest::newRow("content a number") << chunkWith(R"({"content":42})") << QString()
                                      << u"a stream chunk's content is not text"_s;
    QTest::newRow("content an object") << chunkWith(R"({"content":{"text":"x"}})") << QString()
                                       << u"a stream chunk's content is not text"_s;
}

void TestCompletionParser::parseStreamDataInvalid()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, eventName);
    QFETCH(QString, problem);

    const auto parsed = CompletionParser::parseStreamData(data, eventName);
    const QString *description = std::get_if<QString>(&parsed);
    QVERIFY2(description, "a malformed event must not parse as a chunk");
    QCOMPARE(*description, problem);
}

void TestCompletionParser::parseStreamDataTruncatedAnywhere()
{
    const QByteArray data = chunkWith(R"({"content":"Grüße 😀"})", R"("stop")");
    QVERIFY(std::holds_alternative<StreamChunk>(CompletionParser::parseStreamData(data)));
    for (qsizetype length = 0; length < data.size(); ++length) {
        const QByteArray prefix = data.left(length);
        const auto parsed = CompletionParser::parseStreamData(prefix);
        QVERIFY2(std::holds_alternative<QString>(parsed),
                 qPrintable(u"a prefix of %1 bytes parsed"_s.arg(length)));
        // Under `event: error` the same bytes are an error chunk carrying what came.
        const auto asError = CompletionParser::parseStreamData(prefix, u"error"_s);
        QVERIFY(std::holds_alternative<StreamChunk>(asError));
        QVERIFY(std::get<StreamChunk>(asError).isError);
        QVERIFY(!std::get<StreamChunk>(asError).done);
    }
}

void TestCompletionParser::usageFromJson_data()
{
    QTest::addColumn<QByteArray>("json"); // wrapped as {"usage": …}
    QTest::addColumn<bool>("present");
    QTest::addColumn<qint64>("prompt");
    QTest::addColumn<qint64>("completion");
    QTest::addColumn<qint64>("total");

    QTest::newRow("full") << QByteArray(
            R"({"prompt_tokens":12,"completion_tokens":3,"total_tokens":15})")
                          << true << qint64(12) << qint64(3) << qint64(15);
    QTest::newRow("with details") << QByteArray(
            R"({"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,)"
            R"("prompt_tokens_details":{"cached_tokens":0}})")
                                  << true << qint64(1) << qint64(2) << qint64(3);
    QTest::newRow("empty object") << QByteArray("{}") << true << qint64(0) << qint64(0)
                                  << qint64(0);
    QTest::newRow("large counts") << QByteArray(
            R"({"prompt_tokens":4000000000,"completion_tokens":1,)"
            R"("total_tokens":4000000001})")
                                  << true << qint64(4000000000) << qint64(1) << qint64(4000000001);
    QTest::newRow("counts as strings are ignored")
            << QByteArray(R"({"prompt_tokens":"12","completion_tokens":3,"total_tokens":15})")
            << true << qint64(0) << qint64(3) << qint64(15);
    QTest::newRow("null") << QByteArray("null") << false << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("number") << QByteArray("15") << false << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("array") << QByteArray("[1,2,3]") << false << qint64(0) << qint64(0) << qint64(0);
}

void TestCompletionParser::usageFromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, present);
    QFETCH(qint64, prompt);
    QFETCH(qint64, completion);
    QFETCH(qint64, total);

    const QJsonObject wrapper = QJsonDocument::fromJson("{\"usage\":" + json + '}').object();
    QVERIFY(wrapper.contains(u"usage"_s));
    const std::optional<Usage> parsed = Usage::fromJson(wrapper.value(u"usage"_s));
    QCOMPARE(parsed.has_value(), present);
    if (!present)
        return;
    QCOMPARE(parsed->promptTokens, prompt);
    QCOMPARE(parsed->completionTokens, completion);
    QCOMPARE(parsed->totalTokens, total);
    QVERIFY(Usage::fromJson(wrapper.value(u"missing"_s)) == std::nullopt);
}

void TestCompletionParser::chatResultToJson()
{
    ChatResult result;
    result.text = u"Hi"_s;
    result.finishReason = u"stop"_s;
    result.model = u"m"_s;
    result.requestId = u"req_1"_s;
    result.attempts = 2;
    QCOMPARE(compact(result.toJson()),
             QByteArray(R"({"attempts":2,"finishReason":"stop","model":"m","requestId":"req_1",)"
                        R"("text":"Hi"})"));
    result.usage = usage(1, 2, 3);
    QCOMPARE(result.toJson().value(u"usage"_s).toObject(),
             (QJsonObject{
                     {u"promptTokens"_s, 1}, {u"completionTokens"_s, 2}, {u"totalTokens"_s, 3}}));
}

QTEST_GUILESS_MAIN(TestCompletionParser)

#include "TestCompletionParser.moc"
