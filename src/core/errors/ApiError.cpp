// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiError.h"

#include "core/EnumNames.h"

using namespace Qt::StringLiterals;

namespace steadfast {

bool ApiError::isRetryableKind(Kind kind)
{
    switch (kind) {
    case Kind::RateLimited:
    case Kind::Connection:
    case Kind::Timeout:
    case Kind::StreamStalled:
    case Kind::StreamInterrupted:
    case Kind::RequestTimeout:
    case Kind::Server:
    case Kind::InvalidResponse:
        return true;
    case Kind::None:
    case Kind::QuotaExceeded:
    case Kind::Authentication:
    case Kind::Permission:
    case Kind::NotFound:
    case Kind::Conflict:
    case Kind::BadRequest:
    case Kind::Unprocessable:
    case Kind::Tls:
    case Kind::Redirect:
    case Kind::Validation:
    case Kind::CircuitOpen:
    case Kind::Cancelled:
        return false;
    }
    return false;
}

bool ApiError::isServiceFailure(Kind kind)
{
    switch (kind) {
    case Kind::Connection:
    case Kind::Timeout:
    case Kind::StreamStalled:
    case Kind::StreamInterrupted:
    case Kind::Server:
    case Kind::InvalidResponse:
        return true;
    case Kind::None:
    case Kind::RateLimited:
    case Kind::QuotaExceeded:
    case Kind::RequestTimeout:
    case Kind::Authentication:
    case Kind::Permission:
    case Kind::NotFound:
    case Kind::Conflict:
    case Kind::BadRequest:
    case Kind::Unprocessable:
    case Kind::Tls:
    case Kind::Redirect:
    case Kind::Validation:
    case Kind::CircuitOpen:
    case Kind::Cancelled:
        return false;
    }
    return false;
}

QString ApiError::kindName(Kind kind)
{
    return enumName(kind);
}

QString ApiError::phaseName(TimeoutPhase phase)
{
    return enumName(phase);
}

QString ApiError::secondsText(std::chrono::milliseconds duration)
{
    return QString::number(double(duration.count()) / 1000.0, 'g', 6);
}

QString ApiError::summary() const
{
    QString text = kindName(kind);
    if (httpStatus > 0)
        text += u" (HTTP %1)"_s.arg(httpStatus);
    if (timeoutPhase != TimeoutPhase::None)
        text += u" (%1 after %2 ms)"_s.arg(phaseName(timeoutPhase)).arg(timeoutAfter.count());
    if (!message.isEmpty())
        text += u": "_s + message;
    if (!code.isEmpty())
        text += u" [code %1]"_s.arg(code);
    if (!requestId.isEmpty())
        text += u" [request %1]"_s.arg(requestId);
    return text;
}

} // namespace steadfast
