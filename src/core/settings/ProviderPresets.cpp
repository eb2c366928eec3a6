// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/ProviderPresets.h"

#include <QCoreApplication>

#include <algorithm>
#include <iterator>

namespace steadfast {

namespace {

using Address = ProviderPreset::Address;

/// One provider's facts, as literals (so the compiler can check the table below).
struct Row
{
    Provider provider;
    const char16_t *id;
    const char *name; // QT_TRANSLATE_NOOP where it is not a brand
    const char16_t *baseUrl;
    const char16_t *defaultModel;
    bool needsKey;
    const char16_t *billingUrl;
    Address address;
};

// One row per provider, in the order of the enum. Adding a provider: a row here.
constexpr Row kRows[] = {
        {Provider::Demo, u"demo", QT_TRANSLATE_NOOP("Provider", "Demo server (built in)"), u"",
         u"steadfast-demo", false, u"", Address::BuiltIn},
        {Provider::OpenAI, u"openai", "OpenAI", u"https://api.openai.com/v1", u"gpt-4o-mini", true,
         u"https://platform.openai.com/settings/organization/billing/overview", Address::Preset},
        {Provider::Ollama, u"ollama", "Ollama", u"http://127.0.0.1:11434/v1", u"", false, u"",
         Address::Preset},
        {Provider::LMStudio, u"lmstudio", "LM Studio", u"http://127.0.0.1:1234/v1", u"", false, u"",
         Address::Preset},
        {Provider::LlamaCpp, u"llamacpp", "llama.cpp", u"http://127.0.0.1:8080/v1", u"", false, u"",
         Address::Preset},
        {Provider::OpenRouter, u"openrouter", "OpenRouter", u"https://openrouter.ai/api/v1",
         u"openai/gpt-4o-mini", true, u"https://openrouter.ai/settings/credits", Address::Preset},
        {Provider::Custom, u"custom", QT_TRANSLATE_NOOP("Provider", "Custom"), u"", u"", true, u"",
         Address::User},
};

static_assert(std::size(kRows) == std::size_t(Provider::Custom) + 1,
              "every Provider has a row in the presets");

constexpr bool rowsInEnumOrder()
{
    for (std::size_t i = 0; i < std::size(kRows); ++i) {
        if (kRows[i].provider != Provider(i))
            return false;
    }
    return true;
}
static_assert(rowsInEnumOrder(), "the presets are in the order of the Provider enum");

QUrl urlOf(const char16_t *text)
{
    const QString url = QString::fromUtf16(text);
    return url.isEmpty() ? QUrl() : QUrl(url);
}

ProviderPreset presetOf(const Row &row)
{
    ProviderPreset preset;
    preset.provider = row.provider;
    preset.id = QString::fromUtf16(row.id);
    preset.name = QString::fromLatin1(row.name);
    preset.baseUrl = urlOf(row.baseUrl);
    preset.defaultModel = QString::fromUtf16(row.defaultModel);
    preset.needsKey = row.needsKey;
    preset.billingUrl = urlOf(row.billingUrl);
    preset.address = row.address;
    return preset;
}

} // namespace

QString ProviderPreset::translatedName() const
{
    // Brand names are not translated; the two descriptive names are (QT_TRANSLATE_NOOP
    // above marks them for lupdate).
    return QCoreApplication::translate("Provider", name.toUtf8().constData());
}

QList<ProviderPreset> providerPresets()
{
    static const QList<ProviderPreset> presets = [] {
        QList<ProviderPreset> list;
        for (const Row &row : kRows)
            list.append(presetOf(row));
        return list;
    }();
    return presets;
}

ProviderPreset presetFor(Provider provider)
{
    const QList<ProviderPreset> presets = providerPresets();
    const auto it =
            std::find_if(presets.cbegin(), presets.cend(),
                         [provider](const ProviderPreset &p) { return p.provider == provider; });
    return it != presets.cend() ? *it : presets.constFirst();
}

std::optional<ProviderPreset> presetForId(const QString &id)
{
    const QList<ProviderPreset> presets = providerPresets();
    const auto it = std::find_if(presets.cbegin(), presets.cend(),
                                 [&id](const ProviderPreset &p) { return p.id == id; });
    if (it == presets.cend())
        return std::nullopt;
    return *it;
}

QUrl billingPageFor(const QString &host)
{
    // "api.openai.com:443" and "api.openai.com" are the same API; the host alone decides.
    const QUrl parsed(QStringLiteral("//") + host.trimmed());
    const QString name = parsed.host().toLower();
    if (name.isEmpty())
        return {};
    for (const ProviderPreset &preset : providerPresets()) {
        if (!preset.billingUrl.isEmpty() && preset.baseUrl.host().compare(name) == 0)
            return preset.billingUrl;
    }
    return {};
}

} // namespace steadfast
