// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/GoDuration.h"

#include <QTest>

using namespace Qt::StringLiterals;
using steadfast::parseGoDuration;

class TestGoDuration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
};

void TestGoDuration::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("expectedMs"); // -1: nullopt

    // As OpenAI sends them (x-ratelimit-reset-*, "try again in …")
    QTest::newRow("1s") << "1s"_ba << qint64(1000);
    QTest::newRow("6m0s") << "6m0s"_ba << qint64(360'000);
    QTest::newRow("12ms") << "12ms"_ba << qint64(12);
    QTest::newRow("0s") << "0s"_ba << qint64(0);
    QTest::newRow("1h2m3.5s") << "1h2m3.5s"_ba << qint64(3'723'500);
    QTest::newRow("2m59.56s") << "2m59.56s"_ba << qint64(179'560);
    QTest::newRow("1m12.345s") << "1m12.345s"_ba << qint64(72'345);
    QTest::newRow("1.5s") << "1.5s"_ba << qint64(1500);
    QTest::newRow("7.66s") << "7.66s"_ba << qint64(7660);
    QTest::newRow("24h") << "24h"_ba << qint64(86'400'000);
    QTest::newRow("components in any order") << "3s1m"_ba << qint64(63'000);
    QTest::newRow("repeated unit adds") << "1s1s"_ba << qint64(2000);
    // Every unit Go knows; sub-millisecond values round up
    QTest::newRow("ns") << "2ns"_ba << qint64(1);
    QTest::newRow("1000000ns") << "1000000ns"_ba << qint64(1);
    QTest::newRow("1000001ns") << "1000001ns"_ba << qint64(2);
    QTest::newRow("us") << "500us"_ba << qint64(1);
    QTest::newRow("2000us exact") << "2000us"_ba << qint64(2);
    QTest::newRow("\u00b5s micro sign") << "500\xC2\xB5s"_ba << qint64(1);
    QTest::newRow("\u03bcs greek mu") << "1500\xCE\xBCs"_ba << qint64(2);
    QTest::newRow("ms") << "250ms"_ba << qint64(250);
    QTest::newRow("0.5ms") << "0.5ms"_ba << qint64(1);
    QTest::newRow("1ms500us") << "1ms500us"_ba << qint64(2);
    QTest::newRow("m") << "2m"_ba << qint64(120'000);
    QTest::newRow("h") << "1h"_ba << qint64(3'600'000);
    QTest::newRow("1.0000001s") << "1.0000001s"_ba << qint64(1001);
    // Fractions written loosely, as Go accepts them
    QTest::newRow(".5s") << ".5s"_ba << qint64(500);
    QTest::newRow("1.s") << "1.s"_ba << qint64(1000);
    QTest::newRow("1.5m") << "1.5m"_ba << qint64(90'000);
    QTest::newRow("many fraction digits") << "0.12345678901234567890123456789s"_ba << qint64(124);
    // Signs: '+' is allowed; a wait cannot be negative
    QTest::newRow("plus sign") << "+1s"_ba << qint64(1000);
    QTest::newRow("negative") << "-1s"_ba << qint64(-1);
    QTest::newRow("negative zero") << "-0s"_ba << qint64(-1);
    QTest::newRow("sign only") << "+"_ba << qint64(-1);
    // A unit is required, except for Go's bare "0"
    QTest::newRow("0") << "0"_ba << qint64(0);
    QTest::newRow("+0") << "+0"_ba << qint64(0);
    QTest::newRow("plain number") << "20"_ba << qint64(-1);
    QTest::newRow("plain fraction") << "0.5"_ba << qint64(-1);
    QTest::newRow("missing last unit") << "1h30"_ba << qint64(-1);
    // Garbage
    QTest::newRow("empty") << ""_ba << qint64(-1);
    QTest::newRow("blank") << "   "_ba << qint64(-1);
    QTest::newRow("whitespace around") << " 6m0s "_ba << qint64(-1);
    QTest::newRow("abc") << "abc"_ba << qint64(-1);
    QTest::newRow("dot only") << "."_ba << qint64(-1);
    QTest::newRow("dot unit") << ".s"_ba << qint64(-1);
    QTest::newRow("unit only") << "s"_ba << qint64(-1);
    QTest::newRow("unknown unit") << "5d"_ba << qint64(-1);
    QTest::newRow("upper case unit") << "5S"_ba << qint64(-1);
    QTest::newRow("word unit") << "5sec"_ba << qint64(-1);
    QTest::newRow("two dots") << "1.2.3s"_ba << qint64(-1);
    QTest::newRow("space inside") << "1h 2m"_ba << qint64(-1);
    QTest::newRow("trailing garbage") << "1sx"_ba << qint64(-1);
    QTest::newRow("exponent") << "1e3s"_ba << qint64(-1);
    QTest::newRow("HTTP date") << "Wed, 21 Oct 2015 07:28:00 GMT"_ba << qint64(-1);
    QTest::newRow("lone micro sign byte") << "5\xC2s"_ba << qint64(-1);
    QTest::newRow("NUL") << QByteArray("1\0s", 3) << qint64(-1);
    // Overflow: Go's limit is an int64 count of nanoseconds (about 292 years)
    QTest::newRow("largest hours") << "2562047h"_ba << qint64(2562047LL * 3600 * 1000);
    QTest::newRow("too many hours") << "2562048h"_ba << qint64(-1);
    QTest::newRow("largest ns") << "9223372036854775807ns"_ba << qint64(9'223'372'036'855);
    QTest::newRow("one ns too many") << "9223372036854775808ns"_ba << qint64(-1);
    QTest::newRow("huge number") << "99999999999999999999999s"_ba << qint64(-1);
    QTest::newRow("sum overflows") << "2562047h2562047h"_ba << qint64(-1);
}

void TestGoDuration::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, expectedMs);

    const auto parsed = parseGoDuration(text);
    if (expectedMs < 0) {
        QVERIFY2(!parsed, qPrintable(u"got %1 ms"_s.arg(parsed ? parsed->count() : 0)));
    } else {
        QVERIFY(parsed);
        QCOMPARE(qint64(parsed->count()), expectedMs);
    }
}

QTEST_GUILESS_MAIN(TestGoDuration)
#include "TestGoDuration.moc"
