// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/session/ItemActions.h"
#include "gui/ErrorText.h"

#include <QAbstractScrollArea>
#include <QTimer>

#include <chrono>
#include <functional>
#include <vector>

class QLabel;
class QToolButton;

namespace steadfast {

class AssistantMessageWidget;
class ChatSession;
class Conversation;
class ErrorCard;
class RowHighlight;
class UserMessageWidget;

/// The conversation as a virtualized timeline over the Conversation model (STYLE.md §11,
/// "Lists are models"): only the rows near the viewport (about one viewport above and below)
/// exist as widgets, children of the viewport; the others are destroyed as they scroll out.
/// Each row has a height: measured (height-for-width at the viewport's width) once realised,
/// otherwise estimated from its text length without reading rows the model has not read.
/// Rows are placed by prefix sums of those heights; when measured heights replace estimates
/// above what is shown, the scroll position is corrected so the content does not move.
///
/// It follows the end while the user is there (new rows, streamed text, a reply finishing)
/// and stops when they scroll up; "Jump to latest" then takes them back. A streamed token
/// costs an append on the realised reply, never a rebuild.
///
/// It decides nothing: which buttons a row shows comes from ChatSession::actionsFor(), and
/// what the user asks for leaves as a signal (the window calls the session). Copy is done
/// here, on the clipboard.
class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    /// Neither is owned; both must outlive the view.
    TimelineView(Conversation *conversation, ChatSession *session, QWidget *parent = nullptr);
    ~TimelineView() override;

    /// "Waiting for the model… 23 s" under the last row while no answer has come; empty
    /// hides it.
    void setWaitingText(const QString &text);
    QString waitingText() const;
    /// A silent stream (ChatSession::streamSilent): "No data for 12 s" under the reply, in
    /// whole seconds; silentMs 0 (data flows again) removes it.
    void setStreamSilence(qint64 silentMs, qint64 idleTimeoutMs);
    /// When the endpoint's next probe is due, for the live line of the CircuitOpen cards that
    /// still act on the last exchange (ErrorCard::setProbeDue); empty: none. host ("h:port",
    /// HttpPolicy::hostOf) is the endpoint's: a card about another server shows no countdown.
    void setProbeDue(std::function<std::chrono::steady_clock::time_point()> due,
                     const QString &host = {});
    /// What shows when the conversation has no rows.
    QString emptyText() const;
    /// Re-evaluates the buttons of the realised rows (ChatSession::actionsFor()).
    void updateActions();

    /// Scrolls so that row is in view (at the top third) and realises it; highlight marks it
    /// for about two seconds (a search hit).
    void scrollToRow(int row, bool highlight = false);
    /// Goes to the end and follows it again ("Jump to latest").
    void scrollToBottom();
    /// Starts the inline edit of a User row (scrolling to it), with text in the editor (empty:
    /// the message's own).
    void startEditing(int row, const QString &text = QString());

    /// The model's row count.
    int rowCount() const { return int(m_rows.size()); }
    /// How many rows exist as widgets now.
    int realisedRowCount() const;
    /// The row's widget; nullptr when the row is not realised.
    QWidget *rowWidget(int row) const;
    AssistantMessageWidget *assistantWidget(int row) const;
    UserMessageWidget *userWidget(int row) const;
    ErrorCard *errorCard(int row) const;
    /// The card of the last Error row, if it is realised.
    ErrorCard *lastErrorCard() const;
    /// The row's place in the viewport's coordinates (estimated if it is not realised).
    QRect rowRect(int row) const;
    /// The whole content's height: the rows, the waiting line and the margins.
    int contentHeight() const;
    bool isFollowingBottom() const { return m_follow; }
    QToolButton *jumpToLatestButton() const { return m_jump; }
    /// The row scrollToRow(…, true) marked, while the mark shows; -1 otherwise.
    int highlightedRow() const;

Q_SIGNALS:
    void editSubmitted(int row, const QString &text);
    void regenerateRequested(int row);
    void continueRequested(int row);
    void deleteRequested(int row);
    void versionRequested(int row, int step);
    void errorActionTriggered(int row, steadfast::ErrorCards::Action action);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent *event) override;

private:
    struct Row
    {
        QWidget *widget = nullptr; // child of the viewport while realised
        int height = 0;
        bool measured = false;     // height is the widget's, not an estimate
        bool estimateDirty = true; // the estimate must be computed again
        bool loaded = false;       // chars and lines count the item's text
        int chars = 0;             // text length, kept up to date while it streams
        int lines = 1;             // line breaks + 1
        bool error = false;        // an Error item (loaded)
    };
    /// The first row of the view and how far above the viewport's top it starts: what stays
    /// in place when heights change above the viewport.
    struct Anchor
    {
        int row = 0;
        int offset = 0; // scroll value minus the row's top
    };

    void handleRowsInserted(int first, int last);
    void handleRowsRemoved(int first, int last);
    void handleDataChanged(int first, int last);
    void handleReset();
    void handleTextAppended(int row, const QString &text);
    void scheduleLayout();

    /// Places the rows: realises those near the viewport, measures them, drops the others,
    /// sets the scroll range and position. Runs again (at most twice) when it changed the
    /// viewport's size (the scroll bar came or went).
    void layoutRows();
    void layoutPass();
    void realise(int row);
    void unrealise(int row);
    QWidget *createWidget(int row);
    /// A user's or an assistant's message row: hidden until placed, its Delete and version
    /// steps tell which row they are (TimelineViewRows.cpp).
    template <typename MessageWidget>
    MessageWidget *messageRow(MessageWidget *widget);
    void applyItem(int row);
    void applyActions(int row);
    int estimate(Row &row, int index) const;
    int measure(QWidget *widget) const;
    void updateTops(int from);
    int rowAt(int y) const; // the row at content y (clamped)
    int rowOf(const QWidget *widget) const;
    int rowWidth() const;
    int maxScroll() const;
    void setAnchorFromScroll();
    void placeOverlays();

    Conversation *m_conversation; // not owned
    ChatSession *m_session;       // not owned
    std::vector<Row> m_rows;
    std::vector<int> m_tops; // m_tops[i]: the top of row i in content y; m_tops[n]: below the last
    Anchor m_anchor;
    bool m_follow = true;
    bool m_inLayout = false;
    bool m_layoutAgain = false;
    int m_width = -1;          // the row width the measured heights are for
    int m_topsDirtyFrom = 0;   // m_tops is right up to this row
    int m_charWidth;           // the font's average character width, for estimates
    int m_lineHeight;          // the font's line spacing, for estimates
    QLabel *m_empty;           // child of the viewport
    QLabel *m_waiting;         // child of the viewport
    QToolButton *m_jump;       // child, over the viewport's bottom right corner
    RowHighlight *m_highlight; // child of the viewport
    QTimer m_layoutTimer;      // single shot, 0 ms: coalesces layouts for streamed hidden rows
    std::function<std::chrono::steady_clock::time_point()> m_probeDue; // see setProbeDue()
    QString m_probeHost;                                               // see setProbeDue()
};

} // namespace steadfast
