// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui/MarkdownStreamer.h"

#include <QDateTime>
#include <QFrame>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTimer>

class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace steadfast {

/// A fenced code block: monospace, no wrapping (scrolls sideways), as tall as its lines.
/// Lines are appended one by one; the unfinished last line is replaced in place.
class CodeBlockView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit CodeBlockView(const QString &language, QWidget *parent = nullptr);
    void appendLine(const QString &line);
    void setPartialLine(const QString &line);
    void finish(); // the block closed: drops an unfinished line (the start of the closing fence)
    QString language() const { return m_language; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

private:
    void updateHeight();

    QString m_language;
    bool m_hasPartial = false; // the last block is an unfinished line
    bool m_started = false;    // the first block holds a line
};

/// The user's turn: their text as they typed it (plain, selectable), and an Edit button on the
/// last one.
class UserMessageWidget : public QFrame
{
    Q_OBJECT
public:
    UserMessageWidget(const QString &text, const QDateTime &time, QWidget *parent = nullptr);
    void setText(const QString &text);
    QString text() const;
    void setEditable(bool editable);
    QPushButton *editButton() const { return m_edit; }

Q_SIGNALS:
    void editRequested();

private:
    QLabel *m_text;
    QPushButton *m_edit;
};

/// The assistant's turn, rendered as Markdown while it streams in. Finished blocks become
/// their own labels or code views once; only the unfinished tail is rendered again, at most
/// once per frame (~30 per second), however many tokens arrived (see MarkdownStreamer).
class AssistantMessageWidget : public QFrame
{
    Q_OBJECT
public:
    explicit AssistantMessageWidget(QWidget *parent = nullptr);

    void appendText(const QString &text); // buffered; rendered at the next frame
    void setText(const QString &text);    // replaces everything (restore, a new attempt)
    void setStreaming(bool streaming);    // false renders the rest at once
    void setDetails(const QString &model, const QDateTime &time, const QString &finishReason);
    /// interrupted: the partial text of a reply that broke; shows the marker and the buttons.
    void setInterrupted(bool interrupted);
    void setActions(bool canContinue, bool canRegenerate);
    QString markdown() const { return m_source; }
    bool isInterrupted() const { return m_interrupted; }
    /// Renders what is buffered now (tests; the frame timer does it otherwise).
    void flushNow();
    /// The widgets holding the rendered blocks, in order (tests).
    QList<QWidget *> blockWidgets() const;
    QPushButton *continueButton() const { return m_continue; }
    QPushButton *regenerateButton() const { return m_regenerate; }
    qsizetype lastFlushCost() const { return m_streamer.lastFlushCost(); }

Q_SIGNALS:
    void continueRequested();
    void regenerateRequested();

private:
    void apply(const QList<MarkdownOp> &ops);
    QLabel *newProseLabel(const QString &markdown);
    void insertBlock(QWidget *widget);
    void clearBlocks();

    MarkdownStreamer m_streamer;
    QString m_source;
    bool m_streaming = false;
    bool m_interrupted = false;
    QLabel *m_header;
    static constexpr int blocksPerGroup = 16;

    QVBoxLayout *m_blocks;
    QList<QWidget *> m_groups; // finished blocks, blocksPerGroup to a group
    QLabel *m_tail;
    CodeBlockView *m_code = nullptr;
    QLabel *m_status;
    QPushButton *m_continue;
    QPushButton *m_regenerate;
    QToolButton *m_copy;
    QTimer m_frame;
};

} // namespace steadfast
