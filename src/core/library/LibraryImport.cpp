// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary::importJson: read and check the whole file first, then write it all in
// one transaction, or nothing.
#include "core/library/ConversationLibrary.h"

#include "core/Logging.h"
#include "core/library/LibraryJson.h"
#include "core/library/LibraryPrivate.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace steadfast {

using namespace LibraryJson;

namespace {

struct ImportedMessage
{
    ConversationItem item;
    QString parent;        // id, empty for a root
    QString selectedChild; // id, may be empty
};

struct ImportedConversation
{
    QString id;
    QString title;
    bool titleEdited = false;
    QDateTime created;
    QDateTime updated;
    bool pinned = false;
    QDateTime trashed;
    ConversationSettings settings;
    QString draft;
    QString selectedRoot;
    QList<ImportedMessage> messages; // parents before their children
};

/// Reads the export format and checks everything an import relies on; the first problem
/// found becomes error, a sentence for the user.
class ImportReader
{
public:
    std::optional<QList<ImportedConversation>> read(const QByteArray &data);
    QString error;

private:
    bool readConversation(const QJsonObject &object, qsizetype number,
                          ImportedConversation *conversation);
    bool readMessage(const QJsonValue &value, const QString &where, ImportedMessage *message);
    bool checkTree(ImportedConversation *conversation, const QString &where);

    bool problem(const QString &sentence)
    {
        error = sentence;
        return false;
    }
    // Optional fields: absent is the default; present, they must have the right type.
    bool string(const QJsonObject &object, const QString &key, const QString &where, QString *out)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString())
            return problem(u"%1 has a \"%2\" that is not text."_s.arg(where, key));
        *out = value.toString();
        return true;
    }
    bool boolean(const QJsonObject &object, const QString &key, const QString &where, bool *out)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return true;
        if (!value.isBool())
            return problem(u"%1 has a \"%2\" that is not true or false."_s.arg(where, key));
        *out = value.toBool();
        return true;
    }
    bool time(const QJsonObject &object, const QString &key, const QString &where, bool required,
              QDateTime *out)
    {
        const QJsonValue value = object.value(key);
        if ((value.isUndefined() || value.isNull()) && !required)
            return true;
        const QDateTime parsed = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
        if (!value.isString() || !parsed.isValid())
            return problem(u"%1 has no valid \"%2\" time."_s.arg(where, key));
        *out = parsed.toUTC();
        return true;
    }

    QSet<QString> m_conversationIds;
    QSet<QString> m_messageIds;
};

std::optional<QList<ImportedConversation>> ImportReader::read(const QByteArray &data)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        problem(u"The file is not valid JSON (%1 at byte %2)."_s.arg(parseError.errorString())
                        .arg(parseError.offset));
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(kFormat).toString() != kFormatName) {
        problem(u"The file is not a Steadfast export."_s);
        return std::nullopt;
    }
    const QJsonValue version = root.value(kVersion);
    if (!version.isDouble() || version.toDouble() != double(version.toInt())
        || version.toInt() < 1) {
        problem(u"The file has no valid format version."_s);
        return std::nullopt;
    }
    if (version.toInt() > ConversationLibrary::exportVersion) {
        problem(u"The file was exported by a newer version of Steadfast (format version %1;"
                " this version reads up to %2)."_s.arg(version.toInt())
                        .arg(ConversationLibrary::exportVersion));
        return std::nullopt;
    }
    if (!root.value(kConversations).isArray()) {
        problem(u"The file has no list of conversations."_s);
        return std::nullopt;
    }
    const QJsonArray array = root.value(kConversations).toArray();
    QList<ImportedConversation> conversations;
    conversations.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = u"Conversation %1"_s.arg(i + 1);
        if (!array.at(i).isObject()) {
            problem(u"%1 is not an object."_s.arg(where));
            return std::nullopt;
        }
        ImportedConversation conversation;
        if (!readConversation(array.at(i).toObject(), i + 1, &conversation))
            return std::nullopt;
        conversations.append(std::move(conversation));
    }
    return conversations;
}

bool ImportReader::readConversation(const QJsonObject &object, qsizetype number,
                                    ImportedConversation *conversation)
{
    const QString where = u"Conversation %1"_s.arg(number);
    if (!string(object, kId, where, &conversation->id))
        return false;
    if (conversation->id.trimmed().isEmpty())
        return problem(u"%1 has no id."_s.arg(where));
    if (m_conversationIds.contains(conversation->id))
        return problem(u"%1 has the same id as an earlier one."_s.arg(where));
    m_conversationIds.insert(conversation->id);
    if (!string(object, kTitle, where, &conversation->title)
        || !boolean(object, kTitleEdited, where, &conversation->titleEdited)
        || !time(object, kCreated, where, true, &conversation->created)
        || !time(object, kUpdated, where, true, &conversation->updated)
        || !boolean(object, kPinned, where, &conversation->pinned)
        || !time(object, kTrashed, where, false, &conversation->trashed)
        || !string(object, kDraft, where, &conversation->draft)
        || !string(object, kSelectedRoot, where, &conversation->selectedRoot)) {
        return false;
    }
    const QJsonValue settings = object.value(kSettings);
    if (!settings.isUndefined()) {
        const std::optional<ConversationSettings> parsed =
                settings.isObject() ? settingsFromJson(settings.toObject()) : std::nullopt;
        if (!parsed)
            return problem(u"%1 has settings that are not valid."_s.arg(where));
        conversation->settings = *parsed;
    }
    if (!object.value(kMessages).isArray())
        return problem(u"%1 has no list of messages."_s.arg(where));
    const QJsonArray messages = object.value(kMessages).toArray();
    conversation->messages.reserve(messages.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        ImportedMessage message;
        const QString messageWhere = u"Message %1 of conversation %2"_s.arg(i + 1).arg(number);
        if (!readMessage(messages.at(i), messageWhere, &message)) {
            return false;
        }
        conversation->messages.append(std::move(message));
    }
    return checkTree(conversation, where);
}

bool ImportReader::readMessage(const QJsonValue &value, const QString &where,
                               ImportedMessage *message)
{
    if (!value.isObject())
        return problem(u"%1 is not an object."_s.arg(where));
    const QJsonObject object = value.toObject();
    std::optional<ConversationItem> item = ConversationItem::fromJson(object);
    if (!item) {
        return problem(
                u"%1 is not a valid message (its kind, id, time or another field)."_s.arg(where));
    }
    if (m_messageIds.contains(item->id))
        return problem(u"%1 has the same id as an earlier message."_s.arg(where));
    m_messageIds.insert(item->id);
    if (!string(object, kParent, where, &message->parent)
        || !string(object, kSelectedChild, where, &message->selectedChild)) {
        return false;
    }
    message->item = std::move(*item);
    return true;
}

bool ImportReader::checkTree(ImportedConversation *conversation, const QString &where)
{
    QList<ImportedMessage> &messages = conversation->messages;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < messages.size(); ++i)
        index.insert(messages.at(i).item.id, i);
    for (const ImportedMessage &message : std::as_const(messages)) {
        if (!message.parent.isEmpty() && !index.contains(message.parent)) {
            return problem(u"In %1, the message %2 answers a message that is not in the same"
                           " conversation."_s.arg(where.toLower(), message.item.id));
        }
        if (!message.selectedChild.isEmpty()
            && (!index.contains(message.selectedChild)
                || messages.at(index.value(message.selectedChild)).parent != message.item.id)) {
            return problem(
                    u"In %1, the message %2 selects a reply that is not one of its own."_s.arg(
                            where.toLower(), message.item.id));
        }
    }
    if (!conversation->selectedRoot.isEmpty()
        && (!index.contains(conversation->selectedRoot)
            || !messages.at(index.value(conversation->selectedRoot)).parent.isEmpty())) {
        return problem(u"%1 selects a first message that it does not have."_s.arg(where));
    }
    // No cycles: following parents from any message must reach a root. 0: not seen,
    // 1: on the chain being followed, 2: reaches a root.
    QList<int> state(messages.size(), 0);
    for (qsizetype start = 0; start < messages.size(); ++start) {
        QList<qsizetype> chain;
        qsizetype at = start;
        while (at >= 0 && state.at(at) == 0) {
            state[at] = 1;
            chain.append(at);
            const QString &parent = messages.at(at).parent;
            at = parent.isEmpty() ? -1 : index.value(parent);
        }
        if (at >= 0 && state.at(at) == 1) {
            return problem(u"In %1, the messages' parents form a cycle."_s.arg(where.toLower()));
        }
        for (const qsizetype i : std::as_const(chain))
            state[i] = 2;
    }
    // Parents before children: keep the file's order where it already is (an export's is).
    QList<ImportedMessage> ordered;
    ordered.reserve(messages.size());
    QSet<QString> placed;
    QList<ImportedMessage> pending = messages;
    while (!pending.isEmpty()) {
        QList<ImportedMessage> later;
        for (ImportedMessage &message : pending) {
            if (message.parent.isEmpty() || placed.contains(message.parent)) {
                placed.insert(message.item.id);
                ordered.append(std::move(message));
            } else {
                later.append(std::move(message));
            }
        }
        pending = std::move(later);
    }
    messages = std::move(ordered);
    return true;
}

QString freshId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

ImportResult ConversationLibrary::importJson(const QByteArray &data)
{
    ImportResult result;
    if (!d->open) {
        result.error = u"The library is not open."_s;
        return result;
    }
    ImportReader reader;
    std::optional<QList<ImportedConversation>> conversations = reader.read(data);
    if (!conversations) {
        result.error = reader.error;
        d->lastError = u"Could not import: %1"_s.arg(reader.error);
        qCInfo(lcLibrary) << "import refused:" << reader.error;
        return result;
    }

    const QString what = u"Could not import the conversations"_s;
    const auto abort = [this, &result] {
        d->abort();
        result.error = d->lastError;
        result.conversationIds.clear();
        return result;
    };
    if (!d->begin(what)) {
        d->fail(d->lastError);
        result.error = d->lastError;
        return result;
    }
    QSqlQuery messageExists = d->prepare(u"SELECT 1 FROM messages WHERE id = ?"_s);
    QSqlQuery insertConversation = d->prepare(
            u"INSERT INTO conversations (id, title, title_edited, created, updated, pinned,"
            " trashed, settings, draft) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery selectChild = d->prepare(u"UPDATE messages SET selected_child = ? WHERE row = ?"_s);
    QSqlQuery selectRoot = d->prepare(u"UPDATE conversations SET selected_root = ? WHERE id = ?"_s);
    for (ImportedConversation &conversation : *conversations) {
        // Already here (imported before, or exported from this library): a copy, new ids.
        bool copy = d->conversationExists(conversation.id);
        for (qsizetype i = 0; !copy && i < conversation.messages.size(); ++i) {
            messageExists.bindValue(0, conversation.messages.at(i).item.id);
            if (!d->exec(messageExists, what))
                return abort();
            copy = messageExists.next();
            messageExists.finish();
        }
        QHash<QString, QString> newIds; // old -> new, for a copy
        const auto idOf = [&](const QString &id) {
            return !copy || id.isEmpty() ? id : newIds.value(id);
        };
        if (copy) {
            conversation.id = freshId();
            for (const ImportedMessage &message : std::as_const(conversation.messages))
                newIds.insert(message.item.id, freshId());
        }
        const QVariantList values{
                conversation.id,
                orEmpty(conversation.title),
                int(conversation.titleEdited),
                conversation.created.toMSecsSinceEpoch(),
                conversation.updated.toMSecsSinceEpoch(),
                int(conversation.pinned),
                msFromTime(conversation.trashed),
                QString::fromUtf8(QJsonDocument(settingsToJson(conversation.settings))
                                          .toJson(QJsonDocument::Compact)),
                orEmpty(conversation.draft),
        };
        for (int i = 0; i < values.size(); ++i)
            insertConversation.bindValue(i, values.at(i));
        if (!d->exec(insertConversation, what))
            return abort();

        QHash<QString, qint64> rows; // new id -> row
        for (ImportedMessage &message : conversation.messages) {
            message.item.id = idOf(message.item.id);
            const QString parent = idOf(message.parent);
            const std::optional<qint64> row = d->insertMessage(
                    conversation.id,
                    parent.isEmpty() ? std::nullopt : std::optional<qint64>(rows.value(parent)),
                    message.item);
            if (!row)
                return abort();
            rows.insert(message.item.id, *row);
        }
        for (const ImportedMessage &message : std::as_const(conversation.messages)) {
            if (message.selectedChild.isEmpty())
                continue;
            selectChild.bindValue(0, rows.value(idOf(message.selectedChild)));
            selectChild.bindValue(1, rows.value(message.item.id));
            if (!d->exec(selectChild, what))
                return abort();
        }
        if (!conversation.selectedRoot.isEmpty()) {
            selectRoot.bindValue(0, rows.value(idOf(conversation.selectedRoot)));
            selectRoot.bindValue(1, conversation.id);
            if (!d->exec(selectRoot, what))
                return abort();
        }
        result.conversationIds.append(conversation.id);
    }
    if (!d->commit(what))
        return abort();
    result.ok = true;
    qCInfo(lcLibrary) << "imported" << result.conversationIds.size() << "conversations";
    if (!result.conversationIds.isEmpty())
        Q_EMIT conversationsChanged();
    return result;
}

} // namespace steadfast
