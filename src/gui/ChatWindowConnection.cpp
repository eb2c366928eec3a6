// SPDX-License-Identifier: GPL-3.0-or-later
// The chat window's side of the connection: the tool bar (badge, server, model box), the
// status strip (indicator, rate limits, messages), and what follows the connection in force.
// The rest of the window is in ChatWindow.cpp.
#include "gui/ChatWindow.h"

#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/net/HttpPolicy.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/ChatSession.h"
#include "core/session/ConnectionController.h"
#include "gui/RateLimitLabel.h"
#include "gui/StatusIndicator.h"
#include "gui/StatusStrip.h"
#include "gui/TimelineView.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QStatusBar>
#include <QStatusTipEvent>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace steadfast {

void ChatWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Connection"));
    bar->setObjectName(u"connectionToolBar"_s);
    bar->setMovable(false);

    m_demoBadge = new QLabel(tr("Demo server"), bar);
    m_demoBadge->setObjectName(u"demoBadge"_s);
    m_demoBadge->setToolTip(tr("Replies come from the demo server built into Steadfast. Use the "
                               "Simulate menu to make it fail; open Settings to use a real "
                               "provider."));
    m_demoBadge->setAccessibleName(tr("Demo server in use"));
    m_demoBadge->setStyleSheet(u"QLabel#demoBadge { background: #6a4fb3; color: white; "
                               "border-radius: 8px; padding: 2px 8px; font-weight: bold; }"_s);
    // A tool bar shows or hides its widgets through their actions, not the widgets.
    m_demoBadgeAction = bar->addWidget(m_demoBadge);

    m_connectionLabel = new QLabel(bar);
    m_connectionLabel->setObjectName(u"connectionLabel"_s);
    m_connectionLabel->setContentsMargins(8, 0, 8, 0);
    bar->addWidget(m_connectionLabel);

    auto *modelLabel = new QLabel(tr("&Model:"), bar);
    m_modelBox = new QComboBox(bar);
    m_modelBox->setObjectName(u"modelBox"_s);
    m_modelBox->setEditable(true);
    m_modelBox->setInsertPolicy(QComboBox::NoInsert);
    m_modelBox->setMinimumContentsLength(18);
    m_modelBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelBox->setAccessibleName(tr("Model"));
    m_modelBox->lineEdit()->setAccessibleName(tr("Model"));
    modelLabel->setBuddy(m_modelBox);
    bar->addWidget(modelLabel);
    bar->addWidget(m_modelBox);
    connect(m_modelBox, &QComboBox::activated, this,
            [this](int index) { chooseModel(m_modelBox->itemText(index)); });
    connect(m_modelBox->lineEdit(), &QLineEdit::editingFinished, this,
            [this] { chooseModel(m_modelBox->currentText()); });

    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    QAction *settings = bar->addAction(QIcon(u":/icons/settings.svg"_s), tr("Settings"));
    settings->setToolTip(tr("Provider, API key, model, retries and timeouts"));
    connect(settings, &QAction::triggered, this, [this] { openSettings(); });
}

void ChatWindow::buildStatusBar()
{
    m_indicator = new StatusIndicator(m_services.health, m_services.breakers);
    m_rateLimits = new RateLimitLabel;
    // One strip, laid out by priority: the indicator whole, the rest elided.
    m_statusStrip = new StatusStrip(m_indicator, m_rateLimits, statusBar());
    statusBar()->addWidget(m_statusStrip, 1);
}

void ChatWindow::showStatusMessage(const QString &text, int timeoutMs)
{
    m_statusStrip->showMessage(text, timeoutMs);
}

bool ChatWindow::event(QEvent *event)
{
    // Menu items' status tips go to the strip too: QStatusBar's own message would be painted
    // over the strip, unelided.
    if (event->type() == QEvent::StatusTip) {
        showStatusMessage(static_cast<QStatusTipEvent *>(event)->tip());
        return true;
    }
    return QMainWindow::event(event);
}

void ChatWindow::showConnection()
{
    const ConnectionController *connection = m_services.connection;
    const AppSettings values = connection->values();
    const QUrl url = connection->baseUrl();
    m_indicator->setEndpoint(url);
    // The CircuitOpen cards about this endpoint count down to its probe (asked each tick).
    m_view->setProbeDue([this] { return m_services.breakers->breakerFor(baseUrl())->probeDueAt(); },
                        HttpPolicy::hostOf(url));
    // The scenarios' descriptions name the current timeouts ("after the idle timeout (30 s)").
    const QList<SimulateEntry> entries =
            m_services.simulator ? m_services.simulator->entries(values) : QList<SimulateEntry>();
    for (const SimulateEntry &entry : entries) {
        if (auto *action = m_simulateMenu->findChild<QAction *>(u"simulate-"_s + entry.id)) {
            action->setToolTip(entry.statusTip);
            action->setStatusTip(entry.statusTip);
        }
    }
    const bool demo = isDemo();
    m_demoBadgeAction->setVisible(demo);
    m_simulateMenu->setEnabled(demo && isDemoRunning());
    m_simulateMenu->setToolTip(demo ? QString()
                                    : tr("Simulate works with the demo server (Settings → "
                                         "Provider)."));
    const ProviderPreset preset = presetFor(values.provider);
    m_connectionLabel->setText(demo ? url.authority()
                                    : tr("%1 · %2").arg(preset.translatedName(), url.authority()));
    m_connectionLabel->setToolTip(url.toString());
    // The platform adds the application's name ("Demo server — Steadfast").
    setWindowTitle(demo ? tr("Demo server") : preset.translatedName());
    showModel();
    updateBusy(m_services.session->isBusy());
}

void ChatWindow::fetchModels()
{
    m_services.connection->fetchModels();
}

void ChatWindow::showModel()
{
    // The model the open conversation uses: its own, or the default.
    const QString model = m_services.session->effectiveConnection().model;
    QSignalBlocker blocker(m_modelBox);
    if (m_modelBox->findText(model) < 0)
        m_modelBox->insertItem(0, model);
    m_modelBox->setCurrentText(model);
}

void ChatWindow::chooseModel(const QString &model)
{
    const QString trimmed = model.trimmed();
    if (trimmed.isEmpty() || trimmed == m_services.session->effectiveConnection().model)
        return;
    // A conversation with a model of its own changes its own; else the default changes.
    ConversationLibrary *library = m_services.library;
    const QString id = m_services.conversation->conversationId();
    if (const std::optional<ConversationInfo> info =
                library && !id.isEmpty() ? library->conversation(id) : std::nullopt;
        info && !info->settings.model.isEmpty()) {
        ConversationSettings own = info->settings;
        own.model = trimmed;
        library->setConversationSettings(id, own);
        showModel();
        return;
    }
    AppSettings values = m_services.settings->values();
    values.model = trimmed;
    m_services.settings->setValues(values);
}

bool ChatWindow::isDemo() const
{
    return m_services.connection->isDemo();
}

QUrl ChatWindow::baseUrl() const
{
    return m_services.connection->baseUrl();
}

bool ChatWindow::isDemoBadgeShown() const
{
    return m_demoBadgeAction->isVisible();
}

bool ChatWindow::isKeyReady() const
{
    return m_services.connection->isKeyReady();
}

} // namespace steadfast
