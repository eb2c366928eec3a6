// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/MarkdownHtml.h"

#include "gui/Fonts.h"
#include "gui/TextBreaks.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace steadfast {

namespace {

/// Code (Qt's reader marks it with the fixed-pitch property, set true or false depending on
/// whether it took its generic "monospace" for fixed pitch) gets the fixed font's family.
void fixCodeAndLinks(QTextDocument *document)
{
    const QStringList monospace = monospaceFont().families();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const bool codeBlock = block.blockFormat().hasProperty(QTextFormat::BlockCodeFence)
                || block.blockFormat().nonBreakableLines();
        if (block.blockFormat().nonBreakableLines()) {
            // A code block inside a label (in a list, or indented) wraps rather than widening
            // the label beyond the window: fenced blocks of their own are CodeBlockViews.
            QTextBlockFormat format = block.blockFormat();
            format.setNonBreakableLines(false);
            QTextCursor(block).setBlockFormat(format);
        }
        // Collected first: setting a fragment's format may merge it with its neighbours.
        struct Change
        {
            int position;
            int length;
            QTextCharFormat format;
        };
        QList<Change> changes;
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextCharFormat format = fragment.charFormat();
            const bool code = codeBlock || format.hasProperty(QTextFormat::FontFixedPitch);
            const bool link = format.isAnchor() && format.hasProperty(QTextFormat::ForegroundBrush);
            if (code) {
                format.setFontFamilies(monospace);
                format.setFontFixedPitch(true);
            }
            if (link)
                format.clearForeground();
            if (code || link)
                changes.append({fragment.position(), fragment.length(), format});
        }
        for (const Change &change : std::as_const(changes)) {
            QTextCursor cursor(document);
            cursor.setPosition(change.position);
            cursor.setPosition(change.position + change.length, QTextCursor::KeepAnchor);
            cursor.setCharFormat(change.format);
        }
    }
}

} // namespace

QString markdownHtml(const QString &markdown)
{
    if (markdown.isEmpty())
        return {};
    QTextDocument document;
    document.setMarkdown(markdown);
    fixCodeAndLinks(&document);
    breakLongRuns(&document, defaultLongestRun, messageBreakStep);
    return document.toHtml();
}

} // namespace steadfast
