// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QStyledItemDelegate>

#include <functional>

namespace steadfast {

/// Draws a SearchResultModel row: the conversation's title in bold and the message's time
/// on the first line, then up to two lines of the snippet with the matched terms in bold
/// on a highlight.
class SearchResultDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    /// Lines of snippet shown under the title.
    static constexpr int snippetLines = 2;

    explicit SearchResultDelegate(QObject *parent = nullptr);

    /// The snippet as HTML: the text escaped, each run between SearchHit::markStart and
    /// markEnd in <b> on the markBackground colour. Unbalanced marks are tolerated.
    static QString snippetHtml(const QString &snippet, const QColor &markBackground);
    /// "14:05" for a time of today (local), the short date otherwise.
    static QString timeText(const QDateTime &time, const QDateTime &now);

    /// Where "now" comes from for timeText() (default: the current time). For tests.
    void setClock(std::function<QDateTime()> clock);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    std::function<QDateTime()> m_clock;
};

} // namespace steadfast
