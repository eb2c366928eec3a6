// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/DurationWords.h"

#include <QCoreApplication>

#include <algorithm>

namespace steadfast::ErrorWords {

namespace {

using std::chrono::milliseconds;

qint64 ceilDiv(qint64 value, qint64 divisor)
{
    return (value + divisor - 1) / divisor;
}

QString millisecondsWords(int n)
{
    return QCoreApplication::translate("ErrorWords", "%n ms", "a duration in milliseconds", n);
}

QString secondsWords(int n)
{
    return QCoreApplication::translate("ErrorWords", "%n s", "a duration in seconds", n);
}

QString minutesWords(int n)
{
    return QCoreApplication::translate("ErrorWords", "%n min", "a duration in minutes", n);
}

QString hoursWords(int n)
{
    return QCoreApplication::translate("ErrorWords", "%n h", "a duration in hours", n);
}

QString daysWords(int n)
{
    return QCoreApplication::translate("ErrorWords", "%n d", "a duration in days", n);
}

} // namespace

QString durationText(milliseconds duration)
{
    // Each unit's words come from one function that takes a plain int: Qt 6.4's lupdate
    // hangs on a translate() argument like int(a / b).
    const qint64 ms = duration.count();
    if (ms <= 0)
        return secondsWords(0);
    if (ms < 1000)
        return millisecondsWords(int(ms));
    const qint64 seconds = ceilDiv(ms, 1000);
    if (seconds < 60)
        return secondsWords(int(seconds));
    if (seconds < 600) { // under ten minutes the seconds still matter: 1 min 30 s
        const QString minutes = minutesWords(int(seconds / 60));
        if (seconds % 60 == 0)
            return minutes;
        return QCoreApplication::translate("ErrorWords", "%1 %2",
                                           "a duration: minutes, then seconds (1 min 30 s)")
                .arg(minutes, secondsWords(int(seconds % 60)));
    }
    const qint64 minutes = ceilDiv(seconds, 60);
    if (minutes < 60)
        return minutesWords(int(minutes));
    if (minutes < 24 * 60) {
        const QString hours = hoursWords(int(minutes / 60));
        if (minutes % 60 == 0)
            return hours;
        return QCoreApplication::translate("ErrorWords", "%1 %2",
                                           "a duration: hours, then minutes (1 h 5 min)")
                .arg(hours, minutesWords(int(minutes % 60)));
    }
    const qint64 hours = ceilDiv(minutes, 60);
    // Server hints are clamped to ten years (ErrorClassifier::maxRetryHint): the days fit.
    const QString days = daysWords(int(std::min<qint64>(hours / 24, 1 << 30)));
    if (hours % 24 == 0)
        return days;
    return QCoreApplication::translate("ErrorWords", "%1 %2",
                                       "a duration: days, then hours (2 d 3 h)")
            .arg(days, hoursWords(int(hours % 24)));
}

QString secondsText(milliseconds duration)
{
    const qint64 seconds = duration.count() <= 0 ? 0 : ceilDiv(duration.count(), 1000);
    return durationText(milliseconds{seconds * 1000});
}

QString countdownText(milliseconds duration)
{
    const qint64 total = duration.count() <= 0 ? 0 : ceilDiv(duration.count(), 1000);
    // Server hints are clamped to ten years (ErrorClassifier::maxRetryHint): the days fit.
    const int days = int(std::min<qint64>(total / 86400, 1 << 30));
    const int hours = int(total / 3600 % 24);
    const int minutes = int(total / 60 % 60);
    QString text = secondsWords(int(total % 60));
    const auto before = [&text](const QString &unit) {
        text = QCoreApplication::translate("ErrorWords", "%1 %2",
                                           "a countdown: a larger unit, then the rest "
                                           "(1 h 2 min 5 s)")
                       .arg(unit, text);
    };
    if (total >= 60)
        before(minutesWords(minutes));
    if (total >= 3600)
        before(hoursWords(hours));
    if (total >= 86400)
        before(daysWords(days));
    return text;
}

} // namespace steadfast::ErrorWords
