// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/StatusIndicator.h"

#include "core/errors/ErrorWords.h"
#include "core/health/HealthMonitor.h"
#include "core/resilience/BreakerRegistry.h"
#include "gui/GuiResources.h"

#include <QAccessible>
#include <QIcon>
#include <QKeyEvent>
#include <QMenu>

#include <array>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace steadfast {

namespace {

using State = EndpointHealth::State;

// One icon per health state, in the enum's order.
constexpr std::array<const char16_t *, 8> stateIcons{
        u":/icons/health-idle.svg",      // NotContacted
        u":/icons/breaker-closed.svg",   // Connected
        u":/icons/health-trouble.svg",   // Trouble
        u":/icons/breaker-open.svg",     // Paused
        u":/icons/breaker-halfopen.svg", // Probing
        u":/icons/breaker-paused.svg",   // PausedByUser
        u":/icons/health-offline.svg",   // Offline
        u":/icons/health-attention.svg", // NeedsAttention
};
static_assert(stateIcons.size() == std::size_t(State::NeedsAttention) + 1,
              "one icon per EndpointHealth::State");

QString iconFor(State state)
{
    const auto row = std::size_t(state);
    return QString::fromUtf16(row < stateIcons.size() ? stateIcons[row] : stateIcons.front());
}

/// The time left until a point, never negative.
milliseconds leftUntil(steady_clock::time_point due, steady_clock::time_point now)
{
    return std::max(duration_cast<milliseconds>(due - now), milliseconds(0));
}

} // namespace

StatusIndicator::StatusIndicator(HealthMonitor *health, BreakerRegistry *breakers, QWidget *parent)
    : QToolButton(parent)
    , m_monitor(health)
    , m_breakers(breakers)
{
    initGuiResources();
    setObjectName(u"statusIndicator"_s);
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setAutoRaise(true);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Connection status"));
    // Never squeezed away: the status bar elides the other texts first.
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);

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
    connect(m_pauseAction, &QAction::triggered, this, [this] {
        CircuitBreaker *b = breaker();
        if (b->isPaused())
            b->resume();
        else
            b->pause();
    });
    connect(m_resetAction, &QAction::triggered, this, [this] { breaker()->reset(); });
    connect(m_monitor, &HealthMonitor::healthChanged, this, &StatusIndicator::handleHealthChanged);

    m_displayTimer.setInterval(displayInterval);
    connect(&m_displayTimer, &QTimer::timeout, this, &StatusIndicator::render);

    render();
}

StatusIndicator::~StatusIndicator() = default;

void StatusIndicator::setClock(Clock clock)
{
    m_clock.set(std::move(clock));
    render();
}

void StatusIndicator::setEndpoint(const QUrl &baseUrl)
{
    m_baseUrl = baseUrl;
    m_endpointKey = BreakerRegistry::endpointKey(baseUrl);
    m_health = m_monitor->health(baseUrl);
    handleHealthChanged(m_endpointKey, m_health);
}

QString StatusIndicator::stateText() const
{
    return m_stateText;
}

void StatusIndicator::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && isEnabled()) {
        showMenu();
        return;
    }
    QToolButton::keyPressEvent(event);
}

void StatusIndicator::handleHealthChanged(const QString &endpoint, const EndpointHealth &health)
{
    if (endpoint != m_endpointKey)
        return;
    m_health = health;
    render();
    // Screen readers hear state changes, not every second of a countdown.
    const std::pair now(health.state, health.attention);
    if (m_announced == now)
        return;
    m_announced = now;
    QAccessibleEvent event(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&event);
    Q_EMIT announced(accessibleDescription());
}

CircuitBreaker *StatusIndicator::breaker() const
{
    return m_breakers->breakerFor(m_baseUrl);
}

QString StatusIndicator::stateText(const EndpointHealth &health, steady_clock::time_point now)
{
    switch (health.state) {
    case State::NotContacted:
        return tr("Not contacted yet");
    case State::Connected:
        return tr("Connected");
    case State::Trouble: {
        QStringList parts;
        if (health.failures > 0)
            parts += tr("%1 of %2 failures").arg(health.failures).arg(health.threshold);
        else if (health.lastError.kind == ApiError::Kind::RateLimited)
            parts += tr("rate limited");
        else if (health.lastOutcome == EndpointHealth::Outcome::Failed)
            parts += tr("the last request failed");
        if (health.retryDueAt) {
            const milliseconds left = leftUntil(*health.retryDueAt, now);
            parts += left > 0ms ? tr("retrying in %1").arg(ErrorWords::countdownText(left))
                                : tr("retrying");
        }
        return parts.isEmpty() ? tr("Trouble") : tr("Trouble — %1").arg(parts.join(u", "_s));
    }
    case State::Paused:
        if (health.probeDueAt) {
            const milliseconds left = leftUntil(*health.probeDueAt, now);
            if (left > 0ms)
                return tr("Paused — next probe in %1").arg(ErrorWords::countdownText(left));
        }
        return tr("Paused — probing shortly");
    case State::Probing:
        // Half-open: "Probing" only while the probe is on its way; before, nothing is sent.
        return health.probeInFlight ? tr("Probing") : tr("Paused — the next request is the probe");
    case State::PausedByUser:
        return tr("Paused by you");
    case State::Offline:
        return tr("Offline");
    case State::NeedsAttention:
        return tr("Needs attention — %1").arg(ErrorWords::attentionText(health.attention));
    }
    return {};
}

void StatusIndicator::render()
{
    const steady_clock::time_point at = now();
    m_stateText = stateText(m_health, at);
    setText(m_stateText);
    const QString icon = iconFor(m_health.state);
    if (icon != m_iconPath) { // a countdown re-renders four times a second
        m_iconPath = icon;
        setIcon(QIcon(icon));
    }

    const bool paused = m_health.state == State::PausedByUser;
    m_pauseAction->setText(paused ? tr("Resume") : tr("Pause this server"));
    m_pauseAction->setIcon(
            QIcon(paused ? u":/icons/breaker-halfopen.svg"_s : u":/icons/breaker-paused.svg"_s));
    m_pauseAction->setToolTip(paused ? tr("Send requests to this server again, starting with "
                                          "one probe")
                                     : tr("Send no requests to this server until you resume"));
    m_pauseAction->setEnabled(!m_baseUrl.isEmpty());
    m_resetAction->setEnabled(!m_baseUrl.isEmpty()
                              && (m_health.failures > 0 || m_health.state == State::Paused
                                  || m_health.state == State::Probing || paused));
    m_failuresAction->setText(
            tr("Consecutive failures: %1 of %2").arg(m_health.failures).arg(m_health.threshold));

    const QString description = describe(at);
    setToolTip(description);
    setAccessibleDescription(description);

    const bool counting = (m_health.state == State::Paused && m_health.probeDueAt)
            || (m_health.state == State::Trouble && m_health.retryDueAt);
    if (counting && !m_displayTimer.isActive())
        m_displayTimer.start();
    else if (!counting)
        m_displayTimer.stop();
}

QString StatusIndicator::describe(steady_clock::time_point now) const
{
    QStringList lines{m_stateText};
    if (m_health.state != State::NotContacted) {
        lines +=
                tr("Consecutive failures: %1 of %2").arg(m_health.failures).arg(m_health.threshold);
    }
    if (m_health.lastOutcome == EndpointHealth::Outcome::Succeeded)
        lines += tr("Last attempt: succeeded");
    if (m_health.lastError.isError()) {
        const QString title = ErrorWords::title(m_health.lastError);
        lines += m_health.lastOutcome == EndpointHealth::Outcome::Failed
                ? tr("Last attempt failed: %1").arg(title)
                : tr("Earlier error: %1").arg(title);
    }
    if (m_health.retryDueAt) {
        const milliseconds left = leftUntil(*m_health.retryDueAt, now);
        lines += tr("Next retry in %1").arg(ErrorWords::countdownText(left));
    }
    if (!m_baseUrl.isEmpty())
        lines += tr("Server: %1").arg(m_endpointKey);
    return lines.join(u'\n');
}

steady_clock::time_point StatusIndicator::now() const
{
    return m_clock.now();
}

} // namespace steadfast
