// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Conversation.h"

#include "core/Logging.h"
#include "core/library/ConversationLibrary.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QMetaEnum>
#include <QUuid>

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
const QString kVersion = u"version"_s;
const QString kItems = u"items"_s;

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

Conversation::Conversation(QObject *parent)
    : QAbstractListModel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
}

void Conversation::setLibrary(ConversationLibrary *library)
{
    m_library = library;
}

bool Conversation::open(const QString &conversationId)
{
    if (!m_library || !m_library->conversation(conversationId))
        return false;
    const QStringList ids = m_library->pathIds(conversationId);
    beginResetModel();
    m_conversationId = conversationId;
    m_rows.clear();
    m_rows.reserve(ids.size());
    for (const QString &id : ids)
        m_rows.append(Row{id, std::nullopt});
    endResetModel();
    Q_EMIT conversationOpened(conversationId);
    return true;
}

void Conversation::reloadFrom(int from)
{
    if (!m_library || m_conversationId.isEmpty())
        return;
    from = std::clamp(from, 0, count());
    const QStringList ids = m_library->pathIds(m_conversationId);
    // The rows before `from` are the same messages: only what follows is read again.
    if (from < count()) {
        beginRemoveRows({}, from, count() - 1);
        m_rows.remove(from, count() - from);
        endRemoveRows();
    }
    QList<Row> rows;
    for (qsizetype i = from; i < ids.size(); ++i)
        rows.append(Row{ids.at(i), std::nullopt});
    insertRows(from, std::move(rows));
}

void Conversation::insertRows(int from, QList<Row> rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, from, from + int(rows.size()) - 1);
    for (qsizetype i = 0; i < rows.size(); ++i)
        m_rows.insert(from + i, std::move(rows[i]));
    endInsertRows();
}

int Conversation::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant Conversation::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= count())
        return {};
    const ConversationItem &item = at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return item.text;
    case ItemRole:
        return QVariant::fromValue(item);
    case KindRole:
        return int(item.kind);
    case IdRole:
        return item.id;
    default:
        return {};
    }
}

QHash<int, QByteArray> Conversation::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ItemRole, "item");
    names.insert(KindRole, "kind");
    names.insert(IdRole, "id");
    return names;
}

void Conversation::loadPage(int index) const
{
    // The page of pageSize rows that holds index, counted from the end: a conversation is
    // read from its latest messages back, as a user scrolls up.
    const int fromEnd = count() - 1 - index;
    const int last = count() - 1 - (fromEnd / pageSize) * pageSize;
    const int first = std::max(0, last - pageSize + 1);
    QStringList ids;
    for (int i = first; i <= last; ++i) {
        if (!m_rows.at(i).item)
            ids.append(m_rows.at(i).id);
    }
    QHash<QString, ConversationItem> read;
    if (m_library) {
        for (ConversationItem &item : m_library->messages(ids))
            read.insert(item.id, std::move(item));
    }
    for (int i = first; i <= last; ++i) {
        const Row &row = m_rows.at(i);
        if (row.item)
            continue;
        if (auto found = read.find(row.id); found != read.end()) {
            row.item = std::move(*found);
            if (row.item->streaming) {
                // Saved mid-stream by a run that ended before the reply did (the one being
                // written now is in memory already, never read back).
                row.item->streaming = false;
                row.item->interrupted = true;
            }
        } else {
            // Gone from under us (another process purged it): an empty item, never a crash.
            qCWarning(lcSession) << "message" << row.id << "could not be read";
            ConversationItem missing;
            missing.id = row.id;
            missing.kind = ConversationItem::Kind::Error;
            missing.error.kind = ApiError::Kind::InvalidResponse;
            row.item = std::move(missing);
        }
    }
}

const ConversationItem &Conversation::at(int index) const
{
    Q_ASSERT(index >= 0 && index < count());
    const Row &row = m_rows.at(index);
    if (!row.item)
        loadPage(index);
    return *row.item;
}

bool Conversation::isLoaded(int index) const
{
    return index >= 0 && index < count() && m_rows.at(index).item.has_value();
}

int Conversation::lastIndexOf(ConversationItem::Kind kind) const
{
    for (int i = count() - 1; i >= 0; --i) {
        if (at(i).kind == kind)
            return i;
    }
    return -1;
}

int Conversation::indexOfId(const QString &id) const
{
    for (int i = count() - 1; i >= 0; --i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

int Conversation::append(ConversationItem item)
{
    if (item.id.isEmpty())
        item.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!item.time.isValid())
        item.time = m_clock();
    item.time = item.time.toUTC();
    if (m_library && !m_conversationId.isEmpty()) {
        const QString parent = count() > 0 ? m_rows.constLast().id : QString();
        if (m_library->addMessage(m_conversationId, parent, item).isEmpty())
            return -1;
        // Its siblings: the place it took in the tree.
        if (const std::optional<ConversationItem> written = m_library->message(item.id))
            item = *written;
    }
    const int index = count();
    beginInsertRows({}, index, index);
    m_rows.append(Row{item.id, std::move(item)});
    endInsertRows();
    return index;
}

void Conversation::appendText(int index, const QString &text)
{
    if (index < 0 || index >= count() || text.isEmpty())
        return;
    at(index);
    ConversationItem &item = *m_rows[index].item;
    if (item.kind != ConversationItem::Kind::Assistant)
        return;
    item.text += text;
    Q_EMIT textAppended(index, text);
}

bool Conversation::flushText(int index)
{
    if (index < 0 || index >= count() || !m_library || m_conversationId.isEmpty())
        return true;
    const ConversationItem &item = at(index);
    return m_library->setMessageText(item.id, item.text, item.streaming);
}

bool Conversation::replace(int index, const ConversationItem &item)
{
    if (index < 0 || index >= count())
        return false;
    const ConversationItem &old = at(index);
    ConversationItem updated = item;
    if (updated.id.isEmpty())
        updated.id = old.id;
    updated.time = updated.time.isValid() ? updated.time.toUTC() : old.time;
    updated.parentId = old.parentId;
    updated.siblingIndex = old.siblingIndex;
    updated.siblingCount = old.siblingCount;
    // Shown as it is even when it cannot be written: the text stays in memory, and the
    // library has said why it could not save it.
    const bool written =
            !m_library || m_conversationId.isEmpty() || m_library->updateMessage(updated);
    m_rows[index] = Row{updated.id, std::move(updated)};
    const QModelIndex changed = this->index(index);
    Q_EMIT dataChanged(changed, changed);
    return written;
}

void Conversation::removeFrom(int index)
{
    index = std::max(index, 0);
    if (index >= count())
        return;
    if (m_library && !m_conversationId.isEmpty()) {
        // Removing the first removes what hangs under it on this path.
        m_library->removeMessage(m_rows.at(index).id);
    }
    truncate(index);
}

void Conversation::truncate(int index)
{
    index = std::max(index, 0);
    if (index >= count())
        return;
    beginRemoveRows({}, index, count() - 1);
    m_rows.remove(index, count() - index);
    endRemoveRows();
}

void Conversation::clear()
{
    beginResetModel();
    m_rows.clear();
    m_conversationId.clear();
    endResetModel();
    Q_EMIT conversationOpened(QString());
}

bool Conversation::restore(const QJsonObject &object)
{
    const std::optional<QList<ConversationItem>> items = itemsFromJson(object);
    if (!items)
        return false;
    beginResetModel();
    m_conversationId.clear();
    m_rows.clear();
    for (const ConversationItem &item : *items)
        m_rows.append(Row{item.id, item});
    endResetModel();
    return true;
}

std::optional<QList<ConversationItem>> Conversation::itemsFromJson(const QJsonObject &object)
{
    const QJsonValue version = object.value(kVersion);
    if (!version.isDouble() || version.toDouble() != formatVersion)
        return std::nullopt;
    const QJsonValue items = object.value(kItems);
    if (!items.isArray())
        return std::nullopt;
    QList<ConversationItem> restored;
    const QJsonArray array = items.toArray();
    restored.reserve(array.size());
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            return std::nullopt;
        std::optional<ConversationItem> item = ConversationItem::fromJson(value.toObject());
        if (!item)
            return std::nullopt;
        if (item->kind == ConversationItem::Kind::Assistant && item->streaming) {
            // Saved mid-stream: the application ended before the reply did.
            item->streaming = false;
            item->interrupted = true;
        }
        restored.append(std::move(*item));
    }
    return restored;
}

QJsonObject Conversation::toJson() const
{
    QJsonArray items;
    for (int i = 0; i < count(); ++i)
        items.append(at(i).toJson());
    return {{kVersion, formatVersion}, {kItems, items}};
}

QList<ChatMessage> Conversation::context(const QString &systemPrompt, int upTo) const
{
    const int end = upTo < 0 ? count() : std::min(upTo, count());
    QList<ChatMessage> messages;
    if (!systemPrompt.isEmpty())
        messages.append({u"system"_s, systemPrompt});
    for (int i = 0; i < end; ++i) {
        const ConversationItem &item = at(i);
        if (item.text.isEmpty())
            continue;
        switch (item.kind) {
        case ConversationItem::Kind::User:
            messages.append({u"user"_s, item.text});
            break;
        case ConversationItem::Kind::Assistant:
            messages.append({u"assistant"_s, item.text});
            break;
        case ConversationItem::Kind::Error:
            break; // never: an error is not part of what was said
        }
    }
    return messages;
}

void Conversation::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
}

} // namespace steadfast
