// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/RateLimitLabel.h"

#include "core/errors/ErrorWords.h"
#include "gui/GuiResources.h"

#include <QAccessible>
#include <QLocale>

#include <optional>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

using std::chrono::milliseconds;

constexpr int iconSize = 16;

/// Under 10% of the limit left, or nothing at all.
bool isLowCount(const std::optional<qint64> &remaining, const std::optional<qint64> &limit)
{
    if (!remaining)
        return false;
    if (*remaining <= 0)
        return true;
    return limit && *limit > 0 && *remaining * 10 < *limit;
}

std::optional<milliseconds> leftOf(const std::optional<milliseconds> &reset, milliseconds since)
{
    if (!reset)
        return std::nullopt;
    return std::max(*reset - since, milliseconds{0});
}

} // namespace

RateLimitLabel::RateLimitLabel(QWidget *parent) : QLabel(parent)
{
    initGuiResources();
    setObjectName(u"rateLimitLabel"_s);
    setTextFormat(Qt::RichText);
    setAccessibleName(tr("Rate limits"));
    m_displayTimer.setInterval(displayInterval);
    connect(&m_displayTimer, &QTimer::timeout, this, &RateLimitLabel::refresh);
    m_receivedAt = m_clock.now();
    setVisible(false); // until a server reports its limits
}

RateLimitLabel::~RateLimitLabel() = default;

QSize RateLimitLabel::sizeHint() const
{
    // The whole line, whatever is shown now.
    const QMargins margins = contentsMargins();
    const int icon = m_low ? iconSize + fontMetrics().horizontalAdvance(u' ') : 0;
    return {fontMetrics().horizontalAdvance(m_plainText) + icon + margins.left() + margins.right()
                    + 2 * margin(),
            QLabel::sizeHint().height()};
}

QSize RateLimitLabel::minimumSizeHint() const
{
    // Room for the warning (when low) and an ellipsis: the status bar elides the rest.
    const int icon = m_low ? iconSize + fontMetrics().horizontalAdvance(u' ') : 0;
    return {icon + fontMetrics().horizontalAdvance(u"…"_s), QLabel::minimumSizeHint().height()};
}

void RateLimitLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    showText();
}

void RateLimitLabel::showText()
{
    // Elided to the width the status bar gives; the tooltip has it all.
    const int icon = m_low ? iconSize + fontMetrics().horizontalAdvance(u' ') : 0;
    const bool constrained = width() > 0 && width() < sizeHint().width();
    const QString shown = constrained
            ? fontMetrics().elidedText(m_plainText, Qt::ElideRight,
                                       std::max(0, contentsRect().width() - icon))
            : m_plainText;
    m_elided = shown != m_plainText;
    const QString html = m_low ? u"<img src=\":/icons/warning.svg\" width=\"%1\" height=\"%1\" "
                                 u"style=\"vertical-align: middle\">&nbsp;%2"_s.arg(iconSize)
                                         .arg(shown.toHtmlEscaped())
                               : shown.toHtmlEscaped();
    if (html != text()) {
        setText(html);
        updateGeometry();
    }
}

void RateLimitLabel::setClock(Clock clock)
{
    m_clock.set(std::move(clock));
    m_receivedAt = m_clock.now();
    refresh();
}

QString RateLimitLabel::compactCount(qint64 count)
{
    const QLocale locale;
    if (count < 10'000)
        return locale.toString(count);
    if (count < 100'000) // "12.3k": one decimal, rounded down
        return tr("%1k", "a count in thousands")
                .arg(locale.toString(double(count / 100) / 10.0, 'f', 1));
    if (count < 1'000'000)
        return tr("%1k", "a count in thousands").arg(locale.toString(count / 1000));
    if (count < 100'000'000)
        return tr("%1M", "a count in millions")
                .arg(locale.toString(double(count / 100'000) / 10.0, 'f', 1));
    return tr("%1M", "a count in millions").arg(locale.toString(count / 1'000'000));
}

void RateLimitLabel::setInfo(const RateLimitInfo &info)
{
    m_info = info;
    m_receivedAt = m_clock.now();
    setVisible(!info.isEmpty());
    refresh();
}

milliseconds RateLimitLabel::sinceReceived() const
{
    return std::chrono::duration_cast<milliseconds>(m_clock.now() - m_receivedAt);
}

void RateLimitLabel::refresh()
{
    const QLocale locale;
    const milliseconds since = sinceReceived();
    const std::optional<milliseconds> requestsReset = leftOf(m_info.resetRequests, since);
    const std::optional<milliseconds> tokensReset = leftOf(m_info.resetTokens, since);
    m_counting = (requestsReset && *requestsReset > milliseconds{0})
            || (tokensReset && *tokensReset > milliseconds{0});

    // The line: remaining/limit, compact.
    auto piece = [](const std::optional<qint64> &remaining, const std::optional<qint64> &limit) {
        if (!remaining)
            return QString();
        return limit ? u"%1/%2"_s.arg(compactCount(*remaining), compactCount(*limit))
                     : compactCount(*remaining);
    };
    const QString requests = piece(m_info.remainingRequests, m_info.limitRequests);
    const QString tokens = piece(m_info.remainingTokens, m_info.limitTokens);
    QString counts;
    if (!requests.isEmpty() && !tokens.isEmpty())
        counts = tr("Requests %1 · Tokens %2 left").arg(requests, tokens);
    else if (!requests.isEmpty())
        counts = tr("Requests %1 left").arg(requests);
    else if (!tokens.isEmpty())
        counts = tr("Tokens %1 left").arg(tokens);
    else if (requestsReset || tokensReset)
        counts = tr("Rate limits reset in %1")
                         .arg(ErrorWords::secondsText(requestsReset.value_or(*tokensReset)));

    const bool requestsLow = isLowCount(m_info.remainingRequests, m_info.limitRequests);
    const bool tokensLow = isLowCount(m_info.remainingTokens, m_info.limitTokens);
    m_low = requestsLow || tokensLow;
    QString warning;
    std::optional<milliseconds> lowReset;
    if (requestsLow && tokensLow) {
        warning = tr("Almost out of requests and tokens");
        lowReset = requestsReset ? requestsReset : tokensReset;
        if (requestsReset && tokensReset)
            lowReset = std::max(*requestsReset, *tokensReset);
    } else if (requestsLow) {
        warning = *m_info.remainingRequests <= 0 ? tr("Out of requests")
                                                 : tr("Almost out of requests");
        lowReset = requestsReset;
    } else if (tokensLow) {
        warning = *m_info.remainingTokens <= 0 ? tr("Out of tokens") : tr("Almost out of tokens");
        lowReset = tokensReset;
    }
    if (warning.isEmpty())
        m_plainText = counts;
    else if (lowReset && *lowReset > milliseconds{0})
        m_plainText = tr("%1, resets in %2 — %3", "warning, time until the reset, the counts")
                              .arg(warning, ErrorWords::secondsText(*lowReset), counts);
    else
        m_plainText = tr("%1 — %2", "warning, then the counts").arg(warning, counts);

    showText();

    // The tooltip: the counts in full, and when each resets.
    auto detail = [&locale](const QString &withLimit, const QString &withoutLimit,
                            const std::optional<qint64> &remaining,
                            const std::optional<qint64> &limit,
                            const std::optional<milliseconds> &reset) {
        if (!remaining)
            return QString();
        QString line = limit ? withLimit.arg(locale.toString(*remaining), locale.toString(*limit))
                             : withoutLimit.arg(locale.toString(*remaining));
        if (reset && *reset > milliseconds{0})
            line += u' ' + tr("It resets in %1.").arg(ErrorWords::secondsText(*reset));
        else if (reset)
            line += u' ' + tr("It has reset since.");
        return line;
    };
    QStringList lines;
    if (m_low)
        lines += warning + u'.';
    const QString requestsLine =
            detail(tr("Requests: %1 of %2 left."), tr("Requests left: %1."),
                   m_info.remainingRequests, m_info.limitRequests, requestsReset);
    if (!requestsLine.isEmpty())
        lines += requestsLine;
    const QString tokensLine = detail(tr("Tokens: %1 of %2 left."), tr("Tokens left: %1."),
                                      m_info.remainingTokens, m_info.limitTokens, tokensReset);
    if (!tokensLine.isEmpty())
        lines += tokensLine;
    if (lines.isEmpty() && !counts.isEmpty())
        lines += counts;
    m_detailText = lines.join(u'\n');
    setToolTip(m_detailText);

    setAccessibleDescription(m_plainText + u'\n' + m_detailText);
    // Screen readers hear when the limits become tight (or relax), not every reply's counts.
    if (m_announcedLow != m_low) {
        m_announcedLow = m_low;
        QAccessibleEvent event(this, QAccessible::DescriptionChanged);
        QAccessible::updateAccessibility(&event);
    }
    updateTimer();
}

void RateLimitLabel::showEvent(QShowEvent *event)
{
    QLabel::showEvent(event);
    refresh(); // time went on while hidden
}

void RateLimitLabel::hideEvent(QHideEvent *event)
{
    QLabel::hideEvent(event);
    m_displayTimer.stop();
}

void RateLimitLabel::updateTimer()
{
    const bool run = m_counting && isVisible();
    if (run && !m_displayTimer.isActive())
        m_displayTimer.start();
    else if (!run)
        m_displayTimer.stop();
}

} // namespace steadfast
