// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server: typed reads from a script's JSON, with messages that name the
// field and what it held, and the name tables of the step's enums.
#pragma once

#include <QJsonValue>
#include <QLatin1String>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <optional>
#include <utility>

namespace steadfast::faultserver {

/// Sets *error (when error is not null).
void setError(QString *error, const QString &message);
/// A JSON value as a message shows it: null, true, 3, "text", an array, an object.
QString describe(const QJsonValue &value);
/// Reads an integral JSON number within [min, max]; false (and *error) otherwise.
bool readInteger(const QJsonValue &value, const QString &name, qint64 min, qint64 max, qint64 *out,
                 QString *error);
bool readBool(const QJsonValue &value, const QString &name, bool *out, QString *error);
bool readString(const QJsonValue &value, const QString &name, QString *out, QString *error);

template <typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const QString &name,
                                 const std::pair<Enum, const char *> (&table)[N])
{
    for (const auto &[value, text] : table) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
QString nameFromEnum(Enum value, const std::pair<Enum, const char *> (&table)[N])
{
    for (const auto &[candidate, text] : table) {
        if (candidate == value)
            return QLatin1String(text);
    }
    return QString();
}

template <typename Enum, std::size_t N>
QString namesOf(const std::pair<Enum, const char *> (&table)[N], int skipFirst)
{
    QStringList names;
    for (std::size_t i = std::size_t(skipFirst); i < N; ++i)
        names.append(QStringLiteral("\"%1\"").arg(QLatin1String(table[i].second)));
    return names.join(QStringLiteral(", "));
}

template <typename Number>
bool readNumber(const QJsonValue &value, const QString &key, qint64 min, qint64 max, Number *out,
                QString *error)
{
    qint64 number = 0;
    if (!readInteger(value, key, min, max, &number, error))
        return false;
    *out = Number(number);
    return true;
}

/// A string, converted (to bytes, to an optional text) into *out.
template <typename Target, typename Convert>
bool readStringAs(const QJsonValue &value, const QString &key, Target *out, QString *error,
                  Convert convert)
{
    QString text;
    if (!readString(value, key, &text, error))
        return false;
    *out = convert(text);
    return true;
}

/// Reads a name from the table into *out; the message lists the names from skipFirst on.
template <typename Enum, std::size_t N>
bool readEnum(const QJsonValue &value, const QString &key,
              const std::pair<Enum, const char *> (&table)[N], int skipFirst, Enum *out,
              QString *error)
{
    QString name;
    if (!readString(value, key, &name, error))
        return false;
    const auto parsed = enumFromName(name, table);
    if (!parsed) {
        setError(error,
                 QStringLiteral("'%1' must be one of %2 (got \"%3\")")
                         .arg(key, namesOf(table, skipFirst), name));
        return false;
    }
    *out = *parsed;
    return true;
}

} // namespace steadfast::faultserver
