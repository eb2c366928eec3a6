// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiErrorJson.h"

#include "core/EnumNames.h"
#include "core/JsonFieldReader.h"

using namespace Qt::StringLiterals;

namespace steadfast::ApiErrorJson {

namespace {

// The keys, in one place (README.md, "Events").
constexpr QLatin1StringView kKind{"kind"};
constexpr QLatin1StringView kRetryable{"retryable"};
constexpr QLatin1StringView kMessage{"message"};
constexpr QLatin1StringView kStatus{"status"};
constexpr QLatin1StringView kCode{"code"};
constexpr QLatin1StringView kType{"type"};
constexpr QLatin1StringView kParam{"param"};
constexpr QLatin1StringView kRequestId{"requestId"};
constexpr QLatin1StringView kHost{"host"};
constexpr QLatin1StringView kRetryAfterMs{"retryAfterMs"};
constexpr QLatin1StringView kShouldRetryHeader{"shouldRetryHeader"};
constexpr QLatin1StringView kTimeoutPhase{"timeoutPhase"};
constexpr QLatin1StringView kTimeoutMs{"timeoutMs"};
constexpr QLatin1StringView kRedirectTarget{"redirectTarget"};
constexpr QLatin1StringView kNetworkError{"networkError"};

} // namespace

QJsonObject toJson(const ApiError &error)
{
    QJsonObject object{{kKind, enumName(error.kind)},
                       {kRetryable, error.retryable},
                       {kMessage, error.message}};
    const auto putString = [&object](const QString &key, const QString &value) {
        if (!value.isEmpty())
            object.insert(key, value);
    };
    if (error.httpStatus != 0)
        object.insert(kStatus, error.httpStatus);
    putString(kCode, error.code);
    putString(kType, error.type);
    putString(kParam, error.param);
    putString(kRequestId, error.requestId);
    putString(kHost, error.host);
    if (error.retryAfter)
        object.insert(kRetryAfterMs, qint64(error.retryAfter->count()));
    if (error.shouldRetryHeader)
        object.insert(kShouldRetryHeader, *error.shouldRetryHeader);
    if (error.timeoutPhase != ApiError::TimeoutPhase::None)
        object.insert(kTimeoutPhase, enumName(error.timeoutPhase));
    if (error.timeoutPhase != ApiError::TimeoutPhase::None || error.timeoutAfter.count() != 0)
        object.insert(kTimeoutMs, qint64(error.timeoutAfter.count()));
    putString(kRedirectTarget, error.redirectTarget);
    if (error.networkError != QNetworkReply::NoError)
        object.insert(kNetworkError, enumName(error.networkError));
    return object;
}

std::optional<ApiError> fromJson(const QJsonObject &object)
{
    ApiError error;
    const std::optional<ApiError::Kind> kind =
            enumFromName<ApiError::Kind>(object.value(kKind).toString());
    if (!kind)
        return std::nullopt; // an error we cannot name cannot be shown again
    error.kind = *kind;
    JsonFieldReader read(object);
    const std::optional<qint64> status = read.count(kStatus);
    if (status && *status > 999)
        read.fail();
    error.httpStatus = int(status.value_or(0));
    const QString networkError = read.string(kNetworkError);
    if (!networkError.isEmpty()) {
        // Qt's names, not ours: a name a later Qt dropped is still "some network error".
        error.networkError = enumFromName<QNetworkReply::NetworkError>(networkError)
                                     .value_or(QNetworkReply::UnknownNetworkError);
    }
    error.code = read.string(kCode);
    error.type = read.string(kType);
    error.param = read.string(kParam);
    error.message = read.string(kMessage);
    error.requestId = read.string(kRequestId);
    error.host = read.string(kHost);
    error.redirectTarget = read.string(kRedirectTarget);
    const QString phase = read.string(kTimeoutPhase);
    if (!phase.isEmpty()) {
        const std::optional<ApiError::TimeoutPhase> value =
                enumFromName<ApiError::TimeoutPhase>(phase);
        if (!value)
            return std::nullopt;
        error.timeoutPhase = *value;
    }
    error.timeoutAfter = std::chrono::milliseconds(read.count(kTimeoutMs).value_or(0));
    if (const std::optional<qint64> retryAfter = read.count(kRetryAfterMs))
        error.retryAfter = std::chrono::milliseconds(*retryAfter);
    if (object.contains(kShouldRetryHeader))
        error.shouldRetryHeader = read.boolean(kShouldRetryHeader);
    error.retryable = read.boolean(kRetryable);
    if (!read.ok())
        return std::nullopt;
    return error;
}

QJsonObject withCurrentKeys(QJsonObject object)
{
    static const std::pair<QString, QString> renamed[] = {
            {u"httpStatus"_s, kStatus},
            {u"timeoutAfterMs"_s, kTimeoutMs},
            {u"shouldRetry"_s, kShouldRetryHeader},
    };
    for (const auto &[old, current] : renamed) {
        const auto found = object.constFind(old);
        if (found == object.constEnd())
            continue;
        if (!object.contains(current))
            object.insert(current, *found);
        object.remove(old);
    }
    return object;
}

} // namespace steadfast::ApiErrorJson
