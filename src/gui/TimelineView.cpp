// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/TimelineView.h"

#include "core/library/Conversation.h"
#include "core/session/ChatSession.h"
#include "gui/ErrorCard.h"
#include "gui/MessageWidgets.h"

#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QPointer>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QToolButton>
#include <QVariantAnimation>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr int topMargin = 8;
constexpr int bottomMargin = 4;
constexpr int sideMargin = 8;
constexpr int spacing = 8;
constexpr int followSlack = 4;     // this close to the end counts as at the end
constexpr int defaultLines = 3;    // the estimate for a row the model has not read
constexpr int errorEstimate = 140; // an error card, before it is measured
constexpr int highlightMs = 2000;  // how long a search hit stays marked

} // namespace

/// A tinted frame over a row that fades out (scrollToRow(…, true)). Lets the mouse through.
class RowHighlight : public QWidget
{
public:
    explicit RowHighlight(QWidget *parent) : QWidget(parent)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setVisible(false);
        m_fade.setStartValue(1.0);
        m_fade.setEndValue(0.0);
        m_fade.setDuration(highlightMs);
        m_fade.setEasingCurve(QEasingCurve::InQuad);
        QObject::connect(&m_fade, &QVariantAnimation::valueChanged, this, [this] { update(); });
        QObject::connect(&m_fade, &QVariantAnimation::finished, this, [this] {
            m_target = nullptr;
            hide();
        });
    }

    void start(QWidget *target)
    {
        m_target = target;
        m_fade.stop();
        m_fade.start();
    }
    QWidget *target() const
    {
        return m_fade.state() == QAbstractAnimation::Running ? m_target : nullptr;
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        QColor color = palette().color(QPalette::Highlight);
        const qreal strength = m_fade.currentValue().toReal();
        color.setAlphaF(float(0.9 * strength));
        painter.setPen(QPen(color, 2));
        QColor fill = color;
        fill.setAlphaF(float(0.12 * strength));
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 6, 6);
    }

private:
    QPointer<QWidget> m_target;
    QVariantAnimation m_fade;
};

TimelineView::TimelineView(Conversation *conversation, ChatSession *session, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_conversation(conversation)
    , m_session(session)
    , m_charWidth(std::max(1, fontMetrics().averageCharWidth()))
    , m_lineHeight(std::max(1, fontMetrics().lineSpacing()))
    , m_empty(new QLabel(viewport()))
    , m_waiting(new QLabel(viewport()))
    , m_jump(new QToolButton(this))
    , m_highlight(new RowHighlight(viewport()))
{
    setObjectName(u"timelineView"_s);
    setAccessibleName(tr("Conversation"));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Base);

    m_empty->setObjectName(u"emptyLabel"_s);
    m_empty->setText(tr("No messages yet. Type below and press Enter to send; Shift+Enter adds "
                        "a new line."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_waiting->setObjectName(u"waitingLabel"_s);
    m_waiting->setAccessibleName(tr("Request status"));
    m_waiting->setForegroundRole(QPalette::PlaceholderText);
    m_waiting->setWordWrap(true);
    m_waiting->setVisible(false);

    m_jump->setObjectName(u"jumpToLatestButton"_s);
    m_jump->setText(tr("↓ Jump to latest"));
    m_jump->setAccessibleName(tr("Jump to latest"));
    m_jump->setToolTip(tr("Go to the newest message and follow it"));
    m_jump->setFocusPolicy(Qt::StrongFocus);
    m_jump->setAutoRaise(false);
    m_jump->setVisible(false);
    connect(m_jump, &QToolButton::clicked, this, &TimelineView::scrollToBottom);

    m_layoutTimer.setSingleShot(true);
    m_layoutTimer.setInterval(0);
    connect(&m_layoutTimer, &QTimer::timeout, this, &TimelineView::layoutRows);

    connect(conversation, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { handleRowsInserted(first, last); });
    connect(conversation, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) { handleRowsRemoved(first, last); });
    connect(conversation, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                handleDataChanged(topLeft.row(), bottomRight.row());
            });
    connect(conversation, &QAbstractItemModel::modelReset, this, &TimelineView::handleReset);
    connect(conversation, &QAbstractItemModel::layoutChanged, this, &TimelineView::handleReset);
    connect(conversation, &Conversation::textAppended, this, &TimelineView::handleTextAppended);
    if (session)
        connect(session, &ChatSession::actionsChanged, this, &TimelineView::updateActions);
    handleReset();
}

TimelineView::~TimelineView() = default;

void TimelineView::setWaitingText(const QString &text)
{
    if (m_waiting->text() == text && m_waiting->isHidden() == text.isEmpty())
        return;
    m_waiting->setText(text);
    m_waiting->setAccessibleDescription(text); // what a screen reader reads of the line
    m_waiting->setVisible(!text.isEmpty());
    layoutRows();
}

void TimelineView::setStreamSilence(qint64 silentMs, qint64 idleTimeoutMs)
{
    if (silentMs <= 0) {
        setWaitingText({});
        m_waiting->setToolTip({});
        return;
    }
    m_waiting->setToolTip(
            tr("A stream silent for %1 is given up")
                    .arg(ErrorWords::durationText(std::chrono::milliseconds{idleTimeoutMs})));
    setWaitingText(tr("No data for %n s", "a silent stream, whole seconds", int(silentMs / 1000)));
}

void TimelineView::setProbeDue(std::function<std::chrono::steady_clock::time_point()> due,
                               const QString &host)
{
    m_probeDue = std::move(due);
    m_probeHost = host;
    updateActions();
}

QString TimelineView::waitingText() const
{
    return m_waiting->isHidden() ? QString() : m_waiting->text();
}

QString TimelineView::emptyText() const
{
    return m_empty->text();
}

int TimelineView::realisedRowCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
                             [](const Row &row) { return row.widget != nullptr; }));
}

QWidget *TimelineView::rowWidget(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[size_t(row)].widget : nullptr;
}

AssistantMessageWidget *TimelineView::assistantWidget(int row) const
{
    return qobject_cast<AssistantMessageWidget *>(rowWidget(row));
}

UserMessageWidget *TimelineView::userWidget(int row) const
{
    return qobject_cast<UserMessageWidget *>(rowWidget(row));
}

ErrorCard *TimelineView::errorCard(int row) const
{
    return qobject_cast<ErrorCard *>(rowWidget(row));
}

ErrorCard *TimelineView::lastErrorCard() const
{
    return errorCard(m_conversation->lastIndexOf(ConversationItem::Kind::Error));
}

QRect TimelineView::rowRect(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    const int value = verticalScrollBar()->value();
    return {sideMargin, m_tops[size_t(row)] - value, rowWidth(), m_rows[size_t(row)].height};
}

int TimelineView::contentHeight() const
{
    int height = m_tops.back();
    if (!m_waiting->isHidden())
        height += m_waiting->heightForWidth(rowWidth()) + spacing;
    return height + bottomMargin;
}

int TimelineView::highlightedRow() const
{
    QWidget *target = m_highlight->target();
    return target ? rowOf(target) : -1;
}

void TimelineView::updateActions()
{
    for (int i = 0; i < rowCount(); ++i) {
        if (m_rows[size_t(i)].widget)
            applyActions(i);
    }
}

void TimelineView::scrollToRow(int row, bool highlight)
{
    if (row < 0 || row >= rowCount())
        return;
    m_follow = false;
    m_anchor = {row, -viewport()->height() / 3};
    layoutRows();
    // The row is realised now; measuring it and its neighbours may have moved it: once more.
    m_anchor = {row, -viewport()->height() / 3};
    m_follow = false;
    layoutRows();
    if (highlight) {
        if (QWidget *widget = rowWidget(row)) {
            m_highlight->start(widget);
            placeOverlays();
        }
    }
}

void TimelineView::scrollToBottom()
{
    m_follow = true;
    layoutRows();
}

void TimelineView::startEditing(int row, const QString &text)
{
    if (row < 0 || row >= rowCount())
        return;
    scrollToRow(row);
    if (UserMessageWidget *user = userWidget(row))
        user->startEditing(text);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    layoutRows();
}

void TimelineView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx)
    Q_UNUSED(dy)
    if (m_inLayout)
        return; // layoutPass() places everything itself
    // The user scrolled: follow the end only while they are at it.
    m_follow = verticalScrollBar()->value() >= maxScroll() - followSlack;
    setAnchorFromScroll();
    layoutRows();
}

bool TimelineView::viewportEvent(QEvent *event)
{
    // A realised row's size hint changed (streamed text, a finished code block, edit mode):
    // its updateGeometry() posts this to us, its parent without a layout.
    if (event->type() == QEvent::LayoutRequest) {
        layoutRows();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::handleRowsInserted(int first, int last)
{
    const int count = last - first + 1;
    const bool wasEmpty = m_rows.empty();
    m_rows.insert(m_rows.begin() + first, size_t(count), Row{});
    m_tops.resize(m_rows.size() + 1);
    m_topsDirtyFrom = std::min(m_topsDirtyFrom, first);
    if (wasEmpty)
        m_follow = true;
    else if (!m_follow && first <= m_anchor.row)
        m_anchor.row += count;
    layoutRows();
    updateActions();
}

void TimelineView::handleRowsRemoved(int first, int last)
{
    last = std::min(last, rowCount() - 1);
    if (first > last)
        return;
    for (int i = first; i <= last; ++i)
        unrealise(i);
    m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
    m_tops.resize(m_rows.size() + 1);
    m_topsDirtyFrom = std::min(m_topsDirtyFrom, first);
    const int count = last - first + 1;
    if (m_anchor.row > last) {
        m_anchor.row -= count;
    } else if (m_anchor.row >= first) {
        m_anchor = {std::max(0, std::min(first, rowCount() - 1)), 0};
    }
    layoutRows();
    updateActions();
}

void TimelineView::handleDataChanged(int first, int last)
{
    first = std::max(0, first);
    last = std::min(last, rowCount() - 1);
    for (int i = first; i <= last; ++i) {
        Row &row = m_rows[size_t(i)];
        row.loaded = false;
        row.estimateDirty = true;
        if (!row.widget)
            continue;
        const ConversationItem::Kind kind = m_conversation->at(i).kind;
        const bool sameKind = (kind == ConversationItem::Kind::User && userWidget(i))
                || (kind == ConversationItem::Kind::Assistant && assistantWidget(i));
        if (sameKind) {
            applyItem(i);
        } else {
            // An error card does not change, nor does a row change its kind: a new widget.
            unrealise(i);
            realise(i);
        }
    }
    layoutRows();
    updateActions();
}

void TimelineView::handleReset()
{
    for (int i = 0; i < rowCount(); ++i)
        unrealise(i);
    m_rows.assign(size_t(m_conversation->count()), Row{});
    m_tops.assign(m_rows.size() + 1, topMargin);
    m_topsDirtyFrom = 0;
    m_anchor = {};
    m_follow = true;
    layoutRows();
}

void TimelineView::handleTextAppended(int row, const QString &text)
{
    if (row < 0 || row >= rowCount())
        return;
    Row &entry = m_rows[size_t(row)];
    // Kept up to date at the cost of the new text, so the estimate never rescans the reply.
    entry.chars += int(text.size());
    entry.lines += int(text.count(u'\n'));
    if (AssistantMessageWidget *assistant = assistantWidget(row)) {
        assistant->appendText(text); // its growth comes back as a LayoutRequest
        return;
    }
    entry.estimateDirty = true;
    scheduleLayout();
}

void TimelineView::scheduleLayout()
{
    if (!m_layoutTimer.isActive())
        m_layoutTimer.start();
}

void TimelineView::layoutRows()
{
    if (m_inLayout) {
        m_layoutAgain = true;
        return;
    }
    m_layoutTimer.stop();
    const QScopedValueRollback guard(m_inLayout, true);
    int passes = 0;
    do {
        m_layoutAgain = false;
        layoutPass();
    } while (m_layoutAgain && ++passes < 3);
}

void TimelineView::layoutPass()
{
    const int n = rowCount();
    const int width = rowWidth();
    const int viewportHeight = viewport()->height();
    if (width != m_width) {
        // Realised rows are measured again below; the others are estimated again (from the
        // counts kept, without reading anything).
        m_width = width;
        for (Row &row : m_rows) {
            if (!row.widget) {
                row.measured = false;
                row.estimateDirty = true;
            }
        }
    }

    auto refresh = [this](int i) {
        Row &row = m_rows[size_t(i)];
        int height = row.height;
        if (row.widget) {
            height = measure(row.widget);
            row.measured = true;
            row.estimateDirty = false;
        } else if (row.estimateDirty) {
            height = estimate(row, i);
            row.measured = false;
            row.estimateDirty = false;
        }
        if (height != row.height) {
            row.height = height;
            m_topsDirtyFrom = std::min(m_topsDirtyFrom, i);
        }
    };
    for (int i = 0; i < n; ++i)
        refresh(i);
    updateTops(m_topsDirtyFrom);

    auto scrollValue = [this] {
        if (m_follow || m_rows.empty())
            return maxScroll();
        const int anchorRow = std::clamp(m_anchor.row, 0, rowCount() - 1);
        return std::clamp(m_tops[size_t(anchorRow)] + m_anchor.offset, 0, maxScroll());
    };

    // Realise what is near the viewport; measuring changes the heights and so the range:
    // repeat until nothing new is needed.
    int value = scrollValue();
    for (int round = 0; n > 0 && round < 16; ++round) {
        const int first = rowAt(value - viewportHeight);
        const int last = rowAt(value + 2 * viewportHeight);
        bool created = false;
        for (int i = first; i <= last; ++i) {
            if (!m_rows[size_t(i)].widget) {
                realise(i);
                refresh(i);
                created = true;
            }
        }
        updateTops(m_topsDirtyFrom);
        value = scrollValue();
        if (!created)
            break;
    }

    // Drop what went far out of view (with some slack, so small scrolls do not churn).
    if (n > 0) {
        const int keepFirst = rowAt(value - viewportHeight * 3 / 2);
        const int keepLast = rowAt(value + viewportHeight * 5 / 2);
        for (int i = 0; i < n; ++i) {
            Row &row = m_rows[size_t(i)];
            if (!row.widget || (i >= keepFirst && i <= keepLast))
                continue;
            if (auto *user = qobject_cast<UserMessageWidget *>(row.widget);
                user && user->isEditing())
                continue; // keeps what the user is typing
            unrealise(i);
        }
    }

    QScrollBar *bar = verticalScrollBar();
    bar->setSingleStep(m_lineHeight * 3);
    bar->setPageStep(std::max(1, viewportHeight - m_lineHeight));
    bar->setRange(0, maxScroll());
    bar->setValue(value);
    value = bar->value();
    if (value >= maxScroll() - followSlack)
        m_follow = true; // at the end (or everything fits): stay there
    setAnchorFromScroll();

    for (int i = 0; i < n; ++i) {
        const Row &row = m_rows[size_t(i)];
        if (!row.widget)
            continue;
        row.widget->setGeometry(sideMargin, m_tops[size_t(i)] - value, width, row.height);
        if (row.widget->isHidden())
            row.widget->show();
    }
    if (!m_waiting->isHidden()) {
        m_waiting->setGeometry(sideMargin, m_tops.back() - value, width,
                               m_waiting->heightForWidth(width));
    }
    m_empty->setVisible(n == 0 && m_waiting->isHidden());
    if (n == 0)
        m_empty->setGeometry(viewport()->rect().adjusted(sideMargin * 3, 0, -sideMargin * 3, 0));
    placeOverlays();
}

void TimelineView::placeOverlays()
{
    const int value = verticalScrollBar()->value();
    const bool atEnd = value >= maxScroll() - followSlack;
    m_jump->setVisible(!m_rows.empty() && !atEnd);
    if (m_jump->isVisible()) {
        m_jump->adjustSize();
        const QRect area = viewport()->geometry();
        m_jump->move(area.right() - m_jump->width() - 12, area.bottom() - m_jump->height() - 12);
        m_jump->raise();
    }
    const int row = highlightedRow();
    m_highlight->setVisible(row >= 0);
    if (row >= 0) {
        m_highlight->setGeometry(rowRect(row).adjusted(-3, -3, 3, 3));
        m_highlight->raise();
    }
}

int TimelineView::estimate(Row &row, int index) const
{
    if (!row.loaded) {
        // Never reads a row: one the model has not read gets a default.
        if (!m_conversation->isLoaded(index))
            return 2 * m_lineHeight + 24 + defaultLines * m_lineHeight;
        const ConversationItem &item = m_conversation->at(index);
        row.error = item.kind == ConversationItem::Kind::Error;
        row.chars = int(item.text.size());
        row.lines = int(item.text.count(u'\n')) + 1;
        row.loaded = true;
    }
    if (row.error)
        return errorEstimate;
    const int perLine = std::max(8, (m_width - 24) / m_charWidth);
    const int lines = row.lines + row.chars / perLine;
    // The header line, the frame's margins, and the text.
    return 2 * m_lineHeight + 24 + lines * m_lineHeight;
}

int TimelineView::measure(QWidget *widget) const
{
    const int height = widget->hasHeightForWidth() ? widget->heightForWidth(m_width)
                                                   : widget->sizeHint().height();
    return std::max(1, height);
}

void TimelineView::updateTops(int from)
{
    const int n = rowCount();
    from = std::clamp(from, 0, n);
    if (from == 0)
        m_tops[0] = topMargin;
    for (int i = from; i < n; ++i)
        m_tops[size_t(i) + 1] = m_tops[size_t(i)] + m_rows[size_t(i)].height + spacing;
    m_topsDirtyFrom = n;
}

int TimelineView::rowAt(int y) const
{
    const int n = rowCount();
    if (n == 0)
        return -1;
    const auto it = std::upper_bound(m_tops.begin(), m_tops.begin() + n, y);
    return std::clamp(int(it - m_tops.begin()) - 1, 0, n - 1);
}

int TimelineView::rowOf(const QWidget *widget) const
{
    for (int i = 0; i < rowCount(); ++i) {
        if (m_rows[size_t(i)].widget == widget)
            return i;
    }
    return -1;
}

int TimelineView::rowWidth() const
{
    return std::max(50, viewport()->width() - 2 * sideMargin);
}

int TimelineView::maxScroll() const
{
    return std::max(0, contentHeight() - viewport()->height());
}

void TimelineView::setAnchorFromScroll()
{
    if (m_rows.empty()) {
        m_anchor = {};
        return;
    }
    const int value = verticalScrollBar()->value();
    const int row = rowAt(value);
    m_anchor = {row, value - m_tops[size_t(row)]};
}

} // namespace steadfast
