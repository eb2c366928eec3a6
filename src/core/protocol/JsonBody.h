// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringView>
#include <QUtf8StringView>

#include <variant>

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

/// A reply body that must be one JSON object ({"data":[…]}, a completion): the object, or a
/// description of what is wrong, naming what the body was meant to be ("the reply is not
/// valid JSON (… at offset 12)", "the model list is not a JSON object"). Bad UTF-8 is
/// repaired first (withValidUtf8()).
std::variant<QJsonObject, QString> parseJsonObject(const QByteArray &body, QStringView what);

} // namespace steadfast
