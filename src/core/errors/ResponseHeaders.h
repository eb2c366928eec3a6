// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <optional>

namespace steadfast {

/// Response headers in the shape QNetworkReply::rawHeaderPairs() returns them.
using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

/// The trimmed value of the first header called name (compared case-insensitively), or
/// nullopt when there is none.
inline std::optional<QByteArray> headerValue(const RawHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return std::nullopt;
}

} // namespace steadfast
