// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/VersionSwitcher.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace steadfast {

VersionSwitcher::VersionSwitcher(QWidget *parent)
    : QWidget(parent)
    , m_previous(new QToolButton(this))
    , m_label(new QLabel(this))
    , m_next(new QToolButton(this))
{
    setObjectName(u"versionSwitcher"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_previous->setText(tr("‹"));
    m_previous->setAutoRaise(true);
    m_previous->setAccessibleName(tr("Previous version"));
    m_previous->setToolTip(tr("Show the previous version"));
    m_next->setText(tr("›"));
    m_next->setAutoRaise(true);
    m_next->setAccessibleName(tr("Next version"));
    m_next->setToolTip(tr("Show the next version"));
    m_label->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_previous);
    layout->addWidget(m_label);
    layout->addWidget(m_next);
    connect(m_previous, &QToolButton::clicked, this, [this] { Q_EMIT versionRequested(-1); });
    connect(m_next, &QToolButton::clicked, this, [this] { Q_EMIT versionRequested(+1); });
    setVersion(0, 1);
}

void VersionSwitcher::setVersion(int index, int count)
{
    m_index = index;
    m_count = count;
    m_label->setText(tr("%1/%2").arg(index + 1).arg(count));
    m_label->setAccessibleName(tr("Version %1 of %2").arg(index + 1).arg(count));
    setVisible(count > 1);
    updateButtons();
}

void VersionSwitcher::setSwitchable(bool switchable)
{
    m_switchable = switchable;
    updateButtons();
}

QString VersionSwitcher::text() const
{
    return m_label->text();
}

void VersionSwitcher::updateButtons()
{
    m_previous->setEnabled(m_switchable && m_index > 0);
    m_next->setEnabled(m_switchable && m_index + 1 < m_count);
}

} // namespace steadfast
