// SPDX-License-Identifier: GPL-3.0-or-later
// ChatSession against the real fault server over loopback TCP, with a real
// ConversationLibrary (an SQLite file in a temporary folder): the user's message is in the
// database before the server hears of it; a stream fills one Assistant item by appending; a
// broken stream keeps its partial (interrupted) until a retry replaces it; errors are items of
// their own and never reach the model; Continue, Regenerate, Try again, Edit and Stop, with
// the old versions kept as branches; a reply saved mid-stream comes back interrupted after a
// crash and can be continued; a message that cannot be saved is not sent.
#include "support/FaultFixture.h"

#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/session/ChatSession.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
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

QList<ConversationItem> itemsOf(const Conversation &conversation)
{
    QList<ConversationItem> items;
    for (int i = 0; i < conversation.count(); ++i)
        items.append(conversation.at(i));
    return items;
}

/// "user,assistant,error": the kinds of items, in order.
QString kinds(const QList<ConversationItem> &items)
{
    QStringList names;
    for (const ConversationItem &item : items)
        names.append(ConversationItem::kindName(item.kind));
    return names.join(u',');
}

QString kinds(const Conversation &conversation)
{
    return kinds(itemsOf(conversation));
}

/// Everything saved of each item (its JSON form) and its place among its versions.
QStringList summary(const QList<ConversationItem> &items)
{
    QStringList lines;
    for (const ConversationItem &item : items) {
        lines.append(QString::fromUtf8(QJsonDocument(item.toJson()).toJson(QJsonDocument::Compact))
                     + u" %1/%2"_s.arg(item.siblingIndex + 1).arg(item.siblingCount));
    }
    return lines;
}

QStringList summary(const Conversation &conversation)
{
    return summary(itemsOf(conversation));
}

/// summary() without the places among versions: the same messages, whatever was added beside.
QStringList messagesSaved(const QList<ConversationItem> &items)
{
    QStringList lines = summary(items);
    for (QString &line : lines)
        line = line.left(line.lastIndexOf(u' '));
    return lines;
}

QStringList messagesSaved(const Conversation &conversation)
{
    return messagesSaved(itemsOf(conversation));
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

/// One session over the fixture's service, with its conversation in a library in a temporary
/// folder. Torn down in reverse: the session before the conversation and the service.
struct Harness
{
    Harness() : path(dir.filePath(u"library.sqlite3"_s)), session(&f.service, &conversation)
    {
        conversation.setLibrary(&library);
    }

    /// Opens the library with a new conversation, starts the server and points the session at
    /// it (streaming, model "test-model").
    bool start()
    {
        if (!dir.isValid() || !library.open(path) || !f.start())
            return false;
        id = library.createConversation();
        if (id.isEmpty() || !conversation.open(id))
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

    /// The conversation's path as another connection to the database file reads it.
    QList<ConversationItem> onDisk() const
    {
        ConversationLibrary reader;
        if (!reader.open(path))
            return {};
        return reader.path(id);
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
    QString path;
    QString id;
    ConversationLibrary library;
    Conversation conversation;
    ChatSession session;
};

} // namespace

class TestChatSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userMessageIsSavedBeforeTheServerHearsOfIt_data();
    void userMessageIsSavedBeforeTheServerHearsOfIt();
    void replyFillsOneAssistantItem_data();
    void replyFillsOneAssistantItem();
    void droppedStreamThenSuccessReplacesThePartial();
    void errorIsAnItemOfItsOwnAndNeverSent_data();
    void errorIsAnItemOfItsOwnAndNeverSent();
    void continueSendsTheInstructionAndAppends();
    void continueRetryReplacesOnlyTheContinuation();
    void continueThatFailsKeepsThePartial();
    void joinContinuation_data();
    void joinContinuation();
    void regenerateAddsAVersion();
    void regenerateAnEarlierReply();
    void editAnEarlierMessageAddsABranch();
    void retryAfterAnError();
    void retryKeepsAnInterruptedReplyAsAVersion();
    void retryNeedsSomethingToRetry();
    void cancelDuringRetryWaitKeepsTheMessage();
    void stopWhileStreamingKeepsThePartialMarkedStopped();
    void busyRefusesEverything();
    void restoreAfterCrashComesBackInterrupted();
    void validationFailureSendsNothing_data();
    void validationFailureSendsNothing();
    void messageThatCannotBeSavedIsNotSent();
    void newConversationKeepsTheOldOne();
    void deleteAndUndo();
    void conversationSettingsOverrideTheDefaults();
    void actionsFor_data();
    void actionsFor();
    void relaysTheServiceOnlyForItsOwnExchange();
    void worksWithoutALibrary();
};

void TestChatSession::userMessageIsSavedBeforeTheServerHearsOfIt_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("stream") << true;
    QTest::newRow("json") << false;
}

void TestChatSession::userMessageIsSavedBeforeTheServerHearsOfIt()
{
    QFETCH(bool, stream);
    Harness h;
    QVERIFY(h.start());
    SessionConnection connection = h.session.connection();
    connection.stream = stream;
    h.session.setConnection(connection);

    int heard = 0;
    QString savedWhenHeard;
    QObject context;
    connect(&h.f.server, &FaultServer::requestReceived, &context, [&] {
        ++heard;
        const QList<ConversationItem> saved = h.onDisk();
        savedWhenHeard = saved.isEmpty() ? u"nothing"_s : kinds(saved) + u'|' + saved.last().text;
    });

    const ChatSession::Result result = h.session.send(u"  What is the capital of France?\n"_s);
    QCOMPARE(result.outcome, ChatSession::Outcome::Sent);
    QVERIFY(h.session.isBusy());
    QVERIFY(h.waitIdle());

    QCOMPARE(heard, 1);
    QCOMPARE(savedWhenHeard, u"user|What is the capital of France?"_s); // trimmed
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(summary(h.onDisk()), summary(h.conversation)); // and the ending saved
    QCOMPARE(h.library.conversation(h.id)->title, u"What is the capital of France?"_s);
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

    QStringList shown; // what a view would show: the inserted item's text, then the appends
    bool insertedStreaming = false;
    QObject context;
    connect(&h.conversation, &Conversation::rowsInserted, &context,
            [&](const QModelIndex &, int first) {
                if (h.conversation.at(first).kind == Kind::Assistant) {
                    insertedStreaming = h.conversation.at(first).streaming;
                    shown.append(h.conversation.at(first).text);
                }
            });
    connect(&h.conversation, &Conversation::textAppended, &context,
            [&](int, const QString &text) { shown.append(text); });
    QSignalSpy inserted(&h.conversation, &Conversation::rowsInserted);
    QSignalSpy textAppended(&h.conversation, &Conversation::textAppended);
    QSignalSpy changed(&h.conversation, &Conversation::dataChanged);
    QSignalSpy started(&h.session, &ChatSession::replyStarted);
    QSignalSpy busy(&h.session, &ChatSession::busyChanged);
    int replyIndexWhenStarted = -2;
    connect(&h.session, &ChatSession::replyStarted, &context,
            [&] { replyIndexWhenStarted = h.session.replyIndex(); });

    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(started.count(), 1);
    QCOMPARE(replyIndexWhenStarted, 1);

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(started.at(0).at(0).toInt(), 1);
    QVERIFY(insertedStreaming);
    QCOMPARE(shown.join(QString()), kReply);
    QCOMPARE(textAppended.count(), int(h.f.trace.deltas.size()) - 1);
    if (stream)
        QVERIFY(textAppended.count() >= 4); // five words, five pieces
    else
        QCOMPARE(textAppended.count(), 0);
    QCOMPARE(changed.count(), 1); // only the ending re-renders the item
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(busy.count(), 2);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QCOMPARE(busy.at(1).at(0).toBool(), false);
    QCOMPARE(h.session.replyIndex(), -1);

    const ConversationItem &reply = h.conversation.at(1);
    QCOMPARE(reply.text, kReply);
    QVERIFY(!reply.streaming);
    QVERIFY(!reply.interrupted);
    QVERIFY(!reply.stopped);
    QCOMPARE(reply.finishReason, u"stop"_s);
    QCOMPARE(reply.model, u"test-model"_s);
    QCOMPARE(reply.requestId,
             u"req_%1"_s.arg(h.f.server.requestLog().last().value(u"seq"_s).toInteger()));
    QVERIFY(reply.usage.has_value());
    QVERIFY(reply.usage->completionTokens > 0);
    QCOMPARE(reply.parentId, h.conversation.at(0).id);
    QCOMPARE(h.lastMessages(), (QStringList{u"system:Be brief."_s, u"user:Hello"_s}));
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));

    // The next send carries the whole exchange.
    QVERIFY(h.session.send(u"And then?"_s).sent());
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

    QStringList changes; // "text|interrupted|streaming" at every change of an item
    QString whileWaiting;
    QObject context;
    connect(&h.conversation, &Conversation::dataChanged, &context, [&](const QModelIndex &index) {
        const ConversationItem &item = h.conversation.at(index.row());
        changes.append(u"%1|%2|%3"_s.arg(item.text).arg(item.interrupted).arg(item.streaming));
    });
    connect(&h.f.service, &ChatService::retryScheduled, &context, [&] {
        const ConversationItem &item = h.conversation.at(1);
        whileWaiting = u"%1|%2|%3"_s.arg(item.text).arg(item.interrupted).arg(item.streaming);
    });
    QSignalSpy inserted(&h.conversation, &Conversation::rowsInserted);

    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());

    QCOMPARE(h.f.trace.attempts, (QList<int>{1, 2}));
    // The partial stays visible, marked interrupted, while the retry waits...
    QCOMPARE(whileWaiting, u"Alpha beta|1|0"_s);
    // ...and the retry's first text replaces it (no "Alpha betaAlpha").
    QCOMPARE(changes, (QStringList{u"Alpha beta|1|0"_s, u"Alpha|0|1"_s, kReply + u"|0|0"_s}));
    QCOMPARE(inserted.count(), 2); // one user item, one assistant item
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, kReply);
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));
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

    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());

    const QString expectedKinds = partial.isEmpty() ? u"user,error"_s : u"user,assistant,error"_s;
    QCOMPARE(kinds(h.conversation), expectedKinds);
    QCOMPARE(atIdle, expectedKinds + u"|idle"_s);
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));
    const ConversationItem error = h.conversation.at(h.conversation.count() - 1); // a copy
    QCOMPARE(error.error.kind, kind);
    QVERIFY(!error.error.message.isEmpty());
    QVERIFY(error.text.isEmpty());
    if (!partial.isEmpty()) {
        const ConversationItem &reply = h.conversation.at(1);
        QCOMPARE(reply.text, partial); // the error's words are not in the reply
        QVERIFY(reply.interrupted);
        QVERIFY(!reply.stopped);
        QVERIFY(!reply.streaming);
        QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Continue));
        QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Regenerate));
        // The card says how much was kept, and offers what the reply offers.
        const CardFacts card = h.session.cardFacts(2);
        QCOMPARE(card.cardCase, ErrorCards::Case::CutOff);
        QCOMPARE(card.cutOffWords, int(partial.split(u' ').size()));
        QCOMPARE(card.replyRow, 1);
        QCOMPARE(card.actions, (QList<CardAction>{CardAction::Continue, CardAction::Regenerate}));
        QVERIFY(!card.showStatus);
    } else {
        // A loopback server has no billing page: the quota card offers nothing to press.
        const CardFacts card = h.session.cardFacts(1);
        QCOMPARE(card.cardCase, ErrorCards::Case::Plain);
        QCOMPARE(card.actions.isEmpty(), kind == ApiError::Kind::QuotaExceeded);
        QVERIFY(card.showStatus);
    }
    QCOMPARE(h.session.cardFacts(0).kind, ApiError::Kind::None); // not a card
    QVERIFY(h.session.actionsFor(h.conversation.count() - 1).testFlag(ItemAction::CardActions));
    QVERIFY(h.session.canRetry());

    // The next message goes with the conversation so far, and without the error.
    QVERIFY(h.session.send(u"Again"_s).sent());
    QVERIFY(h.waitIdle());
    QStringList expected{u"user:Hello"_s};
    if (!partial.isEmpty())
        expected.append(u"assistant:"_s + partial);
    expected.append(u"user:Again"_s);
    QCOMPARE(h.lastMessages(), expected);
    QCOMPARE(kinds(h.conversation), expectedKinds + u",user,assistant"_s);
    // The old card no longer acts: it is not the last exchange.
    QVERIFY(!h.session.actionsFor(expectedKinds.count(u',')).testFlag(ItemAction::CardActions));

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
    QVERIFY(h.session.send(u"Tell me"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);
    const QString id = h.conversation.at(1).id;
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Continue));
    QVERIFY(!h.session.actionsFor(0).testFlag(ItemAction::Continue));
    QVERIFY(!h.session.actionsFor(2).testFlag(ItemAction::Continue));
    QCOMPARE(h.session.actionsFor(9), ItemActions());

    QVERIFY(h.f.arm(R"({"text": " gamma delta epsilon."})"));
    QSignalSpy inserted(&h.conversation, &Conversation::rowsInserted);
    QSignalSpy started(&h.session, &ChatSession::replyStarted);
    QSignalSpy textAppended(&h.conversation, &Conversation::textAppended);
    QVERIFY(h.session.continueReply().sent());
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
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(started.count(), 0);
    QVERIFY(textAppended.count() >= 1);
    for (const QList<QVariant> &args : std::as_const(textAppended))
        QCOMPARE(args.at(0).toInt(), 1);
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));
    // The instruction was for the model only: it is nowhere in the conversation.
    QVERIFY(!summary(h.onDisk()).join(u'\n').contains(u"Continue it exactly"_s));
    QVERIFY(!h.session.actionsFor(1).testFlag(ItemAction::Continue));
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Regenerate));
}

void TestChatSession::continueRetryReplacesOnlyTheContinuation()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));
    QVERIFY(h.session.send(u"Tell me"_s).sent());
    QVERIFY(h.waitIdle());
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Continue));

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
    connect(&h.conversation, &Conversation::dataChanged, &context,
            [&](const QModelIndex &index) { changes.append(h.conversation.at(index.row()).text); });
    QVERIFY(h.session.continueReply().sent());
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
    QVERIFY(h.session.send(u"Tell me"_s).sent());
    QVERIFY(h.waitIdle());

    QVERIFY(h.f.arm(R"({"status": 401})"));
    QVERIFY(h.session.continueReply().sent());
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);
    QCOMPARE(h.conversation.at(1).text, u"Alpha beta"_s);
    QVERIFY(h.conversation.at(1).interrupted);
    QCOMPARE(h.conversation.at(2).error.kind, ApiError::Kind::Authentication);
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Continue)); // still on offer
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));
}

void TestChatSession::joinContinuation_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("continuation");
    QTest::addColumn<QString>("joined");

    QTest::newRow("space given") << u"The server"_s << u" answered."_s << u"The server answered."_s;
    QTest::newRow("mid-word") << u"The serv"_s << u"er answered."_s << u"The server answered."_s;
    QTest::newRow("a new sentence after a full stop")
            << u"It worked."_s << u"Then it stopped."_s << u"It worked. Then it stopped."_s;
    QTest::newRow("a capital after a lower-case letter is a new word")
            << u"…the demo server"_s << u"Hello!"_s << u"…the demo server Hello!"_s;
    QTest::newRow("starts over: the repeat is dropped")
            << u"Alpha beta"_s << u"Alpha beta gamma delta"_s << u"Alpha beta gamma delta"_s;
    QTest::newRow("repeats the last words")
            << u"One two three four five"_s << u"three four five six"_s
            << u"One two three four five six"_s;
    QTest::newRow("a short overlap is not a repeat")
            << u"I like t"_s << u"ea and toast"_s << u"I like tea and toast"_s;
    QTest::newRow("newline kept") << u"Line one\n"_s << u"Line two"_s << u"Line one\nLine two"_s;
    QTest::newRow("nothing new") << u"All of it"_s << u"All of it"_s << u"All of it"_s;
    QTest::newRow("nothing before") << QString() << u"Hi"_s << u"Hi"_s;
    QTest::newRow("code continues as is")
            << u"int x = f("_s << u"a, b);"_s << u"int x = f(a, b);"_s;
}

void TestChatSession::joinContinuation()
{
    QFETCH(QString, before);
    QFETCH(QString, continuation);
    QFETCH(QString, joined);
    QCOMPARE(ChatSession::joinContinuation(before, continuation), joined);
}

void TestChatSession::regenerateAddsAVersion()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(!h.session.regenerate(1).sent()); // nothing yet
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    const ConversationItem first = h.conversation.at(1);
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Regenerate));
    QVERIFY(!h.session.actionsFor(0).testFlag(ItemAction::Regenerate));
    QVERIFY(!h.session.actionsFor(1).testFlag(ItemAction::Continue));      // complete
    QVERIFY(!h.session.actionsFor(1).testFlag(ItemAction::SwitchVersion)); // only one

    QVERIFY(h.f.arm(R"({"text": "Another answer."})"));
    QVERIFY(h.session.regenerate(1).sent());
    QCOMPARE(kinds(h.conversation), u"user"_s); // the path shown ends at the question
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    const ConversationItem second = h.conversation.at(1);
    QCOMPARE(second.text, u"Another answer."_s);
    QVERIFY(second.id != first.id);
    QCOMPARE(second.siblingIndex, 1);
    QCOMPARE(second.siblingCount, 2);
    const QList<QJsonObject> bodies = h.bodies();
    QCOMPARE(bodies.size(), 2);
    QCOMPARE(messagesOf(bodies.at(1)), QStringList{u"user:Hello"_s}); // the path shown
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));

    // The first version is still there: ‹ 1/2 ›.
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::SwitchVersion));
    QVERIFY(!h.session.switchVersion(1, +1)); // no third
    QVERIFY(h.session.switchVersion(1, -1));
    QCOMPARE(h.conversation.at(1).id, first.id);
    QCOMPARE(h.conversation.at(1).text, kReply);
    QCOMPARE(h.conversation.at(1).siblingIndex, 0);
    QCOMPARE(summary(h.onDisk()), summary(h.conversation)); // the choice is kept
    // ...and the next message follows the version shown.
    QVERIFY(h.session.send(u"More"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(h.lastMessages(),
             (QStringList{u"user:Hello"_s, u"assistant:"_s + kReply, u"user:More"_s}));

    // A regenerate that fails is a version too (an error in its place): nothing is lost.
    QVERIFY(h.f.arm(R"({"status": 401})"));
    QVERIFY(h.session.regenerate(3).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant,user,error"_s);
    QCOMPARE(h.conversation.at(3).siblingCount, 2);
    QVERIFY(h.session.switchVersion(3, -1));
    QCOMPARE(kinds(h.conversation), u"user,assistant,user,assistant"_s);
}

void TestChatSession::regenerateAnEarlierReply()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"One"_s).sent());
    QVERIFY(h.waitIdle());
    QVERIFY(h.session.send(u"Two"_s).sent());
    QVERIFY(h.waitIdle());
    const QStringList before = messagesSaved(h.conversation);

    QVERIFY(h.f.arm(R"({"text": "A new first answer."})"));
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Regenerate));
    QVERIFY(h.session.regenerate(1).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, u"A new first answer."_s);
    QCOMPARE(h.lastMessages(), QStringList{u"user:One"_s});

    // The old branch, with the exchange that followed it, is one step back.
    QVERIFY(h.session.switchVersion(1, -1));
    QCOMPARE(messagesSaved(h.conversation), before);
    QCOMPARE(h.conversation.at(1).siblingIndex, 0);
    QCOMPARE(h.conversation.at(1).siblingCount, 2);
}

void TestChatSession::editAnEarlierMessageAddsABranch()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"One"_s).sent());
    QVERIFY(h.waitIdle());
    QVERIFY(h.session.send(u"Two"_s).sent());
    QVERIFY(h.waitIdle());
    const QStringList before = messagesSaved(h.conversation);
    QVERIFY(h.session.actionsFor(0).testFlag(ItemAction::Edit)); // any user message
    QVERIFY(!h.session.actionsFor(1).testFlag(ItemAction::Edit));

    QCOMPARE(h.session.editAndResend(0, u"   "_s).outcome, ChatSession::Outcome::Empty);
    QCOMPARE(messagesSaved(h.conversation), before);
    QVERIFY(h.session.editAndResend(0, u"One, edited"_s).sent());
    QCOMPARE(kinds(h.conversation), u"user"_s);
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(0).text, u"One, edited"_s);
    QCOMPARE(h.conversation.at(0).siblingIndex, 1);
    QCOMPARE(h.conversation.at(0).siblingCount, 2);
    QCOMPARE(h.lastMessages(), QStringList{u"user:One, edited"_s}); // exactly the path shown
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));

    // ‹ 1/2 ›: the original and all that followed it.
    QVERIFY(h.session.switchVersion(0, -1));
    QCOMPARE(messagesSaved(h.conversation), before);
    QCOMPARE(messagesSaved(h.onDisk()), before);
    QVERIFY(h.session.switchVersion(0, +1));
    QCOMPARE(h.conversation.at(0).text, u"One, edited"_s);

    // Editing the last message works the same way.
    QVERIFY(h.session.editAndResend(0, u"One, edited twice"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(h.conversation.at(0).siblingCount, 3);
}

void TestChatSession::retryAfterAnError()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"status": 401})"));
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,error"_s);
    const QString userId = h.conversation.at(0).id;

    QVERIFY(h.session.retry().sent());
    QCOMPARE(kinds(h.conversation), u"user"_s);
    QCOMPARE(kinds(h.onDisk()), u"user"_s); // the error is gone before sending again
    QVERIFY(h.waitIdle());

    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(0).id, userId); // the same message, not a copy
    QCOMPARE(h.conversation.at(1).text, kReply);
    QCOMPARE(h.conversation.at(1).siblingCount, 1); // the error was not a reply worth keeping
    const QList<QJsonObject> bodies = h.bodies();
    QCOMPARE(bodies.size(), 2);
    QCOMPARE(messagesOf(bodies.at(1)), QStringList{u"user:Hello"_s});
}

void TestChatSession::retryKeepsAnInterruptedReplyAsAVersion()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant,error"_s);

    QVERIFY(h.session.retry().sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.conversation.at(1).text, kReply);
    QCOMPARE(h.lastMessages(), QStringList{u"user:Hello"_s}); // the partial was not sent
    // The partial is the first version, kept.
    QCOMPARE(h.conversation.at(1).siblingCount, 2);
    QVERIFY(h.session.switchVersion(1, -1));
    QCOMPARE(h.conversation.at(1).text, u"Alpha beta"_s);
    QVERIFY(h.conversation.at(1).interrupted);
}

void TestChatSession::retryNeedsSomethingToRetry()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(!h.session.canRetry());
    QCOMPARE(h.session.retry().outcome, ChatSession::Outcome::Refused); // empty conversation
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    QVERIFY(!h.session.canRetry()); // a complete reply: regenerate, not retry
    QVERIFY(!h.session.retry().sent());
    QCOMPARE(h.bodies().size(), 1);
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
}

void TestChatSession::cancelDuringRetryWaitKeepsTheMessage()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"status": 429, "headers": {"Retry-After": "3"}})"));
    QSignalSpy retries(&h.f.service, &ChatService::retryScheduled);
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(retries.wait(endTimeoutMs));
    QCOMPARE(h.f.service.state(), ChatService::State::WaitingToRetry);
    QVERIFY(h.session.isBusy());
    QCOMPARE(kinds(h.conversation), u"user"_s); // no reply, no error while it waits

    h.session.cancel();
    QVERIFY(h.waitIdle());

    // Nothing streamed: a card says it was stopped, with Try again.
    QCOMPARE(kinds(h.conversation), u"user,error"_s);
    QCOMPARE(h.conversation.at(0).text, u"Hello"_s);
    QCOMPARE(h.conversation.at(1).error.kind, ApiError::Kind::Cancelled);
    const CardFacts card = h.session.cardFacts(1);
    QCOMPARE(card.actions, QList<CardAction>{CardAction::TryAgain});
    QVERIFY(!card.showStatus);
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));
    QCOMPARE(h.f.trace.attempts, QList<int>{1}); // nothing more was sent
    QCOMPARE(h.f.server.chatRequestCount(), 1);
    QVERIFY(h.session.canRetry());
}

void TestChatSession::stopWhileStreamingKeepsThePartialMarkedStopped()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"stream": {"stallAfterChunks": 3}})"));
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QTRY_COMPARE_WITH_TIMEOUT(h.f.trace.deltaText(), u"Alpha beta gamma"_s, endTimeoutMs);

    h.session.cancel();
    QVERIFY(h.waitIdle());

    // The reply says it was stopped; no card claims an error.
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    const ConversationItem &reply = h.conversation.at(1);
    QCOMPARE(reply.text, u"Alpha beta gamma"_s);
    QVERIFY(reply.stopped);
    QVERIFY(!reply.interrupted);
    QVERIFY(!reply.streaming);
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Continue));
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::Regenerate));
    QVERIFY(h.session.canRetry());
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));

    QVERIFY(h.f.arm(R"({"text": " delta epsilon"})"));
    QVERIFY(h.session.continueReply().sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(h.conversation.at(1).text, kReply);
    QVERIFY(!h.conversation.at(1).stopped);
}

void TestChatSession::busyRefusesEverything()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    QVERIFY(h.f.arm(R"({"stream": {"stallAfterChunks": 3}})"));
    QVERIFY(h.session.send(u"Tell me more"_s).sent());
    QTRY_COMPARE_WITH_TIMEOUT(h.session.replyIndex(), 3, endTimeoutMs);
    const QStringList before = summary(h.conversation);
    const auto conversations = h.library.conversations().size();

    QVERIFY(h.session.isBusy());
    QCOMPARE(h.session.send(u"Another"_s).outcome, ChatSession::Outcome::Busy);
    QCOMPARE(h.session.retry().outcome, ChatSession::Outcome::Busy);
    QCOMPARE(h.session.regenerate(1).outcome, ChatSession::Outcome::Busy);
    QCOMPARE(h.session.continueReply().outcome, ChatSession::Outcome::Busy);
    QCOMPARE(h.session.editAndResend(0, u"x"_s).outcome, ChatSession::Outcome::Busy);
    QVERIFY(!h.session.deleteItem(1));
    QVERIFY(h.session.newConversation().isEmpty());
    QVERIFY(!h.session.openConversation(h.library.createConversation()));
    for (int row = 0; row < h.conversation.count(); ++row) {
        const ItemActions actions = h.session.actionsFor(row);
        QCOMPARE(actions & ~ItemActions(ItemAction::Copy), ItemActions());
    }
    QVERIFY(!h.session.actionsFor(3).testFlag(ItemAction::Copy)); // still being written
    QVERIFY(!h.session.canRetry());
    QCOMPARE(summary(h.conversation), before);
    QCOMPARE(h.library.conversations().size(), conversations + 1); // only the test's own

    h.session.cancel();
    QVERIFY(h.waitIdle());
    QCOMPARE(h.session.send(u"   \n\t"_s).outcome, ChatSession::Outcome::Empty);
    QCOMPARE(kinds(h.conversation), u"user,assistant,user,assistant"_s);
}

void TestChatSession::restoreAfterCrashComesBackInterrupted()
{
    Harness h;
    QVERIFY(h.start());
    h.session.setSaveDelay(30ms);
    QVERIFY(h.f.arm(R"({"stream": {"stallAfterChunks": 3}})"));
    QVERIFY(h.session.send(u"Tell me a story"_s).sent());

    // While it streams, the partial reaches the database (debounced), marked streaming.
    const auto partialSaved = [&h] {
        ConversationLibrary reader;
        if (!reader.open(h.path))
            return false;
        const QList<ConversationItem> items = reader.path(h.id);
        return items.size() == 2 && items.at(1).streaming
                && items.at(1).text == u"Alpha beta gamma"_s;
    };
    QTRY_VERIFY_WITH_TIMEOUT(partialSaved(), endTimeoutMs);
    QVERIFY(h.session.isBusy());

    // The application dies here: what the next start reads, through a connection of its own.
    ConversationLibrary next;
    QVERIFY(next.open(h.path));
    Conversation restored;
    restored.setLibrary(&next);
    QVERIFY(restored.open(h.id));
    QCOMPARE(kinds(restored), u"user,assistant"_s);
    QCOMPARE(restored.at(1).text, u"Alpha beta gamma"_s);
    QVERIFY(!restored.at(1).streaming);
    QVERIFY(restored.at(1).interrupted);
    h.session.cancel(); // (this process goes on: stop the stalled stream)
    QVERIFY(h.waitIdle());

    // A new session over the restored conversation offers Continue, and it works.
    ChatSession session(&h.f.service, &restored);
    session.setConnection(h.session.connection());
    QVERIFY(session.actionsFor(1).testFlag(ItemAction::Continue));
    QVERIFY(h.f.arm(R"({"text": " delta epsilon"})"));
    QVERIFY(session.continueReply().sent());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), endTimeoutMs);
    QCOMPARE(kinds(restored), u"user,assistant"_s);
    QCOMPARE(restored.at(1).text, kReply);
    QVERIFY(!restored.at(1).interrupted);
    QCOMPARE(h.lastMessages(),
             (QStringList{u"user:Tell me a story"_s, u"assistant:Alpha beta gamma"_s,
                          u"user:"_s + ChatSession::continueInstruction()}));
    QCOMPARE(summary(h.onDisk()), summary(restored));
}

void TestChatSession::validationFailureSendsNothing_data()
{
    QTest::addColumn<QString>("baseUrl"); // "" : the fault server's
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<bool>("keyRequired");
    QTest::addColumn<ErrorCards::Case>("cardCase");
    QTest::addColumn<QList<CardAction>>("actions");

    const QList<CardAction> edit{CardAction::EditMessage, CardAction::TryAgain};
    QTest::newRow("no model: choose one")
            << QString() << QString() << QString() << false << ErrorCards::Case::NoModel
            << QList<CardAction>{CardAction::ChooseModel, CardAction::TryAgain};
    QTest::newRow("no key where the endpoint needs one: add it")
            << QString() << u"m"_s << QString() << true << ErrorCards::Case::NoKey
            << QList<CardAction>{CardAction::AddKey, CardAction::TryAgain};
    QTest::newRow("not http") << u"ftp://127.0.0.1/v1"_s << u"m"_s << QString() << false
                              << ErrorCards::Case::Plain << edit;
    QTest::newRow("key over plain http to another host")
            << u"http://example.invalid/v1"_s << u"m"_s << u"sk-secret"_s << false
            << ErrorCards::Case::Plain << edit;
}

void TestChatSession::validationFailureSendsNothing()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, model);
    QFETCH(QString, apiKey);
    QFETCH(bool, keyRequired);
    QFETCH(ErrorCards::Case, cardCase);
    QFETCH(QList<CardAction>, actions);
    Harness h;
    QVERIFY(h.start());
    SessionConnection connection = h.session.connection();
    if (!baseUrl.isEmpty())
        connection.baseUrl = QUrl(baseUrl);
    connection.model = model;
    connection.apiKey = apiKey;
    connection.keyRequired = keyRequired;
    h.session.setConnection(connection);
    QSignalSpy busy(&h.session, &ChatSession::busyChanged);

    const ChatSession::Result result = h.session.send(u"Hello"_s);
    QCOMPARE(result.outcome, ChatSession::Outcome::Invalid);
    QVERIFY(!result.why.isEmpty());

    QCOMPARE(kinds(h.conversation), u"user,error"_s);
    QCOMPARE(h.conversation.at(1).error.kind, ApiError::Kind::Validation);
    QCOMPARE(h.conversation.at(1).error.message, result.why);
    const CardFacts card = h.session.cardFacts(1);
    QCOMPARE(card.cardCase, cardCase);
    QCOMPARE(card.actions, actions);
    QVERIFY(h.session.actionsFor(1).testFlag(ItemAction::CardActions));
    QVERIFY(!h.session.isBusy());
    QCOMPARE(busy.count(), 0);
    QCOMPARE(summary(h.onDisk()), summary(h.conversation));
    QCOMPARE(h.f.trace.attempts.size(), 0);
    QCOMPARE(h.f.server.chatRequestCount(), 0);
    if (!apiKey.isEmpty())
        QVERIFY(!summary(h.onDisk()).join(u'\n').contains(apiKey));

    // Fixed, the same message goes (with the key, where one is needed).
    SessionConnection fixed;
    fixed.baseUrl = h.f.server.baseUrl();
    fixed.model = u"m"_s;
    fixed.keyRequired = keyRequired;
    if (keyRequired)
        fixed.apiKey = u"sk-added-later"_s;
    h.session.setConnection(fixed);
    QVERIFY(h.session.retry().sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(h.lastMessages(), QStringList{u"user:Hello"_s});
    if (keyRequired)
        QCOMPARE(h.f.server.lastAuthorization(), QByteArray("Bearer sk-added-later"));
}

void TestChatSession::messageThatCannotBeSavedIsNotSent()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"Saved"_s).sent());
    QVERIFY(h.waitIdle());
    const QStringList before = summary(h.conversation);

    {
        // The database refuses every new message, as a full disk would (a real SQLite error
        // through the real write path; permissions do not stop root, who runs CI).
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"refuser"_s);
        db.setDatabaseName(h.path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON messages BEGIN "
                            "SELECT RAISE(ABORT, 'database or disk is full'); END"_s),
                 qPrintable(query.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"refuser"_s);

    const ChatSession::Result result = h.session.send(u"Not saved"_s);
    QCOMPARE(result.outcome, ChatSession::Outcome::NotSaved);
    QVERIFY2(result.why.contains(u"full"_s), qPrintable(result.why));
    QCOMPARE(summary(h.conversation), before); // nothing shown that is not saved
    QCOMPARE(summary(h.onDisk()), before);     // nothing saved damaged
    QCOMPARE(h.bodies().size(), 1);            // and nothing sent
    QVERIFY(!h.session.isBusy());

    // Editing refuses the same way and shows the path as it was.
    QCOMPARE(h.session.editAndResend(0, u"Edited"_s).outcome, ChatSession::Outcome::NotSaved);
    QCOMPARE(summary(h.conversation), before);
}

void TestChatSession::newConversationKeepsTheOldOne()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    const QStringList before = summary(h.conversation);
    QSignalSpy reset(&h.conversation, &Conversation::modelReset);

    const QString second = h.session.newConversation();

    QVERIFY(!second.isEmpty());
    QVERIFY(second != h.id);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(h.conversation.count(), 0);
    QCOMPARE(h.conversation.conversationId(), second);
    QCOMPARE(h.library.currentConversationId(), second);
    QStringList ids;
    for (const ConversationInfo &info : h.library.conversations())
        ids.append(info.id);
    QVERIFY(ids.contains(h.id));
    QVERIFY(ids.contains(second));

    QVERIFY(h.session.openConversation(h.id));
    QCOMPARE(summary(h.conversation), before);
    QCOMPARE(h.library.currentConversationId(), h.id);
    QVERIFY(!h.session.openConversation(u"no-such-conversation"_s));
    QCOMPARE(h.conversation.conversationId(), h.id);
}

void TestChatSession::deleteAndUndo()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.session.send(u"One"_s).sent());
    QVERIFY(h.waitIdle());
    QVERIFY(h.session.send(u"Two"_s).sent());
    QVERIFY(h.waitIdle());
    const QStringList before = summary(h.conversation);
    QSignalSpy deleted(&h.session, &ChatSession::itemDeleted);

    QVERIFY(h.session.deleteItem(2)); // "Two" and its reply
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
    QCOMPARE(kinds(h.onDisk()), u"user,assistant"_s);
    QCOMPARE(deleted.count(), 1);
    QCOMPARE(deleted.at(0).at(0).value<Kind>(), Kind::User);

    QVERIFY(h.session.undoDelete());
    QCOMPARE(summary(h.conversation), before);
    QCOMPARE(summary(h.onDisk()), before);
    QVERIFY(!h.session.undoDelete()); // once

    // Deleting one version shows the other.
    QVERIFY(h.session.regenerate(3).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(h.conversation.at(3).siblingCount, 2);
    QVERIFY(h.session.deleteItem(3));
    QCOMPARE(kinds(h.conversation), u"user,assistant,user,assistant"_s);
    QCOMPARE(h.conversation.at(3).siblingCount, 1);
}

void TestChatSession::conversationSettingsOverrideTheDefaults()
{
    Harness h;
    QVERIFY(h.start());
    ConversationSettings own;
    own.model = u"own-model"_s;
    own.systemPrompt = u"Answer in French."_s;
    own.temperature = 0.25;
    own.maxTokens = 64;
    QVERIFY(h.library.setConversationSettings(h.id, own));

    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    const QJsonObject body = h.bodies().last();
    QCOMPARE(body.value(u"model"_s).toString(), u"own-model"_s);
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.25);
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), 64);
    QCOMPARE(messagesOf(body), (QStringList{u"system:Answer in French."_s, u"user:Hello"_s}));

    // An empty system prompt of its own means none, even with a default.
    SessionConnection connection = h.session.connection();
    connection.systemPrompt = u"Default prompt."_s;
    h.session.setConnection(connection);
    own.systemPrompt = QString();
    own.model.clear();
    QVERIFY(h.library.setConversationSettings(h.id, own));
    QVERIFY(h.session.send(u"Again"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(h.bodies().last().value(u"model"_s).toString(), u"test-model"_s);
    QCOMPARE(messagesOf(h.bodies().last()).first(), u"user:Hello"_s);
}

void TestChatSession::actionsFor_data()
{
    // A conversation built from these items (no network: the session only answers), then
    // what each row offers. Flags by letter: E edit, R regenerate, C continue, Y copy,
    // D delete, V switch version, A card actions.
    QTest::addColumn<QString>("items"); // u user, a assistant, p interrupted, s stopped,
                                        // e error, 0 empty assistant
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("one exchange") << u"ua"_s << QStringList{u"EYD"_s, u"RYD"_s};
    QTest::newRow("error after the question") << u"ue"_s << QStringList{u"EYD"_s, u"A"_s};
    QTest::newRow("interrupted, then an error")
            << u"upe"_s << QStringList{u"EYD"_s, u"RCYD"_s, u"A"_s};
    QTest::newRow("stopped") << u"us"_s << QStringList{u"EYD"_s, u"RCYD"_s};
    QTest::newRow("an older card does not act")
            << u"ueua"_s << QStringList{u"EYD"_s, u""_s, u"EYD"_s, u"RYD"_s};
    QTest::newRow("an older partial is not continued")
            << u"upua"_s << QStringList{u"EYD"_s, u"RYD"_s, u"EYD"_s, u"RYD"_s};
    QTest::newRow("an empty reply has nothing to copy")
            << u"u0"_s << QStringList{u"EYD"_s, u"RD"_s};
}

void TestChatSession::actionsFor()
{
    QFETCH(QString, items);
    QFETCH(QStringList, expected);
    Harness h;
    QVERIFY(h.start());
    for (const QChar c : items) {
        ConversationItem item;
        item.kind = c == u'u' ? Kind::User : c == u'e' ? Kind::Error : Kind::Assistant;
        item.text = c == u'e' || c == u'0' ? QString() : u"text"_s;
        item.interrupted = c == u'p';
        item.stopped = c == u's';
        if (c == u'e')
            item.error.kind = ApiError::Kind::Server;
        QVERIFY(h.conversation.append(item) >= 0);
    }
    const auto letters = [](ItemActions actions) {
        QString text;
        const std::pair<ItemAction, QChar> names[] = {
                {ItemAction::Edit, u'E'},       {ItemAction::Regenerate, u'R'},
                {ItemAction::Continue, u'C'},   {ItemAction::Copy, u'Y'},
                {ItemAction::Delete, u'D'},     {ItemAction::SwitchVersion, u'V'},
                {ItemAction::CardActions, u'A'}};
        for (const auto &[action, letter] : names) {
            if (actions.testFlag(action))
                text += letter;
        }
        return text;
    };
    QStringList actual;
    for (int row = 0; row < h.conversation.count(); ++row)
        actual.append(letters(h.session.actionsFor(row)));
    QCOMPARE(actual, expected);

    // With versions, V joins in; in memory (no library) nothing can be deleted.
    Conversation memory;
    ChatSession session(&h.f.service, &memory);
    for (int row = 0; row < h.conversation.count(); ++row)
        memory.append(h.conversation.at(row));
    for (int row = 0; row < memory.count(); ++row) {
        QVERIFY(!session.actionsFor(row).testFlag(ItemAction::Delete));
        QVERIFY(!session.actionsFor(row).testFlag(ItemAction::SwitchVersion));
    }
}

void TestChatSession::relaysTheServiceOnlyForItsOwnExchange()
{
    Harness h;
    QVERIFY(h.start());
    QVERIFY(h.f.arm(R"({"status": 503, "headers": {"Retry-After": "0"}})"));
    QSignalSpy attempts(&h.session, &ChatSession::attemptStarted);
    QSignalSpy retries(&h.session, &ChatSession::retryScheduled);
    QSignalSpy states(&h.session, &ChatSession::stateChanged);
    QSignalSpy finished(&h.session, &ChatSession::finished);
    QVERIFY(h.session.send(u"Hello"_s).sent());
    QVERIFY(h.waitIdle());
    QCOMPARE(attempts.count(), 2);
    QCOMPARE(retries.count(), 1);
    QVERIFY(states.count() >= 3);

    // Another user of the same service is not this session's business.
    ChatRequest request;
    request.baseUrl = h.f.server.baseUrl();
    request.model = u"m"_s;
    request.messages = {{u"user"_s, u"elsewhere"_s}};
    QVERIFY(h.f.service.send(request));
    QTRY_VERIFY_WITH_TIMEOUT(!h.f.service.isBusy(), endTimeoutMs);
    QCOMPARE(attempts.count(), 2);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(kinds(h.conversation), u"user,assistant"_s);
}

void TestChatSession::worksWithoutALibrary()
{
    FaultFixture f;
    QVERIFY(f.start());
    Conversation conversation;
    ChatSession session(&f.service, &conversation);
    SessionConnection connection;
    connection.baseUrl = f.server.baseUrl();
    connection.model = u"test-model"_s;
    session.setConnection(connection);
    QSignalSpy failed(&session, &ChatSession::saveFailed);
    QVERIFY(f.arm(R"({"stream": {"dropAfterChunks": 2}})", 3));

    QVERIFY(session.send(u"Hello"_s).sent());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), endTimeoutMs);
    QCOMPARE(kinds(conversation), u"user,assistant,error"_s);
    QVERIFY(session.continueReply().sent());
    QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), endTimeoutMs);
    QCOMPARE(kinds(conversation), u"user,assistant"_s);
    // The model started over: its repeat of "Alpha beta" is not glued on again.
    QCOMPARE(conversation.at(1).text, kReply);
    QVERIFY(session.newConversation().isEmpty());
    QCOMPARE(conversation.count(), 0);
    QCOMPARE(failed.count(), 0); // nothing to save is not a failure
}

QTEST_GUILESS_MAIN(TestChatSession)
#include "TestChatSession.moc"
