// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorCaseWords.h"

#include "core/errors/DurationWords.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace steadfast::ErrorWords::Cases {

namespace {

using Case = ErrorCards::Case;
using TlsProblem = ErrorCards::TlsProblem;

QString where(const ApiError &error)
{
    const QString host = error.host.trimmed();
    return host.isEmpty() ? QCoreApplication::translate("ErrorWords", "the server") : host;
}

QString tlsTitle(TlsProblem problem)
{
    switch (problem) {
    case TlsProblem::UntrustedIssuer:
        return QCoreApplication::translate("ErrorWords", "The server's certificate is not trusted");
    case TlsProblem::NameMismatch:
        return QCoreApplication::translate("ErrorWords", "The certificate is for another server");
    case TlsProblem::Expired:
        return QCoreApplication::translate("ErrorWords", "The server's certificate has expired");
    case TlsProblem::Handshake:
    case TlsProblem::None:
        break;
    }
    return {}; // the kind's own words
}

QString tlsExplanation(const ApiError &error, TlsProblem problem)
{
    switch (problem) {
    case TlsProblem::UntrustedIssuer:
        return QCoreApplication::translate(
                       "ErrorWords",
                       "The certificate of %1 was not issued by an authority this computer trusts "
                       "(it may be self-signed). Nothing was sent. If you run this server, give it "
                       "a "
                       "certificate this computer trusts; otherwise check the address in Settings.")
                .arg(where(error));
    case TlsProblem::NameMismatch:
        return QCoreApplication::translate(
                       "ErrorWords",
                       "The certificate %1 presented was issued for a different name, so it may "
                       "not be the server you meant. Nothing was sent. Check the address in "
                       "Settings.")
                .arg(where(error));
    case TlsProblem::Expired:
        return QCoreApplication::translate(
                       "ErrorWords",
                       "The certificate of %1 has expired or is not valid yet. Nothing was sent. "
                       "Check this computer's date and time, or ask the server's owner to renew "
                       "it.")
                .arg(where(error));
    case TlsProblem::Handshake:
    case TlsProblem::None:
        break;
    }
    return {}; // the kind's own words
}

} // namespace

QString title(const ApiError &error, const CardFacts &facts)
{
    if (error.kind == ApiError::Kind::Tls)
        return tlsTitle(facts.tls);
    switch (facts.cardCase) {
    case Case::CutOff:
        // English has no catalogue of its own, so "1 word(s)" would show: one word is said
        // apart; the other counts use the translation's plural forms.
        if (facts.cutOffWords == 1)
            return QCoreApplication::translate("ErrorWords",
                                               "The reply was cut off after one word");
        return QCoreApplication::translate("ErrorWords", "The reply was cut off after %n words",
                                           "the words of the reply that were kept",
                                           facts.cutOffWords);
    case Case::ContextTooLong:
        return QCoreApplication::translate("ErrorWords", "Context too long");
    case Case::NoModel:
        return QCoreApplication::translate("ErrorWords", "Choose a model");
    case Case::NoKey:
        return QCoreApplication::translate("ErrorWords", "Add your API key");
    case Case::BillingPage:
    case Case::Plain:
        break;
    }
    return {};
}

QString explanation(const ApiError &error, const CardFacts &facts)
{
    if (error.kind == ApiError::Kind::Tls)
        return tlsExplanation(error, facts.tls);
    switch (facts.cardCase) {
    case Case::CutOff:
        if (error.kind == ApiError::Kind::StreamInterrupted)
            return QCoreApplication::translate(
                    "ErrorWords",
                    "The connection ended before the reply was complete. What arrived is "
                    "kept: continue from it, or regenerate the whole reply.");
        if (error.timeoutAfter > std::chrono::milliseconds{0})
            return QCoreApplication::translate(
                           "ErrorWords",
                           "The server sent nothing for %1 in the middle of the reply. What "
                           "arrived "
                           "is kept: continue from it, or regenerate the whole reply.")
                    .arg(durationText(error.timeoutAfter));
        return QCoreApplication::translate(
                "ErrorWords",
                "The server stopped sending in the middle of the reply. What arrived is "
                "kept: continue from it, or regenerate the whole reply.");
    case Case::ContextTooLong:
        return QCoreApplication::translate(
                "ErrorWords",
                "The conversation is longer than this model accepts. Shorten your message, "
                "or start a new conversation with it.");
    case Case::BillingPage:
        return QCoreApplication::translate(
                       "ErrorWords",
                       "Your account has no credit or has reached its spending limit. Check your "
                       "plan, credit and limits on the billing page of %1.")
                .arg(facts.billingUrl.host());
    case Case::NoModel:
        return QCoreApplication::translate(
                "ErrorWords",
                "No model is chosen, so nothing was sent. Choose one in the model box, then "
                "try again.");
    case Case::NoKey:
        return QCoreApplication::translate(
                       "ErrorWords",
                       "Nothing was sent: %1 needs an API key and none is set. Add your key in "
                       "Settings, then try again.")
                .arg(where(error));
    case Case::Plain:
        break;
    }
    return {};
}

} // namespace steadfast::ErrorWords::Cases
