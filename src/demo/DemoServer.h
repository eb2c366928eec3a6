// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "faultserver/FaultServer.h"
#include "gui/Simulator.h"

#include <chrono>

namespace steadfast {

/// The demo server built into Steadfast: a fault server on a loopback port that streams a
/// friendly reply, and the Simulate menu's scenarios (DemoScenarios.h) armed on it.
class DemoServer final : public Simulator
{
public:
    /// Listens on a loopback port, streaming `replyText` a few words every `chunkDelay`; false
    /// (and logged) when no port could be had.
    bool start(std::chrono::milliseconds chunkDelay, const QString &replyText);
    bool isListening() const { return m_server.isListening(); }
    /// The fault server itself, for tests that look at its requests or arm their own faults.
    FaultServer &server() { return m_server; }

    QList<SimulateEntry> entries(const AppSettings &values) const override;
    bool arm(const QString &id, const AppSettings &values) override;
    void reset() override;
    QUrl baseUrl() const override;

private:
    FaultServer m_server;
};

} // namespace steadfast
