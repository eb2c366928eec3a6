// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/JsonBody.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace steadfast {

std::variant<QJsonObject, QString> parseJsonObject(const QByteArray &body, QStringView what)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(withValidUtf8(body), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return QStringLiteral("%1 is not valid JSON (%2 at offset %3)")
                .arg(what, parseError.errorString())
                .arg(parseError.offset);
    if (!document.isObject())
        return QStringLiteral("%1 is not a JSON object").arg(what);
    return document.object();
}

} // namespace steadfast
