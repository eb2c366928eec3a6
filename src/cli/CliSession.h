// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/CliOptions.h"
#include "core/net/ChatService.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/EventRecorder.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTextStream>

#include <csignal>
#include <memory>

namespace steadfast {

/// Set while an exchange runs. A signal arriving while the session waits for a line of
/// stdin (a blocking read) cannot reach the event loop, so the handler ends the process
/// itself when this is 0; when 1, it wakes the loop so the exchange is cancelled first.
inline volatile std::sig_atomic_t g_exchangeRunning = 0;

/// One run of steadfast-cli: a single exchange, or a conversation read from stdin line by
/// line with one breaker per endpoint living across the turns. Reply text goes to stdout,
/// human-readable progress to stderr, events (if asked) to a file as JSON lines.
class CliSession : public QObject
{
    Q_OBJECT
public:
    explicit CliSession(CliOptions options, QObject *parent = nullptr);
    ~CliSession() override;

    /// Opens the events file; false (with *error) if it cannot.
    bool open(QString *error);
    void start();
    /// SIGINT / SIGTERM: cancels the exchange under way; the session then ends with 130.
    void interrupt();

Q_SIGNALS:
    void ended(int exitCode);

private:
    void connectProgress();
    void nextTurn();
    void sendTurn(const QString &text);
    void handleFinished(const steadfast::ChatResult &result);
    void handleFailed(const steadfast::ApiError &error, const QString &partialText);
    void handleEvent(const QJsonObject &event);
    void progress(const QString &line);
    void liveStatus(const QString &text);
    void clearLiveLine();
    void endWith(int exitCode);

    CliOptions m_options;
    QNetworkAccessManager m_network;
    BreakerRegistry m_breakers;
    ChatService m_service;
    EventRecorder m_recorder;
    std::unique_ptr<QFile> m_eventsFile;
    QTextStream m_stdin;
    QList<ChatMessage> m_history;
    QString m_pendingUserText;
    QString m_pendingAttemptLine; // printed only if a retry follows
    bool m_conversation = false;
    bool m_stdoutIsTty = false;
    bool m_stderrIsTty = false;
    bool m_printedPartial = false;
    bool m_liveLine = false; // a \r status line is on stderr and needs clearing
    bool m_interrupted = false;
    int m_exitCode = ExitOk;
};

} // namespace steadfast
