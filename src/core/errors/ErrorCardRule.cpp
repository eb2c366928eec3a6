// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorCardRule.h"

#include "core/EnumNames.h"
#include "core/errors/ErrorClassifier.h"
#include "core/errors/ErrorTraits.h"

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
    using Variant = ErrorTraits::CardVariant;
    switch (ErrorTraits::of(error.kind).variant) {
    case Variant::None:
        break;
    case Variant::CutOff:
        return context.wordsKept > 0 ? Case::CutOff : Case::Plain;
    case Variant::CutOffWhenIdle:
        return context.wordsKept > 0 && error.timeoutPhase == ApiError::TimeoutPhase::Idle
                ? Case::CutOff
                : Case::Plain;
    case Variant::ContextTooLong:
        return error.isContextOverflow() ? Case::ContextTooLong : Case::Plain;
    case Variant::BillingPage:
        return context.billingUrl.isValid() && !context.billingUrl.isEmpty() ? Case::BillingPage
                                                                             : Case::Plain;
    case Variant::NotSent:
        if (error.code == noModelCode)
            return Case::NoModel;
        if (error.code == noKeyCode)
            return Case::NoKey;
        break;
    }
    return Case::Plain;
}

} // namespace

Facts facts(const ApiError &error, const Context &context)
{
    Facts out;
    out.kind = error.kind;
    out.cardCase = caseOf(error, context);
    const ErrorTraits::Row &traits = ErrorTraits::of(error.kind);
    const Row row = out.cardCase == Case::Plain
            ? Row{traits.primary, traits.secondary, traits.showStatus, traits.showRequestId,
                  traits.detail}
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
