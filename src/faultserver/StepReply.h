// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server.
#pragma once

#include "faultserver/FaultScript.h"
#include "faultserver/HttpMessage.h"

#include <QByteArray>
#include <QString>

namespace steadfast::faultserver {

/// Stands in a healthy body where an oversize step pads it (paddedBody) or a bad-utf8 step
/// breaks it (replaceMarker).
extern const QByteArray padMarker;
/// Bytes that are not UTF-8.
extern const QByteArray badUtf8Bytes;

/// Splits JSON that holds padMarker into head and tail around a run of 'x' so the whole
/// body is exactly `size` bytes (or head + tail cut to size when that is shorter).
FaultBody paddedBody(const QByteArray &json, qint64 size);
/// The JSON with its (last) padMarker replaced.
QByteArray replaceMarker(QByteArray json, const QByteArray &with);

/// The four forms of a healthy JSON body that a step may ask for.
struct JsonForms
{
    QByteArray json;       // as it should be
    QByteArray paddedJson; // with padMarker where an oversize body is padded
    QByteArray badUtf8;    // with bytes that are not UTF-8
    QByteArray wrongShape; // valid JSON without the fields a client needs
};

/// Builds the parts of a reply that the chat and models endpoints share, from the step
/// that a request consumed.
struct StepReply
{
    const FaultStep &step;
    QString model;
    HeaderList headers;

    /// The status the step asks for: its own, 502 for an HTML page, else 200.
    int status() const;
    /// The scripted error for a non-2xx status (or for html/body steps), if the step has one.
    bool buildScriptedError(int status, FaultReply *reply) const;
    /// A healthy JSON body, broken as the step says.
    void buildJsonBody(const JsonForms &forms, FaultReply *reply) const;
};

/// Whether the step replaces the reply with reset, close or hang.
bool isConnectionAction(const FaultStep &step);
/// The reply of a step whose action is reset, close or hang.
FaultReply actionReply(const FaultStep &step);
/// The step's extra headers, its delay and its truncation, over a built reply.
void applyStepHeaders(const FaultStep &step, FaultReply *reply);

} // namespace steadfast::faultserver
