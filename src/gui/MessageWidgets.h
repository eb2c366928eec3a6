// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/session/ItemActions.h"
#include "gui/MarkdownStreamer.h"

#include <QDateTime>
#include <QFrame>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCharFormat>
#include <QTimer>

class QPushButton;
class QVBoxLayout;

namespace steadfast {

class CopyButton;
class VersionSwitcher;

/// A fenced code block: monospace, no wrapping (scrolls sideways), as tall as its lines, under
/// a small header with its language and a Copy button (in the viewport's top margin).
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
    CopyButton *copyButton() const { return m_copy; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateHeight();

    QString m_language;
    QWidget *m_header;         // child: the language and Copy, above the viewport
    CopyButton *m_copy;        // child of m_header
    bool m_hasPartial = false; // the last block is an unfinished line
    bool m_started = false;    // the first block holds a line
    QTextCharFormat m_format;  // the fixed font's family, on every line
};

/// The user's turn: their text as they typed it (plain, selectable), the version switcher and
/// the buttons the session allows (Edit, Copy, Delete). Edit is inline: the text becomes an
/// editor with Send (or Ctrl+Enter) and Cancel (or Esc).
class UserMessageWidget : public QFrame
{
    Q_OBJECT
public:
    UserMessageWidget(const QString &text, const QDateTime &time, QWidget *parent = nullptr);
    void setText(const QString &text);
    QString text() const;
    /// Shows the buttons actions allows.
    void setActions(steadfast::ItemActions actions);
    /// siblingIndex is 0-based.
    void setVersion(int siblingIndex, int siblingCount);

    /// Turns the text into an editor holding it (focused). Does nothing while editing.
    /// Opens the editor with text (empty: the message's own).
    void startEditing(const QString &text = QString());
    void cancelEditing();
    /// Emits editSubmitted() with the editor's text and leaves editing; nothing when the text
    /// is blank.
    void submitEditing();
    bool isEditing() const { return m_editing; }

    QPushButton *editButton() const { return m_edit; }
    QPushButton *deleteButton() const { return m_delete; }
    CopyButton *copyButton() const { return m_copy; }
    VersionSwitcher *versionSwitcher() const { return m_switcher; }
    QPlainTextEdit *editor() const { return m_editor; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    void editSubmitted(const QString &text);
    void editingChanged(bool editing);
    void deleteRequested();
    void versionRequested(int step);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setEditing(bool editing);
    void updateEditorHeight();

    QString m_plainText; // as typed (the label shows it with places to break long runs)
    QLabel *m_text;
    VersionSwitcher *m_switcher;
    QPushButton *m_edit;
    CopyButton *m_copy;
    QPushButton *m_delete;
    QPlainTextEdit *m_editor;
    QWidget *m_editButtons; // Send and Cancel
    QPushButton *m_send;
    QPushButton *m_cancel;
    ItemActions m_actions;
    bool m_editing = false;
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
    /// interrupted: the partial text of a reply that broke; shows the marker.
    void setInterrupted(bool interrupted);
    /// stopped: the user stopped the reply part way; shows the "Stopped" marker.
    void setStopped(bool stopped);
    /// Shows the buttons actions allows (Copy, Regenerate, Continue, Delete, versions).
    void setActions(steadfast::ItemActions actions);
    /// siblingIndex is 0-based.
    void setVersion(int siblingIndex, int siblingCount);
    QString markdown() const { return m_source; }
    bool isInterrupted() const { return m_interrupted; }
    bool isStopped() const { return m_stopped; }
    /// The marker under the reply ("Interrupted: …", "Stopped: …"); empty when there is none.
    QString statusText() const;
    /// Renders what is buffered now (tests; the frame timer does it otherwise).
    void flushNow();
    /// The widgets holding the rendered blocks, in order (tests).
    QList<QWidget *> blockWidgets() const;
    QPushButton *continueButton() const { return m_continue; }
    QPushButton *regenerateButton() const { return m_regenerate; }
    QPushButton *deleteButton() const { return m_delete; }
    CopyButton *copyButton() const { return m_copy; }
    VersionSwitcher *versionSwitcher() const { return m_switcher; }
    qsizetype lastFlushCost() const { return m_streamer.lastFlushCost(); }

Q_SIGNALS:
    void continueRequested();
    void regenerateRequested();
    void deleteRequested();
    void versionRequested(int step);

private:
    void updateStatus();
    void apply(const QList<MarkdownOp> &ops);
    QLabel *newProseLabel(const QString &markdown);
    void insertBlock(QWidget *widget);
    void clearBlocks();

    MarkdownStreamer m_streamer;
    QString m_source;
    bool m_streaming = false;
    bool m_interrupted = false;
    bool m_stopped = false;
    QLabel *m_header;
    static constexpr int blocksPerGroup = 16;

    QVBoxLayout *m_blocks;
    QList<QWidget *> m_groups; // finished blocks, blocksPerGroup to a group
    QLabel *m_tail;
    CodeBlockView *m_code = nullptr;
    QLabel *m_status;
    QPushButton *m_continue;
    QPushButton *m_regenerate;
    QPushButton *m_delete;
    CopyButton *m_copy;
    VersionSwitcher *m_switcher;
    QTimer m_frame;
};

} // namespace steadfast
