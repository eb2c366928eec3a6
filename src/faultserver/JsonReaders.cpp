// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/JsonReaders.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String:
        return u"\"%1\""_s.arg(value.toString());
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

bool readInteger(const QJsonValue &value, const QString &name, qint64 min, qint64 max, qint64 *out,
                 QString *error)
{
    const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!value.isDouble() || std::isnan(number) || std::floor(number) != number
        || number < double(min) || number > double(max)) {
        setError(
                error,
                u"'%1' must be an integer from %2 to %3 (got %4)"_s.arg(name).arg(min).arg(max).arg(
                        describe(value)));
        return false;
    }
    *out = qint64(number);
    return true;
}

bool readBool(const QJsonValue &value, const QString &name, bool *out, QString *error)
{
    if (!value.isBool()) {
        setError(error, u"'%1' must be true or false (got %2)"_s.arg(name, describe(value)));
        return false;
    }
    *out = value.toBool();
    return true;
}

bool readString(const QJsonValue &value, const QString &name, QString *out, QString *error)
{
    if (!value.isString()) {
        setError(error, u"'%1' must be a string (got %2)"_s.arg(name, describe(value)));
        return false;
    }
    *out = value.toString();
    return true;
}

} // namespace steadfast::faultserver
