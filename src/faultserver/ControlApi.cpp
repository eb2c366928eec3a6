// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/ControlApi.h"

#include "faultserver/FaultServer.h"
#include "faultserver/OpenAiErrors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

namespace {

struct ControlAnswer
{
    int status = 200;
    QByteArray body;
};

ControlAnswer controlError(int status, const QString &message)
{
    return {status, compact(QJsonObject{{u"ok"_s, false}, {u"error"_s, message}})};
}

ControlAnswer ok(const QJsonObject &fields = {})
{
    QJsonObject object = fields;
    object.insert(u"ok"_s, true);
    return {200, compact(object)};
}

ControlAnswer answerHealth(FaultServer &, const QByteArray &)
{
    return ok();
}

ControlAnswer answerLog(FaultServer &server, const QByteArray &)
{
    QJsonArray entries;
    for (const QJsonObject &entry : server.requestLog())
        entries.append(entry);
    return {200, compact(entries)};
}

ControlAnswer answerSteps(FaultServer &server, const QByteArray &)
{
    QJsonArray steps;
    for (const FaultStep &step : server.pending())
        steps.append(step.toJson());
    return {200, compact(QJsonObject{{u"pending"_s, server.pendingSteps()}, {u"steps"_s, steps}})};
}

ControlAnswer answerReset(FaultServer &server, const QByteArray &)
{
    server.reset();
    qCInfo(lcFaultServer) << "reset: steps and log cleared";
    return ok();
}

/// The body of POST /_fault/arm: an array of steps, a script object, or one step.
std::optional<FaultScript> scriptOf(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"the body is not JSON: %1"_s.arg(parseError.errorString());
        return std::nullopt;
    }
    if (document.isArray())
        return FaultScript::fromJsonObject({{u"steps"_s, document.array()}}, error);
    if (document.object().contains(u"steps"_s))
        return FaultScript::fromJsonObject(document.object(), error);
    const auto step = FaultStep::fromJson(document.object(), error);
    if (!step)
        return std::nullopt;
    return FaultScript::fromJsonObject({{u"steps"_s, QJsonArray{step->toJson()}}}, error);
}

ControlAnswer answerArm(FaultServer &server, const QByteArray &body)
{
    QString error;
    const std::optional<FaultScript> script = scriptOf(body, &error);
    if (!script)
        return controlError(400, error);
    server.loadScript(*script);
    qCInfo(lcFaultServer) << "armed" << script->steps().size() << "step(s);"
                          << server.pendingSteps() << "pending";
    return ok({{u"armed"_s, int(script->steps().size())}, {u"pending"_s, server.pendingSteps()}});
}

struct Command
{
    const char *name;
    const char *method;
    ControlAnswer (*answer)(FaultServer &server, const QByteArray &body);
};

const Command commands[] = {
        {"health", "GET", answerHealth}, {"log", "GET", answerLog},  {"steps", "GET", answerSteps},
        {"reset", "POST", answerReset},  {"arm", "POST", answerArm},
};

ControlAnswer answer(FaultServer &server, const FaultHttpRequest &request)
{
    const QString command = request.path.mid(QStringLiteral("/_fault/").size());
    for (const Command &candidate : commands) {
        if (command != QLatin1String(candidate.name))
            continue;
        if (request.method != candidate.method)
            return controlError(
                    405, u"use %1 for /_fault/%2"_s.arg(QLatin1String(candidate.method), command));
        return candidate.answer(server, request.body);
    }
    return controlError(
            404, u"unknown control path %1 (health, log, steps, arm, reset)"_s.arg(request.path));
}

} // namespace

FaultReply controlReply(FaultServer &server, const FaultHttpRequest &request)
{
    const ControlAnswer answered = answer(server, request);
    FaultReply reply;
    reply.status = answered.status;
    reply.headers = {{"Date", httpDate()},
                     {"Content-Type", "application/json"},
                     {"Cache-Control", "no-store"}};
    reply.body = {{answered.body}};
    reply.summary = QString::number(answered.status);
    return reply;
}

} // namespace steadfast::faultserver
