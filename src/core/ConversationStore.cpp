// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ConversationStore.h"

#include "core/Conversation.h"

#include "core/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

const QString kConversationFile = u"conversation.json"_s;
const QString kDraftFile = u"draft.json"_s;
const QString kArchiveDir = u"archive"_s;
const QString kDraftText = u"text"_s;

/// A name that is not taken yet: base + suffix, else base + "-2" + suffix, "-3", …
QString freeName(const QString &base, const QString &suffix)
{
    QString candidate = base + suffix;
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = u"%1-%2%3"_s.arg(base).arg(n).arg(suffix);
    return candidate;
}

} // namespace

ConversationStore::ConversationStore(QString directory, QObject *parent)
    : QObject(parent)
    , m_directory(QDir::cleanPath(std::move(directory)))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    // A failure here shows again, and is reported, at the first write.
    QDir().mkpath(m_directory);
}

QString ConversationStore::directory() const
{
    return m_directory;
}

QString ConversationStore::conversationPath() const
{
    return QDir(m_directory).filePath(kConversationFile);
}

QString ConversationStore::draftPath() const
{
    return QDir(m_directory).filePath(kDraftFile);
}

QString ConversationStore::archiveDirectory() const
{
    return QDir(m_directory).filePath(kArchiveDir);
}

QString ConversationStore::lastError() const
{
    return m_lastError;
}

QString ConversationStore::lastArchivePath() const
{
    return m_lastArchivePath;
}

void ConversationStore::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
}

QString ConversationStore::timestamp() const
{
    return m_clock().toUTC().toString(u"yyyyMMdd-HHmmss-zzz"_s);
}

bool ConversationStore::saveConversation(const Conversation &conversation)
{
    return write(conversationPath(), QJsonDocument(conversation.toJson()).toJson());
}

bool ConversationStore::saveDraft(const QString &draft)
{
    return write(draftPath(), QJsonDocument(QJsonObject{{kDraftText, draft}}).toJson());
}

bool ConversationStore::archiveConversation(const Conversation &conversation)
{
    const QString directory = archiveDirectory();
    if (!ensureDirectory(directory))
        return false;
    const QString path =
            freeName(QDir(directory).filePath(u"conversation-%1"_s.arg(timestamp())), u".json"_s);
    if (!write(path, QJsonDocument(conversation.toJson()).toJson()))
        return false;
    m_lastArchivePath = path;
    qCInfo(lcStore) << "archived the conversation to" << QFileInfo(path).fileName();
    return true;
}

bool ConversationStore::ensureDirectory(const QString &path)
{
    if (QFileInfo(path).isDir())
        return true;
    if (QDir().mkpath(path))
        return true;
    return failSave(tr("Could not create the folder %1 to save the conversation in.")
                            .arg(QDir::toNativeSeparators(path)));
}

bool ConversationStore::write(const QString &path, const QByteArray &data)
{
    if (!ensureDirectory(QFileInfo(path).absolutePath()))
        return false;
    // QSaveFile writes next to the target and renames over it on commit(): until then the
    // old file stays as it was, and a failed write leaves no temporary file behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return failSave(tr("Could not save %1: %2")
                                .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    // Conversations are private: readable by their owner only.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(data) != data.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return failSave(tr("Could not save %1: %2").arg(QDir::toNativeSeparators(path), why));
    }
    if (!file.commit()) {
        return failSave(tr("Could not save %1: %2")
                                .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    return true;
}

bool ConversationStore::failSave(const QString &message)
{
    m_lastError = message;
    qCWarning(lcStore) << "save failed:" << message;
    Q_EMIT saveFailed(message);
    return false;
}

bool ConversationStore::load(Conversation *conversation, QString *draft)
{
    bool complete = true;
    if (conversation) {
        QJsonObject object;
        switch (readObject(conversationPath(), &object)) {
        case LoadResult::Loaded:
            if (!conversation->restore(object)) {
                reportCorrupt(conversationPath(),
                              tr("%1 is not a conversation this version of Steadfast can read.")
                                      .arg(QDir::toNativeSeparators(conversationPath())));
                conversation->clear();
                complete = false;
            }
            break;
        case LoadResult::Missing:
            conversation->clear();
            break;
        case LoadResult::Problem:
            conversation->clear();
            complete = false;
            break;
        }
    }
    if (draft) {
        QJsonObject object;
        draft->clear();
        switch (readObject(draftPath(), &object)) {
        case LoadResult::Loaded:
            if (const QJsonValue text = object.value(kDraftText); text.isString()) {
                *draft = text.toString();
            } else {
                reportCorrupt(
                        draftPath(),
                        tr("%1 holds no draft text.").arg(QDir::toNativeSeparators(draftPath())));
                complete = false;
            }
            break;
        case LoadResult::Missing:
            break;
        case LoadResult::Problem:
            complete = false;
            break;
        }
    }
    return complete;
}

ConversationStore::LoadResult ConversationStore::readObject(const QString &path,
                                                            QJsonObject *object)
{
    QFile file(path);
    if (!file.exists())
        return LoadResult::Missing;
    if (!file.open(QIODevice::ReadOnly)) {
        // Unreadable is not damaged: leave it where it is for the user to look at.
        m_lastError =
                tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        qCWarning(lcStore) << "load problem:" << m_lastError;
        Q_EMIT loadProblem(m_lastError);
        return LoadResult::Problem;
    }
    const QByteArray data = file.readAll();
    file.close();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        reportCorrupt(path,
                      tr("%1 is not valid JSON (%2 at byte %3).")
                              .arg(QDir::toNativeSeparators(path), error.errorString())
                              .arg(error.offset));
        return LoadResult::Problem;
    }
    if (!document.isObject()) {
        reportCorrupt(path,
                      tr("%1 does not hold a JSON object.").arg(QDir::toNativeSeparators(path)));
        return LoadResult::Problem;
    }
    *object = document.object();
    return LoadResult::Loaded;
}

void ConversationStore::reportCorrupt(const QString &path, const QString &problem)
{
    const QString aside = freeName(u"%1.corrupt-%2"_s.arg(path, timestamp()), QString());
    QFile file(path);
    // Two whole sentences: what is wrong with the file, then what was done about it.
    const QString outcome = file.rename(aside)
            ? tr("It was kept as %1, and a new one was started.")
                      .arg(QDir::toNativeSeparators(aside))
            : tr("It could not be moved aside (%1), so saving will replace it.")
                      .arg(file.errorString());
    m_lastError = problem + u' ' + outcome;
    qCWarning(lcStore) << "load problem:" << m_lastError;
    Q_EMIT loadProblem(m_lastError);
}

} // namespace steadfast
