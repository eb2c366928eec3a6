// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ApiError.h"
#include "gui/ErrorText.h"

#include <QFrame>
#include <QMap>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace steadfast {

/// A permanent error, shown where the reply would have been: an icon and a bold title, the
/// explanation in plain words, the server's own message (selectable), the HTTP status and the
/// request id (with a Copy button), and the buttons that fix it: the primary action and,
/// unless that is already "Try again", a secondary "Try again" (after fixing the key, you try
/// again). The card decides nothing: actionTriggered() tells the window what was asked for.
class ErrorCard : public QFrame
{
    Q_OBJECT
public:
    /// The longest part of the server's message shown on the card (in characters); the
    /// whole message is in the tooltip of the detail line.
    static constexpr qsizetype maxDetailLength = 400;

    explicit ErrorCard(const ApiError &error, QWidget *parent = nullptr);
    ~ErrorCard() override;

    ApiError error() const { return m_error; }
    /// The button for an action; nullptr if the card has none. Object names are
    /// "errorCardAction_" plus the enumerator's name ("errorCardAction_OpenSettings").
    QPushButton *actionButton(ErrorText::Action action) const;
    /// The window disables the actions while a request runs (Copy stays enabled).
    void setActionEnabled(bool enabled);

    QString titleText() const;
    QString explanationText() const;
    /// "The server said: …" (or "Details: …" for a local failure); empty when there is none.
    QString detailText() const;
    /// "HTTP status 429 · Request id req_123"; empty when the error has neither.
    QString metaText() const;
    /// The Copy button for the request id; nullptr when the error has no request id.
    QToolButton *copyRequestIdButton() const { return m_copyButton; }

    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    /// When the endpoint's next probe is due (CircuitBreaker::probeDueAt(): max() while paused
    /// by hand, now or earlier when nothing holds requests back). Asked on every tick, so a
    /// failed probe's new cooldown shows at once; the card holds no breaker.
    using ProbeDue = std::function<std::chrono::steady_clock::time_point()>;
    /// CircuitOpen cards: a live line, in whole seconds, "Service paused — next probe in 17 s",
    /// and what holds when it is due or paused by hand. An empty due hides the line (an older
    /// card, or while a request runs). clock: "now" (steady_clock::now when empty), for tests.
    void setProbeDue(ProbeDue due, Clock clock = {});
    /// The live line's text; empty when it is hidden.
    QString probeText() const;

public Q_SLOTS:
    /// Puts the request id on the clipboard.
    void copyRequestId();

Q_SIGNALS:
    void actionTriggered(steadfast::ErrorText::Action action);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QPushButton *addActionButton(ErrorText::Action action, bool primary);
    void updateProbeLine();

    ApiError m_error;
    ErrorText::Severity m_severity;
    QLabel *m_iconLabel;                              // child
    QLabel *m_titleLabel;                             // child
    QLabel *m_explanationLabel;                       // child
    QLabel *m_detailLabel = nullptr;                  // child, when there is a message
    QLabel *m_metaLabel = nullptr;                    // child, when there is a status or an id
    QToolButton *m_copyButton = nullptr;              // child, when there is a request id
    QMap<ErrorText::Action, QPushButton *> m_buttons; // children
    QTimer m_copiedTimer;                             // single shot: "Copied" goes back to "Copy"
    QLabel *m_probeLabel = nullptr;                   // child, CircuitOpen cards only
    ProbeDue m_probeDue;
    Clock m_clock;
    QTimer m_probeTimer; // ticks the probe line while m_probeDue is set
};

} // namespace steadfast
