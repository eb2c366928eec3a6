// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorCardRule.h"

#include <QObject>

namespace steadfast {

/// The CLI's exit codes (DESIGN.md, "steadfast-cli"). Every kind's own is a column of
/// ErrorTraits; ErrorTraits::exitCode() says which an error ends with.
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 2,       // bad flags or a request that fails validation: nothing sent
    ExitPermanent = 3,   // a permanent API error
    ExitExhausted = 4,   // retries exhausted (or a wait the CLI will not do)
    ExitCircuitOpen = 5, // the breaker refused to send
    ExitInterrupted = 130,
};

/// Every fact about an ApiError::Kind that is not words, in one table (STYLE.md §11, "one fact,
/// one table"; DESIGN.md, "Error taxonomy"): one row per kind, in the order of the enum, with
/// a static_assert on its size. The retry policy, the circuit breaker, the endpoint's health,
/// the error card, the GUI's icon and the CLI's exit status all read it; adding a kind adds a
/// row here and its words in ErrorWords.
namespace ErrorTraits {
Q_NAMESPACE

/// How serious an error looks (the GUI picks the icon and the card's accent from it).
enum class Severity { Information, Warning, Error };
Q_ENUM_NS(Severity)

/// What the user has to look at after a failure of a kind (EndpointHealth's NeedsAttention);
/// None for failures that a retry or the service itself can mend.
enum class Attention { None, Key, Access, Quota, Certificate, Address, Model, Proxy };
Q_ENUM_NS(Attention)

/// How the surroundings may change a kind's card (ErrorCards::Case).
enum class CardVariant {
    None,           // the kind's own card, always
    CutOff,         // CutOff when text of the reply was kept
    CutOffWhenIdle, // the same, for an idle timeout only
    ContextTooLong, // ContextTooLong when ApiError::isContextOverflow()
    BillingPage,    // BillingPage when the provider's billing page is known
    NotSent,        // NoModel / NoKey, from the code of a local check
};
Q_ENUM_NS(CardVariant)

/// One row: the facts of one kind.
struct Row
{
    ApiError::Kind kind;
    bool retryable;       // the taxonomy's default, before any server hint
    bool serviceFailure;  // counts against the circuit breaker
    bool endpointOutcome; // tells something about the endpoint (not a cancel, a local check…)
    Attention attention;
    Severity severity;
    ExitCode exitCode; // ExitPermanent: ExitExhausted when the error was retried (exitCode())
    ErrorCards::Action primary; // the card's actions (None pads)
    ErrorCards::Action secondary;
    bool showStatus;    // "HTTP status N", where the status is a fact about the failure
    bool showRequestId; // "Request id …", wherever a server gave one
    ErrorCards::Detail detail;
    CardVariant variant;
    /// What the classifier writes when a transport failure ends with this kind (English,
    /// technical: %1 where, %2 Qt's text); nullptr: "%1 refused the request: %2".
    const char *transportFailure;
};

/// The row of a kind; a value outside the enum gets a row with nothing to do (not retried,
/// not counted, Error, ExitPermanent, no action).
const Row &of(ApiError::Kind kind);

/// The exit status of the CLI for an error that ended an exchange: the kind's own, except
/// that a kind the server may get over, retried until the attempts or the allowed wait ran
/// out (error.retryable), is "exhausted" rather than permanent.
int exitCode(const ApiError &error);

} // namespace ErrorTraits

} // namespace steadfast
