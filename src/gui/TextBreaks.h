// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QTextDocument;

namespace steadfast {

/// A QLabel breaks lines only between words, so a long token (a URL, a hash, a JSON blob)
/// widens its label beyond the window and is clipped at the right edge. These give such a run
/// places to break: zero-width spaces (U+200B), which change nothing that is shown.
inline constexpr char16_t zeroWidthSpace = 0x200B;
inline constexpr int defaultLongestRun = 32;
/// For messages: a long run may break every 8 characters, so a line in a narrow window loses
/// at most a few characters' width at its end (a run broken only every 32 characters is still
/// wider than a 200 px column).
inline constexpr int messageBreakStep = 8;

/// text with a zero-width space after every `step` characters (0: `longest`) of each run
/// without whitespace longer than `longest` characters; shorter runs (words) are left whole.
/// Never between the halves of a surrogate pair.
QString breakLongRuns(const QString &text, int longest = defaultLongestRun, int step = 0);

/// The same for a rich-text document, block by block: the break characters go into the text
/// only, so a link's target (its anchor href) stays whole.
void breakLongRuns(QTextDocument *document, int longest = defaultLongestRun, int step = 0);

/// text without the zero-width spaces breakLongRuns() put in (what a copy should carry).
QString withoutBreaks(QString text);

} // namespace steadfast
