// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/StatusIndicator.h"

#include "core/BreakerRegistry.h"
#include "gui/ErrorText.h"

#include <QAccessible>
#include <QIcon>
#include <QKeyEvent>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace steadfast {

StatusIndicator::StatusIndicator(BreakerRegistry *breakers, QWidget *parent)
    : QToolButton(parent)
    , m_breakers(breakers)
{
    initGuiResources();
    setObjectName(u"statusIndicator"_s);
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setAutoRaise(true);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Connection status"));

    m_menu = new QMenu(this);
    m_menu->setObjectName(u"statusIndicatorMenu"_s);
    m_failuresAction = m_menu->addAction(QString());
    m_failuresAction->setEnabled(false); // information, not a command
    m_menu->addSeparator();
    m_pauseAction =
            m_menu->addAction(QIcon(u":/icons/breaker-paused.svg"_s), tr("Pause this server"));
    m_pauseAction->setObjectName(u"pauseServerAction"_s);
    m_resetAction =
            m_menu->addAction(QIcon(u":/icons/retry.svg"_s), tr("Reset the circuit breaker"));
    m_resetAction->setObjectName(u"resetBreakerAction"_s);
    m_resetAction->setToolTip(tr("Forget the failures and send requests again at once"));
    setMenu(m_menu);
    connect(m_pauseAction, &QAction::triggered, this, &StatusIndicator::handlePauseTriggered);
    connect(m_resetAction, &QAction::triggered, this, &StatusIndicator::handleResetTriggered);

    m_displayTimer.setInterval(displayInterval);
    connect(&m_displayTimer, &QTimer::timeout, this, &StatusIndicator::render);

    render();
}

StatusIndicator::~StatusIndicator() = default;

void StatusIndicator::setEndpoint(const QUrl &baseUrl)
{
    CircuitBreaker *next = m_breakers->breakerFor(baseUrl);
    if (next != m_breaker) {
        if (m_breaker)
            disconnect(m_breaker, nullptr, this, nullptr);
        m_breaker = next;
        m_lastError.reset(); // it was about another server
        connect(m_breaker, &CircuitBreaker::stateChanged, this,
                &StatusIndicator::handleStateChanged);
        connect(m_breaker, &CircuitBreaker::failuresChanged, this, &StatusIndicator::render);
        // The registry owns the breaker; should it go first, show "no server".
        connect(m_breaker, &QObject::destroyed, this, &StatusIndicator::handleStateChanged);
    }
    handleStateChanged();
}

QString StatusIndicator::stateText() const
{
    return m_stateText;
}

void StatusIndicator::setLastError(const ApiError &error)
{
    if (error.isError())
        m_lastError = error;
    else
        m_lastError.reset();
    render();
}

void StatusIndicator::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && isEnabled()) {
        showMenu();
        return;
    }
    QToolButton::keyPressEvent(event);
}

void StatusIndicator::handleStateChanged()
{
    render();
    // Screen readers hear state changes, not every second of the countdown.
    std::optional<std::pair<CircuitBreaker::State, bool>> now;
    if (m_breaker)
        now = std::pair(m_breaker->state(), m_breaker->isPaused());
    if (now == m_announcedState)
        return;
    m_announcedState = now;
    QAccessibleEvent event(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&event);
    Q_EMIT announced(accessibleDescription());
}

void StatusIndicator::handlePauseTriggered()
{
    if (!m_breaker)
        return;
    if (m_breaker->isPaused())
        m_breaker->resume();
    else
        m_breaker->pause();
}

void StatusIndicator::handleResetTriggered()
{
    if (m_breaker)
        m_breaker->reset();
}

void StatusIndicator::render()
{
    QString icon;
    bool countingDown = false;
    if (!m_breaker) {
        m_stateText = tr("No server");
        icon = u":/icons/info.svg"_s;
    } else {
        switch (m_breaker->state()) {
        case CircuitBreaker::State::Closed:
            m_stateText = tr("Connected");
            icon = u":/icons/breaker-closed.svg"_s;
            break;
        case CircuitBreaker::State::HalfOpen:
            m_stateText = tr("Probing");
            icon = u":/icons/breaker-halfopen.svg"_s;
            break;
        case CircuitBreaker::State::Open:
            if (m_breaker->isPaused()) {
                m_stateText = tr("Paused by you");
                icon = u":/icons/breaker-paused.svg"_s;
            } else {
                const std::chrono::milliseconds left = m_breaker->timeUntilProbe();
                m_stateText = left > std::chrono::milliseconds{0}
                        ? tr("Paused — next probe in %1").arg(ErrorText::secondsText(left))
                        : tr("Paused — probing shortly");
                icon = u":/icons/breaker-open.svg"_s;
                countingDown = true;
            }
            break;
        }
    }
    setText(m_stateText);
    if (icon != m_iconPath) { // the countdown re-renders four times a second
        m_iconPath = icon;
        setIcon(QIcon(icon));
    }

    const bool paused = m_breaker && m_breaker->isPaused();
    m_pauseAction->setEnabled(m_breaker != nullptr);
    m_pauseAction->setText(paused ? tr("Resume") : tr("Pause this server"));
    m_pauseAction->setIcon(
            QIcon(paused ? u":/icons/breaker-halfopen.svg"_s : u":/icons/breaker-paused.svg"_s));
    m_pauseAction->setToolTip(paused ? tr("Send requests to this server again, starting with "
                                          "one probe")
                                     : tr("Send no requests to this server until you resume"));
    m_resetAction->setEnabled(m_breaker
                              && (m_breaker->state() != CircuitBreaker::State::Closed
                                  || m_breaker->consecutiveFailures() > 0));
    m_failuresAction->setVisible(m_breaker != nullptr);
    if (m_breaker)
        m_failuresAction->setText(tr("Consecutive failures: %1 of %2")
                                          .arg(m_breaker->consecutiveFailures())
                                          .arg(m_breaker->threshold()));

    const QString description = describe();
    setToolTip(description);
    setAccessibleDescription(description);

    if (countingDown && !m_displayTimer.isActive())
        m_displayTimer.start();
    else if (!countingDown)
        m_displayTimer.stop();
}

QString StatusIndicator::describe() const
{
    QStringList lines{m_stateText};
    if (m_breaker) {
        lines += tr("Consecutive failures: %1 of %2")
                         .arg(m_breaker->consecutiveFailures())
                         .arg(m_breaker->threshold());
    }
    if (m_lastError)
        lines += tr("Last error: %1").arg(ErrorText::title(*m_lastError));
    if (m_breaker)
        lines += tr("Server: %1").arg(m_breaker->endpoint());
    return lines.join(u'\n');
}

} // namespace steadfast
