// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/settings/Settings.h"

#include <QHash>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <deque>
#include <functional>
#include <optional>

namespace QKeychain {
class Job;
}

namespace steadfast {

/// The API key, one per endpoint, kept in the system keychain (QtKeychain: Secret Service,
/// KWallet, macOS Keychain, Windows Credential Store), in memory for this session only, or in
/// a JSON file only the user can read (0600). Never in plain QSettings, never in a log (the
/// "steadfast.keys" category names accounts and outcomes only).
///
/// Every operation is asynchronous (a keychain may ask the user) and they run one after the
/// other in the order they were asked for: each load() ends with exactly one keyLoaded(),
/// each store() with keyStored(), keychainUnavailable() or errorOccurred(), each remove()
/// with keyRemoved(). Signals always come from the event loop, never from inside the call.
class KeyStore : public QObject
{
    Q_OBJECT
public:
    enum class Source { None, Environment, Keychain, Session, File };
    Q_ENUM(Source)

    /// service: the keychain's service name ("steadfast"; tests use a unique one).
    /// keyFilePath: the fallback file (the app passes AppConfigLocation + "/api-keys.json").
    /// environment: where OPENAI_API_KEY is read (tests inject one).
    KeyStore(QString service, QString keyFilePath,
             QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(),
             QObject *parent = nullptr);

    /// One key per endpoint: BreakerRegistry::endpointKey (no user info, no query).
    static QString accountFor(const QUrl &baseUrl);

    /// The account OPENAI_API_KEY belongs to: that of OPENAI_BASE_URL when it is an http(s)
    /// URL, else OpenAI's (https://api.openai.com/v1), as the official SDKs read them.
    QString environmentAccount() const;

    /// Looks for the account's key: the session's, then the keychain's (skipped once the
    /// keychain is known to be unavailable; a failing keychain falls through), then the
    /// file's; none of those: OPENAI_API_KEY (Source::Environment) if the account is
    /// environmentAccount() (an OpenAI key is never offered to another server); else
    /// Source::None with an empty key. Emits keyLoaded exactly once per call.
    void load(const QString &account);
    /// Keeps the key where storage says, then removes it from the other places (a key moved
    /// to the keychain leaves no copy in the file). Keychain: when the keychain cannot take
    /// it (no backend, access denied, any other error) keychainUnavailable() is emitted and
    /// the key is kept nowhere, so the caller can ask the user and store() again with
    /// SessionOnly or File. File: written atomically (QSaveFile) with permissions 0600 set
    /// before anything is written; errorOccurred() if that fails. An empty key is a remove().
    void store(const QString &account, const QString &key, steadfast::KeyStorage storage);
    /// Removes the account's key from the session, the keychain and the file; emits keyRemoved.
    void remove(const QString &account);

    /// The key of the last load() or store() to finish (empty after remove() of its account).
    QString key() const { return m_key; }
    Source source() const { return m_source; }
    QString account() const { return m_account; }
    /// False once a keychain operation failed for want of a working keychain (no backend,
    /// no session bus); true again after a keychain operation succeeds.
    bool keychainAvailable() const { return m_keychainAvailable; }
    /// Operations asked for and not yet finished.
    bool isBusy() const { return !m_queue.empty(); }
    QString keyFilePath() const { return m_keyFilePath; }
    QString service() const { return m_service; }

    /// Where a key comes from, for the settings dialog: "from the system keychain", …
    static QString sourceDescription(Source source);

Q_SIGNALS:
    void keyLoaded(const QString &account, const QString &key, steadfast::KeyStore::Source source);
    void keyStored(const QString &account, steadfast::KeyStore::Source source);
    void keyRemoved(const QString &account);
    /// reason: the keychain's own error text.
    void keychainUnavailable(const QString &account, const QString &reason);
    /// Something other than the keychain failed, e.g. the key file could not be written.
    void errorOccurred(const QString &message);

private:
    enum class OpKind { Load, Store, Remove };
    struct Operation
    {
        OpKind kind = OpKind::Load;
        QString account;
        QString key;
        KeyStorage storage = KeyStorage::Keychain;
    };

    void enqueue(Operation operation);
    void startNext();
    void finishOperation();
    /// A store() that kept the key at source: it becomes the current key, and the store ends.
    void finishStore(const Operation &operation, Source source);
    /// Logs a keychain job that failed ("read", "write", "delete"); a failure that says there
    /// is no working keychain at all makes later operations skip it.
    void noteKeychainFailure(const char *what, const QString &account, const QKeychain::Job &job);

    void runLoad();
    void loadFromFileOrEnvironment();
    void runStore();
    void runRemove();
    /// Deletes the current account's key from the keychain (a missing entry is fine), then
    /// calls next. Skipped when the keychain is known to be unavailable.
    void deleteFromKeychain(const std::function<void()> &next);

    /// The file's accounts and keys; empty when there is no file or it cannot be read.
    QHash<QString, QString> readKeyFile() const;
    /// Writes the accounts and keys (no file at all when there are none). False, with
    /// *error, when that fails.
    bool writeKeyFile(const QHash<QString, QString> &keys, QString *error) const;
    /// Takes the account out of the file, if it is there. False, with *error, on failure.
    bool removeFromFile(const QString &account, QString *error) const;

    void setCurrent(const QString &account, const QString &key, Source source);

    QString m_service;
    QString m_keyFilePath;
    QProcessEnvironment m_environment;
    QHash<QString, QString> m_session; // account -> key, this process only
    std::deque<Operation> m_queue;     // the front one is running
    bool m_keychainAvailable = true;
    QString m_key;
    Source m_source = Source::None;
    QString m_account;
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::KeyStore::Source)
