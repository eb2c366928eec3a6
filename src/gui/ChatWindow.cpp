// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ChatWindow.h"

#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/net/ChatService.h"
#include "core/net/HttpPolicy.h"
#include "core/net/ModelsClient.h"
#include "core/protocol/RateLimitInfo.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/ChatSession.h"
#include "core/session/ConnectionController.h"
#include "core/session/EventRecorder.h"
#include "core/settings/KeyStore.h"
#include "gui/ActivityLogDock.h"
#include "gui/ErrorCard.h"
#include "gui/RateLimitLabel.h"
#include "gui/RetryBanner.h"
#include "gui/Sidebar.h"
#include "gui/StatusIndicator.h"
#include "gui/StatusStrip.h"
#include "gui/TimelineView.h"
#include "gui/UndoBar.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace steadfast {

ChatWindow::ChatWindow(const AppServices &services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
{
    setWindowIcon(QIcon(u":/icons/steadfast.svg"_s));
    m_services.recorder->setRecordDeltas(false);

    buildCentral();
    buildToolBar();
    buildStatusBar();
    m_log = new ActivityLogDock(m_services.recorder, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_log);
    m_log->hide();
    buildMenus();
    wireService();

    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(400);
    connect(&m_draftTimer, &QTimer::timeout, this, &ChatWindow::saveDraftNow);
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this] { m_draftTimer.start(); });

    ConnectionController *connection = m_services.connection;
    connect(connection, &ConnectionController::connectionChanged, this,
            &ChatWindow::showConnection);
    connect(connection, &ConnectionController::keyReady, this, [this] {
        updateBusy(m_services.session->isBusy());
        Q_EMIT connectionApplied();
    });
    // What belonged to the old endpoint goes with it.
    connect(connection, &ConnectionController::endpointChanged, this,
            [this] { m_rateLimits->setInfo(RateLimitInfo{}); });
    connect(connection, &ConnectionController::modelsChanged, this,
            [this](const QStringList &models) {
                QSignalBlocker blocker(m_modelBox);
                m_modelBox->clear();
                m_modelBox->addItems(models);
                showModel();
            });
    connect(connection, &ConnectionController::modelChosen, this,
            [this](const QString &previous, const QString &chosen) {
                showModel();
                showStatusMessage(previous.isEmpty()
                                          ? tr("Using %1, the first model %2 lists.")
                                                    .arg(chosen, baseUrl().authority())
                                          : tr("%1 does not list %2: using %3 instead.")
                                                    .arg(baseUrl().authority(), previous, chosen),
                                  15000);
            });

    if (QSettings *state = m_services.windowState) {
        restoreGeometry(state->value(u"window/geometry"_s).toByteArray());
        restoreState(state->value(u"window/state"_s).toByteArray());
        m_splitter->restoreState(state->value(u"window/splitter"_s).toByteArray());
        if (m_sidebar)
            setSidebarVisible(state->value(u"window/sidebarVisible"_s, true).toBool());
    }
    wireLibrary();
    if (!m_services.windowState || !m_services.windowState->contains(u"window/geometry"_s))
        resize(900, 720);
    // Below this the input, the Send button and the status indicator no longer fit.
    setMinimumSize(480, 360);

    showConnection();
    if (m_services.connection->isKeyReady()) {
        // The key was there at once (the environment, or none needed): in effect already.
        QTimer::singleShot(0, this, [this] { Q_EMIT connectionApplied(); });
    }
    updateBusy(false);
    if (!m_services.startupProblems.isEmpty())
        showProblem(m_services.startupProblems.join(u'\n'));
    m_composer->setFocus();
}

ChatWindow::~ChatWindow()
{
    // A draft typed in the last moments before the window goes is not left to the timer.
    if (m_draftTimer.isActive())
        saveDraftNow();
}

void ChatWindow::buildCentral()
{
    // The sidebar beside the chat column, in a splitter whose sizes are remembered.
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    if (QWidget *sidebar = buildSidebar())
        m_splitter->addWidget(sidebar);
    auto *central = new QWidget(m_splitter);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);

    m_view = new TimelineView(m_services.conversation, m_services.session, central);
    layout->addWidget(m_view, 1);

    m_messageUndo = new UndoBar(central);
    m_messageUndo->setObjectName(u"messageUndoBar"_s);
    layout->addWidget(m_messageUndo);

    m_banner = new RetryBanner(central);
    layout->addWidget(m_banner);

    m_saveProblem = new QLabel(central);
    m_saveProblem->setObjectName(u"saveProblem"_s);
    m_saveProblem->setAccessibleName(tr("Problem"));
    m_saveProblem->setWordWrap(true);
    m_saveProblem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_saveProblem->setStyleSheet(
            u"QLabel#saveProblem { background: #fbe3e4; color: #6b1014; "
            "border: 1px solid #d9534f; border-radius: 4px; padding: 6px; }"_s);
    m_saveProblem->hide();
    layout->addWidget(m_saveProblem);

    auto *inputRow = new QHBoxLayout;
    m_composer = new QPlainTextEdit(central);
    m_composer->setObjectName(u"composer"_s);
    m_composer->setPlaceholderText(tr("Message the model (Enter sends, Shift+Enter adds a line)"));
    m_composer->setAccessibleName(tr("Message"));
    m_composer->setTabChangesFocus(true);
    m_composer->setFixedHeight(m_composer->fontMetrics().lineSpacing() * 4
                               + 2 * int(m_composer->document()->documentMargin()) + 4);
    m_composer->installEventFilter(this);
    inputRow->addWidget(m_composer, 1);

    m_send = new QPushButton(central);
    m_send->setObjectName(u"sendButton"_s);
    m_send->setDefault(false);
    m_send->setAutoDefault(false);
    m_send->setMinimumWidth(90);
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (m_services.session->isBusy())
            stop();
        else
            sendDraft();
    });
    inputRow->addWidget(m_send, 0, Qt::AlignBottom);
    layout->addLayout(inputRow);
    m_splitter->addWidget(central);
    m_splitter->setStretchFactor(m_splitter->indexOf(central), 1);
    if (m_sidebar) {
        m_splitter->setStretchFactor(m_splitter->indexOf(m_sidebar), 0);
        m_splitter->setSizes({260, 640});
    }
    setCentralWidget(m_splitter);

    connect(m_view, &TimelineView::errorActionTriggered, this, &ChatWindow::handleErrorAction);
    ChatSession *session = m_services.session;
    connect(m_view, &TimelineView::editSubmitted, this, [this](int row, const QString &text) {
        // An edit that could not be saved stays in its editor, as typed.
        if (reportOutcome(m_services.session->editAndResend(row, text)))
            m_view->startEditing(row, text);
    });
    connect(m_view, &TimelineView::regenerateRequested, this,
            [this](int row) { reportOutcome(m_services.session->regenerate(row)); });
    connect(m_view, &TimelineView::continueRequested, this,
            [this] { reportOutcome(m_services.session->continueReply()); });
    connect(m_view, &TimelineView::deleteRequested, session, &ChatSession::deleteItem);
    connect(session, &ChatSession::itemDeleted, this, [this](ConversationItem::Kind kind) {
        m_messageUndo->showMessage(kind == ConversationItem::Kind::User
                                           ? tr("Message deleted, with what followed it.")
                                           : tr("Reply deleted."));
    });
    connect(m_messageUndo, &UndoBar::undoRequested, session, &ChatSession::undoDelete);
    connect(m_view, &TimelineView::versionRequested, session, &ChatSession::switchVersion);
    connect(m_banner, &RetryBanner::retryNowRequested, m_services.session, &ChatSession::retryNow);
    connect(m_banner, &RetryBanner::cancelRequested, this, &ChatWindow::stop);
    connect(m_banner, &RetryBanner::longWaitAccepted, m_services.session,
            &ChatSession::acceptLongWait);
}

void ChatWindow::buildMenus()
{
    QMenu *conversation = menuBar()->addMenu(tr("&Conversation"));
    QAction *newAction =
            conversation->addAction(tr("&New conversation"), this, &ChatWindow::newConversation);
    newAction->setShortcut(QKeySequence::New);
    m_stopAction = conversation->addAction(QIcon(u":/icons/stop.svg"_s), tr("&Stop"), this,
                                           &ChatWindow::stop);
    m_stopAction->setShortcut(Qt::Key_Escape);
    m_stopAction->setShortcutContext(Qt::WindowShortcut);
    conversation->addSeparator();
    QMenu *view = menuBar()->addMenu(tr("&View"));
    buildLibraryMenu(conversation, view);
    QAction *settings = conversation->addAction(QIcon(u":/icons/settings.svg"_s), tr("S&ettings…"),
                                                this, [this] { openSettings(); });
    // Not every platform theme defines Preferences (plain X11 has none): Ctrl+, always works.
    const QKeySequence preferences(QKeySequence::Preferences);
    settings->setShortcut(preferences.isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma)
                                                : preferences);
    conversation->addSeparator();
    QAction *quit = conversation->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QAction *logAction = m_log->toggleViewAction();
    logAction->setText(tr("&Activity log"));
    logAction->setIcon(QIcon(u":/icons/log.svg"_s));
    logAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(logAction);

    m_simulateMenu = menuBar()->addMenu(tr("S&imulate"));
    m_simulateMenu->setObjectName(u"simulateMenu"_s);
    m_simulateMenu->setToolTipsVisible(true);
    const QList<SimulateEntry> entries = m_services.simulator
            ? m_services.simulator->entries(m_services.connection->values())
            : QList<SimulateEntry>();
    for (const SimulateEntry &entry : entries) {
        if (entry.separatorBefore)
            m_simulateMenu->addSeparator();
        QAction *action = m_simulateMenu->addAction(entry.label);
        action->setObjectName(u"simulate-"_s + entry.id);
        action->setData(entry.id);
        action->setToolTip(entry.statusTip);
        action->setStatusTip(entry.statusTip);
        connect(action, &QAction::triggered, this, [this, id = entry.id] { simulate(id); });
    }
    m_simulateMenu->addSeparator();
    QAction *clearFaults = m_simulateMenu->addAction(tr("Clear armed faults"), this, [this] {
        if (isDemoRunning()) {
            m_services.simulator->reset();
            showStatusMessage(tr("Demo server: no faults armed."), 5000);
        }
    });
    clearFaults->setObjectName(u"simulate-clear"_s);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Steadfast"), this, &ChatWindow::showAbout);
}

void ChatWindow::wireService()
{
    // The window talks to the session alone: it relays the service's live signals.
    ChatSession *session = m_services.session;
    connect(session, &ChatSession::busyChanged, this, &ChatWindow::updateBusy);
    connect(session, &ChatSession::retryScheduled, m_banner, &RetryBanner::showRetry);
    connect(session, &ChatSession::retryCountdown, m_banner, &RetryBanner::updateCountdown);
    connect(session, &ChatSession::longWaitRequested, m_banner, &RetryBanner::showLongWait);
    connect(session, &ChatSession::rateLimitUpdated, m_rateLimits, &RateLimitLabel::setInfo);
    connect(session, &ChatSession::responseWaiting, this, [this](qint64 elapsedMs) {
        const int seconds = int(elapsedMs / 1000);
        m_view->setWaitingText(tr("Waiting for the model… %n s", nullptr, seconds));
    });
    connect(session, &ChatSession::attemptStarted, this, [this](int attempt, int allowed) {
        if (std::exchange(m_armedShown, false))
            m_statusStrip->clearMessage(); // the armed fault is playing now
        m_view->setWaitingText(attempt > 1
                                       ? tr("Sending (attempt %1 of %2)…").arg(attempt).arg(allowed)
                                       : tr("Sending…"));
    });
    connect(session, &ChatSession::stateChanged, this, [this](ChatService::State state) {
        if (state != ChatService::State::WaitingToRetry
            && state != ChatService::State::WaitingForConsent)
            m_banner->clear();
        if (state == ChatService::State::Streaming)
            m_view->setWaitingText(tr("Receiving…"));
        else if (state != ChatService::State::Sending)
            m_view->setWaitingText({});
    });
    connect(session, &ChatSession::delta, this, [this] { m_view->setWaitingText({}); });
    connect(session, &ChatSession::streamSilent, m_view, &TimelineView::setStreamSilence);
    connect(session, &ChatSession::saveFailed, this,
            [this](const QString &message) { showProblem(tr("Could not save: %1").arg(message)); });
}

bool ChatWindow::reportOutcome(const ChatSession::Result &result)
{
    if (result.outcome != ChatSession::Outcome::NotSaved) {
        // A message was saved: the problem is over. Without a library nothing is saved,
        // and the window keeps saying so.
        const bool saved = result.outcome == ChatSession::Outcome::Sent
                || result.outcome == ChatSession::Outcome::Invalid;
        if (saved && m_services.library)
            m_saveProblem->hide();
        return false;
    }
    showProblem(tr("Could not save your message, so it was not sent: %1").arg(result.why));
    return true;
}

void ChatWindow::showProblem(const QString &message)
{
    // In the window, not a passing status message: what could not be saved matters until it
    // can be. Typed text stays in the input (sendDraft keeps it).
    m_saveProblem->setText(message);
    m_saveProblem->setAccessibleDescription(m_saveProblem->text());
    m_saveProblem->show();
}

void ChatWindow::updateBusy(bool busy)
{
    m_send->setText(busy ? tr("Stop") : tr("Send"));
    m_send->setIcon(QIcon(busy ? u":/icons/stop.svg"_s : u":/icons/send.svg"_s));
    m_send->setToolTip(busy ? tr("Stop this request (Esc)") : tr("Send the message (Enter)"));
    m_send->setAccessibleName(busy ? tr("Stop") : tr("Send"));
    m_send->setEnabled(busy || isKeyReady());
    m_stopAction->setEnabled(busy);
    if (!busy)
        m_view->setWaitingText({});
}

void ChatWindow::sendDraft()
{
    if (m_services.session->isBusy() || !isKeyReady())
        return;
    // The session commits the message before anything is sent; the composer is emptied
    // only then, so a message is never in neither place. One that could not be saved stays
    // here, and the window says why.
    const ChatSession::Result result = m_services.session->send(m_composer->toPlainText());
    switch (result.outcome) {
    case ChatSession::Outcome::Sent:
    case ChatSession::Outcome::Invalid: // in the conversation, with a card saying what to fix
        reportOutcome(result);
        m_composer->clear();
        saveDraftNow();
        break;
    case ChatSession::Outcome::NotSaved:
        reportOutcome(result); // the text stays in the composer
        break;
    case ChatSession::Outcome::Empty:
    case ChatSession::Outcome::Busy:
    case ChatSession::Outcome::Refused:
        break;
    }
}

void ChatWindow::stop()
{
    if (m_services.session->isBusy())
        m_services.session->cancel();
}

void ChatWindow::editLastMessage()
{
    // Edited in place: the new text goes as a new version beside the old message.
    const int row = m_services.conversation->lastIndexOf(ConversationItem::Kind::User);
    if (row >= 0)
        m_view->startEditing(row);
}

void ChatWindow::handleErrorAction(int index, CardAction action)
{
    // The card offered only what the session's rule allows (ChatSession::cardFacts()), and
    // only while its buttons act (CardActions): this performs it.
    switch (action) {
    case CardAction::OpenSettings:
    case CardAction::AddKey:
        openSettings(SettingsDialog::Focus::ApiKey);
        break;
    case CardAction::ChooseModel:
        m_modelBox->setFocus();
        m_modelBox->showPopup();
        fetchModels();
        break;
    case CardAction::EditMessage:
        editLastMessage();
        break;
    case CardAction::OpenBillingPage: {
        const QUrl billing = m_services.session->cardFacts(index).billingUrl;
        if (billing.isValid() && !billing.isEmpty())
            QDesktopServices::openUrl(billing);
        break;
    }
    case CardAction::TryAgain:
        reportOutcome(m_services.session->retry());
        break;
    case CardAction::SendWhenBack:
        reportOutcome(m_services.session->retry(ChatService::WhenOpen::WaitForProbe));
        break;
    case CardAction::Continue:
        reportOutcome(m_services.session->continueReply());
        break;
    case CardAction::Regenerate:
        reportOutcome(
                m_services.session->regenerate(m_services.session->cardFacts(index).replyRow));
        break;
    case CardAction::NewConversation: {
        // The message that did not fit goes along, into the new conversation's input.
        const int user = m_services.conversation->lastIndexOf(ConversationItem::Kind::User);
        const QString message = user >= 0 ? m_services.conversation->at(user).text : QString();
        if (!newConversation())
            break;
        setDraft(message);
        saveDraftNow();
        break;
    }
    case CardAction::Wait:
        m_services.session->acceptLongWait();
        break;
    case CardAction::None:
        break;
        break;
    }
}

void ChatWindow::openSettings(SettingsDialog::Focus focus)
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(
                m_services.settings, m_services.keys, m_services.network,
                m_services.simulator ? m_services.simulator->baseUrl() : QUrl(), this);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_settingsDialog->focus(focus);
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
}

bool ChatWindow::isDemoRunning() const
{
    return m_services.simulator && !m_services.simulator->baseUrl().isEmpty();
}

bool ChatWindow::simulate(const QString &scenarioId)
{
    if (!isDemoRunning() || !isDemo())
        return false;
    const AppSettings values = m_services.connection->values();
    for (const SimulateEntry &entry : m_services.simulator->entries(values)) {
        if (entry.id != scenarioId || !m_services.simulator->arm(entry.id, values))
            continue;
        // Said until the request that plays it starts (wireService()).
        showStatusMessage(tr("Armed for the next request: %1").arg(entry.label));
        m_armedShown = true;
        return true;
    }
    return false;
}

void ChatWindow::setDraft(const QString &draft)
{
    m_composer->setPlainText(draft);
    m_composer->moveCursor(QTextCursor::End);
    m_draftTimer.stop();
}

QString ChatWindow::draft() const
{
    return m_composer->toPlainText();
}

void ChatWindow::saveDraftNow()
{
    m_draftTimer.stop();
    if (m_services.library && !m_services.conversation->conversationId().isEmpty()) {
        m_services.library->saveDraft(m_services.conversation->conversationId(),
                                      m_composer->toPlainText());
    }
}

bool ChatWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_composer && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && !(key->modifiers() & Qt::ShiftModifier)) {
            sendDraft();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void ChatWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    fitSidebar();
}

void ChatWindow::closeEvent(QCloseEvent *event)
{
    saveDraftNow();
    if (QSettings *state = m_services.windowState) {
        state->setValue(u"window/geometry"_s, saveGeometry());
        state->setValue(u"window/state"_s, saveState());
        state->setValue(u"window/splitter"_s, m_splitter->saveState());
        if (m_sidebar)
            state->setValue(u"window/sidebarVisible"_s, m_sidebarWanted);
    }
    QMainWindow::closeEvent(event);
}

void ChatWindow::showAbout()
{
    QMessageBox::about(this, tr("About Steadfast"),
                       tr("<h3>Steadfast %1</h3><p>A chat client for OpenAI-compatible APIs "
                          "that shows every retry, countdown and circuit-breaker state as it "
                          "happens, and never loses what you typed.</p><p>Licensed under the "
                          "GNU GPL, version 3 or later.</p>")
                               .arg(QStringLiteral(STEADFAST_VERSION)));
}

} // namespace steadfast
