// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationLibrary::migrateLegacyFiles: the files ConversationStore wrote before the
// library (conversation.json, draft.json, archive/conversation-*.json) become conversations,
// in one transaction; the files are then renamed, never deleted.
#include "core/library/ConversationLibrary.h"

#include "core/Logging.h"
#include "core/library/LibraryPrivate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

struct LegacyFile
{
    QString path;
    bool current = false; // conversation.json
    QList<ConversationItem> items;
};

/// A name not taken yet: base, else base-2, base-3, …
QString freeName(const QString &base)
{
    QString candidate = base;
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = u"%1-%2"_s.arg(base).arg(n);
    return candidate;
}

/// The JSON object in path, or a sentence saying why there is none.
std::optional<QJsonObject> readObject(const QString &path, QString *problem)
{
    const QString native = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = u"%1 could not be read: %2."_s.arg(native, file.errorString());
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError) {
        *problem = u"%1 is not valid JSON (%2 at byte %3)."_s.arg(native, error.errorString())
                           .arg(error.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *problem = u"%1 does not hold a JSON object."_s.arg(native);
        return std::nullopt;
    }
    return document.object();
}

/// The items of a legacy conversation file, as Conversation::restore() reads them: version
/// 1, every item valid; a reply saved mid-stream comes back interrupted.
std::optional<QList<ConversationItem>> readItems(const QString &path, QString *problem)
{
    const std::optional<QJsonObject> object = readObject(path, problem);
    if (!object)
        return std::nullopt;
    std::optional<QList<ConversationItem>> items = Conversation::itemsFromJson(*object);
    if (!items) {
        *problem = u"%1 is not a conversation this version of Steadfast can read."_s.arg(
                QDir::toNativeSeparators(path));
    }
    return items;
}

} // namespace

LegacyMigration ConversationLibrary::migrateLegacyFiles(const QString &directory)
{
    LegacyMigration result;
    const QDir dir(directory);
    const QString stamp = d->now().toString(u"yyyyMMdd-HHmmss-zzz"_s);
    const auto setAside = [&result, &stamp](const QString &path, const QString &problem) {
        const QString aside = freeName(u"%1.corrupt-%2"_s.arg(path, stamp));
        const bool moved = QFile::rename(path, aside);
        result.problems.append(
                moved ? u"%1 It was kept as %2."_s.arg(problem, QDir::toNativeSeparators(aside))
                      : u"%1 It could not be moved aside."_s.arg(problem));
        if (moved)
            result.setAside.append(aside);
        qCWarning(lcLibrary) << "legacy file set aside:" << QFileInfo(path).fileName();
    };

    // Oldest first: the archives (named by their time), then the current conversation.
    QStringList paths;
    const QDir archive(dir.filePath(u"archive"_s));
    for (const QString &name :
         archive.entryList({u"conversation-*.json"_s}, QDir::Files, QDir::Name)) {
        paths.append(archive.filePath(name));
    }
    const QString currentPath = dir.filePath(u"conversation.json"_s);
    if (QFileInfo::exists(currentPath))
        paths.append(currentPath);
    const QString draftPath = dir.filePath(u"draft.json"_s);
    if (paths.isEmpty() && !QFileInfo::exists(draftPath))
        return result;

    QList<LegacyFile> files;
    for (const QString &path : std::as_const(paths)) {
        QString problem;
        std::optional<QList<ConversationItem>> items = readItems(path, &problem);
        if (!items) {
            setAside(path, problem);
            continue;
        }
        files.append({path, path == currentPath, std::move(*items)});
    }
    QString draft;
    bool draftRead = false;
    if (QFileInfo::exists(draftPath)) {
        QString problem;
        const std::optional<QJsonObject> object = readObject(draftPath, &problem);
        if (object && object->value(u"text"_s).isString()) {
            draft = object->value(u"text"_s).toString();
            draftRead = true;
        } else {
            setAside(draftPath,
                     object ? u"%1 holds no draft text."_s.arg(QDir::toNativeSeparators(draftPath))
                            : problem);
        }
    }
    const bool hasCurrent =
            std::any_of(files.begin(), files.end(), [](const LegacyFile &f) { return f.current; });
    if (!hasCurrent && !draft.isEmpty())
        files.append({QString(), true, {}}); // a conversation to hold the draft

    const QString what = u"Could not bring the earlier conversations into the library"_s;
    const auto abort = [this, &result] {
        d->abort();
        result.problems.append(d->lastError);
        result.conversations = 0;
        result.messages = 0;
        result.currentId.clear();
        return result;
    };
    if (!d->begin(what)) {
        d->fail(d->lastError);
        result.problems.append(d->lastError);
        return result;
    }
    QSqlQuery insertConversation = d->prepare(
            u"INSERT INTO conversations (id, created, updated, draft) VALUES (?, ?, ?, ?)"_s);
    QSqlQuery selectChild = d->prepare(u"UPDATE messages SET selected_child = ? WHERE row = ?"_s);
    QSqlQuery selectRoot = d->prepare(u"UPDATE conversations SET selected_root = ? WHERE id = ?"_s);
    QSqlQuery idTaken = d->prepare(u"SELECT 1 FROM messages WHERE id = ?"_s);
    QSet<QString> usedIds;
    for (LegacyFile &file : files) {
        if (file.items.isEmpty() && !file.current)
            continue; // an empty archive: nothing to keep
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const qint64 now = d->now().toMSecsSinceEpoch();
        insertConversation.bindValue(0, id);
        insertConversation.bindValue(
                1, file.items.isEmpty() ? now : file.items.first().time.toMSecsSinceEpoch());
        insertConversation.bindValue(
                2, file.items.isEmpty() ? now : file.items.last().time.toMSecsSinceEpoch());
        insertConversation.bindValue(3, orEmpty(file.current ? draft : QString()));
        if (!d->exec(insertConversation, what))
            return abort();
        // A chain: each item answers the one before it.
        std::optional<qint64> parent;
        for (ConversationItem &item : file.items) {
            // An id seen before (a file copied, a crash between archiving and clearing) would
            // clash: that copy gets a new one.
            idTaken.bindValue(0, item.id);
            if (!d->exec(idTaken, what))
                return abort();
            if (idTaken.next() || usedIds.contains(item.id))
                item.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            idTaken.finish();
            usedIds.insert(item.id);
            const std::optional<qint64> row = d->insertMessage(id, parent, item);
            if (!row)
                return abort();
            if (parent) {
                selectChild.bindValue(0, *row);
                selectChild.bindValue(1, *parent);
                if (!d->exec(selectChild, what))
                    return abort();
            } else {
                selectRoot.bindValue(0, *row);
                selectRoot.bindValue(1, id);
                if (!d->exec(selectRoot, what))
                    return abort();
            }
            parent = row;
            ++result.messages;
        }
        if (!d->refreshTitle(id))
            return abort();
        ++result.conversations;
        if (file.current)
            result.currentId = id;
    }
    if (!result.currentId.isEmpty()) {
        QSqlQuery current = d->prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"_s);
        current.addBindValue(u"currentConversationId"_s);
        current.addBindValue(result.currentId);
        if (!d->exec(current, what))
            return abort();
    }
    if (!d->commit(what))
        return abort();

    // Saved: now the files step aside, renamed, never deleted.
    QStringList done;
    for (const LegacyFile &file : std::as_const(files)) {
        if (!file.path.isEmpty())
            done.append(file.path);
    }
    if (draftRead)
        done.append(draftPath);
    for (const QString &path : std::as_const(done)) {
        const QString target = freeName(path + u".migrated"_s);
        if (QFile::rename(path, target)) {
            result.migrated.append(target);
        } else {
            result.problems.append(
                    u"%1 was brought into the library but could not be renamed;"
                    " it may be brought in again."_s.arg(QDir::toNativeSeparators(path)));
        }
    }
    qCInfo(lcLibrary) << "migrated" << result.conversations << "earlier conversations,"
                      << result.messages << "items";
    if (result.conversations > 0)
        Q_EMIT conversationsChanged();
    return result;
}

} // namespace steadfast
