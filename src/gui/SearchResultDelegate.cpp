// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/SearchResultDelegate.h"

#include "core/library/SearchResultModel.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr int padding = 6;
constexpr int lineGap = 2;

QColor blend(const QColor &a, const QColor &b, double amountOfB)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amountOfB) + b.redF() * amountOfB),
                            float(a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB),
                            float(a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB));
}

} // namespace

SearchResultDelegate::SearchResultDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_clock([] { return QDateTime::currentDateTime(); })
{
}

void SearchResultDelegate::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

QString SearchResultDelegate::snippetHtml(const QString &snippet, const QColor &markBackground)
{
    const QString open = u"<b style=\"background-color:%1\">"_s.arg(markBackground.name());
    QString html;
    QString run;
    bool inMark = false;
    auto flush = [&] {
        html += run.toHtmlEscaped();
        run.clear();
    };
    for (const QChar c : snippet) {
        if (c == SearchHit::markStart) {
            if (!inMark) {
                flush();
                html += open;
                inMark = true;
            }
        } else if (c == SearchHit::markEnd) {
            if (inMark) {
                flush();
                html += u"</b>"_s;
                inMark = false;
            }
        } else if (c == u'\n' || c == u'\r' || c == u'\t') {
            run += u' ';
        } else {
            run += c;
        }
    }
    flush();
    if (inMark)
        html += u"</b>"_s;
    return html;
}

QString SearchResultDelegate::timeText(const QDateTime &time, const QDateTime &now)
{
    const QDateTime local = time.toLocalTime();
    const QLocale locale;
    if (local.date() == now.toLocalTime().date())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local.date(), QLocale::ShortFormat);
}

void SearchResultDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const QPalette::ColorGroup group =
            option.state.testFlag(QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
    const QColor text =
            option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QRect area = option.rect.adjusted(padding, padding, -padding, -padding);

    painter->save();
    // First line: the title in bold, the time at the right.
    QFont bold = option.font;
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const QString time = timeText(index.data(SearchResultModel::TimeRole).toDateTime(), m_clock());
    const int timeWidth = option.fontMetrics.horizontalAdvance(time);
    painter->setPen(selected ? text : option.palette.color(group, QPalette::PlaceholderText));
    painter->setFont(option.font);
    const QRect firstLine(area.left(), area.top(), area.width(), boldMetrics.height());
    painter->drawText(firstLine, Qt::AlignRight | Qt::AlignVCenter, time);
    painter->setPen(text);
    painter->setFont(bold);
    const QString title =
            boldMetrics.elidedText(index.data(SearchResultModel::TitleRole).toString(),
                                   Qt::ElideRight, std::max(0, area.width() - timeWidth - padding));
    painter->drawText(firstLine, Qt::AlignLeft | Qt::AlignVCenter, title);

    // Then the snippet, clipped to snippetLines lines.
    const QColor mark = selected ? blend(option.palette.color(group, QPalette::Highlight),
                                         option.palette.color(group, QPalette::Base), 0.35)
                                 : blend(option.palette.color(group, QPalette::Base),
                                         option.palette.color(group, QPalette::Highlight), 0.3);
    QTextDocument document;
    document.setDocumentMargin(0);
    document.setDefaultFont(option.font);
    document.setTextWidth(area.width());
    document.setHtml(snippetHtml(index.data(SearchResultModel::SnippetRole).toString(), mark));
    const int top = firstLine.bottom() + 1 + lineGap;
    const QRect clip(area.left(), top, area.width(),
                     option.fontMetrics.lineSpacing() * snippetLines);
    painter->translate(clip.topLeft());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = option.palette;
    context.palette.setColor(QPalette::Text, text);
    context.clip = QRectF(0, 0, clip.width(), clip.height());
    painter->setClipRect(context.clip);
    document.documentLayout()->draw(painter, context);
    painter->restore();
}

QSize SearchResultDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    Q_UNUSED(index)
    QFont bold = option.font;
    bold.setBold(true);
    const int height = 2 * padding + QFontMetrics(bold).height() + lineGap
            + option.fontMetrics.lineSpacing() * snippetLines;
    return {option.fontMetrics.averageCharWidth() * 30, height};
}

} // namespace steadfast
