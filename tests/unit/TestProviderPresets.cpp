// SPDX-License-Identifier: GPL-3.0-or-later
// The provider presets as one table (core/settings/ProviderPresets): each row's facts, one row
// per Provider in the enum's order, and the readers that decide by a column (the key rule, the
// quota card's billing page) agreeing with the row.
#include "core/errors/ErrorCardRule.h"
#include "core/settings/ProviderPresets.h"
#include "core/settings/Settings.h"

#include <QMetaEnum>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace steadfast;

using Address = ProviderPreset::Address;
Q_DECLARE_METATYPE(steadfast::Provider)
Q_DECLARE_METATYPE(steadfast::ProviderPreset::Address)

class TestProviderPresets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void row_data();
    void row();
    void everyProviderHasOneRowInEnumOrder();
    void idsAreUnique();
    void billingPageFor_data();
    void billingPageFor();
};

void TestProviderPresets::row_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<QString>("defaultModel");
    QTest::addColumn<bool>("needsKey");
    QTest::addColumn<QUrl>("billingUrl");
    QTest::addColumn<Address>("address");

    QTest::newRow("demo") << Provider::Demo << u"demo"_s << u"Demo server (built in)"_s << QUrl()
                          << u"steadfast-demo"_s << false << QUrl() << Address::BuiltIn;
    QTest::newRow("openai")
            << Provider::OpenAI << u"openai"_s << u"OpenAI"_s
            << QUrl(u"https://api.openai.com/v1"_s) << u"gpt-4o-mini"_s << true
            << QUrl(u"https://platform.openai.com/settings/organization/billing/overview"_s)
            << Address::Preset;
    QTest::newRow("ollama") << Provider::Ollama << u"ollama"_s << u"Ollama"_s
                            << QUrl(u"http://127.0.0.1:11434/v1"_s) << QString() << false << QUrl()
                            << Address::Preset;
    QTest::newRow("lmstudio") << Provider::LMStudio << u"lmstudio"_s << u"LM Studio"_s
                              << QUrl(u"http://127.0.0.1:1234/v1"_s) << QString() << false << QUrl()
                              << Address::Preset;
    QTest::newRow("llamacpp") << Provider::LlamaCpp << u"llamacpp"_s << u"llama.cpp"_s
                              << QUrl(u"http://127.0.0.1:8080/v1"_s) << QString() << false << QUrl()
                              << Address::Preset;
    QTest::newRow("openrouter") << Provider::OpenRouter << u"openrouter"_s << u"OpenRouter"_s
                                << QUrl(u"https://openrouter.ai/api/v1"_s)
                                << u"openai/gpt-4o-mini"_s << true
                                << QUrl(u"https://openrouter.ai/settings/credits"_s)
                                << Address::Preset;
    QTest::newRow("custom") << Provider::Custom << u"custom"_s << u"Custom"_s << QUrl() << QString()
                            << true << QUrl() << Address::User;
}

void TestProviderPresets::row()
{
    QFETCH(Provider, provider);
    QFETCH(QString, id);
    QFETCH(QString, name);
    QFETCH(QUrl, baseUrl);
    QFETCH(QString, defaultModel);
    QFETCH(bool, needsKey);
    QFETCH(QUrl, billingUrl);
    QFETCH(Address, address);

    const ProviderPreset preset = presetFor(provider);
    QCOMPARE(preset.provider, provider);
    QCOMPARE(preset.id, id);
    QCOMPARE(preset.name, name);
    QCOMPARE(preset.translatedName(), name); // no translator installed: the source text
    QCOMPARE(preset.baseUrl, baseUrl);
    QCOMPARE(preset.defaultModel, defaultModel);
    QCOMPARE(preset.needsKey, needsKey);
    QCOMPARE(preset.billingUrl, billingUrl);
    QCOMPARE(preset.address, address);
    // Only the user's own address is theirs to edit; only a fixed address is in the row.
    QCOMPARE(preset.editableUrl(), address == Address::User);
    QCOMPARE(!preset.baseUrl.isEmpty(), address == Address::Preset);

    const std::optional<ProviderPreset> byId = presetForId(id);
    QVERIFY(byId.has_value());
    QCOMPARE(byId->provider, provider);

    if (address == Address::Preset) {
        // The key column agrees with the rule the settings apply to the address.
        AppSettings values;
        values.provider = provider;
        values.baseUrl = baseUrl;
        QCOMPARE(values.needsKey(QUrl()), needsKey);
        // The quota card finds the billing page by the row's host, with or without a port.
        QCOMPARE(steadfast::billingPageFor(baseUrl.host()), billingUrl);
        QCOMPARE(steadfast::billingPageFor(baseUrl.host() + u":443"_s), billingUrl);
    }
}

void TestProviderPresets::everyProviderHasOneRowInEnumOrder()
{
    const QMetaEnum providers = QMetaEnum::fromType<Provider>();
    const QList<ProviderPreset> presets = providerPresets();
    QCOMPARE(presets.size(), providers.keyCount());
    for (int i = 0; i < providers.keyCount(); ++i) {
        QCOMPARE(int(presets.at(i).provider), providers.value(i));
        QCOMPARE(int(presetFor(Provider(providers.value(i))).provider), providers.value(i));
    }
}

void TestProviderPresets::idsAreUnique()
{
    QSet<QString> ids;
    for (const ProviderPreset &preset : providerPresets()) {
        QVERIFY2(!preset.id.isEmpty(), qPrintable(preset.name));
        QVERIFY2(!ids.contains(preset.id), qPrintable(preset.id));
        ids.insert(preset.id);
    }
    QVERIFY(!presetForId(u"OpenAI"_s)); // ids are exact
    QVERIFY(!presetForId(QString()));
}

void TestProviderPresets::billingPageFor_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QUrl>("page");
    QTest::newRow("OpenAI")
            << u"api.openai.com"_s
            << QUrl(u"https://platform.openai.com/settings/organization/billing/overview"_s);
    QTest::newRow("OpenAI with its port")
            << u"api.openai.com:443"_s
            << QUrl(u"https://platform.openai.com/settings/organization/billing/overview"_s);
    QTest::newRow("OpenAI, other case")
            << u"API.OpenAI.com"_s
            << QUrl(u"https://platform.openai.com/settings/organization/billing/overview"_s);
    QTest::newRow("OpenRouter") << u"openrouter.ai"_s
                                << QUrl(u"https://openrouter.ai/settings/credits"_s);
    QTest::newRow("Ollama has none") << u"127.0.0.1:11434"_s << QUrl();
    QTest::newRow("a custom server") << u"llm.example.com"_s << QUrl();
    QTest::newRow("a look-alike") << u"api.openai.com.example.com"_s << QUrl();
    QTest::newRow("nothing") << QString() << QUrl();
}

void TestProviderPresets::billingPageFor()
{
    QFETCH(QString, host);
    QFETCH(QUrl, page);
    QCOMPARE(steadfast::billingPageFor(host), page);
}

QTEST_GUILESS_MAIN(TestProviderPresets)
#include "TestProviderPresets.moc"
