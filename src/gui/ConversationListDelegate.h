// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace steadfast {

/// Draws ConversationListModel's rows: section headers ("Today", "Pinned", …) small and
/// quiet with space above, conversations as ordinary elided rows. Renaming in place uses a
/// line edit whose placeholder is the automatic title.
class ConversationListDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ConversationListDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
};

} // namespace steadfast
