// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/library/ConversationListModel.h"

#include <QPersistentModelIndex>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <functional>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace steadfast {

class ConversationLibrary;
class SearchResultModel;
class UndoBar;

/// The conversation library beside the chat: "New conversation", a search field, the list
/// of conversations by section (ConversationListModel) with Rename, Pin, Export… and Delete,
/// and a Trash toggle that lists the trash with Restore, Delete forever and Empty trash.
///
/// Delete moves to the trash at once and shows an undo bar for undoTimeout. While the search
/// field has text the list is replaced by the library's search hits (SearchResultModel).
/// The sidebar changes the library itself (rename, pin, trash, restore, purge); what the
/// window must do (open a conversation, start one, export) it asks for through signals.
class Sidebar : public QWidget
{
    Q_OBJECT
public:
    /// Asks the user to confirm an irreversible action: true to go ahead. The default shows
    /// a QMessageBox; tests answer without one.
    using Confirmer = std::function<bool(QWidget *parent, const QString &title, const QString &text,
                                         const QString &acceptText)>;

    enum class Page { Conversations, SearchResults, NoResults };
    Q_ENUM(Page)

    static constexpr std::chrono::milliseconds searchDelay{150};
    static constexpr std::chrono::milliseconds undoTimeout{10000}; // UndoBar's default
    static constexpr std::chrono::milliseconds noticeTimeout{4000};

    /// library: not owned, outlives the sidebar.
    explicit Sidebar(ConversationLibrary *library, QWidget *parent = nullptr);
    ~Sidebar() override;

    /// The conversation the window shows (highlighted in the list); empty for none.
    QString currentConversation() const { return m_currentId; }
    /// Highlights that conversation without emitting conversationChosen().
    void setCurrentConversation(const QString &id);

    /// Puts the keyboard in the search field with its text selected.
    void focusSearch();

    bool isSwitchingEnabled() const { return m_switchingEnabled; }
    /// While a request runs the window disables switching: the list stays browsable, but
    /// choosing another conversation (or a search hit in one) only shows "Stop the request
    /// to switch conversations".
    void setSwitchingEnabled(bool enabled);

    bool isShowingTrash() const;
    /// Lists the trash (true) or the conversations (false); the Trash toggle does this.
    void showTrash(bool trash);

    Page page() const;
    /// The notice shown when switching is refused; empty when none is shown.
    QString notice() const;

    void setConfirmer(Confirmer confirmer);
    /// For tests: how long the undo bar stays.
    void setUndoTimeout(std::chrono::milliseconds timeout);
    /// For tests: "now" for the day sections and the search hits' times.
    void setClock(std::function<QDateTime()> clock);

    ConversationListModel *listModel() const { return m_listModel; }
    SearchResultModel *searchModel() const { return m_searchModel; }

public Q_SLOTS:
    /// The actions, on the list's current conversation (or the one a context menu is for).
    void renameSelected();
    void togglePinSelected();
    void exportSelected();
    void deleteSelected();
    void restoreSelected();
    void deleteSelectedForever();
    void emptyTrash();
    /// Restores the conversation the undo bar is about and hides the bar.
    void undoDelete();

Q_SIGNALS:
    /// The user chose a conversation in the list.
    void conversationChosen(const QString &id);
    /// The user chose a search hit: show that message of that conversation.
    void messageChosen(const QString &conversationId, const QString &messageId);
    void newConversationRequested();
    void exportRequested(const QString &id);
    /// The user moved a conversation to the trash (the current one, maybe).
    void conversationTrashed(const QString &id);
    /// A conversation came back from the trash (Undo or Restore).
    void conversationRestored(const QString &id);
    /// Conversations were deleted for good (Delete forever, Empty trash).
    void conversationsPurged(const QStringList &ids);
    /// The user tried to switch while switching is disabled; the notice is shown.
    void switchRefused();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildActions();
    void handleListActivated(const QModelIndex &index);
    void handleResultActivated(const QModelIndex &index);
    void handleContextMenu(const QPoint &pos);
    void handleLibraryChanged();
    void handleSearchEdited(const QString &text);
    void applySearch();
    void updatePage();
    void updateButtonRows();
    void updateActions();
    void selectCurrent();
    void refuseSwitch();
    void showUndo(const QString &id);
    void hideUndo();
    QModelIndex targetIndex() const;
    QString targetId() const;
    bool confirm(const QString &title, const QString &text, const QString &acceptText);

    ConversationLibrary *m_library;     // not owned
    ConversationListModel *m_listModel; // child
    SearchResultModel *m_searchModel;   // child
    QPushButton *m_newButton;           // child
    QLineEdit *m_search;                // child
    QStackedWidget *m_pages;            // child
    QListView *m_list;                  // child (in m_pages)
    QListView *m_results;               // child (in m_pages)
    QLabel *m_noResults;                // child (in m_pages)
    QLabel *m_notice;                   // child: "Stop the request to switch conversations"
    QWidget *m_activeButtons;           // child: Rename, Pin, Export…, Delete
    QWidget *m_trashButtons;            // child: Restore, Delete forever, Empty trash
    UndoBar *m_undoBar;                 // child
    QToolButton *m_trashToggle;         // child
    QAction *m_renameAction;            // child
    QAction *m_pinAction;               // child
    QAction *m_exportAction;            // child
    QAction *m_deleteAction;            // child
    QAction *m_restoreAction;           // child
    QAction *m_deleteForeverAction;     // child
    QAction *m_emptyTrashAction;        // child
    QTimer m_searchTimer;               // debounces the search field
    QTimer m_noticeTimer;               // hides the notice
    QTimer m_dayTimer;                  // refreshes the day sections
    QPersistentModelIndex m_menuIndex;  // the row a context menu is open for
    QString m_currentId;
    QString m_undoId; // the conversation the undo bar would restore
    bool m_switchingEnabled = true;
    Confirmer m_confirmer;
};

} // namespace steadfast
