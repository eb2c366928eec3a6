// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ApiError.h"
#include "gui/ErrorText.h"

#include <QFrame>
#include <QMap>
#include <QString>
#include <QTimer>

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

public Q_SLOTS:
    /// Puts the request id on the clipboard.
    void copyRequestId();

Q_SIGNALS:
    void actionTriggered(steadfast::ErrorText::Action action);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QPushButton *addActionButton(ErrorText::Action action, bool primary);

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
};

} // namespace steadfast
