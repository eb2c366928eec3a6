// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/OpenAiErrors.h"

#include "faultserver/HttpMessage.h"

#include <QJsonDocument>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

namespace {

/// One status's error body. A message with namesModel has a %1 for the model.
struct ErrorRow
{
    int status;
    const char *message;
    const char *type;
    const char *code; // nullptr: null
    bool namesModel = false;
};

const ErrorRow errorRows[] = {
        {400, "Invalid request: the fault server was scripted to reject it.",
         "invalid_request_error", nullptr},
        {401,
         "Incorrect API key provided. You can find your API key at "
         "https://platform.openai.com/account/api-keys.",
         "invalid_request_error", "invalid_api_key"},
        {403, "You are not allowed to use the model `%1` with this key.", "permission_error",
         "permission_denied", true},
        {404, "The model `%1` does not exist or you do not have access to it.",
         "invalid_request_error", "model_not_found", true},
        {405, "Method not allowed.", "invalid_request_error", nullptr},
        {408, "Request timed out.", "timeout_error", "request_timeout"},
        {409, "Another request with the same id is already in progress.", "invalid_request_error",
         "conflict"},
        {413, "The request is too large.", "invalid_request_error", "request_too_large"},
        {422, "The request could not be processed.", "invalid_request_error",
         "unprocessable_entity"},
        {429, "Rate limit reached for requests", "requests", "rate_limit_exceeded"},
        {500, "The server had an error while processing your request. Sorry about that!",
         "server_error", "server_error"},
        {502, "Bad gateway.", "server_error", "bad_gateway"},
        {503, "The engine is currently overloaded, please try again later.", "server_error",
         "service_unavailable"},
        {504, "Gateway timeout.", "server_error", "gateway_timeout"},
};

QJsonObject defaultError(int status, const QString &model)
{
    const auto error = [](const QString &message, const QString &type, const QJsonValue &code) {
        return QJsonObject{{u"message"_s, message},
                           {u"type"_s, type},
                           {u"param"_s, QJsonValue::Null},
                           {u"code"_s, code}};
    };
    for (const ErrorRow &row : errorRows) {
        if (row.status != status)
            continue;
        QString message = QString::fromLatin1(row.message);
        if (row.namesModel)
            message = message.arg(model.isEmpty() ? u"(none)"_s : model);
        return error(message, QString::fromLatin1(row.type),
                     row.code ? QJsonValue(QString::fromLatin1(row.code))
                              : QJsonValue(QJsonValue::Null));
    }
    if (status >= 500)
        return error(u"The server had an error (HTTP %1)."_s.arg(status), u"server_error"_s,
                     QJsonValue::Null);
    if (status >= 400)
        return error(u"The request failed (HTTP %1)."_s.arg(status), u"invalid_request_error"_s,
                     QJsonValue::Null);
    return error(u"HTTP %1."_s.arg(status), u"invalid_request_error"_s, QJsonValue::Null);
}

} // namespace

QJsonObject errorObject(int status, const QString &model, const QJsonObject &overrides)
{
    QJsonObject error = defaultError(status, model);
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        error.insert(it.key(), it.value());
    return error;
}

QByteArray errorBody(const QJsonObject &error)
{
    return compact(QJsonObject{{u"error"_s, error}});
}

QByteArray htmlPage(int status)
{
    const QByteArray title = QByteArray::number(status) + ' ' + reasonPhrase(status);
    return "<!DOCTYPE html>\r\n<html>\r\n<head><title>" + title
            + "</title></head>\r\n<body>\r\n<center><h1>" + title
            + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

} // namespace steadfast::faultserver
