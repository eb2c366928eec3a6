// SPDX-License-Identifier: GPL-3.0-or-later
// steadfast-faultserver: the fault server as a process. Prints its base URL (one line on
// stdout), logs to stderr, runs until SIGINT/SIGTERM.
#include "faultserver/FaultScript.h"
#include "faultserver/FaultServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QTextStream>

#include <chrono>
#include <cstdio>

#if defined(Q_OS_UNIX)
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr int exitUsage = 2;
constexpr int exitListen = 1;

#if defined(Q_OS_UNIX)
int signalFds[2] = {-1, -1};

extern "C" void handleSignal(int)
{
    const char byte = 1;
    // Async-signal-safe: the event loop reads the other end and quits.
    [[maybe_unused]] const auto written = ::write(signalFds[0], &byte, 1);
}

/// Turns SIGINT/SIGTERM into QCoreApplication::quit() through a socket pair (the
/// self-pipe trick), so the server's destructor runs and every socket is closed.
bool installSignalHandlers(QCoreApplication *app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalFds) != 0)
        return false;
    auto *notifier = new QSocketNotifier(signalFds[1], QSocketNotifier::Read, app);
    QObject::connect(notifier, &QSocketNotifier::activated, app, [app, notifier] {
        notifier->setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const auto read = ::read(signalFds[1], &byte, 1);
        app->quit();
    });
    struct sigaction action = {};
    action.sa_handler = handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0
            && ::sigaction(SIGTERM, &action, nullptr) == 0;
}
#else
bool installSignalHandlers(QCoreApplication *)
{
    return true; // Ctrl+C ends the process; the OS closes its sockets
}
#endif

void fail(const QString &message)
{
    QTextStream(stderr) << "steadfast-faultserver: " << message << Qt::endl;
}

/// The command line: the options, and what they say once parsed.
struct Options
{
    QCommandLineParser parser;
    QCommandLineOption help = parser.addHelpOption();
    QCommandLineOption version = parser.addVersionOption();
    QCommandLineOption host{u"host"_s, u"Address to listen on (default 127.0.0.1)."_s, u"address"_s,
                            u"127.0.0.1"_s};
    QCommandLineOption port{u"port"_s, u"Port to listen on (default 0: a free port)."_s, u"port"_s,
                            u"0"_s};
    QCommandLineOption script{u"script"_s, u"Script of faults to play (JSON)."_s, u"file"_s};
    QCommandLineOption chunkDelay{u"chunk-delay-ms"_s,
                                  u"Pause between streamed chunks (default 20; 0: no pause)."_s,
                                  u"ms"_s};
    QCommandLineOption replyText{
            u"reply-text"_s, u"Text of healthy replies (default: a sentence about the message)."_s,
            u"text"_s};
    QCommandLineOption prefix{u"path-prefix"_s, u"API path prefix (default /v1)."_s, u"path"_s};

    Options()
    {
        parser.setApplicationDescription(
                u"An OpenAI-compatible chat-completions server that plays a script of faults.\n"
                "Prints its base URL on stdout, then serves until SIGINT or SIGTERM.\n"
                "Control endpoint: POST /_fault/arm, POST /_fault/reset, GET /_fault/log, "
                "GET /_fault/health (see docs/faultserver.md)."_s);
        parser.addOptions({host, port, script, chunkDelay, replyText, prefix});
    }

    /// Parses the arguments (--help and --version exit); false, with a message, on a bad one.
    bool parse(QHostAddress *address, uint *portNumber)
    {
        if (!parser.parse(QCoreApplication::arguments())) {
            fail(parser.errorText() + u" (see --help)"_s);
            return false;
        }
        if (parser.isSet(help))
            parser.showHelp(0); // exits
        if (parser.isSet(version))
            parser.showVersion(); // exits
        if (!parser.positionalArguments().isEmpty()) {
            fail(u"unexpected argument \"%1\" (see --help)"_s.arg(
                    parser.positionalArguments().first()));
            return false;
        }
        *address = QHostAddress(parser.value(host));
        if (address->isNull()) {
            fail(u"--host: \"%1\" is not an IP address"_s.arg(parser.value(host)));
            return false;
        }
        bool ok = false;
        *portNumber = parser.value(port).toUInt(&ok);
        if (!ok || *portNumber > 65535) {
            fail(u"--port: \"%1\" is not a port number"_s.arg(parser.value(port)));
            return false;
        }
        return true;
    }

    /// Loads the script, then applies the flags over its settings; false on a bad one.
    bool configure(steadfast::FaultServer *server) const
    {
        if (parser.isSet(script)) {
            QString error;
            const auto loaded = steadfast::FaultScript::fromFile(parser.value(script), &error);
            if (!loaded) {
                fail(u"--script: %1"_s.arg(error));
                return false;
            }
            server->loadScript(*loaded);
        }
        if (parser.isSet(chunkDelay)) {
            bool ok = false;
            const int delay = parser.value(chunkDelay).toInt(&ok);
            if (!ok || delay < 0) {
                fail(u"--chunk-delay-ms: \"%1\" is not a number of milliseconds"_s.arg(
                        parser.value(chunkDelay)));
                return false;
            }
            server->setChunkDelay(std::chrono::milliseconds(delay));
        }
        if (parser.isSet(replyText))
            server->setReplyText(parser.value(replyText));
        if (parser.isSet(prefix))
            server->setPathPrefix(parser.value(prefix));
        return true;
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"steadfast-faultserver"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(STEADFAST_VERSION));

    Options options;
    QHostAddress address;
    uint port = 0;
    if (!options.parse(&address, &port))
        return exitUsage;
    steadfast::FaultServer server;
    if (!options.configure(&server))
        return exitUsage;

    if (!installSignalHandlers(&app)) {
        fail(u"cannot install signal handlers"_s);
        return exitListen;
    }
    if (!server.listen(address, quint16(port))) {
        fail(u"cannot listen on %1:%2: %3"_s.arg(address.toString())
                     .arg(port)
                     .arg(server.errorString()));
        return exitListen;
    }
    // Exactly one line on stdout, flushed, so a script can read the URL and go on.
    std::fputs(server.baseUrl().toString().toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);

    const int status = app.exec();
    qCInfo(steadfast::lcFaultServer) << "shutting down";
    return status;
}
