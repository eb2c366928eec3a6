// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/net/ModelsClient.h"
#include "core/settings/KeyStore.h"
#include "core/settings/Settings.h"

#include <QDialog>
#include <QMessageBox>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QPushButton;
class QSpinBox;

namespace Ui {
class SettingsDialog;
}

namespace steadfast {

/// The settings: connection (provider, base URL, API key, model, a connection test),
/// reliability (retries, timeouts, the circuit breaker) and the conversation's system
/// prompt. The form is ui/SettingsDialog.ui. It is filled from Settings and written back in
/// accept(); the window applies the change when Settings::changed() comes, so nothing needs
/// a restart. The API key goes to the KeyStore, never into Settings.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// settings, keys and network: not owned; they outlive the dialog. demoBaseUrl: the
    /// embedded demo server's URL (shown for the Demo preset, used by Test connection).
    SettingsDialog(Settings *settings, KeyStore *keys, QNetworkAccessManager *network,
                   const QUrl &demoBaseUrl, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    enum class Focus { General, ApiKey, Model, SystemPrompt };
    Q_ENUM(Focus)

    /// Shows the page and field the chat window's error cards point at: the key (401), the
    /// model (404), the system prompt, or the first field.
    void focus(Focus what);

    /// Writes Settings::setValues() and, if the key field changed, KeyStore::store(). When
    /// the keychain cannot take the key the user is asked (a QMessageBox: "Keep for this
    /// session only", "Save in a file only I can read", "Cancel"); never a silent plain-text
    /// fallback. Closes once the key is stored, or at once when the key did not change.
    void accept() override;

    /// The settings the form shows now (what accept() writes).
    AppSettings formValues() const;
    /// The key the form shows now.
    QString formKey() const;
    /// True while accept() waits for the key store.
    bool isSavingKey() const { return !m_pendingAccount.isEmpty(); }

    // Object names of the question asked when the keychain is unavailable (for tests and
    // accessibility tools).
    static QString keychainQuestionName() { return QStringLiteral("keychainQuestion"); }
    static QString keepForSessionButtonName() { return QStringLiteral("keepForSessionButton"); }
    static QString saveInFileButtonName() { return QStringLiteral("saveInFileButton"); }
    static QString cancelKeyButtonName() { return QStringLiteral("cancelKeyButton"); }
    // The question asked on OK when no model is chosen.
    static QString emptyModelQuestionName() { return QStringLiteral("emptyModelQuestion"); }
    static QString chooseModelButtonName() { return QStringLiteral("chooseModelButton"); }
    static QString saveWithoutModelButtonName() { return QStringLiteral("saveWithoutModelButton"); }

    /// Why text is not a usable base URL, in words for the user; empty when it is one.
    static QString baseUrlProblem(const QString &text);

Q_SIGNALS:
    /// The connection test ended: its text is in the dialog (for the window's log and tests).
    void connectionTested(bool ok, const QString &text);

private:
    void fillForm(const AppSettings &values);
    void fillReliability(const AppSettings &values);
    void setupSpin(QSpinBox *spin, int minimum, int maximum, const QString &suffix,
                   const QString &toolTip);
    int spinMilliseconds(const QSpinBox *spin, int baseMs) const;

    Provider currentProvider() const;
    ProviderPreset currentPreset() const;
    QUrl currentBaseUrl() const;
    QString currentAccount() const;
    bool currentNeedsKey() const;

    static QUrl urlFromText(const QString &text);

    void handleProviderChanged();
    void handleBaseUrlEdited();
    void checkBaseUrlField(); // on leaving the field: a problem is said under it
    void showBaseUrlHint();   // what the field holds, or how to change it
    void showBaseUrlProblem(const QString &problem);
    void askAboutEmptyModel();
    /// A warning question over this dialog (buttons to add), deleted when it closes.
    QMessageBox *newQuestion(const QString &objectName, const QString &title, const QString &text,
                             const QString &informativeText);
    /// A button of such a question, named for tests.
    static QPushButton *addQuestionButton(QMessageBox *question, const QString &text,
                                          QMessageBox::ButtonRole role, const QString &objectName);
    void handleKeyEdited();
    void handleKeyLoaded(const QString &account, const QString &key,
                         steadfast::KeyStore::Source source);
    void handleKeyStored(const QString &account);
    void handleKeychainUnavailable(const QString &account, const QString &reason);
    void handleKeyError(const QString &message);
    void loadKeyForCurrentAccount();
    void updateKeyState();

    void testConnection();
    void handleModelsFetched(const QStringList &models);
    void handleFetchFailed(const steadfast::ApiError &error);
    void showTestResult(bool ok, const QString &text);
    void setModels(const QStringList &models);

    void restoreDefaults();
    void showProblem(const QString &problem, QWidget *field);
    void finishAccept();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Settings *m_settings;  // not owned
    KeyStore *m_keys;      // not owned
    ModelsClient m_models; // uses the caller's network
    QUrl m_demoBaseUrl;
    AppSettings m_initial;   // what the form was filled from
    AppSettings m_spinBase;  // what the reliability spin boxes were filled from
    QString m_customUrl;     // what the user typed for Custom, kept across presets
    QString m_loadedAccount; // the account the key field belongs to
    QString m_loadedKey;     // the key as loaded (the field may differ)
    KeyStore::Source m_loadedSource = KeyStore::Source::None;
    bool m_keyLoaded = false;    // a keyLoaded() for the current account came
    bool m_keyEdited = false;    // the user typed in the key field
    QString m_autoTestedAccount; // the model list was fetched when its key came
    QString m_pendingAccount;    // accept() waits for this account's key to be stored
    QString m_pendingKey;
    QPointer<QMessageBox> m_question;      // the keychain question, while it is open
    QPointer<QMessageBox> m_modelQuestion; // "no model chosen", while it is open
    bool m_emptyModelAccepted = false;     // the user chose to save without a model
};

} // namespace steadfast
