// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/CliSession.h"

#include "core/errors/ErrorTraits.h"
#include "core/errors/ErrorWords.h"
#include "core/resilience/CircuitBreaker.h"
#include "core/settings/ProviderPresets.h"

#include <QCoreApplication>
#include <QMetaEnum>
#include <QTimer>

#include <array>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr)
{
    return QCoreApplication::translate("steadfast-cli", text, disambiguation);
}

/// What the CLI adds to an error's title where the card's next action is one a terminal
/// cannot take: the flag or variable to check. A row per thing the user has to fix
/// (ErrorTraits' attention column), and one per card action for a request not sent; never a
/// row per kind.
using Attention = ErrorTraits::Attention;
using Action = ErrorCards::Action;
struct Hint
{
    Attention attention;
    Action action; // for Attention::None: the card's primary action
    const char *words;
};
constexpr std::array hints{
        Hint{Attention::Key, Action::None,
             QT_TRANSLATE_NOOP("steadfast-cli", "check OPENAI_API_KEY and --base-url")},
        Hint{Attention::Access, Action::None,
             QT_TRANSLATE_NOOP("steadfast-cli", "check OPENAI_API_KEY, --model and --base-url")},
        Hint{Attention::Model, Action::None,
             QT_TRANSLATE_NOOP("steadfast-cli", "check --model and --base-url")},
        Hint{Attention::Certificate, Action::None,
             QT_TRANSLATE_NOOP("steadfast-cli", "check --base-url")},
        Hint{Attention::Address, Action::None,
             QT_TRANSLATE_NOOP("steadfast-cli", "check --base-url")},
        Hint{Attention::Quota, Action::None,
             QT_TRANSLATE_NOOP("steadfast-cli",
                               "check the plan and billing page of your provider")},
        Hint{Attention::Proxy, Action::None,
             QT_TRANSLATE_NOOP("steadfast-cli", "check the proxy's user name and password")},
        Hint{Attention::None, Action::ChooseModel,
             QT_TRANSLATE_NOOP("steadfast-cli", "check --model and --base-url")},
        Hint{Attention::None, Action::AddKey,
             QT_TRANSLATE_NOOP("steadfast-cli", "set OPENAI_API_KEY")},
};

QString hintFor(const ApiError &error, const CardFacts &facts)
{
    const Attention attention = ErrorTraits::of(error.kind).attention;
    if (attention == Attention::Quota) {
        if (const QUrl billing = billingPageFor(error.host); !billing.isEmpty())
            return tr("check your plan and billing at %1").arg(billing.toString());
    }
    for (const Hint &hint : hints) {
        if (hint.attention == attention
            && (attention != Attention::None || hint.action == facts.primary()))
            return tr(hint.words);
    }
    return {};
}

/// The words for an error that ended an exchange (ErrorWords' title), with the CLI's hint.
QString describe(const ApiError &error)
{
    const CardFacts facts = ErrorCards::facts(error);
    const QString hint = hintFor(error, facts);
    const QString title = ErrorWords::title(error, facts);
    return hint.isEmpty() ? title
                          : tr("%1: %2", "an error's title, then what to check").arg(title, hint);
}

} // namespace

CliSession::CliSession(CliOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_breakers(m_options.breaker)
    , m_service(&m_network, &m_breakers)
    , m_recorder(&m_service, &m_breakers)
    , m_stdin(stdin)
    , m_stdoutIsTty(::isatty(STDOUT_FILENO))
    , m_stderrIsTty(::isatty(STDERR_FILENO))
{
    m_service.setOptions(m_options.service);
    m_recorder.addSecret(m_options.request.apiKey);
    connect(&m_service, &ChatService::finished, this, &CliSession::handleFinished);
    connect(&m_service, &ChatService::failed, this, &CliSession::handleFailed);
    connect(&m_recorder, &EventRecorder::eventRecorded, this, &CliSession::handleEvent);
    if (!m_options.quiet)
        connectProgress();
    connect(&m_service, &ChatService::delta, this, [this](const QString &text) {
        if (!m_stdoutIsTty)
            return;      // piped: the reply is written once, whole, when it is complete
        clearLiveLine(); // "waiting for the model…" must not share a line with the reply
        std::fputs(text.toUtf8().constData(), stdout);
        std::fflush(stdout);
        m_printedPartial = true;
    });
    connect(&m_service, &ChatService::attemptFailed, this, [this] {
        if (!m_printedPartial)
            return;
        // The cut-off text stays on screen, on a line of its own; a retry starts afresh.
        std::fputs("\n", stdout);
        std::fflush(stdout);
        m_printedPartial = false;
    });
}

void CliSession::clearLiveLine()
{
    if (!m_liveLine)
        return;
    std::fputs("\r\033[K", stderr);
    m_liveLine = false;
}

CliSession::~CliSession() = default;

void CliSession::connectProgress()
{
    connect(&m_service, &ChatService::attemptStarted, this, [this](int attempt, int allowed) {
        if (attempt > 1)
            progress(tr("attempt %1 of %2").arg(attempt).arg(allowed));
    });
    // An attempt's failure is worth a line only when a retry follows; an error that ends
    // the exchange is printed once, in full, by handleFailed().
    connect(&m_service, &ChatService::attemptFailed, this,
            [this](int attempt, const ApiError &error, const QString &partial) {
                QString line =
                        tr("attempt %1 failed: %2").arg(attempt).arg(ErrorWords::title(error));
                if (!error.message.isEmpty())
                    line += u" — "_s + error.message;
                if (!error.requestId.isEmpty())
                    line += tr(" [request %1]").arg(error.requestId);
                if (!partial.isEmpty())
                    line += tr(" (after %1 characters of reply)").arg(partial.size());
                m_pendingAttemptLine = line;
            });
    connect(&m_service, &ChatService::retryScheduled, this, [this](const RetryInfo &info) {
        QString why;
        switch (info.source) {
        case RetryInfo::Source::Backoff:
            why = tr("backoff");
            break;
        case RetryInfo::Source::ServerHint:
            why = tr("the server asked for %1").arg(ErrorWords::durationText(*info.hint));
            break;
        case RetryInfo::Source::BreakerProbe:
            why = tr("waiting for the circuit's next probe");
            break;
        }
        progress(tr("%1 — retrying in %2 (attempt %3 of %4; %5)")
                         .arg(ErrorWords::retryReason(info.error),
                              ErrorWords::durationText(info.delay))
                         .arg(info.attempt)
                         .arg(info.attemptsAllowed)
                         .arg(why));
    });
    connect(&m_service, &ChatService::retryCountdown, this, [this](qint64 left) {
        liveStatus(tr("retrying in %1…")
                           .arg(ErrorWords::countdownText(std::chrono::milliseconds{left})));
    });
    connect(&m_service, &ChatService::responseWaiting, this, [this](qint64 elapsed) {
        liveStatus(tr("waiting for the model… %1 s").arg(elapsed / 1000));
    });
    const auto watch = [this](CircuitBreaker *breaker) {
        connect(breaker, &CircuitBreaker::stateChanged, this,
                [this, breaker](CircuitBreaker::State state, int failures, int threshold,
                                qint64 msUntilProbe) {
                    QString line =
                            tr("circuit for %1 is %2 (%3 of %4 consecutive failures)")
                                    .arg(breaker->endpoint(), CircuitBreaker::stateName(state))
                                    .arg(failures)
                                    .arg(threshold);
                    if (state == CircuitBreaker::State::Open && msUntilProbe > 0)
                        line += tr("; next probe in %1")
                                        .arg(ErrorWords::durationText(
                                                std::chrono::milliseconds{msUntilProbe}));
                    progress(line);
                });
    };
    connect(&m_breakers, &BreakerRegistry::breakerCreated, this, watch);
}

bool CliSession::open(QString *error)
{
    if (m_options.eventsPath.isEmpty())
        return true;
    m_eventsFile = std::make_unique<QFile>();
    const bool opened = m_options.eventsPath == u"-"_s
            ? m_eventsFile->open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered)
            : (m_eventsFile->setFileName(m_options.eventsPath),
               m_eventsFile->open(QIODevice::WriteOnly | QIODevice::Truncate));
    if (!opened) {
        *error = u"--events: cannot open %1: %2"_s.arg(m_options.eventsPath,
                                                       m_eventsFile->errorString());
        return false;
    }
    return true;
}

void CliSession::start()
{
    if (!m_options.systemPrompt.isEmpty())
        m_history.append({u"system"_s, m_options.systemPrompt});
    if (m_options.prompt) {
        sendTurn(*m_options.prompt);
        return;
    }
    m_conversation = true;
    nextTurn();
}

void CliSession::nextTurn()
{
    if (m_interrupted) {
        endWith(ExitInterrupted);
        return;
    }
    const bool interactive = ::isatty(STDIN_FILENO);
    QString line;
    while (true) {
        if (interactive)
            std::fputs("> ", stderr);
        if (!m_stdin.readLineInto(&line))
            break; // end of input
        if (!line.trimmed().isEmpty()) {
            sendTurn(line);
            return;
        }
    }
    endWith(m_exitCode);
}

void CliSession::sendTurn(const QString &text)
{
    m_printedPartial = false;
    m_pendingUserText = text;
    g_exchangeRunning = 1;
    ChatRequest request = m_options.request;
    request.messages = m_history;
    request.messages.append({u"user"_s, text});
    if (!m_service.send(request))
        endWith(ExitUsage); // cannot happen: turns run one after another
}

void CliSession::handleFinished(const ChatResult &result)
{
    g_exchangeRunning = 0;
    clearLiveLine();
    if (!m_printedPartial)
        std::fputs(result.text.toUtf8().constData(), stdout);
    std::fputs("\n", stdout);
    std::fflush(stdout);
    // The turn just answered joins the context of the next one.
    m_history.append({u"user"_s, m_pendingUserText});
    m_history.append({u"assistant"_s, result.text});
    if (!m_conversation) {
        endWith(ExitOk);
        return;
    }
    QTimer::singleShot(0, this, &CliSession::nextTurn);
}

void CliSession::handleFailed(const ApiError &error, const QString &partialText)
{
    g_exchangeRunning = 0;
    m_pendingAttemptLine.clear();
    clearLiveLine();
    if (m_printedPartial)
        std::fputs("\n", stdout);
    std::fflush(stdout);
    QString text = u"steadfast-cli: error: "_s + describe(error);
    if (!error.message.isEmpty())
        text += u"\n  "_s + error.message;
    if (!error.requestId.isEmpty())
        text += u"\n  request id: "_s + error.requestId;
    if (!partialText.isEmpty())
        text += u"\n  "_s
                + tr("(%1 characters of partial reply were received)").arg(partialText.size());
    std::fputs(qPrintable(m_recorder.redact(text) + u'\n'), stderr);
    const int code = ErrorTraits::exitCode(error);
    if (!m_conversation || code == ExitInterrupted || code == ExitUsage) {
        endWith(code);
        return;
    }
    // A conversation goes on after a failed turn; that turn is left out of the context, and
    // the exit status reports the last failure.
    m_exitCode = code;
    QTimer::singleShot(0, this, &CliSession::nextTurn);
}

void CliSession::handleEvent(const QJsonObject &event)
{
    if (m_eventsFile) {
        m_eventsFile->write(EventRecorder::toJsonLine(event) + '\n');
        m_eventsFile->flush();
    }
}

void CliSession::progress(const QString &line)
{
    if (!m_pendingAttemptLine.isEmpty()) {
        const QString pending = std::exchange(m_pendingAttemptLine, QString());
        progress(pending); // what failed comes before what followed from it
    }
    clearLiveLine();
    // Progress lines quote the server's error text, which may echo the key back.
    std::fputs(qPrintable(u"steadfast-cli: "_s + m_recorder.redact(line) + u'\n'), stderr);
}

void CliSession::liveStatus(const QString &text)
{
    if (!m_stderrIsTty)
        return; // a countdown is noise in a log file; the events file has every tick
    std::fputs(qPrintable(u"\r\033[K"_s + text), stderr);
    m_liveLine = true;
}

void CliSession::interrupt()
{
    m_interrupted = true;
    if (m_service.isBusy())
        m_service.cancel(); // ends through handleFailed with Cancelled → 130
    else
        endWith(ExitInterrupted);
}

void CliSession::endWith(int exitCode)
{
    std::fflush(stdout);
    if (m_eventsFile)
        m_eventsFile->flush();
    Q_EMIT ended(exitCode);
}

} // namespace steadfast
