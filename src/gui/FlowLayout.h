// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLayout>
#include <QList>

namespace steadfast {

/// Lays its items out left to right and wraps to a new row when the width runs out, so a row of
/// buttons stays whole in a narrow window instead of being clipped. Its height follows the width
/// (heightForWidth), which is what the timeline measures its rows by.
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr, int spacing = 8);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    /// Places the items in rect (only measures when dryRun); the height used.
    int arrange(const QRect &rect, bool dryRun) const;

    QList<QLayoutItem *> m_items; // owned
    int m_gap;
};

} // namespace steadfast
