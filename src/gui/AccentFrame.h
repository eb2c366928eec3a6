// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>

class QWidget;

namespace steadfast {

/// How the error card and the retry banner are drawn: a rounded box with a soft background
/// tinted towards an accent colour, a thin border, and a stripe of the accent on the leading
/// edge. Colours derive from the widget's palette, so light and dark themes both work; the
/// icon and the words carry the meaning, the colour only repeats it.
namespace AccentFrame {

constexpr int stripeWidth = 5;

/// Paints `widget`'s whole rect; call from its paintEvent(). `tint` is how far the background
/// moves from the palette's Base towards the accent (0 … 1).
void paint(QWidget *widget, const QColor &accent, qreal tint);

} // namespace AccentFrame
} // namespace steadfast
