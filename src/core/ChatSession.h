// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ApiError.h"
#include "core/ChatRequest.h"
#include "core/ChatService.h"
#include "core/CompletionParser.h"
#include "core/Conversation.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>

namespace steadfast {

class ConversationStore;

/// Where and how the next exchange is sent.
struct SessionConnection
{
    QUrl baseUrl;
    QString apiKey; // never logged, never stored by the session
    QString model;
    bool stream = true;
    QString systemPrompt;
    bool allowInsecureKey = false;
};

/// One conversation driving one ChatService: turns the user's intents (send, try again,
/// regenerate, continue, edit, stop, new conversation) into requests, and the service's
/// signals into items of the Conversation, which it saves through the ConversationStore.
///
/// The data-safety rules of DESIGN.md live here: the user's message is on disk before it is
/// sent; a failed or cancelled exchange leaves it in the conversation, followed by an Error
/// item (never text inside a reply, never part of the context); streamed text is kept when a
/// stream breaks, marked interrupted, and saved every saveDelay() while it streams.
class ChatSession : public QObject
{
    Q_OBJECT
public:
    /// None of them is owned; they must outlive the session. store may be null (nothing is
    /// saved: tests, or a session the user chose not to keep).
    ChatSession(ChatService *service, Conversation *conversation, ConversationStore *store,
                QObject *parent = nullptr);
    ~ChatSession() override;

    /// Used by the next send (and retry, regenerate, continue).
    void setConnection(const SessionConnection &connection);
    SessionConnection connection() const;

    /// An exchange of this session is under way, or the service is busy with another.
    bool isBusy() const;
    /// The index of the Assistant item being written; -1 when none.
    int replyIndex() const;

    /// What the window can offer for the item at index (used to show its buttons):
    /// an interrupted Assistant item with text that is the last reply (only Error items
    /// after it), while not busy.
    bool canContinue(int index) const;
    /// An Assistant item that is the last reply (only Error items after it), not busy.
    bool canRegenerate(int index) const;
    /// Whether retry() would do something now: the last User item has no complete reply
    /// after it (only Error items, or an empty or interrupted Assistant item), not busy.
    bool canRetry() const;

    /// The extra user message continueReply() sends (to the model, not to the conversation).
    static QString continueInstruction();

    /// How long streamed text may go unsaved (default 1 s). For tests.
    void setSaveDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds saveDelay() const;

public Q_SLOTS:
    /// Trims text; false for empty text or while busy. Appends the User item and saves the
    /// conversation synchronously (a failed save still sends, and emits saveFailed). Then
    /// the request (context + connection) is checked with validateRequest(): a problem
    /// appends an Error item of kind Validation, sends nothing and returns false. True when
    /// the request went to the service: its ending (even one at once, such as an open
    /// circuit) then reaches the conversation.
    bool send(const QString &text);
    /// "Try again": removes the Error items and an empty or interrupted reply after the last
    /// User item, then sends the context up to and including it. False if there is nothing
    /// to retry (see canRetry()) or while busy.
    bool retry();
    /// Removes the last reply (the Assistant item and Error items after the last User item)
    /// and sends again. False if the last User item has no Assistant reply, or while busy.
    bool regenerate();
    /// Continues the interrupted last reply: removes the Error items after it and sends the
    /// context with continueInstruction() as an extra user message; the new text is appended
    /// to the same Assistant item, whose interrupted mark goes when the reply completes.
    bool continueReply();
    /// "Edit message": removes the last User item and everything after it, saves, and
    /// returns its text for the composer. Empty when there is none, or while busy.
    QString takeLastUserMessage();
    /// Stops the exchange in whatever state it is (the service's cancel()).
    void cancel();
    /// Archives the conversation (when it has items), then clears and saves it. Refused
    /// while busy, and when archiving fails (the conversation stays: nothing is lost).
    void newConversation();

Q_SIGNALS:
    void busyChanged(bool busy);
    /// An Assistant item was appended for the reply (at the first delta, or at finished for
    /// a reply without text).
    void replyStarted(int index);
    void saveFailed(const QString &message);

private:
    enum class Mode { Reply, Continue };

    /// Builds and validates the request for the context before upTo (exclusive), plus the
    /// extra message if any, and hands it to the service.
    bool startExchange(Mode mode, int upTo, int replyIndex);
    void handleStateChanged(ChatService::State state);
    void handleAttemptStarted();
    void handleDelta(const QString &text);
    void handleAttemptFailed(int attempt, const steadfast::ApiError &error, const QString &partial);
    void handleFinished(const steadfast::ChatResult &result);
    void handleFailed(const steadfast::ApiError &error, const QString &partial);
    void handleItemsRemoved(int from);
    void handleReset();
    void endExchange();
    void setBusy(bool busy);
    /// The reply item, if it is still there (the conversation may have been changed).
    const ConversationItem *replyItem() const;
    /// The index of the last User item, or -1.
    int lastUserIndex() const;
    /// True if every item from index on is an Error item.
    bool onlyErrorsFrom(int index) const;
    void scheduleSave();
    bool save(bool quietRepeat = false);

    ChatService *m_service;       // not owned
    Conversation *m_conversation; // not owned
    ConversationStore *m_store;   // not owned; may be null
    SessionConnection m_connection;

    bool m_active = false; // the service is running an exchange this session started
    bool m_busy = false;
    int m_replyIndex = -1;      // the Assistant item being written, -1 before the first delta
    QString m_prefix;           // Continue: the text before the continuation
    bool m_attemptText = false; // the current attempt has sent text
    QTimer m_saveTimer;         // single shot: saves streamed text
    std::chrono::milliseconds m_saveDelay{1000};
    bool m_lastSaveFailed = false;
};

} // namespace steadfast
