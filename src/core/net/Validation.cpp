// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/Validation.h"

#include <QHostAddress>

#include <cmath>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr double MinTemperature = 0.0;
constexpr double MaxTemperature = 2.0;

bool isKnownRole(const QString &role)
{
    return role == "system"_L1 || role == "user"_L1 || role == "assistant"_L1;
}

// Adds the base URL's problems; returns true when the URL is usable (for the key check).
bool checkBaseUrl(const QUrl &url, QStringList &problems)
{
    if (url.isEmpty()) {
        problems.append(u"Set the base URL (for example https://api.openai.com/v1 or "
                        u"http://127.0.0.1:11434/v1)"_s);
        return false;
    }
    if (!url.isValid()) {
        // QUrl::errorString() quotes the whole URL, which may hold a password: not used.
        problems.append(u"The base URL is not a valid URL; check it for typos"_s);
        return false;
    }
    const QString scheme = url.scheme();
    if (scheme != "http"_L1 && scheme != "https"_L1) {
        problems.append(
                scheme.isEmpty()
                        ? u"The base URL must start with http:// or https://"_s
                        : u"The base URL must start with http:// or https:// (not %1:)"_s.arg(
                                scheme));
        return false;
    }
    if (url.host().isEmpty()) {
        problems.append(u"The base URL has no host name; use a URL such as "
                        u"http://127.0.0.1:11434/v1"_s);
        return false;
    }
    return true;
}

} // namespace

bool isLoopbackHost(const QString &host)
{
    QString name = host.trimmed().toLower();
    if (name.size() >= 2 && name.startsWith(u'[') && name.endsWith(u']'))
        name = name.sliced(1, name.size() - 2);
    if (name == "localhost"_L1 || name == "localhost."_L1)
        return true;
    QHostAddress address;
    return address.setAddress(name) && address.isLoopback();
}

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
            && (url.scheme() == u"http"_s || url.scheme() == u"https"_s);
}

QStringList validationProblems(const ChatRequest &request)
{
    QStringList problems;
    const bool urlUsable = checkBaseUrl(request.baseUrl, problems);

    if (request.model.trimmed().isEmpty())
        problems.append(u"Choose a model; the model name is empty"_s);

    if (request.messages.isEmpty())
        problems.append(u"Add at least one message"_s);
    for (qsizetype i = 0; i < request.messages.size(); ++i) {
        const ChatMessage &message = request.messages.at(i);
        const qsizetype number = i + 1; // as a person counts
        if (!isKnownRole(message.role)) {
            problems.append(
                    message.role.isEmpty()
                            ? u"Message %1 has no role; use system, user or assistant"_s.arg(number)
                            : u"Message %1 has the role \"%2\"; use system, user or "
                              u"assistant"_s.arg(number)
                                      .arg(message.role.left(40)));
        }
        if (message.content.trimmed().isEmpty())
            problems.append(u"Message %1 is empty; write some text"_s.arg(number));
    }

    if (request.temperature) {
        const double temperature = *request.temperature;
        if (std::isnan(temperature) || temperature < MinTemperature
            || temperature > MaxTemperature) {
            problems.append(u"Set the temperature between 0 and 2 (it is %1)"_s.arg(temperature));
        }
    }
    if (request.maxTokens && *request.maxTokens <= 0)
        problems.append(u"Set max tokens to more than 0 (it is %1)"_s.arg(*request.maxTokens));

    if (urlUsable && !request.apiKey.isEmpty() && request.baseUrl.scheme() == "http"_L1
        && !isLoopbackHost(request.baseUrl.host()) && !request.allowInsecureKey) {
        problems.append(
                u"The API key would be sent unencrypted over http to %1; use https, or "
                u"allow it explicitly with --allow-insecure-key"_s.arg(request.baseUrl.host()));
    }
    return problems;
}

std::optional<ApiError> validateRequest(const ChatRequest &request)
{
    const QStringList problems = validationProblems(request);
    if (problems.isEmpty())
        return std::nullopt;
    ApiError error;
    error.kind = ApiError::Kind::Validation;
    error.retryable = false;
    error.message = problems.join(u"; "_s);
    return error;
}

} // namespace steadfast
