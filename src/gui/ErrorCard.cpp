// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ErrorCard.h"

#include "gui/AccentFrame.h"
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
    : QFrame(parent)
    , m_error(error)
    , m_severity(ErrorText::severity(error))
{
    initGuiResources();
    setObjectName(u"errorCard"_s);
    setFrameShape(QFrame::NoFrame); // paintEvent() draws the card
    // Wrapped text: the height follows the width (heightForWidth), so no Maximum policy.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);

    const QString title = ErrorText::title(error);
    const QString explanation = ErrorText::explanation(error);
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
    m_iconLabel->setAccessibleName(ErrorText::severityName(m_severity));
    m_iconLabel->setToolTip(ErrorText::severityName(m_severity));
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

    // The server's own words (or, for a local failure, the technical description) beside the
    // plain ones: they are what a support request or a search needs. A cancel has none worth
    // showing ("cancelled by the user" says less than the title).
    const QString message = error.message.trimmed();
    if (!message.isEmpty() && error.kind != ApiError::Kind::Cancelled) {
        QString shown = message;
        if (shown.size() > maxDetailLength) {
            shown.truncate(maxDetailLength);
            if (shown.back().isHighSurrogate())
                shown.chop(1);
            shown += QChar(0x2026); // …
        }
        const bool fromServer = error.httpStatus >= 300;
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
        body->addWidget(m_detailLabel);
    }

    QString meta;
    const QString requestId = error.requestId.trimmed();
    if (error.httpStatus > 0 && !requestId.isEmpty())
        meta = tr("HTTP status %1 · Request id %2").arg(error.httpStatus).arg(requestId);
    else if (error.httpStatus > 0)
        meta = tr("HTTP status %1").arg(error.httpStatus);
    else if (!requestId.isEmpty())
        meta = tr("Request id %1").arg(requestId);
    if (!meta.isEmpty()) {
        auto *metaRow = new QHBoxLayout;
        metaRow->setSpacing(6);
        m_metaLabel = makeTextLabel(breakLongRuns(meta), this);
        m_metaLabel->setObjectName(u"errorCardMeta"_s);
        m_metaLabel->setTextInteractionFlags(Qt::TextSelectableByMouse
                                             | Qt::TextSelectableByKeyboard);
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

    const ErrorText::Action primary = ErrorText::primaryAction(error);
    if (primary != ErrorText::Action::None) {
        auto *buttons = new QHBoxLayout;
        buttons->setSpacing(8);
        body->addSpacing(2);
        body->addLayout(buttons);
        buttons->addWidget(addActionButton(primary, true));
        if (primary != ErrorText::Action::TryAgain)
            buttons->addWidget(addActionButton(ErrorText::Action::TryAgain, false));
        buttons->addStretch(1);
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

QPushButton *ErrorCard::addActionButton(ErrorText::Action action, bool primary)
{
    auto *button = new QPushButton(ErrorText::actionLabel(action), this);
    button->setObjectName(u"errorCardAction_"_s + ErrorText::actionName(action));
    button->setAccessibleName(ErrorText::actionLabel(action));
    button->setAutoDefault(false);
    if (action == ErrorText::Action::TryAgain)
        button->setIcon(QIcon(u":/icons/retry.svg"_s));
    else if (action == ErrorText::Action::OpenSettings)
        button->setIcon(QIcon(u":/icons/settings.svg"_s));
    if (primary) {
        QFont font = button->font();
        font.setBold(true);
        button->setFont(font);
    }
    connect(button, &QPushButton::clicked, this,
            [this, action] { Q_EMIT actionTriggered(action); });
    m_buttons.insert(action, button);
    return button;
}

QPushButton *ErrorCard::actionButton(ErrorText::Action action) const
{
    return m_buttons.value(action, nullptr);
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

void ErrorCard::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    AccentFrame::paint(this, accentFor(m_severity), 0.07);
}

} // namespace steadfast
