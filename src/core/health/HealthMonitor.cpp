// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/health/HealthMonitor.h"

#include "core/Logging.h"
#include "core/net/ChatService.h"
#include "core/net/ModelsClient.h"
#include "core/net/Validation.h"
#include "core/resilience/BreakerRegistry.h"

#include <QNetworkInformation>

#include <memory>

namespace steadfast {

HealthMonitor::HealthMonitor(BreakerRegistry *breakers, Clock clock, QObject *parent)
    : QObject(parent)
    , m_breakers(breakers)
    , m_clock(std::move(clock))
{
    for (CircuitBreaker *breaker : m_breakers->breakers())
        followBreaker(breaker);
    connect(m_breakers, &BreakerRegistry::breakerCreated, this, &HealthMonitor::followBreaker);
}

HealthMonitor::~HealthMonitor() = default;

void HealthMonitor::watch(ChatService *service)
{
    // The attempt's base URL is the request's; read when the attempt starts, since the
    // signals that end it do not carry it.
    auto current = std::make_shared<QUrl>();
    connect(service, &ChatService::attemptStarted, this,
            [service, current] { *current = service->request().baseUrl; });
    connect(service, &ChatService::attemptFailed, this,
            [this, current](int, const ApiError &error) { recordFailure(*current, error); });
    connect(service, &ChatService::finished, this, [this, current] { recordSuccess(*current); });
    connect(service, &ChatService::retryScheduled, this,
            [this, current](const RetryInfo &info) { setRetryDue(*current, now() + info.delay); });
    connect(service, &ChatService::stateChanged, this, [this, current](ChatService::State state) {
        if (state != ChatService::State::WaitingToRetry && !current->isEmpty())
            setRetryDue(*current, std::nullopt);
    });
}

void HealthMonitor::watch(ModelsClient *models)
{
    connect(models, &ModelsClient::modelsFetched, this,
            [this, models] { recordSuccess(models->baseUrl()); });
    connect(models, &ModelsClient::fetchFailed, this,
            [this, models](const ApiError &error) { recordFailure(models->baseUrl(), error); });
}

bool HealthMonitor::followSystemNetwork()
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return false;
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info)
        return false;
    const auto apply = [this](QNetworkInformation::Reachability reachability) {
        setOffline(reachability == QNetworkInformation::Reachability::Disconnected);
    };
    connect(info, &QNetworkInformation::reachabilityChanged, this, apply);
    apply(info->reachability());
    qCInfo(lcHealth) << "following the system's network through" << info->backendName();
    return true;
}

EndpointHealth HealthMonitor::health(const QUrl &baseUrl) const
{
    return evaluate(BreakerRegistry::endpointKey(baseUrl), baseUrl);
}

void HealthMonitor::recordSuccess(const QUrl &baseUrl)
{
    if (baseUrl.isEmpty())
        return;
    Record &r = record(baseUrl);
    r.lastOutcome = EndpointHealth::Outcome::Succeeded;
    update(BreakerRegistry::endpointKey(baseUrl));
}

void HealthMonitor::recordFailure(const QUrl &baseUrl, const ApiError &error)
{
    if (baseUrl.isEmpty() || !EndpointHealth::isEndpointOutcome(error))
        return;
    Record &r = record(baseUrl);
    r.lastOutcome = EndpointHealth::Outcome::Failed;
    r.lastError = error;
    update(BreakerRegistry::endpointKey(baseUrl));
}

void HealthMonitor::setRetryDue(const QUrl &baseUrl, std::optional<EndpointHealth::TimePoint> due)
{
    if (baseUrl.isEmpty())
        return;
    Record &r = record(baseUrl);
    if (r.retryDueAt == due)
        return;
    r.retryDueAt = due;
    update(BreakerRegistry::endpointKey(baseUrl));
}

void HealthMonitor::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    const QStringList keys = m_records.keys();
    for (const QString &key : keys)
        update(key);
}

void HealthMonitor::followBreaker(CircuitBreaker *breaker)
{
    const QString key = breaker->endpoint();
    connect(breaker, &CircuitBreaker::stateChanged, this, [this, key] { update(key); });
    connect(breaker, &CircuitBreaker::failuresChanged, this, [this, key] { update(key); });
    connect(breaker, &CircuitBreaker::probeInFlightChanged, this, [this, key] { update(key); });
}

HealthMonitor::Record &HealthMonitor::record(const QUrl &baseUrl)
{
    Record &r = m_records[BreakerRegistry::endpointKey(baseUrl)];
    if (r.baseUrl.isEmpty())
        r.baseUrl = baseUrl;
    return r;
}

EndpointHealth HealthMonitor::evaluate(const QString &key, const QUrl &baseUrl) const
{
    EndpointHealth::Inputs inputs;
    if (const auto it = m_records.constFind(key); it != m_records.cend()) {
        inputs.lastOutcome = it->lastOutcome;
        inputs.lastError = it->lastError;
        inputs.retryDueAt = it->retryDueAt;
    }
    // The breaker is looked up, not created: an endpoint nothing was sent to has none yet.
    if (const CircuitBreaker *breaker = m_breakers->existing(key)) {
        inputs.breakerState = breaker->state();
        inputs.pausedByUser = breaker->isPaused();
        inputs.probeInFlight = breaker->isProbeInFlight();
        inputs.failures = breaker->consecutiveFailures();
        if (breaker->state() == CircuitBreaker::State::Open && !breaker->isPaused())
            inputs.probeDueAt = breaker->probeDueAt();
    }
    inputs.threshold = m_breakers->options().threshold;
    inputs.offline = m_offline && !isLoopbackHost(baseUrl.host());
    return EndpointHealth::evaluate(key, inputs);
}

void HealthMonitor::update(const QString &key)
{
    const auto it = m_records.constFind(key);
    QUrl baseUrl = it != m_records.cend() ? it->baseUrl : QUrl();
    if (baseUrl.isEmpty())
        baseUrl = QUrl(key); // a breaker's endpoint key is a URL itself
    const EndpointHealth now = evaluate(key, baseUrl);
    if (m_reported.value(key) == now && m_reported.contains(key))
        return;
    if (m_reported.value(key).state != now.state || !m_reported.contains(key))
        qCInfo(lcHealth) << key << "is" << EndpointHealth::stateName(now.state);
    m_reported.insert(key, now);
    Q_EMIT healthChanged(key, now);
}

EndpointHealth::TimePoint HealthMonitor::now() const
{
    return m_clock ? m_clock() : std::chrono::steady_clock::now();
}

} // namespace steadfast
