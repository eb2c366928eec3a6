// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiError.h"
#include "core/errors/ErrorCardRule.h"
#include "core/errors/ErrorClassifier.h"
#include "gui/CopyButton.h"
#include "gui/ErrorCard.h"
#include "gui/ErrorText.h"
#include "support/WidgetShots.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QMetaEnum>
#include <QPalette>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using steadfast::ApiError;
using steadfast::ErrorCard;
using Kind = steadfast::ApiError::Kind;
using Action = steadfast::ErrorText::Action;
using steadfast::CardFacts;
namespace ErrorCards = steadfast::ErrorCards;
namespace ErrorWords = steadfast::ErrorWords;

using steadfast::test::screenshot;

namespace {

ApiError makeError(Kind kind, int status = 0, const QString &message = {},
                   const QString &requestId = {})
{
    ApiError error;
    error.kind = kind;
    error.httpStatus = status;
    error.message = message;
    error.requestId = requestId;
    return error;
}

QString buttonName(Action action)
{
    return u"errorCardAction_"_s + ErrorCards::actionName(action);
}

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    palette.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    palette.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    palette.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    palette.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    return palette;
}

} // namespace

class TestErrorCard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void buttonsPerKind_data();
    void buttonsPerKind();
    void stoppedAndCutOffShowNoStatus200();
    void tlsDetailIsBehindADisclosureWithCopy();
    void actionsCanBeDisabled();
    void showsTheFacts();
    void serverMessageIsCappedAndSelectable();
    void longTokensDoNotWidenTheCard();
    void buttonsWrapInANarrowCard();
    void localFailureShowsDetails();
    void copyButtonPutsTheRequestIdOnTheClipboard();
    void noRequestIdNoCopyButton();
    void keyboardReachesEveryControl();
    void probeLineCountsDown_data();
    void probeLineCountsDown();
    void probeLineOnlyOnCircuitOpen();
    void sendWhenBackButton();
    void screenshots();
};

void TestErrorCard::initTestCase()
{
    qRegisterMetaType<Action>();
    qRegisterMetaType<CardFacts>();
}

void TestErrorCard::buttonsPerKind_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<CardFacts>("facts");
    QTest::addColumn<QList<Action>>("expected");

    // The card shows the rule's answer for every kind, in its order...
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    for (int i = 0; i < kinds.keyCount(); ++i) {
        const ApiError error = makeError(Kind(kinds.value(i)), 0, u"message"_s);
        const CardFacts facts = ErrorCards::facts(error);
        QTest::newRow(kinds.key(i)) << error << facts << facts.actions;
    }
    // ...and the cards, by hand.
    const auto row = [](const char *name, const ApiError &error, const ErrorCards::Context &context,
                        const QList<Action> &expected) {
        QTest::newRow(name) << error << ErrorCards::facts(error, context) << expected;
    };
    row("401", makeError(Kind::Authentication, 401), {}, {Action::OpenSettings, Action::TryAgain});
    row("403: settings and another model", makeError(Kind::Permission, 403), {},
        {Action::OpenSettings, Action::ChooseModel});
    row("404", makeError(Kind::NotFound, 404), {}, {Action::ChooseModel, Action::TryAgain});
    ApiError context = makeError(Kind::BadRequest, 400);
    context.code = u"context_length_exceeded"_s;
    row("context too long", context, {}, {Action::EditMessage, Action::NewConversation});
    row("quota without a billing page: no dead end", makeError(Kind::QuotaExceeded, 429), {}, {});
    ErrorCards::Context billing;
    billing.billingUrl = QUrl(u"https://openrouter.ai/settings/credits"_s);
    row("quota with a billing page", makeError(Kind::QuotaExceeded, 429), billing,
        {Action::OpenBillingPage});
    ErrorCards::Context kept;
    kept.wordsKept = 12;
    row("cut off", makeError(Kind::StreamInterrupted, 200), kept,
        {Action::Continue, Action::Regenerate});
    row("stopped", makeError(Kind::Cancelled, 200), {}, {Action::TryAgain});
    row("circuit open", makeError(Kind::CircuitOpen), {}, {Action::SendWhenBack});
    ApiError noModel = makeError(Kind::Validation);
    noModel.code = ErrorCards::noModelCode;
    row("no model", noModel, {}, {Action::ChooseModel, Action::TryAgain});
    ApiError noKey = makeError(Kind::Validation);
    noKey.code = ErrorCards::noKeyCode;
    row("no key", noKey, {}, {Action::AddKey, Action::TryAgain});
}

void TestErrorCard::buttonsPerKind()
{
    QFETCH(ApiError, error);
    QFETCH(CardFacts, facts);
    QFETCH(QList<Action>, expected);

    ErrorCard card(error, facts);
    QSignalSpy triggered(&card, &ErrorCard::actionTriggered);
    QCOMPARE(card.findChildren<QPushButton *>().size(), expected.size());
    const QList<QPushButton *> buttons = card.actionButtons();
    QCOMPARE(buttons.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const Action action = expected.at(i);
        QPushButton *button = card.actionButton(action);
        QCOMPARE(button, buttons.at(i)); // in the rule's order
        QCOMPARE(button->objectName(), buttonName(action));
        QCOMPARE(button->text(), ErrorWords::actionLabel(action, facts));
        QVERIFY(!button->text().isEmpty());
        QCOMPARE(button->font().bold(), i == 0); // the primary one stands out
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(triggered.size(), i + 1);
        QCOMPARE(triggered.at(i).at(0).value<Action>(), action);
    }
    const QMetaEnum actions = QMetaEnum::fromType<Action>();
    for (int i = 0; i < actions.keyCount(); ++i) {
        const auto other = Action(actions.value(i));
        if (!expected.contains(other))
            QCOMPARE(card.actionButton(other), nullptr);
    }
}

void TestErrorCard::stoppedAndCutOffShowNoStatus200()
{
    // The user's Stop with nothing streamed: "Stopped", no status line, one button.
    ErrorCard stopped(makeError(Kind::Cancelled, 200, u"cancelled by the user"_s, u"req_9"_s));
    QCOMPARE(stopped.titleText(), u"Stopped"_s);
    QVERIFY(stopped.metaText().isEmpty());
    QVERIFY(stopped.detailText().isEmpty());
    QVERIFY(stopped.actionButtons().size() <= 1);

    // A stream cut off after 12 words: says so, offers Continue and Regenerate, no status.
    const ApiError broken = makeError(Kind::StreamInterrupted, 200,
                                      u"the stream ended without [DONE]"_s, u"req_42"_s);
    ErrorCards::Context kept;
    kept.wordsKept = 12;
    kept.replyRow = 3;
    ErrorCard cut(broken, ErrorCards::facts(broken, kept));
    QCOMPARE(cut.titleText(), u"The reply was cut off after 12 words"_s);
    QVERIFY2(!cut.metaText().contains(u"HTTP"_s), qPrintable(cut.metaText()));
    QCOMPARE(cut.metaText(), u"Request id req_42"_s);
    QCOMPARE(cut.actionButtons().size(), 2);
    QVERIFY(cut.actionButton(Action::Continue));
    QVERIFY(cut.actionButton(Action::Regenerate));
    QCOMPARE(cut.facts().replyRow, 3);
}

void TestErrorCard::tlsDetailIsBehindADisclosureWithCopy()
{
    const ApiError error = steadfast::ErrorClassifier::classifyTransport(
            QNetworkReply::SslHandshakeFailedError,
            u"SSL handshake failed: The host name did not match any of the valid hosts for this "
            "certificate"_s,
            u"llm.example.com:443"_s);
    QWidget host;
    auto *layout = new QVBoxLayout(&host);
    auto *card = new ErrorCard(error, &host);
    layout->addWidget(card);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    QCOMPARE(card->titleText(), u"The certificate is for another server"_s);
    QVERIFY(card->explanationText().contains(u"llm.example.com:443"_s));
    QVERIFY(card->metaText().isEmpty());

    QToolButton *toggle = card->detailToggle();
    QVERIFY(toggle);
    QCOMPARE(toggle->text(), u"Show details"_s);
    QVERIFY(!card->isDetailShown());
    auto *detail = card->findChild<QLabel *>(u"errorCardDetail"_s);
    QVERIFY(detail);
    QVERIFY(!detail->isVisible());
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(card->isDetailShown());
    QTRY_VERIFY(detail->isVisible());
    QVERIFY(card->detailText().contains(u"did not match any of the valid hosts"_s));
    QCOMPARE(toggle->text(), u"Hide details"_s);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QTRY_VERIFY(!detail->isVisible());

    QApplication::clipboard()->setText(u"something else"_s);
    QVERIFY(card->copyDetailButton());
    QTest::mouseClick(card->copyDetailButton(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), error.message);

    // Other kinds show their detail plainly, without a toggle.
    ErrorCard server(makeError(Kind::Server, 500, u"oops"_s));
    QCOMPARE(server.detailToggle(), nullptr);
    QCOMPARE(server.copyDetailButton(), nullptr);
    QVERIFY(server.isDetailShown());
}

void TestErrorCard::actionsCanBeDisabled()
{
    ErrorCard card(makeError(Kind::Authentication, 401, u"bad key"_s, u"req_1"_s));
    QSignalSpy triggered(&card, &ErrorCard::actionTriggered);
    card.setActionEnabled(false);
    QVERIFY(!card.actionButton(Action::OpenSettings)->isEnabled());
    QVERIFY(!card.actionButton(Action::TryAgain)->isEnabled());
    QVERIFY(card.copyRequestIdButton()->isEnabled()); // copying is harmless while sending
    QTest::mouseClick(card.actionButton(Action::OpenSettings), Qt::LeftButton);
    QCOMPARE(triggered.size(), 0);
    card.setActionEnabled(true);
    QVERIFY(card.actionButton(Action::OpenSettings)->isEnabled());
    QTest::mouseClick(card.actionButton(Action::OpenSettings), Qt::LeftButton);
    QCOMPARE(triggered.size(), 1);
}

void TestErrorCard::showsTheFacts()
{
    ApiError error = makeError(Kind::RateLimited, 429, u"Rate limit reached for requests"_s,
                               u"req_abc123"_s);
    ErrorCard card(error);
    QCOMPARE(card.error().kind, Kind::RateLimited);
    QCOMPARE(card.titleText(), u"Rate limited by the server (429)"_s);
    QCOMPARE(card.explanationText(), ErrorWords::explanation(error));
    QCOMPARE(card.detailText(), u"The server said: Rate limit reached for requests"_s);
    QCOMPARE(card.metaText(), u"HTTP status 429 · Request id req_abc123"_s);
    QCOMPARE(card.accessibleName(), u"Error: Rate limited by the server (429)"_s);
    QCOMPARE(card.accessibleDescription(), ErrorWords::explanation(error));

    auto *title = card.findChild<QLabel *>(u"errorCardTitle"_s);
    QVERIFY(title);
    QVERIFY(title->font().bold());
    auto *icon = card.findChild<QLabel *>(u"errorCardIcon"_s);
    QVERIFY(icon);
    QVERIFY(!icon->pixmap().isNull());
    QCOMPARE(icon->accessibleName(), u"Warning"_s); // a word, not only a colour

    ErrorCard server(makeError(Kind::Server, 503, u"upstream overloaded"_s));
    QCOMPARE(server.findChild<QLabel *>(u"errorCardIcon"_s)->accessibleName(), u"Error"_s);
    QCOMPARE(server.metaText(), u"HTTP status 503"_s);
    QCOMPARE(server.copyRequestIdButton(), nullptr);

    // A cancel says nothing more than its title: no technical line.
    ErrorCard cancelled(makeError(Kind::Cancelled, 0, u"cancelled by the user"_s));
    QVERIFY(cancelled.detailText().isEmpty());
    QVERIFY(cancelled.metaText().isEmpty());
}

void TestErrorCard::serverMessageIsCappedAndSelectable()
{
    const QString longMessage = QString(u"This request was rejected because "_s).repeated(30);
    ErrorCard card(makeError(Kind::BadRequest, 400, longMessage));
    const QString detail = card.detailText();
    QVERIFY(detail.startsWith(u"The server said: This request was rejected"_s));
    QVERIFY(detail.endsWith(QChar(0x2026)));
    QVERIFY2(detail.size() <= ErrorCard::maxDetailLength + 40, qPrintable(detail));
    auto *label = card.findChild<QLabel *>(u"errorCardDetail"_s);
    QVERIFY(label);
    QVERIFY(label->textInteractionFlags().testFlag(Qt::TextSelectableByMouse));
    QVERIFY(label->textInteractionFlags().testFlag(Qt::TextSelectableByKeyboard));
    QCOMPARE(label->textFormat(), Qt::PlainText); // a server's "<b>" is text, not markup
    // The whole of it, on demand, as text even if it looks like markup.
    QVERIFY(label->toolTip().contains(longMessage.trimmed()));
    const QString html = u"<html><body><h1>502 Bad Gateway</h1>"_s + QString(u"x "_s).repeated(300)
            + u"</body></html>"_s;
    ErrorCard page(makeError(Kind::Server, 502, html));
    QVERIFY(page.findChild<QLabel *>(u"errorCardDetail"_s)
                    ->toolTip()
                    .contains(u"&lt;h1&gt;502 Bad Gateway&lt;/h1&gt;"_s));

    ErrorCard markup(makeError(Kind::BadRequest, 400, u"<b>bold</b> & <i>co</i>"_s));
    QCOMPARE(markup.detailText(), u"The server said: <b>bold</b> & <i>co</i>"_s);
}

void TestErrorCard::longTokensDoNotWidenTheCard()
{
    const QString token = QString(u"x"_s).repeated(900);
    ErrorCard card(makeError(Kind::Server, 502, token,
                             QString(u"req_"_s) + QString(u"9"_s).repeated(120)));
    QVERIFY2(card.minimumSizeHint().width() < 420,
             qPrintable(QString::number(card.minimumSizeHint().width())));
    card.resize(420, card.heightForWidth(420) > 0 ? card.heightForWidth(420) : 300);
    QCOMPARE(card.detailText().mid(17, 10), u"xxxxxxxxxx"_s); // breaks are invisible
}

void TestErrorCard::buttonsWrapInANarrowCard()
{
    // A 403 card has two long buttons; in a narrow window they wrap, whole, not clipped.
    ErrorCard card(makeError(Kind::Permission, 403, u"no access"_s));
    const QList<QPushButton *> buttons = card.actionButtons();
    QCOMPARE(buttons.size(), 2);
    const int narrow = 230;
    QVERIFY2(card.minimumSizeHint().width() <= narrow,
             qPrintable(QString::number(card.minimumSizeHint().width())));
    const int wideHeight = card.heightForWidth(700);
    const int narrowHeight = card.heightForWidth(narrow);
    QVERIFY2(narrowHeight > wideHeight, qPrintable(u"%1 %2"_s.arg(narrowHeight).arg(wideHeight)));
    card.resize(narrow, narrowHeight);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    for (QPushButton *button : buttons) {
        QCOMPARE(button->width(), button->sizeHint().width());
        const QRect box(button->mapTo(&card, QPoint(0, 0)), button->size());
        QVERIFY2(card.rect().contains(box), qPrintable(button->text()));
    }
    QVERIFY(buttons.at(1)->y() > buttons.at(0)->y()); // the second on a row of its own

    card.resize(700, wideHeight);
    QTRY_COMPARE(buttons.at(1)->y(), buttons.at(0)->y()); // side by side when there is room
}

void TestErrorCard::localFailureShowsDetails()
{
    ApiError error = makeError(Kind::Validation, 0, u"Set the temperature between 0 and 2"_s);
    ErrorCard card(error);
    QCOMPARE(card.titleText(), u"Check your message"_s);
    QCOMPARE(card.detailText(), u"Details: Set the temperature between 0 and 2"_s);
    QVERIFY(card.metaText().isEmpty());
    QVERIFY(card.actionButton(Action::EditMessage));
}

void TestErrorCard::copyButtonPutsTheRequestIdOnTheClipboard()
{
    QApplication::clipboard()->setText(u"something else"_s);
    ErrorCard card(makeError(Kind::Server, 500, u"oops"_s, u"req_7f3a9c"_s));
    QToolButton *copy = card.copyRequestIdButton();
    QVERIFY(copy);
    QCOMPARE(copy->accessibleName(), u"Copy request id"_s);
    QCOMPARE(copy->objectName(), u"copyRequestIdButton"_s);
    QCOMPARE(copy->text(), u"Copy"_s);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), u"req_7f3a9c"_s);
    QCOMPARE(copy->text(), u"Copied"_s);
    QTRY_COMPARE_WITH_TIMEOUT(copy->text(), u"Copy"_s, 10000);
}

void TestErrorCard::noRequestIdNoCopyButton()
{
    ErrorCard card(makeError(Kind::Authentication, 401, u"Incorrect API key provided"_s));
    QCOMPARE(card.copyRequestIdButton(), nullptr);
    QVERIFY(card.findChildren<QToolButton *>().isEmpty());
}

void TestErrorCard::keyboardReachesEveryControl()
{
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *before = new QPushButton(u"before"_s, &window);
    layout->addWidget(before);
    auto *card =
            new ErrorCard(makeError(Kind::Authentication, 401, u"bad key"_s, u"req_1"_s), &window);
    layout->addWidget(card);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    before->setFocus();
    QTRY_VERIFY(before->hasFocus());

    QSet<QWidget *> reached;
    for (int i = 0; i < 12; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        reached.insert(QApplication::focusWidget());
    }
    QVERIFY(reached.contains(card->actionButton(Action::OpenSettings)));
    QVERIFY(reached.contains(card->actionButton(Action::TryAgain)));
    QVERIFY(reached.contains(card->copyRequestIdButton()));

    QSignalSpy triggered(card, &ErrorCard::actionTriggered);
    card->actionButton(Action::OpenSettings)->setFocus();
    QTest::keyClick(card->actionButton(Action::OpenSettings), Qt::Key_Space);
    QCOMPARE(triggered.size(), 1);
}

void TestErrorCard::probeLineCountsDown_data()
{
    using std::chrono::milliseconds;
    QTest::addColumn<qint64>("dueInMs"); // -1: paused by hand (time_point::max())
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("later"); // 5 s later
    QTest::newRow("17.224 s") << qint64(17'224) << u"Service paused — next probe in 18 s"_s
                              << u"Service paused — next probe in 13 s"_s;
    QTest::newRow("2 min 3 s") << qint64(123'000) << u"Service paused — next probe in 2 min 3 s"_s
                               << u"Service paused — next probe in 1 min 58 s"_s;
    QTest::newRow("becomes due") << qint64(4'000) << u"Service paused — next probe in 4 s"_s
                                 << u"The service can be tried again now"_s;
    QTest::newRow("due already") << qint64(0) << u"The service can be tried again now"_s
                                 << u"The service can be tried again now"_s;
    QTest::newRow("paused by hand")
            << qint64(-1)
            << u"Paused by you — resume from the connection status in the status bar"_s
            << u"Paused by you — resume from the connection status in the status bar"_s;
}

void TestErrorCard::probeLineCountsDown()
{
    using namespace std::chrono;
    QFETCH(qint64, dueInMs);
    QFETCH(QString, text);
    QFETCH(QString, later);

    steady_clock::time_point now = steady_clock::time_point{} + 1000h;
    const steady_clock::time_point due =
            dueInMs < 0 ? steady_clock::time_point::max() : now + milliseconds{dueInMs};
    ApiError error = makeError(Kind::CircuitOpen, 0,
                               u"the circuit for http://127.0.0.1:9/v1 is open; next probe in "
                               "18 s"_s);
    error.retryAfter = 17'224ms;
    ErrorCard card(error);
    card.resize(520, card.heightForWidth(520));
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    QVERIFY(card.probeText().isEmpty()); // nothing counts down until the window says to
    QVERIFY(card.explanationText().contains(u"try again in 18 s"_s));

    card.setProbeDue([&due] { return due; }, [&now] { return now; });
    QCOMPARE(card.probeText(), text);
    QVERIFY(card.accessibleDescription().contains(text));
    // Its own number would contradict the live line: the explanation drops it.
    QVERIFY(!card.explanationText().contains(u"18 s"_s));
    now += 5s;
    QTRY_COMPARE_WITH_TIMEOUT(card.probeText(), later, 10000);
    QVERIFY(card.accessibleDescription().contains(later));

    // An older card (the window takes the due time away) stops counting.
    card.setProbeDue({});
    QVERIFY(card.probeText().isEmpty());
    QCOMPARE(card.explanationText(), ErrorWords::explanation(error));
}

void TestErrorCard::probeLineOnlyOnCircuitOpen()
{
    ErrorCard card(makeError(Kind::Server, 503));
    card.setProbeDue([] { return std::chrono::steady_clock::now() + 10s; });
    QVERIFY(card.probeText().isEmpty());
    QVERIFY(!card.findChild<QLabel *>(u"errorCardProbe"_s));
}

void TestErrorCard::sendWhenBackButton()
{
    ErrorCard card(makeError(Kind::CircuitOpen));
    QSignalSpy triggered(&card, &ErrorCard::actionTriggered);
    QPushButton *send = card.actionButton(Action::SendWhenBack);
    QVERIFY(send);
    QCOMPARE(send->text(), u"Send when the service is back"_s);
    QCOMPARE(send->accessibleName(), send->text());
    QTest::mouseClick(send, Qt::LeftButton);
    QCOMPARE(triggered.size(), 1);
    QCOMPARE(triggered.at(0).at(0).value<Action>(), Action::SendWhenBack);
}

void TestErrorCard::screenshots()
{
    struct Shot
    {
        const char *name;
        ApiError error;
    };
    ApiError connection = makeError(Kind::Connection, 0, u"connection refused by 127.0.0.1:8080"_s);
    connection.host = u"127.0.0.1:8080"_s;
    ApiError context = makeError(Kind::BadRequest, 400,
                                 u"This model's maximum context length is 8192 tokens. However, "
                                 "your messages resulted in 9120 tokens. Please reduce the length "
                                 "of the messages."_s,
                                 u"req_0c1d2e3f4a5b"_s);
    context.code = u"context_length_exceeded"_s;
    const Shot shots[] = {
            {"error-card-401",
             makeError(Kind::Authentication, 401,
                       u"Incorrect API key provided: sk-****1234. You can find your API key at "
                       "https://platform.openai.com/account/api-keys."_s,
                       u"req_9f8e7d6c5b4a"_s)},
            {"error-card-429",
             makeError(Kind::RateLimited, 429, u"Rate limit reached"_s, u"req_123"_s)},
            {"error-card-connection", connection},
            {"error-card-context", context},
            {"error-card-cancelled", makeError(Kind::Cancelled)},
            {"error-card-tls",
             steadfast::ErrorClassifier::classifyTransport(
                     QNetworkReply::SslHandshakeFailedError,
                     u"SSL handshake failed: The certificate is self-signed, and untrusted"_s,
                     u"llm.example.com:443"_s)},
    };
    {
        // Right to left: the stripe and the icon move to the right-hand side.
        QWidget host;
        host.setLayoutDirection(Qt::RightToLeft);
        auto *layout = new QVBoxLayout(&host);
        auto *card = new ErrorCard(shots[0].error, &host);
        layout->addWidget(card);
        host.resize(520, 220);
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));
        layout->activate();
        auto *icon = card->findChild<QLabel *>(u"errorCardIcon"_s);
        QVERIFY(icon->geometry().left() > card->width() / 2);
        QVERIFY(card->width() - icon->geometry().right() > 12); // clear of the stripe
        screenshot(&host, u"error-card-401-rtl"_s);
    }
    for (const bool dark : {false, true}) {
        for (const Shot &shot : shots) {
            QWidget host;
            if (dark)
                host.setPalette(darkPalette());
            host.setAutoFillBackground(true);
            auto *layout = new QVBoxLayout(&host);
            auto *card = new ErrorCard(shot.error, &host);
            layout->addWidget(card);
            host.resize(520, host.heightForWidth(520) > 0 ? host.heightForWidth(520) : 200);
            host.show();
            QVERIFY(QTest::qWaitForWindowExposed(&host));
            // Nothing is cut off: the card gets at least the height it asks for.
            QTRY_VERIFY(card->height() >= card->minimumSizeHint().height());
            screenshot(&host, QString::fromLatin1(shot.name) + (dark ? u"-dark"_s : QString()));
        }
    }
}

QTEST_MAIN(TestErrorCard)
#include "TestErrorCard.moc"
