// SPDX-License-Identifier: GPL-3.0-or-later
// LibraryTransfer without its dialogs: a conversation exported as JSON and imported into
// another library is the same conversation; Markdown has the title and the roles; the whole
// library backs up; a malformed or missing file gives a sentence and changes nothing.
#include "core/library/ConversationLibrary.h"
#include "gui/LibraryTransfer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace steadfast;
using LibraryTransfer::Format;

Q_DECLARE_METATYPE(steadfast::LibraryTransfer::Format)

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestLibraryTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void jsonRoundTrip();
    void markdownHasTitleAndRoles();
    void libraryBackupImports();
    void malformedFileChangesNothing_data();
    void malformedFileChangesNothing();
    void missingFileIsReported();
    void unwritablePathIsReported();
    void formatFor_data();
    void formatFor();
    void suggestedFileName_data();
    void suggestedFileName();

private:
    std::unique_ptr<ConversationLibrary> openLibrary(const QString &name);
    QString conversation(ConversationLibrary &library);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ConversationLibrary> m_source;
    std::unique_ptr<ConversationLibrary> m_target;
};

std::unique_ptr<ConversationLibrary> TestLibraryTransfer::openLibrary(const QString &name)
{
    auto library = std::make_unique<ConversationLibrary>();
    if (!library->open(m_dir->filePath(name)))
        qWarning("%s", qPrintable(library->lastError()));
    return library;
}

void TestLibraryTransfer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_source = openLibrary(u"source.sqlite"_s);
    m_target = openLibrary(u"target.sqlite"_s);
    QVERIFY(m_source->isOpen() && m_target->isOpen());
}

void TestLibraryTransfer::cleanup()
{
    m_source.reset();
    m_target.reset();
    m_dir.reset();
}

QString TestLibraryTransfer::conversation(ConversationLibrary &library)
{
    const QString id = library.createConversation();
    ConversationItem question;
    question.text = u"What is the capital of Portugal?"_s;
    const QString questionId = library.addMessage(id, {}, question);
    ConversationItem answer;
    answer.kind = ConversationItem::Kind::Assistant;
    answer.text = u"Lisbon."_s;
    answer.model = u"gpt-4o"_s;
    library.addMessage(id, questionId, answer);
    library.renameConversation(id, u"Trip to Lisbon"_s);
    return id;
}

void TestLibraryTransfer::jsonRoundTrip()
{
    const QString id = conversation(*m_source);
    const QString path = m_dir->filePath(u"trip.json"_s);
    const LibraryTransfer::Result written =
            LibraryTransfer::writeConversation(*m_source, id, path, Format::Json);
    QVERIFY2(written.ok, qPrintable(written.message));
    QCOMPARE(written.message, u"Saved “trip.json”."_s);

    const LibraryTransfer::Result imported = LibraryTransfer::importFromPath(*m_target, path);
    QVERIFY2(imported.ok, qPrintable(imported.message));
    QCOMPARE(imported.conversationIds.size(), 1);
    QCOMPARE(imported.message, u"Imported 1 conversation(s) from “trip.json”."_s);
    const QString copy = imported.conversationIds.first();
    QCOMPARE(m_target->conversation(copy)->title, u"Trip to Lisbon"_s);
    const QList<ConversationItem> original = m_source->path(id);
    const QList<ConversationItem> imports = m_target->path(copy);
    QCOMPARE(imports.size(), original.size());
    for (qsizetype i = 0; i < original.size(); ++i) {
        QCOMPARE(imports[i].kind, original[i].kind);
        QCOMPARE(imports[i].text, original[i].text);
        QCOMPARE(imports[i].time, original[i].time);
        QCOMPARE(imports[i].model, original[i].model);
    }
    // Exporting the copy gives the same document.
    const QString again = m_dir->filePath(u"again.json"_s);
    QVERIFY(LibraryTransfer::writeConversation(*m_target, copy, again, Format::Json).ok);
    QCOMPARE(readAll(again), readAll(path));
}

void TestLibraryTransfer::markdownHasTitleAndRoles()
{
    const QString id = conversation(*m_source);
    const QString path = m_dir->filePath(u"trip.md"_s);
    const LibraryTransfer::Result written =
            LibraryTransfer::writeConversation(*m_source, id, path, Format::Markdown);
    QVERIFY2(written.ok, qPrintable(written.message));
    const QString text = QString::fromUtf8(readAll(path));
    QVERIFY2(text.contains(u"Trip to Lisbon"_s), qPrintable(text));
    QVERIFY2(text.contains(u"What is the capital of Portugal?"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Lisbon."_s), qPrintable(text));
    // The roles as the library writes them: "**You** · time", "**Assistant** · time".
    QVERIFY2(text.contains(u"**You**"_s), qPrintable(text));
    QVERIFY2(text.contains(u"**Assistant**"_s), qPrintable(text));
    QVERIFY(text.indexOf(u"Trip to Lisbon"_s) < text.indexOf(u"What is the capital"_s));

    // A conversation that is gone is reported, and no file is written.
    const QString gone = m_dir->filePath(u"gone.md"_s);
    const LibraryTransfer::Result missing =
            LibraryTransfer::writeConversation(*m_source, u"nope"_s, gone, Format::Markdown);
    QVERIFY(!missing.ok);
    QVERIFY(!missing.message.isEmpty());
    QVERIFY(!QFile::exists(gone));
}

void TestLibraryTransfer::libraryBackupImports()
{
    const QString a = conversation(*m_source);
    const QString b = conversation(*m_source);
    QVERIFY(m_source->trashConversation(b));
    const QString path = m_dir->filePath(u"backup.json"_s);
    QVERIFY(LibraryTransfer::writeLibrary(*m_source, path).ok);
    const LibraryTransfer::Result imported = LibraryTransfer::importFromPath(*m_target, path);
    QVERIFY2(imported.ok, qPrintable(imported.message));
    QCOMPARE(imported.conversationIds.size(), 2); // the trash is part of the backup
    QVERIFY(!a.isEmpty());
}

void TestLibraryTransfer::malformedFileChangesNothing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("not JSON") << QByteArray("{\"format\": \"steadfast\", ");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("another format") << QByteArray(R"({"format": "other", "version": 1})");
    QTest::newRow("newer version")
            << QByteArray(R"({"format": "steadfast", "version": 99, "conversations": []})");
    QTest::newRow("an array") << QByteArray("[1, 2, 3]");
}

void TestLibraryTransfer::malformedFileChangesNothing()
{
    QFETCH(QByteArray, content);
    conversation(*m_target);
    const QByteArray before = m_target->exportLibraryJson();
    const QString path = m_dir->filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();

    const LibraryTransfer::Result result = LibraryTransfer::importFromPath(*m_target, path);
    QVERIFY(!result.ok);
    QVERIFY(result.conversationIds.isEmpty());
    QVERIFY2(result.message.startsWith(u"Nothing was imported from “bad.json”: "_s),
             qPrintable(result.message));
    QCOMPARE(m_target->exportLibraryJson(), before);
}

void TestLibraryTransfer::missingFileIsReported()
{
    const LibraryTransfer::Result result =
            LibraryTransfer::importFromPath(*m_target, m_dir->filePath(u"absent.json"_s));
    QVERIFY(!result.ok);
    QVERIFY2(result.message.startsWith(u"Cannot read "_s), qPrintable(result.message));
    QCOMPARE(m_target->conversations().size(), 0);
}

void TestLibraryTransfer::unwritablePathIsReported()
{
    const QString id = conversation(*m_source);
    const QString path = m_dir->filePath(u"no/such/folder/trip.md"_s);
    const LibraryTransfer::Result result =
            LibraryTransfer::writeConversation(*m_source, id, path, Format::Markdown);
    QVERIFY(!result.ok);
    QVERIFY2(result.message.startsWith(u"Cannot write "_s), qPrintable(result.message));
}

void TestLibraryTransfer::formatFor_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("filter"); // index into conversationFilters()
    QTest::addColumn<Format>("expected");
    QTest::newRow("json suffix wins") << u"/tmp/a.json"_s << 0 << Format::Json;
    QTest::newRow("md suffix wins") << u"/tmp/a.md"_s << 1 << Format::Markdown;
    QTest::newRow("markdown suffix") << u"/tmp/a.MARKDOWN"_s << 1 << Format::Markdown;
    QTest::newRow("no suffix, JSON filter") << u"/tmp/a"_s << 1 << Format::Json;
    QTest::newRow("no suffix, Markdown filter") << u"/tmp/a"_s << 0 << Format::Markdown;
}

void TestLibraryTransfer::formatFor()
{
    QFETCH(QString, path);
    QFETCH(int, filter);
    QFETCH(Format, expected);
    QCOMPARE(LibraryTransfer::formatFor(path, LibraryTransfer::conversationFilters().at(filter)),
             expected);
}

void TestLibraryTransfer::suggestedFileName_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"Trip to Lisbon"_s << u"Trip to Lisbon.md"_s;
    QTest::newRow("slashes and colons") << u"a/b: c?"_s << u"a_b_ c_.md"_s;
    QTest::newRow("empty") << QString() << u"conversation.md"_s;
    QTest::newRow("dots only") << u"..."_s << u"conversation.md"_s;
    QTest::newRow("long") << QString(200, u'x') << QString(80, u'x') + u".md"_s;
}

void TestLibraryTransfer::suggestedFileName()
{
    QFETCH(QString, title);
    QFETCH(QString, expected);
    QCOMPARE(LibraryTransfer::suggestedFileName(title, Format::Markdown), expected);
}

#include "TestLibraryTransfer.moc"
QTEST_MAIN(TestLibraryTransfer)
