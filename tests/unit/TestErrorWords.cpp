// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiError.h"
#include "core/errors/ErrorClassifier.h"
#include "core/errors/ErrorTraits.h"
#include "core/errors/ErrorWords.h"

#include <QMetaEnum>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <chrono>
#include <vector>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::ApiError;
using Kind = steadfast::ApiError::Kind;
using Phase = steadfast::ApiError::TimeoutPhase;
using Action = steadfast::ErrorWords::Action;
namespace ErrorWords = steadfast::ErrorWords;
namespace ErrorTraits = steadfast::ErrorTraits;

namespace {

ApiError makeError(Kind kind, int status = 0, const QString &code = {})
{
    ApiError error;
    error.kind = kind;
    error.httpStatus = status;
    error.code = code;
    return error;
}

struct KindRow
{
    const char *name;
    ApiError error;
    QString title;
};

/// One row per kind at least (kindTableCoversEveryKind() checks), as ChatService makes them.
std::vector<KindRow> kindRows()
{
    ApiError connection = makeError(Kind::Connection);
    connection.host = u"127.0.0.1:8080"_s;
    ApiError firstByte = makeError(Kind::Timeout);
    firstByte.timeoutPhase = Phase::FirstByte;
    firstByte.timeoutAfter = 60s;
    ApiError stalled = makeError(Kind::StreamStalled);
    stalled.timeoutPhase = Phase::Idle;
    stalled.timeoutAfter = 30s;
    ApiError redirect = makeError(Kind::Redirect, 302);
    redirect.redirectTarget = u"https://elsewhere.example/v1/chat/completions"_s;
    ApiError circuit = makeError(Kind::CircuitOpen);
    circuit.retryAfter = 23s;
    return {
            {"None", makeError(Kind::None), u"No error"_s},
            {"RateLimited", makeError(Kind::RateLimited, 429),
             u"Rate limited by the server (429)"_s},
            {"QuotaExceeded", makeError(Kind::QuotaExceeded, 429, u"insufficient_quota"_s),
             u"Quota or billing limit reached"_s},
            {"Connection", connection, u"Cannot reach 127.0.0.1:8080"_s},
            {"Timeout", firstByte, u"The model did not answer within 1 min"_s},
            {"StreamStalled", stalled, u"The stream stalled"_s},
            {"StreamInterrupted", makeError(Kind::StreamInterrupted, 200),
             u"The reply was cut off"_s},
            {"RequestTimeout", makeError(Kind::RequestTimeout, 408),
             u"The server timed out waiting for the request (408)"_s},
            {"Server", makeError(Kind::Server, 503), u"The service had an error (503)"_s},
            {"InvalidResponse", makeError(Kind::InvalidResponse, 200),
             u"The server sent something unreadable"_s},
            {"Authentication", makeError(Kind::Authentication, 401),
             u"The API key was rejected (401)"_s},
            {"Permission", makeError(Kind::Permission, 403), u"Access denied (403)"_s},
            {"NotFound", makeError(Kind::NotFound, 404), u"Model or endpoint not found (404)"_s},
            {"Conflict", makeError(Kind::Conflict, 409), u"Conflict (409)"_s},
            {"BadRequest", makeError(Kind::BadRequest, 400), u"The request was rejected (400)"_s},
            {"BadRequest context_length_exceeded",
             makeError(Kind::BadRequest, 400, u"context_length_exceeded"_s), u"Context too long"_s},
            {"Unprocessable", makeError(Kind::Unprocessable, 422),
             u"Unprocessable request (422)"_s},
            {"Tls", makeError(Kind::Tls), u"Secure connection failed"_s},
            {"ProxyAuthentication", makeError(Kind::ProxyAuthentication, 407),
             u"The proxy asks for a login (407)"_s},
            {"Redirect", redirect, u"Redirect refused"_s},
            {"Validation", makeError(Kind::Validation), u"Check your message"_s},
            {"CircuitOpen", circuit, u"Service paused"_s},
            {"Cancelled", makeError(Kind::Cancelled), u"Stopped"_s},
    };
}

/// Whole sentences, no placeholder left behind.
void checkSentence(const QString &text)
{
    QVERIFY2(!text.trimmed().isEmpty(), "empty text");
    static const QRegularExpression placeholder(u"%[0-9n]"_s);
    QVERIFY2(!text.contains(placeholder), qPrintable(text));
    QVERIFY2(text.endsWith(u'.'), qPrintable(text));
    QVERIFY2(text.front().isUpper(), qPrintable(text));
}

} // namespace

class TestErrorWords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kindTableCoversEveryKind();
    void everyKind_data();
    void everyKind();
    void statusesComeFromTheError_data();
    void statusesComeFromTheError();
    void timeoutPhases_data();
    void timeoutPhases();
    void explanationsNameTheFacts_data();
    void explanationsNameTheFacts();
    void circuitOpenWithoutDelayIsGeneric();
    void cardCases_data();
    void cardCases();
    void chooseAModelWhenNoneIsChosen();
    void actionLabels_data();
    void actionLabels();
    void durationText_data();
    void durationText();
    void secondsText_data();
    void secondsText();
    void countdownText_data();
    void countdownText();
    void severities();
};

void TestErrorWords::kindTableCoversEveryKind()
{
    QSet<int> covered;
    for (const KindRow &row : kindRows())
        covered.insert(int(row.error.kind));
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    for (int i = 0; i < kinds.keyCount(); ++i)
        QVERIFY2(covered.contains(kinds.value(i)),
                 qPrintable(u"no row for %1"_s.arg(QLatin1String(kinds.key(i)))));
    // The words say what happened: the kind is recognisable without the icon's colour, so
    // no two rows (kinds with their typical facts) share a title.
    QSet<QString> titles;
    for (const KindRow &row : kindRows())
        titles.insert(ErrorWords::title(row.error));
    QCOMPARE(titles.size(), qsizetype(kindRows().size()));
}

void TestErrorWords::everyKind_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("title");
    for (const KindRow &row : kindRows())
        QTest::newRow(row.name) << row.error << row.title;
}

void TestErrorWords::everyKind()
{
    QFETCH(ApiError, error);
    QFETCH(QString, title);

    QCOMPARE(ErrorWords::title(error), title);
    checkSentence(ErrorWords::explanation(error));
    QVERIFY(!ErrorWords::retryReason(error).isEmpty());
    // Every action the rule offers has words.
    const steadfast::CardFacts facts = steadfast::ErrorCards::facts(error);
    for (const Action action : facts.actions)
        QVERIFY(!ErrorWords::actionLabel(action, facts).isEmpty());
}

void TestErrorWords::statusesComeFromTheError_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("title");
    QTest::newRow("502 is named") << makeError(Kind::Server, 502)
                                  << u"The service had an error (502)"_s;
    QTest::newRow("server error without status")
            << makeError(Kind::Server) << u"The service had an error"_s;
    QTest::newRow("rate limit without status")
            << makeError(Kind::RateLimited) << u"Rate limited by the server"_s;
    QTest::newRow("401 implied") << makeError(Kind::Authentication)
                                 << u"The API key was rejected (401)"_s;
    QTest::newRow("a 400 with the context message") << [] {
        ApiError error = makeError(Kind::BadRequest, 400);
        error.message = u"This model's maximum context length is 8192 tokens."_s;
        return error;
    }() << u"Context too long"_s;
    QTest::newRow("connection without host")
            << makeError(Kind::Connection) << u"Cannot reach the server"_s;
}

void TestErrorWords::statusesComeFromTheError()
{
    QFETCH(ApiError, error);
    QFETCH(QString, title);
    QCOMPARE(ErrorWords::title(error), title);
}

void TestErrorWords::timeoutPhases_data()
{
    QTest::addColumn<Phase>("phase");
    QTest::addColumn<qint64>("limitMs");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("retryReason");
    QTest::newRow("connect") << Phase::Connect << qint64(10'000) << u"No connection within 10 s"_s
                             << u"No connection within 10 s"_s;
    QTest::newRow("first byte") << Phase::FirstByte << qint64(45'000)
                                << u"The model did not answer within 45 s"_s
                                << u"The first byte did not arrive within 45 s"_s;
    QTest::newRow("first byte, short")
            << Phase::FirstByte << qint64(350) << u"The model did not answer within 350 ms"_s
            << u"The first byte did not arrive within 350 ms"_s;
    QTest::newRow("idle") << Phase::Idle << qint64(30'000) << u"The reply stopped for 30 s"_s
                          << u"No data arrived for 30 s"_s;
    QTest::newRow("deadline") << Phase::Deadline << qint64(120'000)
                              << u"The request did not finish within 2 min"_s
                              << u"The request did not finish within 2 min"_s;
    QTest::newRow("no phase") << Phase::None << qint64(0) << u"The request timed out"_s
                              << u"The request timed out"_s;
    QTest::newRow("phase without limit")
            << Phase::FirstByte << qint64(0) << u"The model did not answer in time"_s
            << u"The model did not answer in time"_s;
}

void TestErrorWords::timeoutPhases()
{
    QFETCH(Phase, phase);
    QFETCH(qint64, limitMs);
    QFETCH(QString, title);
    QFETCH(QString, retryReason);
    ApiError error = makeError(Kind::Timeout);
    error.timeoutPhase = phase;
    error.timeoutAfter = std::chrono::milliseconds{limitMs};
    QCOMPARE(ErrorWords::title(error), title);
    QCOMPARE(ErrorWords::retryReason(error), retryReason);
    checkSentence(ErrorWords::explanation(error));
    if (limitMs > 0)
        QVERIFY2(ErrorWords::explanation(error).contains(
                         ErrorWords::durationText(std::chrono::milliseconds{limitMs})),
                 qPrintable(ErrorWords::explanation(error)));
}

void TestErrorWords::explanationsNameTheFacts_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("explanation");

    QTest::newRow("401") << makeError(Kind::Authentication, 401)
                         << u"The server did not accept the API key. Check the key in Settings."_s;
    QTest::newRow("quota") << makeError(Kind::QuotaExceeded, 429, u"insufficient_quota"_s)
                           << u"Your account has no credit or has reached its spending limit. "
                              "Check your plan, credit and spending limit with the provider."_s;
    QTest::newRow("404") << makeError(Kind::NotFound, 404)
                         << u"The model may not exist, or this key may not have access to it. "
                            "Choose another model."_s;
    QTest::newRow("context too long")
            << makeError(Kind::BadRequest, 400, u"context_length_exceeded"_s)
            << u"The conversation is longer than this model accepts. Shorten your message, or "
               "start a new conversation with it."_s;
    ApiError connection = makeError(Kind::Connection);
    connection.host = u"127.0.0.1:8080"_s;
    QTest::newRow("connection names the host")
            << connection
            << u"Steadfast could not connect to 127.0.0.1:8080. Check that the server is "
               "running and the address is right."_s;
    ApiError redirect = makeError(Kind::Redirect, 301);
    redirect.redirectTarget = u"https://elsewhere.example/v1"_s;
    QTest::newRow("redirect names the target")
            << redirect
            << u"The server redirected the request to https://elsewhere.example/v1. Steadfast "
               "does not send your key or conversation to a server you did not choose: check "
               "the address in Settings."_s;
    ApiError circuit = makeError(Kind::CircuitOpen);
    circuit.retryAfter = 23'400ms;
    QTest::newRow("circuit open names the delay")
            << circuit
            << u"After repeated failures Steadfast paused requests to this server. It will try "
               "again in 24 s."_s;
    ApiError limited = makeError(Kind::RateLimited, 429);
    limited.retryAfter = 20s;
    QTest::newRow("rate limit names the hint")
            << limited
            << u"The server is receiving too many requests from you and asked to wait 20 s. "
               "Try again later, or check the rate limits of your plan."_s;
}

void TestErrorWords::explanationsNameTheFacts()
{
    QFETCH(ApiError, error);
    QFETCH(QString, explanation);
    QCOMPARE(ErrorWords::explanation(error), explanation);
}

void TestErrorWords::circuitOpenWithoutDelayIsGeneric()
{
    const QString text = ErrorWords::explanation(makeError(Kind::CircuitOpen));
    checkSentence(text);
    QVERIFY2(!text.contains(u"try again in"_s), qPrintable(text));
    QVERIFY(text.contains(u"paused"_s));
    // TLS: says it could not be set up and that Steadfast never ignores it.
    const QString tls = ErrorWords::explanation(makeError(Kind::Tls));
    QVERIFY(tls.contains(u"could not be set up"_s));
    QVERIFY(tls.contains(u"never ignores"_s));
}

void TestErrorWords::cardCases_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<int>("wordsKept");
    QTest::addColumn<QUrl>("billingUrl");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("explanationFragment");

    const auto withHost = [](ApiError error, const QString &host) {
        error.host = host;
        return error;
    };
    const auto tls = [](const QString &transportText) {
        return steadfast::ErrorClassifier::classifyTransport(QNetworkReply::SslHandshakeFailedError,
                                                             transportText, u"llm.example.com"_s);
    };
    ApiError stalled = makeError(Kind::StreamStalled, 200);
    stalled.timeoutPhase = Phase::Idle;
    stalled.timeoutAfter = 30s;
    const QUrl none;
    const QUrl openAi(u"https://platform.openai.com/settings/organization/billing/overview"_s);

    QTest::newRow("cut off after 12 words")
            << makeError(Kind::StreamInterrupted, 200) << 12 << none
            << u"The reply was cut off after 12 words"_s << u"continue from it"_s;
    QTest::newRow("cut off after one word")
            << makeError(Kind::StreamInterrupted, 200) << 1 << none
            << u"The reply was cut off after one word"_s << u"regenerate the whole reply"_s;
    QTest::newRow("stalled after 3 words")
            << stalled << 3 << none << u"The reply was cut off after 3 words"_s
            << u"sent nothing for 30 s"_s;
    QTest::newRow("stopped") << makeError(Kind::Cancelled, 200) << 0 << none << u"Stopped"_s
                             << u"You stopped the request"_s;
    QTest::newRow("quota at OpenAI: its billing page")
            << withHost(makeError(Kind::QuotaExceeded, 429), u"api.openai.com"_s) << 0 << openAi
            << u"Quota or billing limit reached"_s << u"billing page of platform.openai.com"_s;
    QTest::newRow("quota elsewhere: what to check, and where")
            << withHost(makeError(Kind::QuotaExceeded, 429), u"llm.example.com"_s) << 0 << none
            << u"Quota or billing limit reached"_s
            << u"plan, credit and spending limit with the provider of llm.example.com"_s;
    QTest::newRow("context too long")
            << makeError(Kind::BadRequest, 400, u"context_length_exceeded"_s) << 0 << none
            << u"Context too long"_s << u"start a new conversation with it"_s;
    QTest::newRow("no model") << makeError(Kind::Validation, 0, steadfast::ErrorCards::noModelCode)
                              << 0 << none << u"Choose a model"_s << u"nothing was sent"_s;
    QTest::newRow("no key") << withHost(
            makeError(Kind::Validation, 0, steadfast::ErrorCards::noKeyCode), u"api.openai.com"_s)
                            << 0 << none << u"Add your API key"_s
                            << u"Nothing was sent: api.openai.com needs an API key"_s;
    QTest::newRow("TLS: untrusted issuer")
            << tls(u"The certificate is self-signed, and untrusted"_s) << 0 << none
            << u"The server's certificate is not trusted"_s << u"self-signed"_s;
    QTest::newRow("TLS: name mismatch")
            << tls(u"The host name did not match any of the valid hosts for this certificate"_s)
            << 0 << none << u"The certificate is for another server"_s
            << u"issued for a different name"_s;
    QTest::newRow("TLS: expired") << tls(u"The certificate has expired"_s) << 0 << none
                                  << u"The server's certificate has expired"_s
                                  << u"date and time"_s;
    QTest::newRow("TLS: handshake")
            << tls(u"error:0A00010B:SSL routines::wrong version number"_s) << 0 << none
            << u"Secure connection failed"_s << u"may not speak TLS at this address"_s;
}

void TestErrorWords::cardCases()
{
    QFETCH(ApiError, error);
    QFETCH(int, wordsKept);
    QFETCH(QUrl, billingUrl);
    QFETCH(QString, title);
    QFETCH(QString, explanationFragment);

    steadfast::ErrorCards::Context context;
    context.wordsKept = wordsKept;
    context.billingUrl = billingUrl;
    const steadfast::CardFacts facts = steadfast::ErrorCards::facts(error, context);
    QCOMPARE(ErrorWords::title(error, facts), title);
    const QString explanation = ErrorWords::explanation(error, facts);
    checkSentence(explanation);
    QVERIFY2(explanation.contains(explanationFragment), qPrintable(explanation));
    QVERIFY2(!explanation.contains(u"HTTP"_s), qPrintable(explanation));
}

void TestErrorWords::chooseAModelWhenNoneIsChosen()
{
    const steadfast::CardFacts none = steadfast::ErrorCards::facts(
            makeError(Kind::Validation, 0, steadfast::ErrorCards::noModelCode));
    QCOMPARE(ErrorWords::actionLabel(Action::ChooseModel, none), u"Choose a model"_s);
    const steadfast::CardFacts notFound =
            steadfast::ErrorCards::facts(makeError(Kind::NotFound, 404));
    QCOMPARE(ErrorWords::actionLabel(Action::ChooseModel, notFound), u"Choose another model"_s);
}

void TestErrorWords::actionLabels_data()
{
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("name");
    QTest::newRow("None") << Action::None << QString() << u"None"_s;
    QTest::newRow("OpenSettings") << Action::OpenSettings << u"Open Settings"_s
                                  << u"OpenSettings"_s;
    QTest::newRow("ChooseModel") << Action::ChooseModel << u"Choose another model"_s
                                 << u"ChooseModel"_s;
    QTest::newRow("EditMessage") << Action::EditMessage << u"Edit message"_s << u"EditMessage"_s;
    QTest::newRow("TryAgain") << Action::TryAgain << u"Try again"_s << u"TryAgain"_s;
    QTest::newRow("Wait") << Action::Wait << u"Wait"_s << u"Wait"_s;
    QTest::newRow("Continue") << Action::Continue << u"Continue"_s << u"Continue"_s;
    QTest::newRow("Regenerate") << Action::Regenerate << u"Regenerate"_s << u"Regenerate"_s;
    QTest::newRow("NewConversation")
            << Action::NewConversation << u"New conversation"_s << u"NewConversation"_s;
    QTest::newRow("AddKey") << Action::AddKey << u"Add your key"_s << u"AddKey"_s;
    QTest::newRow("OpenBillingPage")
            << Action::OpenBillingPage << u"Open billing page"_s << u"OpenBillingPage"_s;
    QTest::newRow("SendWhenBack") << Action::SendWhenBack << u"Send when the service is back"_s
                                  << u"SendWhenBack"_s;
}

void TestErrorWords::actionLabels()
{
    QFETCH(Action, action);
    QFETCH(QString, label);
    QFETCH(QString, name);
    QCOMPARE(ErrorWords::actionLabel(action), label);
    QCOMPARE(steadfast::ErrorCards::actionName(action), name);
}

void TestErrorWords::durationText_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << qint64(-5) << u"0 s"_s;
    QTest::newRow("zero") << qint64(0) << u"0 s"_s;
    QTest::newRow("1 ms") << qint64(1) << u"1 ms"_s;
    QTest::newRow("350 ms") << qint64(350) << u"350 ms"_s;
    QTest::newRow("999 ms") << qint64(999) << u"999 ms"_s;
    QTest::newRow("1 s") << qint64(1000) << u"1 s"_s;
    QTest::newRow("rounded up") << qint64(3001) << u"4 s"_s;
    QTest::newRow("4 s") << qint64(4000) << u"4 s"_s;
    QTest::newRow("59 s") << qint64(59'000) << u"59 s"_s;
    QTest::newRow("just over 59 s") << qint64(59'001) << u"1 min"_s;
    QTest::newRow("90 s") << qint64(90'000) << u"1 min 30 s"_s;
    QTest::newRow("9 min 59 s") << qint64(599'000) << u"9 min 59 s"_s;
    QTest::newRow("10 min") << qint64(600'000) << u"10 min"_s;
    QTest::newRow("58 min") << qint64(58 * 60'000) << u"58 min"_s;
    QTest::newRow("just under an hour") << qint64(3'599'000) << u"1 h"_s;
    QTest::newRow("1 h") << qint64(3'600'000) << u"1 h"_s;
    QTest::newRow("1 h 5 min") << qint64(3'900'000) << u"1 h 5 min"_s;
    QTest::newRow("1 d") << qint64(86'400'000) << u"1 d"_s;
    QTest::newRow("1 d 3 h") << qint64(27 * 3'600'000LL) << u"1 d 3 h"_s;
    QTest::newRow("ten years") << qint64(315'360'000'000LL) << u"3650 d"_s;
}

void TestErrorWords::durationText()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(ErrorWords::durationText(std::chrono::milliseconds{ms}), text);
}

void TestErrorWords::secondsText_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("3999 ms") << qint64(3999) << u"4 s"_s;
    QTest::newRow("4000 ms") << qint64(4000) << u"4 s"_s;
    QTest::newRow("4001 ms") << qint64(4001) << u"5 s"_s;
    QTest::newRow("1 ms") << qint64(1) << u"1 s"_s;
    QTest::newRow("0 ms") << qint64(0) << u"0 s"_s;
    QTest::newRow("61 s") << qint64(60'500) << u"1 min 1 s"_s;
}

void TestErrorWords::secondsText()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(ErrorWords::secondsText(std::chrono::milliseconds{ms}), text);
}

void TestErrorWords::countdownText_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << qint64(-5) << u"0 s"_s;
    QTest::newRow("zero") << qint64(0) << u"0 s"_s;
    QTest::newRow("1 ms rounds up") << qint64(1) << u"1 s"_s;
    QTest::newRow("12 s") << qint64(12'000) << u"12 s"_s;
    QTest::newRow("17.224 s") << qint64(17'224) << u"18 s"_s;
    QTest::newRow("59 s") << qint64(59'000) << u"59 s"_s;
    QTest::newRow("1 min keeps its seconds") << qint64(60'000) << u"1 min 0 s"_s;
    QTest::newRow("1 min 30 s") << qint64(90'000) << u"1 min 30 s"_s;
    QTest::newRow("59 min 58 s") << qint64(3'598'000) << u"59 min 58 s"_s;
    QTest::newRow("58 min") << qint64(3'480'000) << u"58 min 0 s"_s;
    QTest::newRow("1 h") << qint64(3'600'000) << u"1 h 0 min 0 s"_s;
    QTest::newRow("1 h 2 min 5 s") << qint64(3'725'000) << u"1 h 2 min 5 s"_s;
    QTest::newRow("1 h 0 min 5 s") << qint64(3'605'000) << u"1 h 0 min 5 s"_s;
    QTest::newRow("just under 2 h") << qint64(7'199'001) << u"2 h 0 min 0 s"_s;
    QTest::newRow("1 d 0 h 0 min 1 s") << qint64(86'401'000) << u"1 d 0 h 0 min 1 s"_s;
    QTest::newRow("2 d 3 h 4 min 5 s")
            << qint64(((2 * 24 + 3) * 60 + 4) * 60'000LL + 5000) << u"2 d 3 h 4 min 5 s"_s;
}

void TestErrorWords::countdownText()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(ErrorWords::countdownText(std::chrono::milliseconds{ms}), text);
}

void TestErrorWords::severities()
{
    // Every kind has a severity with a name (the GUI's icon is chosen from it: TestErrorText).
    for (const KindRow &row : kindRows()) {
        const ErrorTraits::Severity severity = ErrorTraits::of(row.error.kind).severity;
        QVERIFY(!ErrorWords::severityName(severity).isEmpty());
    }
    QCOMPARE(ErrorTraits::of(Kind::Server).severity, ErrorTraits::Severity::Error);
    QCOMPARE(ErrorTraits::of(Kind::Cancelled).severity, ErrorTraits::Severity::Information);
    QCOMPARE(ErrorWords::severityName(ErrorTraits::Severity::Warning), u"Warning"_s);
}

QTEST_GUILESS_MAIN(TestErrorWords)
#include "TestErrorWords.moc"
