// SPDX-License-Identifier: GPL-3.0-or-later
// Sidebar's commands on a conversation: the actions (rename, pin, export, delete, restore,
// delete forever, empty the trash), what each does, and the undo of a delete.
#include "gui/Sidebar.h"

#include "core/library/ConversationLibrary.h"
#include "gui/UndoBar.h"

#include <QAction>
#include <QListView>

namespace steadfast {

void Sidebar::buildActions()
{
    // One row per command: the action, its name for tests, its words, what it does.
    struct Command
    {
        QAction *Sidebar::*action;
        const char16_t *objectName;
        const char *text;
        const char *toolTip;
        void (Sidebar::*run)();
    };
    static constexpr Command commands[] = {
            {&Sidebar::m_renameAction, u"renameAction", QT_TR_NOOP("Rename"),
             QT_TR_NOOP("Rename the conversation (F2)"), &Sidebar::renameSelected},
            {&Sidebar::m_pinAction, u"pinAction", QT_TR_NOOP("Pin"), nullptr,
             &Sidebar::togglePinSelected},
            {&Sidebar::m_exportAction, u"exportAction", QT_TR_NOOP("Export…"),
             QT_TR_NOOP("Save the conversation as Markdown or JSON"), &Sidebar::exportSelected},
            {&Sidebar::m_deleteAction, u"deleteAction", QT_TR_NOOP("Delete"),
             QT_TR_NOOP("Move the conversation to the trash (Del)"), &Sidebar::deleteSelected},
            {&Sidebar::m_restoreAction, u"restoreAction", QT_TR_NOOP("Restore"),
             QT_TR_NOOP("Take the conversation out of the trash"), &Sidebar::restoreSelected},
            {&Sidebar::m_deleteForeverAction, u"deleteForeverAction", QT_TR_NOOP("Delete forever"),
             QT_TR_NOOP("Delete the conversation for good"), &Sidebar::deleteSelectedForever},
            {&Sidebar::m_emptyTrashAction, u"emptyTrashAction", QT_TR_NOOP("Empty trash"),
             QT_TR_NOOP("Delete every conversation in the trash for good"), &Sidebar::emptyTrash},
    };
    for (const Command &command : commands) {
        auto *action = new QAction(tr(command.text), this);
        action->setObjectName(QString::fromUtf16(command.objectName));
        if (command.toolTip)
            action->setToolTip(tr(command.toolTip));
        connect(action, &QAction::triggered, this, command.run);
        this->*command.action = action;
    }
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);

    // Del on the list moves to the trash (only the Active listing enables the action).
    m_list->addAction(m_deleteAction);
}

void Sidebar::renameSelected()
{
    const QModelIndex index = targetIndex();
    if (!index.isValid() || isShowingTrash())
        return;
    m_list->setCurrentIndex(index);
    m_list->edit(index);
}

void Sidebar::togglePinSelected()
{
    const QModelIndex index = targetIndex();
    if (!index.isValid() || isShowingTrash())
        return;
    m_library->setPinned(index.data(ConversationListModel::IdRole).toString(),
                         !index.data(ConversationListModel::PinnedRole).toBool());
}

void Sidebar::exportSelected()
{
    const QString id = targetId();
    if (!id.isEmpty() && !isShowingTrash())
        Q_EMIT exportRequested(id);
}

void Sidebar::deleteSelected()
{
    const QString id = targetId();
    if (id.isEmpty() || isShowingTrash() || !m_library->trashConversation(id))
        return;
    Q_EMIT conversationTrashed(id);
    showUndo(id);
}

void Sidebar::showUndo(const QString &id)
{
    m_undoId = id;
    m_undoBar->showMessage(tr("Conversation deleted."));
}

void Sidebar::hideUndo()
{
    m_undoId.clear();
    m_undoBar->dismiss();
}

void Sidebar::undoDelete()
{
    const QString id = m_undoId;
    hideUndo();
    if (!id.isEmpty() && m_library->restoreConversation(id)) {
        Q_EMIT conversationRestored(id);
        selectCurrent();
    }
}

void Sidebar::restoreSelected()
{
    const QString id = targetId();
    if (id.isEmpty() || !isShowingTrash() || !m_library->restoreConversation(id))
        return;
    Q_EMIT conversationRestored(id);
}

void Sidebar::deleteSelectedForever()
{
    const QModelIndex index = targetIndex();
    if (!index.isValid() || !isShowingTrash())
        return;
    const QString id = index.data(ConversationListModel::IdRole).toString();
    const QString title = index.data(ConversationListModel::TitleRole).toString();
    if (!confirm(tr("Delete forever?"),
                 tr("“%1” will be deleted for good. This cannot be undone.").arg(title),
                 tr("Delete forever")))
        return;
    if (m_library->purgeConversation(id))
        Q_EMIT conversationsPurged({id});
}

void Sidebar::emptyTrash()
{
    QStringList ids;
    for (const ConversationInfo &info :
         m_library->conversations(ConversationLibrary::Listing::Trash))
        ids.append(info.id);
    if (ids.isEmpty())
        return;
    if (!confirm(tr("Empty the trash?"),
                 tr("%n conversation(s) in the trash will be deleted for good. This cannot be "
                    "undone.",
                    "", int(ids.size())),
                 tr("Empty trash")))
        return;
    if (m_library->emptyTrash() >= 0)
        Q_EMIT conversationsPurged(ids);
}

bool Sidebar::confirm(const QString &title, const QString &text, const QString &acceptText)
{
    return m_confirmer && m_confirmer(this, title, text, acceptText);
}

} // namespace steadfast
