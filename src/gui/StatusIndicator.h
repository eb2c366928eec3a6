// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ApiError.h"
#include "core/CircuitBreaker.h"

#include <QPointer>
#include <QString>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <chrono>
#include <optional>

class QAction;
class QMenu;

namespace steadfast {

class BreakerRegistry;

/// The connection status in the status bar, always visible: the circuit breaker of the
/// current endpoint as an icon and words — "Connected", "Probing", "Paused — next probe in
/// 23 s" (counting down live), "Paused by you" — with a menu to pause or resume the server
/// and to reset the breaker. The tooltip adds the consecutive failures, the last error and
/// the endpoint.
///
/// The state comes from the breaker's signals; while Open (and not paused) a 250 ms display
/// timer only re-renders the seconds from CircuitBreaker::timeUntilProbe().
class StatusIndicator : public QToolButton
{
    Q_OBJECT
public:
    /// How often the probe countdown is re-rendered while the breaker is Open.
    static constexpr std::chrono::milliseconds displayInterval{250};

    /// breakers is not owned; it must outlive the indicator.
    explicit StatusIndicator(BreakerRegistry *breakers, QWidget *parent = nullptr);
    ~StatusIndicator() override;

    /// Follows breakers->breakerFor(baseUrl): its stateChanged / failuresChanged (the
    /// previous breaker's are disconnected), and shows its state now.
    void setEndpoint(const QUrl &baseUrl);
    CircuitBreaker *breaker() const { return m_breaker; }
    /// "Connected" / "Probing" / "Paused — next probe in 23 s" / "Paused by you".
    QString stateText() const;
    /// "Pause this server", or "Resume" while paused: toggles CircuitBreaker::pause()/resume().
    QAction *pauseAction() const { return m_pauseAction; }
    /// "Reset the circuit breaker": CircuitBreaker::reset().
    QAction *resetAction() const { return m_resetAction; }
    /// Whether the countdown display timer runs (only while Open and not paused).
    bool isCountingDown() const { return m_displayTimer.isActive(); }

public Q_SLOTS:
    /// Shown in the tooltip ("Last error: …"); an error of kind None forgets it.
    void setLastError(const steadfast::ApiError &error);

Q_SIGNALS:
    /// Screen readers were told of a state change (not of every second of the countdown).
    void announced(const QString &description);

protected:
    /// Enter and Return open the menu too (Space does already).
    void keyPressEvent(QKeyEvent *event) override;

private:
    void handleStateChanged();
    void handlePauseTriggered();
    void handleResetTriggered();
    void render();
    QString describe() const;

    BreakerRegistry *m_breakers;        // not owned
    QPointer<CircuitBreaker> m_breaker; // owned by m_breakers
    std::optional<ApiError> m_lastError;
    QString m_stateText;
    QString m_iconPath;                                                     // the icon shown now
    std::optional<std::pair<CircuitBreaker::State, bool>> m_announcedState; // state, paused
    QMenu *m_menu;                                                          // child
    QAction *m_failuresAction; // owned by m_menu: "Consecutive failures: 2 of 5" (disabled)
    QAction *m_pauseAction;    // owned by m_menu
    QAction *m_resetAction;    // owned by m_menu
    QTimer m_displayTimer;     // re-renders the probe countdown while Open
};

} // namespace steadfast
