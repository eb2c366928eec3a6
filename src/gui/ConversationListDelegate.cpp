// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ConversationListDelegate.h"

#include "core/library/ConversationListModel.h"

#include <QApplication>
#include <QLineEdit>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr int headerTopGap = 10;
constexpr int horizontalPadding = 8;
constexpr int rowPadding = 6; // above and below a conversation's title

QFont headerFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    font.setPointSizeF(base.pointSizeF() * 0.85);
    return font;
}

bool isHeader(const QModelIndex &index)
{
    return index.data(ConversationListModel::IsHeaderRole).toBool();
}

} // namespace

ConversationListDelegate::ConversationListDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void ConversationListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    if (!isHeader(index)) {
        QStyleOptionViewItem opt = option;
        opt.textElideMode = Qt::ElideRight;
        QStyledItemDelegate::paint(painter, opt, index);
        return;
    }
    // A header is a disabled row (the arrows skip it); draw it in the quiet text colour,
    // not the disabled one, and never as selected or hovered.
    painter->save();
    painter->setFont(headerFont(option.font));
    painter->setPen(option.palette.color(QPalette::Active, QPalette::PlaceholderText));
    const QRect text = option.rect.adjusted(horizontalPadding, headerTopGap, -horizontalPadding, 0);
    const QString elided = painter->fontMetrics().elidedText(index.data(Qt::DisplayRole).toString(),
                                                             Qt::ElideRight, text.width());
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, elided);
    painter->restore();
}

QSize ConversationListDelegate::sizeHint(const QStyleOptionViewItem &option,
                                         const QModelIndex &index) const
{
    if (isHeader(index)) {
        const QFontMetrics metrics(headerFont(option.font));
        return {metrics.averageCharWidth() * 10, metrics.height() + headerTopGap + 4};
    }
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 2 * rowPadding));
    // Not the title's width: the rows take the view's width and long titles are elided,
    // rather than widening the list behind a horizontal scroll bar.
    size.setWidth(option.fontMetrics.averageCharWidth() * 10);
    return size;
}

QWidget *ConversationListDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const
{
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->setObjectName(u"titleEditor"_s);
        line->setPlaceholderText(ConversationListModel::tr("New conversation"));
        line->setAccessibleName(tr("Conversation title"));
    }
    return editor;
}

} // namespace steadfast
