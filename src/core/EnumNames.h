// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMetaEnum>
#include <QString>
#include <QStringView>

#include <optional>

namespace steadfast {

/// The name of a Q_ENUM value ("RateLimited", "HalfOpen"): the enumerator as written, stable,
/// used in JSON events, stored conversations and logs. Empty for a value outside the enum.
template <typename E>
QString enumName(E value)
{
    return QString::fromLatin1(QMetaEnum::fromType<E>().valueToKey(int(value)));
}

/// The Q_ENUM value named name (exactly as enumName() writes it), or nullopt.
template <typename E>
std::optional<E> enumFromName(QStringView name)
{
    if (name.isEmpty())
        return std::nullopt;
    bool ok = false;
    const int value = QMetaEnum::fromType<E>().keyToValue(name.toLatin1().constData(), &ok);
    if (!ok)
        return std::nullopt;
    return E(value);
}

} // namespace steadfast
