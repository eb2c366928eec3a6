// SPDX-License-Identifier: GPL-3.0-or-later
// ChatWindow, the conversation library's side: the sidebar beside the chat, the menu entries
// for conversations (new, rename, pin, settings, export, delete, import, back up), search,
// opening a search hit at its message, and importing a dropped export. The sidebar changes
// the library itself; the window opens, leaves and creates conversations through the session.
#include "gui/ChatWindow.h"

#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/library/ConversationListModel.h"
#include "core/session/ChatSession.h"
#include "core/session/ConnectionController.h"
#include "gui/ConversationSettingsDialog.h"
#include "gui/LibraryTransfer.h"
#include "gui/Sidebar.h"
#include "gui/TimelineView.h"
#include "gui/UndoBar.h"

#include <QAction>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace steadfast {

QWidget *ChatWindow::buildSidebar()
{
    if (!m_services.library)
        return nullptr; // nothing to list: the window says why (showProblem)
    m_sidebar = new Sidebar(m_services.library, this);
    m_sidebar->setObjectName(u"sidebar"_s);
    m_sidebar->setMinimumWidth(180);
    setAcceptDrops(true);
    return m_sidebar;
}

void ChatWindow::buildLibraryMenu(QMenu *conversation, QMenu *view)
{
    const bool library = m_sidebar != nullptr;
    QAction *rename = conversation->addAction(tr("&Rename…"), this, [this] {
        setSidebarVisible(true);
        m_sidebar->renameSelected();
    });
    rename->setShortcut(Qt::Key_F2);
    QAction *pin = conversation->addAction(tr("&Pin or unpin"), this,
                                           [this] { m_sidebar->togglePinSelected(); });
    QAction *settings = conversation->addAction(tr("Conversation se&ttings…"), this,
                                                &ChatWindow::editConversationSettings);
    settings->setToolTip(tr("This conversation's model, system prompt, temperature and maximum "
                            "length"));
    QAction *exportAction = conversation->addAction(tr("E&xport…"), this, [this] {
        LibraryTransfer::exportConversation(this, m_services.library,
                                            m_services.conversation->conversationId());
    });
    QAction *trash = conversation->addAction(tr("Move to &trash"), this,
                                             [this] { m_sidebar->deleteSelected(); });
    conversation->addSeparator();
    QAction *import = conversation->addAction(tr("&Import…"), this, [this] {
        const QStringList ids = LibraryTransfer::chooseAndImportFile(this, m_services.library);
        if (!ids.isEmpty())
            openConversation(ids.first());
    });
    import->setShortcut(QKeySequence::Open);
    QAction *backup = conversation->addAction(tr("&Back up the library…"), this, [this] {
        LibraryTransfer::exportLibrary(this, m_services.library);
    });
    conversation->addSeparator();
    for (QAction *action : {rename, pin, settings, exportAction, trash, import, backup})
        action->setEnabled(library);

    m_sidebarAction = view->addAction(tr("&Sidebar"));
    m_sidebarAction->setObjectName(u"toggleSidebar"_s);
    m_sidebarAction->setCheckable(true);
    m_sidebarAction->setChecked(library);
    m_sidebarAction->setEnabled(library);
    m_sidebarAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    connect(m_sidebarAction, &QAction::toggled, this, &ChatWindow::setSidebarVisible);
    QAction *search = view->addAction(tr("Search &conversations"), this, [this] {
        setSidebarVisible(true);
        m_sidebar->focusSearch();
    });
    search->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_K), QKeySequence::Find});
    search->setEnabled(library);
    view->addSeparator();
}

void ChatWindow::wireLibrary()
{
    connect(m_services.conversation, &Conversation::conversationOpened, this,
            &ChatWindow::showOpenedConversation);
    showOpenedConversation();
    if (!m_sidebar)
        return;
    connect(m_sidebar, &Sidebar::conversationChosen, this, &ChatWindow::openConversation);
    connect(m_sidebar, &Sidebar::messageChosen, this, &ChatWindow::openMessage);
    connect(m_sidebar, &Sidebar::newConversationRequested, this, &ChatWindow::newConversation);
    connect(m_sidebar, &Sidebar::exportRequested, this, [this](const QString &id) {
        LibraryTransfer::exportConversation(this, m_services.library, id);
    });
    connect(m_sidebar, &Sidebar::conversationTrashed, this, &ChatWindow::leaveConversation);
    connect(m_sidebar, &Sidebar::conversationsPurged, this, [this](const QStringList &ids) {
        for (const QString &id : ids)
            leaveConversation(id);
    });
    connect(m_sidebar, &Sidebar::conversationRestored, this, [this](const QString &id) {
        // Undo of the conversation shown a moment ago brings it back on screen.
        if (m_services.conversation->count() == 0 && !m_services.session->isBusy())
            openConversation(id);
    });
    connect(m_services.session, &ChatSession::busyChanged, m_sidebar,
            [this](bool busy) { m_sidebar->setSwitchingEnabled(!busy); });
    connect(m_sidebar, &Sidebar::switchRefused, this,
            [this] { showStatusMessage(tr("Stop the request to switch conversations."), 5000); });
    // Its own settings changed (the dialog, or the model box): the model box shows them.
    connect(m_services.library, &ConversationLibrary::conversationSettingsChanged, this,
            [this](const QString &id) {
                if (id == m_services.conversation->conversationId())
                    showModel();
            });
}

void ChatWindow::showOpenedConversation()
{
    const QString id = m_services.conversation->conversationId();
    if (m_sidebar)
        m_sidebar->setCurrentConversation(id);
    m_messageUndo->dismiss(); // it was about the other conversation
    const std::optional<ConversationInfo> info = m_services.library && !id.isEmpty()
            ? m_services.library->conversation(id)
            : std::nullopt;
    setDraft(info ? info->draft : QString());
    showModel();
}

bool ChatWindow::newConversation()
{
    if (m_services.session->isBusy())
        return false;
    saveDraftNow(); // the draft belongs to the conversation it was typed in
    if (m_services.session->newConversation().isEmpty() && m_services.library)
        return false; // the library said why (saveFailed)
    m_composer->setFocus();
    return true;
}

bool ChatWindow::openConversation(const QString &id)
{
    if (id == m_services.conversation->conversationId())
        return true;
    if (m_services.session->isBusy())
        return false;
    saveDraftNow();
    return m_services.session->openConversation(id);
}

bool ChatWindow::openMessage(const QString &conversationId, const QString &messageId)
{
    ConversationLibrary *library = m_services.library;
    if (!library || m_services.session->isBusy())
        return false;
    // The hit may be on another branch: the path is made to pass through it first.
    if (!library->selectMessage(messageId))
        return false;
    if (conversationId == m_services.conversation->conversationId())
        m_services.conversation->reloadFrom(0);
    else if (!openConversation(conversationId))
        return false;
    const int row = m_services.conversation->indexOfId(messageId);
    if (row < 0)
        return false;
    m_view->scrollToRow(row, true);
    return true;
}

void ChatWindow::leaveConversation(const QString &id)
{
    if (id != m_services.conversation->conversationId() || m_services.session->isBusy())
        return;
    const QList<ConversationInfo> others = m_services.library->conversations();
    for (const ConversationInfo &other : others) {
        if (other.id != id && m_services.session->openConversation(other.id))
            return;
    }
    m_services.session->newConversation();
}

void ChatWindow::setSidebarVisible(bool visible)
{
    if (!m_sidebar)
        return;
    m_sidebarWanted = visible; // the user's choice, kept while a narrow window hides it
    m_sidebar->setVisible(visible);
    QSignalBlocker blocker(m_sidebarAction);
    m_sidebarAction->setChecked(visible);
    if (!visible && m_sidebar->isAncestorOf(focusWidget()))
        m_composer->setFocus();
}

void ChatWindow::fitSidebar()
{
    // Crossing into a narrow window hides the sidebar, so the conversation keeps its room;
    // crossing back brings it again if the user wants it. Ctrl+B in between is obeyed.
    const bool narrow = width() < narrowWidth;
    if (!m_sidebar || narrow == m_narrow)
        return;
    m_narrow = narrow;
    const bool wanted = m_sidebarWanted;
    setSidebarVisible(!narrow && wanted);
    m_sidebarWanted = wanted;
}

void ChatWindow::editConversationSettings()
{
    const QString id = m_services.conversation->conversationId();
    if (!m_services.library || id.isEmpty())
        return;
    const AppSettings defaults = m_services.connection->values();
    QStringList models;
    for (int i = 0; i < m_modelBox->count(); ++i)
        models.append(m_modelBox->itemText(i));
    ConversationSettingsDialog::edit(this, m_services.library, id, defaults.model,
                                     defaults.systemPrompt, models);
    showModel();
}

QStringList ChatWindow::importFile(const QString &path)
{
    if (!m_services.library)
        return {};
    const QStringList ids = LibraryTransfer::importFile(this, m_services.library, path);
    if (!ids.isEmpty())
        openConversation(ids.first());
    return ids;
}

QStringList ChatWindow::jsonFiles(const QMimeData *data)
{
    QStringList files;
    if (!data || !data->hasUrls())
        return files;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile()
            && QFileInfo(url.toLocalFile()).suffix().compare(u"json"_s, Qt::CaseInsensitive) == 0)
            files.append(url.toLocalFile());
    }
    return files;
}

void ChatWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_services.library && !jsonFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        QMainWindow::dragEnterEvent(event);
}

void ChatWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = jsonFiles(event->mimeData());
    if (files.isEmpty() || !m_services.library) {
        QMainWindow::dropEvent(event);
        return;
    }
    event->acceptProposedAction();
    for (const QString &file : files)
        importFile(file);
}

} // namespace steadfast
