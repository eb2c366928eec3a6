// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/RateLimitInfo.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::RateLimitInfo;

using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestRateLimitInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseReset_data();
    void parseReset();
    void fromHeaders_data();
    void fromHeaders();
    void toJson_data();
    void toJson();
    void metaType();
};

void TestRateLimitInfo::parseReset_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("expectedMs"); // -1: nullopt

    // The Go durations OpenAI sends go to the one parser (every form: TestGoDuration).
    QTest::newRow("1s") << "1s"_ba << qint64(1000);
    QTest::newRow("6m0s") << "6m0s"_ba << qint64(360'000);
    QTest::newRow("12ms") << "12ms"_ba << qint64(12);
    QTest::newRow("500us, rounded up") << "500us"_ba << qint64(1);
    QTest::newRow("Go's garbage stays garbage") << "1h30"_ba << qint64(-1);
    // What a reset header adds: plain seconds, and surrounding noise that is harmless
    QTest::newRow("20") << "20"_ba << qint64(20'000);
    QTest::newRow("0.5") << "0.5"_ba << qint64(500);
    QTest::newRow("0") << "0"_ba << qint64(0);
    QTest::newRow("5.") << "5."_ba << qint64(5000);
    QTest::newRow("whitespace around") << "  6m0s \t"_ba << qint64(360'000);
    QTest::newRow("plus sign") << "+1s"_ba << qint64(1000);
    // Garbage
    QTest::newRow("empty") << ""_ba << qint64(-1);
    QTest::newRow("blank") << "   "_ba << qint64(-1);
    QTest::newRow("negative plain") << "-5"_ba << qint64(-1);
    QTest::newRow("bare number then dot") << "1.2.3"_ba << qint64(-1);
    QTest::newRow("HTTP date") << "Wed, 21 Oct 2015 07:28:00 GMT"_ba << qint64(-1);
    QTest::newRow("exponent") << "1e3"_ba << qint64(-1);
}

void TestRateLimitInfo::parseReset()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, expectedMs);

    const auto parsed = RateLimitInfo::parseReset(text);
    if (expectedMs < 0) {
        QVERIFY2(!parsed, qPrintable(u"got %1 ms"_s.arg(parsed ? parsed->count() : 0)));
    } else {
        QVERIFY(parsed);
        QCOMPARE(qint64(parsed->count()), expectedMs);
    }
}

void TestRateLimitInfo::fromHeaders_data()
{
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<RateLimitInfo>("expected");

    RateLimitInfo full;
    full.limitRequests = 60;
    full.remainingRequests = 59;
    full.resetRequests = 1s;
    full.limitTokens = 150'000;
    full.remainingTokens = 149'984;
    full.resetTokens = 6ms;
    QTest::newRow("OpenAI reply") << Headers{{"Content-Type", "application/json"},
                                             {"x-request-id", "req_123"},
                                             {"x-ratelimit-limit-requests", "60"},
                                             {"x-ratelimit-limit-tokens", "150000"},
                                             {"x-ratelimit-remaining-requests", "59"},
                                             {"x-ratelimit-remaining-tokens", "149984"},
                                             {"x-ratelimit-reset-requests", "1s"},
                                             {"x-ratelimit-reset-tokens", "6ms"}}
                                  << full;
    QTest::newRow("names in any case") << Headers{{"X-RateLimit-Limit-Requests", "60"},
                                                  {"X-RATELIMIT-LIMIT-TOKENS", "150000"},
                                                  {"x-Ratelimit-Remaining-Requests", "59"},
                                                  {"X-Ratelimit-Remaining-Tokens", "149984"},
                                                  {"X-RateLimit-Reset-Requests", "1s"},
                                                  {"x-ratelimit-reset-TOKENS", "6ms"}}
                                       << full;

    RateLimitInfo some;
    some.remainingTokens = 0;
    some.resetTokens = 6min;
    QTest::newRow("only some") << Headers{{"x-ratelimit-remaining-tokens", "0"},
                                          {"x-ratelimit-reset-tokens", "6m0s"}}
                               << some;

    RateLimitInfo trimmed;
    trimmed.limitRequests = 10;
    trimmed.resetRequests = 20s;
    QTest::newRow("values trimmed, plain seconds")
            << Headers{{"x-ratelimit-limit-requests", " 10 "}, {"x-ratelimit-reset-requests", "20"}}
            << trimmed;

    QTest::newRow("none") << Headers{{"content-length", "12"}, {"retry-after", "20"}}
                          << RateLimitInfo{};
    QTest::newRow("empty list") << Headers{} << RateLimitInfo{};
    QTest::newRow("garbage values") << Headers{{"x-ratelimit-limit-requests", "lots"},
                                               {"x-ratelimit-remaining-requests", "-1"},
                                               {"x-ratelimit-limit-tokens", "1.5"},
                                               {"x-ratelimit-remaining-tokens", ""},
                                               {"x-ratelimit-reset-requests", "soon"},
                                               {"x-ratelimit-reset-tokens", "-1s"}}
                                    << RateLimitInfo{};
    QTest::newRow("huge count") << Headers{{"x-ratelimit-limit-tokens", "99999999999999999999"}}
                                << RateLimitInfo{};
    QTest::newRow("similar names ignored") << Headers{{"x-ratelimit-limit", "60"},
                                                      {"x-ratelimit-limit-requests-extra", "60"},
                                                      {"ratelimit-limit-requests", "60"},
                                                      {"anthropic-ratelimit-requests-limit", "60"}}
                                           << RateLimitInfo{};

    RateLimitInfo last;
    last.limitRequests = 100;
    last.resetTokens = 2s;
    QTest::newRow("last readable value wins") << Headers{{"x-ratelimit-limit-requests", "50"},
                                                         {"x-ratelimit-limit-requests", "100"},
                                                         {"x-ratelimit-limit-requests", "junk"},
                                                         {"x-ratelimit-reset-tokens", "2s"},
                                                         {"x-ratelimit-reset-tokens", "later"}}
                                              << last;
}

void TestRateLimitInfo::fromHeaders()
{
    QFETCH(Headers, headers);
    QFETCH(RateLimitInfo, expected);

    const RateLimitInfo info = RateLimitInfo::fromHeaders(headers);
    QCOMPARE(info.limitRequests, expected.limitRequests);
    QCOMPARE(info.remainingRequests, expected.remainingRequests);
    QCOMPARE(info.limitTokens, expected.limitTokens);
    QCOMPARE(info.remainingTokens, expected.remainingTokens);
    QCOMPARE(info.resetRequests, expected.resetRequests);
    QCOMPARE(info.resetTokens, expected.resetTokens);
    QVERIFY(info == expected);
    QCOMPARE(info.isEmpty(), expected == RateLimitInfo{});
}

void TestRateLimitInfo::toJson_data()
{
    QTest::addColumn<RateLimitInfo>("info");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty") << RateLimitInfo{} << "{}"_ba;

    RateLimitInfo full;
    full.limitRequests = 60;
    full.remainingRequests = 0;
    full.resetRequests = 1500ms;
    full.limitTokens = 150'000;
    full.remainingTokens = 149'984;
    full.resetTokens = 0ms;
    QTest::newRow("full")
            << full
            << R"({"limitRequests":60,"limitTokens":150000,"remainingRequests":0,)"
               R"("remainingTokens":149984,"resetRequestsMs":1500,"resetTokensMs":0})"_ba;

    RateLimitInfo some;
    some.remainingTokens = 10;
    some.resetTokens = 6min;
    QTest::newRow("only present keys")
            << some << R"({"remainingTokens":10,"resetTokensMs":360000})"_ba;
}

void TestRateLimitInfo::toJson()
{
    QFETCH(RateLimitInfo, info);
    QFETCH(QByteArray, json);
    QCOMPARE(QJsonDocument(info.toJson()).toJson(QJsonDocument::Compact), json);
}

void TestRateLimitInfo::metaType()
{
    RateLimitInfo info;
    info.remainingRequests = 3;
    const QVariant variant = QVariant::fromValue(info);
    QVERIFY(variant.canConvert<RateLimitInfo>());
    QVERIFY(variant.value<RateLimitInfo>() == info);
    QVERIFY(!info.isEmpty());
    QVERIFY(RateLimitInfo{}.isEmpty());
}

QTEST_GUILESS_MAIN(TestRateLimitInfo)
#include "TestRateLimitInfo.moc"
