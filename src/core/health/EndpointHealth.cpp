// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/health/EndpointHealth.h"

#include "core/EnumNames.h"
#include "core/errors/ErrorTraits.h"

#include <QMetaEnum>

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

EndpointHealth::Attention EndpointHealth::attentionFor(const ApiError &error)
{
    return ErrorTraits::of(error.kind).attention;
}

bool EndpointHealth::isEndpointOutcome(const ApiError &error)
{
    return ErrorTraits::of(error.kind).endpointOutcome;
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
