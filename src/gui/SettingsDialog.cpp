// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/SettingsDialog.h"

#include "core/net/Validation.h"
#include "gui/GuiResources.h"

#include "ui_SettingsDialog.h"

#include <QAbstractButton>
#include <QIcon>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr int kIconSize = 16;
constexpr int kMaxSeconds = AppSettings::maxDurationMs / 1000;

/// Whole seconds for a spin box (milliseconds rounded to the nearest second).
int secondsFor(int milliseconds)
{
    return int(std::lround(milliseconds / 1000.0));
}

/// Where a key stored with each storage is found again, in KeyStorage's order.
constexpr std::array storageSources{KeyStore::Source::Keychain, KeyStore::Source::Session,
                                    KeyStore::Source::File};
static_assert(storageSources.size() == std::size_t(KeyStorage::File) + 1,
              "one source per KeyStorage");

KeyStore::Source sourceFor(KeyStorage storage)
{
    const auto row = std::size_t(storage);
    return row < storageSources.size() ? storageSources[row] : KeyStore::Source::Keychain;
}

bool isPresetDefaultModel(const QString &model)
{
    const QList<ProviderPreset> presets = providerPresets();
    return std::any_of(presets.cbegin(), presets.cend(), [&model](const ProviderPreset &preset) {
        return !preset.defaultModel.isEmpty() && preset.defaultModel == model;
    });
}

} // namespace

SettingsDialog::SettingsDialog(Settings *settings, KeyStore *keys, QNetworkAccessManager *network,
                               const QUrl &demoBaseUrl, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
    , m_keys(keys)
    , m_models(network)
    , m_demoBaseUrl(demoBaseUrl)
{
    initGuiResources();
    m_ui->setupUi(this);
    setWindowIcon(QIcon(u":/icons/settings.svg"_s));

    for (const ProviderPreset &preset : providerPresets())
        m_ui->providerCombo->addItem(preset.translatedName(), int(preset.provider));
    m_ui->keyStorageCombo->addItem(tr("The system keychain"), int(KeyStorage::Keychain));
    m_ui->keyStorageCombo->addItem(tr("Memory, for this session only"),
                                   int(KeyStorage::SessionOnly));
    m_ui->keyStorageCombo->addItem(tr("A file only you can read"), int(KeyStorage::File));
    m_ui->keyStorageCombo->setToolTip(
            tr("Use the keychain if you can. Without one, choose memory (you type the key again "
               "next time) or a private file."));

    const AppSettings defaults;
    setupSpin(m_ui->maxRetriesSpin, 0, AppSettings::maxRetriesLimit, QString(),
              tr("How often a failed request is tried again. Default: %n.", nullptr,
                 defaults.maxRetries));
    setupSpin(m_ui->connectTimeoutSpin, 1, kMaxSeconds, tr(" s"),
              tr("How long sending the request may take. Default: %n s.", nullptr,
                 secondsFor(defaults.connectTimeoutMs)));
    setupSpin(m_ui->firstByteTimeoutSpin, 1, kMaxSeconds, tr(" s"),
              tr("How long to wait for the server to start answering. A local model may need a "
                 "minute to load. Default: %n s.",
                 nullptr, secondsFor(defaults.firstByteTimeoutMs)));
    setupSpin(m_ui->idleTimeoutSpin, 1, kMaxSeconds, tr(" s"),
              tr("How long a reply may pause in the middle. Default: %n s.", nullptr,
                 secondsFor(defaults.idleTimeoutMs)));
    setupSpin(m_ui->deadlineSpin, 0, kMaxSeconds, tr(" s"),
              tr("The longest a whole exchange may take, retries included. Default: none."));
    m_ui->deadlineSpin->setSpecialValueText(tr("None"));
    setupSpin(m_ui->maxWaitSpin, 0, kMaxSeconds, tr(" s"),
              tr("A server may ask to wait before retrying. Longer waits are asked about first. "
                 "Default: %n s.",
                 nullptr, secondsFor(defaults.maxWaitMs)));
    setupSpin(m_ui->breakerThresholdSpin, 1, AppSettings::maxBreakerThreshold, QString(),
              tr("After this many failures in a row the server is paused. Default: %n.", nullptr,
                 defaults.breakerThreshold));
    setupSpin(m_ui->breakerCooldownSpin, 0, kMaxSeconds, tr(" s"),
              tr("How long the server stays paused before one test request. Default: %n s.",
                 nullptr, secondsFor(defaults.breakerCooldownMs)));

    m_ui->testIconLabel->hide();
    m_ui->testIconLabel->setFixedSize(kIconSize, kIconSize);
    // The result has a row of its own under the button, two lines tall before any text
    // comes, so neither the button nor the rows below move when it changes.
    m_ui->testResultLabel->setMinimumHeight(2 * m_ui->testResultLabel->fontMetrics().lineSpacing());
    // The same for the hint under the address (a problem replaces it): the button below stays.
    m_ui->baseUrlHintLabel->setMinimumHeight(2
                                             * m_ui->baseUrlHintLabel->fontMetrics().lineSpacing());
    m_ui->formProblemLabel->hide();
    m_ui->insecureKeyCheck->hide();

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->providerCombo, &QComboBox::currentIndexChanged, this,
            &SettingsDialog::handleProviderChanged);
    connect(m_ui->baseUrlEdit, &QLineEdit::textEdited, this, &SettingsDialog::handleBaseUrlEdited);
    connect(m_ui->baseUrlEdit, &QLineEdit::editingFinished, this,
            &SettingsDialog::loadKeyForCurrentAccount);
    connect(m_ui->baseUrlEdit, &QLineEdit::editingFinished, this,
            &SettingsDialog::checkBaseUrlField);
    connect(m_ui->apiKeyEdit, &QLineEdit::textEdited, this, &SettingsDialog::handleKeyEdited);
    connect(m_ui->showKeyButton, &QToolButton::toggled, this, [this](bool shown) {
        m_ui->apiKeyEdit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showKeyButton->setText(shown ? tr("Hide") : tr("Show"));
        m_ui->showKeyButton->setAccessibleName(shown ? tr("Hide the API key")
                                                     : tr("Show the API key"));
    });
    connect(m_ui->testButton, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    connect(m_ui->restoreDefaultsButton, &QPushButton::clicked, this,
            &SettingsDialog::restoreDefaults);

    connect(m_keys, &KeyStore::keyLoaded, this, &SettingsDialog::handleKeyLoaded);
    connect(m_keys, &KeyStore::keyStored, this, &SettingsDialog::handleKeyStored);
    connect(m_keys, &KeyStore::keyRemoved, this, &SettingsDialog::handleKeyStored);
    connect(m_keys, &KeyStore::keychainUnavailable, this,
            &SettingsDialog::handleKeychainUnavailable);
    connect(m_keys, &KeyStore::errorOccurred, this, &SettingsDialog::handleKeyError);
    connect(&m_models, &ModelsClient::modelsFetched, this, &SettingsDialog::handleModelsFetched);
    connect(&m_models, &ModelsClient::fetchFailed, this, &SettingsDialog::handleFetchFailed);

    m_initial = m_settings->values();
    fillForm(m_initial);
    loadKeyForCurrentAccount();
}

SettingsDialog::~SettingsDialog()
{
    // ~QDialog hides the dialog, which moves the focus: a line edit losing it emits
    // editingFinished() when this object is no longer a SettingsDialog.
    m_ui->baseUrlEdit->disconnect(this);
    m_ui->apiKeyEdit->disconnect(this);
}

void SettingsDialog::setupSpin(QSpinBox *spin, int minimum, int maximum, const QString &suffix,
                               const QString &toolTip)
{
    spin->setRange(minimum, maximum);
    spin->setSuffix(suffix);
    spin->setToolTip(toolTip);
    spin->setAccelerated(true);
}

void SettingsDialog::fillForm(const AppSettings &values)
{
    // The user's address, kept while a preset is shown (the demo's field shows the demo's).
    m_customUrl = presetFor(values.provider).address != ProviderPreset::Address::Preset
            ? values.baseUrl.toString()
            : QString();
    {
        const QSignalBlocker blocker(m_ui->providerCombo);
        m_ui->providerCombo->setCurrentIndex(
                std::max(0, m_ui->providerCombo->findData(int(values.provider))));
    }
    handleProviderChanged(); // the URL field, its read-only state, the key state
    m_ui->modelCombo->setEditText(values.model);
    m_ui->streamingCheck->setChecked(values.streaming);
    m_ui->keyStorageCombo->setCurrentIndex(
            std::max(0, m_ui->keyStorageCombo->findData(int(values.keyStorage))));
    m_ui->insecureKeyCheck->setChecked(values.allowInsecureKey);
    m_ui->systemPromptEdit->setPlainText(values.systemPrompt);
    fillReliability(values);
    updateKeyState();
}

void SettingsDialog::fillReliability(const AppSettings &values)
{
    m_spinBase = values;
    m_ui->maxRetriesSpin->setValue(values.maxRetries);
    m_ui->connectTimeoutSpin->setValue(secondsFor(values.connectTimeoutMs));
    m_ui->firstByteTimeoutSpin->setValue(secondsFor(values.firstByteTimeoutMs));
    m_ui->idleTimeoutSpin->setValue(secondsFor(values.idleTimeoutMs));
    m_ui->deadlineSpin->setValue(secondsFor(values.deadlineMs));
    m_ui->maxWaitSpin->setValue(secondsFor(values.maxWaitMs));
    m_ui->breakerThresholdSpin->setValue(values.breakerThreshold);
    m_ui->breakerCooldownSpin->setValue(secondsFor(values.breakerCooldownMs));
}

int SettingsDialog::spinMilliseconds(const QSpinBox *spin, int baseMs) const
{
    // A value shown in whole seconds keeps its exact milliseconds while nobody changes it
    // (a 2500 ms timeout from the CLI or the file must not become 3000 ms by opening Settings).
    if (spin->value() == std::clamp(secondsFor(baseMs), spin->minimum(), spin->maximum()))
        return baseMs;
    return spin->value() * 1000;
}

void SettingsDialog::restoreDefaults()
{
    fillReliability(AppSettings());
}

Provider SettingsDialog::currentProvider() const
{
    return Provider(m_ui->providerCombo->currentData().toInt());
}

ProviderPreset SettingsDialog::currentPreset() const
{
    return presetFor(currentProvider());
}

QUrl SettingsDialog::currentBaseUrl() const
{
    if (currentPreset().address == ProviderPreset::Address::BuiltIn)
        return m_demoBaseUrl;
    return urlFromText(m_ui->baseUrlEdit->text());
}

QString SettingsDialog::currentAccount() const
{
    return KeyStore::accountFor(currentBaseUrl());
}

bool SettingsDialog::currentNeedsKey() const
{
    return !isLoopbackHost(currentBaseUrl().host());
}

QString SettingsDialog::formKey() const
{
    return m_ui->apiKeyEdit->text().trimmed();
}

AppSettings SettingsDialog::formValues() const
{
    AppSettings values = m_initial;
    values.provider = currentProvider();
    const ProviderPreset preset = presetFor(values.provider);
    switch (preset.address) {
    case ProviderPreset::Address::BuiltIn:
        values.baseUrl = urlFromText(m_customUrl); // kept for a later switch back to Custom
        break;
    case ProviderPreset::Address::User:
        values.baseUrl = urlFromText(m_ui->baseUrlEdit->text());
        break;
    case ProviderPreset::Address::Preset:
        values.baseUrl = preset.baseUrl;
        break;
    }
    values.model = m_ui->modelCombo->currentText().trimmed();
    values.streaming = m_ui->streamingCheck->isChecked();
    values.systemPrompt = m_ui->systemPromptEdit->toPlainText();
    values.keyStorage = KeyStorage(m_ui->keyStorageCombo->currentData().toInt());
    values.allowInsecureKey = m_ui->insecureKeyCheck->isChecked();
    values.maxRetries = m_ui->maxRetriesSpin->value();
    values.connectTimeoutMs =
            spinMilliseconds(m_ui->connectTimeoutSpin, m_spinBase.connectTimeoutMs);
    values.firstByteTimeoutMs =
            spinMilliseconds(m_ui->firstByteTimeoutSpin, m_spinBase.firstByteTimeoutMs);
    values.idleTimeoutMs = spinMilliseconds(m_ui->idleTimeoutSpin, m_spinBase.idleTimeoutMs);
    values.deadlineMs = spinMilliseconds(m_ui->deadlineSpin, m_spinBase.deadlineMs);
    values.maxWaitMs = spinMilliseconds(m_ui->maxWaitSpin, m_spinBase.maxWaitMs);
    values.breakerThreshold = m_ui->breakerThresholdSpin->value();
    values.breakerCooldownMs =
            spinMilliseconds(m_ui->breakerCooldownSpin, m_spinBase.breakerCooldownMs);
    return values;
}

void SettingsDialog::focus(Focus what)
{
    switch (what) {
    case Focus::General:
        m_ui->tabs->setCurrentWidget(m_ui->connectionTab);
        m_ui->providerCombo->setFocus(Qt::OtherFocusReason);
        break;
    case Focus::ApiKey:
        m_ui->tabs->setCurrentWidget(m_ui->connectionTab);
        m_ui->apiKeyEdit->setFocus(Qt::OtherFocusReason);
        m_ui->apiKeyEdit->selectAll();
        break;
    case Focus::Model:
        m_ui->tabs->setCurrentWidget(m_ui->connectionTab);
        m_ui->modelCombo->setFocus(Qt::OtherFocusReason);
        if (QLineEdit *edit = m_ui->modelCombo->lineEdit())
            edit->selectAll();
        break;
    case Focus::SystemPrompt:
        m_ui->tabs->setCurrentWidget(m_ui->conversationTab);
        m_ui->systemPromptEdit->setFocus(Qt::OtherFocusReason);
        break;
    }
}

void SettingsDialog::handleProviderChanged()
{
    const ProviderPreset preset = currentPreset();
    QLineEdit *url = m_ui->baseUrlEdit;
    // Never read-only: typing over a preset's address switches to Custom with what was
    // typed (handleBaseUrlEdited()); the hint under the field says so.
    switch (preset.address) {
    case ProviderPreset::Address::User:
        url->setText(m_customUrl);
        break;
    case ProviderPreset::Address::BuiltIn:
        url->setText(m_demoBaseUrl.toString());
        break;
    case ProviderPreset::Address::Preset:
        url->setText(preset.baseUrl.toString());
        break;
    }
    showBaseUrlHint();

    // A model chosen for the old server may not exist on the new one; a preset's default
    // model follows the preset, a model the user typed stays.
    const QString model = m_ui->modelCombo->currentText().trimmed();
    const QString nextModel =
            model.isEmpty() || isPresetDefaultModel(model) ? preset.defaultModel : model;
    m_ui->modelCombo->clear();
    m_ui->modelCombo->setEditText(nextModel);
    m_ui->testResultLabel->clear();
    m_ui->testIconLabel->hide();
    m_models.cancel();
    loadKeyForCurrentAccount();
    updateKeyState();
}

void SettingsDialog::handleKeyEdited()
{
    m_keyEdited = true;
    m_ui->formProblemLabel->hide();
    updateKeyState();
}

void SettingsDialog::loadKeyForCurrentAccount()
{
    const QString account = currentAccount();
    if (account == m_loadedAccount)
        return;
    m_loadedAccount = account;
    m_loadedKey.clear();
    m_loadedSource = KeyStore::Source::None;
    m_keyLoaded = false;
    if (!m_keyEdited)
        m_ui->apiKeyEdit->clear();
    if (isHttpUrl(currentBaseUrl()))
        m_keys->load(account);
    else
        m_keyLoaded = true; // no server yet, so no key to look for
    updateKeyState();
}

void SettingsDialog::handleKeyLoaded(const QString &account, const QString &key,
                                     KeyStore::Source source)
{
    if (account != m_loadedAccount || isSavingKey())
        return;
    m_loadedKey = key;
    m_loadedSource = source;
    m_keyLoaded = true;
    if (!m_keyEdited)
        m_ui->apiKeyEdit->setText(key);
    updateKeyState();
    // When the dialog opens (or another server is chosen) the model list is fetched if it
    // can be: a key is there, or the server needs none.
    if (account != m_autoTestedAccount && (!key.isEmpty() || !currentNeedsKey())
        && isHttpUrl(currentBaseUrl())) {
        m_autoTestedAccount = account;
        testConnection();
    }
}

void SettingsDialog::updateKeyState()
{
    const QString key = formKey();
    const bool needsKey = currentNeedsKey();
    QString text;
    if (isSavingKey()) {
        text = tr("Saving the key…");
    } else if (m_keyEdited && key != m_loadedKey) {
        text = key.isEmpty() ? tr("The key will be removed when you click OK.")
                             : tr("The new key will be saved when you click OK.");
    } else if (!needsKey && key.isEmpty()) {
        text = tr("This server runs on your computer and needs no key.");
    } else if (!m_keyLoaded) {
        text = tr("Looking for a saved key…");
    } else if (m_loadedSource == KeyStore::Source::None) {
        text = tr("No key yet. Paste your API key here.");
    } else {
        text = tr("Key source: %1").arg(KeyStore::sourceDescription(m_loadedSource));
    }
    m_ui->keySourceLabel->setText(text);

    const QUrl url = currentBaseUrl();
    const bool inClear = url.scheme() == u"http"_s && !isLoopbackHost(url.host());
    m_ui->insecureKeyCheck->setVisible(inClear && !key.isEmpty());
}

void SettingsDialog::showProblem(const QString &problem, QWidget *field)
{
    m_ui->tabs->setCurrentWidget(m_ui->connectionTab);
    m_ui->formProblemLabel->setText(problem);
    m_ui->formProblemLabel->show();
    if (field)
        field->setFocus(Qt::OtherFocusReason);
}

void SettingsDialog::accept()
{
    if (isSavingKey())
        return; // the key store is still answering the last OK
    if (m_question || m_modelQuestion)
        return; // a question is open
    m_ui->formProblemLabel->hide();
    const AppSettings values = formValues();
    if (presetFor(values.provider).editableUrl()) {
        // Said under the field, which gets the focus; nothing is saved.
        const QString problem = baseUrlProblem(m_ui->baseUrlEdit->text());
        if (!problem.isEmpty()) {
            showBaseUrlProblem(problem);
            m_ui->tabs->setCurrentWidget(m_ui->connectionTab);
            m_ui->baseUrlEdit->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
    if (values.model.isEmpty() && !m_emptyModelAccepted) {
        askAboutEmptyModel();
        return;
    }
    m_emptyModelAccepted = false;

    m_settings->setValues(values);
    const QString key = formKey();
    const QString account = KeyStore::accountFor(values.effectiveBaseUrl(m_demoBaseUrl));
    const bool keyChanged = m_keyEdited && key != m_loadedKey;
    // A stored key follows a change of where keys are kept; one from the environment stays.
    const bool storedKey = m_loadedSource == KeyStore::Source::Keychain
            || m_loadedSource == KeyStore::Source::Session
            || m_loadedSource == KeyStore::Source::File;
    const bool keyMoves = !key.isEmpty() && storedKey && account == m_loadedAccount
            && sourceFor(values.keyStorage) != m_loadedSource;
    m_initial = m_settings->values();
    if (!keyChanged && !keyMoves) {
        QDialog::accept();
        return;
    }
    m_pendingAccount = account;
    m_pendingKey = key;
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    updateKeyState();
    m_keys->store(account, key, values.keyStorage);
}

void SettingsDialog::handleKeyStored(const QString &account)
{
    if (account != m_pendingAccount || m_question)
        return;
    finishAccept();
}

void SettingsDialog::finishAccept()
{
    m_loadedKey = m_pendingKey;
    m_loadedSource =
            m_keys->account() == m_pendingAccount ? m_keys->source() : KeyStore::Source::None;
    m_keyEdited = false;
    m_pendingAccount.clear();
    m_pendingKey.clear();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(true);
    updateKeyState();
    QDialog::accept();
}

void SettingsDialog::handleKeychainUnavailable(const QString &account, const QString &reason)
{
    if (account != m_pendingAccount || m_question)
        return;
    // Never a silent fallback: the user decides where the key may go.
    QMessageBox *question = newQuestion(
            keychainQuestionName(), tr("No keychain available"),
            tr("The system keychain cannot store the API key."),
            tr("Keep it in memory until Steadfast closes, or save it in a file that only your "
               "user account can read?"));
    if (!reason.trimmed().isEmpty())
        question->setDetailedText(tr("The keychain said: %1").arg(reason.trimmed()));
    QPushButton *session = addQuestionButton(question, tr("Keep for this session only"),
                                             QMessageBox::AcceptRole, keepForSessionButtonName());
    QPushButton *file = addQuestionButton(question, tr("Save in a file only I can read"),
                                          QMessageBox::AcceptRole, saveInFileButtonName());
    QPushButton *cancel = addQuestionButton(question, tr("Cancel"), QMessageBox::RejectRole,
                                            cancelKeyButtonName());
    question->setDefaultButton(session);
    question->setEscapeButton(cancel);
    m_question = question;
    connect(question, &QMessageBox::finished, this, [this, question, session, file] {
        const QAbstractButton *clicked = question->clickedButton();
        m_question.clear();
        if (clicked == session || clicked == file) {
            m_keys->store(m_pendingAccount, m_pendingKey,
                          clicked == session ? KeyStorage::SessionOnly : KeyStorage::File);
            return;
        }
        // Cancel (or Escape): nothing is stored; the dialog stays open with the key typed.
        m_pendingAccount.clear();
        m_pendingKey.clear();
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(true);
        updateKeyState();
        showProblem(tr("The key was not saved."), m_ui->keyStorageCombo);
    });
    question->open();
}

void SettingsDialog::handleKeyError(const QString &message)
{
    if (m_pendingAccount.isEmpty())
        return;
    m_pendingAccount.clear();
    m_pendingKey.clear();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(true);
    updateKeyState();
    showProblem(message, m_ui->apiKeyEdit);
}

} // namespace steadfast
