// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HttpPolicy.h"

using namespace Qt::StringLiterals;

namespace steadfast::HttpPolicy {

QString hostOf(const QUrl &url)
{
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
}

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isRedirectAllowed(const QUrl &from, const QUrl &to)
{
    if (from.host().compare(to.host(), Qt::CaseInsensitive) != 0)
        return false;
    const auto defaultPort = [](const QUrl &url) { return url.scheme() == u"https" ? 443 : 80; };
    if (from.scheme() == to.scheme())
        return from.port(defaultPort(from)) == to.port(defaultPort(to));
    return from.scheme() == u"http" && to.scheme() == u"https";
}

ApiError localError(ApiError::Kind kind, const QString &message, const QString &host)
{
    ApiError error;
    error.kind = kind;
    error.message = message;
    error.host = host;
    error.retryable = ApiError::isRetryableKind(kind);
    return error;
}

} // namespace steadfast::HttpPolicy
