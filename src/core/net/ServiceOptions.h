// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/resilience/BackoffPolicy.h"

#include <QtGlobal>

#include <chrono>
#include <optional>

namespace steadfast {

/// Everything that shapes how hard the service tries. Defaults are DESIGN.md's.
struct ServiceOptions
{
    /// What to do when the server's hinted wait is longer than maxWait.
    enum class LongWait {
        Fail, // end the request, the hint in the message (the CLI)
        Ask,  // emit longWaitRequested and wait for acceptLongWait() or cancel() (the GUI)
    };

    int maxRetries = 5; // attempts allowed = maxRetries + 1
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds firstByteTimeout{60'000};
    std::chrono::milliseconds idleTimeout{30'000};
    std::chrono::milliseconds deadline{0}; // whole exchange, retries included; 0 = none
    std::chrono::milliseconds maxWait{60'000};
    std::chrono::milliseconds tickInterval{250}; // retryCountdown / responseWait cadence
    /// A stream silent this long starts streamSilent() ticks (every tickInterval).
    std::chrono::milliseconds silenceNotice{3000};
    BackoffPolicy::Options backoff;
    std::optional<quint32> seed; // for reproducible jitter
    LongWait longWait = LongWait::Fail;
    qint64 maxErrorBodyBytes = 1 << 20; // an error body is read only this far
    qint64 maxReplyBytes = 64 << 20;    // a success body larger than this is InvalidResponse
    int maxRedirects = 5;
};

} // namespace steadfast
