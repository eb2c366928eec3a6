// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/SettingsEnums.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace steadfast {

/// What choosing a provider fills in: one row per Provider (ProviderPresets.cpp), which the
/// settings, the Settings dialog and the error cards all read.
struct ProviderPreset
{
    /// Where the address comes from, and so what the Settings dialog's address field holds.
    enum class Address {
        Preset,  // baseUrl below; typing over it switches to Custom
        User,    // the user's: the field is theirs to edit (Custom)
        BuiltIn, // the demo server's, known at run time; the user's address is kept aside
    };

    Provider provider = Provider::Demo;
    QString id;            // stable, stored in QSettings: "demo", "openai", …
    QString name;          // display name, untranslated (brand names, or the source text)
    QUrl baseUrl;          // empty for Demo (known at run time) and Custom (the user's)
    QString defaultModel;  // empty where the server's /models decides
    bool needsKey = false; // Custom: true here; AppSettings::needsKey() decides by the URL
    QUrl billingUrl;       // where the user checks the quota, if the provider has one
    Address address = Address::Preset;

    /// Whether the address field is the user's (Custom).
    bool editableUrl() const { return address == Address::User; }
    /// name, translated where it is not a brand ("Demo server (built in)", "Custom").
    QString translatedName() const;
};

/// Every preset, in the order of the Provider enum.
QList<ProviderPreset> providerPresets();
ProviderPreset presetFor(Provider provider);
/// The preset whose id is this ("openai"), or nullopt.
std::optional<ProviderPreset> presetForId(const QString &id);
/// The billing page of the provider preset whose API lives at host ("api.openai.com",
/// "openrouter.ai:443"); empty for every other host.
QUrl billingPageFor(const QString &host);

} // namespace steadfast
