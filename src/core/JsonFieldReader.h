// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <cmath>
#include <optional>

namespace steadfast {

/// Reads optional fields of one JSON object that Steadfast wrote, remembering whether any had
/// the wrong type: a file we wrote never has one, so one is a sign of damage (ok() is false).
class JsonFieldReader
{
public:
    explicit JsonFieldReader(const QJsonObject &object) : m_object(object) {}

    bool ok() const { return m_ok; }
    void fail() { m_ok = false; }

    /// The string at key; empty when absent.
    QString string(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return {};
        if (!value.isString())
            m_ok = false;
        return value.toString();
    }

    /// The boolean at key; false when absent.
    bool boolean(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return false;
        if (!value.isBool())
            m_ok = false;
        return value.toBool();
    }

    /// A whole, non-negative number (JSON numbers are doubles: 2^53 is the exact limit).
    std::optional<qint64> count(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return std::nullopt;
        const double number = value.toDouble(-1);
        constexpr double limit = 9007199254740992.0; // 2^53
        if (!value.isDouble() || number < 0 || number > limit || std::floor(number) != number) {
            m_ok = false;
            return std::nullopt;
        }
        return qint64(number);
    }

    std::optional<QJsonObject> object(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return std::nullopt;
        if (!value.isObject()) {
            m_ok = false;
            return std::nullopt;
        }
        return value.toObject();
    }

private:
    const QJsonObject &m_object;
    bool m_ok = true;
};

} // namespace steadfast
