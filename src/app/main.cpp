// SPDX-License-Identifier: GPL-3.0-or-later
// steadfast: the chat window. main() creates the long-lived objects once (AppContext) and
// shows the window over them (STYLE.md §1).
#include "app/AppContext.h"
#include "gui/ChatWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QNetworkProxyFactory>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Steadfast"_s);
    QCoreApplication::setApplicationName(u"steadfast"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(STEADFAST_VERSION));
    QGuiApplication::setApplicationDisplayName(u"Steadfast"_s);
    QGuiApplication::setDesktopFileName(u"steadfast"_s);
    steadfast::AppContext::installTranslators(&app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "main", "A chat client for OpenAI-compatible APIs that survives failure."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(
            u"profile"_s,
            QCoreApplication::translate("main",
                                        "Keep settings, the conversation, the draft and a key "
                                        "file in <dir> instead of the user's folders."),
            u"dir"_s);
    parser.addOption(profileOption);
    parser.process(app);

    QNetworkProxyFactory::setUseSystemConfiguration(true);
    steadfast::AppContext::Options options;
    options.profileDir = parser.value(profileOption);
    steadfast::AppContext context(options);
    // Offline when the system says so (NetworkManager's view, where there is one).
    context.health().followSystemNetwork();

    steadfast::ChatWindow window(context.services());
    window.show();
    return QApplication::exec();
}
