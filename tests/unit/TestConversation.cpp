// SPDX-License-Identifier: GPL-3.0-or-later
// Conversation and ConversationItem: the model signals a view relies on (rows inserted, text
// appended without a re-render, data changed, rows removed, reset), the context sent to the
// model (errors never in it), the JSON form (every kind with every field round trips, kinds by
// name, garbage refused whole, a reply saved mid-stream comes back interrupted), and, over a
// real library, rows read in pages from the end and every change written through.
#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using Kind = ConversationItem::Kind;

namespace {

const QDateTime kNow = QDateTime(QDate(2024, 6, 1), QTime(12, 30, 15, 250), Qt::UTC);

ConversationItem makeItem(Kind kind, const QString &text)
{
    ConversationItem item;
    item.kind = kind;
    item.text = text;
    return item;
}

/// A compact description of a conversation for the tables: "u:Hello" (user), "a:Hi"
/// (assistant), "a~:Hi" (interrupted assistant), "a*:Hi" (streaming assistant),
/// "e:Server" (error of that kind).
ConversationItem itemFromSpec(const QString &spec)
{
    const qsizetype colon = spec.indexOf(u':');
    const QString head = spec.left(colon);
    const QString rest = spec.mid(colon + 1);
    ConversationItem item;
    if (head.startsWith(u'u')) {
        item.kind = Kind::User;
        item.text = rest;
    } else if (head.startsWith(u'a')) {
        item.kind = Kind::Assistant;
        item.text = rest;
        item.interrupted = head.contains(u'~');
        item.streaming = head.contains(u'*');
    } else {
        item.kind = Kind::Error;
        bool ok = false;
        item.error.kind = ApiError::Kind(
                QMetaEnum::fromType<ApiError::Kind>().keyToValue(rest.toLatin1().constData(), &ok));
        Q_ASSERT(ok);
        item.error.message = u"The server had an error while processing your request."_s;
    }
    return item;
}

QStringList messagesAsText(const QList<ChatMessage> &messages)
{
    QStringList list;
    for (const ChatMessage &message : messages)
        list.append(message.role + u':' + message.content);
    return list;
}

/// An Assistant item with every field set.
ConversationItem fullAssistant()
{
    ConversationItem item;
    item.kind = Kind::Assistant;
    item.id = u"6f1c2a3e-0b7d-4c52-9e8f-1a2b3c4d5e6f"_s;
    item.time = kNow;
    item.text = u"Paris is the capital of France."_s;
    item.streaming = true;
    item.interrupted = true;
    item.stopped = true;
    item.finishReason = u"length"_s;
    item.model = u"gpt-4o-mini-2024-07-18"_s;
    item.requestId = u"req_abc123"_s;
    item.usage = Usage{12, 34, 46};
    return item;
}

/// An Error item with every field of ApiError that is shown again set.
ConversationItem fullError()
{
    ConversationItem item;
    item.kind = Kind::Error;
    item.id = u"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"_s;
    item.time = kNow.addSecs(5);
    ApiError &error = item.error;
    error.kind = ApiError::Kind::StreamStalled;
    error.networkError = QNetworkReply::OperationCanceledError;
    error.httpStatus = 200;
    error.code = u"rate_limit_exceeded"_s;
    error.type = u"requests"_s;
    error.param = u"messages"_s;
    error.message = u"Rate limit reached for gpt-4o in organization org-x."_s;
    error.requestId = u"req_9f8e7d"_s;
    error.host = u"api.example.com:8443"_s;
    error.redirectTarget = u"https://elsewhere.example.net/v1"_s;
    error.timeoutPhase = ApiError::TimeoutPhase::Idle;
    error.timeoutAfter = 30000ms;
    error.retryAfter = 2500ms;
    error.shouldRetryHeader = false;
    error.retryable = true;
    return item;
}

void compareItems(const ConversationItem &actual, const ConversationItem &expected)
{
    QCOMPARE(int(actual.kind), int(expected.kind));
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.time, expected.time);
    QCOMPARE(actual.time.timeSpec(), Qt::UTC);
    QCOMPARE(actual.text, expected.text);
    QCOMPARE(actual.streaming, expected.streaming);
    QCOMPARE(actual.interrupted, expected.interrupted);
    QCOMPARE(actual.stopped, expected.stopped);
    QCOMPARE(actual.finishReason, expected.finishReason);
    QCOMPARE(actual.model, expected.model);
    QCOMPARE(actual.requestId, expected.requestId);
    QCOMPARE(actual.usage.has_value(), expected.usage.has_value());
    if (expected.usage)
        QVERIFY(*actual.usage == *expected.usage);
    const ApiError &a = actual.error;
    const ApiError &e = expected.error;
    QCOMPARE(a.kind, e.kind);
    QCOMPARE(a.networkError, e.networkError);
    QCOMPARE(a.httpStatus, e.httpStatus);
    QCOMPARE(a.code, e.code);
    QCOMPARE(a.type, e.type);
    QCOMPARE(a.param, e.param);
    QCOMPARE(a.message, e.message);
    QCOMPARE(a.requestId, e.requestId);
    QCOMPARE(a.host, e.host);
    QCOMPARE(a.redirectTarget, e.redirectTarget);
    QCOMPARE(a.timeoutPhase, e.timeoutPhase);
    QCOMPARE(a.timeoutAfter.count(), e.timeoutAfter.count());
    QCOMPARE(a.retryAfter.has_value(), e.retryAfter.has_value());
    if (e.retryAfter)
        QCOMPARE(a.retryAfter->count(), e.retryAfter->count());
    QCOMPARE(a.shouldRetryHeader.has_value(), e.shouldRetryHeader.has_value());
    if (e.shouldRetryHeader)
        QCOMPARE(*a.shouldRetryHeader, *e.shouldRetryHeader);
    QCOMPARE(a.retryable, e.retryable);
}

/// Through text, as the store does: JSON bytes and back.
std::optional<ConversationItem> throughText(const ConversationItem &item)
{
    const QByteArray bytes = QJsonDocument(item.toJson()).toJson();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return ConversationItem::fromJson(document.object());
}

} // namespace

class TestConversation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendFillsIdAndTime();
    void appendKeepsGivenIdAndTime();
    void appendTextEmitsOnlyTextAppended();
    void appendTextIgnoresWhatIsNotAStreamingTarget_data();
    void appendTextIgnoresWhatIsNotAStreamingTarget();
    void replaceEmitsItemChangedAndKeepsIdentity();
    void removeFrom_data();
    void removeFrom();
    void clearEmitsReset();
    void lastIndexOfAndIndexOfId();
    void context_data();
    void context();
    void itemRoundTrip_data();
    void itemRoundTrip();
    void everyErrorKindIsStoredByName_data();
    void everyErrorKindIsStoredByName();
    void jsonShape();
    void garbageItems_data();
    void garbageItems();
    void unknownFieldsAreIgnored();
    void restoreRoundTrip();
    void restoreMarksAStreamingReplyInterrupted();
    void restoreRefusesGarbageAndChangesNothing_data();
    void restoreRefusesGarbageAndChangesNothing();
    void pagesAreReadFromTheEnd();
    void changesAreWrittenThrough();
    void truncateKeepsTheBranchAndReloadShowsIt();
};

void TestConversation::appendFillsIdAndTime()
{
    Conversation conversation;
    conversation.setClock([] { return kNow; });
    QSignalSpy appended(&conversation, &Conversation::rowsInserted);

    QCOMPARE(conversation.append(makeItem(Kind::User, u"Hello"_s)), 0);
    QCOMPARE(conversation.append(makeItem(Kind::Assistant, u"Hi"_s)), 1);

    QCOMPARE(appended.count(), 2);
    QCOMPARE(appended.at(0).at(1).toInt(), 0);
    QCOMPARE(appended.at(1).at(1).toInt(), 1);
    QCOMPARE(conversation.rowCount(), 2);
    QCOMPARE(conversation.data(conversation.index(1), Qt::DisplayRole).toString(), u"Hi"_s);
    QCOMPARE(conversation.data(conversation.index(1), Conversation::KindRole).toInt(),
             int(Kind::Assistant));
    QCOMPARE(conversation.count(), 2);
    const ConversationItem &first = conversation.at(0);
    QVERIFY(!QUuid::fromString(first.id).isNull());
    QVERIFY(!first.id.startsWith(u'{')); // WithoutBraces
    QCOMPARE(first.id.size(), 36);
    QVERIFY(first.id != conversation.at(1).id);
    QCOMPARE(first.time, kNow);
    QCOMPARE(first.time.timeSpec(), Qt::UTC);
    QCOMPARE(first.text, u"Hello"_s);
}

void TestConversation::appendKeepsGivenIdAndTime()
{
    Conversation conversation;
    ConversationItem item = makeItem(Kind::User, u"Hello"_s);
    item.id = u"my-id"_s;
    // A local time is kept as the same instant, in UTC.
    item.time = QDateTime(QDate(2023, 1, 2), QTime(3, 4, 5), QTimeZone(3600));
    conversation.append(item);
    QCOMPARE(conversation.at(0).id, u"my-id"_s);
    QCOMPARE(conversation.at(0).time, item.time);
    QCOMPARE(conversation.at(0).time.timeSpec(), Qt::UTC);
    QCOMPARE(conversation.at(0).time.time(), QTime(2, 4, 5));
}

void TestConversation::appendTextEmitsOnlyTextAppended()
{
    Conversation conversation;
    conversation.append(makeItem(Kind::User, u"Hello"_s));
    ConversationItem reply = makeItem(Kind::Assistant, u"The"_s);
    reply.streaming = true;
    const int index = conversation.append(reply);
    QSignalSpy textAppended(&conversation, &Conversation::textAppended);
    QSignalSpy changed(&conversation, &Conversation::dataChanged);
    QSignalSpy appended(&conversation, &Conversation::rowsInserted);

    conversation.appendText(index, u" capital"_s);
    conversation.appendText(index, u" is Paris. 🇫🇷"_s);

    QCOMPARE(conversation.at(index).text, u"The capital is Paris. 🇫🇷"_s);
    QCOMPARE(textAppended.count(), 2);
    QCOMPARE(textAppended.at(0).at(0).toInt(), index);
    QCOMPARE(textAppended.at(0).at(1).toString(), u" capital"_s);
    QCOMPARE(textAppended.at(1).at(1).toString(), u" is Paris. 🇫🇷"_s);
    QCOMPARE(changed.count(), 0); // the view appends; it never re-renders for a delta
    QCOMPARE(appended.count(), 0);
}

void TestConversation::appendTextIgnoresWhatIsNotAStreamingTarget_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("text");
    QTest::newRow("a user item") << 0 << u"more"_s;
    QTest::newRow("an error item") << 2 << u"more"_s;
    QTest::newRow("empty text") << 1 << QString();
    QTest::newRow("past the end") << 3 << u"more"_s;
    QTest::newRow("negative") << -1 << u"more"_s;
}

void TestConversation::appendTextIgnoresWhatIsNotAStreamingTarget()
{
    QFETCH(int, index);
    QFETCH(QString, text);
    Conversation conversation;
    for (const QString &spec : {u"u:Hello"_s, u"a:Hi"_s, u"e:Server"_s})
        conversation.append(itemFromSpec(spec));
    const QJsonObject before = conversation.toJson();
    QSignalSpy textAppended(&conversation, &Conversation::textAppended);

    conversation.appendText(index, text);

    QCOMPARE(textAppended.count(), 0);
    QCOMPARE(conversation.toJson(), before);
}

void TestConversation::replaceEmitsItemChangedAndKeepsIdentity()
{
    Conversation conversation;
    conversation.setClock([] { return kNow; });
    conversation.append(makeItem(Kind::User, u"Hello"_s));
    const int index = conversation.append(makeItem(Kind::Assistant, u"Partial"_s));
    const QString id = conversation.at(index).id;
    QSignalSpy changed(&conversation, &Conversation::dataChanged);
    QSignalSpy textAppended(&conversation, &Conversation::textAppended);

    // An update built from scratch (no id, no time) is still the same item.
    ConversationItem update = makeItem(Kind::Assistant, u"Whole reply"_s);
    update.interrupted = true;
    conversation.replace(index, update);

    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), index);
    QCOMPARE(textAppended.count(), 0);
    QCOMPARE(conversation.at(index).id, id);
    QCOMPARE(conversation.at(index).time, kNow);
    QCOMPARE(conversation.at(index).text, u"Whole reply"_s);
    QVERIFY(conversation.at(index).interrupted);

    // An update that names its own id and time takes them.
    update.id = u"other"_s;
    update.time = kNow.addDays(1);
    conversation.replace(index, update);
    QCOMPARE(conversation.at(index).id, u"other"_s);
    QCOMPARE(conversation.at(index).time, kNow.addDays(1));
    QCOMPARE(changed.count(), 2);

    // Out of range: nothing.
    conversation.replace(5, update);
    conversation.replace(-1, update);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(conversation.count(), 2);
}

void TestConversation::removeFrom_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("remaining");
    QTest::addColumn<int>("signalFrom"); // -1: no signal

    QTest::newRow("all") << 0 << 0 << 0;
    QTest::newRow("from the middle") << 2 << 2 << 2;
    QTest::newRow("the last") << 4 << 4 << 4;
    QTest::newRow("at the end") << 5 << 5 << -1;
    QTest::newRow("past the end") << 9 << 5 << -1;
    QTest::newRow("negative counts as 0") << -3 << 0 << 0;
}

void TestConversation::removeFrom()
{
    QFETCH(int, from);
    QFETCH(int, remaining);
    QFETCH(int, signalFrom);
    Conversation conversation;
    const QStringList specs{u"u:one"_s, u"a:two"_s, u"u:three"_s, u"e:Server"_s, u"a~:five"_s};
    for (const QString &spec : specs)
        conversation.append(itemFromSpec(spec));
    QSignalSpy removed(&conversation, &Conversation::rowsRemoved);

    conversation.removeFrom(from);

    QCOMPARE(conversation.count(), remaining);
    if (signalFrom < 0) {
        QCOMPARE(removed.count(), 0);
    } else {
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), signalFrom);
        QCOMPARE(removed.at(0).at(2).toInt(), int(specs.size()) - 1);
    }
    for (int i = 0; i < remaining; ++i)
        QCOMPARE(conversation.at(i).kind, itemFromSpec(specs.at(i)).kind);
}

void TestConversation::clearEmitsReset()
{
    Conversation conversation;
    conversation.append(makeItem(Kind::User, u"Hello"_s));
    QSignalSpy reset(&conversation, &Conversation::modelReset);
    QSignalSpy removed(&conversation, &Conversation::rowsRemoved);
    conversation.clear();
    QCOMPARE(conversation.count(), 0);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(removed.count(), 0);
}

void TestConversation::lastIndexOfAndIndexOfId()
{
    Conversation conversation;
    QCOMPARE(conversation.lastIndexOf(Kind::User), -1);
    for (const QString &spec : {u"u:one"_s, u"a:two"_s, u"u:three"_s, u"e:Server"_s})
        conversation.append(itemFromSpec(spec));
    QCOMPARE(conversation.lastIndexOf(Kind::User), 2);
    QCOMPARE(conversation.lastIndexOf(Kind::Assistant), 1);
    QCOMPARE(conversation.lastIndexOf(Kind::Error), 3);
    QCOMPARE(conversation.indexOfId(conversation.at(1).id), 1);
    QCOMPARE(conversation.indexOfId(u"nope"_s), -1);
}

void TestConversation::context_data()
{
    QTest::addColumn<QStringList>("items");
    QTest::addColumn<QString>("systemPrompt");
    QTest::addColumn<int>("upTo");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("empty, no prompt") << QStringList() << QString() << -1 << QStringList();
    QTest::newRow("empty, a prompt gives only the prompt")
            << QStringList() << u"Be brief."_s << -1 << QStringList{u"system:Be brief."_s};
    QTest::newRow("the system prompt first, then in order")
            << QStringList{u"u:Hello"_s, u"a:Hi there"_s, u"u:Capital of France?"_s}
            << u"Be brief."_s << -1
            << QStringList{u"system:Be brief."_s, u"user:Hello"_s, u"assistant:Hi there"_s,
                           u"user:Capital of France?"_s};
    QTest::newRow("errors are never sent")
            << QStringList{u"u:Hello"_s, u"e:Authentication"_s, u"e:Server"_s, u"u:Again"_s}
            << QString() << -1 << QStringList{u"user:Hello"_s, u"user:Again"_s};
    QTest::newRow("an interrupted reply is sent as it is")
            << QStringList{u"u:Tell me"_s, u"a~:Once upon a"_s, u"e:StreamInterrupted"_s}
            << QString() << -1 << QStringList{u"user:Tell me"_s, u"assistant:Once upon a"_s};
    QTest::newRow("empty items are left out") << QStringList{u"u:Hello"_s, u"a:"_s, u"a*:"_s}
                                              << QString() << -1 << QStringList{u"user:Hello"_s};
    QTest::newRow("upTo is exclusive")
            << QStringList{u"u:one"_s, u"a:two"_s, u"u:three"_s, u"a:four"_s} << u"S"_s << 3
            << QStringList{u"system:S"_s, u"user:one"_s, u"assistant:two"_s, u"user:three"_s};
    QTest::newRow("upTo 0 keeps the prompt only")
            << QStringList{u"u:one"_s} << u"S"_s << 0 << QStringList{u"system:S"_s};
    QTest::newRow("upTo past the end is all")
            << QStringList{u"u:one"_s, u"a:two"_s} << QString() << 99
            << QStringList{u"user:one"_s, u"assistant:two"_s};
    QTest::newRow("text is sent untouched")
            << QStringList{u"u:  spaced\n\tlines  "_s, u"a:日本語 — ✓ 🎉"_s} << QString() << -1
            << QStringList{u"user:  spaced\n\tlines  "_s, u"assistant:日本語 — ✓ 🎉"_s};
}

void TestConversation::context()
{
    QFETCH(QStringList, items);
    QFETCH(QString, systemPrompt);
    QFETCH(int, upTo);
    QFETCH(QStringList, expected);
    Conversation conversation;
    for (const QString &spec : std::as_const(items))
        conversation.append(itemFromSpec(spec));

    const QList<ChatMessage> messages = conversation.context(systemPrompt, upTo);

    QCOMPARE(messagesAsText(messages), expected);
    for (const ChatMessage &message : messages) {
        QVERIFY(!message.content.contains(u"The server had an error"_s));
        QVERIFY(message.role == u"system"_s || message.role == u"user"_s
                || message.role == u"assistant"_s);
    }
}

void TestConversation::itemRoundTrip_data()
{
    QTest::addColumn<ConversationItem>("item");

    ConversationItem user = makeItem(Kind::User, u"What is the capital of France?"_s);
    user.id = u"11111111-2222-4333-8444-555555555555"_s;
    user.time = kNow;
    QTest::newRow("user") << user;

    ConversationItem unicode = user;
    unicode.text =
            u"Grüße, 世界! مرحبا 🎉👩‍👩‍👧 \"quotes\" \\ back\\slash\nnew\tline \u0001 \u2028"_s;
    QTest::newRow("user, unicode and control characters") << unicode;

    ConversationItem emptyUser = user;
    emptyUser.text.clear();
    QTest::newRow("user, empty text") << emptyUser;

    QTest::newRow("assistant, every field") << fullAssistant();

    ConversationItem plainAssistant = fullAssistant();
    plainAssistant.streaming = false;
    plainAssistant.interrupted = false;
    plainAssistant.finishReason.clear();
    plainAssistant.model.clear();
    plainAssistant.requestId.clear();
    plainAssistant.usage.reset();
    QTest::newRow("assistant, only text") << plainAssistant;

    ConversationItem zeroUsage = plainAssistant;
    zeroUsage.usage = Usage{};
    QTest::newRow("assistant, zero usage is kept") << zeroUsage;

    ConversationItem bigUsage = plainAssistant;
    bigUsage.usage = Usage{4'000'000'000'000LL, 1, 4'000'000'000'001LL};
    QTest::newRow("assistant, large token counts") << bigUsage;

    QTest::newRow("error, every field") << fullError();

    ConversationItem zeroWait = fullError();
    zeroWait.error.retryAfter = 0ms; // "Retry-After: 0" is a hint, not no hint
    zeroWait.error.shouldRetryHeader = true;
    QTest::newRow("error, zero retry-after") << zeroWait;

    ConversationItem cancelled;
    cancelled.kind = Kind::Error;
    cancelled.id = u"c"_s;
    cancelled.time = kNow;
    cancelled.error.kind = ApiError::Kind::Cancelled;
    cancelled.error.message = u"cancelled by the user"_s;
    QTest::newRow("error, cancelled, few fields") << cancelled;

    ConversationItem none = cancelled;
    none.error = ApiError();
    QTest::newRow("error, kind None still round trips") << none;
}

void TestConversation::itemRoundTrip()
{
    QFETCH(ConversationItem, item);
    const std::optional<ConversationItem> back = throughText(item);
    QVERIFY(back.has_value());
    compareItems(*back, item);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(back->toJson(), item.toJson());
}

void TestConversation::everyErrorKindIsStoredByName_data()
{
    QTest::addColumn<int>("kind");
    const QMetaEnum kinds = QMetaEnum::fromType<ApiError::Kind>();
    for (int i = 0; i < kinds.keyCount(); ++i)
        QTest::newRow(kinds.key(i)) << kinds.value(i);
}

void TestConversation::everyErrorKindIsStoredByName()
{
    QFETCH(int, kind);
    ConversationItem item = fullError();
    item.error.kind = ApiError::Kind(kind);
    const QJsonObject json = item.toJson();
    QCOMPARE(json.value(u"error"_s).toObject().value(u"kind"_s).toString(),
             ApiError::kindName(item.error.kind));
    const std::optional<ConversationItem> back = ConversationItem::fromJson(json);
    QVERIFY(back);
    QCOMPARE(back->error.kind, item.error.kind);
}

void TestConversation::jsonShape()
{
    // The file format is a contract (docs/decisions.md): names, not numbers.
    const QJsonObject assistant = fullAssistant().toJson();
    QCOMPARE(assistant.value(u"kind"_s).toString(), u"assistant"_s);
    QCOMPARE(assistant.value(u"time"_s).toString(), u"2024-06-01T12:30:15.250Z"_s);
    QCOMPARE(assistant.value(u"streaming"_s).toBool(), true);
    QCOMPARE(assistant.value(u"usage"_s).toObject().value(u"totalTokens"_s).toInt(), 46);
    QVERIFY(!assistant.contains(u"error"_s));

    const QJsonObject error = fullError().toJson();
    QCOMPARE(error.value(u"kind"_s).toString(), u"error"_s);
    QVERIFY(!error.contains(u"text"_s));
    const QJsonObject details = error.value(u"error"_s).toObject();
    QCOMPARE(details.value(u"kind"_s).toString(), u"StreamStalled"_s);
    QCOMPARE(details.value(u"timeoutPhase"_s).toString(), u"Idle"_s);
    QCOMPARE(details.value(u"networkError"_s).toString(), u"OperationCanceledError"_s);
    QCOMPARE(details.value(u"timeoutMs"_s).toInteger(), 30000);
    QCOMPARE(details.value(u"retryAfterMs"_s).toInteger(), 2500);

    const QJsonObject user = makeItem(Kind::User, u"x"_s).toJson();
    QCOMPARE(user.value(u"kind"_s).toString(), u"user"_s);
    QVERIFY(!user.contains(u"streaming"_s));
    QVERIFY(!user.contains(u"error"_s));
}

void TestConversation::garbageItems_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray base = R"("id":"x","time":"2024-06-01T12:00:00.000Z")";
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("unknown kind") << QByteArray(R"({"kind":"robot",)" + base + "}");
    QTest::newRow("kind as a number") << QByteArray(R"({"kind":1,)" + base + "}");
    QTest::newRow("kind in another case") << QByteArray(R"({"kind":"User",)" + base + "}");
    QTest::newRow("no id") << QByteArray(R"({"kind":"user","time":"2024-06-01T12:00:00Z"})");
    QTest::newRow("blank id") << QByteArray(
            R"({"kind":"user","id":"  ","time":"2024-06-01T12:00:00Z"})");
    QTest::newRow("id as a number")
            << QByteArray(R"({"kind":"user","id":7,"time":"2024-06-01T12:00:00Z"})");
    QTest::newRow("no time") << QByteArray(R"({"kind":"user","id":"x"})");
    QTest::newRow("time not a date")
            << QByteArray(R"({"kind":"user","id":"x","time":"yesterday"})");
    QTest::newRow("text as a number") << QByteArray(R"({"kind":"user",)" + base + R"(,"text":5})");
    QTest::newRow("streaming as a string")
            << QByteArray(R"({"kind":"assistant",)" + base + R"(,"streaming":"yes"})");
    QTest::newRow("usage not an object")
            << QByteArray(R"({"kind":"assistant",)" + base + R"(,"usage":12})");
    QTest::newRow("usage negative")
            << QByteArray(R"({"kind":"assistant",)" + base + R"(,"usage":{"totalTokens":-1}})");
    QTest::newRow("usage fractional")
            << QByteArray(R"({"kind":"assistant",)" + base + R"(,"usage":{"totalTokens":1.5}})");
    QTest::newRow("model as an array")
            << QByteArray(R"({"kind":"assistant",)" + base + R"(,"model":[]})");
    QTest::newRow("error item without error") << QByteArray(R"({"kind":"error",)" + base + "}");
    QTest::newRow("error not an object")
            << QByteArray(R"({"kind":"error",)" + base + R"(,"error":"Server"})");
    QTest::newRow("unknown error kind")
            << QByteArray(R"({"kind":"error",)" + base + R"(,"error":{"kind":"Gremlins"}})");
    QTest::newRow("error kind missing")
            << QByteArray(R"({"kind":"error",)" + base + R"(,"error":{"message":"x"}})");
    QTest::newRow("unknown timeout phase")
            << QByteArray(R"({"kind":"error",)" + base
                          + R"(,"error":{"kind":"Timeout","timeoutPhase":"Lunch"}})");
    QTest::newRow("status as a string") << QByteArray(
            R"({"kind":"error",)" + base + R"(,"error":{"kind":"Server","httpStatus":"500"}})");
    QTest::newRow("status out of range") << QByteArray(
            R"({"kind":"error",)" + base + R"(,"error":{"kind":"Server","httpStatus":70000}})");
    QTest::newRow("retry-after negative") << QByteArray(
            R"({"kind":"error",)" + base + R"(,"error":{"kind":"RateLimited","retryAfterMs":-5}})");
    QTest::newRow("message as an object") << QByteArray(
            R"({"kind":"error",)" + base + R"(,"error":{"kind":"Server","message":{}}})");
    QTest::newRow("retryable as a number") << QByteArray(
            R"({"kind":"error",)" + base + R"(,"error":{"kind":"Server","retryable":1}})");
}

void TestConversation::garbageItems()
{
    QFETCH(QByteArray, json);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError); // the table itself is valid JSON
    QVERIFY(!ConversationItem::fromJson(document.object()).has_value());
}

void TestConversation::unknownFieldsAreIgnored()
{
    // A later version may add fields: they do not make an item unreadable.
    const QByteArray json = R"({"kind":"assistant","id":"x","time":"2024-06-01T12:00:00.000Z",
        "text":"Hi","reasoning":"new field","error":{"kind":"Server"}})";
    const std::optional<ConversationItem> item =
            ConversationItem::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(item);
    QCOMPARE(item->text, u"Hi"_s);
    QCOMPARE(item->error.kind, ApiError::Kind::None); // error is read for Error items only
}

void TestConversation::restoreRoundTrip()
{
    Conversation conversation;
    conversation.append(makeItem(Kind::User, u"Hello"_s));
    ConversationItem reply = fullAssistant();
    reply.streaming = false;
    conversation.append(reply);
    conversation.append(fullError());
    conversation.append(makeItem(Kind::User, u"Again ✓"_s));

    Conversation copy;
    QSignalSpy reset(&copy, &Conversation::modelReset);
    QVERIFY(copy.restore(
            QJsonDocument::fromJson(QJsonDocument(conversation.toJson()).toJson()).object()));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(copy.count(), conversation.count());
    for (int i = 0; i < copy.count(); ++i) {
        compareItems(copy.at(i), conversation.at(i));
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(copy.toJson(), conversation.toJson());

    Conversation empty;
    QVERIFY(copy.restore(empty.toJson()));
    QCOMPARE(copy.count(), 0);
    QCOMPARE(reset.count(), 2);
}

void TestConversation::restoreMarksAStreamingReplyInterrupted()
{
    // What is on disk when the application dies mid-stream: the debounced save of a reply
    // still streaming.
    ConversationItem user = makeItem(Kind::User, u"Tell me a story"_s);
    user.id = u"u1"_s;
    user.time = kNow;
    ConversationItem reply = makeItem(Kind::Assistant, u"Once upon a time"_s);
    reply.id = u"a1"_s;
    reply.time = kNow;
    reply.streaming = true;
    const QJsonObject onDisk{{u"version"_s, 1},
                             {u"items"_s, QJsonArray{user.toJson(), reply.toJson()}}};

    Conversation conversation;
    QVERIFY(conversation.restore(onDisk));
    QCOMPARE(conversation.count(), 2);
    const ConversationItem &restored = conversation.at(1);
    QVERIFY(!restored.streaming);
    QVERIFY(restored.interrupted);
    QCOMPARE(restored.text, u"Once upon a time"_s);
    QCOMPARE(restored.id, u"a1"_s);
    // The partial is part of the context, ready for Continue.
    QCOMPARE(messagesAsText(conversation.context(QString())),
             (QStringList{u"user:Tell me a story"_s, u"assistant:Once upon a time"_s}));
}

void TestConversation::restoreRefusesGarbageAndChangesNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray good = R"({"kind":"user","id":"x","time":"2024-06-01T12:00:00.000Z"})";
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("no version") << QByteArray(R"({"items":[]})");
    QTest::newRow("version as a string") << QByteArray(R"({"version":"1","items":[]})");
    QTest::newRow("a later version") << QByteArray(R"({"version":2,"items":[]})");
    QTest::newRow("no items") << QByteArray(R"({"version":1})");
    QTest::newRow("items not an array") << QByteArray(R"({"version":1,"items":{}})");
    QTest::newRow("an item not an object")
            << QByteArray(R"({"version":1,"items":[)" + good + R"(,"text"]})");
    QTest::newRow("one bad item among good ones") << QByteArray(
            R"({"version":1,"items":[)" + good + R"(,{"kind":"user"},)" + good + "]}");
}

void TestConversation::restoreRefusesGarbageAndChangesNothing()
{
    QFETCH(QByteArray, json);
    Conversation conversation;
    conversation.append(makeItem(Kind::User, u"Keep me"_s));
    const QJsonObject before = conversation.toJson();
    QSignalSpy reset(&conversation, &Conversation::modelReset);

    QVERIFY(!conversation.restore(QJsonDocument::fromJson(json).object()));

    QCOMPARE(reset.count(), 0);
    QCOMPARE(conversation.toJson(), before);
}

void TestConversation::pagesAreReadFromTheEnd()
{
    QTemporaryDir dir;
    ConversationLibrary library;
    QVERIFY(library.open(dir.filePath(u"library.sqlite3"_s)));
    const QString id = library.createConversation();
    QString parent;
    const int total = 5 * Conversation::pageSize + 7;
    for (int i = 0; i < total; ++i) {
        ConversationItem item = makeItem(i % 2 ? Kind::Assistant : Kind::User, u"m%1"_s.arg(i));
        parent = library.addMessage(id, parent, item);
        QVERIFY(!parent.isEmpty());
    }

    Conversation conversation;
    conversation.setLibrary(&library);
    QSignalSpy reset(&conversation, &Conversation::modelReset);
    QSignalSpy opened(&conversation, &Conversation::conversationOpened);
    QVERIFY(conversation.open(id));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(conversation.count(), total);
    // Nothing is read until asked for; then the page at the end, not the whole path.
    for (int row = 0; row < total; ++row)
        QVERIFY(!conversation.isLoaded(row));
    QCOMPARE(conversation.at(total - 1).text, u"m%1"_s.arg(total - 1));
    int loaded = 0;
    for (int row = 0; row < total; ++row)
        loaded += conversation.isLoaded(row) ? 1 : 0;
    QCOMPARE(loaded, Conversation::pageSize);
    QVERIFY(conversation.isLoaded(total - Conversation::pageSize));
    QVERIFY(!conversation.isLoaded(total - Conversation::pageSize - 1));
    // The first rows come in a page of their own, as the view scrolls up.
    QCOMPARE(conversation.at(0).text, u"m0"_s);
    QCOMPARE(conversation.at(0).parentId, QString());
    QVERIFY(!conversation.isLoaded(Conversation::pageSize * 2));
    QCOMPARE(conversation.context(QString()).size(), total); // a request reads them all
    QVERIFY(!conversation.open(u"no-such-conversation"_s));
    QCOMPARE(conversation.conversationId(), id);
}

void TestConversation::changesAreWrittenThrough()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"library.sqlite3"_s);
    ConversationLibrary library;
    QVERIFY(library.open(path));
    const QString id = library.createConversation();
    Conversation conversation;
    conversation.setLibrary(&library);
    QVERIFY(conversation.open(id));

    QCOMPARE(conversation.append(makeItem(Kind::User, u"Hello"_s)), 0);
    ConversationItem reply = makeItem(Kind::Assistant, u"Hi"_s);
    reply.streaming = true;
    QCOMPARE(conversation.append(reply), 1);
    QCOMPARE(conversation.at(1).parentId, conversation.at(0).id);
    conversation.appendText(1, u" there"_s);
    const auto saved = [&path, &id] {
        ConversationLibrary reader;
        return reader.open(path) ? reader.path(id) : QList<ConversationItem>();
    };
    QCOMPARE(saved().at(1).text, u"Hi"_s); // streamed text waits for flushText()
    QVERIFY(conversation.flushText(1));
    QCOMPARE(saved().at(1).text, u"Hi there"_s);
    QVERIFY(saved().at(1).streaming); // in the library as it is; Conversation reads it back
                                      // as interrupted (TestChatSession)

    ConversationItem done = conversation.at(1);
    done.streaming = false;
    done.finishReason = u"stop"_s;
    QVERIFY(conversation.replace(1, done));
    QCOMPARE(saved().at(1).finishReason, u"stop"_s);
    QVERIFY(!saved().at(1).streaming);

    QVERIFY(conversation.append(itemFromSpec(u"e:Server"_s)) == 2);
    conversation.removeFrom(2);
    QCOMPARE(saved().size(), 2);
    QCOMPARE(library.message(conversation.at(1).id)->text, u"Hi there"_s);
}

void TestConversation::truncateKeepsTheBranchAndReloadShowsIt()
{
    QTemporaryDir dir;
    ConversationLibrary library;
    QVERIFY(library.open(dir.filePath(u"library.sqlite3"_s)));
    const QString id = library.createConversation();
    Conversation conversation;
    conversation.setLibrary(&library);
    QVERIFY(conversation.open(id));
    for (const QString &spec : {u"u:one"_s, u"a:two"_s, u"u:three"_s, u"a:four"_s})
        QVERIFY(conversation.append(itemFromSpec(spec)) >= 0);
    QSignalSpy removed(&conversation, &Conversation::rowsRemoved);
    QSignalSpy inserted(&conversation, &Conversation::rowsInserted);

    conversation.truncate(2);
    QCOMPARE(conversation.count(), 2);
    QCOMPARE(library.pathIds(id).size(), 4); // only what is shown changed
    conversation.reloadFrom(2);
    QCOMPARE(conversation.count(), 4);
    QCOMPARE(conversation.at(3).text, u"four"_s);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 2);
    QCOMPARE(inserted.at(0).at(2).toInt(), 3);

    // After a truncate, the next append is a sibling of the first row truncated.
    conversation.truncate(2);
    QCOMPARE(conversation.append(itemFromSpec(u"u:three, again"_s)), 2);
    QCOMPARE(conversation.at(2).siblingIndex, 1);
    QCOMPARE(conversation.at(2).siblingCount, 2);
    QCOMPARE(library.pathIds(id).size(), 3);
}

QTEST_GUILESS_MAIN(TestConversation)
#include "TestConversation.moc"
