// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/library/Conversation.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace steadfast {

/// A conversation's own settings; an empty / unset field means "the default from Settings".
struct ConversationSettings
{
    QString model;
    std::optional<QString> systemPrompt; // nullopt: the default; "" is "no system prompt"
    std::optional<double> temperature;
    std::optional<int> maxTokens;

    friend bool operator==(const ConversationSettings &, const ConversationSettings &) = default;
};

/// One row of the library's list of conversations.
struct ConversationInfo
{
    QString id;               // QUuid without braces
    QString title;            // the first user message's start, until the user renames it
    bool titleEdited = false; // the user renamed it: new messages no longer change the title
    QDateTime created;        // UTC
    QDateTime updated;        // UTC: the last message added or changed
    bool pinned = false;
    QDateTime trashed; // UTC, invalid unless the conversation is in the trash
    ConversationSettings settings;
    QString draft;        // what is typed but not sent in this conversation
    int messageCount = 0; // messages not deleted, in every branch
};

/// A search hit: one message and a snippet of it around the match.
struct SearchHit
{
    QString conversationId;
    QString conversationTitle;
    QString messageId;
    ConversationItem::Kind kind = ConversationItem::Kind::User;
    QDateTime time;
    /// Plain text, a few words either side of the match, the matched terms between
    /// SearchHit::markStart and SearchHit::markEnd.
    QString snippet;
    static constexpr QChar markStart = QChar(0xE000); // private-use: never in user text
    static constexpr QChar markEnd = QChar(0xE001);
};

/// What an import did, or why it did nothing.
struct ImportResult
{
    bool ok = false;
    QString error;               // a sentence for the user when !ok (English; the GUI words it)
    QStringList conversationIds; // the conversations created
};

/// What the migration of earlier files (conversation.json, draft.json, archive/*.json) did.
struct LegacyMigration
{
    int conversations = 0; // conversations created
    int messages = 0;      // items imported
    QStringList migrated;  // files renamed to <name>.migrated
    QStringList setAside;  // damaged files renamed to <name>.corrupt-<time>
    QStringList problems;  // one sentence per damaged file (English)
    QString currentId;     // the conversation made from conversation.json, if any
};

/// Every conversation, its messages as a tree, drafts and the search index, in one SQLite
/// database (Qt SQL, QSQLITE): DESIGN.md, "The conversation library".
///
/// The schema: WAL journal, synchronous=FULL, foreign keys on, the version in
/// PRAGMA user_version, forward migrations applied in one transaction each on open().
/// Messages form a tree: each has a parent (none for the first message of a branch at the
/// root) and each message (and the conversation, for its roots) remembers which child is
/// selected; the *path* is root → selected child → … → leaf. Editing an earlier message or
/// regenerating a reply adds a sibling and selects it; the old branch stays.
///
/// Every write is one transaction: a crash at any moment leaves the database as it was
/// before or after it. A failed write returns false (or an empty id), sets lastError() and
/// emits writeFailed(); what was saved before is untouched.
///
/// Not thread-safe: one library per thread (its QSqlDatabase connection is named after it).
class ConversationLibrary : public QObject
{
    Q_OBJECT
public:
    /// The schema this code writes; open() migrates older databases to it.
    static constexpr int schemaVersion = 3;
    /// The version of the JSON export format.
    static constexpr int exportVersion = 1;

    enum class Listing { Active, Trash };
    Q_ENUM(Listing)

    explicit ConversationLibrary(QObject *parent = nullptr);
    ~ConversationLibrary() override;

    /// Opens (creating it and its folder if missing) and migrates the database at path.
    /// False with lastError() when it cannot be opened, is not a Steadfast library, is of a
    /// newer schema than this code knows, or a migration failed (then it is left as it was).
    bool open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const;
    /// The last failure, a sentence naming what failed (English).
    QString lastError() const;
    /// The clock that stamps conversations (created, updated, trashed) and messages added
    /// without a time (default: the current UTC time). For tests.
    void setClock(std::function<QDateTime()> clock);

    // Conversations

    /// A new, empty conversation; its id, or empty on failure.
    QString createConversation(const ConversationSettings &settings = {});
    std::optional<ConversationInfo> conversation(const QString &id) const;
    /// Active: not in the trash, pinned first, then by updated, newest first.
    /// Trash: in the trash, most recently trashed first.
    QList<ConversationInfo> conversations(Listing listing = Listing::Active) const;
    /// Sets the title and marks it edited (an empty title goes back to the automatic one).
    bool renameConversation(const QString &id, const QString &title);
    bool setPinned(const QString &id, bool pinned);
    bool setConversationSettings(const QString &id, const ConversationSettings &settings);
    bool saveDraft(const QString &id, const QString &draft);
    /// Moves to the trash (restoreConversation() undoes it).
    bool trashConversation(const QString &id);
    bool restoreConversation(const QString &id);
    /// Deletes a conversation for good (from the trash or not).
    bool purgeConversation(const QString &id);
    /// Purges everything in the trash; how many were purged, -1 on failure.
    int emptyTrash();
    /// Purges what has been in the trash since before `before`; how many, -1 on failure.
    int purgeTrashedBefore(const QDateTime &before);

    /// The conversation shown last (kept across restarts); empty if none or gone.
    QString currentConversationId() const;
    bool setCurrentConversationId(const QString &id);

    // Messages: the tree

    /// The ids of the current path of the conversation, root first. Deleted messages are not
    /// on it: a path whose selected child is deleted continues with the newest sibling
    /// that is not.
    QStringList pathIds(const QString &conversationId) const;
    /// The messages with these ids, in the order given, with parentId, siblingIndex and
    /// siblingCount filled in (among siblings not deleted, oldest first). Unknown ids are
    /// skipped.
    QList<ConversationItem> messages(const QStringList &ids) const;
    /// pathIds() then messages(): the whole current path.
    QList<ConversationItem> path(const QString &conversationId) const;
    std::optional<ConversationItem> message(const QString &id) const;

    /// Adds item as the last child of parentId (empty: a root) and selects it. item.id and
    /// item.time are filled when empty (and written back). Updates the conversation's
    /// updated time, and its title from the first user message unless it was renamed.
    /// The new id, or empty on failure (nothing written).
    QString addMessage(const QString &conversationId, const QString &parentId,
                       ConversationItem &item);
    /// Rewrites every field of the message with item.id (not its place in the tree).
    bool updateMessage(const ConversationItem &item);
    /// Streaming: writes only the text and the streaming mark of one message.
    bool setMessageText(const QString &id, const QString &text, bool streaming);
    /// Makes the path pass through this message: it becomes its parent's selected child,
    /// and so on up to the root.
    bool selectMessage(const QString &id);
    /// The ids of the message's siblings (itself included) not deleted, oldest first.
    QStringList siblingIds(const QString &id) const;
    /// Deletes the message and everything under it, undoably: restoreMessage() brings it
    /// back as it was. Deleted messages are kept until purgeConversation().
    bool deleteMessage(const QString &id);
    bool restoreMessage(const QString &id);
    /// Removes a message and everything under it for good (error items a retry replaces).
    bool removeMessage(const QString &id);

    // Search

    /// Full-text search (FTS5) over every message not deleted in conversations not in the
    /// trash; newest first. The query is the user's words, not FTS syntax: each word is
    /// matched as a prefix, all words must match. Empty for an empty query.
    QList<SearchHit> search(const QString &query, int limit = 50) const;

    // Export and import

    /// {"format": "steadfast", "version": 1, "conversations": [ … ]}: every message of the
    /// tree, deleted ones excepted, with its parent and the selected children. Importing it
    /// into an empty library and exporting again gives the same bytes.
    QByteArray exportJson(const QStringList &conversationIds) const;
    /// The whole library (the trash included): a one-file backup.
    QByteArray exportLibraryJson() const;
    /// The current path as Markdown to read: the title, then each message with its role
    /// and time.
    QString exportMarkdown(const QString &conversationId) const;
    /// Validates the whole of data first; writes nothing if anything is wrong (not JSON, not
    /// this format, a newer version, a message whose parent is missing, a cycle, …). A
    /// conversation whose id exists already is imported as a copy with new ids. One
    /// transaction.
    ImportResult importJson(const QByteArray &data);

    // Earlier versions

    /// Imports conversation.json, draft.json and archive/*.json from directory (the files
    /// ConversationStore wrote) in one transaction, then renames each to <name>.migrated.
    /// A damaged file is renamed <name>.corrupt-<UTC time> and reported, not fatal. The
    /// archives become conversations of their own, conversation.json (with draft.json's
    /// text as its draft) the current one. Does nothing when there is nothing to migrate.
    LegacyMigration migrateLegacyFiles(const QString &directory);

Q_SIGNALS:
    /// The list of conversations changed (one created, renamed, pinned, trashed, restored,
    /// purged, or its updated time or title changed).
    void conversationsChanged();
    void writeFailed(const QString &message);
    /// setConversationSettings() changed that conversation's own settings.
    void conversationSettingsChanged(const QString &id);

private:
    /// The end of a change to a conversation's messages, in the transaction begun for it:
    /// when the steps went well, the title follows the first message (if retitle), the
    /// transaction commits and conversationsChanged() is emitted; otherwise it rolls back.
    bool commitChange(bool stepsDone, const QString &conversation, bool retitle,
                      const QString &what);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace steadfast
