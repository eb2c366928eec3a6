// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMetaEnum>
#include <QString>
#include <QStringView>

#include <array>
#include <cstddef>
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

/// A table of names for an enum whose values run 0, 1, 2, … in declaration order: one row per
/// value, read both ways (value -> name, name -> value). Declare it next to the enum's users as
///     constexpr std::array<QStringView, 3> kNames{u"user", u"assistant", u"error"};
///     static_assert(kNames.size() == std::size_t(Kind::Error) + 1, "one name per kind");
/// fallback is the name of a value outside the table.
template <typename E, std::size_t N>
QString nameIn(const std::array<QStringView, N> &names, E value, QStringView fallback = {})
{
    const auto index = std::size_t(value);
    return (index < N ? names[index] : fallback).toString();
}

/// The value whose name in names is exactly name, or nullopt.
template <typename E, std::size_t N>
std::optional<E> valueIn(const std::array<QStringView, N> &names, QStringView name)
{
    for (std::size_t index = 0; index < N; ++index) {
        if (names[index] == name)
            return E(index);
    }
    return std::nullopt;
}

} // namespace steadfast
