// SPDX-License-Identifier: GPL-3.0-or-later
// TimelineView's row widgets: made when a row comes on screen, filled from the conversation's
// item, given the actions the session allows, and let go when the row leaves the screen.
#include "gui/TimelineView.h"

#include "core/library/Conversation.h"
#include "core/session/ChatSession.h"
#include "gui/ErrorCard.h"
#include "gui/MessageWidgets.h"

namespace steadfast {

void TimelineView::realise(int row)
{
    Row &entry = m_rows[size_t(row)];
    if (entry.widget)
        return;
    entry.widget = createWidget(row);
    applyItem(row);
}

void TimelineView::unrealise(int row)
{
    Row &entry = m_rows[size_t(row)];
    if (!entry.widget)
        return;
    // Later: the row may go while one of its own buttons is still emitting (Delete).
    entry.widget->hide();
    entry.widget->deleteLater();
    entry.widget = nullptr;
}

template <typename MessageWidget>
MessageWidget *TimelineView::messageRow(MessageWidget *widget)
{
    widget->hide();
    connect(widget, &MessageWidget::deleteRequested, this,
            [this, widget] { Q_EMIT deleteRequested(rowOf(widget)); });
    connect(widget, &MessageWidget::versionRequested, this,
            [this, widget](int step) { Q_EMIT versionRequested(rowOf(widget), step); });
    return widget;
}

QWidget *TimelineView::createWidget(int row)
{
    const ConversationItem &item = m_conversation->at(row);
    switch (item.kind) {
    case ConversationItem::Kind::User: {
        auto *widget = messageRow(new UserMessageWidget(item.text, item.time, viewport()));
        connect(widget, &UserMessageWidget::editSubmitted, this,
                [this, widget](const QString &text) { Q_EMIT editSubmitted(rowOf(widget), text); });
        return widget;
    }
    case ConversationItem::Kind::Assistant: {
        auto *widget = messageRow(new AssistantMessageWidget(viewport()));
        connect(widget, &AssistantMessageWidget::continueRequested, this,
                [this, widget] { Q_EMIT continueRequested(rowOf(widget)); });
        connect(widget, &AssistantMessageWidget::regenerateRequested, this,
                [this, widget] { Q_EMIT regenerateRequested(rowOf(widget)); });
        return widget;
    }
    case ConversationItem::Kind::Error: {
        // What the card offers is the session's answer (the reply it cut off, the billing
        // page of the service that said it).
        const CardFacts facts =
                m_session ? m_session->cardFacts(row) : ErrorCards::facts(item.error);
        auto *card = new ErrorCard(item.error, facts, viewport());
        card->hide();
        connect(card, &ErrorCard::actionTriggered, this, [this, card](CardAction action) {
            Q_EMIT errorActionTriggered(rowOf(card), action);
        });
        return card;
    }
    }
    return nullptr;
}

void TimelineView::applyItem(int row)
{
    const ConversationItem &item = m_conversation->at(row);
    QWidget *widget = rowWidget(row);
    if (auto *assistant = qobject_cast<AssistantMessageWidget *>(widget)) {
        assistant->setStreaming(item.streaming);
        if (assistant->markdown() != item.text)
            assistant->setText(item.text);
        assistant->setDetails(item.model, item.time, item.finishReason);
        assistant->setInterrupted(item.interrupted && !item.streaming);
        assistant->setStopped(item.stopped && !item.streaming);
        assistant->setVersion(item.siblingIndex, item.siblingCount);
    } else if (auto *user = qobject_cast<UserMessageWidget *>(widget)) {
        user->setText(item.text);
        user->setVersion(item.siblingIndex, item.siblingCount);
    }
    applyActions(row);
}

void TimelineView::applyActions(int row)
{
    const ItemActions actions = m_session ? m_session->actionsFor(row) : ItemActions();
    QWidget *widget = rowWidget(row);
    if (auto *assistant = qobject_cast<AssistantMessageWidget *>(widget))
        assistant->setActions(actions);
    else if (auto *user = qobject_cast<UserMessageWidget *>(widget))
        user->setActions(actions);
    else if (auto *card = qobject_cast<ErrorCard *>(widget)) {
        const bool acts = actions.testFlag(ItemAction::CardActions);
        card->setActionEnabled(acts);
        // Only a card that still acts on the last exchange counts down: an older one, or one
        // whose request is under way (the banner counts then), does not.
        // A card about another server (the user switched since) does not count down this one's.
        const bool here = m_probeHost.isEmpty() || card->error().host == m_probeHost;
        card->setProbeDue(acts && here ? ErrorCard::ProbeDue(m_probeDue) : ErrorCard::ProbeDue());
    }
}

} // namespace steadfast
