// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/protocol/ChatRequest.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace steadfast {

/// Everything wrong with a request, checked before anything is sent: one short English
/// sentence per problem (no final full stop, so they can be joined or listed), each naming
/// what to fix, in a stable order (base URL, model, messages, parameters, key safety).
/// Messages are numbered from 1. Empty when the request may be sent.
QStringList validationProblems(const ChatRequest &request);

/// nullopt when the request is valid; otherwise an ApiError of kind Validation, not
/// retryable, whose message is the problems joined with "; ".
std::optional<ApiError> validateRequest(const ChatRequest &request);

/// True for names that never leave this machine: "localhost" (any case, with or without
/// the trailing dot), any 127.0.0.0/8 address, ::1 (with or without brackets) and
/// IPv4-mapped loopback (::ffff:127.0.0.1). Only the text is looked at: nothing is resolved.
bool isLoopbackHost(const QString &host);

/// True for a complete http(s) URL: valid, with a host, and the scheme http or https. The
/// settings and the Settings dialog both accept a server's address by this rule.
bool isHttpUrl(const QUrl &url);

} // namespace steadfast
