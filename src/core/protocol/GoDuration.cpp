// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/GoDuration.h"

#include <limits>

namespace steadfast {

namespace {

constexpr quint64 nsPerMs = 1'000'000;
constexpr quint64 nsPerSecond = 1'000'000'000;
// Go's limit: a time.Duration is an int64 count of nanoseconds.
constexpr quint64 maxNs = quint64(std::numeric_limits<qint64>::max());

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
            {"ms", nsPerMs},
            {"s", nsPerSecond},
            {"m", 60 * nsPerSecond},
            {"h", 3600 * nsPerSecond},
    };
    for (const Unit &candidate : units) {
        if (candidate.name == unit)
            return candidate.ns;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::chrono::milliseconds> parseGoDuration(QByteArrayView text)
{
    if (text.startsWith('+'))
        text = text.sliced(1);
    if (text == "0")
        return std::chrono::milliseconds(0); // Go's one unitless duration
    if (text.isEmpty())
        return std::nullopt; // also a lone sign; a leading '-' fails below (no digits)

    quint64 totalNs = 0;
    qsizetype pos = 0;
    const qsizetype size = text.size();
    while (pos < size) {
        // [0-9]*(\.[0-9]*)? with at least one digit
        quint64 whole = 0;
        bool wholeOverflow = false;
        const qsizetype wholeStart = pos;
        for (; pos < size && isDigit(text[pos]); ++pos) {
            if (wholeOverflow || whole > maxNs / 10) {
                wholeOverflow = true;
                continue;
            }
            whole = whole * 10 + quint64(text[pos] - '0');
            wholeOverflow = whole > maxNs;
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
                if (fractionFull || fraction > (maxNs - 9) / 10) {
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
        const std::optional<quint64> unit = unitNs(text.sliced(unitStart, pos - unitStart));
        if (!unit)
            return std::nullopt; // missing or unknown

        if (whole > maxNs / *unit)
            return std::nullopt;
        quint64 componentNs = whole * *unit;
        if (fraction > 0) {
            const auto fractionNs = quint64(double(fraction) * (double(*unit) / scale));
            if (fractionNs > maxNs - componentNs)
                return std::nullopt;
            componentNs += fractionNs;
        }
        if (componentNs > maxNs - totalNs)
            return std::nullopt;
        totalNs += componentNs;
    }

    return std::chrono::milliseconds(qint64(totalNs / nsPerMs + (totalNs % nsPerMs ? 1 : 0)));
}

} // namespace steadfast
