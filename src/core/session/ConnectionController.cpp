// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/session/ConnectionController.h"

#include "core/Logging.h"
#include "core/net/ModelsClient.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/ChatSession.h"
#include "core/session/EventRecorder.h"

#include <utility>

namespace steadfast {

ConnectionController::ConnectionController(Settings *settings, KeyStore *keys, ChatService *service,
                                           BreakerRegistry *breakers, ChatSession *session,
                                           EventRecorder *recorder, QUrl demoBaseUrl,
                                           FrontEnd frontEnd, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_keys(keys)
    , m_service(service)
    , m_breakers(breakers)
    , m_session(session)
    , m_recorder(recorder)
    , m_demoBaseUrl(std::move(demoBaseUrl))
    , m_frontEnd(frontEnd)
{
    connect(m_settings, &Settings::changed, this, &ConnectionController::apply);
    connect(m_keys, &KeyStore::keyLoaded, this,
            [this](const QString &account, const QString &key) { handleKeyLoaded(account, key); });
    connect(m_keys, &KeyStore::keyStored, this, [this](const QString &account) {
        if (account == m_account)
            m_keys->load(account); // the user typed a new key for this endpoint
    });
    apply();
}

bool ConnectionController::isDemo() const
{
    return m_values.provider == Provider::Demo;
}

QUrl ConnectionController::baseUrl() const
{
    return m_values.effectiveBaseUrl(m_demoBaseUrl);
}

QString ConnectionController::requestKey() const
{
    // A loopback server needs no key, but one the user stored for it (LM Studio with
    // authentication on) is sent; the demo server never gets one.
    return isDemo() ? QString() : m_apiKey;
}

void ConnectionController::apply()
{
    m_values = m_settings->values();
    ServiceOptions options = m_values.serviceOptions();
    options.tickInterval = m_frontEnd.tickInterval;
    options.longWait = m_frontEnd.longWait;
    m_service->setOptions(options);
    m_breakers->setOptions(m_values.breakerOptions());

    m_keyReady = false;
    m_apiKey.clear();
    m_account = KeyStore::accountFor(baseUrl());
    const QString endpoint = BreakerRegistry::endpointKey(baseUrl());
    const bool switched = endpoint != m_endpointKey;
    if (switched)
        m_listedModel.clear(); // chosen from the old endpoint's list
    updateSession();
    if (switched) {
        // The old endpoint's models and limits are not this one's.
        m_endpointSwitched = !m_endpointKey.isEmpty();
        m_endpointKey = endpoint;
        m_listedFor.clear();
        if (m_models)
            m_models->cancel();
        if (!m_modelList.isEmpty()) {
            m_modelList.clear();
            Q_EMIT modelsChanged(m_modelList);
        }
        Q_EMIT endpointChanged();
    }
    Q_EMIT connectionChanged();
    m_keys->load(m_account); // keyLoaded may come at once (environment, session) or later
}

void ConnectionController::handleKeyLoaded(const QString &account, const QString &key)
{
    if (account != m_account)
        return;
    m_apiKey = key;
    if (!key.isEmpty() && m_recorder)
        m_recorder->addSecret(key);
    m_keyReady = true;
    updateSession();
    Q_EMIT keyReady();
    // Listed once per endpoint and key, not again on every change of the settings.
    if (m_listedFor != listingKey())
        fetchModels();
}

void ConnectionController::watchModels(ModelsClient *models)
{
    m_models = models;
    connect(m_models, &ModelsClient::modelsFetched, this,
            [this](const QStringList &listed) { handleModelsListed(listed); });
    if (m_keyReady)
        fetchModels();
}

void ConnectionController::fetchModels()
{
    if (!m_models || !m_keyReady)
        return;
    m_listedFor = listingKey();
    m_models->fetch(baseUrl(), requestKey());
}

QString ConnectionController::listingKey() const
{
    // The key itself is not copied: a hash of it tells a new key from the old.
    return m_endpointKey + u'\n' + m_account + u'\n' + QString::number(qHash(m_apiKey));
}

void ConnectionController::handleModelsListed(const QStringList &listed)
{
    if (BreakerRegistry::endpointKey(m_models->baseUrl()) != m_endpointKey)
        return; // a list of the endpoint before
    if (listed != m_modelList) {
        m_modelList = listed;
        Q_EMIT modelsChanged(m_modelList);
    }
    const bool switched = std::exchange(m_endpointSwitched, false);
    const QString own = m_values.model.trimmed(); // the user's default, if any
    const QString previous = own.isEmpty() ? m_listedModel : own;
    if (listed.isEmpty() || (!previous.isEmpty() && (!switched || listed.contains(previous))))
        return;
    // No model yet, or one the new endpoint does not list: its first one, said.
    const QString chosen = listed.first();
    qCInfo(lcSession) << "model" << previous << "is not listed by" << m_endpointKey << "; using"
                      << chosen;
    if (own.isEmpty()) {
        // Nobody chose one: used, not written to the settings (an OPENAI_BASE_URL of this
        // run stays this run's).
        m_listedModel = chosen;
        updateSession();
    } else {
        AppSettings values = m_settings->values();
        values.model = chosen;
        m_settings->setValues(values);
    }
    Q_EMIT modelChosen(previous, chosen);
}

void ConnectionController::updateSession()
{
    SessionConnection connection;
    connection.baseUrl = baseUrl();
    connection.apiKey = requestKey();
    connection.model = m_values.model.trimmed().isEmpty() ? m_listedModel : m_values.model;
    connection.stream = m_values.streaming;
    connection.systemPrompt = m_values.systemPrompt;
    connection.allowInsecureKey = m_values.allowInsecureKey;
    connection.keyRequired = !isDemo() && m_values.needsKey(m_demoBaseUrl);
    connection.billingUrl = presetFor(m_values.provider).billingUrl;
    m_session->setConnection(connection);
}

} // namespace steadfast
