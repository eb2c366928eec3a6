// SPDX-License-Identifier: GPL-3.0-or-later
// Conformance: the built steadfast-cli against Stoplight Prism mocking OpenAI's official
// OpenAPI spec (vendored in tests/conformance/openai-openapi). Prism validates every request against the
// spec's schema and answers with spec-shaped placeholder replies, so this proves that our
// requests are what the real API accepts and that we read what it sends back. Streaming
// and faults are the fault server's job (TestCli).
#include "support/CliProcess.h"
#include "support/PrismFixture.h"

#include <QTest>

using namespace Qt::StringLiterals;
using steadfast::test::CliProcess;
using steadfast::test::PrismFixture;
using steadfast::test::PrismLog;

namespace {

constexpr int exitTimeoutMs = 60'000;

const QByteArray kPlaceholder = PrismFixture::placeholder().toUtf8();

QString cliPath()
{
    return QStringLiteral(STEADFAST_CLI_PATH);
}

} // namespace

class TestConformance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void singleExchange_data();
    void singleExchange();
    void conversation();
    void missingKeyRejected();

private:
    QStringList cliArguments(const QStringList &extra) const;

    PrismFixture m_prism;
};

void TestConformance::initTestCase()
{
    if (!m_prism.start())
        return; // skipped or failed, with the reason
}

void TestConformance::cleanupTestCase()
{
    QString error;
    QVERIFY2(m_prism.stop(&error), qPrintable(error));
}

QStringList TestConformance::cliArguments(const QStringList &extra) const
{
    // No retries: a request Prism rejects must show as what it is, at once.
    return QStringList{u"--base-url"_s,  m_prism.baseUrl(),  u"--model"_s,
                       u"gpt-4o-mini"_s, u"--max-retries"_s, u"0"_s}
    + extra;
}

void TestConformance::singleExchange_data()
{
    QTest::addColumn<QStringList>("extra");

    const QStringList options{u"--system"_s, u"You are terse."_s, u"--temperature"_s,
                              u"0.5"_s,      u"--max-tokens"_s,   u"50"_s};
    QTest::newRow("--no-stream") << QStringList{u"--no-stream"_s};
    QTest::newRow("--no-stream, system, temperature, max tokens")
            << QStringList{u"--no-stream"_s} + options;
    // Prism validates a stream request, then answers with plain JSON (it cannot send SSE).
    QTest::newRow("stream") << QStringList();
    QTest::newRow("stream, system, temperature, max tokens") << options;
}

void TestConformance::singleExchange()
{
    QFETCH(QStringList, extra);

    const PrismLog before = m_prism.readLog();
    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-test-conformance-0123456789"_s);
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(cliArguments(extra + QStringList{u"Say hello in one word."_s})));
    QVERIFY2(cli.waitForExit(exitTimeoutMs), "the CLI did not end");
    QVERIFY2(cli.exitedNormally() && cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), kPlaceholder + '\n');

    PrismLog after;
    // Prism writes its log as it goes; the reply can reach us a moment before the lines.
    QTRY_VERIFY_WITH_TIMEOUT(m_prism.logAdvanced(before, 1, &after), 10'000);
    QCOMPARE(after.received, before.received + 1);
    QCOMPARE(after.passed, before.passed + 1);
    QVERIFY2(after.errors.size() == before.errors.size(),
             qPrintable(after.errors.mid(before.errors.size()).join(u'\n')));
}

void TestConformance::conversation()
{
    const PrismLog before = m_prism.readLog();
    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-test-conformance-0123456789"_s);
    CliProcess cli(cliPath(), environment);
    // The second request carries system, user, assistant and user messages.
    QVERIFY(cli.start(cliArguments({u"--system"_s, u"You are terse."_s}),
                      "Hello there.\nAnd once more.\n"));
    QVERIFY2(cli.waitForExit(exitTimeoutMs), "the CLI did not end");
    QVERIFY2(cli.exitedNormally() && cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), kPlaceholder + '\n' + kPlaceholder + '\n');

    PrismLog after;
    QTRY_VERIFY_WITH_TIMEOUT(m_prism.logAdvanced(before, 2, &after), 10'000);
    QCOMPARE(after.passed, before.passed + 2);
    QVERIFY2(after.errors.size() == before.errors.size(),
             qPrintable(after.errors.mid(before.errors.size()).join(u'\n')));
}

void TestConformance::missingKeyRejected()
{
    const PrismLog before = m_prism.readLog();
    CliProcess cli(cliPath()); // no OPENAI_API_KEY
    QVERIFY(cli.start(cliArguments({u"--no-stream"_s, u"Hello?"_s})));
    QVERIFY2(cli.waitForExit(exitTimeoutMs), "the CLI did not end");
    QVERIFY2(cli.exitedNormally() && cli.exitCode() == 3, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), QByteArray());
    QVERIFY2(cli.standardError().contains("The API key was rejected (401)"),
             cli.diagnostics().constData());

    // The only complaint is the missing credential, not the request itself.
    PrismLog after;
    // Prism writes its log as it goes; the reply can reach us a moment before the lines.
    QTRY_VERIFY_WITH_TIMEOUT(m_prism.logAdvanced(before, 1, &after), 10'000);
    const QStringList errors = after.errors.mid(before.errors.size());
    QVERIFY2(errors.size() == 1 && errors.first().contains(u"security"_s, Qt::CaseInsensitive),
             qPrintable(errors.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestConformance)
#include "TestConformance.moc"
