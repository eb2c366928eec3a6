// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server.
#pragma once

#include "faultserver/FaultScript.h"
#include "faultserver/HttpMessage.h"

#include <QString>
#include <QStringList>

namespace steadfast::faultserver {

/// Answers GET {prefix}/models (modelId empty) or GET {prefix}/models/{modelId} under the
/// step the request consumed: the list of `models`, or one of them (404 for another id),
/// broken as the step says.
FaultReply modelsReply(const FaultStep &step, qint64 seq, const QString &modelId,
                       const QStringList &models);

} // namespace steadfast::faultserver
