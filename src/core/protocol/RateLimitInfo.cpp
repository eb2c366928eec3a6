// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/RateLimitInfo.h"

#include "core/protocol/GoDuration.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Non-negative decimal integer only: no sign, no fraction, no trailing text.
std::optional<qint64> parseCount(QByteArrayView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// The x-ratelimit-* headers, one row per field they fill.
template <typename T>
struct HeaderField
{
    QByteArrayView header; // after "x-ratelimit-"
    std::optional<T> RateLimitInfo::*member;
};

constexpr HeaderField<qint64> kCountHeaders[]{
        {"limit-requests", &RateLimitInfo::limitRequests},
        {"remaining-requests", &RateLimitInfo::remainingRequests},
        {"limit-tokens", &RateLimitInfo::limitTokens},
        {"remaining-tokens", &RateLimitInfo::remainingTokens},
};

constexpr HeaderField<std::chrono::milliseconds> kResetHeaders[]{
        {"reset-requests", &RateLimitInfo::resetRequests},
        {"reset-tokens", &RateLimitInfo::resetTokens},
};

} // namespace

bool RateLimitInfo::isEmpty() const
{
    return *this == RateLimitInfo{};
}

std::optional<std::chrono::milliseconds> RateLimitInfo::parseReset(QByteArrayView text)
{
    text = text.trimmed();
    // Servers outside OpenAI send plain seconds ("20", "0.5"): digits and a dot, no unit.
    const QByteArrayView number = text.startsWith('+') ? text.sliced(1) : text;
    const bool plainSeconds = !number.isEmpty()
            && std::all_of(number.begin(), number.end(),
                           [](char c) { return isDigit(c) || c == '.'; });
    if (plainSeconds)
        return parseGoDuration(text.toByteArray() + 's');
    return parseGoDuration(text);
}

RateLimitInfo RateLimitInfo::fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    RateLimitInfo info;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.trimmed().toLower();
        if (!lower.startsWith("x-ratelimit-"))
            continue;
        const QByteArrayView key =
                QByteArrayView(lower).sliced(qsizetype(sizeof("x-ratelimit-")) - 1);
        for (const auto &[header, member] : kCountHeaders) {
            if (key == header) {
                if (const auto count = parseCount(value))
                    info.*member = count;
            }
        }
        for (const auto &[header, member] : kResetHeaders) {
            if (key == header) {
                if (const auto reset = parseReset(value))
                    info.*member = reset;
            }
        }
    }
    return info;
}

QJsonObject RateLimitInfo::toJson() const
{
    QJsonObject json;
    const auto putCount = [&json](const QString &key, const std::optional<qint64> &value) {
        if (value)
            json.insert(key, *value);
    };
    const auto putMs = [&json](const QString &key,
                               const std::optional<std::chrono::milliseconds> &value) {
        if (value)
            json.insert(key, qint64(value->count()));
    };
    putCount(u"limitRequests"_s, limitRequests);
    putCount(u"remainingRequests"_s, remainingRequests);
    putMs(u"resetRequestsMs"_s, resetRequests);
    putCount(u"limitTokens"_s, limitTokens);
    putCount(u"remainingTokens"_s, remainingTokens);
    putMs(u"resetTokensMs"_s, resetTokens);
    return json;
}

} // namespace steadfast
