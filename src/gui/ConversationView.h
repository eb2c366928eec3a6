// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui/ErrorText.h"

#include <QList>
#include <QScrollArea>

class QLabel;
class QVBoxLayout;

namespace steadfast {

class AssistantMessageWidget;
class ChatSession;
class Conversation;
class ErrorCard;
class UserMessageWidget;

/// The conversation, one widget per item of the Conversation: the user's messages, the
/// assistant's replies (Markdown, streamed by appending) and error cards where a reply would
/// have been. It follows the Conversation's signals; a streamed token costs an append, never a
/// rebuild. Stays scrolled to the bottom while the user has not scrolled up.
class ConversationView : public QScrollArea
{
    Q_OBJECT
public:
    ConversationView(Conversation *conversation, ChatSession *session, QWidget *parent = nullptr);

    /// "Waiting for the model… 23 s" under the last message while no answer has come; empty
    /// hides it.
    void setWaitingText(const QString &text);
    QString waitingText() const;
    /// Re-evaluates which buttons the items offer (Edit, Continue, Regenerate, card actions).
    void updateActions();

    int rowCount() const { return int(m_rows.size()); }
    QWidget *rowWidget(int index) const { return m_rows.value(index); }
    AssistantMessageWidget *assistantWidget(int index) const;
    UserMessageWidget *userWidget(int index) const;
    ErrorCard *errorCard(int index) const;
    ErrorCard *lastErrorCard() const;
    bool isFollowingBottom() const { return m_followBottom; }

Q_SIGNALS:
    void errorActionTriggered(int index, steadfast::ErrorText::Action action);
    void editRequested(int index);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitContent();
    QWidget *createRow(int index);
    void insertRow(int index);
    void rebuild();
    void handleTextAppended(int index, const QString &text);
    void handleItemChanged(int index);
    void handleItemsRemoved(int from);
    void applyItem(int index, QWidget *row);

    Conversation *m_conversation;
    ChatSession *m_session;
    QWidget *m_content;
    QVBoxLayout *m_layout;
    QLabel *m_empty;
    QLabel *m_waiting;
    QList<QWidget *> m_rows;
    bool m_followBottom = true;
};

} // namespace steadfast
