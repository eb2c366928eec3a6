// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/RetryHints.h"

#include "core/protocol/GoDuration.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace steadfast::RetryHints {

namespace {

/// "12", "1.5", "0": an unsigned decimal, nothing else (no sign, exponent, inf or nan).
std::optional<double> parseDecimal(QByteArrayView text)
{
    static const QRegularExpression decimal(u"^\\d{1,20}(?:\\.\\d{1,20})?$"_s);
    const QString string = QString::fromLatin1(text);
    if (!decimal.match(string).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double value = string.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
}

std::chrono::milliseconds hintFromMilliseconds(double ms)
{
    if (!(ms > 0))
        return std::chrono::milliseconds(0);
    if (ms >= double(maxHint.count()))
        return maxHint;
    return std::chrono::milliseconds(qint64(std::ceil(ms))); // never wait less than asked
}

int monthFromName(QStringView name)
{
    static constexpr std::array<const char *, 12> months = {
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (size_t i = 0; i < months.size(); ++i) {
        if (name.compare(QLatin1StringView(months[i]), Qt::CaseInsensitive) == 0)
            return int(i) + 1;
    }
    return 0;
}

bool isDayName(QStringView name, bool longForm)
{
    static constexpr std::array<const char *, 7> days = {
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (const char *day : days) {
        const QLatin1StringView full(day);
        const QLatin1StringView wanted = longForm ? full : full.first(3);
        if (name.compare(wanted, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

/// An HTTP-date in any of the three forms RFC 7231 (7.1.1.1) obliges a recipient to read.
std::optional<QDateTime> parseHttpDate(QByteArrayView raw, const QDateTime &now)
{
    // simplified() folds asctime's padded day ("Nov  6") to one space. The three forms name
    // their parts alike, so one reading below serves them all.
    const QString text = QString::fromLatin1(raw).simplified();
    static const std::array<QRegularExpression, 3> forms{
            // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
            QRegularExpression(u"^(?<weekday>[a-z]{3}), (?<day>\\d{1,2}) (?<month>[a-z]{3}) "
                               u"(?<year>\\d{4}) (?<time>\\d{2}:\\d{2}:\\d{2}) (?:GMT|UTC)$"_s,
                               QRegularExpression::CaseInsensitiveOption),
            // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
            QRegularExpression(u"^(?<longday>[a-z]{6,9}), (?<day>\\d{1,2})-(?<month>[a-z]{3})-"
                               u"(?<year2>\\d{2}) (?<time>\\d{2}:\\d{2}:\\d{2}) GMT$"_s,
                               QRegularExpression::CaseInsensitiveOption),
            // asctime: "Sun Nov  6 08:49:37 1994"
            QRegularExpression(u"^(?<weekday>[a-z]{3}) (?<month>[a-z]{3}) (?<day>\\d{1,2}) "
                               u"(?<time>\\d{2}:\\d{2}:\\d{2}) (?<year>\\d{4})$"_s,
                               QRegularExpression::CaseInsensitiveOption),
    };
    QRegularExpressionMatch m;
    for (const QRegularExpression &form : forms) {
        m = form.match(text);
        if (m.hasMatch())
            break;
    }
    if (!m.hasMatch())
        return std::nullopt;
    const bool longDay = m.hasCaptured(u"longday");
    if (!isDayName(m.capturedView(longDay ? u"longday" : u"weekday"), longDay))
        return std::nullopt;
    const int day = m.capturedView(u"day").toInt();
    const int month = monthFromName(m.capturedView(u"month"));
    int year = m.capturedView(u"year").toInt();
    if (m.hasCaptured(u"year2")) {
        // A two-digit year more than 50 years ahead is the latest past year ending so.
        const int thisYear = now.toUTC().date().year();
        year = thisYear - thisYear % 100 + m.capturedView(u"year2").toInt();
        if (year > thisYear + 50)
            year -= 100;
    }
    const QStringView clock = m.capturedView(u"time");
    const int hour = clock.sliced(0, 2).toInt();
    const int minute = clock.sliced(3, 2).toInt();
    int second = clock.sliced(6, 2).toInt();
    if (second == 60) // a leap second; QTime has none
        second = 59;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (month == 0 || !date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

double wordUnitMilliseconds(QStringView unit)
{
    const QString lower = unit.toString().toLower();
    if (lower.startsWith(u"ms"_s) || lower.startsWith(u"milli"_s))
        return 1;
    if (lower.startsWith(u's'))
        return 1000;
    if (lower.startsWith(u'm'))
        return 60'000;
    return 3'600'000; // "h", "hr", "hour"
}

} // namespace

std::optional<std::chrono::milliseconds> fromHeaders(const RawHeaders &headers,
                                                     const QDateTime &now)
{
    // The official SDKs read the millisecond header first and fall back to Retry-After
    // when it is missing or unreadable.
    if (const auto value = headerValue(headers, "retry-after-ms")) {
        if (const auto ms = parseDecimal(*value))
            return hintFromMilliseconds(*ms);
    }
    const auto value = headerValue(headers, "retry-after");
    if (!value)
        return std::nullopt;
    if (const auto seconds = parseDecimal(*value))
        return hintFromMilliseconds(*seconds * 1000.0);
    if (!now.isValid())
        return std::nullopt;
    if (const auto date = parseHttpDate(*value, now))
        return hintFromMilliseconds(double(now.msecsTo(*date)));
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> fromMessage(const QString &message)
{
    // "try again in 1m30s" (OpenAI, Go durations) or "retry after 6 seconds" (Azure).
    static const QRegularExpression hint(
            u"(?:try\\s+again|retry)\\s+(?:in|after)\\s+"
            u"(?:((?:\\d+(?:\\.\\d+)?(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)(?![a-z])"
            u"|(\\d+(?:\\.\\d+)?)\\s*(milliseconds?|millis|msecs?|ms|seconds?|secs?|s"
            u"|minutes?|mins?|m|hours?|hrs?|h)\\b)"_s,
            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = hint.match(message);
    if (!match.hasMatch())
        return std::nullopt;
    if (match.hasCaptured(1)) {
        // Go's units are lower case; a message may shout ("TRY AGAIN IN 3S").
        const std::optional<std::chrono::milliseconds> go =
                parseGoDuration(match.capturedView(1).toString().toLower().toUtf8());
        // The pattern admits only well-formed durations: nullopt means past Go's limit.
        return std::min(go.value_or(maxHint), maxHint);
    }
    const double total =
            match.capturedView(2).toDouble() * wordUnitMilliseconds(match.capturedView(3));
    if (!std::isfinite(total))
        return std::nullopt;
    return hintFromMilliseconds(total);
}

std::optional<bool> shouldRetry(const RawHeaders &headers)
{
    const auto value = headerValue(headers, "x-should-retry");
    if (!value)
        return std::nullopt;
    if (value->compare("true", Qt::CaseInsensitive) == 0)
        return true;
    if (value->compare("false", Qt::CaseInsensitive) == 0)
        return false;
    return std::nullopt;
}

} // namespace steadfast::RetryHints
