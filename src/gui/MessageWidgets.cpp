// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/MessageWidgets.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolButton>
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

} // namespace

CodeBlockView::CodeBlockView(const QString &language, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_language(language)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(language.isEmpty() ? tr("Code") : tr("Code (%1)").arg(language));
    QPalette palette = this->palette();
    palette.setColor(QPalette::Base, palette.color(QPalette::AlternateBase));
    setPalette(palette);
    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeBlockView::updateHeight);
    updateHeight();
}

void CodeBlockView::setPartialLine(const QString &line)
{
    QTextCursor cursor(document());
    if (m_hasPartial || !m_started) {
        cursor.movePosition(QTextCursor::End);
        cursor.movePosition(QTextCursor::StartOfBlock, QTextCursor::KeepAnchor);
        cursor.insertText(line);
    } else {
        cursor.movePosition(QTextCursor::End);
        cursor.insertBlock();
        cursor.insertText(line);
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
    int height = lines * fontMetrics().lineSpacing() + 2 * int(document()->documentMargin())
            + margins.top() + margins.bottom() + 2;
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
    , m_edit(new QPushButton(tr("Edit"), this))
{
    setObjectName(u"userMessage"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    auto *who = new QLabel(tr("You · %1").arg(timeText(time)), this);
    who->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(who);
    header->addStretch();
    m_edit->setToolTip(tr("Put this message back into the input to change it and send it again"));
    m_edit->setAccessibleName(tr("Edit message"));
    m_edit->setVisible(false);
    header->addWidget(m_edit);
    layout->addLayout(header);
    layout->addWidget(m_text);
    setText(text);
    setAccessibleName(tr("Your message"));
    connect(m_edit, &QPushButton::clicked, this, &UserMessageWidget::editRequested);
}

void UserMessageWidget::setText(const QString &text)
{
    m_text->setText(text);
    setAccessibleDescription(text.left(200));
}

QString UserMessageWidget::text() const
{
    return m_text->text();
}

void UserMessageWidget::setEditable(bool editable)
{
    m_edit->setVisible(editable);
}

AssistantMessageWidget::AssistantMessageWidget(QWidget *parent)
    : QFrame(parent)
    , m_header(new QLabel(this))
    , m_blocks(new QVBoxLayout)
    , m_tail(newTextLabel(Qt::MarkdownText, this))
    , m_status(new QLabel(this))
    , m_continue(new QPushButton(tr("Continue"), this))
    , m_regenerate(new QPushButton(tr("Regenerate"), this))
    , m_copy(new QToolButton(this))
{
    setObjectName(u"assistantMessage"_s);
    setAccessibleName(tr("Assistant's reply"));
    auto *layout = new QVBoxLayout(this);
    m_header->setForegroundRole(QPalette::PlaceholderText);
    auto *header = new QHBoxLayout;
    header->addWidget(m_header);
    header->addStretch();
    m_copy->setIcon(QIcon(u":/icons/copy.svg"_s));
    m_copy->setText(tr("Copy"));
    m_copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copy->setAutoRaise(true);
    m_copy->setToolTip(tr("Copy the reply as Markdown"));
    m_copy->setAccessibleName(tr("Copy reply"));
    header->addWidget(m_copy);
    layout->addLayout(header);
    m_blocks->setContentsMargins(0, 0, 0, 0);
    m_blocks->addWidget(m_tail);
    layout->addLayout(m_blocks);
    m_tail->setVisible(false);

    auto *footer = new QHBoxLayout;
    m_status->setWordWrap(true);
    m_status->setVisible(false);
    footer->addWidget(m_status, 1);
    footer->addStretch(); // keeps the buttons at their size while the status line is hidden
    m_continue->setToolTip(tr("Ask the model to go on from where the reply stopped"));
    m_regenerate->setToolTip(tr("Discard this reply and ask for a new one"));
    m_continue->setVisible(false);
    m_regenerate->setVisible(false);
    footer->addWidget(m_continue);
    footer->addWidget(m_regenerate);
    layout->addLayout(footer);

    m_frame.setSingleShot(true);
    m_frame.setInterval(33);
    connect(&m_frame, &QTimer::timeout, this, &AssistantMessageWidget::flushNow);
    connect(m_continue, &QPushButton::clicked, this, &AssistantMessageWidget::continueRequested);
    connect(m_regenerate, &QPushButton::clicked, this,
            &AssistantMessageWidget::regenerateRequested);
    connect(m_copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_source); });
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
    m_status->setVisible(interrupted);
    m_status->setText(interrupted ? tr("⚠ Interrupted: this reply was cut off. The text above is "
                                       "what arrived.")
                                  : QString());
    setAccessibleDescription(interrupted ? m_status->text() : QString());
}

void AssistantMessageWidget::setActions(bool canContinue, bool canRegenerate)
{
    m_continue->setVisible(canContinue);
    m_regenerate->setVisible(canRegenerate);
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
    QLabel *label = newTextLabel(Qt::MarkdownText, this);
    label->setText(markdown);
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
                m_tail->setText(op.text);
                m_tail->setVisible(!op.text.isEmpty());
            }
            break;
        }
    }
}

} // namespace steadfast
