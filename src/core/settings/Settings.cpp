// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/Settings.h"

#include "core/EnumNames.h"
#include "core/net/Validation.h"

#include "core/Logging.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSettings>

#include <algorithm>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

// Every key, in one place (STYLE.md §6). Enums are stored by name.
const QString kProvider = u"connection/provider"_s;
const QString kBaseUrl = u"connection/baseUrl"_s;
const QString kModel = u"connection/model"_s;
const QString kStreaming = u"connection/streaming"_s;
const QString kKeyStorage = u"connection/keyStorage"_s;
const QString kAllowInsecureKey = u"connection/allowInsecureKey"_s;
const QString kSystemPrompt = u"conversation/systemPrompt"_s;

/// One integer setting: its key, where it lives in AppSettings, and its range. Defaults
/// come from a default-constructed AppSettings.
struct IntSetting
{
    QString key;
    int AppSettings::*member;
    int minimum;
    int maximum;
};

const QList<IntSetting> &intSettings()
{
    static const QList<IntSetting> table{
            {u"retry/maxRetries"_s, &AppSettings::maxRetries, 0, AppSettings::maxRetriesLimit},
            {u"retry/maxWaitMs"_s, &AppSettings::maxWaitMs, 0, AppSettings::maxDurationMs},
            {u"timeouts/connectMs"_s, &AppSettings::connectTimeoutMs, AppSettings::minTimeoutMs,
             AppSettings::maxDurationMs},
            {u"timeouts/firstByteMs"_s, &AppSettings::firstByteTimeoutMs, AppSettings::minTimeoutMs,
             AppSettings::maxDurationMs},
            {u"timeouts/idleMs"_s, &AppSettings::idleTimeoutMs, AppSettings::minTimeoutMs,
             AppSettings::maxDurationMs},
            {u"timeouts/deadlineMs"_s, &AppSettings::deadlineMs, 0, AppSettings::maxDurationMs},
            {u"breaker/threshold"_s, &AppSettings::breakerThreshold, 1,
             AppSettings::maxBreakerThreshold},
            {u"breaker/cooldownMs"_s, &AppSettings::breakerCooldownMs, 0,
             AppSettings::maxDurationMs},
    };
    return table;
}

// The stored names of KeyStorage, in the enum's order.
constexpr std::array<QStringView, 3> kKeyStorageNames{u"keychain", u"session", u"file"};
static_assert(kKeyStorageNames.size() == std::size_t(KeyStorage::File) + 1,
              "one name per key storage");

QString keyStorageName(KeyStorage storage)
{
    return nameIn(kKeyStorageNames, storage, kKeyStorageNames[0]);
}

std::optional<KeyStorage> keyStorageFromName(const QString &name)
{
    return valueIn<KeyStorage>(kKeyStorageNames, name);
}

/// A URL from stored or environment text: only a complete http(s) URL counts.
QUrl httpUrlFrom(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    return isHttpUrl(url) ? url : QUrl();
}

/// A whole number from a stored value: QSettings gives strings for INI files; anything
/// that is not an integer (text, fractions, out of int's range) is nullopt.
std::optional<int> intFrom(const QVariant &value)
{
    bool ok = false;
    const qlonglong number = value.toString().trimmed().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return int(std::clamp<qlonglong>(number, std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max()));
}

std::optional<bool> boolFrom(const QVariant &value)
{
    const QString text = value.toString().trimmed().toLower();
    if (text == u"true"_s || text == u"1"_s)
        return true;
    if (text == u"false"_s || text == u"0"_s)
        return false;
    return std::nullopt;
}

} // namespace

QUrl AppSettings::effectiveBaseUrl(const QUrl &demoBaseUrl) const
{
    return provider == Provider::Demo ? demoBaseUrl : baseUrl;
}

bool AppSettings::needsKey(const QUrl &demoBaseUrl) const
{
    return !isLoopbackHost(effectiveBaseUrl(demoBaseUrl).host());
}

bool AppSettings::keyWouldTravelInClear(const QUrl &demoBaseUrl) const
{
    const QUrl url = effectiveBaseUrl(demoBaseUrl);
    return url.scheme() == u"http"_s && !isLoopbackHost(url.host());
}

ServiceOptions AppSettings::serviceOptions() const
{
    using std::chrono::milliseconds;
    ServiceOptions options;
    options.maxRetries = maxRetries;
    options.connectTimeout = milliseconds(connectTimeoutMs);
    options.firstByteTimeout = milliseconds(firstByteTimeoutMs);
    options.idleTimeout = milliseconds(idleTimeoutMs);
    options.deadline = milliseconds(deadlineMs);
    options.maxWait = milliseconds(maxWaitMs);
    options.longWait = ServiceOptions::LongWait::Ask;
    return options;
}

CircuitBreaker::Options AppSettings::breakerOptions() const
{
    CircuitBreaker::Options options;
    options.threshold = breakerThreshold;
    options.cooldown = std::chrono::milliseconds(breakerCooldownMs);
    return options;
}

void AppSettings::resetConnectionDefaults()
{
    const AppSettings defaults;
    for (const IntSetting &setting : intSettings())
        this->*setting.member = defaults.*setting.member;
}

AppSettings AppSettings::normalized() const
{
    AppSettings result = *this;
    for (const IntSetting &setting : intSettings())
        result.*setting.member =
                std::clamp(result.*setting.member, setting.minimum, setting.maximum);
    const ProviderPreset preset = presetFor(provider);
    if (!isHttpUrl(result.baseUrl)) {
        // A preset's URL is fixed; a custom one that is not http(s) is no URL at all.
        result.baseUrl = preset.baseUrl;
    }
    result.model = result.model.trimmed();
    if (result.model.isEmpty())
        result.model = preset.defaultModel;
    return result;
}

Settings::Settings(QSettings *store, QProcessEnvironment environment, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_environment(std::move(environment))
{
    qRegisterMetaType<AppSettings>();
}

QStringList Settings::keys()
{
    QStringList keys{kProvider,   kBaseUrl,          kModel,       kStreaming,
                     kKeyStorage, kAllowInsecureKey, kSystemPrompt};
    for (const IntSetting &setting : intSettings())
        keys.append(setting.key);
    return keys;
}

bool Settings::isFirstRun() const
{
    const QStringList ours = keys();
    return std::none_of(ours.cbegin(), ours.cend(),
                        [this](const QString &key) { return m_store->contains(key); });
}

AppSettings Settings::firstRunDefaults() const
{
    AppSettings defaults;
    const QUrl envUrl = httpUrlFrom(m_environment.value(u"OPENAI_BASE_URL"_s));
    const bool envKey = !m_environment.value(u"OPENAI_API_KEY"_s).trimmed().isEmpty();
    const ProviderPreset openAi = presetFor(Provider::OpenAI);
    if (!envUrl.isEmpty()) {
        const bool isOpenAi = envUrl.adjusted(QUrl::StripTrailingSlash) == openAi.baseUrl;
        defaults.provider = isOpenAi ? Provider::OpenAI : Provider::Custom;
        defaults.baseUrl = isOpenAi ? openAi.baseUrl : envUrl;
    } else if (envKey) {
        defaults.provider = Provider::OpenAI;
        defaults.baseUrl = openAi.baseUrl;
    } else {
        defaults.provider = Provider::Demo;
    }
    return defaults.normalized();
}

AppSettings Settings::values() const
{
    const AppSettings defaults = firstRunDefaults();
    if (isFirstRun())
        return defaults;

    AppSettings values = defaults;
    const auto text = [this](const QString &key) { return m_store->value(key).toString(); };
    if (const auto preset = presetForId(text(kProvider))) {
        values.provider = preset->provider;
        // The defaults' URL and model belong to the defaults' provider, not to this one.
        if (values.provider != defaults.provider) {
            values.baseUrl = preset->baseUrl;
            values.model.clear();
        }
    } else if (m_store->contains(kProvider)) {
        qCInfo(lcSettings) << "unknown provider in the settings; using the default";
    }
    if (m_store->contains(kBaseUrl)) {
        if (const QUrl url = httpUrlFrom(text(kBaseUrl)); !url.isEmpty())
            values.baseUrl = url;
    }
    if (m_store->contains(kModel))
        values.model = text(kModel);
    if (const auto streaming = boolFrom(m_store->value(kStreaming)))
        values.streaming = *streaming;
    if (const auto storage = keyStorageFromName(text(kKeyStorage)))
        values.keyStorage = *storage;
    if (const auto allow = boolFrom(m_store->value(kAllowInsecureKey)))
        values.allowInsecureKey = *allow;
    if (m_store->contains(kSystemPrompt))
        values.systemPrompt = text(kSystemPrompt);
    for (const IntSetting &setting : intSettings()) {
        const std::optional<int> number = intFrom(m_store->value(setting.key));
        if (number && *number >= setting.minimum && *number <= setting.maximum)
            values.*setting.member = *number;
        else if (m_store->contains(setting.key))
            qCInfo(lcSettings) << "ignoring an out-of-range or unreadable" << setting.key;
    }
    return values.normalized();
}

void Settings::setValues(const AppSettings &newValues)
{
    const AppSettings before = values();
    const AppSettings values = newValues.normalized();

    m_store->setValue(kProvider, presetFor(values.provider).id);
    m_store->setValue(kBaseUrl, values.baseUrl.toString());
    m_store->setValue(kModel, values.model);
    m_store->setValue(kStreaming, values.streaming);
    m_store->setValue(kKeyStorage, keyStorageName(values.keyStorage));
    m_store->setValue(kAllowInsecureKey, values.allowInsecureKey);
    m_store->setValue(kSystemPrompt, values.systemPrompt);
    for (const IntSetting &setting : intSettings())
        m_store->setValue(setting.key, values.*setting.member);
    m_store->sync();
    if (m_store->status() != QSettings::NoError)
        qCWarning(lcSettings) << "could not write the settings to" << m_store->fileName();

    if (values != before)
        Q_EMIT changed(values);
}

} // namespace steadfast
