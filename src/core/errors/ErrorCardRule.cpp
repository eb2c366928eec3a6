// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorCardRule.h"

#include "core/EnumNames.h"
#include "core/errors/ErrorClassifier.h"
#include "core/settings/Settings.h"

#include <array>

using namespace Qt::StringLiterals;

namespace steadfast::ErrorCards {

namespace {

using Kind = ApiError::Kind;

/// One card: up to two actions (primary first; None pads), the lines it shows.
struct Row
{
    Action primary;
    Action secondary;
    bool status;
    bool requestId;
    Detail detail;
};

constexpr Action None = Action::None;
constexpr Action TryAgain = Action::TryAgain;

/// One row per kind, in the order of ApiError::Kind. The status line is shown where the status
/// is a fact about the failure (not the 200 of a stream that broke, or of a reply the user
/// stopped); the request id wherever a server gave one.
constexpr std::array kindRows{
        Row{None, None, false, false, Detail::Hidden},                  // None
        Row{TryAgain, None, true, true, Detail::Shown},                 // RateLimited
        Row{None, None, true, true, Detail::Shown},                     // QuotaExceeded
        Row{TryAgain, None, false, true, Detail::Shown},                // Connection
        Row{TryAgain, None, false, true, Detail::Shown},                // Timeout
        Row{TryAgain, None, false, true, Detail::Shown},                // StreamStalled
        Row{TryAgain, None, false, true, Detail::Shown},                // StreamInterrupted
        Row{TryAgain, None, true, true, Detail::Shown},                 // RequestTimeout
        Row{TryAgain, None, true, true, Detail::Shown},                 // Server
        Row{TryAgain, None, true, true, Detail::Shown},                 // InvalidResponse
        Row{Action::OpenSettings, TryAgain, true, true, Detail::Shown}, // Authentication
        Row{Action::OpenSettings, Action::ChooseModel, true, true, Detail::Shown}, // Permission
        Row{Action::ChooseModel, TryAgain, true, true, Detail::Shown},             // NotFound
        Row{TryAgain, None, true, true, Detail::Shown},                            // Conflict
        Row{Action::EditMessage, TryAgain, true, true, Detail::Shown},             // BadRequest
        Row{Action::EditMessage, TryAgain, true, true, Detail::Shown},             // Unprocessable
        Row{Action::OpenSettings, TryAgain, false, false, Detail::Disclosed},      // Tls
        Row{Action::OpenSettings, TryAgain, true, true, Detail::Shown},            // Redirect
        Row{Action::EditMessage, TryAgain, false, false, Detail::Shown},           // Validation
        // CircuitOpen: no detail ("next probe in 9 s" would freeze); the live line says it.
        Row{Action::SendWhenBack, None, false, false, Detail::Hidden},
        Row{TryAgain, None, false, false, Detail::Hidden}, // Cancelled
};
static_assert(kindRows.size() == std::size_t(Kind::Cancelled) + 1,
              "one row per ApiError::Kind, in its order");

/// The cases that replace a kind's row, in the order of Case (Plain has none: its row is the
/// kind's).
constexpr std::array caseRows{
        Row{None, None, false, false, Detail::Hidden},                         // Plain
        Row{Action::Continue, Action::Regenerate, false, true, Detail::Shown}, // CutOff
        Row{Action::EditMessage, Action::NewConversation, true, true,
            Detail::Shown},                                               // ContextTooLong
        Row{Action::OpenBillingPage, None, true, true, Detail::Shown},    // BillingPage
        Row{Action::ChooseModel, TryAgain, false, false, Detail::Hidden}, // NoModel
        Row{Action::AddKey, TryAgain, false, false, Detail::Hidden},      // NoKey
};
static_assert(caseRows.size() == std::size_t(Case::NoKey) + 1, "one row per Case, in its order");

Case caseOf(const ApiError &error, const Context &context)
{
    switch (error.kind) {
    case Kind::StreamStalled:
    case Kind::StreamInterrupted:
        return context.wordsKept > 0 ? Case::CutOff : Case::Plain;
    case Kind::Timeout:
        return context.wordsKept > 0 && error.timeoutPhase == ApiError::TimeoutPhase::Idle
                ? Case::CutOff
                : Case::Plain;
    case Kind::BadRequest:
        return isContextTooLong(error) ? Case::ContextTooLong : Case::Plain;
    case Kind::QuotaExceeded:
        return context.billingUrl.isValid() && !context.billingUrl.isEmpty() ? Case::BillingPage
                                                                             : Case::Plain;
    case Kind::Validation:
        if (error.code == noModelCode)
            return Case::NoModel;
        if (error.code == noKeyCode)
            return Case::NoKey;
        return Case::Plain;
    case Kind::None:
    case Kind::RateLimited:
    case Kind::Connection:
    case Kind::RequestTimeout:
    case Kind::Server:
    case Kind::InvalidResponse:
    case Kind::Authentication:
    case Kind::Permission:
    case Kind::NotFound:
    case Kind::Conflict:
    case Kind::Unprocessable:
    case Kind::Tls:
    case Kind::Redirect:
    case Kind::CircuitOpen:
    case Kind::Cancelled:
        break;
    }
    return Case::Plain;
}

} // namespace

Facts facts(const ApiError &error, const Context &context)
{
    Facts out;
    out.kind = error.kind;
    const auto kindIndex = std::size_t(error.kind);
    if (kindIndex >= kindRows.size()) // a value outside the enum: a card with nothing to do
        return out;
    out.cardCase = caseOf(error, context);
    const Row &row = out.cardCase == Case::Plain ? kindRows.at(kindIndex)
                                                 : caseRows.at(std::size_t(out.cardCase));
    for (const Action action : {row.primary, row.secondary}) {
        if (action != Action::None)
            out.actions.append(action);
    }
    out.showStatus = row.status && error.httpStatus > 0;
    out.showRequestId = row.requestId;
    out.detail = row.detail;
    if (out.cardCase == Case::CutOff) {
        out.cutOffWords = context.wordsKept;
        out.replyRow = context.replyRow;
    }
    if (out.cardCase == Case::BillingPage)
        out.billingUrl = context.billingUrl;
    if (error.kind == Kind::Tls)
        out.tls = tlsProblem(error);
    return out;
}

QString actionName(Action action)
{
    return enumName(action);
}

bool isContextTooLong(const ApiError &error)
{
    static const QString code = u"context_length_exceeded"_s;
    return error.code.compare(code, Qt::CaseInsensitive) == 0
            || error.type.compare(code, Qt::CaseInsensitive) == 0
            || error.message.contains(u"maximum context length"_s, Qt::CaseInsensitive);
}

TlsProblem tlsProblem(const ApiError &error)
{
    if (error.kind != Kind::Tls)
        return TlsProblem::None;
    if (error.code == ErrorClassifier::tlsUntrustedCode)
        return TlsProblem::UntrustedIssuer;
    if (error.code == ErrorClassifier::tlsNameMismatchCode)
        return TlsProblem::NameMismatch;
    if (error.code == ErrorClassifier::tlsExpiredCode)
        return TlsProblem::Expired;
    return TlsProblem::Handshake;
}

QUrl billingPageFor(const QString &host)
{
    // "api.openai.com:443" and "api.openai.com" are the same API; the host alone decides.
    const QUrl parsed(u"//"_s + host.trimmed());
    const QString name = parsed.host().toLower();
    if (name.isEmpty())
        return {};
    for (const ProviderPreset &preset : providerPresets()) {
        if (!preset.billingUrl.isEmpty() && preset.baseUrl.host().compare(name) == 0)
            return preset.billingUrl;
    }
    return {};
}

int wordCount(const QString &text)
{
    int words = 0;
    bool inWord = false;
    for (const QChar c : text) {
        if (c.isSpace()) {
            inWord = false;
        } else if (!inWord) {
            inWord = true;
            ++words;
        }
    }
    return words;
}

} // namespace steadfast::ErrorCards
