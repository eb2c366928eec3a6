// SPDX-License-Identifier: GPL-3.0-or-later
// KeyStore against a real Secret Service: run through tests/support/with-secret-service.sh,
// which starts a private session bus and gnome-keyring-daemon with a throw-away login
// keyring. What KeyStore says it did is checked from outside with secret-tool (the Secret
// Service itself) and by reading the key file. The path without a keychain is
// TestKeyStoreNoKeychain.
#include "core/settings/KeyStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Source = KeyStore::Source;

Q_DECLARE_METATYPE(steadfast::KeyStorage)

namespace {

constexpr int kTimeoutMs = 20000; // a keychain call on a busy shared machine

const QString kAccount = u"https://api.example.com:443/v1"_s;
const QString kOtherAccount = u"http://127.0.0.1:11434/v1"_s;

/// OPENAI_API_KEY for kAccount's server (OPENAI_BASE_URL names it, as for the SDKs).
QProcessEnvironment environmentWithKey(const QString &key)
{
    QProcessEnvironment environment;
    environment.insert(u"OPENAI_API_KEY"_s, key);
    environment.insert(u"OPENAI_BASE_URL"_s, u"https://api.example.com/v1/"_s);
    return environment;
}

/// secret-tool, the Secret Service's own command-line client.
struct SecretTool
{
    static std::optional<QString> lookup(const QString &service, const QString &account)
    {
        QProcess process;
        process.start(u"secret-tool"_s, {u"lookup"_s, u"server"_s, service, u"user"_s, account});
        if (!process.waitForFinished(kTimeoutMs) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0)
            return std::nullopt;
        return QString::fromUtf8(process.readAllStandardOutput());
    }

    /// Every item of the service, as secret-tool prints them (attributes and secrets).
    static QString search(const QString &service)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(u"secret-tool"_s,
                      {u"search"_s, u"--all"_s, u"--unlock"_s, u"server"_s, service});
        process.waitForFinished(kTimeoutMs);
        return QString::fromUtf8(process.readAll());
    }
};

/// Collects every message logged while it lives, with steadfast.keys fully enabled.
class LogCapture
{
public:
    LogCapture()
    {
        s_messages.clear();
        m_previousFilter = QLoggingCategory::installFilter(&LogCapture::filter);
        s_previousFilter = m_previousFilter;
        m_previousHandler = qInstallMessageHandler(&LogCapture::handler);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previousHandler);
        QLoggingCategory::installFilter(m_previousFilter);
    }
    QStringList messages() const
    {
        QMutexLocker lock(&s_mutex);
        return s_messages;
    }

private:
    static void filter(QLoggingCategory *category)
    {
        if (s_previousFilter)
            s_previousFilter(category);
        if (QByteArray(category->categoryName()).startsWith("steadfast.")) {
            for (const QtMsgType type : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg})
                category->setEnabled(type, true);
        }
    }
    static void handler(QtMsgType, const QMessageLogContext &context, const QString &message)
    {
        QMutexLocker lock(&s_mutex);
        s_messages.append(QString::fromLatin1(context.category ? context.category : "") + u": "_s
                          + message);
    }

    static inline QMutex s_mutex;
    static inline QStringList s_messages;
    static inline QLoggingCategory::CategoryFilter s_previousFilter = nullptr;
    QLoggingCategory::CategoryFilter m_previousFilter = nullptr;
    QtMessageHandler m_previousHandler = nullptr;
};

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void accountFor_data();
    void accountFor();
    void sourceDescription_data();
    void sourceDescription();

    void keychainRoundTrip();
    void precedence_data();
    void precedence();
    void environmentKeyOnlyForItsServer_data();
    void environmentKeyOnlyForItsServer();
    void storeMovesTheKey_data();
    void storeMovesTheKey();
    void removeFromEveryPlace();
    void otherAccountsSurvive();
    void emptyKeyRemoves();
    void operationsRunInOrder();
    void signalsComeFromTheEventLoop();
    void keyNeverLogged();
    void looseFilePermissionsAreTightened();
    void unreadableFileIsIgnored();

private:
    std::unique_ptr<KeyStore> makeStore(const QProcessEnvironment &environment = {}) const
    {
        return std::make_unique<KeyStore>(m_service, m_keyFile, environment);
    }
    static bool storeAndWait(KeyStore &store, const QString &account, const QString &key,
                             KeyStorage storage)
    {
        QSignalSpy stored(&store, &KeyStore::keyStored);
        QSignalSpy unavailable(&store, &KeyStore::keychainUnavailable);
        QSignalSpy errors(&store, &KeyStore::errorOccurred);
        store.store(account, key, storage);
        if (!QTest::qWaitFor(
                    [&] { return stored.count() + unavailable.count() + errors.count() > 0; },
                    kTimeoutMs))
            return false;
        if (!unavailable.isEmpty())
            qWarning("keychain unavailable: %s",
                     qPrintable(unavailable.constFirst().at(1).toString()));
        if (!errors.isEmpty())
            qWarning("error: %s", qPrintable(errors.constFirst().constFirst().toString()));
        return stored.count() == 1 && unavailable.isEmpty() && errors.isEmpty();
    }
    static std::optional<std::pair<QString, Source>> loadAndWait(KeyStore &store,
                                                                 const QString &account)
    {
        QSignalSpy loaded(&store, &KeyStore::keyLoaded);
        store.load(account);
        if (!loaded.wait(kTimeoutMs) && loaded.isEmpty())
            return std::nullopt;
        if (loaded.count() != 1 || loaded.constFirst().at(0).toString() != account)
            return std::nullopt;
        return std::pair{loaded.constFirst().at(1).toString(),
                         loaded.constFirst().at(2).value<Source>()};
    }
    static bool removeAndWait(KeyStore &store, const QString &account)
    {
        QSignalSpy removed(&store, &KeyStore::keyRemoved);
        store.remove(account);
        return (removed.wait(kTimeoutMs) || !removed.isEmpty()) && removed.count() == 1
                && removed.constFirst().constFirst().toString() == account;
    }
    QHash<QString, QString> fileKeys() const
    {
        QFile file(m_keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QHash<QString, QString> keys;
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        for (auto it = object.begin(); it != object.end(); ++it)
            keys.insert(it.key(), it->toString());
        return keys;
    }
    void writeFileKeys(const QHash<QString, QString> &keys) const
    {
        QJsonObject object;
        for (auto it = keys.cbegin(); it != keys.cend(); ++it)
            object.insert(it.key(), it.value());
        QVERIFY(QDir().mkpath(QFileInfo(m_keyFile).absolutePath()));
        QFile file(m_keyFile);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        file.write(QJsonDocument(object).toJson());
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_keyFile;
    QString m_service;
};

void TestKeyStore::initTestCase()
{
    // Never the user's own keyring: the wrapper points HOME into a temporary directory.
    QVERIFY2(qEnvironmentVariable("HOME").contains(u"steadfast-secrets."_s),
             "run this test through tests/support/with-secret-service.sh");
    QVERIFY2(!QStandardPaths::findExecutable(u"secret-tool"_s).isEmpty(),
             "secret-tool (libsecret-tools) is needed to check the Secret Service");
    qRegisterMetaType<Source>();
}

void TestKeyStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_keyFile = m_dir->filePath(u"config/steadfast/api-keys.json"_s);
    m_service = u"steadfast-test-%1"_s.arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
}

void TestKeyStore::accountFor_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("account");

    QTest::newRow("https default port")
            << QUrl(u"https://API.OpenAI.com/v1/"_s) << u"https://api.openai.com:443/v1"_s;
    QTest::newRow("explicit port")
            << QUrl(u"https://api.openai.com:443/v1"_s) << u"https://api.openai.com:443/v1"_s;
    QTest::newRow("user info dropped") << QUrl(u"http://user:secret@127.0.0.1:11434/v1?x=1#f"_s)
                                       << u"http://127.0.0.1:11434/v1"_s;
    QTest::newRow("http default port")
            << QUrl(u"http://llm.example/api"_s) << u"http://llm.example:80/api"_s;
}

void TestKeyStore::accountFor()
{
    QFETCH(QUrl, url);
    QFETCH(QString, account);
    QCOMPARE(KeyStore::accountFor(url), account);
}

void TestKeyStore::sourceDescription_data()
{
    QTest::addColumn<Source>("source");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << Source::None << u"no key"_s;
    QTest::newRow("environment") << Source::Environment
                                 << u"from the environment variable OPENAI_API_KEY"_s;
    QTest::newRow("keychain") << Source::Keychain << u"from the system keychain"_s;
    QTest::newRow("session") << Source::Session << u"for this session only"_s;
    QTest::newRow("file") << Source::File << u"from a file only you can read"_s;
}

void TestKeyStore::sourceDescription()
{
    QFETCH(Source, source);
    QFETCH(QString, text);
    QCOMPARE(KeyStore::sourceDescription(source), text);
}

void TestKeyStore::keychainRoundTrip()
{
    const QString key = u"sk-roundtrip-%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128));
    {
        const auto store = makeStore();
        QVERIFY(storeAndWait(*store, kAccount, key, KeyStorage::Keychain));
        QCOMPARE(store->key(), key);
        QCOMPARE(store->source(), Source::Keychain);
        QCOMPARE(store->account(), kAccount);
        QVERIFY(store->keychainAvailable());
    }
    // Really in the Secret Service, under our service and account, and nowhere on disk.
    QCOMPARE(SecretTool::lookup(m_service, kAccount), std::optional<QString>(key));
    QVERIFY(!SecretTool::lookup(m_service, kOtherAccount));
    QVERIFY(!QFile::exists(m_keyFile));

    // A new KeyStore (a new start of the program) finds it there.
    const auto store = makeStore();
    const auto loaded = loadAndWait(*store, kAccount);
    QVERIFY(loaded);
    QCOMPARE(loaded->first, key);
    QCOMPARE(loaded->second, Source::Keychain);
    QCOMPARE(store->key(), key);
    QCOMPARE(store->source(), Source::Keychain);

    QVERIFY(removeAndWait(*store, kAccount));
    QVERIFY(!SecretTool::lookup(m_service, kAccount));
    QVERIFY(!SecretTool::search(m_service).contains(key));
    QCOMPARE(store->key(), QString());
    QCOMPARE(store->source(), Source::None);

    const auto afterRemove = loadAndWait(*store, kAccount);
    QVERIFY(afterRemove);
    QCOMPARE(afterRemove->first, QString());
    QCOMPARE(afterRemove->second, Source::None);
}

void TestKeyStore::precedence_data()
{
    QTest::addColumn<bool>("inSession");
    QTest::addColumn<bool>("inKeychain");
    QTest::addColumn<bool>("inFile");
    QTest::addColumn<bool>("inEnvironment");
    QTest::addColumn<Source>("expected");

    QTest::newRow("everywhere: session first") << true << true << true << true << Source::Session;
    QTest::newRow("session and environment") << true << false << false << true << Source::Session;
    QTest::newRow("keychain before file") << false << true << true << true << Source::Keychain;
    QTest::newRow("keychain before environment")
            << false << true << false << true << Source::Keychain;
    QTest::newRow("file before environment") << false << false << true << true << Source::File;
    QTest::newRow("file alone") << false << false << true << false << Source::File;
    QTest::newRow("environment alone") << false << false << false << true << Source::Environment;
    QTest::newRow("nowhere") << false << false << false << false << Source::None;
}

void TestKeyStore::precedence()
{
    QFETCH(bool, inSession);
    QFETCH(bool, inKeychain);
    QFETCH(bool, inFile);
    QFETCH(bool, inEnvironment);
    QFETCH(Source, expected);

    // A different key in every place, so the one loaded tells where it came from.
    const QHash<Source, QString> keys{{Source::Session, u"sk-session-0001"_s},
                                      {Source::Keychain, u"sk-keychain-0002"_s},
                                      {Source::File, u"sk-file-0003"_s},
                                      {Source::Environment, u"sk-environment-0004"_s}};
    const QProcessEnvironment environment = inEnvironment
            ? environmentWithKey(keys.value(Source::Environment))
            : QProcessEnvironment();
    const auto store = makeStore(environment);

    // Session first (storing moves a key, so the other places are filled after it), by
    // another KeyStore for the keychain, by hand for the file.
    if (inSession)
        QVERIFY(storeAndWait(*store, kAccount, keys.value(Source::Session),
                             KeyStorage::SessionOnly));
    if (inKeychain) {
        const auto helper = makeStore();
        QVERIFY(storeAndWait(*helper, kAccount, keys.value(Source::Keychain),
                             KeyStorage::Keychain));
        QCOMPARE(SecretTool::lookup(m_service, kAccount), keys.value(Source::Keychain));
    }
    if (inFile)
        writeFileKeys({{kAccount, keys.value(Source::File)}});

    const auto loaded = loadAndWait(*store, kAccount);
    QVERIFY(loaded);
    QCOMPARE(loaded->second, expected);
    QCOMPARE(loaded->first, keys.value(expected));
    QCOMPARE(store->source(), expected);
    QCOMPARE(store->key(), keys.value(expected));

    // Loading moves nothing: every place still holds what it held.
    QCOMPARE(SecretTool::lookup(m_service, kAccount).has_value(), inKeychain);
    QCOMPARE(fileKeys().contains(kAccount), inFile);
}

void TestKeyStore::environmentKeyOnlyForItsServer_data()
{
    QTest::addColumn<QString>("baseUrlVariable"); // OPENAI_BASE_URL; empty: unset
    QTest::addColumn<QUrl>("server");             // whose key is asked for
    QTest::addColumn<bool>("offered");

    const QUrl openAi(u"https://api.openai.com/v1"_s);
    QTest::newRow("OpenAI by default") << QString() << openAi << true;
    QTest::newRow("OpenAI, other spelling")
            << QString() << QUrl(u"https://API.openai.com:443/v1/"_s) << true;
    QTest::newRow("not to OpenRouter")
            << QString() << QUrl(u"https://openrouter.ai/api/v1"_s) << false;
    QTest::newRow("not to the local demo server")
            << QString() << QUrl(u"http://127.0.0.1:43127/v1"_s) << false;
    QTest::newRow("OPENAI_BASE_URL's server")
            << u"http://localhost:8000/v1"_s << QUrl(u"http://localhost:8000/v1"_s) << true;
    QTest::newRow("then not OpenAI's") << u"http://localhost:8000/v1"_s << openAi << false;
    QTest::newRow("unusable OPENAI_BASE_URL means OpenAI") << u"localhost:8000"_s << openAi << true;
}

void TestKeyStore::environmentKeyOnlyForItsServer()
{
    QFETCH(QString, baseUrlVariable);
    QFETCH(QUrl, server);
    QFETCH(bool, offered);

    QProcessEnvironment environment;
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-openai-from-env-0001"_s);
    if (!baseUrlVariable.isEmpty())
        environment.insert(u"OPENAI_BASE_URL"_s, baseUrlVariable);
    const auto store = makeStore(environment);
    const auto loaded = loadAndWait(*store, KeyStore::accountFor(server));
    QVERIFY(loaded);
    QCOMPARE(loaded->second, offered ? Source::Environment : Source::None);
    QCOMPARE(loaded->first, offered ? u"sk-openai-from-env-0001"_s : QString());
}

void TestKeyStore::storeMovesTheKey_data()
{
    QTest::addColumn<KeyStorage>("from");
    QTest::addColumn<KeyStorage>("to");
    QTest::addColumn<Source>("expected");

    QTest::newRow("file to keychain")
            << KeyStorage::File << KeyStorage::Keychain << Source::Keychain;
    QTest::newRow("keychain to file") << KeyStorage::Keychain << KeyStorage::File << Source::File;
    QTest::newRow("keychain to session")
            << KeyStorage::Keychain << KeyStorage::SessionOnly << Source::Session;
    QTest::newRow("session to keychain")
            << KeyStorage::SessionOnly << KeyStorage::Keychain << Source::Keychain;
    QTest::newRow("file to session")
            << KeyStorage::File << KeyStorage::SessionOnly << Source::Session;
    QTest::newRow("session to file") << KeyStorage::SessionOnly << KeyStorage::File << Source::File;
}

void TestKeyStore::storeMovesTheKey()
{
    QFETCH(KeyStorage, from);
    QFETCH(KeyStorage, to);
    QFETCH(Source, expected);

    const QString oldKey = u"sk-old-key-111111"_s;
    const QString newKey = u"sk-new-key-222222"_s;
    const auto store = makeStore();
    QVERIFY(storeAndWait(*store, kAccount, oldKey, from));
    QVERIFY(storeAndWait(*store, kAccount, newKey, to));
    QCOMPARE(store->source(), expected);
    QCOMPARE(store->key(), newKey);

    // Exactly one place holds the key, and nowhere the old one.
    const std::optional<QString> inKeychain = SecretTool::lookup(m_service, kAccount);
    QCOMPARE(inKeychain.has_value(), to == KeyStorage::Keychain);
    if (inKeychain)
        QCOMPARE(*inKeychain, newKey);
    QVERIFY(!SecretTool::search(m_service).contains(oldKey));
    const QHash<QString, QString> inFile = fileKeys();
    QCOMPARE(inFile.contains(kAccount), to == KeyStorage::File);
    if (to == KeyStorage::File) {
        QCOMPARE(inFile.value(kAccount), newKey);
        QCOMPARE(QFile::permissions(m_keyFile) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    } else {
        QVERIFY(!QFile::exists(m_keyFile)); // no key left in it: no file
    }

    // What a new start of the program sees: the session's key is gone with the session.
    const auto fresh = makeStore();
    const auto loaded = loadAndWait(*fresh, kAccount);
    QVERIFY(loaded);
    if (to == KeyStorage::SessionOnly) {
        QCOMPARE(loaded->second, Source::None);
    } else {
        QCOMPARE(loaded->second, expected);
        QCOMPARE(loaded->first, newKey);
    }
}

void TestKeyStore::removeFromEveryPlace()
{
    const auto store = makeStore();
    QVERIFY(storeAndWait(*store, kAccount, u"sk-session-abcdef"_s, KeyStorage::SessionOnly));
    const auto helper = makeStore();
    QVERIFY(storeAndWait(*helper, kAccount, u"sk-keychain-abcdef"_s, KeyStorage::Keychain));
    writeFileKeys({{kAccount, u"sk-file-abcdef"_s}, {kOtherAccount, u"sk-other-abcdef"_s}});

    QVERIFY(removeAndWait(*store, kAccount));
    QVERIFY(!SecretTool::lookup(m_service, kAccount));
    QCOMPARE(fileKeys(), (QHash<QString, QString>{{kOtherAccount, u"sk-other-abcdef"_s}}));
    const auto loaded = loadAndWait(*store, kAccount);
    QVERIFY(loaded);
    QCOMPARE(loaded->second, Source::None);
}

void TestKeyStore::otherAccountsSurvive()
{
    const auto store = makeStore();
    QVERIFY(storeAndWait(*store, kAccount, u"sk-first-000001"_s, KeyStorage::File));
    QVERIFY(storeAndWait(*store, kOtherAccount, u"sk-second-000002"_s, KeyStorage::File));
    QCOMPARE(fileKeys(),
             (QHash<QString, QString>{{kAccount, u"sk-first-000001"_s},
                                      {kOtherAccount, u"sk-second-000002"_s}}));
    QVERIFY(storeAndWait(*store, kAccount, u"sk-first-000001"_s, KeyStorage::Keychain));
    QCOMPARE(fileKeys(), (QHash<QString, QString>{{kOtherAccount, u"sk-second-000002"_s}}));
    QCOMPARE(SecretTool::lookup(m_service, kAccount), u"sk-first-000001"_s);
    QVERIFY(!SecretTool::lookup(m_service, kOtherAccount));

    const auto loaded = loadAndWait(*store, kOtherAccount);
    QVERIFY(loaded);
    QCOMPARE(loaded->second, Source::File);
    QCOMPARE(loaded->first, u"sk-second-000002"_s);
}

void TestKeyStore::emptyKeyRemoves()
{
    const auto store = makeStore();
    QVERIFY(storeAndWait(*store, kAccount, u"sk-soon-gone-0001"_s, KeyStorage::Keychain));
    QSignalSpy removed(store.get(), &KeyStore::keyRemoved);
    QSignalSpy stored(store.get(), &KeyStore::keyStored);
    store->store(kAccount, QString(), KeyStorage::Keychain);
    QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, kTimeoutMs);
    QCOMPARE(stored.count(), 0);
    QVERIFY(!SecretTool::lookup(m_service, kAccount));
    QCOMPARE(store->source(), Source::None);
}

void TestKeyStore::operationsRunInOrder()
{
    const auto store = makeStore(environmentWithKey(u"sk-from-the-environment"_s));
    QStringList events;
    connect(store.get(), &KeyStore::keyLoaded, this,
            [&events](const QString &account, const QString &key, Source source) {
                events.append(u"loaded %1 %2 %3"_s.arg(account, key, QString::number(int(source))));
            });
    connect(store.get(), &KeyStore::keyStored, this,
            [&events](const QString &account, Source source) {
                events.append(u"stored %1 %2"_s.arg(account, QString::number(int(source))));
            });
    connect(store.get(), &KeyStore::keyRemoved, this,
            [&events](const QString &account) { events.append(u"removed %1"_s.arg(account)); });

    // All asked for at once; each ends once, in the order asked.
    store->load(kAccount);
    store->store(kAccount, u"sk-in-keychain-01"_s, KeyStorage::Keychain);
    store->load(kAccount);
    store->store(kAccount, u"sk-in-file-02"_s, KeyStorage::File);
    store->load(kAccount);
    store->remove(kAccount);
    store->load(kAccount);
    QVERIFY(store->isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 7, kTimeoutMs);
    QVERIFY(!store->isBusy());
    const auto n = [](Source source) { return QString::number(int(source)); };
    QCOMPARE(events,
             (QStringList{u"loaded %1 sk-from-the-environment %2"_s.arg(kAccount,
                                                                        n(Source::Environment)),
                          u"stored %1 %2"_s.arg(kAccount, n(Source::Keychain)),
                          u"loaded %1 sk-in-keychain-01 %2"_s.arg(kAccount, n(Source::Keychain)),
                          u"stored %1 %2"_s.arg(kAccount, n(Source::File)),
                          u"loaded %1 sk-in-file-02 %2"_s.arg(kAccount, n(Source::File)),
                          u"removed %1"_s.arg(kAccount),
                          u"loaded %1 sk-from-the-environment %2"_s.arg(kAccount,
                                                                        n(Source::Environment))}));
    QTest::qWait(50); // nothing more comes
    QCOMPARE(events.size(), 7);
}

void TestKeyStore::signalsComeFromTheEventLoop()
{
    const auto store = makeStore();
    QVERIFY(storeAndWait(*store, kAccount, u"sk-session-abcdef"_s, KeyStorage::SessionOnly));
    // Even a key that is at hand (the session's) is announced later, not inside load().
    QSignalSpy loaded(store.get(), &KeyStore::keyLoaded);
    store->load(kAccount);
    QCOMPARE(loaded.count(), 0);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.constFirst().at(2).value<Source>(), Source::Session);
}

void TestKeyStore::keyNeverLogged()
{
    const QString key = u"sk-do-not-log-me-%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128));
    LogCapture capture;
    {
        const auto store = makeStore(environmentWithKey(key));
        QVERIFY(loadAndWait(*store, kAccount)); // from the environment
        for (const KeyStorage storage :
             {KeyStorage::Keychain, KeyStorage::File, KeyStorage::SessionOnly})
            QVERIFY(storeAndWait(*store, kAccount, key, storage));
        QVERIFY(loadAndWait(*store, kAccount));
        QVERIFY(removeAndWait(*store, kAccount));
    }
    const QStringList messages = capture.messages();
    QVERIFY2(messages.size() >= 5, "steadfast.keys says what it does");
    bool namesAccount = false;
    for (const QString &message : messages) {
        QVERIFY2(!message.contains(key), qPrintable(message));
        QVERIFY2(!message.contains(key.left(20)), qPrintable(message));
        namesAccount = namesAccount || message.contains(kAccount);
    }
    QVERIFY(namesAccount);
}

void TestKeyStore::looseFilePermissionsAreTightened()
{
    writeFileKeys({{kAccount, u"sk-file-abcdef"_s}});
    QVERIFY(QFile::setPermissions(m_keyFile,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                          | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    const auto store = makeStore();
    const auto loaded = loadAndWait(*store, kAccount);
    QVERIFY(loaded);
    QCOMPARE(loaded->second, Source::File);
    QCOMPARE(QFile::permissions(m_keyFile)
                     & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                        | QFileDevice::WriteOther),
             QFileDevice::Permissions());
}

void TestKeyStore::unreadableFileIsIgnored()
{
    QVERIFY(QDir().mkpath(QFileInfo(m_keyFile).absolutePath()));
    {
        QFile file(m_keyFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ this is not json");
    }
    const auto store = makeStore(environmentWithKey(u"sk-environment-000"_s));
    const auto loaded = loadAndWait(*store, kAccount);
    QVERIFY(loaded);
    QCOMPARE(loaded->second, Source::Environment);

    // Storing in the file replaces the unreadable content with a valid private file.
    QVERIFY(storeAndWait(*store, kAccount, u"sk-file-000"_s, KeyStorage::File));
    QCOMPARE(fileKeys(), (QHash<QString, QString>{{kAccount, u"sk-file-000"_s}}));
}

QTEST_GUILESS_MAIN(TestKeyStore)
#include "TestKeyStore.moc"
