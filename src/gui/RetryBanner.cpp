// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/RetryBanner.h"

#include "gui/AccentFrame.h"
#include "gui/ErrorText.h"
#include "gui/GuiResources.h"

#include <QAccessible>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

using std::chrono::milliseconds;

constexpr int iconSize = 24;
constexpr int progressSteps = 1000;

} // namespace

RetryBanner::RetryBanner(QWidget *parent) : QFrame(parent)
{
    initGuiResources();
    setObjectName(u"retryBanner"_s);
    setFrameShape(QFrame::NoFrame); // paintEvent() draws the banner
    // Wrapped text: the height follows the width (heightForWidth), so no Maximum policy.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setAccessibleName(tr("Retry status"));

    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(AccentFrame::stripeWidth + 10, 8, 10, 8);
    outer->setSpacing(10);

    m_iconLabel = new QLabel(this);
    m_iconLabel->setFixedSize(iconSize, iconSize);
    outer->addWidget(m_iconLabel, 0, Qt::AlignTop);

    // Text and buttons side by side; stacked when the banner is narrow (see resizeEvent()).
    m_content = new QBoxLayout(QBoxLayout::LeftToRight);
    m_content->setSpacing(10);
    outer->addLayout(m_content, 1);
    auto *texts = new QVBoxLayout;
    texts->setSpacing(3);
    m_content->addLayout(texts, 1);

    auto makeLabel = [this](const QString &name) {
        auto *label = new QLabel(this);
        label->setObjectName(name);
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        return label;
    };
    m_headlineLabel = makeLabel(u"retryHeadline"_s);
    QFont bold = m_headlineLabel->font();
    bold.setBold(true);
    m_headlineLabel->setFont(bold);
    texts->addWidget(m_headlineLabel);
    m_countdownLabel = makeLabel(u"retryCountdown"_s);
    texts->addWidget(m_countdownLabel);
    m_sourceLabel = makeLabel(u"retrySource"_s);
    m_sourceLabel->setForegroundRole(QPalette::PlaceholderText);
    texts->addWidget(m_sourceLabel);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"retryProgress"_s);
    m_progress->setRange(0, progressSteps);
    m_progress->setTextVisible(false);
    m_progress->setFixedHeight(8);
    m_progress->setAccessibleName(tr("Time until the next attempt"));
    texts->addSpacing(2);
    texts->addWidget(m_progress);

    m_buttons = new QHBoxLayout;
    m_buttons->setSpacing(6);
    m_content->addLayout(m_buttons);
    QHBoxLayout *buttons = m_buttons;
    auto makeButton = [this, buttons](const QString &name, const QString &text,
                                      const QString &icon) {
        auto *button = new QPushButton(text, this);
        button->setObjectName(name);
        button->setAccessibleName(text);
        button->setAutoDefault(false);
        if (!icon.isEmpty())
            button->setIcon(QIcon(icon));
        buttons->addWidget(button, 0, Qt::AlignVCenter);
        return button;
    };
    m_acceptWait = makeButton(u"acceptWaitButton"_s, tr("Wait"), QString());
    m_retryNow = makeButton(u"retryNowButton"_s, tr("Retry now"), u":/icons/retry.svg"_s);
    m_cancel = makeButton(u"cancelRetryButton"_s, tr("Cancel"), u":/icons/stop.svg"_s);
    m_acceptWait->setToolTip(tr("Wait as long as the server asks, then try again"));
    m_retryNow->setToolTip(tr("Skip the wait and try again now"));
    m_cancel->setToolTip(tr("Stop trying"));
    connect(m_retryNow, &QPushButton::clicked, this, &RetryBanner::retryNowRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RetryBanner::cancelRequested);
    connect(m_acceptWait, &QPushButton::clicked, this, &RetryBanner::longWaitAccepted);

    m_frameTimer.setInterval(frameInterval);
    connect(&m_frameTimer, &QTimer::timeout, this, &RetryBanner::handleFrame);

    clear();
}

RetryBanner::~RetryBanner() = default;

void RetryBanner::setClock(Clock clock)
{
    m_clock.set(std::move(clock));
    if (m_anchoredAt)
        m_anchoredAt = m_clock.now();
}

QString RetryBanner::headline() const
{
    return m_headlineLabel->text();
}

QString RetryBanner::countdownText() const
{
    return m_countdownLabel->text();
}

QString RetryBanner::sourceText() const
{
    return m_sourceLabel->text();
}

qint64 RetryBanner::msLeft() const
{
    if (m_mode != Mode::Retrying)
        return 0;
    const qint64 elapsed = m_anchoredAt
            ? std::chrono::duration_cast<milliseconds>(m_clock.now() - *m_anchoredAt).count()
            : 0;
    return std::max<qint64>(0, m_anchorLeft - elapsed);
}

void RetryBanner::showRetry(const RetryInfo &info)
{
    m_mode = Mode::Retrying;
    m_held = info.held;
    m_untilResumed = info.held && info.untilResumed;
    m_attempt = info.attempt;
    m_attemptsAllowed = info.attemptsAllowed;
    m_totalMs = std::max<qint64>(0, info.delay.count());
    m_anchorLeft = m_totalMs;
    m_anchoredAt = m_clock.now();

    m_iconLabel->setPixmap(
            QIcon(u":/icons/retry.svg"_s).pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    m_iconLabel->setAccessibleName(tr("Retrying"));
    m_headlineLabel->setText(ErrorWords::retryReason(info.error));

    QString source;
    switch (info.source) {
    case RetryInfo::Source::ServerHint:
        source = tr("The server asked to wait %1.")
                         .arg(ErrorWords::durationText(info.hint.value_or(info.delay)));
        break;
    case RetryInfo::Source::BreakerProbe:
        if (m_untilResumed)
            source = tr("Requests to this server are paused by you. Resume them from the "
                        "connection status in the status bar, or cancel.");
        else if (m_held)
            source = tr("You asked to send it when the service is back: it goes as the "
                        "first request after the pause.");
        else
            source = tr("Waiting for the next probe of the paused service.");
        break;
    case RetryInfo::Source::Backoff:
        if (info.hint && *info.hint > milliseconds{0})
            source = tr("Backing off before trying again (the server "
                        "asked for %1, which is shorter).")
                             .arg(ErrorWords::durationText(*info.hint));
        else
            source = tr("Backing off before trying again.");
        break;
    }
    m_sourceLabel->setText(source);
    m_sourceLabel->setVisible(true);
    m_progress->setVisible(!m_untilResumed);
    m_retryNow->setVisible(!m_held); // the breaker would not let it go sooner
    m_acceptWait->setVisible(false);
    m_cancel->setVisible(true);

    m_shownSeconds = -1;
    show();
    render(true);
    updateAnimation();
    update();
}

void RetryBanner::updateCountdown(qint64 msLeft, qint64 totalMs)
{
    if (m_mode != Mode::Retrying)
        return; // a tick that outlived its retry, or came before showRetry()
    m_anchorLeft = std::max<qint64>(0, msLeft);
    if (totalMs > 0)
        m_totalMs = totalMs;
    m_anchoredAt = m_clock.now();
    render(false);
    updateAnimation();
}

void RetryBanner::showLongWait(const ApiError &error, qint64 waitMs)
{
    m_mode = Mode::LongWait;
    m_held = false;
    m_untilResumed = false;
    m_frameTimer.stop();
    m_iconLabel->setPixmap(
            QIcon(u":/icons/warning.svg"_s).pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    m_iconLabel->setAccessibleName(ErrorWords::severityName(ErrorText::Severity::Warning));
    m_headlineLabel->setText(ErrorWords::retryReason(error));
    m_countdownLabel->setText(
            tr("The server asks to wait %1.").arg(ErrorWords::durationText(milliseconds{waitMs})));
    m_sourceLabel->setText(tr("Steadfast does not wait this long without asking. Wait, or "
                              "cancel the request."));
    m_sourceLabel->setVisible(true);
    m_progress->setVisible(false);
    m_retryNow->setVisible(false);
    m_acceptWait->setVisible(true);
    m_cancel->setVisible(true);
    show();
    announce();
    update();
}

void RetryBanner::clear()
{
    m_mode = Mode::Hidden;
    m_held = false;
    m_untilResumed = false;
    m_frameTimer.stop();
    hide();
    m_attempt = 0;
    m_attemptsAllowed = 0;
    m_anchorLeft = 0;
    m_totalMs = 0;
    m_anchoredAt.reset();
    m_shownSeconds = -1;
    m_announced.clear();
    m_headlineLabel->clear();
    m_countdownLabel->clear();
    m_sourceLabel->clear();
    m_progress->setValue(0);
    m_acceptWait->setVisible(false);
    m_retryNow->setVisible(true);
    setAccessibleDescription(QString());
}

void RetryBanner::showEvent(QShowEvent *event)
{
    QFrame::showEvent(event);
    if (m_mode == Mode::Retrying)
        render(false); // time went on while hidden
    updateAnimation();
}

void RetryBanner::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    // The words need room for about 30 characters a line beside the buttons; with less, the
    // buttons go under the words instead of squeezing them into a column.
    const int wanted = AccentFrame::stripeWidth + 10 + iconSize + 10
            + 30 * fontMetrics().averageCharWidth() + 10 + m_buttons->sizeHint().width() + 10;
    const auto direction = width() < wanted ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight;
    if (m_content->direction() != direction) {
        m_content->setDirection(direction);
        m_buttons->setAlignment(direction == QBoxLayout::TopToBottom
                                        ? Qt::AlignLeading | Qt::AlignVCenter
                                        : Qt::Alignment());
    }
}

void RetryBanner::hideEvent(QHideEvent *event)
{
    QFrame::hideEvent(event);
    m_frameTimer.stop();
}

void RetryBanner::handleFrame()
{
    render(false);
    updateAnimation();
}

void RetryBanner::render(bool newRetry)
{
    if (m_mode != Mode::Retrying)
        return;
    const qint64 left = msLeft();
    const int progress = m_totalMs > 0
            ? int(qint64(progressSteps) * (m_totalMs - std::min(left, m_totalMs)) / m_totalMs)
            : progressSteps;
    m_progress->setValue(progress);

    const qint64 seconds = (left + 999) / 1000;
    if (!newRetry && seconds == m_shownSeconds)
        return;
    m_shownSeconds = seconds;
    const QString in = ErrorWords::countdownText(milliseconds{left});
    QString text;
    if (m_untilResumed) {
        text = tr("Waiting for you to resume the service — your message is held");
    } else if (m_held) {
        text = seconds > 0 ? tr("Waiting for the service — sending as the probe in %1").arg(in)
                           : tr("Waiting for the service — sending as the probe now");
    } else if (m_attemptsAllowed > 0) {
        text = seconds > 0
                ? tr("Retrying in %1 — attempt %2 of %3")
                          .arg(in)
                          .arg(m_attempt)
                          .arg(m_attemptsAllowed)
                : tr("Retrying now — attempt %1 of %2").arg(m_attempt).arg(m_attemptsAllowed);
    } else {
        text = seconds > 0 ? tr("Retrying in %1").arg(in) : tr("Retrying now");
    }
    m_countdownLabel->setText(text);
    announce();
}

void RetryBanner::updateAnimation()
{
    const bool run = m_mode == Mode::Retrying && isVisible() && msLeft() > 0;
    if (run && !m_frameTimer.isActive())
        m_frameTimer.start();
    else if (!run)
        m_frameTimer.stop();
}

void RetryBanner::announce()
{
    QString description = headline() + u'\n' + countdownText();
    if (!sourceText().isEmpty())
        description += u'\n' + sourceText();
    if (description == m_announced)
        return;
    m_announced = description;
    setAccessibleDescription(description);
    QAccessibleEvent event(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&event);
    Q_EMIT announced(description);
}

void RetryBanner::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    // Blue while Steadfast handles it (a retry is coming); amber when it needs an answer.
    const QColor accent =
            m_mode == Mode::LongWait ? QColor(0xd9, 0x8a, 0x00) : QColor(0x2f, 0x74, 0xc0);
    AccentFrame::paint(this, accent, 0.08);
}

} // namespace steadfast
