// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/RateLimitInfo.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr quint64 NsPerMs = 1'000'000;
constexpr quint64 NsPerSecond = 1'000'000'000;
// Go's limit: a time.Duration is an int64 count of nanoseconds (about 292 years).
constexpr quint64 MaxNs = quint64(std::numeric_limits<qint64>::max());

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::optional<quint64> unitNs(QByteArrayView unit)
{
    struct Unit
    {
        QByteArrayView name;
        quint64 ns;
    };
    static constexpr Unit units[] = {
            {"ns", 1},
            {"us", 1'000},
            {"\xC2\xB5s", 1'000}, // U+00B5 MICRO SIGN
            {"\xCE\xBCs", 1'000}, // U+03BC GREEK SMALL LETTER MU
            {"ms", NsPerMs},
            {"s", NsPerSecond},
            {"m", 60 * NsPerSecond},
            {"h", 3600 * NsPerSecond},
    };
    for (const Unit &candidate : units) {
        if (candidate.name == unit)
            return candidate.ns;
    }
    return std::nullopt;
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

} // namespace

bool RateLimitInfo::isEmpty() const
{
    return *this == RateLimitInfo{};
}

std::optional<std::chrono::milliseconds> RateLimitInfo::parseGoDuration(QByteArrayView text)
{
    text = text.trimmed();
    if (text.startsWith('+'))
        text = text.sliced(1);
    if (text.isEmpty())
        return std::nullopt; // also rejects a lone sign; a leading '-' fails below (no digits)

    quint64 totalNs = 0;
    qsizetype pos = 0;
    const qsizetype size = text.size();
    while (pos < size) {
        // [0-9]*(\.[0-9]*)? with at least one digit
        quint64 whole = 0;
        bool wholeOverflow = false;
        const qsizetype wholeStart = pos;
        for (; pos < size && isDigit(text[pos]); ++pos) {
            if (whole > (MaxNs - 9) / 10)
                wholeOverflow = true;
            else
                whole = whole * 10 + quint64(text[pos] - '0');
        }
        bool hasDigits = pos > wholeStart;
        quint64 fraction = 0;
        double scale = 1;
        if (pos < size && text[pos] == '.') {
            ++pos;
            const qsizetype fractionStart = pos;
            bool fractionFull = false;
            for (; pos < size && isDigit(text[pos]); ++pos) {
                // Like Go, digits beyond what fits are ignored rather than rejected.
                if (fractionFull || fraction > (MaxNs - 9) / 10) {
                    fractionFull = true;
                    continue;
                }
                fraction = fraction * 10 + quint64(text[pos] - '0');
                scale *= 10;
            }
            hasDigits = hasDigits || pos > fractionStart;
        }
        if (!hasDigits || wholeOverflow)
            return std::nullopt;

        const qsizetype unitStart = pos;
        while (pos < size && !isDigit(text[pos]) && text[pos] != '.')
            ++pos;
        const QByteArrayView unitText = text.sliced(unitStart, pos - unitStart);
        quint64 unit = 0;
        if (unitText.isEmpty()) {
            // Go accepts a bare "0"; servers outside OpenAI send plain seconds ("20", "0.5").
            // A bare number must be the whole text: "1h30" is missing a unit.
            if (unitStart != size || wholeStart != 0)
                return std::nullopt;
            unit = NsPerSecond;
        } else if (const auto known = unitNs(unitText)) {
            unit = *known;
        } else {
            return std::nullopt;
        }

        if (whole > MaxNs / unit)
            return std::nullopt;
        quint64 componentNs = whole * unit;
        if (fraction > 0) {
            const auto fractionNs = quint64(double(fraction) * (double(unit) / scale));
            if (fractionNs > MaxNs - componentNs)
                return std::nullopt;
            componentNs += fractionNs;
        }
        if (componentNs > MaxNs - totalNs)
            return std::nullopt;
        totalNs += componentNs;
    }

    return std::chrono::milliseconds(qint64(totalNs / NsPerMs + (totalNs % NsPerMs ? 1 : 0)));
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
        if (key == "limit-requests") {
            if (const auto count = parseCount(value))
                info.limitRequests = count;
        } else if (key == "remaining-requests") {
            if (const auto count = parseCount(value))
                info.remainingRequests = count;
        } else if (key == "limit-tokens") {
            if (const auto count = parseCount(value))
                info.limitTokens = count;
        } else if (key == "remaining-tokens") {
            if (const auto count = parseCount(value))
                info.remainingTokens = count;
        } else if (key == "reset-requests") {
            if (const auto reset = parseGoDuration(value))
                info.resetRequests = reset;
        } else if (key == "reset-tokens") {
            if (const auto reset = parseGoDuration(value))
                info.resetTokens = reset;
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
