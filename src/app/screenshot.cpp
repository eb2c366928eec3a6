// SPDX-License-Identifier: GPL-3.0-or-later
// steadfast-screenshot: the real window, driven through a short scene against its demo server,
// grabbed to a PNG for the README (scripts/screenshot.sh). Not installed.
//   steadfast-screenshot OUTPUT.png [WIDTHxHEIGHT]
#include "core/ChatSession.h"
#include "gui/AppContext.h"
#include "gui/ChatWindow.h"
#include "gui/RetryBanner.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 60'000)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

bool say(steadfast::ChatWindow &window, steadfast::ChatSession &session, const QString &text)
{
    window.composer()->setPlainText(text);
    window.sendDraft();
    return waitFor([&] { return session.isBusy(); }, 5'000);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Steadfast"_s);
    QCoreApplication::setApplicationName(u"steadfast-screenshot"_s);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: steadfast-screenshot OUTPUT.png [WIDTHxHEIGHT]\n");
        return 2;
    }
    QSize size(1000, 780);
    if (args.size() > 2) {
        const QStringList parts = args.at(2).split(u'x');
        if (parts.size() == 2)
            size = QSize(parts.at(0).toInt(), parts.at(1).toInt());
    }

    QTemporaryDir profile;
    steadfast::AppContext::Options options;
    options.profileDir = profile.path();
    options.keychainService = u"steadfast-screenshot"_s;
    options.environment = QProcessEnvironment(); // always the demo server
    options.demoChunkDelay = std::chrono::milliseconds(3);
    steadfast::AppContext context(options);
    steadfast::ChatWindow window(context.services());
    window.resize(size);
    window.show();
    steadfast::ChatSession &session = context.session();
    auto idle = [&] { return waitFor([&] { return !session.isBusy(); }); };

    if (!waitFor([&] { return window.isKeyReady(); }))
        return 1;
    say(window, session, u"What happens when the network fails?"_s);
    idle();
    window.simulate(u"model-not-found"_s);
    say(window, session, u"Switch to gpt-9 please."_s);
    idle();
    window.simulate(u"rate-limit"_s);
    say(window, session, u"Let's try again."_s);
    if (!waitFor([&] { return window.retryBanner()->isVisible(); }))
        return 1;
    QTest::qWait(700); // a moment into the countdown, as a user would see it
    window.composer()->setPlainText(u"Drafts survive restarts and crashes."_s);
    const QImage image = window.grab().toImage();
    if (!image.save(args.at(1))) {
        std::fprintf(stderr, "could not write %s\n", qPrintable(args.at(1)));
        return 1;
    }
    std::printf("%s\n", qPrintable(args.at(1)));
    session.cancel();
    return 0;
}
