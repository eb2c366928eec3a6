// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/library/ConversationItem.h"

#include <QJsonValue>
#include <QMetaEnum>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

// Keys of the JSON form, in one place.
const QString kKind = u"kind"_s;
const QString kId = u"id"_s;
const QString kTime = u"time"_s;
const QString kText = u"text"_s;
const QString kStreaming = u"streaming"_s;
const QString kInterrupted = u"interrupted"_s;
const QString kStopped = u"stopped"_s;
const QString kFinishReason = u"finishReason"_s;
const QString kModel = u"model"_s;
const QString kRequestId = u"requestId"_s;
const QString kUsage = u"usage"_s;
const QString kPromptTokens = u"promptTokens"_s;
const QString kCompletionTokens = u"completionTokens"_s;
const QString kTotalTokens = u"totalTokens"_s;
const QString kError = u"error"_s;
const QString kHttpStatus = u"httpStatus"_s;
const QString kNetworkError = u"networkError"_s;
const QString kCode = u"code"_s;
const QString kType = u"type"_s;
const QString kParam = u"param"_s;
const QString kMessage = u"message"_s;
const QString kHost = u"host"_s;
const QString kRedirectTarget = u"redirectTarget"_s;
const QString kTimeoutPhase = u"timeoutPhase"_s;
const QString kTimeoutAfterMs = u"timeoutAfterMs"_s;
const QString kRetryAfterMs = u"retryAfterMs"_s;
const QString kShouldRetry = u"shouldRetry"_s;
const QString kRetryable = u"retryable"_s;

/// Reads optional fields of one JSON object, remembering whether any had the wrong type:
/// a file we wrote never has one, so one is a sign of damage.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object) : m_object(object) {}

    bool ok() const { return m_ok; }

    QString string(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return {};
        if (!value.isString())
            m_ok = false;
        return value.toString();
    }

    bool boolean(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return false;
        if (!value.isBool())
            m_ok = false;
        return value.toBool();
    }

    /// A whole, non-negative number (JSON numbers are doubles: 2^53 is the exact limit).
    std::optional<qint64> count(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return std::nullopt;
        const double number = value.toDouble(-1);
        constexpr double limit = 9007199254740992.0; // 2^53
        if (!value.isDouble() || number < 0 || number > limit || std::floor(number) != number) {
            m_ok = false;
            return std::nullopt;
        }
        return qint64(number);
    }

    std::optional<QJsonObject> object(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return std::nullopt;
        if (!value.isObject()) {
            m_ok = false;
            return std::nullopt;
        }
        return value.toObject();
    }

    void fail() { m_ok = false; }

private:
    const QJsonObject &m_object;
    bool m_ok = true;
};

template <typename Enum>
std::optional<Enum> enumFromName(const QString &name)
{
    bool ok = false;
    const int value = QMetaEnum::fromType<Enum>().keyToValue(name.toLatin1().constData(), &ok);
    if (!ok || name.isEmpty())
        return std::nullopt;
    return Enum(value);
}

template <typename Enum>
QString enumName(Enum value)
{
    return QString::fromLatin1(QMetaEnum::fromType<Enum>().valueToKey(int(value)));
}

QJsonObject usageToJson(const Usage &usage)
{
    return {{kPromptTokens, usage.promptTokens},
            {kCompletionTokens, usage.completionTokens},
            {kTotalTokens, usage.totalTokens}};
}

std::optional<Usage> usageFromJson(const QJsonObject &object)
{
    FieldReader read(object);
    Usage usage;
    usage.promptTokens = read.count(kPromptTokens).value_or(0);
    usage.completionTokens = read.count(kCompletionTokens).value_or(0);
    usage.totalTokens = read.count(kTotalTokens).value_or(0);
    if (!read.ok())
        return std::nullopt;
    return usage;
}

QJsonObject errorToJson(const ApiError &error)
{
    QJsonObject object{{kKind, ApiError::kindName(error.kind)}};
    const auto putString = [&object](const QString &key, const QString &value) {
        if (!value.isEmpty())
            object.insert(key, value);
    };
    if (error.httpStatus != 0)
        object.insert(kHttpStatus, error.httpStatus);
    if (error.networkError != QNetworkReply::NoError)
        object.insert(kNetworkError, enumName(error.networkError));
    putString(kCode, error.code);
    putString(kType, error.type);
    putString(kParam, error.param);
    putString(kMessage, error.message);
    putString(kRequestId, error.requestId);
    putString(kHost, error.host);
    putString(kRedirectTarget, error.redirectTarget);
    if (error.timeoutPhase != ApiError::TimeoutPhase::None)
        object.insert(kTimeoutPhase, ApiError::phaseName(error.timeoutPhase));
    if (error.timeoutAfter.count() != 0)
        object.insert(kTimeoutAfterMs, qint64(error.timeoutAfter.count()));
    if (error.retryAfter)
        object.insert(kRetryAfterMs, qint64(error.retryAfter->count()));
    if (error.shouldRetryHeader)
        object.insert(kShouldRetry, *error.shouldRetryHeader);
    if (error.retryable)
        object.insert(kRetryable, true);
    return object;
}

std::optional<ApiError> errorFromJson(const QJsonObject &object)
{
    ApiError error;
    const std::optional<ApiError::Kind> kind =
            enumFromName<ApiError::Kind>(object.value(kKind).toString());
    if (!kind)
        return std::nullopt; // an error we cannot name cannot be shown again
    error.kind = *kind;
    FieldReader read(object);
    const std::optional<qint64> status = read.count(kHttpStatus);
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
    error.timeoutAfter = std::chrono::milliseconds(read.count(kTimeoutAfterMs).value_or(0));
    if (const std::optional<qint64> retryAfter = read.count(kRetryAfterMs))
        error.retryAfter = std::chrono::milliseconds(*retryAfter);
    if (object.contains(kShouldRetry))
        error.shouldRetryHeader = read.boolean(kShouldRetry);
    error.retryable = read.boolean(kRetryable);
    if (!read.ok())
        return std::nullopt;
    return error;
}

} // namespace

QString ConversationItem::kindName(Kind kind)
{
    switch (kind) {
    case Kind::User:
        return u"user"_s;
    case Kind::Assistant:
        return u"assistant"_s;
    case Kind::Error:
        return u"error"_s;
    }
    return {};
}

std::optional<ConversationItem::Kind> ConversationItem::kindFromName(const QString &name)
{
    for (const Kind kind : {Kind::User, Kind::Assistant, Kind::Error}) {
        if (name == kindName(kind))
            return kind;
    }
    return std::nullopt;
}

QJsonObject ConversationItem::toJson() const
{
    QJsonObject object{
            {kKind, kindName(kind)}, {kId, id}, {kTime, time.toUTC().toString(Qt::ISODateWithMs)}};
    if (!text.isEmpty() || kind != Kind::Error)
        object.insert(kText, text);
    if (kind == Kind::Assistant) {
        if (streaming)
            object.insert(kStreaming, true);
        if (interrupted)
            object.insert(kInterrupted, true);
        if (stopped)
            object.insert(kStopped, true);
        if (!finishReason.isEmpty())
            object.insert(kFinishReason, finishReason);
        if (!model.isEmpty())
            object.insert(kModel, model);
        if (!requestId.isEmpty())
            object.insert(kRequestId, requestId);
        if (usage)
            object.insert(kUsage, usageToJson(*usage));
    }
    if (kind == Kind::Error)
        object.insert(kError, errorToJson(error));
    return object;
}

std::optional<ConversationItem> ConversationItem::fromJson(const QJsonObject &object)
{
    const std::optional<Kind> kind = kindFromName(object.value(kKind).toString());
    if (!kind)
        return std::nullopt;
    ConversationItem item;
    item.kind = *kind;
    FieldReader read(object);
    item.id = read.string(kId);
    if (item.id.trimmed().isEmpty())
        return std::nullopt;
    item.time = QDateTime::fromString(read.string(kTime), Qt::ISODateWithMs);
    if (!item.time.isValid())
        return std::nullopt;
    item.time = item.time.toUTC();
    item.text = read.string(kText);
    if (item.kind == Kind::Assistant) {
        item.streaming = read.boolean(kStreaming);
        item.interrupted = read.boolean(kInterrupted);
        item.stopped = read.boolean(kStopped);
        item.finishReason = read.string(kFinishReason);
        item.model = read.string(kModel);
        item.requestId = read.string(kRequestId);
        if (const std::optional<QJsonObject> usage = read.object(kUsage)) {
            item.usage = usageFromJson(*usage);
            if (!item.usage)
                return std::nullopt;
        }
    }
    if (item.kind == Kind::Error) {
        const std::optional<QJsonObject> error = read.object(kError);
        if (!error)
            return std::nullopt;
        const std::optional<ApiError> parsed = errorFromJson(*error);
        if (!parsed)
            return std::nullopt;
        item.error = *parsed;
    }
    if (!read.ok())
        return std::nullopt;
    return item;
}

} // namespace steadfast
