// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/resilience/EndpointHealth.h"

#include "core/EnumNames.h"

#include <array>

namespace steadfast {

EndpointHealth EndpointHealth::evaluate(const QString &endpoint, const Inputs &inputs)
{
    EndpointHealth health;
    health.endpoint = endpoint;
    health.failures = inputs.failures;
    health.threshold = inputs.threshold;
    health.lastOutcome = inputs.lastOutcome;
    health.lastError = inputs.lastError;
    health.retryDueAt = inputs.retryDueAt;
    health.retrying = inputs.retryDueAt.has_value();
    health.probeInFlight = inputs.probeInFlight;

    const bool lastFailed = inputs.lastOutcome == Outcome::Failed;
    if (inputs.pausedByUser) {
        health.state = State::PausedByUser;
    } else if (inputs.offline) {
        health.state = State::Offline;
    } else if (inputs.breakerState == CircuitBreaker::State::Open) {
        health.state = State::Paused;
        health.probeDueAt = inputs.probeDueAt;
    } else if (inputs.breakerState == CircuitBreaker::State::HalfOpen) {
        health.state = State::Probing;
    } else if (lastFailed && attentionFor(inputs.lastError) != Attention::None) {
        health.state = State::NeedsAttention;
        health.attention = attentionFor(inputs.lastError);
    } else if (lastFailed || inputs.failures > 0 || health.retrying) {
        health.state = State::Trouble;
    } else if (inputs.lastOutcome == Outcome::Succeeded) {
        health.state = State::Connected;
    } else {
        health.state = State::NotContacted;
    }
    return health;
}

namespace {

/// What an attempt that ended with a kind tells about its endpoint: whether it tells anything
/// at all (a cancel, a local check or a request the breaker held back does not), and what the
/// user must look at. One row per ApiError::Kind, in its order.
struct KindRow
{
    bool endpointOutcome;
    EndpointHealth::Attention attention;
};

using A = EndpointHealth::Attention;
constexpr std::array kindRows{
        KindRow{false, A::None},       // None
        KindRow{true, A::None},        // RateLimited
        KindRow{true, A::Quota},       // QuotaExceeded
        KindRow{true, A::None},        // Connection
        KindRow{true, A::None},        // Timeout
        KindRow{true, A::None},        // StreamStalled
        KindRow{true, A::None},        // StreamInterrupted
        KindRow{true, A::None},        // RequestTimeout
        KindRow{true, A::None},        // Server
        KindRow{true, A::None},        // InvalidResponse
        KindRow{true, A::Key},         // Authentication
        KindRow{true, A::Access},      // Permission
        KindRow{true, A::Model},       // NotFound
        KindRow{true, A::None},        // Conflict
        KindRow{true, A::None},        // BadRequest
        KindRow{true, A::None},        // Unprocessable
        KindRow{true, A::Certificate}, // Tls
        KindRow{true, A::Address},     // Redirect
        KindRow{false, A::None},       // Validation
        KindRow{false, A::None},       // CircuitOpen
        KindRow{false, A::None},       // Cancelled
};
static_assert(kindRows.size() == std::size_t(ApiError::Kind::Cancelled) + 1,
              "one row per ApiError::Kind, in its order");

KindRow rowFor(ApiError::Kind kind)
{
    const auto index = std::size_t(kind);
    return index < kindRows.size() ? kindRows.at(index) : KindRow{false, A::None};
}

} // namespace

EndpointHealth::Attention EndpointHealth::attentionFor(const ApiError &error)
{
    return rowFor(error.kind).attention;
}

bool EndpointHealth::isEndpointOutcome(const ApiError &error)
{
    return rowFor(error.kind).endpointOutcome;
}

QString EndpointHealth::stateName(State state)
{
    return enumName(state);
}

bool EndpointHealth::operator==(const EndpointHealth &other) const
{
    return state == other.state && attention == other.attention && endpoint == other.endpoint
            && failures == other.failures && threshold == other.threshold
            && retrying == other.retrying && probeInFlight == other.probeInFlight
            && probeDueAt == other.probeDueAt && retryDueAt == other.retryDueAt
            && lastOutcome == other.lastOutcome && lastError.kind == other.lastError.kind
            && lastError.httpStatus == other.lastError.httpStatus
            && lastError.message == other.lastError.message;
}

} // namespace steadfast
