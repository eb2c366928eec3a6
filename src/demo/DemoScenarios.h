// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "faultserver/FaultScript.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>

namespace steadfast {

/// One entry of the Simulate menu: faults armed on the embedded demo server for the next
/// requests, so every row of DESIGN.md's error taxonomy can be watched live.
struct DemoScenario
{
    QString id;          // stable ("rate-limit", …): tests and the screenshot script use it
    QString label;       // the menu text (translated)
    QString description; // the status tip: what will happen (translated)
    QList<FaultStep> steps;
    bool separatorBefore = false; // the menu starts a group here
};

struct DemoTimings
{
    std::chrono::milliseconds firstByteTimeout{60'000}; // the current settings, so a timeout
    std::chrono::milliseconds idleTimeout{30'000};      // scenario waits just past them
    int breakerThreshold = 5;
    int maxRetries = 5;
    QUrl demoBaseUrl; // where the demo server listens (the TLS scenario points back at it)
};

/// Every scenario, in menu order (the TLS one only with a demoBaseUrl to point back at).
QList<DemoScenario> demoScenarios(const DemoTimings &timings = {});

} // namespace steadfast
