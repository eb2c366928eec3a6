// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/settings/KeyStore.h"

#include "core/resilience/BreakerRegistry.h"

#include "core/Logging.h"

#include <qt6keychain/keychain.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTimer>

#include <utility>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
        | QFileDevice::ExeOther;

/// Errors that say there is no working keychain at all (rather than "not there" or "the
/// user said no this time"): later loads skip the keychain.
bool meansNoKeychain(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return true;
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return false;
    }
    return false;
}

QString errorText(const QKeychain::Job &job)
{
    const QString text = job.errorString().trimmed();
    return text.isEmpty() ? u"the keychain reported error %1"_s.arg(int(job.error())) : text;
}

} // namespace

KeyStore::KeyStore(QString service, QString keyFilePath, QProcessEnvironment environment,
                   QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
    , m_keyFilePath(std::move(keyFilePath))
    , m_environment(std::move(environment))
{
    qRegisterMetaType<KeyStore::Source>();
}

QString KeyStore::accountFor(const QUrl &baseUrl)
{
    return BreakerRegistry::endpointKey(baseUrl);
}

QString KeyStore::sourceDescription(Source source)
{
    switch (source) {
    case Source::None:
        return tr("no key");
    case Source::Environment:
        return tr("from the environment variable OPENAI_API_KEY");
    case Source::Keychain:
        return tr("from the system keychain");
    case Source::Session:
        return tr("for this session only");
    case Source::File:
        return tr("from a file only you can read");
    }
    return tr("no key");
}

void KeyStore::finishStore(const Operation &operation, Source source)
{
    setCurrent(operation.account, operation.key, source);
    Q_EMIT keyStored(operation.account, source);
    finishOperation();
}

void KeyStore::noteKeychainFailure(const char *what, const QString &account,
                                   const QKeychain::Job &job)
{
    qCInfo(lcKeys) << "keychain" << what << "for" << account << "failed:" << errorText(job);
    if (meansNoKeychain(job.error()))
        m_keychainAvailable = false;
}

QString KeyStore::environmentAccount() const
{
    const QUrl url(m_environment.value(u"OPENAI_BASE_URL"_s).trimmed(), QUrl::StrictMode);
    const bool usable = url.isValid() && !url.host().isEmpty()
            && (url.scheme() == u"http"_s || url.scheme() == u"https"_s);
    return accountFor(usable ? url : QUrl(u"https://api.openai.com/v1"_s));
}

void KeyStore::load(const QString &account)
{
    enqueue({OpKind::Load, account, QString(), KeyStorage::Keychain});
}

void KeyStore::store(const QString &account, const QString &key, KeyStorage storage)
{
    if (key.isEmpty()) {
        enqueue({OpKind::Remove, account, QString(), storage});
        return;
    }
    enqueue({OpKind::Store, account, key, storage});
}

void KeyStore::remove(const QString &account)
{
    enqueue({OpKind::Remove, account, QString(), KeyStorage::Keychain});
}

void KeyStore::enqueue(Operation operation)
{
    m_queue.push_back(std::move(operation));
    if (m_queue.size() == 1) // nothing running: start it, from the event loop
        QTimer::singleShot(0, this, &KeyStore::startNext);
}

void KeyStore::startNext()
{
    if (m_queue.empty())
        return;
    switch (m_queue.front().kind) {
    case OpKind::Load:
        runLoad();
        break;
    case OpKind::Store:
        runStore();
        break;
    case OpKind::Remove:
        runRemove();
        break;
    }
}

void KeyStore::finishOperation()
{
    // Called after the operation's signal: a slot may have queued more behind it.
    m_queue.pop_front();
    if (!m_queue.empty())
        QTimer::singleShot(0, this, &KeyStore::startNext);
}

void KeyStore::setCurrent(const QString &account, const QString &key, Source source)
{
    m_account = account;
    m_key = key;
    m_source = source;
}

void KeyStore::runLoad()
{
    const QString account = m_queue.front().account;
    if (const auto it = m_session.constFind(account); it != m_session.cend()) {
        qCDebug(lcKeys) << "key for" << account << "found in the session";
        setCurrent(account, *it, Source::Session);
        Q_EMIT keyLoaded(account, *it, Source::Session);
        finishOperation();
        return;
    }
    if (!m_keychainAvailable) {
        loadFromFileOrEnvironment();
        return;
    }
    // Jobs have no parent: a job must not die while the keychain's callback may still
    // come (the backends hold pointers to it). It deletes itself when finished; the
    // connection's context (this) keeps a dead KeyStore from being called.
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [this, account](QKeychain::Job *done) {
        const auto *read = static_cast<QKeychain::ReadPasswordJob *>(done);
        if (read->error() == QKeychain::NoError && !read->textData().isEmpty()) {
            qCInfo(lcKeys) << "key for" << account << "loaded from the keychain";
            m_keychainAvailable = true;
            const QString key = read->textData();
            setCurrent(account, key, Source::Keychain);
            Q_EMIT keyLoaded(account, key, Source::Keychain);
            finishOperation();
            return;
        }
        if (read->error() != QKeychain::NoError && read->error() != QKeychain::EntryNotFound) {
            noteKeychainFailure("read", account, *read);
        }
        loadFromFileOrEnvironment();
    });
    job->start();
}

void KeyStore::loadFromFileOrEnvironment()
{
    const QString account = m_queue.front().account;
    const QHash<QString, QString> fileKeys = readKeyFile();
    if (const auto it = fileKeys.constFind(account); it != fileKeys.cend() && !it->isEmpty()) {
        qCInfo(lcKeys) << "key for" << account << "loaded from the key file";
        setCurrent(account, *it, Source::File);
        Q_EMIT keyLoaded(account, *it, Source::File);
        finishOperation();
        return;
    }
    const QString environmentKey = m_environment.value(u"OPENAI_API_KEY"_s).trimmed();
    if (!environmentKey.isEmpty() && account == environmentAccount()) {
        qCInfo(lcKeys) << "key for" << account << "taken from OPENAI_API_KEY";
        setCurrent(account, environmentKey, Source::Environment);
        Q_EMIT keyLoaded(account, environmentKey, Source::Environment);
        finishOperation();
        return;
    }
    qCInfo(lcKeys) << "no key for" << account;
    setCurrent(account, QString(), Source::None);
    Q_EMIT keyLoaded(account, QString(), Source::None);
    finishOperation();
}

void KeyStore::runStore()
{
    const Operation operation = m_queue.front();
    const QString &account = operation.account;
    QString problem;
    switch (operation.storage) {
    case KeyStorage::Keychain: {
        auto *job = new QKeychain::WritePasswordJob(m_service); // no parent: see runLoad()
        job->setAutoDelete(true);
        job->setInsecureFallback(false);
        job->setKey(account);
        job->setTextData(operation.key);
        connect(job, &QKeychain::Job::finished, this, [this, operation](QKeychain::Job *done) {
            const QString &account = operation.account;
            if (done->error() != QKeychain::NoError) {
                noteKeychainFailure("write", account, *done);
                // The key is kept nowhere: the caller asks the user where it may go.
                Q_EMIT keychainUnavailable(account, errorText(*done));
                finishOperation();
                return;
            }
            qCInfo(lcKeys) << "key for" << account << "stored in the keychain";
            m_keychainAvailable = true;
            m_session.remove(account);
            QString fileProblem;
            if (!removeFromFile(account, &fileProblem))
                Q_EMIT errorOccurred(fileProblem);
            finishStore(operation, Source::Keychain);
        });
        job->start();
        return;
    }
    case KeyStorage::SessionOnly:
        m_session.insert(account, operation.key);
        if (!removeFromFile(account, &problem))
            Q_EMIT errorOccurred(problem);
        deleteFromKeychain([this, operation] {
            qCInfo(lcKeys) << "key for" << operation.account << "kept for this session only";
            finishStore(operation, Source::Session);
        });
        return;
    case KeyStorage::File: {
        QHash<QString, QString> keys = readKeyFile();
        keys.insert(account, operation.key);
        if (!writeKeyFile(keys, &problem)) {
            qCWarning(lcKeys) << "could not write the key file for" << account;
            Q_EMIT errorOccurred(problem);
            finishOperation();
            return;
        }
        m_session.remove(account);
        deleteFromKeychain([this, operation] {
            qCInfo(lcKeys) << "key for" << operation.account << "stored in the key file";
            finishStore(operation, Source::File);
        });
        return;
    }
    }
}

void KeyStore::runRemove()
{
    const QString account = m_queue.front().account;
    m_session.remove(account);
    QString problem;
    if (!removeFromFile(account, &problem))
        Q_EMIT errorOccurred(problem);
    deleteFromKeychain([this, account] {
        qCInfo(lcKeys) << "key for" << account << "removed";
        if (m_account == account)
            setCurrent(account, QString(), Source::None);
        Q_EMIT keyRemoved(account);
        finishOperation();
    });
}

void KeyStore::deleteFromKeychain(const std::function<void()> &next)
{
    if (!m_keychainAvailable) {
        next();
        return;
    }
    const QString account = m_queue.front().account;
    auto *job = new QKeychain::DeletePasswordJob(m_service); // no parent: see runLoad()
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [this, account, next](QKeychain::Job *done) {
        if (done->error() != QKeychain::NoError && done->error() != QKeychain::EntryNotFound) {
            noteKeychainFailure("delete", account, *done);
        }
        next();
    });
    job->start();
}

QHash<QString, QString> KeyStore::readKeyFile() const
{
    QHash<QString, QString> keys;
    QFile file(m_keyFilePath);
    if (m_keyFilePath.isEmpty() || !file.exists())
        return keys;
    // The file must stay private even if something loosened it.
    if (file.permissions() & kGroupOrOther) {
        qCWarning(lcKeys) << "the key file was readable by others; restricting it to its owner";
        file.setPermissions(kOwnerOnly);
    }
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcKeys) << "cannot read the key file:" << file.errorString();
        return keys;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (!document.isObject()) {
        qCWarning(lcKeys) << "the key file is not a JSON object; ignoring it";
        return keys;
    }
    const QJsonObject object = document.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it->isString() && !it->toString().isEmpty())
            keys.insert(it.key(), it->toString());
    }
    return keys;
}

bool KeyStore::writeKeyFile(const QHash<QString, QString> &keys, QString *error) const
{
    if (m_keyFilePath.isEmpty()) {
        *error = tr("No file is configured for keeping API keys.");
        return false;
    }
    if (keys.isEmpty()) { // no key left: no file
        QFile file(m_keyFilePath);
        if (file.exists() && !file.remove()) {
            *error = tr("Could not delete the key file %1: %2")
                             .arg(QDir::toNativeSeparators(m_keyFilePath), file.errorString());
            return false;
        }
        return true;
    }

    const QFileInfo info(m_keyFilePath);
    QDir directory = info.absoluteDir();
    if (!directory.exists()) {
        if (!directory.mkpath(u"."_s)) {
            *error = tr("Could not create the folder %1.")
                             .arg(QDir::toNativeSeparators(directory.absolutePath()));
            return false;
        }
        // A folder made for the key file is private too.
        QFile::setPermissions(directory.absolutePath(), kOwnerOnly | QFileDevice::ExeOwner);
    }

    QJsonObject object;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        object.insert(it.key(), it.value());

    QSaveFile file(m_keyFilePath);
    // The permissions go on the temporary file before a byte of it is written, so the key
    // is never readable by anyone else, not even for a moment.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerOnly)) {
        *error = tr("Could not write the key file %1: %2")
                         .arg(QDir::toNativeSeparators(m_keyFilePath), file.errorString());
        file.cancelWriting();
        return false;
    }
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = tr("Could not write the key file %1: %2")
                         .arg(QDir::toNativeSeparators(m_keyFilePath), file.errorString());
        return false;
    }
    if (QFile::permissions(m_keyFilePath) & kGroupOrOther) // belt and braces
        QFile::setPermissions(m_keyFilePath, kOwnerOnly);
    return true;
}

bool KeyStore::removeFromFile(const QString &account, QString *error) const
{
    QHash<QString, QString> keys = readKeyFile();
    if (!keys.remove(account))
        return true;
    return writeKeyFile(keys, error);
}

} // namespace steadfast
