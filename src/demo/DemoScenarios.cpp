// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoScenarios.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace steadfast {

namespace {

using Steps = QList<FaultStep>;

/// The error bodies OpenAI sends, by their code: {code, type, message}.
const std::array<std::array<const char16_t *, 3>, 4> kOpenAiErrors{{
        {u"insufficient_quota", u"insufficient_quota",
         u"You exceeded your current quota, please check your plan and billing details."},
        {u"invalid_api_key", u"invalid_request_error",
         u"Incorrect API key provided: sk-demo***. You can find your API key at "
         u"https://platform.openai.com/account/api-keys."},
        {u"model_not_found", u"invalid_request_error",
         u"The model `gpt-9` does not exist or you do not have access to it."},
        {u"context_length_exceeded", u"invalid_request_error",
         u"This model's maximum context length is 8192 tokens. However, your messages resulted "
         u"in 9120 tokens."},
}};

/// A reply with this status and OpenAI's error body of this code.
Steps openAiError(int status, QStringView code)
{
    FaultStep step{.status = status};
    for (const auto &[errorCode, type, message] : kOpenAiErrors) {
        if (code == QStringView(errorCode)) {
            step.error = QJsonObject{{u"message"_s, QString::fromUtf16(message)},
                                     {u"type"_s, QString::fromUtf16(type)},
                                     {u"code"_s, QString::fromUtf16(errorCode)}};
        }
    }
    return {step};
}

/// A redirect from http to https on the same host is allowed (DESIGN.md, Security), so the
/// client follows it and starts a TLS handshake with a server that speaks plain HTTP: a real
/// handshake failure, which is never ignored and never retried. None without the demo's URL.
Steps tlsRedirect(const DemoTimings &timings)
{
    if (!timings.demoBaseUrl.isValid())
        return {};
    QUrl secure = timings.demoBaseUrl;
    secure.setScheme(u"https"_s);
    secure.setPath(secure.path() + u"/chat/completions"_s);
    return {{.status = 307, .headers = {{"Location", secure.toEncoded()}}}};
}

/// One scenario: its id, its words (QT_TRANSLATE_NOOP, so lupdate keeps their context), the
/// setting whose seconds fill the description's %1 (if any), and the steps it arms.
struct Row
{
    const char16_t *id;
    const char *label;
    const char *description;
    std::chrono::milliseconds DemoTimings::*seconds; // null: no %1 in the description
    bool separatorBefore;
    Steps (*steps)(const DemoTimings &); // empty: not offered with these timings
};

using T = const DemoTimings &;

// In menu order.
const Row kRows[] = {
        {u"rate-limit", QT_TRANSLATE_NOOP("DemoScenarios", "Rate limit (429, Retry-After 3 s)"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The next request is rate limited; the server asks to wait 3 s, then "
                           "it succeeds."),
         nullptr, false,
         [](T) {
             return Steps{{.status = 429, .headers = {{"Retry-After", "3"}}}};
         }},
        {u"rate-limit-long",
         QT_TRANSLATE_NOOP("DemoScenarios", "Rate limit with a long wait (1 h)"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The server asks to wait an hour; Steadfast asks you whether to wait."),
         nullptr, false,
         [](T) {
             return Steps{{.status = 429, .headers = {{"Retry-After", "3600"}}}};
         }},
        {u"server-error", QT_TRANSLATE_NOOP("DemoScenarios", "Server error once (503)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "The next request gets a 503, the retry succeeds."),
         nullptr, false, [](T) { return Steps{{.status = 503}}; }},
        {u"outage", QT_TRANSLATE_NOOP("DemoScenarios", "Outage (500s, opens the circuit breaker)"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "Every request fails with 500 until the breaker opens and its probe "
                           "fails too; the next probe after the cooldown succeeds."),
         nullptr, false,
         [](T timings) {
             return Steps{{.status = 500,
                           .repeat = std::max(timings.breakerThreshold, timings.maxRetries + 1)}};
         }},
        {u"connection-reset", QT_TRANSLATE_NOOP("DemoScenarios", "Connection reset"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The server drops the connection once; the retry succeeds."),
         nullptr, false, [](T) { return Steps{{.action = FaultStep::Action::Reset}}; }},
        {u"proxy-502", QT_TRANSLATE_NOOP("DemoScenarios", "HTML error page from a proxy (502)"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "A proxy answers with an HTML page instead of JSON; the retry "
                           "succeeds."),
         nullptr, false, [](T) { return Steps{{.status = 502, .html = true}}; }},
        {u"malformed", QT_TRANSLATE_NOOP("DemoScenarios", "Unreadable reply"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The server answers 200 with a body that is not a completion; the "
                           "retry succeeds."),
         nullptr, false, [](T) { return Steps{{.malformed = FaultStep::Malformed::NotJson}}; }},
        {u"quota", QT_TRANSLATE_NOOP("DemoScenarios", "Quota exhausted (429 insufficient_quota)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "Not retried: the account has no credit left."),
         nullptr, true, [](T) { return openAiError(429, u"insufficient_quota"); }},
        {u"timeout",
         QT_TRANSLATE_NOOP("DemoScenarios", "Timeout (no answer within the first-byte timeout)"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The server does not answer before the first-byte timeout (%1 s); the "
                           "retry succeeds."),
         &DemoTimings::firstByteTimeout, false,
         [](T timings) { return Steps{{.delay = timings.firstByteTimeout + 5s}}; }},
        {u"stall", QT_TRANSLATE_NOOP("DemoScenarios", "Stream stalls mid-reply"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The reply stops arriving; after the idle timeout (%1 s) it is "
                           "retried."),
         &DemoTimings::idleTimeout, false, [](T) { return Steps{{.stallAfterChunks = 6}}; }},
        {u"drop", QT_TRANSLATE_NOOP("DemoScenarios", "Stream dropped mid-reply"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The connection closes part way through the reply; it is retried."),
         nullptr, false, [](T) { return Steps{{.dropAfterChunks = 8}}; }},
        {u"drop-all", QT_TRANSLATE_NOOP("DemoScenarios", "Stream dropped on every attempt"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "Every attempt breaks part way: the partial reply stays, marked as "
                           "interrupted, with Continue and Regenerate."),
         nullptr, false,
         [](T timings) { return Steps{{.dropAfterChunks = 8, .repeat = timings.maxRetries + 1}}; }},
        {u"request-timeout", QT_TRANSLATE_NOOP("DemoScenarios", "Request timeout (408)"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The server gives up waiting for the request once; the retry "
                           "succeeds."),
         nullptr, false, [](T) { return Steps{{.status = 408}}; }},
        {u"key-rejected", QT_TRANSLATE_NOOP("DemoScenarios", "Key rejected (401)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "The server rejects the API key."), nullptr, true,
         [](T) { return openAiError(401, u"invalid_api_key"); }},
        {u"permission", QT_TRANSLATE_NOOP("DemoScenarios", "Permission denied (403)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "The key has no access to this model."), nullptr, false,
         [](T) { return Steps{{.status = 403}}; }},
        {u"model-not-found", QT_TRANSLATE_NOOP("DemoScenarios", "Model not found (404)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "The server does not know the model."), nullptr, false,
         [](T) { return openAiError(404, u"model_not_found"); }},
        {u"context-too-long", QT_TRANSLATE_NOOP("DemoScenarios", "Context too long (400)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "The conversation is longer than the model accepts."),
         nullptr, false, [](T) { return openAiError(400, u"context_length_exceeded"); }},
        {u"conflict", QT_TRANSLATE_NOOP("DemoScenarios", "Conflict (409)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "The server reports a conflict; not retried."), nullptr,
         false, [](T) { return Steps{{.status = 409}}; }},
        {u"unprocessable", QT_TRANSLATE_NOOP("DemoScenarios", "Unprocessable request (422)"),
         QT_TRANSLATE_NOOP("DemoScenarios", "The server cannot process the request; not retried."),
         nullptr, false, [](T) { return Steps{{.status = 422}}; }},
        {u"tls", QT_TRANSLATE_NOOP("DemoScenarios", "TLS handshake fails"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The server redirects to https on a port that does not speak TLS; the "
                           "secure connection cannot be made."),
         nullptr, false, tlsRedirect},
        {u"slow-start", QT_TRANSLATE_NOOP("DemoScenarios", "Slow start (a cold model, 8 s)"),
         QT_TRANSLATE_NOOP("DemoScenarios",
                           "The model takes 8 s to answer, as a local model does while it "
                           "loads."),
         nullptr, true, [](T) { return Steps{{.delay = 8s}}; }},
};

QString describe(const Row &row, const DemoTimings &timings)
{
    QString text = QCoreApplication::translate("DemoScenarios", row.description);
    if (row.seconds) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timings.*row.seconds);
        text = text.arg(seconds.count());
    }
    return text;
}

} // namespace

QList<DemoScenario> demoScenarios(const DemoTimings &timings)
{
    QList<DemoScenario> list;
    for (const Row &row : kRows) {
        Steps steps = row.steps(timings);
        if (steps.isEmpty())
            continue;
        list.append({QString::fromUtf16(row.id),
                     QCoreApplication::translate("DemoScenarios", row.label),
                     describe(row, timings), std::move(steps), row.separatorBefore});
    }
    return list;
}

} // namespace steadfast
