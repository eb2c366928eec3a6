// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/resilience/CircuitBreaker.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

namespace steadfast {

/// One CircuitBreaker per endpoint, shared by every request to it. The endpoint is the base
/// URL normalised by endpointKey(), so "http://H:80/v1/" and "http://h/v1" share a breaker.
/// The registry owns its breakers (QObject children) and creates them on first use.
class BreakerRegistry : public QObject
{
    Q_OBJECT
public:
    explicit BreakerRegistry(CircuitBreaker::Options options = {}, CircuitBreaker::Clock clock = {},
                             QObject *parent = nullptr);

    /// The breaker for this base URL, created with the registry's options and clock the first
    /// time. Never null; owned by the registry.
    CircuitBreaker *breakerFor(const QUrl &baseUrl);
    /// The breaker of this endpoint key (endpointKey()) if one was made; nullptr otherwise.
    CircuitBreaker *existing(const QString &endpointKey) const
    {
        return m_byKey.value(endpointKey);
    }

    /// scheme://host:port/path: scheme and host lowercase, the effective port always written
    /// (80 for http, 443 for https when none is given), dot segments resolved, trailing
    /// slashes removed. User info, query and fragment are dropped, so the key (which is also
    /// the breaker's name in logs) never carries credentials.
    static QString endpointKey(const QUrl &baseUrl);

    /// Applies to every breaker, existing and future.
    void setOptions(const CircuitBreaker::Options &options);
    CircuitBreaker::Options options() const { return m_options; }

    /// In the order they were created.
    QList<CircuitBreaker *> breakers() const { return m_breakers; }

Q_SIGNALS:
    void breakerCreated(steadfast::CircuitBreaker *breaker);

private:
    CircuitBreaker::Options m_options;
    CircuitBreaker::Clock m_clock;
    QHash<QString, CircuitBreaker *> m_byKey; // children of this registry
    QList<CircuitBreaker *> m_breakers;       // the same, in creation order
};

} // namespace steadfast
