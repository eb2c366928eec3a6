// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace steadfast {

/// The enums of the settings, in a namespace of their own so that moc knows their names
/// (Q_ENUM_NS) without making all of `steadfast` a meta-object namespace.
namespace SettingsEnums {
Q_NAMESPACE

/// Where the chat requests go. Each has a row in the presets (ProviderPresets.h); Custom
/// stays last (the table's size is checked against it).
enum class Provider { Demo, OpenAI, Ollama, LMStudio, LlamaCpp, OpenRouter, Custom };
Q_ENUM_NS(Provider)

/// Where KeyStore keeps a key the user typed (DESIGN.md, Security): the system keychain;
/// memory only, gone when the program ends; or a file only the user can read (0600).
/// Never plain QSettings.
enum class KeyStorage { Keychain, SessionOnly, File };
Q_ENUM_NS(KeyStorage)

} // namespace SettingsEnums

using Provider = SettingsEnums::Provider;
using KeyStorage = SettingsEnums::KeyStorage;

} // namespace steadfast
