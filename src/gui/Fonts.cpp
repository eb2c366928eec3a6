// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/Fonts.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

QFont findMonospaceFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (QFontInfo(font).fixedPitch())
        return font;
    // Well-known programming faces first, then any fixed-pitch family there is.
    QStringList candidates{u"DejaVu Sans Mono"_s, u"Liberation Mono"_s, u"Noto Mono"_s,
                           u"Ubuntu Mono"_s,      u"Source Code Pro"_s, u"Cousine"_s,
                           u"Courier New"_s};
    candidates += QFontDatabase::families();
    for (const QString &family : std::as_const(candidates)) {
        if (!QFontDatabase::hasFamily(family) || !QFontDatabase::isFixedPitch(family))
            continue;
        QFont candidate = font;
        candidate.setFamilies({family});
        if (QFontInfo(candidate).fixedPitch())
            return candidate;
    }
    font.setStyleHint(QFont::TypeWriter);
    return font;
}

} // namespace

QFont monospaceFont()
{
    static const QFont font = findMonospaceFont();
    return font;
}

} // namespace steadfast
