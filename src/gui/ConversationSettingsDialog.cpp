// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ConversationSettingsDialog.h"

#include "ui_ConversationSettingsDialog.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>

using namespace Qt::StringLiterals;

namespace steadfast {

ConversationSettingsDialog::ConversationSettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConversationSettingsDialog>())
{
    m_ui->setupUi(this);
    setDefaults({}, {});
    connect(m_ui->defaultPromptCheck, &QCheckBox::toggled, this,
            &ConversationSettingsDialog::showDefaultPrompt);
    connect(m_ui->temperatureCheck, &QCheckBox::toggled, m_ui->temperatureSpin,
            &QWidget::setEnabled);
    connect(m_ui->maxTokensCheck, &QCheckBox::toggled, m_ui->maxTokensSpin, &QWidget::setEnabled);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setSettings({});
}

ConversationSettingsDialog::~ConversationSettingsDialog() = default;

void ConversationSettingsDialog::setDefaults(const QString &model, const QString &systemPrompt)
{
    const QString placeholder = model.isEmpty() ? tr("Default") : tr("Default (%1)").arg(model);
    m_ui->modelCombo->lineEdit()->setPlaceholderText(placeholder);
    m_ui->modelCombo->setToolTip(tr("Leave empty to use the model chosen in Settings"));
    m_defaultPrompt = systemPrompt;
    if (m_showingDefault)
        m_ui->systemPromptEdit->setPlainText(m_defaultPrompt);
}

void ConversationSettingsDialog::setModels(const QStringList &models)
{
    const QString text = m_ui->modelCombo->currentText();
    m_ui->modelCombo->clear();
    m_ui->modelCombo->addItems(models);
    m_ui->modelCombo->setCurrentIndex(-1);
    m_ui->modelCombo->setEditText(text);
}

void ConversationSettingsDialog::setSettings(const ConversationSettings &settings)
{
    m_ui->modelCombo->setCurrentIndex(-1);
    m_ui->modelCombo->setEditText(settings.model);

    // The conversation's own prompt, or the default one as a start for editing.
    m_customPrompt = settings.systemPrompt.value_or(m_defaultPrompt);
    const bool useDefault = !settings.systemPrompt.has_value();
    {
        const QSignalBlocker blocker(m_ui->defaultPromptCheck);
        m_ui->defaultPromptCheck->setChecked(useDefault);
    }
    m_showingDefault = !useDefault; // so that showDefaultPrompt() redraws the field
    m_ui->systemPromptEdit->setPlainText(m_customPrompt);
    showDefaultPrompt(useDefault);

    m_ui->temperatureCheck->setChecked(settings.temperature.has_value());
    m_ui->temperatureSpin->setEnabled(settings.temperature.has_value());
    if (settings.temperature)
        m_ui->temperatureSpin->setValue(*settings.temperature);
    m_ui->maxTokensCheck->setChecked(settings.maxTokens.has_value());
    m_ui->maxTokensSpin->setEnabled(settings.maxTokens.has_value());
    if (settings.maxTokens)
        m_ui->maxTokensSpin->setValue(*settings.maxTokens);
}

ConversationSettings ConversationSettingsDialog::settings() const
{
    ConversationSettings settings;
    settings.model = m_ui->modelCombo->currentText().trimmed();
    if (!m_ui->defaultPromptCheck->isChecked())
        settings.systemPrompt = m_ui->systemPromptEdit->toPlainText();
    if (m_ui->temperatureCheck->isChecked())
        settings.temperature = m_ui->temperatureSpin->value();
    if (m_ui->maxTokensCheck->isChecked())
        settings.maxTokens = m_ui->maxTokensSpin->value();
    return settings;
}

void ConversationSettingsDialog::showDefaultPrompt(bool useDefault)
{
    if (useDefault == m_showingDefault)
        return;
    if (useDefault) {
        m_customPrompt = m_ui->systemPromptEdit->toPlainText();
        m_ui->systemPromptEdit->setPlainText(m_defaultPrompt);
    } else {
        m_ui->systemPromptEdit->setPlainText(m_customPrompt);
    }
    m_showingDefault = useDefault;
    m_ui->systemPromptEdit->setReadOnly(useDefault);
    m_ui->systemPromptEdit->setPlaceholderText(useDefault ? tr("The default is no system prompt")
                                                          : tr("No system prompt"));
}

bool ConversationSettingsDialog::load(const ConversationLibrary &library,
                                      const QString &conversationId)
{
    const std::optional<ConversationInfo> info = library.conversation(conversationId);
    if (!info)
        return false;
    setSettings(info->settings);
    setWindowTitle(info->title.isEmpty() ? tr("Conversation Settings")
                                         : tr("Settings for “%1”").arg(info->title));
    return true;
}

bool ConversationSettingsDialog::save(ConversationLibrary &library,
                                      const QString &conversationId) const
{
    return library.setConversationSettings(conversationId, settings());
}

bool ConversationSettingsDialog::edit(QWidget *parent, ConversationLibrary *library,
                                      const QString &conversationId, const QString &defaultModel,
                                      const QString &defaultSystemPrompt, const QStringList &models)
{
    ConversationSettingsDialog dialog(parent);
    dialog.setDefaults(defaultModel, defaultSystemPrompt);
    dialog.setModels(models);
    if (!dialog.load(*library, conversationId) || dialog.exec() != QDialog::Accepted)
        return false;
    return dialog.save(*library, conversationId);
}

} // namespace steadfast
