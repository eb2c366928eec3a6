// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ErrorText.h"

#include <array>

namespace steadfast::ErrorText {

namespace {

// One icon per Severity, in the enum's order.
constexpr std::array<const char16_t *, 3> severityIcons{
        u":/icons/info.svg",    // Information
        u":/icons/warning.svg", // Warning
        u":/icons/error.svg",   // Error
};
static_assert(severityIcons.size() == std::size_t(Severity::Error) + 1,
              "one icon per ErrorTraits::Severity");

} // namespace

QString iconPath(Severity severity)
{
    const auto row = std::size_t(severity);
    // A value outside the enum looks like an error.
    return QString::fromUtf16(row < severityIcons.size() ? severityIcons[row]
                                                         : severityIcons.back());
}

} // namespace steadfast::ErrorText
