// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/net/HttpAttempt.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;

namespace steadfast {

/// GET {baseUrl}/models: the settings dialog's "Test connection" and its model list. One
/// fetch at a time, through an HttpAttempt, so the same rules as ChatService's hold: the
/// Authorization header only when there is a key, redirects only to the same origin (or
/// http→https on the same host), the body read at most 1 MiB far, a timeout of its own
/// (never Qt's transfer timeout, which looks like a cancel), and the key never in an
/// error. Failures are classified by ErrorClassifier exactly as the chat path's are.
class ModelsClient : public QObject
{
    Q_OBJECT
public:
    /// The most of a reply body that is read (success or error).
    static constexpr qint64 maxBodyBytes = 1 << 20;
    static constexpr int maxRedirects = 5;

    /// network: not owned; it must outlive the client.
    explicit ModelsClient(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ModelsClient() override;

    /// Starts a fetch, cancelling one in flight (which then emits nothing). The timeout
    /// covers the whole fetch, redirects included. Ends with exactly one modelsFetched()
    /// or fetchFailed(), always from the event loop.
    void fetch(const QUrl &baseUrl, const QString &apiKey,
               std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// Stops the fetch in flight, if any; emits nothing.
    void cancel();
    bool isRunning() const { return m_running; }
    /// The base URL of the last fetch().
    QUrl baseUrl() const { return m_baseUrl; }

    /// {baseUrl}/models, whatever trailing slashes baseUrl has.
    static QUrl modelsUrl(const QUrl &baseUrl);

Q_SIGNALS:
    /// ids sorted and de-duplicated; requestId: the reply's x-request-id, if it had one.
    void modelsFetched(const QStringList &models, const QString &requestId);
    void fetchFailed(const steadfast::ApiError &error);

private:
    void handleFinished();
    void handleTimeout();
    void stopReply();
    void succeed(const QStringList &models, const QString &requestId);
    void fail(ApiError error);
    ApiError localError(ApiError::Kind kind, const QString &message) const;

    QNetworkAccessManager *m_network; // not owned
    HttpAttemptPtr m_http;            // the fetch in flight
    QTimer m_timer;                   // single shot: the whole fetch
    QString m_apiKey;
    std::chrono::milliseconds m_timeout{0};
    bool m_running = false;
    quint64 m_fetchId = 0; // which fetch() a deferred ending belongs to
    QUrl m_baseUrl;        // of the last fetch()
};

} // namespace steadfast
