// SPDX-License-Identifier: GPL-3.0-or-later
// steadfast-screenshot: the real window, driven through a short scene against its demo server,
// grabbed to a PNG (scripts/screenshot.sh makes the README's picture with it). Not installed.
//   steadfast-screenshot OUTPUT.png [WIDTHxHEIGHT] [SCENE]
// Scenes: readme (default), outage, auth, quota, interrupted, long-wait, settings, log, or the
// id of any Simulate entry (DemoScenarios.h), e.g. tls.
#include "core/ChatSession.h"
#include "gui/ActivityLogDock.h"
#include "gui/AppContext.h"
#include "gui/ChatWindow.h"
#include "gui/RetryBanner.h"
#include "gui/StatusIndicator.h"

#include <QApplication>
#include <QPlainTextEdit>
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

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Steadfast"_s);
    QCoreApplication::setApplicationName(u"steadfast-screenshot"_s);
    steadfast::AppContext::installTranslators(&app);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: steadfast-screenshot OUTPUT.png [WIDTHxHEIGHT] [SCENE]\n");
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
    steadfast::ChatWindow window(context.services());
    window.resize(size);
    window.show();
    steadfast::ChatSession &session = context.session();
    Scene scene(window, session);
    if (!waitFor([&] { return window.isKeyReady(); }))
        return 1;

    QWidget *subject = &window;
    scene.exchange(u"What happens when the network fails?"_s);
    if (sceneName == u"readme") {
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
