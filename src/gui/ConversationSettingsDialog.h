// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/library/ConversationLibrary.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <memory>

namespace Ui {
class ConversationSettingsDialog;
}

namespace steadfast {

/// One conversation's own settings (ConversationSettings): its model, system prompt,
/// temperature and maximum tokens, each of which may follow the defaults from Settings.
/// The form is ui/ConversationSettingsDialog.ui. An empty model, "Use the default system
/// prompt" or an unchecked number mean the default; setDefaults() shows what that is.
class ConversationSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConversationSettingsDialog(QWidget *parent = nullptr);
    ~ConversationSettingsDialog() override;

    /// What the defaults are (from Settings): the model field's placeholder says
    /// "Default (model)", the system prompt field shows the default prompt while it is used.
    void setDefaults(const QString &model, const QString &systemPrompt);
    /// The models to offer in the model field (e.g. from GET /models); any name may be typed.
    void setModels(const QStringList &models);

    void setSettings(const steadfast::ConversationSettings &settings);
    /// The settings the form shows now.
    ConversationSettings settings() const;

    /// Fills the form from that conversation of the library (its title in the window
    /// title). False, changing nothing, when there is no such conversation.
    bool load(const ConversationLibrary &library, const QString &conversationId);
    /// Writes settings() to that conversation; the library's result.
    bool save(ConversationLibrary &library, const QString &conversationId) const;

    /// What the window calls: load(), exec(), and save() on OK. True when something was
    /// written. library: not owned.
    static bool edit(QWidget *parent, ConversationLibrary *library, const QString &conversationId,
                     const QString &defaultModel, const QString &defaultSystemPrompt,
                     const QStringList &models = {});

private:
    void showDefaultPrompt(bool useDefault);

    std::unique_ptr<Ui::ConversationSettingsDialog> m_ui;
    QString m_defaultPrompt;
    QString m_customPrompt;        // the conversation's own prompt while the default is shown
    bool m_showingDefault = false; // the prompt field shows m_defaultPrompt, read-only
};

} // namespace steadfast
