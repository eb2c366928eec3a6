// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorCardRule.h"
#include "core/errors/ErrorClassifier.h"
#include "core/session/ChatSession.h"

#include <QMetaEnum>
#include <QTest>

using namespace Qt::StringLiterals;
using steadfast::ApiError;
using steadfast::CardAction;
using steadfast::ChatSession;
using steadfast::SessionConnection;
namespace ErrorCards = steadfast::ErrorCards;
namespace ErrorClassifier = steadfast::ErrorClassifier;
using Kind = ApiError::Kind;
using Case = ErrorCards::Case;
using Detail = ErrorCards::Detail;
using TlsProblem = ErrorCards::TlsProblem;
using Actions = QList<CardAction>;

namespace {

const QUrl openAiBilling(u"https://platform.openai.com/settings/organization/billing/overview"_s);

ApiError makeError(Kind kind, int status = 0, const QString &code = {})
{
    ApiError error;
    error.kind = kind;
    error.httpStatus = status;
    error.code = code;
    error.requestId = u"req_1"_s;
    error.host = u"api.example.com"_s;
    return error;
}

ApiError idleTimeout()
{
    ApiError error = makeError(Kind::Timeout, 200);
    error.timeoutPhase = ApiError::TimeoutPhase::Idle;
    error.timeoutAfter = std::chrono::seconds(30);
    return error;
}

ApiError firstByteTimeout()
{
    ApiError error = makeError(Kind::Timeout);
    error.timeoutPhase = ApiError::TimeoutPhase::FirstByte;
    return error;
}

} // namespace

class TestErrorCardRule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void facts_data();
    void facts();
    void everyKindHasACard();
    void sendWhenBackOnlyOnCircuitOpen();
    void tlsCode_data();
    void tlsCode();
    void wordCount_data();
    void wordCount();
    void missingBeforeSending_data();
    void missingBeforeSending();
};

void TestErrorCardRule::facts_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<int>("wordsKept");
    QTest::addColumn<QUrl>("billingUrl");
    QTest::addColumn<Case>("cardCase");
    QTest::addColumn<Actions>("actions");
    QTest::addColumn<bool>("showStatus");
    QTest::addColumn<bool>("showRequestId");
    QTest::addColumn<Detail>("detail");

    const QUrl none;
    const auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };
    const Actions tryAgain{CardAction::TryAgain};
    const Actions cutOff{CardAction::Continue, CardAction::Regenerate};

    // Every kind, nothing around it.
    row("none") << makeError(Kind::None) << 0 << none << Case::Plain << Actions{} << false << false
                << Detail::Hidden;
    row("429") << makeError(Kind::RateLimited, 429) << 0 << none << Case::Plain << tryAgain << true
               << true << Detail::Shown;
    row("quota, no billing page: the words say what to check")
            << makeError(Kind::QuotaExceeded, 429, u"insufficient_quota"_s) << 0 << none
            << Case::Plain << Actions{} << true << true << Detail::Shown;
    row("connection") << makeError(Kind::Connection) << 0 << none << Case::Plain << tryAgain
                      << false << true << Detail::Shown;
    row("first-byte timeout, words kept: not a cut-off")
            << firstByteTimeout() << 7 << none << Case::Plain << tryAgain << false << true
            << Detail::Shown;
    row("stalled, nothing kept") << makeError(Kind::StreamStalled, 200) << 0 << none << Case::Plain
                                 << tryAgain << false << true << Detail::Shown;
    row("interrupted, nothing kept: no HTTP status 200")
            << makeError(Kind::StreamInterrupted, 200) << 0 << none << Case::Plain << tryAgain
            << false << true << Detail::Shown;
    row("408") << makeError(Kind::RequestTimeout, 408) << 0 << none << Case::Plain << tryAgain
               << true << true << Detail::Shown;
    row("500") << makeError(Kind::Server, 500) << 0 << none << Case::Plain << tryAgain << true
               << true << Detail::Shown;
    row("unreadable 200") << makeError(Kind::InvalidResponse, 200) << 0 << none << Case::Plain
                          << tryAgain << true << true << Detail::Shown;
    row("401") << makeError(Kind::Authentication, 401) << 0 << none << Case::Plain
               << Actions{CardAction::OpenSettings, CardAction::TryAgain} << true << true
               << Detail::Shown;
    row("403: settings and another model")
            << makeError(Kind::Permission, 403) << 0 << none << Case::Plain
            << Actions{CardAction::OpenSettings, CardAction::ChooseModel} << true << true
            << Detail::Shown;
    row("404") << makeError(Kind::NotFound, 404) << 0 << none << Case::Plain
               << Actions{CardAction::ChooseModel, CardAction::TryAgain} << true << true
               << Detail::Shown;
    row("409") << makeError(Kind::Conflict, 409) << 0 << none << Case::Plain << tryAgain << true
               << true << Detail::Shown;
    row("400") << makeError(Kind::BadRequest, 400) << 0 << none << Case::Plain
               << Actions{CardAction::EditMessage, CardAction::TryAgain} << true << true
               << Detail::Shown;
    row("422") << makeError(Kind::Unprocessable, 422) << 0 << none << Case::Plain
               << Actions{CardAction::EditMessage, CardAction::TryAgain} << true << true
               << Detail::Shown;
    row("TLS: the raw detail behind a disclosure")
            << makeError(Kind::Tls) << 0 << none << Case::Plain
            << Actions{CardAction::OpenSettings, CardAction::TryAgain} << false << false
            << Detail::Disclosed;
    row("redirect") << makeError(Kind::Redirect, 301) << 0 << none << Case::Plain
                    << Actions{CardAction::OpenSettings, CardAction::TryAgain} << true << true
                    << Detail::Shown;
    row("validation") << makeError(Kind::Validation) << 0 << none << Case::Plain
                      << Actions{CardAction::EditMessage, CardAction::TryAgain} << false << false
                      << Detail::Shown;
    row("circuit open: send when back, nothing else; no frozen detail beside the live line")
            << makeError(Kind::CircuitOpen) << 0 << none << Case::Plain
            << Actions{CardAction::SendWhenBack} << false << false << Detail::Hidden;
    row("stopped, nothing streamed: no status, one action")
            << makeError(Kind::Cancelled, 200) << 0 << none << Case::Plain << tryAgain << false
            << false << Detail::Hidden;

    // The contexts that change a card.
    row("interrupted after 12 words: continue or regenerate")
            << makeError(Kind::StreamInterrupted, 200) << 12 << none << Case::CutOff << cutOff
            << false << true << Detail::Shown;
    row("stalled after 1 word") << makeError(Kind::StreamStalled, 200) << 1 << none << Case::CutOff
                                << cutOff << false << true << Detail::Shown;
    row("idle timeout after text") << idleTimeout() << 40 << none << Case::CutOff << cutOff << false
                                   << true << Detail::Shown;
    row("quota at OpenAI: its billing page")
            << makeError(Kind::QuotaExceeded, 429, u"insufficient_quota"_s) << 0 << openAiBilling
            << Case::BillingPage << Actions{CardAction::OpenBillingPage} << true << true
            << Detail::Shown;
    row("context too long: edit, or a new conversation")
            << makeError(Kind::BadRequest, 400, u"context_length_exceeded"_s) << 0 << none
            << Case::ContextTooLong << Actions{CardAction::EditMessage, CardAction::NewConversation}
            << true << true << Detail::Shown;
    row("no model") << makeError(Kind::Validation, 0, ErrorCards::noModelCode) << 0 << none
                    << Case::NoModel << Actions{CardAction::ChooseModel, CardAction::TryAgain}
                    << false << false << Detail::Hidden;
    row("no key") << makeError(Kind::Validation, 0, ErrorCards::noKeyCode) << 0 << none
                  << Case::NoKey << Actions{CardAction::AddKey, CardAction::TryAgain} << false
                  << false << Detail::Hidden;
    row("billing page on a 500: nothing to do with it")
            << makeError(Kind::Server, 500) << 0 << openAiBilling << Case::Plain << tryAgain << true
            << true << Detail::Shown;
    row("words kept before a 401: not a cut-off")
            << makeError(Kind::Authentication, 401) << 9 << none << Case::Plain
            << Actions{CardAction::OpenSettings, CardAction::TryAgain} << true << true
            << Detail::Shown;
}

void TestErrorCardRule::facts()
{
    QFETCH(ApiError, error);
    QFETCH(int, wordsKept);
    QFETCH(QUrl, billingUrl);
    QFETCH(Case, cardCase);
    QFETCH(Actions, actions);
    QFETCH(bool, showStatus);
    QFETCH(bool, showRequestId);
    QFETCH(Detail, detail);

    ErrorCards::Context context;
    context.wordsKept = wordsKept;
    context.replyRow = wordsKept > 0 ? 4 : -1;
    context.billingUrl = billingUrl;
    const ErrorCards::Facts facts = ErrorCards::facts(error, context);
    QCOMPARE(facts.kind, error.kind);
    QCOMPARE(facts.cardCase, cardCase);
    QCOMPARE(facts.actions, actions);
    QCOMPARE(facts.primary(), actions.isEmpty() ? CardAction::None : actions.first());
    QCOMPARE(facts.showStatus, showStatus);
    QCOMPARE(facts.showRequestId, showRequestId);
    QCOMPARE(facts.detail, detail);
    QCOMPARE(facts.cutOffWords, cardCase == Case::CutOff ? wordsKept : 0);
    QCOMPARE(facts.replyRow, cardCase == Case::CutOff ? 4 : -1);
    QCOMPARE(facts.billingUrl, cardCase == Case::BillingPage ? billingUrl : QUrl());
}

void TestErrorCardRule::everyKindHasACard()
{
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    for (int i = 0; i < kinds.keyCount(); ++i) {
        const auto kind = Kind(kinds.value(i));
        const ErrorCards::Facts facts = ErrorCards::facts(makeError(kind, 500));
        QCOMPARE(facts.kind, kind);
        // No button twice; something to press, but where the words say it all.
        QCOMPARE(QSet<CardAction>(facts.actions.cbegin(), facts.actions.cend()).size(),
                 facts.actions.size());
        QVERIFY(!facts.actions.contains(CardAction::None));
        const bool wordsOnly = kind == Kind::None || kind == Kind::QuotaExceeded;
        QVERIFY2(facts.actions.isEmpty() == wordsOnly, kinds.key(i));
    }
}

void TestErrorCardRule::sendWhenBackOnlyOnCircuitOpen()
{
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    const QList<QString> codes{QString(), u"context_length_exceeded"_s, ErrorCards::noKeyCode,
                               ErrorCards::noModelCode};
    for (int i = 0; i < kinds.keyCount(); ++i) {
        for (const QString &code : codes) {
            for (const int words : {0, 3}) {
                const auto kind = Kind(kinds.value(i));
                ErrorCards::Context context;
                context.wordsKept = words;
                context.billingUrl = openAiBilling;
                const auto facts = ErrorCards::facts(makeError(kind, 0, code), context);
                QCOMPARE(facts.offers(CardAction::SendWhenBack), kind == Kind::CircuitOpen);
            }
        }
    }
}

void TestErrorCardRule::tlsCode_data()
{
    QTest::addColumn<QString>("errorString");
    QTest::addColumn<QString>("code");
    QTest::addColumn<TlsProblem>("problem");
    const auto untrusted = QString(ErrorClassifier::tlsUntrustedCode);
    const auto mismatch = QString(ErrorClassifier::tlsNameMismatchCode);
    const auto expired = QString(ErrorClassifier::tlsExpiredCode);
    const auto handshake = QString(ErrorClassifier::tlsHandshakeCode);
    // The texts of QSslError::errorString() after Qt's "SSL handshake failed: ".
    QTest::newRow("self-signed")
            << u"SSL handshake failed: The certificate is self-signed, and untrusted"_s << untrusted
            << TlsProblem::UntrustedIssuer;
    QTest::newRow("local issuer") << u"The issuer certificate of a locally looked up "
                                     "certificate could not be found"_s
                                  << untrusted << TlsProblem::UntrustedIssuer;
    QTest::newRow("untrusted root") << u"The root CA certificate is not trusted for this purpose"_s
                                    << untrusted << TlsProblem::UntrustedIssuer;
    QTest::newRow("revoked") << u"The certificate has been revoked"_s << untrusted
                             << TlsProblem::UntrustedIssuer;
    QTest::newRow("name mismatch")
            << u"SSL handshake failed: The host name did not match any of the valid hosts for "
               "this certificate"_s
            << mismatch << TlsProblem::NameMismatch;
    QTest::newRow("expired") << u"SSL handshake failed: The certificate has expired"_s << expired
                             << TlsProblem::Expired;
    QTest::newRow("not yet valid")
            << u"The certificate is not yet valid"_s << expired << TlsProblem::Expired;
    QTest::newRow("plain http at an https address")
            << u"SSL handshake failed: error:0A00010B:SSL routines::wrong version number"_s
            << handshake << TlsProblem::Handshake;
    QTest::newRow("no backend") << u"TLS initialization failed"_s << handshake
                                << TlsProblem::Handshake;
    QTest::newRow("nothing said") << QString() << handshake << TlsProblem::Handshake;
}

void TestErrorCardRule::tlsCode()
{
    QFETCH(QString, errorString);
    QFETCH(QString, code);
    QFETCH(TlsProblem, problem);
    QCOMPARE(ErrorClassifier::tlsCode(errorString), code);
    // classifyTransport() puts it in the error, and the card reads the problem from there.
    const ApiError error = ErrorClassifier::classifyTransport(
            QNetworkReply::SslHandshakeFailedError, errorString, u"api.example.com:443"_s);
    QCOMPARE(error.kind, Kind::Tls);
    QCOMPARE(error.code, code);
    QCOMPARE(ErrorCards::tlsProblem(error), problem);
    QCOMPARE(ErrorCards::facts(error).tls, problem);
}

void TestErrorCardRule::wordCount_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("words");
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("spaces only") << u"  \n\t "_s << 0;
    QTest::newRow("one") << u"Hello"_s << 1;
    QTest::newRow("sentence") << u"The quick brown fox."_s << 4;
    QTest::newRow("lines and runs of spaces") << u"  one\n\ntwo   three\tfour "_s << 4;
    QTest::newRow("cut in a word") << u"It was interrup"_s << 3;
}

void TestErrorCardRule::wordCount()
{
    QFETCH(QString, text);
    QFETCH(int, words);
    QCOMPARE(ErrorCards::wordCount(text), words);
}

void TestErrorCardRule::missingBeforeSending_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("keyRequired");
    QTest::addColumn<QString>("code"); // empty: may be sent
    const QString noKey = ErrorCards::noKeyCode;
    const QString noModel = ErrorCards::noModelCode;
    const QString openAi = u"https://api.openai.com/v1"_s;
    QTest::newRow("ready") << openAi << u"sk-1"_s << u"gpt-4o-mini"_s << true << QString();
    QTest::newRow("no key where one is needed") << openAi << QString() << u"m"_s << true << noKey;
    QTest::newRow("no key, none needed")
            << u"http://127.0.0.1:11434/v1"_s << QString() << u"llama3"_s << false << QString();
    QTest::newRow("no model") << openAi << u"sk-1"_s << QString() << true << noModel;
    QTest::newRow("blank model") << openAi << u"sk-1"_s << u"  "_s << true << noModel;
    QTest::newRow("neither: the key first") << openAi << QString() << QString() << true << noKey;
}

void TestErrorCardRule::missingBeforeSending()
{
    QFETCH(QString, url);
    QFETCH(QString, key);
    QFETCH(QString, model);
    QFETCH(bool, keyRequired);
    QFETCH(QString, code);
    SessionConnection connection;
    connection.baseUrl = QUrl(url);
    connection.apiKey = key;
    connection.model = model;
    connection.keyRequired = keyRequired;
    const std::optional<ApiError> missing = ChatSession::missingBeforeSending(connection);
    QCOMPARE(missing.has_value(), !code.isEmpty());
    if (!missing)
        return;
    QCOMPARE(missing->kind, Kind::Validation);
    QCOMPARE(missing->code, code);
    QVERIFY(!missing->retryable);
    QCOMPARE(missing->host, QUrl(url).host());
    QVERIFY(!missing->message.isEmpty());
}

QTEST_GUILESS_MAIN(TestErrorCardRule)
#include "TestErrorCardRule.moc"
