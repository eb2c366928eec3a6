// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/RetryHints.h"

#include "support/RetryHintValues.h"

#include <QTest>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace steadfast;

class TestRetryHints : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromHeaders_data();
    void fromHeaders();
    void fromMessage_data();
    void fromMessage();
    void shouldRetry_data();
    void shouldRetry();
};

void TestRetryHints::fromHeaders_data()
{
    QTest::addColumn<RawHeaders>("headers");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<qint64>("expectedMs");

    const QDateTime now = fixedNow;
    QTest::newRow("none") << RawHeaders{} << now << noHint;
    QTest::newRow("seconds") << RawHeaders{{"Retry-After", "20"}} << now << qint64(20'000);
    QTest::newRow("fractional seconds")
            << RawHeaders{{"Retry-After", "1.5"}} << now << qint64(1500);
    QTest::newRow("sub-millisecond rounds up")
            << RawHeaders{{"Retry-After", "0.0001"}} << now << qint64(1);
    QTest::newRow("zero") << RawHeaders{{"Retry-After", "0"}} << now << qint64(0);
    QTest::newRow("padded") << RawHeaders{{"Retry-After", "  7 "}} << now << qint64(7000);
    QTest::newRow("lower-case name") << RawHeaders{{"retry-after", "2"}} << now << qint64(2000);
    QTest::newRow("upper-case name") << RawHeaders{{"RETRY-AFTER", "2"}} << now << qint64(2000);
    QTest::newRow("negative") << RawHeaders{{"Retry-After", "-5"}} << now << noHint;
    QTest::newRow("garbage") << RawHeaders{{"Retry-After", "soon"}} << now << noHint;
    QTest::newRow("empty") << RawHeaders{{"Retry-After", ""}} << now << noHint;
    QTest::newRow("exponent") << RawHeaders{{"Retry-After", "1e3"}} << now << noHint;
    QTest::newRow("infinity") << RawHeaders{{"Retry-After", "inf"}} << now << noHint;
    QTest::newRow("trailing junk") << RawHeaders{{"Retry-After", "5s"}} << now << noHint;
    QTest::newRow("absurdly large is clamped")
            << RawHeaders{{"Retry-After", "99999999999999999999"}} << now
            << qint64(RetryHints::maxHint.count());
    QTest::newRow("IMF-fixdate, 30 s ahead")
            << RawHeaders{{"Retry-After", "Fri, 14 Mar 2025 12:00:30 GMT"}} << now
            << qint64(30'000);
    QTest::newRow("IMF-fixdate, past gives 0")
            << RawHeaders{{"Retry-After", "Fri, 14 Mar 2025 11:59:00 GMT"}} << now << qint64(0);
    QTest::newRow("IMF-fixdate, exactly now")
            << RawHeaders{{"Retry-After", "Fri, 14 Mar 2025 12:00:00 GMT"}} << now << qint64(0);
    QTest::newRow("IMF-fixdate, any case")
            << RawHeaders{{"Retry-After", "fri, 14 mar 2025 12:01:00 gmt"}} << now
            << qint64(60'000);
    QTest::newRow("IMF-fixdate, now in another zone")
            << RawHeaders{{"Retry-After", "Fri, 14 Mar 2025 12:00:30 GMT"}}
            << now.toOffsetFromUtc(5 * 3600) << qint64(30'000);
    QTest::newRow("IMF-fixdate, invalid date")
            << RawHeaders{{"Retry-After", "Fri, 31 Feb 2025 12:00:30 GMT"}} << now << noHint;
    QTest::newRow("IMF-fixdate, bad weekday")
            << RawHeaders{{"Retry-After", "Fry, 14 Mar 2025 12:00:30 GMT"}} << now << noHint;
    QTest::newRow("IMF-fixdate, bad month")
            << RawHeaders{{"Retry-After", "Fri, 14 Mrz 2025 12:00:30 GMT"}} << now << noHint;
    QTest::newRow("IMF-fixdate, bad hour")
            << RawHeaders{{"Retry-After", "Fri, 14 Mar 2025 25:00:30 GMT"}} << now << noHint;
    QTest::newRow("numeric zone is not an HTTP-date")
            << RawHeaders{{"Retry-After", "Fri, 14 Mar 2025 12:00:30 +0000"}} << now << noHint;
    QTest::newRow("RFC 850, ahead") << RawHeaders{{"Retry-After", "Friday, 14-Mar-25 12:02:00 GMT"}}
                                    << now << qint64(120'000);
    QTest::newRow("RFC 850, 1994 is past")
            << RawHeaders{{"Retry-After", "Sunday, 06-Nov-94 08:49:37 GMT"}} << now << qint64(0);
    QTest::newRow("RFC 850, '26 is next year")
            << RawHeaders{{"Retry-After", "Saturday, 14-Mar-26 12:00:00 GMT"}} << now
            << qint64(365) * 24 * 3600 * 1000;
    QTest::newRow("RFC 850, '75 is 2075 (50 years ahead, clamped)")
            << RawHeaders{{"Retry-After", "Thursday, 14-Mar-75 12:00:00 GMT"}} << now
            << qint64(RetryHints::maxHint.count());
    QTest::newRow("RFC 850, '76 is 1976 (more than 50 years ahead)")
            << RawHeaders{{"Retry-After", "Sunday, 14-Mar-76 12:00:00 GMT"}} << now << qint64(0);
    QTest::newRow("RFC 850, short weekday rejected")
            << RawHeaders{{"Retry-After", "Fri, 14-Mar-25 12:02:00 GMT"}} << now << noHint;
    QTest::newRow("asctime, ahead")
            << RawHeaders{{"Retry-After", "Fri Mar 14 12:00:05 2025"}} << now << qint64(5000);
    QTest::newRow("asctime, padded one-digit day")
            << RawHeaders{{"Retry-After", "Sat Mar  1 12:00:10 2025"}}
            << QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC) << qint64(10'000);
    QTest::newRow("asctime, past")
            << RawHeaders{{"Retry-After", "Sun Nov  6 08:49:37 1994"}} << now << qint64(0);
    QTest::newRow("date without a valid now")
            << RawHeaders{{"Retry-After", "Fri, 14 Mar 2025 12:00:30 GMT"}} << QDateTime()
            << noHint;
    QTest::newRow("retry-after-ms")
            << RawHeaders{{"retry-after-ms", "1500"}} << now << qint64(1500);
    QTest::newRow("retry-after-ms, fractional rounds up")
            << RawHeaders{{"retry-after-ms", "12.2"}} << now << qint64(13);
    QTest::newRow("retry-after-ms, mixed-case name")
            << RawHeaders{{"Retry-After-Ms", "250"}} << now << qint64(250);
    QTest::newRow("retry-after-ms first, header order aside")
            << RawHeaders{{"Retry-After", "20"}, {"retry-after-ms", "250"}} << now << qint64(250);
    QTest::newRow("retry-after-ms over an HTTP-date")
            << RawHeaders{{"retry-after-ms", "10"},
                          {"Retry-After", "Fri, 14 Mar 2025 12:00:30 GMT"}}
            << now << qint64(10);
    QTest::newRow("unreadable retry-after-ms falls back")
            << RawHeaders{{"retry-after-ms", "abc"}, {"Retry-After", "4"}} << now << qint64(4000);
    QTest::newRow("negative retry-after-ms falls back")
            << RawHeaders{{"retry-after-ms", "-100"}, {"Retry-After", "4"}} << now << qint64(4000);
    QTest::newRow("negative retry-after-ms alone")
            << RawHeaders{{"retry-after-ms", "-100"}} << now << noHint;
    QTest::newRow("retry-after-ms zero") << RawHeaders{{"retry-after-ms", "0"}} << now << qint64(0);
}

void TestRetryHints::fromHeaders()
{
    QFETCH(RawHeaders, headers);
    QFETCH(QDateTime, now);
    QFETCH(qint64, expectedMs);
    QCOMPARE(hintMs(RetryHints::fromHeaders(headers, now)), expectedMs);
}

void TestRetryHints::fromMessage_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("20s") << u"Rate limit reached. Please try again in 20s."_s << qint64(20'000);
    QTest::newRow("350ms") << u"Please try again in 350ms."_s << qint64(350);
    QTest::newRow("1.5s") << u"Please try again in 1.5s."_s << qint64(1500);
    QTest::newRow("6m0s") << u"Please try again in 6m0s."_s << qint64(360'000);
    QTest::newRow("1m30s") << u"Please try again in 1m30s"_s << qint64(90'000);
    QTest::newRow("1m12.345s") << u"Please try again in 1m12.345s."_s << qint64(72'345);
    QTest::newRow("1h2m") << u"try again in 1h2m"_s << qint64(3'720'000);
    QTest::newRow("microseconds round up") << u"try again in 500us"_s << qint64(1);
    QTest::newRow("any case") << u"PLEASE TRY AGAIN IN 3S"_s << qint64(3000);
    QTest::newRow("words: seconds (Azure)")
            << u"Requests have exceeded the rate limit. Please retry after 6 seconds."_s
            << qint64(6000);
    QTest::newRow("words: 1 second") << u"Please retry after 1 second."_s << qint64(1000);
    QTest::newRow("words: minutes") << u"try again in 2 minutes"_s << qint64(120'000);
    QTest::newRow("words: ms") << u"retry in 250 milliseconds"_s << qint64(250);
    QTest::newRow("glued word unit") << u"try again in 20sec"_s << qint64(20'000);
    QTest::newRow("zero") << u"try again in 0s"_s << qint64(0);
    QTest::newRow("huge Go duration clamps")
            << u"try again in 99999999999999h"_s << qint64(RetryHints::maxHint.count());
    QTest::newRow("huge word duration clamps")
            << u"retry after 99999999999999 hours"_s << qint64(RetryHints::maxHint.count());
    QTest::newRow("later") << u"Please try again later."_s << noHint;
    QTest::newRow("vague") << u"Please try again in a few seconds."_s << noHint;
    QTest::newRow("no phrase") << u"Limit 3, used 3, 20s window"_s << noHint;
    QTest::newRow("unknown unit") << u"try again in 20 parsecs"_s << noHint;
    QTest::newRow("empty") << QString() << noHint;
}

void TestRetryHints::fromMessage()
{
    QFETCH(QString, message);
    QFETCH(qint64, expectedMs);
    QCOMPARE(hintMs(RetryHints::fromMessage(message)), expectedMs);
}

void TestRetryHints::shouldRetry_data()
{
    QTest::addColumn<RawHeaders>("headers");
    QTest::addColumn<int>("expected"); // -1 none, 0 false, 1 true

    QTest::newRow("absent") << RawHeaders{{"x-request-id", "r"}} << -1;
    QTest::newRow("true") << RawHeaders{{"x-should-retry", "true"}} << 1;
    QTest::newRow("false") << RawHeaders{{"x-should-retry", "false"}} << 0;
    QTest::newRow("TRUE, mixed-case name") << RawHeaders{{"X-Should-Retry", "TRUE"}} << 1;
    QTest::newRow("False, padded") << RawHeaders{{"x-should-retry", " False "}} << 0;
    QTest::newRow("yes") << RawHeaders{{"x-should-retry", "yes"}} << -1;
    QTest::newRow("1") << RawHeaders{{"x-should-retry", "1"}} << -1;
    QTest::newRow("empty") << RawHeaders{{"x-should-retry", ""}} << -1;
}

void TestRetryHints::shouldRetry()
{
    QFETCH(RawHeaders, headers);
    QFETCH(int, expected);
    const std::optional<bool> verdict = RetryHints::shouldRetry(headers);
    QCOMPARE(verdict.has_value(), expected >= 0);
    if (verdict)
        QCOMPARE(*verdict, expected == 1);
}

QTEST_GUILESS_MAIN(TestRetryHints)
#include "TestRetryHints.moc"
