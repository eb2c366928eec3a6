// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QLabel>

class QPalette;

namespace steadfast {

/// A label for secondary text (who wrote a message and when, a code block's language): a
/// quieter shade between the palette's WindowText and Window, worked out from the palette it
/// is shown with and again whenever that changes. QPalette::PlaceholderText is not used for
/// this: a dark palette that does not set it (the usual Fusion recipe) keeps the light
/// default, black at half strength, which is unreadable on a dark window.
class MutedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit MutedLabel(const QString &text = QString(), QWidget *parent = nullptr);

    /// The shade used for palette: two thirds of the way from Window to WindowText.
    static QColor mutedColor(const QPalette &palette);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateColor();
};

} // namespace steadfast
