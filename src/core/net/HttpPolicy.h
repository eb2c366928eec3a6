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
/// QJsonDocument rejects a whole document for one invalid UTF-8 sequence, yet servers do send
/// them (a model cut mid-character, a proxy's encoding slip). Decoding replaces each bad
/// sequence with U+FFFD and leaves every ASCII byte, so the JSON structure survives and only
/// the broken characters are lost.
QByteArray withValidUtf8(const QByteArray &bytes);
/// An error found here rather than by the classifier: its kind, message and host, and
/// whether a kind like it is retried.
ApiError localError(ApiError::Kind kind, const QString &message, const QString &host = {});

} // namespace HttpPolicy
} // namespace steadfast
