// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/CliOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace steadfast {

namespace {

/// Reads a whole number option in [minimum, maximum]; problems go to *error.
template <typename T>
bool readNumber(const QCommandLineParser &parser, const QString &name, qint64 minimum,
                qint64 maximum, T *target, QString *error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const QString text = parser.value(name);
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        *error = u"--%1: expected a whole number from %2 to %3, got '%4'"_s.arg(name)
                         .arg(minimum)
                         .arg(maximum)
                         .arg(text);
        return false;
    }
    if constexpr (std::is_same_v<T, milliseconds>)
        *target = milliseconds(value);
    else
        *target = T(value);
    return true;
}

} // namespace

std::optional<CliOptions> CliOptions::parse(const QStringList &arguments,
                                            const QProcessEnvironment &environment, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "steadfast-cli",
            "Chat with an OpenAI-compatible server, surviving its failures.\n"
            "With PROMPT: one exchange, the reply on stdout. Without: one user message "
            "per line of stdin, one conversation.\n"
            "Environment: OPENAI_API_KEY, OPENAI_BASE_URL.\n"
            "Exit: 0 ok, 2 usage/validation (nothing sent), 3 permanent API error, "
            "4 retries exhausted, 5 circuit open, 130 interrupted."));
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version."_s);
    parser.addOption(help);
    parser.addOption(version);
    const auto add = [&parser](const QString &name, const QString &description,
                               const QString &valueName = {}) {
        parser.addOption(QCommandLineOption(name, description, valueName));
    };
    add(u"base-url"_s,
        u"Server base URL (default $OPENAI_BASE_URL or https://api.openai.com/v1)."_s, u"URL"_s);
    add(u"model"_s, u"Model name (required)."_s, u"NAME"_s);
    add(u"system"_s, u"System prompt."_s, u"TEXT"_s);
    add(u"stream"_s, u"Stream the reply (default)."_s);
    add(u"no-stream"_s, u"Ask for the whole reply at once."_s);
    add(u"temperature"_s, u"Sampling temperature, 0 to 2."_s, u"T"_s);
    add(u"max-tokens"_s, u"Longest reply, in tokens."_s, u"N"_s);
    add(u"max-retries"_s, u"Retries after the first attempt (default 5)."_s, u"N"_s);
    add(u"connect-timeout-ms"_s, u"Time to send the request (default 10000)."_s, u"MS"_s);
    add(u"timeout-ms"_s, u"Time to the first byte of the reply (default 60000)."_s, u"MS"_s);
    add(u"idle-timeout-ms"_s, u"Longest silence inside a reply (default 30000)."_s, u"MS"_s);
    add(u"deadline-ms"_s, u"Overall deadline for one exchange, retries included (default none)."_s,
        u"MS"_s);
    add(u"max-wait-ms"_s,
        u"Longest wait before a retry (default 60000); a server asking for "
        u"more ends the exchange."_s,
        u"MS"_s);
    add(u"backoff-base-ms"_s, u"First retry delay before jitter (default 1000)."_s, u"MS"_s);
    add(u"backoff-cap-ms"_s, u"Largest retry delay (default 60000)."_s, u"MS"_s);
    add(u"jitter-ms"_s, u"Largest additive jitter (default 1000)."_s, u"MS"_s);
    add(u"jitter"_s, u"additive (default), full or decorrelated."_s, u"MODE"_s);
    add(u"breaker-threshold"_s,
        u"Consecutive service failures that open the circuit (default 5)."_s, u"N"_s);
    add(u"breaker-cooldown-ms"_s,
        u"How long the circuit stays open before a probe (default 30000)."_s, u"MS"_s);
    add(u"seed"_s, u"Seed for the retry jitter (reproducible runs)."_s, u"N"_s);
    add(u"events"_s, u"Write every event as a JSON line to FILE (- for stderr)."_s, u"FILE"_s);
    add(u"allow-insecure-key"_s,
        u"Allow sending the API key over plain http to a host that is "
        u"not loopback."_s);
    add(u"quiet"_s, u"No progress on stderr (errors still shown)."_s);
    parser.addPositionalArgument(u"PROMPT"_s, u"The message to send; omit to read stdin."_s,
                                 u"[PROMPT]"_s);

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    CliOptions options;
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        options.helpShown = true;
        return options;
    }
    if (parser.isSet(version)) {
        std::fputs(qPrintable(u"steadfast-cli %1\n"_s.arg(QStringLiteral(STEADFAST_VERSION))),
                   stdout);
        options.helpShown = true;
        return options;
    }

    ChatRequest &request = options.request;
    // An explicitly empty --base-url (an unset shell variable) must not quietly become
    // api.openai.com: the prompt and key would go somewhere the user did not name.
    if (parser.isSet(u"base-url"_s) && parser.value(u"base-url"_s).trimmed().isEmpty()) {
        *error = u"--base-url: empty URL"_s;
        return std::nullopt;
    }
    QString baseUrl = parser.value(u"base-url"_s);
    if (baseUrl.isEmpty())
        baseUrl = environment.value(u"OPENAI_BASE_URL"_s, u"https://api.openai.com/v1"_s);
    request.baseUrl = QUrl(baseUrl, QUrl::StrictMode);
    request.apiKey = environment.value(u"OPENAI_API_KEY"_s).trimmed();
    request.model = parser.value(u"model"_s);
    if (parser.isSet(u"stream"_s) && parser.isSet(u"no-stream"_s)) {
        *error = u"--stream and --no-stream contradict each other"_s;
        return std::nullopt;
    }
    request.stream = !parser.isSet(u"no-stream"_s);
    request.allowInsecureKey = parser.isSet(u"allow-insecure-key"_s);
    if (parser.isSet(u"temperature"_s)) {
        bool ok = false;
        const double temperature = parser.value(u"temperature"_s).toDouble(&ok);
        if (!ok) {
            *error = u"--temperature: expected a number, got '%1'"_s.arg(
                    parser.value(u"temperature"_s));
            return std::nullopt;
        }
        request.temperature = temperature;
    }
    if (parser.isSet(u"max-tokens"_s)) {
        int maxTokens = 0;
        if (!readNumber(parser, u"max-tokens"_s, 1, 10'000'000, &maxTokens, error))
            return std::nullopt;
        request.maxTokens = maxTokens;
    }
    options.systemPrompt = parser.value(u"system"_s);

    constexpr qint64 day = 24LL * 3600 * 1000;
    ServiceOptions &service = options.service;
    qint64 seed = -1;
    if (!readNumber(parser, u"max-retries"_s, 0, 100, &service.maxRetries, error)
        || !readNumber(parser, u"connect-timeout-ms"_s, 1, day, &service.connectTimeout, error)
        || !readNumber(parser, u"timeout-ms"_s, 1, day, &service.firstByteTimeout, error)
        || !readNumber(parser, u"idle-timeout-ms"_s, 1, day, &service.idleTimeout, error)
        || !readNumber(parser, u"deadline-ms"_s, 1, day, &service.deadline, error)
        || !readNumber(parser, u"max-wait-ms"_s, 0, day, &service.maxWait, error)
        || !readNumber(parser, u"backoff-base-ms"_s, 0, day, &service.backoff.base, error)
        || !readNumber(parser, u"backoff-cap-ms"_s, 0, day, &service.backoff.cap, error)
        || !readNumber(parser, u"jitter-ms"_s, 0, day, &service.backoff.maxJitter, error)
        || !readNumber(parser, u"breaker-threshold"_s, 1, 1000, &options.breaker.threshold, error)
        || !readNumber(parser, u"breaker-cooldown-ms"_s, 0, day, &options.breaker.cooldown, error)
        || !readNumber(parser, u"seed"_s, 0, 0xffffffffLL, &seed, error))
        return std::nullopt;
    if (seed >= 0)
        service.seed = quint32(seed);
    if (parser.isSet(u"jitter"_s)) {
        static const QHash<QString, BackoffPolicy::Jitter> modes{
                {u"additive"_s, BackoffPolicy::Jitter::Additive},
                {u"full"_s, BackoffPolicy::Jitter::Full},
                {u"decorrelated"_s, BackoffPolicy::Jitter::Decorrelated}};
        const QString mode = parser.value(u"jitter"_s);
        if (!modes.contains(mode)) {
            *error = u"--jitter: expected additive, full or decorrelated, got '%1'"_s.arg(mode);
            return std::nullopt;
        }
        service.backoff.jitter = modes.value(mode);
    }
    service.longWait = ServiceOptions::LongWait::Fail;
    options.eventsPath = parser.value(u"events"_s);
    options.quiet = parser.isSet(u"quiet"_s);
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty())
        options.prompt = positional.join(u' ');
    return options;
}

} // namespace steadfast
