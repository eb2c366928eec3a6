// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"

#include <QJsonObject>

#include <optional>

/// The one JSON form of an ApiError, used by the CLI's --events, the activity log and the
/// stored conversations alike. Its field names are the ones README.md documents for
/// --events: {kind, retryable, message, status, code, type, param, requestId, host,
/// retryAfterMs, shouldRetryHeader, timeoutPhase, timeoutMs, redirectTarget, networkError}.
/// kind, retryable and message are always written; the others only when set. Enums are
/// written by name (enumName()).
namespace steadfast::ApiErrorJson {

QJsonObject toJson(const ApiError &error);

/// Reads toJson()'s form back. nullopt when kind is missing or unknown, or when a field has
/// the wrong type or is out of range (a sign of damage). A networkError name this Qt does not
/// know reads as UnknownNetworkError.
std::optional<ApiError> fromJson(const QJsonObject &object);

/// object with the key names stored conversations used before the one form (httpStatus,
/// timeoutAfterMs, shouldRetry) renamed to the current ones (status, timeoutMs,
/// shouldRetryHeader), for files written by earlier versions: legacy conversation files and
/// older library exports. The library database is migrated instead (LibrarySchema).
QJsonObject withCurrentKeys(QJsonObject object);

} // namespace steadfast::ApiErrorJson
