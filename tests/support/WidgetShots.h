// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QString>
#include <QWidget>

namespace steadfast::test {

/// The folder named by STEADFAST_SCREENSHOT_DIR (created), or empty when it is not set: the
/// widget tests save pictures there for a human to look at.
inline QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("STEADFAST_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QDir().mkpath(dir);
    return dir;
}

/// Saves a picture of the widget as <dir>/<name>.png when STEADFAST_SCREENSHOT_DIR is set.
inline void screenshot(QWidget *widget, const QString &name)
{
    if (const QString dir = screenshotDir(); !dir.isEmpty())
        widget->grab().save(dir + u'/' + name + QStringLiteral(".png"));
}

} // namespace steadfast::test
