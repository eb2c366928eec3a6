// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/Sidebar.h"

#include "core/library/ConversationLibrary.h"
#include "core/library/SearchResultModel.h"
#include "gui/ConversationListDelegate.h"
#include "gui/GuiResources.h"
#include "gui/SearchResultDelegate.h"
#include "gui/UndoBar.h"

#include <QAccessible>
#include <QAction>
#include <QCursor>
#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <initializer_list>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace steadfast {

namespace {

bool defaultConfirmer(QWidget *parent, const QString &title, const QString &text,
                      const QString &acceptText)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, parent);
    QPushButton *accept = box.addButton(acceptText, QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

QToolButton *actionButton(QAction *action, QWidget *parent, const QString &objectName)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(true);
    return button;
}

/// A row of buttons, one per action, packed to the left.
QWidget *buttonRow(QWidget *parent, const QString &objectName,
                   std::initializer_list<std::pair<QAction *, QString>> buttons)
{
    auto *row = new QWidget(parent);
    row->setObjectName(objectName);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (const auto &[action, name] : buttons)
        layout->addWidget(actionButton(action, row, name));
    layout->addStretch();
    return row;
}

/// The sidebar's lists (conversations, search results): one selected row, smooth scrolling,
/// no horizontal scroll bar, no frame.
QListView *listView(QWidget *parent, const QString &objectName, const QString &accessibleName,
                    QAbstractItemModel *model)
{
    auto *view = new QListView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setFrameShape(QFrame::NoFrame);
    return view;
}

} // namespace

Sidebar::Sidebar(ConversationLibrary *library, QWidget *parent)
    : QWidget(parent)
    , m_library(library)
    , m_listModel(new ConversationListModel(library, this))
    , m_searchModel(new SearchResultModel(library, this))
    , m_confirmer(defaultConfirmer)
{
    initGuiResources();
    setObjectName(u"sidebar"_s);
    setAccessibleName(tr("Conversations"));
    setMinimumWidth(200);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);

    m_newButton =
            new QPushButton(QIcon(u":/icons/new-conversation.svg"_s), tr("New conversation"), this);
    m_newButton->setObjectName(u"newConversationButton"_s);
    m_newButton->setAccessibleName(tr("New conversation"));
    m_newButton->setToolTip(tr("Start a new conversation"));
    connect(m_newButton, &QPushButton::clicked, this, &Sidebar::newConversationRequested);
    layout->addWidget(m_newButton);

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Search conversations (Ctrl+K)"));
    m_search->setAccessibleName(tr("Search conversations"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &Sidebar::handleSearchEdited);
    layout->addWidget(m_search);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(searchDelay);
    connect(&m_searchTimer, &QTimer::timeout, this, &Sidebar::applySearch);

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(u"sidebarPages"_s);
    layout->addWidget(m_pages, 1);

    m_list = listView(m_pages, u"conversationList"_s, tr("Conversations"), m_listModel);
    m_list->setItemDelegate(new ConversationListDelegate(m_list));
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QListView::clicked, this, &Sidebar::handleListActivated);
    connect(m_list, &QListView::activated, this, &Sidebar::handleListActivated);
    connect(m_list, &QListView::customContextMenuRequested, this, &Sidebar::handleContextMenu);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &Sidebar::updateActions);
    m_pages->addWidget(m_list);

    m_results = listView(m_pages, u"searchResults"_s, tr("Search results"), m_searchModel);
    m_results->setItemDelegate(new SearchResultDelegate(m_results));
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_results, &QListView::clicked, this, &Sidebar::handleResultActivated);
    connect(m_results, &QListView::activated, this, &Sidebar::handleResultActivated);
    m_pages->addWidget(m_results);

    m_noResults = new QLabel(tr("No results"), m_pages);
    m_noResults->setObjectName(u"noResults"_s);
    m_noResults->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_noResults->setMargin(16);
    m_noResults->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(m_noResults);
    // The results' model resets when the library changes under a query: follow it.
    connect(m_searchModel, &QAbstractItemModel::modelReset, this, &Sidebar::updatePage);

    m_notice = new QLabel(this);
    m_notice->setObjectName(u"switchNotice"_s);
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->hide();
    layout->addWidget(m_notice);
    m_noticeTimer.setSingleShot(true);
    m_noticeTimer.setInterval(noticeTimeout);
    connect(&m_noticeTimer, &QTimer::timeout, m_notice, &QLabel::hide);

    buildActions();

    m_activeButtons = buttonRow(this, u"conversationButtons"_s,
                                {{m_renameAction, u"renameButton"_s},
                                 {m_pinAction, u"pinButton"_s},
                                 {m_exportAction, u"exportButton"_s},
                                 {m_deleteAction, u"deleteButton"_s}});
    layout->addWidget(m_activeButtons);
    m_trashButtons = buttonRow(this, u"trashButtons"_s,
                               {{m_restoreAction, u"restoreButton"_s},
                                {m_deleteForeverAction, u"deleteForeverButton"_s},
                                {m_emptyTrashAction, u"emptyTrashButton"_s}});
    m_trashButtons->hide();
    layout->addWidget(m_trashButtons);

    m_undoBar = new UndoBar(this);
    m_undoBar->setTimeout(undoTimeout);
    connect(m_undoBar, &UndoBar::undoRequested, this, &Sidebar::undoDelete);
    layout->addWidget(m_undoBar);

    m_trashToggle = new QToolButton(this);
    m_trashToggle->setObjectName(u"trashToggle"_s);
    m_trashToggle->setIcon(QIcon(u":/icons/trash.svg"_s));
    m_trashToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_trashToggle->setCheckable(true);
    m_trashToggle->setAutoRaise(true);
    m_trashToggle->setToolTip(tr("Show the conversations in the trash"));
    connect(m_trashToggle, &QToolButton::toggled, this, &Sidebar::showTrash);
    layout->addWidget(m_trashToggle, 0, Qt::AlignLeft);

    // The day sections move at midnight without the library changing.
    m_dayTimer.setInterval(5min);
    connect(&m_dayTimer, &QTimer::timeout, m_listModel, &ConversationListModel::refresh);
    m_dayTimer.start();

    connect(m_library, &ConversationLibrary::conversationsChanged, this,
            &Sidebar::handleLibraryChanged);
    handleLibraryChanged();
    updatePage();
}

Sidebar::~Sidebar() = default;

void Sidebar::setCurrentConversation(const QString &id)
{
    m_currentId = id;
    selectCurrent();
}

void Sidebar::selectCurrent()
{
    if (isShowingTrash())
        return;
    const QModelIndex index = m_listModel->indexOfId(m_currentId);
    if (!index.isValid()) {
        m_list->selectionModel()->clear();
        return;
    }
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    // From the top, so that what is pinned and the newest stay in sight when the current one
    // is among them; only a list that has its size can tell (see showEvent()).
    if (m_list->isVisible()) {
        m_list->scrollToTop();
        m_list->scrollTo(index);
    }
}

void Sidebar::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    QTimer::singleShot(0, this, &Sidebar::selectCurrent);
}

void Sidebar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void Sidebar::setSwitchingEnabled(bool enabled)
{
    m_switchingEnabled = enabled;
    if (enabled) {
        m_noticeTimer.stop();
        m_notice->hide();
    }
}

bool Sidebar::isShowingTrash() const
{
    return m_listModel->listing() == ConversationLibrary::Listing::Trash;
}

void Sidebar::showTrash(bool trash)
{
    if (m_trashToggle->isChecked() != trash) {
        m_trashToggle->setChecked(trash); // comes back here through toggled()
        return;
    }
    m_listModel->setListing(trash ? ConversationLibrary::Listing::Trash
                                  : ConversationLibrary::Listing::Active);
    m_list->setAccessibleName(trash ? tr("Trash") : tr("Conversations"));
    updateButtonRows();
    if (trash) {
        const QModelIndex first = m_listModel->index(0);
        if (first.isValid())
            m_list->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect);
    } else {
        selectCurrent();
    }
    updateActions();
}

Sidebar::Page Sidebar::page() const
{
    if (m_pages->currentWidget() == m_results)
        return Page::SearchResults;
    if (m_pages->currentWidget() == m_noResults)
        return Page::NoResults;
    return Page::Conversations;
}

QString Sidebar::notice() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

void Sidebar::setConfirmer(Confirmer confirmer)
{
    m_confirmer = std::move(confirmer);
}

void Sidebar::setUndoTimeout(std::chrono::milliseconds timeout)
{
    m_undoBar->setTimeout(timeout);
}

void Sidebar::setClock(std::function<QDateTime()> clock)
{
    static_cast<SearchResultDelegate *>(m_results->itemDelegate())->setClock(clock);
    m_listModel->setClock(std::move(clock));
}

QModelIndex Sidebar::targetIndex() const
{
    const QModelIndex index =
            m_menuIndex.isValid() ? QModelIndex(m_menuIndex) : m_list->currentIndex();
    return m_listModel->infoAt(index.row()) ? index : QModelIndex();
}

QString Sidebar::targetId() const
{
    return targetIndex().data(ConversationListModel::IdRole).toString();
}

void Sidebar::updateActions()
{
    const QModelIndex target = targetIndex();
    const bool active = !isShowingTrash();
    const bool has = target.isValid();
    m_renameAction->setEnabled(active && has);
    m_pinAction->setEnabled(active && has);
    m_exportAction->setEnabled(active && has);
    m_deleteAction->setEnabled(active && has);
    m_restoreAction->setEnabled(!active && has);
    m_deleteForeverAction->setEnabled(!active && has);
    const bool pinned = target.data(ConversationListModel::PinnedRole).toBool();
    m_pinAction->setText(pinned ? tr("Unpin") : tr("Pin"));
    m_pinAction->setToolTip(pinned ? tr("Stop keeping the conversation on top")
                                   : tr("Keep the conversation on top"));
}

void Sidebar::handleLibraryChanged()
{
    const int trashed = int(m_library->conversations(ConversationLibrary::Listing::Trash).size());
    m_trashToggle->setText(tr("Trash (%1)").arg(trashed));
    m_trashToggle->setAccessibleName(tr("Trash, %n conversation(s)", "", trashed));
    m_emptyTrashAction->setEnabled(trashed > 0);
    // The undo bar speaks of a conversation in the trash; restored or purged elsewhere, it
    // has nothing left to undo.
    if (!m_undoId.isEmpty()) {
        const std::optional<ConversationInfo> info = m_library->conversation(m_undoId);
        if (!info || !info->trashed.isValid())
            hideUndo();
    }
    updateActions();
}

void Sidebar::handleListActivated(const QModelIndex &index)
{
    const ConversationInfo *info = m_listModel->infoAt(index.row());
    if (!info || isShowingTrash() || info->id == m_currentId)
        return;
    if (!m_switchingEnabled) {
        refuseSwitch();
        return;
    }
    m_currentId = info->id;
    Q_EMIT conversationChosen(m_currentId);
}

void Sidebar::handleResultActivated(const QModelIndex &index)
{
    const SearchHit *hit = m_searchModel->hitAt(index.row());
    if (!hit)
        return;
    if (!m_switchingEnabled && hit->conversationId != m_currentId) {
        refuseSwitch();
        return;
    }
    m_currentId = hit->conversationId;
    Q_EMIT messageChosen(hit->conversationId, hit->messageId);
}

void Sidebar::refuseSwitch()
{
    const QString text = tr("Stop the request to switch conversations");
    selectCurrent(); // the highlight goes back to the conversation still shown
    m_results->clearSelection();
    m_notice->setText(text);
    m_notice->show();
    m_noticeTimer.start();
    if (QWidget *view = m_pages->currentWidget(); view->underMouse())
        QToolTip::showText(QCursor::pos(), text, view);
    QAccessibleEvent event(m_notice, QAccessible::Alert);
    QAccessible::updateAccessibility(&event);
    Q_EMIT switchRefused();
}

void Sidebar::handleContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_list->indexAt(pos);
    if (!m_listModel->infoAt(index.row()))
        return;
    m_menuIndex = index;
    updateActions();
    QMenu menu(this);
    menu.setObjectName(u"conversationMenu"_s);
    if (isShowingTrash()) {
        menu.addAction(m_restoreAction);
        menu.addAction(m_deleteForeverAction);
    } else {
        menu.addAction(m_renameAction);
        menu.addAction(m_pinAction);
        menu.addAction(m_exportAction);
        menu.addSeparator();
        menu.addAction(m_deleteAction);
    }
    menu.exec(m_list->viewport()->mapToGlobal(pos));
    // Actions triggered from the menu ran inside exec(), on m_menuIndex.
    m_menuIndex = QPersistentModelIndex();
    updateActions();
}

void Sidebar::handleSearchEdited(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        m_searchTimer.stop();
        applySearch(); // back to the list at once
        return;
    }
    m_searchTimer.start();
}

void Sidebar::applySearch()
{
    m_searchModel->setQuery(m_search->text()); // resets: updatePage() follows
    updatePage();
}

void Sidebar::updatePage()
{
    QWidget *page = m_list;
    if (!m_searchModel->query().isEmpty())
        page = m_searchModel->rowCount() > 0 ? static_cast<QWidget *>(m_results) : m_noResults;
    if (m_pages->currentWidget() == page)
        return;
    m_pages->setCurrentWidget(page);
    updateButtonRows();
    if (page == m_noResults) {
        QAccessibleEvent event(m_noResults, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
}

void Sidebar::updateButtonRows()
{
    // The buttons act on the list: hidden while search results replace it.
    const bool listing = m_pages->currentWidget() == m_list;
    m_activeButtons->setVisible(listing && !isShowingTrash());
    m_trashButtons->setVisible(listing && isShowingTrash());
}

bool Sidebar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
        if (key->key() == Qt::Key_Down) {
            QListView *view = page() == Page::SearchResults ? m_results : m_list;
            if (page() != Page::NoResults) {
                view->setFocus(Qt::TabFocusReason);
                if (!view->currentIndex().isValid() && view->model()->rowCount() > 0)
                    view->setCurrentIndex(view->model()->index(0, 0));
                return true;
            }
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && !m_search->text().trimmed().isEmpty()) {
            // Enter searches at once and opens the newest hit.
            m_searchTimer.stop();
            applySearch();
            if (m_searchModel->rowCount() > 0)
                handleResultActivated(m_searchModel->index(0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace steadfast
