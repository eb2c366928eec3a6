// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/StatusStrip.h"

#include <QEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>

using namespace Qt::StringLiterals;

namespace steadfast {

ElidedLabel::ElidedLabel(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

QString ElidedLabel::shownText() const
{
    const QRect area = contentsRect();
    return fontMetrics().elidedText(text(), Qt::ElideRight, area.width());
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Room for the ellipsis; the rest may go.
    const QSize full = QLabel::minimumSizeHint();
    const QMargins margins = contentsMargins();
    return {fontMetrics().horizontalAdvance(u"…"_s) + margins.left() + margins.right(),
            full.height()};
}

void ElidedLabel::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    QStyleOption option;
    option.initFrom(this);
    style()->drawItemText(&painter, contentsRect(), int(alignment() | Qt::TextSingleLine),
                          option.palette, isEnabled(), shownText(), foregroundRole());
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateToolTip();
}

bool ElidedLabel::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTipChange && !m_settingToolTip)
        m_ownToolTip = toolTip();
    const bool result = QLabel::event(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::Polish)
        updateToolTip();
    return result;
}

void ElidedLabel::updateToolTip()
{
    m_settingToolTip = true;
    setToolTip(isElided() && m_ownToolTip.isEmpty() ? text() : m_ownToolTip);
    m_settingToolTip = false;
}

StatusStrip::StatusStrip(QWidget *indicator, QWidget *rateLimits, QWidget *parent)
    : QWidget(parent)
    , m_indicator(indicator)
    , m_rateLimits(rateLimits)
    , m_message(new ElidedLabel(this))
{
    setObjectName(u"statusStrip"_s);
    m_message->setObjectName(u"statusMessage"_s);
    m_message->setAccessibleName(tr("Status message"));
    if (m_indicator)
        m_indicator->setParent(this);
    if (m_rateLimits)
        m_rateLimits->setParent(this);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_messageTimer.setSingleShot(true);
    connect(&m_messageTimer, &QTimer::timeout, this, &StatusStrip::clearMessage);
}

StatusStrip::~StatusStrip() = default;

void StatusStrip::showMessage(const QString &text, int timeoutMs)
{
    m_message->setText(text);
    m_message->setAccessibleDescription(text);
    if (timeoutMs > 0)
        m_messageTimer.start(timeoutMs);
    else
        m_messageTimer.stop();
    arrange();
}

void StatusStrip::clearMessage()
{
    m_messageTimer.stop();
    m_message->clear();
    m_message->setAccessibleDescription({});
    arrange();
}

QString StatusStrip::currentMessage() const
{
    return m_message->text();
}

QSize StatusStrip::sizeHint() const
{
    int width = 0;
    int height = m_message->sizeHint().height();
    for (const QWidget *part : {static_cast<const QWidget *>(m_message),
                                static_cast<const QWidget *>(m_rateLimits.data()),
                                static_cast<const QWidget *>(m_indicator.data())}) {
        if (!part || part->isHidden())
            continue;
        width += part->sizeHint().width() + spacing;
        height = std::max(height, part->sizeHint().height());
    }
    return {width, height};
}

QSize StatusStrip::minimumSizeHint() const
{
    // The indicator whole; the others may shrink to nothing.
    const QSize indicator = m_indicator ? m_indicator->sizeHint() : QSize();
    return {indicator.width(), std::max(indicator.height(), m_message->minimumSizeHint().height())};
}

bool StatusStrip::event(QEvent *event)
{
    // A part's text changed (the countdown, new limits): its size hint did too.
    if (event->type() == QEvent::LayoutRequest)
        arrange();
    return QWidget::event(event);
}

void StatusStrip::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrange();
}

void StatusStrip::arrange()
{
    const QRect area = contentsRect();
    int right = area.right() + 1;
    const auto place = [&](QWidget *part, int width) {
        part->setGeometry(right - width, area.top(), width, area.height());
        right -= width + spacing;
    };
    // The indicator first, whole; then the limits in what is left; the message last.
    if (m_indicator && !m_indicator->isHidden())
        place(m_indicator, std::min(m_indicator->sizeHint().width(), area.width()));
    if (m_rateLimits && !m_rateLimits->isHidden()) {
        const int room = std::max(0, right - area.left());
        const int width = std::min(m_rateLimits->sizeHint().width(), room);
        if (width < m_rateLimits->minimumSizeHint().width())
            m_rateLimits->setGeometry(QRect()); // no room at all: out of the way
        else
            place(m_rateLimits, width);
    }
    const int room = std::max(0, right - area.left());
    m_message->setGeometry(area.left(), area.top(), room, area.height());
    updateGeometry();
}

} // namespace steadfast
