// SPDX-License-Identifier: GPL-3.0-or-later
// The conversation library seen through the real window, on the offscreen platform, against
// the demo server (the real fault server on loopback) that the app embeds: the sidebar
// (create, rename, pin, trash, undo, restore, search), the timeline's buttons (edit,
// regenerate, versions, stop, copy, delete), export and import, a message that cannot be
// saved, per-conversation settings and a restart. Each case checks what the user sees and
// what a second connection to the same database file reads back.
#include "app/AppContext.h"
#include "core/library/Conversation.h"
#include "core/library/ConversationLibrary.h"
#include "core/library/ConversationListModel.h"
#include "core/library/SearchResultModel.h"
#include "core/session/ChatSession.h"
#include "gui/ChatWindow.h"
#include "gui/ConversationSettingsDialog.h"
#include "gui/CopyButton.h"
#include "gui/LibraryTransfer.h"
#include "gui/MessageWidgets.h"
#include "gui/Sidebar.h"
#include "gui/TimelineView.h"
#include "gui/UndoBar.h"
#include "gui/VersionSwitcher.h"
#include "support/WindowApp.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Kind = ConversationItem::Kind;

namespace {

constexpr int kWait = 30'000;   // generous: the box is small and shared
constexpr int kBlankSlack = 24; // the timeline's margins under the last row

/// The app on a profile folder of the test's (tests/support/WindowApp.h).
struct App : test::WindowApp
{
    explicit App(const QString &profile) : WindowApp(profile, u"steadfast-test-library-window"_s) {}
};

/// Answers the message boxes the window opens (import results) as a user would, with their
/// default button, and keeps what they said.
class MessageBoxAnswerer : public QObject
{
public:
    MessageBoxAnswerer()
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                auto *box = qobject_cast<QMessageBox *>(widget);
                if (!box || !box->isVisible())
                    continue;
                texts.append(box->text());
                icons.append(box->icon());
                if (QPushButton *button = box->defaultButton())
                    button->click();
                else
                    box->reject();
            }
        });
        m_timer.start();
    }
    QStringList texts;
    QList<QMessageBox::Icon> icons;

private:
    QTimer m_timer;
};

/// A long Markdown reply: prose, a list, a code block, a table, 200+ lines, ending in a line
/// of its own. The table is kept short: while it streams it is the unfinished tail, rendered
/// again at every frame, and that costs more the longer it gets (about 0.6 s a frame at 40
/// rows on the CI box).
QString longMarkdown()
{
    QString text = u"# Report\n\nHere is what I found, in order.\n\n"_s;
    for (int i = 1; i <= 80; ++i)
        text += u"- Item %1 of the list\n"_s.arg(i);
    text += u"\n```cpp\n"_s;
    for (int i = 0; i < 100; ++i)
        text += u"int value%1 = compute(%1);\n"_s.arg(i);
    text += u"```\n\n| Name | Value | Note |\n|---|---|---|\n"_s;
    for (int i = 0; i < 20; ++i)
        text += u"| row %1 | %2 | fine |\n"_s.arg(i).arg(i * 3);
    text += u"\nA closing paragraph that says what the table means, long enough to wrap onto "
            "a second line in a narrow window.\n\nThe very last line."_s;
    return text;
}

/// "role: content" for each message of a request body.
QStringList bodyMessages(const QJsonObject &body)
{
    QStringList messages;
    for (const QJsonValue &value : body.value(u"messages"_s).toArray()) {
        const QJsonObject message = value.toObject();
        messages.append(message.value(u"role"_s).toString() + u": "_s
                        + message.value(u"content"_s).toString());
    }
    return messages;
}

QStringList texts(const QList<ConversationItem> &items)
{
    QStringList result;
    for (const ConversationItem &item : items)
        result.append(item.text);
    return result;
}

} // namespace

class TestLibraryWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void sidebarCreatesRenamesPinsTrashesAndRestores();
    void searchOpensTheConversationAtTheMessage();
    void editingAnEarlierMessageSendsTheNewBranch();
    void regenerateThenSwitchVersions();
    void stopWhileStreamingKeepsAStoppedReply();
    void codeBlockCopyPutsExactlyTheCode();
    void exportThenImportAndDrop();
    void longReplyEndsAtItsLastLine();
    void deleteMessageThenUndo();
    void messageThatCannotBeSavedIsNotSent();
    void conversationSettingsGoWithTheRequest();
    void restartKeepsTheLibrary();
    void earlierFilesAppearInTheSidebar();
    void aLibraryThatCannotBeOpenedIsSaidAndNothingIsLost();

private:
    ChatWindow *window() const { return m_app->window.get(); }
    AppContext &context() const { return *m_app->context; }
    Sidebar *sidebar() const { return m_app->window->sidebar(); }
    TimelineView *view() const { return m_app->window->conversationView(); }
    QString currentId() const { return m_app->context->conversation().conversationId(); }

    void startApp();
    void makeFast();
    /// Types text into the composer and presses Enter.
    void send(const QString &text);
    bool waitIdle();
    /// Lets posted layouts and the replies' frame timers run (a paint, not a synchronisation).
    static void settle(int ms = 60);
    /// A second connection to the app's database file: what is saved.
    ConversationLibrary &saved();
    /// The texts of the rows the window's conversation holds.
    QStringList shownTexts() const;
    /// The bodies of the chat requests the demo server received (since its last reset).
    QList<QJsonObject> chatBodies() const;
    QListView *conversationList() const;
    QListView *searchResults() const;
    template <typename T = QToolButton>
    T *sidebarButton(const QString &objectName) const
    {
        return sidebar()->findChild<T *>(objectName);
    }
    /// Clicks a row of a list view, as a user would.
    static bool clickRow(QListView *list, const QModelIndex &index);
    /// Clicks the conversation's row in the sidebar's list.
    bool clickConversation(const QString &id);
    /// The menu bar's action with that shortcut.
    QAction *menuAction(const QKeySequence &shortcut) const;
    /// The menu bar's action with that text (mnemonic and ellipsis ignored).
    QAction *menuAction(const QString &text) const;
    /// The messages a request for this path must carry: the system prompt in force, if any,
    /// then "user: …" / "assistant: …" as given.
    QStringList withSystemPrompt(const QStringList &path) const;
    /// True when the row's widget exists, is shown and lies within the viewport.
    bool rowInView(int row) const;
    /// Ctrl+K, then types the query into the search field; waits for the results.
    void search(const QString &query);
    /// Clicks the search hit on that message.
    void chooseHit(const QString &messageId);

    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<App> m_app;
    std::unique_ptr<ConversationLibrary> m_saved;
};

void TestLibraryWindow::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
    startApp();
}

void TestLibraryWindow::cleanup()
{
    m_saved.reset();
    m_app.reset();
    m_profile.reset();
}

void TestLibraryWindow::startApp()
{
    m_app = std::make_unique<App>(m_profile->path());
    QVERIFY(sidebar());
    window()->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window()));
    QTRY_VERIFY_WITH_TIMEOUT(window()->isKeyReady(), kWait);
    makeFast();
}

void TestLibraryWindow::makeFast()
{
    AppSettings values = context().settings().values();
    values.maxRetries = 2;
    values.firstByteTimeoutMs = 5000;
    values.idleTimeoutMs = 5000;
    context().settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(window()->isKeyReady(), kWait);
}

void TestLibraryWindow::send(const QString &text)
{
    QPlainTextEdit *composer = window()->composer();
    composer->setFocus();
    QTest::keyClicks(composer, text);
    QTest::keyClick(composer, Qt::Key_Return);
}

bool TestLibraryWindow::waitIdle()
{
    // On the signal, in a real event loop: QTest::qWaitFor() and qWait() sleep 10 ms whenever
    // no event is pending, which starves the demo server (it runs on this thread, one timer
    // per streamed piece) down to a piece per sleep.
    ChatSession &session = context().session();
    QSignalSpy busyChanged(&session, &ChatSession::busyChanged);
    QDeadlineTimer deadline(kWait);
    while (session.isBusy() && !deadline.hasExpired())
        busyChanged.wait(int(std::max<qint64>(deadline.remainingTime(), 1)));
    return !session.isBusy();
}

void TestLibraryWindow::settle(int ms)
{
    QTest::qWait(ms);
    QCoreApplication::processEvents();
}

ConversationLibrary &TestLibraryWindow::saved()
{
    if (!m_saved) {
        m_saved = std::make_unique<ConversationLibrary>();
        if (!m_saved->open(context().libraryPath()))
            qFatal("cannot open the library a second time: %s", qPrintable(m_saved->lastError()));
    }
    return *m_saved;
}

QStringList TestLibraryWindow::shownTexts() const
{
    QStringList result;
    const Conversation &conversation = context().conversation();
    for (int i = 0; i < conversation.count(); ++i)
        result.append(conversation.at(i).text);
    return result;
}

QList<QJsonObject> TestLibraryWindow::chatBodies() const
{
    QList<QJsonObject> bodies;
    for (const QJsonObject &entry : context().demoServer().requestLog()) {
        if (entry.value(u"path"_s).toString().endsWith(u"/chat/completions"_s))
            bodies.append(entry.value(u"body"_s).toObject());
    }
    return bodies;
}

QListView *TestLibraryWindow::conversationList() const
{
    return sidebar()->findChild<QListView *>(u"conversationList"_s);
}

QListView *TestLibraryWindow::searchResults() const
{
    return sidebar()->findChild<QListView *>(u"searchResults"_s);
}

bool TestLibraryWindow::clickRow(QListView *list, const QModelIndex &index)
{
    if (!list || !index.isValid())
        return false;
    list->scrollTo(index);
    if (!QTest::qWaitFor([&] { return list->visualRect(index).isValid(); }, kWait))
        return false;
    const QPoint at = list->visualRect(index).center();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
    return true;
}

bool TestLibraryWindow::clickConversation(const QString &id)
{
    return clickRow(conversationList(), sidebar()->listModel()->indexOfId(id));
}

QAction *TestLibraryWindow::menuAction(const QKeySequence &shortcut) const
{
    for (QAction *top : window()->menuBar()->actions()) {
        if (!top->menu())
            continue;
        for (QAction *action : top->menu()->actions()) {
            if (action->shortcuts().contains(shortcut))
                return action;
        }
    }
    return nullptr;
}

QAction *TestLibraryWindow::menuAction(const QString &text) const
{
    for (QAction *top : window()->menuBar()->actions()) {
        if (!top->menu())
            continue;
        for (QAction *action : top->menu()->actions()) {
            QString plain = action->text();
            plain.remove(u'&');
            if (plain == text)
                return action;
        }
    }
    return nullptr;
}

QStringList TestLibraryWindow::withSystemPrompt(const QStringList &path) const
{
    const QString prompt = context().session().effectiveConnection().systemPrompt;
    return prompt.isEmpty() ? path : QStringList{u"system: "_s + prompt} + path;
}

bool TestLibraryWindow::rowInView(int row) const
{
    QWidget *widget = view()->rowWidget(row);
    return widget && widget->isVisible()
            && view()->viewport()->rect().contains(widget->geometry().topLeft());
}

void TestLibraryWindow::search(const QString &query)
{
    QAction *searchAction = menuAction(QKeySequence(Qt::CTRL | Qt::Key_K));
    QVERIFY(searchAction);
    QSignalSpy triggered(searchAction, &QAction::triggered);
    window()->composer()->setFocus();
    QTest::keyClick(window()->composer(), Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(triggered.count(), 1);
    auto *field = sidebar()->findChild<QLineEdit *>(u"searchField"_s);
    QVERIFY(field);
    QTRY_VERIFY_WITH_TIMEOUT(field->hasFocus(), kWait);
    QTest::keyClicks(field, query);
    QTRY_COMPARE_WITH_TIMEOUT(sidebar()->page(), Sidebar::Page::SearchResults, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(sidebar()->searchModel()->query(), query, kWait);
}

void TestLibraryWindow::chooseHit(const QString &messageId)
{
    SearchResultModel *hits = sidebar()->searchModel();
    QModelIndex hit;
    for (int row = 0; row < hits->rowCount(); ++row) {
        if (hits->index(row).data(SearchResultModel::MessageIdRole).toString() == messageId)
            hit = hits->index(row);
    }
    QVERIFY2(hit.isValid(), qPrintable(u"no hit on message %1"_s.arg(messageId)));
    QVERIFY(clickRow(searchResults(), hit));
}

// 1. Create, rename, pin, delete, undo and restore through the sidebar and the window.
void TestLibraryWindow::sidebarCreatesRenamesPinsTrashesAndRestores()
{
    ConversationListModel *list = sidebar()->listModel();
    send(u"Plan the vegetable garden"_s);
    QVERIFY(waitIdle());
    const QString first = currentId();

    // Ctrl+N: a new conversation; the old one stays listed and saved.
    QAction *newAction = menuAction(QKeySequence(QKeySequence::New));
    QVERIFY(newAction);
    QSignalSpy newTriggered(newAction, &QAction::triggered);
    QTest::keyClick(window()->composer(), Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(newTriggered.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(currentId() != first, kWait);
    const QString second = currentId();
    QCOMPARE(view()->rowCount(), 0);
    QVERIFY(list->rowOfId(first) >= 0);
    QVERIFY(list->rowOfId(second) >= 0);
    QCOMPARE(sidebar()->currentConversation(), second);
    QCOMPARE(saved().path(first).size(), 2);
    QVERIFY(saved().conversation(second));
    send(u"Second topic entirely"_s);
    QVERIFY(waitIdle());

    // F2 renames the conversation shown, in its row.
    QAction *renameAction = menuAction(QKeySequence(Qt::Key_F2));
    QVERIFY(renameAction);
    QSignalSpy renameTriggered(renameAction, &QAction::triggered);
    QTest::keyClick(window()->composer(), Qt::Key_F2);
    QCOMPARE(renameTriggered.count(), 1);
    QLineEdit *editor = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((editor = conversationList()->findChild<QLineEdit *>(u"titleEditor"_s))
                                             != nullptr
                                     && editor->isVisible(),
                             kWait);
    QTRY_VERIFY_WITH_TIMEOUT(editor->hasFocus(), kWait);
    editor->selectAll();
    QTest::keyClicks(editor, u"Weekend errands"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(list->indexOfId(second).data(ConversationListModel::TitleRole),
                              QVariant(u"Weekend errands"_s), kWait);
    QCOMPARE(saved().conversation(second)->title, u"Weekend errands"_s);
    QVERIFY(saved().conversation(second)->titleEdited);

    // Pin puts the first conversation, now the older one, on top.
    QVERIFY(clickConversation(first));
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), first, kWait);
    QCOMPARE(shownTexts().first(), u"Plan the vegetable garden"_s);
    QTest::mouseClick(sidebarButton(u"pinButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(saved().conversation(first)->pinned, kWait);
    QCOMPARE(saved().conversations().first().id, first);
    QCOMPARE(list->index(0).data(ConversationListModel::IsHeaderRole), QVariant(true));
    QCOMPARE(list->index(1).data(ConversationListModel::IdRole), QVariant(first));
    QCOMPARE(list->index(1).data(ConversationListModel::PinnedRole), QVariant(true));

    // Delete moves it to the trash; the window shows the other conversation.
    QTest::mouseClick(sidebarButton(u"deleteButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), second, kWait);
    QCOMPARE(list->rowOfId(first), -1);
    QCOMPARE(view()->rowCount(), 2);
    QCOMPARE(shownTexts().first(), u"Second topic entirely"_s);
    QVERIFY(saved().conversation(first)->trashed.isValid());
    QCOMPARE(saved().conversations(ConversationLibrary::Listing::Trash).size(), 1);
    auto *undoBar = sidebar()->findChild<QFrame *>(u"undoBar"_s);
    QVERIFY(undoBar && undoBar->isVisible());

    // Undo brings it back, pinned as it was.
    QTest::mouseClick(sidebarButton<QPushButton>(u"undoButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(list->rowOfId(first) >= 0, kWait);
    QVERIFY(!undoBar->isVisible());
    QVERIFY(!saved().conversation(first)->trashed.isValid());
    QVERIFY(saved().conversation(first)->pinned);
    QCOMPARE(saved().path(first).size(), 2);
    QCOMPARE(currentId(), second); // the window stays where the user is

    // Trash it again, this time from the Conversation menu, then restore it from the trash.
    QVERIFY(clickConversation(first));
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), first, kWait);
    QAction *trashAction = menuAction(u"Move to trash"_s);
    QVERIFY(trashAction && trashAction->isEnabled());
    trashAction->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), second, kWait);
    QTest::mouseClick(sidebarButton(u"trashToggle"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(sidebar()->isShowingTrash(), kWait);
    QCOMPARE(list->conversationCount(), 1);
    QVERIFY(clickConversation(first));
    QToolButton *restore = sidebarButton(u"restoreButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(restore->isVisible() && restore->isEnabled(), kWait);
    QTest::mouseClick(restore, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!saved().conversation(first)->trashed.isValid(), kWait);
    QCOMPARE(list->conversationCount(), 0);
    QTest::mouseClick(sidebarButton(u"trashToggle"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!sidebar()->isShowingTrash(), kWait);
    QVERIFY(list->rowOfId(first) >= 0);
    QVERIFY(list->rowOfId(second) >= 0);
    QCOMPARE(saved().conversations().size(), 2);
    QCOMPARE(texts(saved().path(first)).first(), u"Plan the vegetable garden"_s);
}

// 2. Search, then open at the message, on its branch.
void TestLibraryWindow::searchOpensTheConversationAtTheMessage()
{
    // A long conversation, written straight into the library (seeding, not under test).
    ConversationLibrary &library = context().library();
    const QString longId = library.createConversation();
    QString parent;
    QString quokkaId;
    for (int i = 0; i < 60; ++i) {
        ConversationItem item;
        item.kind = i % 2 ? Kind::Assistant : Kind::User;
        item.text = i == 10 ? u"Where does the quokka live?"_s
                            : u"Message %1: %2"_s.arg(i).arg(
                                    u"some words to fill the row "_s.repeated(8 + i % 5));
        parent = library.addMessage(longId, parent, item);
        QVERIFY(!parent.isEmpty());
        if (i == 10)
            quokkaId = parent;
    }

    // A conversation with two branches, made in the window: the walrus one is not shown.
    send(u"Tell me about the walrus"_s);
    QVERIFY(waitIdle());
    const QString branched = currentId();
    const QString walrusId = context().conversation().at(0).id;
    QTest::mouseClick(view()->userWidget(0)->editButton(), Qt::LeftButton);
    QPlainTextEdit *editor = view()->userWidget(0)->editor();
    QTRY_VERIFY_WITH_TIMEOUT(editor->isVisible(), kWait);
    editor->selectAll();
    QTest::keyClicks(editor, u"Tell me about the narwhal"_s);
    QTest::mouseClick(view()->userWidget(0)->sendButton(), Qt::LeftButton);
    QVERIFY(waitIdle());
    QCOMPARE(context().conversation().at(0).text, u"Tell me about the narwhal"_s);

    // A third, empty conversation is the one shown.
    QTest::keyClick(window()->composer(), Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(currentId() != branched, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(sidebar()->listModel()->conversationCount() >= 3, kWait);

    // The hit deep in the long conversation: opened, scrolled to, highlighted.
    search(u"quokka"_s);
    if (QTest::currentTestFailed())
        return;
    chooseHit(quokkaId);
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), longId, kWait);
    const int quokkaRow = context().conversation().indexOfId(quokkaId);
    QCOMPARE(quokkaRow, 10);
    QTRY_VERIFY_WITH_TIMEOUT(rowInView(quokkaRow), kWait);
    QCOMPARE(view()->highlightedRow(), quokkaRow);
    QVERIFY(!view()->rowWidget(59) || !rowInView(59)); // not merely the end of it
    QCOMPARE(view()->userWidget(quokkaRow)->text(), u"Where does the quokka live?"_s);
    QCOMPARE(sidebar()->currentConversation(), longId);

    // The hit on the branch not shown: its branch becomes the one shown.
    search(u"walrus"_s);
    if (QTest::currentTestFailed())
        return;
    chooseHit(walrusId);
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), branched, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(rowInView(0), kWait);
    QCOMPARE(view()->highlightedRow(), 0);
    QCOMPARE(context().conversation().at(0).id, walrusId);
    QCOMPARE(view()->userWidget(0)->text(), u"Tell me about the walrus"_s);
    QCOMPARE(view()->userWidget(0)->versionSwitcher()->text(), u"1/2"_s);
    QCOMPARE(view()->rowCount(), 2); // with its own reply
    QCOMPARE(saved().pathIds(branched).first(), walrusId);
}

// 3. Edit an earlier message: a new branch, sent as exactly the new path.
void TestLibraryWindow::editingAnEarlierMessageSendsTheNewBranch()
{
    send(u"First question"_s);
    QVERIFY(waitIdle());
    send(u"Follow-up question"_s);
    QVERIFY(waitIdle());
    const QStringList oldBranch = shownTexts();
    QCOMPARE(oldBranch.size(), 4);
    context().demoServer().reset(); // the log from here on

    UserMessageWidget *user = view()->userWidget(0);
    QVERIFY(user);
    QTest::mouseClick(user->editButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(user->editor()->isVisible() && user->editor()->hasFocus(), kWait);
    QCOMPARE(user->editor()->toPlainText(), u"First question"_s);
    user->editor()->selectAll();
    QTest::keyClicks(user->editor(), u"A better first question"_s);
    QTest::mouseClick(user->sendButton(), Qt::LeftButton);
    QVERIFY(waitIdle());

    QCOMPARE(shownTexts(),
             QStringList({u"A better first question"_s, AppContext::demoReplyText()}));
    const QList<QJsonObject> bodies = chatBodies();
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(bodyMessages(bodies.first()), withSystemPrompt({u"user: A better first question"_s}));
    QCOMPARE(texts(saved().path(currentId())), shownTexts());

    UserMessageWidget *edited = view()->userWidget(0);
    QVERIFY(edited);
    VersionSwitcher *switcher = edited->versionSwitcher();
    QVERIFY(switcher->isVisible());
    QCOMPARE(switcher->text(), u"2/2"_s);
    QTest::mouseClick(switcher->previousButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shownTexts(), oldBranch, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(view()->userWidget(0) && view()->userWidget(2), kWait);
    QCOMPARE(view()->userWidget(0)->versionSwitcher()->text(), u"1/2"_s);
    QCOMPARE(view()->userWidget(2)->text(), u"Follow-up question"_s);
    QCOMPARE(texts(saved().path(currentId())), oldBranch);
}

// 4. Regenerate a reply, then switch between its versions.
void TestLibraryWindow::regenerateThenSwitchVersions()
{
    send(u"Say something"_s);
    QVERIFY(waitIdle());
    const QString firstReply = AppContext::demoReplyText();
    const QString secondReply = u"A second, different answer."_s;
    context().demoServer().setReplyText(secondReply);
    context().demoServer().reset();

    AssistantMessageWidget *reply = view()->assistantWidget(1);
    QVERIFY(reply);
    QVERIFY(reply->regenerateButton()->isVisible());
    QTest::mouseClick(reply->regenerateButton(), Qt::LeftButton);
    QVERIFY(waitIdle());
    QCOMPARE(shownTexts(), QStringList({u"Say something"_s, secondReply}));
    QCOMPARE(chatBodies().size(), 1);
    QCOMPARE(bodyMessages(chatBodies().first()), withSystemPrompt({u"user: Say something"_s}));

    QTRY_VERIFY_WITH_TIMEOUT(view()->assistantWidget(1), kWait);
    VersionSwitcher *switcher = view()->assistantWidget(1)->versionSwitcher();
    QVERIFY(switcher->isVisible());
    QCOMPARE(switcher->text(), u"2/2"_s);
    QCOMPARE(saved().siblingIds(context().conversation().at(1).id).size(), 2);

    QTest::mouseClick(switcher->previousButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(context().conversation().at(1).text, firstReply, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(view()->assistantWidget(1), kWait);
    QCOMPARE(view()->assistantWidget(1)->markdown(), firstReply);
    switcher = view()->assistantWidget(1)->versionSwitcher();
    QCOMPARE(switcher->text(), u"1/2"_s);
    QCOMPARE(texts(saved().path(currentId())).last(), firstReply);

    QTest::mouseClick(switcher->nextButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(context().conversation().at(1).text, secondReply, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(view()->assistantWidget(1), kWait);
    QCOMPARE(view()->assistantWidget(1)->markdown(), secondReply);
    QCOMPARE(view()->assistantWidget(1)->versionSwitcher()->text(), u"2/2"_s);
    QCOMPARE(texts(saved().path(currentId())).last(), secondReply);
}

// 5. Stop while the reply streams: "Stopped", no error card, Continue offered.
void TestLibraryWindow::stopWhileStreamingKeepsAStoppedReply()
{
    AppSettings values = context().settings().values();
    values.idleTimeoutMs = 60'000; // the stall lasts until the user stops it
    context().settings().setValues(values);
    QTRY_VERIFY_WITH_TIMEOUT(window()->isKeyReady(), kWait);
    QVERIFY(window()->simulate(u"stall"_s)); // six pieces, then silence
    send(u"Write a long story"_s);
    const Conversation &conversation = context().conversation();
    QTRY_VERIFY_WITH_TIMEOUT(conversation.count() == 2 && !conversation.at(1).text.isEmpty(),
                             kWait);
    QVERIFY(context().session().isBusy());
    QCOMPARE(window()->sendButton()->text(), tr("Stop"));
    QTest::mouseClick(window()->sendButton(), Qt::LeftButton);
    QVERIFY(waitIdle());

    QCOMPARE(conversation.count(), 2); // no Error item after it
    QCOMPARE(conversation.at(1).kind, Kind::Assistant);
    QVERIFY(conversation.at(1).stopped);
    QVERIFY(!conversation.at(1).interrupted);
    QTRY_VERIFY_WITH_TIMEOUT(view()->assistantWidget(1) && view()->assistantWidget(1)->isStopped(),
                             kWait);
    AssistantMessageWidget *reply = view()->assistantWidget(1);
    QVERIFY2(reply->statusText().contains(u"Stopped"_s), qPrintable(reply->statusText()));
    QVERIFY2(!reply->statusText().contains(u"Interrupted"_s), qPrintable(reply->statusText()));
    QVERIFY(!view()->lastErrorCard());
    QVERIFY(reply->continueButton()->isVisible());
    QVERIFY(AppContext::demoReplyText().startsWith(reply->markdown()));

    const std::optional<ConversationItem> stored = saved().message(conversation.at(1).id);
    QVERIFY(stored);
    QVERIFY(stored->stopped);
    QVERIFY(!stored->streaming);
    QCOMPARE(stored->text, conversation.at(1).text);
    QCOMPARE(saved().path(currentId()).size(), 2);
}

// 6. The code block's Copy: exactly the code, and "Copied".
void TestLibraryWindow::codeBlockCopyPutsExactlyTheCode()
{
    send(u"Show me some code"_s);
    QVERIFY(waitIdle());
    QTRY_VERIFY_WITH_TIMEOUT(view()->assistantWidget(1), kWait);
    AssistantMessageWidget *reply = view()->assistantWidget(1);
    CodeBlockView *block = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QWidget *widget : reply->blockWidgets()) {
                    if (auto *code = qobject_cast<CodeBlockView *>(widget))
                        block = code;
                }
                return block != nullptr;
            }(),
            kWait);
    QCOMPARE(block->language(), u"cpp"_s);
    view()->scrollToRow(1);
    settle();
    QTRY_VERIFY_WITH_TIMEOUT(block->copyButton()->isVisible(), kWait);
    QApplication::clipboard()->setText(u"something else"_s);
    QTest::mouseClick(block->copyButton(), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(),
             u"// Retries wait on a timer, never on a sleep.\nm_retryTimer.start(delay);"_s);
    QCOMPARE(block->copyButton()->text(), u"Copied"_s);
    QVERIFY(block->copyButton()->isConfirming());
}

// 7. Export a conversation as JSON, import it from the menu's path and by a drop; a
// malformed file imports nothing and says so.
void TestLibraryWindow::exportThenImportAndDrop()
{
    send(u"Export this exchange"_s);
    QVERIFY(waitIdle());
    const QString original = currentId();
    const QStringList originalTexts = shownTexts();
    QTemporaryDir files;
    QVERIFY(files.isValid());
    const QString path = files.filePath(u"exchange.json"_s);
    const LibraryTransfer::Result written = LibraryTransfer::writeConversation(
            context().library(), original, path, LibraryTransfer::Format::Json);
    QVERIFY2(written.ok, qPrintable(written.message));

    MessageBoxAnswerer answerer;
    const QStringList imported = window()->importFile(path);
    QCOMPARE(imported.size(), 1);
    QVERIFY(imported.first() != original);
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), imported.first(), kWait);
    QCOMPARE(shownTexts(), originalTexts);
    QCOMPARE(view()->rowCount(), 2);
    QVERIFY(sidebar()->listModel()->rowOfId(imported.first()) >= 0);
    QCOMPARE(sidebar()->currentConversation(), imported.first());
    QCOMPARE(texts(saved().path(imported.first())), originalTexts);
    QCOMPARE(answerer.texts.size(), 1); // it said what it did
    QCOMPARE(answerer.icons.first(), QMessageBox::Information);

    // A drop of the same file on the window: another copy, opened.
    QVERIFY(clickConversation(original));
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), original, kWait);
    auto *data = new QMimeData;
    data->setUrls({QUrl::fromLocalFile(path)});
    const QPoint at = window()->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window(), &drop);
    QVERIFY(drop.isAccepted());
    delete data;
    QTRY_VERIFY_WITH_TIMEOUT(currentId() != original && currentId() != imported.first(), kWait);
    const QString dropped = currentId();
    QCOMPARE(shownTexts(), originalTexts);
    QVERIFY(sidebar()->listModel()->rowOfId(dropped) >= 0);
    QCOMPARE(texts(saved().path(dropped)), originalTexts);
    QCOMPARE(saved().conversations().size(), 3);

    // A malformed file: nothing imported, and the window says so.
    const QString bad = files.filePath(u"broken.json"_s);
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "steadfast", "version": 1, "conversations": [ {"id": )");
    file.close();
    answerer.texts.clear();
    answerer.icons.clear();
    QVERIFY(window()->importFile(bad).isEmpty());
    QCOMPARE(answerer.texts.size(), 1);
    QCOMPARE(answerer.icons.first(), QMessageBox::Warning);
    QVERIFY(!answerer.texts.first().isEmpty());
    QCOMPARE(currentId(), dropped);
    QCOMPARE(saved().conversations().size(), 3);
    QCOMPARE(sidebar()->listModel()->conversationCount(), 3);
}

// 8. A long reply ends with its last line in view and no blank space under it.
void TestLibraryWindow::longReplyEndsAtItsLastLine()
{
    const QString markdown = longMarkdown();
    QVERIFY(markdown.count(u'\n') >= 200);
    context().demoServer().setReplyText(markdown);
    send(u"Write a long report"_s);
    QVERIFY(waitIdle());
    QCOMPARE(context().conversation().at(1).text, markdown);

    TimelineView *timeline = view();
    const QRect viewport = timeline->viewport()->rect();
    QLabel *lastLine = nullptr;
    // The reply's widget renders its last blocks at the next frame; the view lays out after.
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                AssistantMessageWidget *reply = timeline->assistantWidget(1);
                if (!reply || reply->markdown() != markdown)
                    return false;
                lastLine = nullptr;
                for (QLabel *label : reply->findChildren<QLabel *>()) {
                    if (label->isVisible() && label->text().contains(u"The very last line."_s))
                        lastLine = label;
                }
                QScrollBar *bar = timeline->verticalScrollBar();
                return lastLine && bar->value() == bar->maximum();
            }(),
            kWait);
    settle(); // a paint
    AssistantMessageWidget *reply = timeline->assistantWidget(1);
    QVERIFY(reply);
    bool hasCode = false;
    for (QWidget *block : reply->blockWidgets())
        hasCode = hasCode || qobject_cast<CodeBlockView *>(block);
    QVERIFY(hasCode);
    const QRect lineRect(lastLine->mapTo(timeline->viewport(), QPoint(0, 0)), lastLine->size());
    QVERIFY2(viewport.contains(lineRect),
             qPrintable(u"last line at %1..%2, viewport height %3"_s.arg(lineRect.top())
                                .arg(lineRect.bottom())
                                .arg(viewport.height())));
    const QRect rowRect = timeline->rowRect(1);
    QCOMPARE(rowRect, reply->geometry());
    QVERIFY2(viewport.bottom() <= rowRect.bottom() + kBlankSlack,
             qPrintable(u"row ends at %1, viewport at %2"_s.arg(rowRect.bottom())
                                .arg(viewport.bottom())));
    QVERIFY(rowRect.bottom() <= viewport.bottom());
    QCOMPARE(rowRect.height(), reply->heightForWidth(rowRect.width()));
    QVERIFY(timeline->isFollowingBottom());
    QCOMPARE(texts(saved().path(currentId())).last(), markdown);
}

// 9. Delete a message with its row's button; the undo bar brings it back.
void TestLibraryWindow::deleteMessageThenUndo()
{
    send(u"Keep this one"_s);
    QVERIFY(waitIdle());
    send(u"Delete this one"_s);
    QVERIFY(waitIdle());
    const QStringList before = shownTexts();
    QCOMPARE(before.size(), 4);
    UndoBar *undo = window()->messageUndoBar();
    QVERIFY(!undo->isVisible());

    UserMessageWidget *user = view()->userWidget(2);
    QVERIFY(user);
    QVERIFY(user->deleteButton()->isVisible());
    QTest::mouseClick(user->deleteButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view()->rowCount(), 2, kWait);
    QCOMPARE(shownTexts(), before.mid(0, 2));
    QVERIFY(undo->isVisible());
    QVERIFY2(undo->message().contains(u"deleted"_s), qPrintable(undo->message()));
    QCOMPARE(texts(saved().path(currentId())), before.mid(0, 2));

    QTest::mouseClick(undo->undoButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view()->rowCount(), 4, kWait);
    QCOMPARE(shownTexts(), before);
    QVERIFY(!undo->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(view()->userWidget(2), kWait);
    QCOMPARE(view()->userWidget(2)->text(), u"Delete this one"_s);
    QCOMPARE(texts(saved().path(currentId())), before);
}

// 10. A message that cannot be saved is not sent, stays typed, and goes once it can be.
void TestLibraryWindow::messageThatCannotBeSavedIsNotSent()
{
    send(u"Saved before"_s);
    QVERIFY(waitIdle());
    const QStringList before = shownTexts();
    const int requests = int(chatBodies().size());
    const QString connection = u"refuser"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(context().libraryPath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON messages BEGIN "
                            "SELECT RAISE(ABORT, 'database or disk is full'); END"_s),
                 qPrintable(query.lastError().text()));
    }

    send(u"This cannot be saved"_s);
    QLabel *problem = window()->problemLabel();
    QTRY_VERIFY_WITH_TIMEOUT(problem->isVisible(), kWait);
    QVERIFY2(problem->text().contains(u"not sent"_s) && problem->text().contains(u"full"_s),
             qPrintable(problem->text()));
    QCOMPARE(window()->composer()->toPlainText(), u"This cannot be saved"_s);
    QVERIFY(!context().session().isBusy());
    QCOMPARE(int(chatBodies().size()), requests);
    QCOMPARE(shownTexts(), before);
    QCOMPARE(view()->rowCount(), before.size());
    QCOMPARE(texts(saved().path(currentId())), before);

    {
        QSqlDatabase db = QSqlDatabase::database(connection);
        QSqlQuery query(db);
        QVERIFY2(query.exec(u"DROP TRIGGER refuse"_s), qPrintable(query.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);

    QVERIFY(window()->composer()->hasFocus());
    QTest::keyClick(window()->composer(), Qt::Key_Return);
    QVERIFY(waitIdle());
    QVERIFY(!problem->isVisible());
    QVERIFY(window()->composer()->toPlainText().isEmpty());
    QCOMPARE(int(chatBodies().size()), requests + 1);
    QVERIFY(bodyMessages(chatBodies().last()).contains(u"user: This cannot be saved"_s));
    const QStringList after = texts(saved().path(currentId()));
    QCOMPARE(after.size(), 4);
    QCOMPARE(after.mid(0, 2), before);
    QCOMPARE(after.at(2), u"This cannot be saved"_s);
}

// 11. A conversation's own model and system prompt go with its requests; another
// conversation uses the defaults.
void TestLibraryWindow::conversationSettingsGoWithTheRequest()
{
    const QString defaultModel = context().session().connection().model;
    QVERIFY(!defaultModel.isEmpty());
    QCOMPARE(window()->modelBox()->currentText(), defaultModel);
    const QString own = currentId();
    const QString ownModel = u"steadfast-demo-large"_s;
    QVERIFY(ownModel != defaultModel);
    const QString prompt = u"You answer in one short sentence."_s;

    // The dialog, driven as the form it is (no exec): load, change, save.
    {
        ConversationSettingsDialog dialog(window());
        QVERIFY(dialog.load(context().library(), own));
        ConversationSettings settings = dialog.settings();
        settings.model = ownModel;
        settings.systemPrompt = prompt;
        dialog.setSettings(settings);
        QCOMPARE(dialog.settings().model, ownModel);
        QCOMPARE(dialog.settings().systemPrompt, std::optional<QString>(prompt));
        QVERIFY(dialog.save(context().library(), own));
    }
    QCOMPARE(saved().conversation(own)->settings.model, ownModel);
    QTRY_COMPARE_WITH_TIMEOUT(window()->modelBox()->currentText(), ownModel, kWait);

    context().demoServer().reset();
    send(u"Use your own settings"_s);
    QVERIFY(waitIdle());
    QJsonObject body = chatBodies().value(0);
    QCOMPARE(body.value(u"model"_s).toString(), ownModel);
    QCOMPARE(bodyMessages(body),
             QStringList({u"system: "_s + prompt, u"user: Use your own settings"_s}));

    // Another conversation: the defaults, and the model box says so.
    QTest::keyClick(window()->composer(), Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(currentId() != own, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(window()->modelBox()->currentText(), defaultModel, kWait);
    context().demoServer().reset();
    send(u"Use the defaults"_s);
    QVERIFY(waitIdle());
    body = chatBodies().value(0);
    QCOMPARE(body.value(u"model"_s).toString(), defaultModel);
    QVERIFY(!bodyMessages(body).contains(u"system: "_s + prompt));
    QVERIFY(bodyMessages(body).contains(u"user: Use the defaults"_s));

    // Back to the first: its model again.
    QVERIFY(clickConversation(own));
    QTRY_COMPARE_WITH_TIMEOUT(currentId(), own, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(window()->modelBox()->currentText(), ownModel, kWait);
}

// 12. A restart shows the same conversation, its draft, and lists them all.
void TestLibraryWindow::restartKeepsTheLibrary()
{
    send(u"An older conversation"_s);
    QVERIFY(waitIdle());
    const QString older = currentId();
    QTest::keyClick(window()->composer(), Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(currentId() != older, kWait);
    send(u"The one left open"_s);
    QVERIFY(waitIdle());
    const QString open = currentId();
    const QStringList openTexts = shownTexts();
    QTest::keyClicks(window()->composer(), u"half-written thought"_s);
    m_saved.reset();
    m_app.reset(); // the window closes and everything is torn down

    startApp();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(currentId(), open);
    QCOMPARE(shownTexts(), openTexts);
    QCOMPARE(view()->rowCount(), openTexts.size());
    QCOMPARE(window()->draft(), u"half-written thought"_s);
    QCOMPARE(sidebar()->currentConversation(), open);
    ConversationListModel *list = sidebar()->listModel();
    QCOMPARE(list->conversationCount(), 2);
    QVERIFY(list->rowOfId(older) >= 0);
    QVERIFY(list->rowOfId(open) >= 0);
    QCOMPARE(saved().currentConversationId(), open);
    QCOMPARE(saved().conversation(open)->draft, u"half-written thought"_s);
}

void TestLibraryWindow::earlierFilesAppearInTheSidebar()
{
    // An existing user's profile, as the version before the library left it.
    m_app.reset();
    m_profile = std::make_unique<QTemporaryDir>();
    const QString fixture = QStringLiteral(STEADFAST_SOURCE_DIR "/tests/fixtures/legacy-profile");
    QDir profile(m_profile->path());
    QVERIFY(profile.mkpath(u"archive"_s));
    for (const QString &name : {u"conversation.json"_s, u"draft.json"_s,
                                u"archive/conversation-20250301-100000-001.json"_s,
                                u"archive/conversation-20250302-150000-002.json"_s})
        QVERIFY(QFile::copy(fixture + u'/' + name, profile.filePath(name)));
    startApp();

    // The three conversations are listed; the current one is shown with its draft.
    QCOMPARE(sidebar()->listModel()->conversationCount(), 3);
    QCOMPARE(shownTexts().value(0), u"Write a haiku about SQLite\nwith a second line"_s);
    QCOMPARE(context().conversation().count(), 5);
    QCOMPARE(window()->draft(), u"A draft, not sent: ünïcode ✓"_s);
    QCOMPARE(sidebar()->currentConversation(), currentId());
    // The old files stay beside the library, renamed.
    QVERIFY(profile.exists(u"conversation.json.migrated"_s));
    QVERIFY(!profile.exists(u"conversation.json"_s));
    QVERIFY(window()->problemLabel()->isHidden());
}

void TestLibraryWindow::aLibraryThatCannotBeOpenedIsSaidAndNothingIsLost()
{
    m_app.reset();
    m_profile = std::make_unique<QTemporaryDir>();
    // A folder where the database file should be: SQLite cannot open it (root or not).
    QVERIFY(QDir(m_profile->path()).mkpath(u"library.sqlite3"_s));
    m_app = std::make_unique<App>(m_profile->path());
    QTRY_VERIFY_WITH_TIMEOUT(window()->isKeyReady(), kWait);
    QLabel *problem = window()->problemLabel();
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"nothing you write now will be saved"_s),
             qPrintable(problem->text()));
    QVERIFY(!sidebar()); // nothing to list

    // The window still works, in memory, and keeps saying that nothing is saved.
    send(u"Hello without a library"_s);
    QVERIFY(waitIdle());
    QCOMPARE(context().conversation().count(), 2);
    QVERIFY(problem->isVisible());
}

QTEST_MAIN(TestLibraryWindow)
#include "TestLibraryWindow.moc"
