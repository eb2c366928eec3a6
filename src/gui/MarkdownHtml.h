// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace steadfast {

/// A Markdown block as the HTML a rich-text QLabel shows. QLabel with Qt::MarkdownText parses
/// the Markdown again for every size a layout asks it (a streamed table of 80 rows cost a
/// second a frame); the same document handed over as HTML, parsed once here, is laid out about
/// 20 times faster. On the way:
/// - inline code and code blocks name the fixed font's family (monospaceFont()) explicitly:
///   Qt's Markdown reader names the generic "monospace", which some setups resolve to a face Qt
///   does not take for fixed pitch, and which a style or platform theme may replace;
/// - links carry no colour of their own (Qt's reader writes a fixed blue, unreadable on a dark
///   palette): the label's HTML reader gives them the palette's link colour;
/// - long runs without a space get places to break (breakLongRuns()), so a long URL or hash
///   wraps instead of running past the right edge; link targets stay whole.
QString markdownHtml(const QString &markdown);

} // namespace steadfast
