// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/resilience/BackoffPolicy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace steadfast {

using std::chrono::milliseconds;
using Rep = milliseconds::rep;

namespace {

constexpr Rep maxMs = std::numeric_limits<Rep>::max();

BackoffPolicy::Options sanitized(BackoffPolicy::Options options)
{
    options.base = std::max(options.base, milliseconds{0});
    options.cap = std::max(options.cap, milliseconds{0});
    options.maxJitter = std::max(options.maxJitter, milliseconds{0});
    return options;
}

// min(cap, base·2^shift) without ever computing a product that could overflow.
Rep cappedExponential(Rep base, Rep cap, int shift)
{
    if (base == 0)
        return 0;
    if (base >= cap || shift >= 63)
        return cap;
    // base·2^shift <= cap  <=>  base <= floor(cap / 2^shift), for non-negative integers.
    if (base > (cap >> shift))
        return cap;
    return base << shift;
}

// A uniform integer in [0, span], both ends included, from unit in [0, 1).
Rep uniformUpTo(double unit, Rep span)
{
    if (span <= 0)
        return 0;
    const double scaled = std::floor(unit * (static_cast<double>(span) + 1.0));
    // For very large spans the double rounds up; never convert a value beyond span.
    if (!(scaled < static_cast<double>(span)))
        return span;
    return static_cast<Rep>(scaled);
}

double clampedUnit(double unit)
{
    if (std::isnan(unit) || unit < 0.0)
        return 0.0;
    return std::min(unit, std::nextafter(1.0, 0.0));
}

} // namespace

BackoffPolicy::Options BackoffPolicy::defaultOptions()
{
    return {};
}

BackoffPolicy::BackoffPolicy(Options options, std::optional<quint32> seed)
    : m_options(sanitized(options))
    , m_random(seed ? QRandomGenerator(*seed) : QRandomGenerator::securelySeeded())
{
}

milliseconds BackoffPolicy::delayFor(int retry, double unit, milliseconds previous) const
{
    const int shift = std::max(retry, 1) - 1;
    unit = clampedUnit(unit);
    const Rep base = m_options.base.count();
    const Rep cap = m_options.cap.count();

    switch (m_options.jitter) {
    case Jitter::Additive: {
        const Rep exponential = cappedExponential(base, cap, shift);
        const Rep jitter = uniformUpTo(unit, m_options.maxJitter.count());
        // exponential <= cap, so cap - exponential cannot overflow.
        return milliseconds{exponential + std::min(jitter, cap - exponential)};
    }
    case Jitter::Full:
        return milliseconds{uniformUpTo(unit, cappedExponential(base, cap, shift))};
    case Jitter::Decorrelated: {
        const Rep last = std::max(previous.count(), base);
        const Rep upper = last > maxMs / 3 ? maxMs : 3 * last;
        // upper >= base because last >= base; base + uniform(0, upper - base) <= upper.
        return milliseconds{std::min(cap, base + uniformUpTo(unit, upper - base))};
    }
    }
    return m_options.cap;
}

milliseconds BackoffPolicy::nextDelay(int retry)
{
    const milliseconds delay = delayFor(retry, m_random.generateDouble(), m_previous);
    m_previous = delay;
    return delay;
}

BackoffPolicy::Decision BackoffPolicy::decide(int retry, std::optional<milliseconds> hint)
{
    Decision decision;
    decision.backoff = nextDelay(retry);
    decision.hint = hint;
    if (hint && *hint >= decision.backoff) {
        decision.delay = *hint;
        decision.source = DelaySource::ServerHint;
    } else {
        decision.delay = decision.backoff;
        decision.source = DelaySource::Backoff;
    }
    return decision;
}

void BackoffPolicy::reset()
{
    m_previous = milliseconds{0};
}

void BackoffPolicy::setOptions(const Options &options)
{
    m_options = sanitized(options);
}

} // namespace steadfast
