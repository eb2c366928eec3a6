// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/UndoBar.h"

#include <QAccessible>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace steadfast {

UndoBar::UndoBar(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_undo(new QPushButton(tr("Undo"), this))
{
    setObjectName(u"undoBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(8, 4, 4, 4);
    m_label->setObjectName(u"undoLabel"_s);
    m_label->setWordWrap(true);
    row->addWidget(m_label, 1);
    m_undo->setObjectName(u"undoButton"_s);
    row->addWidget(m_undo);
    connect(m_undo, &QPushButton::clicked, this, [this] {
        dismiss();
        Q_EMIT undoRequested();
    });
    m_timer.setSingleShot(true);
    m_timer.setInterval(defaultTimeout);
    connect(&m_timer, &QTimer::timeout, this, &UndoBar::dismiss);
    hide();
}

void UndoBar::showMessage(const QString &message)
{
    m_label->setText(message);
    setAccessibleName(message);
    m_undo->setAccessibleName(tr("Undo: %1").arg(message));
    show();
    m_timer.start();
    QAccessibleEvent event(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&event);
}

void UndoBar::dismiss()
{
    m_timer.stop();
    hide();
}

QString UndoBar::message() const
{
    return isVisible() ? m_label->text() : QString();
}

void UndoBar::setTimeout(std::chrono::milliseconds timeout)
{
    m_timer.setInterval(timeout);
}

} // namespace steadfast
