// SPDX-License-Identifier: GPL-3.0-or-later
// steadfast-cli: the contract is in DESIGN.md ("steadfast-cli") and README.md.
#include "cli/CliOptions.h"
#include "cli/CliSession.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkProxyFactory>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int g_signalPipe[2] = {-1, -1};

extern "C" void handleSignal(int)
{
    if (!steadfast::g_exchangeRunning)
        ::_exit(steadfast::ExitInterrupted); // idle, perhaps blocked reading stdin
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"steadfast-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(STEADFAST_VERSION));

    // The core logs its decisions at info level; on a terminal the progress lines say the
    // same in plain words, so those logs stay off unless QT_LOGGING_RULES asks for them.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"steadfast.*.info=false"_s);

    // http_proxy / https_proxy / no_proxy from the environment, as curl and the SDKs honour.
    QNetworkProxyFactory::setUseSystemConfiguration(true);

    QString error;
    const std::optional<steadfast::CliOptions> options = steadfast::CliOptions::parse(
            QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment(), &error);
    if (!options) {
        std::fprintf(stderr, "steadfast-cli: %s\nTry 'steadfast-cli --help'.\n", qPrintable(error));
        return steadfast::ExitUsage;
    }
    if (options->helpShown)
        return steadfast::ExitOk;

    steadfast::CliSession session(*options);
    if (!session.open(&error)) {
        std::fprintf(stderr, "steadfast-cli: %s\n", qPrintable(error));
        return steadfast::ExitUsage;
    }

    // SIGINT/SIGTERM: a self-pipe wakes the event loop, which cancels whatever runs.
    if (::pipe(g_signalPipe) == 0) {
        struct sigaction action = {};
        action.sa_handler = handleSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &session, [&session] {
        char byte;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        session.interrupt();
    });
    QObject::connect(&session, &steadfast::CliSession::ended, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    session.start();
    return QCoreApplication::exec();
}
