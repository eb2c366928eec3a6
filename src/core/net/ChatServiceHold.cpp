// SPDX-License-Identifier: GPL-3.0-or-later
// ChatService, the held send (WhenOpen::WaitForProbe): a new request the breaker cannot take
// now waits for the breaker's probe and goes as that probe (DESIGN.md, "Error taxonomy": the
// breaker and the retries). The rest of the service is in ChatService.cpp.
#include "core/net/ChatService.h"

#include "core/Logging.h"

#include <algorithm>

using namespace std::chrono;

namespace steadfast {

void ChatService::holdForProbe(CircuitBreaker *breaker, const ApiError &error)
{
    RetryInfo info;
    info.attempt = 1;
    info.attemptsAllowed = attemptsAllowed();
    info.source = RetryInfo::Source::BreakerProbe;
    info.error = error;
    info.held = true;
    if (breaker->isPaused()) {
        info.untilResumed = true; // no countdown: the user resumes (or resets) the endpoint
    } else {
        // Open: until the cooldown ends. HalfOpen with another's probe in flight: that
        // probe's outcome is awaited, polled every tick (and told by stateChanged below).
        info.delay = std::max(breaker->timeUntilProbe(), milliseconds(m_options.tickInterval));
    }
    qCInfo(lcNet) << "held for the probe of" << breaker->endpoint()
                  << (info.untilResumed ? "(paused by hand)" : "");
    m_held = true;
    // Queued: the breaker tells its changes from inside tryAcquire() and record*(), which
    // may be on this service's own stack.
    m_heldWatch = connect(breaker, &CircuitBreaker::stateChanged, this,
                          &ChatService::handleHeldBreakerChanged, Qt::QueuedConnection);
    startRetryTimer(info);
}

void ChatService::stopHolding()
{
    m_held = false;
    disconnect(m_heldWatch);
}

void ChatService::handleHeldBreakerChanged()
{
    if (!m_held || m_state != State::WaitingToRetry)
        return;
    m_retryTimer.stop();
    m_tickTimer.stop();
    startAttempt(); // goes now, or holds again with the breaker's new due time
}

} // namespace steadfast
