// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace steadfast::faultserver {

/// {"message","type","param","code"}: what an OpenAI-compatible API sends for a status (model
/// names the requested model), overridden field by field.
QJsonObject errorObject(int status, const QString &model, const QJsonObject &overrides = {});
/// {"error": error}, compact: the body of an OpenAI error reply (and of a stream's error event).
QByteArray errorBody(const QJsonObject &error);
/// The HTML page a proxy (nginx) shows for a status.
QByteArray htmlPage(int status);

/// Compact JSON, as the API sends it.
QByteArray compact(const QJsonObject &object);
QByteArray compact(const QJsonArray &array);

} // namespace steadfast::faultserver
