// SPDX-License-Identifier: GPL-3.0-or-later
// Conformance of the chat window: the real window, driven through its composer on the
// offscreen platform, against Stoplight Prism mocking OpenAI's official OpenAPI spec
// (tests/support/PrismFixture.h). Prism validates every request the window sends against the
// spec's schema and its bearer security, and answers with spec-shaped placeholder values, so
// this proves that what the window sends is what the real API accepts (the first run taking
// OPENAI_BASE_URL and OPENAI_API_KEY from the environment, a conversation of several turns,
// with and without streaming) and that what the API answers ends as the assistant's reply
// or, for a request without a key, as an Authentication card.
#include "app/AppContext.h"
#include "core/errors/ApiError.h"
#include "core/library/Conversation.h"
#include "core/net/ModelsClient.h"
#include "core/session/ChatSession.h"
#include "core/settings/KeyStore.h"
#include "core/settings/Settings.h"
#include "gui/ChatWindow.h"
#include "gui/ErrorCard.h"
#include "gui/MessageWidgets.h"
#include "gui/TimelineView.h"
#include "support/PrismFixture.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;
using steadfast::test::PrismFixture;
using steadfast::test::PrismLog;
using steadfast::test::PrismRequest;

namespace {

constexpr int kWait = 60'000; // generous: the box is small and shared, Prism is Node

const QString kApiKey = u"sk-test-window-conformance-0123456789"_s;
const QString kModel = u"gpt-4o-mini"_s;
const QString kSystemPrompt = u"You are terse."_s;
const QString kChatPath = u"/v1/chat/completions"_s;

/// A request the window's network access manager finished, as the server saw its head.
struct SentRequest
{
    QString path;
    QByteArray authorization;
    int httpStatus = 0;
};

/// The app as main() builds it, with a profile folder and a keychain service of its own and
/// the environment the test gives it.
struct App
{
    App(const QString &profile, const QProcessEnvironment &environment)
    {
        AppContext::Options options;
        options.profileDir = profile;
        // Unique, so no key of another run (or of the user) can be found.
        options.keychainService = u"steadfast-test-window-conformance-%1"_s.arg(
                QUuid::createUuid().toString(QUuid::WithoutBraces));
        options.environment = environment;
        context = std::make_unique<AppContext>(options);
        QObject::connect(
                context->services().network, &QNetworkAccessManager::finished,
                context->services().network, [this](QNetworkReply *reply) {
                    sent.append(
                            {reply->request().url().path(),
                             reply->request().rawHeader("Authorization"),
                             reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()});
                });
        window = std::make_unique<ChatWindow>(context->services());
        window->show();
    }
    ~App()
    {
        window.reset();
        context.reset();
    }

    /// The chat requests sent so far.
    QList<SentRequest> chatRequests() const
    {
        QList<SentRequest> chats;
        for (const SentRequest &request : sent) {
            if (request.path == kChatPath)
                chats.append(request);
        }
        return chats;
    }

    std::unique_ptr<AppContext> context;
    std::unique_ptr<ChatWindow> window;
    QList<SentRequest> sent;
};

QString kindsOf(const Conversation &conversation)
{
    QStringList kinds;
    for (int i = 0; i < conversation.count(); ++i)
        kinds.append(ConversationItem::kindName(conversation.at(i).kind));
    return kinds.join(u", "_s);
}

} // namespace

class TestWindowConformance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void firstRunTakesServerAndKeyFromTheEnvironment();
    void conversation_data();
    void conversation();
    void missingKeyShowsAnAuthenticationCard();

private:
    QProcessEnvironment environmentWithKey() const;
    /// Model, system prompt, streaming and no retries (a request Prism rejects must show as
    /// what it is, at once), through Settings as the settings dialog would; then waits until
    /// the window has the key and its fetch of /models has ended, so that only the chat
    /// requests of the test follow in Prism's log.
    bool configure(App *app, const std::function<void(AppSettings &)> &change);
    /// Types the text into the composer, presses Enter and waits until the exchange ended.
    bool sendAndWait(App *app, const QString &text);
    /// Waits until Prism's log has one more chat request than `before` with its verdict, and
    /// checks that no request since `before` (GET /v1/models included) failed validation.
    bool oneMoreValidRequest(const PrismLog &before, PrismLog *after);

    PrismFixture m_prism;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<App> m_app;
};

void TestWindowConformance::initTestCase()
{
    if (!m_prism.start())
        return; // skipped or failed, with the reason
}

void TestWindowConformance::cleanupTestCase()
{
    QString error;
    QVERIFY2(m_prism.stop(&error), qPrintable(error));
}

void TestWindowConformance::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_profile->isValid(), qPrintable(m_profile->errorString()));
}

void TestWindowConformance::cleanup()
{
    m_app.reset();
    m_profile.reset();
}

QProcessEnvironment TestWindowConformance::environmentWithKey() const
{
    QProcessEnvironment environment;
    environment.insert(u"OPENAI_API_KEY"_s, kApiKey);
    environment.insert(u"OPENAI_BASE_URL"_s, m_prism.baseUrl());
    return environment;
}

bool TestWindowConformance::configure(App *app, const std::function<void(AppSettings &)> &change)
{
    AppSettings values = app->context->settings().values();
    values.model = kModel;
    values.systemPrompt = kSystemPrompt;
    values.maxRetries = 0;
    change(values);
    app->context->settings().setValues(values);
    ModelsClient *models = &app->context->models(); // the connection's: lists each endpoint
    return QTest::qWaitFor(
            [&] {
                return app->window->isKeyReady() && !app->context->keys().isBusy()
                        && !models->isRunning();
            },
            kWait);
}

bool TestWindowConformance::sendAndWait(App *app, const QString &text)
{
    QPlainTextEdit *composer = app->window->composer();
    composer->setFocus();
    QTest::keyClicks(composer, text);
    QTest::keyClick(composer, Qt::Key_Return);
    // The session takes the message at once; the composer is emptied only then.
    if (!composer->toPlainText().isEmpty() || !app->context->session().isBusy())
        return false;
    return QTest::qWaitFor([app] { return !app->context->session().isBusy(); }, kWait);
}

bool TestWindowConformance::oneMoreValidRequest(const PrismLog &before, PrismLog *after)
{
    if (!QTest::qWaitFor([&] { return m_prism.logAdvanced(before, 1, after); }, kWait)) {
        qWarning("Prism's log did not show the chat request with its verdict");
        return false;
    }
    bool valid = after->received == before.received + 1 && after->passed == before.passed + 1;
    for (const PrismRequest &request : after->requests.mid(before.requests.size())) {
        if (!request.errors.isEmpty()) {
            qWarning("Prism rejected %s %s: %s", qPrintable(request.method),
                     qPrintable(request.path), qPrintable(request.errors.join(u"; "_s)));
            valid = false;
        }
    }
    return valid;
}

void TestWindowConformance::firstRunTakesServerAndKeyFromTheEnvironment()
{
    m_app = std::make_unique<App>(m_profile->path(), environmentWithKey());
    ChatWindow *window = m_app->window.get();
    QTRY_VERIFY_WITH_TIMEOUT(window->isKeyReady(), kWait);

    QVERIFY(m_app->context->settings().isFirstRun());
    QCOMPARE(m_app->context->settings().values().provider, Provider::Custom);
    QVERIFY(!window->isDemo());
    QCOMPARE(window->baseUrl(), QUrl(m_prism.baseUrl()));
    const KeyStore &keys = m_app->context->keys();
    QCOMPARE(keys.account(), KeyStore::accountFor(QUrl(m_prism.baseUrl())));
    QCOMPARE(keys.source(), KeyStore::Source::Environment);
    QCOMPARE(keys.key(), kApiKey);
    QCOMPARE(m_app->context->session().connection().apiKey, kApiKey);
    QVERIFY(window->sendButton()->isEnabled());
}

void TestWindowConformance::conversation_data()
{
    QTest::addColumn<bool>("streaming");

    // Prism validates a stream request, then answers with plain JSON (it cannot send SSE):
    // the window must take that as the whole reply.
    QTest::newRow("streaming") << true;
    QTest::newRow("not streaming") << false;
}

void TestWindowConformance::conversation()
{
    QFETCH(bool, streaming);

    m_app = std::make_unique<App>(m_profile->path(), environmentWithKey());
    QVERIFY(configure(m_app.get(),
                      [streaming](AppSettings &values) { values.streaming = streaming; }));
    const SessionConnection connection = m_app->context->session().connection();
    QCOMPARE(connection.baseUrl, QUrl(m_prism.baseUrl()));
    QCOMPARE(connection.apiKey, kApiKey);
    QCOMPARE(connection.model, kModel);
    QCOMPARE(connection.systemPrompt, kSystemPrompt);
    QCOMPARE(connection.stream, streaming);
    QCOMPARE(m_app->context->keys().source(), KeyStore::Source::Environment);

    const Conversation &conversation = m_app->context->conversation();
    TimelineView *view = m_app->window->conversationView();
    const QStringList turns{u"Say hello in one word."_s, u"And once more."_s};
    for (int turn = 0; turn < turns.size(); ++turn) {
        const PrismLog before = m_prism.readLog();
        // The first request carries system and user; the second system, user, assistant
        // and user.
        QVERIFY2(sendAndWait(m_app.get(), turns.at(turn)), qPrintable(kindsOf(conversation)));

        const int reply = 2 * turn + 1;
        QCOMPARE(conversation.count(), reply + 1);
        QCOMPARE(conversation.at(reply - 1).kind, ConversationItem::Kind::User);
        QCOMPARE(conversation.at(reply - 1).text, turns.at(turn));
        QVERIFY2(conversation.at(reply).kind == ConversationItem::Kind::Assistant,
                 qPrintable(kindsOf(conversation)));
        QCOMPARE(conversation.at(reply).text, PrismFixture::placeholder());
        QVERIFY(!conversation.at(reply).interrupted);
        QVERIFY(!conversation.at(reply).streaming);
        AssistantMessageWidget *widget = view->assistantWidget(reply);
        QVERIFY(widget);
        QCOMPARE(widget->markdown(), PrismFixture::placeholder());
        QVERIFY(!widget->isInterrupted());
        QVERIFY(!view->lastErrorCard());

        PrismLog after;
        QVERIFY(oneMoreValidRequest(before, &after));

        // The key went along as a bearer token (Prism's security check passed with it).
        const QList<SentRequest> chats = m_app->chatRequests();
        QCOMPARE(chats.size(), turn + 1);
        QCOMPARE(chats.last().httpStatus, 200);
        QCOMPARE(chats.last().authorization, "Bearer " + kApiKey.toUtf8());
    }
    QCOMPARE(m_app->window->sendButton()->text(), tr("Send"));
}

void TestWindowConformance::missingKeyShowsAnAuthenticationCard()
{
    m_app = std::make_unique<App>(m_profile->path(), QProcessEnvironment()); // no key at all
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window->isKeyReady(), kWait);
    QVERIFY(m_app->window->isDemo()); // nothing in the environment: the demo server
    // Prism is on loopback, where servers commonly need no key: the window sends none.
    QVERIFY(configure(m_app.get(), [this](AppSettings &values) {
        values.provider = Provider::Custom;
        values.baseUrl = QUrl(m_prism.baseUrl());
    }));
    QVERIFY(!m_app->window->isDemo());
    QCOMPARE(m_app->window->baseUrl(), QUrl(m_prism.baseUrl()));
    QCOMPARE(m_app->context->keys().source(), KeyStore::Source::None);
    QVERIFY(m_app->context->session().connection().apiKey.isEmpty());

    const PrismLog before = m_prism.readLog();
    QVERIFY(sendAndWait(m_app.get(), u"Hello?"_s));

    const Conversation &conversation = m_app->context->conversation();
    QCOMPARE(conversation.count(), 2);
    QCOMPARE(conversation.at(0).text, u"Hello?"_s);
    QCOMPARE(conversation.at(1).kind, ConversationItem::Kind::Error);
    ErrorCard *card = m_app->window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QCOMPARE(card->error().kind, ApiError::Kind::Authentication);
    QCOMPARE(card->error().httpStatus, 401);
    QPushButton *openSettings = card->actionButton(ErrorText::Action::OpenSettings);
    QVERIFY(openSettings);
    QVERIFY(openSettings->isEnabled());

    const QList<SentRequest> chats = m_app->chatRequests();
    QCOMPARE(chats.size(), 1);
    QCOMPARE(chats.first().httpStatus, 401);
    QVERIFY(chats.first().authorization.isEmpty());

    // The only complaint is the missing credential, not the request itself.
    PrismLog after;
    QTRY_VERIFY_WITH_TIMEOUT(m_prism.logAdvanced(before, 1, &after), kWait);
    QCOMPARE(after.received, before.received + 1);
    QCOMPARE(after.passed, before.passed);
    const QStringList errors = after.errors.mid(before.errors.size());
    QVERIFY2(errors.size() == 1 && errors.first().contains(u"security"_s, Qt::CaseInsensitive),
             qPrintable(errors.join(u'\n')));
}

QTEST_MAIN(TestWindowConformance)
#include "TestWindowConformance.moc"
