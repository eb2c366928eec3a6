// SPDX-License-Identifier: GPL-3.0-or-later
// ChatService against the real fault server over loopback TCP: every row of DESIGN.md's
// error taxonomy that a network can produce, the server's hints, the retry countdown,
// cancel in every state, the three timeout phases and the deadline, the circuit breaker
// working with the retries, redirects, rate-limit headers and where the API key goes.
// Attempts are counted with attemptStarted, never with server hits (Qt may resend).
#include "support/FaultFixture.h"
#include "support/SinkServer.h"

#include "core/session/EventRecorder.h"

#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QLocale>
#include <QMetaEnum>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using namespace steadfast::test;
using Kind = ApiError::Kind;
using Phase = ApiError::TimeoutPhase;
using State = ChatService::State;
using std::chrono::milliseconds;

namespace {

// Generous: two shared cores. The faults themselves are fast.
constexpr int endTimeoutMs = 15000;
// How long to watch for something that must NOT happen.
constexpr int quietMs = 300;

/// One row of the taxonomy table: a step and everything the exchange must end with.
struct TaxonomyRow
{
    QByteArray step{};      // the fault, in its JSON form; armed with repeat 99 (every attempt)
    Kind kind = Kind::None; // None: the exchange succeeds anyway (a tolerated oddity)
    bool retryable = false;
    int attempts = 1; // attempts made before the exchange ends (maxRetries is 2)
    int status = 0;
    QString requestId = u"seq"_s; // "seq": req_<n> of the last logged request; "": none
    QString code{};               // error.code, when the row cares
    Phase phase = Phase::None;
    qint64 hintMs = -1;       // the server's wait hint (-1: none)
    QString partial = u"*"_s; // what the last attempt had streamed ("*": not checked)
    QString messagePart{};    // a piece of error.message, when the row cares
    int onceAttempts = 0;     // armed once, the exchange succeeds after this many attempts
    bool qtMayResend = false; // ...or fewer: Qt resends by itself after a dropped connection
    bool lossy = false;       // tolerated with U+FFFD in place of bytes that are not UTF-8
    int firstByteMs = 0;      // 0: the fixture's (5 s)
    int idleMs = 0;           // 0: the fixture's (5 s)
};

struct BreakerChange
{
    CircuitBreaker::State state;
    int failures;
    int threshold;
    qint64 msUntilProbe;
};

/// Records a breaker's state changes (the facts behind the breakerStateChanged event).
class BreakerTrace
{
public:
    explicit BreakerTrace(CircuitBreaker *breaker)
    {
        QObject::connect(breaker, &CircuitBreaker::stateChanged, &m_context,
                         [this](CircuitBreaker::State state, int failures, int threshold,
                                qint64 msUntilProbe) {
                             changes.append({state, failures, threshold, msUntilProbe});
                         });
    }
    QList<CircuitBreaker::State> states() const
    {
        QList<CircuitBreaker::State> list;
        for (const BreakerChange &change : changes)
            list.append(change.state);
        return list;
    }
    QList<BreakerChange> changes;

private:
    QObject m_context;
};

QList<int> oneTo(int n)
{
    QList<int> list;
    for (int i = 1; i <= n; ++i)
        list.append(i);
    return list;
}

QString lastRequestId(const FaultServer &server)
{
    const QList<QJsonObject> log = server.requestLog();
    return log.isEmpty() ? QString() : u"req_%1"_s.arg(log.last().value(u"seq"_s).toInteger());
}

QByteArray httpDateIn(int seconds)
{
    return QLocale::c()
            .toString(QDateTime::currentDateTimeUtc().addSecs(seconds),
                      u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
            .toLatin1();
}

/// Every signal of one service as a word, in the order they came ("state:Sending",
/// "attemptStarted", "delta", …, "finished", "failed:Cancelled"). Connected before any slot
/// a test adds, it records a signal before that slot runs, so what such a slot causes comes
/// after the signal in the timeline.
class Timeline
{
public:
    explicit Timeline(ChatService *service)
    {
        QObject *ctx = &m_context;
        const QMetaEnum states = QMetaEnum::fromType<State>();
        QObject::connect(service, &ChatService::stateChanged, ctx, [this, states](State state) {
            events.append(u"state:"_s + QLatin1String(states.valueToKey(int(state))));
        });
        QObject::connect(service, &ChatService::attemptStarted, ctx,
                         [this] { events.append(u"attemptStarted"_s); });
        QObject::connect(service, &ChatService::responseReceived, ctx,
                         [this] { events.append(u"responseReceived"_s); });
        QObject::connect(service, &ChatService::responseWaiting, ctx,
                         [this] { events.append(u"responseWaiting"_s); });
        QObject::connect(service, &ChatService::rateLimitUpdated, ctx,
                         [this] { events.append(u"rateLimitUpdated"_s); });
        QObject::connect(service, &ChatService::delta, ctx, [this] { events.append(u"delta"_s); });
        QObject::connect(service, &ChatService::attemptFailed, ctx,
                         [this] { events.append(u"attemptFailed"_s); });
        QObject::connect(service, &ChatService::retryScheduled, ctx,
                         [this] { events.append(u"retryScheduled"_s); });
        QObject::connect(service, &ChatService::retryCountdown, ctx,
                         [this] { events.append(u"retryCountdown"_s); });
        QObject::connect(service, &ChatService::longWaitRequested, ctx,
                         [this] { events.append(u"longWaitRequested"_s); });
        QObject::connect(service, &ChatService::finished, ctx,
                         [this] { events.append(u"finished"_s); });
        QObject::connect(service, &ChatService::failed, ctx, [this](const ApiError &error) {
            events.append(u"failed:"_s + ApiError::kindName(error.kind));
        });
    }

    static bool isEnding(const QString &event)
    {
        return event == u"finished"_s || event.startsWith(u"failed:"_s);
    }
    int endings() const { return int(std::count_if(events.begin(), events.end(), isEnding)); }
    /// Everything recorded after the first finished()/failed() (all of it if none came).
    QStringList afterFirstEnding() const
    {
        const auto it = std::find_if(events.begin(), events.end(), isEnding);
        return it == events.end() ? events : QStringList(std::next(it), events.end());
    }
    QString text() const { return events.join(u", "_s); }

    QStringList events;

private:
    QObject m_context;
};

/// Connects act, directly, to the signal a reentrancy row names; act runs inside the first
/// emission that matches (stateChanged(S): the first that reports S; retryCountdown
/// (first): one with time left; retryCountdown (final 0): the one that ends the wait).
bool hookOnce(ChatService *service, QObject *context, const QString &hook,
              const std::function<void()> &act)
{
    const auto fired = std::make_shared<bool>(false);
    const auto once = [fired, act] {
        if (!std::exchange(*fired, true))
            act();
    };
    constexpr auto direct = Qt::DirectConnection;
    if (hook.startsWith(u"stateChanged("_s) && hook.endsWith(u')')) {
        bool ok = false;
        const QByteArray name = hook.mid(13).chopped(1).toLatin1();
        const auto wanted = State(QMetaEnum::fromType<State>().keyToValue(name.constData(), &ok));
        if (!ok)
            return false;
        QObject::connect(
                service, &ChatService::stateChanged, context,
                [once, wanted](State state) {
                    if (state == wanted)
                        once();
                },
                direct);
    } else if (hook == u"attemptStarted"_s) {
        QObject::connect(service, &ChatService::attemptStarted, context, once, direct);
    } else if (hook == u"responseReceived"_s) {
        QObject::connect(service, &ChatService::responseReceived, context, once, direct);
    } else if (hook == u"rateLimitUpdated"_s) {
        QObject::connect(service, &ChatService::rateLimitUpdated, context, once, direct);
    } else if (hook == u"responseWaiting"_s) {
        QObject::connect(service, &ChatService::responseWaiting, context, once, direct);
    } else if (hook == u"delta"_s) {
        QObject::connect(service, &ChatService::delta, context, once, direct);
    } else if (hook == u"attemptFailed"_s) {
        QObject::connect(service, &ChatService::attemptFailed, context, once, direct);
    } else if (hook == u"retryScheduled"_s) {
        QObject::connect(service, &ChatService::retryScheduled, context, once, direct);
    } else if (hook == u"retryCountdown (first)"_s || hook == u"retryCountdown (final 0)"_s) {
        const bool final = hook.contains(u"final"_s);
        QObject::connect(
                service, &ChatService::retryCountdown, context,
                [once, final](qint64 msLeft) {
                    if ((msLeft == 0) == final)
                        once();
                },
                direct);
    } else if (hook == u"longWaitRequested"_s) {
        QObject::connect(service, &ChatService::longWaitRequested, context, once, direct);
    } else {
        return false;
    }
    return true;
}

/// Makes the breaker HalfOpen at once (a pause lifted by hand), so the next attempt is its
/// probe.
void makeHalfOpen(CircuitBreaker *breaker)
{
    breaker->pause();
    breaker->resume();
}

} // namespace

Q_DECLARE_METATYPE(TaxonomyRow)

#define WAIT_FOR_END(fixture)                                                                      \
    QVERIFY2((fixture).waitForEnd(endTimeoutMs), "the exchange did not end in time")

class TestChatService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void taxonomy_data();
    void taxonomy();
    void connectionRefused_data();
    void connectionRefused();
    void tlsToPlainHttpServer_data();
    void tlsToPlainHttpServer();
    void tlsSelfSignedCertificateIsNeverIgnored();
    void validationSendsNothing_data();
    void validationSendsNothing();
    void sendWhileBusyIsRefused();

    void shouldRetryHeader_data();
    void shouldRetryHeader();
    void retryWaitHonoursHints_data();
    void retryWaitHonoursHints();
    void longWaitFails();
    void longWaitAskedAndAccepted();
    void longWaitAskedAndCancelled();

    void countdownTicksDown();
    void retryNowSkipsTheWait();
    void cancelDuringCountdown();
    void cancelInEveryState_data();
    void cancelInEveryState();

    void slowSteadyStreamIsNotKilled();
    void firstByteTimeoutIsTimeoutNotCancelled();
    void slowFirstByteWithinTimeoutSucceeds();
    void deadline_data();
    void deadline();
    void connectPhaseTimeout();

    void breakerOpensAndRetryWaitsForProbe();
    void newRequestWhileOpenIsNotSent();
    void probeBeyondMaxWaitEndsAsCircuitOpen();
    void pausedBreakerSendsNothingUntilReset();
    void clientErrorsDoNotOpenBreaker_data();
    void clientErrorsDoNotOpenBreaker();

    void sameOriginRedirectIsFollowed_data();
    void sameOriginRedirectIsFollowed();
    void crossOriginRedirectIsRefused_data();
    void crossOriginRedirectIsRefused();
    void redirectLoopEnds();

    void rateLimitHeaders_data();
    void rateLimitHeaders();
    void apiKeyIsSentButNeverRecorded();
    void noKeyNoAuthorization();
    void finishedCarriesTheWholeReply_data();
    void finishedCarriesTheWholeReply();
    void retriesShareOneClientRequestId();

    void cancelFromEverySignal_data();
    void cancelFromEverySignal();
    void retryNowFromCountdownSignals_data();
    void retryNowFromCountdownSignals();
    void sendFromEndingSlot_data();
    void sendFromEndingSlot();
    void sendFromEndingStateIsRefused_data();
    void sendFromEndingStateIsRefused();

    void doneThenConnectionHeldOpen();
    void finishThenSilenceIsSuccess();
    void maxWaitBoundsBackoff();
    void probeReleasedWhenServiceDestroyed();
    void deadlineIsNoBreakerFailure_data();
    void deadlineIsNoBreakerFailure();

private:
    std::unique_ptr<FaultFixture> m_f;
};

void TestChatService::init()
{
    m_f = std::make_unique<FaultFixture>();
    QVERIFY2(m_f->start(), qPrintable(m_f->server.errorString()));
}

void TestChatService::cleanup()
{
    m_f.reset();
}

// ---------------------------------------------------------------------------------------
// The taxonomy, row by row

void TestChatService::taxonomy_data()
{
    QTest::addColumn<TaxonomyRow>("row");
    QTest::addColumn<bool>("stream");

    enum Modes { Json = 1, Sse = 2, Both = 3 };
    const auto add = [](const char *name, int modes, const TaxonomyRow &row) {
        if (modes & Json)
            QTest::addRow("%s / json", name) << row << false;
        if (modes & Sse)
            QTest::addRow("%s / stream", name) << row << true;
    };
    const QString text = FaultFixture::replyText;

    // RateLimited: retried, the hint sets the wait.
    add("429 retry-after-ms", Both,
        {.step = R"({"status": 429, "headers": {"retry-after-ms": "30"}})",
         .kind = Kind::RateLimited,
         .retryable = true,
         .attempts = 3,
         .status = 429,
         .code = u"rate_limit_exceeded"_s,
         .hintMs = 30,
         .onceAttempts = 2});
    add("429 Retry-After seconds", Json,
        {.step = R"({"status": 429, "headers": {"Retry-After": "1"}})",
         .kind = Kind::RateLimited,
         .retryable = true,
         .attempts = 3,
         .status = 429,
         .hintMs = 1000,
         .onceAttempts = 2});
    add("429 message hint", Both,
        {.step = R"({"status": 429, "error": {"message":
                     "Rate limit reached for test-model. Please try again in 20ms."}})",
         .kind = Kind::RateLimited,
         .retryable = true,
         .attempts = 3,
         .status = 429,
         .hintMs = 20,
         .messagePart = u"try again in 20ms"_s,
         .onceAttempts = 2});
    add("429 without hint", Json,
        {.step = R"({"status": 429})",
         .kind = Kind::RateLimited,
         .retryable = true,
         .attempts = 3,
         .status = 429,
         .onceAttempts = 2});

    // QuotaExceeded: no amount of waiting helps.
    add("429 insufficient_quota", Both,
        {.step = R"({"status": 429, "headers": {"retry-after-ms": "10"}, "error": {
                     "code": "insufficient_quota", "type": "insufficient_quota",
                     "message": "You exceeded your current quota."}})",
         .kind = Kind::QuotaExceeded,
         .status = 429,
         .code = u"insufficient_quota"_s,
         .hintMs = 10,
         .messagePart = u"exceeded your current quota"_s});

    // Connection: the server goes away before a byte of the reply.
    add("reset before reply", Both,
        {.step = R"({"action": "reset"})",
         .kind = Kind::Connection,
         .retryable = true,
         .attempts = 3,
         .requestId = {},
         .onceAttempts = 2,
         .qtMayResend = true});
    add("close before reply", Both,
        {.step = R"({"action": "close"})",
         .kind = Kind::Connection,
         .retryable = true,
         .attempts = 3,
         .requestId = {},
         .onceAttempts = 2,
         .qtMayResend = true});
    add("truncated body", Json,
        {.step = R"({"action": "truncate"})",
         .kind = Kind::Connection,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .messagePart = u"connection"_s,
         .onceAttempts = 2});

    // Timeout (first byte): a slow server, a hanging one.
    add("first byte too late", Both,
        {.step = R"({"delayMs": 3000})",
         .kind = Kind::Timeout,
         .retryable = true,
         .attempts = 3,
         .requestId = {},
         .phase = Phase::FirstByte,
         .onceAttempts = 2,
         .firstByteMs = 250});
    add("hang", Both,
        {.step = R"({"action": "hang"})",
         .kind = Kind::Timeout,
         .retryable = true,
         .attempts = 3,
         .requestId = {},
         .phase = Phase::FirstByte,
         .onceAttempts = 2,
         .firstByteMs = 250});

    // StreamStalled: the partial text is kept.
    add("stall after 2 chunks", Sse,
        {.step = R"({"stream": {"stallAfterChunks": 2}})",
         .kind = Kind::StreamStalled,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .phase = Phase::Idle,
         .partial = u"Alpha beta"_s,
         .onceAttempts = 2,
         .idleMs = 250});

    // StreamInterrupted: cut off, or an error inside the stream.
    add("drop after 2 chunks", Sse,
        {.step = R"({"stream": {"dropAfterChunks": 2}})",
         .kind = Kind::StreamInterrupted,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .partial = u"Alpha beta"_s,
         .onceAttempts = 2});
    add("reset after 2 chunks", Sse,
        {.step = R"({"action": "reset", "stream": {"dropAfterChunks": 2}})",
         .kind = Kind::StreamInterrupted,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .partial = u"Alpha beta"_s,
         .onceAttempts = 2});
    add("no finish, no [DONE]", Sse,
        {.step = R"({"stream": {"omitDone": true, "noFinish": true}})",
         .kind = Kind::StreamInterrupted,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .partial = text,
         .onceAttempts = 2});
    add("error event after 2 chunks", Sse,
        {.step = R"({"stream": {"errorAfterChunks": 2},
                     "error": {"message": "The model crashed mid-answer."}})",
         .kind = Kind::StreamInterrupted,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .partial = u"Alpha beta"_s,
         .messagePart = u"The model crashed mid-answer."_s,
         .onceAttempts = 2});
    add("truncated stream", Sse,
        {.step = R"({"action": "truncate"})",
         .kind = Kind::StreamInterrupted,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .onceAttempts = 2});
    // Tolerated: the finish chunk came, only [DONE] is missing.
    add("finish without [DONE]", Sse, {.step = R"({"stream": {"omitDone": true}})"});

    // RequestTimeout and Server: retried.
    add("408", Both,
        {.step = R"({"status": 408})",
         .kind = Kind::RequestTimeout,
         .retryable = true,
         .attempts = 3,
         .status = 408,
         .onceAttempts = 2});
    add("500", Both,
        {.step = R"({"status": 500})",
         .kind = Kind::Server,
         .retryable = true,
         .attempts = 3,
         .status = 500,
         .code = u"server_error"_s,
         .onceAttempts = 2});
    add("500 with its own request id", Json,
        {.step = R"({"status": 500, "headers": {"x-request-id": "req_custom_42"}})",
         .kind = Kind::Server,
         .retryable = true,
         .attempts = 3,
         .status = 500,
         .requestId = u"req_custom_42"_s,
         .onceAttempts = 2});
    add("502", Both,
        {.step = R"({"status": 502})",
         .kind = Kind::Server,
         .retryable = true,
         .attempts = 3,
         .status = 502,
         .onceAttempts = 2});
    add("503", Both,
        {.step = R"({"status": 503})",
         .kind = Kind::Server,
         .retryable = true,
         .attempts = 3,
         .status = 503,
         .code = u"service_unavailable"_s,
         .onceAttempts = 2});
    add("502 HTML page", Both,
        {.step = R"({"html": true})",
         .kind = Kind::Server,
         .retryable = true,
         .attempts = 3,
         .status = 502,
         .messagePart = u"HTML"_s,
         .onceAttempts = 2});
    add("503 plain text", Json,
        {.step = R"({"status": 503, "body": "upstream connect error"})",
         .kind = Kind::Server,
         .retryable = true,
         .attempts = 3,
         .status = 503,
         .messagePart = u"upstream connect error"_s,
         .onceAttempts = 2});

    // InvalidResponse: a 2xx that is not a completion.
    for (const char *variant : {"not-json", "truncated-json", "wrong-shape", "empty"}) {
        add(qPrintable(u"malformed %1"_s.arg(QLatin1StringView(variant))), Json,
            {.step = QByteArray(R"({"malformed": ")") + variant + "\"}",
             .kind = Kind::InvalidResponse,
             .retryable = true,
             .attempts = 3,
             .status = 200,
             .onceAttempts = 2});
    }
    for (const char *variant : {"not-json", "truncated-json"}) {
        add(qPrintable(u"malformed %1 event"_s.arg(QLatin1StringView(variant))), Sse,
            {.step = QByteArray(R"({"malformed": ")") + variant + "\"}",
             .kind = Kind::InvalidResponse,
             .retryable = true,
             .attempts = 3,
             .status = 200,
             .onceAttempts = 2});
    }
    // Tolerated in a stream: an event without choices (usage chunks look like that) and an
    // empty data line are skipped; the text still arrives whole.
    // Tolerated: bytes that are not UTF-8 become U+FFFD (a model cut mid-character).
    add("malformed bad-utf8", Both, {.step = R"({"malformed": "bad-utf8"})", .lossy = true});
    add("malformed wrong-shape event", Sse, {.step = R"({"malformed": "wrong-shape"})"});
    add("malformed empty event", Sse, {.step = R"({"malformed": "empty"})"});
    add("200 HTML page", Both,
        {.step = R"({"status": 200, "html": true})",
         .kind = Kind::InvalidResponse,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .onceAttempts = 2});
    add("200 unexpected JSON", Both,
        {.step = R"({"body": "{\"unexpected\": true}"})",
         .kind = Kind::InvalidResponse,
         .retryable = true,
         .attempts = 3,
         .status = 200,
         .onceAttempts = 2});

    // Permanent 4xx.
    add("401", Both,
        {.step = R"({"status": 401})",
         .kind = Kind::Authentication,
         .status = 401,
         .code = u"invalid_api_key"_s});
    add("403", Both,
        {.step = R"({"status": 403})",
         .kind = Kind::Permission,
         .status = 403,
         .code = u"permission_denied"_s});
    add("404", Both,
        {.step = R"({"status": 404})",
         .kind = Kind::NotFound,
         .status = 404,
         .code = u"model_not_found"_s,
         .messagePart = u"test-model"_s});
    add("409", Both, {.step = R"({"status": 409})", .kind = Kind::Conflict, .status = 409});
    add("400", Both, {.step = R"({"status": 400})", .kind = Kind::BadRequest, .status = 400});
    add("400 context_length_exceeded", Both,
        {.step = R"({"status": 400, "error": {"code": "context_length_exceeded",
                     "param": "messages",
                     "message": "This model's maximum context length is 8192 tokens."}})",
         .kind = Kind::BadRequest,
         .status = 400,
         .code = u"context_length_exceeded"_s,
         .messagePart = u"maximum context length is 8192 tokens"_s});
    add("413", Json,
        {.step = R"({"status": 413})",
         .kind = Kind::BadRequest,
         .status = 413,
         .code = u"request_too_large"_s});
    add("422", Both, {.step = R"({"status": 422})", .kind = Kind::Unprocessable, .status = 422});
}

void TestChatService::taxonomy()
{
    QFETCH(TaxonomyRow, row);
    QFETCH(bool, stream);
    FaultFixture &f = *m_f;
    f.setOptions([&](ServiceOptions &options) {
        if (row.firstByteMs > 0)
            options.firstByteTimeout = milliseconds(row.firstByteMs);
        if (row.idleMs > 0)
            options.idleTimeout = milliseconds(row.idleMs);
    });
    QString problem;
    QVERIFY2(f.arm(row.step, 99, &problem), qPrintable(problem));

    QVERIFY(f.service.send(f.request(stream)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.endings(), 1);

    if (row.kind == Kind::None) { // tolerated: the reply is whole
        QCOMPARE(f.trace.results.size(), 1);
        const QString text = f.trace.results.first().text;
        if (row.lossy) {
            QVERIFY2(text.contains(FaultFixture::replyText), qPrintable(text));
            QVERIFY2(text.contains(QChar(QChar::ReplacementCharacter)), qPrintable(text));
        } else {
            QCOMPARE(text, FaultFixture::replyText);
        }
        QCOMPARE(text, f.trace.deltaText());
        QCOMPARE(f.trace.results.first().attempts, 1);
        QCOMPARE(f.trace.attempts, QList<int>{1});
        QCOMPARE(f.service.state(), State::Done);
        return;
    }

    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, row.kind);
    QCOMPARE(error.retryable, row.retryable);
    QCOMPARE(error.httpStatus, row.status);
    QCOMPARE(f.trace.attempts, oneTo(row.attempts));
    QCOMPARE(f.trace.attemptsAllowed, 3);
    QCOMPARE(f.trace.attemptFailures.size(), row.attempts);
    QCOMPARE(f.trace.attemptFailures.last().error.kind, row.kind);
    QCOMPARE(f.trace.retries.size(), row.attempts - 1);
    QCOMPARE(f.service.state(), State::Failed);
    QCOMPARE(f.trace.states.last(), State::Failed);

    if (row.requestId == u"seq"_s) {
        QVERIFY(!error.requestId.isEmpty());
        QCOMPARE(error.requestId, lastRequestId(f.server));
    } else {
        QCOMPARE(error.requestId, row.requestId);
    }
    if (!row.code.isEmpty())
        QCOMPARE(error.code, row.code);
    if (!row.messagePart.isEmpty())
        QVERIFY2(error.message.contains(row.messagePart, Qt::CaseInsensitive),
                 qPrintable(error.message));
    QCOMPARE(error.timeoutPhase, row.phase);
    if (row.phase == Phase::FirstByte)
        QCOMPARE(error.timeoutAfter, milliseconds(row.firstByteMs));
    if (row.phase == Phase::Idle)
        QCOMPARE(error.timeoutAfter, milliseconds(row.idleMs));

    if (row.hintMs >= 0) {
        QCOMPARE(error.retryAfter, std::optional(milliseconds(row.hintMs)));
        for (const RetryInfo &info : std::as_const(f.trace.retries)) {
            QCOMPARE(info.hint, std::optional(milliseconds(row.hintMs)));
            QVERIFY(info.delay >= milliseconds(row.hintMs));
        }
    } else {
        QVERIFY(!error.retryAfter);
    }
    for (qsizetype i = 0; i < f.trace.retries.size(); ++i) {
        const RetryInfo &info = f.trace.retries.at(i);
        QCOMPARE(info.attempt, int(i) + 2);
        QCOMPARE(info.attemptsAllowed, 3);
        QCOMPARE(info.error.kind, row.kind);
        // The next attempt never starts before the wait is over.
        QVERIFY2(f.trace.attemptTimes.at(i + 1) - f.trace.retryTimes.at(i) >= info.delay.count(),
                 qPrintable(u"retry %1 came after %2 ms, before its %3 ms wait"_s.arg(i + 2)
                                    .arg(f.trace.attemptTimes.at(i + 1) - f.trace.retryTimes.at(i))
                                    .arg(info.delay.count())));
    }
    if (row.partial != u"*"_s) {
        QCOMPARE(f.trace.attemptFailures.last().partialText, row.partial);
        QCOMPARE(f.trace.failures.first().partialText, row.partial);
    }
    // Service failures count against the breaker, attempt by attempt; answers do not.
    QCOMPARE(f.breaker()->consecutiveFailures(),
             ApiError::isServiceFailure(row.kind) ? row.attempts : 0);

    if (row.onceAttempts == 0)
        return;
    // Armed once, the same fault is survived.
    f.server.reset();
    f.trace.clear();
    QVERIFY(f.arm(row.step, 1));
    QVERIFY(f.service.send(f.request(stream)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 0);
    QCOMPARE(f.trace.results.size(), 1);
    const ChatResult &result = f.trace.results.first();
    if (row.qtMayResend)
        QVERIFY2(result.attempts >= 1 && result.attempts <= row.onceAttempts,
                 qPrintable(u"%1 attempts"_s.arg(result.attempts)));
    else
        QCOMPARE(result.attempts, row.onceAttempts);
    QCOMPARE(f.trace.attempts, oneTo(result.attempts));
    QCOMPARE(result.text, FaultFixture::replyText); // never the broken attempt's text
    QCOMPARE(result.finishReason, u"stop"_s);
    QCOMPARE(result.requestId, lastRequestId(f.server));
    QCOMPARE(f.service.state(), State::Done);
    QCOMPARE(f.breaker()->consecutiveFailures(), 0);
}

void TestChatService::connectionRefused_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("json") << false;
    QTest::newRow("stream") << true;
}

void TestChatService::connectionRefused()
{
    QFETCH(bool, stream);
    FaultFixture &f = *m_f;
    quint16 port = 0;
    {
        QTcpServer probe; // a free port, closed again: nobody listens there
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ChatRequest request = f.request(stream);
    request.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
    QVERIFY(f.service.send(request));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Connection);
    QCOMPARE(error.networkError, QNetworkReply::ConnectionRefusedError);
    QVERIFY(error.retryable);
    QCOMPARE(error.httpStatus, 0);
    QVERIFY(error.requestId.isEmpty());
    QCOMPARE(error.host, u"127.0.0.1:%1"_s.arg(port));
    QVERIFY2(error.message.contains(error.host), qPrintable(error.message));
    QCOMPARE(f.trace.attempts, oneTo(3));
    QCOMPARE(f.trace.retries.size(), 2);
    QCOMPARE(f.breakers.breakerFor(request.baseUrl)->consecutiveFailures(), 3);
}

// ---------------------------------------------------------------------------------------
// TLS, validation

void TestChatService::tlsToPlainHttpServer_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("json") << false;
    QTest::newRow("stream") << true;
}

void TestChatService::tlsToPlainHttpServer()
{
    QFETCH(bool, stream);
    FaultFixture &f = *m_f;
    ChatRequest request = f.request(stream, u"steadfast-tls-test-key-5b1e"_s);
    request.baseUrl.setScheme(u"https"_s); // the fault server speaks plain HTTP
    QVERIFY(f.service.send(request));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Tls);
    QVERIFY(!error.retryable);
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QVERIFY(f.trace.retries.isEmpty());
    QCOMPARE(f.server.chatRequestCount(), 0); // nothing was understood as a request
    QVERIFY(f.server.lastAuthorization().isEmpty());
    // A TLS failure says nothing about the service: the breaker does not count it.
    QCOMPARE(f.breakers.breakerFor(request.baseUrl)->consecutiveFailures(), 0);
}

void TestChatService::tlsSelfSignedCertificateIsNeverIgnored()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        QSKIP("openssl is not on PATH: cannot make a self-signed certificate");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString keyPath = dir.filePath(u"key.pem"_s);
    const QString certPath = dir.filePath(u"cert.pem"_s);
    QProcess process;
    process.start(openssl,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                   u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-keyout"_s, keyPath, u"-out"_s,
                   certPath, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s,
                   u"subjectAltName=IP:127.0.0.1"_s});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QFile certFile(certPath);
    QFile keyFile(keyPath);
    QVERIFY(certFile.open(QIODevice::ReadOnly));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(certFile.readAll(), QSsl::Pem);
    const QSslKey key(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
    QVERIFY(!certificate.isNull());
    QVERIFY(!key.isNull());

    QSslServer tlsServer;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    tlsServer.setSslConfiguration(configuration);
    QVERIFY(tlsServer.listen(QHostAddress::LocalHost, 0));
    int handshakesStarted = 0;
    QByteArray plaintext; // what the client revealed inside TLS: must stay empty
    QObject context;
    connect(&tlsServer, &QSslServer::startedEncryptionHandshake, &context, [&](QSslSocket *socket) {
        ++handshakesStarted;
        connect(socket, &QSslSocket::readyRead, &context,
                [&plaintext, socket] { plaintext += socket->readAll(); });
    });

    FaultFixture &f = *m_f;
    ChatRequest request = f.request(true, u"steadfast-tls-test-key-5b1e"_s);
    request.baseUrl = QUrl(u"https://127.0.0.1:%1/v1"_s.arg(tlsServer.serverPort()));
    QVERIFY(f.service.send(request));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Tls);
    QCOMPARE(error.networkError, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(!error.retryable);
    QVERIFY2(error.message.contains(u"certificate"_s, Qt::CaseInsensitive),
             qPrintable(error.message));
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QVERIFY(handshakesStarted >= 1); // it did reach the server...
    QVERIFY(plaintext.isEmpty());    // ...and sent nothing over the untrusted channel
}

void TestChatService::validationSendsNothing_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("no model") << u"model"_s << u"model"_s;
    QTest::newRow("no messages") << u"messages"_s << u"message"_s;
    QTest::newRow("empty message") << u"content"_s << u"empty"_s;
    QTest::newRow("unknown role") << u"role"_s << u"role"_s;
    QTest::newRow("ftp base URL") << u"scheme"_s << u"http"_s;
    QTest::newRow("key over plain http to a remote host") << u"insecure"_s << u"unencrypted"_s;
}

void TestChatService::validationSendsNothing()
{
    QFETCH(QString, what);
    QFETCH(QString, messagePart);
    FaultFixture &f = *m_f;
    ChatRequest request = f.request(true, u"steadfast-validation-key-77"_s);
    if (what == u"model"_s)
        request.model.clear();
    else if (what == u"messages"_s)
        request.messages.clear();
    else if (what == u"content"_s)
        request.messages.last().content = u"  "_s;
    else if (what == u"role"_s)
        request.messages.last().role = u"wizard"_s;
    else if (what == u"scheme"_s)
        request.baseUrl.setScheme(u"ftp"_s);
    else if (what == u"insecure"_s)
        request.baseUrl = QUrl(u"http://chat.example.invalid/v1"_s);

    QVERIFY(f.service.send(request));
    // Validation ends the exchange before send() returns.
    QCOMPARE(f.trace.failures.size(), 1);
    QCOMPARE(f.trace.results.size(), 0);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Validation);
    QVERIFY(!error.retryable);
    QVERIFY2(error.message.contains(messagePart, Qt::CaseInsensitive), qPrintable(error.message));
    QVERIFY(f.trace.attempts.isEmpty());
    QCOMPARE(f.service.state(), State::Failed);
    QSignalSpy received(&f.server, &FaultServer::requestReceived);
    QVERIFY(!received.wait(quietMs));
    QVERIFY(f.server.requestLog().isEmpty());
    QCOMPARE(f.server.acceptedConnectionCount(), 0);
}

void TestChatService::sendWhileBusyIsRefused()
{
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(R"({"delayMs": 200})"));
    QVERIFY(f.service.send(f.request(false)));
    QVERIFY(f.service.isBusy());
    QVERIFY(!f.service.send(f.request(true))); // one exchange at a time; nothing emitted
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QCOMPARE(f.server.chatRequestCount(), 1);
    // Once it is over, the next one goes.
    f.trace.clear();
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
}

// ---------------------------------------------------------------------------------------
// The server's hints

void TestChatService::shouldRetryHeader_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<int>("attempts");

    QTest::newRow("500 + x-should-retry: false")
            << QByteArray(R"({"status": 500, "headers": {"x-should-retry": "false"}})")
            << Kind::Server << false << 1;
    QTest::newRow("503 + x-should-retry: false")
            << QByteArray(R"({"status": 503, "headers": {"x-should-retry": "false"}})")
            << Kind::Server << false << 1;
    QTest::newRow("429 + x-should-retry: false")
            << QByteArray(R"({"status": 429, "headers": {"x-should-retry": "false"}})")
            << Kind::RateLimited << false << 1;
    QTest::newRow("400 + x-should-retry: true")
            << QByteArray(R"({"status": 400, "headers": {"x-should-retry": "true"}})")
            << Kind::BadRequest << true << 3;
    QTest::newRow("409 + x-should-retry: true")
            << QByteArray(R"({"status": 409, "headers": {"x-should-retry": "TRUE"}})")
            << Kind::Conflict << true << 3;
}

void TestChatService::shouldRetryHeader()
{
    QFETCH(QByteArray, step);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    QFETCH(int, attempts);
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(step, 99));
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.shouldRetryHeader, std::optional(retryable));
    QCOMPARE(f.trace.attempts, oneTo(attempts));
    QCOMPARE(f.trace.retries.size(), attempts - 1);
    if (!retryable)
        return;
    // Retried on the server's word, and survived when it happens once.
    f.server.reset();
    f.trace.clear();
    QVERIFY(f.arm(step, 1));
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().attempts, 2);
}

void TestChatService::retryWaitHonoursHints_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("backoffMs"); // the policy's own delay (no jitter)
    QTest::addColumn<bool>("hintWins");
    QTest::addColumn<qint64>("hintMin");
    QTest::addColumn<qint64>("hintMax");
    QTest::addColumn<bool>("skipWait"); // retryNow() once the facts are checked (long hints)

    QTest::newRow("retry-after-ms beats backoff")
            << QByteArray(R"({"status": 429, "headers": {"retry-after-ms": "150"}})") << 5 << true
            << qint64(150) << qint64(150) << false;
    QTest::newRow("backoff beats retry-after-ms")
            << QByteArray(R"({"status": 429, "headers": {"retry-after-ms": "10"}})") << 200 << false
            << qint64(10) << qint64(10) << false;
    QTest::newRow("retry-after-ms read before Retry-After") << QByteArray(
            R"({"status": 429, "headers": {"retry-after-ms": "120", "Retry-After": "30"}})")
                                                            << 5 << true << qint64(120)
                                                            << qint64(120) << false;
    QTest::newRow("Retry-After seconds")
            << QByteArray(R"({"status": 429, "headers": {"Retry-After": "2"}})") << 5 << true
            << qint64(2000) << qint64(2000) << true;
    QTest::newRow("Retry-After HTTP-date")
            << QByteArray(R"({"status": 429, "headers": {"Retry-After": ")") + httpDateIn(10)
                    + "\"}}"
            << 5 << true << qint64(5000) << qint64(10000) << true;
    QTest::newRow("message hint") << QByteArray(
            R"({"status": 429, "error": {"message": "Please try again in 120ms."}})")
                                  << 5 << true << qint64(120) << qint64(120) << false;
    QTest::newRow("503 with Retry-After")
            << QByteArray(R"({"status": 503, "headers": {"Retry-After": "1"}})") << 5 << true
            << qint64(1000) << qint64(1000) << true;
}

void TestChatService::retryWaitHonoursHints()
{
    QFETCH(QByteArray, step);
    QFETCH(int, backoffMs);
    QFETCH(bool, hintWins);
    QFETCH(qint64, hintMin);
    QFETCH(qint64, hintMax);
    QFETCH(bool, skipWait);
    FaultFixture &f = *m_f;
    f.setOptions([&](ServiceOptions &options) {
        options.backoff.base = milliseconds(backoffMs);
        options.backoff.maxJitter = 0ms;
        options.backoff.cap = 10s;
        options.maxWait = 30s; // the HTTP-date row asks for up to 10 s
    });
    QVERIFY(f.arm(step, 1));
    QVERIFY(f.service.send(f.request(false)));
    QTRY_COMPARE_WITH_TIMEOUT(f.trace.retries.size(), 1, endTimeoutMs);
    const RetryInfo info = f.trace.retries.first();
    QCOMPARE(info.attempt, 2);
    QVERIFY(info.hint);
    QVERIFY2(info.hint->count() >= hintMin && info.hint->count() <= hintMax,
             qPrintable(u"hint %1 ms"_s.arg(info.hint->count())));
    QCOMPARE(info.backoff, milliseconds(backoffMs));
    QCOMPARE(info.source, hintWins ? RetryInfo::Source::ServerHint : RetryInfo::Source::Backoff);
    QCOMPARE(info.delay, std::max(*info.hint, info.backoff));
    QCOMPARE(info.error.retryAfter, info.hint);
    QCOMPARE(f.trace.countdown.first().msLeft, info.delay.count());
    if (skipWait)
        f.service.retryNow();
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().attempts, 2);
    if (!skipWait) // the retry came no sooner than the server asked
        QVERIFY(f.trace.attemptTimes.at(1) - f.trace.retryTimes.at(0) >= info.delay.count());
}

void TestChatService::longWaitFails()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.maxWait = 500ms;
        options.longWait = ServiceOptions::LongWait::Fail;
    });
    QVERIFY(f.arm(R"({"status": 429, "headers": {"Retry-After": "30"}})", 1));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QVERIFY(f.trace.endedAtMs < 5000); // at once: no wait at all
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::RateLimited);
    QCOMPARE(error.retryAfter, std::optional(milliseconds(30000)));
    QVERIFY2(error.message.contains(u"30 s"_s), qPrintable(error.message));
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QVERIFY(f.trace.retries.isEmpty());
    QVERIFY(f.trace.longWaits.isEmpty());
    QVERIFY(f.trace.countdown.isEmpty());
}

void TestChatService::longWaitAskedAndAccepted()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.maxWait = 100ms;
        options.longWait = ServiceOptions::LongWait::Ask;
    });
    QVERIFY(f.arm(R"({"status": 429, "headers": {"retry-after-ms": "400"}})", 1));
    QVERIFY(f.service.send(f.request(true)));
    QTRY_COMPARE_WITH_TIMEOUT(f.trace.longWaits.size(), 1, endTimeoutMs);
    QCOMPARE(f.trace.longWaitMs.first(), qint64(400));
    QCOMPARE(f.trace.longWaits.first().kind, Kind::RateLimited);
    QCOMPARE(f.service.state(), State::WaitingForConsent);
    QVERIFY(f.trace.retries.isEmpty());
    // Nothing happens while the user is asked.
    QSignalSpy attempts(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attempts.wait(quietMs));
    QCOMPARE(f.service.state(), State::WaitingForConsent);

    const qint64 acceptedAt = f.trace.elapsedMs();
    f.service.acceptLongWait();
    QCOMPARE(f.service.state(), State::WaitingToRetry);
    QCOMPARE(f.trace.retries.size(), 1);
    QCOMPARE(f.trace.retries.first().delay, 400ms);
    QCOMPARE(f.trace.retries.first().source, RetryInfo::Source::ServerHint);
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().attempts, 2);
    QVERIFY(f.trace.attemptTimes.at(1) - acceptedAt >= 400);
}

void TestChatService::longWaitAskedAndCancelled()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.maxWait = 100ms;
        options.longWait = ServiceOptions::LongWait::Ask;
    });
    QVERIFY(f.arm(R"({"status": 503, "headers": {"Retry-After": "3600"}})", 1));
    QVERIFY(f.service.send(f.request(false)));
    QTRY_COMPARE_WITH_TIMEOUT(f.trace.longWaits.size(), 1, endTimeoutMs);
    QCOMPARE(f.trace.longWaitMs.first(), qint64(3600 * 1000));
    f.service.cancel();
    QCOMPARE(f.trace.failures.size(), 1);
    QCOMPARE(f.trace.failures.first().error.kind, Kind::Cancelled);
    QCOMPARE(f.service.state(), State::Cancelled);
    f.service.acceptLongWait(); // too late: nothing to accept any more
    QSignalSpy attempts(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attempts.wait(quietMs));
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QCOMPARE(f.trace.endings(), 1);
}

// ---------------------------------------------------------------------------------------
// The countdown

void TestChatService::countdownTicksDown()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) { options.tickInterval = 20ms; });
    QVERIFY(f.arm(R"({"status": 503, "headers": {"retry-after-ms": "300"}})", 1));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.retries.size(), 1);
    const qint64 delay = f.trace.retries.first().delay.count();
    QCOMPARE(delay, qint64(300));
    const QList<TracedCountdown> &ticks = f.trace.countdown;
    QVERIFY2(ticks.size() >= 4, qPrintable(u"%1 ticks"_s.arg(ticks.size())));
    QCOMPARE(ticks.first().msLeft, delay);
    QCOMPARE(ticks.last().msLeft, qint64(0));
    for (qsizetype i = 0; i < ticks.size(); ++i) {
        QCOMPARE(ticks.at(i).totalMs, delay);
        if (i > 0)
            QVERIFY2(ticks.at(i).msLeft <= ticks.at(i - 1).msLeft,
                     qPrintable(u"tick %1: %2 after %3"_s.arg(i)
                                        .arg(ticks.at(i).msLeft)
                                        .arg(ticks.at(i - 1).msLeft)));
        // It ticks only while waiting: between the retry's scheduling and the next attempt.
        QVERIFY(ticks.at(i).atMs >= f.trace.retryTimes.first());
        QVERIFY(ticks.at(i).atMs <= f.trace.attemptTimes.at(1));
    }
    QVERIFY(ticks.at(ticks.size() / 2).msLeft < delay); // it does go down
}

void TestChatService::retryNowSkipsTheWait()
{
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(R"({"status": 429, "headers": {"retry-after-ms": "4000"}})", 1));
    QVERIFY(f.service.send(f.request(true)));
    QTRY_COMPARE_WITH_TIMEOUT(f.trace.retries.size(), 1, endTimeoutMs);
    QCOMPARE(f.service.state(), State::WaitingToRetry);
    const qint64 scheduledAt = f.trace.retryTimes.first();
    f.service.retryNow();
    QCOMPARE(f.trace.attempts, oneTo(2)); // at once, not after the countdown
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().attempts, 2);
    QVERIFY(f.trace.endedAtMs - scheduledAt < 3000);
    const qint64 ticksBefore = f.trace.countdown.size();
    QSignalSpy countdown(&f.service, &ChatService::retryCountdown);
    QVERIFY(!countdown.wait(quietMs)); // the countdown stopped with the skip
    QCOMPARE(f.trace.countdown.size(), ticksBefore);
    QVERIFY(f.trace.countdown.last().atMs <= f.trace.attemptTimes.at(1));
}

void TestChatService::cancelDuringCountdown()
{
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(R"({"status": 500, "headers": {"retry-after-ms": "400"}})", 1));
    QVERIFY(f.service.send(f.request(false)));
    QTRY_VERIFY_WITH_TIMEOUT(f.trace.countdown.size() >= 2, endTimeoutMs);
    QCOMPARE(f.service.state(), State::WaitingToRetry);
    f.service.cancel();
    QCOMPARE(f.trace.failures.size(), 1);
    QCOMPARE(f.trace.failures.first().error.kind, Kind::Cancelled);
    QVERIFY(!f.trace.failures.first().error.retryable);
    QCOMPARE(f.service.state(), State::Cancelled);
    QCOMPARE(f.trace.states.last(), State::Cancelled);
    // Well past the 400 ms the retry would have waited: no attempt, no tick.
    const qsizetype ticks = f.trace.countdown.size();
    QSignalSpy attempts(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attempts.wait(700));
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QCOMPARE(f.trace.countdown.size(), ticks);
    QCOMPARE(f.trace.endings(), 1);
    QCOMPARE(f.server.chatRequestCount(), 1);
}

void TestChatService::cancelInEveryState_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("until");
    QTest::addColumn<State>("state");
    QTest::addColumn<QString>("partial");

    QTest::newRow("sending: slow first byte") << QByteArray(R"({"delayMs": 10000})") << true
                                              << u"request"_s << State::Sending << QString();
    QTest::newRow("sending: server hangs") << QByteArray(R"({"action": "hang"})") << false
                                           << u"request"_s << State::Sending << QString();
    QTest::newRow("streaming: stalled stream")
            << QByteArray(R"({"stream": {"stallAfterChunks": 2}})") << true << u"delta"_s
            << State::Streaming << u"Alpha beta"_s;
    QTest::newRow("waiting to retry")
            << QByteArray(R"({"status": 503, "headers": {"retry-after-ms": "10000"}})") << true
            << u"retry"_s << State::WaitingToRetry << QString();
    QTest::newRow("waiting for consent")
            << QByteArray(R"({"status": 429, "headers": {"Retry-After": "120"}})") << true
            << u"consent"_s << State::WaitingForConsent << QString();
}

void TestChatService::cancelInEveryState()
{
    QFETCH(QByteArray, step);
    QFETCH(bool, stream);
    QFETCH(QString, until);
    QFETCH(State, state);
    QFETCH(QString, partial);
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.maxWait = 30s; // the consent row asks for 120 s
        options.longWait = ServiceOptions::LongWait::Ask;
    });
    QVERIFY(f.arm(step, 99));
    QSignalSpy received(&f.server, &FaultServer::requestReceived);
    QVERIFY(f.service.send(f.request(stream)));
    if (until == u"request"_s)
        QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 1, endTimeoutMs);
    else if (until == u"delta"_s)
        QTRY_VERIFY_WITH_TIMEOUT(f.trace.deltas.size() >= 2, endTimeoutMs);
    else if (until == u"retry"_s)
        QTRY_VERIFY_WITH_TIMEOUT(f.trace.retries.size() >= 1, endTimeoutMs);
    else if (until == u"consent"_s)
        QTRY_VERIFY_WITH_TIMEOUT(f.trace.longWaits.size() >= 1, endTimeoutMs);
    QCOMPARE(f.service.state(), state);
    QVERIFY(!f.trace.isOver());
    const int failuresBefore = f.breaker()->consecutiveFailures();

    f.service.cancel(); // ends the exchange at once, in every state
    QCOMPARE(f.trace.failures.size(), 1);
    QCOMPARE(f.trace.results.size(), 0);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Cancelled); // never Timeout
    QCOMPARE(error.timeoutPhase, Phase::None);
    QVERIFY(!error.retryable);
    QCOMPARE(f.trace.failures.first().partialText, partial);
    QCOMPARE(f.service.state(), State::Cancelled);
    QVERIFY(!f.service.isBusy());
    const qsizetype attemptsMade = f.trace.attempts.size();
    QCOMPARE(attemptsMade, 1);

    QSignalSpy attempts(&f.service, &ChatService::attemptStarted);
    QSignalSpy states(&f.service, &ChatService::stateChanged);
    QVERIFY(!attempts.wait(quietMs));
    QCOMPARE(states.size(), 0);
    QCOMPARE(f.trace.endings(), 1);
    QCOMPARE(f.breaker()->consecutiveFailures(), failuresBefore); // a cancel is no failure
    f.service.cancel();                                           // a second cancel: nothing
    QCOMPARE(f.trace.endings(), 1);
}

// ---------------------------------------------------------------------------------------
// Timeouts are phases

void TestChatService::slowSteadyStreamIsNotKilled()
{
    FaultFixture &f = *m_f;
    QStringList words;
    for (int i = 1; i <= 20; ++i)
        words.append(u"word%1"_s.arg(i));
    const QString text = words.join(u' ');
    f.server.setReplyText(text);
    f.setOptions([](ServiceOptions &options) {
        options.idleTimeout = 300ms;
        options.firstByteTimeout = 300ms;
    });
    // 20 pieces 30 ms apart, plus role and finish: ~650 ms in all, more than either limit.
    QVERIFY(f.arm(R"({"stream": {"chunkDelayMs": 30}})"));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 0);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().text, text);
    QCOMPARE(f.trace.results.first().attempts, 1);
    QCOMPARE(f.trace.deltas.size(), 20);
    QVERIFY2(f.trace.endedAtMs > 300, qPrintable(u"%1 ms"_s.arg(f.trace.endedAtMs)));
}

void TestChatService::firstByteTimeoutIsTimeoutNotCancelled()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.firstByteTimeout = 400ms;
        options.tickInterval = 20ms;
        options.maxRetries = 0;
    });
    QVERIFY(f.arm(R"({"delayMs": 5000})"));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Timeout); // our own abort, yet not Cancelled
    QCOMPARE(error.timeoutPhase, Phase::FirstByte);
    QCOMPARE(error.timeoutAfter, 400ms);
    QVERIFY(error.retryable);
    QVERIFY2(error.message.contains(u"0.4 s"_s), qPrintable(error.message));
    QCOMPARE(f.service.state(), State::Failed);
    QVERIFY(f.trace.endedAtMs >= 350); // the phase timer is coarse (5 %)
    // "waiting for the model…": ticks while waiting, growing, against the limit.
    QVERIFY2(f.trace.waitingElapsed.size() >= 3,
             qPrintable(u"%1 ticks"_s.arg(f.trace.waitingElapsed.size())));
    QCOMPARE(f.trace.waitingTimeout, qint64(400));
    for (qsizetype i = 1; i < f.trace.waitingElapsed.size(); ++i)
        QVERIFY(f.trace.waitingElapsed.at(i) > f.trace.waitingElapsed.at(i - 1));
    QVERIFY(f.trace.waitingElapsed.last() < 500);
}

void TestChatService::slowFirstByteWithinTimeoutSucceeds()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.firstByteTimeout = 3000ms;
        options.tickInterval = 20ms;
    });
    QVERIFY(f.arm(R"({"delayMs": 300})"));
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().attempts, 1);
    QVERIFY(!f.trace.waitingElapsed.isEmpty());
    QCOMPARE(f.trace.waitingTimeout, qint64(3000));
}

void TestChatService::deadline_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("deadlineMs");
    QTest::addColumn<bool>("ask");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<QString>("messagePart");

    // Attempt 1 fails at once, the 400 ms wait fits; attempt 2 fails at ~400 ms and the next
    // 400 ms wait would end past 700 ms: the exchange ends now, not at the deadline.
    QTest::newRow("retries would pass the deadline")
            << QByteArray(R"({"status": 503, "headers": {"retry-after-ms": "400"}})") << 700
            << false << 2 << u"deadline"_s;
    // A first-byte timeout of 5 s would be retried; the deadline is not.
    QTest::newRow("deadline passes during an attempt")
            << QByteArray(R"({"delayMs": 5000})") << 300 << false << 1 << u"deadline"_s;
    QTest::newRow("deadline passes while asking")
            << QByteArray(R"({"status": 429, "headers": {"Retry-After": "60"}})") << 400 << true
            << 1 << u"deadline"_s;
}

void TestChatService::deadline()
{
    QFETCH(QByteArray, step);
    QFETCH(int, deadlineMs);
    QFETCH(bool, ask);
    QFETCH(int, attempts);
    QFETCH(QString, messagePart);
    FaultFixture &f = *m_f;
    f.setOptions([&](ServiceOptions &options) {
        options.deadline = milliseconds(deadlineMs);
        options.maxRetries = 5;
        if (ask) {
            options.maxWait = 100ms;
            options.longWait = ServiceOptions::LongWait::Ask;
        }
    });
    QVERIFY(f.arm(step, 99));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Timeout);
    QCOMPARE(error.timeoutPhase, Phase::Deadline);
    QCOMPARE(error.timeoutAfter, milliseconds(deadlineMs));
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    QCOMPARE(f.trace.attempts, oneTo(attempts));
    QVERIFY(f.trace.endedAtMs < deadlineMs + 2000);
    QSignalSpy attemptsAfter(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attemptsAfter.wait(quietMs));
    QCOMPARE(f.trace.endings(), 1);
}

void TestChatService::connectPhaseTimeout()
{
    FaultFixture &f = *m_f;
    SinkServer sink; // accepts, never reads
    QVERIFY(sink.listen(QHostAddress::LocalHost, 0));
    f.setOptions([](ServiceOptions &options) {
        options.connectTimeout = 300ms;
        options.maxRetries = 0;
    });
    ChatRequest request = f.request(false);
    request.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(sink.serverPort()));
    // 16 MiB cannot fit in the socket buffers of a peer that never reads: requestSent
    // never comes.
    request.messages.last().content = QString(16 * 1024 * 1024, u'x');
    QVERIFY(f.service.send(request));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Timeout);
    QCOMPARE(error.timeoutPhase, Phase::Connect);
    QCOMPARE(error.timeoutAfter, 300ms);
    QVERIFY(error.retryable);
    QVERIFY(f.trace.waitingElapsed.isEmpty()); // never got as far as waiting for a reply
    QCOMPARE(sink.acceptedCount(), 1);         // it connected; sending is what timed out
}

// ---------------------------------------------------------------------------------------
// The breaker and the retries

void TestChatService::breakerOpensAndRetryWaitsForProbe()
{
    FaultFixture &f = *m_f;
    f.breakers.setOptions({.threshold = 3, .cooldown = 300ms});
    f.setOptions([](ServiceOptions &options) { options.maxRetries = 5; });
    CircuitBreaker *breaker = f.breaker();
    BreakerTrace breakerTrace(breaker);
    QList<std::pair<CircuitBreaker::State, bool>> atAttempt; // state, probe in flight
    QObject context;
    connect(&f.service, &ChatService::attemptStarted, &context, [&] {
        atAttempt.append({breaker->state(), breaker->isProbeInFlight()});
    });
    QVERIFY(f.arm(R"({"status": 500})", 3));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);

    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().attempts, 4);
    QCOMPARE(f.trace.retries.size(), 3);
    QCOMPARE(f.trace.retries.at(0).source, RetryInfo::Source::Backoff);
    QCOMPARE(f.trace.retries.at(1).source, RetryInfo::Source::Backoff);
    // The third 500 opened the breaker: the retry waits for the probe, and is the probe.
    const RetryInfo &probe = f.trace.retries.at(2);
    QCOMPARE(probe.source, RetryInfo::Source::BreakerProbe);
    QCOMPARE(probe.attempt, 4);
    QVERIFY2(probe.delay > 200ms && probe.delay <= 300ms,
             qPrintable(u"%1 ms"_s.arg(probe.delay.count())));
    QCOMPARE(f.trace.countdown.last().msLeft, qint64(0));
    QCOMPARE(atAttempt.size(), 4);
    QCOMPARE(atAttempt.at(3).first, CircuitBreaker::State::HalfOpen);
    QVERIFY(atAttempt.at(3).second);

    QCOMPARE(breakerTrace.states(),
             (QList<CircuitBreaker::State>{CircuitBreaker::State::Open,
                                           CircuitBreaker::State::HalfOpen,
                                           CircuitBreaker::State::Closed}));
    const BreakerChange &opened = breakerTrace.changes.first();
    QCOMPARE(opened.failures, 3);
    QCOMPARE(opened.threshold, 3);
    QVERIFY(opened.msUntilProbe > 250 && opened.msUntilProbe <= 300);
    QCOMPARE(breaker->state(), CircuitBreaker::State::Closed);
    QCOMPARE(breaker->consecutiveFailures(), 0);
}

void TestChatService::newRequestWhileOpenIsNotSent()
{
    FaultFixture &f = *m_f;
    f.breakers.setOptions({.threshold = 3, .cooldown = 600ms});
    CircuitBreaker *breaker = f.breaker();
    BreakerTrace breakerTrace(breaker);
    QVERIFY(f.arm(R"({"status": 502})", 3));
    QVERIFY(f.service.send(f.request(false))); // 3 attempts, 3 failures: retries exhausted
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    QCOMPARE(f.trace.failures.first().error.kind, Kind::Server);
    QCOMPARE(breaker->state(), CircuitBreaker::State::Open);
    QCOMPARE(f.server.chatRequestCount(), 3);

    f.trace.clear();
    QVERIFY(f.service.send(f.request(false)));
    // Not sent at all: it fails before send() returns.
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::CircuitOpen);
    QVERIFY(!error.retryable);
    QVERIFY(error.retryAfter);
    QVERIFY2(*error.retryAfter > 0ms && *error.retryAfter <= 600ms,
             qPrintable(u"%1 ms"_s.arg(error.retryAfter->count())));
    QVERIFY2(error.message.contains(u"next probe"_s), qPrintable(error.message));
    QVERIFY(f.trace.attempts.isEmpty());
    QSignalSpy received(&f.server, &FaultServer::requestReceived);
    QVERIFY(!received.wait(100));
    QCOMPARE(f.server.chatRequestCount(), 3);

    // After the cooldown: half-open, and the next request is the probe; it closes.
    QTRY_COMPARE_WITH_TIMEOUT(breaker->state(), CircuitBreaker::State::HalfOpen, endTimeoutMs);
    f.trace.clear();
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.server.chatRequestCount(), 4);
    QCOMPARE(breakerTrace.states(),
             (QList<CircuitBreaker::State>{CircuitBreaker::State::Open,
                                           CircuitBreaker::State::HalfOpen,
                                           CircuitBreaker::State::Closed}));

    // A failed probe opens it again, with a fresh cooldown.
    QVERIFY(f.arm(R"({"status": 500})", 3));
    f.trace.clear();
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(breaker->state(), CircuitBreaker::State::Open);
    QTRY_COMPARE_WITH_TIMEOUT(breaker->state(), CircuitBreaker::State::HalfOpen, endTimeoutMs);
    QVERIFY(f.arm(R"({"status": 500})"));
    f.trace.clear();
    f.setOptions([](ServiceOptions &options) { options.maxWait = 100ms; });
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.attempts, QList<int>{1}); // the probe failed; the next probe is too far
    QCOMPARE(f.trace.failures.first().error.kind, Kind::CircuitOpen);
    QCOMPARE(breaker->state(), CircuitBreaker::State::Open);
    QCOMPARE(breakerTrace.changes.last().failures, 4);
}

void TestChatService::probeBeyondMaxWaitEndsAsCircuitOpen()
{
    FaultFixture &f = *m_f;
    f.breakers.setOptions({.threshold = 3, .cooldown = 5000ms});
    f.setOptions([](ServiceOptions &options) {
        options.maxRetries = 5;
        options.maxWait = 1000ms;
    });
    QVERIFY(f.arm(R"({"action": "reset"})", 99));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::CircuitOpen);
    QVERIFY(error.retryAfter);
    QVERIFY2(*error.retryAfter > 4000ms && *error.retryAfter <= 5000ms,
             qPrintable(u"%1 ms"_s.arg(error.retryAfter->count())));
    QVERIFY2(error.message.contains(u"Connection"_s), qPrintable(error.message)); // last error
    QCOMPARE(f.trace.attempts, oneTo(3));
    QCOMPARE(f.trace.retries.size(), 2);
    QVERIFY(f.trace.endedAtMs < 4000); // it did not wait for the probe
    QCOMPARE(f.breaker()->state(), CircuitBreaker::State::Open);
}

void TestChatService::pausedBreakerSendsNothingUntilReset()
{
    FaultFixture &f = *m_f;
    CircuitBreaker *breaker = f.breaker();
    BreakerTrace breakerTrace(breaker);
    breaker->pause();
    QVERIFY(f.service.send(f.request(true)));
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::CircuitOpen);
    QVERIFY(!error.retryAfter); // no probe comes by itself
    QVERIFY2(error.message.contains(u"paused"_s), qPrintable(error.message));
    QVERIFY(f.trace.attempts.isEmpty());
    QSignalSpy received(&f.server, &FaultServer::requestReceived);
    QVERIFY(!received.wait(quietMs));
    QCOMPARE(f.server.chatRequestCount(), 0);
    QCOMPARE(breaker->state(), CircuitBreaker::State::Open);

    breaker->reset();
    f.trace.clear();
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.server.chatRequestCount(), 1);
    QCOMPARE(breakerTrace.states(),
             (QList<CircuitBreaker::State>{CircuitBreaker::State::Open,
                                           CircuitBreaker::State::Closed}));
}

void TestChatService::clientErrorsDoNotOpenBreaker_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("requests");
    QTest::newRow("429 retried") << QByteArray(
            R"({"status": 429, "headers": {"retry-after-ms": "1"}})")
                                 << 2;
    QTest::newRow("400") << QByteArray(R"({"status": 400})") << 5;
    QTest::newRow("401") << QByteArray(R"({"status": 401})") << 5;
    QTest::newRow("404") << QByteArray(R"({"status": 404})") << 5;
    QTest::newRow("429 insufficient_quota")
            << QByteArray(R"({"status": 429, "error": {"code": "insufficient_quota"}})") << 5;
}

void TestChatService::clientErrorsDoNotOpenBreaker()
{
    QFETCH(QByteArray, step);
    QFETCH(int, requests);
    FaultFixture &f = *m_f;
    f.breakers.setOptions({.threshold = 3, .cooldown = 5000ms});
    CircuitBreaker *breaker = f.breaker();
    BreakerTrace breakerTrace(breaker);
    QVERIFY(f.arm(step, 99));
    int attempts = 0;
    for (int i = 0; i < requests; ++i) {
        f.trace.clear();
        QVERIFY(f.service.send(f.request(i % 2 == 0)));
        WAIT_FOR_END(f);
        QCOMPARE(f.trace.failures.size(), 1);
        QVERIFY(f.trace.failures.first().error.kind != Kind::CircuitOpen);
        attempts += int(f.trace.attempts.size());
    }
    QVERIFY(attempts >= 5); // well past the threshold of 3
    QCOMPARE(breaker->state(), CircuitBreaker::State::Closed);
    QCOMPARE(breaker->consecutiveFailures(), 0);
    QVERIFY(breakerTrace.changes.isEmpty());
}

// ---------------------------------------------------------------------------------------
// Redirects

void TestChatService::sameOriginRedirectIsFollowed_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("stream");
    for (const int status : {301, 302, 303, 307, 308}) {
        QTest::addRow("%d json", status) << status << false;
        QTest::addRow("%d stream", status) << status << true;
    }
}

void TestChatService::sameOriginRedirectIsFollowed()
{
    QFETCH(int, status);
    QFETCH(bool, stream);
    FaultFixture &f = *m_f;
    const QString key = u"steadfast-redirect-key-9d2c"_s;
    // The API moved from /v1 to /v2: the server redirects, then serves only the new path.
    QVERIFY(f.arm(QByteArray(R"({"status": )") + QByteArray::number(status)
                  + R"(, "headers": {"Location": "/v2/chat/completions"}})"));
    QObject context;
    connect(&f.server, &FaultServer::requestReceived, &context,
            [&f](const QJsonObject &) { f.server.setPathPrefix(u"/v2"_s); });
    QVERIFY(f.service.send(f.request(stream, key)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 0);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().text, FaultFixture::replyText);
    QCOMPARE(f.trace.attempts, QList<int>{1}); // a redirect is not a retry
    const QList<QJsonObject> log = f.server.requestLog();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(0).value(u"path"_s).toString(), u"/v1/chat/completions"_s);
    QCOMPARE(log.at(1).value(u"path"_s).toString(), u"/v2/chat/completions"_s);
    // The same POST, body and key, went to the new path.
    QCOMPARE(log.at(1).value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(log.at(1).value(u"body"_s), log.at(0).value(u"body"_s));
    QCOMPARE(f.server.lastAuthorization(), "Bearer " + key.toUtf8());
}

void TestChatService::crossOriginRedirectIsRefused_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("samePort"); // redirect to the first server's port (other name)
    QTest::newRow("other address") << u"127.0.0.2"_s << false;
    QTest::newRow("other port") << u"127.0.0.1"_s << false;
    QTest::newRow("other host name") << u"localhost"_s << true;
}

void TestChatService::crossOriginRedirectIsRefused()
{
    QFETCH(QString, host);
    QFETCH(bool, samePort);
    FaultFixture &f = *m_f;
    FaultServer other;
    QVERIFY2(other.listen(QHostAddress(host == u"localhost"_s ? u"127.0.0.1"_s : host), 0),
             qPrintable(other.errorString()));
    const quint16 port = samePort ? f.server.port() : other.port();
    const QString target = u"http://%1:%2/v1/chat/completions"_s.arg(host).arg(port);
    QVERIFY(f.arm(R"({"status": 307, "headers": {"Location": ")" + target.toUtf8() + "\"}}"));
    const QString key = u"steadfast-redirect-key-9d2c"_s;
    QVERIFY(f.service.send(f.request(true, key)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Redirect);
    QVERIFY(!error.retryable);
    QCOMPARE(error.httpStatus, 307);
    QCOMPARE(error.redirectTarget, target);
    QVERIFY2(error.message.contains(target), qPrintable(error.message));
    QCOMPARE(f.trace.attempts, QList<int>{1});
    // Neither the key nor the conversation went anywhere else.
    QSignalSpy received(&other, &FaultServer::requestReceived);
    QVERIFY(!received.wait(100));
    QVERIFY(other.requestLog().isEmpty());
    QCOMPARE(other.acceptedConnectionCount(), 0);
    QCOMPARE(f.server.chatRequestCount(), 1);
    QCOMPARE(f.server.requestLog().size(), 1);
}

void TestChatService::redirectLoopEnds()
{
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(R"({"status": 308, "headers": {"Location": "/v1/chat/completions"}})", 99));
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Redirect);
    QVERIFY(!error.retryable);
    QVERIFY2(error.message.contains(u"too many redirects"_s), qPrintable(error.message));
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QCOMPARE(f.server.chatRequestCount(), 1 + f.service.options().maxRedirects);
}

// ---------------------------------------------------------------------------------------
// Rate-limit headers, the key, the reply

void TestChatService::rateLimitHeaders_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<RateLimitInfo>("expected");

    RateLimitInfo scripted;
    scripted.limitRequests = 60;
    scripted.remainingRequests = 0;
    scripted.resetRequests = milliseconds(6 * 60 * 1000);
    scripted.limitTokens = 1000;
    scripted.remainingTokens = 12;
    scripted.resetTokens = milliseconds(12);
    const QByteArray headers = R"("headers": {"x-ratelimit-limit-requests": "60",
        "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s",
        "x-ratelimit-limit-tokens": "1000", "x-ratelimit-remaining-tokens": "12",
        "x-ratelimit-reset-tokens": "12ms"})";
    QTest::newRow("on a healthy reply") << "{" + headers + "}" << true << scripted;
    QTest::newRow("on a 429") << R"({"status": 429, "error": {"code": "insufficient_quota"}, )"
                    + headers + "}"
                              << false << scripted;

    RateLimitInfo defaults; // the fault server's own: first chat request since reset
    defaults.limitRequests = 500;
    defaults.remainingRequests = 499;
    defaults.limitTokens = 200000;
    QTest::newRow("the server's defaults") << QByteArray("{}") << true << defaults;
}

void TestChatService::rateLimitHeaders()
{
    QFETCH(QByteArray, step);
    QFETCH(bool, succeeds);
    QFETCH(RateLimitInfo, expected);
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(step));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), succeeds ? 1 : 0);
    QCOMPARE(f.trace.rateLimits.size(), 1);
    const RateLimitInfo &info = f.trace.rateLimits.first();
    QCOMPARE(info.limitRequests, expected.limitRequests);
    QCOMPARE(info.remainingRequests, expected.remainingRequests);
    QCOMPARE(info.limitTokens, expected.limitTokens);
    if (expected.remainingTokens) {
        QCOMPARE(info.remainingTokens, expected.remainingTokens);
        QCOMPARE(info.resetRequests, expected.resetRequests);
        QCOMPARE(info.resetTokens, expected.resetTokens);
    } else { // the server's own values: present, whatever they are
        QVERIFY(info.remainingTokens);
        QVERIFY(info.resetRequests);
        QVERIFY(info.resetTokens);
    }
}

void TestChatService::apiKeyIsSentButNeverRecorded()
{
    FaultFixture &f = *m_f;
    // Not "sk-…": the recorder's pattern rules would hide such a key even unregistered;
    // this one is safe only if nobody lets it through.
    const QString key = u"steadfast-secret-4c9e1a77b2d05f3e"_s;
    EventRecorder recorder(&f.service, &f.breakers);
    QList<QJsonObject> events;
    QObject context;
    connect(&recorder, &EventRecorder::eventRecorded, &context,
            [&events](const QJsonObject &event) { events.append(event); });

    // A healthy exchange: the key goes to the server, as a bearer token.
    QVERIFY(f.service.send(f.request(true, key)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.server.lastAuthorization(), "Bearer " + key.toUtf8());
    QCOMPARE(f.server.requestLog().first().value(u"authorizationScheme"_s).toString(), u"Bearer"_s);

    // A server that echoes the key in its error message, and in a stream's error event.
    QVERIFY(f.arm(R"({"status": 400, "error": {"message": "Incorrect API key provided: )"
                  + key.toUtf8() + R"(. Check your settings."}})"));
    f.trace.clear();
    QVERIFY(f.service.send(f.request(false, key)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::BadRequest);
    QVERIFY2(!error.message.contains(key), qPrintable(error.message));
    QVERIFY(!error.summary().contains(key));
    QVERIFY2(error.message.contains(u"Incorrect API key provided"_s), qPrintable(error.message));

    QVERIFY(f.arm(R"({"stream": {"errorAfterChunks": 1}, "error": {"message": "bad key )"
                  + key.toUtf8() + "\"}}"));
    f.setOptions([](ServiceOptions &options) { options.maxRetries = 0; });
    f.trace.clear();
    QVERIFY(f.service.send(f.request(true, key)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    QCOMPARE(f.trace.failures.first().error.kind, Kind::StreamInterrupted);
    QVERIFY(!f.trace.failures.first().error.message.contains(key));

    QVERIFY(events.size() > 10);
    QByteArray all;
    for (const QJsonObject &event : std::as_const(events))
        all += EventRecorder::toJsonLine(event) + '\n';
    QVERIFY(all.contains("attemptFailed"));
    QVERIFY(all.contains("Incorrect API key provided"));
    QVERIFY2(!all.contains(key.toUtf8()), all.constData());
}

void TestChatService::noKeyNoAuthorization()
{
    FaultFixture &f = *m_f;
    QVERIFY(f.service.send(f.request(false)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QVERIFY(f.server.lastAuthorization().isEmpty());
    QVERIFY(!f.server.requestLog().first().value(u"hasAuthorization"_s).toBool());
}

void TestChatService::finishedCarriesTheWholeReply_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("json") << false;
    QTest::newRow("stream") << true;
}

void TestChatService::finishedCarriesTheWholeReply()
{
    QFETCH(bool, stream);
    FaultFixture &f = *m_f;
    QVERIFY(f.service.send(f.request(stream)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 0);
    QCOMPARE(f.trace.results.size(), 1);
    const ChatResult &result = f.trace.results.first();
    QCOMPARE(result.text, FaultFixture::replyText);
    QCOMPARE(result.text, f.trace.deltaText());
    QCOMPARE(f.trace.deltas.size(), stream ? 5 : 1); // word by word, or all at once
    QCOMPARE(result.finishReason, u"stop"_s);
    QCOMPARE(result.model, u"test-model"_s);
    QCOMPARE(result.requestId, lastRequestId(f.server));
    QCOMPARE(result.requestId, u"req_1"_s);
    QCOMPARE(result.attempts, 1);
    if (!stream) { // a stream carries usage only when asked with stream_options
        QVERIFY(result.usage);
        QCOMPARE(result.usage->completionTokens, qint64(5));
        QVERIFY(result.usage->promptTokens > 0);
        QCOMPARE(result.usage->totalTokens,
                 result.usage->promptTokens + result.usage->completionTokens);
    }
    QCOMPARE(f.trace.responses.size(), 1);
    QCOMPARE(f.trace.responses.first().httpStatus, 200);
    QCOMPARE(f.trace.responses.first().requestId, result.requestId);
    QCOMPARE(f.service.state(), State::Done);
    // Streaming means "the reply is coming in", for a JSON body too.
    QCOMPARE(f.trace.states, (QList<State>{State::Sending, State::Streaming, State::Done}));
}

void TestChatService::retriesShareOneClientRequestId()
{
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(R"({"status": 500})", 2));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    const ChatResult &result = f.trace.results.first();
    QCOMPARE(result.attempts, 3);
    QCOMPARE(result.requestId, lastRequestId(f.server)); // the reply that succeeded
    QCOMPARE(f.trace.attemptFailures.first().error.requestId, u"req_1"_s);
    QCOMPARE(f.trace.attemptFailures.last().error.requestId, u"req_2"_s);
    const QList<QJsonObject> log = f.server.requestLog();
    QCOMPARE(log.size(), 3);
    const QString id =
            log.first().value(u"headers"_s).toObject().value(u"x-client-request-id"_s).toString();
    QVERIFY(!id.isEmpty());
    for (const QJsonObject &entry : log)
        QCOMPARE(entry.value(u"headers"_s).toObject().value(u"x-client-request-id"_s).toString(),
                 id);
    // A new exchange gets a new id.
    f.server.reset();
    f.trace.clear();
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QVERIFY(f.server.requestLog()
                    .first()
                    .value(u"headers"_s)
                    .toObject()
                    .value(u"x-client-request-id"_s)
            != id);
}

// ---------------------------------------------------------------------------------------
// Reentrancy: slots that cancel, retry, or start the next exchange from inside a signal

void TestChatService::cancelFromEverySignal_data()
{
    QTest::addColumn<QString>("hook");
    QTest::addColumn<QByteArray>("step"); // armed once; a second exchange gets a healthy reply
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("tickMs");   // the service's tick interval (countdown, waiting)
    QTest::addColumn<int>("attempts"); // attempts started before the cancel
    QTest::addColumn<int>("requests"); // requests the server saw; -1: 0 or 1
    QTest::addColumn<bool>("probe");   // the first attempt is the breaker's half-open probe

    const QByteArray healthy = "{}";
    const QByteArray slow = R"({"delayMs": 200})";
    const QByteArray rateLimited = R"({"status": 429, "headers": {"retry-after-ms": "30"}})";
    const QByteArray longHint = R"({"status": 429, "headers": {"Retry-After": "120"}})";
    struct Row
    {
        const char *hook;
        QByteArray step;
        bool stream;
        int tickMs;
        int attempts;
        int requests;
    };
    const Row rows[] = {
            {"stateChanged(Sending)", healthy, true, 15, 0, 0},
            {"attemptStarted", healthy, true, 15, 1, 0},
            {"responseWaiting", slow, true, 15, 1, -1},
            {"responseReceived", healthy, true, 15, 1, 1},
            {"responseReceived", healthy, false, 15, 1, 1},
            {"rateLimitUpdated", healthy, true, 15, 1, 1},
            {"stateChanged(Streaming)", healthy, true, 15, 1, 1},
            {"delta", healthy, true, 15, 1, 1},
            {"delta", healthy, false, 15, 1, 1},
            {"attemptFailed", rateLimited, true, 15, 1, 1},
            {"stateChanged(WaitingToRetry)", rateLimited, true, 15, 1, 1},
            {"retryScheduled", rateLimited, true, 15, 1, 1},
            {"retryCountdown (first)", rateLimited, true, 15, 1, 1},
            // No tick comes within the 30 ms wait: the only 0 is the one that ends it.
            {"retryCountdown (final 0)", rateLimited, true, 5000, 1, 1},
            {"longWaitRequested", longHint, false, 15, 1, 1},
    };
    for (const Row &row : rows) {
        for (const bool probe : {false, true}) {
            QTest::addRow("%s, %s%s", row.hook, row.stream ? "stream" : "json",
                          probe ? ", probe" : "")
                    << QString::fromLatin1(row.hook) << row.step << row.stream << row.tickMs
                    << row.attempts << row.requests << probe;
        }
    }
}

void TestChatService::cancelFromEverySignal()
{
    QFETCH(QString, hook);
    QFETCH(QByteArray, step);
    QFETCH(bool, stream);
    QFETCH(int, tickMs);
    QFETCH(int, attempts);
    QFETCH(int, requests);
    QFETCH(bool, probe);
    FaultFixture &f = *m_f;
    f.setOptions([&](ServiceOptions &options) {
        options.tickInterval = milliseconds(tickMs);
        options.maxWait = 1000ms; // the long hint (120 s) is asked about
        options.longWait = ServiceOptions::LongWait::Ask;
    });
    CircuitBreaker *breaker = f.breaker();
    if (probe) {
        makeHalfOpen(breaker);
        QCOMPARE(breaker->state(), CircuitBreaker::State::HalfOpen);
    }
    QVERIFY(f.arm(step));
    Timeline timeline(&f.service); // before the hook: it sees each signal before the hook
    QObject context;
    int cancels = 0;
    QVERIFY2(hookOnce(&f.service, &context, hook,
                      [&] {
                          ++cancels;
                          f.service.cancel();
                      }),
             qPrintable(hook));

    QVERIFY(f.service.send(f.request(stream)));
    WAIT_FOR_END(f);
    QCOMPARE(cancels, 1);
    QVERIFY2(f.trace.failures.size() == 1 && f.trace.results.isEmpty(),
             qPrintable(timeline.text()));
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Cancelled);
    QVERIFY(!error.retryable);
    QCOMPARE(f.trace.failures.first().partialText, f.trace.deltaText());
    QCOMPARE(f.trace.attempts, oneTo(attempts));
    // Nothing of the exchange goes on after it ended, however long one waits.
    QSignalSpy attemptsAfter(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attemptsAfter.wait(quietMs));
    QVERIFY2(timeline.afterFirstEnding().isEmpty(), qPrintable(timeline.text()));
    QCOMPARE(timeline.endings(), 1);
    QCOMPARE(f.trace.states.last(), State::Cancelled);
    QCOMPARE(f.service.state(), State::Cancelled);
    QVERIFY(!f.service.isBusy());
    QVERIFY(!breaker->isProbeInFlight()); // the cancelled probe was given back
    if (requests >= 0)
        QCOMPARE(f.server.chatRequestCount(), requests);
    else
        QVERIFY(f.server.chatRequestCount() <= 1);

    // The service is ready for the next exchange (which is the breaker's probe if the
    // cancelled one never reached the server).
    f.server.reset(); // the step may not have been consumed
    f.trace.clear();
    timeline.events.clear();
    QVERIFY(f.service.send(f.request(stream)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().text, FaultFixture::replyText);
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QCOMPARE(timeline.endings(), 1);
    QCOMPARE(timeline.events.last(), u"finished"_s);
    QCOMPARE(f.service.state(), State::Done);
    QCOMPARE(breaker->state(), CircuitBreaker::State::Closed);
    QVERIFY(!breaker->isProbeInFlight());
}

void TestChatService::retryNowFromCountdownSignals_data()
{
    QTest::addColumn<QString>("hook");
    QTest::addColumn<int>("delayMs"); // the retry's wait, a server hint
    QTest::addColumn<int>("tickMs");
    QTest::addColumn<bool>("announced"); // retryScheduled came before the skip

    // retryNow() inside them starts attempt 2 at once; the timer must not start another.
    QTest::newRow("retryScheduled") << u"retryScheduled"_s << 200 << 15 << true;
    QTest::newRow("retryCountdown (first)") << u"retryCountdown (first)"_s << 200 << 15 << true;
    // Skipped as soon as the state says so: the retry is never announced.
    QTest::newRow("stateChanged(WaitingToRetry)")
            << u"stateChanged(WaitingToRetry)"_s << 200 << 15 << false;
    // Inside the timer's own last tick: the attempt it was about to start starts once.
    QTest::newRow("retryCountdown (final 0)")
            << u"retryCountdown (final 0)"_s << 40 << 5000 << true;
}

void TestChatService::retryNowFromCountdownSignals()
{
    QFETCH(QString, hook);
    QFETCH(int, delayMs);
    QFETCH(int, tickMs);
    QFETCH(bool, announced);
    FaultFixture &f = *m_f;
    f.setOptions([&](ServiceOptions &options) { options.tickInterval = milliseconds(tickMs); });
    QVERIFY(f.arm(R"({"status": 429, "headers": {"retry-after-ms": ")" + QByteArray::number(delayMs)
                  + "\"}}"));
    Timeline timeline(&f.service);
    QObject context;
    int skips = 0;
    QVERIFY2(hookOnce(&f.service, &context, hook,
                      [&] {
                          ++skips;
                          f.service.retryNow();
                      }),
             qPrintable(hook));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(skips, 1);
    QVERIFY2(f.trace.results.size() == 1 && f.trace.failures.isEmpty(),
             qPrintable(timeline.text()));
    QCOMPARE(f.trace.results.first().attempts, 2);
    QCOMPARE(f.trace.results.first().text, FaultFixture::replyText);
    QCOMPARE(f.trace.retries.size(), announced ? 1 : 0);
    QCOMPARE(timeline.events.count(u"state:WaitingToRetry"_s), 1);
    if (announced) {
        QCOMPARE(f.trace.retries.first().delay, milliseconds(delayMs));
        if (delayMs >= 200) // skipped: attempt 2 started inside the signal, before the wait
            QVERIFY2(f.trace.attemptTimes.at(1) - f.trace.retryTimes.at(0) < delayMs,
                     qPrintable(timeline.text()));
    }
    // Well past the wait the retry had: still exactly one extra attempt, one ending.
    QSignalSpy attemptsAfter(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attemptsAfter.wait(std::max(quietMs, 2 * delayMs)));
    QCOMPARE(f.trace.attempts, oneTo(2));
    QCOMPARE(f.server.chatRequestCount(), 2);
    QCOMPARE(timeline.endings(), 1);
    QVERIFY2(timeline.afterFirstEnding().isEmpty(), qPrintable(timeline.text()));
    QCOMPARE(timeline.events.count(u"attemptStarted"_s), 2);
    QCOMPARE(f.service.state(), State::Done);
}

void TestChatService::sendFromEndingSlot_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("cancel"); // the first exchange is cancelled by the test
    QTest::addColumn<QString>("ending");

    QTest::newRow("finished, stream") << QByteArray("{}") << true << false << u"finished"_s;
    QTest::newRow("finished, json") << QByteArray("{}") << false << false << u"finished"_s;
    QTest::newRow("failed, 400") << QByteArray(R"({"status": 400})") << true << false
                                 << u"failed:BadRequest"_s;
    QTest::newRow("failed, cancelled")
            << QByteArray(R"({"delayMs": 3000})") << true << true << u"failed:Cancelled"_s;
}

void TestChatService::sendFromEndingSlot()
{
    QFETCH(QByteArray, step);
    QFETCH(bool, stream);
    QFETCH(bool, cancel);
    QFETCH(QString, ending);
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(step));
    Timeline timeline(&f.service);
    QObject context;
    std::optional<bool> accepted;
    // The ending's own slot starts the next exchange at once.
    const auto sendAgain = [&] {
        if (!accepted)
            accepted = f.service.send(f.request(stream));
    };
    if (ending == u"finished"_s)
        connect(&f.service, &ChatService::finished, &context, sendAgain, Qt::DirectConnection);
    else
        connect(&f.service, &ChatService::failed, &context, sendAgain, Qt::DirectConnection);
    QVERIFY(f.service.send(f.request(stream)));
    if (cancel) {
        QSignalSpy received(&f.server, &FaultServer::requestReceived);
        QVERIFY(received.wait(endTimeoutMs));
        f.service.cancel();
    }
    QTRY_COMPARE_WITH_TIMEOUT(timeline.endings(), 2, endTimeoutMs);
    QVERIFY(accepted);
    QVERIFY(*accepted);
    QCOMPARE(f.trace.results.size(), ending == u"finished"_s ? 2 : 1);
    for (const ChatResult &result : std::as_const(f.trace.results))
        QCOMPARE(result.text, FaultFixture::replyText);
    // The first exchange's ending, then the whole second exchange, which ends last.
    const qsizetype first = timeline.events.indexOf(ending);
    QVERIFY2(first >= 0, qPrintable(timeline.text()));
    QCOMPARE(timeline.events.indexOf(u"attemptStarted"_s, first), first + 2); // after Sending
    QCOMPARE(timeline.events.last(), u"finished"_s);
    QCOMPARE(f.trace.attempts, (QList<int>{1, 1})); // one attempt each
    QCOMPARE(f.server.chatRequestCount(), 2);
    QSignalSpy attemptsAfter(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attemptsAfter.wait(quietMs));
    QCOMPARE(timeline.endings(), 2);
    QCOMPARE(f.service.state(), State::Done);
}

void TestChatService::sendFromEndingStateIsRefused_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<State>("state");
    QTest::addColumn<QString>("ending");

    QTest::newRow("Done") << QByteArray("{}") << State::Done << u"finished"_s;
    QTest::newRow("Failed") << QByteArray(R"({"status": 401})") << State::Failed
                            << u"failed:Authentication"_s;
}

void TestChatService::sendFromEndingStateIsRefused()
{
    QFETCH(QByteArray, step);
    QFETCH(State, state);
    QFETCH(QString, ending);
    FaultFixture &f = *m_f;
    QVERIFY(f.arm(step));
    Timeline timeline(&f.service);
    QObject context;
    std::optional<bool> accepted;
    bool busyThen = false;
    connect(
            &f.service, &ChatService::stateChanged, &context,
            [&](State changed) {
                if (changed != state || accepted)
                    return;
                busyThen = f.service.isBusy();
                accepted = f.service.send(f.request(true));
            },
            Qt::DirectConnection);
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QVERIFY(accepted);
    QVERIFY(!*accepted); // the exchange has not told its ending yet
    QVERIFY(busyThen);
    QCOMPARE(f.trace.endings(), 1);
    // The ending is still the last event, right after the state that announced it.
    QCOMPARE(timeline.events.last(), ending);
    const QMetaEnum states = QMetaEnum::fromType<State>();
    QCOMPARE(timeline.events.at(timeline.events.size() - 2),
             u"state:"_s + QLatin1String(states.valueToKey(int(state))));
    QSignalSpy attemptsAfter(&f.service, &ChatService::attemptStarted);
    QVERIFY(!attemptsAfter.wait(quietMs));
    QCOMPARE(f.trace.attempts, QList<int>{1});
    QCOMPARE(f.server.chatRequestCount(), 1);
    QCOMPARE(f.service.state(), state);
    QVERIFY(!f.service.isBusy());
    // Once the ending is told, the next exchange goes.
    QObject::disconnect(&f.service, nullptr, &context, nullptr);
    f.trace.clear();
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
}

// ---------------------------------------------------------------------------------------
// A server that holds the connection open after the reply

void TestChatService::doneThenConnectionHeldOpen()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) { options.idleTimeout = 5000ms; });
    QVERIFY(f.arm(R"({"stream": {"holdOpen": true}})"));
    QSignalSpy finished(&f.service, &ChatService::finished);
    QVERIFY(f.service.send(f.request(true)));
    // [DONE] ends the exchange at once, not when the idle timeout would end the reply.
    QVERIFY(finished.wait(3000));
    QVERIFY2(f.trace.endedAtMs < 2000, qPrintable(u"%1 ms"_s.arg(f.trace.endedAtMs)));
    QCOMPARE(f.trace.failures.size(), 0);
    QCOMPARE(f.trace.results.size(), 1);
    const ChatResult &result = f.trace.results.first();
    QCOMPARE(result.text, FaultFixture::replyText);
    QCOMPARE(result.finishReason, u"stop"_s);
    QCOMPARE(result.attempts, 1);
    QCOMPARE(f.trace.deltas.size(), 5); // it was streamed, piece by piece
    QCOMPARE(f.service.state(), State::Done);
    QCOMPARE(f.breaker()->consecutiveFailures(), 0);
    // The held reply is let go of by the client in the end, not kept forever...
    QTRY_COMPARE_WITH_TIMEOUT(f.server.openConnectionCount(), 0, endTimeoutMs);
    QCOMPARE(f.trace.endings(), 1);
    // ...and the next exchange is not disturbed by it.
    f.trace.clear();
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().text, FaultFixture::replyText);
}

void TestChatService::finishThenSilenceIsSuccess()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.idleTimeout = 300ms;
        options.maxRetries = 0;
    });
    // The finish chunk, then neither [DONE] nor the end of the body.
    QVERIFY(f.arm(R"({"stream": {"omitDone": true, "holdOpen": true}})"));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 0); // not StreamStalled: the reply was complete
    QCOMPARE(f.trace.results.size(), 1);
    const ChatResult &result = f.trace.results.first();
    QCOMPARE(result.text, FaultFixture::replyText);
    QCOMPARE(result.finishReason, u"stop"_s);
    QCOMPARE(result.attempts, 1);
    QVERIFY(f.trace.attemptFailures.isEmpty());
    // It ended with the idle timeout (a coarse timer may fire 5 % early).
    QVERIFY2(f.trace.endedAtMs >= 280, qPrintable(u"%1 ms"_s.arg(f.trace.endedAtMs)));
    QCOMPARE(f.breaker()->consecutiveFailures(), 0);
    QCOMPARE(f.service.state(), State::Done);
    QTRY_COMPARE_WITH_TIMEOUT(f.server.openConnectionCount(), 0, endTimeoutMs);
}

// ---------------------------------------------------------------------------------------
// Bounds, the breaker's probe, the deadline

void TestChatService::maxWaitBoundsBackoff()
{
    FaultFixture &f = *m_f;
    f.setOptions([](ServiceOptions &options) {
        options.backoff.base = 2000ms;
        options.backoff.cap = 10s;
        options.backoff.maxJitter = 0ms;
        options.maxWait = 300ms;
    });
    QVERIFY(f.arm(R"({"status": 503})"));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().attempts, 2);
    QCOMPARE(f.trace.retries.size(), 1);
    const RetryInfo &info = f.trace.retries.first();
    QCOMPARE(info.source, RetryInfo::Source::Backoff); // no hint: our own wait, bounded
    QVERIFY(!info.hint);
    QCOMPARE(info.backoff, 2000ms); // what the policy wanted...
    QVERIFY2(info.delay > 0ms && info.delay <= 300ms,
             qPrintable(u"%1 ms"_s.arg(info.delay.count()))); // ...and what was waited
    QCOMPARE(f.trace.countdown.first().msLeft, info.delay.count());
    QVERIFY(f.trace.attemptTimes.at(1) - f.trace.retryTimes.at(0) >= info.delay.count());
    QVERIFY2(f.trace.attemptTimes.at(1) - f.trace.retryTimes.at(0) < 1500,
             qPrintable(u"%1 ms"_s.arg(f.trace.attemptTimes.at(1) - f.trace.retryTimes.at(0))));
}

void TestChatService::probeReleasedWhenServiceDestroyed()
{
    FaultFixture &f = *m_f;
    f.breakers.setOptions({.threshold = 1, .cooldown = 100ms});
    CircuitBreaker *breaker = f.breaker();
    // Service A shares the network and the registry with the fixture's service (B).
    auto serviceA = std::make_unique<ChatService>(&f.network, &f.breakers);
    ServiceOptions options = FaultFixture::fastOptions();
    options.maxRetries = 0;
    serviceA->setOptions(options);
    f.setOptions([](ServiceOptions &options) { options.maxRetries = 0; });

    // One 500 opens the breaker; after the cooldown it is HalfOpen.
    QVERIFY(f.arm(R"({"status": 500})"));
    {
        QSignalSpy failed(serviceA.get(), &ChatService::failed);
        QVERIFY(serviceA->send(f.request(true)));
        QVERIFY(failed.wait(endTimeoutMs));
    }
    QCOMPARE(breaker->state(), CircuitBreaker::State::Open);
    QTRY_COMPARE_WITH_TIMEOUT(breaker->state(), CircuitBreaker::State::HalfOpen, endTimeoutMs);

    // A's next request is the probe; the server takes its time answering it.
    QVERIFY(f.arm(R"({"delayMs": 5000})"));
    QSignalSpy received(&f.server, &FaultServer::requestReceived);
    QSignalSpy attemptsA(serviceA.get(), &ChatService::attemptStarted);
    QVERIFY(serviceA->send(f.request(true)));
    QVERIFY(received.wait(endTimeoutMs));
    QCOMPARE(attemptsA.size(), 1);
    QVERIFY(breaker->isProbeInFlight());

    // A goes away mid-probe: the probe is given back, not left in flight forever.
    serviceA.reset();
    QVERIFY(!breaker->isProbeInFlight());
    QCOMPARE(breaker->state(), CircuitBreaker::State::HalfOpen);

    // B's request is not refused as CircuitOpen: it becomes the probe and closes the breaker.
    QList<std::pair<CircuitBreaker::State, bool>> atAttempt;
    QObject context;
    connect(&f.service, &ChatService::attemptStarted, &context, [&] {
        atAttempt.append({breaker->state(), breaker->isProbeInFlight()});
    });
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QVERIFY2(f.trace.failures.isEmpty(),
             qPrintable(f.trace.failures.isEmpty() ? QString()
                                                   : f.trace.failures.first().error.message));
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(f.trace.results.first().text, FaultFixture::replyText);
    QCOMPARE(atAttempt.size(), 1);
    QCOMPARE(atAttempt.first().first, CircuitBreaker::State::HalfOpen);
    QVERIFY(atAttempt.first().second); // B held the probe
    QCOMPARE(breaker->state(), CircuitBreaker::State::Closed);
    QVERIFY(!breaker->isProbeInFlight());
}

void TestChatService::deadlineIsNoBreakerFailure_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<bool>("probe");
    for (const bool probe : {false, true}) {
        const char *suffix = probe ? ", probe" : "";
        QTest::addRow("waiting for the first byte%s", suffix)
                << QByteArray(R"({"delayMs": 5000})") << probe;
        QTest::addRow("a stalled stream%s", suffix)
                << QByteArray(R"({"stream": {"stallAfterChunks": 2}})") << probe;
    }
}

void TestChatService::deadlineIsNoBreakerFailure()
{
    QFETCH(QByteArray, step);
    QFETCH(bool, probe);
    FaultFixture &f = *m_f;
    f.breakers.setOptions({.threshold = 1, .cooldown = 5000ms}); // one failure would open it
    CircuitBreaker *breaker = f.breaker();
    if (probe)
        makeHalfOpen(breaker);
    const CircuitBreaker::State before = breaker->state();
    BreakerTrace breakerTrace(breaker);
    f.setOptions([](ServiceOptions &options) { options.deadline = 300ms; });
    QVERIFY(f.arm(step, 99));
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.failures.size(), 1);
    const ApiError &error = f.trace.failures.first().error;
    QCOMPARE(error.kind, Kind::Timeout);
    QCOMPARE(error.timeoutPhase, Phase::Deadline);
    QCOMPARE(f.trace.attempts, QList<int>{1});
    // The user's deadline says nothing about the service.
    QCOMPARE(breaker->consecutiveFailures(), 0);
    QCOMPARE(breaker->state(), before);
    QVERIFY(breakerTrace.changes.isEmpty());
    QVERIFY(!breaker->isProbeInFlight()); // a probe cut short by the deadline is given back
    // And the next request goes (as the probe, when the breaker was half-open).
    f.server.reset();
    f.trace.clear();
    f.setOptions([](ServiceOptions &options) { options.deadline = 0ms; });
    QVERIFY(f.service.send(f.request(true)));
    WAIT_FOR_END(f);
    QCOMPARE(f.trace.results.size(), 1);
    QCOMPARE(breaker->state(), CircuitBreaker::State::Closed);
}

QTEST_GUILESS_MAIN(TestChatService)
#include "TestChatService.moc"
