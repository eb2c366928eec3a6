// SPDX-License-Identifier: GPL-3.0-or-later
// SettingsDialog, its connection part: the base URL field (its hint, its problems, typing over a
// preset's address), the connection test and the question about an empty model.
#include "gui/SettingsDialog.h"

#include "core/net/Validation.h"
#include "gui/ErrorText.h"

#include "ui_SettingsDialog.h"

#include <QAbstractButton>
#include <QIcon>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr int kIconSize = 16;

} // namespace

QUrl SettingsDialog::urlFromText(const QString &text)
{
    return QUrl(text.trimmed(), QUrl::StrictMode);
}

QString SettingsDialog::baseUrlProblem(const QString &text)
{
    if (text.trimmed().isEmpty())
        return tr("Enter the server's address, for example http://127.0.0.1:11434/v1.");
    const QUrl url = urlFromText(text);
    if (!url.isValid())
        return tr("This is not a valid address. Check it for typos.");
    // "localhost:8080" reads as the scheme "localhost": without "://", http:// is missing.
    if (!text.contains(u"://"_s))
        return tr("Start the address with http:// or https://.");
    const QString scheme = url.scheme();
    if (scheme != u"http"_s && scheme != u"https"_s)
        return tr("Start the address with http:// or https://, not %1:.").arg(scheme);
    if (url.host().isEmpty())
        return tr("The address has no server name, as in http://127.0.0.1:8080/v1.");
    return {};
}

void SettingsDialog::handleBaseUrlEdited()
{
    QLineEdit *url = m_ui->baseUrlEdit;
    m_customUrl = url->text();
    if (!currentPreset().editableUrl()) {
        // Typing over a preset's (or the demo's) address means another server: Custom, with
        // what was typed, the cursor where it was, and the same model.
        const int cursor = url->cursorPosition();
        const QString model = m_ui->modelCombo->currentText();
        m_ui->providerCombo->setCurrentIndex(m_ui->providerCombo->findData(int(Provider::Custom)));
        m_ui->modelCombo->setEditText(model);
        url->setCursorPosition(cursor);
    }
    showBaseUrlHint(); // a problem shown before goes while the user fixes it
    m_ui->formProblemLabel->hide();
    updateKeyState();
}

void SettingsDialog::checkBaseUrlField()
{
    if (!currentPreset().editableUrl() || m_ui->baseUrlEdit->text().trimmed().isEmpty())
        return; // an empty field is said on OK, not while the user moves on
    const QString problem = baseUrlProblem(m_ui->baseUrlEdit->text());
    if (!problem.isEmpty())
        showBaseUrlProblem(problem);
}

void SettingsDialog::showBaseUrlHint()
{
    const QString hint = [preset = currentPreset()] {
        switch (preset.address) {
        case ProviderPreset::Address::User:
            return tr("The address of an OpenAI-compatible server, usually ending in /v1.");
        case ProviderPreset::Address::BuiltIn:
            return tr("The demo server runs inside Steadfast. Type another address to use your "
                      "own server.");
        case ProviderPreset::Address::Preset:
            return tr("The usual address for %1. Type another one to use a custom server.")
                    .arg(preset.translatedName());
        }
        return QString();
    }();
    QLabel *label = m_ui->baseUrlHintLabel;
    label->setForegroundRole(QPalette::WindowText);
    label->setText(hint);
    label->setAccessibleDescription(QString());
    m_ui->baseUrlEdit->setToolTip(hint);
    m_ui->baseUrlEdit->setAccessibleDescription(hint);
}

void SettingsDialog::showBaseUrlProblem(const QString &problem)
{
    QLabel *label = m_ui->baseUrlHintLabel;
    // Words first (a sign and the sentence), colour only as a help: the palette's own
    // "bright text" role stays readable on a dark palette.
    label->setText(tr("⚠ %1").arg(problem));
    label->setAccessibleDescription(ErrorWords::severityName(ErrorText::Severity::Error));
    m_ui->baseUrlEdit->setAccessibleDescription(problem);
    m_ui->baseUrlEdit->setToolTip(problem);
}

QMessageBox *SettingsDialog::newQuestion(const QString &objectName, const QString &title,
                                         const QString &text, const QString &informativeText)
{
    auto *question =
            new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::NoButton, this);
    question->setObjectName(objectName);
    question->setInformativeText(informativeText);
    question->setAttribute(Qt::WA_DeleteOnClose);
    return question;
}

QPushButton *SettingsDialog::addQuestionButton(QMessageBox *question, const QString &text,
                                               QMessageBox::ButtonRole role,
                                               const QString &objectName)
{
    QPushButton *button = question->addButton(text, role);
    button->setObjectName(objectName);
    return button;
}

void SettingsDialog::askAboutEmptyModel()
{
    // Saving without a model is allowed (the server may be down now, the model chosen later
    // in the window), but never by accident: sending would fail with "Choose a model".
    QMessageBox *question =
            newQuestion(emptyModelQuestionName(), tr("No model chosen"),
                        tr("No model is chosen, so messages cannot be sent yet."),
                        tr("Choose one now, or save the other settings and choose a "
                           "model later in the window's model box."));
    QPushButton *choose = addQuestionButton(question, tr("Choose a model"), QMessageBox::RejectRole,
                                            chooseModelButtonName());
    QPushButton *save = addQuestionButton(question, tr("Save without a model"),
                                          QMessageBox::AcceptRole, saveWithoutModelButtonName());
    question->setDefaultButton(choose);
    question->setEscapeButton(choose);
    m_modelQuestion = question;
    connect(question, &QMessageBox::finished, this, [this, question, save] {
        const bool saveAnyway = question->clickedButton() == save;
        m_modelQuestion.clear();
        if (saveAnyway) {
            m_emptyModelAccepted = true;
            accept();
        } else {
            // After the box has closed and given the focus back to OK.
            QMetaObject::invokeMethod(
                    this, [this] { focus(Focus::Model); }, Qt::QueuedConnection);
        }
    });
    question->open();
}

void SettingsDialog::testConnection()
{
    const QUrl url = currentBaseUrl();
    const QString key = formKey();
    if (!isHttpUrl(url)) {
        showTestResult(false, tr("Enter a complete address that starts with http:// or https://."));
        return;
    }
    if (!key.isEmpty() && url.scheme() == u"http"_s && !isLoopbackHost(url.host())
        && !m_ui->insecureKeyCheck->isChecked()) {
        showTestResult(false,
                       tr("This server uses plain http. Allow sending the key over "
                          "unencrypted http, or use https."));
        return;
    }
    m_ui->testIconLabel->hide();
    m_ui->testResultLabel->setText(tr("Testing…"));
    m_models.fetch(url, key);
}

void SettingsDialog::handleModelsFetched(const QStringList &models)
{
    setModels(models);
    QString text = tr("Connected — %n models available", nullptr, int(models.size()));
    const QString model = m_ui->modelCombo->currentText().trimmed();
    if (!models.isEmpty() && !model.isEmpty() && !models.contains(model))
        text += u'\n' + tr("The model “%1” is not on the server's list.").arg(model);
    showTestResult(true, text);
}

void SettingsDialog::handleFetchFailed(const ApiError &error)
{
    QString text;
    if (error.kind == ApiError::Kind::Validation)
        text = tr("Enter a complete address that starts with http:// or https://.");
    else
        text = ErrorWords::title(error);
    // The server's own words, when it sent any (what a 401 or a proxy page said).
    if (error.httpStatus > 0 && !error.message.trimmed().isEmpty())
        text += u'\n' + tr("The server said: %1").arg(error.message.trimmed());
    showTestResult(false, text);
}

void SettingsDialog::showTestResult(bool ok, const QString &text)
{
    const ErrorText::Severity severity =
            ok ? ErrorText::Severity::Information : ErrorText::Severity::Error;
    m_ui->testIconLabel->setPixmap(
            QIcon(ErrorText::iconPath(severity)).pixmap(kIconSize, kIconSize));
    m_ui->testIconLabel->setAccessibleName(ErrorWords::severityName(severity));
    m_ui->testIconLabel->show();
    m_ui->testResultLabel->setText(text);
    Q_EMIT connectionTested(ok, text);
}

void SettingsDialog::setModels(const QStringList &models)
{
    const QString current = m_ui->modelCombo->currentText().trimmed();
    m_ui->modelCombo->clear();
    m_ui->modelCombo->addItems(models);
    if (!current.isEmpty())
        m_ui->modelCombo->setEditText(current);
    else if (!models.isEmpty())
        m_ui->modelCombo->setCurrentIndex(0);
}

} // namespace steadfast
