// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server.
#pragma once

#include "faultserver/HttpMessage.h"

namespace steadfast {
class FaultServer;
}

namespace steadfast::faultserver {

/// Answers a request under /_fault/ (docs/faultserver.md, "The control endpoint"): GET health,
/// log and steps, POST arm and reset. It uses only the server's public API.
FaultReply controlReply(FaultServer &server, const FaultHttpRequest &request);

} // namespace steadfast::faultserver
