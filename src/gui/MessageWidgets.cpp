// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/MessageWidgets.h"

#include "gui/CopyButton.h"
#include "gui/Fonts.h"
#include "gui/MarkdownHtml.h"
#include "gui/MutedLabel.h"
#include "gui/TextBreaks.h"
#include "gui/VersionSwitcher.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

QString timeText(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat);
}

QLabel *newTextLabel(Qt::TextFormat format, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(format);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard
                                   | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    label->setOpenExternalLinks(true);
    label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    return label;
}

QPushButton *newActionButton(const QString &text, const QString &accessibleName,
                             const QString &toolTip, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setFlat(true); // quiet beside the text; framed under the mouse and in focus
    button->setAutoDefault(false);
    button->setAccessibleName(accessibleName);
    button->setToolTip(toolTip);
    button->setVisible(false);
    return button;
}

} // namespace

CodeBlockView::CodeBlockView(const QString &language, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_language(language)
    , m_header(new QWidget(this))
    , m_copy(new CopyButton(
              tr("Copy code"), [this] { return toPlainText(); }, m_header))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFont(monospaceFont());
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(language.isEmpty() ? tr("Code") : tr("Code (%1)").arg(language));
    // A role, not a colour taken from the palette now: the block follows a palette change
    // (a dark theme turned on) as the text colour does.
    viewport()->setBackgroundRole(QPalette::AlternateBase);
    // The text carries the fixed family itself: a style sheet or platform theme that sets
    // the widget's font (QPlainTextEdit's) cannot take the columns away.
    m_format.setFontFamilies(monospaceFont().families());
    m_format.setFontFixedPitch(true);

    auto *header = new QHBoxLayout(m_header);
    header->setContentsMargins(6, 0, 2, 0);
    auto *name = new MutedLabel(language.isEmpty() ? tr("code") : language, m_header);
    QFont small = name->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    name->setFont(small);
    m_copy->setFont(small);
    m_copy->setToolButtonStyle(Qt::ToolButtonTextOnly);
    header->addWidget(name);
    header->addStretch();
    header->addWidget(m_copy);
    setViewportMargins(0, m_header->sizeHint().height(), 0, 0);

    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeBlockView::updateHeight);
    updateHeight();
}

void CodeBlockView::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect inside = contentsRect();
    m_header->setGeometry(inside.left(), inside.top(), inside.width(), viewportMargins().top());
}

void CodeBlockView::setPartialLine(const QString &line)
{
    QTextCursor cursor(document());
    if (m_hasPartial || !m_started) {
        cursor.movePosition(QTextCursor::End);
        cursor.movePosition(QTextCursor::StartOfBlock, QTextCursor::KeepAnchor);
        cursor.insertText(line, m_format);
    } else {
        cursor.movePosition(QTextCursor::End);
        cursor.insertBlock(QTextBlockFormat(), m_format);
        cursor.insertText(line, m_format);
    }
    m_hasPartial = true;
    m_started = true;
}

void CodeBlockView::appendLine(const QString &line)
{
    setPartialLine(line);
    m_hasPartial = false;
}

void CodeBlockView::finish()
{
    if (!m_hasPartial)
        return;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.movePosition(QTextCursor::StartOfBlock, QTextCursor::KeepAnchor);
    if (document()->blockCount() > 1)
        cursor.movePosition(QTextCursor::PreviousCharacter, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    m_hasPartial = false;
    m_started = document()->blockCount() > 1 || !document()->isEmpty();
}

QSize CodeBlockView::sizeHint() const
{
    const int lines = std::max(1, document()->blockCount());
    const QMargins margins = contentsMargins();
    QFont font = this->font();
    font.setFamilies(m_format.fontFamilies().toStringList());
    int height = lines * QFontMetrics(font).lineSpacing() + 2 * int(document()->documentMargin())
            + margins.top() + margins.bottom() + viewportMargins().top() + 2;
    if (horizontalScrollBar()->isVisible() || horizontalScrollBar()->maximum() > 0)
        height += horizontalScrollBar()->sizeHint().height();
    return {QPlainTextEdit::sizeHint().width(), height};
}

void CodeBlockView::updateHeight()
{
    setFixedHeight(sizeHint().height());
}

UserMessageWidget::UserMessageWidget(const QString &text, const QDateTime &time, QWidget *parent)
    : QFrame(parent)
    , m_text(newTextLabel(Qt::PlainText, this))
    , m_switcher(new VersionSwitcher(this))
    , m_edit(newActionButton(tr("Edit"), tr("Edit message"),
                             tr("Change this message and send it again as a new version"), this))
    , m_copy(new CopyButton(
              tr("Copy message"), [this] { return m_plainText; }, this))
    , m_delete(newActionButton(tr("Delete"), tr("Delete message"),
                               tr("Delete this message and what follows it"), this))
    , m_editor(new QPlainTextEdit(this))
    , m_editButtons(new QWidget(this))
    , m_send(new QPushButton(tr("Send"), m_editButtons))
    , m_cancel(new QPushButton(tr("Cancel"), m_editButtons))
{
    setObjectName(u"userMessage"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    auto *who = new MutedLabel(tr("You · %1").arg(timeText(time)), this);
    header->addWidget(who);
    header->addStretch();
    header->addWidget(m_switcher);
    header->addWidget(m_edit);
    header->addWidget(m_copy);
    header->addWidget(m_delete);
    m_copy->setVisible(false);
    layout->addLayout(header);
    m_text->setForegroundRole(QPalette::Text); // on AlternateBase, which pairs with Text
    layout->addWidget(m_text);

    m_editor->setObjectName(u"messageEditor"_s);
    m_editor->setAccessibleName(tr("Edit message text"));
    m_editor->setTabChangesFocus(true);
    m_editor->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_editor->setVisible(false);
    m_editor->installEventFilter(this);
    layout->addWidget(m_editor);
    auto *editRow = new QHBoxLayout(m_editButtons);
    editRow->setContentsMargins(0, 0, 0, 0);
    editRow->addStretch();
    m_send->setAutoDefault(false);
    m_send->setAccessibleName(tr("Send edited message"));
    m_send->setToolTip(tr("Send the changed message as a new version (Ctrl+Enter)"));
    m_cancel->setAutoDefault(false);
    m_cancel->setAccessibleName(tr("Cancel editing"));
    m_cancel->setToolTip(tr("Keep the message as it was (Esc)"));
    editRow->addWidget(m_cancel);
    editRow->addWidget(m_send);
    m_editButtons->setVisible(false);
    layout->addWidget(m_editButtons);

    setText(text);
    setAccessibleName(tr("Your message"));
    connect(m_edit, &QPushButton::clicked, this, [this] { startEditing(); });
    connect(m_delete, &QPushButton::clicked, this, &UserMessageWidget::deleteRequested);
    connect(m_switcher, &VersionSwitcher::versionRequested, this,
            &UserMessageWidget::versionRequested);
    connect(m_send, &QPushButton::clicked, this, &UserMessageWidget::submitEditing);
    connect(m_cancel, &QPushButton::clicked, this, &UserMessageWidget::cancelEditing);
    connect(m_editor, &QPlainTextEdit::blockCountChanged, this,
            &UserMessageWidget::updateEditorHeight);
}

void UserMessageWidget::setText(const QString &text)
{
    m_plainText = text;
    m_text->setText(
            breakLongRuns(text, defaultLongestRun,
                          messageBreakStep)); // a long URL or hash wraps; copies carry the text

    setAccessibleDescription(text.left(200));
}

QString UserMessageWidget::text() const
{
    return m_plainText;
}

void UserMessageWidget::setActions(ItemActions actions)
{
    m_actions = actions;
    m_edit->setVisible(actions.testFlag(ItemAction::Edit) && !m_editing);
    m_copy->setVisible(actions.testFlag(ItemAction::Copy));
    m_delete->setVisible(actions.testFlag(ItemAction::Delete));
    m_switcher->setSwitchable(actions.testFlag(ItemAction::SwitchVersion));
}

void UserMessageWidget::setVersion(int siblingIndex, int siblingCount)
{
    m_switcher->setVersion(siblingIndex, siblingCount);
}

void UserMessageWidget::startEditing(const QString &text)
{
    if (m_editing) {
        if (!text.isEmpty())
            m_editor->setPlainText(text);
        m_editor->setFocus();
        return;
    }
    m_editor->setPlainText(text.isEmpty() ? m_plainText : text);
    updateEditorHeight();
    setEditing(true);
    m_editor->setFocus();
    m_editor->moveCursor(QTextCursor::End);
}

void UserMessageWidget::cancelEditing()
{
    if (m_editing)
        setEditing(false);
}

void UserMessageWidget::submitEditing()
{
    if (!m_editing)
        return;
    const QString text = m_editor->toPlainText();
    if (text.trimmed().isEmpty())
        return;
    setEditing(false);
    Q_EMIT editSubmitted(text);
}

void UserMessageWidget::setEditing(bool editing)
{
    m_editing = editing;
    m_text->setVisible(!editing);
    m_editor->setVisible(editing);
    m_editButtons->setVisible(editing);
    m_edit->setVisible(!editing && m_actions.testFlag(ItemAction::Edit));
    Q_EMIT editingChanged(editing);
}

void UserMessageWidget::updateEditorHeight()
{
    const int lines = std::clamp(m_editor->document()->blockCount(), 3, 12);
    const QMargins margins = m_editor->contentsMargins();
    m_editor->setFixedHeight(lines * m_editor->fontMetrics().lineSpacing()
                             + 2 * int(m_editor->document()->documentMargin()) + margins.top()
                             + margins.bottom() + 2);
}

bool UserMessageWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            cancelEditing();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            submitEditing();
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

AssistantMessageWidget::AssistantMessageWidget(QWidget *parent)
    : QFrame(parent)
    , m_header(new MutedLabel(QString(), this))
    , m_blocks(new QVBoxLayout)
    , m_tail(newTextLabel(Qt::RichText, this))
    , m_status(new QLabel(this))
    , m_continue(newActionButton(tr("Continue"), tr("Continue reply"),
                                 tr("Ask the model to go on from where the reply stopped"), this))
    , m_regenerate(newActionButton(tr("Regenerate"), tr("Regenerate reply"),
                                   tr("Ask for a new reply, kept as another version of this one"),
                                   this))
    , m_delete(newActionButton(tr("Delete"), tr("Delete reply"), tr("Delete this reply"), this))
    , m_copy(new CopyButton(
              tr("Copy reply"), [this] { return m_source; }, this))
    , m_switcher(new VersionSwitcher(this))
{
    setObjectName(u"assistantMessage"_s);
    setAccessibleName(tr("Assistant's reply"));
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    header->addWidget(m_header);
    header->addStretch();
    header->addWidget(m_switcher);
    m_copy->setVisible(false);
    header->addWidget(m_copy);
    layout->addLayout(header);
    m_blocks->setContentsMargins(0, 0, 0, 0);
    m_blocks->addWidget(m_tail);
    layout->addLayout(m_blocks);
    m_tail->setVisible(false);

    // The status ("Stopped: …") on a line of its own: beside the buttons, a wrapped label gets
    // only what a horizontal layout's size hints leave it, a sliver in a narrow window.
    m_status->setWordWrap(true);
    m_status->setVisible(false);
    layout->addWidget(m_status);
    auto *footer = new QHBoxLayout;
    footer->addStretch();
    footer->addWidget(m_continue);
    footer->addWidget(m_regenerate);
    footer->addWidget(m_delete);
    layout->addLayout(footer);

    m_frame.setSingleShot(true);
    m_frame.setInterval(33);
    connect(&m_frame, &QTimer::timeout, this, &AssistantMessageWidget::flushNow);
    connect(m_continue, &QPushButton::clicked, this, &AssistantMessageWidget::continueRequested);
    connect(m_regenerate, &QPushButton::clicked, this,
            &AssistantMessageWidget::regenerateRequested);
    connect(m_delete, &QPushButton::clicked, this, &AssistantMessageWidget::deleteRequested);
    connect(m_switcher, &VersionSwitcher::versionRequested, this,
            &AssistantMessageWidget::versionRequested);
    setDetails({}, QDateTime::currentDateTimeUtc(), {});
}

void AssistantMessageWidget::appendText(const QString &text)
{
    m_source += text;
    m_streamer.append(text);
    if (!m_frame.isActive())
        m_frame.start();
}

void AssistantMessageWidget::setText(const QString &text)
{
    m_frame.stop();
    clearBlocks();
    m_streamer.clear();
    m_source.clear();
    appendText(text);
    if (m_streaming) {
        flushNow();
    } else {
        m_frame.stop();
        apply(m_streamer.finish());
    }
}

void AssistantMessageWidget::setStreaming(bool streaming)
{
    if (m_streaming == streaming)
        return;
    m_streaming = streaming;
    if (!streaming) {
        m_frame.stop();
        apply(m_streamer.finish());
    }
}

void AssistantMessageWidget::setDetails(const QString &model, const QDateTime &time,
                                        const QString &finishReason)
{
    QString text = model.isEmpty() ? tr("Assistant · %1").arg(timeText(time))
                                   : tr("Assistant (%1) · %2").arg(model, timeText(time));
    if (finishReason == u"length")
        text = tr("%1 · stopped at the token limit").arg(text);
    m_header->setText(text);
}

void AssistantMessageWidget::setInterrupted(bool interrupted)
{
    m_interrupted = interrupted;
    updateStatus();
}

void AssistantMessageWidget::setStopped(bool stopped)
{
    m_stopped = stopped;
    updateStatus();
}

QString AssistantMessageWidget::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void AssistantMessageWidget::updateStatus()
{
    // Stopped says the user ended it; Interrupted that it broke. A stopped reply is not
    // called interrupted.
    QString text;
    if (m_stopped)
        text = tr("■ Stopped: you stopped this reply. The text above is what arrived.");
    else if (m_interrupted)
        text = tr("⚠ Interrupted: this reply was cut off. The text above is what arrived.");
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    setAccessibleDescription(text);
}

void AssistantMessageWidget::setActions(ItemActions actions)
{
    m_copy->setVisible(actions.testFlag(ItemAction::Copy));
    m_continue->setVisible(actions.testFlag(ItemAction::Continue));
    m_regenerate->setVisible(actions.testFlag(ItemAction::Regenerate));
    m_delete->setVisible(actions.testFlag(ItemAction::Delete));
    m_switcher->setSwitchable(actions.testFlag(ItemAction::SwitchVersion));
}

void AssistantMessageWidget::setVersion(int siblingIndex, int siblingCount)
{
    m_switcher->setVersion(siblingIndex, siblingCount);
}

void AssistantMessageWidget::flushNow()
{
    m_frame.stop();
    apply(m_streaming ? m_streamer.flush() : m_streamer.finish());
}

QList<QWidget *> AssistantMessageWidget::blockWidgets() const
{
    QList<QWidget *> widgets;
    for (QWidget *group : m_groups) {
        QLayout *layout = group->layout();
        for (int i = 0; i < layout->count(); ++i)
            widgets.append(layout->itemAt(i)->widget());
    }
    if (!m_tail->text().isEmpty())
        widgets.append(m_tail);
    return widgets;
}

QLabel *AssistantMessageWidget::newProseLabel(const QString &markdown)
{
    QLabel *label = newTextLabel(Qt::RichText, this);
    label->setText(markdownHtml(markdown));
    return label;
}

void AssistantMessageWidget::insertBlock(QWidget *widget)
{
    // Finished blocks go into groups of blocksPerGroup, each with its own layout: a group
    // that did not change answers its height from its layout's cache, so laying the reply
    // out after a frame visits the groups and the last group's blocks, not every block.
    if (m_groups.isEmpty() || m_groups.last()->layout()->count() >= blocksPerGroup) {
        auto *group = new QWidget(this);
        auto *layout = new QVBoxLayout(group);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(m_blocks->spacing());
        m_blocks->insertWidget(m_blocks->indexOf(m_tail), group);
        m_groups.append(group);
    }
    QWidget *group = m_groups.last();
    widget->setParent(group);
    group->layout()->addWidget(widget);
}

void AssistantMessageWidget::clearBlocks()
{
    qDeleteAll(m_groups);
    m_groups.clear();
    m_code = nullptr;
    m_tail->clear();
    m_tail->setVisible(false);
}

void AssistantMessageWidget::apply(const QList<MarkdownOp> &ops)
{
    for (const MarkdownOp &op : ops) {
        switch (op.type) {
        case MarkdownOp::Type::Prose:
            insertBlock(newProseLabel(op.text));
            break;
        case MarkdownOp::Type::CodeStart:
            m_code = new CodeBlockView(op.text, this);
            insertBlock(m_code);
            break;
        case MarkdownOp::Type::CodeLine:
            if (m_code)
                m_code->appendLine(op.text);
            break;
        case MarkdownOp::Type::CodeEnd:
            if (m_code)
                m_code->finish();
            m_code = nullptr;
            break;
        case MarkdownOp::Type::Tail:
            if (m_streamer.isInCode() && m_code) {
                m_code->setPartialLine(op.text);
                m_tail->clear();
                m_tail->setVisible(false);
            } else {
                m_tail->setText(markdownHtml(op.text));
                m_tail->setVisible(!op.text.isEmpty());
            }
            break;
        }
    }
}

} // namespace steadfast
