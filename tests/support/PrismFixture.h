// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Test support, header-only: Stoplight Prism mocking OpenAI's official OpenAPI spec
// (vendored in tests/conformance/openai-openapi), started and stopped through its
// run-prism.sh with a state directory of this fixture's own, and what its log says about
// the requests it validated. Prism checks every request against the spec's schema (body,
// content type, the bearer key) and answers with spec-shaped placeholder values.

#include "support/CliProcess.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

namespace steadfast::test {

/// One request in Prism's log and the validator's verdict on it.
struct PrismRequest
{
    QString method;     // as Prism logs it, lower case: "post"
    QString path;       // "/v1/chat/completions"
    int passed = 0;     // "[VALIDATOR] ✔ success …" lines
    QStringList errors; // the text of every "[VALIDATOR] ✖ error …" line

    bool isChat() const
    {
        return method == QLatin1String("post") && path == QLatin1String("/v1/chat/completions");
    }
    /// The validator has spoken: it passed the request or named what is wrong with it.
    bool hasVerdict() const { return passed > 0 || !errors.isEmpty(); }
};

/// What Prism's log says so far.
struct PrismLog
{
    // The chat requests ("[HTTP SERVER] post /v1/chat/completions … Request received"):
    int received = 0;   // how many
    int passed = 0;     // their "✔ success" verdicts
    QStringList errors; // their "✖ error" lines, in order
    /// Every request (GET /v1/models too), in the order Prism received them.
    QList<PrismRequest> requests;

    QList<PrismRequest> chatRequests() const
    {
        QList<PrismRequest> chats;
        for (const PrismRequest &request : requests) {
            if (request.isChat())
                chats.append(request);
        }
        return chats;
    }

    /// Reads the log's complete lines. Prism handles one request at a time from its receipt
    /// to its validation, so a verdict line belongs to the request received last.
    static PrismLog parse(const QByteArray &text)
    {
        static const QRegularExpression receivedLine(
                QStringLiteral(R"(\[HTTP SERVER\]\s+(\w+)\s+(\S+)\s.*Request received)"));
        static const QRegularExpression passedLine(
                QStringLiteral(R"(\[VALIDATOR\]\s*✔\s+success)"));
        static const QRegularExpression errorLine(
                QStringLiteral(R"(\[VALIDATOR\]\s*✖\s+error\s+(.*)$)"));
        PrismLog log;
        // A line Prism is still writing is read next time, whole.
        const qsizetype end = text.lastIndexOf('\n') + 1;
        const QList<QByteArray> lines = text.left(end).split('\n');
        for (const QByteArray &bytes : lines) {
            const QString line = QString::fromUtf8(bytes).trimmed();
            if (const QRegularExpressionMatch match = receivedLine.match(line); match.hasMatch()) {
                PrismRequest request;
                request.method = match.captured(1).toLower();
                request.path = match.captured(2);
                log.requests.append(request);
                if (request.isChat())
                    ++log.received;
            } else if (log.requests.isEmpty()) {
                continue; // start-up lines
            } else if (passedLine.match(line).hasMatch()) {
                PrismRequest &request = log.requests.last();
                ++request.passed;
                if (request.isChat())
                    ++log.passed;
            } else if (const QRegularExpressionMatch error = errorLine.match(line);
                       error.hasMatch()) {
                PrismRequest &request = log.requests.last();
                request.errors.append(error.captured(1).trimmed());
                if (request.isChat())
                    log.errors.append(request.errors.last());
            }
        }
        return log;
    }
};

/// Prism over OpenAI's spec on a free loopback port, for one test case (initTestCase starts
/// it, cleanupTestCase stops it). The spec is part of the repository: a missing one fails.
class PrismFixture
{
public:
    /// The first start installs Prism from npm into a cache folder.
    static constexpr int startTimeoutMs = 240'000;
    static constexpr int scriptTimeoutMs = 30'000;

    PrismFixture() = default;
    PrismFixture(const PrismFixture &) = delete;
    PrismFixture &operator=(const PrismFixture &) = delete;

    /// A Prism left running (a failed test case) is stopped, so it cannot outlive the test.
    ~PrismFixture()
    {
        if (m_started)
            stop();
    }

    static QString scriptPath()
    {
        return QStringLiteral(STEADFAST_SOURCE_DIR
                              "/tests/conformance/openai-openapi/run-prism.sh");
    }

    /// Prism's placeholder for every string of a reply, the assistant's text included
    /// (tests/conformance/openai-openapi/README.md).
    static QString placeholder() { return QStringLiteral("string"); }

    /// Starts Prism and finds its log. False when that failed (a test failure is recorded):
    /// the caller returns at once, as after QVERIFY.
    [[nodiscard]] bool start()
    {
        if (!QFile::exists(scriptPath()))
            return fail(QStringLiteral("%1 does not exist").arg(scriptPath()));
        if (!m_stateDir.isValid())
            return fail(QStringLiteral("no state directory: %1").arg(m_stateDir.errorString()));

        QByteArray out;
        QByteArray err;
        const bool started = runScript(QStringLiteral("start"), startTimeoutMs, &out, &err);
        m_started = true; // even a failed start may have left a process: stop() ends it
        if (!started)
            return fail(QStringLiteral("run-prism.sh start failed:\n") + QString::fromUtf8(err));
        m_baseUrl = QString::fromUtf8(out.trimmed());
        if (!m_baseUrl.startsWith(QLatin1String("http://127.0.0.1:"))
            || !m_baseUrl.endsWith(QLatin1String("/v1")))
            return fail(QStringLiteral("unexpected base URL '%1'").arg(m_baseUrl));

        if (!runScript(QStringLiteral("log"), scriptTimeoutMs, &out, &err))
            return fail(QString::fromUtf8(err));
        m_logPath = QString::fromUtf8(out.trimmed());
        if (!QFile::exists(m_logPath))
            return fail(QStringLiteral("no Prism log at ") + m_logPath);
        return true;
    }

    /// Stops the Prism this fixture started (nothing to do if it did not). False, with
    /// run-prism.sh's complaint in *error, if that failed.
    bool stop(QString *error = nullptr)
    {
        if (!m_started)
            return true;
        QByteArray out;
        QByteArray err;
        const bool stopped = runScript(QStringLiteral("stop"), scriptTimeoutMs, &out, &err);
        m_started = !stopped;
        if (!stopped && error)
            *error = QString::fromUtf8(err);
        return stopped;
    }

    /// "http://127.0.0.1:PORT/v1", once start() succeeded.
    QString baseUrl() const { return m_baseUrl; }
    QString logPath() const { return m_logPath; }

    PrismLog readLog() const
    {
        QFile file(m_logPath);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return PrismLog::parse(file.readAll());
    }

    /// Reads the log into *after; true once it has `requests` more chat requests than
    /// `before`, each with its validator verdict (a success line or error lines). Prism
    /// writes its log as it goes: the reply can reach a client a moment before the lines,
    /// so tests poll this (QTRY_VERIFY_WITH_TIMEOUT).
    bool logAdvanced(const PrismLog &before, int requests, PrismLog *after) const
    {
        *after = readLog();
        const QList<PrismRequest> chats = after->chatRequests();
        if (chats.size() < before.received + requests)
            return false;
        for (qsizetype i = before.received; i < before.received + requests; ++i) {
            if (!chats.at(i).hasVerdict())
                return false;
        }
        return true;
    }

private:
    bool fail(const QString &message)
    {
        QTest::qFail(qPrintable(message), __FILE__, __LINE__);
        return false;
    }

    /// Runs run-prism.sh COMMAND with this fixture's own state directory.
    bool runScript(const QString &command, int timeoutMs, QByteArray *out, QByteArray *err)
    {
        // The script needs the real environment (npm may need a proxy to install Prism).
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PRISM_STATE_DIR"), m_stateDir.path());
        // Prism is installed from npm into the build folder, not the user's cache.
        if (!environment.contains(QStringLiteral("PRISM_CACHE_DIR")))
            environment.insert(QStringLiteral("PRISM_CACHE_DIR"),
                               QStringLiteral(STEADFAST_BUILD_DIR "/prism-cache"));
        CliProcess script(QStringLiteral("bash"), environment);
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

    QTemporaryDir m_stateDir;
    QString m_baseUrl;
    QString m_logPath;
    bool m_started = false;
};

} // namespace steadfast::test
