// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/resilience/BackoffPolicy.h"

#include <QList>
#include <QRandomGenerator>
#include <QTest>

#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using steadfast::BackoffPolicy;
using Jitter = steadfast::BackoffPolicy::Jitter;
using DelaySource = steadfast::BackoffPolicy::DelaySource;

Q_DECLARE_METATYPE(steadfast::BackoffPolicy::Options)
Q_DECLARE_METATYPE(std::optional<std::chrono::milliseconds>)

namespace {

const double almostOne = std::nextafter(1.0, 0.0);
constexpr qint64 maxMs = std::numeric_limits<qint64>::max();

BackoffPolicy::Options makeOptions(Jitter jitter, qint64 base, qint64 cap, qint64 maxJitter)
{
    return {.base = milliseconds{base},
            .cap = milliseconds{cap},
            .maxJitter = milliseconds{maxJitter},
            .jitter = jitter};
}

QList<qint64> draws(BackoffPolicy &policy, int count)
{
    QList<qint64> result;
    for (int retry = 1; retry <= count; ++retry)
        result.append(policy.nextDelay(retry).count());
    return result;
}

} // namespace

class TestBackoffPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void delayFor_data();
    void delayFor();
    void bounds_data();
    void bounds();
    void decorrelatedSequence_data();
    void decorrelatedSequence();
    void nextDelayUsesGenerator_data();
    void nextDelayUsesGenerator();
    void seededDeterminism_data();
    void seededDeterminism();
    void resetKeepsStream_data();
    void resetKeepsStream();
    void decorrelatedReset();
    void unseededStaysInBounds();
    void decide_data();
    void decide();
    void setOptionsSanitises();
};

void TestBackoffPolicy::defaults()
{
    const BackoffPolicy policy;
    const BackoffPolicy::Options options = policy.options();
    QCOMPARE(options.base, 1000ms);
    QCOMPARE(options.cap, 60000ms);
    QCOMPARE(options.maxJitter, 1000ms);
    QCOMPARE(options.jitter, Jitter::Additive);
    // DESIGN.md's defaults: about 1, 2, 4, 8, 16 s plus up to 1 s.
    const QList<qint64> expected{1000, 2000, 4000, 8000, 16000};
    for (int retry = 1; retry <= expected.size(); ++retry) {
        QCOMPARE(policy.delayFor(retry, 0.0, 0ms).count(), expected.at(retry - 1));
        QCOMPARE(policy.delayFor(retry, almostOne, 0ms).count(), expected.at(retry - 1) + 1000);
    }
}

// Single values of the pure formula, including the edges: cap, overflow, odd inputs.
void TestBackoffPolicy::delayFor_data()
{
    QTest::addColumn<BackoffPolicy::Options>("options");
    QTest::addColumn<int>("retry");
    QTest::addColumn<double>("unit");
    QTest::addColumn<qint64>("previousMs");
    QTest::addColumn<qint64>("expectedMs");

    const auto additive = makeOptions(Jitter::Additive, 1000, 60000, 1000);
    QTest::newRow("additive first retry, no jitter") << additive << 1 << 0.0 << 0LL << 1000LL;
    QTest::newRow("additive third retry, half jitter") << additive << 3 << 0.5 << 0LL << 4500LL;
    QTest::newRow("additive sixth retry reaches 32 s") << additive << 6 << 0.0 << 0LL << 32000LL;
    QTest::newRow("additive seventh retry is capped") << additive << 7 << 0.0 << 0LL << 60000LL;
    QTest::newRow("additive jitter never exceeds cap")
            << additive << 7 << almostOne << 0LL << 60000LL;
    QTest::newRow("additive jitter clipped at cap")
            << makeOptions(Jitter::Additive, 1000, 4500, 1000) << 3 << almostOne << 0LL << 4500LL;
    QTest::newRow("additive retry 1000 gives cap") << additive << 1000 << 0.3 << 0LL << 60000LL;
    QTest::newRow("additive INT_MAX retry gives cap")
            << additive << std::numeric_limits<int>::max() << 0.3 << 0LL << 60000LL;
    QTest::newRow("additive huge base and cap")
            << makeOptions(Jitter::Additive, maxMs / 2, maxMs, maxMs) << 3 << almostOne << 0LL
            << maxMs;
    QTest::newRow("retry 0 counts as 1") << additive << 0 << 0.0 << 0LL << 1000LL;
    QTest::newRow("negative retry counts as 1") << additive << -5 << 0.0 << 0LL << 1000LL;
    QTest::newRow("unit 1 is clamped below 1") << additive << 1 << 1.0 << 0LL << 2000LL;
    QTest::newRow("negative unit counts as 0") << additive << 1 << -0.5 << 0LL << 1000LL;
    QTest::newRow("NaN unit counts as 0") << additive << 2 << std::nan("") << 0LL << 2000LL;
    QTest::newRow("cap below base")
            << makeOptions(Jitter::Additive, 5000, 3000, 1000) << 1 << 0.0 << 0LL << 3000LL;
    QTest::newRow("zero base: jitter only")
            << makeOptions(Jitter::Additive, 0, 60000, 1000) << 4 << 0.25 << 0LL << 250LL;

    const auto full = makeOptions(Jitter::Full, 1000, 60000, 1000);
    QTest::newRow("full unit 0 is 0") << full << 4 << 0.0 << 0LL << 0LL;
    QTest::newRow("full half of 8 s") << full << 4 << 0.5 << 0LL << 4000LL;
    QTest::newRow("full retry 1000 within cap") << full << 1000 << 0.5 << 0LL << 30000LL;
    QTest::newRow("full ignores maxJitter")
            << makeOptions(Jitter::Full, 100, 60000, 99999) << 2 << almostOne << 0LL << 200LL;

    const auto decorrelated = makeOptions(Jitter::Decorrelated, 100, 1000, 1000);
    QTest::newRow("decorrelated first: [base, 3 base]") << decorrelated << 1 << 0.5 << 0LL << 200LL;
    QTest::newRow("decorrelated previous below base counts as base")
            << decorrelated << 1 << almostOne << 10LL << 300LL;
    QTest::newRow("decorrelated ignores retry number")
            << decorrelated << 40 << 0.0 << 500LL << 100LL;
    QTest::newRow("decorrelated upper end") << decorrelated << 2 << almostOne << 200LL << 600LL;
    QTest::newRow("decorrelated capped") << decorrelated << 2 << almostOne << 900LL << 1000LL;
    QTest::newRow("decorrelated huge previous, bottom")
            << makeOptions(Jitter::Decorrelated, 100, maxMs, 0) << 2 << 0.0 << maxMs << 100LL;
    QTest::newRow("decorrelated huge previous, capped")
            << makeOptions(Jitter::Decorrelated, 100, maxMs / 2, 0) << 2 << 0.5 << maxMs
            << maxMs / 2;
}

void TestBackoffPolicy::delayFor()
{
    QFETCH(BackoffPolicy::Options, options);
    QFETCH(int, retry);
    QFETCH(double, unit);
    QFETCH(qint64, previousMs);
    QFETCH(qint64, expectedMs);

    const BackoffPolicy policy(options, 1);
    QCOMPARE(policy.delayFor(retry, unit, milliseconds{previousMs}).count(), expectedMs);
}

// For each mode and retry: unit 0 gives the lower bound, unit just below 1 the upper bound, and
// many draws in between stay inside [lower, upper].
void TestBackoffPolicy::bounds_data()
{
    QTest::addColumn<BackoffPolicy::Options>("options");
    QTest::addColumn<int>("retry");
    QTest::addColumn<qint64>("previousMs");
    QTest::addColumn<qint64>("lowerMs");
    QTest::addColumn<qint64>("upperMs");

    const auto additive = makeOptions(Jitter::Additive, 1000, 60000, 1000);
    const auto full = makeOptions(Jitter::Full, 1000, 60000, 1000);
    const QList<qint64> exponential{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
    for (int retry = 1; retry <= exponential.size(); ++retry) {
        const qint64 e = exponential.at(retry - 1);
        QTest::addRow("additive retry %d", retry)
                << additive << retry << 0LL << e << std::min<qint64>(e + 1000, 60000);
        QTest::addRow("full retry %d", retry) << full << retry << 0LL << 0LL << e;
    }
    QTest::newRow("additive retry 1000") << additive << 1000 << 0LL << 60000LL << 60000LL;
    QTest::newRow("full retry 1000") << full << 1000 << 0LL << 0LL << 60000LL;

    const auto decorrelated = makeOptions(Jitter::Decorrelated, 1000, 60000, 1000);
    QTest::newRow("decorrelated from start") << decorrelated << 1 << 0LL << 1000LL << 3000LL;
    QTest::newRow("decorrelated after 3 s") << decorrelated << 2 << 3000LL << 1000LL << 9000LL;
    QTest::newRow("decorrelated after 15 s") << decorrelated << 3 << 15000LL << 1000LL << 45000LL;
    QTest::newRow("decorrelated after 30 s") << decorrelated << 4 << 30000LL << 1000LL << 60000LL;
    QTest::newRow("decorrelated at cap") << decorrelated << 9 << 60000LL << 1000LL << 60000LL;
}

void TestBackoffPolicy::bounds()
{
    QFETCH(BackoffPolicy::Options, options);
    QFETCH(int, retry);
    QFETCH(qint64, previousMs);
    QFETCH(qint64, lowerMs);
    QFETCH(qint64, upperMs);

    const BackoffPolicy policy(options, 7);
    const milliseconds previous{previousMs};
    QCOMPARE(policy.delayFor(retry, 0.0, previous).count(), lowerMs);
    QCOMPARE(policy.delayFor(retry, almostOne, previous).count(), upperMs);

    QRandomGenerator random(12345);
    qint64 smallest = upperMs;
    qint64 largest = lowerMs;
    for (int i = 0; i < 2000; ++i) {
        const qint64 delay = policy.delayFor(retry, random.generateDouble(), previous).count();
        QVERIFY2(delay >= lowerMs && delay <= upperMs, qPrintable(QString::number(delay)));
        smallest = std::min(smallest, delay);
        largest = std::max(largest, delay);
    }
    // The draws really spread over the range (not stuck at one end), where there is one.
    if (upperMs - lowerMs >= 1000) {
        QVERIFY(smallest < lowerMs + (upperMs - lowerMs) / 10);
        QVERIFY(largest > upperMs - (upperMs - lowerMs) / 10);
    }
}

// Chained by hand: each delay is the previous of the next one.
void TestBackoffPolicy::decorrelatedSequence_data()
{
    QTest::addColumn<QList<double>>("units");
    QTest::addColumn<QList<qint64>>("expectedMs");

    // base 100, cap 1000: prev 100 → [100, 300], prev 200 → [100, 600], …
    QTest::newRow("halfway each time") << QList<double>{0.5, 0.5, 0.5, 0.5, 0.5, 0.5}
                                       << QList<qint64>{200, 350, 575, 913, 1000, 1000};
    QTest::newRow("always the top") << QList<double>{almostOne, almostOne, almostOne, almostOne}
                                    << QList<qint64>{300, 900, 1000, 1000};
    QTest::newRow("always the bottom")
            << QList<double>{0.0, 0.0, 0.0} << QList<qint64>{100, 100, 100};
    QTest::newRow("falls back after a high draw")
            << QList<double>{almostOne, almostOne, 0.0, 0.5} << QList<qint64>{300, 900, 100, 200};
}

void TestBackoffPolicy::decorrelatedSequence()
{
    QFETCH(QList<double>, units);
    QFETCH(QList<qint64>, expectedMs);

    const BackoffPolicy policy(makeOptions(Jitter::Decorrelated, 100, 1000, 0), 1);
    milliseconds previous{0};
    QList<qint64> actual;
    for (int i = 0; i < units.size(); ++i) {
        previous = policy.delayFor(i + 1, units.at(i), previous);
        actual.append(previous.count());
    }
    QCOMPARE(actual, expectedMs);
}

// nextDelay() is delayFor() with one generateDouble() from a generator seeded with the seed.
void TestBackoffPolicy::nextDelayUsesGenerator_data()
{
    QTest::addColumn<BackoffPolicy::Options>("options");
    QTest::newRow("additive") << makeOptions(Jitter::Additive, 1000, 60000, 1000);
    QTest::newRow("full") << makeOptions(Jitter::Full, 1000, 60000, 1000);
    QTest::newRow("decorrelated") << makeOptions(Jitter::Decorrelated, 1000, 60000, 1000);
}

void TestBackoffPolicy::nextDelayUsesGenerator()
{
    QFETCH(BackoffPolicy::Options, options);

    constexpr quint32 seed = 2024;
    BackoffPolicy policy(options, seed);
    const BackoffPolicy reference(options, 0);
    QRandomGenerator random(seed);
    milliseconds previous{0};
    for (int retry = 1; retry <= 10; ++retry) {
        const milliseconds expected = reference.delayFor(retry, random.generateDouble(), previous);
        QCOMPARE(policy.nextDelay(retry), expected);
        previous = expected;
    }
}

void TestBackoffPolicy::seededDeterminism_data()
{
    QTest::addColumn<BackoffPolicy::Options>("options");
    QTest::newRow("additive") << makeOptions(Jitter::Additive, 1000, 60000, 1000);
    QTest::newRow("full") << makeOptions(Jitter::Full, 1000, 60000, 1000);
    QTest::newRow("decorrelated") << makeOptions(Jitter::Decorrelated, 1000, 60000, 1000);
}

void TestBackoffPolicy::seededDeterminism()
{
    QFETCH(BackoffPolicy::Options, options);

    BackoffPolicy first(options, 42);
    BackoffPolicy second(options, 42);
    BackoffPolicy other(options, 43);
    const QList<qint64> a = draws(first, 20);
    const QList<qint64> b = draws(second, 20);
    const QList<qint64> c = draws(other, 20);
    QCOMPARE(a, b);
    QVERIFY(a != c);
}

// reset() forgets the previous delay but not the generator's position: a seeded run goes on
// with fresh draws instead of repeating the first request's.
void TestBackoffPolicy::resetKeepsStream_data()
{
    QTest::addColumn<BackoffPolicy::Options>("options");
    QTest::newRow("additive") << makeOptions(Jitter::Additive, 1000, 60000, 1000);
    QTest::newRow("full") << makeOptions(Jitter::Full, 1000, 60000, 1000);
}

void TestBackoffPolicy::resetKeepsStream()
{
    QFETCH(BackoffPolicy::Options, options);

    BackoffPolicy withReset(options, 99);
    BackoffPolicy straight(options, 99);
    const QList<qint64> firstRequest = draws(withReset, 5);
    withReset.reset();
    const QList<qint64> secondRequest = draws(withReset, 5);

    QCOMPARE(draws(straight, 5), firstRequest);
    QCOMPARE(draws(straight, 5), secondRequest);
    QVERIFY(firstRequest != secondRequest);
}

void TestBackoffPolicy::decorrelatedReset()
{
    const auto options = makeOptions(Jitter::Decorrelated, 1000, 600000, 0);
    BackoffPolicy policy(options, 5);
    // Without a reset the range grows with every draw: after 30 draws the previous delay is
    // far above base, and each next one stays within [base, 3·previous].
    milliseconds previous = policy.nextDelay(1);
    QVERIFY(previous >= 1000ms && previous <= 3000ms);
    for (int retry = 2; retry <= 30; ++retry) {
        const milliseconds next = policy.nextDelay(retry);
        QVERIFY(next >= 1000ms);
        QVERIFY(next <= std::min(3 * previous, milliseconds{600000}));
        previous = next;
    }
    // After a reset the first draw is again within [base, 3·base], whatever came before.
    for (int request = 0; request < 200; ++request) {
        policy.nextDelay(1);
        policy.nextDelay(2);
        policy.nextDelay(3);
        policy.reset();
        const milliseconds first = policy.nextDelay(1);
        QVERIFY2(first >= 1000ms && first <= 3000ms, qPrintable(QString::number(first.count())));
        policy.reset();
    }
}

void TestBackoffPolicy::unseededStaysInBounds()
{
    BackoffPolicy policy(makeOptions(Jitter::Additive, 100, 1000, 50));
    for (int retry = 1; retry <= 12; ++retry) {
        const qint64 delay = policy.nextDelay(retry).count();
        const qint64 exponential = std::min<qint64>(100LL << std::min(retry - 1, 20), 1000);
        QVERIFY(delay >= exponential);
        QVERIFY(delay <= std::min<qint64>(exponential + 50, 1000));
    }
}

// No jitter, so the backoff is exactly base·2^(n−1): 100, 200, 400, … capped at 1000.
void TestBackoffPolicy::decide_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<std::optional<milliseconds>>("hint");
    QTest::addColumn<qint64>("expectedDelayMs");
    QTest::addColumn<qint64>("expectedBackoffMs");
    QTest::addColumn<DelaySource>("expectedSource");

    QTest::newRow("no hint") << 3 << std::optional<milliseconds>() << 400LL << 400LL
                             << DelaySource::Backoff;
    QTest::newRow("hint below backoff")
            << 3 << std::optional<milliseconds>(150ms) << 400LL << 400LL << DelaySource::Backoff;
    QTest::newRow("hint equal to backoff")
            << 3 << std::optional<milliseconds>(400ms) << 400LL << 400LL << DelaySource::ServerHint;
    QTest::newRow("hint above backoff")
            << 1 << std::optional<milliseconds>(750ms) << 750LL << 100LL << DelaySource::ServerHint;
    QTest::newRow("hint above cap is not cut") << 2 << std::optional<milliseconds>(3'480'000ms)
                                               << 3'480'000LL << 200LL << DelaySource::ServerHint;
    QTest::newRow("zero hint") << 2 << std::optional<milliseconds>(0ms) << 200LL << 200LL
                               << DelaySource::Backoff;
    QTest::newRow("capped backoff vs hint")
            << 9 << std::optional<milliseconds>(999ms) << 1000LL << 1000LL << DelaySource::Backoff;
}

void TestBackoffPolicy::decide()
{
    QFETCH(int, retry);
    QFETCH(std::optional<milliseconds>, hint);
    QFETCH(qint64, expectedDelayMs);
    QFETCH(qint64, expectedBackoffMs);
    QFETCH(DelaySource, expectedSource);

    BackoffPolicy policy(makeOptions(Jitter::Additive, 100, 1000, 0), 3);
    const BackoffPolicy::Decision decision = policy.decide(retry, hint);
    QCOMPARE(decision.delay.count(), expectedDelayMs);
    QCOMPARE(decision.backoff.count(), expectedBackoffMs);
    QCOMPARE(decision.hint, hint);
    QCOMPARE(decision.source, expectedSource);
}

void TestBackoffPolicy::setOptionsSanitises()
{
    BackoffPolicy policy(makeOptions(Jitter::Full, -5, -10, -20), 1);
    QCOMPARE(policy.options().base, 0ms);
    QCOMPARE(policy.options().cap, 0ms);
    QCOMPARE(policy.options().maxJitter, 0ms);
    QCOMPARE(policy.nextDelay(3), 0ms);

    policy.setOptions(makeOptions(Jitter::Additive, 10, -1, 5));
    QCOMPARE(policy.options().jitter, Jitter::Additive);
    QCOMPARE(policy.options().base, 10ms);
    QCOMPARE(policy.options().cap, 0ms);
    QCOMPARE(policy.nextDelay(1), 0ms);

    policy.setOptions(makeOptions(Jitter::Additive, 10, 100, 0));
    QCOMPARE(policy.nextDelay(2), 20ms);
    QCOMPARE(policy.nextDelay(50), 100ms);
}

QTEST_GUILESS_MAIN(TestBackoffPolicy)
#include "TestBackoffPolicy.moc"
