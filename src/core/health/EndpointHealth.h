// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorTraits.h"
#include "core/resilience/CircuitBreaker.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

namespace steadfast {

/// The health of one endpoint as the window's status indicator tells it (DESIGN.md, "What the
/// window shows"): computed in the core from the endpoint's circuit breaker, the outcome of the
/// last attempt to it (a chat attempt or GET /models), whether a retry is waiting and whether
/// the system says it is offline. Never Connected while the last attempt to the endpoint
/// failed, nor while failures are counting.
///
/// Times are steady-clock points, so a front end renders live countdowns ("next probe in
/// 23 s") from them without being told every second.
class EndpointHealth
{
    Q_GADGET
public:
    enum class State {
        NotContacted,   // nothing has gone to this endpoint yet
        Connected,      // the last attempt succeeded and no failures are counting
        Trouble,        // failures are counting, the last attempt failed, or a retry waits
        Paused,         // the breaker is open: no requests until the probe
        Probing,        // the breaker is half-open: one probe may go (or is under way)
        PausedByUser,   // the user paused the endpoint
        Offline,        // the system reports no network
        NeedsAttention, // the last answer needs the user: key rejected, no access, quota, TLS
    };
    Q_ENUM(State)

    /// Why NeedsAttention: what the user has to look at (a column of ErrorTraits).
    using Attention = ErrorTraits::Attention;

    /// The outcome of the last attempt to the endpoint.
    enum class Outcome { None, Succeeded, Failed };
    Q_ENUM(Outcome)

    using TimePoint = std::chrono::steady_clock::time_point;

    /// Everything the rule reads. What a monitor keeps per endpoint.
    struct Inputs
    {
        CircuitBreaker::State breakerState = CircuitBreaker::State::Closed;
        bool pausedByUser = false;
        bool probeInFlight = false;
        int failures = 0;                    // consecutive service failures the breaker counts
        int threshold = 5;                   // at which the breaker opens
        std::optional<TimePoint> probeDueAt; // when Open and not paused
        Outcome lastOutcome = Outcome::None;
        ApiError lastError; // the last failure (kept after a success, for the tooltip)
        std::optional<TimePoint> retryDueAt; // a retry to this endpoint waits until then
        bool offline = false;
    };

    State state = State::NotContacted;
    Attention attention = Attention::None;
    QString endpoint; // BreakerRegistry::endpointKey() of the base URL
    int failures = 0;
    int threshold = 5;
    bool retrying = false;
    bool probeInFlight = false; // Probing: the probe is on its way (else the next request is it)
    std::optional<TimePoint> probeDueAt; // Paused
    std::optional<TimePoint> retryDueAt; // Trouble with a retry waiting
    Outcome lastOutcome = Outcome::None;
    ApiError lastError; // kind None when nothing has failed yet

    /// The rule: paused by the user, then offline, then the breaker (Open: Paused, HalfOpen:
    /// Probing), then a last failure that needs the user, then Trouble (failures counting, a
    /// retry waiting, or the last attempt failed), then Connected (the last attempt
    /// succeeded), else NotContacted.
    static EndpointHealth evaluate(const QString &endpoint, const Inputs &inputs);
    /// What the user must look at after a failure of this kind; None for failures that a retry
    /// or the service itself can mend (ErrorTraits' table).
    static Attention attentionFor(const ApiError &error);
    /// Whether an attempt that ended with this error tells anything about the endpoint: a
    /// user's cancel, a local validation failure or a request the breaker held back do not
    /// (ErrorTraits' table).
    static bool isEndpointOutcome(const ApiError &error);
    /// "NotContacted", "Connected", … (the enumerator's name; stable, for logs and tests).
    static QString stateName(State state);

    bool operator==(const EndpointHealth &other) const;
    bool operator!=(const EndpointHealth &other) const { return !(*this == other); }
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::EndpointHealth)
