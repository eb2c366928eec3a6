// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "gui/ErrorText.h"

#include <QFrame>
#include <QList>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>

class QLabel;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace steadfast {

class CopyButton;

/// A permanent error, shown where the reply would have been: an icon and a bold title, the
/// explanation in plain words, the server's own message (selectable; for TLS behind a "Show
/// details" toggle with Copy), the HTTP status and the request id (with a Copy button), and
/// the buttons that fix it. What it offers and which lines it shows are the core's rule
/// (ErrorCards::facts(), ChatSession::cardFacts()); the card only renders them, and
/// actionTriggered() tells the window what was asked for.
class ErrorCard : public QFrame
{
    Q_OBJECT
public:
    /// The longest part of the server's message shown on the card (in characters); the
    /// whole message is in the tooltip of the detail line.
    static constexpr qsizetype maxDetailLength = 400;

    /// The card of the error alone (ErrorCards::facts(error), no context).
    explicit ErrorCard(const ApiError &error, QWidget *parent = nullptr);
    ErrorCard(const ApiError &error, const CardFacts &facts, QWidget *parent = nullptr);
    ~ErrorCard() override;

    ApiError error() const { return m_error; }
    CardFacts facts() const { return m_facts; }
    /// The button for an action; nullptr if the card has none. Object names are
    /// "errorCardAction_" plus the enumerator's name ("errorCardAction_OpenSettings").
    QPushButton *actionButton(steadfast::CardAction action) const;
    /// The actions' buttons, in the order shown (the primary first).
    QList<QPushButton *> actionButtons() const;
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
    /// Detail::Disclosed: the "Show details" toggle, and the Copy button of the raw detail;
    /// nullptr otherwise.
    QToolButton *detailToggle() const { return m_detailToggle; }
    CopyButton *copyDetailButton() const { return m_copyDetailButton; }
    /// Whether the detail line can be seen (always, unless it is behind the toggle).
    bool isDetailShown() const;

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
    void actionTriggered(steadfast::ErrorCards::Action action);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QPushButton *addActionButton(CardAction action, bool primary);
    void addDetail(QVBoxLayout *body);
    void addMeta(QVBoxLayout *body);
    void updateProbeLine();

    ApiError m_error;
    CardFacts m_facts;
    ErrorText::Severity m_severity;
    QLabel *m_iconLabel;                      // child
    QLabel *m_titleLabel;                     // child
    QLabel *m_explanationLabel;               // child
    QLabel *m_detailLabel = nullptr;          // child, when there is a message
    QLabel *m_metaLabel = nullptr;            // child, when there is a status or an id
    QToolButton *m_copyButton = nullptr;      // child, when there is a request id
    QToolButton *m_detailToggle = nullptr;    // child, Detail::Disclosed
    CopyButton *m_copyDetailButton = nullptr; // child, Detail::Disclosed
    QList<QPushButton *> m_buttons;           // children, in order
    QTimer m_copiedTimer;                     // single shot: "Copied" goes back to "Copy"
    QLabel *m_probeLabel = nullptr;           // child, CircuitOpen cards only
    ProbeDue m_probeDue;
    Clock m_clock;
    QTimer m_probeTimer; // ticks the probe line while m_probeDue is set
};

} // namespace steadfast
