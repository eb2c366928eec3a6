// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/MutedLabel.h"

#include <QEvent>
#include <QPalette>

namespace steadfast {

MutedLabel::MutedLabel(const QString &text, QWidget *parent) : QLabel(text, parent)
{
    // The shade lives in this label's PlaceholderText role; WindowText and Window stay
    // inherited, so a new palette from above brings the colours it is worked out from.
    setForegroundRole(QPalette::PlaceholderText);
    updateColor();
}

QColor MutedLabel::mutedColor(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::WindowText);
    const QColor window = palette.color(QPalette::Window);
    constexpr double weight = 2.0 / 3.0;
    const auto mix = [](int a, int b) { return int(b + (a - b) * weight + 0.5); };
    return QColor(mix(text.red(), window.red()), mix(text.green(), window.green()),
                  mix(text.blue(), window.blue()));
}

void MutedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateColor();
}

void MutedLabel::updateColor()
{
    const QColor muted = mutedColor(palette());
    if (palette().color(QPalette::PlaceholderText) == muted)
        return; // also ends the PaletteChange that setPalette() below sends
    QPalette own = palette();
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive})
        own.setColor(group, QPalette::PlaceholderText, muted);
    own.setColor(QPalette::Disabled, QPalette::PlaceholderText,
                 palette().color(QPalette::Disabled, QPalette::WindowText));
    setPalette(own);
}

} // namespace steadfast
