// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/StepReply.h"

#include "faultserver/OpenAiErrors.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

const QByteArray padMarker = QByteArrayLiteral("@@steadfast-padding-7f3a@@");
const QByteArray badUtf8Bytes = QByteArrayLiteral("\xC3\x28\xA0\xA1\xFF\xFE");

FaultBody paddedBody(const QByteArray &json, qint64 size)
{
    const qsizetype at = json.lastIndexOf(padMarker);
    if (at < 0)
        return {{json.left(qsizetype(std::min<qint64>(size, json.size())))}};
    const QByteArray head = json.left(at);
    const QByteArray tail = json.mid(at + padMarker.size());
    const qint64 frame = head.size() + tail.size();
    if (size <= frame)
        return {{(head + tail).left(qsizetype(size))}};
    return {{head, size - frame, 'x'}, {tail}};
}

QByteArray replaceMarker(QByteArray json, const QByteArray &with)
{
    const qsizetype at = json.lastIndexOf(padMarker);
    if (at >= 0)
        json.replace(at, padMarker.size(), with);
    return json;
}

int StepReply::status() const
{
    return step.status != 0 ? step.status : (step.html ? 502 : 200);
}

bool StepReply::buildScriptedError(int status, FaultReply *reply) const
{
    reply->status = status;
    reply->headers = headers;
    if (step.body) {
        reply->body = {{*step.body}};
        QByteArray type = step.contentType;
        if (type.isEmpty()) {
            QJsonParseError parseError;
            QJsonDocument::fromJson(*step.body, &parseError);
            type = parseError.error == QJsonParseError::NoError ? "application/json"
                                                                : "text/plain; charset=utf-8";
        }
        setHeader(&reply->headers, "Content-Type", type);
    } else if (step.html) {
        reply->body = {{htmlPage(status)}};
        setHeader(&reply->headers, "Content-Type", "text/html; charset=utf-8");
    } else if (status >= 200 && status < 300) {
        return false; // a healthy reply, built by the endpoint
    } else {
        QJsonObject error = errorObject(status, model, step.error);
        if (step.oversizeBytes > 0) {
            error.insert(u"message"_s,
                         error.value(u"message"_s).toString() + u' '
                                 + QString::fromLatin1(padMarker));
            reply->body = paddedBody(errorBody(error), step.oversizeBytes);
        } else {
            reply->body = {{errorBody(error)}};
        }
        setHeader(&reply->headers, "Content-Type", "application/json");
    }
    reply->summary = QString::number(status);
    return true;
}

void StepReply::buildJsonBody(const JsonForms &forms, FaultReply *reply) const
{
    reply->status = step.status == 0 ? 200 : step.status;
    reply->headers = headers;
    setHeader(&reply->headers, "Content-Type", "application/json");
    switch (step.malformed) {
    case FaultStep::Malformed::None:
        reply->body = step.oversizeBytes > 0 ? paddedBody(forms.paddedJson, step.oversizeBytes)
                                             : FaultBody{{forms.json}};
        break;
    case FaultStep::Malformed::NotJson:
        reply->body = {{"<this is not JSON> upstream returned garbage {"}};
        break;
    case FaultStep::Malformed::TruncatedJson:
        reply->body = {{forms.json.left(forms.json.size() / 2)}};
        break;
    case FaultStep::Malformed::WrongShape:
        reply->body = {{forms.wrongShape}};
        break;
    case FaultStep::Malformed::BadUtf8:
        reply->body = {{forms.badUtf8}};
        break;
    case FaultStep::Malformed::Empty:
        reply->body = {};
        break;
    }
    reply->summary = QString::number(reply->status);
    if (step.malformed != FaultStep::Malformed::None)
        reply->summary += u" malformed:"_s + FaultStep::malformedName(step.malformed);
    if (step.oversizeBytes > 0)
        reply->summary += u" oversize:%1"_s.arg(step.oversizeBytes);
}

bool isConnectionAction(const FaultStep &step)
{
    return step.action == FaultStep::Action::Reset || step.action == FaultStep::Action::Close
            || step.action == FaultStep::Action::Hang;
}

FaultReply actionReply(const FaultStep &step)
{
    FaultReply reply;
    reply.delay = step.delay;
    switch (step.action) {
    case FaultStep::Action::Reset:
        reply.kind = FaultReply::Kind::Reset;
        reply.summary = u"reset"_s;
        break;
    case FaultStep::Action::Close:
        reply.kind = FaultReply::Kind::Close;
        reply.summary = u"close"_s;
        break;
    case FaultStep::Action::Hang:
        reply.kind = FaultReply::Kind::Hang;
        reply.summary = u"hang"_s;
        break;
    case FaultStep::Action::None:
    case FaultStep::Action::Truncate:
        break;
    }
    return reply;
}

void applyStepHeaders(const FaultStep &step, FaultReply *reply)
{
    for (const auto &[name, value] : step.headers)
        setHeader(&reply->headers, name, value);
    reply->delay = step.delay;
    if (step.action == FaultStep::Action::Truncate) {
        reply->truncate = true;
        reply->summary += u" truncated"_s;
    }
}

} // namespace steadfast::faultserver
