// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationListModel over a real ConversationLibrary (a database file in a temporary
// directory): the day sections against an injected clock, pinned on top, headers that cannot
// be selected, rename through setData, the trash listing, and refreshes that move rows
// instead of resetting (a persistent index stays on its conversation). Every model here is
// watched by QAbstractItemModelTester.
#include "core/library/ConversationLibrary.h"
#include "core/library/ConversationListModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Section = ConversationListModel::Section;
using Listing = ConversationLibrary::Listing;

Q_DECLARE_METATYPE(steadfast::ConversationListModel::Section)

namespace {

QDateTime local(int year, int month, int day, int hour, int minute, int second = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second), Qt::LocalTime);
}

/// What the model shows, one string a row: "# Today" for a header, the title otherwise.
QStringList rows(const ConversationListModel &model)
{
    QStringList shown;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const QString text = index.data(Qt::DisplayRole).toString();
        shown.append(index.data(ConversationListModel::IsHeaderRole).toBool() ? u"# "_s + text
                                                                              : text);
    }
    return shown;
}

/// The library stamps times in milliseconds: let the clock pass one so that the next write
/// is strictly newer (a tie would leave the order to the library's tie-break).
void nextMillisecond()
{
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    while (QDateTime::currentMSecsSinceEpoch() == start) {}
}

} // namespace

class TestConversationListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void dateSection_data();
    void dateSection();
    void sectionFollowsTheClock_data();
    void sectionFollowsTheClock();
    void groupsTheLibrarysTimes();
    void pinnedOnTopNewestFirst();
    void headersAreNotSelectable();
    void untitledConversationIsNamed();
    void renameThroughSetData();
    void trashListing();
    void refreshMovesRowsAndKeepsTheSelection();

private:
    /// A conversation whose first user message is text (the automatic title).
    QString create(const QString &text);
    std::unique_ptr<ConversationListModel> makeModel();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationLibrary> m_library;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestConversationListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<ConversationLibrary>();
    QVERIFY2(m_library->open(m_dir->filePath(u"library.sqlite"_s)),
             qPrintable(m_library->lastError()));
}

void TestConversationListModel::cleanup()
{
    m_tester.reset();
    m_library.reset();
    m_dir.reset();
}

QString TestConversationListModel::create(const QString &text)
{
    nextMillisecond();
    const QString id = m_library->createConversation();
    if (id.isEmpty() || text.isEmpty())
        return id;
    ConversationItem item;
    item.kind = ConversationItem::Kind::User;
    item.text = text;
    if (m_library->addMessage(id, {}, item).isEmpty())
        return {};
    return id;
}

std::unique_ptr<ConversationListModel> TestConversationListModel::makeModel()
{
    auto model = std::make_unique<ConversationListModel>(m_library.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    return model;
}

void TestConversationListModel::dateSection_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QDateTime>("updated");
    QTest::addColumn<Section>("expected");

    const QDateTime noon = local(2026, 3, 10, 12, 0);
    const QDateTime justAfterMidnight = local(2026, 3, 10, 0, 0, 30);
    QTest::newRow("an hour ago") << noon << local(2026, 3, 10, 11, 0) << Section::Today;
    QTest::newRow("this morning at 00:00") << noon << local(2026, 3, 10, 0, 0) << Section::Today;
    QTest::newRow("a minute ago, across midnight")
            << justAfterMidnight << local(2026, 3, 9, 23, 59, 30) << Section::Yesterday;
    QTest::newRow("yesterday at 00:00") << noon << local(2026, 3, 9, 0, 0) << Section::Yesterday;
    QTest::newRow("two days ago, late")
            << noon << local(2026, 3, 8, 23, 59) << Section::Previous7Days;
    QTest::newRow("7 days ago, first second")
            << noon << local(2026, 3, 3, 0, 0) << Section::Previous7Days;
    QTest::newRow("8 days ago, last second")
            << noon << local(2026, 3, 2, 23, 59, 59) << Section::Older;
    QTest::newRow("7 days edge seen just after midnight")
            << justAfterMidnight << local(2026, 3, 3, 23, 59) << Section::Previous7Days;
    QTest::newRow("a year ago") << noon << local(2025, 3, 10, 12, 0) << Section::Older;
    QTest::newRow("in the future (clock went back)")
            << noon << local(2026, 3, 11, 9, 0) << Section::Today;
    // The library's times are UTC; the day is the local one.
    QTest::newRow("UTC time of today")
            << noon << local(2026, 3, 10, 1, 0).toUTC() << Section::Today;
    QTest::newRow("UTC time of yesterday")
            << noon << local(2026, 3, 9, 23, 0).toUTC() << Section::Yesterday;
}

void TestConversationListModel::dateSection()
{
    QFETCH(QDateTime, now);
    QFETCH(QDateTime, updated);
    QFETCH(Section, expected);
    QCOMPARE(ConversationListModel::dateSection(updated, now), expected);
}

void TestConversationListModel::sectionFollowsTheClock_data()
{
    QTest::addColumn<int>("daysAfter"); // the clock: that many local midnights after updated
    QTest::addColumn<int>("secondsAfterMidnight");
    QTest::addColumn<QString>("header");

    QTest::newRow("same day") << 0 << -1 << u"Today"_s;
    QTest::newRow("just after the next midnight") << 1 << 1 << u"Yesterday"_s;
    QTest::newRow("two midnights later") << 2 << 1 << u"Previous 7 days"_s;
    QTest::newRow("seven midnights later, late") << 7 << 86399 << u"Previous 7 days"_s;
    QTest::newRow("eight midnights later") << 8 << 1 << u"Older"_s;
}

void TestConversationListModel::sectionFollowsTheClock()
{
    QFETCH(int, daysAfter);
    QFETCH(int, secondsAfterMidnight);
    QFETCH(QString, header);

    const QString id = create(u"Hello there"_s);
    QVERIFY(!id.isEmpty());
    const QDateTime updated = m_library->conversation(id)->updated;
    QDateTime now = updated; // "same day": the moment it was updated
    if (secondsAfterMidnight >= 0) {
        const QDate day = updated.toLocalTime().date().addDays(daysAfter);
        now = QDateTime(day, QTime(0, 0), Qt::LocalTime).addSecs(secondsAfterMidnight);
    }

    auto model = makeModel();
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    model->setClock([now] { return now; });
    QCOMPARE(rows(*model), QStringList({u"# "_s + header, u"Hello there"_s}));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model->index(1).data(ConversationListModel::IdRole).toString(), id);
    QCOMPARE(model->index(1).data(ConversationListModel::UpdatedRole).toDateTime(), updated);
    QCOMPARE(model->conversationCount(), 1);
    QCOMPARE(model->rowOfId(id), 1);
}

void TestConversationListModel::groupsTheLibrarysTimes()
{
    // The library stamps each conversation with its clock; the model sees them at 09:00.
    const QList<std::pair<QString, QDateTime>> made{
            {u"Eight days ago"_s, local(2026, 3, 2, 23, 59)},
            {u"Pinned long ago"_s, local(2025, 1, 1, 12, 0)},
            {u"Seven days ago"_s, local(2026, 3, 3, 0, 0)},
            {u"Two days ago"_s, local(2026, 3, 8, 12, 0)},
            {u"Late last night"_s, local(2026, 3, 9, 23, 30)},
            {u"Just after midnight"_s, local(2026, 3, 10, 0, 1)},
            {u"This morning"_s, local(2026, 3, 10, 8, 0)},
    };
    for (const auto &[title, time] : made) {
        const QDateTime stamp = time.toUTC();
        m_library->setClock([stamp] { return stamp; });
        const QString id = create(title);
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_library->conversation(id)->updated, stamp);
        if (title.startsWith(u"Pinned"_s))
            QVERIFY(m_library->setPinned(id, true));
    }
    auto model = makeModel();
    const QDateTime now = local(2026, 3, 10, 9, 0);
    model->setClock([now] { return now; });
    QCOMPARE(rows(*model),
             QStringList({u"# Pinned"_s, u"Pinned long ago"_s, u"# Today"_s, u"This morning"_s,
                          u"Just after midnight"_s, u"# Yesterday"_s, u"Late last night"_s,
                          u"# Previous 7 days"_s, u"Two days ago"_s, u"Seven days ago"_s,
                          u"# Older"_s, u"Eight days ago"_s}));

    // Two days on, without the library changing: refresh() regroups by the clock.
    const QDateTime later = now.addDays(2);
    model->setClock([later] { return later; });
    QCOMPARE(rows(*model),
             QStringList({u"# Pinned"_s, u"Pinned long ago"_s, u"# Previous 7 days"_s,
                          u"This morning"_s, u"Just after midnight"_s, u"Late last night"_s,
                          u"Two days ago"_s, u"# Older"_s, u"Seven days ago"_s,
                          u"Eight days ago"_s}));
}

void TestConversationListModel::pinnedOnTopNewestFirst()
{
    const QString first = create(u"First"_s);
    const QString second = create(u"Second"_s);
    const QString third = create(u"Third"_s);
    QVERIFY(!first.isEmpty() && !second.isEmpty() && !third.isEmpty());
    auto model = makeModel();
    QCOMPARE(rows(*model), QStringList({u"# Today"_s, u"Third"_s, u"Second"_s, u"First"_s}));

    QVERIFY(m_library->setPinned(first, true));
    QCOMPARE(rows(*model),
             QStringList({u"# Pinned"_s, u"First"_s, u"# Today"_s, u"Third"_s, u"Second"_s}));
    QVERIFY(model->index(1).data(ConversationListModel::PinnedRole).toBool());
    QCOMPARE(model->index(1).data(ConversationListModel::SectionRole).toInt(),
             int(Section::Pinned));
    QVERIFY(!model->index(3).data(ConversationListModel::PinnedRole).toBool());

    QVERIFY(m_library->setPinned(first, false));
    QCOMPARE(rows(*model), QStringList({u"# Today"_s, u"Third"_s, u"Second"_s, u"First"_s}));
}

void TestConversationListModel::headersAreNotSelectable()
{
    QVERIFY(!create(u"One"_s).isEmpty());
    auto model = makeModel();
    const QModelIndex header = model->index(0);
    const QModelIndex conversation = model->index(1);
    QVERIFY(header.data(ConversationListModel::IsHeaderRole).toBool());
    QVERIFY(!(model->flags(header) & Qt::ItemIsSelectable));
    QVERIFY(!(model->flags(header) & Qt::ItemIsEditable));
    QVERIFY(!(model->flags(header) & Qt::ItemIsEnabled)); // the arrows pass over it
    QVERIFY(header.data(ConversationListModel::IdRole).toString().isEmpty());
    QVERIFY(model->infoAt(0) == nullptr);
    QVERIFY(!model->setData(header, u"Renamed"_s));

    QVERIFY(!conversation.data(ConversationListModel::IsHeaderRole).toBool());
    QVERIFY(model->flags(conversation) & Qt::ItemIsSelectable);
    QVERIFY(model->flags(conversation) & Qt::ItemIsEditable);
    QVERIFY(model->flags(conversation) & Qt::ItemIsEnabled);
}

void TestConversationListModel::untitledConversationIsNamed()
{
    const QString id = create({});
    QVERIFY(!id.isEmpty());
    auto model = makeModel();
    const QModelIndex index = model->indexOfId(id);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), u"New conversation"_s);
    QCOMPARE(index.data(ConversationListModel::TitleRole).toString(), u"New conversation"_s);
    QCOMPARE(index.data(Qt::EditRole).toString(), QString()); // the editor starts empty
}

void TestConversationListModel::renameThroughSetData()
{
    const QString id = create(u"What is the capital of Portugal?"_s);
    QVERIFY(!id.isEmpty());
    auto model = makeModel();
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    const QModelIndex index = model->indexOfId(id);

    // Unchanged: nothing written, the title stays automatic.
    QVERIFY(model->setData(index, index.data(Qt::EditRole)));
    QVERIFY(!m_library->conversation(id)->titleEdited);

    QVERIFY(model->setData(index, u"  Trip   to Lisbon "_s));
    QCOMPARE(m_library->conversation(id)->title, u"Trip to Lisbon"_s);
    QVERIFY(m_library->conversation(id)->titleEdited);
    QCOMPARE(model->indexOfId(id).data(Qt::DisplayRole).toString(), u"Trip to Lisbon"_s);
    QVERIFY(!changed.isEmpty());

    // Empty goes back to the automatic title.
    QVERIFY(model->setData(model->indexOfId(id), QString()));
    QVERIFY(!m_library->conversation(id)->titleEdited);
    QCOMPARE(model->indexOfId(id).data(Qt::DisplayRole).toString(),
             m_library->conversation(id)->title);
}

void TestConversationListModel::trashListing()
{
    const QString a = create(u"Alpha"_s);
    const QString b = create(u"Bravo"_s);
    const QString c = create(u"Charlie"_s);
    auto model = makeModel();
    QVERIFY(m_library->trashConversation(a));
    nextMillisecond();
    QVERIFY(m_library->trashConversation(c));
    QCOMPARE(rows(*model), QStringList({u"# Today"_s, u"Bravo"_s}));
    QCOMPARE(model->index(1).data(ConversationListModel::IdRole).toString(), b);

    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy listing(model.get(), &ConversationListModel::listingChanged);
    model->setListing(Listing::Trash);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(listing.count(), 1);
    QCOMPARE(model->listing(), Listing::Trash);
    // Most recently trashed first, no headers.
    QCOMPARE(rows(*model), QStringList({u"Charlie"_s, u"Alpha"_s}));
    QCOMPARE(model->index(0).data(ConversationListModel::SectionRole).toInt(), int(Section::Trash));
    QVERIFY(model->index(0).data(ConversationListModel::TrashedRole).toDateTime().isValid());
    QVERIFY(!(model->flags(model->index(0)) & Qt::ItemIsEditable));
    QVERIFY(model->flags(model->index(0)) & Qt::ItemIsSelectable);

    QVERIFY(m_library->restoreConversation(c));
    QCOMPARE(rows(*model), QStringList({u"Alpha"_s}));
    QVERIFY(m_library->emptyTrash() == 1);
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(reset.count(), 1); // library changes never reset
}

void TestConversationListModel::refreshMovesRowsAndKeepsTheSelection()
{
    const QString a = create(u"Alpha"_s);
    const QString b = create(u"Bravo"_s);
    const QString c = create(u"Charlie"_s);
    auto model = makeModel();
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy moved(model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
    QCOMPARE(rows(*model), QStringList({u"# Today"_s, u"Charlie"_s, u"Bravo"_s, u"Alpha"_s}));
    const QPersistentModelIndex selected = model->indexOfId(b);

    // A new message makes Alpha the newest: it moves to the top.
    ConversationItem reply;
    reply.kind = ConversationItem::Kind::Assistant;
    reply.text = u"Hi"_s;
    nextMillisecond();
    QVERIFY(!m_library->addMessage(a, m_library->pathIds(a).constLast(), reply).isEmpty());
    QCOMPARE(rows(*model), QStringList({u"# Today"_s, u"Alpha"_s, u"Charlie"_s, u"Bravo"_s}));
    QVERIFY(!moved.isEmpty());
    QCOMPARE(selected.data(ConversationListModel::IdRole).toString(), b);

    // A new conversation is inserted; one trashed is removed; a pin moves one up.
    const QString d = create(u"Delta"_s);
    QVERIFY(!inserted.isEmpty());
    QVERIFY(m_library->trashConversation(c));
    QVERIFY(!removed.isEmpty());
    QVERIFY(m_library->setPinned(b, true));
    QCOMPARE(rows(*model),
             QStringList({u"# Pinned"_s, u"Bravo"_s, u"# Today"_s, u"Delta"_s, u"Alpha"_s}));
    QVERIFY(selected.isValid());
    QCOMPARE(selected.row(), 1);
    QCOMPARE(selected.data(ConversationListModel::IdRole).toString(), b);

    // A rename changes the row in place.
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(m_library->renameConversation(b, u"Bravo!"_s));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(selected.data(Qt::DisplayRole).toString(), u"Bravo!"_s);

    // Another model built now shows the same rows: the refreshes left nothing behind.
    ConversationListModel fresh(m_library.get());
    QCOMPARE(rows(fresh), rows(*model));
    QCOMPARE(reset.count(), 0);
    QVERIFY(!d.isEmpty());
}

#include "TestConversationListModel.moc"
QTEST_GUILESS_MAIN(TestConversationListModel)
