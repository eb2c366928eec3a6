// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/LibraryTransfer.h"

#include "core/library/ConversationLibrary.h"

#include <QCoreApplication>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace steadfast::LibraryTransfer {

namespace {

constexpr int maxFileNameLength = 80;

QString displayName(const QString &path)
{
    return QDir::toNativeSeparators(QFileInfo(path).fileName());
}

Result writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        return {false,
                QCoreApplication::translate("LibraryTransfer", "Cannot write “%1”: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString()),
                {}};
    }
    return {true,
            QCoreApplication::translate("LibraryTransfer", "Saved “%1”.").arg(displayName(path)),
            {}};
}

QString documentsDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

QString suffixOf(Format format)
{
    return format == Format::Json ? u".json"_s : u".md"_s;
}

void showFailure(QWidget *parent, const QString &title, const Result &result)
{
    if (!result.ok)
        QMessageBox::warning(parent, title, result.message);
}

} // namespace

Result writeConversation(const ConversationLibrary &library, const QString &conversationId,
                         const QString &path, Format format)
{
    if (!library.conversation(conversationId)) {
        return {false,
                QCoreApplication::translate("LibraryTransfer",
                                            "The conversation no longer exists."),
                {}};
    }
    const QByteArray data = format == Format::Json
            ? library.exportJson({conversationId})
            : library.exportMarkdown(conversationId).toUtf8();
    return writeFile(path, data);
}

Result writeLibrary(const ConversationLibrary &library, const QString &path)
{
    return writeFile(path, library.exportLibraryJson());
}

Result importFromPath(ConversationLibrary &library, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {false,
                QCoreApplication::translate("LibraryTransfer", "Cannot read “%1”: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString()),
                {}};
    }
    if (file.size() > maxImportBytes) {
        return {false,
                QCoreApplication::translate("LibraryTransfer",
                                            "“%1” is too large to be a Steadfast export.")
                        .arg(displayName(path)),
                {}};
    }
    const ImportResult imported = library.importJson(file.readAll());
    if (!imported.ok) {
        // The library's reason is English and technical; the sentence around it is ours.
        return {false,
                QCoreApplication::translate("LibraryTransfer", "Nothing was imported from “%1”: %2")
                        .arg(displayName(path), imported.error),
                {}};
    }
    const int count = int(imported.conversationIds.size());
    return {true,
            QCoreApplication::translate("LibraryTransfer", "Imported %n conversation(s) from “%1”.",
                                        nullptr, count)
                    .arg(displayName(path)),
            imported.conversationIds};
}

QStringList conversationFilters()
{
    return {QCoreApplication::translate("LibraryTransfer", "Markdown (*.md)"),
            QCoreApplication::translate("LibraryTransfer", "JSON (*.json)")};
}

Format formatFor(const QString &path, const QString &selectedFilter)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"json")
        return Format::Json;
    if (suffix == u"md" || suffix == u"markdown")
        return Format::Markdown;
    return selectedFilter.contains(u"*.json"_s) ? Format::Json : Format::Markdown;
}

QString suggestedFileName(const QString &title, Format format)
{
    QString name;
    for (const QChar c : title.simplified()) {
        static const QString refused = u"/\\:*?\"<>|"_s;
        name += (c.category() == QChar::Other_Control || refused.contains(c)) ? u'_' : c;
    }
    name = name.left(maxFileNameLength).trimmed();
    while (name.startsWith(u'.'))
        name.remove(0, 1);
    if (name.isEmpty())
        name = u"conversation"_s;
    return name + suffixOf(format);
}

bool exportConversation(QWidget *parent, ConversationLibrary *library,
                        const QString &conversationId)
{
    const std::optional<ConversationInfo> info = library->conversation(conversationId);
    if (!info)
        return false;
    const QStringList filters = conversationFilters();
    QString selectedFilter = filters.first();
    const QString title = QCoreApplication::translate("LibraryTransfer", "Export Conversation");
    QString path = QFileDialog::getSaveFileName(
            parent, title, documentsDir() + u'/' + suggestedFileName(info->title, Format::Markdown),
            filters.join(u";;"_s), &selectedFilter);
    if (path.isEmpty())
        return false;
    const Format format = formatFor(path, selectedFilter);
    if (QFileInfo(path).suffix().isEmpty())
        path += suffixOf(format);
    const Result result = writeConversation(*library, conversationId, path, format);
    showFailure(parent, title, result);
    return result.ok;
}

bool exportLibrary(QWidget *parent, ConversationLibrary *library)
{
    const QString title =
            QCoreApplication::translate("LibraryTransfer", "Back Up All Conversations");
    const QString suggested =
            u"steadfast-library-%1.json"_s.arg(QDate::currentDate().toString(Qt::ISODate));
    QString path = QFileDialog::getSaveFileName(
            parent, title, documentsDir() + u'/' + suggested,
            QCoreApplication::translate("LibraryTransfer", "JSON (*.json)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += u".json"_s;
    const Result result = writeLibrary(*library, path);
    showFailure(parent, title, result);
    return result.ok;
}

QStringList importFile(QWidget *parent, ConversationLibrary *library, const QString &path)
{
    const Result result = importFromPath(*library, path);
    const QString title = QCoreApplication::translate("LibraryTransfer", "Import Conversations");
    if (result.ok)
        QMessageBox::information(parent, title, result.message);
    else
        QMessageBox::warning(parent, title, result.message);
    return result.conversationIds;
}

QStringList chooseAndImportFile(QWidget *parent, ConversationLibrary *library)
{
    const QString path = QFileDialog::getOpenFileName(
            parent, QCoreApplication::translate("LibraryTransfer", "Import Conversations"),
            documentsDir(),
            QCoreApplication::translate("LibraryTransfer", "Steadfast export (*.json)"));
    if (path.isEmpty())
        return {};
    return importFile(parent, library, path);
}

} // namespace steadfast::LibraryTransfer
