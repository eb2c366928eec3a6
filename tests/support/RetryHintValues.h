// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QTime>

#include <chrono>
#include <optional>

// Friday, 14 March 2025, noon UTC: every date hint in the tests is measured from here.
inline const QDateTime fixedNow(QDate(2025, 3, 14), QTime(12, 0, 0), Qt::UTC);

/// A retry hint as a table column: its milliseconds, or noHint.
inline constexpr qint64 noHint = -1;
inline qint64 hintMs(const std::optional<std::chrono::milliseconds> &hint)
{
    return hint ? qint64(hint->count()) : noHint;
}
