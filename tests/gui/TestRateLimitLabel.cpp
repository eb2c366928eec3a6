// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/RateLimitInfo.h"
#include "gui/RateLimitLabel.h"
#include "support/WidgetShots.h"

#include <QHBoxLayout>
#include <QTest>

#include <chrono>
#include <optional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using steadfast::RateLimitInfo;
using steadfast::RateLimitLabel;

using steadfast::test::screenshot;

namespace {

struct FakeClock
{
    steady_clock::time_point now{steady_clock::time_point{} + 1000h};

    RateLimitLabel::Clock function()
    {
        return [this] { return now; };
    }
};

RateLimitInfo makeInfo(std::optional<qint64> remainingRequests, std::optional<qint64> limitRequests,
                       std::optional<qint64> remainingTokens, std::optional<qint64> limitTokens,
                       std::optional<milliseconds> resetRequests = {},
                       std::optional<milliseconds> resetTokens = {})
{
    RateLimitInfo info;
    info.remainingRequests = remainingRequests;
    info.limitRequests = limitRequests;
    info.remainingTokens = remainingTokens;
    info.limitTokens = limitTokens;
    info.resetRequests = resetRequests;
    info.resetTokens = resetTokens;
    return info;
}

} // namespace

class TestRateLimitLabel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void compactCount_data();
    void compactCount();
    void setInfo_data();
    void setInfo();
    void resetCountsDownFromArrival();
    void displayTimerRunsOnlyWhileVisibleAndCounting();
    void screenshots();
};

void TestRateLimitLabel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestRateLimitLabel::compactCount_data()
{
    QTest::addColumn<qint64>("count");
    QTest::addColumn<QString>("text");
    QTest::newRow("0") << qint64(0) << u"0"_s;
    QTest::newRow("59") << qint64(59) << u"59"_s;
    QTest::newRow("9999") << qint64(9999) << u"9,999"_s;
    QTest::newRow("12345") << qint64(12'345) << u"12.3k"_s;
    QTest::newRow("99999 rounds down") << qint64(99'999) << u"99.9k"_s;
    QTest::newRow("149000") << qint64(149'000) << u"149k"_s;
    QTest::newRow("149999 rounds down") << qint64(149'999) << u"149k"_s;
    QTest::newRow("150000") << qint64(150'000) << u"150k"_s;
    QTest::newRow("1.5M") << qint64(1'500'000) << u"1.5M"_s;
    QTest::newRow("2M") << qint64(2'000'000) << u"2.0M"_s;
    QTest::newRow("450M") << qint64(450'000'000) << u"450M"_s;
}

void TestRateLimitLabel::compactCount()
{
    QFETCH(qint64, count);
    QFETCH(QString, text);
    QCOMPARE(RateLimitLabel::compactCount(count), text);
}

void TestRateLimitLabel::setInfo_data()
{
    QTest::addColumn<RateLimitInfo>("info");
    QTest::addColumn<bool>("visible");
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("low");
    QTest::addColumn<QString>("tooltip");

    QTest::newRow("nothing") << RateLimitInfo{} << false << QString() << false << QString();
    QTest::newRow("plenty") << makeInfo(59, 60, 149'000, 150'000, 1s, 6min) << true
                            << u"Requests 59/60 · Tokens 149k/150k left"_s << false
                            << u"Requests: 59 of 60 left. It resets in 1 s.\n"
                               "Tokens: 149,000 of 150,000 left. It resets in 6 min."_s;
    QTest::newRow("requests only") << makeInfo(30, 60, {}, {}) << true << u"Requests 30/60 left"_s
                                   << false << u"Requests: 30 of 60 left."_s;
    QTest::newRow("tokens without a limit")
            << makeInfo({}, {}, 4000, {}, {}, 12ms) << true << u"Tokens 4,000 left"_s << false
            << u"Tokens left: 4,000. It resets in 1 s."_s;
    QTest::newRow("almost out of requests")
            << makeInfo(5, 60, 100'000, 150'000, 6s, {}) << true
            << u"Almost out of requests, resets in 6 s — Requests 5/60 · Tokens 100k/150k left"_s
            << true
            << u"Almost out of requests.\nRequests: 5 of 60 left. It resets in 6 s.\n"
               "Tokens: 100,000 of 150,000 left."_s;
    QTest::newRow("10% is not low yet")
            << makeInfo(6, 60, {}, {}) << true << u"Requests 6/60 left"_s << false
            << u"Requests: 6 of 60 left."_s;
    QTest::newRow("out of tokens")
            << makeInfo({}, {}, 0, 40'000) << true << u"Out of tokens — Tokens 0/40.0k left"_s
            << true << u"Out of tokens.\nTokens: 0 of 40,000 left."_s;
    QTest::newRow("both low") << makeInfo(1, 60, 900, 150'000, 2s, 70s) << true
                              << u"Almost out of requests and tokens, resets in 1 min 10 s — "
                                 "Requests 1/60 · Tokens 900/150k left"_s
                              << true
                              << u"Almost out of requests and tokens.\n"
                                 "Requests: 1 of 60 left. It resets in 2 s.\n"
                                 "Tokens: 900 of 150,000 left. It resets in 1 min 10 s."_s;
    QTest::newRow("only a reset") << makeInfo({}, {}, {}, {}, 3s) << true
                                  << u"Rate limits reset in 3 s"_s << false
                                  << u"Rate limits reset in 3 s"_s;
}

void TestRateLimitLabel::setInfo()
{
    QFETCH(RateLimitInfo, info);
    QFETCH(bool, visible);
    QFETCH(QString, line);
    QFETCH(bool, low);
    QFETCH(QString, tooltip);

    FakeClock clock;
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *label = new RateLimitLabel(&window);
    label->setClock(clock.function());
    layout->addWidget(label);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!label->isVisible()); // until a server reports its limits

    label->setInfo(info);
    QCOMPARE(label->isVisible(), visible);
    QCOMPARE(label->info(), info);
    QCOMPARE(label->plainText(), line);
    QCOMPARE(label->isLow(), low);
    QCOMPARE(label->detailText(), tooltip);
    QCOMPARE(label->toolTip(), tooltip);
    // The warning is words and an icon, never a colour alone.
    QCOMPARE(label->text().contains(u":/icons/warning.svg"_s), low);
    QCOMPARE(label->accessibleName(), u"Rate limits"_s);
    if (visible)
        QVERIFY(label->accessibleDescription().startsWith(line));

    label->setInfo(RateLimitInfo{});
    QVERIFY(!label->isVisible());
}

void TestRateLimitLabel::resetCountsDownFromArrival()
{
    FakeClock clock;
    RateLimitLabel label;
    label.setClock(clock.function());
    label.setInfo(makeInfo(2, 60, {}, {}, 6s));
    QCOMPARE(label.plainText(), u"Almost out of requests, resets in 6 s — Requests 2/60 left"_s);
    clock.now += 2500ms;
    label.refresh();
    QCOMPARE(label.plainText(), u"Almost out of requests, resets in 4 s — Requests 2/60 left"_s);
    QCOMPARE(label.detailText(),
             u"Almost out of requests.\nRequests: 2 of 60 left. It resets in 4 s."_s);
    clock.now += 4s;
    label.refresh();
    QCOMPARE(label.plainText(), u"Almost out of requests — Requests 2/60 left"_s);
    QCOMPARE(label.detailText(),
             u"Almost out of requests.\nRequests: 2 of 60 left. It has reset since."_s);

    // New headers: counted from their own arrival.
    label.setInfo(makeInfo(59, 60, {}, {}, 1min));
    QCOMPARE(label.detailText(), u"Requests: 59 of 60 left. It resets in 1 min."_s);
}

void TestRateLimitLabel::displayTimerRunsOnlyWhileVisibleAndCounting()
{
    FakeClock clock;
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *label = new RateLimitLabel(&window);
    label->setClock(clock.function());
    layout->addWidget(label);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    label->setInfo(makeInfo(59, 60, {}, {}, 6s));
    QTRY_VERIFY(label->isVisible());
    clock.now += 2s; // the label's own timer re-renders
    QTRY_COMPARE_WITH_TIMEOUT(label->detailText(), u"Requests: 59 of 60 left. It resets in 4 s."_s,
                              10000);
    window.hide();
    clock.now += 1s;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Shown again: brought up to date at once.
    QCOMPARE(label->detailText(), u"Requests: 59 of 60 left. It resets in 3 s."_s);
}

void TestRateLimitLabel::screenshots()
{
    FakeClock clock;
    QWidget window;
    window.setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(&window);
    auto *label = new RateLimitLabel(&window);
    label->setClock(clock.function());
    layout->addWidget(label);
    layout->addStretch(1);
    window.resize(520, 36);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    label->setInfo(makeInfo(59, 60, 149'000, 150'000, 1s, 6min));
    layout->activate();
    QCOMPARE(label->width(), label->sizeHint().width()); // the whole line fits
    screenshot(&window, u"ratelimit-plenty"_s);
    label->setInfo(makeInfo(3, 60, 120'000, 150'000, 6s, {}));
    layout->activate();
    QCOMPARE(label->width(), label->sizeHint().width());
    screenshot(&window, u"ratelimit-low"_s);
}

QTEST_MAIN(TestRateLimitLabel)
#include "TestRateLimitLabel.moc"
