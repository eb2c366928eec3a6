// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorCardRule.h"
#include "core/library/Conversation.h"
#include "core/net/ChatService.h"
#include "core/protocol/ChatRequest.h"
#include "core/protocol/CompletionParser.h"
#include "core/session/ItemActions.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

namespace steadfast {

/// Where and how the next exchange is sent: the defaults from Settings, which a
/// conversation's own settings (ConversationSettings) override field by field.
struct SessionConnection
{
    QUrl baseUrl;
    QString apiKey; // never logged, never stored by the session
    QString model;
    bool stream = true;
    QString systemPrompt;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    bool allowInsecureKey = false;
    /// The endpoint needs a key (AppSettings::needsKey(): not a loopback server): without one,
    /// nothing is sent and a card says "Add your key".
    bool keyRequired = false;
    /// The provider preset's billing page (ProviderPreset::billingUrl), empty if it has none:
    /// a quota card from this endpoint links to it.
    QUrl billingUrl;
};

/// The front door the window and the CLI talk to (DESIGN.md, "The core"; STYLE.md §11): one
/// conversation driving one ChatService. It turns the user's intents (send, try again,
/// regenerate, continue, edit, switch version, delete, stop) into requests and changes of the
/// Conversation, which writes them through to the library; it relays the service's live
/// signals, so a window talks to this one object; and it answers which actions each item
/// offers (actionsFor()), so no widget decides.
///
/// The data-safety rules of DESIGN.md live here: the user's message is committed before it is
/// sent (a message that cannot be saved is not sent); a failed or cancelled exchange leaves it
/// in the conversation, followed by an Error item (never text inside a reply, never part of the
/// context); streamed text is kept when a stream breaks (marked interrupted) or is stopped
/// (marked stopped), and written every saveDelay() while it streams. Editing a message or
/// regenerating a reply adds a sibling in the tree: the old branch stays.
class ChatSession : public QObject
{
    Q_OBJECT
public:
    /// What send() and the other intents did.
    enum class Outcome {
        Sent,     // the request went to the service; its ending reaches the conversation
        Empty,    // nothing to send (empty text)
        Busy,     // an exchange is under way
        Invalid,  // the request failed validation: an Error item says why, nothing was sent
        NotSaved, // the message could not be saved: nothing was sent, nothing changed
        Refused,  // not possible for this item now (see actionsFor())
    };
    Q_ENUM(Outcome)

    struct Result
    {
        Outcome outcome = Outcome::Refused;
        QString why; // NotSaved: the library's reason; Invalid: the validation message
        bool sent() const { return outcome == Outcome::Sent; }
    };

    /// Neither is owned; they must outlive the session.
    ChatSession(ChatService *service, Conversation *conversation, QObject *parent = nullptr);
    ~ChatSession() override;

    /// Used by the next send (and retry, regenerate, continue, edit).
    void setConnection(const SessionConnection &connection);
    SessionConnection connection() const;
    /// connection() with the open conversation's own settings applied.
    SessionConnection effectiveConnection() const;

    /// An exchange of this session is under way, or the service is busy with another.
    bool isBusy() const;
    /// The row of the Assistant item being written; -1 when none.
    int replyIndex() const;

    /// The one rule for the buttons of each row (ItemActions.h).
    ItemActions actionsFor(int index) const;
    /// What the error card at index (an Error row) offers and shows: ErrorCards::facts() with
    /// what the conversation knows around it (the words of the reply it cut off, the
    /// provider's billing page). Default facts for any other row. Its buttons act only while
    /// actionsFor(index) has CardActions.
    CardFacts cardFacts(int index) const;
    /// What must be set before anything is sent, checked first by every intent that sends:
    /// a key where the endpoint needs one (ErrorCards::noKeyCode), then a model
    /// (ErrorCards::noModelCode). A Validation ApiError naming the first missing one, or
    /// nullopt.
    static std::optional<ApiError> missingBeforeSending(const SessionConnection &connection);
    /// Whether retry() would do something now: the last User item has no complete reply after
    /// it (only Error items, or an empty, interrupted or stopped Assistant item), not busy.
    bool canRetry() const;

    /// The extra user message continueReply() sends (to the model, not to the conversation).
    static QString continueInstruction();
    /// The text of a reply and its continuation joined: a continuation that repeats the end of
    /// what was there is not repeated, and a new word or sentence is not glued onto the last.
    static QString joinContinuation(const QString &before, const QString &continuation);

    /// How long streamed text may go unsaved (default 1 s). For tests.
    void setSaveDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds saveDelay() const;

public Q_SLOTS:
    /// Trims text and appends it as a User item (committed first), then sends the path.
    /// whenOpen: what happens if the endpoint's breaker cannot take it now (ChatService);
    /// WaitForProbe is "Send when the service is back".
    Result send(const QString &text,
                steadfast::ChatService::WhenOpen whenOpen = ChatService::WhenOpen::Fail);
    /// "Try again" on the last exchange: removes the Error items after the last User item
    /// and asks again; an interrupted or stopped partial reply stays, as an older version.
    /// Try again and Continue are the user asking again for this exchange: while the endpoint
    /// is paused (breaker Open, or paused by hand) they are held and go as the probe
    /// (WaitForProbe, the default), never failing at once with CircuitOpen.
    Result retry(steadfast::ChatService::WhenOpen whenOpen = ChatService::WhenOpen::WaitForProbe);
    /// Asks again for the reply at index (an Assistant row): the new reply is a version beside
    /// it ("‹ 2/2 ›"), the old one stays.
    Result regenerate(int index);
    /// Continues the interrupted or stopped last reply: the new text is joined to it. Held for
    /// the probe while the endpoint is paused, as retry() is.
    Result
    continueReply(steadfast::ChatService::WhenOpen whenOpen = ChatService::WhenOpen::WaitForProbe);
    /// Sends text as a new version of the User message at index: a sibling branch; the old
    /// message and its replies stay, reachable through "‹ 1/2 ›".
    Result editAndResend(int index, const QString &text);
    /// Shows the previous (step -1) or next (step +1) version of the item at index.
    bool switchVersion(int index, int step);
    /// Deletes the item at index and what follows it in its branch, undoably (undoDelete()).
    bool deleteItem(int index);
    /// Brings back what the last deleteItem() deleted.
    bool undoDelete();
    /// Shows that conversation of the library. Refused (false) while busy or when it does not
    /// exist.
    bool openConversation(const QString &id);
    /// Creates an empty conversation in the library and shows it (with no library: clears the
    /// conversation). The old one stays in the library. Refused (empty) while busy or when
    /// the library cannot write.
    QString newConversation();
    /// Stops the exchange in whatever state it is. What streamed stays, marked stopped.
    void cancel();
    /// The service's own: skip the countdown, accept a long wait.
    void retryNow();
    void acceptLongWait();

Q_SIGNALS:
    void busyChanged(bool busy);
    /// The answer of actionsFor() may have changed for some rows.
    void actionsChanged();
    /// An Assistant item was appended for the reply (at the first delta, or at finished for
    /// a reply without text).
    void replyStarted(int index);
    void saveFailed(const QString &message);
    /// deleteItem() deleted a message; undoDelete() brings it back.
    void itemDeleted(steadfast::ConversationItem::Kind kind);

    // The service's live signals, relayed (only while this session's exchange runs).
    void stateChanged(steadfast::ChatService::State state);
    void attemptStarted(int attempt, int attemptsAllowed, const QUrl &url);
    void responseWaiting(qint64 elapsedMs, qint64 timeoutMs);
    void rateLimitUpdated(const steadfast::RateLimitInfo &info);
    void streamSilent(qint64 silentMs, qint64 idleTimeoutMs);
    void delta(const QString &text);
    void attemptFailed(int attempt, const steadfast::ApiError &error, const QString &partialText);
    void retryScheduled(const steadfast::RetryInfo &info);
    void retryCountdown(qint64 msLeft, qint64 totalMs);
    void longWaitRequested(const steadfast::ApiError &error, qint64 waitMs);
    void finished(const steadfast::ChatResult &result);
    void failed(const steadfast::ApiError &error, const QString &partialText);

private:
    enum class Mode { Reply, Continue };

    /// Builds and validates the request for the context before upTo (exclusive), plus the
    /// extra message if any, and hands it to the service.
    Result startExchange(Mode mode, int upTo, int replyIndex,
                         ChatService::WhenOpen whenOpen = ChatService::WhenOpen::Fail);
    void relay();
    void handleStateChanged(ChatService::State state);
    void handleAttemptStarted();
    void handleDelta(const QString &text);
    void handleAttemptFailed(int attempt, const steadfast::ApiError &error, const QString &partial);
    void handleFinished(const steadfast::ChatResult &result);
    void handleFailed(const steadfast::ApiError &error, const QString &partial);
    void handleRowsRemoved(int from);
    void handleReset();
    void endExchange();
    void setBusy(bool busy);
    /// The reply item, if it is still there (the conversation may have been changed).
    const ConversationItem *replyItem() const;
    /// The index of the last User item, or -1.
    int lastUserIndex() const;
    /// True if every item from index on is an Error item.
    bool onlyErrorsFrom(int index) const;
    /// The first Error row of the trailing run of Error rows (count() when there is none).
    int trailingErrorsStart() const;
    /// Appends an Error item for error (written through); false if it could not be saved.
    void appendError(const ApiError &error);
    void scheduleSave();
    /// Writes the streamed text of the reply row; tells a failure once, not once a second.
    bool saveReplyText(bool quietRepeat);
    void reportSave(bool saved, bool quietRepeat);

    ChatService *m_service;       // not owned
    Conversation *m_conversation; // not owned
    SessionConnection m_connection;

    bool m_active = false; // the service is running an exchange this session started
    bool m_busy = false;
    int m_replyIndex = -1;      // the Assistant item being written, -1 before the first delta
    QString m_prefix;           // Continue: the text before the continuation
    bool m_attemptText = false; // the current attempt has sent text
    QString m_attemptTextSoFar; // Continue: the continuation received in this attempt
    QTimer m_saveTimer;         // single shot: saves streamed text
    std::chrono::milliseconds m_saveDelay{1000};
    bool m_lastSaveFailed = false;
    QString m_deletedId; // what undoDelete() restores
};

} // namespace steadfast
