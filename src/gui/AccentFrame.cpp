// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/AccentFrame.h"

#include <QPainter>
#include <QPainterPath>
#include <QWidget>

namespace steadfast::AccentFrame {

namespace {

QColor blend(const QColor &from, const QColor &to, qreal amount)
{
    return QColor::fromRgbF(from.redF() + (to.redF() - from.redF()) * amount,
                            from.greenF() + (to.greenF() - from.greenF()) * amount,
                            from.blueF() + (to.blueF() - from.blueF()) * amount);
}

} // namespace

void paint(QWidget *widget, const QColor &accent, qreal tint)
{
    const QPalette &palette = widget->palette();
    const QColor background = blend(palette.color(QPalette::Base), accent, tint);
    const QColor border = blend(palette.color(QPalette::Mid), accent, 0.45);

    QPainter painter(widget);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(widget->rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath path;
    path.addRoundedRect(box, 6, 6);
    painter.fillPath(path, background);
    painter.save();
    painter.setClipPath(path);
    const bool rtl = widget->layoutDirection() == Qt::RightToLeft;
    painter.fillRect(QRectF(rtl ? box.right() - stripeWidth : box.left(), box.top(), stripeWidth,
                            box.height()),
                     accent);
    painter.restore();
    painter.setPen(QPen(border, 1));
    painter.drawPath(path);
}

} // namespace steadfast::AccentFrame
