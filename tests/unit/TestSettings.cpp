// SPDX-License-Identifier: GPL-3.0-or-later
// Settings over a real INI file in a temporary directory: first-run rules with an
// injected environment, round trips, clamping, garbage in the file, the changed() signal and
// the mapping to the service's and the breaker's options.
#include "core/settings/Settings.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;

using Change = std::function<void(AppSettings &)>;
Q_DECLARE_METATYPE(Change)
Q_DECLARE_METATYPE(steadfast::Provider)
Q_DECLARE_METATYPE(steadfast::KeyStorage)

namespace {

QProcessEnvironment environmentWith(const QList<std::pair<QString, QString>> &variables)
{
    QProcessEnvironment environment;
    for (const auto &[name, value] : variables)
        environment.insert(name, value);
    return environment;
}

/// A settings value that differs from the defaults in every field.
AppSettings everythingChanged()
{
    AppSettings values;
    values.provider = Provider::Custom;
    values.baseUrl = QUrl(u"https://llm.example.org:8443/api/v1"_s);
    values.model = u"mistral-large"_s;
    values.streaming = false;
    values.systemPrompt = u"Answer in rhymes.\nKeep it short; \"quote\" = fine, [brackets] too."_s;
    values.maxRetries = 2;
    values.connectTimeoutMs = 2500;
    values.firstByteTimeoutMs = 90000;
    values.idleTimeoutMs = 12000;
    values.deadlineMs = 300000;
    values.maxWaitMs = 120000;
    values.breakerThreshold = 3;
    values.breakerCooldownMs = 5000;
    values.keyStorage = KeyStorage::File;
    values.allowInsecureKey = true;
    return values;
}

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void presetOrderAndIds();
    void translatedNames();

    void firstRun_data();
    void firstRun();
    void firstRunDefaultsAreNotWritten();

    void roundTrip_data();
    void roundTrip();
    void storedByNameInGroups();

    void clamping_data();
    void clamping();

    void garbage_data();
    void garbage();

    void normalized_data();
    void normalized();

    void changedOnlyWhenDifferent();

    void needsKey_data();
    void needsKey();

    void serviceOptions_data();
    void serviceOptions();
    void breakerOptions();
    void resetConnectionDefaults();

private:
    std::unique_ptr<QSettings> openStore() const
    {
        return std::make_unique<QSettings>(m_iniPath, QSettings::IniFormat);
    }
    void writeIni(const QByteArray &text) const
    {
        QFile file(m_iniPath);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_iniPath;
};

void TestSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_iniPath = m_dir->filePath(u"steadfast.ini"_s);
}

void TestSettings::presetOrderAndIds()
{
    const QList<ProviderPreset> presets = providerPresets();
    const QList<Provider> order{Provider::Demo,     Provider::OpenAI,   Provider::Ollama,
                                Provider::LMStudio, Provider::LlamaCpp, Provider::OpenRouter,
                                Provider::Custom};
    QCOMPARE(presets.size(), order.size());
    for (qsizetype i = 0; i < presets.size(); ++i)
        QCOMPARE(presets.at(i).provider, order.at(i));
    QVERIFY(!presetForId(u"OpenAI"_s)); // ids are exact
    QVERIFY(!presetForId(u""_s));
    QVERIFY(!presetForId(u"azure"_s));
}

void TestSettings::translatedNames()
{
    // Without a translator the source text comes back; brand names are never changed.
    QCOMPARE(presetFor(Provider::Demo).translatedName(), u"Demo server (built in)"_s);
    QCOMPARE(presetFor(Provider::LMStudio).translatedName(), u"LM Studio"_s);
    QCOMPARE(presetFor(Provider::Custom).translatedName(), u"Custom"_s);
}

void TestSettings::firstRun_data()
{
    QTest::addColumn<QProcessEnvironment>("environment");
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<QString>("model");

    QTest::newRow("nothing set: demo")
            << QProcessEnvironment() << Provider::Demo << QUrl() << u"steadfast-demo"_s;
    QTest::newRow("key: OpenAI") << environmentWith({{u"OPENAI_API_KEY"_s, u"sk-test-123456"_s}})
                                 << Provider::OpenAI << QUrl(u"https://api.openai.com/v1"_s)
                                 << u"gpt-4o-mini"_s;
    QTest::newRow("blank key: demo") << environmentWith({{u"OPENAI_API_KEY"_s, u"  "_s}})
                                     << Provider::Demo << QUrl() << u"steadfast-demo"_s;
    QTest::newRow("key and base URL: custom")
            << environmentWith({{u"OPENAI_API_KEY"_s, u"sk-test-123456"_s},
                                {u"OPENAI_BASE_URL"_s, u"https://gateway.example.com/v1"_s}})
            << Provider::Custom << QUrl(u"https://gateway.example.com/v1"_s) << QString();
    QTest::newRow("base URL is OpenAI's own: the preset")
            << environmentWith({{u"OPENAI_API_KEY"_s, u"sk-test-123456"_s},
                                {u"OPENAI_BASE_URL"_s, u"https://api.openai.com/v1/"_s}})
            << Provider::OpenAI << QUrl(u"https://api.openai.com/v1"_s) << u"gpt-4o-mini"_s;
    QTest::newRow("local base URL without a key: custom")
            << environmentWith({{u"OPENAI_BASE_URL"_s, u"http://localhost:11434/v1"_s}})
            << Provider::Custom << QUrl(u"http://localhost:11434/v1"_s) << QString();
    QTest::newRow("unusable base URL is ignored")
            << environmentWith({{u"OPENAI_API_KEY"_s, u"sk-test-123456"_s},
                                {u"OPENAI_BASE_URL"_s, u"ftp://files.example.com"_s}})
            << Provider::OpenAI << QUrl(u"https://api.openai.com/v1"_s) << u"gpt-4o-mini"_s;
    QTest::newRow("base URL without a scheme is ignored")
            << environmentWith({{u"OPENAI_BASE_URL"_s, u"localhost:8080"_s}}) << Provider::Demo
            << QUrl() << u"steadfast-demo"_s;
}

void TestSettings::firstRun()
{
    QFETCH(QProcessEnvironment, environment);
    QFETCH(Provider, provider);
    QFETCH(QUrl, baseUrl);
    QFETCH(QString, model);

    const auto store = openStore();
    Settings settings(store.get(), environment);
    QVERIFY(settings.isFirstRun());
    const AppSettings values = settings.values();
    QCOMPARE(values.provider, provider);
    QCOMPARE(values.baseUrl, baseUrl);
    QCOMPARE(values.model, model);
    QCOMPARE(settings.environment(), environment);

    // Everything else is DESIGN.md's default.
    AppSettings expected;
    expected.provider = provider;
    expected.baseUrl = baseUrl;
    expected.model = model;
    QCOMPARE(values, expected);
}

void TestSettings::firstRunDefaultsAreNotWritten()
{
    const auto store = openStore();
    Settings settings(store.get(), QProcessEnvironment());
    (void)settings.values();
    QVERIFY(settings.isFirstRun());
    QVERIFY(!QFile::exists(m_iniPath));

    // Keys that are not ours do not end the first run.
    store->setValue(u"window/geometry"_s, QByteArray("abc"));
    QVERIFY(settings.isFirstRun());

    // Accepting the defaults stores them (no change, so no changed()).
    QSignalSpy changed(&settings, &Settings::changed);
    settings.setValues(settings.values());
    QVERIFY(!settings.isFirstRun());
    QCOMPARE(changed.count(), 0);
    QVERIFY(QFile::exists(m_iniPath));

    // Once stored, the environment no longer decides.
    Settings later(store.get(), environmentWith({{u"OPENAI_API_KEY"_s, u"sk-later-1234"_s}}));
    QCOMPARE(later.values().provider, Provider::Demo);
}

void TestSettings::roundTrip_data()
{
    QTest::addColumn<AppSettings>("values");

    QTest::newRow("defaults") << AppSettings().normalized();
    QTest::newRow("every field changed") << everythingChanged();
    {
        AppSettings values;
        values.provider = Provider::OpenRouter;
        values.baseUrl = presetFor(Provider::OpenRouter).baseUrl;
        values.model = u"anthropic/claude-3.5-sonnet"_s;
        values.keyStorage = KeyStorage::SessionOnly;
        QTest::newRow("openrouter, session-only key") << values;
    }
    {
        AppSettings values;
        values.provider = Provider::Ollama;
        values.baseUrl = presetFor(Provider::Ollama).baseUrl;
        values.model = u"llama3.2:3b"_s;
        values.deadlineMs = AppSettings::maxDurationMs;
        values.maxRetries = 0;
        values.maxWaitMs = 0;
        values.breakerCooldownMs = 0;
        values.breakerThreshold = 1;
        QTest::newRow("ollama, range edges") << values;
    }
    {
        AppSettings values;
        values.provider = Provider::Demo;
        values.model = u"steadfast-demo-large"_s;
        values.systemPrompt = u"Ünïcödé ✓ — 日本語"_s;
        QTest::newRow("demo, unicode prompt") << values;
    }
}

void TestSettings::roundTrip()
{
    QFETCH(AppSettings, values);

    {
        const auto store = openStore();
        Settings settings(store.get(), QProcessEnvironment());
        QSignalSpy changed(&settings, &Settings::changed);
        settings.setValues(values);
        QCOMPARE(settings.values(), values);
        QVERIFY(!settings.isFirstRun());
        const bool differs = values != settings.firstRunDefaults();
        QCOMPARE(changed.count(), differs ? 1 : 0);
        if (differs)
            QCOMPARE(changed.constFirst().constFirst().value<AppSettings>(), values);
    }
    // A new store on the same file (a new start of the program) reads the same values, and
    // the environment plays no part any more.
    const auto store = openStore();
    Settings reopened(store.get(), environmentWith({{u"OPENAI_API_KEY"_s, u"sk-other-999"_s}}));
    QVERIFY(!reopened.isFirstRun());
    QCOMPARE(reopened.values(), values);
}

void TestSettings::storedByNameInGroups()
{
    {
        const auto store = openStore();
        Settings settings(store.get(), QProcessEnvironment());
        settings.setValues(everythingChanged());
    }
    QFile file(m_iniPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray ini = file.readAll();
    for (const QByteArray &expected :
         {QByteArray("[connection]"), QByteArray("provider=custom"), QByteArray("keyStorage=file"),
          QByteArray("baseUrl=https://llm.example.org:8443/api/v1"), QByteArray("[retry]"),
          QByteArray("maxRetries=2"), QByteArray("[timeouts]"), QByteArray("connectMs=2500"),
          QByteArray("[breaker]"), QByteArray("threshold=3"), QByteArray("[conversation]")}) {
        QVERIFY2(ini.contains(expected), expected.constData());
    }
    // No key is a setting.
    QVERIFY(!ini.toLower().contains("apikey"));
    QStringList keys = Settings::keys();
    QVERIFY(keys.contains(u"connection/provider"_s));
    QVERIFY(keys.contains(u"retry/maxRetries"_s));
    QCOMPARE(keys.removeDuplicates(), 0);
}

void TestSettings::clamping_data()
{
    QTest::addColumn<Change>("change");
    QTest::addColumn<Change>("expectation");

    const auto row = [](const char *name, const Change &change, const Change &expectation) {
        QTest::newRow(name) << change << expectation;
    };
    row(
            "negative retries", [](AppSettings &v) { v.maxRetries = -3; },
            [](AppSettings &v) { v.maxRetries = 0; });
    row(
            "too many retries", [](AppSettings &v) { v.maxRetries = 5000; },
            [](AppSettings &v) { v.maxRetries = AppSettings::maxRetriesLimit; });
    row(
            "threshold zero", [](AppSettings &v) { v.breakerThreshold = 0; },
            [](AppSettings &v) { v.breakerThreshold = 1; });
    row(
            "threshold negative", [](AppSettings &v) { v.breakerThreshold = -7; },
            [](AppSettings &v) { v.breakerThreshold = 1; });
    row(
            "threshold huge", [](AppSettings &v) { v.breakerThreshold = 1 << 30; },
            [](AppSettings &v) { v.breakerThreshold = AppSettings::maxBreakerThreshold; });
    row(
            "negative cooldown", [](AppSettings &v) { v.breakerCooldownMs = -1; },
            [](AppSettings &v) { v.breakerCooldownMs = 0; });
    row(
            "connect timeout zero", [](AppSettings &v) { v.connectTimeoutMs = 0; },
            [](AppSettings &v) { v.connectTimeoutMs = AppSettings::minTimeoutMs; });
    row(
            "first byte negative", [](AppSettings &v) { v.firstByteTimeoutMs = -100; },
            [](AppSettings &v) { v.firstByteTimeoutMs = AppSettings::minTimeoutMs; });
    row(
            "idle above a day",
            [](AppSettings &v) { v.idleTimeoutMs = AppSettings::maxDurationMs + 1; },
            [](AppSettings &v) { v.idleTimeoutMs = AppSettings::maxDurationMs; });
    row(
            "negative deadline means none", [](AppSettings &v) { v.deadlineMs = -5; },
            [](AppSettings &v) { v.deadlineMs = 0; });
    row(
            "negative max wait", [](AppSettings &v) { v.maxWaitMs = -1; },
            [](AppSettings &v) { v.maxWaitMs = 0; });
    row(
            "model trimmed", [](AppSettings &v) { v.model = u"  gpt-4o \n"_s; },
            [](AppSettings &v) { v.model = u"gpt-4o"_s; });
    row(
            "preset URL that is not http",
            [](AppSettings &v) {
                v.provider = Provider::OpenAI;
                v.baseUrl = QUrl(u"file:///etc/passwd"_s);
                v.model = u"gpt-4.1"_s;
            },
            [](AppSettings &v) {
                v.provider = Provider::OpenAI;
                v.baseUrl = QUrl(u"https://api.openai.com/v1"_s);
                v.model = u"gpt-4.1"_s;
            });
    row(
            "custom URL that is not http",
            [](AppSettings &v) {
                v.provider = Provider::Custom;
                v.baseUrl = QUrl(u"javascript:alert(1)"_s);
                v.model = u"m"_s;
            },
            [](AppSettings &v) {
                v.provider = Provider::Custom;
                v.baseUrl = QUrl();
                v.model = u"m"_s;
            });
}

void TestSettings::clamping()
{
    QFETCH(Change, change);
    QFETCH(Change, expectation);

    AppSettings input;
    input.model = u"steadfast-demo"_s;
    change(input);
    AppSettings expected;
    expected.model = u"steadfast-demo"_s;
    expectation(expected);

    const auto store = openStore();
    Settings settings(store.get(), QProcessEnvironment());
    QSignalSpy changed(&settings, &Settings::changed);
    settings.setValues(input);
    QCOMPARE(settings.values(), expected);
    if (changed.count() == 1)
        QCOMPARE(changed.constFirst().constFirst().value<AppSettings>(), expected);
    QCOMPARE(input.normalized(), expected);
    QCOMPARE(expected.normalized(), expected); // normalising is idempotent
}

void TestSettings::garbage_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<Change>("expectation"); // applied to the defaults (demo)

    const auto unchanged = [](AppSettings &) {};
    QTest::newRow("unknown provider")
            << QByteArray("[connection]\nprovider=azure-openai\n") << Change(unchanged);
    QTest::newRow("provider in another case")
            << QByteArray("[connection]\nprovider=OpenAI\n") << Change(unchanged);
    QTest::newRow("numbers that are words")
            << QByteArray("[retry]\nmaxRetries=many\nmaxWaitMs=1e3\n[timeouts]\nconnectMs=\n"
                          "idleMs=30s\n[breaker]\nthreshold=2.5\n")
            << Change(unchanged);
    QTest::newRow("numbers out of range are not clamped but ignored")
            << QByteArray("[retry]\nmaxRetries=-1\n[breaker]\nthreshold=0\ncooldownMs="
                          "99999999999999\n")
            << Change(unchanged);
    QTest::newRow("good numbers among bad ones")
            << QByteArray("[retry]\nmaxRetries=3\nmaxWaitMs=lots\n[breaker]\nthreshold=9\n")
            << Change([](AppSettings &v) {
                   v.maxRetries = 3;
                   v.breakerThreshold = 9;
               });
    QTest::newRow("booleans that are not")
            << QByteArray("[connection]\nstreaming=maybe\nallowInsecureKey=yes please\n")
            << Change(unchanged);
    QTest::newRow("booleans as numbers")
            << QByteArray("[connection]\nstreaming=0\nallowInsecureKey=1\n")
            << Change([](AppSettings &v) {
                   v.streaming = false;
                   v.allowInsecureKey = true;
               });
    QTest::newRow("unknown key storage")
            << QByteArray("[connection]\nkeyStorage=plaintext\n") << Change(unchanged);
    QTest::newRow("session key storage")
            << QByteArray("[connection]\nkeyStorage=session\n")
            << Change([](AppSettings &v) { v.keyStorage = KeyStorage::SessionOnly; });
    QTest::newRow("preset with a broken URL gets its own")
            << QByteArray("[connection]\nprovider=ollama\nbaseUrl=not a url at all\n")
            << Change([](AppSettings &v) {
                   v.provider = Provider::Ollama;
                   v.baseUrl = QUrl(u"http://127.0.0.1:11434/v1"_s);
                   v.model.clear();
               });
    QTest::newRow("openai without a model gets the default one")
            << QByteArray("[connection]\nprovider=openai\nmodel=\n") << Change([](AppSettings &v) {
                   v.provider = Provider::OpenAI;
                   v.baseUrl = QUrl(u"https://api.openai.com/v1"_s);
                   v.model = u"gpt-4o-mini"_s;
               });
}

void TestSettings::garbage()
{
    QFETCH(QByteArray, ini);
    QFETCH(Change, expectation);

    writeIni(ini);
    const auto store = openStore();
    Settings settings(store.get(), QProcessEnvironment());
    QVERIFY(!settings.isFirstRun());
    AppSettings expected = settings.firstRunDefaults();
    expectation(expected);
    QCOMPARE(settings.values(), expected);
}

void TestSettings::normalized_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QUrl>("expectedUrl");
    QTest::addColumn<QString>("expectedModel");

    QTest::newRow("demo keeps no URL")
            << Provider::Demo << QUrl() << QString() << QUrl() << u"steadfast-demo"_s;
    QTest::newRow("openrouter default model")
            << Provider::OpenRouter << QUrl() << u" "_s << QUrl(u"https://openrouter.ai/api/v1"_s)
            << u"openai/gpt-4o-mini"_s;
    QTest::newRow("llama.cpp has no default model")
            << Provider::LlamaCpp << QUrl(u"http://127.0.0.1:8080/v1"_s) << QString()
            << QUrl(u"http://127.0.0.1:8080/v1"_s) << QString();
    QTest::newRow("custom keeps its URL")
            << Provider::Custom << QUrl(u"http://10.0.0.5:8000/v1"_s) << u"qwen"_s
            << QUrl(u"http://10.0.0.5:8000/v1"_s) << u"qwen"_s;
    QTest::newRow("custom URL without a host")
            << Provider::Custom << QUrl(u"http://"_s) << u"qwen"_s << QUrl() << u"qwen"_s;
}

void TestSettings::normalized()
{
    QFETCH(Provider, provider);
    QFETCH(QUrl, baseUrl);
    QFETCH(QString, model);
    QFETCH(QUrl, expectedUrl);
    QFETCH(QString, expectedModel);

    AppSettings values;
    values.provider = provider;
    values.baseUrl = baseUrl;
    values.model = model;
    const AppSettings result = values.normalized();
    QCOMPARE(result.baseUrl, expectedUrl);
    QCOMPARE(result.model, expectedModel);
}

void TestSettings::changedOnlyWhenDifferent()
{
    const auto store = openStore();
    Settings settings(store.get(), QProcessEnvironment());
    QSignalSpy changed(&settings, &Settings::changed);

    AppSettings values = settings.values();
    values.systemPrompt = u"Be kind."_s;
    settings.setValues(values);
    QCOMPARE(changed.count(), 1);
    settings.setValues(values); // the same again
    QCOMPARE(changed.count(), 1);

    // Values that normalise to what is stored are no change either.
    AppSettings same = values;
    same.maxRetries = values.maxRetries;
    same.model = u"  "_s + values.model + u"  "_s;
    settings.setValues(same);
    QCOMPARE(changed.count(), 1);

    values.breakerThreshold = 7;
    settings.setValues(values);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).constFirst().value<AppSettings>().breakerThreshold, 7);

    // A second Settings on the same store sees what the first wrote.
    Settings other(store.get(), QProcessEnvironment());
    QCOMPARE(other.values(), values);
}

void TestSettings::needsKey_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<QUrl>("demoUrl");
    QTest::addColumn<QUrl>("effectiveUrl");
    QTest::addColumn<bool>("needsKey");
    QTest::addColumn<bool>("inClear");

    const QUrl demo(u"http://127.0.0.1:43127/v1"_s);
    QTest::newRow("demo uses the demo URL")
            << Provider::Demo << QUrl(u"https://ignored.example/v1"_s) << demo << demo << false
            << false;
    QTest::newRow("openai") << Provider::OpenAI << QUrl(u"https://api.openai.com/v1"_s) << demo
                            << QUrl(u"https://api.openai.com/v1"_s) << true << false;
    QTest::newRow("ollama") << Provider::Ollama << QUrl(u"http://127.0.0.1:11434/v1"_s) << demo
                            << QUrl(u"http://127.0.0.1:11434/v1"_s) << false << false;
    QTest::newRow("custom localhost")
            << Provider::Custom << QUrl(u"http://localhost:8000/v1"_s) << demo
            << QUrl(u"http://localhost:8000/v1"_s) << false << false;
    QTest::newRow("custom ipv6 loopback")
            << Provider::Custom << QUrl(u"http://[::1]:8000/v1"_s) << demo
            << QUrl(u"http://[::1]:8000/v1"_s) << false << false;
    QTest::newRow("custom remote https")
            << Provider::Custom << QUrl(u"https://llm.example.org/v1"_s) << demo
            << QUrl(u"https://llm.example.org/v1"_s) << true << false;
    QTest::newRow("custom remote http")
            << Provider::Custom << QUrl(u"http://192.0.2.10:8000/v1"_s) << demo
            << QUrl(u"http://192.0.2.10:8000/v1"_s) << true << true;
    QTest::newRow("custom without URL")
            << Provider::Custom << QUrl() << demo << QUrl() << true << false;
}

void TestSettings::needsKey()
{
    QFETCH(Provider, provider);
    QFETCH(QUrl, baseUrl);
    QFETCH(QUrl, demoUrl);
    QFETCH(QUrl, effectiveUrl);
    QFETCH(bool, needsKey);
    QFETCH(bool, inClear);

    AppSettings values;
    values.provider = provider;
    values.baseUrl = baseUrl;
    QCOMPARE(values.effectiveBaseUrl(demoUrl), effectiveUrl);
    QCOMPARE(values.needsKey(demoUrl), needsKey);
    QCOMPARE(values.keyWouldTravelInClear(demoUrl), inClear);
}

void TestSettings::serviceOptions_data()
{
    QTest::addColumn<AppSettings>("values");
    QTest::newRow("defaults") << AppSettings();
    QTest::newRow("changed") << everythingChanged();
}

void TestSettings::serviceOptions()
{
    QFETCH(AppSettings, values);
    const ServiceOptions options = values.serviceOptions();
    QCOMPARE(options.maxRetries, values.maxRetries);
    QCOMPARE(options.connectTimeout.count(), values.connectTimeoutMs);
    QCOMPARE(options.firstByteTimeout.count(), values.firstByteTimeoutMs);
    QCOMPARE(options.idleTimeout.count(), values.idleTimeoutMs);
    QCOMPARE(options.deadline.count(), values.deadlineMs);
    QCOMPARE(options.maxWait.count(), values.maxWaitMs);
    QCOMPARE(options.longWait, ServiceOptions::LongWait::Ask);
    // What the settings do not cover stays the service's default.
    const ServiceOptions defaults;
    QCOMPARE(options.tickInterval, defaults.tickInterval);
    QCOMPARE(options.maxErrorBodyBytes, defaults.maxErrorBodyBytes);
    QVERIFY(!options.seed.has_value());

    // The defaults agree with the service's own (DESIGN.md's).
    if (values == AppSettings()) {
        QCOMPARE(options.maxRetries, defaults.maxRetries);
        QCOMPARE(options.connectTimeout, defaults.connectTimeout);
        QCOMPARE(options.firstByteTimeout, defaults.firstByteTimeout);
        QCOMPARE(options.idleTimeout, defaults.idleTimeout);
        QCOMPARE(options.deadline, defaults.deadline);
        QCOMPARE(options.maxWait, defaults.maxWait);
    }
}

void TestSettings::breakerOptions()
{
    const AppSettings defaults;
    QCOMPARE(defaults.breakerOptions().threshold, CircuitBreaker::defaultOptions().threshold);
    QCOMPARE(defaults.breakerOptions().cooldown, CircuitBreaker::defaultOptions().cooldown);
    const AppSettings changed = everythingChanged();
    QCOMPARE(changed.breakerOptions().threshold, 3);
    QCOMPARE(changed.breakerOptions().cooldown, 5000ms);
}

void TestSettings::resetConnectionDefaults()
{
    AppSettings values = everythingChanged();
    values.resetConnectionDefaults();
    const AppSettings defaults;
    QCOMPARE(values.maxRetries, defaults.maxRetries);
    QCOMPARE(values.connectTimeoutMs, defaults.connectTimeoutMs);
    QCOMPARE(values.firstByteTimeoutMs, defaults.firstByteTimeoutMs);
    QCOMPARE(values.idleTimeoutMs, defaults.idleTimeoutMs);
    QCOMPARE(values.deadlineMs, defaults.deadlineMs);
    QCOMPARE(values.maxWaitMs, defaults.maxWaitMs);
    QCOMPARE(values.breakerThreshold, defaults.breakerThreshold);
    QCOMPARE(values.breakerCooldownMs, defaults.breakerCooldownMs);
    // Everything that is not about the connection's reliability stays.
    const AppSettings changed = everythingChanged();
    QCOMPARE(values.provider, changed.provider);
    QCOMPARE(values.baseUrl, changed.baseUrl);
    QCOMPARE(values.model, changed.model);
    QCOMPARE(values.streaming, changed.streaming);
    QCOMPARE(values.systemPrompt, changed.systemPrompt);
    QCOMPARE(values.keyStorage, changed.keyStorage);
    QCOMPARE(values.allowInsecureKey, changed.allowInsecureKey);
}

QTEST_GUILESS_MAIN(TestSettings)
#include "TestSettings.moc"
