// SPDX-License-Identifier: GPL-3.0-or-later
// KeyStore where there is no keychain: the session bus address points nowhere (set before
// the first keychain call, since QtKeychain picks its backend once per process). A key meant
// for the keychain is kept nowhere and keychainUnavailable() says so; then "this session
// only" keeps it in memory only and "a file only I can read" writes a 0600 file, and no
// other file anywhere under the test's configuration directory holds the key.
#include "core/settings/KeyStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Source = KeyStore::Source;

namespace {

constexpr int kTimeoutMs = 20000;
const QString kAccount = u"https://api.example.com:443/v1"_s;
const QString kService = u"steadfast-test-no-keychain"_s;

} // namespace

class TestKeyStoreNoKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void keychainStoreFailsAndKeepsNothing();
    void sessionOnlyStaysInMemory();
    void fileIsPrivate();
    void loadFallsThroughWithoutBlocking_data();
    void loadFallsThroughWithoutBlocking();

private:
    /// Every file under the configuration directory whose bytes contain needle.
    QStringList filesContaining(const QByteArray &needle) const
    {
        QStringList found;
        QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
                found.append(path);
        }
        return found;
    }
    QStringList allFiles() const
    {
        QStringList files;
        QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(it.next());
        return files;
    }
    std::unique_ptr<KeyStore> makeStore(const QProcessEnvironment &environment = {}) const
    {
        return std::make_unique<KeyStore>(kService, m_keyFile, environment);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_keyFile;
};

void TestKeyStoreNoKeychain::initTestCase()
{
    // Nowhere to talk to: before anything has touched a bus or the keychain. ctest sets it
    // too; a hand-run test must not find the developer's real keychain either.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    qunsetenv("XDG_CURRENT_DESKTOP"); // no KDE preference for KWallet
    qRegisterMetaType<Source>();
}

void TestKeyStoreNoKeychain::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_keyFile = m_dir->filePath(u"steadfast/api-keys.json"_s);
}

void TestKeyStoreNoKeychain::keychainStoreFailsAndKeepsNothing()
{
    const QString key = u"sk-nowhere-to-go-0001"_s;
    const auto store = makeStore();
    QSignalSpy unavailable(store.get(), &KeyStore::keychainUnavailable);
    QSignalSpy stored(store.get(), &KeyStore::keyStored);
    QSignalSpy errors(store.get(), &KeyStore::errorOccurred);
    store->store(kAccount, key, KeyStorage::Keychain);
    QVERIFY(unavailable.wait(kTimeoutMs));
    QCOMPARE(unavailable.count(), 1);
    QCOMPARE(unavailable.constFirst().at(0).toString(), kAccount);
    QVERIFY(!unavailable.constFirst().at(1).toString().trimmed().isEmpty()); // the reason
    QVERIFY(!unavailable.constFirst().at(1).toString().contains(key));
    QCOMPARE(stored.count(), 0);
    QCOMPARE(errors.count(), 0);
    QVERIFY(!store->keychainAvailable());
    QVERIFY(!store->isBusy());

    // Kept nowhere: not in memory, not on disk.
    QCOMPARE(store->key(), QString());
    QCOMPARE(store->source(), Source::None);
    QCOMPARE(allFiles(), QStringList());
    QSignalSpy loaded(store.get(), &KeyStore::keyLoaded);
    store->load(kAccount);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(loaded.constFirst().at(1).toString(), QString());
    QCOMPARE(loaded.constFirst().at(2).value<Source>(), Source::None);
}

void TestKeyStoreNoKeychain::sessionOnlyStaysInMemory()
{
    const QString key = u"sk-session-only-0002"_s;
    const auto store = makeStore();
    QSignalSpy unavailable(store.get(), &KeyStore::keychainUnavailable);
    QSignalSpy stored(store.get(), &KeyStore::keyStored);

    // What the settings dialog does: the keychain first, then what the user chose.
    store->store(kAccount, key, KeyStorage::Keychain);
    QVERIFY(unavailable.wait(kTimeoutMs));
    store->store(kAccount, key, KeyStorage::SessionOnly);
    QVERIFY(stored.wait(kTimeoutMs));
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.constFirst().at(1).value<Source>(), Source::Session);
    QCOMPARE(store->source(), Source::Session);
    QCOMPARE(store->key(), key);
    QCOMPARE(allFiles(), QStringList()); // memory only

    QSignalSpy loaded(store.get(), &KeyStore::keyLoaded);
    store->load(kAccount);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(loaded.constFirst().at(1).toString(), key);
    QCOMPARE(loaded.constFirst().at(2).value<Source>(), Source::Session);

    // Another KeyStore (the next start of the program) does not have it.
    const auto next = makeStore();
    QSignalSpy nextLoaded(next.get(), &KeyStore::keyLoaded);
    next->load(kAccount);
    QVERIFY(nextLoaded.wait(kTimeoutMs));
    QCOMPARE(nextLoaded.constFirst().at(2).value<Source>(), Source::None);
}

void TestKeyStoreNoKeychain::fileIsPrivate()
{
    const QString key = u"sk-in-a-private-file-0003"_s;
    const auto store = makeStore();
    QSignalSpy unavailable(store.get(), &KeyStore::keychainUnavailable);
    QSignalSpy stored(store.get(), &KeyStore::keyStored);
    QSignalSpy errors(store.get(), &KeyStore::errorOccurred);

    store->store(kAccount, key, KeyStorage::Keychain);
    QVERIFY(unavailable.wait(kTimeoutMs));
    store->store(kAccount, u"sk-first-in-session"_s, KeyStorage::SessionOnly);
    store->store(kAccount, key, KeyStorage::File);
    QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 2, kTimeoutMs);
    QCOMPARE(errors.count(), 0);
    QCOMPARE(stored.at(1).at(1).value<Source>(), Source::File);
    QCOMPARE(store->source(), Source::File);

    QVERIFY(QFile::exists(m_keyFile));
    const QFileDevice::Permissions permissions = QFile::permissions(m_keyFile);
    QCOMPARE(permissions
                     & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                        | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // The key file, and no other file (no temporary left behind by the atomic write).
    QCOMPARE(filesContaining(key.toUtf8()), QStringList{m_keyFile});
    QCOMPARE(allFiles(), QStringList{m_keyFile});

    // The session's copy went when the key moved to the file.
    QSignalSpy loaded(store.get(), &KeyStore::keyLoaded);
    store->load(kAccount);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(loaded.constFirst().at(1).toString(), key);
    QCOMPARE(loaded.constFirst().at(2).value<Source>(), Source::File);

    // And a new start of the program finds it in the file, the keychain failing silently.
    const auto next = makeStore();
    QSignalSpy nextLoaded(next.get(), &KeyStore::keyLoaded);
    next->load(kAccount);
    QVERIFY(nextLoaded.wait(kTimeoutMs));
    QCOMPARE(nextLoaded.constFirst().at(1).toString(), key);
    QCOMPARE(nextLoaded.constFirst().at(2).value<Source>(), Source::File);
    QVERIFY(!next->keychainAvailable());
}

void TestKeyStoreNoKeychain::loadFallsThroughWithoutBlocking_data()
{
    QTest::addColumn<QString>("environmentKey");
    QTest::addColumn<Source>("expected");
    QTest::newRow("environment") << u"sk-env-0004"_s << Source::Environment;
    QTest::newRow("nothing") << QString() << Source::None;
}

void TestKeyStoreNoKeychain::loadFallsThroughWithoutBlocking()
{
    QFETCH(QString, environmentKey);
    QFETCH(Source, expected);

    QProcessEnvironment environment;
    if (!environmentKey.isEmpty()) {
        environment.insert(u"OPENAI_API_KEY"_s, environmentKey);
        environment.insert(u"OPENAI_BASE_URL"_s, u"https://api.example.com/v1"_s);
    }
    const auto store = makeStore(environment);
    QVERIFY(store->keychainAvailable()); // not known yet
    QSignalSpy loaded(store.get(), &KeyStore::keyLoaded);
    store->load(kAccount);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.constFirst().at(1).toString(), environmentKey);
    QCOMPARE(loaded.constFirst().at(2).value<Source>(), expected);
    QVERIFY(!store->keychainAvailable()); // remembered: the next load skips it

    store->load(kAccount);
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(loaded.count(), 2);
    QCOMPARE(loaded.at(1).at(2).value<Source>(), expected);
}

QTEST_GUILESS_MAIN(TestKeyStoreNoKeychain)
#include "TestKeyStoreNoKeychain.moc"
