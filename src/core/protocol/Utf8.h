// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QUtf8StringView>

namespace steadfast {

/// QJsonDocument rejects a whole document for one invalid UTF-8 sequence, yet servers do send
/// them (a model cut mid-character, a proxy's encoding slip). Decoding replaces each bad
/// sequence with U+FFFD and leaves every ASCII byte, so the JSON structure survives and only
/// the broken characters are lost.
inline QByteArray withValidUtf8(const QByteArray &bytes)
{
    if (QUtf8StringView(bytes).isValidUtf8())
        return bytes;
    return QString::fromUtf8(bytes).toUtf8();
}

} // namespace steadfast
