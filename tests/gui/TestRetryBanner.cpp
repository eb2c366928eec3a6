// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiError.h"
#include "core/net/ChatService.h"
#include "gui/ErrorText.h"
#include "gui/RetryBanner.h"
#include "support/WidgetShots.h"

#include <QElapsedTimer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

#include <chrono>
#include <optional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using steadfast::ApiError;
using steadfast::RetryBanner;
using steadfast::RetryInfo;
using Kind = steadfast::ApiError::Kind;
using Source = steadfast::RetryInfo::Source;

using steadfast::test::screenshot;

namespace {

/// A clock the test moves by hand; declared before the banner that reads it.
struct FakeClock
{
    std::chrono::steady_clock::time_point now{std::chrono::steady_clock::time_point{} + 1000h};

    RetryBanner::Clock function()
    {
        return [this] { return now; };
    }
};

ApiError makeError(Kind kind, int status = 0)
{
    ApiError error;
    error.kind = kind;
    error.httpStatus = status;
    error.retryable = true;
    return error;
}

RetryInfo makeInfo(const ApiError &error, Source source, qint64 delayMs, int attempt = 2,
                   int allowed = 6, std::optional<qint64> hintMs = std::nullopt)
{
    RetryInfo info;
    info.attempt = attempt;
    info.attemptsAllowed = allowed;
    info.delay = milliseconds{delayMs};
    info.backoff = milliseconds{delayMs};
    if (hintMs)
        info.hint = milliseconds{*hintMs};
    info.source = source;
    info.error = error;
    return info;
}

QPushButton *button(RetryBanner &banner, const char *name)
{
    return banner.findChild<QPushButton *>(QString::fromLatin1(name));
}

} // namespace

class TestRetryBanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsHidden();
    void showRetry_data();
    void showRetry();
    void countdownCountsWholeSeconds_data();
    void countdownCountsWholeSeconds();
    void buttonsEmitTheirSignals();
    void longWaitAsks();
    void acceptedLongWaitCountsDownLive();
    void heldForTheProbe_data();
    void heldForTheProbe();
    void animatesBetweenTicksOnlyWhileVisible();
    void followsTheClockBetweenTicks();
    void announcesEachSecondNotEachFrame();
    void clearHidesAndResets();
    void screenshots();
};

void TestRetryBanner::startsHidden()
{
    RetryBanner banner;
    QVERIFY(banner.isHidden());
    QCOMPARE(banner.mode(), RetryBanner::Mode::Hidden);
    QCOMPARE(banner.accessibleName(), u"Retry status"_s);
    QVERIFY(banner.headline().isEmpty());
    QVERIFY(button(banner, "retryNowButton"));
    QVERIFY(button(banner, "cancelRetryButton"));
    QVERIFY(button(banner, "acceptWaitButton"));
    // A countdown tick without a retry shown changes nothing.
    banner.updateCountdown(3000, 4000);
    QVERIFY(banner.isHidden());
    QVERIFY(banner.countdownText().isEmpty());
}

void TestRetryBanner::showRetry_data()
{
    QTest::addColumn<RetryInfo>("info");
    QTest::addColumn<QString>("headline");
    QTest::addColumn<QString>("countdown");
    QTest::addColumn<QString>("source");

    ApiError connection = makeError(Kind::Connection);
    connection.host = u"127.0.0.1:8080"_s;
    ApiError firstByte = makeError(Kind::Timeout);
    firstByte.timeoutPhase = ApiError::TimeoutPhase::FirstByte;
    firstByte.timeoutAfter = 45s;

    QTest::newRow("server hint") << makeInfo(makeError(Kind::RateLimited, 429), Source::ServerHint,
                                             20'000, 2, 6, 20'000)
                                 << u"Rate limited by the server (429)"_s
                                 << u"Retrying in 20 s — attempt 2 of 6"_s
                                 << u"The server asked to wait 20 s."_s;
    QTest::newRow("backoff") << makeInfo(makeError(Kind::Server, 502), Source::Backoff, 4200, 3, 6)
                             << u"The service had an error (502)"_s
                             << u"Retrying in 5 s — attempt 3 of 6"_s
                             << u"Backing off before trying again."_s;
    QTest::newRow("backoff longer than the hint")
            << makeInfo(makeError(Kind::RateLimited, 429), Source::Backoff, 1800, 2, 4, 500)
            << u"Rate limited by the server (429)"_s << u"Retrying in 2 s — attempt 2 of 4"_s
            << u"Backing off before trying again (the server asked for 500 ms, which is "
               "shorter)."_s;
    QTest::newRow("breaker probe")
            << makeInfo(connection, Source::BreakerProbe, 23'000, 5, 6)
            << u"Cannot reach 127.0.0.1:8080"_s << u"Retrying in 23 s — attempt 5 of 6"_s
            << u"Waiting for the next probe of the paused service."_s;
    QTest::newRow("first byte timeout")
            << makeInfo(firstByte, Source::Backoff, 1000, 2, 2)
            << u"The first byte did not arrive within 45 s"_s
            << u"Retrying in 1 s — attempt 2 of 2"_s << u"Backing off before trying again."_s;
    QTest::newRow("stream stalled")
            << makeInfo(makeError(Kind::StreamStalled), Source::Backoff, 90'000, 4, 6)
            << u"The stream stalled"_s << u"Retrying in 1 min 30 s — attempt 4 of 6"_s
            << u"Backing off before trying again."_s;
    QTest::newRow("attempts unknown")
            << makeInfo(makeError(Kind::Server, 503), Source::Backoff, 3000, 0, 0)
            << u"The service had an error (503)"_s << u"Retrying in 3 s"_s
            << u"Backing off before trying again."_s;
}

void TestRetryBanner::showRetry()
{
    QFETCH(RetryInfo, info);
    QFETCH(QString, headline);
    QFETCH(QString, countdown);
    QFETCH(QString, source);

    FakeClock clock;
    RetryBanner banner;
    banner.setClock(clock.function());
    banner.showRetry(info);
    QVERIFY(!banner.isHidden());
    QCOMPARE(banner.mode(), RetryBanner::Mode::Retrying);
    QCOMPARE(banner.headline(), headline);
    QCOMPARE(banner.countdownText(), countdown);
    QCOMPARE(banner.sourceText(), source);
    QVERIFY(!button(banner, "retryNowButton")->isHidden());
    QVERIFY(!button(banner, "cancelRetryButton")->isHidden());
    QVERIFY(button(banner, "acceptWaitButton")->isHidden());
    QVERIFY(!banner.progressBar()->isHidden());
    QCOMPARE(banner.progressBar()->value(), 0);
    QVERIFY(banner.accessibleDescription().contains(headline));
    QVERIFY(banner.accessibleDescription().contains(countdown));
}

void TestRetryBanner::countdownCountsWholeSeconds_data()
{
    QTest::addColumn<qint64>("msLeft");
    QTest::addColumn<qint64>("totalMs");
    QTest::addColumn<QString>("countdown");
    QTest::addColumn<int>("progress"); // of 1000
    QTest::newRow("3999 ms") << qint64(3999) << qint64(8000)
                             << u"Retrying in 4 s — attempt 2 of 6"_s << 500;
    QTest::newRow("4000 ms") << qint64(4000) << qint64(8000)
                             << u"Retrying in 4 s — attempt 2 of 6"_s << 500;
    QTest::newRow("4001 ms") << qint64(4001) << qint64(8000)
                             << u"Retrying in 5 s — attempt 2 of 6"_s << 499;
    QTest::newRow("7999 ms") << qint64(7999) << qint64(8000)
                             << u"Retrying in 8 s — attempt 2 of 6"_s << 0;
    QTest::newRow("1 ms") << qint64(1) << qint64(8000) << u"Retrying in 1 s — attempt 2 of 6"_s
                          << 999;
    QTest::newRow("0 ms") << qint64(0) << qint64(8000) << u"Retrying now — attempt 2 of 6"_s
                          << 1000;
    QTest::newRow("start") << qint64(8000) << qint64(8000) << u"Retrying in 8 s — attempt 2 of 6"_s
                           << 0;
    QTest::newRow("more than the total")
            << qint64(9000) << qint64(8000) << u"Retrying in 9 s — attempt 2 of 6"_s << 0;
}

void TestRetryBanner::countdownCountsWholeSeconds()
{
    QFETCH(qint64, msLeft);
    QFETCH(qint64, totalMs);
    QFETCH(QString, countdown);
    QFETCH(int, progress);

    FakeClock clock;
    RetryBanner banner;
    banner.setClock(clock.function());
    banner.showRetry(makeInfo(makeError(Kind::Server, 503), Source::Backoff, totalMs));
    clock.now += 1234ms; // the core's tick says how much is left, whatever the clock did
    banner.updateCountdown(msLeft, totalMs);
    QCOMPARE(banner.countdownText(), countdown);
    QCOMPARE(banner.progressBar()->value(), progress);
    QCOMPARE(banner.msLeft(), msLeft);
}

void TestRetryBanner::buttonsEmitTheirSignals()
{
    FakeClock clock;
    RetryBanner banner;
    banner.setClock(clock.function());
    banner.showRetry(makeInfo(makeError(Kind::Server, 503), Source::Backoff, 5000));
    QSignalSpy retryNow(&banner, &RetryBanner::retryNowRequested);
    QSignalSpy cancel(&banner, &RetryBanner::cancelRequested);
    QSignalSpy accept(&banner, &RetryBanner::longWaitAccepted);

    QTest::mouseClick(button(banner, "retryNowButton"), Qt::LeftButton);
    QCOMPARE(retryNow.size(), 1);
    QCOMPARE(cancel.size(), 0);
    QTest::mouseClick(button(banner, "cancelRetryButton"), Qt::LeftButton);
    QCOMPARE(cancel.size(), 1);
    QCOMPARE(accept.size(), 0);
    QCOMPARE(button(banner, "retryNowButton")->accessibleName(), u"Retry now"_s);
    QCOMPARE(button(banner, "cancelRetryButton")->accessibleName(), u"Cancel"_s);
}

void TestRetryBanner::longWaitAsks()
{
    FakeClock clock;
    RetryBanner banner;
    banner.setClock(clock.function());
    QSignalSpy accept(&banner, &RetryBanner::longWaitAccepted);
    QSignalSpy cancel(&banner, &RetryBanner::cancelRequested);
    ApiError error = makeError(Kind::RateLimited, 429);
    error.retryAfter = 58min;
    banner.showLongWait(error, 58 * 60'000);
    QVERIFY(!banner.isHidden());
    QCOMPARE(banner.mode(), RetryBanner::Mode::LongWait);
    QCOMPARE(banner.headline(), u"Rate limited by the server (429)"_s);
    QCOMPARE(banner.countdownText(), u"The server asks to wait 58 min."_s);
    QVERIFY(button(banner, "retryNowButton")->isHidden());
    QVERIFY(!button(banner, "acceptWaitButton")->isHidden());
    QVERIFY(!button(banner, "cancelRetryButton")->isHidden());
    QVERIFY(banner.progressBar()->isHidden());
    QVERIFY(!banner.isAnimating());
    QCOMPARE(button(banner, "acceptWaitButton")->text(), u"Wait"_s);

    // A stray tick from the previous countdown must not turn the question into a countdown.
    banner.updateCountdown(1000, 2000);
    QCOMPARE(banner.countdownText(), u"The server asks to wait 58 min."_s);

    QTest::mouseClick(button(banner, "acceptWaitButton"), Qt::LeftButton);
    QCOMPARE(accept.size(), 1);
    QTest::mouseClick(button(banner, "cancelRetryButton"), Qt::LeftButton);
    QCOMPARE(cancel.size(), 1);

    // Accepted: the service schedules the retry, and the banner counts down again.
    banner.showRetry(makeInfo(error, Source::ServerHint, 58 * 60'000, 2, 6, 58 * 60'000));
    QCOMPARE(banner.mode(), RetryBanner::Mode::Retrying);
    QVERIFY(!button(banner, "retryNowButton")->isHidden());
    QVERIFY(button(banner, "acceptWaitButton")->isHidden());
    QCOMPARE(banner.countdownText(), u"Retrying in 58 min 0 s — attempt 2 of 6"_s);
}

void TestRetryBanner::acceptedLongWaitCountsDownLive()
{
    FakeClock clock;
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *banner = new RetryBanner(&window);
    banner->setClock(clock.function());
    layout->addWidget(banner);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    ApiError error = makeError(Kind::RateLimited, 429);
    banner->showRetry(
            makeInfo(error, Source::ServerHint, 62 * 60'000 + 5000, 2, 6, 62 * 60'000 + 5000));
    QCOMPARE(banner->countdownText(), u"Retrying in 1 h 2 min 5 s — attempt 2 of 6"_s);
    QCOMPARE(banner->progressBar()->value(), 0);
    QVERIFY(banner->isAnimating());

    // Seconds move: the frames alone, between the core's ticks.
    clock.now += 7s;
    QTRY_COMPARE_WITH_TIMEOUT(banner->countdownText(),
                              u"Retrying in 1 h 1 min 58 s — attempt 2 of 6"_s, 10000);
    QVERIFY(banner->accessibleDescription().contains(u"1 h 1 min 58 s"_s));
    // A core tick anchors it again; the bar is the share of the wait elapsed.
    banner->updateCountdown(3 * 60'000 + 2000, 62 * 60'000 + 5000);
    QCOMPARE(banner->countdownText(), u"Retrying in 3 min 2 s — attempt 2 of 6"_s);
    QCOMPARE(banner->progressBar()->value(),
             int(1000LL * (62 * 60'000 + 5000 - (3 * 60'000 + 2000)) / (62 * 60'000 + 5000)));
    const int before = banner->progressBar()->value();
    clock.now += 10s; // a thousandth of an hour's wait is 3.7 s: the bar moves with it
    QTRY_COMPARE_WITH_TIMEOUT(banner->countdownText(), u"Retrying in 2 min 52 s — attempt 2 of 6"_s,
                              10000);
    QTRY_VERIFY_WITH_TIMEOUT(banner->progressBar()->value() > before, 10000);
}

void TestRetryBanner::heldForTheProbe_data()
{
    QTest::addColumn<bool>("paused");
    QTest::addColumn<QString>("countdown");
    QTest::addColumn<QString>("later"); // 5 s later
    QTest::addColumn<bool>("bar");
    QTest::newRow("open") << false << u"Waiting for the service — sending as the probe in 17 s"_s
                          << u"Waiting for the service — sending as the probe in 12 s"_s << true;
    QTest::newRow("paused by hand")
            << true << u"Waiting for you to resume the service — your message is held"_s
            << u"Waiting for you to resume the service — your message is held"_s << false;
}

void TestRetryBanner::heldForTheProbe()
{
    QFETCH(bool, paused);
    QFETCH(QString, countdown);
    QFETCH(QString, later);
    QFETCH(bool, bar);

    FakeClock clock;
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *banner = new RetryBanner(&window);
    banner->setClock(clock.function());
    layout->addWidget(banner);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    RetryInfo info =
            makeInfo(makeError(Kind::CircuitOpen), Source::BreakerProbe, paused ? 0 : 16'400, 1, 6);
    info.held = true;
    info.untilResumed = paused;
    banner->showRetry(info);
    QCOMPARE(banner->headline(), u"Service paused"_s);
    QCOMPARE(banner->countdownText(), countdown);
    QCOMPARE(banner->sourceText().contains(u"paused by you"_s), paused);
    QVERIFY(button(*banner, "retryNowButton")->isHidden()); // the breaker would not let it go
    QVERIFY(!button(*banner, "cancelRetryButton")->isHidden());
    QCOMPARE(!banner->progressBar()->isHidden(), bar);
    QCOMPARE(banner->isAnimating(), !paused);
    QVERIFY(banner->accessibleDescription().contains(countdown));
    clock.now += 5s;
    QTRY_COMPARE_WITH_TIMEOUT(banner->countdownText(), later, 10000);
}

void TestRetryBanner::animatesBetweenTicksOnlyWhileVisible()
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *banner = new RetryBanner(&window);
    layout->addWidget(banner);
    window.resize(560, 120);

    // Not visible yet (the window is not shown): no animation timer.
    banner->showRetry(makeInfo(makeError(Kind::Server, 503), Source::Backoff, 1600));
    QVERIFY(!banner->isVisible());
    QVERIFY(!banner->isAnimating());

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(banner->isAnimating());
    QCOMPARE(banner->countdownText(), u"Retrying in 2 s — attempt 2 of 6"_s);

    // No core ticks at all: the bar and the text still move.
    const int start = banner->progressBar()->value();
    QTRY_VERIFY_WITH_TIMEOUT(banner->progressBar()->value() > start + 50, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(banner->countdownText() != u"Retrying in 2 s — attempt 2 of 6"_s,
                             10000);
    QTRY_COMPARE_WITH_TIMEOUT(banner->countdownText(), u"Retrying now — attempt 2 of 6"_s, 10000);
    QCOMPARE(banner->progressBar()->value(), 1000);
    QVERIFY(!banner->isAnimating()); // nothing left to animate

    // A core tick restarts the animation from its msLeft.
    banner->updateCountdown(2500, 5000);
    QVERIFY(banner->isAnimating());
    QCOMPARE(banner->countdownText(), u"Retrying in 3 s — attempt 2 of 6"_s);
    QVERIFY(qAbs(banner->progressBar()->value() - 500) <= 1);

    // Hidden: the timer stops; shown again: it resumes where the time has gone.
    window.hide();
    QVERIFY(!banner->isAnimating());
    const qint64 leftWhenHidden = banner->msLeft();
    QElapsedTimer hiddenFor;
    hiddenFor.start();
    QTRY_VERIFY_WITH_TIMEOUT(hiddenFor.elapsed() > 300, 5000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(banner->msLeft() <= leftWhenHidden - 300);
    QVERIFY(banner->isAnimating());
}

void TestRetryBanner::followsTheClockBetweenTicks()
{
    FakeClock clock;
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *banner = new RetryBanner(&window);
    banner->setClock(clock.function());
    layout->addWidget(banner);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    banner->showRetry(makeInfo(makeError(Kind::Server, 503), Source::Backoff, 5000));
    QVERIFY(banner->isAnimating());
    QCOMPARE(banner->progressBar()->value(), 0);
    clock.now += 1500ms; // no core tick: the frames alone move the bar and the text
    QTRY_COMPARE_WITH_TIMEOUT(banner->progressBar()->value(), 300, 10000);
    QCOMPARE(banner->countdownText(), u"Retrying in 4 s — attempt 2 of 6"_s);
    clock.now += 3500ms;
    QTRY_COMPARE_WITH_TIMEOUT(banner->countdownText(), u"Retrying now — attempt 2 of 6"_s, 10000);
    QCOMPARE(banner->progressBar()->value(), 1000);
    QTRY_VERIFY(!banner->isAnimating()); // nothing left to animate
}

void TestRetryBanner::announcesEachSecondNotEachFrame()
{
    FakeClock clock;
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *banner = new RetryBanner(&window);
    banner->setClock(clock.function());
    layout->addWidget(banner);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QSignalSpy announced(banner, &RetryBanner::announced);
    banner->showRetry(makeInfo(makeError(Kind::Server, 503), Source::Backoff, 2200));
    QCOMPARE(announced.size(), 1); // the new retry
    QVERIFY(announced.at(0).at(0).toString().contains(u"Retrying in 3 s"_s));
    QCOMPARE(banner->accessibleDescription(), announced.at(0).at(0).toString());

    // Ticks within the same second say nothing new.
    banner->updateCountdown(2150, 2200);
    banner->updateCountdown(2100, 2200);
    QCOMPARE(announced.size(), 1);

    clock.now += 150ms; // 1950 ms left: a new whole second
    QTRY_COMPARE_WITH_TIMEOUT(announced.size(), 2, 10000);
    QVERIFY(announced.at(1).at(0).toString().contains(u"Retrying in 2 s"_s));
    // Frames move the bar within the second; screen readers hear nothing of them.
    for (int step = 1; step <= 5; ++step) {
        clock.now += 100ms;
        const int expected = 1000 * (250 + 100 * step) / 2200;
        QTRY_COMPARE_WITH_TIMEOUT(banner->progressBar()->value(), expected, 10000);
        QCOMPARE(announced.size(), 2);
    }
    clock.now += 500ms; // 950 ms left
    QTRY_COMPARE_WITH_TIMEOUT(announced.size(), 3, 10000);
    QVERIFY(announced.at(2).at(0).toString().contains(u"Retrying in 1 s"_s));
    clock.now += 950ms;
    QTRY_COMPARE_WITH_TIMEOUT(announced.size(), 4, 10000);
    QVERIFY(announced.at(3).at(0).toString().contains(u"Retrying now"_s));
}

void TestRetryBanner::clearHidesAndResets()
{
    FakeClock clock;
    RetryBanner banner;
    banner.setClock(clock.function());
    banner.showRetry(makeInfo(makeError(Kind::Server, 503), Source::Backoff, 5000));
    banner.clear();
    QVERIFY(banner.isHidden());
    QCOMPARE(banner.mode(), RetryBanner::Mode::Hidden);
    QVERIFY(banner.headline().isEmpty());
    QVERIFY(banner.countdownText().isEmpty());
    QVERIFY(banner.sourceText().isEmpty());
    QCOMPARE(banner.progressBar()->value(), 0);
    QVERIFY(!banner.isAnimating());
    QCOMPARE(banner.msLeft(), 0);
    QVERIFY(banner.accessibleDescription().isEmpty());
}

void TestRetryBanner::screenshots()
{
    QWidget window;
    window.setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(&window);
    auto *banner = new RetryBanner(&window);
    layout->addWidget(banner);
    layout->addStretch(1);
    window.resize(620, 130);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    banner->showRetry(
            makeInfo(makeError(Kind::RateLimited, 429), Source::ServerHint, 20'000, 2, 6, 20'000));
    banner->updateCountdown(8'400, 20'000);
    window.layout()->activate();
    // Wide enough: the buttons sit beside the words.
    QVERIFY(button(*banner, "retryNowButton")->geometry().top()
            < banner->findChild<QProgressBar *>()->geometry().top());
    screenshot(&window, u"retry-banner-hint"_s);

    ApiError connection = makeError(Kind::Connection);
    connection.host = u"127.0.0.1:8080"_s;
    banner->showRetry(makeInfo(connection, Source::BreakerProbe, 23'000, 5, 6));
    banner->updateCountdown(17'000, 23'000);
    screenshot(&window, u"retry-banner-probe"_s);

    ApiError limited = makeError(Kind::RateLimited, 429);
    banner->showLongWait(limited, 58 * 60'000);
    screenshot(&window, u"retry-banner-long-wait"_s);

    window.resize(360, 200); // narrow: the words wrap, nothing is cut
    banner->showRetry(makeInfo(makeError(Kind::Server, 502), Source::Backoff, 4200, 3, 6));
    window.layout()->activate();
    // Too narrow for words and buttons side by side: the buttons go under the words.
    auto *retryNow = button(*banner, "retryNowButton");
    QTRY_VERIFY(retryNow->geometry().top() > banner->findChild<QProgressBar *>()->geometry().top());
    QVERIFY(banner->height() >= banner->heightForWidth(banner->width()));
    screenshot(&window, u"retry-banner-narrow"_s);
}

QTEST_MAIN(TestRetryBanner)
#include "TestRetryBanner.moc"
