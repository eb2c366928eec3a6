// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/ModelsResponder.h"

#include "faultserver/OpenAiErrors.h"
#include "faultserver/StepReply.h"

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

namespace {

constexpr qint64 modelsCreated = 1700000000; // a fixed "created" for /models: deterministic

QJsonObject modelObject(const QString &id)
{
    return QJsonObject{{u"id"_s, id},
                       {u"object"_s, u"model"_s},
                       {u"created"_s, modelsCreated},
                       {u"owned_by"_s, u"steadfast-faultserver"_s}};
}

QByteArray modelList(const QJsonArray &models)
{
    return compact(QJsonObject{{u"object"_s, u"list"_s}, {u"data"_s, models}});
}

/// GET /models/{id}: the model, or 404 when the server does not serve it.
FaultReply oneModel(const StepReply &builder, const QString &modelId, const QStringList &models)
{
    FaultReply reply;
    if (!models.contains(modelId)) {
        reply.status = 404;
        reply.headers = builder.headers;
        reply.body = {{errorBody(errorObject(404, modelId))}};
        reply.summary = u"404 unknown model"_s;
        return reply;
    }
    const QString marker = QString::fromLatin1(padMarker);
    QJsonObject padded = modelObject(modelId);
    padded.insert(u"description"_s, marker);
    builder.buildJsonBody({compact(modelObject(modelId)), compact(padded),
                           replaceMarker(compact(modelObject(modelId + marker)), badUtf8Bytes),
                           compact(QJsonObject{{u"object"_s, u"model"_s}})},
                          &reply);
    return reply;
}

/// GET /models: every model the server serves.
FaultReply allModels(const StepReply &builder, const QStringList &models)
{
    QJsonArray data;
    for (const QString &id : models)
        data.append(modelObject(id));
    QJsonArray withMarker = data;
    withMarker.append(modelObject(QString::fromLatin1(padMarker)));
    FaultReply reply;
    builder.buildJsonBody({modelList(data), modelList(withMarker),
                           replaceMarker(modelList(withMarker), badUtf8Bytes),
                           compact(QJsonObject{{u"object"_s, u"list"_s}})},
                          &reply);
    return reply;
}

} // namespace

FaultReply modelsReply(const FaultStep &step, qint64 seq, const QString &modelId,
                       const QStringList &models)
{
    if (isConnectionAction(step))
        return actionReply(step);
    const StepReply builder{step,
                            modelId,
                            {{"Date", httpDate()},
                             {"Content-Type", "application/json"},
                             {"x-request-id", "req_" + QByteArray::number(seq)}}};
    FaultReply reply;
    if (!builder.buildScriptedError(builder.status(), &reply))
        reply = modelId.isEmpty() ? allModels(builder, models) : oneModel(builder, modelId, models);
    applyStepHeaders(step, &reply);
    return reply;
}

} // namespace steadfast::faultserver
