// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/session/ChatSession.h"
#include "core/settings/Settings.h"
#include "gui/ErrorText.h"
#include "gui/SettingsDialog.h"
#include "gui/Simulator.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QComboBox;
class QMimeData;
class QLabel;
class QMenu;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSplitter;

namespace steadfast {

class ActivityLogDock;
class BreakerRegistry;
class ChatService;
class ChatSession;
class ConnectionController;
class Conversation;
class ConversationLibrary;
class TimelineView;
class EventRecorder;
class HealthMonitor;
class KeyStore;
class ModelsClient;
class RateLimitLabel;
class RetryBanner;
class Sidebar;
class StatusIndicator;
class StatusStrip;
class UndoBar;

/// The long-lived objects main() creates once and the window shows (none owned by it).
struct AppServices
{
    QNetworkAccessManager *network = nullptr;
    BreakerRegistry *breakers = nullptr;
    HealthMonitor *health = nullptr; // the endpoints' health, for the status indicator
    ChatService *service = nullptr;
    EventRecorder *recorder = nullptr;
    Settings *settings = nullptr;
    KeyStore *keys = nullptr;
    ConversationLibrary *library = nullptr; // null: it could not be opened (nothing is saved)
    Conversation *conversation = nullptr;
    ChatSession *session = nullptr;
    ConnectionController *connection = nullptr;
    Simulator *simulator = nullptr;   // the embedded demo server (null: none)
    QSettings *windowState = nullptr; // window geometry and docks (may be null: not kept)
    QStringList startupProblems;      // what went wrong at start-up, said in the window
};

/// The chat window: the conversation, the input with Send/Stop, the retry banner, the status
/// indicator and rate limits in the status bar, the activity log dock, Settings, and the
/// Simulate menu for the demo server. It shows state and forwards intent; every decision is
/// made in the core (STYLE.md §1).
class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// Below this width the sidebar steps aside for the conversation.
    static constexpr int narrowWidth = 720;

    explicit ChatWindow(const AppServices &services, QWidget *parent = nullptr);
    ~ChatWindow() override;

    void setDraft(const QString &draft);
    QString draft() const;
    bool isDemo() const;
    QUrl baseUrl() const;
    /// Arms a scenario of the Simulate menu on the demo server (its entries' ids).
    bool simulate(const QString &scenarioId);

    // For tests and the screenshot tool.
    TimelineView *conversationView() const { return m_view; }
    QPlainTextEdit *composer() const { return m_composer; }
    QPushButton *sendButton() const { return m_send; }
    RetryBanner *retryBanner() const { return m_banner; }
    StatusIndicator *statusIndicator() const { return m_indicator; }
    RateLimitLabel *rateLimitLabel() const { return m_rateLimits; }
    ActivityLogDock *activityLog() const { return m_log; }
    SettingsDialog *settingsDialog() const { return m_settingsDialog; }
    QMenu *simulateMenu() const { return m_simulateMenu; }
    QLabel *demoBadge() const { return m_demoBadge; }
    QComboBox *modelBox() const { return m_modelBox; }
    /// Null when the library could not be opened (nothing to list).
    Sidebar *sidebar() const { return m_sidebar; }
    UndoBar *messageUndoBar() const { return m_messageUndo; }
    QLabel *problemLabel() const { return m_saveProblem; }
    bool isKeyReady() const;
    StatusStrip *statusStrip() const { return m_statusStrip; }
    /// Whether the demo badge is shown (its tool bar action is visible).
    bool isDemoBadgeShown() const;

public Q_SLOTS:
    void sendDraft();
    void stop();
    void openSettings(steadfast::SettingsDialog::Focus focus = SettingsDialog::Focus::General);
    /// Creates a new conversation and shows it; false when that was refused (busy, or the
    /// library could not write: it said why).
    bool newConversation();
    /// Says what went wrong (a save that failed, a library that could not be opened) in the
    /// window, above the input, until the next message is saved.
    void showProblem(const QString &message);
    /// Shows another conversation of the library (refused while a request runs).
    bool openConversation(const QString &id);
    /// Shows that message of that conversation, its branch selected, scrolled to and
    /// highlighted (a search hit). Refused while a request runs.
    bool openMessage(const QString &conversationId, const QString &messageId);
    /// Imports a JSON export or backup (all or nothing) and opens the first conversation it
    /// made; says what happened. The ids created.
    QStringList importFile(const QString &path);
    /// Shows or hides the sidebar (Ctrl+B).
    void setSidebarVisible(bool visible);

Q_SIGNALS:
    /// The settings and the key are in effect (after start-up and after every change).
    void connectionApplied();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    /// A JSON export dropped on the window is imported.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildMenus();
    // The conversation library's side of the window (ChatWindowLibrary.cpp).
    QWidget *buildSidebar();
    void buildLibraryMenu(QMenu *conversation, QMenu *view);
    void wireLibrary();
    /// The open conversation changed: the sidebar's selection, the model box, the draft.
    void showOpenedConversation();
    /// The conversation shown went to the trash or away: show the newest other one, or a
    /// new one.
    void leaveConversation(const QString &id);
    void editConversationSettings();
    /// Hides the sidebar when the window becomes narrower than narrowWidth, and brings it back
    /// (if wanted) when it becomes wider again.
    void fitSidebar();
    /// The JSON files among dropped URLs.
    static QStringList jsonFiles(const QMimeData *data);
    void buildToolBar();
    void buildCentral();
    void buildStatusBar();
    void wireService();
    /// The connection in force changed: the badge, the labels, the title, the model box.
    void showConnection();
    void updateBusy(bool busy);
    /// Says in the window when an intent's message could not be saved (and so was not sent);
    /// true then.
    bool reportOutcome(const ChatSession::Result &result);
    void handleErrorAction(int index, steadfast::CardAction action);
    void editLastMessage();
    void saveDraftNow();
    void fetchModels();
    void chooseModel(const QString &model);
    /// The model box shows the model the open conversation uses.
    void showModel();
    void showAbout();
    /// A passing message in the status bar, elided to the room there is.
    void showStatusMessage(const QString &text, int timeoutMs = 0);
    /// The demo server is there and listening (Simulate can arm it).
    bool isDemoRunning() const;

    AppServices m_services;

    TimelineView *m_view = nullptr;
    QPlainTextEdit *m_composer = nullptr;
    QPushButton *m_send = nullptr;
    RetryBanner *m_banner = nullptr;
    StatusIndicator *m_indicator = nullptr;
    RateLimitLabel *m_rateLimits = nullptr;
    ActivityLogDock *m_log = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_demoBadge = nullptr;
    QAction *m_demoBadgeAction = nullptr; // the tool bar's: shows and hides the badge
    StatusStrip *m_statusStrip = nullptr;
    bool m_armedShown = false;   // the strip says a Simulate fault is armed
    bool m_sidebarWanted = true; // the user's choice (Ctrl+B), whatever the width
    bool m_narrow = false;       // the window is narrower than narrowWidth
    QLabel *m_saveProblem = nullptr;
    QSplitter *m_splitter = nullptr;
    Sidebar *m_sidebar = nullptr; // null without a library
    UndoBar *m_messageUndo = nullptr;
    QAction *m_sidebarAction = nullptr;
    QComboBox *m_modelBox = nullptr;
    QMenu *m_simulateMenu = nullptr;
    QAction *m_stopAction = nullptr;
    QPointer<SettingsDialog> m_settingsDialog;
    QTimer m_draftTimer;
};

} // namespace steadfast
