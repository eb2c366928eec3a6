// SPDX-License-Identifier: GPL-3.0-or-later
// The sidebar on the offscreen platform over a real ConversationLibrary (a database file in
// a temporary directory): create, rename in place (F2 and typing), pin, delete with undo, the
// trash (restore, delete forever, empty trash with the confirmation answered by the test),
// search with highlighted snippets, and switching disabled while a request runs.
#include "core/library/ConversationLibrary.h"
#include "core/library/ConversationListModel.h"
#include "core/library/SearchResultModel.h"
#include "gui/SearchResultDelegate.h"
#include "gui/Sidebar.h"
#include "support/WidgetShots.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using steadfast::test::screenshot;
using Page = Sidebar::Page;

namespace {

constexpr int kTimeoutMs = 5000;

template <typename T>
T *child(const QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning("no child %s", qPrintable(name));
    return found;
}

void nextMillisecond()
{
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    while (QDateTime::currentMSecsSinceEpoch() == start) {}
}

} // namespace

class TestSidebar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void newConversationIsRequested();
    void clickChoosesAndSetCurrentDoesNotEmit();
    void renameWithF2AndTyping();
    void renameByDoubleClick();
    void pinAndUnpin();
    void deleteShowsUndoBarAndUndoRestores();
    void undoBarGoesAway();
    void trashRestoreDeleteForeverEmpty();
    void searchShowsHighlightedHits();
    void searchWithoutHitsSaysSo();
    void snippetHtmlEscapesAndMarks_data();
    void snippetHtmlEscapesAndMarks();
    void switchingDisabledEmitsNothing();
    void thirtyConversationsRender();

private:
    QString create(const QString &text, QString *messageId = nullptr);
    QListView *list() const { return child<QListView>(m_sidebar.get(), u"conversationList"_s); }
    void clickRow(QListView *view, const QModelIndex &index);
    void select(const QString &id);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationLibrary> m_library;
    std::unique_ptr<Sidebar> m_sidebar;
    QStringList m_confirmations; // the titles the confirmer was asked
    bool m_confirmAnswer = true;
};

void TestSidebar::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<ConversationLibrary>();
    QVERIFY2(m_library->open(m_dir->filePath(u"library.sqlite"_s)),
             qPrintable(m_library->lastError()));
    m_sidebar = std::make_unique<Sidebar>(m_library.get());
    m_confirmations.clear();
    m_confirmAnswer = true;
    m_sidebar->setConfirmer(
            [this](QWidget *, const QString &title, const QString &, const QString &) {
                m_confirmations.append(title);
                return m_confirmAnswer;
            });
    m_sidebar->resize(300, 600);
    m_sidebar->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_sidebar.get()));
}

void TestSidebar::cleanup()
{
    m_sidebar.reset();
    m_library.reset();
    m_dir.reset();
}

QString TestSidebar::create(const QString &text, QString *messageId)
{
    nextMillisecond();
    const QString id = m_library->createConversation();
    if (id.isEmpty() || text.isEmpty())
        return id;
    ConversationItem item;
    item.text = text;
    const QString message = m_library->addMessage(id, {}, item);
    if (messageId)
        *messageId = message;
    return message.isEmpty() ? QString() : id;
}

void TestSidebar::clickRow(QListView *view, const QModelIndex &index)
{
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

void TestSidebar::select(const QString &id)
{
    QListView *view = list();
    view->setCurrentIndex(m_sidebar->listModel()->indexOfId(id));
}

void TestSidebar::newConversationIsRequested()
{
    QSignalSpy requested(m_sidebar.get(), &Sidebar::newConversationRequested);
    auto *button = child<QPushButton>(m_sidebar.get(), u"newConversationButton"_s);
    QVERIFY(button);
    QVERIFY(!button->icon().isNull());
    QVERIFY(!button->accessibleName().isEmpty());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    auto *search = child<QLineEdit>(m_sidebar.get(), u"searchField"_s);
    QCOMPARE(search->placeholderText(), u"Search conversations (Ctrl+K)"_s);
    QVERIFY(search->isClearButtonEnabled());
    m_sidebar->activateWindow();
    m_sidebar->focusSearch();
    QTRY_VERIFY(search->hasFocus());
}

void TestSidebar::clickChoosesAndSetCurrentDoesNotEmit()
{
    const QString a = create(u"Alpha"_s);
    const QString b = create(u"Bravo"_s);
    QSignalSpy chosen(m_sidebar.get(), &Sidebar::conversationChosen);
    m_sidebar->setCurrentConversation(a);
    QCOMPARE(chosen.count(), 0);
    QCOMPARE(list()->currentIndex().data(ConversationListModel::IdRole).toString(), a);

    clickRow(list(), m_sidebar->listModel()->indexOfId(b));
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().at(0).toString(), b);
    QCOMPARE(m_sidebar->currentConversation(), b);

    // A header is not a conversation.
    clickRow(list(), m_sidebar->listModel()->index(0));
    QCOMPARE(chosen.count(), 1);
    // The current one again: nothing to switch.
    clickRow(list(), m_sidebar->listModel()->indexOfId(b));
    QCOMPARE(chosen.count(), 1);
}

void TestSidebar::renameWithF2AndTyping()
{
    const QString id = create(u"What is the capital of Portugal?"_s);
    m_sidebar->setCurrentConversation(id);
    QListView *view = list();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_F2);
    QLineEdit *editor = nullptr;
    QTRY_VERIFY((editor = view->findChild<QLineEdit *>(u"titleEditor"_s)) != nullptr);
    QCOMPARE(editor->text(), m_library->conversation(id)->title);
    editor->selectAll();
    QTest::keyClicks(editor, u"Trip to Lisbon"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(m_library->conversation(id)->title, u"Trip to Lisbon"_s);
    QVERIFY(m_library->conversation(id)->titleEdited);
    QCOMPARE(m_sidebar->listModel()->indexOfId(id).data().toString(), u"Trip to Lisbon"_s);
}

void TestSidebar::renameByDoubleClick()
{
    const QString id = create(u"Hello"_s);
    QListView *view = list();
    const QModelIndex index = m_sidebar->listModel()->indexOfId(id);
    view->scrollTo(index); // lays the rows out: visualRect() is empty before
    // mouseDClick sends no press of its own: the view wants its double-click on the row
    // that was pressed.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QLineEdit *editor = nullptr;
    QTRY_VERIFY((editor = view->findChild<QLineEdit *>(u"titleEditor"_s)) != nullptr);
    editor->selectAll();
    QTest::keyClicks(editor, u"Greetings"_s);
    QTest::keyClick(editor, Qt::Key_Enter);
    QTRY_COMPARE(m_library->conversation(id)->title, u"Greetings"_s);

    // The Rename button opens the same editor.
    select(id);
    auto *rename = child<QToolButton>(m_sidebar.get(), u"renameButton"_s);
    QVERIFY(rename->isEnabled());
    QTest::mouseClick(rename, Qt::LeftButton);
    QTRY_VERIFY((editor = view->findChild<QLineEdit *>(u"titleEditor"_s)) != nullptr);
    QTest::keyClick(editor, Qt::Key_Escape);
    QCOMPARE(m_library->conversation(id)->title, u"Greetings"_s);
}

void TestSidebar::pinAndUnpin()
{
    const QString a = create(u"Alpha"_s);
    create(u"Bravo"_s);
    select(a);
    auto *pin = child<QToolButton>(m_sidebar.get(), u"pinButton"_s);
    QCOMPARE(pin->text(), u"Pin"_s);
    QTest::mouseClick(pin, Qt::LeftButton);
    QVERIFY(m_library->conversation(a)->pinned);
    QCOMPARE(m_sidebar->listModel()->rowOfId(a), 1); // under "Pinned"
    QCOMPARE(m_sidebar->listModel()->index(0).data().toString(), u"Pinned"_s);
    // The selection followed the conversation to the top.
    QCOMPARE(list()->currentIndex().data(ConversationListModel::IdRole).toString(), a);
    QCOMPARE(pin->text(), u"Unpin"_s);
    QTest::mouseClick(pin, Qt::LeftButton);
    QVERIFY(!m_library->conversation(a)->pinned);
    QCOMPARE(pin->text(), u"Pin"_s);
}

void TestSidebar::deleteShowsUndoBarAndUndoRestores()
{
    const QString a = create(u"Alpha"_s);
    const QString b = create(u"Bravo"_s);
    m_sidebar->setCurrentConversation(b);
    QSignalSpy trashed(m_sidebar.get(), &Sidebar::conversationTrashed);
    QSignalSpy restored(m_sidebar.get(), &Sidebar::conversationRestored);
    auto *undoBar = child<QWidget>(m_sidebar.get(), u"undoBar"_s);
    QVERIFY(!undoBar->isVisible());

    QTest::mouseClick(child<QToolButton>(m_sidebar.get(), u"deleteButton"_s), Qt::LeftButton);
    QCOMPARE(trashed.count(), 1);
    QCOMPARE(trashed.first().at(0).toString(), b);
    QVERIFY(m_library->conversation(b)->trashed.isValid());
    QCOMPARE(m_sidebar->listModel()->rowOfId(b), -1);
    QVERIFY(undoBar->isVisible());
    QCOMPARE(child<QLabel>(undoBar, u"undoLabel"_s)->text(), u"Conversation deleted."_s);
    QVERIFY(!undoBar->accessibleName().isEmpty());
    QCOMPARE(child<QToolButton>(m_sidebar.get(), u"trashToggle"_s)->text(), u"Trash (1)"_s);

    QTest::mouseClick(child<QPushButton>(undoBar, u"undoButton"_s), Qt::LeftButton);
    QCOMPARE(restored.count(), 1);
    QCOMPARE(restored.first().at(0).toString(), b);
    QVERIFY(!m_library->conversation(b)->trashed.isValid());
    QVERIFY(!undoBar->isVisible());
    QVERIFY(m_sidebar->listModel()->rowOfId(b) >= 0);
    QCOMPARE(list()->currentIndex().data(ConversationListModel::IdRole).toString(), b);
    QCOMPARE(child<QToolButton>(m_sidebar.get(), u"trashToggle"_s)->text(), u"Trash (0)"_s);

    // The Delete key on the list does the same.
    select(a);
    m_sidebar->activateWindow();
    list()->setFocus();
    QTRY_VERIFY(list()->hasFocus());
    QTest::keyClick(list(), Qt::Key_Delete);
    QVERIFY(m_library->conversation(a)->trashed.isValid());
    QVERIFY(undoBar->isVisible());
}

void TestSidebar::undoBarGoesAway()
{
    const QString a = create(u"Alpha"_s);
    m_sidebar->setUndoTimeout(50ms);
    select(a);
    m_sidebar->deleteSelected();
    auto *undoBar = child<QWidget>(m_sidebar.get(), u"undoBar"_s);
    QVERIFY(undoBar->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!undoBar->isVisible(), kTimeoutMs);
    QVERIFY(m_library->conversation(a)->trashed.isValid()); // still in the trash

    // Emptied from the trash while the bar shows: nothing left to undo, the bar goes.
    m_sidebar->setUndoTimeout(10s);
    const QString b = create(u"Bravo"_s);
    select(b);
    m_sidebar->deleteSelected();
    QVERIFY(undoBar->isVisible());
    QVERIFY(m_library->purgeConversation(b));
    QVERIFY(!undoBar->isVisible());
}

void TestSidebar::trashRestoreDeleteForeverEmpty()
{
    const QString a = create(u"Alpha"_s);
    const QString b = create(u"Bravo"_s);
    const QString c = create(u"Charlie"_s);
    const QString d = create(u"Delta"_s);
    for (const QString &id : {a, b, c})
        QVERIFY(m_library->trashConversation(id));
    QSignalSpy restored(m_sidebar.get(), &Sidebar::conversationRestored);
    QSignalSpy purged(m_sidebar.get(), &Sidebar::conversationsPurged);

    auto *toggle = child<QToolButton>(m_sidebar.get(), u"trashToggle"_s);
    QCOMPARE(toggle->text(), u"Trash (3)"_s);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(m_sidebar->isShowingTrash());
    QVERIFY(child<QWidget>(m_sidebar.get(), u"trashButtons"_s)->isVisible());
    QVERIFY(!child<QWidget>(m_sidebar.get(), u"conversationButtons"_s)->isVisible());
    QCOMPARE(m_sidebar->listModel()->rowCount(), 3);
    QCOMPARE(m_sidebar->listModel()->rowOfId(d), -1);

    // Restore.
    select(b);
    QTest::mouseClick(child<QToolButton>(m_sidebar.get(), u"restoreButton"_s), Qt::LeftButton);
    QCOMPARE(restored.count(), 1);
    QVERIFY(!m_library->conversation(b)->trashed.isValid());
    QCOMPARE(toggle->text(), u"Trash (2)"_s);

    // Delete forever: refused, then confirmed.
    select(a);
    m_confirmAnswer = false;
    QTest::mouseClick(child<QToolButton>(m_sidebar.get(), u"deleteForeverButton"_s),
                      Qt::LeftButton);
    QCOMPARE(m_confirmations, QStringList({u"Delete forever?"_s}));
    QVERIFY(m_library->conversation(a).has_value());
    m_confirmAnswer = true;
    select(a);
    QTest::mouseClick(child<QToolButton>(m_sidebar.get(), u"deleteForeverButton"_s),
                      Qt::LeftButton);
    QVERIFY(!m_library->conversation(a).has_value());
    QCOMPARE(purged.count(), 1);
    QCOMPARE(purged.first().at(0).toStringList(), QStringList({a}));

    // Empty trash: asks, then purges what is left.
    auto *empty = child<QToolButton>(m_sidebar.get(), u"emptyTrashButton"_s);
    QVERIFY(empty->isEnabled());
    QTest::mouseClick(empty, Qt::LeftButton);
    QCOMPARE(m_confirmations.size(), 3);
    QCOMPARE(m_confirmations.last(), u"Empty the trash?"_s);
    QVERIFY(!m_library->conversation(c).has_value());
    QCOMPARE(purged.count(), 2);
    QCOMPARE(purged.last().at(0).toStringList(), QStringList({c}));
    QCOMPARE(toggle->text(), u"Trash (0)"_s);
    QVERIFY(!empty->isEnabled());
    QCOMPARE(m_sidebar->listModel()->rowCount(), 0);

    // Back to the conversations.
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(!m_sidebar->isShowingTrash());
    QVERIFY(m_sidebar->listModel()->rowOfId(b) >= 0);
    QVERIFY(m_sidebar->listModel()->rowOfId(d) >= 0);
}

void TestSidebar::searchShowsHighlightedHits()
{
    QString older;
    QString newer;
    const QString a = create(u"The quick brown fox jumps over the lazy dog"_s, &older);
    create(u"Nothing to see here"_s);
    const QString c = create(u"Another brown <b>bear</b> & friends"_s, &newer);
    QSignalSpy chosen(m_sidebar.get(), &Sidebar::messageChosen);

    auto *search = child<QLineEdit>(m_sidebar.get(), u"searchField"_s);
    search->setFocus();
    QTest::keyClicks(search, u"brow"_s);
    QCOMPARE(m_sidebar->page(), Page::Conversations); // debounced
    QTRY_COMPARE_WITH_TIMEOUT(m_sidebar->page(), Page::SearchResults, kTimeoutMs);
    SearchResultModel *results = m_sidebar->searchModel();
    QCOMPARE(results->rowCount(), 2);
    // Newest first.
    QCOMPARE(results->index(0).data(SearchResultModel::ConversationIdRole).toString(), c);
    QCOMPARE(results->index(1).data(SearchResultModel::ConversationIdRole).toString(), a);
    const QString snippet = results->index(0).data(SearchResultModel::SnippetRole).toString();
    QVERIFY2(snippet.contains(SearchHit::markStart), qPrintable(snippet));
    const QString html = SearchResultDelegate::snippetHtml(snippet, Qt::yellow);
    QVERIFY2(html.contains(u">brown</b>"_s), qPrintable(html));
    QVERIFY2(html.contains(u"&lt;b&gt;bear&lt;/b&gt; &amp;"_s), qPrintable(html));
    QVERIFY(!child<QWidget>(m_sidebar.get(), u"conversationButtons"_s)->isVisible());

    auto *view = child<QListView>(m_sidebar.get(), u"searchResults"_s);
    QVERIFY(view->isVisible());
    screenshot(m_sidebar.get(), u"sidebar-search"_s);
    clickRow(view, results->index(1));
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().at(0).toString(), a);
    QCOMPARE(chosen.first().at(1).toString(), older);

    // Escape clears the field and brings the list back at once.
    search->setFocus();
    QTest::keyClick(search, Qt::Key_Escape);
    QCOMPARE(search->text(), QString());
    QCOMPARE(m_sidebar->page(), Page::Conversations);
    QVERIFY(!newer.isEmpty());
}

void TestSidebar::searchWithoutHitsSaysSo()
{
    create(u"Something"_s);
    auto *search = child<QLineEdit>(m_sidebar.get(), u"searchField"_s);
    QTest::keyClicks(search, u"zebra"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_sidebar->page(), Page::NoResults, kTimeoutMs);
    auto *label = child<QLabel>(m_sidebar.get(), u"noResults"_s);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), u"No results"_s);
}

void TestSidebar::snippetHtmlEscapesAndMarks_data()
{
    QTest::addColumn<QString>("snippet");
    QTest::addColumn<QString>("html");
    const QString open = u"<b style=\"background-color:#ffff00\">"_s;
    const QChar s = SearchHit::markStart;
    const QChar e = SearchHit::markEnd;
    QTest::newRow("plain") << u"just text"_s << u"just text"_s;
    QTest::newRow("one mark") << u"a "_s + s + u"fox"_s + e + u" b"_s
                              << u"a "_s + open + u"fox</b> b"_s;
    QTest::newRow("markup escaped")
            << u"<script>"_s + s + u"x&y"_s + e << u"&lt;script&gt;"_s + open + u"x&amp;y</b>"_s;
    QTest::newRow("unclosed mark") << QString(s) + u"end"_s << open + u"end</b>"_s;
    QTest::newRow("stray end") << u"a"_s + e + u"b"_s << u"ab"_s;
    QTest::newRow("newlines become spaces") << u"a\nb"_s << u"a b"_s;
}

void TestSidebar::snippetHtmlEscapesAndMarks()
{
    QFETCH(QString, snippet);
    QFETCH(QString, html);
    QCOMPARE(SearchResultDelegate::snippetHtml(snippet, QColor(Qt::yellow)), html);
}

void TestSidebar::switchingDisabledEmitsNothing()
{
    QString message;
    const QString a = create(u"Alpha apples"_s);
    const QString b = create(u"Bravo bananas"_s, &message);
    m_sidebar->setCurrentConversation(a);
    QSignalSpy chosen(m_sidebar.get(), &Sidebar::conversationChosen);
    QSignalSpy messages(m_sidebar.get(), &Sidebar::messageChosen);
    QSignalSpy refused(m_sidebar.get(), &Sidebar::switchRefused);

    m_sidebar->setSwitchingEnabled(false);
    clickRow(list(), m_sidebar->listModel()->indexOfId(b));
    QCOMPARE(chosen.count(), 0);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(m_sidebar->notice(), u"Stop the request to switch conversations"_s);
    QVERIFY(child<QLabel>(m_sidebar.get(), u"switchNotice"_s)->isVisible());
    // The highlight stays on the conversation shown.
    QCOMPARE(list()->currentIndex().data(ConversationListModel::IdRole).toString(), a);

    // A search hit in another conversation is refused as well.
    auto *search = child<QLineEdit>(m_sidebar.get(), u"searchField"_s);
    QTest::keyClicks(search, u"bananas"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_sidebar->page(), Page::SearchResults, kTimeoutMs);
    clickRow(child<QListView>(m_sidebar.get(), u"searchResults"_s),
             m_sidebar->searchModel()->index(0));
    QCOMPARE(messages.count(), 0);
    QCOMPARE(refused.count(), 2);
    search->clear();

    m_sidebar->setSwitchingEnabled(true);
    QCOMPARE(m_sidebar->notice(), QString());
    clickRow(list(), m_sidebar->listModel()->indexOfId(b));
    QCOMPARE(chosen.count(), 1);
    QVERIFY(!message.isEmpty());
}

void TestSidebar::thirtyConversationsRender()
{
    for (int i = 0; i < 30; ++i) {
        const QString id =
                create(u"Conversation number %1 about something long enough to elide"_s.arg(i + 1));
        QVERIFY(!id.isEmpty());
        if (i % 10 == 0)
            QVERIFY(m_library->setPinned(id, true));
    }
    // A clock three days on puts them all under "Previous 7 days".
    const QDateTime later = QDateTime::currentDateTime().addDays(3);
    m_sidebar->setClock([later] { return later; });
    ConversationListModel *model = m_sidebar->listModel();
    QCOMPARE(model->conversationCount(), 30);
    QCOMPARE(model->rowCount(), 32); // "Pinned" and "Previous 7 days"
    QCOMPARE(model->index(0).data().toString(), u"Pinned"_s);
    QCOMPARE(model->index(4).data().toString(), u"Previous 7 days"_s);
    m_sidebar->setCurrentConversation(
            model->index(6).data(ConversationListModel::IdRole).toString());
    QApplication::processEvents();
    const QImage image = m_sidebar->grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), m_sidebar->size() * image.devicePixelRatio());
    screenshot(m_sidebar.get(), u"sidebar-30"_s);
    QTest::mouseClick(child<QToolButton>(m_sidebar.get(), u"trashToggle"_s), Qt::LeftButton);
    screenshot(m_sidebar.get(), u"sidebar-trash-empty"_s);
}

#include "TestSidebar.moc"
QTEST_MAIN(TestSidebar)
