// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/TextBreaks.h"

#include <QList>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace steadfast {

namespace {

bool endsRun(QChar c)
{
    return c.isSpace() || c == QChar(zeroWidthSpace);
}

/// The positions in text before which a break goes.
QList<qsizetype> breakPositions(QStringView text, int longest, int step)
{
    step = step > 0 ? step : longest;
    QList<qsizetype> positions;
    qsizetype i = 0;
    while (i < text.size()) {
        if (endsRun(text[i])) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < text.size() && !endsRun(text[end]))
            ++end;
        if (end - i > longest) {
            for (qsizetype at = i + step; at < end; at += step) {
                if (text[at].isLowSurrogate())
                    ++at; // after the pair, not between its halves
                if (at < end)
                    positions.append(at);
            }
        }
        i = end;
    }
    return positions;
}

} // namespace

QString breakLongRuns(const QString &text, int longest, int step)
{
    const QList<qsizetype> positions = breakPositions(text, longest, step);
    if (positions.isEmpty())
        return text;
    QString out;
    out.reserve(text.size() + positions.size());
    qsizetype from = 0;
    for (const qsizetype at : positions) {
        out += QStringView(text).mid(from, at - from);
        out += QChar(zeroWidthSpace);
        from = at;
    }
    out += QStringView(text).mid(from);
    return out;
}

void breakLongRuns(QTextDocument *document, int longest, int step)
{
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const QList<qsizetype> positions = breakPositions(block.text(), longest, step);
        // From the end, so that the earlier positions stay where they are. A character typed
        // at a position takes the format before it: inside a link it stays part of the link.
        for (auto it = positions.crbegin(); it != positions.crend(); ++it) {
            QTextCursor cursor(block);
            cursor.setPosition(block.position() + int(*it));
            cursor.insertText(QString(QChar(zeroWidthSpace)));
        }
    }
}

QString withoutBreaks(QString text)
{
    return text.remove(QChar(zeroWidthSpace));
}

} // namespace steadfast
