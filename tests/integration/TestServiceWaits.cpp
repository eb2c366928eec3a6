// SPDX-License-Identifier: GPL-3.0-or-later
// Waits that move (issue 8, part 3), in the core: a silent stream is told while it lasts
// (ChatService::streamSilent), and a request the breaker cannot take may be held for the
// probe (ChatService::WhenOpen::WaitForProbe), which ChatSession's Try again and Continue use.
// The real fault server over loopback; the breakers run on a clock driven by hand, and the
// held request's reaction to the breaker is delivered by the event loop (processEvents), so
// nothing here waits on time to see that something did not happen.
#include "support/FaultFixture.h"

#include "core/library/Conversation.h"
#include "core/session/ChatSession.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using namespace steadfast::test;

namespace {

constexpr int endTimeoutMs = 10'000;
using Kind = ConversationItem::Kind;
using WhenOpen = ChatService::WhenOpen;

/// A breaker clock moved by hand.
struct ManualClock
{
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now();
    CircuitBreaker::Clock clock()
    {
        return [this] { return now; };
    }
};

CircuitBreaker::Options openAfterOne()
{
    CircuitBreaker::Options options;
    options.threshold = 1;
    options.cooldown = 60s;
    return options;
}

/// The fixture with a breaker that opens after one failure and cools down for 60 s of the
/// manual clock.
struct Held
{
    Held() : f(openAfterOne(), clock.clock()) {}
    bool start()
    {
        if (!f.start())
            return false;
        f.breaker()->recordFailure(); // Open, probe due in 60 s
        return f.breaker()->state() == CircuitBreaker::State::Open;
    }
    /// The cooldown ends: the breaker is told (as its own timer would) and the held request
    /// hears of it through the event loop.
    void endCooldown()
    {
        clock.now += 61s;
        f.breaker()->refresh();
        QCoreApplication::processEvents();
    }
    /// The session sends to the fault server, model "test-model".
    void connect(ChatSession &session) const
    {
        SessionConnection connection;
        connection.baseUrl = f.server.baseUrl();
        connection.model = u"test-model"_s;
        session.setConnection(connection);
    }

    ManualClock clock;
    FaultFixture f;
};

QString kinds(const Conversation &conversation)
{
    QStringList names;
    for (int i = 0; i < conversation.count(); ++i)
        names.append(ConversationItem::kindName(conversation.at(i).kind));
    return names.join(u',');
}

bool waitIdle(ChatSession &session)
{
    QDeadlineTimer deadline(endTimeoutMs);
    QSignalSpy busy(&session, &ChatSession::busyChanged);
    while (session.isBusy() && !deadline.hasExpired())
        busy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    return !session.isBusy();
}

} // namespace

class TestServiceWaits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void silenceTicksAndEndsWhenDataFlows();
    void silenceTicksUntilTheIdleTimeout();
    void newRequestWhileOpenFailsInWholeSeconds();
    void heldRequestGoesAsTheProbe();
    void heldProbeThatFailsEndsWithRetries();
    void cancelWhileHeld();
    void pausedByHandHoldsUntilResumed();
    void sessionRetryWhileOpenIsHeld();
    void sessionContinueWhileOpenIsHeld();
    void sessionSendWhenBackAndCancel();
};

void TestServiceWaits::silenceTicksAndEndsWhenDataFlows()
{
    FaultFixture f;
    QVERIFY(f.start());
    f.setOptions([](ServiceOptions &o) {
        o.silenceNotice = 100ms;
        o.tickInterval = 20ms;
        o.idleTimeout = 5000ms;
    });
    // Each chunk comes 500 ms after the last: silences of 500 ms, told from 100 ms on.
    QVERIFY(f.arm(R"({"stream": {"chunkDelayMs": 500}, "text": "one two three"})"));
    QSignalSpy silent(&f.service, &ChatService::streamSilent);
    QVERIFY(f.service.send(f.request(true)));
    QVERIFY(f.waitForEnd(endTimeoutMs));
    QCOMPARE(f.trace.results.size(), 1);

    QVERIFY(!silent.isEmpty());
    int runs = 0;
    int longestRun = 0;
    int run = 0;
    qint64 previous = 0;
    for (const QList<QVariant> &args : std::as_const(silent)) {
        const qint64 ms = args.at(0).toLongLong();
        QCOMPARE(args.at(1).toLongLong(), 5000);
        if (ms == 0) { // data flows again: a run of ticks ends
            QVERIFY2(run > 0, "a silence ended that was never told");
            ++runs;
            longestRun = std::max(longestRun, run);
            run = 0;
        } else {
            QVERIFY(ms >= 100);
            QVERIFY(ms < 5000);
            if (run > 0)
                QVERIFY(ms >= previous); // it ticks upwards while the silence lasts
            ++run;
        }
        previous = ms;
    }
    QCOMPARE(run, 0); // every silence told was ended by data: nothing silent at the end
    QVERIFY(runs >= 2);
    QVERIFY(longestRun >= 2); // ticking, not told once
}

void TestServiceWaits::silenceTicksUntilTheIdleTimeout()
{
    FaultFixture f;
    QVERIFY(f.start());
    f.setOptions([](ServiceOptions &o) {
        o.silenceNotice = 100ms;
        o.tickInterval = 20ms;
        o.idleTimeout = 600ms;
        o.maxRetries = 0;
    });
    QVERIFY(f.arm(R"({"stream": {"stallAfterChunks": 2}})"));
    QSignalSpy silent(&f.service, &ChatService::streamSilent);
    QVERIFY(f.service.send(f.request(true)));
    QVERIFY(f.waitForEnd(endTimeoutMs));
    QCOMPARE(f.trace.failures.size(), 1);
    QCOMPARE(f.trace.failures.first().error.kind, ApiError::Kind::StreamStalled);
    QVERIFY(silent.size() >= 2);
    // The last tick still told the silence: only data ends it, and none came.
    const qint64 last = silent.constLast().at(0).toLongLong();
    QVERIFY(last >= 100);
    QVERIFY(last <= 600);
}

void TestServiceWaits::newRequestWhileOpenFailsInWholeSeconds()
{
    Held h;
    QVERIFY(h.start());
    h.clock.now += 42'776ms;                      // 17.224 s left
    QVERIFY(h.f.service.send(h.f.request(true))); // WhenOpen::Fail, the default
    QVERIFY(h.f.trace.isOver());
    QCOMPARE(h.f.trace.failures.size(), 1);
    const ApiError error = h.f.trace.failures.first().error;
    QCOMPARE(error.kind, ApiError::Kind::CircuitOpen);
    QVERIFY2(error.message.endsWith(u"next probe in 18 s"_s), qPrintable(error.message));
    QCOMPARE(h.f.server.chatRequestCount(), 0);
}

void TestServiceWaits::heldRequestGoesAsTheProbe()
{
    Held h;
    QVERIFY(h.start());
    QVERIFY(h.f.service.send(h.f.request(true), WhenOpen::WaitForProbe));
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    QVERIFY(!h.f.trace.isOver());
    QCOMPARE(h.f.trace.retries.size(), 1);
    const RetryInfo info = h.f.trace.retries.first();
    QVERIFY(info.held);
    QVERIFY(!info.untilResumed);
    QCOMPARE(info.source, RetryInfo::Source::BreakerProbe);
    QCOMPARE(info.attempt, 1);
    QCOMPARE(info.delay, 60'000ms); // beyond maxWait (5 s): the user asked
    QCOMPARE(info.error.kind, ApiError::Kind::CircuitOpen);
    QVERIFY(!h.f.trace.countdown.isEmpty());
    QCOMPARE(h.f.trace.countdown.first().msLeft, 60'000);
    QCOMPARE(h.f.server.chatRequestCount(), 0);
    QVERIFY(h.f.trace.attempts.isEmpty());

    h.endCooldown();
    QVERIFY(h.f.waitForEnd(endTimeoutMs));
    QCOMPARE(h.f.trace.results.size(), 1);
    QCOMPARE(h.f.trace.results.first().text, FaultFixture::replyText);
    QCOMPARE(h.f.trace.attempts, QList<int>{1});
    QCOMPARE(h.f.server.chatRequestCount(), 1);
    QCOMPARE(h.f.breaker()->state(), CircuitBreaker::State::Closed); // the probe succeeded
}

void TestServiceWaits::heldProbeThatFailsEndsWithRetries()
{
    // The probe fails: the breaker opens again for 60 s, longer than maxWait, so the
    // request ends as CircuitOpen (held only until its probe went) rather than hanging on.
    Held h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"status": 500})"));
    QVERIFY(h.f.service.send(h.f.request(true), WhenOpen::WaitForProbe));
    h.endCooldown();
    QVERIFY(h.f.waitForEnd(endTimeoutMs));
    QCOMPARE(h.f.server.chatRequestCount(), 1);
    QCOMPARE(h.f.trace.attempts, QList<int>{1});
    QCOMPARE(h.f.trace.failures.size(), 1);
    QCOMPARE(h.f.trace.failures.first().error.kind, ApiError::Kind::CircuitOpen);
    QCOMPARE(h.f.breaker()->state(), CircuitBreaker::State::Open);
}

void TestServiceWaits::cancelWhileHeld()
{
    Held h;
    QVERIFY(h.start());
    QVERIFY(h.f.service.send(h.f.request(true), WhenOpen::WaitForProbe));
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    h.f.service.cancel();
    QCOMPARE(h.f.service.state(), ChatService::State::Cancelled);
    QCOMPARE(h.f.trace.failures.size(), 1);
    QCOMPARE(h.f.trace.failures.first().error.kind, ApiError::Kind::Cancelled);
    // The cooldown ends afterwards: nothing goes.
    h.endCooldown();
    QCoreApplication::processEvents();
    QCOMPARE(h.f.service.state(), ChatService::State::Cancelled);
    QCOMPARE(h.f.server.chatRequestCount(), 0);
    QCOMPARE(h.f.trace.endings(), 1);
    QVERIFY(h.f.breaker()->tryAcquire()); // the probe is still there for someone else
}

void TestServiceWaits::pausedByHandHoldsUntilResumed()
{
    Held h;
    QVERIFY(h.start());
    h.f.breaker()->pause();
    QVERIFY(h.f.service.send(h.f.request(true), WhenOpen::WaitForProbe));
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    QCOMPARE(h.f.trace.retries.size(), 1);
    QVERIFY(h.f.trace.retries.first().held);
    QVERIFY(h.f.trace.retries.first().untilResumed);
    QVERIFY(h.f.trace.countdown.isEmpty()); // no end to count down to

    // The cooldown's end does not lift a pause.
    h.endCooldown();
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    QCOMPARE(h.f.server.chatRequestCount(), 0);
    QVERIFY(!h.f.trace.isOver());

    h.f.breaker()->resume();
    QVERIFY(h.f.waitForEnd(endTimeoutMs));
    QCOMPARE(h.f.trace.results.size(), 1);
    QCOMPARE(h.f.server.chatRequestCount(), 1);
    QCOMPARE(h.f.breaker()->state(), CircuitBreaker::State::Closed);
}

void TestServiceWaits::sessionRetryWhileOpenIsHeld()
{
    Held h;
    QVERIFY(h.start());
    Conversation conversation;
    ChatSession session(&h.f.service, &conversation);
    h.connect(session);

    // A new message while Open fails at once (DESIGN.md): its card offers the queueing.
    QCOMPARE(session.send(u"Hello"_s).outcome, ChatSession::Outcome::Sent);
    QVERIFY(!session.isBusy());
    QCOMPARE(kinds(conversation), u"user,error"_s);
    QCOMPARE(conversation.at(1).error.kind, ApiError::Kind::CircuitOpen);

    // Try again while still Open: held for the probe, not another CircuitOpen.
    QVERIFY(session.canRetry());
    QCOMPARE(session.retry().outcome, ChatSession::Outcome::Sent);
    QVERIFY(session.isBusy());
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    QCOMPARE(kinds(conversation), u"user"_s);
    QCOMPARE(h.f.server.chatRequestCount(), 0);

    h.endCooldown();
    QVERIFY(waitIdle(session));
    QCOMPARE(kinds(conversation), u"user,assistant"_s);
    QCOMPARE(conversation.at(1).text, FaultFixture::replyText);
    QCOMPARE(h.f.server.chatRequestCount(), 1);
}

void TestServiceWaits::sessionContinueWhileOpenIsHeld()
{
    Held h;
    QVERIFY(h.start());
    Conversation conversation;
    ChatSession session(&h.f.service, &conversation);
    h.connect(session);
    ConversationItem user;
    user.kind = Kind::User;
    user.text = u"Tell me"_s;
    conversation.append(user);
    ConversationItem partial;
    partial.kind = Kind::Assistant;
    partial.text = u"Alpha beta"_s;
    partial.interrupted = true;
    conversation.append(partial);
    QVERIFY(session.actionsFor(1).testFlag(ItemAction::Continue));

    h.f.server.setReplyText(u" gamma delta"_s);
    QCOMPARE(session.continueReply().outcome, ChatSession::Outcome::Sent);
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    QCOMPARE(h.f.server.chatRequestCount(), 0);
    h.endCooldown();
    QVERIFY(waitIdle(session));
    QCOMPARE(kinds(conversation), u"user,assistant"_s);
    QCOMPARE(conversation.at(1).text, u"Alpha beta gamma delta"_s);
    QVERIFY(!conversation.at(1).interrupted);
    QCOMPARE(h.f.server.chatRequestCount(), 1);
}

void TestServiceWaits::sessionSendWhenBackAndCancel()
{
    Held h;
    QVERIFY(h.start());
    Conversation conversation;
    ChatSession session(&h.f.service, &conversation);
    h.connect(session);

    QCOMPARE(session.send(u"Hello"_s, WhenOpen::WaitForProbe).outcome, ChatSession::Outcome::Sent);
    QVERIFY(session.isBusy());
    QCOMPARE(kinds(conversation), u"user"_s);
    session.cancel();
    QVERIFY(!session.isBusy());
    // The message stays, as with any cancel; a card says it was stopped.
    QCOMPARE(kinds(conversation), u"user,error"_s);
    QCOMPARE(conversation.at(0).text, u"Hello"_s);
    QCOMPARE(conversation.at(1).error.kind, ApiError::Kind::Cancelled);
    h.endCooldown();
    QCOMPARE(h.f.server.chatRequestCount(), 0);
}

QTEST_GUILESS_MAIN(TestServiceWaits)
#include "TestServiceWaits.moc"
