// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary::Private: the helpers every query and write of the library goes
// through (errors, transactions, selection and titles), and small conversions.
#include "core/library/LibraryPrivate.h"

#include "core/Logging.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr int kTitleLength = 60;

} // namespace

// Helpers shared by the library's files

QVariant msFromTime(const QDateTime &time)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<qint64>());
    return time.toMSecsSinceEpoch();
}

QDateTime timeFromMs(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString titleFromText(const QString &text)
{
    const QString trimmed = text.trimmed();
    QString line = trimmed.left(trimmed.indexOf(u'\n')).simplified();
    if (line.size() <= kTitleLength)
        return line;
    // Cut at the last space that leaves at least half the length; a long word is cut where
    // it must be, never inside a surrogate pair.
    qsizetype cut = line.lastIndexOf(u' ', kTitleLength);
    if (cut < kTitleLength / 2) {
        cut = kTitleLength;
        if (line.at(cut - 1).isHighSurrogate())
            --cut;
    }
    return line.left(cut).trimmed() + QChar(0x2026);
}

QJsonObject settingsToJson(const ConversationSettings &settings)
{
    QJsonObject object;
    if (!settings.model.isEmpty())
        object.insert(u"model"_s, settings.model);
    if (settings.systemPrompt)
        object.insert(u"systemPrompt"_s, *settings.systemPrompt);
    if (settings.temperature)
        object.insert(u"temperature"_s, *settings.temperature);
    if (settings.maxTokens)
        object.insert(u"maxTokens"_s, *settings.maxTokens);
    return object;
}

std::optional<ConversationSettings> settingsFromJson(const QJsonObject &object)
{
    ConversationSettings settings;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue value = it.value();
        if (it.key() == u"model"_s && value.isString()) {
            settings.model = value.toString();
        } else if (it.key() == u"systemPrompt"_s && value.isString()) {
            settings.systemPrompt = value.toString();
        } else if (it.key() == u"temperature"_s && value.isDouble()) {
            settings.temperature = value.toDouble();
        } else if (it.key() == u"maxTokens"_s && value.isDouble()
                   && value.toDouble() == double(value.toInt()) && value.toInt() > 0) {
            settings.maxTokens = value.toInt();
        } else {
            return std::nullopt; // an unknown key or a wrong type
        }
    }
    return settings;
}

// Private

QSqlQuery ConversationLibrary::Private::prepare(const QString &sql) const
{
    QSqlQuery query(db());
    if (!query.prepare(sql))
        lastError = u"Could not prepare a query: %1"_s.arg(sqlReason(query.lastError()));
    return query;
}

QString ConversationLibrary::Private::sqlReason(const QSqlError &error) const
{
    const QString reason = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return reason.isEmpty() ? u"unknown error"_s : reason;
}

bool ConversationLibrary::Private::exec(QSqlQuery &query, const QString &what) const
{
    if (query.exec())
        return true;
    lastError = u"%1: %2."_s.arg(what, sqlReason(query.lastError()));
    return false;
}

bool ConversationLibrary::Private::run(const QString &sql, const QString &what) const
{
    QSqlQuery query(db());
    if (query.exec(sql))
        return true;
    lastError = u"%1: %2."_s.arg(what, sqlReason(query.lastError()));
    return false;
}

bool ConversationLibrary::Private::fail(const QString &what) const
{
    lastError = what;
    qCWarning(lcLibrary) << "write failed:" << what;
    Q_EMIT q->writeFailed(what);
    return false;
}

void ConversationLibrary::Private::readFailed(const QString &what) const
{
    lastError = what;
    qCWarning(lcLibrary) << "read failed:" << what;
}

bool ConversationLibrary::Private::begin(const QString &what)
{
    if (!open) {
        lastError = u"%1: the library is not open."_s.arg(what);
        return false;
    }
    // IMMEDIATE: take the write lock now, not half way through.
    return run(u"BEGIN IMMEDIATE"_s, what);
}

bool ConversationLibrary::Private::commit(const QString &what)
{
    if (run(u"COMMIT"_s, what))
        return true;
    rollback();
    return false;
}

void ConversationLibrary::Private::rollback()
{
    QSqlQuery query(db());
    query.exec(u"ROLLBACK"_s); // fails harmlessly when SQLite already rolled back
}

bool ConversationLibrary::Private::abort()
{
    rollback();
    return fail(lastError);
}

std::optional<ConversationLibrary::Private::MessageRef>
ConversationLibrary::Private::beginOnMessage(const QString &id, const QString &what)
{
    if (!begin(what)) {
        fail(lastError);
        return std::nullopt;
    }
    std::optional<MessageRef> ref = messageRef(id);
    if (!ref) {
        lastError = u"%1: there is no such message."_s.arg(what);
        abort();
    }
    return ref;
}

bool ConversationLibrary::Private::conversationExists(const QString &id) const
{
    QSqlQuery query = prepare(u"SELECT 1 FROM conversations WHERE id = ?"_s);
    query.addBindValue(id);
    return query.exec() && query.next();
}

bool ConversationLibrary::Private::touch(const QString &conversation, qint64 updatedMs)
{
    QSqlQuery query = prepare(u"UPDATE conversations SET updated = ? WHERE id = ?"_s);
    query.addBindValue(updatedMs);
    query.addBindValue(conversation);
    return exec(query, u"Could not update the conversation's time"_s);
}

bool ConversationLibrary::Private::refreshTitle(const QString &conversation)
{
    QSqlQuery first = prepare(u"SELECT text FROM messages WHERE conversation = ? AND deleted = 0"
                              " AND kind = 0 ORDER BY row LIMIT 1"_s);
    first.addBindValue(conversation);
    if (!exec(first, u"Could not read the conversation's first message"_s))
        return false;
    const QString title = first.next() ? titleFromText(first.value(0).toString()) : QString();
    QSqlQuery update = prepare(u"UPDATE conversations SET title = ? WHERE id = ?"
                               " AND title_edited = 0 AND title <> ?"_s);
    update.addBindValue(orEmpty(title));
    update.addBindValue(conversation);
    update.addBindValue(orEmpty(title));
    return exec(update, u"Could not update the conversation's title"_s);
}

} // namespace steadfast
