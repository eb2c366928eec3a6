// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace steadfast {

/// "‹ 2/3 ›": which version of a message this is among its siblings, and buttons to show the
/// previous or the next one. Hidden when there is only one; the buttons act only when the
/// session allows it (setSwitchable()).
class VersionSwitcher : public QWidget
{
    Q_OBJECT
public:
    explicit VersionSwitcher(QWidget *parent = nullptr);

    /// index is 0-based; shown as "index+1/count". Hides itself when count <= 1.
    void setVersion(int index, int count);
    void setSwitchable(bool switchable);
    QString text() const;
    QToolButton *previousButton() const { return m_previous; }
    QToolButton *nextButton() const { return m_next; }

Q_SIGNALS:
    /// The user asked for the previous (-1) or the next (+1) version.
    void versionRequested(int step);

private:
    void updateButtons();

    QToolButton *m_previous; // child
    QLabel *m_label;         // child
    QToolButton *m_next;     // child
    int m_index = 0;
    int m_count = 1;
    bool m_switchable = false;
};

} // namespace steadfast
