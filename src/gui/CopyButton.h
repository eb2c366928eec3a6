// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTimer>
#include <QToolButton>

#include <functional>

namespace steadfast {

/// A small "Copy" button: puts the text its source returns on the clipboard and says "Copied"
/// for about 1.5 s (text, tooltip and accessible name, so a screen reader hears it too).
class CopyButton : public QToolButton
{
    Q_OBJECT
public:
    /// accessibleName names what is copied ("Copy reply"); source is asked at each click.
    CopyButton(const QString &accessibleName, std::function<QString()> source,
               QWidget *parent = nullptr);

    /// Copies now (what a click does).
    void copy();
    /// Whether "Copied" is showing.
    bool isConfirming() const { return m_reset.isActive(); }

Q_SIGNALS:
    void copied(const QString &text);

private:
    void showState(bool confirming);

    QString m_name;
    std::function<QString()> m_source;
    QTimer m_reset; // single shot: "Copied" goes back to "Copy"
};

} // namespace steadfast
