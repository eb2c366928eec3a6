// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

namespace steadfast {

struct AppSettings;

/// One entry of the Simulate menu, as the window shows it.
struct SimulateEntry
{
    QString id;                   // stable: the action is named "simulate-" + id
    QString label;                // the menu text (translated)
    QString statusTip;            // what will happen (translated): tool tip and status tip
    bool separatorBefore = false; // the menu starts a group here
};

/// What the Simulate menu drives: the demo server, as the app wires it in. The window knows
/// the demo through this alone (src/demo implements it; DESIGN.md, Layout).
class Simulator
{
public:
    virtual ~Simulator() = default;

    /// The entries in menu order; their tips name the timeouts in `values`.
    virtual QList<SimulateEntry> entries(const AppSettings &values) const = 0;
    /// Arms the entry's faults for the next requests, in place of any armed before; false
    /// when there is no such entry or the demo server is not running.
    virtual bool arm(const QString &id, const AppSettings &values) = 0;
    /// No fault armed any more.
    virtual void reset() = 0;
    /// Where the demo server listens; empty when it is not running.
    virtual QUrl baseUrl() const = 0;
};

} // namespace steadfast
