// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <functional>

namespace steadfast {

/// Where a widget's "now" comes from: steady_clock::now(), or a test's function (the
/// countdowns of the retry banner, the rate-limit label and the status indicator).
class SteadyClock
{
public:
    using Function = std::function<std::chrono::steady_clock::time_point()>;

    /// A test's function; an empty one goes back to steady_clock::now().
    void set(Function function) { m_function = std::move(function); }
    std::chrono::steady_clock::time_point now() const
    {
        return m_function ? m_function() : std::chrono::steady_clock::now();
    }

private:
    Function m_function;
};

} // namespace steadfast
