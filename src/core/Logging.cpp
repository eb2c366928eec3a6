// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Logging.h"

namespace steadfast {
// Info and up by default; QT_LOGGING_RULES="steadfast.*.debug=true" shows more.
Q_LOGGING_CATEGORY(lcNet, "steadfast.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBreaker, "steadfast.breaker", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "steadfast.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "steadfast.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcKeys, "steadfast.keys", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "steadfast.settings", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLibrary, "steadfast.library", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHealth, "steadfast.health", QtInfoMsg)
} // namespace steadfast
