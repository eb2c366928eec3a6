// SPDX-License-Identifier: GPL-3.0-or-later
// The settings dialog's connection details on the offscreen platform, against a real fault
// server: typing over a preset's address switches to Custom with what was typed; the Test
// connection button stays where it is whatever its result says; a bad address is said right
// under its field, with the focus there; OK with no model asks first.
#include "gui/SettingsDialog.h"

#include "faultserver/FaultServer.h"
#include "support/NamedChild.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;

Q_DECLARE_METATYPE(steadfast::Provider)

namespace {

constexpr int kTimeoutMs = 15000; // generous: two shared cores

QRect geometryIn(const QWidget *widget, const QWidget *window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

} // namespace

class TestSettingsDialogUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void typingOverAPresetSwitchesToCustom_data();
    void typingOverAPresetSwitchesToCustom();
    void testButtonStaysPut_data();
    void testButtonStaysPut();
    void urlProblemStandsUnderTheField_data();
    void urlProblemStandsUnderTheField();
    void emptyModelIsAskedAbout_data();
    void emptyModelIsAskedAbout();

private:
    std::unique_ptr<SettingsDialog> makeDialog()
    {
        return std::make_unique<SettingsDialog>(m_settings.get(), m_keys.get(), m_network.get(),
                                                m_server->baseUrl());
    }
    void start(Provider provider, const QUrl &url, const QString &model)
    {
        AppSettings values;
        values.provider = provider;
        values.baseUrl = url;
        values.model = model;
        m_settings->setValues(values);
    }
    static void showAndWait(SettingsDialog &dialog)
    {
        dialog.resize(560, 560);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<KeyStore> m_keys;
};

void TestSettingsDialogUrl::initTestCase()
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent"); // no keychain
    qunsetenv("XDG_CURRENT_DESKTOP");
}

void TestSettingsDialogUrl::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FaultServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_store = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_settings = std::make_unique<Settings>(m_store.get(), QProcessEnvironment());
    m_keys = std::make_unique<KeyStore>(u"steadfast-test-gui"_s,
                                        m_dir->filePath(u"config/api-keys.json"_s),
                                        QProcessEnvironment());
}

void TestSettingsDialogUrl::cleanup()
{
    m_keys.reset();
    m_settings.reset();
    m_store.reset();
    m_network.reset();
    m_server.reset();
    m_dir.reset();
}

void TestSettingsDialogUrl::typingOverAPresetSwitchesToCustom_data()
{
    QTest::addColumn<Provider>("provider");
    QTest::addColumn<bool>("replace"); // select all first, or type at the end
    QTest::addColumn<QString>("typed");

    QTest::newRow("demo, replaced") << Provider::Demo << true << u"http://127.0.0.1:9/v1"_s;
    QTest::newRow("openai, a proxy path") << Provider::OpenAI << false << u"/proxy"_s;
    QTest::newRow("openai, replaced")
            << Provider::OpenAI << true << u"https://llm.example.org/v1"_s;
    QTest::newRow("ollama, another port") << Provider::Ollama << false << u"x"_s;
    QTest::newRow("lm studio") << Provider::LMStudio << true << u"http://10.0.0.2:1234/v1"_s;
    QTest::newRow("llama.cpp") << Provider::LlamaCpp << false << u"/x"_s;
    QTest::newRow("openrouter") << Provider::OpenRouter << true << u"https://gw.example.com/v1"_s;
}

void TestSettingsDialogUrl::typingOverAPresetSwitchesToCustom()
{
    QFETCH(Provider, provider);
    QFETCH(bool, replace);
    QFETCH(QString, typed);

    start(provider, presetFor(provider).baseUrl, u"my-model"_s);
    const auto dialog = makeDialog();
    showAndWait(*dialog);
    auto *edit = child<QLineEdit>(dialog.get(), "baseUrlEdit");
    auto *combo = child<QComboBox>(dialog.get(), "providerCombo");
    QCOMPARE(combo->currentData().toInt(), int(provider));
    QVERIFY(!edit->isReadOnly()); // it looks editable, and it is
    QVERIFY2(child<QLabel>(dialog.get(), "baseUrlHintLabel")->text().contains(u"Type another"_s),
             qPrintable(child<QLabel>(dialog.get(), "baseUrlHintLabel")->text()));
    const QString before = edit->text();

    edit->setFocus();
    if (replace)
        edit->selectAll();
    else
        edit->end(false);
    QTest::keyClicks(edit, typed);

    const QString expected = replace ? typed : before + typed;
    QCOMPARE(edit->text(), expected); // every key kept, none lost to the switch
    QCOMPARE(combo->currentData().toInt(), int(Provider::Custom));
    QCOMPARE(edit->cursorPosition(), expected.size());
    QCOMPARE(child<QComboBox>(dialog.get(), "modelCombo")->currentText(), u"my-model"_s);
    QCOMPARE(dialog->formValues().provider, Provider::Custom);
    QCOMPARE(dialog->formValues().baseUrl, QUrl(expected));

    dialog->accept();
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(m_settings->values().provider, Provider::Custom);
    QCOMPARE(m_settings->values().baseUrl, QUrl(expected));
}

void TestSettingsDialogUrl::testButtonStaysPut_data()
{
    QTest::addColumn<QString>("url"); // "server": the fault server's
    QTest::addColumn<int>("status");  // what GET /models answers (0: the models)
    QTest::addColumn<bool>("ok");

    QTest::newRow("connected, model not listed") << u"server"_s << 0 << true;
    QTest::newRow("key rejected, the server's long words") << u"server"_s << 401 << false;
    QTest::newRow("not an address") << u"localhost:8080"_s << 0 << false;
    QTest::newRow("nobody listening") << u"http://127.0.0.1:1/v1"_s << 0 << false;
}

void TestSettingsDialogUrl::testButtonStaysPut()
{
    QFETCH(QString, url);
    QFETCH(int, status);
    QFETCH(bool, ok);

    m_server->setModels({u"alpha"_s, u"beta"_s});
    if (status != 0) {
        m_server->arm(FaultStep{
                .match = FaultStep::Match::Models,
                .status = status,
                .error = {{u"message"_s,
                           u"Incorrect API key provided: sk-abc***. You can find your API key at "
                           "https://platform.openai.com/account/api-keys. This message is long "
                           "enough to take several lines in the dialog."_s}},
                .repeat = 5});
    }
    start(Provider::Custom, QUrl(), u"my-model"_s); // no address yet: nothing tested on opening
    const auto dialog = makeDialog();
    showAndWait(*dialog);
    auto *button = child<QPushButton>(dialog.get(), "testButton");
    auto *result = child<QLabel>(dialog.get(), "testResultLabel");
    QTest::keyClicks(child<QLineEdit>(dialog.get(), "baseUrlEdit"),
                     url == u"server"_s ? m_server->baseUrl().toString() : url);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // as the user sees it
    const QRect placed = geometryIn(button, dialog.get());
    QSignalSpy tested(dialog.get(), &SettingsDialog::connectionTested);
    QTest::mouseClick(button, Qt::LeftButton); // leaves the field: its hint may change too
    if (tested.isEmpty())
        QVERIFY(tested.wait(kTimeoutMs));
    QCOMPARE(tested.constFirst().at(0).toBool(), ok);
    QVERIFY(!result->text().isEmpty());
    QVERIFY(result->isVisible());
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // for the new text
    QCOMPARE(geometryIn(button, dialog.get()), placed);
    // The result is under the button, not beside it squeezing it.
    QVERIFY(geometryIn(result, dialog.get()).top() >= placed.bottom());

    // And again: a second result replaces the first in the same place.
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(tested.count() == 2 || tested.wait(kTimeoutMs));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCOMPARE(geometryIn(button, dialog.get()), placed);
}

void TestSettingsDialogUrl::urlProblemStandsUnderTheField_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("says");

    QTest::newRow("empty") << QString() << u"Enter the server's address"_s;
    QTest::newRow("no scheme") << u"localhost:8080"_s << u"Start the address with http://"_s;
    QTest::newRow("no scheme, a path")
            << u"example.com/v1"_s << u"Start the address with http://"_s;
    QTest::newRow("ftp") << u"ftp://example.com/v1"_s << u"not ftp:"_s;
    QTest::newRow("no host") << u"http:///v1"_s << u"no server name"_s;
    QTest::newRow("a space in the host") << u"http://exa mple.com/v1"_s << u"not a valid address"_s;
}

void TestSettingsDialogUrl::urlProblemStandsUnderTheField()
{
    QFETCH(QString, typed);
    QFETCH(QString, says);

    start(Provider::Custom, QUrl(), u"my-model"_s);
    const auto dialog = makeDialog();
    showAndWait(*dialog);
    auto *edit = child<QLineEdit>(dialog.get(), "baseUrlEdit");
    auto *hint = child<QLabel>(dialog.get(), "baseUrlHintLabel");
    QTest::keyClicks(edit, typed);
    child<QComboBox>(dialog.get(), "modelCombo")->setFocus(); // away from the field
    QSignalSpy changed(m_settings.get(), &Settings::changed);

    QTest::mouseClick(
            child<QDialogButtonBox>(dialog.get(), "buttonBox")->button(QDialogButtonBox::Ok),
            Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    QCOMPARE(changed.count(), 0);
    QVERIFY2(hint->text().contains(says), qPrintable(hint->text()));
    QCOMPARE(edit->accessibleDescription(), hint->text().mid(hint->text().indexOf(u' ') + 1));
    QCOMPARE(QApplication::focusWidget(), edit);
    // Right under the field: the next thing below it, starting at its left edge.
    QCoreApplication::processEvents();
    const QRect field = geometryIn(edit, dialog.get());
    const QRect under = geometryIn(hint, dialog.get());
    QVERIFY(hint->isVisible());
    QVERIFY(under.top() >= field.bottom());
    QVERIFY2(under.top() - field.bottom() <= 12, qPrintable(u"%1"_s.arg(under.top())));
    QCOMPARE(under.left(), field.left());
    QVERIFY(!child<QLabel>(dialog.get(), "formProblemLabel")->isVisible()); // not far away

    // Fixing the address takes the problem away.
    edit->selectAll();
    QTest::keyClicks(edit, m_server->baseUrl().toString());
    QVERIFY(!hint->text().contains(says));
    dialog->accept();
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(m_settings->values().baseUrl, m_server->baseUrl());
}

void TestSettingsDialogUrl::emptyModelIsAskedAbout_data()
{
    // A demanding user is asked, not stopped: the server may be down now and the model chosen
    // later; but "messages cannot be sent yet" is said before it is saved, and going back to
    // the field is the default (Enter, Escape).
    QTest::addColumn<QString>("button");
    QTest::addColumn<bool>("saved");

    QTest::newRow("choose a model") << SettingsDialog::chooseModelButtonName() << false;
    QTest::newRow("save without") << SettingsDialog::saveWithoutModelButtonName() << true;
    QTest::newRow("escape") << QString() << false;
}

void TestSettingsDialogUrl::emptyModelIsAskedAbout()
{
    QFETCH(QString, button);
    QFETCH(bool, saved);

    m_server->setModels({}); // a server that lists none: nothing fills the model in
    start(Provider::Custom, m_server->baseUrl(), QString());
    const auto dialog = makeDialog();
    QSignalSpy tested(dialog.get(), &SettingsDialog::connectionTested);
    showAndWait(*dialog);
    QVERIFY(tested.wait(kTimeoutMs)); // the list was asked for on opening
    QCOMPARE(child<QComboBox>(dialog.get(), "modelCombo")->currentText(), QString());
    QSignalSpy changed(m_settings.get(), &Settings::changed);
    QSignalSpy finished(dialog.get(), &QDialog::finished);

    QTest::mouseClick(
            child<QDialogButtonBox>(dialog.get(), "buttonBox")->button(QDialogButtonBox::Ok),
            Qt::LeftButton);
    QMessageBox *question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
            (question = dialog->findChild<QMessageBox *>(SettingsDialog::emptyModelQuestionName()))
                    && question->isVisible(),
            kTimeoutMs);
    QVERIFY(question->text().contains(u"cannot be sent"_s));
    QCOMPARE(changed.count(), 0); // nothing saved while asking
    QCOMPARE(question->defaultButton()->objectName(), SettingsDialog::chooseModelButtonName());
    dialog->accept(); // a second OK while asking does nothing
    QCOMPARE(changed.count(), 0);

    if (button.isEmpty())
        QTest::keyClick(question, Qt::Key_Escape);
    else
        QTest::mouseClick(question->findChild<QPushButton *>(button), Qt::LeftButton);
    if (saved) {
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QCOMPARE(m_settings->values().model, QString()); // (as it was: no change to signal)
        QCOMPARE(m_settings->values().baseUrl, m_server->baseUrl());
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(
            !dialog->findChild<QMessageBox *>(SettingsDialog::emptyModelQuestionName()),
            kTimeoutMs);
    QVERIFY(dialog->isVisible());
    QCOMPARE(finished.count(), 0);
    QCOMPARE(changed.count(), 0);
    const auto modelFocused = [&dialog] {
        QWidget *focused = dialog->focusWidget(); // the dialog's, whichever window is active
        while (focused && focused->objectName() != u"modelCombo"_s)
            focused = focused->parentWidget();
        return focused != nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(modelFocused(), kTimeoutMs);
}

QTEST_MAIN(TestSettingsDialogUrl)
#include "TestSettingsDialogUrl.moc"
