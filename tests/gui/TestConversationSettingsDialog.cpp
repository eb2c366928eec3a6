// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationSettingsDialog on the offscreen platform: ConversationSettings go through the
// form and come back the same, the defaults are shown, and load/save use a real library.
#include "core/library/ConversationLibrary.h"
#include "gui/ConversationSettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace steadfast;

Q_DECLARE_METATYPE(steadfast::ConversationSettings)

namespace {

template <typename T>
T *child(const QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning("no child %s", qPrintable(name));
    return found;
}

ConversationSettings make(const QString &model, std::optional<QString> prompt,
                          std::optional<double> temperature, std::optional<int> maxTokens)
{
    ConversationSettings settings;
    settings.model = model;
    settings.systemPrompt = std::move(prompt);
    settings.temperature = temperature;
    settings.maxTokens = maxTokens;
    return settings;
}

} // namespace

class TestConversationSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void defaultsAreShown();
    void togglingTheDefaultPromptKeepsTheOwnOne();
    void loadAndSaveThroughTheLibrary();
};

void TestConversationSettingsDialog::roundTrip_data()
{
    QTest::addColumn<ConversationSettings>("settings");
    QTest::newRow("all defaults") << ConversationSettings{};
    QTest::newRow("everything set") << make(u"gpt-4o-mini"_s, u"Be brief."_s, 0.7, 512);
    QTest::newRow("no system prompt at all") << make({}, QString(), std::nullopt, std::nullopt);
    QTest::newRow("multi-line prompt")
            << make({}, u"Line one\nLine two\n\n  indented"_s, std::nullopt, std::nullopt);
    QTest::newRow("temperature 0") << make({}, std::nullopt, 0.0, std::nullopt);
    QTest::newRow("temperature 2, 1 token") << make(u"local"_s, std::nullopt, 2.0, 1);
}

void TestConversationSettingsDialog::roundTrip()
{
    QFETCH(ConversationSettings, settings);
    ConversationSettingsDialog dialog;
    dialog.setDefaults(u"gpt-4o"_s, u"You are helpful."_s);
    dialog.setModels({u"gpt-4o"_s, u"gpt-4o-mini"_s});
    dialog.setSettings(settings);
    QCOMPARE(dialog.settings(), settings);
    // Twice, from a dialog that showed other settings: nothing leaks from before.
    dialog.setSettings(make(u"other"_s, u"Other prompt"_s, 1.5, 99));
    dialog.setSettings(settings);
    QCOMPARE(dialog.settings(), settings);
}

void TestConversationSettingsDialog::defaultsAreShown()
{
    ConversationSettingsDialog dialog;
    dialog.setDefaults(u"gpt-4o"_s, u"You are helpful."_s);
    dialog.setSettings({});
    auto *model = child<QComboBox>(&dialog, u"modelCombo"_s);
    QCOMPARE(model->currentText(), QString());
    QCOMPARE(model->lineEdit()->placeholderText(), u"Default (gpt-4o)"_s);
    auto *useDefault = child<QCheckBox>(&dialog, u"defaultPromptCheck"_s);
    auto *prompt = child<QPlainTextEdit>(&dialog, u"systemPromptEdit"_s);
    QVERIFY(useDefault->isChecked());
    QCOMPARE(prompt->toPlainText(), u"You are helpful."_s);
    QVERIFY(prompt->isReadOnly());
    QVERIFY(!child<QCheckBox>(&dialog, u"temperatureCheck"_s)->isChecked());
    QVERIFY(!child<QDoubleSpinBox>(&dialog, u"temperatureSpin"_s)->isEnabled());
    QVERIFY(!child<QSpinBox>(&dialog, u"maxTokensSpin"_s)->isEnabled());

    // Defaults given later still show.
    dialog.setDefaults(u"llama3"_s, u"Answer in German."_s);
    QCOMPARE(model->lineEdit()->placeholderText(), u"Default (llama3)"_s);
    QCOMPARE(prompt->toPlainText(), u"Answer in German."_s);

    // Typing a model and checking a number is what settings() returns.
    model->setEditText(u"  mistral "_s);
    child<QCheckBox>(&dialog, u"maxTokensCheck"_s)->setChecked(true);
    auto *tokens = child<QSpinBox>(&dialog, u"maxTokensSpin"_s);
    QVERIFY(tokens->isEnabled());
    tokens->setValue(2048);
    const ConversationSettings result = dialog.settings();
    QCOMPARE(result.model, u"mistral"_s);
    QCOMPARE(result.maxTokens, std::optional<int>(2048));
    QVERIFY(!result.temperature);
    QVERIFY(!result.systemPrompt);
}

void TestConversationSettingsDialog::togglingTheDefaultPromptKeepsTheOwnOne()
{
    ConversationSettingsDialog dialog;
    dialog.setDefaults(u"gpt-4o"_s, u"Default prompt"_s);
    dialog.setSettings(make({}, u"Own prompt"_s, std::nullopt, std::nullopt));
    auto *useDefault = child<QCheckBox>(&dialog, u"defaultPromptCheck"_s);
    auto *prompt = child<QPlainTextEdit>(&dialog, u"systemPromptEdit"_s);
    QVERIFY(!useDefault->isChecked());
    QVERIFY(!prompt->isReadOnly());
    QCOMPARE(prompt->toPlainText(), u"Own prompt"_s);
    useDefault->setChecked(true);
    QCOMPARE(prompt->toPlainText(), u"Default prompt"_s);
    QVERIFY(!dialog.settings().systemPrompt);
    useDefault->setChecked(false);
    QCOMPARE(prompt->toPlainText(), u"Own prompt"_s);
    QCOMPARE(dialog.settings().systemPrompt, std::optional<QString>(u"Own prompt"_s));
}

void TestConversationSettingsDialog::loadAndSaveThroughTheLibrary()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ConversationLibrary library;
    QVERIFY2(library.open(dir.filePath(u"library.sqlite"_s)), qPrintable(library.lastError()));
    const ConversationSettings stored = make(u"gpt-4o-mini"_s, u"Be brief."_s, 0.3, 300);
    const QString id = library.createConversation(stored);
    QVERIFY(!id.isEmpty());
    QVERIFY(library.renameConversation(id, u"Trip"_s));

    ConversationSettingsDialog dialog;
    QVERIFY(!dialog.load(library, u"no-such-id"_s));
    QVERIFY(dialog.load(library, id));
    QCOMPARE(dialog.settings(), stored);
    QVERIFY(dialog.windowTitle().contains(u"Trip"_s));

    child<QCheckBox>(&dialog, u"temperatureCheck"_s)->setChecked(false);
    child<QCheckBox>(&dialog, u"defaultPromptCheck"_s)->setChecked(true);
    QVERIFY(dialog.save(library, id));
    const ConversationSettings saved = library.conversation(id)->settings;
    QCOMPARE(saved, make(u"gpt-4o-mini"_s, std::nullopt, std::nullopt, 300));
}

#include "TestConversationSettingsDialog.moc"
QTEST_MAIN(TestConversationSettingsDialog)
