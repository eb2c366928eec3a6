// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace steadfast {

/// Small rules every request of the core follows (the chat path and GET /models alike).
namespace HttpPolicy {

/// "host:port" when the URL names a port, else the host: how errors name a server.
QString hostOf(const QUrl &url);
/// 301, 302, 303, 307, 308.
bool isRedirectStatus(int status);
/// DESIGN.md, Security: follow only to the same origin, or from http to https on the same host.
bool isRedirectAllowed(const QUrl &from, const QUrl &to);
/// An error found here rather than by the classifier: its kind, message and host, and
/// whether a kind like it is retried.
ApiError localError(ApiError::Kind kind, const QString &message, const QString &host = {});

} // namespace HttpPolicy
} // namespace steadfast
