// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/library/ConversationItem.h"

#include "core/EnumNames.h"
#include "core/JsonFieldReader.h"
#include "core/errors/ApiErrorJson.h"

#include <QJsonValue>

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

// The kinds' names in the JSON form, in the enum's order.
constexpr std::array<QStringView, 3> kKindNames{u"user", u"assistant", u"error"};
static_assert(kKindNames.size() == std::size_t(ConversationItem::Kind::Error) + 1,
              "one name per kind");

QJsonObject usageToJson(const Usage &usage)
{
    return {{kPromptTokens, usage.promptTokens},
            {kCompletionTokens, usage.completionTokens},
            {kTotalTokens, usage.totalTokens}};
}

std::optional<Usage> usageFromJson(const QJsonObject &object)
{
    JsonFieldReader read(object);
    Usage usage;
    usage.promptTokens = read.count(kPromptTokens).value_or(0);
    usage.completionTokens = read.count(kCompletionTokens).value_or(0);
    usage.totalTokens = read.count(kTotalTokens).value_or(0);
    if (!read.ok())
        return std::nullopt;
    return usage;
}

} // namespace

QString ConversationItem::kindName(Kind kind)
{
    return nameIn(kKindNames, kind);
}

std::optional<ConversationItem::Kind> ConversationItem::kindFromName(const QString &name)
{
    return valueIn<Kind>(kKindNames, name);
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
        object.insert(kError, ApiErrorJson::toJson(error));
    return object;
}

std::optional<ConversationItem> ConversationItem::fromJson(const QJsonObject &object)
{
    const std::optional<Kind> kind = kindFromName(object.value(kKind).toString());
    if (!kind)
        return std::nullopt;
    ConversationItem item;
    item.kind = *kind;
    JsonFieldReader read(object);
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
        // Files written before the one form of an ApiError use older key names.
        const std::optional<ApiError> parsed =
                ApiErrorJson::fromJson(ApiErrorJson::withCurrentKeys(*error));
        if (!parsed)
            return std::nullopt;
        item.error = *parsed;
    }
    if (!read.ok())
        return std::nullopt;
    return item;
}

} // namespace steadfast
