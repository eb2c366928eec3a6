// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>
#include <QPointer>
#include <QTimer>
#include <QWidget>

namespace steadfast {

/// A QLabel for one line of plain text that elides ("Armed for the next re…") instead of
/// clipping or widening its parent; the whole text stays in text(), in the accessible name's
/// reach, and in the tooltip while elided.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    /// The text as painted now (with "…" when it does not fit).
    QString shownText() const;
    bool isElided() const { return shownText() != text(); }
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void updateToolTip();
    QString m_ownToolTip; // a tooltip set from outside, kept when not elided
    bool m_settingToolTip = false;
};

/// The status bar's one row, laid out by priority at every width: the status indicator at its
/// full size on the right (never hidden, never elided), the rate limits to its left with what
/// remains (eliding), and the passing message in what is left after that (eliding). Every text
/// keeps its whole words in its tooltip.
class StatusStrip : public QWidget
{
    Q_OBJECT
public:
    /// The widgets become children of the strip. Any of rateLimits may be null.
    StatusStrip(QWidget *indicator, QWidget *rateLimits, QWidget *parent = nullptr);
    ~StatusStrip() override;

    /// Shows a passing message for timeoutMs (0: until the next one or clearMessage()).
    void showMessage(const QString &text, int timeoutMs = 0);
    void clearMessage();
    QString currentMessage() const;
    ElidedLabel *messageLabel() const { return m_message; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    /// The gap between the parts.
    static constexpr int spacing = 12;

protected:
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void arrange();

    QPointer<QWidget> m_indicator;
    QPointer<QWidget> m_rateLimits;
    ElidedLabel *m_message; // child
    QTimer m_messageTimer;  // single shot: clears a passing message
};

} // namespace steadfast
