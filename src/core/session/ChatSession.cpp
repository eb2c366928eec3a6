// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/session/ChatSession.h"

#include "core/library/ConversationLibrary.h"
#include "core/net/Validation.h"

#include "core/Logging.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace steadfast {

ChatSession::ChatSession(ChatService *service, Conversation *conversation, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_conversation(conversation)
{
    Q_ASSERT(service && conversation);
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { saveReplyText(true); });
    connect(m_service, &ChatService::stateChanged, this, &ChatSession::handleStateChanged);
    connect(m_service, &ChatService::attemptStarted, this, &ChatSession::handleAttemptStarted);
    connect(m_service, &ChatService::delta, this, &ChatSession::handleDelta);
    connect(m_service, &ChatService::attemptFailed, this, &ChatSession::handleAttemptFailed);
    connect(m_service, &ChatService::finished, this, &ChatSession::handleFinished);
    connect(m_service, &ChatService::failed, this, &ChatSession::handleFailed);
    relay();
    connect(m_conversation, &Conversation::rowsRemoved, this,
            [this](const QModelIndex &, int first, int) { handleRowsRemoved(first); });
    connect(m_conversation, &Conversation::modelReset, this, &ChatSession::handleReset);
    connect(m_conversation, &Conversation::rowsInserted, this, &ChatSession::actionsChanged);
    connect(m_conversation, &Conversation::rowsRemoved, this, &ChatSession::actionsChanged);
    connect(m_conversation, &Conversation::dataChanged, this, &ChatSession::actionsChanged);
}

void ChatSession::relay()
{
    // The window listens to the session alone; these facts are the service's, passed on
    // while an exchange of this session runs (the state itself, always).
    connect(m_service, &ChatService::stateChanged, this, &ChatSession::stateChanged);
    const auto whileActive = [this](auto signal, auto relayed) {
        connect(m_service, signal, this, [this, relayed](auto &&...args) {
            if (m_active)
                Q_EMIT(this->*relayed)(args...);
        });
    };
    whileActive(&ChatService::attemptStarted, &ChatSession::attemptStarted);
    whileActive(&ChatService::responseWaiting, &ChatSession::responseWaiting);
    whileActive(&ChatService::rateLimitUpdated, &ChatSession::rateLimitUpdated);
    whileActive(&ChatService::streamSilent, &ChatSession::streamSilent);
    whileActive(&ChatService::delta, &ChatSession::delta);
    whileActive(&ChatService::attemptFailed, &ChatSession::attemptFailed);
    whileActive(&ChatService::retryScheduled, &ChatSession::retryScheduled);
    whileActive(&ChatService::retryCountdown, &ChatSession::retryCountdown);
    whileActive(&ChatService::longWaitRequested, &ChatSession::longWaitRequested);
}

ChatSession::~ChatSession()
{
    // Going away mid-exchange: stop the request (nobody is left to take its reply) and keep
    // what streamed so far. The item stays marked streaming in the library; reading it back
    // marks it interrupted.
    disconnect(m_service, nullptr, this, nullptr);
    if (m_active)
        m_service->cancel();
    if (m_saveTimer.isActive())
        saveReplyText(true);
}

void ChatSession::setConnection(const SessionConnection &connection)
{
    m_connection = connection;
}

SessionConnection ChatSession::connection() const
{
    return m_connection;
}

SessionConnection ChatSession::effectiveConnection() const
{
    SessionConnection connection = m_connection;
    ConversationLibrary *library = m_conversation->library();
    const QString id = m_conversation->conversationId();
    if (!library || id.isEmpty())
        return connection;
    const std::optional<ConversationInfo> info = library->conversation(id);
    if (!info)
        return connection;
    const ConversationSettings &own = info->settings;
    if (!own.model.trimmed().isEmpty())
        connection.model = own.model.trimmed();
    if (own.systemPrompt)
        connection.systemPrompt = *own.systemPrompt;
    if (own.temperature)
        connection.temperature = own.temperature;
    if (own.maxTokens)
        connection.maxTokens = own.maxTokens;
    return connection;
}

bool ChatSession::isBusy() const
{
    return m_active || m_busy || m_service->isBusy();
}

int ChatSession::replyIndex() const
{
    return replyItem() ? m_replyIndex : -1;
}

QString ChatSession::continueInstruction()
{
    // Sent to the model, not shown to the user: not translated.
    return u"Your previous reply was cut off. Continue it exactly where it stopped: do not "
           "repeat anything you already wrote, do not start over and add no introduction. If "
           "it stopped in the middle of a word or a sentence, complete it."_s;
}

QString ChatSession::joinContinuation(const QString &before, const QString &continuation)
{
    if (before.isEmpty())
        return continuation;
    QString rest = continuation;
    // A model that starts over, or repeats the last words, is not repeated: the longest end
    // of the text that the continuation starts with (a few characters at least, so that a
    // letter or two in common is not taken for a repeat) is dropped from the continuation.
    if (rest.startsWith(before)) {
        rest = rest.mid(before.size());
    } else {
        constexpr qsizetype minimumOverlap = 8;
        for (qsizetype length = std::min(before.size(), rest.size()); length >= minimumOverlap;
             --length) {
            if (before.endsWith(QStringView(rest).left(length))) {
                rest = rest.mid(length);
                break;
            }
        }
    }
    if (rest.isEmpty())
        return before;
    const QChar last = before.back();
    const QChar first = rest.front();
    if (last.isSpace() || first.isSpace())
        return before + rest;
    // "…server" + "Hello!" is a new word, not the end of "server"; "…serv" + "er" is one word.
    const bool newSentence = u".!?:;,"_s.contains(last) && first.isLetterOrNumber();
    const bool newWord = last.isLower() && first.isUpper();
    return newSentence || newWord ? before + u' ' + rest : before + rest;
}

void ChatSession::setSaveDelay(std::chrono::milliseconds delay)
{
    m_saveDelay = std::max(delay, std::chrono::milliseconds(0));
}

std::chrono::milliseconds ChatSession::saveDelay() const
{
    return m_saveDelay;
}

int ChatSession::lastUserIndex() const
{
    return m_conversation->lastIndexOf(ConversationItem::Kind::User);
}

bool ChatSession::onlyErrorsFrom(int index) const
{
    for (int i = std::max(index, 0); i < m_conversation->count(); ++i) {
        if (m_conversation->at(i).kind != ConversationItem::Kind::Error)
            return false;
    }
    return true;
}

int ChatSession::trailingErrorsStart() const
{
    int start = m_conversation->count();
    while (start > 0 && m_conversation->at(start - 1).kind == ConversationItem::Kind::Error)
        --start;
    return start;
}

ItemActions ChatSession::actionsFor(int index) const
{
    if (index < 0 || index >= m_conversation->count())
        return {};
    const ConversationItem &item = m_conversation->at(index);
    const bool busy = isBusy();
    const bool inLibrary = m_conversation->library() && !m_conversation->conversationId().isEmpty();
    ItemActions actions;
    if (!busy && item.siblingCount > 1)
        actions |= ItemAction::SwitchVersion;
    switch (item.kind) {
    case ConversationItem::Kind::User:
        if (!item.text.isEmpty())
            actions |= ItemAction::Copy;
        if (!busy)
            actions |= ItemAction::Edit;
        if (!busy && inLibrary)
            actions |= ItemAction::Delete;
        break;
    case ConversationItem::Kind::Assistant: {
        const bool writing = busy && index == m_replyIndex;
        if (!item.text.isEmpty() && !writing)
            actions |= ItemAction::Copy;
        if (busy)
            break;
        if (index > 0) // any reply, the last or an earlier one: a version beside it
            actions |= ItemAction::Regenerate;
        const bool partial = item.interrupted || item.stopped;
        if (partial && !item.text.isEmpty() && onlyErrorsFrom(index + 1))
            actions |= ItemAction::Continue;
        if (inLibrary)
            actions |= ItemAction::Delete;
        break;
    }
    case ConversationItem::Kind::Error:
        // The actions act on the last exchange (Try again resends the last message), so only
        // the cards after the user's last message offer them.
        if (!busy && index > lastUserIndex())
            actions |= ItemAction::CardActions;
        break;
    }
    return actions;
}

bool ChatSession::canRetry() const
{
    const int user = lastUserIndex();
    if (isBusy() || user < 0)
        return false;
    for (int i = user + 1; i < m_conversation->count(); ++i) {
        const ConversationItem &item = m_conversation->at(i);
        switch (item.kind) {
        case ConversationItem::Kind::Error:
            break;
        case ConversationItem::Kind::Assistant:
            if (!item.text.isEmpty() && !item.interrupted && !item.stopped)
                return false; // a complete reply: that is regenerate()
            break;
        case ConversationItem::Kind::User:
            return false; // cannot be: user is the last one
        }
    }
    return true;
}

ChatSession::Result ChatSession::send(const QString &text, ChatService::WhenOpen whenOpen)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {Outcome::Empty, {}};
    if (isBusy())
        return {Outcome::Busy, {}};
    ConversationItem item;
    item.kind = ConversationItem::Kind::User;
    item.text = trimmed;
    // Committed before anything leaves this machine: a crash from here on keeps the message.
    // A message that cannot be saved is not sent: it stays in the composer.
    if (m_conversation->append(item) < 0)
        return {Outcome::NotSaved, m_conversation->library()->lastError()};
    return startExchange(Mode::Reply, -1, -1, whenOpen);
}

ChatSession::Result ChatSession::retry(ChatService::WhenOpen whenOpen)
{
    if (!canRetry())
        return {isBusy() ? Outcome::Busy : Outcome::Refused, {}};
    const int user = lastUserIndex();
    m_conversation->removeFrom(trailingErrorsStart());
    // A partial reply stays in the tree as an older version; the new one goes beside it.
    m_conversation->truncate(user + 1);
    return startExchange(Mode::Reply, user + 1, -1, whenOpen);
}

ChatSession::Result ChatSession::regenerate(int index)
{
    if (!actionsFor(index).testFlag(ItemAction::Regenerate))
        return {isBusy() ? Outcome::Busy : Outcome::Refused, {}};
    if (index == m_conversation->count() - 1 || onlyErrorsFrom(index + 1))
        m_conversation->removeFrom(trailingErrorsStart());
    m_conversation->truncate(index);
    return startExchange(Mode::Reply, index, -1);
}

ChatSession::Result ChatSession::continueReply(ChatService::WhenOpen whenOpen)
{
    const int assistant = m_conversation->lastIndexOf(ConversationItem::Kind::Assistant);
    if (!actionsFor(assistant).testFlag(ItemAction::Continue))
        return {isBusy() ? Outcome::Busy : Outcome::Refused, {}};
    m_conversation->removeFrom(assistant + 1);
    return startExchange(Mode::Continue, assistant + 1, assistant, whenOpen);
}

ChatSession::Result ChatSession::editAndResend(int index, const QString &text)
{
    if (!actionsFor(index).testFlag(ItemAction::Edit))
        return {isBusy() ? Outcome::Busy : Outcome::Refused, {}};
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {Outcome::Empty, {}};
    // The old message and what follows stay in the tree; the new one is its sibling.
    m_conversation->truncate(index);
    ConversationItem item;
    item.kind = ConversationItem::Kind::User;
    item.text = trimmed;
    if (m_conversation->append(item) < 0) {
        m_conversation->reloadFrom(index); // nothing changed in the library: show it again
        return {Outcome::NotSaved, m_conversation->library()->lastError()};
    }
    return startExchange(Mode::Reply, -1, -1);
}

bool ChatSession::switchVersion(int index, int step)
{
    if (!actionsFor(index).testFlag(ItemAction::SwitchVersion))
        return false;
    ConversationLibrary *library = m_conversation->library();
    if (!library || m_conversation->conversationId().isEmpty())
        return false;
    const ConversationItem &item = m_conversation->at(index);
    const int target = item.siblingIndex + step;
    if (target < 0 || target >= item.siblingCount)
        return false;
    // The versions of a reply count its error items too (a version that failed); those of a
    // user message are the other user messages.
    const auto sameGroup = [&item](const ConversationItem &other) {
        return (other.kind == ConversationItem::Kind::User)
                == (item.kind == ConversationItem::Kind::User);
    };
    QStringList versions;
    for (const ConversationItem &sibling : library->messages(library->siblingIds(item.id))) {
        if (sameGroup(sibling))
            versions.append(sibling.id);
    }
    if (target >= versions.size() || !library->selectMessage(versions.at(target)))
        return false;
    m_conversation->reloadFrom(index);
    return true;
}

bool ChatSession::deleteItem(int index)
{
    if (!actionsFor(index).testFlag(ItemAction::Delete))
        return false;
    ConversationLibrary *library = m_conversation->library();
    const ConversationItem item = m_conversation->at(index);
    if (!library->deleteMessage(item.id))
        return false;
    m_deletedId = item.id;
    m_conversation->reloadFrom(index);
    Q_EMIT itemDeleted(item.kind);
    return true;
}

bool ChatSession::undoDelete()
{
    ConversationLibrary *library = m_conversation->library();
    if (m_deletedId.isEmpty() || !library || isBusy())
        return false;
    const std::optional<ConversationItem> item = library->message(std::exchange(m_deletedId, {}));
    if (!item || !library->restoreMessage(item->id) || !library->selectMessage(item->id))
        return false;
    const int parent = item->parentId.isEmpty() ? -1 : m_conversation->indexOfId(item->parentId);
    m_conversation->reloadFrom(item->parentId.isEmpty() ? 0 : std::max(parent + 1, 0));
    return true;
}

bool ChatSession::openConversation(const QString &id)
{
    if (isBusy())
        return false;
    if (id == m_conversation->conversationId())
        return true;
    ConversationLibrary *library = m_conversation->library();
    if (!m_conversation->open(id))
        return false;
    library->setCurrentConversationId(id);
    m_deletedId.clear();
    return true;
}

QString ChatSession::newConversation()
{
    if (isBusy())
        return {};
    ConversationLibrary *library = m_conversation->library();
    if (!library) {
        m_conversation->clear();
        return {};
    }
    const QString id = library->createConversation();
    if (id.isEmpty()) {
        Q_EMIT saveFailed(library->lastError());
        return {};
    }
    openConversation(id);
    return id;
}

void ChatSession::cancel()
{
    if (m_active)
        m_service->cancel();
}

void ChatSession::retryNow()
{
    if (m_active)
        m_service->retryNow();
}

void ChatSession::acceptLongWait()
{
    if (m_active)
        m_service->acceptLongWait();
}

ChatSession::Result ChatSession::startExchange(Mode mode, int upTo, int replyIndex,
                                               ChatService::WhenOpen whenOpen)
{
    const SessionConnection connection = effectiveConnection();
    ChatRequest request;
    request.baseUrl = connection.baseUrl;
    request.apiKey = connection.apiKey;
    request.model = connection.model;
    request.stream = connection.stream;
    request.temperature = connection.temperature;
    request.maxTokens = connection.maxTokens;
    request.allowInsecureKey = connection.allowInsecureKey;
    request.messages = m_conversation->context(connection.systemPrompt, upTo);
    if (mode == Mode::Continue)
        request.messages.append({u"user"_s, continueInstruction()});
    std::optional<ApiError> invalid = missingBeforeSending(connection);
    if (!invalid)
        invalid = validateRequest(request);
    if (invalid) {
        qCInfo(lcSession) << "not sent:" << ApiError::kindName(invalid->kind);
        appendError(*invalid);
        return {Outcome::Invalid, invalid->message};
    }

    m_replyIndex = replyIndex;
    m_prefix = mode == Mode::Continue && replyItem() ? replyItem()->text : QString();
    m_attemptText = false;
    m_attemptTextSoFar.clear();
    m_active = true;
    setBusy(true);
    // The service may end the exchange before send() returns (a circuit that is open):
    // then handleFailed() has already recorded it and cleared m_active.
    if (!m_service->send(request, whenOpen)) {
        qCWarning(lcSession) << "the service refused the request: it is busy";
        endExchange();
        return {Outcome::Busy, {}};
    }
    return {Outcome::Sent, {}};
}

const ConversationItem *ChatSession::replyItem() const
{
    if (m_replyIndex < 0 || m_replyIndex >= m_conversation->count())
        return nullptr;
    const ConversationItem &item = m_conversation->at(m_replyIndex);
    return item.kind == ConversationItem::Kind::Assistant ? &item : nullptr;
}

void ChatSession::handleStateChanged(ChatService::State state)
{
    // Becoming idle is told by endExchange(), after the ending is in the conversation.
    if (m_active && ChatService::isBusyState(state))
        setBusy(true);
}

void ChatSession::handleAttemptStarted()
{
    if (!m_active)
        return;
    m_attemptText = false;
    m_attemptTextSoFar.clear();
}

void ChatSession::handleDelta(const QString &text)
{
    if (!m_active || text.isEmpty())
        return;
    m_attemptTextSoFar += text;
    // A continuation is joined to the text it continues (without repeating it).
    const QString shown = m_prefix.isEmpty() ? m_attemptTextSoFar
                                             : joinContinuation(m_prefix, m_attemptTextSoFar);
    const ConversationItem *existing = replyItem();
    if (!existing) {
        ConversationItem reply;
        reply.kind = ConversationItem::Kind::Assistant;
        reply.text = shown;
        reply.streaming = true;
        m_attemptText = true;
        m_replyIndex = m_conversation->append(reply);
        if (m_replyIndex < 0) {
            // It cannot be kept: say so and stop rather than stream into nothing.
            Q_EMIT saveFailed(m_conversation->library()->lastError());
            m_service->cancel();
            return;
        }
        Q_EMIT replyStarted(m_replyIndex);
    } else if (!m_attemptText || !shown.startsWith(existing->text)) {
        // The first text of this attempt replaces what an earlier attempt left (the partial
        // shown as interrupted while the retry waited); a continuation keeps what it
        // continues. Later text only appends.
        ConversationItem reply = *existing;
        reply.text = shown;
        reply.streaming = true;
        reply.interrupted = false;
        reply.stopped = false;
        m_attemptText = true;
        m_conversation->replace(m_replyIndex, reply);
    } else if (shown.size() > existing->text.size()) {
        m_conversation->appendText(m_replyIndex, shown.mid(existing->text.size()));
    }
    scheduleSave();
}

void ChatSession::handleAttemptFailed(int attempt, const ApiError &error, const QString &partial)
{
    Q_UNUSED(partial)
    if (!m_active)
        return;
    qCInfo(lcSession) << "attempt" << attempt << "failed:" << ApiError::kindName(error.kind);
    const ConversationItem *existing = replyItem();
    if (!existing || !m_attemptText)
        return; // nothing of this attempt is shown
    // The partial stays visible, marked as broken, while a retry may come.
    ConversationItem reply = *existing;
    reply.streaming = false;
    reply.interrupted = true;
    reportSave(m_conversation->replace(m_replyIndex, reply), true);
}

void ChatSession::handleFinished(const ChatResult &result)
{
    if (!m_active)
        return;
    m_saveTimer.stop();
    const ConversationItem *existing = replyItem();
    ConversationItem reply;
    if (existing)
        reply = *existing;
    reply.kind = ConversationItem::Kind::Assistant;
    // A JSON reply has no deltas: its text comes here.
    reply.text = m_prefix.isEmpty() ? result.text : joinContinuation(m_prefix, result.text);
    reply.streaming = false;
    reply.interrupted = false;
    reply.stopped = false;
    reply.finishReason = result.finishReason;
    reply.model = result.model;
    reply.requestId = result.requestId;
    reply.usage = result.usage;
    if (existing) {
        reportSave(m_conversation->replace(m_replyIndex, reply), false);
    } else {
        m_replyIndex = m_conversation->append(reply);
        if (m_replyIndex < 0)
            Q_EMIT saveFailed(m_conversation->library()->lastError());
        else
            Q_EMIT replyStarted(m_replyIndex);
    }
    Q_EMIT finished(result);
    endExchange();
}

void ChatSession::handleFailed(const ApiError &error, const QString &partial)
{
    // The item holds the partial text already: deltas were applied as they came.
    if (!m_active)
        return;
    qCInfo(lcSession) << "exchange failed:" << ApiError::kindName(error.kind);
    m_saveTimer.stop();
    const bool stopped = error.kind == ApiError::Kind::Cancelled;
    bool keptPartial = false;
    if (const ConversationItem *existing = replyItem()) {
        if (existing->text.isEmpty()) {
            m_conversation->removeFrom(m_replyIndex);
        } else {
            // What streamed stays: stopped by the user, or interrupted by the failure.
            ConversationItem reply = *existing;
            reply.streaming = false;
            reply.interrupted = !stopped;
            reply.stopped = stopped;
            reportSave(m_conversation->replace(m_replyIndex, reply), false);
            keptPartial = true;
        }
    }
    // A stopped reply says so itself; with nothing streamed, a card says it was stopped.
    if (!(stopped && keptPartial))
        appendError(error);
    Q_EMIT failed(error, partial);
    endExchange();
}

void ChatSession::appendError(const ApiError &error)
{
    ConversationItem item;
    item.kind = ConversationItem::Kind::Error;
    item.error = error;
    if (m_conversation->append(item) < 0)
        Q_EMIT saveFailed(m_conversation->library()->lastError());
}

void ChatSession::handleRowsRemoved(int from)
{
    if (m_replyIndex >= from) {
        m_replyIndex = -1;
        m_prefix.clear();
    }
}

void ChatSession::handleReset()
{
    // Another conversation is shown: an exchange still running (the window does not allow
    // it) would write into the wrong one. It is stopped and its rows forgotten.
    if (m_active) {
        m_active = false;
        m_service->cancel();
        endExchange();
    }
    m_replyIndex = -1;
    m_prefix.clear();
    Q_EMIT actionsChanged();
}

void ChatSession::endExchange()
{
    m_active = false;
    m_replyIndex = -1;
    m_prefix.clear();
    m_attemptText = false;
    m_attemptTextSoFar.clear();
    setBusy(false);
}

void ChatSession::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
    Q_EMIT actionsChanged();
}

void ChatSession::scheduleSave()
{
    if (m_conversation->library() && !m_saveTimer.isActive())
        m_saveTimer.start(m_saveDelay);
}

bool ChatSession::saveReplyText(bool quietRepeat)
{
    if (m_replyIndex < 0 || m_replyIndex >= m_conversation->count())
        return true;
    const bool saved = m_conversation->flushText(m_replyIndex);
    reportSave(saved, quietRepeat);
    return saved;
}

void ChatSession::reportSave(bool saved, bool quietRepeat)
{
    // Streamed text is saved every second: one failure is told, not one a second.
    if (!saved && !(quietRepeat && m_lastSaveFailed) && m_conversation->library())
        Q_EMIT saveFailed(m_conversation->library()->lastError());
    m_lastSaveFailed = !saved;
}

} // namespace steadfast
