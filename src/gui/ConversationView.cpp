// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ConversationView.h"

#include "core/ChatSession.h"
#include "core/Conversation.h"
#include "gui/ErrorCard.h"
#include "gui/MessageWidgets.h"

#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace steadfast {

ConversationView::ConversationView(Conversation *conversation, ChatSession *session,
                                   QWidget *parent)
    : QScrollArea(parent)
    , m_conversation(conversation)
    , m_session(session)
    , m_content(new QWidget)
    , m_layout(new QVBoxLayout(m_content))
    , m_empty(new QLabel(m_content))
    , m_waiting(new QLabel(m_content))
{
    setObjectName(u"conversationView"_s);
    setAccessibleName(tr("Conversation"));
    setWidgetResizable(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFocusPolicy(Qt::StrongFocus);
    m_layout->setSpacing(10);
    // The content is sized here, by height-for-width at the viewport's width (fitContent()):
    // a resizable scroll area would also force the minimum height the wrapped labels have at
    // a narrow width, leaving empty space under the last message.
    m_layout->setSizeConstraint(QLayout::SetNoConstraint);
    m_content->installEventFilter(this);
    m_empty->setText(tr("No messages yet. Type below and press Enter to send; Shift+Enter adds "
                        "a new line."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_waiting->setObjectName(u"waitingLabel"_s);
    m_waiting->setAccessibleName(tr("Request status"));
    m_waiting->setForegroundRole(QPalette::PlaceholderText);
    m_waiting->setVisible(false);
    m_layout->addWidget(m_empty);
    m_layout->addWidget(m_waiting);
    m_layout->addStretch(1);
    setWidget(m_content);

    // Follow the bottom while the user is there; stop when they scroll up to read.
    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this,
            [this, bar](int value) { m_followBottom = value >= bar->maximum() - 4; });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_followBottom)
            bar->setValue(max);
    });

    connect(conversation, &Conversation::itemAppended, this, &ConversationView::insertRow);
    connect(conversation, &Conversation::textAppended, this, &ConversationView::handleTextAppended);
    connect(conversation, &Conversation::itemChanged, this, &ConversationView::handleItemChanged);
    connect(conversation, &Conversation::itemsRemoved, this, &ConversationView::handleItemsRemoved);
    connect(conversation, &Conversation::reset, this, &ConversationView::rebuild);
    connect(session, &ChatSession::busyChanged, this, &ConversationView::updateActions);
    rebuild();
}

void ConversationView::fitContent()
{
    const int width = viewport()->width();
    const int height = std::max(viewport()->height(), m_layout->totalHeightForWidth(width));
    if (m_content->size() != QSize(width, height))
        m_content->resize(width, height);
}

void ConversationView::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    fitContent();
}

bool ConversationView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_content && event->type() == QEvent::LayoutRequest)
        fitContent();
    return QScrollArea::eventFilter(watched, event);
}

void ConversationView::setWaitingText(const QString &text)
{
    if (m_waiting->text() == text)
        return;
    m_waiting->setText(text);
    m_waiting->setVisible(!text.isEmpty());
}

QString ConversationView::waitingText() const
{
    return m_waiting->isVisible() ? m_waiting->text() : QString();
}

AssistantMessageWidget *ConversationView::assistantWidget(int index) const
{
    return qobject_cast<AssistantMessageWidget *>(m_rows.value(index));
}

UserMessageWidget *ConversationView::userWidget(int index) const
{
    return qobject_cast<UserMessageWidget *>(m_rows.value(index));
}

ErrorCard *ConversationView::errorCard(int index) const
{
    return qobject_cast<ErrorCard *>(m_rows.value(index));
}

ErrorCard *ConversationView::lastErrorCard() const
{
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        if (auto *card = qobject_cast<ErrorCard *>(m_rows.at(i)))
            return card;
    }
    return nullptr;
}

QWidget *ConversationView::createRow(int index)
{
    const ConversationItem &item = m_conversation->at(index);
    switch (item.kind) {
    case ConversationItem::Kind::User: {
        auto *widget = new UserMessageWidget(item.text, item.time, m_content);
        connect(widget, &UserMessageWidget::editRequested, this,
                [this, widget] { Q_EMIT editRequested(int(m_rows.indexOf(widget))); });
        return widget;
    }
    case ConversationItem::Kind::Assistant: {
        auto *widget = new AssistantMessageWidget(m_content);
        connect(widget, &AssistantMessageWidget::continueRequested, m_session,
                &ChatSession::continueReply);
        connect(widget, &AssistantMessageWidget::regenerateRequested, m_session,
                &ChatSession::regenerate);
        widget->setStreaming(item.streaming);
        widget->setText(item.text);
        return widget;
    }
    case ConversationItem::Kind::Error: {
        auto *card = new ErrorCard(item.error, m_content);
        connect(card, &ErrorCard::actionTriggered, this, [this, card](ErrorText::Action action) {
            Q_EMIT errorActionTriggered(int(m_rows.indexOf(card)), action);
        });
        return card;
    }
    }
    return nullptr;
}

void ConversationView::applyItem(int index, QWidget *row)
{
    const ConversationItem &item = m_conversation->at(index);
    if (auto *assistant = qobject_cast<AssistantMessageWidget *>(row)) {
        assistant->setDetails(item.model, item.time, item.finishReason);
        assistant->setInterrupted(item.interrupted && !item.streaming);
    }
}

void ConversationView::insertRow(int index)
{
    QWidget *row = createRow(index);
    m_rows.insert(index, row);
    // Rows sit before the waiting label and the stretch.
    m_layout->insertWidget(index + 1, row);
    applyItem(index, row);
    m_empty->setVisible(m_rows.isEmpty());
    updateActions();
}

void ConversationView::rebuild()
{
    qDeleteAll(m_rows);
    m_rows.clear();
    for (int i = 0; i < m_conversation->count(); ++i)
        insertRow(i);
    m_empty->setVisible(m_rows.isEmpty());
    m_followBottom = true;
    updateActions();
}

void ConversationView::handleTextAppended(int index, const QString &text)
{
    if (AssistantMessageWidget *widget = assistantWidget(index))
        widget->appendText(text);
}

void ConversationView::handleItemChanged(int index)
{
    QWidget *row = m_rows.value(index);
    if (!row)
        return;
    const ConversationItem &item = m_conversation->at(index);
    if (auto *assistant = qobject_cast<AssistantMessageWidget *>(row)) {
        assistant->setStreaming(item.streaming);
        if (assistant->markdown() != item.text)
            assistant->setText(item.text);
    } else if (auto *user = qobject_cast<UserMessageWidget *>(row)) {
        user->setText(item.text);
    } else if (qobject_cast<ErrorCard *>(row)) {
        // An error card does not change: replace it.
        delete row;
        m_rows.removeAt(index);
        insertRow(index);
        return;
    }
    applyItem(index, row);
    updateActions();
}

void ConversationView::handleItemsRemoved(int from)
{
    while (m_rows.size() > from)
        delete m_rows.takeLast();
    m_empty->setVisible(m_rows.isEmpty());
    updateActions();
}

void ConversationView::updateActions()
{
    const bool busy = m_session->isBusy();
    const int lastUser = m_conversation->lastIndexOf(ConversationItem::Kind::User);
    for (int i = 0; i < m_rows.size(); ++i) {
        if (auto *assistant = assistantWidget(i)) {
            assistant->setActions(m_session->canContinue(i), m_session->canRegenerate(i));
        } else if (auto *user = userWidget(i)) {
            user->setEditable(!busy && i == lastUser);
        } else if (auto *card = errorCard(i)) {
            // The actions act on the last exchange (Try again resends the last message), so
            // only the cards after the last message of the user offer them.
            card->setActionEnabled(!busy && i > lastUser);
        }
    }
}

} // namespace steadfast
