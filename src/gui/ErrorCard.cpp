// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ErrorCard.h"

#include "gui/AccentFrame.h"
#include "gui/CopyButton.h"
#include "gui/FlowLayout.h"
#include "gui/GuiResources.h"
#include "gui/TextBreaks.h"

#include <QAccessible>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr int iconSize = 24;

QColor accentFor(ErrorText::Severity severity)
{
    switch (severity) {
    case ErrorText::Severity::Information:
        return QColor(0x15, 0x65, 0xc0);
    case ErrorText::Severity::Warning:
        return QColor(0xd9, 0x8a, 0x00);
    case ErrorText::Severity::Error:
        return QColor(0xc6, 0x28, 0x28);
    }
    return QColor(0xc6, 0x28, 0x28);
}

QLabel *makeTextLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

} // namespace

ErrorCard::ErrorCard(const ApiError &error, QWidget *parent)
    : ErrorCard(error, ErrorCards::facts(error), parent)
{
}

ErrorCard::ErrorCard(const ApiError &error, const CardFacts &facts, QWidget *parent)
    : QFrame(parent)
    , m_error(error)
    , m_facts(facts)
    , m_severity(ErrorTraits::of(error.kind).severity)
{
    initGuiResources();
    setObjectName(u"errorCard"_s);
    setFrameShape(QFrame::NoFrame); // paintEvent() draws the card
    // Wrapped text: the height follows the width (heightForWidth), so no Maximum policy.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);

    const QString title = ErrorWords::title(error, facts);
    const QString explanation = ErrorWords::explanation(error, facts);
    setAccessibleName(tr("Error: %1").arg(title));
    setAccessibleDescription(explanation);

    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(AccentFrame::stripeWidth + 10, 10, 12, 10);
    outer->setSpacing(10);

    m_iconLabel = new QLabel(this);
    m_iconLabel->setObjectName(u"errorCardIcon"_s);
    m_iconLabel->setPixmap(QIcon(ErrorText::iconPath(m_severity))
                                   .pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    m_iconLabel->setFixedSize(iconSize, iconSize);
    m_iconLabel->setAccessibleName(ErrorWords::severityName(m_severity));
    m_iconLabel->setToolTip(ErrorWords::severityName(m_severity));
    outer->addWidget(m_iconLabel, 0, Qt::AlignTop);

    auto *body = new QVBoxLayout;
    body->setSpacing(6);
    outer->addLayout(body, 1);

    m_titleLabel = makeTextLabel(title, this);
    m_titleLabel->setObjectName(u"errorCardTitle"_s);
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    body->addWidget(m_titleLabel);

    m_explanationLabel = makeTextLabel(explanation, this);
    m_explanationLabel->setObjectName(u"errorCardExplanation"_s);
    body->addWidget(m_explanationLabel);
    if (error.kind == ApiError::Kind::CircuitOpen) { // the live line of setProbeDue()
        m_probeLabel = makeTextLabel(QString(), this);
        m_probeLabel->setObjectName(u"errorCardProbe"_s);
        m_probeLabel->setAccessibleName(tr("Next probe"));
        m_probeLabel->hide();
        body->addWidget(m_probeLabel);
    }

    addDetail(body);
    addMeta(body);

    if (!facts.actions.isEmpty()) {
        // The buttons wrap to a second row in a narrow window rather than being clipped.
        auto *buttons = new FlowLayout(nullptr, 8);
        body->addSpacing(2);
        body->addLayout(buttons);
        for (const CardAction action : facts.actions)
            buttons->addWidget(addActionButton(action, action == facts.primary()));
    }
    // Given more height than it needs (a tall top-level window, say), the card keeps its
    // lines together at the top rather than spreading them apart.
    body->addStretch(1);

    m_copiedTimer.setSingleShot(true);
    m_copiedTimer.setInterval(1500);
    connect(&m_copiedTimer, &QTimer::timeout, this, [this] {
        if (m_copyButton)
            m_copyButton->setText(tr("Copy"));
    });
}

ErrorCard::~ErrorCard() = default;

void ErrorCard::addDetail(QVBoxLayout *body)
{
    // The server's own words (or, for a local failure, the technical description) beside the
    // plain ones: they are what a support request or a search needs.
    const QString message = m_error.message.trimmed();
    if (message.isEmpty() || m_facts.detail == ErrorCards::Detail::Hidden)
        return;
    QString shown = message;
    if (shown.size() > maxDetailLength) {
        shown.truncate(maxDetailLength);
        if (shown.back().isHighSurrogate())
            shown.chop(1);
        shown += QChar(0x2026); // …
    }
    const bool fromServer = m_error.httpStatus >= 300;
    const QString detail =
            fromServer ? tr("The server said: %1").arg(shown) : tr("Details: %1").arg(shown);
    m_detailLabel = makeTextLabel(breakLongRuns(detail), this);
    m_detailLabel->setObjectName(u"errorCardDetail"_s);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse
                                           | Qt::TextSelectableByKeyboard);
    m_detailLabel->setAccessibleName(fromServer ? tr("The server's message") : tr("Details"));
    // The whole message on demand; escaped, since a tooltip would render a server's
    // "<html>…" as markup.
    if (shown.size() != message.size())
        m_detailLabel->setToolTip(
                u"<p style=\"white-space: pre-wrap\">%1</p>"_s.arg(message.toHtmlEscaped()));

    if (m_facts.detail != ErrorCards::Detail::Disclosed) {
        body->addWidget(m_detailLabel);
        return;
    }
    // The raw text (an OpenSSL message, say) helps whoever runs the server, not every reader:
    // behind a toggle, with Copy for a support request.
    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    m_detailToggle = new QToolButton(this);
    m_detailToggle->setObjectName(u"errorCardDetailToggle"_s);
    m_detailToggle->setCheckable(true);
    m_detailToggle->setAutoRaise(true);
    m_detailToggle->setFocusPolicy(Qt::StrongFocus);
    m_detailToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailToggle->setArrowType(Qt::RightArrow);
    m_detailToggle->setText(tr("Show details"));
    m_detailToggle->setAccessibleName(tr("Show details"));
    row->addWidget(m_detailToggle);
    m_copyDetailButton = new CopyButton(
            tr("Copy details"), [this] { return m_error.message; }, this);
    m_copyDetailButton->setObjectName(u"copyDetailButton"_s);
    row->addWidget(m_copyDetailButton);
    row->addStretch(1);
    body->addLayout(row);
    body->addWidget(m_detailLabel);
    m_detailLabel->setVisible(false);
    connect(m_detailToggle, &QToolButton::toggled, this, [this](bool open) {
        m_detailLabel->setVisible(open);
        m_detailToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_detailToggle->setText(open ? tr("Hide details") : tr("Show details"));
        m_detailToggle->setAccessibleName(m_detailToggle->text());
        updateGeometry();
    });
}

void ErrorCard::addMeta(QVBoxLayout *body)
{
    QString meta;
    const QString requestId = m_facts.showRequestId ? m_error.requestId.trimmed() : QString();
    const int status = m_facts.showStatus ? m_error.httpStatus : 0;
    if (status > 0 && !requestId.isEmpty())
        meta = tr("HTTP status %1 · Request id %2").arg(status).arg(requestId);
    else if (status > 0)
        meta = tr("HTTP status %1").arg(status);
    else if (!requestId.isEmpty())
        meta = tr("Request id %1").arg(requestId);
    if (meta.isEmpty())
        return;
    auto *metaRow = new QHBoxLayout;
    metaRow->setSpacing(6);
    m_metaLabel = makeTextLabel(breakLongRuns(meta), this);
    m_metaLabel->setObjectName(u"errorCardMeta"_s);
    m_metaLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_metaLabel->setAccessibleName(tr("Status and request id"));
    m_metaLabel->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_metaLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_metaLabel->setFont(small);
    metaRow->addWidget(m_metaLabel, 1);
    if (!requestId.isEmpty()) {
        m_copyButton = new QToolButton(this);
        m_copyButton->setObjectName(u"copyRequestIdButton"_s);
        m_copyButton->setIcon(QIcon(u":/icons/copy.svg"_s));
        m_copyButton->setText(tr("Copy"));
        m_copyButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_copyButton->setAutoRaise(true);
        m_copyButton->setFocusPolicy(Qt::StrongFocus);
        m_copyButton->setAccessibleName(tr("Copy request id"));
        m_copyButton->setToolTip(tr("Copy the request id to the clipboard"));
        connect(m_copyButton, &QToolButton::clicked, this, &ErrorCard::copyRequestId);
        metaRow->addWidget(m_copyButton, 0, Qt::AlignVCenter);
    }
    body->addLayout(metaRow);
}

QPushButton *ErrorCard::addActionButton(CardAction action, bool primary)
{
    const QString label = ErrorWords::actionLabel(action, m_facts);
    auto *button = new QPushButton(label, this);
    button->setObjectName(u"errorCardAction_"_s + ErrorCards::actionName(action));
    button->setAccessibleName(label);
    button->setAutoDefault(false);
    if (action == CardAction::TryAgain || action == CardAction::Regenerate)
        button->setIcon(QIcon(u":/icons/retry.svg"_s));
    else if (action == CardAction::OpenSettings || action == CardAction::AddKey)
        button->setIcon(QIcon(u":/icons/settings.svg"_s));
    if (primary) {
        QFont font = button->font();
        font.setBold(true);
        button->setFont(font);
    }
    connect(button, &QPushButton::clicked, this,
            [this, action] { Q_EMIT actionTriggered(action); });
    m_buttons.append(button);
    return button;
}

QPushButton *ErrorCard::actionButton(CardAction action) const
{
    const int at = int(m_facts.actions.indexOf(action));
    return at >= 0 && at < m_buttons.size() ? m_buttons.at(at) : nullptr;
}

QList<QPushButton *> ErrorCard::actionButtons() const
{
    return m_buttons;
}

bool ErrorCard::isDetailShown() const
{
    return m_detailLabel && (!m_detailToggle || m_detailToggle->isChecked());
}

void ErrorCard::setActionEnabled(bool enabled)
{
    for (QPushButton *button : std::as_const(m_buttons))
        button->setEnabled(enabled);
}

QString ErrorCard::titleText() const
{
    return m_titleLabel->text();
}

QString ErrorCard::explanationText() const
{
    return m_explanationLabel->text();
}

QString ErrorCard::detailText() const
{
    if (!m_detailLabel)
        return {};
    QString text = m_detailLabel->text();
    return text.remove(QChar(0x200B));
}

QString ErrorCard::metaText() const
{
    if (!m_metaLabel)
        return {};
    QString text = m_metaLabel->text();
    return text.remove(QChar(0x200B));
}

void ErrorCard::copyRequestId()
{
    const QString requestId = m_error.requestId.trimmed();
    if (requestId.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(requestId);
    if (m_copyButton) {
        m_copyButton->setText(tr("Copied"));
        QAccessibleEvent event(m_copyButton, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
        m_copiedTimer.start();
    }
}

void ErrorCard::setProbeDue(ProbeDue due, Clock clock)
{
    if (!m_probeLabel)
        return;
    m_probeDue = std::move(due);
    m_clock = clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); });
    if (!m_probeTimer.interval()) {
        m_probeTimer.setInterval(200); // the text changes once a second; this keeps it on time
        connect(&m_probeTimer, &QTimer::timeout, this, &ErrorCard::updateProbeLine);
    }
    // While the line counts down, the explanation's own "try again in 18 s" (the wait when
    // the card was made) would contradict it: the words without a number instead.
    const bool live = bool(m_probeDue);
    const bool timed = m_error.retryAfter && *m_error.retryAfter > std::chrono::milliseconds{0};
    m_explanationLabel->setText(live && timed
                                        ? tr("After repeated failures Steadfast paused requests "
                                             "to this server.")
                                        : ErrorWords::explanation(m_error));
    if (live)
        m_probeTimer.start();
    else
        m_probeTimer.stop();
    updateProbeLine();
}

QString ErrorCard::probeText() const
{
    return m_probeLabel && !m_probeLabel->isHidden() ? m_probeLabel->text() : QString();
}

void ErrorCard::updateProbeLine()
{
    using namespace std::chrono;
    QString text;
    if (m_probeDue) {
        const steady_clock::time_point due = m_probeDue();
        const steady_clock::time_point now = m_clock();
        if (due == steady_clock::time_point::max()) {
            text = tr("Paused by you — resume from the connection status in the status bar");
        } else if (due > now) {
            text = tr("Service paused — next probe in %1")
                           .arg(ErrorWords::countdownText(duration_cast<milliseconds>(due - now)));
        } else {
            text = tr("The service can be tried again now");
        }
    }
    if (text == m_probeLabel->text() && m_probeLabel->isHidden() == text.isEmpty())
        return;
    m_probeLabel->setText(text);
    m_probeLabel->setVisible(!text.isEmpty());
    const QString explanation = m_explanationLabel->text();
    setAccessibleDescription(text.isEmpty() ? explanation : explanation + u'\n' + text);
    QAccessibleEvent event(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&event);
}

void ErrorCard::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    AccentFrame::paint(this, accentFor(m_severity), 0.07);
}

} // namespace steadfast
