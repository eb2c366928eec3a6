// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDockWidget>
#include <QJsonObject>
#include <QPointer>
#include <QString>

class QPlainTextEdit;
class QToolButton;

namespace steadfast {

class EventRecorder;

/// The activity log: every event of the EventRecorder (the same objects the CLI writes with
/// --events) as one line of words — local time, what happened and its facts: "attempt 1 of
/// 6 → URL", the HTTP status and request id, the error's kind and message, "retrying in
/// 4.2 s (server hint)", breaker transitions with failures/threshold, finished with usage.
///
/// Noise is folded: streamed deltas become one "Received N chunks" line that updates, and
/// the countdown / waiting ticks are skipped (the schedule line says the delay). Everything
/// shown comes from the recorder, which redacts registered secrets; the dock passes each line
/// through the recorder's redactor once more before showing it.
class ActivityLogDock : public QDockWidget
{
    Q_OBJECT
public:
    /// The most lines kept; older ones are dropped first.
    static constexpr int maximumLines = 10000;

    /// recorder is not owned (may be null: then only appendEvent() fills the log).
    /// objectName "activityLogDock" (for QMainWindow::saveState), title "Activity log".
    explicit ActivityLogDock(EventRecorder *recorder, QWidget *parent = nullptr);
    ~ActivityLogDock() override;

    /// The whole log as plain text, one event per line.
    QString text() const;
    /// Lines in the log (a folded run of deltas counts once; skipped ticks not at all).
    int eventCount() const;
    /// Why the last saveTo() failed (empty after a success).
    QString lastSaveError() const { return m_lastSaveError; }
    /// The words for one event, without the time; empty for the events the log skips.
    /// deltaCount is used for "delta" events (the size of the run so far).
    static QString describeEvent(const QJsonObject &event, int deltaCount = 1);

    QPlainTextEdit *view() const { return m_view; }
    QToolButton *copyButton() const { return m_copyButton; }
    QToolButton *saveButton() const { return m_saveButton; }
    QToolButton *clearButton() const { return m_clearButton; }

public Q_SLOTS:
    /// Connected to recorder->eventRecorded in the constructor.
    void appendEvent(const QJsonObject &event);
    void clear();
    void copyToClipboard();
    /// Writes text() and a final newline with QSaveFile; false (and shows nothing) on error.
    bool saveTo(const QString &path);
    /// Asks for a file name, then saveTo(); a message box on failure.
    void saveAs();

private:
    QString redact(const QString &line) const;
    static QString timeOf(const QJsonObject &event);

    QPointer<EventRecorder> m_recorder; // not owned
    QPlainTextEdit *m_view;             // child
    QToolButton *m_copyButton;          // child
    QToolButton *m_saveButton;          // child
    QToolButton *m_clearButton;         // child
    int m_deltaRun = 0;                 // deltas in the run the last line counts; 0: none
    QString m_deltaTime;                // when that run began
    QString m_lastSaveError;
};

} // namespace steadfast
