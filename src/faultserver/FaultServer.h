// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "faultserver/FaultScript.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

#include <chrono>
#include <deque>

namespace steadfast {

// The fault server's own category (it knows nothing of the client, core/Logging.h included).
Q_DECLARE_LOGGING_CATEGORY(lcFaultServer) // steadfast.faultserver

namespace faultserver {
class HttpConnection;
struct FaultReply;
struct FaultHttpRequest;
} // namespace faultserver

/// An OpenAI-compatible chat-completions server on a real TCP socket that answers from a
/// script of faults (docs/faultserver.md). Hand-written HTTP/1.1: keep-alive, pipelining,
/// chunked SSE streams, and the faults a real network produces (resets, stalls, torn bodies).
///
/// Each request to {prefix}/chat/completions consumes the first armed step that matches
/// it; with no step armed it gets a healthy, deterministic reply. GET {prefix}/models
/// consumes only steps whose match is "models" or "any". Requests under /_fault/ control the
/// server and are neither logged nor matched.
///
/// Everything runs on the owning thread's event loop: delays and chunk pacing are timers.
class FaultServer : public QObject
{
    Q_OBJECT
public:
    explicit FaultServer(QObject *parent = nullptr);
    /// Drops every connection (their timers die with them) and stops listening.
    ~FaultServer() override;

    /// Listens on address:port (port 0: a free port). False, with errorString(), on failure.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    /// Stops listening and aborts every open connection.
    void close();
    bool isListening() const;
    QString errorString() const;
    quint16 port() const;
    /// http://ADDRESS:PORT{prefix}, e.g. http://127.0.0.1:43127/v1 (a wildcard listen
    /// address is given as the matching loopback address).
    QUrl baseUrl() const;
    /// http://ADDRESS:PORT/_fault, the control endpoint.
    QUrl controlUrl() const;

    /// Appends steps to the script queue.
    void arm(const FaultStep &step);
    void armAll(const QList<FaultStep> &steps);
    /// Arms the script's steps and applies its settings (reply text, chunk delay, models,
    /// path prefix) where it has them.
    void loadScript(const FaultScript &script);
    /// Clears the armed steps, the request log and the rate-limit counters.
    void reset();
    /// Steps still queued; a step with "repeat" counts once until its last request.
    int pendingSteps() const;
    /// The queued steps, with "repeat" lowered to the plays left.
    QList<FaultStep> pending() const;

    /// One entry per request received since the last reset() (control requests excluded):
    /// {seq, method, path, hasAuthorization, authorizationScheme, headers, body, bodySize,
    /// step, receivedAt}. Never holds a credential (docs/faultserver.md, "The log").
    QList<QJsonObject> requestLog() const;
    /// Requests to the chat endpoint since the last reset().
    int chatRequestCount() const;
    /// The raw Authorization header of the last logged request ("" when it had none). For
    /// tests that check where the key went; it is never logged or served.
    QByteArray lastAuthorization() const;
    /// TCP connections accepted since listen(), and those open now (keep-alive checks).
    int acceptedConnectionCount() const;
    int openConnectionCount() const;

    /// The pause between two SSE events of a stream (default 20 ms; 0: as fast as possible).
    void setChunkDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds chunkDelay() const;
    /// The text of healthy replies; empty (the default) means the built-in sentence that
    /// gives the word count and the start of the last user message.
    void setReplyText(const QString &text);
    QString replyText() const;
    /// Model ids served by GET {prefix}/models (default steadfast-demo, steadfast-demo-large).
    void setModels(const QStringList &models);
    QStringList models() const;
    /// The API path prefix (default "/v1"; "" serves /chat/completions at the root).
    void setPathPrefix(const QString &prefix);
    QString pathPrefix() const;

Q_SIGNALS:
    /// A request was received and logged (the same object requestLog() holds).
    void requestReceived(const QJsonObject &entry);
    /// A step was consumed by a request and is being played.
    void stepPlayed(const QJsonObject &step);

private:
    using FaultReply = faultserver::FaultReply;
    using FaultHttpRequest = faultserver::FaultHttpRequest;

    enum class Route { Chat, Models, Model, Control, Unknown, WrongMethod };

    struct ArmedStep
    {
        FaultStep step;
        int playsLeft = 1;
    };

    void handleNewConnections();
    /// Called by a connection for every complete request; returns the reply to play.
    FaultReply respond(const FaultHttpRequest &request);
    std::optional<FaultStep> takeStep(bool chat);
    QJsonObject logRequest(const FaultHttpRequest &request, const std::optional<FaultStep> &step,
                           qint64 seq);
    Route route(const FaultHttpRequest &request, QString *modelId) const;

    QTcpServer m_server;
    QSet<faultserver::HttpConnection *> m_connections; // children of this object
    std::deque<ArmedStep> m_steps;
    QList<QJsonObject> m_log;
    QByteArray m_lastAuthorization;
    qint64 m_sequence = 0;   // every request ever (x-request-id, chatcmpl-<n>)
    int m_chatRequests = 0;  // since reset()
    qint64 m_tokensUsed = 0; // since reset(), for x-ratelimit-remaining-tokens
    int m_acceptedConnections = 0;
    std::chrono::milliseconds m_chunkDelay{20};
    QString m_replyText;
    QStringList m_models;
    QString m_pathPrefix;
};

} // namespace steadfast
