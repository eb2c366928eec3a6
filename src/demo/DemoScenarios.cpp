// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/DemoScenarios.h"

#include <QCoreApplication>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace steadfast {

namespace {

QJsonObject openAiError(const QString &message, const QString &type, const QString &code)
{
    return QJsonObject{{u"message"_s, message}, {u"type"_s, type}, {u"code"_s, code}};
}

} // namespace

QStringList demoSeparatorsBefore()
{
    return {u"quota"_s, u"key-rejected"_s, u"slow-start"_s};
}

QList<DemoScenario> demoScenarios(const DemoTimings &timings)
{
    QList<DemoScenario> list;

    FaultStep rateLimited;
    rateLimited.status = 429;
    rateLimited.headers = {{"Retry-After", "3"}};
    list.append({u"rate-limit"_s,
                 QCoreApplication::translate("DemoScenarios", "Rate limit (429, Retry-After 3 s)"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "The next request is rate limited; the server asks to wait 3 s, then it "
                         "succeeds."),
                 {rateLimited}});

    FaultStep longWait = rateLimited;
    longWait.headers = {{"Retry-After", "3600"}};
    list.append({u"rate-limit-long"_s,
                 QCoreApplication::translate("DemoScenarios", "Rate limit with a long wait (1 h)"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "The server asks to wait an hour; Steadfast asks you whether to wait."),
                 {longWait}});

    FaultStep serverError;
    serverError.status = 503;
    list.append({u"server-error"_s,
                 QCoreApplication::translate("DemoScenarios", "Server error once (503)"),
                 QCoreApplication::translate("DemoScenarios",
                                             "The next request gets a 503, the retry succeeds."),
                 {serverError}});

    FaultStep outage;
    outage.status = 500;
    outage.repeat = std::max(timings.breakerThreshold, timings.maxRetries + 1);
    list.append({u"outage"_s,
                 QCoreApplication::translate("DemoScenarios",
                                             "Outage (500s, opens the circuit breaker)"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "Every request fails with 500 until the breaker opens and its probe "
                         "fails too; the next probe after the cooldown succeeds."),
                 {outage}});

    FaultStep reset;
    reset.action = FaultStep::Action::Reset;
    list.append(
            {u"connection-reset"_s,
             QCoreApplication::translate("DemoScenarios", "Connection reset"),
             QCoreApplication::translate(
                     "DemoScenarios", "The server drops the connection once; the retry succeeds."),
             {reset}});

    FaultStep proxyPage;
    proxyPage.html = true;
    proxyPage.status = 502;
    list.append({u"proxy-502"_s,
                 QCoreApplication::translate("DemoScenarios", "HTML error page from a proxy (502)"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "A proxy answers with an HTML page instead of JSON; the retry succeeds."),
                 {proxyPage}});

    FaultStep garbage;
    garbage.malformed = FaultStep::Malformed::NotJson;
    list.append({u"malformed"_s,
                 QCoreApplication::translate("DemoScenarios", "Unreadable reply"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "The server answers 200 with a body that is not a completion; the retry "
                         "succeeds."),
                 {garbage}});

    FaultStep quota;
    quota.status = 429;
    quota.error = openAiError(u"You exceeded your current quota, please check your plan and "
                              "billing details."_s,
                              u"insufficient_quota"_s, u"insufficient_quota"_s);
    list.append({u"quota"_s,
                 QCoreApplication::translate("DemoScenarios",
                                             "Quota exhausted (429 insufficient_quota)"),
                 QCoreApplication::translate("DemoScenarios",
                                             "Not retried: the account has no credit left."),
                 {quota}});

    FaultStep timeout;
    timeout.delay = timings.firstByteTimeout + 5s;
    list.append(
            {u"timeout"_s,
             QCoreApplication::translate("DemoScenarios",
                                         "Timeout (no answer within the first-byte timeout)"),
             QCoreApplication::translate(
                     "DemoScenarios",
                     "The server does not answer before the first-byte timeout (%1 s); the "
                     "retry succeeds.")
                     .arg(std::chrono::duration_cast<std::chrono::seconds>(timings.firstByteTimeout)
                                  .count()),
             {timeout}});

    FaultStep stall;
    stall.stallAfterChunks = 6;
    list.append({u"stall"_s,
                 QCoreApplication::translate("DemoScenarios", "Stream stalls mid-reply"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "The reply stops arriving; after the idle timeout (%1 s) it is retried.")
                         .arg(std::chrono::duration_cast<std::chrono::seconds>(timings.idleTimeout)
                                      .count()),
                 {stall}});

    FaultStep drop;
    drop.dropAfterChunks = 8;
    list.append({u"drop"_s,
                 QCoreApplication::translate("DemoScenarios", "Stream dropped mid-reply"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "The connection closes part way through the reply; it is retried."),
                 {drop}});

    FaultStep dropForGood = drop;
    dropForGood.repeat = timings.maxRetries + 1;
    list.append({u"drop-all"_s,
                 QCoreApplication::translate("DemoScenarios", "Stream dropped on every attempt"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "Every attempt breaks part way: the partial reply stays, marked as "
                         "interrupted, with Continue and Regenerate."),
                 {dropForGood}});

    FaultStep requestTimeout;
    requestTimeout.status = 408;
    list.append({u"request-timeout"_s,
                 QCoreApplication::translate("DemoScenarios", "Request timeout (408)"),
                 QCoreApplication::translate("DemoScenarios",
                                             "The server gives up waiting for the request "
                                             "once; the retry succeeds."),
                 {requestTimeout}});

    FaultStep unauthorized;
    unauthorized.status = 401;
    unauthorized.error =
            openAiError(u"Incorrect API key provided: sk-demo***. You can find "
                        "your API key at https://platform.openai.com/account/api-keys."_s,
                        u"invalid_request_error"_s, u"invalid_api_key"_s);
    list.append({u"key-rejected"_s,
                 QCoreApplication::translate("DemoScenarios", "Key rejected (401)"),
                 QCoreApplication::translate("DemoScenarios", "The server rejects the API key."),
                 {unauthorized}});

    FaultStep forbidden;
    forbidden.status = 403;
    list.append(
            {u"permission"_s,
             QCoreApplication::translate("DemoScenarios", "Permission denied (403)"),
             QCoreApplication::translate("DemoScenarios", "The key has no access to this model."),
             {forbidden}});

    FaultStep notFound;
    notFound.status = 404;
    notFound.error = openAiError(u"The model `gpt-9` does not exist or you do not have access "
                                 "to it."_s,
                                 u"invalid_request_error"_s, u"model_not_found"_s);
    list.append(
            {u"model-not-found"_s,
             QCoreApplication::translate("DemoScenarios", "Model not found (404)"),
             QCoreApplication::translate("DemoScenarios", "The server does not know the model."),
             {notFound}});

    FaultStep tooLong;
    tooLong.status = 400;
    tooLong.error = openAiError(u"This model's maximum context length is 8192 tokens. However, "
                                "your messages resulted in 9120 tokens."_s,
                                u"invalid_request_error"_s, u"context_length_exceeded"_s);
    list.append({u"context-too-long"_s,
                 QCoreApplication::translate("DemoScenarios", "Context too long (400)"),
                 QCoreApplication::translate("DemoScenarios",
                                             "The conversation is longer than the model accepts."),
                 {tooLong}});

    FaultStep conflict;
    conflict.status = 409;
    list.append({u"conflict"_s,
                 QCoreApplication::translate("DemoScenarios", "Conflict (409)"),
                 QCoreApplication::translate("DemoScenarios",
                                             "The server reports a conflict; not retried."),
                 {conflict}});

    FaultStep unprocessable;
    unprocessable.status = 422;
    list.append({u"unprocessable"_s,
                 QCoreApplication::translate("DemoScenarios", "Unprocessable request (422)"),
                 QCoreApplication::translate("DemoScenarios",
                                             "The server cannot process the request; not "
                                             "retried."),
                 {unprocessable}});

    if (timings.demoBaseUrl.isValid()) {
        // A redirect from http to https on the same host is allowed (DESIGN.md, Security), so
        // the client follows it and starts a TLS handshake with a server that speaks plain
        // HTTP: a real handshake failure, which is never ignored and never retried.
        QUrl secure = timings.demoBaseUrl;
        secure.setScheme(u"https"_s);
        secure.setPath(secure.path() + u"/chat/completions"_s);
        FaultStep tls;
        tls.status = 307;
        tls.headers = {{"Location", secure.toEncoded()}};
        list.append({u"tls"_s,
                     QCoreApplication::translate("DemoScenarios", "TLS handshake fails"),
                     QCoreApplication::translate("DemoScenarios",
                                                 "The server redirects to https on a port that "
                                                 "does not speak TLS; the secure connection "
                                                 "cannot be made."),
                     {tls}});
    }

    FaultStep slow;
    slow.delay = 8s;
    list.append({u"slow-start"_s,
                 QCoreApplication::translate("DemoScenarios", "Slow start (a cold model, 8 s)"),
                 QCoreApplication::translate(
                         "DemoScenarios",
                         "The model takes 8 s to answer, as a local model does while it loads."),
                 {slow}});

    return list;
}

} // namespace steadfast
