// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ErrorText.h"

#include "gui/ErrorCaseText.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE declares a function in the namespace it is used in, so it must be called
// from the global namespace.
static void initSteadfastResources()
{
    Q_INIT_RESOURCE(steadfast);
}

namespace steadfast {

void initGuiResources()
{
    static const bool done = [] {
        initSteadfastResources();
        return true;
    }();
    Q_UNUSED(done);
}

namespace ErrorText {

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

qint64 ceilDiv(qint64 value, qint64 divisor)
{
    return (value + divisor - 1) / divisor;
}

QString millisecondsWords(int n)
{
    return QCoreApplication::translate("ErrorText", "%n ms", "a duration in milliseconds", n);
}

QString secondsWords(int n)
{
    return QCoreApplication::translate("ErrorText", "%n s", "a duration in seconds", n);
}

QString minutesWords(int n)
{
    return QCoreApplication::translate("ErrorText", "%n min", "a duration in minutes", n);
}

QString hoursWords(int n)
{
    return QCoreApplication::translate("ErrorText", "%n h", "a duration in hours", n);
}

QString daysWords(int n)
{
    return QCoreApplication::translate("ErrorText", "%n d", "a duration in days", n);
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
        return QCoreApplication::translate("ErrorText", "No error");
    case Kind::RateLimited:
        return error.httpStatus > 0
                ? QCoreApplication::translate("ErrorText", "Rate limited by the server (%1)")
                          .arg(error.httpStatus)
                : QCoreApplication::translate("ErrorText", "Rate limited by the server");
    case Kind::QuotaExceeded:
        return QCoreApplication::translate("ErrorText", "Quota or billing limit reached");
    case Kind::Connection:
        return hostOf(error).isEmpty()
                ? QCoreApplication::translate("ErrorText", "Cannot reach the server")
                : QCoreApplication::translate("ErrorText", "Cannot reach %1").arg(hostOf(error));
    case Kind::Timeout:
        switch (error.timeoutPhase) {
        case ApiError::TimeoutPhase::Connect:
            return timed ? QCoreApplication::translate("ErrorText", "No connection within %1")
                                   .arg(durationText(error.timeoutAfter))
                         : QCoreApplication::translate("ErrorText", "The connection took too long");
        case ApiError::TimeoutPhase::FirstByte:
            return timed
                    ? QCoreApplication::translate("ErrorText", "The model did not answer within %1")
                              .arg(durationText(error.timeoutAfter))
                    : QCoreApplication::translate("ErrorText", "The model did not answer in time");
        case ApiError::TimeoutPhase::Idle:
            return timed ? QCoreApplication::translate("ErrorText", "The reply stopped for %1")
                                   .arg(durationText(error.timeoutAfter))
                         : QCoreApplication::translate("ErrorText", "The reply stopped");
        case ApiError::TimeoutPhase::Deadline:
            return timed
                    ? QCoreApplication::translate("ErrorText",
                                                  "The request did not finish within %1")
                              .arg(durationText(error.timeoutAfter))
                    : QCoreApplication::translate("ErrorText", "The request passed its deadline");
        case ApiError::TimeoutPhase::None:
            break;
        }
        return QCoreApplication::translate("ErrorText", "The request timed out");
    case Kind::StreamStalled:
        return QCoreApplication::translate("ErrorText", "The stream stalled");
    case Kind::StreamInterrupted:
        return QCoreApplication::translate("ErrorText", "The reply was cut off");
    case Kind::RequestTimeout:
        return QCoreApplication::translate("ErrorText",
                                           "The server timed out waiting for the request (%1)")
                .arg(statusOr(error, 408));
    case Kind::Server:
        return error.httpStatus > 0
                ? QCoreApplication::translate("ErrorText", "The service had an error (%1)")
                          .arg(error.httpStatus)
                : QCoreApplication::translate("ErrorText", "The service had an error");
    case Kind::InvalidResponse:
        return QCoreApplication::translate("ErrorText", "The server sent something unreadable");
    case Kind::Authentication:
        return QCoreApplication::translate("ErrorText", "The API key was rejected (%1)")
                .arg(statusOr(error, 401));
    case Kind::Permission:
        return QCoreApplication::translate("ErrorText", "Access denied (%1)")
                .arg(statusOr(error, 403));
    case Kind::NotFound:
        return QCoreApplication::translate("ErrorText", "Model or endpoint not found (%1)")
                .arg(statusOr(error, 404));
    case Kind::Conflict:
        return QCoreApplication::translate("ErrorText", "Conflict (%1)").arg(statusOr(error, 409));
    case Kind::BadRequest:
        return QCoreApplication::translate("ErrorText", "The request was rejected (%1)")
                .arg(statusOr(error, 400));
    case Kind::Unprocessable:
        return QCoreApplication::translate("ErrorText", "Unprocessable request (%1)")
                .arg(statusOr(error, 422));
    case Kind::Tls:
        return QCoreApplication::translate("ErrorText", "Secure connection failed");
    case Kind::Redirect:
        return QCoreApplication::translate("ErrorText", "Redirect refused");
    case Kind::Validation:
        return QCoreApplication::translate("ErrorText", "Check your message");
    case Kind::CircuitOpen:
        return QCoreApplication::translate("ErrorText", "Service paused");
    case Kind::Cancelled:
        return QCoreApplication::translate("ErrorText", "Stopped");
    }
    return QCoreApplication::translate("ErrorText", "Something went wrong");
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
        return QCoreApplication::translate("ErrorText", "Nothing went wrong.");
    case Kind::RateLimited:
        if (error.retryAfter)
            return QCoreApplication::translate(
                           "ErrorText",
                           "The server is receiving too many requests from you and asked to wait "
                           "%1. "
                           "Try again later, or check the rate limits of your plan.")
                    .arg(durationText(*error.retryAfter));
        return QCoreApplication::translate(
                "ErrorText",
                "The server is receiving too many requests from you. Wait a moment and try "
                "again, or check the rate limits of your plan.");
    case Kind::QuotaExceeded:
        if (hostOf(error).isEmpty())
            return QCoreApplication::translate(
                    "ErrorText",
                    "Your account has no credit or has reached its spending limit. Check your "
                    "plan, credit and spending limit with the provider.");
        return QCoreApplication::translate(
                       "ErrorText",
                       "Your account has no credit or has reached its spending limit. Check your "
                       "plan, credit and spending limit with the provider of %1.")
                .arg(hostOf(error));
    case Kind::Connection:
        if (hostOf(error).isEmpty())
            return QCoreApplication::translate(
                    "ErrorText",
                    "Steadfast could not connect to the server. Check that the server is "
                    "running and the address is right.");
        return QCoreApplication::translate("ErrorText",
                                           "Steadfast could not connect to %1. Check that the "
                                           "server is running and the "
                                           "address is right.")
                .arg(hostOf(error));
    case Kind::Timeout:
        switch (error.timeoutPhase) {
        case ApiError::TimeoutPhase::Connect:
            if (timed)
                return QCoreApplication::translate(
                               "ErrorText",
                               "Connecting to the server took longer than %1. Check your network "
                               "connection and that the server is reachable.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorText",
                    "Connecting to the server took too long. Check your network connection "
                    "and that the server is reachable.");
        case ApiError::TimeoutPhase::FirstByte:
            if (timed)
                return QCoreApplication::translate(
                               "ErrorText",
                               "The server took the request but sent nothing back for %1. A local "
                               "model may still be loading: try again, or allow more time in "
                               "Settings.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorText",
                    "The server took the request but sent nothing back in time. A local "
                    "model may still be loading: try again, or allow more time in Settings.");
        case ApiError::TimeoutPhase::Idle:
            if (timed)
                return QCoreApplication::translate(
                               "ErrorText",
                               "The server stopped sending in the middle of the reply and sent "
                               "nothing for %1. Try again.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorText",
                    "The server stopped sending in the middle of the reply. Try again.");
        case ApiError::TimeoutPhase::Deadline:
            if (timed)
                return QCoreApplication::translate("ErrorText",
                                                   "The whole exchange took longer than the "
                                                   "overall deadline of %1. Try "
                                                   "again, or allow more time in Settings.")
                        .arg(limit);
            return QCoreApplication::translate(
                    "ErrorText",
                    "The whole exchange took longer than the overall deadline. Try again, or "
                    "allow more time in Settings.");
        case ApiError::TimeoutPhase::None:
            break;
        }
        return QCoreApplication::translate("ErrorText",
                                           "The server took too long to answer. Try again.");
    case Kind::StreamStalled:
        if (timed)
            return QCoreApplication::translate(
                           "ErrorText",
                           "The server sent nothing for %1 in the middle of the reply. The text "
                           "received so far is kept; try again.")
                    .arg(limit);
        return QCoreApplication::translate(
                "ErrorText",
                "The server stopped sending in the middle of the reply. The text received so "
                "far is kept; try again.");
    case Kind::StreamInterrupted:
        return QCoreApplication::translate(
                "ErrorText",
                "The connection ended before the reply was complete. The text received so far "
                "is kept; try again.");
    case Kind::RequestTimeout:
        return QCoreApplication::translate(
                "ErrorText", "The server gave up waiting for the request to arrive. Try again.");
    case Kind::Server:
        return QCoreApplication::translate(
                "ErrorText",
                "The server reported a problem on its side. This is usually temporary: try "
                "again in a moment.");
    case Kind::InvalidResponse:
        return QCoreApplication::translate(
                "ErrorText",
                "The reply was not a chat completion Steadfast can read. The server may be "
                "overloaded or not OpenAI-compatible; try again, or check the address in "
                "Settings.");
    case Kind::Authentication:
        return QCoreApplication::translate(
                "ErrorText", "The server did not accept the API key. Check the key in Settings.");
    case Kind::Permission:
        return QCoreApplication::translate(
                "ErrorText",
                "The API key was accepted but has no access to this model or feature. Check "
                "the key's permissions in Settings, or choose another model.");
    case Kind::NotFound:
        return QCoreApplication::translate(
                "ErrorText",
                "The model may not exist, or this key may not have access to it. Choose "
                "another model.");
    case Kind::Conflict:
        return QCoreApplication::translate(
                "ErrorText", "The server reported a conflict with another request. Try again.");
    case Kind::BadRequest:
        return QCoreApplication::translate(
                "ErrorText",
                "The server could not accept this request. Read what it said, edit your "
                "message and send it again.");
    case Kind::Unprocessable:
        return QCoreApplication::translate(
                "ErrorText",
                "The server understood the request but could not process it. Read what it "
                "said and edit your message.");
    case Kind::Tls:
        return QCoreApplication::translate(
                       "ErrorText",
                       "The secure (TLS) connection to %1 could not be set up: the server may not "
                       "speak TLS at this address (a local server often uses http://). Nothing "
                       "was sent. Steadfast never ignores this: check the address in Settings.")
                .arg(hostOf(error).isEmpty()
                             ? QCoreApplication::translate("ErrorText", "the server")
                             : hostOf(error));
    case Kind::Redirect:
        if (error.redirectTarget.isEmpty())
            return QCoreApplication::translate(
                    "ErrorText",
                    "The server redirected the request to another address. Steadfast does not "
                    "send your key or conversation to a server you did not choose: check the "
                    "address in Settings.");
        return QCoreApplication::translate("ErrorText",
                                           "The server redirected the request to %1. Steadfast "
                                           "does not send your key or "
                                           "conversation to a server you did not choose: check the "
                                           "address in Settings.")
                .arg(error.redirectTarget);
    case Kind::Validation:
        return QCoreApplication::translate(
                "ErrorText",
                "The message was not sent because something needs fixing first. The details "
                "say what.");
    case Kind::CircuitOpen:
        if (error.retryAfter && *error.retryAfter > milliseconds{0})
            return QCoreApplication::translate("ErrorText",
                                               "After repeated failures Steadfast paused requests "
                                               "to this server. It will "
                                               "try again in %1.")
                    .arg(durationText(*error.retryAfter));
        return QCoreApplication::translate(
                "ErrorText",
                "Requests to this server are paused, after repeated failures or by you. "
                "Resume or reset it from the connection status in the status bar.");
    case Kind::Cancelled:
        return QCoreApplication::translate(
                "ErrorText",
                "You stopped the request. Your message is kept: send it again when you are "
                "ready.");
    }
    return QCoreApplication::translate("ErrorText", "Something went wrong. Try again.");
}

QString retryReason(const ApiError &error)
{
    if (error.kind == ApiError::Kind::Timeout && error.timeoutAfter > milliseconds{0}) {
        const QString limit = durationText(error.timeoutAfter);
        switch (error.timeoutPhase) {
        case ApiError::TimeoutPhase::Connect:
            return QCoreApplication::translate("ErrorText", "No connection within %1").arg(limit);
        case ApiError::TimeoutPhase::FirstByte:
            return QCoreApplication::translate("ErrorText",
                                               "The first byte did not arrive within %1")
                    .arg(limit);
        case ApiError::TimeoutPhase::Idle:
            return QCoreApplication::translate("ErrorText", "No data arrived for %1").arg(limit);
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
        return QCoreApplication::translate("ErrorText", "Open Settings");
    case Action::ChooseModel:
        return QCoreApplication::translate("ErrorText", "Choose another model");
    case Action::EditMessage:
        return QCoreApplication::translate("ErrorText", "Edit message");
    case Action::TryAgain:
        return QCoreApplication::translate("ErrorText", "Try again");
    case Action::Wait:
        return QCoreApplication::translate("ErrorText", "Wait");
    case Action::Continue:
        return QCoreApplication::translate("ErrorText", "Continue");
    case Action::Regenerate:
        return QCoreApplication::translate("ErrorText", "Regenerate");
    case Action::NewConversation:
        return QCoreApplication::translate("ErrorText", "New conversation");
    case Action::AddKey:
        return QCoreApplication::translate("ErrorText", "Add your key");
    case Action::OpenBillingPage:
        return QCoreApplication::translate("ErrorText", "Open billing page");
    case Action::SendWhenBack:
        return QCoreApplication::translate("ErrorText", "Send when the service is back");
    }
    return {};
}

QString actionLabel(Action action, const CardFacts &facts)
{
    if (action == Action::ChooseModel && facts.cardCase == ErrorCards::Case::NoModel)
        return QCoreApplication::translate("ErrorText", "Choose a model");
    return actionLabel(action);
}

QString actionName(Action action)
{
    return ErrorCards::actionName(action);
}

QString durationText(milliseconds duration)
{
    // Each unit's words come from one function that takes a plain int: Qt 6.4's lupdate
    // hangs on a translate() argument like int(a / b).
    const qint64 ms = duration.count();
    if (ms <= 0)
        return secondsWords(0);
    if (ms < 1000)
        return millisecondsWords(int(ms));
    const qint64 seconds = ceilDiv(ms, 1000);
    if (seconds < 60)
        return secondsWords(int(seconds));
    if (seconds < 600) { // under ten minutes the seconds still matter: 1 min 30 s
        const QString minutes = minutesWords(int(seconds / 60));
        if (seconds % 60 == 0)
            return minutes;
        return QCoreApplication::translate("ErrorText", "%1 %2",
                                           "a duration: minutes, then seconds (1 min 30 s)")
                .arg(minutes, secondsWords(int(seconds % 60)));
    }
    const qint64 minutes = ceilDiv(seconds, 60);
    if (minutes < 60)
        return minutesWords(int(minutes));
    if (minutes < 24 * 60) {
        const QString hours = hoursWords(int(minutes / 60));
        if (minutes % 60 == 0)
            return hours;
        return QCoreApplication::translate("ErrorText", "%1 %2",
                                           "a duration: hours, then minutes (1 h 5 min)")
                .arg(hours, minutesWords(int(minutes % 60)));
    }
    const qint64 hours = ceilDiv(minutes, 60);
    // Server hints are clamped to ten years (ErrorClassifier::maxRetryHint): the days fit.
    const QString days = daysWords(int(std::min<qint64>(hours / 24, 1 << 30)));
    if (hours % 24 == 0)
        return days;
    return QCoreApplication::translate("ErrorText", "%1 %2",
                                       "a duration: days, then hours (2 d 3 h)")
            .arg(days, hoursWords(int(hours % 24)));
}

QString secondsText(milliseconds duration)
{
    const qint64 seconds = duration.count() <= 0 ? 0 : ceilDiv(duration.count(), 1000);
    return durationText(milliseconds{seconds * 1000});
}

QString countdownText(milliseconds duration)
{
    const qint64 total = duration.count() <= 0 ? 0 : ceilDiv(duration.count(), 1000);
    // Server hints are clamped to ten years (ErrorClassifier::maxRetryHint): the days fit.
    const int days = int(std::min<qint64>(total / 86400, 1 << 30));
    const int hours = int(total / 3600 % 24);
    const int minutes = int(total / 60 % 60);
    QString text = secondsWords(int(total % 60));
    const auto before = [&text](const QString &unit) {
        text = QCoreApplication::translate("ErrorText", "%1 %2",
                                           "a countdown: a larger unit, then the rest "
                                           "(1 h 2 min 5 s)")
                       .arg(unit, text);
    };
    if (total >= 60)
        before(minutesWords(minutes));
    if (total >= 3600)
        before(hoursWords(hours));
    if (total >= 86400)
        before(daysWords(days));
    return text;
}

Severity severity(const ApiError &error)
{
    using Kind = ApiError::Kind;
    switch (error.kind) {
    case Kind::None:
    case Kind::Cancelled:
        return Severity::Information;
    case Kind::RateLimited:
    case Kind::Validation:
    case Kind::CircuitOpen:
        return Severity::Warning;
    case Kind::QuotaExceeded:
    case Kind::Connection:
    case Kind::Timeout:
    case Kind::StreamStalled:
    case Kind::StreamInterrupted:
    case Kind::RequestTimeout:
    case Kind::Server:
    case Kind::InvalidResponse:
    case Kind::Authentication:
    case Kind::Permission:
    case Kind::NotFound:
    case Kind::Conflict:
    case Kind::BadRequest:
    case Kind::Unprocessable:
    case Kind::Tls:
    case Kind::Redirect:
        return Severity::Error;
    }
    return Severity::Error;
}

QString iconPath(Severity severity)
{
    switch (severity) {
    case Severity::Information:
        return u":/icons/info.svg"_s;
    case Severity::Warning:
        return u":/icons/warning.svg"_s;
    case Severity::Error:
        return u":/icons/error.svg"_s;
    }
    return u":/icons/error.svg"_s;
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Information:
        return QCoreApplication::translate("ErrorText", "Information");
    case Severity::Warning:
        return QCoreApplication::translate("ErrorText", "Warning");
    case Severity::Error:
        return QCoreApplication::translate("ErrorText", "Error");
    }
    return QCoreApplication::translate("ErrorText", "Error");
}

} // namespace ErrorText

} // namespace steadfast
