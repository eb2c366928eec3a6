// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/health/EndpointHealth.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <optional>

namespace steadfast {

class BreakerRegistry;
class ChatService;
class CircuitBreaker;
class ModelsClient;

/// Keeps the health of every endpoint (EndpointHealth) from what happens to it: each chat
/// attempt's outcome and retry wait (watch(ChatService*)), each GET /models (watch(ModelsClient*)),
/// the endpoint's circuit breaker, and the system's network reachability. healthChanged() says
/// when an endpoint's health changes; the window's indicator only renders it.
///
/// Offline applies to endpoints that are not loopback: a local server answers without a
/// network.
class HealthMonitor : public QObject
{
    Q_OBJECT
public:
    using Clock = CircuitBreaker::Clock;

    /// breakers is not owned and must outlive the monitor. An empty clock is steady_clock::now
    /// (give the breakers' clock in tests).
    explicit HealthMonitor(BreakerRegistry *breakers, Clock clock = {}, QObject *parent = nullptr);
    ~HealthMonitor() override;

    /// Follows every attempt of this service (not owned; it may go first).
    void watch(ChatService *service);
    /// Follows every fetch of this client, as an attempt to its base URL.
    void watch(ModelsClient *models);
    /// Follows the system's reachability (QNetworkInformation) when a backend loads; true if
    /// one did.
    bool followSystemNetwork();

    /// The health of the endpoint of this base URL now.
    EndpointHealth health(const QUrl &baseUrl) const;
    bool isOffline() const { return m_offline; }

public Q_SLOTS:
    /// An attempt to the endpoint succeeded (a 2xx, a reply read to its end).
    void recordSuccess(const QUrl &baseUrl);
    /// An attempt ended with this error; errors that tell nothing about the endpoint
    /// (EndpointHealth::isEndpointOutcome) are ignored.
    void recordFailure(const QUrl &baseUrl, const steadfast::ApiError &error);
    /// A retry to the endpoint waits until due; nullopt: none waits.
    void setRetryDue(const QUrl &baseUrl, std::optional<EndpointHealth::TimePoint> due);
    /// The system reports no network (true) or some (false).
    void setOffline(bool offline);

Q_SIGNALS:
    /// endpoint is BreakerRegistry::endpointKey() of the base URL.
    void healthChanged(const QString &endpoint, const steadfast::EndpointHealth &health);

private:
    struct Record
    {
        QUrl baseUrl;
        EndpointHealth::Outcome lastOutcome = EndpointHealth::Outcome::None;
        ApiError lastError;
        std::optional<EndpointHealth::TimePoint> retryDueAt;
    };

    void followBreaker(CircuitBreaker *breaker);
    Record &record(const QUrl &baseUrl);
    EndpointHealth evaluate(const QString &key, const QUrl &baseUrl) const;
    void update(const QString &key);
    EndpointHealth::TimePoint now() const;

    BreakerRegistry *m_breakers; // not owned
    Clock m_clock;
    bool m_offline = false;
    QHash<QString, Record> m_records;          // by endpoint key
    QHash<QString, EndpointHealth> m_reported; // the health last announced, by endpoint key
};

} // namespace steadfast
