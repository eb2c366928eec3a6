// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/ServiceOptions.h"
#include "core/resilience/CircuitBreaker.h"
#include "core/settings/ProviderPresets.h"
#include "core/settings/SettingsEnums.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

class QSettings;

namespace steadfast {

/// Every user setting as one value, with DESIGN.md's defaults.
struct AppSettings
{
    static constexpr int defaultMaxRetries = 5;
    static constexpr int defaultConnectTimeoutMs = 10000;
    static constexpr int defaultFirstByteTimeoutMs = 60000;
    static constexpr int defaultIdleTimeoutMs = 30000;
    static constexpr int defaultDeadlineMs = 0;
    static constexpr int defaultMaxWaitMs = 60000;
    static constexpr int defaultBreakerThreshold = 5;
    static constexpr int defaultBreakerCooldownMs = 30000;

    // The ranges values are clamped to (the CLI accepts the same ones).
    static constexpr int maxRetriesLimit = 100;
    static constexpr int maxBreakerThreshold = 1000;
    static constexpr int maxDurationMs = 24 * 3600 * 1000; // one day
    static constexpr int minTimeoutMs = 100;               // connect, first byte, idle

    Provider provider = Provider::Demo;
    QUrl baseUrl; // used for every provider but Demo (the demo server's URL is known at run time)
    QString model;
    bool streaming = true;
    QString systemPrompt;
    int maxRetries = defaultMaxRetries;
    int connectTimeoutMs = defaultConnectTimeoutMs;
    int firstByteTimeoutMs = defaultFirstByteTimeoutMs;
    int idleTimeoutMs = defaultIdleTimeoutMs;
    int deadlineMs = defaultDeadlineMs; // 0: no overall deadline
    int maxWaitMs = defaultMaxWaitMs;
    int breakerThreshold = defaultBreakerThreshold;
    int breakerCooldownMs = defaultBreakerCooldownMs;
    KeyStorage keyStorage = KeyStorage::Keychain;
    bool allowInsecureKey = false; // consent to send the key over plain http to a remote host

    /// Demo: demoBaseUrl; every other provider: baseUrl.
    QUrl effectiveBaseUrl(const QUrl &demoBaseUrl) const;
    /// False when the effective URL's host is a loopback name or address (local servers run
    /// without a key); true otherwise, an empty or invalid URL included.
    bool needsKey(const QUrl &demoBaseUrl) const;
    /// True when a key would travel over plain http to a host that is not this machine:
    /// the case that needs allowInsecureKey (DESIGN.md, Security).
    bool keyWouldTravelInClear(const QUrl &demoBaseUrl) const;
    /// maxRetries, the timeouts and maxWait; longWait is Ask (the window asks the user).
    ServiceOptions serviceOptions() const;
    CircuitBreaker::Options breakerOptions() const;
    /// Retries, timeouts, the deadline, maxWait and the breaker back to the defaults above.
    void resetConnectionDefaults();
    /// The same settings made valid: numbers clamped into their ranges, a preset's base URL
    /// when the stored one is not http(s), the preset's default model when none is set,
    /// the model trimmed. Settings applies it on every read and write.
    AppSettings normalized() const;

    friend bool operator==(const AppSettings &, const AppSettings &) = default;
};

/// Typed settings over a QSettings store. Keys are grouped ("connection/provider",
/// "retry/maxRetries", "timeouts/connectMs", …) and enums stored by name; anything
/// missing, unknown or out of range reads as its default. The API key is not a setting:
/// KeyStore keeps it.
class Settings : public QObject
{
    Q_OBJECT
public:
    /// store: not owned (the caller's, or parented elsewhere); tests pass a QSettings on a
    /// temporary INI file. environment: where OPENAI_API_KEY / OPENAI_BASE_URL are read for
    /// the first-run defaults (tests inject one).
    explicit Settings(QSettings *store,
                      QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
                      QObject *parent = nullptr);

    /// What is stored, normalised; the first-run defaults where nothing is.
    AppSettings values() const;
    /// Normalises, writes every key, sync()s; emits changed() only if something differs
    /// from what values() returned before.
    void setValues(const AppSettings &values);
    /// Nothing of ours is stored yet.
    bool isFirstRun() const;
    QProcessEnvironment environment() const { return m_environment; }

    /// The defaults before anything is stored. OPENAI_BASE_URL set to an http(s) URL: Custom
    /// at that URL (the OpenAI preset if it is OpenAI's own URL); else OPENAI_API_KEY set:
    /// OpenAI; else the demo server with the model "steadfast-demo".
    AppSettings firstRunDefaults() const;

    /// The QSettings keys, for tests and diagnostics.
    static QStringList keys();

Q_SIGNALS:
    void changed(const steadfast::AppSettings &values);

private:
    QSettings *m_store; // not owned
    QProcessEnvironment m_environment;
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::AppSettings)
