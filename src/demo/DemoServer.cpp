// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoServer.h"

#include "core/Logging.h"
#include "core/settings/Settings.h"
#include "demo/DemoScenarios.h"

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

/// The current settings as the scenarios need them (a timeout scenario waits just past the
/// timeout in force).
DemoTimings timingsFor(const AppSettings &values, const QUrl &demoBaseUrl)
{
    DemoTimings timings;
    timings.firstByteTimeout = std::chrono::milliseconds(values.firstByteTimeoutMs);
    timings.idleTimeout = std::chrono::milliseconds(values.idleTimeoutMs);
    timings.breakerThreshold = values.breakerThreshold;
    timings.maxRetries = values.maxRetries;
    timings.demoBaseUrl = demoBaseUrl;
    return timings;
}

} // namespace

bool DemoServer::start(std::chrono::milliseconds chunkDelay, const QString &replyText)
{
    m_server.setChunkDelay(chunkDelay);
    m_server.setReplyText(replyText);
    m_server.setModels({u"steadfast-demo"_s, u"steadfast-demo-large"_s});
    if (m_server.listen())
        return true;
    qCWarning(lcSession) << "the demo server could not listen on a loopback port";
    return false;
}

QUrl DemoServer::baseUrl() const
{
    return m_server.isListening() ? m_server.baseUrl() : QUrl();
}

QList<SimulateEntry> DemoServer::entries(const AppSettings &values) const
{
    QList<SimulateEntry> entries;
    for (const DemoScenario &scenario : demoScenarios(timingsFor(values, baseUrl())))
        entries.append(
                {scenario.id, scenario.label, scenario.description, scenario.separatorBefore});
    return entries;
}

bool DemoServer::arm(const QString &id, const AppSettings &values)
{
    if (!m_server.isListening())
        return false;
    for (const DemoScenario &scenario : demoScenarios(timingsFor(values, baseUrl()))) {
        if (scenario.id != id)
            continue;
        m_server.reset();
        m_server.armAll(scenario.steps);
        return true;
    }
    return false;
}

void DemoServer::reset()
{
    m_server.reset();
}

} // namespace steadfast
