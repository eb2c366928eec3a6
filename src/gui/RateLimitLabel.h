// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/protocol/RateLimitInfo.h"
#include "gui/SteadyClock.h"

#include <QLabel>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace steadfast {

/// How close the user is to the server's rate limits, from the x-ratelimit-* headers of the
/// last reply: "Requests 59/60 · Tokens 149k/150k left", the resets in the tooltip ("resets
/// in 6 s", counted down from when the headers arrived). When little is left (under 10%, or
/// none) it says so in words ("Almost out of requests") beside a warning icon. Hidden when
/// the server sends no such headers.
class RateLimitLabel : public QLabel
{
    Q_OBJECT
public:
    using Clock = SteadyClock::Function;

    /// How often the reset countdown is re-rendered (only while visible and counting).
    static constexpr std::chrono::milliseconds displayInterval{1000};

    explicit RateLimitLabel(QWidget *parent = nullptr);
    ~RateLimitLabel() override;

    /// For tests: where "now" comes from (steady_clock::now by default).
    void setClock(Clock clock);

    RateLimitInfo info() const { return m_info; }
    /// The line shown, without markup ("Almost out of requests — Requests 1/60 left").
    QString plainText() const { return m_plainText; }
    /// The tooltip: the counts in full and when each resets.
    QString detailText() const { return m_detailText; }
    /// Under 10% (or nothing) left of the requests or the tokens.
    bool isLow() const { return m_low; }
    /// 1234 → "1,234", 149000 → "149k", 1500000 → "1.5M" (rounded down: never more than
    /// there is).
    static QString compactCount(qint64 count);
    /// The whole line's size, whatever is shown; the minimum is the warning and "…".
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    /// The line is cut short ("Requests 59/60 · Tok…") for want of room.
    bool isElided() const { return m_elided; }

public Q_SLOTS:
    void setInfo(const steadfast::RateLimitInfo &info);
    /// Re-renders the text and the reset countdown.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    std::chrono::milliseconds sinceReceived() const;
    void updateTimer();
    void showText();

    RateLimitInfo m_info;
    SteadyClock m_clock;
    std::chrono::steady_clock::time_point m_receivedAt;
    QString m_plainText;
    QString m_detailText;
    bool m_low = false;
    bool m_elided = false;
    bool m_counting = false; // a reset still lies ahead
    std::optional<bool> m_announcedLow;
    QTimer m_displayTimer;
};

} // namespace steadfast
