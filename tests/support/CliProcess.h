// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QString>
#include <QStringList>

namespace steadfast::test {

/// A child process for tests that drive a program from outside: the built steadfast-cli,
/// or a helper script.
///
/// Waiting never blocks the event loop: a test usually runs the fault server in its own
/// process, and the server can only answer while the loop spins, so waitForExit() waits on
/// a QSignalSpy (QProcess::waitForFinished() would freeze the server). Output is collected
/// as it arrives, so a test can watch stderr while the child still runs.
class CliProcess
{
public:
    explicit CliProcess(const QString &program,
                        QProcessEnvironment environment = cleanEnvironment())
    {
        m_process.setProgram(program);
        m_process.setProcessEnvironment(environment);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { m_stdout += m_process.readAllStandardOutput(); });
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_stderr += m_process.readAllStandardError(); });
    }

    CliProcess(const CliProcess &) = delete;
    CliProcess &operator=(const CliProcess &) = delete;

    /// A child that outlives its test is killed, so it cannot hold a port or a pipe.
    ~CliProcess()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        QSignalSpy finished(&m_process, &QProcess::finished);
        m_process.kill();
        finished.wait(5000);
    }

    /// This process's environment without the variables a run must set for itself: the
    /// client's own (OPENAI_API_KEY, OPENAI_BASE_URL), the log rules ctest sets for the
    /// test, and proxies (every request of these tests goes to loopback or nowhere).
    static QProcessEnvironment cleanEnvironment()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        static const QStringList removed{
                QStringLiteral("OPENAI_API_KEY"),   QStringLiteral("OPENAI_BASE_URL"),
                QStringLiteral("OPENAI_ORG_ID"),    QStringLiteral("OPENAI_PROJECT_ID"),
                QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("http_proxy"),
                QStringLiteral("https_proxy"),      QStringLiteral("all_proxy"),
                QStringLiteral("HTTP_PROXY"),       QStringLiteral("HTTPS_PROXY"),
                QStringLiteral("ALL_PROXY")};
        for (const QString &name : removed)
            environment.remove(name);
        return environment;
    }

    QProcess &process() { return m_process; }

    /// Starts the child. With closeInput, its stdin is at end of file at once (a PROMPT
    /// run never reads it; a conversation with no lines ends).
    bool start(const QStringList &arguments, const QByteArray &input = {}, bool closeInput = true)
    {
        m_stdout.clear();
        m_stderr.clear();
        m_process.setArguments(arguments);
        m_process.start(QIODevice::ReadWrite);
        if (!m_process.waitForStarted(10000))
            return false;
        if (!input.isEmpty())
            m_process.write(input);
        if (closeInput)
            m_process.closeWriteChannel();
        return true;
    }

    void write(const QByteArray &input) { m_process.write(input); }
    void closeInput() { m_process.closeWriteChannel(); }

    /// Spins the event loop until the child exits; false if it did not within timeoutMs.
    bool waitForExit(int timeoutMs = 30000)
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        QSignalSpy finished(&m_process, &QProcess::finished);
        if (!finished.wait(timeoutMs))
            return false;
        collect();
        return true;
    }

    /// Whether the child ended by itself (not by a signal it did not handle).
    bool exitedNormally() const { return m_process.exitStatus() == QProcess::NormalExit; }
    int exitCode() const { return m_process.exitCode(); }
    qint64 processId() const { return m_process.processId(); }

    /// Everything written so far (all of it once waitForExit() returned true).
    const QByteArray &standardOutput()
    {
        collect();
        return m_stdout;
    }
    const QByteArray &standardError()
    {
        collect();
        return m_stderr;
    }

    /// For QVERIFY2 messages: what the child said, clipped.
    QByteArray diagnostics()
    {
        collect();
        return "exit " + QByteArray::number(m_process.exitCode()) + "\n--- stdout ---\n"
                + m_stdout.left(2000) + "\n--- stderr ---\n" + m_stderr.left(4000);
    }

private:
    void collect()
    {
        m_stdout += m_process.readAllStandardOutput();
        m_stderr += m_process.readAllStandardError();
    }

    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

} // namespace steadfast::test
