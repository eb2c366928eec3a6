// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/ChatService.h"
#include "core/settings/KeyStore.h"
#include "core/settings/Settings.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>

namespace steadfast {

class BreakerRegistry;
class ChatSession;
class EventRecorder;
class ModelsClient;

/// Which server the requests go to, with which key and which options: the choices a window
/// would otherwise make itself (STYLE.md §11, "The front door decides"). It reads Settings,
/// chooses between the built-in demo server and the configured one, loads the endpoint's key
/// from the KeyStore, hands the redacted key to the EventRecorder, and gives the ChatService,
/// the breakers and the ChatSession what they need. A window shows its answers; tests drive
/// it without widgets.
class ConnectionController : public QObject
{
    Q_OBJECT
public:
    /// What the front end wants from the service beyond the settings.
    struct FrontEnd
    {
        std::chrono::milliseconds tickInterval{100};
        ServiceOptions::LongWait longWait = ServiceOptions::LongWait::Ask;
    };

    /// None is owned. recorder may be null. Applies the settings at once (and again on every
    /// Settings::changed).
    ConnectionController(Settings *settings, KeyStore *keys, ChatService *service,
                         BreakerRegistry *breakers, ChatSession *session, EventRecorder *recorder,
                         QUrl demoBaseUrl, FrontEnd frontEnd, QObject *parent = nullptr);

    AppSettings values() const { return m_values; }
    /// The built-in demo server answers (Provider::Demo).
    bool isDemo() const;
    /// Where the requests go now.
    QUrl baseUrl() const;
    QUrl demoBaseUrl() const { return m_demoBaseUrl; }
    /// The key store's account of the current endpoint.
    QString account() const { return m_account; }
    /// The key of the endpoint has been looked up (found or not): requests may go.
    bool isKeyReady() const { return m_keyReady; }
    /// The key requests carry: none for the demo server, else the one loaded for the endpoint.
    QString requestKey() const;

    /// Lists the endpoint's models with this client (not owned): once the key of an endpoint
    /// is ready, and again on fetchModels(). The list belongs to the endpoint: it is cleared
    /// when the endpoint changes.
    void watchModels(ModelsClient *models);
    /// The models the current endpoint listed (empty until it has).
    QStringList models() const { return m_modelList; }

public Q_SLOTS:
    /// Reads the settings and applies them (the key is looked up again).
    void apply();
    /// Asks the endpoint for its models again (when the key is ready).
    void fetchModels();

Q_SIGNALS:
    /// The settings were applied: the endpoint, the model or the options may have changed.
    /// The key of the new endpoint may still be loading (isKeyReady()).
    void connectionChanged();
    /// The key of the current endpoint has been looked up: everything is in effect.
    void keyReady();
    /// The endpoint changed (another server, or another base URL): what belonged to the old one
    /// (rate limits, the model list) no longer applies. Comes before connectionChanged().
    void endpointChanged();
    /// The current endpoint's model list changed (cleared, or listed).
    void modelsChanged(const QStringList &models);
    /// The model was chosen for the endpoint: none was set (the first listed is used for this
    /// run, not saved), or the endpoint, changed during this run, does not list the default
    /// model (the settings then take the first listed). previous: that default, or empty.
    void modelChosen(const QString &previous, const QString &chosen);

private:
    void handleKeyLoaded(const QString &account, const QString &key);
    void updateSession();
    void handleModelsListed(const QStringList &models);
    QString listingKey() const;

    Settings *m_settings;        // not owned
    KeyStore *m_keys;            // not owned
    ChatService *m_service;      // not owned
    BreakerRegistry *m_breakers; // not owned
    ChatSession *m_session;      // not owned
    EventRecorder *m_recorder;   // not owned, may be null
    QUrl m_demoBaseUrl;
    FrontEnd m_frontEnd;
    AppSettings m_values;
    QString m_account;
    QString m_apiKey;
    bool m_keyReady = false;
    ModelsClient *m_models = nullptr; // not owned
    QString m_endpointKey;            // of the endpoint in force
    QStringList m_modelList;          // what it listed
    QString m_listedFor;              // endpoint key and account the list was fetched for
    QString m_listedModel;            // chosen from the list when no model is set (not saved)
    bool m_endpointSwitched = false;  // changed during this run, no list yet since
};

} // namespace steadfast
