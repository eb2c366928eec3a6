// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/health/EndpointHealth.h"
#include "gui/SteadyClock.h"

#include <QPointer>
#include <QString>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

class QAction;
class QMenu;

namespace steadfast {

class BreakerRegistry;
class CircuitBreaker;
class HealthMonitor;

/// The connection status in the status bar, always visible: the health of the current
/// endpoint (EndpointHealth, computed in the core by HealthMonitor) as an icon, a colour and
/// words — "Not contacted yet", "Connected", "Trouble — 2 of 5 failures, retrying in 3 s",
/// "Paused — next probe in 23 s", "Probing", "Paused by you", "Offline", "Needs attention — key
/// rejected" — with a menu to pause or resume the server and to reset the breaker. The tooltip
/// and the accessible description say the state in words with live numbers: the failures,
/// the wait, the last error, the server.
///
/// It decides nothing: it renders HealthMonitor::health(). While a countdown runs (a probe or
/// a retry ahead) a 250 ms display timer re-renders the seconds from the health's time points.
class StatusIndicator : public QToolButton
{
    Q_OBJECT
public:
    using Clock = SteadyClock::Function;

    /// How often a countdown is re-rendered.
    static constexpr std::chrono::milliseconds displayInterval{250};

    /// health and breakers are not owned; they must outlive the indicator.
    StatusIndicator(HealthMonitor *health, BreakerRegistry *breakers, QWidget *parent = nullptr);
    ~StatusIndicator() override;

    /// For tests: where "now" comes from (steady_clock::now by default).
    void setClock(Clock clock);
    /// Shows the health of this endpoint from now on.
    void setEndpoint(const QUrl &baseUrl);
    QUrl endpoint() const { return m_baseUrl; }
    /// The circuit breaker of the endpoint shown (the registry's; made on first use).
    CircuitBreaker *breaker() const;
    /// The health shown.
    EndpointHealth health() const { return m_health; }
    /// The words shown ("Trouble — 2 of 5 failures").
    QString stateText() const;
    /// "Pause this server", or "Resume" while paused: toggles CircuitBreaker::pause()/resume().
    QAction *pauseAction() const { return m_pauseAction; }
    /// "Reset the circuit breaker": CircuitBreaker::reset().
    QAction *resetAction() const { return m_resetAction; }
    /// Whether the countdown display timer runs (only while a probe or a retry is ahead).
    bool isCountingDown() const { return m_displayTimer.isActive(); }
    /// The words for a health at a moment (for tests and the tooltip).
    static QString stateText(const EndpointHealth &health,
                             std::chrono::steady_clock::time_point now);

Q_SIGNALS:
    /// Screen readers were told of a state change (not of every second of a countdown).
    void announced(const QString &description);

protected:
    /// Enter and Return open the menu too (Space does already).
    void keyPressEvent(QKeyEvent *event) override;

private:
    void handleHealthChanged(const QString &endpoint, const steadfast::EndpointHealth &health);
    void render();
    QString describe(std::chrono::steady_clock::time_point now) const;
    std::chrono::steady_clock::time_point now() const;

    HealthMonitor *m_monitor;    // not owned
    BreakerRegistry *m_breakers; // not owned
    SteadyClock m_clock;
    QUrl m_baseUrl;
    QString m_endpointKey;
    EndpointHealth m_health;
    QString m_stateText;
    QString m_iconPath; // the icon shown now
    std::optional<std::pair<EndpointHealth::State, EndpointHealth::Attention>> m_announced;
    QMenu *m_menu;             // child
    QAction *m_failuresAction; // owned by m_menu: "Consecutive failures: 2 of 5" (disabled)
    QAction *m_pauseAction;    // owned by m_menu
    QAction *m_resetAction;    // owned by m_menu
    QTimer m_displayTimer;     // re-renders a countdown
};

} // namespace steadfast
