// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/EndpointHealth.h"

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
    using Kind = ApiError::Kind;
    switch (error.kind) {
    case Kind::Authentication:
        return Attention::Key;
    case Kind::Permission:
        return Attention::Access;
    case Kind::QuotaExceeded:
        return Attention::Quota;
    case Kind::Tls:
        return Attention::Certificate;
    case Kind::Redirect:
        return Attention::Address;
    case Kind::NotFound:
        return Attention::Model;
    case Kind::None:
    case Kind::RateLimited:
    case Kind::Connection:
    case Kind::Timeout:
    case Kind::StreamStalled:
    case Kind::StreamInterrupted:
    case Kind::RequestTimeout:
    case Kind::Server:
    case Kind::InvalidResponse:
    case Kind::Conflict:
    case Kind::BadRequest:
    case Kind::Unprocessable:
    case Kind::Validation:
    case Kind::CircuitOpen:
    case Kind::Cancelled:
        return Attention::None;
    }
    return Attention::None;
}

bool EndpointHealth::isEndpointOutcome(const ApiError &error)
{
    using Kind = ApiError::Kind;
    switch (error.kind) {
    case Kind::None:
    case Kind::Validation:
    case Kind::CircuitOpen:
    case Kind::Cancelled:
        return false;
    case Kind::RateLimited:
    case Kind::QuotaExceeded:
    case Kind::Connection:
    case Kind::Timeout:
    case Kind::StreamStalled:
    case Kind::StreamInterrupted:
    case Kind::RequestTimeout:
    case Kind::Server:
    case Kind::InvalidResponse:
    case Kind::Authentication:
    case Kind::Permission:
    case Kind::NotFound:
    case Kind::Conflict:
    case Kind::BadRequest:
    case Kind::Unprocessable:
    case Kind::Tls:
    case Kind::Redirect:
        return true;
    }
    return false;
}

QString EndpointHealth::stateName(State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<State>().valueToKey(int(state)));
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
