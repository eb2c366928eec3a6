// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ErrorText.h"

using namespace Qt::StringLiterals;

namespace steadfast::ErrorText {

QString iconPath(Severity severity)
{
    switch (severity) {
    case Severity::Information:
        return u":/icons/info.svg"_s;
    case Severity::Warning:
        return u":/icons/warning.svg"_s;
    case Severity::Error:
        return u":/icons/error.svg"_s;
    }
    return u":/icons/error.svg"_s;
}

} // namespace steadfast::ErrorText
