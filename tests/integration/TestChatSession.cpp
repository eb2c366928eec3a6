// SPDX-License-Identifier: GPL-3.0-or-later
// ChatSession against the real fault server over loopback TCP, with a real
// ConversationStore in a temporary folder: the user's message is on disk before the
// server hears of it; a stream fills one Assistant item by appending; a broken stream
// keeps its partial (interrupted) until a retry replaces it; errors are items of their own
// and never reach the model; Continue, Regenerate, Try again, Edit and Stop; a reply saved
// mid-stream comes back interrupted after a crash and can be continued.
#include "support/FaultFixture.h"

#include "core/ChatSession.h"
#include "core/Conversation.h"
#include "core/ConversationStore.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using namespace steadfast::test;
using Kind = ConversationItem::Kind;

namespace {

// Generous: two shared cores. The faults themselves are fast.
constexpr int endTimeoutMs = 15000;

const QString kReply = FaultFixture::replyText; // "Alpha beta gamma delta epsilon"

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

/// "user,assistant,error": the kinds of a conversation's items, in order.
QString kinds(const Conversation &conversation)
{
    QStringList names;
    for (const ConversationItem &item : conversation.items())
        names.append(ConversationItem::kindName(item.kind));
    return names.join(u',');
}

/// The same for a conversation file's JSON.
QString kinds(const QJsonObject &file)
{
    QStringList names;
    for (const QJsonValue &item : file.value(u"items"_s).toArray())
        names.append(item.toObject().value(u"kind"_s).toString());
    return names.join(u',');
}

/// "role:content" for each message of a logged request body.
QStringList messagesOf(const QJsonObject &body)
{
    QStringList list;
    for (const QJsonValue &value : body.value(u"messages"_s).toArray()) {
        const QJsonObject message = value.toObject();
        list.append(message.value(u"role"_s).toString() + u':'
                    + message.value(u"content"_s).toString());
    }
    return list;
}

/// One session over the fixture's service, with its conversation stored in a temporary
/// folder. Torn down in reverse: the session before the conversation and the service.
struct Harness
{
    explicit Harness(const QString &storeDirectory = {})
        : store(storeDirectory.isEmpty() ? dir.path() : storeDirectory)
        , session(&f.service, &conversation, &store)
    {
    }

    /// Starts the server and points the session at it (streaming, model "test-model").
    bool start()
    {
        if (!dir.isValid() || !f.start())
            return false;
        SessionConnection connection;
        connection.baseUrl = f.server.baseUrl();
        connection.model = u"test-model"_s;
        connection.stream = true;
        session.setConnection(connection);
        return true;
    }

    /// Runs the event loop until the session is idle again; true if it is.
    bool waitIdle()
    {
        QDeadlineTimer deadline(endTimeoutMs);
        QSignalSpy busy(&session, &ChatSession::busyChanged);
        while (session.isBusy() && !deadline.hasExpired())
            busy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
        return !session.isBusy();
    }

    QJsonObject onDisk() const
    {
        return QJsonDocument::fromJson(readAll(store.conversationPath())).object();
    }

    /// The bodies of the chat requests the server received, in order.
    QList<QJsonObject> bodies() const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &entry : f.server.requestLog()) {
            if (entry.value(u"path"_s).toString().endsWith(u"/chat/completions"_s))
                list.append(entry.value(u"body"_s).toObject());
        }
        return list;
    }

    QStringList lastMessages() const
    {
        const QList<QJsonObject> all = bodies();
        return all.isEmpty() ? QStringList() : messagesOf(all.last());
    }

    FaultFixture f;
    QTemporaryDir dir;
    Conversation conversation;
    ConversationStore store;
    ChatSession session;
};

} // namespace

class TestChatSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userMessageIsOnDiskBeforeTheServerHearsOfIt_data();
    void userMessageIsOnDiskBeforeTheServerHearsOfIt();
    void replyFillsOneAssistantItem_data();
    void replyFillsOneAssistantItem();
    void droppedStreamThenSuccessReplacesThePartial();
    void errorIsAnItemOfItsOwnAndNeverSent_data();
    void errorIsAnItemOfItsOwnAndNeverSent();
    void continueSendsTheInstructionAndAppends();
    void continueRetryReplacesOnlyTheContinuation();
    void continueThatFailsKeepsThePartial();
    void regenerateReplacesTheLastReply();
    void retryAfterAnError();
    void retryDropsAnInterruptedReply();
    void retryNeedsSomethingToRetry();
    void takeLastUserMessage();
    void cancelDuringRetryWaitKeepsTheMessage();
    void cancelWhileStreamingKeepsThePartial();
    void busyRefusesEverything();
    void restoreAfterCrashComesBackInterrupted();
    void validationFailureSendsNothing_data();
    void validationFailureSendsNothing();
    void saveFailureStillSends();
    void newConversationArchives();
    void newConversationKeepsEverythingWhenArchivingFails();
    void worksWithoutAStore();
};

void TestChatSession::userMessageIsOnDiskBeforeTheServerHearsOfIt_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("stream") << true;
    QTest::newRow("json") << false;
}

void TestChatSession::userMessageIsOnDiskBeforeTheServerHearsOfIt()
{
    QFETCH(bool, stream);
    Harness h;
    QVERIFY(h.start());
    SessionConnection connection = h.session.connection();
    connection.stream = stream;
    h.session.setConnection(connection);

    int heard = 0;
    QString onDiskWhenHeard;
    QObject context;
    connect(&h.f.server, &FaultServer::requestReceived, &context, [&] {
        ++heard;
        const QJsonObject file = h.onDisk();
        const QJsonArray items = file.value(u"items"_s).toArray();
        onDiskWhenHeard = items.isEmpty()
                ? u"nothing"_s
                : kinds(file) + u'|' + items.last().toObject().value(u"text"_s).toString();
    });

    QVERIFY(h.session.send(u"  What is the capital of France?\n"_s));
    QVERIFY(h.session.isBusy());
    QVERIFY(h.waitIdle());

    QCOMPARE(heard, 1);
    QCOMPARE(onDiskWhenHeard, u"user|What is the capital of France?"_s); // trimmed
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.onDisk(), h.conversation.toJson()); // and the ending saved
}

void TestChatSession::replyFillsOneAssistantItem_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("stream") << true;
    QTest::newRow("json") << false;
}

void TestChatSession::replyFillsOneAssistantItem()
{
    QFETCH(bool, stream);
    Harness h;
    QVERIFY(h.start());
    SessionConnection connection = h.session.connection();
    connection.stream = stream;
    connection.systemPrompt = u"Be brief."_s;
    h.session.setConnection(connection);

    QStringList shown; // what a view would show: the appended item's text, then the appends
    bool appendedStreaming = false;
    QObject context;
    connect(&h.conversation, &Conversation::itemAppended, &context, [&](int index) {
        if (h.conversation.at(index).kind == Kind::Assistant) {
            appendedStreaming = h.conversation.at(index).streaming;
            shown.append(h.conversation.at(index).text);
        }
    });
    connect(&h.conversation, &Conversation::textAppended, &context,
            [&](int, const QString &text) { shown.append(text); });
    QSignalSpy appended(&h.conversation, &Conversation::itemAppended);
    QSignalSpy textAppended(&h.conversation, &Conversation::textAppended);
    QSignalSpy changed(&h.conversation, &Conversation::itemChanged);
    QSignalSpy started(&h.session, &ChatSession::replyStarted);
    QSignalSpy busy(&h.session, &ChatSession::busyChanged);
    int replyIndexWhenStarted = -2;
    connect(&h.session, &ChatSession::replyStarted, &context,
            [&] { replyIndexWhenStarted = h.session.replyIndex(); });

    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    QCOMPARE(started.count(), 1);
    QCOMPARE(replyIndexWhenStarted, 1);

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(appended.count(), 2);
    QCOMPARE(started.at(0).at(0).toInt(), 1);
    QVERIFY(appendedStreaming);
    QCOMPARE(shown.join(QString()), kReply);
    QCOMPARE(textAppended.count(), int(h.f.trace.deltas.size()) - 1);
    if (stream)
        QVERIFY(textAppended.count() >= 4); // five words, five pieces
    else
        QCOMPARE(textAppended.count(), 0);
    QCOMPARE(changed.count(), 1); // only the ending re-renders the item
    QCOMPARE(changed.at(0).at(0).toInt(), 1);
    QCOMPARE(busy.count(), 2);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QCOMPARE(busy.at(1).at(0).toBool(), false);
    QCOMPARE(h.session.replyIndex(), -1);

    const ConversationItem &reply = h.conversation.at(1);
    QCOMPARE(reply.text, kReply);
    QVERIFY(!reply.streaming);
    QVERIFY(!reply.interrupted);
    QCOMPARE(reply.finishReason, u"stop"_s);
    QCOMPARE(reply.model, u"test-model"_s);
    QCOMPARE(reply.requestId,
             u"req_%1"_s.arg(h.f.server.requestLog().last().value(u"seq"_s).toInteger()));
    QVERIFY(reply.usage.has_value());
    QVERIFY(reply.usage->completionTokens > 0);
    QCOMPARE(h.lastMessages(), (QStringList{u"system:Be brief."_s, u"user:Hello"_s}));
    QCOMPARE(h.onDisk(), h.conversation.toJson());

    // The next send carries the whole exchange.
    QVERIFY(h.session.send(u"And then?"_s));
    QVERIFY(h.waitIdle());
    QCOMPARE(h.lastMessages(),
             (QStringList{u"system:Be brief."_s, u"user:Hello"_s, u"assistant:"_s + kReply,
                          u"user:And then?"_s}));
}

void TestChatSession::droppedStreamThenSuccessReplacesThePartial()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"dropAfterChunks": 2}})"));

    QStringList changes; // "text|interrupted|streaming" at every itemChanged
    QString whileWaiting;
    QObject context;
    connect(&h.conversation, &Conversation::itemChanged, &context, [&](int index) {
        const ConversationItem &item = h.conversation.at(index);
        changes.append(u"%1|%2|%3"_s.arg(item.text).arg(item.interrupted).arg(item.streaming));
    });
    connect(&h.f.service, &ChatService::retryScheduled, &context, [&] {
        const ConversationItem &item = h.conversation.at(1);
        whileWaiting = u"%1|%2|%3"_s.arg(item.text).arg(item.interrupted).arg(item.streaming);
    });
    QSignalSpy appended(&h.conversation, &Conversation::itemAppended);

    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());

    QCOMPARE(h.f.trace.attempts, (QList<int>{1, 2}));
    // The partial stays visible, marked interrupted, while the retry waits...
    QCOMPARE(whileWaiting, u"Alpha beta|1|0"_s);
    // ...and the retry's first text replaces it (no "Alpha betaAlpha").
    QCOMPARE(changes, (QStringList{u"Alpha beta|1|0"_s, u"Alpha|0|1"_s, kReply + u"|0|0"_s}));
    QCOMPARE(appended.count(), 2); // one user item, one assistant item
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, kReply);
    QCOMPARE(h.onDisk(), h.conversation.toJson());
}

void TestChatSession::errorIsAnItemOfItsOwnAndNeverSent_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("repeat");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("partial"); // the interrupted reply kept; empty: none

    QTest::newRow("401") << QByteArray(R"({"status": 401})") << 1 << ApiError::Kind::Authentication
                         << QString();
    QTest::newRow("404") << QByteArray(R"({"status": 404})") << 1 << ApiError::Kind::NotFound
                         << QString();
    QTest::newRow("quota") << QByteArray(
            R"({"status": 429, "error": {"code": "insufficient_quota"}})")
                           << 1 << ApiError::Kind::QuotaExceeded << QString();
    QTest::newRow("500, retries exhausted")
            << QByteArray(R"({"status": 500})") << 3 << ApiError::Kind::Server << QString();
    QTest::newRow("error event mid-stream, retries exhausted")
            << QByteArray(R"({"stream": {"errorAfterChunks": 2}})") << 3
            << ApiError::Kind::StreamInterrupted << u"Alpha beta"_s;
    QTest::newRow("dropped stream, retries exhausted")
            << QByteArray(R"({"stream": {"dropAfterChunks": 3}})") << 3
            << ApiError::Kind::StreamInterrupted << u"Alpha beta gamma"_s;
}

void TestChatSession::errorIsAnItemOfItsOwnAndNeverSent()
{
    QFETCH(QByteArray, step);
    QFETCH(int, repeat);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, partial);
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(step, repeat));

    // When the window hears "not busy", the ending is already in the conversation.
    QString atIdle;
    QObject context;
    connect(&h.session, &ChatSession::busyChanged, &context, [&](bool busy) {
        if (!busy)
            atIdle = kinds(h.conversation) + (h.session.isBusy() ? u"|busy"_s : u"|idle"_s);
    });

    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());

    const QString expectedKinds = partial.isEmpty() ? u"user,error"_s : u"user,assistant,error"_s;
    QCOMPARE(kinds(h.conversation), expectedKinds);
    QCOMPARE(atIdle, expectedKinds + u"|idle"_s);
    QCOMPARE(kinds(h.onDisk()), expectedKinds);
    QCOMPARE(h.onDisk(), h.conversation.toJson());
    const ConversationItem error = h.conversation.at(h.conversation.count() - 1); // a copy
    QCOMPARE(error.error.kind, kind);
    QVERIFY(!error.error.message.isEmpty());
    QVERIFY(error.text.isEmpty());
    if (!partial.isEmpty()) {
        const ConversationItem &reply = h.conversation.at(1);
        QCOMPARE(reply.text, partial); // the error's words are not in the reply
        QVERIFY(reply.interrupted);
        QVERIFY(!reply.streaming);
        QVERIFY(h.session.canContinue(1));
        QVERIFY(h.session.canRegenerate(1));
    }
    QVERIFY(h.session.canRetry());

    // The next message goes with the conversation so far, and without the error.
    QVERIFY(h.session.send(u"Again"_s));
    QVERIFY(h.waitIdle());
    QStringList expected{u"user:Hello"_s};
    if (!partial.isEmpty())
        expected.append(u"assistant:"_s + partial);
    expected.append(u"user:Again"_s);
    QCOMPARE(h.lastMessages(), expected);
    QCOMPARE(kinds(h.conversation), expectedKinds + u",user,assistant"_s);

    // No request body ever carried the error's text.
    const QList<QJsonObject> bodies = h.bodies();
    QVERIFY(bodies.size() >= 2);
    for (const QJsonObject &body : bodies) {
        const QByteArray text = QJsonDocument(body).toJson(QJsonDocument::Compact);
        QVERIFY2(!text.contains(error.error.message.toUtf8()), text.constData());
        QVERIFY(!text.contains(ApiError::kindName(kind).toUtf8()));
    }
}

void TestChatSession::continueSendsTheInstructionAndAppends()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));
    QVERIFY(h.session.send(u"Tell me"_s));
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);
    const QString id = h.conversation.at(1).id;
    QVERIFY(h.session.canContinue(1));
    QVERIFY(!h.session.canContinue(0));
    QVERIFY(!h.session.canContinue(2));
    QVERIFY(!h.session.canContinue(9));

    QVERIFY(h.f.arm(R"({"text": " gamma delta epsilon."})"));
    QSignalSpy appended(&h.conversation, &Conversation::itemAppended);
    QSignalSpy started(&h.session, &ChatSession::replyStarted);
    QSignalSpy textAppended(&h.conversation, &Conversation::textAppended);
    QVERIFY(h.session.continueReply());
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s); // the error is gone at once
    QCOMPARE(h.session.replyIndex(), 1);
    QVERIFY(h.waitIdle());

    QCOMPARE(h.lastMessages(),
             (QStringList{u"user:Tell me"_s, u"assistant:Alpha beta"_s,
                          u"user:"_s + ChatSession::continueInstruction()}));
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    const ConversationItem &reply = h.conversation.at(1);
    QCOMPARE(reply.id, id); // the same item, appended to
    QCOMPARE(reply.text, u"Alpha beta gamma delta epsilon."_s);
    QVERIFY(!reply.interrupted);
    QVERIFY(!reply.streaming);
    QCOMPARE(reply.finishReason, u"stop"_s);
    QCOMPARE(appended.count(), 0);
    QCOMPARE(started.count(), 0);
    QVERIFY(textAppended.count() >= 1);
    for (const QList<QVariant> &args : std::as_const(textAppended))
        QCOMPARE(args.at(0).toInt(), 1);
    QCOMPARE(h.onDisk(), h.conversation.toJson());
    // The instruction was for the model only: it is nowhere in the conversation.
    QVERIFY(!QJsonDocument(h.onDisk()).toJson().contains("Continue it exactly"));
    QVERIFY(!h.session.canContinue(1));
    QVERIFY(h.session.canRegenerate(1));
}

void TestChatSession::continueRetryReplacesOnlyTheContinuation()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));
    QVERIFY(h.session.send(u"Tell me"_s));
    QVERIFY(h.waitIdle());
    QVERIFY(h.session.canContinue(1));

    // The continuation breaks after one piece, then the retry completes it.
    QVERIFY(h.f.arm(R"({"text": " gamma delta epsilon", "stream": {"dropAfterChunks": 1}})"));
    QVERIFY(h.f.arm(R"({"text": " GAMMA delta epsilon"})"));
    QString whileWaiting;
    QStringList changes;
    QObject context;
    connect(&h.f.service, &ChatService::retryScheduled, &context, [&] {
        const ConversationItem &item = h.conversation.at(1);
        whileWaiting = u"%1|%2"_s.arg(item.text).arg(item.interrupted);
    });
    connect(&h.conversation, &Conversation::itemChanged, &context,
            [&](int index) { changes.append(h.conversation.at(index).text); });
    QVERIFY(h.session.continueReply());
    QVERIFY(h.waitIdle());

    QCOMPARE(whileWaiting, u"Alpha beta gamma|1"_s);
    // The retry's first piece replaces the broken continuation, not the text it continues.
    QCOMPARE(changes,
             (QStringList{u"Alpha beta gamma"_s, u"Alpha beta gamma"_s, u"Alpha beta GAMMA"_s,
                          u"Alpha beta GAMMA delta epsilon"_s}));
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, u"Alpha beta GAMMA delta epsilon"_s);
    QVERIFY(!h.conversation.at(1).interrupted);
}

void TestChatSession::continueThatFailsKeepsThePartial()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));
    QVERIFY(h.session.send(u"Tell me"_s));
    QVERIFY(h.waitIdle());

    QVERIFY(h.f.arm(R"({"status": 401})"));
    QVERIFY(h.session.continueReply());
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);
    QCOMPARE(h.conversation.at(1).text, u"Alpha beta"_s);
    QVERIFY(h.conversation.at(1).interrupted);
    QCOMPARE(h.conversation.at(2).error.kind, ApiError::Kind::Authentication);
    QVERIFY(h.session.canContinue(1)); // still on offer
    QCOMPARE(h.onDisk(), h.conversation.toJson());
}

void TestChatSession::regenerateReplacesTheLastReply()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(!h.session.regenerate()); // nothing yet
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    const QString firstId = h.conversation.at(1).id;
    QVERIFY(h.session.canRegenerate(1));
    QVERIFY(!h.session.canRegenerate(0));
    QVERIFY(!h.session.canContinue(1)); // complete: nothing to continue

    QVERIFY(h.f.arm(R"({"text": "Another answer."})"));
    QVERIFY(h.session.regenerate());
    QCOMPARE(kinds(h.conversation), u"user"_s); // the old reply goes at once
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, u"Another answer."_s);
    QVERIFY(h.conversation.at(1).id != firstId);
    const QList<QJsonObject> bodies = h.bodies();
    QCOMPARE(bodies.size(), 2);
    QCOMPARE(messagesOf(bodies.at(1)), messagesOf(bodies.at(0)));
    QCOMPARE(messagesOf(bodies.at(1)), QStringList{u"user:Hello"_s});
    QCOMPARE(h.onDisk(), h.conversation.toJson());

    // A reply followed by an error (a later failure of the same reply) regenerates too.
    QVERIFY(h.f.arm(R"({"status": 500})", 3));
    QVERIFY(h.session.regenerate());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,error"_s);
    QVERIFY(!h.session.regenerate()); // no reply left to regenerate: that is retry()
}

void TestChatSession::retryAfterAnError()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"status": 401})"));
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,error"_s);
    const QString userId = h.conversation.at(0).id;

    QVERIFY(h.session.retry());
    QCOMPARE(kinds(h.conversation), u"user"_s);
    QCOMPARE(kinds(h.onDisk()), u"user"_s); // saved before sending again
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(0).id, userId); // the same message, not a copy
    QCOMPARE(h.conversation.at(1).text, kReply);
    const QList<QJsonObject> bodies = h.bodies();
    QCOMPARE(bodies.size(), 2);
    QCOMPARE(messagesOf(bodies.at(1)), QStringList{u"user:Hello"_s});
}

void TestChatSession::retryDropsAnInterruptedReply()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);

    QVERIFY(h.session.retry());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, kReply);
    QCOMPARE(h.lastMessages(), QStringList{u"user:Hello"_s}); // the partial was not sent
}

void TestChatSession::retryNeedsSomethingToRetry()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(!h.session.canRetry());
    QVERIFY(!h.session.retry()); // empty conversation
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    QVERIFY(!h.session.canRetry()); // a complete reply: regenerate, not retry
    QVERIFY(!h.session.retry());
    QCOMPARE(h.bodies().size(), 1);
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
}

void TestChatSession::takeLastUserMessage()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.takeLastUserMessage().isEmpty()); // none
    QVERIFY(h.session.send(u"First"_s));
    QVERIFY(h.waitIdle());
    QVERIFY(h.f.arm("{\"status\": 400, \"error\": {\"code\": \"context_length_exceeded\", "
                    "\"message\": \"The maximum context length is 8192 tokens.\"}}"));
    QVERIFY(h.session.send(u"Second, too long"_s));
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant,user,error"_s);
    QCOMPARE(h.conversation.at(3).error.kind, ApiError::Kind::BadRequest);

    QCOMPARE(h.session.takeLastUserMessage(), u"Second, too long"_s);
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.onDisk(), h.conversation.toJson());

    QCOMPARE(h.session.takeLastUserMessage(), u"First"_s);
    QCOMPARE(h.conversation.count(), 0);
    QCOMPARE(kinds(h.onDisk()), QString());
}

void TestChatSession::cancelDuringRetryWaitKeepsTheMessage()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"status": 429, "headers": {"Retry-After": "3"}})"));
    QSignalSpy retries(&h.f.service, &ChatService::retryScheduled);
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(retries.wait(endTimeoutMs));
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    QVERIFY(h.session.isBusy());
    QCOMPARE(kinds(h.conversation), u"user"_s); // no reply, no error while it waits

    h.session.cancel();
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,error"_s);
    QCOMPARE(h.conversation.at(0).text, u"Hello"_s);
    QCOMPARE(h.conversation.at(1).error.kind, ApiError::Kind::Cancelled);
    QCOMPARE(h.onDisk(), h.conversation.toJson());
    QCOMPARE(h.f.trace.attempts, QList<int>{1}); // nothing more was sent
    QCOMPARE(h.f.server.chatRequestCount(), 1);
    QVERIFY(h.session.canRetry());
}

void TestChatSession::cancelWhileStreamingKeepsThePartial()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"stallAfterChunks": 3}})"));
    QVERIFY(h.session.send(u"Hello"_s));
    QTRY_COMPARE_WITH_TIMEOUT(h.f.trace.deltaText(), u"Alpha beta gamma"_s, endTimeoutMs);

    h.session.cancel();
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);
    QCOMPARE(h.conversation.at(1).text, u"Alpha beta gamma"_s);
    QVERIFY(h.conversation.at(1).interrupted);
    QVERIFY(!h.conversation.at(1).streaming);
    QCOMPARE(h.conversation.at(2).error.kind, ApiError::Kind::Cancelled);
    QVERIFY(h.session.canContinue(1));
    QCOMPARE(h.onDisk(), h.conversation.toJson());
}

void TestChatSession::busyRefusesEverything()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    QVERIFY(h.f.arm(R"({"stream": {"stallAfterChunks": 3}})"));
    QVERIFY(h.session.send(u"Tell me more"_s));
    QTRY_COMPARE_WITH_TIMEOUT(h.session.replyIndex(), 3, endTimeoutMs);
    const QJsonObject before = h.conversation.toJson();

    QVERIFY(h.session.isBusy());
    QVERIFY(!h.session.send(u"Another"_s));
    QVERIFY(!h.session.retry());
    QVERIFY(!h.session.regenerate());
    QVERIFY(!h.session.continueReply());
    QVERIFY(h.session.takeLastUserMessage().isEmpty());
    h.session.newConversation();
    QVERIFY(!h.session.canRegenerate(1));
    QVERIFY(!h.session.canRetry());
    QCOMPARE(h.conversation.toJson(), before);
    QVERIFY(!QDir(h.store.archiveDirectory()).exists());

    h.session.cancel();
    QVERIFY(h.waitIdle());
    QVERIFY(!h.session.send(u"   \n\t"_s)); // empty after trimming
    QCOMPARE(kinds(h.conversation), u"user,assistant,user,assistant,error"_s);
}

void TestChatSession::restoreAfterCrashComesBackInterrupted()
{
    Harness h;
    QVERIFY(h.start());
    h.session.setSaveDelay(30ms);
    QVERIFY(h.f.arm(R"({"stream": {"stallAfterChunks": 3}})"));
    QVERIFY(h.session.send(u"Tell me a story"_s));

    // While it streams, the partial reaches the disk (debounced), marked streaming.
    const auto partialOnDisk = [&h] {
        const QJsonArray items = h.onDisk().value(u"items"_s).toArray();
        return items.size() == 2 && items.at(1).toObject().value(u"streaming"_s).toBool()
                && items.at(1).toObject().value(u"text"_s).toString() == u"Alpha beta gamma"_s;
    };
    QTRY_VERIFY_WITH_TIMEOUT(partialOnDisk(), endTimeoutMs);
    QVERIFY(h.session.isBusy());

    // The application dies here: what the next start finds on disk.
    QTemporaryDir afterCrash;
    QVERIFY(afterCrash.isValid());
    QVERIFY(QFile::copy(h.store.conversationPath(), afterCrash.filePath(u"conversation.json"_s)));
    h.session.cancel(); // (this process goes on: stop the stalled stream)
    QVERIFY(h.waitIdle());

    ConversationStore store(afterCrash.path());
    Conversation restored;
    QVERIFY(store.load(&restored, nullptr));
    QCOMPARE(kinds(restored), u"user,assistant"_s);
    QCOMPARE(restored.at(1).text, u"Alpha beta gamma"_s);
    QVERIFY(!restored.at(1).streaming);
    QVERIFY(restored.at(1).interrupted);

    // A new session over the restored conversation offers Continue, and it works.
    ChatSession session(&h.f.service, &restored, &store);
    session.setConnection(h.session.connection());
    QVERIFY(session.canContinue(1));
    QVERIFY(h.f.arm(R"({"text": " delta epsilon"})"));
    QVERIFY(session.continueReply());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), endTimeoutMs);
    QCOMPARE(kinds(restored), u"user,assistant"_s);
    QCOMPARE(restored.at(1).text, kReply);
    QVERIFY(!restored.at(1).interrupted);
    QCOMPARE(h.lastMessages(),
             (QStringList{u"user:Tell me a story"_s, u"assistant:Alpha beta gamma"_s,
                          u"user:"_s + ChatSession::continueInstruction()}));
    // The first session took no part in the second session's exchange.
    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);
    QCOMPARE(QJsonDocument::fromJson(readAll(store.conversationPath())).object(),
             restored.toJson());
}

void TestChatSession::validationFailureSendsNothing_data()
{
    QTest::addColumn<QString>("baseUrl"); // "" : the fault server's
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("apiKey");

    QTest::newRow("no model") << QString() << QString() << QString();
    QTest::newRow("not http") << u"ftp://127.0.0.1/v1"_s << u"m"_s << QString();
    QTest::newRow("key over plain http to another host")
            << u"http://example.invalid/v1"_s << u"m"_s << u"sk-secret"_s;
}

void TestChatSession::validationFailureSendsNothing()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, model);
    QFETCH(QString, apiKey);
    Harness h;
    QVERIFY(h.start());
    SessionConnection connection = h.session.connection();
    if (!baseUrl.isEmpty())
        connection.baseUrl = QUrl(baseUrl);
    connection.model = model;
    connection.apiKey = apiKey;
    h.session.setConnection(connection);
    QSignalSpy busy(&h.session, &ChatSession::busyChanged);

    QVERIFY(!h.session.send(u"Hello"_s));

    QCOMPARE(kinds(h.conversation), u"user,error"_s);
    QCOMPARE(h.conversation.at(1).error.kind, ApiError::Kind::Validation);
    QVERIFY(!h.conversation.at(1).error.message.isEmpty());
    QVERIFY(!h.session.isBusy());
    QCOMPARE(busy.count(), 0);
    QCOMPARE(h.onDisk(), h.conversation.toJson());
    QCOMPARE(h.f.trace.attempts.size(), 0);
    QCOMPARE(h.f.server.chatRequestCount(), 0);
    if (!apiKey.isEmpty())
        QVERIFY(!QJsonDocument(h.onDisk()).toJson().contains(apiKey.toUtf8()));

    // Fixed, the same message goes.
    SessionConnection fixed;
    fixed.baseUrl = h.f.server.baseUrl();
    fixed.model = u"m"_s;
    h.session.setConnection(fixed);
    QVERIFY(h.session.retry());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.lastMessages(), QStringList{u"user:Hello"_s});
}

void TestChatSession::saveFailureStillSends()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    QFile blocker(temp.filePath(u"blocker"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Harness h(blocker.fileName() + u"/steadfast"_s); // a folder that cannot exist
    QVERIFY(h.start());
    QSignalSpy failed(&h.session, &ChatSession::saveFailed);

    QVERIFY(h.session.send(u"Hello"_s));
    QCOMPARE(failed.count(), 1); // told at once, and sent all the same
    QVERIFY(!failed.at(0).at(0).toString().isEmpty());
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, kReply);
    QCOMPARE(failed.count(), 2); // and again at the end of the exchange
}

void TestChatSession::newConversationArchives()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    const QJsonObject before = h.conversation.toJson();
    QSignalSpy reset(&h.conversation, &Conversation::reset);

    h.session.newConversation();

    QCOMPARE(reset.count(), 1);
    QCOMPARE(h.conversation.count(), 0);
    QCOMPARE(kinds(h.onDisk()), QString());
    QCOMPARE(h.onDisk().value(u"version"_s).toInt(), 1);
    const QStringList archives = QDir(h.store.archiveDirectory()).entryList(QDir::Files);
    QCOMPARE(archives.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(readAll(h.store.lastArchivePath())).object(), before);

    // An empty conversation is not archived again.
    h.session.newConversation();
    QCOMPARE(QDir(h.store.archiveDirectory()).entryList(QDir::Files).size(), 1);
}

void TestChatSession::newConversationKeepsEverythingWhenArchivingFails()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"Hello"_s));
    QVERIFY(h.waitIdle());
    QFile blocker(h.store.archiveDirectory()); // a file where the archive folder goes
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QJsonObject before = h.conversation.toJson();
    QSignalSpy failed(&h.session, &ChatSession::saveFailed);

    h.session.newConversation();

    QCOMPARE(failed.count(), 1);
    QCOMPARE(h.conversation.toJson(), before);
    QCOMPARE(h.onDisk(), before);
}

void TestChatSession::worksWithoutAStore()
{
    FaultFixture f;
    QVERIFY(f.start());
    Conversation conversation;
    ChatSession session(&f.service, &conversation, nullptr);
    SessionConnection connection;
    connection.baseUrl = f.server.baseUrl();
    connection.model = u"test-model"_s;
    session.setConnection(connection);
    QSignalSpy failed(&session, &ChatSession::saveFailed);
    QVERIFY(f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));

    QVERIFY(session.send(u"Hello"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), endTimeoutMs);
    QCOMPARE(kinds(conversation), u"user,assistant,error"_s);
    QVERIFY(session.continueReply());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), endTimeoutMs);
    QCOMPARE(kinds(conversation), u"user,assistant"_s);
    QCOMPARE(conversation.at(1).text, u"Alpha beta"_s + kReply);
    session.newConversation();
    QCOMPARE(conversation.count(), 0);
    QCOMPARE(failed.count(), 0); // nothing to save is not a failure
}

QTEST_GUILESS_MAIN(TestChatSession)
#include "TestChatSession.moc"
