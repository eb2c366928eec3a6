// SPDX-License-Identifier: GPL-3.0-or-later
// The chat window, driven through its real widgets on the offscreen platform, against the
// demo server (the real fault server on loopback) that the app embeds.
#include "app/AppContext.h"
#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/session/ChatSession.h"
#include "demo/DemoScenarios.h"
#include "gui/ActivityLogDock.h"
#include "gui/ChatWindow.h"
#include "gui/ErrorCard.h"
#include "gui/MessageWidgets.h"
#include "gui/RetryBanner.h"
#include "gui/StatusIndicator.h"
#include "gui/TimelineView.h"
#include "support/WindowApp.h"

#include <QAbstractItemView>
#include <QAccessible>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDesktopServices>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;

namespace {

constexpr int kWait = 30'000; // generous: the box is small and shared

/// Where QDesktopServices::openUrl() goes in a test: here, not to a browser.
class UrlCatcher : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void open(const QUrl &url) { Q_EMIT opened(url); }
Q_SIGNALS:
    void opened(const QUrl &url);
};

/// The app on a profile folder of the test's (tests/support/WindowApp.h).
struct App : test::WindowApp
{
    explicit App(const QString &profile) : WindowApp(profile, u"steadfast-test-window"_s) {}
};

} // namespace

class TestChatWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void firstRunIsTheDemoServer();
    void enterSendsAndTheReplyStreams();
    void shiftEnterAddsALine();
    void aSlowModelShowsTheSecondsItHasBeenWaiting();
    void rateLimitBannerCountsDownAndTheRetrySucceeds();
    void outageOpensTheBreakerThenProbesAndCloses();
    void sendWhenTheServiceIsBackHoldsForTheProbe();
    void unauthorizedCardOpensSettings();
    void stopDuringTheCountdownKeepsTheMessage();
    void onlyTheLastCardActs();
    void simulateMenu_data();
    void simulateMenu();
    void quotaCardOfOpenAIOpensItsBillingPage();
    void newConversationCarriesTheMessageOver();
    void noModelCardOpensTheModelBox();
    void longWaitAsks();
    void interruptedReplyOffersContinueAndRegenerate();
    void cutOffCardRegeneratesTheReply();
    void restartRestoresConversationAndDraft();
    void everyControlHasAnAccessibleName();

private:
    void makeFast();
    void send(const QString &text);
    bool waitIdle();

    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<App> m_app;
};

void TestChatWindow::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
    m_app = std::make_unique<App>(m_profile->path());
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window->isKeyReady(), kWait);
    makeFast();
}

void TestChatWindow::cleanup()
{
    m_app.reset();
    m_profile.reset();
}

void TestChatWindow::makeFast()
{
    // Short timeouts and few retries so every path plays out in seconds.
    AppSettings values = m_app->context->settings().values();
    values.maxRetries = 2;
    values.firstByteTimeoutMs = 1500;
    values.idleTimeoutMs = 1500;
    values.breakerThreshold = 3;
    values.breakerCooldownMs = 3000;
    m_app->context->settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window->isKeyReady(), kWait);
}

void TestChatWindow::send(const QString &text)
{
    QPlainTextEdit *composer = m_app->window->composer();
    composer->setFocus();
    QTest::keyClicks(composer, text);
    QTest::keyClick(composer, Qt::Key_Return);
}

bool TestChatWindow::waitIdle()
{
    // A real event loop while waiting (QSignalSpy::wait): qWaitFor sleeps 10 ms between
    // rounds, and the demo server, on this thread, would stream one piece per sleep.
    ChatSession &session = m_app->context->session();
    QDeadlineTimer deadline(kWait);
    QSignalSpy busy(&session, &ChatSession::busyChanged);
    while (session.isBusy() && !deadline.hasExpired())
        busy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    return !session.isBusy();
}

void TestChatWindow::firstRunIsTheDemoServer()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->isDemo());
    QVERIFY(window->demoBadge()->isVisible());
    QVERIFY(window->simulateMenu()->isEnabled());
    QCOMPARE(window->baseUrl(), m_app->context->demoServer().baseUrl());
    QCOMPARE(window->statusIndicator()->stateText(), tr("Connected"));
    // The Simulate entries describe the timeouts in force (makeFast() set idle to 1.5 s).
    QAction *stall = window->simulateMenu()->findChild<QAction *>(u"simulate-stall"_s);
    QVERIFY(stall);
    QVERIFY2(stall->toolTip().contains(u"(1 s)"_s), qPrintable(stall->toolTip()));
}

void TestChatWindow::enterSendsAndTheReplyStreams()
{
    ChatWindow *window = m_app->window.get();
    QSignalSpy textAppended(&m_app->context->conversation(), &Conversation::textAppended);
    send(u"Hello there"_s);
    QVERIFY(window->composer()->toPlainText().isEmpty());
    QCOMPARE(window->sendButton()->text(), tr("Stop"));
    QCOMPARE(m_app->context->conversation().at(0).text, u"Hello there"_s);
    QVERIFY(waitIdle());
    QCOMPARE(window->sendButton()->text(), tr("Send"));
    TimelineView *view = window->conversationView();
    QCOMPARE(view->rowCount(), 2);
    AssistantMessageWidget *reply = view->assistantWidget(1);
    QVERIFY(reply);
    QCOMPARE(reply->markdown(), AppContext::demoReplyText());
    QVERIFY(textAppended.count() > 10); // it streamed in pieces
    QVERIFY(!reply->isInterrupted());
    // Rendered as Markdown: the code block is a code view of its own.
    bool hasCode = false;
    for (QWidget *block : reply->blockWidgets())
        hasCode = hasCode || qobject_cast<CodeBlockView *>(block);
    QVERIFY(hasCode);
}

void TestChatWindow::shiftEnterAddsALine()
{
    QPlainTextEdit *composer = m_app->window->composer();
    composer->setFocus();
    QTest::keyClicks(composer, u"line one"_s);
    QTest::keyClick(composer, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(composer, u"line two"_s);
    QCOMPARE(composer->toPlainText(), u"line one\nline two"_s);
    QCOMPARE(m_app->context->conversation().count(), 0);
}

void TestChatWindow::aSlowModelShowsTheSecondsItHasBeenWaiting()
{
    AppSettings values = m_app->context->settings().values();
    values.firstByteTimeoutMs = 60'000; // the cold model answers after 8 s
    m_app->context->settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window->isKeyReady(), kWait);
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"slow-start"_s));
    send(u"Wake up"_s);
    TimelineView *view = window->conversationView();
    // Never a bare spinner: the words and the seconds, counting.
    QTRY_VERIFY_WITH_TIMEOUT(view->waitingText().contains(u"Waiting for the model… 2 s"_s), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(view->waitingText().contains(u"Waiting for the model… 3 s"_s), kWait);
    QVERIFY(waitIdle());
    QVERIFY(view->waitingText().isEmpty());
    QCOMPARE(m_app->context->conversation().at(1).text, AppContext::demoReplyText());
}

void TestChatWindow::rateLimitBannerCountsDownAndTheRetrySucceeds()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"rate-limit"_s)); // 429 with Retry-After: 3
    send(u"Hi"_s);
    RetryBanner *banner = window->retryBanner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kWait);
    QVERIFY2(banner->headline().contains(u"429"_s), qPrintable(banner->headline()));
    QStringList seen;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QString text = banner->countdownText();
                if (!text.isEmpty() && (seen.isEmpty() || seen.last() != text))
                    seen.append(text);
                return !banner->isVisible() || seen.size() >= 2;
            }(),
            kWait);
    QVERIFY2(seen.size() >= 2, qPrintable(seen.join(u" / "_s))); // it counted down
    QVERIFY2(seen.first().contains(u"3"_s), qPrintable(seen.first()));
    QVERIFY(waitIdle());
    QVERIFY(!banner->isVisible());
    QCOMPARE(m_app->context->conversation().count(), 2);
    QCOMPARE(m_app->context->conversation().at(1).kind, ConversationItem::Kind::Assistant);
}

void TestChatWindow::outageOpensTheBreakerThenProbesAndCloses()
{
    ChatWindow *window = m_app->window.get();
    StatusIndicator *indicator = window->statusIndicator();
    QVERIFY(window->simulate(u"outage"_s)); // 500s: threshold 3 = all 3 attempts
    send(u"Are you there?"_s);
    QTRY_VERIFY_WITH_TIMEOUT(indicator->stateText().startsWith(tr("Paused")), kWait);
    QVERIFY(indicator->breaker()->state() == CircuitBreaker::State::Open);
    QVERIFY2(indicator->stateText().contains(u" s"_s), qPrintable(indicator->stateText()));
    QVERIFY(waitIdle());
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QVERIFY(card->actionButton(ErrorText::Action::TryAgain));
    // The cooldown ends: the breaker lets one probe through.
    QTRY_COMPARE_WITH_TIMEOUT(indicator->breaker()->state(), CircuitBreaker::State::HalfOpen,
                              kWait);
    // Nothing is sent yet: the indicator does not claim a probe is under way.
    QCOMPARE(indicator->stateText(), tr("Paused — the next request is the probe"));
    QTest::mouseClick(card->actionButton(ErrorText::Action::TryAgain), Qt::LeftButton);
    QVERIFY(waitIdle());
    QCOMPARE(indicator->breaker()->state(), CircuitBreaker::State::Closed);
    QCOMPARE(indicator->stateText(), tr("Connected"));
    const Conversation &conversation = m_app->context->conversation();
    QCOMPARE(conversation.at(conversation.count() - 1).kind, ConversationItem::Kind::Assistant);
}

void TestChatWindow::sendWhenTheServiceIsBackHoldsForTheProbe()
{
    using namespace std::chrono_literals;
    ChatWindow *window = m_app->window.get();
    StatusIndicator *indicator = window->statusIndicator();
    QVERIFY(window->simulate(u"outage"_s));
    send(u"Are you there?"_s);
    QVERIFY(waitIdle());
    CircuitBreaker *breaker = indicator->breaker();
    QCOMPARE(breaker->state(), CircuitBreaker::State::Open);
    // A long cooldown, so that the steps below happen while it lasts, whatever the load.
    const CircuitBreaker::Options options = breaker->options();
    breaker->setOptions({options.threshold, 10min});

    // A new message while paused is not sent: its card counts down and offers to wait.
    send(u"Still there?"_s);
    QVERIFY(waitIdle());
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QCOMPARE(card->error().kind, ApiError::Kind::CircuitOpen);
    QVERIFY2(card->probeText().startsWith(u"Service paused — next probe in "_s),
             qPrintable(card->probeText()));
    // No frozen figure beside the live line; the core's own words say whole seconds, never
    // "next probe in 17.224 s".
    QVERIFY2(card->detailText().isEmpty(), qPrintable(card->detailText()));
    QVERIFY2(QRegularExpression(u"next probe in \\d+ s$"_s).match(card->error().message).hasMatch(),
             qPrintable(card->error().message));
    QPushButton *sendWhenBack = card->actionButton(ErrorText::Action::SendWhenBack);
    QVERIFY(sendWhenBack && sendWhenBack->isEnabled());
    QTest::mouseClick(sendWhenBack, Qt::LeftButton);

    // Held: the banner counts down to the probe; the message is not sent yet.
    RetryBanner *banner = window->retryBanner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kWait);
    QVERIFY2(banner->countdownText().startsWith(
                     u"Waiting for the service — sending as the probe in "_s),
             qPrintable(banner->countdownText()));
    QVERIFY(m_app->context->session().isBusy());

    // The cooldown ends: the held message goes as the probe, and the service is back.
    breaker->setOptions({options.threshold, 0ms});
    QVERIFY(waitIdle());
    QCOMPARE(breaker->state(), CircuitBreaker::State::Closed);
    const Conversation &conversation = m_app->context->conversation();
    QCOMPARE(conversation.at(conversation.count() - 1).kind, ConversationItem::Kind::Assistant);
    QCOMPARE(conversation.at(conversation.count() - 2).text, u"Still there?"_s);
}

void TestChatWindow::unauthorizedCardOpensSettings()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"key-rejected"_s));
    send(u"Hello"_s);
    QVERIFY(waitIdle());
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QCOMPARE(card->error().kind, ApiError::Kind::Authentication);
    QPushButton *open = card->actionButton(ErrorText::Action::OpenSettings);
    QVERIFY(open);
    QVERIFY(open->isEnabled());
    QTest::mouseClick(open, Qt::LeftButton);
    QTRY_VERIFY(window->settingsDialog() && window->settingsDialog()->isVisible());
    window->settingsDialog()->reject();
    // The user's message is still there, and the error is not part of the next context.
    const Conversation &conversation = m_app->context->conversation();
    QCOMPARE(conversation.at(0).text, u"Hello"_s);
    for (const ChatMessage &message : conversation.context({}))
        QVERIFY(!message.content.contains(card->error().message));
}

void TestChatWindow::stopDuringTheCountdownKeepsTheMessage()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"rate-limit"_s));
    send(u"Keep me"_s);
    QTRY_VERIFY_WITH_TIMEOUT(window->retryBanner()->isVisible(), kWait);
    QTest::keyClick(window->composer(), Qt::Key_Escape);
    QVERIFY(waitIdle());
    QVERIFY(!window->retryBanner()->isVisible());
    const Conversation &conversation = m_app->context->conversation();
    QCOMPARE(conversation.at(0).kind, ConversationItem::Kind::User);
    QCOMPARE(conversation.at(0).text, u"Keep me"_s);
    QCOMPARE(conversation.at(conversation.count() - 1).error.kind, ApiError::Kind::Cancelled);
    QCOMPARE(m_app->context->demoServer().chatRequestCount(), 1); // no retry went out
}

void TestChatWindow::onlyTheLastCardActs()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"key-rejected"_s));
    send(u"First"_s);
    QVERIFY(waitIdle());
    ErrorCard *first = window->conversationView()->lastErrorCard();
    QVERIFY(first);
    QVERIFY(first->actionButton(ErrorText::Action::TryAgain)->isEnabled());
    QVERIFY(window->simulate(u"key-rejected"_s));
    send(u"Second"_s);
    QVERIFY(waitIdle());
    ErrorCard *second = window->conversationView()->lastErrorCard();
    QVERIFY(second && second != first);
    // Try again on the older card would resend "Second", not "First": it no longer offers it.
    QVERIFY(!first->actionButton(ErrorText::Action::TryAgain)->isEnabled());
    QVERIFY(second->actionButton(ErrorText::Action::TryAgain)->isEnabled());
}

void TestChatWindow::simulateMenu_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<ApiError::Kind>("endsWith"); // None: a reply
    QTest::addColumn<ErrorText::Action>("action");

    using Kind = ApiError::Kind;
    using Action = ErrorText::Action;
    QTest::newRow("server error once") << u"server-error"_s << Kind::None << Action::None;
    QTest::newRow("connection reset") << u"connection-reset"_s << Kind::None << Action::None;
    QTest::newRow("proxy HTML page") << u"proxy-502"_s << Kind::None << Action::None;
    QTest::newRow("unreadable reply") << u"malformed"_s << Kind::None << Action::None;
    QTest::newRow("dropped stream") << u"drop"_s << Kind::None << Action::None;
    QTest::newRow("timeout") << u"timeout"_s << Kind::None << Action::None;
    QTest::newRow("stall") << u"stall"_s << Kind::None << Action::None;
    QTest::newRow("slow start") << u"slow-start"_s << Kind::None << Action::None;
    QTest::newRow("request timeout") << u"request-timeout"_s << Kind::None << Action::None;
    QTest::newRow("conflict") << u"conflict"_s << Kind::Conflict << Action::TryAgain;
    QTest::newRow("unprocessable")
            << u"unprocessable"_s << Kind::Unprocessable << Action::EditMessage;
    QTest::newRow("TLS handshake") << u"tls"_s << Kind::Tls << Action::OpenSettings;
    // The demo server has no billing page: the words say what to check, no dead-end button.
    QTest::newRow("quota") << u"quota"_s << Kind::QuotaExceeded << Action::None;
    QTest::newRow("key rejected") << u"key-rejected"_s << Kind::Authentication
                                  << Action::OpenSettings;
    QTest::newRow("permission") << u"permission"_s << Kind::Permission << Action::OpenSettings;
    QTest::newRow("model not found")
            << u"model-not-found"_s << Kind::NotFound << Action::ChooseModel;
    QTest::newRow("context too long")
            << u"context-too-long"_s << Kind::BadRequest << Action::EditMessage;
    QTest::newRow("dropped every time")
            << u"drop-all"_s << Kind::StreamInterrupted << Action::Continue;
}

void TestChatWindow::simulateMenu()
{
    QFETCH(QString, scenario);
    QFETCH(ApiError::Kind, endsWith);
    QFETCH(ErrorText::Action, action);
    ChatWindow *window = m_app->window.get();
    QAction *menuAction = window->simulateMenu()->findChild<QAction *>(u"simulate-"_s + scenario);
    QVERIFY(menuAction);
    menuAction->trigger();
    send(u"Tell me something"_s);
    QVERIFY(waitIdle());
    const Conversation &conversation = m_app->context->conversation();
    const ConversationItem &last = conversation.at(conversation.count() - 1);
    if (endsWith == ApiError::Kind::None) {
        QCOMPARE(last.kind, ConversationItem::Kind::Assistant);
        QCOMPARE(last.text, AppContext::demoReplyText());
        return;
    }
    QCOMPARE(last.kind, ConversationItem::Kind::Error);
    QCOMPARE(last.error.kind, endsWith);
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    if (action == ErrorText::Action::None)
        QVERIFY(card->actionButtons().isEmpty());
    else
        QVERIFY(card->actionButton(action));
    QCOMPARE(card->facts().actions,
             m_app->context->session().cardFacts(conversation.count() - 1).actions);
    QCOMPARE(conversation.at(0).text, u"Tell me something"_s);
}

void TestChatWindow::quotaCardOfOpenAIOpensItsBillingPage()
{
    // OpenAI's preset, reached at the demo server's address (as through a gateway): its quota
    // card links to OpenAI's billing page, and the button opens it.
    ChatWindow *window = m_app->window.get();
    AppSettings values = m_app->context->settings().values();
    values.provider = Provider::OpenAI;
    values.baseUrl = m_app->context->demoServer().baseUrl();
    values.model = u"gpt-4o-mini"_s;
    m_app->context->settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(window->isKeyReady(), kWait);
    QVERIFY(!window->isDemo());
    QList<FaultStep> quota;
    for (const DemoScenario &scenario : demoScenarios()) {
        if (scenario.id == u"quota"_s)
            quota = scenario.steps;
    }
    QVERIFY(!quota.isEmpty());
    m_app->context->demoServer().armAll(quota);
    send(u"Hello"_s);
    QVERIFY(waitIdle());
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QCOMPARE(card->error().kind, ApiError::Kind::QuotaExceeded);
    QPushButton *billing = card->actionButton(CardAction::OpenBillingPage);
    QVERIFY(billing);
    QCOMPARE(billing->text(), u"Open billing page"_s);
    QCOMPARE(card->actionButtons().size(), 1);

    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(u"https"_s, &catcher, "open");
    QSignalSpy opened(&catcher, &UrlCatcher::opened);
    QTest::mouseClick(billing, Qt::LeftButton);
    QDesktopServices::unsetUrlHandler(u"https"_s);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.at(0).at(0).toUrl(), presetFor(Provider::OpenAI).billingUrl);
}

void TestChatWindow::newConversationCarriesTheMessageOver()
{
    ChatWindow *window = m_app->window.get();
    ConversationLibrary &library = m_app->context->library();
    const QString oldId = m_app->context->conversation().conversationId();
    QVERIFY(window->simulate(u"context-too-long"_s));
    send(u"A message far too long for this model"_s);
    QVERIFY(waitIdle());
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QVERIFY(card->actionButton(CardAction::EditMessage));
    QPushButton *fresh = card->actionButton(CardAction::NewConversation);
    QVERIFY(fresh);
    QCOMPARE(fresh->text(), u"New conversation"_s);
    QTest::mouseClick(fresh, Qt::LeftButton);

    const QString newId = m_app->context->conversation().conversationId();
    QVERIFY(!newId.isEmpty());
    QVERIFY(newId != oldId);
    QCOMPARE(m_app->context->conversation().count(), 0);
    QCOMPARE(window->draft(), u"A message far too long for this model"_s);
    QCOMPARE(library.conversation(newId)->draft, u"A message far too long for this model"_s);
    // The old conversation is still there, with the message and its card.
    QCOMPARE(library.path(oldId).size(), 2);
    // Sent from the new conversation, it goes alone.
    QTest::keyClick(window->composer(), Qt::Key_Return);
    QVERIFY(waitIdle());
    QCOMPARE(m_app->context->conversation().at(0).text, u"A message far too long for this model"_s);
    QCOMPARE(m_app->context->conversation().count(), 2);
}

void TestChatWindow::noModelCardOpensTheModelBox()
{
    ChatWindow *window = m_app->window.get();
    AppSettings values = m_app->context->settings().values();
    values.provider = Provider::Custom;
    values.baseUrl = m_app->context->demoServer().baseUrl();
    values.model.clear();
    m_app->context->settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(window->isKeyReady(), kWait);
    const int requests = m_app->context->demoServer().chatRequestCount();
    send(u"Hello"_s);
    QVERIFY(waitIdle());
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QCOMPARE(card->titleText(), u"Choose a model"_s);
    QPushButton *choose = card->actionButton(CardAction::ChooseModel);
    QVERIFY(choose);
    QCOMPARE(choose->text(), u"Choose a model"_s);
    QCOMPARE(m_app->context->demoServer().chatRequestCount(), requests); // nothing sent
    QCOMPARE(m_app->context->conversation().at(0).text, u"Hello"_s);     // the message is kept
    QTest::mouseClick(choose, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window->modelBox()->view()->isVisible(), kWait);
    window->modelBox()->hidePopup();
}

void TestChatWindow::longWaitAsks()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"rate-limit-long"_s));
    send(u"Hi"_s);
    RetryBanner *banner = window->retryBanner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kWait);
    QPushButton *wait = banner->findChild<QPushButton *>(u"acceptWaitButton"_s);
    QVERIFY(wait);
    QTRY_VERIFY(wait->isVisible());
    QVERIFY2(banner->headline().contains(u"1 h"_s) || banner->countdownText().contains(u"1 h"_s)
                     || banner->headline().contains(u"60 min"_s),
             qPrintable(banner->headline() + u" / "_s + banner->countdownText()));
    QCOMPARE(m_app->context->service().state(), ChatService::State::WaitingForConsent);
    QPushButton *cancel = banner->findChild<QPushButton *>(u"cancelRetryButton"_s);
    QVERIFY(cancel && cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(waitIdle());
    QVERIFY(!banner->isVisible());
}

void TestChatWindow::interruptedReplyOffersContinueAndRegenerate()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"drop-all"_s));
    send(u"Write a story"_s);
    QVERIFY(waitIdle());
    const Conversation &conversation = m_app->context->conversation();
    const int replyIndex = conversation.lastIndexOf(ConversationItem::Kind::Assistant);
    QVERIFY(replyIndex > 0);
    QVERIFY(conversation.at(replyIndex).interrupted);
    const QString partial = conversation.at(replyIndex).text;
    QVERIFY(!partial.isEmpty());
    AssistantMessageWidget *reply = window->conversationView()->assistantWidget(replyIndex);
    QVERIFY(reply->isInterrupted());
    QVERIFY(reply->continueButton()->isVisible());
    QVERIFY(reply->regenerateButton()->isVisible());
    // Three broken streams opened the breaker (threshold 3): Continue is its probe.
    QTRY_COMPARE_WITH_TIMEOUT(window->statusIndicator()->breaker()->state(),
                              CircuitBreaker::State::HalfOpen, kWait);
    // Continue appends to the same reply.
    QTest::mouseClick(reply->continueButton(), Qt::LeftButton);
    QVERIFY(waitIdle());
    QCOMPARE(conversation.lastIndexOf(ConversationItem::Kind::Assistant), replyIndex);
    QVERIFY(conversation.at(replyIndex).text.startsWith(partial));
    QVERIFY(conversation.at(replyIndex).text.size() > partial.size());
    QVERIFY(!conversation.at(replyIndex).interrupted);
    QCOMPARE(conversation.at(conversation.count() - 1).kind, ConversationItem::Kind::Assistant);
}

void TestChatWindow::cutOffCardRegeneratesTheReply()
{
    ChatWindow *window = m_app->window.get();
    QVERIFY(window->simulate(u"drop-all"_s));
    send(u"Write a story"_s);
    QVERIFY(waitIdle());
    const Conversation &conversation = m_app->context->conversation();
    const int replyIndex = conversation.lastIndexOf(ConversationItem::Kind::Assistant);
    QVERIFY(replyIndex > 0);
    const QString partial = conversation.at(replyIndex).text;
    ErrorCard *card = window->conversationView()->lastErrorCard();
    QVERIFY(card);
    QCOMPARE(card->titleText(), ErrorWords::title(card->error(), card->facts()));
    QVERIFY2(card->titleText().startsWith(u"The reply was cut off after "_s),
             qPrintable(card->titleText()));
    QVERIFY(!card->metaText().contains(u"HTTP status"_s));
    QCOMPARE(card->facts().replyRow, replyIndex);
    QPushButton *regenerate = card->actionButton(CardAction::Regenerate);
    QVERIFY(regenerate);
    QVERIFY(card->actionButton(CardAction::Continue));
    // Three broken streams opened the breaker (threshold 3): Regenerate is its probe.
    QTRY_COMPARE_WITH_TIMEOUT(window->statusIndicator()->breaker()->state(),
                              CircuitBreaker::State::HalfOpen, kWait);
    QTest::mouseClick(regenerate, Qt::LeftButton);
    QVERIFY(waitIdle());
    // A new version beside the cut-off one, complete; the card is gone.
    const int newReply = conversation.lastIndexOf(ConversationItem::Kind::Assistant);
    QCOMPARE(newReply, replyIndex);
    QCOMPARE(conversation.at(newReply).text, AppContext::demoReplyText());
    QCOMPARE(conversation.at(newReply).siblingCount, 2);
    QCOMPARE(conversation.at(conversation.count() - 1).kind, ConversationItem::Kind::Assistant);
    QVERIFY(partial != conversation.at(newReply).text);
}

void TestChatWindow::restartRestoresConversationAndDraft()
{
    send(u"Remember this"_s);
    QVERIFY(waitIdle());
    QTest::keyClicks(m_app->window->composer(), u"half-written thought"_s);
    const int items = m_app->context->conversation().count();
    m_app.reset(); // the window closes and everything is torn down

    m_app = std::make_unique<App>(m_profile->path());
    QCOMPARE(m_app->context->conversation().count(), items);
    QCOMPARE(m_app->context->conversation().at(0).text, u"Remember this"_s);
    QCOMPARE(m_app->window->draft(), u"half-written thought"_s);
    QCOMPARE(m_app->window->conversationView()->rowCount(), items);
}

void TestChatWindow::everyControlHasAnAccessibleName()
{
    ChatWindow *window = m_app->window.get();
    send(u"Hi"_s);
    QVERIFY(waitIdle());
    QVERIFY(!window->statusIndicator()->accessibleName().isEmpty());
    QVERIFY(!window->retryBanner()->accessibleName().isEmpty());
    const QList<QWidget *> widgets = window->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!widget->isVisible() || widget->focusPolicy() == Qt::NoFocus)
            continue;
        if (qobject_cast<QAbstractScrollArea *>(widget->parentWidget()))
            continue; // viewports
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
        QVERIFY(iface);
        const QString name = iface->text(QAccessible::Name);
        QVERIFY2(!name.isEmpty() || !widget->accessibleName().isEmpty(),
                 qPrintable(u"%1 (%2) has no accessible name"_s.arg(
                         QString::fromLatin1(widget->metaObject()->className()),
                         widget->objectName())));
    }
    // The keyboard reaches the input, Send, the model and the status indicator by Tab.
    QList<QWidget *> chain;
    QWidget *start = window->composer();
    for (QWidget *w = start->nextInFocusChain(); w != start && chain.size() < 500;
         w = w->nextInFocusChain())
        chain.append(w);
    QVERIFY(chain.contains(window->sendButton()));
    QVERIFY(chain.contains(static_cast<QWidget *>(window->statusIndicator())));
    QVERIFY(chain.contains(static_cast<QWidget *>(window->modelBox())));
}

QTEST_MAIN(TestChatWindow)
#include "TestChatWindow.moc"
