// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/resilience/CircuitBreaker.h"

#include "core/EnumNames.h"
#include "core/Logging.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace steadfast {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

CircuitBreaker::Options sanitized(CircuitBreaker::Options options)
{
    options.threshold = std::max(options.threshold, 1);
    options.cooldown = std::max(options.cooldown, milliseconds{0});
    return options;
}

} // namespace

CircuitBreaker::Options CircuitBreaker::defaultOptions()
{
    return {};
}

CircuitBreaker::CircuitBreaker(QString endpoint, Options options, Clock clock, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_options(sanitized(options))
    , m_clock(clock ? std::move(clock) : Clock([] { return steady_clock::now(); }))
{
    m_probeTimer.setSingleShot(true);
    // A coarse timer may fire up to 5% early, before the clock says the cooldown is over.
    m_probeTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_probeTimer, &QTimer::timeout, this, &CircuitBreaker::handleProbeTimer);
}

QString CircuitBreaker::stateName(State state)
{
    return enumName(state);
}

bool CircuitBreaker::tryAcquire()
{
    refresh();
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_probeInFlight)
            return false;
        m_probeInFlight = true;
        qCInfo(lcBreaker).noquote() << m_endpoint << "probe sent";
        Q_EMIT probeInFlightChanged(true);
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    refresh();
    switch (m_state) {
    case State::Closed:
        if (m_failures != 0) {
            m_failures = 0;
            Q_EMIT failuresChanged(m_failures, m_options.threshold);
        }
        return;
    case State::HalfOpen:
        m_failures = 0;
        m_probeInFlight = false;
        setState(State::Closed);
        return;
    case State::Open:
        // Late result of an attempt made before the breaker opened (or during a pause):
        // only the cooldown, the probe or the user leave this state.
        return;
    }
}

void CircuitBreaker::recordFailure()
{
    refresh();
    switch (m_state) {
    case State::Closed:
        ++m_failures;
        if (m_failures >= m_options.threshold)
            open();
        else
            Q_EMIT failuresChanged(m_failures, m_options.threshold);
        return;
    case State::HalfOpen:
        ++m_failures;
        m_probeInFlight = false;
        open();
        return;
    case State::Open:
        // Late failure of an attempt made before the breaker opened: it must not extend the
        // cooldown, nor announce the opening twice.
        return;
    }
}

void CircuitBreaker::releaseProbe()
{
    if (!m_probeInFlight)
        return;
    m_probeInFlight = false;
    qCInfo(lcBreaker).noquote() << m_endpoint << "probe released without a result";
    Q_EMIT probeInFlightChanged(false);
}

void CircuitBreaker::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    m_probeInFlight = false;
    m_probeTimer.stop();
    if (m_state != State::Open) {
        setState(State::Open);
    } else {
        qCInfo(lcBreaker).noquote() << m_endpoint << "paused by the user";
        announceState();
    }
}

void CircuitBreaker::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    m_probeInFlight = false;
    setState(State::HalfOpen);
}

void CircuitBreaker::reset()
{
    // A paused breaker is always Open, so un-pausing is announced by the state change.
    m_paused = false;
    const int oldFailures = std::exchange(m_failures, 0);
    m_probeInFlight = false;
    m_probeTimer.stop();
    if (m_state != State::Closed) {
        setState(State::Closed);
    } else if (oldFailures != 0) {
        Q_EMIT failuresChanged(m_failures, m_options.threshold);
    }
}

void CircuitBreaker::refresh()
{
    if (m_state != State::Open || m_paused || m_clock() < m_probeDueAt)
        return;
    m_probeTimer.stop();
    m_probeInFlight = false;
    setState(State::HalfOpen);
}

milliseconds CircuitBreaker::timeUntilProbe() const
{
    if (m_state != State::Open)
        return milliseconds{0};
    if (m_paused)
        return milliseconds{-1};
    return std::max(std::chrono::ceil<milliseconds>(m_probeDueAt - m_clock()), milliseconds{0});
}

steady_clock::time_point CircuitBreaker::probeDueAt() const
{
    if (m_paused)
        return steady_clock::time_point::max();
    if (m_state == State::Open)
        return m_probeDueAt;
    return m_clock();
}

void CircuitBreaker::setOptions(const Options &options)
{
    const Options previous = std::exchange(m_options, sanitized(options));
    bool announced = false;
    if (m_options.cooldown != previous.cooldown && m_state == State::Open && !m_paused) {
        m_probeDueAt = m_openedAt + m_options.cooldown;
        if (m_clock() >= m_probeDueAt) {
            refresh();
        } else {
            armProbeTimer();
            announceState();
        }
        announced = true;
    }
    if (m_options.threshold != previous.threshold && !announced)
        Q_EMIT failuresChanged(m_failures, m_options.threshold);
}

void CircuitBreaker::handleProbeTimer()
{
    refresh();
    // The timer may wake a little before the clock agrees (or the clock is a test's):
    // wait for the rest.
    if (m_state == State::Open && !m_paused)
        armProbeTimer();
}

void CircuitBreaker::open()
{
    m_openedAt = m_clock();
    m_probeDueAt = m_openedAt + m_options.cooldown;
    armProbeTimer();
    setState(State::Open);
}

void CircuitBreaker::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    announceState();
}

void CircuitBreaker::announceState()
{
    const qint64 msUntilProbe = timeUntilProbe().count();
    qCInfo(lcBreaker).noquote().nospace()
            << m_endpoint << " " << stateName(m_state) << (m_paused ? u" (paused)"_s : QString())
            << ": " << m_failures << "/" << m_options.threshold << " consecutive failures"
            << (m_state == State::Open && !m_paused ? u", probe in %1 ms"_s.arg(msUntilProbe)
                                                    : QString());
    Q_EMIT stateChanged(m_state, m_failures, m_options.threshold, msUntilProbe);
}

void CircuitBreaker::armProbeTimer()
{
    constexpr milliseconds longest{std::numeric_limits<int>::max()};
    m_probeTimer.start(std::min(timeUntilProbe(), longest));
}

} // namespace steadfast
