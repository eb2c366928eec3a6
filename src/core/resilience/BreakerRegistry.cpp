// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/resilience/BreakerRegistry.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace steadfast {

BreakerRegistry::BreakerRegistry(CircuitBreaker::Options options, CircuitBreaker::Clock clock,
                                 QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_clock(std::move(clock))
{
}

CircuitBreaker *BreakerRegistry::breakerFor(const QUrl &baseUrl)
{
    const QString key = endpointKey(baseUrl);
    if (CircuitBreaker *existing = m_byKey.value(key))
        return existing;
    auto *breaker = new CircuitBreaker(key, m_options, m_clock, this);
    m_byKey.insert(key, breaker);
    m_breakers.append(breaker);
    Q_EMIT breakerCreated(breaker);
    return breaker;
}

QString BreakerRegistry::endpointKey(const QUrl &baseUrl)
{
    const QString scheme = baseUrl.scheme().toLower();
    int defaultPort = -1;
    if (scheme == u"http"_s)
        defaultPort = 80;
    else if (scheme == u"https"_s)
        defaultPort = 443;

    QString path = baseUrl.adjusted(QUrl::NormalizePathSegments).path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);

    QUrl key;
    key.setScheme(scheme);
    key.setHost(baseUrl.host().toLower()); // QUrl already lowercases registered names
    key.setPort(baseUrl.port(defaultPort));
    key.setPath(path, QUrl::StrictMode);
    return key.toString(QUrl::FullyEncoded);
}

void BreakerRegistry::setOptions(const CircuitBreaker::Options &options)
{
    m_options = options;
    for (CircuitBreaker *breaker : std::as_const(m_breakers))
        breaker->setOptions(options);
}

} // namespace steadfast
