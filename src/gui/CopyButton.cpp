// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/CopyButton.h"

#include "gui/GuiResources.h"

#include <QAccessible>
#include <QClipboard>
#include <QGuiApplication>
#include <QIcon>

using namespace Qt::StringLiterals;

namespace steadfast {

CopyButton::CopyButton(const QString &accessibleName, std::function<QString()> source,
                       QWidget *parent)
    : QToolButton(parent)
    , m_name(accessibleName)
    , m_source(std::move(source))
{
    initGuiResources();
    setIcon(QIcon(u":/icons/copy.svg"_s));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setAutoRaise(true);
    setFocusPolicy(Qt::StrongFocus);
    m_reset.setSingleShot(true);
    m_reset.setInterval(1500);
    connect(&m_reset, &QTimer::timeout, this, [this] { showState(false); });
    connect(this, &QToolButton::clicked, this, &CopyButton::copy);
    showState(false);
}

void CopyButton::copy()
{
    const QString text = m_source ? m_source() : QString();
    QGuiApplication::clipboard()->setText(text);
    showState(true);
    m_reset.start();
    Q_EMIT copied(text);
}

void CopyButton::showState(bool confirming)
{
    setText(confirming ? tr("Copied") : tr("Copy"));
    setToolTip(confirming ? tr("Copied to the clipboard") : m_name);
    setAccessibleName(confirming ? tr("Copied") : m_name);
    QAccessibleEvent event(this, QAccessible::NameChanged);
    QAccessible::updateAccessibility(&event);
}

} // namespace steadfast
