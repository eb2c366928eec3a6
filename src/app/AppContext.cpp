// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/AppContext.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

QString folder(const QString &profileDir, QStandardPaths::StandardLocation location)
{
    const QString path = profileDir.isEmpty() ? QStandardPaths::writableLocation(location)
                                              : QDir(profileDir).absolutePath();
    QDir().mkpath(path);
    return path;
}

} // namespace

std::unique_ptr<QSettings> AppContext::makeSettingsStore(const QString &profileDir)
{
    if (profileDir.isEmpty())
        return std::make_unique<QSettings>();
    QDir().mkpath(profileDir);
    return std::make_unique<QSettings>(QDir(profileDir).filePath(u"settings.ini"_s),
                                       QSettings::IniFormat);
}

AppContext::AppContext(const Options &options)
    : m_dataDir(folder(options.profileDir, QStandardPaths::AppDataLocation))
    , m_configDir(folder(options.profileDir, QStandardPaths::AppConfigLocation))
    , m_settingsStore(makeSettingsStore(options.profileDir))
    , m_settings(m_settingsStore.get(), options.environment)
    , m_breakers(m_settings.values().breakerOptions())
    , m_service(&m_network, &m_breakers)
    , m_models(&m_network)
    , m_health(&m_breakers)
    , m_recorder(&m_service, &m_breakers)
    , m_keys(options.keychainService, QDir(m_configDir).filePath(u"api-keys.json"_s),
             options.environment)
    , m_session(&m_service, &m_conversation)
{
    if (options.demoServer)
        m_demo.start(options.demoChunkDelay, demoReplyText());
    m_connection = std::make_unique<ConnectionController>(
            &m_settings, &m_keys, &m_service, &m_breakers, &m_session, &m_recorder,
            m_demo.baseUrl(), ConnectionController::FrontEnd());
    // What happens to every endpoint, for the window's status indicator.
    m_health.watch(&m_service);
    m_health.watch(&m_models);
    m_connection->watchModels(&m_models);
    openLibrary();
}

QString AppContext::libraryPath() const
{
    return QDir(m_dataDir).filePath(u"library.sqlite3"_s);
}

void AppContext::openLibrary()
{
    if (!m_library.open(libraryPath())) {
        // Nothing can be saved: the window says so, and the conversation lives in memory.
        m_problems.append(QCoreApplication::translate(
                                  "AppContext",
                                  "The conversation library could not be opened, so nothing "
                                  "you write now will be saved: %1")
                                  .arg(m_library.lastError()));
        return;
    }
    m_conversation.setLibrary(&m_library);
    // Conversations of earlier versions (conversation.json, draft.json, archive/) come in
    // once, in one transaction; the files stay beside the library, renamed.
    const LegacyMigration migration = m_library.migrateLegacyFiles(m_dataDir);
    for (const QString &problem : migration.problems) {
        m_problems.append(
                QCoreApplication::translate("AppContext",
                                            "An earlier conversation file could not be read "
                                            "and was set aside: %1")
                        .arg(problem));
    }
    // The conversation shown last, or a new one (an empty one is used again, not piled up).
    QString id = m_library.currentConversationId();
    if (id.isEmpty()) {
        const QList<ConversationInfo> all = m_library.conversations();
        if (!all.isEmpty() && all.first().messageCount == 0)
            id = all.first().id;
    }
    if (id.isEmpty())
        id = m_library.createConversation();
    if (!id.isEmpty() && m_session.openConversation(id))
        m_library.setCurrentConversationId(id);
}

AppContext::~AppContext()
{
    // Whatever was running ends before the objects it uses go.
    m_service.cancel();
}

AppServices AppContext::services()
{
    AppServices services;
    services.network = &m_network;
    services.breakers = &m_breakers;
    services.health = &m_health;
    services.service = &m_service;
    services.recorder = &m_recorder;
    services.settings = &m_settings;
    services.keys = &m_keys;
    services.library = m_library.isOpen() ? &m_library : nullptr;
    services.conversation = &m_conversation;
    services.session = &m_session;
    services.connection = m_connection.get();
    services.simulator = &m_demo; // its Simulate menu, whether it listens or not
    services.windowState = m_settingsStore.get();
    services.startupProblems = m_problems;
    return services;
}

void AppContext::installTranslators(QCoreApplication *app)
{
    auto *qt = new QTranslator(app);
    if (qt->load(QLocale(), u"qtbase"_s, u"_"_s,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto *own = new QTranslator(app);
    if (own->load(QLocale(), u"steadfast"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(own);
}

QString AppContext::demoReplyText()
{
    return QCoreApplication::translate(
            "AppContext",
            "Hello! This reply comes from the **demo server** built into Steadfast, streamed "
            "to you a few words at a time.\n\n"
            "Try the **Simulate** menu to make the next request fail, and watch what "
            "happens:\n\n"
            "- a *rate limit* shows a banner counting down to the retry;\n"
            "- an *outage* opens the circuit breaker in the status bar;\n"
            "- a *rejected key* shows a card with the button that fixes it.\n\n"
            "Code blocks stream in too:\n\n"
            "```cpp\n"
            "// Retries wait on a timer, never on a sleep.\n"
            "m_retryTimer.start(delay);\n"
            "```\n\n"
            "When you are ready, open **Settings** to talk to OpenAI, Ollama, LM Studio, "
            "llama.cpp or OpenRouter.");
}

} // namespace steadfast
