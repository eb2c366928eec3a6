// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/health/HealthMonitor.h"
#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/net/ChatService.h"
#include "core/net/ModelsClient.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/ChatSession.h"
#include "core/session/ConnectionController.h"
#include "core/session/EventRecorder.h"
#include "core/settings/KeyStore.h"
#include "core/settings/Settings.h"
#include "demo/DemoServer.h"
#include "gui/ChatWindow.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QSettings>

#include <chrono>
#include <memory>

namespace steadfast {

/// The application's long-lived objects, created once in dependency order and wired: what
/// main() runs, and what the GUI tests start (and start again, to test a restart) with a
/// profile folder of their own. Owns everything; the window gets pointers (AppServices).
class AppContext
{
public:
    struct Options
    {
        /// Settings, the conversation library and the key file live here; empty: the user's
        /// folders (QStandardPaths) and the native QSettings.
        QString profileDir;
        QString keychainService = QStringLiteral("steadfast");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        bool demoServer = true;
        std::chrono::milliseconds demoChunkDelay{25};
    };

    explicit AppContext(const Options &options);
    ~AppContext();
    AppContext(const AppContext &) = delete;
    AppContext &operator=(const AppContext &) = delete;

    AppServices services();
    /// What went wrong at start-up that the user must hear of: the library could not be opened
    /// (nothing will be saved), or earlier files were damaged (set aside). Empty if nothing.
    QStringList startupProblems() const { return m_problems; }
    /// The database file of the conversation library.
    QString libraryPath() const;
    static QString demoReplyText();
    /// Qt's own and Steadfast's translations for the system locale (embedded under :/i18n).
    static void installTranslators(QCoreApplication *app);

    QSettings &settingsStore() { return *m_settingsStore; }
    Settings &settings() { return m_settings; }
    ChatService &service() { return m_service; }
    BreakerRegistry &breakers() { return m_breakers; }
    HealthMonitor &health() { return m_health; }
    ModelsClient &models() { return m_models; }
    ConversationLibrary &library() { return m_library; }
    Conversation &conversation() { return m_conversation; }
    ChatSession &session() { return m_session; }
    ConnectionController &connection() { return *m_connection; }
    KeyStore &keys() { return m_keys; }
    EventRecorder &recorder() { return m_recorder; }
    FaultServer &demoServer() { return m_demo.server(); }

private:
    static std::unique_ptr<QSettings> makeSettingsStore(const QString &profileDir);
    void openLibrary();

    QString m_dataDir;
    QString m_configDir;
    std::unique_ptr<QSettings> m_settingsStore;
    QNetworkAccessManager m_network;
    Settings m_settings;
    BreakerRegistry m_breakers;
    ChatService m_service;
    ModelsClient m_models;
    HealthMonitor m_health;
    EventRecorder m_recorder;
    KeyStore m_keys;
    ConversationLibrary m_library;
    Conversation m_conversation;
    ChatSession m_session;
    DemoServer m_demo;
    std::unique_ptr<ConnectionController> m_connection; // after the demo server listens
    QStringList m_problems;
};

} // namespace steadfast
