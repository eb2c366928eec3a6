// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/ChatService.h"
#include "core/protocol/ChatRequest.h"
#include "core/resilience/CircuitBreaker.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

namespace steadfast {

/// The CLI's exit codes (DESIGN.md, "steadfast-cli").
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 2,       // bad flags or a request that fails validation: nothing sent
    ExitPermanent = 3,   // a permanent API error
    ExitExhausted = 4,   // retries exhausted (or a wait the CLI will not do)
    ExitCircuitOpen = 5, // the breaker refused to send
    ExitInterrupted = 130,
};

/// Everything the command line and the environment say, checked.
struct CliOptions
{
    ChatRequest request; // base URL, key, model, system prompt (as messages[0]), stream
    ServiceOptions service;
    CircuitBreaker::Options breaker;
    std::optional<QString> prompt; // one exchange; absent: read stdin line by line
    QString systemPrompt;
    QString eventsPath; // "" none, "-" stderr
    bool quiet = false;
    bool helpShown = false; // --help / --version handled: exit 0

    /// Parses arguments (argv[0] first). On a problem, returns nullopt and sets *error
    /// to a message for stderr; --help and --version print and set helpShown.
    static std::optional<CliOptions> parse(const QStringList &arguments,
                                           const QProcessEnvironment &environment, QString *error);
};

/// The exit code an error that ended an exchange maps to.
int exitCodeFor(const ApiError &error);

} // namespace steadfast
