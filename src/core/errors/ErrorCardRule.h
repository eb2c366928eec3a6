// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

namespace steadfast {

/// The one rule for what an error card offers (STYLE.md §11, "one fact, one table"; "the front
/// door decides"): each kind's own card is its row in ErrorTraits, and a few rows here stand
/// for the cases where the surroundings change the card (a stream cut off after text was kept, a context too long, a
/// provider with a billing page, a message sent with no model or no key). The words are
/// ErrorWords' (it reads the facts returned here); the card only renders them.
namespace ErrorCards {
Q_NAMESPACE

/// What the user can do about an error: one button on the error card.
enum class Action {
    None,
    OpenSettings,    // Settings, on the API key
    ChooseModel,     // opens the model box
    EditMessage,     // edits the last message in place
    TryAgain,        // ChatSession::retry()
    Wait,            // accepts a long wait the server asked for
    Continue,        // ChatSession::continueReply(): go on from the kept text
    Regenerate,      // ChatSession::regenerate() of the kept reply (Facts::replyRow)
    NewConversation, // a new conversation, the last user message carried over into its input
    AddKey,          // Settings, on the API key field: the endpoint needs one
    OpenBillingPage, // the provider's billing page (Facts::billingUrl) in the browser
    SendWhenBack,    // CircuitOpen: hold the message and send it as the breaker's probe
};
Q_ENUM_NS(Action)

/// Where the surroundings make a card differ from its kind's own row.
enum class Case {
    Plain,          // the kind's row
    CutOff,         // StreamInterrupted / StreamStalled / an idle timeout after text was kept
    ContextTooLong, // ApiError::isContextOverflow()
    BillingPage,    // QuotaExceeded from a provider whose billing page is known
    NoModel,        // not sent: no model is chosen
    NoKey,          // not sent: the endpoint needs an API key and none is set
};
Q_ENUM_NS(Case)

/// How the server's message (or the local detail) is shown.
enum class Detail {
    Hidden,    // nothing worth showing beyond the title and the explanation
    Shown,     // "The server said: …" / "Details: …"
    Disclosed, // behind a "Show details" toggle, with Copy (the raw TLS error)
};
Q_ENUM_NS(Detail)

/// What went wrong with a secure connection, read from the transport's text (ApiError::code
/// of a Tls error, set by ErrorClassifier).
enum class TlsProblem { None, UntrustedIssuer, NameMismatch, Expired, Handshake };
Q_ENUM_NS(TlsProblem)

/// What the core knows around the error when its card is shown.
struct Context
{
    int wordsKept = 0; // the interrupted reply just before the card: its words (0: none kept)
    int replyRow = -1; // that reply's row in the conversation, -1 when none
    QUrl billingUrl;   // the provider's billing page for the error's host, if it has one
};

/// Everything a card shows that is not words: the actions (primary first), which lines it
/// has, and the numbers the words need.
struct Facts
{
    ApiError::Kind kind = ApiError::Kind::None;
    Case cardCase = Case::Plain;
    QList<Action> actions;     // primary first; empty: the words say what to do
    bool showStatus = false;   // "HTTP status N"
    bool showRequestId = true; // "Request id …" with Copy, when the error has one
    Detail detail = Detail::Shown;
    int cutOffWords = 0; // CutOff: the words kept
    int replyRow = -1;   // CutOff: the row Continue and Regenerate act on
    QUrl billingUrl;     // BillingPage: where OpenBillingPage goes
    TlsProblem tls = TlsProblem::None;

    Action primary() const { return actions.isEmpty() ? Action::None : actions.constFirst(); }
    bool offers(Action action) const { return actions.contains(action); }
};

/// The card's facts for this error in this context.
Facts facts(const ApiError &error, const Context &context = {});

/// The enumerator's name ("OpenSettings"), stable, for object names.
QString actionName(Action action);

/// The code of a Validation error ChatSession says before sending: no model chosen.
inline constexpr QLatin1StringView noModelCode{"model_missing"};
/// …and: the endpoint needs an API key and none is set.
inline constexpr QLatin1StringView noKeyCode{"api_key_missing"};

/// The problem a Tls error's code names (ErrorClassifier::tlsCode()); Handshake for an
/// unknown or empty code.
TlsProblem tlsProblem(const ApiError &error);
/// Words in a text, as a reader counts them (runs separated by white space).
int wordCount(const QString &text);

} // namespace ErrorCards

using CardAction = ErrorCards::Action;
using CardFacts = ErrorCards::Facts;

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::ErrorCards::Facts)
