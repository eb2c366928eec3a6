// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/ChatSession.h"

#include "core/ConversationStore.h"
#include "core/Validation.h"

#include "core/Logging.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

bool isBusyState(ChatService::State state)
{
    switch (state) {
    case ChatService::State::Sending:
    case ChatService::State::Streaming:
    case ChatService::State::WaitingToRetry:
    case ChatService::State::WaitingForConsent:
        return true;
    case ChatService::State::Idle:
    case ChatService::State::Failed:
    case ChatService::State::Cancelled:
    case ChatService::State::Done:
        return false;
    }
    return false;
}

} // namespace

ChatSession::ChatSession(ChatService *service, Conversation *conversation, ConversationStore *store,
                         QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_conversation(conversation)
    , m_store(store)
{
    Q_ASSERT(service && conversation);
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { save(true); });
    connect(m_service, &ChatService::stateChanged, this, &ChatSession::handleStateChanged);
    connect(m_service, &ChatService::attemptStarted, this, &ChatSession::handleAttemptStarted);
    connect(m_service, &ChatService::delta, this, &ChatSession::handleDelta);
    connect(m_service, &ChatService::attemptFailed, this, &ChatSession::handleAttemptFailed);
    connect(m_service, &ChatService::finished, this, &ChatSession::handleFinished);
    connect(m_service, &ChatService::failed, this, &ChatSession::handleFailed);
    connect(m_conversation, &Conversation::itemsRemoved, this, &ChatSession::handleItemsRemoved);
    connect(m_conversation, &Conversation::reset, this, &ChatSession::handleReset);
}

ChatSession::~ChatSession()
{
    // Going away mid-exchange: stop the request (nobody is left to take its reply) and keep
    // what streamed so far. The item stays marked streaming on disk; restoring it marks it
    // interrupted.
    disconnect(m_service, nullptr, this, nullptr);
    if (m_active)
        m_service->cancel();
    if (m_saveTimer.isActive())
        save(true);
}

void ChatSession::setConnection(const SessionConnection &connection)
{
    m_connection = connection;
}

SessionConnection ChatSession::connection() const
{
    return m_connection;
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

bool ChatSession::canContinue(int index) const
{
    if (!canRegenerate(index))
        return false;
    const ConversationItem &item = m_conversation->at(index);
    return item.interrupted && !item.text.isEmpty();
}

bool ChatSession::canRegenerate(int index) const
{
    if (isBusy() || index < 0 || index >= m_conversation->count())
        return false;
    if (m_conversation->at(index).kind != ConversationItem::Kind::Assistant)
        return false;
    const int user = lastUserIndex();
    return user >= 0 && user < index && onlyErrorsFrom(index + 1);
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
            if (!item.text.isEmpty() && !item.interrupted)
                return false; // a complete reply: that is regenerate()
            break;
        case ConversationItem::Kind::User:
            return false; // cannot be: user is the last one
        }
    }
    return true;
}

bool ChatSession::send(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || isBusy())
        return false;
    ConversationItem item;
    item.kind = ConversationItem::Kind::User;
    item.text = trimmed;
    m_conversation->append(item);
    save(); // before anything leaves this machine: a crash from here on keeps the message
    return startExchange(Mode::Reply, -1, -1);
}

bool ChatSession::retry()
{
    if (!canRetry())
        return false;
    const int user = lastUserIndex();
    m_conversation->removeFrom(user + 1);
    save();
    return startExchange(Mode::Reply, user + 1, -1);
}

bool ChatSession::regenerate()
{
    const int assistant = m_conversation->lastIndexOf(ConversationItem::Kind::Assistant);
    if (!canRegenerate(assistant))
        return false;
    const int user = lastUserIndex();
    m_conversation->removeFrom(user + 1);
    save();
    return startExchange(Mode::Reply, user + 1, -1);
}

bool ChatSession::continueReply()
{
    const int assistant = m_conversation->lastIndexOf(ConversationItem::Kind::Assistant);
    if (!canContinue(assistant))
        return false;
    m_conversation->removeFrom(assistant + 1);
    save();
    return startExchange(Mode::Continue, assistant + 1, assistant);
}

QString ChatSession::takeLastUserMessage()
{
    const int user = lastUserIndex();
    if (isBusy() || user < 0)
        return {};
    const QString text = m_conversation->at(user).text;
    m_conversation->removeFrom(user);
    save();
    return text;
}

void ChatSession::cancel()
{
    if (m_active)
        m_service->cancel();
}

void ChatSession::newConversation()
{
    if (isBusy())
        return;
    if (m_store && m_conversation->count() > 0 && !m_store->archiveConversation(*m_conversation)) {
        Q_EMIT saveFailed(m_store->lastError()); // keep it: clearing now would lose it
        return;
    }
    m_conversation->clear();
    save();
}

bool ChatSession::startExchange(Mode mode, int upTo, int replyIndex)
{
    ChatRequest request;
    request.baseUrl = m_connection.baseUrl;
    request.apiKey = m_connection.apiKey;
    request.model = m_connection.model;
    request.stream = m_connection.stream;
    request.allowInsecureKey = m_connection.allowInsecureKey;
    request.messages = m_conversation->context(m_connection.systemPrompt, upTo);
    if (mode == Mode::Continue)
        request.messages.append({u"user"_s, continueInstruction()});
    if (const std::optional<ApiError> invalid = validateRequest(request)) {
        qCInfo(lcSession) << "not sent:" << ApiError::kindName(invalid->kind);
        ConversationItem item;
        item.kind = ConversationItem::Kind::Error;
        item.error = *invalid;
        m_conversation->append(item);
        save();
        return false;
    }

    m_replyIndex = replyIndex;
    m_prefix = mode == Mode::Continue && replyItem() ? replyItem()->text : QString();
    m_attemptText = false;
    m_active = true;
    setBusy(true);
    // The service may end the exchange before send() returns (a circuit that is open):
    // then handleFailed() has already recorded it and cleared m_active.
    if (!m_service->send(request)) {
        qCWarning(lcSession) << "the service refused the request: it is busy";
        endExchange();
        return false;
    }
    return true;
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
    if (m_active && isBusyState(state))
        setBusy(true);
}

void ChatSession::handleAttemptStarted()
{
    if (m_active)
        m_attemptText = false;
}

void ChatSession::handleDelta(const QString &text)
{
    if (!m_active || text.isEmpty())
        return;
    const ConversationItem *existing = replyItem();
    if (!existing) {
        ConversationItem reply;
        reply.kind = ConversationItem::Kind::Assistant;
        reply.text = m_prefix + text;
        reply.streaming = true;
        m_attemptText = true;
        m_replyIndex = m_conversation->append(reply);
        Q_EMIT replyStarted(m_replyIndex);
    } else if (!m_attemptText) {
        // The first text of this attempt: it replaces what an earlier attempt left (the
        // partial shown as interrupted while the retry waited). A continuation keeps the
        // text it continues.
        ConversationItem reply = *existing;
        reply.text = m_prefix + text;
        reply.streaming = true;
        reply.interrupted = false;
        m_attemptText = true;
        m_conversation->replace(m_replyIndex, reply);
    } else {
        m_conversation->appendText(m_replyIndex, text);
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
    m_conversation->replace(m_replyIndex, reply);
    scheduleSave();
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
    reply.text = m_prefix + result.text; // a JSON reply has no deltas: its text comes here
    reply.streaming = false;
    reply.interrupted = false;
    reply.finishReason = result.finishReason;
    reply.model = result.model;
    reply.requestId = result.requestId;
    reply.usage = result.usage;
    if (existing) {
        m_conversation->replace(m_replyIndex, reply);
    } else {
        m_replyIndex = m_conversation->append(reply);
        Q_EMIT replyStarted(m_replyIndex);
    }
    save();
    endExchange();
}

void ChatSession::handleFailed(const ApiError &error, const QString &partial)
{
    Q_UNUSED(partial) // the item holds it already: deltas were applied as they came
    if (!m_active)
        return;
    qCInfo(lcSession) << "exchange failed:" << ApiError::kindName(error.kind);
    m_saveTimer.stop();
    if (const ConversationItem *existing = replyItem()) {
        if (existing->text.isEmpty()) {
            m_conversation->removeFrom(m_replyIndex);
        } else if (existing->streaming || !existing->interrupted) {
            ConversationItem reply = *existing;
            reply.streaming = false;
            reply.interrupted = true;
            m_conversation->replace(m_replyIndex, reply);
        }
    }
    ConversationItem item;
    item.kind = ConversationItem::Kind::Error;
    item.error = error;
    m_conversation->append(item);
    save();
    endExchange();
}

void ChatSession::handleItemsRemoved(int from)
{
    if (m_replyIndex >= from) {
        m_replyIndex = -1;
        m_prefix.clear();
    }
}

void ChatSession::handleReset()
{
    m_replyIndex = -1;
    m_prefix.clear();
}

void ChatSession::endExchange()
{
    m_active = false;
    m_replyIndex = -1;
    m_prefix.clear();
    m_attemptText = false;
    setBusy(false);
}

void ChatSession::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void ChatSession::scheduleSave()
{
    if (m_store && !m_saveTimer.isActive())
        m_saveTimer.start(m_saveDelay);
}

bool ChatSession::save(bool quietRepeat)
{
    if (!m_store)
        return true;
    const bool saved = m_store->saveConversation(*m_conversation);
    // Streamed text is saved every second: one failure is told, not one a second.
    if (!saved && !(quietRepeat && m_lastSaveFailed))
        Q_EMIT saveFailed(m_store->lastError());
    m_lastSaveFailed = !saved;
    return saved;
}

} // namespace steadfast
