// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>

namespace steadfast {

/// One circuit breaker per endpoint (DESIGN.md, "CircuitBreaker"): Closed → Open after
/// `threshold` consecutive service failures → HalfOpen once the cooldown has passed, letting
/// exactly one probe through → Closed when the probe succeeds, Open again (fresh cooldown)
/// when it fails. The user can pause an endpoint by hand (forced Open, no automatic probe)
/// and reset it (forced Closed).
///
/// Time comes from a clock function, so tests drive it by hand. The cooldown's end is noticed
/// lazily by tryAcquire()/refresh()/record*(), and also by a member single-shot QTimer that
/// calls refresh() so that front ends see "probing" without polling.
///
/// Results that arrive while the breaker is Open (from attempts that started before it
/// opened) change nothing: only the cooldown, or the user, leaves the Open state.
class CircuitBreaker : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Open, HalfOpen };
    Q_ENUM(State)

    /// threshold is at least 1 and the cooldown at least 0 (setOptions() clamps).
    struct Options
    {
        int threshold = 5;
        std::chrono::milliseconds cooldown{30000};
    };

    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    /// The defaults above (a function, because a nested aggregate's member initialisers
    /// cannot be used in a default argument of the enclosing class).
    static Options defaultOptions();

    /// endpoint is only a name, for logs and front ends (BreakerRegistry passes the
    /// normalised base URL, without user info). An empty clock means steady_clock::now.
    explicit CircuitBreaker(QString endpoint, Options options = defaultOptions(), Clock clock = {},
                            QObject *parent = nullptr);

    /// May an attempt go now? Closed: yes. Open: no, unless the cooldown has elapsed, which
    /// makes the breaker HalfOpen and hands this caller the probe. HalfOpen: only if no probe
    /// is in flight (the caller then holds the probe and must end it with recordSuccess(),
    /// recordFailure() or releaseProbe()).
    bool tryAcquire();
    /// The service answered: a 2xx, and also 4xx/429 answers (they are not service failures).
    /// Resets the consecutive-failure count; a HalfOpen breaker closes.
    void recordSuccess();
    /// A service failure (ApiError::isServiceFailure): counts towards the threshold; a failed
    /// probe (HalfOpen) opens the breaker again with a fresh cooldown.
    void recordFailure();
    /// The probe ended without telling anything (cancelled): another probe may go.
    void releaseProbe();
    /// The user pauses the endpoint: forced Open with no automatic probe until resume() or
    /// reset(). Results arriving meanwhile are ignored. timeUntilProbe() is -1 ms while paused.
    void pause();
    /// The user lifts a pause: the breaker becomes HalfOpen, so the next attempt is a probe.
    /// Does nothing when not paused.
    void resume();
    /// Forced Closed: failures 0, not paused, no probe in flight.
    void reset();
    /// Turns Open into HalfOpen if the cooldown has elapsed (and the breaker is not paused).
    void refresh();

    State state() const { return m_state; }
    static QString stateName(State state); // "Closed", "Open", "HalfOpen"
    int consecutiveFailures() const { return m_failures; }
    int threshold() const { return m_options.threshold; }
    bool isPaused() const { return m_paused; }
    bool isProbeInFlight() const { return m_probeInFlight; }
    QString endpoint() const { return m_endpoint; }
    /// 0 when not Open; the time left until the cooldown ends when Open (rounded up, never
    /// negative); -1 ms while paused (no probe will come by itself).
    std::chrono::milliseconds timeUntilProbe() const;
    /// When the next attempt may go: the cooldown's end when Open, time_point::max() while
    /// paused, and now otherwise.
    std::chrono::steady_clock::time_point probeDueAt() const;

    /// Takes effect at once: a new cooldown moves the current one's end (counted from when
    /// the breaker opened); a new threshold applies from the next failure on.
    void setOptions(const Options &options);
    Options options() const { return m_options; }

Q_SIGNALS:
    /// Every state change; also when pause() or setOptions() changes the time until the probe
    /// while the state stays Open. msUntilProbe is timeUntilProbe() in milliseconds.
    void stateChanged(steadfast::CircuitBreaker::State state, int consecutiveFailures,
                      int threshold, qint64 msUntilProbe);
    /// The count (or the threshold) changed without a state change.
    void failuresChanged(int consecutiveFailures, int threshold);
    /// A half-open breaker's probe went (true) or was released without a result (false).
    void probeInFlightChanged(bool inFlight);

private:
    void handleProbeTimer();
    void open();
    void setState(State state);
    void announceState();
    void armProbeTimer();

    QString m_endpoint;
    Options m_options;
    Clock m_clock;
    State m_state = State::Closed;
    int m_failures = 0;
    bool m_paused = false;
    bool m_probeInFlight = false;
    std::chrono::steady_clock::time_point m_openedAt;
    std::chrono::steady_clock::time_point m_probeDueAt;
    QTimer m_probeTimer; // single-shot, fires at the cooldown's end and calls refresh()
};

} // namespace steadfast
