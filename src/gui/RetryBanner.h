// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/net/ChatService.h"
#include "gui/SteadyClock.h"

#include <QFrame>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

class QBoxLayout;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;

namespace steadfast {

/// Shown while the service waits to retry: why the last attempt failed, "Retrying in 4 s —
/// attempt 2 of 6", where the wait came from (the server's hint, our backoff, the breaker's
/// probe), a progress bar, and Retry now / Cancel. Also asks when the server wants a wait
/// longer than the maximum ("The server asks to wait 58 min." — Wait / Cancel).
///
/// A request held for the breaker's probe (RetryInfo::held, "Send when the service is back")
/// says so instead: "Waiting for the service — sending as the probe in 17 s", or, while the
/// endpoint is paused by hand, that it waits until resumed (no countdown, no bar).
///
/// The text counts down in whole seconds (rounded up) with every unit down to the seconds
/// (ErrorWords::countdownText: "59 min 58 s"), so even an hour's wait visibly moves each second;
/// the bar is the fraction of the wait elapsed (docs/decisions.md). It moves smoothly: between the
/// core's retryCountdown ticks a local ~30 ms timer animates from the last msLeft, and runs
/// only while the banner is visible and counting. Screen readers are told when the text
/// changes in a way that matters (a new retry, each whole second), not on every frame.
class RetryBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Mode { Hidden, Retrying, LongWait };
    Q_ENUM(Mode)

    using Clock = SteadyClock::Function;

    /// The local animation's frame interval.
    static constexpr std::chrono::milliseconds frameInterval{30};

    explicit RetryBanner(QWidget *parent = nullptr);
    ~RetryBanner() override;

    /// For tests: where "now" comes from (steady_clock::now by default).
    void setClock(Clock clock);

    Mode mode() const { return m_mode; }
    /// The first line's text (for tests).
    QString headline() const;
    /// "Retrying in 4 s — attempt 2 of 6", or "The server asks to wait 58 min." when asking.
    QString countdownText() const;
    /// "The server asked to wait 20 s.", "Backing off before trying again.", …
    QString sourceText() const;
    QProgressBar *progressBar() const { return m_progress; }
    /// The milliseconds left now: the last msLeft given, less the time since (0 unless
    /// counting down).
    qint64 msLeft() const;
    /// Whether the local animation timer runs (only while visible and counting down).
    bool isAnimating() const { return m_frameTimer.isActive(); }

public Q_SLOTS:
    /// Shows the banner for a scheduled retry.
    void showRetry(const steadfast::RetryInfo &info);
    /// From ChatService::retryCountdown.
    void updateCountdown(qint64 msLeft, qint64 totalMs);
    /// The server asks to wait longer than the maximum: Wait / Cancel (no Retry now).
    void showLongWait(const steadfast::ApiError &error, qint64 waitMs);
    /// Hides and resets.
    void clear();

Q_SIGNALS:
    void retryNowRequested();
    void cancelRequested();
    void longWaitAccepted();
    /// Screen readers were told the banner's new text (a new retry, each whole second).
    void announced(const QString &description);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void handleFrame();
    void render(bool newRetry);
    void updateAnimation();
    void announce();

    Mode m_mode = Mode::Hidden;
    bool m_held = false;         // RetryInfo::held: waiting to go as the probe
    bool m_untilResumed = false; // RetryInfo::untilResumed: paused by hand, no countdown
    int m_attempt = 0;
    int m_attemptsAllowed = 0;
    qint64 m_anchorLeft = 0; // msLeft at the last anchor (showRetry / updateCountdown)
    qint64 m_totalMs = 0;
    SteadyClock m_clock;
    std::optional<std::chrono::steady_clock::time_point> m_anchoredAt; // when m_anchorLeft held
    qint64 m_shownSeconds = -1; // the whole seconds the text shows now
    QString m_announced;        // the description screen readers were last given

    QBoxLayout *m_content;     // owned by the banner's layout: the words, then the buttons
    QHBoxLayout *m_buttons;    // owned by m_content
    QLabel *m_iconLabel;       // child
    QLabel *m_headlineLabel;   // child
    QLabel *m_countdownLabel;  // child
    QLabel *m_sourceLabel;     // child
    QProgressBar *m_progress;  // child
    QPushButton *m_retryNow;   // child
    QPushButton *m_cancel;     // child
    QPushButton *m_acceptWait; // child
    QTimer m_frameTimer;       // the local animation
};

} // namespace steadfast
