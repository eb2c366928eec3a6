// SPDX-License-Identifier: GPL-3.0-or-later
// ErrorTraits, the one table of facts per error kind, checked against DESIGN.md: the rows below
// are written from its "Error taxonomy" table (retried, counted by the breaker, the action it
// names), its "Security" section (a refused redirect ends the request) and the CLI's exit codes
// in "steadfast-cli", not from the code.
#include "core/errors/ApiError.h"
#include "core/errors/ErrorTraits.h"

#include <QMetaEnum>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using steadfast::ApiError;
using Kind = steadfast::ApiError::Kind;
using Action = steadfast::ErrorCards::Action;
namespace ErrorTraits = steadfast::ErrorTraits;

class TestErrorTraits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindHasItsRow();
    void taxonomy_data();
    void taxonomy();
    void everyKindInTheTaxonomy();
    void serverHintsDecideTheExitCode_data();
    void serverHintsDecideTheExitCode();
    void valueOutsideTheEnum();
    void contextOverflow_data();
    void contextOverflow();

private:
    QSet<int> m_checked; // the kinds taxonomy() has seen
};

void TestErrorTraits::everyKindHasItsRow()
{
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    QVERIFY(kinds.keyCount() > 0);
    for (int i = 0; i < kinds.keyCount(); ++i) {
        const auto kind = Kind(kinds.value(i));
        QVERIFY2(ErrorTraits::of(kind).kind == kind, kinds.key(i));
    }
}

void TestErrorTraits::taxonomy_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retried");
    QTest::addColumn<bool>("breaker");
    QTest::addColumn<Action>("action"); // the one DESIGN.md names; None: it names none
    QTest::addColumn<int>("exitCode");  // the CLI's, when it ends an exchange as the table says

    const auto row = [](Kind kind, bool retried, bool breaker, Action action, int exitCode) {
        QTest::newRow(qPrintable(ApiError::kindName(kind)))
                << kind << retried << breaker << action << exitCode;
    };
    constexpr bool yes = true;
    constexpr bool no = false;
    // Retried kinds end the exchange only when the retries are exhausted (4); the others are
    // permanent (3). The breaker counts Connection, Timeout, Stream*, Server, InvalidResponse.
    row(Kind::None, no, no, Action::None, 0);
    row(Kind::RateLimited, yes, no, Action::None, 4);
    row(Kind::QuotaExceeded, no, no, Action::None, 3);
    row(Kind::Connection, yes, yes, Action::None, 4);
    row(Kind::Timeout, yes, yes, Action::None, 4);
    row(Kind::StreamStalled, yes, yes, Action::None, 4);
    row(Kind::StreamInterrupted, yes, yes, Action::None, 4);
    row(Kind::RequestTimeout, yes, no, Action::None, 4);
    row(Kind::Server, yes, yes, Action::None, 4);
    row(Kind::InvalidResponse, yes, yes, Action::None, 4);
    row(Kind::Authentication, no, no, Action::OpenSettings, 3); // "button: open Settings"
    row(Kind::Permission, no, no, Action::None, 3);
    row(Kind::NotFound, no, no, Action::ChooseModel, 3); // "choose a model"
    row(Kind::Conflict, no, no, Action::None, 3);
    row(Kind::BadRequest, no, no, Action::EditMessage, 3); // "the draft is kept for editing"
    row(Kind::Unprocessable, no, no, Action::None, 3);
    row(Kind::Tls, no, no, Action::None, 3); // "no, never ignored"
    // "407 from a proxy | no | the proxy asks for a login → Settings, proxy"
    row(Kind::ProxyAuthentication, no, no, Action::OpenSettings, 3);
    row(Kind::Redirect, no, no, Action::None, 3);    // "ends the request with an error"
    row(Kind::Validation, no, no, Action::None, 2);  // nothing sent: usage/validation
    row(Kind::CircuitOpen, no, no, Action::None, 5); // not sent: circuit open
    row(Kind::Cancelled, no, no, Action::None, 130); // interrupted
}

void TestErrorTraits::taxonomy()
{
    QFETCH(Kind, kind);
    QFETCH(bool, retried);
    QFETCH(bool, breaker);
    QFETCH(Action, action);
    QFETCH(int, exitCode);
    m_checked.insert(int(kind));

    const ErrorTraits::Row &traits = ErrorTraits::of(kind);
    QCOMPARE(traits.kind, kind);
    QCOMPARE(traits.retryable, retried);
    QCOMPARE(ApiError::isRetryableKind(kind), retried);
    QCOMPARE(traits.serviceFailure, breaker);
    QCOMPARE(ApiError::isServiceFailure(kind), breaker);
    if (action != Action::None)
        QCOMPARE(traits.primary, action);
    // A kind that counts against the breaker is one a retry may mend.
    QVERIFY(!traits.serviceFailure || traits.retryable);

    ApiError error;
    error.kind = kind;
    error.retryable = retried; // no server hint: the table's default
    QCOMPARE(ErrorTraits::exitCode(error), exitCode);
}

void TestErrorTraits::everyKindInTheTaxonomy()
{
    // taxonomy_data() has a row for every kind the enum has (it ran before this).
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    for (int i = 0; i < kinds.keyCount(); ++i)
        QVERIFY2(m_checked.contains(kinds.value(i)),
                 qPrintable(u"DESIGN.md's row for %1 is missing here"_s.arg(
                         QLatin1StringView(kinds.key(i)))));
}

void TestErrorTraits::serverHintsDecideTheExitCode_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable"); // the verdict, server hints included
    QTest::addColumn<int>("exitCode");

    // x-should-retry: false makes a retried kind permanent; true makes a 4xx worth retrying,
    // and so "exhausted" when it never got through.
    QTest::newRow("500, x-should-retry: false") << Kind::Server << false << 3;
    QTest::newRow("409, x-should-retry: true") << Kind::Conflict << true << 4;
    QTest::newRow("429 retried") << Kind::RateLimited << true << 4;
    // The kinds with an exit code of their own keep it whatever the verdict.
    QTest::newRow("validation") << Kind::Validation << true << 2;
    QTest::newRow("circuit open") << Kind::CircuitOpen << true << 5;
    QTest::newRow("cancelled") << Kind::Cancelled << true << 130;
}

void TestErrorTraits::serverHintsDecideTheExitCode()
{
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    QFETCH(int, exitCode);
    ApiError error;
    error.kind = kind;
    error.retryable = retryable;
    QCOMPARE(ErrorTraits::exitCode(error), exitCode);
}

void TestErrorTraits::valueOutsideTheEnum()
{
    const auto outside = Kind(QMetaEnum::fromType<Kind>().keyCount() + 7);
    const ErrorTraits::Row &traits = ErrorTraits::of(outside);
    QVERIFY(!traits.retryable);
    QVERIFY(!traits.serviceFailure);
    QVERIFY(!traits.endpointOutcome);
    QCOMPARE(traits.primary, Action::None);
    QCOMPARE(traits.severity, ErrorTraits::Severity::Error);
    ApiError error;
    error.kind = outside;
    QCOMPARE(ErrorTraits::exitCode(error), 3);
}

void TestErrorTraits::contextOverflow_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("overflow");

    const QString exceeded = u"context_length_exceeded"_s;
    const QString openAiMessage = u"This model's maximum context length is 8192 tokens. However, "
                                  u"your messages resulted in 9000 tokens."_s;
    QTest::newRow("code") << Kind::BadRequest << exceeded << QString() << QString() << true;
    QTest::newRow("code, other case")
            << Kind::BadRequest << u"Context_Length_Exceeded"_s << QString() << QString() << true;
    QTest::newRow("type") << Kind::BadRequest << QString() << exceeded << QString() << true;
    QTest::newRow("message only (a server that sends no code)")
            << Kind::BadRequest << QString() << u"invalid_request_error"_s << openAiMessage << true;
    QTest::newRow("another 400") << Kind::BadRequest << u"invalid_value"_s
                                 << u"invalid_request_error"_s << u"temperature is too high"_s
                                 << false;
    QTest::newRow("not a 400") << Kind::Server << exceeded << QString() << openAiMessage << false;
    QTest::newRow("no error") << Kind::None << exceeded << QString() << QString() << false;
}

void TestErrorTraits::contextOverflow()
{
    QFETCH(Kind, kind);
    QFETCH(QString, code);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(bool, overflow);
    ApiError error;
    error.kind = kind;
    error.httpStatus = kind == Kind::BadRequest ? 400 : 0;
    error.code = code;
    error.type = type;
    error.message = message;
    QCOMPARE(error.isContextOverflow(), overflow);
}

QTEST_GUILESS_MAIN(TestErrorTraits)
#include "TestErrorTraits.moc"
