// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>

namespace steadfast {

class Conversation;

/// The conversation and the composer's draft on disk, in one directory:
///
///     <dir>/conversation.json                      the current conversation
///     <dir>/draft.json                             what is typed but not sent
///     <dir>/archive/conversation-<UTC time>.json   conversations put away by "New conversation"
///     <dir>/<name>.corrupt-<UTC time>              a file that could not be read, kept aside
///
/// Every file is written with QSaveFile (write a temporary file, then rename it over the
/// old one), readable by the owner only: a crash or a full disk at any moment leaves the
/// old version or the new one, never a torn one. Nothing is ever deleted here.
class ConversationStore : public QObject
{
    Q_OBJECT
public:
    /// directory: the application passes QStandardPaths::writableLocation(AppDataLocation).
    /// It is created (with its parents) if missing, here and again before every write.
    explicit ConversationStore(QString directory, QObject *parent = nullptr);

    QString directory() const;
    QString conversationPath() const; // <dir>/conversation.json
    QString draftPath() const;        // <dir>/draft.json (typing never rewrites the conversation)
    QString archiveDirectory() const; // <dir>/archive

    /// Writes the conversation, synchronously. False on failure, with lastError() set and
    /// saveFailed() emitted; the file on disk is then the previous version, untouched.
    bool saveConversation(const Conversation &conversation);
    /// Writes {"text": draft} (an empty draft too). Same failure handling.
    bool saveDraft(const QString &draft);
    /// Reads both files into *conversation and *draft (either may be null: not read).
    /// A missing file is an empty conversation / draft. A file that cannot be parsed is
    /// moved aside to <name>.corrupt-<UTC yyyyMMdd-HHmmss-zzz> (never deleted), the other
    /// file still loads, and loadProblem() says what happened. True when every file there
    /// was loaded; false when one could not be (lastError() says why).
    bool load(Conversation *conversation, QString *draft);
    /// "New conversation": writes the conversation to
    /// <dir>/archive/conversation-<UTC yyyyMMdd-HHmmss-zzz>.json (a "-2", "-3", … suffix if
    /// that name is taken). Nothing is deleted. Same failure handling as saveConversation.
    bool archiveConversation(const Conversation &conversation);
    /// The path the last successful archiveConversation() wrote.
    QString lastArchivePath() const;

    /// The message of the last failure or load problem (English, names the file).
    QString lastError() const;

    /// The clock that names archives and corrupt copies (default: the current UTC time).
    /// For tests.
    void setClock(std::function<QDateTime()> clock);

Q_SIGNALS:
    void saveFailed(const QString &message);
    void loadProblem(const QString &message);

private:
    enum class LoadResult { Loaded, Missing, Problem };

    bool ensureDirectory(const QString &path);
    bool write(const QString &path, const QByteArray &data);
    bool failSave(const QString &message);
    /// Reads a JSON object from path; Problem means the file is damaged or unreadable
    /// (moved aside when damaged; loadProblem() emitted).
    LoadResult readObject(const QString &path, QJsonObject *object);
    /// Moves a damaged file aside and reports problem (a sentence naming the file) with
    /// what was done about it.
    void reportCorrupt(const QString &path, const QString &problem);
    QString timestamp() const;

    QString m_directory;
    QString m_lastError;
    QString m_lastArchivePath;
    std::function<QDateTime()> m_clock;
};

} // namespace steadfast
