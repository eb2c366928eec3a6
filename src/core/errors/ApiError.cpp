// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiError.h"

#include "core/EnumNames.h"
#include "core/errors/ErrorTraits.h"

#include <QMetaEnum>

using namespace Qt::StringLiterals;

namespace steadfast {

bool ApiError::isRetryableKind(Kind kind)
{
    return ErrorTraits::of(kind).retryable;
}

bool ApiError::isServiceFailure(Kind kind)
{
    return ErrorTraits::of(kind).serviceFailure;
}

bool ApiError::isContextOverflow() const
{
    static const QString code = u"context_length_exceeded"_s;
    return kind == Kind::BadRequest
            && (this->code.compare(code, Qt::CaseInsensitive) == 0
                || type.compare(code, Qt::CaseInsensitive) == 0
                || message.contains(u"maximum context length"_s, Qt::CaseInsensitive));
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
