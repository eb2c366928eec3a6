// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorWords.h"

#include "core/errors/ErrorCaseWords.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace ErrorWords {

namespace {

using std::chrono::milliseconds;

/// The status the server sent, or the one the kind implies when the error carries none.
int statusOr(const ApiError &error, int fallback)
{
    return error.httpStatus > 0 ? error.httpStatus : fallback;
}

QString hostOf(const ApiError &error)
{
    return error.host.trimmed();
}

} // namespace

QString title(const ApiError &error)
{
    return title(error, ErrorCards::facts(error));
}

QString title(const ApiError &error, const CardFacts &facts)
{
    if (QString words = Cases::title(error, facts); !words.isEmpty())
        return words;
    using Kind = ApiError::Kind;
    const bool timed = error.timeoutAfter > milliseconds{0};
    switch (error.kind) {
    case Kind::None:
        return QCoreApplication::translate("ErrorWords", "No error");
    case Kind::RateLimited:
        return error.httpStatus > 0
                ? QCoreApplication::translate("ErrorWords", "Rate limited by the server (%1)")
                          .arg(error.httpStatus)
                : QCoreApplication::translate("ErrorWords", "Rate limited by the server");
    case Kind::QuotaExceeded:
        return QCoreApplication::translate("ErrorWords", "Quota or billing limit reached");
    case Kind::Connection:
        return hostOf(error).isEmpty()
                ? QCoreApplication::translate("ErrorWords", "Cannot reach the server")
                : QCoreApplication::translate("ErrorWords", "Cannot reach %1").arg(hostOf(error));
    case Kind::Timeout:
        switch (error.timeoutPhase) {
        case ApiError::TimeoutPhase::Connect:
            return timed
                    ? QCoreApplication::translate("ErrorWords", "No connection within %1")
                              .arg(durationText(error.timeoutAfter))
                    : QCoreApplication::translate("ErrorWords", "The connection took too long");
        case ApiError::TimeoutPhase::FirstByte:
            return timed
                    ? QCoreApplication::translate("ErrorWords",
                                                  "The model did not answer within %1")
                              .arg(durationText(error.timeoutAfter))
                    : QCoreApplication::translate("ErrorWords", "The model did not answer in time");
        case ApiError::TimeoutPhase::Idle:
            return timed ? QCoreApplication::translate("ErrorWords", "The reply stopped for %1")
                                   .arg(durationText(error.timeoutAfter))
                         : QCoreApplication::translate("ErrorWords", "The reply stopped");
        case ApiError::TimeoutPhase::Deadline:
            return timed
                    ? QCoreApplication::translate("ErrorWords",
                                                  "The request did not finish within %1")
                              .arg(durationText(error.timeoutAfter))
                    : QCoreApplication::translate("ErrorWords", "The request passed its deadline");
        case ApiError::TimeoutPhase::None:
            break;
        }
        return QCoreApplication::translate("ErrorWords", "The request timed out");
    case Kind::StreamStalled:
        return QCoreApplication::translate("ErrorWords", "The stream stalled");
    case Kind::StreamInterrupted:
        return QCoreApplication::translate("ErrorWords", "The reply was cut off");
    case Kind::RequestTimeout:
        return QCoreApplication::translate("ErrorWords",
                                           "The server timed out waiting for the request (%1)")
                .arg(statusOr(error, 408));
    case Kind::Server:
        return error.httpStatus > 0
                ? QCoreApplication::translate("ErrorWords", "The service had an error (%1)")
                          .arg(error.httpStatus)
                : QCoreApplication::translate("ErrorWords", "The service had an error");
    case Kind::InvalidResponse:
        return QCoreApplication::translate("ErrorWords", "The server sent something unreadable");
    case Kind::Authentication:
        return QCoreApplication::translate("ErrorWords", "The API key was rejected (%1)")
                .arg(statusOr(error, 401));
    case Kind::Permission:
        return QCoreApplication::translate("ErrorWords", "Access denied (%1)")
                .arg(statusOr(error, 403));
    case Kind::NotFound:
        return QCoreApplication::translate("ErrorWords", "Model or endpoint not found (%1)")
                .arg(statusOr(error, 404));
    case Kind::Conflict:
        return QCoreApplication::translate("ErrorWords", "Conflict (%1)").arg(statusOr(error, 409));
    case Kind::BadRequest:
        return QCoreApplication::translate("ErrorWords", "The request was rejected (%1)")
                .arg(statusOr(error, 400));
    case Kind::Unprocessable:
        return QCoreApplication::translate("ErrorWords", "Unprocessable request (%1)")
                .arg(statusOr(error, 422));
    case Kind::Tls:
        return QCoreApplication::translate("ErrorWords", "Secure connection failed");
    case Kind::ProxyAuthentication:
        return QCoreApplication::translate("ErrorWords", "The proxy asks for a login (%1)")
                .arg(statusOr(error, 407));
    case Kind::Redirect:
        return QCoreApplication::translate("ErrorWords", "Redirect refused");
    case Kind::Validation:
        return QCoreApplication::translate("ErrorWords", "Check your message");
    case Kind::CircuitOpen:
        return QCoreApplication::translate("ErrorWords", "Service paused");
    case Kind::Cancelled:
        return QCoreApplication::translate("ErrorWords", "Stopped");
    }
    return QCoreApplication::translate("ErrorWords", "Something went wrong");
}

QString explanation(const ApiError &error)
{
    return explanation(error, ErrorCards::facts(error));
}

QString explanation(const ApiError &error, const CardFacts &facts)
{
    if (QString words = Cases::explanation(error, facts); !words.isEmpty())
        return words;
    using Kind = ApiError::Kind;
    const bool timed = error.timeoutAfter > milliseconds{0};
    const QString limit = durationText(error.timeoutAfter);
    switch (error.kind) {
    case Kind::None:
        return QCoreApplication::translate("ErrorWords", "Nothing went wrong.");
    case Kind::RateLimited:
        if (error.retryAfter)
            return QCoreApplication::translate(
                           "ErrorWords",
                           "The server is receiving too many requests from you and asked to wait "
                           "%1. "
                           "Try again later, or check the rate limits of your plan.")
                    .arg(durationText(*error.retryAfter));
        return QCoreApplication::translate(
                "ErrorWords",
                "The server is receiving too many requests from you. Wait a moment and try "
                "again, or check the rate limits of your plan.");
    case Kind::QuotaExceeded:
        if (hostOf(error).isEmpty())
            return QCoreApplication::translate(
                    "ErrorWords",
                    "Your account has no credit or has reached its spending limit. Check your "
                    "plan, credit and spending limit with the provider.");
        return QCoreApplication::translate(
                       "ErrorWords",
                       "Your account has no credit or has reached its spending limit. Check your "
                       "plan, credit and spending limit with the provider of %1.")
                .arg(hostOf(error));
    case Kind::Connection:
        if (hostOf(error).isEmpty())
            return QCoreApplication::translate(
                    "ErrorWords",
                    "Steadfast could not connect to the server. Check that the server is "
                    "running and the address is right.");
        return QCoreApplication::translate("ErrorWords",
                                           "Steadfast could not connect to %1. Check that the "
                                           "server is running and the "
                                           "address is right.")
                .arg(hostOf(error));
    case Kind::Timeout:
        switch (error.timeoutPhase) {
        case ApiError::TimeoutPhase::Connect:
            if (timed)
                return QCoreApplication::translate(
                               "ErrorWords",
                               "Connecting to the server took longer than %1. Check your network "
                               "connection and that the server is reachable.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorWords",
                    "Connecting to the server took too long. Check your network connection "
                    "and that the server is reachable.");
        case ApiError::TimeoutPhase::FirstByte:
            if (timed)
                return QCoreApplication::translate(
                               "ErrorWords",
                               "The server took the request but sent nothing back for %1. A local "
                               "model may still be loading: try again, or allow more time in "
                               "Settings.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorWords",
                    "The server took the request but sent nothing back in time. A local "
                    "model may still be loading: try again, or allow more time in Settings.");
        case ApiError::TimeoutPhase::Idle:
            if (timed)
                return QCoreApplication::translate(
                               "ErrorWords",
                               "The server stopped sending in the middle of the reply and sent "
                               "nothing for %1. Try again.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorWords",
                    "The server stopped sending in the middle of the reply. Try again.");
        case ApiError::TimeoutPhase::Deadline:
            if (timed)
                return QCoreApplication::translate("ErrorWords",
                                                   "The whole exchange took longer than the "
                                                   "overall deadline of %1. Try "
                                                   "again, or allow more time in Settings.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorWords",
                    "The whole exchange took longer than the overall deadline. Try again, or "
                    "allow more time in Settings.");
        case ApiError::TimeoutPhase::None:
            break;
        }
        return QCoreApplication::translate("ErrorWords",
                                           "The server took too long to answer. Try again.");
    case Kind::StreamStalled:
        if (timed)
            return QCoreApplication::translate(
                           "ErrorWords",
                           "The server sent nothing for %1 in the middle of the reply. The text "
                           "received so far is kept; try again.")
                    .arg(limit);
        return QCoreApplication::translate(
                "ErrorWords",
                "The server stopped sending in the middle of the reply. The text received so "
                "far is kept; try again.");
    case Kind::StreamInterrupted:
        return QCoreApplication::translate(
                "ErrorWords",
                "The connection ended before the reply was complete. The text received so far "
                "is kept; try again.");
    case Kind::RequestTimeout:
        return QCoreApplication::translate(
                "ErrorWords", "The server gave up waiting for the request to arrive. Try again.");
    case Kind::Server:
        return QCoreApplication::translate(
                "ErrorWords",
                "The server reported a problem on its side. This is usually temporary: try "
                "again in a moment.");
    case Kind::InvalidResponse:
        return QCoreApplication::translate(
                "ErrorWords",
                "The reply was not a chat completion Steadfast can read. The server may be "
                "overloaded or not OpenAI-compatible; try again, or check the address in "
                "Settings.");
    case Kind::Authentication:
        return QCoreApplication::translate(
                "ErrorWords", "The server did not accept the API key. Check the key in Settings.");
    case Kind::Permission:
        return QCoreApplication::translate(
                "ErrorWords",
                "The API key was accepted but has no access to this model or feature. Check "
                "the key's permissions in Settings, or choose another model.");
    case Kind::NotFound:
        return QCoreApplication::translate(
                "ErrorWords",
                "The model may not exist, or this key may not have access to it. Choose "
                "another model.");
    case Kind::Conflict:
        return QCoreApplication::translate(
                "ErrorWords", "The server reported a conflict with another request. Try again.");
    case Kind::BadRequest:
        return QCoreApplication::translate(
                "ErrorWords",
                "The server could not accept this request. Read what it said, edit your "
                "message and send it again.");
    case Kind::Unprocessable:
        return QCoreApplication::translate(
                "ErrorWords",
                "The server understood the request but could not process it. Read what it "
                "said and edit your message.");
    case Kind::Tls:
        return QCoreApplication::translate(
                       "ErrorWords",
                       "The secure (TLS) connection to %1 could not be set up: the server may not "
                       "speak TLS at this address (a local server often uses http://). Nothing "
                       "was sent. Steadfast never ignores this: check the address in Settings.")
                .arg(hostOf(error).isEmpty()
                             ? QCoreApplication::translate("ErrorWords", "the server")
                             : hostOf(error));
    case Kind::ProxyAuthentication:
        return QCoreApplication::translate(
                "ErrorWords",
                "The proxy between Steadfast and the server asks for a user name and password, "
                "so the request did not get through. Check the proxy in Settings.");
    case Kind::Redirect:
        if (error.redirectTarget.isEmpty())
            return QCoreApplication::translate(
                    "ErrorWords",
                    "The server redirected the request to another address. Steadfast does not "
                    "send your key or conversation to a server you did not choose: check the "
                    "address in Settings.");
        return QCoreApplication::translate("ErrorWords",
                                           "The server redirected the request to %1. Steadfast "
                                           "does not send your key or "
                                           "conversation to a server you did not choose: check the "
                                           "address in Settings.")
                .arg(error.redirectTarget);
    case Kind::Validation:
        return QCoreApplication::translate(
                "ErrorWords",
                "The message was not sent because something needs fixing first. The details "
                "say what.");
    case Kind::CircuitOpen:
        if (error.retryAfter && *error.retryAfter > milliseconds{0})
            return QCoreApplication::translate("ErrorWords",
                                               "After repeated failures Steadfast paused requests "
                                               "to this server. It will "
                                               "try again in %1.")
                    .arg(durationText(*error.retryAfter));
        return QCoreApplication::translate(
                "ErrorWords",
                "Requests to this server are paused, after repeated failures or by you. "
                "Resume or reset it from the connection status in the status bar.");
    case Kind::Cancelled:
        return QCoreApplication::translate(
                "ErrorWords",
                "You stopped the request. Your message is kept: send it again when you are "
                "ready.");
    }
    return QCoreApplication::translate("ErrorWords", "Something went wrong. Try again.");
}

QString retryReason(const ApiError &error)
{
    if (error.kind == ApiError::Kind::Timeout && error.timeoutAfter > milliseconds{0}) {
        const QString limit = durationText(error.timeoutAfter);
        switch (error.timeoutPhase) {
        case ApiError::TimeoutPhase::Connect:
            return QCoreApplication::translate("ErrorWords", "No connection within %1").arg(limit);
        case ApiError::TimeoutPhase::FirstByte:
            return QCoreApplication::translate("ErrorWords",
                                               "The first byte did not arrive within %1")
                    .arg(limit);
        case ApiError::TimeoutPhase::Idle:
            return QCoreApplication::translate("ErrorWords", "No data arrived for %1").arg(limit);
        case ApiError::TimeoutPhase::Deadline:
        case ApiError::TimeoutPhase::None:
            break;
        }
    }
    return title(error);
}

QString actionLabel(Action action)
{
    switch (action) {
    case Action::None:
        return {};
    case Action::OpenSettings:
        return QCoreApplication::translate("ErrorWords", "Open Settings");
    case Action::ChooseModel:
        return QCoreApplication::translate("ErrorWords", "Choose another model");
    case Action::EditMessage:
        return QCoreApplication::translate("ErrorWords", "Edit message");
    case Action::TryAgain:
        return QCoreApplication::translate("ErrorWords", "Try again");
    case Action::Wait:
        return QCoreApplication::translate("ErrorWords", "Wait");
    case Action::Continue:
        return QCoreApplication::translate("ErrorWords", "Continue");
    case Action::Regenerate:
        return QCoreApplication::translate("ErrorWords", "Regenerate");
    case Action::NewConversation:
        return QCoreApplication::translate("ErrorWords", "New conversation");
    case Action::AddKey:
        return QCoreApplication::translate("ErrorWords", "Add your key");
    case Action::OpenBillingPage:
        return QCoreApplication::translate("ErrorWords", "Open billing page");
    case Action::SendWhenBack:
        return QCoreApplication::translate("ErrorWords", "Send when the service is back");
    }
    return {};
}

QString actionLabel(Action action, const CardFacts &facts)
{
    if (action == Action::ChooseModel && facts.cardCase == ErrorCards::Case::NoModel)
        return QCoreApplication::translate("ErrorWords", "Choose a model");
    return actionLabel(action);
}

QString attentionText(Attention attention)
{
    switch (attention) {
    case Attention::Key:
        return QCoreApplication::translate("ErrorWords", "key rejected");
    case Attention::Access:
        return QCoreApplication::translate("ErrorWords", "no access");
    case Attention::Quota:
        return QCoreApplication::translate("ErrorWords", "quota used up");
    case Attention::Certificate:
        return QCoreApplication::translate("ErrorWords", "certificate problem");
    case Attention::Address:
        return QCoreApplication::translate("ErrorWords", "address redirected");
    case Attention::Model:
        return QCoreApplication::translate("ErrorWords", "model not found");
    case Attention::Proxy:
        return QCoreApplication::translate("ErrorWords", "proxy login needed");
    case Attention::None:
        break;
    }
    return {};
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Information:
        return QCoreApplication::translate("ErrorWords", "Information");
    case Severity::Warning:
        return QCoreApplication::translate("ErrorWords", "Warning");
    case Severity::Error:
        return QCoreApplication::translate("ErrorWords", "Error");
    }
    return QCoreApplication::translate("ErrorWords", "Error");
}

} // namespace ErrorWords

} // namespace steadfast
