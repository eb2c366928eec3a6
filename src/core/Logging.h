// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace steadfast {
Q_DECLARE_LOGGING_CATEGORY(lcNet)     // steadfast.net: attempts, replies, retries
Q_DECLARE_LOGGING_CATEGORY(lcBreaker) // steadfast.breaker: circuit breaker transitions

} // namespace steadfast
