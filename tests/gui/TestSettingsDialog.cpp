// SPDX-License-Identifier: GPL-3.0-or-later
// The settings dialog on the offscreen platform, with a real Settings (INI file in a
// temporary directory), a real KeyStore and a real fault server as the demo server. There is
// no keychain here (the session bus address points nowhere), so the dialog's question "keep
// for this session only / save in a file only I can read" is exercised for real.
#include "gui/SettingsDialog.h"

#include "faultserver/FaultServer.h"
#include "support/NamedChild.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using Source = KeyStore::Source;
using Focus = SettingsDialog::Focus;

Q_DECLARE_METATYPE(steadfast::Provider)
Q_DECLARE_METATYPE(steadfast::SettingsDialog::Focus)

namespace {

constexpr int kTimeoutMs = 15000; // generous: two shared cores

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void presetsFillTheUrl_data();
    void presetsFillTheUrl();
    void customUrlIsKept();
    void insecureCheckOnlyForPlainHttpWithAKey_data();
    void insecureCheckOnlyForPlainHttpWithAKey();
    void showHideTogglesEchoMode();
    void keySourceShown_data();
    void keySourceShown();

    void testConnectionSucceeds();
    void testConnectionSendsTheFormsKey();
    void testConnectionShowsKeyRejected();

    void acceptWritesSettingsAndStoresKey();
    void acceptWithoutKeyChangeClosesAtOnce();
    void invalidCustomUrlKeepsTheDialogOpen();
    void restoreDefaults();
    void unchangedMillisecondsSurvive();

    void noKeychainAsks_data();
    void noKeychainAsks();

    void focus_data();
    void focus();
    void everyControlIsNamedAndReachable();

private:
    std::unique_ptr<SettingsDialog> makeDialog()
    {
        return std::make_unique<SettingsDialog>(m_settings.get(), m_keys.get(), m_network.get(),
                                                m_server->baseUrl());
    }
    /// Waits until the dialog has its key (the KeyStore answers asynchronously).
    bool waitForKeyState(SettingsDialog &dialog) const
    {
        auto *label = dialog.findChild<QLabel *>(u"keySourceLabel"_s);
        KeyStore *keys = m_keys.get();
        return QTest::qWaitFor(
                [label, keys] {
                    return !keys->isBusy()
                            && !label->text().startsWith(u"Looking for a saved key"_s);
                },
                kTimeoutMs);
    }
    static void chooseProvider(SettingsDialog &dialog, Provider provider)
    {
        auto *combo = dialog.findChild<QComboBox *>(u"providerCombo"_s);
        combo->setCurrentIndex(combo->findData(int(provider)));
    }
    QStringList filesContaining(const QByteArray &needle) const
    {
        QStringList found;
        QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
                found.append(path);
        }
        return found;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<KeyStore> m_keys;
    QString m_keyFile;
};

void TestSettingsDialog::initTestCase()
{
    // No keychain: the bus address points nowhere (ctest sets it too). Set before the first
    // keychain call, since QtKeychain picks its backend once per process.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    qunsetenv("XDG_CURRENT_DESKTOP");
    qRegisterMetaType<AppSettings>();
    qRegisterMetaType<Source>();
}

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FaultServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_store = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_settings = std::make_unique<Settings>(m_store.get(), QProcessEnvironment());
    m_keyFile = m_dir->filePath(u"config/api-keys.json"_s);
    m_keys = std::make_unique<KeyStore>(u"steadfast-test-gui"_s, m_keyFile, QProcessEnvironment());
}

void TestSettingsDialog::cleanup()
{
    m_keys.reset();
    m_settings.reset();
    m_store.reset();
    m_network.reset();
    m_server.reset();
    m_dir.reset();
}

void TestSettingsDialog::presetsFillTheUrl_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<QString>("url"); // "demo": the demo server's
    QTest::addColumn<QString>("model");

    QTest::newRow("demo") << Provider::Demo << u"demo"_s << u"steadfast-demo"_s;
    QTest::newRow("openai") << Provider::OpenAI << u"https://api.openai.com/v1"_s
                            << u"gpt-4o-mini"_s;
    QTest::newRow("ollama") << Provider::Ollama << u"http://127.0.0.1:11434/v1"_s << QString();
    QTest::newRow("lm studio") << Provider::LMStudio << u"http://127.0.0.1:1234/v1"_s << QString();
    QTest::newRow("llama.cpp") << Provider::LlamaCpp << u"http://127.0.0.1:8080/v1"_s << QString();
    QTest::newRow("openrouter") << Provider::OpenRouter << u"https://openrouter.ai/api/v1"_s
                                << u"openai/gpt-4o-mini"_s;
    QTest::newRow("custom") << Provider::Custom << QString() << QString();
}

void TestSettingsDialog::presetsFillTheUrl()
{
    QFETCH(Provider, provider);
    QFETCH(QString, url);
    QFETCH(QString, model);

    // Start from another provider so that choosing this one is a change.
    AppSettings start;
    start.provider = provider == Provider::OpenAI ? Provider::OpenRouter : Provider::OpenAI;
    start.baseUrl = presetFor(start.provider).baseUrl;
    m_settings->setValues(start);
    const auto dialog = makeDialog();
    chooseProvider(*dialog, provider);

    auto *edit = child<QLineEdit>(dialog.get(), "baseUrlEdit");
    QCOMPARE(edit->text(), url == u"demo"_s ? m_server->baseUrl().toString() : url);
    // Never read-only: typing over a preset's address switches to Custom (TestSettingsDialogUrl).
    QVERIFY(!edit->isReadOnly());
    QVERIFY(!child<QLabel>(dialog.get(), "baseUrlHintLabel")->text().isEmpty());
    QCOMPARE(child<QComboBox>(dialog.get(), "modelCombo")->currentText(), model);
    QCOMPARE(dialog->formValues().provider, provider);

    // Loopback servers need no key, and the dialog says so.
    const bool local = provider == Provider::Demo || provider == Provider::Ollama
            || provider == Provider::LMStudio || provider == Provider::LlamaCpp;
    QVERIFY(waitForKeyState(*dialog));
    const QString keyText = child<QLabel>(dialog.get(), "keySourceLabel")->text();
    QCOMPARE(keyText == u"This server runs on your computer and needs no key."_s, local);
}

void TestSettingsDialog::customUrlIsKept()
{
    const auto dialog = makeDialog();
    chooseProvider(*dialog, Provider::Custom);
    auto *edit = child<QLineEdit>(dialog.get(), "baseUrlEdit");
    QTest::keyClicks(edit, u"https://llm.example.org/v1"_s);
    chooseProvider(*dialog, Provider::OpenAI);
    QCOMPARE(edit->text(), u"https://api.openai.com/v1"_s);
    chooseProvider(*dialog, Provider::Custom);
    QCOMPARE(edit->text(), u"https://llm.example.org/v1"_s);
    QCOMPARE(dialog->formValues().baseUrl, QUrl(u"https://llm.example.org/v1"_s));
}

void TestSettingsDialog::insecureCheckOnlyForPlainHttpWithAKey_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("shown");
    QTest::newRow("remote http with a key")
            << u"http://192.0.2.7:8000/v1"_s << u"sk-abc-1234"_s << true;
    QTest::newRow("remote http without a key")
            << u"http://192.0.2.7:8000/v1"_s << QString() << false;
    QTest::newRow("remote https with a key")
            << u"https://192.0.2.7/v1"_s << u"sk-abc-1234"_s << false;
    QTest::newRow("loopback http with a key")
            << u"http://localhost:8000/v1"_s << u"sk-abc-1234"_s << false;
}

void TestSettingsDialog::insecureCheckOnlyForPlainHttpWithAKey()
{
    QFETCH(QString, url);
    QFETCH(QString, key);
    QFETCH(bool, shown);

    const auto dialog = makeDialog();
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    chooseProvider(*dialog, Provider::Custom);
    QTest::keyClicks(child<QLineEdit>(dialog.get(), "baseUrlEdit"), url);
    if (!key.isEmpty())
        QTest::keyClicks(child<QLineEdit>(dialog.get(), "apiKeyEdit"), key);
    auto *check = child<QCheckBox>(dialog.get(), "insecureKeyCheck");
    QCOMPARE(check->isVisible(), shown);
    if (shown) {
        QCOMPARE(check->text().remove(u'&'), u"Send the key over unencrypted http"_s);
        QVERIFY(!check->isChecked()); // consent is never the default
        check->setChecked(true);
        QVERIFY(dialog->formValues().allowInsecureKey);
    }
}

void TestSettingsDialog::showHideTogglesEchoMode()
{
    const auto dialog = makeDialog();
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    auto *edit = child<QLineEdit>(dialog.get(), "apiKeyEdit");
    auto *button = child<QToolButton>(dialog.get(), "showKeyButton");
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    QVERIFY(button->isCheckable());
    QVERIFY(!button->accessibleName().isEmpty());
    QCOMPARE(button->text(), u"Show"_s);

    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(edit->echoMode(), QLineEdit::Normal);
    QCOMPARE(button->text(), u"Hide"_s);
    QCOMPARE(button->accessibleName(), u"Hide the API key"_s);

    // By keyboard as well.
    button->setFocus();
    QTest::keyClick(button, Qt::Key_Space);
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    QCOMPARE(button->text(), u"Show"_s);
    QCOMPARE(button->accessibleName(), u"Show the API key"_s);
}

void TestSettingsDialog::keySourceShown_data()
{
    QTest::addColumn<bool>("inFile");
    QTest::addColumn<bool>("inSession");
    QTest::addColumn<QString>("text");
    QTest::newRow("file") << true << false << u"Key source: from a file only you can read"_s;
    QTest::newRow("session") << false << true << u"Key source: for this session only"_s;
    QTest::newRow("none") << false << false << u"No key yet. Paste your API key here."_s;
}

void TestSettingsDialog::keySourceShown()
{
    QFETCH(bool, inFile);
    QFETCH(bool, inSession);
    QFETCH(QString, text);

    const QUrl url(u"https://llm.example.org/v1"_s);
    const QString key = u"sk-stored-earlier-0001"_s;
    if (inFile || inSession) {
        QSignalSpy stored(m_keys.get(), &KeyStore::keyStored);
        m_keys->store(KeyStore::accountFor(url), key,
                      inFile ? KeyStorage::File : KeyStorage::SessionOnly);
        QVERIFY(stored.wait(kTimeoutMs));
    }
    AppSettings values;
    values.provider = Provider::Custom;
    values.baseUrl = url;
    values.model = u"m"_s;
    m_settings->setValues(values);

    const auto dialog = makeDialog();
    QVERIFY(waitForKeyState(*dialog));
    QCOMPARE(child<QLabel>(dialog.get(), "keySourceLabel")->text(), text);
    QCOMPARE(child<QLineEdit>(dialog.get(), "apiKeyEdit")->text(),
             inFile || inSession ? key : QString());
}

void TestSettingsDialog::testConnectionSucceeds()
{
    m_server->setModels({u"gamma"_s, u"alpha"_s, u"beta"_s});
    const auto dialog = makeDialog(); // the demo server needs no key: tested on opening
    QSignalSpy tested(dialog.get(), &SettingsDialog::connectionTested);
    QVERIFY(tested.wait(kTimeoutMs));
    QCOMPARE(tested.constFirst().at(0).toBool(), true);
    auto *result = child<QLabel>(dialog.get(), "testResultLabel");
    QVERIFY(result->text().startsWith(u"Connected — 3 models available\n"_s));
    QCOMPARE(tested.constFirst().at(1).toString(), result->text());
    auto *models = child<QComboBox>(dialog.get(), "modelCombo");
    QCOMPARE(models->count(), 3);
    QCOMPARE(models->itemText(0), u"alpha"_s);
    QCOMPARE(models->itemText(2), u"gamma"_s);
    // The model already chosen stays chosen; the server does not have it, and we say so.
    QCOMPARE(models->currentText(), u"steadfast-demo"_s);
    QVERIFY(result->text().contains(u"“steadfast-demo” is not on the server's list"_s));

    // Asked again by the button, against a server that now has twelve.
    QStringList twelve;
    for (int i = 1; i <= 12; ++i)
        twelve.append(u"model-%1"_s.arg(i, 2, 10, QChar(u'0')));
    m_server->setModels(twelve);
    QTest::mouseClick(child<QPushButton>(dialog.get(), "testButton"), Qt::LeftButton);
    QCOMPARE(result->text(), u"Testing…"_s);
    QVERIFY(tested.wait(kTimeoutMs));
    QVERIFY(result->text().startsWith(u"Connected — 12 models available"_s));
    QVERIFY(result->text().contains(u"“steadfast-demo” is not on the server's list"_s));
    QCOMPARE(models->count(), 12);
    QVERIFY(child<QLabel>(dialog.get(), "testIconLabel")->isVisibleTo(dialog.get()));
    QCOMPARE(child<QLabel>(dialog.get(), "testIconLabel")->accessibleName(), u"Information"_s);
}

void TestSettingsDialog::testConnectionSendsTheFormsKey()
{
    AppSettings values;
    values.provider = Provider::Custom;
    values.baseUrl = m_server->baseUrl();
    values.model = u"m"_s;
    m_settings->setValues(values);
    const auto dialog = makeDialog();
    QSignalSpy tested(dialog.get(), &SettingsDialog::connectionTested);
    QVERIFY(tested.wait(kTimeoutMs)); // on opening: no key (a loopback server needs none)
    QCOMPARE(m_server->lastAuthorization(), QByteArray());

    QTest::keyClicks(child<QLineEdit>(dialog.get(), "apiKeyEdit"), u"sk-typed-not-saved-99"_s);
    QTest::mouseClick(child<QPushButton>(dialog.get(), "testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(kTimeoutMs));
    QCOMPARE(m_server->lastAuthorization(), QByteArray("Bearer sk-typed-not-saved-99"));
    // Testing saves nothing.
    QCOMPARE(filesContaining("sk-typed-not-saved-99"), QStringList());
    QCOMPARE(m_keys->source(), Source::None);
}

void TestSettingsDialog::testConnectionShowsKeyRejected()
{
    m_server->arm(FaultStep{.match = FaultStep::Match::Models,
                            .status = 401,
                            .error = {{u"message"_s, u"Incorrect API key provided."_s}},
                            .repeat = 5});
    const auto dialog = makeDialog();
    QSignalSpy tested(dialog.get(), &SettingsDialog::connectionTested);
    QVERIFY(tested.wait(kTimeoutMs));
    QCOMPARE(tested.constFirst().at(0).toBool(), false);
    const QString text = child<QLabel>(dialog.get(), "testResultLabel")->text();
    QVERIFY2(text.contains(u"The API key was rejected (401)"_s), qPrintable(text));
    QVERIFY2(text.contains(u"The server said: Incorrect API key provided."_s), qPrintable(text));
    auto *icon = child<QLabel>(dialog.get(), "testIconLabel");
    QVERIFY(icon->isVisibleTo(dialog.get()));
    QCOMPARE(icon->accessibleName(), u"Error"_s); // words and an icon, not colour alone
    QCOMPARE(child<QComboBox>(dialog.get(), "modelCombo")->count(), 0);
}

void TestSettingsDialog::acceptWritesSettingsAndStoresKey()
{
    const QString key = u"sk-accepted-key-ABCDEF123456"_s;
    const auto dialog = makeDialog();
    QVERIFY(waitForKeyState(*dialog));
    chooseProvider(*dialog, Provider::Custom);
    QTest::keyClicks(child<QLineEdit>(dialog.get(), "baseUrlEdit"),
                     u"https://llm.example.org/v1"_s);
    QTest::keyClicks(child<QLineEdit>(dialog.get(), "apiKeyEdit"), key);
    auto *storage = child<QComboBox>(dialog.get(), "keyStorageCombo");
    storage->setCurrentIndex(storage->findData(int(KeyStorage::File)));
    auto *model = child<QComboBox>(dialog.get(), "modelCombo");
    model->setEditText(QString());
    QTest::keyClicks(model, u"mistral-large"_s);
    child<QCheckBox>(dialog.get(), "streamingCheck")->setChecked(false);
    child<QSpinBox>(dialog.get(), "maxRetriesSpin")->setValue(2);
    child<QSpinBox>(dialog.get(), "breakerThresholdSpin")->setValue(3);
    child<QSpinBox>(dialog.get(), "idleTimeoutSpin")->setValue(45);
    QTest::keyClicks(child<QPlainTextEdit>(dialog.get(), "systemPromptEdit"), u"Be brief."_s);

    QSignalSpy changed(m_settings.get(), &Settings::changed);
    QSignalSpy stored(m_keys.get(), &KeyStore::keyStored);
    QSignalSpy finished(dialog.get(), &QDialog::finished);
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    QTest::mouseClick(
            child<QDialogButtonBox>(dialog.get(), "buttonBox")->button(QDialogButtonBox::Ok),
            Qt::LeftButton);
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(finished.constFirst().constFirst().toInt(), int(QDialog::Accepted));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.constFirst().at(1).value<Source>(), Source::File);

    const AppSettings values = m_settings->values();
    QCOMPARE(changed.constFirst().constFirst().value<AppSettings>(), values);
    QCOMPARE(values.provider, Provider::Custom);
    QCOMPARE(values.baseUrl, QUrl(u"https://llm.example.org/v1"_s));
    QCOMPARE(values.model, u"mistral-large"_s);
    QCOMPARE(values.streaming, false);
    QCOMPARE(values.maxRetries, 2);
    QCOMPARE(values.breakerThreshold, 3);
    QCOMPARE(values.idleTimeoutMs, 45000);
    QCOMPARE(values.systemPrompt, u"Be brief."_s);
    QCOMPARE(values.keyStorage, KeyStorage::File);
    QCOMPARE(values.connectTimeoutMs, AppSettings::defaultConnectTimeoutMs);

    // The key is in the private file, under the endpoint's account, and in no other file
    // (least of all the settings).
    QCOMPARE(m_keys->source(), Source::File);
    QCOMPARE(m_keys->account(), KeyStore::accountFor(QUrl(u"https://llm.example.org/v1"_s)));
    QCOMPARE(filesContaining(key.toUtf8()), QStringList{m_keyFile});
    QCOMPARE(QFile::permissions(m_keyFile) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
}

void TestSettingsDialog::acceptWithoutKeyChangeClosesAtOnce()
{
    const auto dialog = makeDialog();
    QVERIFY(waitForKeyState(*dialog));
    QSignalSpy changed(m_settings.get(), &Settings::changed);
    QSignalSpy finished(dialog.get(), &QDialog::finished);
    dialog->accept();
    QCOMPARE(finished.count(), 1); // nothing to wait for
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(changed.count(), 0); // the defaults, unchanged
    QVERIFY(!m_settings->isFirstRun());
    QVERIFY(!m_keys->isBusy()); // no key to store
    QVERIFY(!dialog->isSavingKey());
}

void TestSettingsDialog::invalidCustomUrlKeepsTheDialogOpen()
{
    const auto dialog = makeDialog();
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    chooseProvider(*dialog, Provider::Custom);
    QTest::keyClicks(child<QLineEdit>(dialog.get(), "baseUrlEdit"), u"localhost:8080"_s);
    QSignalSpy changed(m_settings.get(), &Settings::changed);
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    QCOMPARE(changed.count(), 0);
    auto *problem = child<QLabel>(dialog.get(), "baseUrlHintLabel"); // under the field
    QVERIFY(problem->isVisible());
    QVERIFY(problem->text().contains(u"http://"_s));
    QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog.get(), "baseUrlEdit"));
}

void TestSettingsDialog::restoreDefaults()
{
    AppSettings values;
    values.maxRetries = 9;
    values.connectTimeoutMs = 3000;
    values.firstByteTimeoutMs = 120000;
    values.idleTimeoutMs = 5000;
    values.deadlineMs = 600000;
    values.maxWaitMs = 1000;
    values.breakerThreshold = 2;
    values.breakerCooldownMs = 90000;
    values.systemPrompt = u"Keep me."_s;
    m_settings->setValues(values);

    const auto dialog = makeDialog();
    QCOMPARE(child<QSpinBox>(dialog.get(), "maxRetriesSpin")->value(), 9);
    QCOMPARE(child<QSpinBox>(dialog.get(), "firstByteTimeoutSpin")->value(), 120);
    QCOMPARE(child<QSpinBox>(dialog.get(), "deadlineSpin")->value(), 600);
    QCOMPARE(child<QSpinBox>(dialog.get(), "breakerCooldownSpin")->value(), 90);

    QTest::mouseClick(child<QPushButton>(dialog.get(), "restoreDefaultsButton"), Qt::LeftButton);
    const AppSettings defaults;
    QCOMPARE(child<QSpinBox>(dialog.get(), "maxRetriesSpin")->value(), defaults.maxRetries);
    QCOMPARE(child<QSpinBox>(dialog.get(), "connectTimeoutSpin")->value(), 10);
    QCOMPARE(child<QSpinBox>(dialog.get(), "firstByteTimeoutSpin")->value(), 60);
    QCOMPARE(child<QSpinBox>(dialog.get(), "idleTimeoutSpin")->value(), 30);
    QCOMPARE(child<QSpinBox>(dialog.get(), "deadlineSpin")->value(), 0);
    QCOMPARE(child<QSpinBox>(dialog.get(), "deadlineSpin")->text(), u"None"_s);
    QCOMPARE(child<QSpinBox>(dialog.get(), "maxWaitSpin")->value(), 60);
    QCOMPARE(child<QSpinBox>(dialog.get(), "breakerThresholdSpin")->value(), 5);
    QCOMPARE(child<QSpinBox>(dialog.get(), "breakerCooldownSpin")->value(), 30);
    // Each default is in the tooltip.
    QVERIFY(child<QSpinBox>(dialog.get(), "firstByteTimeoutSpin")
                    ->toolTip()
                    .contains(u"Default: 60 s."_s));
    QVERIFY(child<QSpinBox>(dialog.get(), "breakerThresholdSpin")
                    ->toolTip()
                    .contains(u"Default: 5."_s));

    QSignalSpy changed(m_settings.get(), &Settings::changed);
    dialog->accept();
    QCOMPARE(changed.count(), 1);
    AppSettings expected = values;
    expected.resetConnectionDefaults();
    QCOMPARE(m_settings->values(), expected.normalized());
    QCOMPARE(m_settings->values().systemPrompt, u"Keep me."_s);
}

void TestSettingsDialog::unchangedMillisecondsSurvive()
{
    AppSettings values;
    values.connectTimeoutMs = 2500; // shown as 3 s (whole seconds)
    values.idleTimeoutMs = 12345;
    m_settings->setValues(values);
    const auto dialog = makeDialog();
    QCOMPARE(child<QSpinBox>(dialog.get(), "connectTimeoutSpin")->value(), 3);
    child<QSpinBox>(dialog.get(), "idleTimeoutSpin")->setValue(20);
    const AppSettings form = dialog->formValues();
    QCOMPARE(form.connectTimeoutMs, 2500); // untouched: exact
    QCOMPARE(form.idleTimeoutMs, 20000);   // changed: what the user chose
}

void TestSettingsDialog::noKeychainAsks_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<int>("source"); // Source, or -1: nothing stored
    QTest::newRow("keep for this session only")
            << SettingsDialog::keepForSessionButtonName() << int(Source::Session);
    QTest::newRow("save in a file only I can read")
            << SettingsDialog::saveInFileButtonName() << int(Source::File);
    QTest::newRow("cancel") << SettingsDialog::cancelKeyButtonName() << -1;
}

void TestSettingsDialog::noKeychainAsks()
{
    QFETCH(QString, button);
    QFETCH(int, source);

    AppSettings values;
    values.provider = Provider::OpenAI;
    values.baseUrl = presetFor(Provider::OpenAI).baseUrl;
    m_settings->setValues(values);
    const QString key = u"sk-no-keychain-here-7777"_s;
    const QString account = KeyStore::accountFor(values.baseUrl);

    const auto dialog = makeDialog();
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
    QVERIFY(waitForKeyState(*dialog));
    QCOMPARE(child<QComboBox>(dialog.get(), "keyStorageCombo")->currentData().toInt(),
             int(KeyStorage::Keychain));
    QTest::keyClicks(child<QLineEdit>(dialog.get(), "apiKeyEdit"), key);

    QSignalSpy unavailable(m_keys.get(), &KeyStore::keychainUnavailable);
    QSignalSpy stored(m_keys.get(), &KeyStore::keyStored);
    QSignalSpy finished(dialog.get(), &QDialog::finished);
    dialog->accept();
    QVERIFY(dialog->isSavingKey());
    QVERIFY(!child<QDialogButtonBox>(dialog.get(), "buttonBox")
                     ->button(QDialogButtonBox::Ok)
                     ->isEnabled());

    // The keychain fails; the dialog asks instead of falling back silently.
    QMessageBox *question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
            (question = dialog->findChild<QMessageBox *>(SettingsDialog::keychainQuestionName()))
                    && question->isVisible(),
            kTimeoutMs);
    QCOMPARE(unavailable.count(), 1);
    QCOMPARE(stored.count(), 0);
    QCOMPARE(filesContaining(key.toUtf8()), QStringList()); // nothing anywhere yet
    auto *choice = question->findChild<QPushButton *>(button);
    QVERIFY(choice);
    QVERIFY(!choice->text().isEmpty());
    QTest::mouseClick(choice, Qt::LeftButton);

    if (source < 0) {
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSavingKey(), kTimeoutMs);
        QVERIFY(dialog->isVisible()); // still open, the key still typed
        QCOMPARE(child<QLineEdit>(dialog.get(), "apiKeyEdit")->text(), key);
        QVERIFY(child<QLabel>(dialog.get(), "formProblemLabel")->isVisible());
        QVERIFY(child<QDialogButtonBox>(dialog.get(), "buttonBox")
                        ->button(QDialogButtonBox::Ok)
                        ->isEnabled());
        QCOMPARE(stored.count(), 0);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(filesContaining(key.toUtf8()), QStringList());
        QVERIFY(m_keys->source() != Source::Session);
        return;
    }
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(finished.constFirst().constFirst().toInt(), int(QDialog::Accepted));
    QCOMPARE(stored.count(), 1);
    QCOMPARE(m_keys->source(), Source(source));
    QCOMPARE(m_keys->key(), key);
    QCOMPARE(m_keys->account(), account);
    QCOMPARE(filesContaining(key.toUtf8()),
             source == int(Source::File) ? QStringList{m_keyFile} : QStringList());
}

void TestSettingsDialog::focus_data()
{
    QTest::addColumn<Focus>("what");
    QTest::addColumn<QString>("tab");
    QTest::addColumn<QString>("field");
    QTest::newRow("general") << Focus::General << u"connectionTab"_s << u"providerCombo"_s;
    QTest::newRow("api key") << Focus::ApiKey << u"connectionTab"_s << u"apiKeyEdit"_s;
    QTest::newRow("model") << Focus::Model << u"connectionTab"_s << u"modelCombo"_s;
    QTest::newRow("system prompt")
            << Focus::SystemPrompt << u"conversationTab"_s << u"systemPromptEdit"_s;
}

void TestSettingsDialog::focus()
{
    QFETCH(Focus, what);
    QFETCH(QString, tab);
    QFETCH(QString, field);

    const auto dialog = makeDialog();
    // As the window does: start elsewhere, then point at the field, then show.
    child<QTabWidget>(dialog.get(), "tabs")->setCurrentIndex(1);
    dialog->focus(what);
    dialog->show();
    QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    QCOMPARE(child<QTabWidget>(dialog.get(), "tabs")->currentWidget()->objectName(), tab);
    QWidget *focused = QApplication::focusWidget();
    QVERIFY(focused);
    // An editable combo box gives the focus to its line edit.
    while (focused && focused->objectName() != field)
        focused = focused->parentWidget();
    QVERIFY2(focused, qPrintable(QApplication::focusWidget()->objectName()));
}

void TestSettingsDialog::everyControlIsNamedAndReachable()
{
    const auto dialog = makeDialog();
    const QList<QWidget *> widgets = dialog->findChildren<QWidget *>();
    int controls = 0;
    for (QWidget *widget : widgets) {
        const bool control = qobject_cast<QComboBox *>(widget) || qobject_cast<QSpinBox *>(widget)
                || qobject_cast<QAbstractButton *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
                || (qobject_cast<QLineEdit *>(widget)
                    && !qobject_cast<QComboBox *>(widget->parentWidget())
                    && !qobject_cast<QSpinBox *>(widget->parentWidget()));
        if (!control || widget->objectName().startsWith(u"qt_"_s))
            continue;
        ++controls;
        const auto *button = qobject_cast<QAbstractButton *>(widget);
        const bool named = !widget->accessibleName().isEmpty()
                || (button && !button->text().remove(u'&').isEmpty());
        QVERIFY2(named, qPrintable(widget->objectName()));
        QVERIFY2(widget->focusPolicy() & Qt::TabFocus, qPrintable(widget->objectName()));
    }
    QVERIFY(controls >= 20);

    // Every field's label is its buddy, so Alt+letter reaches it.
    for (const char *label :
         {"providerLabel", "baseUrlLabel", "apiKeyLabel", "keyStorageLabel", "modelLabel",
          "maxRetriesLabel", "connectTimeoutLabel", "firstByteTimeoutLabel", "idleTimeoutLabel",
          "deadlineLabel", "maxWaitLabel", "breakerThresholdLabel", "breakerCooldownLabel",
          "systemPromptLabel"})
        QVERIFY2(child<QLabel>(dialog.get(), label)->buddy(), label);
}

QTEST_MAIN(TestSettingsDialog)
#include "TestSettingsDialog.moc"
