// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace steadfast {
Q_DECLARE_LOGGING_CATEGORY(lcNet)      // steadfast.net: attempts, replies, retries
Q_DECLARE_LOGGING_CATEGORY(lcBreaker)  // steadfast.breaker: circuit breaker transitions
Q_DECLARE_LOGGING_CATEGORY(lcSession)  // steadfast.session: conversation exchanges
Q_DECLARE_LOGGING_CATEGORY(lcStore)    // steadfast.store: conversation and draft files
Q_DECLARE_LOGGING_CATEGORY(lcKeys)     // steadfast.keys: key storage (accounts, never keys)
Q_DECLARE_LOGGING_CATEGORY(lcSettings) // steadfast.settings: settings read and written
Q_DECLARE_LOGGING_CATEGORY(lcLibrary)  // steadfast.library: the conversation library (no text)
Q_DECLARE_LOGGING_CATEGORY(lcHealth)   // steadfast.health: endpoint health changes

} // namespace steadfast
