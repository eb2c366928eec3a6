// SPDX-License-Identifier: GPL-3.0-or-later
// Conformance: the built steadfast-cli against Stoplight Prism mocking OpenAI's official
// OpenAPI spec (../shared/openai-openapi). Prism validates every request against the
// spec's schema and answers with spec-shaped placeholder replies, so this proves that our
// requests are what the real API accepts and that we read what it sends back. Streaming
// and faults are the fault server's job (TestCli).
#include "support/CliProcess.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using steadfast::test::CliProcess;

namespace {

constexpr int startTimeoutMs = 240'000; // the first start installs Prism from npm
constexpr int exitTimeoutMs = 60'000;

// Prism's placeholder for every string of a reply (../shared/openai-openapi/README.md).
const QByteArray kPlaceholder = "string";

QString scriptPath()
{
    return QStringLiteral(STEADFAST_SOURCE_DIR "/../shared/openai-openapi/run-prism.sh");
}

QString cliPath()
{
    return QStringLiteral(STEADFAST_CLI_PATH);
}

/// What Prism's log says about the chat requests so far.
struct PrismLog
{
    int received = 0;   // "[HTTP SERVER] post /v1/chat/completions … Request received"
    int passed = 0;     // "[VALIDATOR] ✔ success …"
    QStringList errors; // the text of every "[VALIDATOR] ✖ error …" line
};

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
    /// Runs run-prism.sh COMMAND with this test's own state directory.
    bool runScript(const QString &command, int timeoutMs, QByteArray *out, QByteArray *err);
    PrismLog readLog() const;
    /// Reads the log into *after; true once it has `requests` more chat requests than
    /// `before`, each with its validator verdict (a success line or error lines).
    bool logAdvanced(const PrismLog &before, int requests, PrismLog *after) const;
    QStringList cliArguments(const QStringList &extra) const;

    QTemporaryDir m_stateDir;
    QString m_baseUrl;
    QString m_logPath;
    bool m_started = false;
};

bool TestConformance::runScript(const QString &command, int timeoutMs, QByteArray *out,
                                QByteArray *err)
{
    // The script needs the real environment (npm may need a proxy to install Prism).
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PRISM_STATE_DIR"_s, m_stateDir.path());
    CliProcess script(u"bash"_s, environment);
    if (!script.start({scriptPath(), command})) {
        *err = "cannot start bash: " + script.process().errorString().toUtf8();
        return false;
    }
    const bool ended = script.waitForExit(timeoutMs);
    *out = script.standardOutput();
    *err = script.standardError();
    if (!ended) {
        *err += "\n(run-prism.sh " + command.toUtf8() + " did not end within "
                + QByteArray::number(timeoutMs / 1000) + " s)";
        return false;
    }
    return script.exitedNormally() && script.exitCode() == 0;
}

void TestConformance::initTestCase()
{
    if (!QFile::exists(scriptPath())) {
        const QString why = u"%1 does not exist: the conformance test needs the shared "
                            u"openai-openapi folder beside the repository"_s.arg(scriptPath());
        // CI always has it: there a missing spec must fail, never pass as a skip.
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL(qPrintable(why));
        QSKIP(qPrintable(why));
    }
    QVERIFY2(m_stateDir.isValid(), qPrintable(m_stateDir.errorString()));

    QByteArray out;
    QByteArray err;
    const bool started = runScript(u"start"_s, startTimeoutMs, &out, &err);
    m_started = true; // even a failed start may have left a process: cleanup stops it
    QVERIFY2(started, qPrintable(u"run-prism.sh start failed:\n"_s + QString::fromUtf8(err)));
    m_baseUrl = QString::fromUtf8(out.trimmed());
    QVERIFY2(m_baseUrl.startsWith(u"http://127.0.0.1:"_s) && m_baseUrl.endsWith(u"/v1"_s),
             qPrintable(u"unexpected base URL '%1'"_s.arg(m_baseUrl)));

    QVERIFY2(runScript(u"log"_s, 30'000, &out, &err), err.constData());
    m_logPath = QString::fromUtf8(out.trimmed());
    QVERIFY2(QFile::exists(m_logPath), qPrintable(u"no Prism log at "_s + m_logPath));
}

void TestConformance::cleanupTestCase()
{
    if (!m_started)
        return;
    QByteArray out;
    QByteArray err;
    QVERIFY2(runScript(u"stop"_s, 30'000, &out, &err), err.constData());
}

PrismLog TestConformance::readLog() const
{
    PrismLog log;
    QFile file(m_logPath);
    if (!file.open(QIODevice::ReadOnly))
        return log;
    static const QRegularExpression received(
            uR"(\[HTTP SERVER\] post /v1/chat/completions\s.*Request received)"_s);
    static const QRegularExpression passed(uR"(\[VALIDATOR\]\s*✔\s+success)"_s);
    static const QRegularExpression error(uR"(\[VALIDATOR\]\s*✖\s+error\s+(.*)$)"_s);
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (received.match(line).hasMatch())
            ++log.received;
        else if (passed.match(line).hasMatch())
            ++log.passed;
        else if (const QRegularExpressionMatch match = error.match(line); match.hasMatch())
            log.errors.append(match.captured(1).trimmed());
    }
    return log;
}

bool TestConformance::logAdvanced(const PrismLog &before, int requests, PrismLog *after) const
{
    *after = readLog();
    const qsizetype verdicts =
            (after->passed - before.passed) + (after->errors.size() - before.errors.size());
    return after->received >= before.received + requests && verdicts >= requests;
}

QStringList TestConformance::cliArguments(const QStringList &extra) const
{
    // No retries: a request Prism rejects must show as what it is, at once.
    return QStringList{u"--base-url"_s,  m_baseUrl,          u"--model"_s,
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

    const PrismLog before = readLog();
    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-test-conformance-0123456789"_s);
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(cliArguments(extra + QStringList{u"Say hello in one word."_s})));
    QVERIFY2(cli.waitForExit(exitTimeoutMs), "the CLI did not end");
    QVERIFY2(cli.exitedNormally() && cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), kPlaceholder + '\n');

    PrismLog after;
    // Prism writes its log as it goes; the reply can reach us a moment before the lines.
    QTRY_VERIFY_WITH_TIMEOUT(logAdvanced(before, 1, &after), 10'000);
    QCOMPARE(after.received, before.received + 1);
    QCOMPARE(after.passed, before.passed + 1);
    QVERIFY2(after.errors.size() == before.errors.size(),
             qPrintable(after.errors.mid(before.errors.size()).join(u'\n')));
}

void TestConformance::conversation()
{
    const PrismLog before = readLog();
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
    QTRY_VERIFY_WITH_TIMEOUT(logAdvanced(before, 2, &after), 10'000);
    QCOMPARE(after.passed, before.passed + 2);
    QVERIFY2(after.errors.size() == before.errors.size(),
             qPrintable(after.errors.mid(before.errors.size()).join(u'\n')));
}

void TestConformance::missingKeyRejected()
{
    const PrismLog before = readLog();
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
    QTRY_VERIFY_WITH_TIMEOUT(logAdvanced(before, 1, &after), 10'000);
    const QStringList errors = after.errors.mid(before.errors.size());
    QVERIFY2(errors.size() == 1 && errors.first().contains(u"security"_s, Qt::CaseInsensitive),
             qPrintable(errors.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestConformance)
#include "TestConformance.moc"
