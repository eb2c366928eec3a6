// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QRandomGenerator>

#include <chrono>
#include <optional>

namespace steadfast {

/// How long to wait before retry n (DESIGN.md, "BackoffPolicy"): exponential, capped, with a
/// choice of jitter and a seedable random source. delayFor() is the pure formula (the random
/// draw is a parameter, so tests pin it); nextDelay() and decide() draw from the policy's own
/// generator and remember what the decorrelated mode needs.
///
/// One policy serves one request at a time: call reset() when a new request starts.
class BackoffPolicy
{
    Q_GADGET
public:
    enum class Jitter {
        Additive, // min(cap, base·2^(n−1) + uniform(0, maxJitter)): 1, 2, 4, 8, 16 s + up to 1 s
        Full,     // uniform(0, min(cap, base·2^(n−1))): AWS's "full jitter"
        Decorrelated, // min(cap, uniform(base, 3·previous)), previous starting at base
    };
    Q_ENUM(Jitter)

    /// Which of the two candidates set the wait in a Decision.
    enum class DelaySource { Backoff, ServerHint };
    Q_ENUM(DelaySource)

    /// Negative durations are treated as zero (see setOptions()).
    struct Options
    {
        std::chrono::milliseconds base{1000};
        std::chrono::milliseconds cap{60000};
        std::chrono::milliseconds maxJitter{1000}; // Additive only
        Jitter jitter = Jitter::Additive;
    };

    /// The wait before one retry and why it is that long.
    struct Decision
    {
        std::chrono::milliseconds delay{0};            // what to wait: max(hint, backoff)
        std::chrono::milliseconds backoff{0};          // the policy's own draw
        std::optional<std::chrono::milliseconds> hint; // the server's hint, as given
        DelaySource source = DelaySource::Backoff;     // ServerHint when hint >= backoff
    };

    /// The defaults above (a function, because a nested aggregate's member initialisers
    /// cannot be used in a default argument of the enclosing class).
    static Options defaultOptions();

    /// With a seed, the sequence of draws is reproducible (tests, --seed); without one the
    /// generator is seeded securely so that many clients do not retry in lockstep.
    explicit BackoffPolicy(Options options = defaultOptions(),
                           std::optional<quint32> seed = std::nullopt);

    /// The pure formula. retry is 1-based (the first retry is 1; values below 1 count as 1),
    /// unit is the random draw in [0, 1) (clamped into it), previous is the last delay of this
    /// request (Decorrelated only; anything below base counts as base). uniform(a, b) is a
    /// whole number of milliseconds with both ends included: unit 0 gives a, unit just below
    /// 1 gives b (exactly so for ranges below 2^53 ms). Never overflows: any retry number, however large, gives at most cap.
    std::chrono::milliseconds delayFor(int retry, double unit,
                                       std::chrono::milliseconds previous) const;

    /// delayFor() with one draw (QRandomGenerator::generateDouble()) from the policy's
    /// generator; remembers the result as the previous delay for the Decorrelated mode.
    std::chrono::milliseconds nextDelay(int retry);

    /// Draws the backoff for this retry and combines it with the server's wait hint. The hint
    /// is a floor: delay = max(hint, backoff), and the hint wins ties. The hint is NOT capped
    /// here: the caller compares it with its maximum wait and asks or fails, it never cuts a
    /// server's request silently. The decorrelated mode remembers the backoff, not the hint.
    Decision decide(int retry, std::optional<std::chrono::milliseconds> hint);

    /// A new request starts: forget the previous delay. The generator keeps its stream, so a
    /// seeded run stays reproducible as a whole without repeating the same draws per request.
    void reset();

    /// Negative durations become zero. Keeps the previous delay.
    void setOptions(const Options &options);
    Options options() const { return m_options; }

private:
    Options m_options;
    QRandomGenerator m_random;
    std::chrono::milliseconds m_previous{0}; // last draw of this request; 0 = none yet
};

} // namespace steadfast
