// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ErrorTraits.h" // ExitCode
#include "core/net/ChatService.h"
#include "core/protocol/ChatRequest.h"
#include "core/resilience/CircuitBreaker.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

namespace steadfast {

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

} // namespace steadfast
