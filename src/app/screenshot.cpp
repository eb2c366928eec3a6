// SPDX-License-Identifier: GPL-3.0-or-later
// steadfast-screenshot: the real window, driven through a short scene against its demo server,
// grabbed to a PNG (scripts/screenshot.sh makes the README's picture with it). Not installed.
//   steadfast-screenshot [--dark] OUTPUT.png [WIDTHxHEIGHT] [SCENE]
// --dark: the Fusion style with a dark palette (the usual recipe, which leaves PlaceholderText
// unset), to check that every text stays readable.
// Scenes: readme (default), outage, auth, quota, interrupted, long-wait, settings, log, the
// library's: library (30 conversations in the sidebar), search, branches, long-reply; or the
// id of any Simulate entry (demo/DemoScenarios.h), e.g. tls.
#include "app/AppContext.h"
#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/session/ChatSession.h"
#include "gui/ActivityLogDock.h"
#include "gui/ChatWindow.h"
#include "gui/RetryBanner.h"
#include "gui/Sidebar.h"
#include "gui/StatusIndicator.h"
#include "gui/TimelineView.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPalette>
#include <QPlainTextEdit>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 90'000)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

class Scene
{
public:
    Scene(steadfast::ChatWindow &window, steadfast::ChatSession &session)
        : m_window(window)
        , m_session(session)
    {
    }
    bool say(const QString &text)
    {
        m_window.composer()->setPlainText(text);
        m_window.sendDraft();
        return waitFor([this] { return m_session.isBusy(); }, 5'000);
    }
    bool exchange(const QString &text, const QString &scenario = {})
    {
        if (!scenario.isEmpty())
            m_window.simulate(scenario);
        const bool done = say(text) && waitFor([this] { return !m_session.isBusy(); });
        QTest::qWait(150); // let queued shows and layouts run, as they would for a user
        return done;
    }

private:
    steadfast::ChatWindow &m_window;
    steadfast::ChatSession &m_session;
};

/// A library that looks lived in: 30 conversations over three weeks (two pinned), each a
/// question and an answer or two, imported in one go (ConversationLibrary::importJson).
bool seedLibrary(steadfast::ConversationLibrary &library)
{
    struct Seed
    {
        const char *title;
        int hoursAgo;
        bool pinned;
    };
    static const Seed seeds[] = {
            {"Retry strategy for the payment API", 1, true},
            {"Why does Ollama time out on the first request?", 2, false},
            {"Circuit breaker thresholds for a flaky upstream", 3, false},
            {"Summarise the incident report from Tuesday", 5, false},
            {"Explain HTTP 429 and Retry-After", 7, false},
            {"Regex for ISO 8601 durations", 9, true},
            {"Translate the release notes into German", 26, false},
            {"SQLite WAL versus rollback journal", 28, false},
            {"Draft a reply to the vendor about the SLA", 30, false},
            {"Compare full and decorrelated jitter", 33, false},
            {"What is a half-open probe?", 50, false},
            {"Qt signals across threads", 60, false},
            {"Make this CMake target link faster", 75, false},
            {"Plan for the offline mode", 90, false},
            {"Birthday dinner ideas for six", 100, false},
            {"Write a haiku about timeouts", 120, false},
            {"How to read a flame graph", 140, false},
            {"Proxy settings on Debian", 160, false},
            {"Name ideas for the new service", 200, false},
            {"Unit tests for a backoff policy", 230, false},
            {"Explain TLS certificate chains", 260, false},
            {"Meal plan for the week", 300, false},
            {"Git rebase versus merge", 330, false},
            {"What does x-should-retry mean?", 360, false},
            {"Shorten this paragraph", 400, false},
            {"Estimate the cost of 1M tokens", 430, false},
            {"Keyboard shortcuts cheat sheet", 460, false},
            {"How does FTS5 rank results?", 480, false},
            {"Outline a talk on resilient clients", 500, false},
            {"Small talk in Portuguese", 520, false},
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray conversations;
    int n = 0;
    for (const Seed &seed : seeds) {
        const QDateTime time = now.addSecs(-qint64(seed.hoursAgo) * 3600);
        const QString title = QString::fromUtf8(seed.title);
        const QString user = u"u%1"_s.arg(n);
        const QString reply = u"a%1"_s.arg(n);
        QJsonArray messages{QJsonObject{{u"id"_s, user},
                                        {u"kind"_s, u"user"_s},
                                        {u"time"_s, time.addSecs(-60).toString(Qt::ISODateWithMs)},
                                        {u"text"_s, title}},
                            QJsonObject{{u"id"_s, reply},
                                        {u"parent"_s, user},
                                        {u"kind"_s, u"assistant"_s},
                                        {u"time"_s, time.toString(Qt::ISODateWithMs)},
                                        {u"model"_s, u"steadfast-demo"_s},
                                        {u"text"_s,
                                         u"Here is a short answer about **%1**, with the retry "
                                         "budget, the breaker and the timeouts in mind."_s.arg(
                                                 title.toLower())}}};
        conversations.append(QJsonObject{{u"id"_s, u"c%1"_s.arg(n++)},
                                         {u"title"_s, title},
                                         {u"created"_s, time.toString(Qt::ISODateWithMs)},
                                         {u"updated"_s, time.toString(Qt::ISODateWithMs)},
                                         {u"pinned"_s, seed.pinned},
                                         {u"messages"_s, messages}});
    }
    const QJsonObject document{
            {u"format"_s, u"steadfast"_s}, {u"version"_s, 1}, {u"conversations"_s, conversations}};
    const steadfast::ImportResult result =
            library.importJson(QJsonDocument(document).toJson(QJsonDocument::Compact));
    if (!result.ok)
        std::fprintf(stderr, "seeding failed: %s\n", qPrintable(result.error));
    return result.ok;
}

/// Markdown long enough to scroll: a list, code, a table, and a last line.
QString longReply()
{
    QString text = u"Here is the whole plan, step by step.\n\n"_s;
    for (int i = 1; i <= 12; ++i)
        text += u"%1. Step %1: check the breaker, then the budget, then send.\n"_s.arg(i);
    text += u"\n```cpp\n"_s;
    for (int i = 0; i < 14; ++i)
        text += u"const auto delay%1 = policy.delayFor(%1, random.generateDouble());\n"_s.arg(i);
    text += u"```\n\n| attempt | delay | source |\n|---|---|---|\n"_s;
    for (int i = 1; i <= 8; ++i)
        text += u"| %1 | %2 s | backoff |\n"_s.arg(i).arg(1 << (i - 1));
    text += u"\nAnd that is the last line of the reply."_s;
    return text;
}

/// The dark palette people set on Fusion (Window #353535, Base #232323, ...).
QPalette darkPalette()
{
    QPalette palette = QApplication::style()->standardPalette();
    const QColor window(53, 53, 53);
    const QColor base(35, 35, 35);
    const QColor text(230, 230, 230);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Link, QColor(42, 130, 218));
    palette.setColor(QPalette::Highlight, QColor(42, 130, 218));
    palette.setColor(QPalette::HighlightedText, Qt::black);
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(127, 127, 127));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(127, 127, 127));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(127, 127, 127));
    return palette;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Steadfast"_s);
    QCoreApplication::setApplicationName(u"steadfast-screenshot"_s);
    steadfast::AppContext::installTranslators(&app);
    QStringList args = QCoreApplication::arguments();
    if (args.removeAll(u"--dark"_s) > 0) {
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        QApplication::setPalette(darkPalette());
    }
    if (args.size() < 2) {
        std::fprintf(stderr,
                     "usage: steadfast-screenshot [--dark] OUTPUT.png [WIDTHxHEIGHT] [SCENE]\n");
        return 2;
    }
    QSize size(1000, 780);
    if (args.size() > 2) {
        const QStringList parts = args.at(2).split(u'x');
        if (parts.size() == 2)
            size = QSize(parts.at(0).toInt(), parts.at(1).toInt());
    }
    const QString sceneName = args.value(3, u"readme"_s);

    QTemporaryDir profile;
    steadfast::AppContext::Options options;
    options.profileDir = profile.path();
    options.keychainService = u"steadfast-screenshot"_s;
    options.environment = QProcessEnvironment(); // always the demo server
    options.demoChunkDelay = std::chrono::milliseconds(3);
    steadfast::AppContext context(options);
    if (sceneName == u"outage" || sceneName == u"interrupted") {
        steadfast::AppSettings values = context.settings().values();
        values.maxRetries = 2; // a short scene: three attempts, a 3-failure breaker
        values.breakerThreshold = 3;
        context.settings().setValues(values);
    }
    const QStringList libraryScenes{u"library"_s, u"search"_s, u"branches"_s, u"long-reply"_s,
                                    u"readme"_s};
    if (libraryScenes.contains(sceneName) && !seedLibrary(context.library()))
        return 1;
    steadfast::ChatWindow window(context.services());
    window.resize(size);
    window.show();
    steadfast::ChatSession &session = context.session();
    Scene scene(window, session);
    if (!waitFor([&] { return window.isKeyReady(); }))
        return 1;

    QWidget *subject = &window;
    scene.exchange(u"What happens when the network fails?"_s);
    if (sceneName == u"library") {
        // The conversation just had, among thirty others.
    } else if (sceneName == u"search") {
        window.sidebar()->focusSearch();
        QTest::keyClicks(QApplication::focusWidget(), u"retry"_s);
        if (!waitFor([&] {
                return window.sidebar()->page() == steadfast::Sidebar::Page::SearchResults;
            }))
            return 1;
        QTest::qWait(200);
    } else if (sceneName == u"branches") {
        scene.exchange(u"And what does the breaker do then?"_s);
        // Edit the first question: a second branch, "‹ 2/2 ›" on it.
        steadfast::ChatSession::Result edited =
                session.editAndResend(0, u"What happens when the network fails twice in a row?"_s);
        if (!edited.sent() || !waitFor([&] { return !session.isBusy(); }))
            return 1;
        QTest::qWait(150);
    } else if (sceneName == u"long-reply") {
        context.demoServer().setReplyText(longReply());
        scene.exchange(u"Give me the whole retry plan."_s);
    } else if (sceneName == u"readme") {
        scene.exchange(u"Switch to gpt-9 please."_s, u"model-not-found"_s);
        window.simulate(u"rate-limit"_s);
        scene.say(u"Let's try again."_s);
        if (!waitFor([&] { return window.retryBanner()->isVisible(); }))
            return 1;
        QTest::qWait(700); // a moment into the countdown, as a user would see it
        window.composer()->setPlainText(u"Drafts survive restarts and crashes."_s);
    } else if (sceneName == u"outage") {
        scene.exchange(u"Are you there?"_s, u"outage"_s);
        QTest::qWait(1500);
    } else if (sceneName == u"auth") {
        scene.exchange(u"Hello?"_s, u"key-rejected"_s);
    } else if (sceneName == u"quota") {
        scene.exchange(u"One more question."_s, u"quota"_s);
        scene.exchange(u"A very long question."_s, u"context-too-long"_s);
    } else if (sceneName == u"interrupted") {
        scene.exchange(u"Tell me a story."_s, u"drop-all"_s);
    } else if (sceneName == u"long-wait") {
        window.simulate(u"rate-limit-long"_s);
        scene.say(u"Now?"_s);
        if (!waitFor([&] { return window.retryBanner()->isVisible(); }))
            return 1;
    } else if (sceneName == u"settings") {
        window.openSettings();
        QTest::qWait(500);
        subject = window.settingsDialog();
    } else if (sceneName == u"log") {
        scene.exchange(u"Once more."_s, u"server-error"_s);
        window.activityLog()->show();
        QTest::qWait(300);
    } else if (window.simulate(sceneName)) { // any Simulate entry by its id
        scene.exchange(u"Hello again."_s);
    } else {
        std::fprintf(stderr, "unknown scene %s\n", qPrintable(sceneName));
        return 2;
    }
    const QImage image = subject->grab().toImage();
    if (!image.save(args.at(1))) {
        std::fprintf(stderr, "could not write %s\n", qPrintable(args.at(1)));
        return 1;
    }
    std::printf("%s\n", qPrintable(args.at(1)));
    session.cancel();
    return 0;
}
