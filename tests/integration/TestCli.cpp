// SPDX-License-Identifier: GPL-3.0-or-later
// The built steadfast-cli, run as a child process against the real fault server in this
// process: exit codes, what reaches stdout and stderr, events, environment, security.
// The contract under test is README.md's "steadfast-cli" section and DESIGN.md's.
#include "faultserver/FaultScript.h"
#include "faultserver/FaultServer.h"
#include "support/CliProcess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUtf8StringView>

#include <csignal>
#include <memory>
#include <sys/types.h>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::FaultScript;
using steadfast::FaultServer;
using steadfast::test::CliProcess;

namespace {

constexpr int exitTimeoutMs = 30000;

// The text of every healthy reply: several words, so a stream has several chunks.
const QString kReply = u"Steady as she goes: the whole reply, in one piece."_s;

QByteArray replyLine()
{
    return kReply.toUtf8() + '\n';
}

QString cliPath()
{
    return QStringLiteral(STEADFAST_CLI_PATH);
}

/// A loopback URL where nothing listens (connection refused).
QString deadBaseUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return u"http://127.0.0.1:9/v1"_s;
    const quint16 port = probe.serverPort();
    probe.close();
    return u"http://127.0.0.1:%1/v1"_s.arg(port);
}

QList<QJsonObject> parseJsonLines(const QByteArray &text, QString *problem)
{
    QList<QJsonObject> objects;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            *problem = u"not a JSON object: %1"_s.arg(QString::fromUtf8(line.left(200)));
            return {};
        }
        objects.append(document.object());
    }
    return objects;
}

/// The chat messages of one logged request, as (role, content) pairs.
QList<QPair<QString, QString>> loggedMessages(const QJsonObject &entry)
{
    QList<QPair<QString, QString>> messages;
    const QJsonArray array = entry.value(u"body"_s).toObject().value(u"messages"_s).toArray();
    for (const QJsonValue &value : array) {
        const QJsonObject message = value.toObject();
        messages.append(
                {message.value(u"role"_s).toString(), message.value(u"content"_s).toString()});
    }
    return messages;
}

using Messages = QList<QPair<QString, QString>>;

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void helpListsEveryFlag();
    void version();

    void exitCodes_data();
    void exitCodes();
    void hintAboveMaxWaitEndsAtOnce();
    void circuitOpenRefusesNextTurn();
    void usageErrorsSendNothing_data();
    void usageErrorsSendNothing();
    void interrupted_data();
    void interrupted();

    void stdoutHoldsReplyOnce_data();
    void stdoutHoldsReplyOnce();
    void progressGoesToStderr_data();
    void progressGoesToStderr();
    void requestBody_data();
    void requestBody();
    void conversation_data();
    void conversation();
    void conversationLeavesFailedTurnOut();

    void events_data();
    void events();
    void environment_data();
    void environment();

    void keyNeverPrinted_data();
    void keyNeverPrinted();
    void redirectToOtherOriginRefused_data();
    void redirectToOtherOriginRefused();
    void sameOriginRedirectFollowed();
    void insecureKey_data();
    void insecureKey();

    void badServerInput_data();
    void badServerInput();
    void badUtf8ReplySurvives_data();
    void badUtf8ReplySurvives();

    void emptyBaseUrlIsUsageError_data();
    void emptyBaseUrlIsUsageError();
    void terminalOutput_data();
    void terminalOutput();

private:
    /// Arms the steps of a JSON script (FaultScript's array form); false with *error.
    bool arm(const QByteArray &script, QString *error);
    /// The usual arguments: this server, the demo model, fast seeded retries, then extra.
    QStringList arguments(const QStringList &extra, bool withBaseUrl = true) const;
    /// Replaces @BASE@ (this server), @HTTPS@ (the same with https) and @DEAD@ (a closed
    /// port) in arguments.
    QStringList substituted(QStringList list) const;

    std::unique_ptr<FaultServer> m_server;
    QString m_deadUrl;
};

void TestCli::initTestCase()
{
    QVERIFY2(QFile::exists(cliPath()), qPrintable(u"steadfast-cli not built at "_s + cliPath()));
    m_deadUrl = deadBaseUrl();
}

void TestCli::init()
{
    m_server = std::make_unique<FaultServer>();
    m_server->setChunkDelay(1ms);
    m_server->setReplyText(kReply);
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

void TestCli::cleanup()
{
    m_server.reset();
}

bool TestCli::arm(const QByteArray &script, QString *error)
{
    if (script.isEmpty())
        return true;
    const std::optional<FaultScript> parsed = FaultScript::fromJson(script, error);
    if (!parsed)
        return false;
    m_server->loadScript(*parsed);
    return true;
}

QStringList TestCli::arguments(const QStringList &extra, bool withBaseUrl) const
{
    QStringList list;
    if (withBaseUrl)
        list << u"--base-url"_s << m_server->baseUrl().toString();
    list << u"--model"_s << u"steadfast-demo"_s << u"--backoff-base-ms"_s << u"5"_s
         << u"--jitter-ms"_s << u"5"_s << u"--seed"_s << u"1"_s;
    return list + substituted(extra);
}

QStringList TestCli::substituted(QStringList list) const
{
    for (QString &argument : list) {
        argument.replace(u"@BASE@"_s, m_server->baseUrl().toString());
        argument.replace(u"@DEAD@"_s, m_deadUrl);
        argument.replace(u"@HTTPS@"_s, // this server, which speaks no TLS
                         m_server->baseUrl().toString().replace(u"http:"_s, u"https:"_s));
    }
    return list;
}

// --- help and version -------------------------------------------------------------------

void TestCli::helpListsEveryFlag()
{
    CliProcess cli(cliPath());
    QVERIFY(cli.start({u"--help"_s}));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY(cli.exitedNormally());
    QCOMPARE(cli.exitCode(), 0);
    const QString help = QString::fromUtf8(cli.standardOutput());
    // DESIGN.md's contract, plus the flags README.md documents.
    static const QStringList flags{u"--base-url"_s,
                                   u"--model"_s,
                                   u"--system"_s,
                                   u"--stream"_s,
                                   u"--no-stream"_s,
                                   u"--temperature"_s,
                                   u"--max-tokens"_s,
                                   u"--max-retries"_s,
                                   u"--connect-timeout-ms"_s,
                                   u"--timeout-ms"_s,
                                   u"--idle-timeout-ms"_s,
                                   u"--deadline-ms"_s,
                                   u"--max-wait-ms"_s,
                                   u"--backoff-base-ms"_s,
                                   u"--backoff-cap-ms"_s,
                                   u"--jitter-ms"_s,
                                   u"--jitter"_s,
                                   u"--breaker-threshold"_s,
                                   u"--breaker-cooldown-ms"_s,
                                   u"--seed"_s,
                                   u"--events"_s,
                                   u"--allow-insecure-key"_s,
                                   u"--quiet"_s,
                                   u"--help"_s,
                                   u"--version"_s};
    for (const QString &flag : flags) {
        // Whole words: "--stream" must not be found only inside "--no-stream".
        const QRegularExpression word(u"(^|[\\s,])"_s + QRegularExpression::escape(flag)
                                              + u"([\\s=<]|$)"_s,
                                      QRegularExpression::MultilineOption);
        QVERIFY2(word.match(help).hasMatch(), qPrintable(flag + u" is missing from --help"_s));
    }
    for (const QString &variable : {u"OPENAI_API_KEY"_s, u"OPENAI_BASE_URL"_s})
        QVERIFY2(help.contains(variable), qPrintable(variable));
    QVERIFY(cli.standardError().isEmpty());
}

void TestCli::version()
{
    CliProcess cli(cliPath());
    QVERIFY(cli.start({u"--version"_s}));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(cli.standardOutput(), QByteArray("steadfast-cli " STEADFAST_VERSION "\n"));
}

// --- exit codes ---------------------------------------------------------------------------

void TestCli::exitCodes_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas"); // case-insensitive
    QTest::addColumn<int>("requests");      // -1: Qt's own resends make it vary

    QTest::newRow("0 ok, stream") << QByteArray() << QStringList{u"Hello"_s} << 0 << QString() << 1;
    QTest::newRow("0 ok, --no-stream")
            << QByteArray() << QStringList{u"--no-stream"_s, u"Hello"_s} << 0 << QString() << 1;

    // 3: permanent, sent once.
    QTest::newRow("3 401") << QByteArray(R"([{"status": 401}])") << QStringList{u"Hi"_s} << 3
                           << u"key was rejected (401)"_s << 1;
    QTest::newRow("3 403") << QByteArray(R"([{"status": 403}])") << QStringList{u"Hi"_s} << 3
                           << u"Access denied (403)"_s << 1;
    QTest::newRow("3 407, the proxy's login, not the key")
            << QByteArray(R"([{"status": 407}])") << QStringList{u"Hi"_s} << 3
            << u"proxy asks for a login (407): check the proxy's user name and password"_s << 1;
    QTest::newRow("3 404") << QByteArray(R"([{"status": 404}])") << QStringList{u"Hi"_s} << 3
                           << u"not found (404)"_s << 1;
    QTest::newRow("3 409") << QByteArray(R"([{"status": 409}])") << QStringList{u"Hi"_s} << 3
                           << u"conflict (409)"_s << 1;
    QTest::newRow("3 400") << QByteArray(R"([{"status": 400}])") << QStringList{u"Hi"_s} << 3
                           << u"request was rejected (400)"_s << 1;
    QTest::newRow("3 400 context length")
            << QByteArray(R"([{"status": 400, "error": {"code": "context_length_exceeded",
                 "message": "This model's maximum context length is 8192 tokens."}}])")
            << QStringList{u"Hi"_s} << 3 << u"Context too long"_s << 1;
    QTest::newRow("3 422") << QByteArray(R"([{"status": 422}])") << QStringList{u"Hi"_s} << 3
                           << u"(422)"_s << 1;
    QTest::newRow("3 429 insufficient_quota")
            << QByteArray(R"([{"status": 429, "error": {"code": "insufficient_quota",
                 "type": "insufficient_quota", "message": "You exceeded your current quota."}}])")
            << QStringList{u"Hi"_s} << 3
            << u"quota or billing limit reached: check the plan and billing page"_s << 1;
    QTest::newRow("3 500 x-should-retry: false")
            << QByteArray(R"([{"status": 500, "headers": {"x-should-retry": "false"}}])")
            << QStringList{u"Hi"_s} << 3 << u"(500)"_s << 1;
    QTest::newRow("3 TLS handshake fails, not retried")
            << QByteArray() << QStringList{u"--base-url"_s, u"@HTTPS@"_s, u"Hi"_s} << 3
            << u"secure connection to 127.0.0.1"_s << 0;
    QTest::newRow("3 redirect to another origin")
            << QByteArray(R"([{"status": 302,
                 "headers": {"Location": "http://127.0.0.2:9/v1/chat/completions"}}])")
            << QStringList{u"Hi"_s} << 3
            << u"refused a redirect to another origin: http://127.0.0.2:9"_s << 1;

    // 4: retryable, and the attempts (or the time) ran out.
    QTest::newRow("4 500 more often than --max-retries")
            << QByteArray(R"([{"status": 500, "repeat": 3}])")
            << QStringList{u"--max-retries"_s, u"2"_s, u"Hi"_s} << 4 << u"(500)"_s << 3;
    QTest::newRow("4 connection reset")
            << QByteArray(R"([{"action": "reset", "repeat": 20}])")
            << QStringList{u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4 << u"cannot reach"_s << -1;
    QTest::newRow("4 connection refused")
            << QByteArray()
            << QStringList{u"--base-url"_s, u"@DEAD@"_s, u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4
            << u"cannot reach 127.0.0.1"_s << 0;
    QTest::newRow("4 stream stalls (--idle-timeout-ms)")
            << QByteArray(R"([{"stream": {"stallAfterChunks": 2}, "repeat": 2}])")
            << QStringList{u"--idle-timeout-ms"_s, u"300"_s, u"--max-retries"_s, u"1"_s, u"Hi"_s}
            << 4 << u"stream stalled"_s << 2;
    QTest::newRow("4 stream dropped")
            << QByteArray(R"([{"stream": {"dropAfterChunks": 2}, "repeat": 2}])")
            << QStringList{u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4 << u"cut off"_s << 2;
    QTest::newRow("4 stream error event")
            << QByteArray(R"([{"stream": {"errorAfterChunks": 1}, "repeat": 2,
                 "error": {"message": "The model crashed mid-answer."}}])")
            << QStringList{u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4
            << u"The model crashed mid-answer."_s << 2;
    QTest::newRow("4 first byte too late (--timeout-ms)")
            << QByteArray(R"([{"action": "hang", "repeat": 2}])")
            << QStringList{u"--timeout-ms"_s, u"300"_s, u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4
            << u"did not start answering within 0.3 s"_s << 2;
    QTest::newRow("4 malformed JSON")
            << QByteArray(R"([{"malformed": "not-json", "repeat": 2}])")
            << QStringList{u"--no-stream"_s, u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4
            << u"unreadable"_s << 2;
    QTest::newRow("4 408") << QByteArray(R"([{"status": 408, "repeat": 2}])")
                           << QStringList{u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4 << u"(408)"_s
                           << 2;
    QTest::newRow("4 429 more often than --max-retries")
            << QByteArray(R"([{"status": 429, "repeat": 2}])")
            << QStringList{u"--max-retries"_s, u"1"_s, u"Hi"_s} << 4 << u"rate limited"_s << 2;
    QTest::newRow("4 deadline passes during an attempt")
            << QByteArray(R"([{"action": "hang"}])")
            << QStringList{u"--deadline-ms"_s, u"400"_s, u"Hi"_s} << 4 << u"overall deadline"_s
            << 1;
    QTest::newRow("4 deadline leaves no time for a retry")
            << QByteArray(R"([{"status": 503, "repeat": 5}])")
            << QStringList{u"--backoff-base-ms"_s, u"5000"_s, u"--deadline-ms"_s, u"1000"_s,
                           u"Hi"_s}
            << 4 << u"before the overall deadline"_s << 1;
}

void TestCli::exitCodes()
{
    QFETCH(QByteArray, script);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    QFETCH(int, requests);

    QString error;
    QVERIFY2(arm(script, &error), qPrintable(error));
    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments(extra)));
    QVERIFY2(cli.waitForExit(exitTimeoutMs), "the CLI did not end");
    QVERIFY2(cli.exitedNormally(), cli.diagnostics().constData());
    QVERIFY2(cli.exitCode() == exitCode, cli.diagnostics().constData());
    const QString err = QString::fromUtf8(cli.standardError());
    if (exitCode == 0) {
        QCOMPARE(cli.standardOutput(), replyLine());
    } else {
        QCOMPARE(cli.standardOutput(), QByteArray()); // no half reply, no error text
        QVERIFY2(err.contains(u"steadfast-cli: error: "_s), qPrintable(err));
        QVERIFY2(err.contains(stderrHas, Qt::CaseInsensitive), qPrintable(err));
    }
    if (requests >= 0)
        QCOMPARE(m_server->chatRequestCount(), requests);
    else
        QVERIFY(m_server->chatRequestCount() >= 2);
}

void TestCli::hintAboveMaxWaitEndsAtOnce()
{
    QString error;
    QVERIFY2(arm(R"([{"status": 429, "headers": {"Retry-After": "3600"}}])", &error),
             qPrintable(error));
    CliProcess cli(cliPath());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(cli.start(arguments({u"--max-wait-ms"_s, u"60000"_s, u"Hi"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(clock.elapsed() < 10000, "a wait above --max-wait-ms must not be waited");
    QVERIFY2(cli.exitCode() == 4, cli.diagnostics().constData());
    const QString err = QString::fromUtf8(cli.standardError());
    QVERIFY2(err.contains(u"the server asks to wait 3600 s"_s), qPrintable(err));
    QVERIFY2(err.contains(u"maximum wait of 60 s"_s), qPrintable(err));
    QCOMPARE(m_server->chatRequestCount(), 1);
    QCOMPARE(cli.standardOutput(), QByteArray());
}

void TestCli::circuitOpenRefusesNextTurn()
{
    QString error;
    QVERIFY2(arm(R"([{"status": 500, "repeat": 10}])", &error), qPrintable(error));
    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments({u"--breaker-threshold"_s, u"2"_s, u"--max-retries"_s, u"1"_s}),
                      "first line\nsecond line\n"));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 5, cli.diagnostics().constData());
    // The first turn made both its attempts and opened the circuit; the second was refused
    // without reaching the server.
    QCOMPARE(m_server->chatRequestCount(), 2);
    const QString err = QString::fromUtf8(cli.standardError());
    QVERIFY2(err.contains(u"is Open (2 of 2 consecutive failures)"_s), qPrintable(err));
    QVERIFY2(err.contains(u"error: The service had an error (500)"_s), qPrintable(err));
    QVERIFY2(err.contains(u"error: Service paused"_s), qPrintable(err));
    QVERIFY2(err.indexOf(u"(500)"_s) < err.indexOf(u"Service paused"_s), qPrintable(err));
    QCOMPARE(cli.standardOutput(), QByteArray());
}

void TestCli::usageErrorsSendNothing_data()
{
    QTest::addColumn<QStringList>("args"); // complete: no defaults added
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<QString>("stderrHas");

    const QStringList base{u"--base-url"_s, u"@BASE@"_s, u"--model"_s, u"steadfast-demo"_s};
    QTest::newRow("unknown flag") << base + QStringList{u"--bogus"_s, u"Hi"_s} << QString()
                                  << u"Unknown option 'bogus'"_s;
    QTest::newRow("bad number") << base + QStringList{u"--max-retries"_s, u"many"_s, u"Hi"_s}
                                << QString() << u"--max-retries: expected a whole number"_s;
    QTest::newRow("negative number") << base + QStringList{u"--timeout-ms"_s, u"-5"_s, u"Hi"_s}
                                     << QString() << u"--timeout-ms: expected a whole number"_s;
    QTest::newRow("number too large") << base + QStringList{u"--max-retries"_s, u"1000"_s, u"Hi"_s}
                                      << QString() << u"from 0 to 100"_s;
    QTest::newRow("bad temperature") << base + QStringList{u"--temperature"_s, u"warm"_s, u"Hi"_s}
                                     << QString() << u"--temperature: expected a number"_s;
    QTest::newRow("temperature out of range")
            << base + QStringList{u"--temperature"_s, u"5"_s, u"Hi"_s} << QString()
            << u"temperature between 0 and 2"_s;
    QTest::newRow("bad jitter mode") << base + QStringList{u"--jitter"_s, u"wild"_s, u"Hi"_s}
                                     << QString() << u"--jitter: expected additive"_s;
    QTest::newRow("--stream with --no-stream")
            << base + QStringList{u"--stream"_s, u"--no-stream"_s, u"Hi"_s} << QString()
            << u"contradict"_s;
    QTest::newRow("ftp base URL") << QStringList{u"--base-url"_s, u"ftp://127.0.0.1:21/v1"_s,
                                                 u"--model"_s, u"steadfast-demo"_s, u"Hi"_s}
                                  << QString() << u"ftp"_s;
    QTest::newRow("missing --model")
            << QStringList{u"--base-url"_s, u"@BASE@"_s, u"Hi"_s} << QString() << u"model"_s;
    QTest::newRow("empty prompt") << base + QStringList{u"   "_s} << QString() << u"empty"_s;
    QTest::newRow("key over plain http to a remote host")
            << QStringList{u"--base-url"_s, u"http://example.invalid/v1"_s, u"--model"_s,
                           u"steadfast-demo"_s, u"Hi"_s}
            << u"sk-test-remote-0123456789"_s << u"--allow-insecure-key"_s;
    QTest::newRow("events file cannot be opened")
            << base + QStringList{u"--events"_s, u"/nonexistent-dir/events.jsonl"_s, u"Hi"_s}
            << QString() << u"--events: cannot open"_s;
}

void TestCli::usageErrorsSendNothing()
{
    QFETCH(QStringList, args);
    QFETCH(QString, apiKey);
    QFETCH(QString, stderrHas);

    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    if (!apiKey.isEmpty())
        environment.insert(u"OPENAI_API_KEY"_s, apiKey);
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(substituted(args)));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitedNormally() && cli.exitCode() == 2, cli.diagnostics().constData());
    QVERIFY2(QString::fromUtf8(cli.standardError()).contains(stderrHas, Qt::CaseInsensitive),
             cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), QByteArray());
    QVERIFY(m_server->requestLog().isEmpty());
    QCOMPARE(m_server->acceptedConnectionCount(), 0);
}

void TestCli::interrupted_data()
{
    QTest::addColumn<bool>("duringCountdown"); // else: blocked reading stdin
    QTest::addColumn<int>("signal");

    QTest::newRow("SIGINT during a retry countdown") << true << int(SIGINT);
    QTest::newRow("SIGTERM during a retry countdown") << true << int(SIGTERM);
    QTest::newRow("SIGINT while reading stdin") << false << int(SIGINT);
    QTest::newRow("SIGTERM while reading stdin") << false << int(SIGTERM);
}

void TestCli::interrupted()
{
    QFETCH(bool, duringCountdown);
    QFETCH(int, signal);

    CliProcess cli(cliPath());
    if (duringCountdown) {
        QString error;
        QVERIFY2(arm(R"([{"status": 429, "headers": {"Retry-After": "30"}}])", &error),
                 qPrintable(error));
        QVERIFY(cli.start(arguments({u"--max-wait-ms"_s, u"60000"_s, u"Hi"_s})));
        QTRY_VERIFY2_WITH_TIMEOUT(cli.standardError().contains("retrying in 30 s"),
                                  cli.diagnostics().constData(), 20000);
    } else {
        // One turn first: once its reply is out, the CLI is (or is about to be) blocked
        // reading the next line, with its signal handlers installed.
        QVERIFY(cli.start(arguments({}), "first line\n", false));
        QTRY_VERIFY2_WITH_TIMEOUT(cli.standardOutput() == replyLine(),
                                  cli.diagnostics().constData(), 20000);
    }
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(::kill(pid_t(cli.processId()), signal), 0);
    QVERIFY2(cli.waitForExit(10000), "the CLI did not end after the signal");
    QVERIFY2(clock.elapsed() < 5000, "the signal must end the wait at once");
    QVERIFY2(cli.exitedNormally(), "the CLI died of the signal instead of handling it");
    QVERIFY2(cli.exitCode() == 130, cli.diagnostics().constData());
    QCOMPARE(m_server->chatRequestCount(), 1);
    if (duringCountdown) {
        QCOMPARE(cli.standardOutput(), QByteArray());
        QVERIFY2(cli.standardError().contains("error: Stopped"), cli.diagnostics().constData());
    } else {
        QCOMPARE(cli.standardOutput(), replyLine());
    }
}

// --- stdout and stderr --------------------------------------------------------------------

void TestCli::stdoutHoldsReplyOnce_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("stderrHas"); // empty: stderr must be empty

    QTest::newRow("healthy stream") << QByteArray() << QStringList() << QString();
    QTest::newRow("healthy, --no-stream")
            << QByteArray() << QStringList{u"--no-stream"_s} << QString();
    QTest::newRow("stream dropped mid-way, then retried")
            << QByteArray(R"([{"stream": {"dropAfterChunks": 4}}])") << QStringList()
            << u"attempt 1 failed: The reply was cut off"_s;
    QTest::newRow("stream stalled mid-way, then retried")
            << QByteArray(R"([{"stream": {"stallAfterChunks": 5}}])")
            << QStringList{u"--idle-timeout-ms"_s, u"500"_s}
            << u"attempt 1 failed: The stream stalled"_s;
    QTest::newRow("error event mid-stream, then retried")
            << QByteArray(R"([{"stream": {"errorAfterChunks": 3}}])") << QStringList()
            << u"attempt 1 failed: The reply was cut off"_s;
    QTest::newRow("stream without [DONE] and finish, then retried")
            << QByteArray(R"([{"stream": {"omitDone": true, "noFinish": true}}])") << QStringList()
            << u"attempt 1 failed: The reply was cut off"_s;
    QTest::newRow("body torn, --no-stream, then retried")
            << QByteArray(R"([{"action": "truncate"}])") << QStringList{u"--no-stream"_s}
            << u"attempt 1 failed"_s;
    QTest::newRow("429, then retried")
            << QByteArray(R"([{"status": 429}])") << QStringList() << u"retrying in"_s;
}

void TestCli::stdoutHoldsReplyOnce()
{
    QFETCH(QByteArray, script);
    QFETCH(QStringList, extra);
    QFETCH(QString, stderrHas);

    QString error;
    QVERIFY2(arm(script, &error), qPrintable(error));
    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments(extra + QStringList{u"Tell me something"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 0, cli.diagnostics().constData());
    // Exactly one copy of the reply and nothing else, even when an attempt had already
    // streamed part of it (stdout is a pipe here).
    QCOMPARE(cli.standardOutput(), replyLine());
    const QString err = QString::fromUtf8(cli.standardError());
    if (stderrHas.isEmpty()) {
        QVERIFY2(err.isEmpty(), qPrintable(err));
    } else {
        QVERIFY2(err.contains(stderrHas), qPrintable(err));
        QVERIFY2(err.contains(u"attempt 2 of 6"_s), qPrintable(err));
        QVERIFY2(!err.contains(kReply), qPrintable(err));
        QCOMPARE(m_server->chatRequestCount(), 2);
    }
}

void TestCli::progressGoesToStderr_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("stderrHas"); // in this order
    QTest::addColumn<QStringList>("stderrLacks");

    const QStringList breaker{u"--breaker-threshold"_s, u"1"_s, u"--breaker-cooldown-ms"_s,
                              u"50"_s};
    QTest::newRow("retry lines")
            << QByteArray(R"([{"status": 503, "headers": {"x-request-id": "req_custom_42"}}])")
            << QStringList() << 0
            << QStringList{u"attempt 1 failed: The service had an error (503)"_s,
                           u"[request req_custom_42]"_s,
                           u"The service had an error (503) — retrying in"_s,
                           u"(attempt 2 of 6; backoff)"_s, u"attempt 2 of 6"_s}
            << QStringList{u"error:"_s};
    QTest::newRow("server hint named")
            << QByteArray(R"([{"status": 429, "headers": {"retry-after-ms": "150"}}])")
            << QStringList() << 0
            << QStringList{u"Rate limited by the server (429) — retrying in 150 ms"_s,
                           u"the server asked for 150 ms"_s}
            << QStringList{u"error:"_s};
    QTest::newRow("breaker opens, probes, closes")
            << QByteArray(R"([{"status": 500}])") << breaker << 0
            << QStringList{u"is Open (1 of 1 consecutive failures); next probe in"_s,
                           u"waiting for the circuit's next probe"_s, u"is HalfOpen"_s,
                           u"is Closed (0 of 1 consecutive failures)"_s}
            << QStringList{u"error:"_s};
    QTest::newRow("--quiet, success")
            << QByteArray(R"([{"status": 503}])") << QStringList{u"--quiet"_s} << 0 << QStringList()
            << QStringList{u"steadfast-cli"_s};
    QTest::newRow("--quiet still prints the final error")
            << QByteArray(R"([{"status": 503, "repeat": 2}])")
            << QStringList{u"--quiet"_s, u"--max-retries"_s, u"1"_s} << 4
            << QStringList{u"steadfast-cli: error: The service had an error (503)"_s}
            << QStringList{u"attempt 1 failed"_s, u"retrying"_s};
}

void TestCli::progressGoesToStderr()
{
    QFETCH(QByteArray, script);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QStringList, stderrHas);
    QFETCH(QStringList, stderrLacks);

    QString error;
    QVERIFY2(arm(script, &error), qPrintable(error));
    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments(extra + QStringList{u"Hi"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == exitCode, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), exitCode == 0 ? replyLine() : QByteArray());
    const QString err = QString::fromUtf8(cli.standardError());
    qsizetype from = 0;
    for (const QString &part : stderrHas) {
        const qsizetype at = err.indexOf(part, from);
        QVERIFY2(at >= 0, qPrintable(u"'%1' missing (in order) from:\n%2"_s.arg(part, err)));
        from = at + part.size();
    }
    for (const QString &part : stderrLacks)
        QVERIFY2(!err.contains(part), qPrintable(err));
    if (!stderrHas.isEmpty()) {
        // Every stderr line is a progress or error line, never reply text.
        for (const QString &line : err.split(u'\n', Qt::SkipEmptyParts))
            QVERIFY2(line.startsWith(u"steadfast-cli: "_s) || line.startsWith(u"  "_s),
                     qPrintable(line));
    }
}

void TestCli::requestBody_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QJsonObject>("sampling"); // fields expected in the body

    QTest::newRow("stream, with --system")
            << QStringList{u"--system"_s, u"You are terse."_s} << true << QJsonObject();
    QTest::newRow("--no-stream, with --system")
            << QStringList{u"--no-stream"_s, u"--system"_s, u"You are terse."_s} << false
            << QJsonObject();
    QTest::newRow("sampling options")
            << QStringList{u"--system"_s, u"You are terse."_s, u"--temperature"_s,
                           u"0.5"_s,      u"--max-tokens"_s,   u"50"_s}
            << true << QJsonObject{{u"temperature"_s, 0.5}, {u"max_tokens"_s, 50}};
}

void TestCli::requestBody()
{
    QFETCH(QStringList, extra);
    QFETCH(bool, stream);
    QFETCH(QJsonObject, sampling);

    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments(extra + QStringList{u"What is a circuit breaker?"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), replyLine());
    const QList<QJsonObject> log = m_server->requestLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(log.first().value(u"path"_s).toString(), u"/v1/chat/completions"_s);
    const QJsonObject body = log.first().value(u"body"_s).toObject();
    QCOMPARE(body.value(u"model"_s).toString(), u"steadfast-demo"_s);
    QCOMPARE(body.value(u"stream"_s).toBool(), stream);
    const Messages expected{{u"system"_s, u"You are terse."_s},
                            {u"user"_s, u"What is a circuit breaker?"_s}};
    QCOMPARE(loggedMessages(log.first()), expected);
    for (auto it = sampling.constBegin(); it != sampling.constEnd(); ++it) {
        QVERIFY2(body.value(it.key()).isDouble(), qPrintable(it.key()));
        QCOMPARE(body.value(it.key()).toDouble(), it.value().toDouble());
    }
    if (sampling.isEmpty()) {
        QVERIFY(!body.contains(u"temperature"_s));
        QVERIFY(!body.contains(u"max_tokens"_s));
    }
}

void TestCli::conversation_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("stream") << QStringList();
    QTest::newRow("--no-stream") << QStringList{u"--no-stream"_s};
}

void TestCli::conversation()
{
    QFETCH(QStringList, extra);

    QString error;
    QVERIFY2(arm(R"([{"text": "Reply one."}, {"text": "Reply two."}, {"text": "Reply three."}])",
                 &error),
             qPrintable(error));
    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments(extra + QStringList{u"--system"_s, u"You are terse."_s}),
                      "What is SSE?\n\n   \nAnd HTTP/2?\nThanks\n\n"));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), QByteArray("Reply one.\nReply two.\nReply three.\n"));
    QCOMPARE(cli.standardError(), QByteArray());

    // Blank lines were skipped; each request carries the exchanges before it.
    const QList<QJsonObject> log = m_server->requestLog();
    QCOMPARE(log.size(), 3);
    const QPair<QString, QString> system{u"system"_s, u"You are terse."_s};
    QCOMPARE(loggedMessages(log.at(0)), (Messages{system, {u"user"_s, u"What is SSE?"_s}}));
    QCOMPARE(loggedMessages(log.at(1)),
             (Messages{system,
                       {u"user"_s, u"What is SSE?"_s},
                       {u"assistant"_s, u"Reply one."_s},
                       {u"user"_s, u"And HTTP/2?"_s}}));
    QCOMPARE(loggedMessages(log.at(2)),
             (Messages{system,
                       {u"user"_s, u"What is SSE?"_s},
                       {u"assistant"_s, u"Reply one."_s},
                       {u"user"_s, u"And HTTP/2?"_s},
                       {u"assistant"_s, u"Reply two."_s},
                       {u"user"_s, u"Thanks"_s}}));
}

void TestCli::conversationLeavesFailedTurnOut()
{
    QString error;
    QVERIFY2(arm(R"([{"text": "Reply one."}, {"status": 400}, {"text": "Reply three."}])", &error),
             qPrintable(error));
    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments({}), "First\nSecond\nThird\n"));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    // The conversation went on after the failed turn; the exit code reports that turn.
    QVERIFY2(cli.exitCode() == 3, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), QByteArray("Reply one.\nReply three.\n"));
    QVERIFY2(cli.standardError().contains("error: The request was rejected (400)"),
             cli.diagnostics().constData());
    const QList<QJsonObject> log = m_server->requestLog();
    QCOMPARE(log.size(), 3);
    QCOMPARE(loggedMessages(log.at(2)),
             (Messages{{u"user"_s, u"First"_s},
                       {u"assistant"_s, u"Reply one."_s},
                       {u"user"_s, u"Third"_s}}));
}

// --- events -------------------------------------------------------------------------------

void TestCli::events_data()
{
    QTest::addColumn<bool>("toStderr");
    QTest::addColumn<QByteArray>("hintHeader"); // on a 429; its wait beats the ~10 ms backoff
    QTest::addColumn<int>("hintMs");

    QTest::newRow("--events FILE, retry-after-ms")
            << false << QByteArray("retry-after-ms: 200") << 200;
    QTest::newRow("--events -, retry-after-ms") << true << QByteArray("retry-after-ms: 200") << 200;
    QTest::newRow("--events FILE, Retry-After") << false << QByteArray("Retry-After: 1") << 1000;
}

void TestCli::events()
{
    QFETCH(bool, toStderr);
    QFETCH(QByteArray, hintHeader);
    QFETCH(int, hintMs);

    const QList<QByteArray> header = hintHeader.split(':');
    m_server->arm({.status = 429, .headers = {{header.at(0), header.at(1).trimmed()}}});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = toStderr ? u"-"_s : dir.filePath(u"events.jsonl"_s);
    CliProcess cli(cliPath());
    QVERIFY(cli.start(arguments({u"--events"_s, path, u"Hi"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), replyLine());

    QByteArray jsonLines;
    if (toStderr) {
        // stderr interleaves events with progress lines; each line is one or the other.
        const QList<QByteArray> lines = cli.standardError().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith('{'))
                jsonLines += line + '\n';
            else
                QVERIFY2(line.isEmpty() || line.startsWith("steadfast-cli: "), line.constData());
        }
    } else {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        jsonLines = file.readAll();
        QVERIFY(jsonLines.endsWith('\n'));
        QVERIFY2(!cli.standardError().contains("{\""), "events leaked onto stderr");
    }
    QString problem;
    const QList<QJsonObject> events = parseJsonLines(jsonLines, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!events.isEmpty());
    for (const QJsonObject &event : events) {
        QVERIFY2(event.value(u"event"_s).isString(), QJsonDocument(event).toJson().constData());
        const QString ts = event.value(u"ts"_s).toString();
        const QDateTime when = QDateTime::fromString(ts, Qt::ISODateWithMs);
        QVERIFY2(when.isValid() && ts.endsWith(u'Z') && ts.contains(u'.'), qPrintable(ts));
        QVERIFY(qAbs(when.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    }

    // The story, in order (other events come between).
    const QStringList story{u"attemptStarted"_s, u"attemptFailed"_s,  u"retryScheduled"_s,
                            u"retryCountdown"_s, u"attemptStarted"_s, u"finished"_s};
    QList<QJsonObject> found;
    qsizetype next = 0;
    for (const QJsonObject &event : events) {
        if (next < story.size() && event.value(u"event"_s).toString() == story.at(next)) {
            found.append(event);
            ++next;
        }
    }
    QVERIFY2(next == story.size(), qPrintable(u"story stopped before %1"_s.arg(story.value(next))));
    QCOMPARE(found.at(0).value(u"attempt"_s).toInt(), 1);
    QCOMPARE(found.at(0).value(u"attemptsAllowed"_s).toInt(), 6);
    QCOMPARE(found.at(0).value(u"url"_s).toString(),
             m_server->baseUrl().toString() + u"/chat/completions"_s);
    const QJsonObject failedError = found.at(1).value(u"error"_s).toObject();
    QCOMPARE(failedError.value(u"kind"_s).toString(), u"RateLimited"_s);
    QCOMPARE(failedError.value(u"status"_s).toInt(), 429);
    QCOMPARE(failedError.value(u"retryable"_s).toBool(), true);
    const QJsonObject scheduled = found.at(2);
    QCOMPARE(scheduled.value(u"attempt"_s).toInt(), 2);
    QCOMPARE(scheduled.value(u"source"_s).toString(), u"server-hint"_s);
    QCOMPARE(scheduled.value(u"hintMs"_s).toInt(), hintMs);
    QCOMPARE(scheduled.value(u"delayMs"_s).toInt(), hintMs);
    QVERIFY(scheduled.value(u"backoffMs"_s).toInt() < hintMs);
    QCOMPARE(scheduled.value(u"error"_s).toObject().value(u"kind"_s).toString(), u"RateLimited"_s);
    QCOMPARE(found.at(3).value(u"totalMs"_s).toInt(), hintMs);
    QCOMPARE(found.at(4).value(u"attempt"_s).toInt(), 2);
    const QJsonObject finished = found.at(5);
    QCOMPARE(finished.value(u"text"_s).toString(), kReply);
    QCOMPARE(finished.value(u"attempts"_s).toInt(), 2);
    QCOMPARE(finished.value(u"finishReason"_s).toString(), u"stop"_s);
    QCOMPARE(events.last().value(u"event"_s).toString(), u"finished"_s);
}

// --- environment --------------------------------------------------------------------------

void TestCli::environment_data()
{
    QTest::addColumn<QString>("envBaseUrl"); // OPENAI_BASE_URL; empty: unset
    QTest::addColumn<QString>("argBaseUrl"); // --base-url; empty: not given
    QTest::addColumn<QString>("envKey");     // OPENAI_API_KEY; empty: unset
    QTest::addColumn<QByteArray>("authorization");

    QTest::newRow("OPENAI_BASE_URL, no key")
            << u"@BASE@"_s << QString() << QString() << QByteArray();
    QTest::newRow("OPENAI_API_KEY as Bearer")
            << u"@BASE@"_s << QString() << u"sk-test-env-0123456789abcdef"_s
            << QByteArray("Bearer sk-test-env-0123456789abcdef");
    QTest::newRow("key with stray whitespace")
            << u"@BASE@"_s << QString() << u"  sk-test-padded-0123456789 \n"_s
            << QByteArray("Bearer sk-test-padded-0123456789");
    QTest::newRow("--base-url beats OPENAI_BASE_URL")
            << u"@DEAD@"_s << u"@BASE@"_s << u"local-token-0123"_s
            << QByteArray("Bearer local-token-0123");
}

void TestCli::environment()
{
    QFETCH(QString, envBaseUrl);
    QFETCH(QString, argBaseUrl);
    QFETCH(QString, envKey);
    QFETCH(QByteArray, authorization);

    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    if (!envBaseUrl.isEmpty())
        environment.insert(u"OPENAI_BASE_URL"_s, substituted({envBaseUrl}).first());
    if (!envKey.isEmpty())
        environment.insert(u"OPENAI_API_KEY"_s, envKey);
    QStringList extra;
    if (!argBaseUrl.isEmpty())
        extra << u"--base-url"_s << argBaseUrl;
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(arguments(extra + QStringList{u"Hi"_s}, false)));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), replyLine());
    QCOMPARE(m_server->chatRequestCount(), 1);
    QCOMPARE(m_server->lastAuthorization(), authorization);
    QCOMPARE(m_server->requestLog().first().value(u"hasAuthorization"_s).toBool(),
             !authorization.isEmpty());
}

// --- security -----------------------------------------------------------------------------

void TestCli::keyNeverPrinted_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("script"); // @KEY@ is replaced by the key
    QTest::addColumn<QString>("events");    // "", "-" or "file"
    QTest::addColumn<int>("exitCode");

    const QString openAiKey = u"sk-test-SECRET-7f3a9c2e5b1d4086aa"_s;
    const QString otherKey = u"local-SECRET-token-55d1e0c9"_s; // matches no key pattern
    const QByteArray echo401 = R"([{"status": 401, "error": {"message":
            "Incorrect API key provided: @KEY@. You can find your API key at https://platform.openai.com/account/api-keys."}}])";

    QTest::newRow("healthy, events file") << openAiKey << QByteArray() << u"file"_s << 0;
    QTest::newRow("401 echoes the key") << openAiKey << echo401 << u"file"_s << 3;
    QTest::newRow("401 echoes the key, --events -") << openAiKey << echo401 << u"-"_s << 3;
    QTest::newRow("401 echoes a key of no known shape") << otherKey << echo401 << u"-"_s << 3;
    QTest::newRow("retried 500 echoes the key in progress lines")
            << otherKey
            << QByteArray(
                       R"([{"status": 500, "error": {"message": "upstream refused Bearer @KEY@"}}])")
            << u"file"_s << 0;
    QTest::newRow("error event inside a stream echoes the key")
            << otherKey << QByteArray(R"([{"stream": {"errorAfterChunks": 1}, "repeat": 6,
                 "error": {"message": "bad credentials @KEY@"}}])")
            << u"-"_s << 4;
    QTest::newRow("429 hint message echoes the key")
            << openAiKey
            << QByteArray(
                       R"([{"status": 429, "error": {"message": "Key @KEY@: please try again in 7200s."}}])")
            << u"file"_s << 4;
}

void TestCli::keyNeverPrinted()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, script);
    QFETCH(QString, events);
    QFETCH(int, exitCode);

    QString error;
    QVERIFY2(arm(QByteArray(script).replace("@KEY@", key.toUtf8()), &error), qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString eventsPath = dir.filePath(u"events.jsonl"_s);
    QStringList extra{u"--max-retries"_s, u"1"_s};
    if (events == u"-"_s)
        extra << u"--events"_s << u"-"_s;
    else if (events == u"file"_s)
        extra << u"--events"_s << eventsPath;
    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    environment.insert(u"OPENAI_API_KEY"_s, key);
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(arguments(extra + QStringList{u"Hi"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == exitCode, cli.diagnostics().constData());
    // The key did go to the server, so the test is about where else it went.
    QCOMPARE(m_server->lastAuthorization(), "Bearer " + key.toUtf8());

    QByteArray eventsText;
    if (events == u"file"_s) {
        QFile file(eventsPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        eventsText = file.readAll();
        QVERIFY(!eventsText.isEmpty());
    }
    // The whole key, and its distinctive tail, in case only a prefix was cut.
    const QByteArray secret = key.toUtf8();
    const QByteArray tail = secret.mid(secret.indexOf("SECRET"));
    for (const auto &[name, text] :
         {std::pair{"stdout", cli.standardOutput()}, std::pair{"stderr", cli.standardError()},
          std::pair{"events", eventsText}}) {
        QVERIFY2(!text.contains(tail),
                 qPrintable(u"the key leaked to %1:\n%2"_s.arg(QLatin1String(name),
                                                               QString::fromUtf8(text))));
    }
    if (!script.isEmpty()) {
        // The server's message did reach the user, with the key taken out.
        QVERIFY2(cli.standardError().contains("[REDACTED]") || eventsText.contains("[REDACTED]"),
                 cli.diagnostics().constData());
    }
}

void TestCli::redirectToOtherOriginRefused_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("301") << 301;
    QTest::newRow("302") << 302;
    QTest::newRow("303") << 303;
    QTest::newRow("307") << 307;
    QTest::newRow("308") << 308;
}

void TestCli::redirectToOtherOriginRefused()
{
    QFETCH(int, status);

    FaultServer other;
    other.setReplyText(u"You should never see this."_s);
    if (!other.listen(QHostAddress(u"127.0.0.2"_s)))
        QSKIP(qPrintable(u"cannot listen on 127.0.0.2: "_s + other.errorString()));
    const QString target = other.baseUrl().toString() + u"/chat/completions"_s;
    QString error;
    QVERIFY2(arm(QJsonDocument(QJsonArray{QJsonObject{
                                       {u"status"_s, status},
                                       {u"headers"_s, QJsonObject{{u"Location"_s, target}}}}})
                         .toJson(),
                 &error),
             qPrintable(error));
    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-test-redirect-0123456789"_s);
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(arguments({u"A private question"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 3, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), QByteArray());
    QVERIFY2(cli.standardError().contains("refused a redirect to another origin: "
                                          + target.toUtf8()),
             cli.diagnostics().constData());
    // Neither the key nor the conversation went to the other host: it saw nothing at all.
    QCOMPARE(m_server->chatRequestCount(), 1);
    QVERIFY(other.requestLog().isEmpty());
    QCOMPARE(other.acceptedConnectionCount(), 0);
    QCOMPARE(other.lastAuthorization(), QByteArray());
}

void TestCli::sameOriginRedirectFollowed()
{
    const QString target = m_server->baseUrl().toString() + u"/chat/completions"_s;
    QString error;
    QVERIFY2(arm(QJsonDocument(QJsonArray{QJsonObject{
                                       {u"status"_s, 307},
                                       {u"headers"_s, QJsonObject{{u"Location"_s, target}}}}})
                         .toJson(),
                 &error),
             qPrintable(error));
    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-test-same-origin-0123456789"_s);
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(arguments({u"Hi"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), replyLine());
    // The POST was sent again, body and key included, to the same origin.
    const QList<QJsonObject> log = m_server->requestLog();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(1).value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(loggedMessages(log.at(1)), (Messages{{u"user"_s, u"Hi"_s}}));
    QCOMPARE(m_server->lastAuthorization(), QByteArray("Bearer sk-test-same-origin-0123456789"));
}

void TestCli::insecureKey_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<bool>("withKey");
    QTest::addColumn<bool>("allowInsecure");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");

    QTest::newRow("key over http to a remote host")
            << u"http://example.invalid/v1"_s << true << false << 2
            << u"would be sent unencrypted over http to example.invalid"_s;
    QTest::newRow("--allow-insecure-key: it is tried")
            << u"http://steadfast-test.invalid/v1"_s << true << true << 4
            << u"Cannot reach steadfast-test.invalid"_s;
    QTest::newRow("no key: nothing to protect")
            << u"http://steadfast-test.invalid/v1"_s << false << false << 4
            << u"Cannot reach steadfast-test.invalid"_s;
    QTest::newRow("key over https to a remote host")
            << u"https://steadfast-test.invalid/v1"_s << true << false << 4
            << u"Cannot reach steadfast-test.invalid"_s;
    QTest::newRow("key over http to loopback") << u"@BASE@"_s << true << false << 0 << QString();
}

void TestCli::insecureKey()
{
    QFETCH(QString, baseUrl);
    QFETCH(bool, withKey);
    QFETCH(bool, allowInsecure);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);

    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    if (withKey)
        environment.insert(u"OPENAI_API_KEY"_s, u"sk-test-insecure-0123456789"_s);
    QStringList extra{u"--base-url"_s,           baseUrl,   u"--max-retries"_s, u"0"_s,
                      u"--connect-timeout-ms"_s, u"10000"_s};
    if (allowInsecure)
        extra << u"--allow-insecure-key"_s;
    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(arguments(extra + QStringList{u"Hi"_s}, false)));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitedNormally() && cli.exitCode() == exitCode, cli.diagnostics().constData());
    QVERIFY2(QString::fromUtf8(cli.standardError()).contains(stderrHas),
             cli.diagnostics().constData());
    QCOMPARE(m_server->chatRequestCount(), exitCode == 0 ? 1 : 0);
}

// --- what a broken server sends -----------------------------------------------------------

void TestCli::badServerInput_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("exitCode");

    struct Row
    {
        const char *name;
        QByteArray script;
        int streamExit;   // what the CLI ends with for a streamed request…
        int noStreamExit; // …and for --no-stream (--max-retries 0: one attempt)
    };
    const QList<Row> rows{
            // A bad event inside a stream that otherwise completes: an unreadable one ends
            // the attempt; one of the wrong shape or empty carries no text and is skipped.
            {"not-json", R"([{"malformed": "not-json"}])", 4, 4},
            {"truncated-json", R"([{"malformed": "truncated-json"}])", 4, 4},
            {"wrong-shape", R"([{"malformed": "wrong-shape"}])", 0, 4},
            {"bad-utf8", R"([{"malformed": "bad-utf8"}])", 0, 0},
            {"empty", R"([{"malformed": "empty"}])", 0, 4},
            {"5 MiB error body", R"([{"status": 500, "oversizeBytes": 5242880}])", 4, 4},
            {"5 MiB reply", R"([{"oversizeBytes": 5242880}])", 0, 0},
            {"HTML page with 200", R"([{"status": 200, "html": true}])", 4, 4},
            {"HTML 502 from a proxy", R"([{"html": true}])", 4, 4},
            {"torn body", R"([{"action": "truncate"}])", 4, 4},
            {"torn 500 body", R"([{"status": 500, "action": "truncate"}])", 4, 4},
            {"plain-text 502", R"([{"status": 502, "body": "upstream connect error"}])", 4, 4},
            {"JSON error object with 200",
             R"([{"body": "{\"error\": {\"message\": \"hidden\"}}"}])", 4, 4},
    };
    for (const Row &row : rows) {
        QTest::addRow("%s, stream", row.name) << row.script << true << row.streamExit;
        QTest::addRow("%s, --no-stream", row.name) << row.script << false << row.noStreamExit;
    }
}

void TestCli::badServerInput()
{
    QFETCH(QByteArray, script);
    QFETCH(bool, stream);
    QFETCH(int, exitCode);

    QString error;
    QVERIFY2(arm(script, &error), qPrintable(error));
    CliProcess cli(cliPath());
    QStringList extra{u"--max-retries"_s,     u"0"_s,    u"--timeout-ms"_s, u"10000"_s,
                      u"--idle-timeout-ms"_s, u"10000"_s};
    if (!stream)
        extra << u"--no-stream"_s;
    QVERIFY(cli.start(arguments(extra + QStringList{u"Hi"_s})));
    QVERIFY2(cli.waitForExit(exitTimeoutMs), "the CLI hung on what the server sent");
    QVERIFY2(cli.exitedNormally(), "the CLI crashed on what the server sent");
    QVERIFY2(cli.exitCode() == exitCode, cli.diagnostics().constData());
    const QByteArray out = cli.standardOutput();
    QVERIFY(QUtf8StringView(out).isValidUtf8());
    if (exitCode == 0) {
        QVERIFY(out.size() > 1 && out.endsWith('\n'));
        QVERIFY(out.contains(kReply.toUtf8()));
    } else {
        QCOMPARE(out, QByteArray());
        QVERIFY2(cli.standardError().contains("steadfast-cli: error: "),
                 cli.diagnostics().constData());
        // A hostile body is quoted in bounded form, never dumped whole onto the terminal.
        QVERIFY2(cli.standardError().size() < 16 * 1024, cli.diagnostics().constData());
    }
    QCOMPARE(m_server->chatRequestCount(), 1);
}

void TestCli::badUtf8ReplySurvives_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("stream") << true;
    QTest::newRow("--no-stream") << false;
}

void TestCli::badUtf8ReplySurvives()
{
    QFETCH(bool, stream);

    QString error;
    QVERIFY2(arm(R"([{"malformed": "bad-utf8"}])", &error), qPrintable(error));
    CliProcess cli(cliPath());
    QStringList extra{u"--max-retries"_s, u"0"_s};
    if (!stream)
        extra << u"--no-stream"_s;
    QVERIFY(cli.start(arguments(extra + QStringList{u"Hi"_s})));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitCode() == 0, cli.diagnostics().constData());
    QCOMPARE(m_server->chatRequestCount(), 1); // not rescued by a retry
    const QByteArray out = cli.standardOutput();
    QVERIFY2(QUtf8StringView(out).isValidUtf8(), out.toHex(' ').constData());
    const QString text = QString::fromUtf8(out);
    QVERIFY2(text.contains(QChar(QChar::ReplacementCharacter)), qPrintable(text));
    QVERIFY2(text.contains(kReply), qPrintable(text));
    QVERIFY(text.endsWith(u'\n'));
    QCOMPARE(text.count(u'\n'), 1);
}

// --- an empty --base-url, a terminal --------------------------------------------------------

void TestCli::emptyBaseUrlIsUsageError_data()
{
    QTest::addColumn<QStringList>("flag");
    QTest::newRow("--base-url \"\"") << QStringList{u"--base-url"_s, QString()};
    QTest::newRow("--base-url=") << QStringList{u"--base-url="_s};
    QTest::newRow("--base-url \"  \"") << QStringList{u"--base-url"_s, u"  "_s};
}

void TestCli::emptyBaseUrlIsUsageError()
{
    QFETCH(QStringList, flag);
    // OPENAI_BASE_URL names this server: a quiet fallback to it WOULD reach it.
    QProcessEnvironment environment = CliProcess::cleanEnvironment();
    environment.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
    const QStringList rest{u"--model"_s, u"steadfast-demo"_s, u"Hi"_s};

    CliProcess cli(cliPath(), environment);
    QVERIFY(cli.start(flag + rest));
    QVERIFY(cli.waitForExit(exitTimeoutMs));
    QVERIFY2(cli.exitedNormally() && cli.exitCode() == 2, cli.diagnostics().constData());
    QVERIFY2(cli.standardError().contains("--base-url: empty URL"), cli.diagnostics().constData());
    QCOMPARE(cli.standardOutput(), QByteArray());
    QSignalSpy received(m_server.get(), &FaultServer::requestReceived);
    QVERIFY(!received.wait(300));
    QVERIFY(m_server->requestLog().isEmpty());
    QCOMPARE(m_server->acceptedConnectionCount(), 0);

    // Without the flag the same environment does reach the server: the check above means
    // something.
    CliProcess fallback(cliPath(), environment);
    QVERIFY(fallback.start(rest));
    QVERIFY(fallback.waitForExit(exitTimeoutMs));
    QVERIFY2(fallback.exitCode() == 0, fallback.diagnostics().constData());
    QCOMPARE(fallback.standardOutput(), replyLine());
    QCOMPARE(m_server->chatRequestCount(), 1);
}

void TestCli::terminalOutput_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("partial"); // what a first, cut-off attempt printed; "" if none

    // 700 ms before the first byte: "waiting for the model…" is shown (ticks every 250 ms).
    QTest::newRow("slow first byte, stream")
            << QByteArray(R"([{"delayMs": 700}])") << QStringList() << QString();
    QTest::newRow("slow first byte, --no-stream")
            << QByteArray(R"([{"delayMs": 700}])") << QStringList{u"--no-stream"_s} << QString();
    QTest::newRow("stream cut off, then retried")
            << QByteArray(R"([{"stream": {"dropAfterChunks": 2}}])") << QStringList()
            << u"Steady as"_s;
}

void TestCli::terminalOutput()
{
    QFETCH(QByteArray, script);
    QFETCH(QStringList, extra);
    QFETCH(QString, partial);
    // util-linux script(1) gives the CLI a pseudo-terminal for stdout and stderr (both)
    // and copies everything written to it, escape sequences included, to its own stdout.
    const QString scriptPath = QStandardPaths::findExecutable(u"script"_s);
    if (scriptPath.isEmpty())
        QSKIP("script(1) from util-linux is not installed");
    QString error;
    QVERIFY2(arm(script, &error), qPrintable(error));
    QStringList quoted;
    for (QString argument : QStringList{cliPath()} + arguments(extra + QStringList{u"Hi"_s}))
        quoted.append(u'\'' + argument.replace(u"'"_s, u"'\\''"_s) + u'\'');
    CliProcess terminal(scriptPath);
    QVERIFY(terminal.start({u"-qfec"_s, quoted.join(u' '), u"/dev/null"_s}, {}, false));
    QVERIFY2(terminal.waitForExit(exitTimeoutMs), terminal.diagnostics().constData());
    QVERIFY2(terminal.exitedNormally() && terminal.exitCode() == 0,
             terminal.diagnostics().constData());
    const QByteArray out = terminal.standardOutput();
    const QByteArray reply = kReply.toUtf8();
    const QByteArray erase = "\r\x1b[K";
    const auto shown = [&out] { return QString::fromUtf8(out.toHex(' ')); };

    // The whole reply, in one piece (nothing written into the middle of it), once.
    const qsizetype at = out.lastIndexOf(reply);
    QVERIFY2(at >= 0, out.constData());
    QCOMPARE(out.count(reply), 1);
    // A live line is cleared before the reply is written, never after: no erase sequence
    // follows the reply, which would wipe its last line.
    QVERIFY2(out.indexOf(erase, at) < 0, qPrintable(shown()));
    QVERIFY2(out.mid(at + reply.size()).trimmed().isEmpty(), qPrintable(shown()));

    if (partial.isEmpty()) {
        // "waiting for the model…" was on screen, and was erased before the reply.
        const qsizetype waiting = out.lastIndexOf("waiting for the model", at);
        QVERIFY2(waiting >= 0, out.constData());
        const qsizetype cleared = out.indexOf(erase, waiting);
        QVERIFY2(cleared > waiting && cleared < at, qPrintable(shown()));
        QCOMPARE(m_server->chatRequestCount(), 1);
        return;
    }
    // The cut-off text stays on screen on a line of its own; the retry starts afresh below.
    QString text = QString::fromUtf8(out);
    text.replace(u"\r\n"_s, u"\n"_s);
    const qsizetype cut = text.indexOf(partial + u'\n');
    QVERIFY2(cut >= 0, qPrintable(text));
    const qsizetype failure = text.indexOf(u"attempt 1 failed"_s, cut);
    QVERIFY2(failure > cut, qPrintable(text));
    QVERIFY2(text.indexOf(kReply, failure) > failure, qPrintable(text));
    QCOMPARE(text.count(partial), 2); // the cut-off piece, and the start of the whole reply
    QCOMPARE(m_server->chatRequestCount(), 2);
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
