// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QTimer>

#include <chrono>

class QLabel;
class QPushButton;

namespace steadfast {

/// "Conversation deleted. [Undo]": a bar that says what was just done and offers to take it
/// back for a while (DESIGN.md: nothing disappears without Undo). A screen reader hears it
/// as an alert. Hidden again after timeout, on Undo, or by dismiss().
class UndoBar : public QFrame
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds defaultTimeout{10000};

    explicit UndoBar(QWidget *parent = nullptr);

    /// Shows message with Undo (again from the start if it was showing).
    void showMessage(const QString &message);
    void dismiss();
    QString message() const;
    void setTimeout(std::chrono::milliseconds timeout);
    QPushButton *undoButton() const { return m_undo; }

Q_SIGNALS:
    /// The user pressed Undo (the bar hides itself).
    void undoRequested();

private:
    QLabel *m_label;
    QPushButton *m_undo;
    QTimer m_timer;
};

} // namespace steadfast
