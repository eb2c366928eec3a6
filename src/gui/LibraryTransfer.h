// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace steadfast {

class ConversationLibrary;

/// Export and import of conversations as files: one conversation as Markdown (to read) or
/// JSON (to import elsewhere), the whole library as one JSON backup, and the import of
/// either JSON file.
///
/// The work is done by functions that take the path (writeConversation, writeLibrary,
/// importFromPath) and return a Result with the sentence to show; the functions the window
/// calls (exportConversation, exportLibrary, importFile, chooseAndImportFile) only add the
/// file dialogs and message boxes around them, so tests never open a modal dialog.
namespace LibraryTransfer {

enum class Format { Markdown, Json };

/// What a transfer did.
struct Result
{
    bool ok = false;
    QString message;             // a translated sentence for the user: what was done, or why not
    QStringList conversationIds; // import: the conversations created
};

/// Files larger than this are not read for an import.
constexpr qint64 maxImportBytes = qint64(512) * 1024 * 1024;

/// Writes the conversation (its current path for Markdown, its whole tree for JSON) to
/// path atomically (QSaveFile): the old file stays whole if anything fails.
Result writeConversation(const ConversationLibrary &library, const QString &conversationId,
                         const QString &path, Format format);
/// Writes the whole library, the trash included (exportLibraryJson), to path atomically.
Result writeLibrary(const ConversationLibrary &library, const QString &path);
/// Reads a JSON export or backup and imports it (ConversationLibrary::importJson): all or
/// nothing.
Result importFromPath(ConversationLibrary &library, const QString &path);

/// The save dialog's name filters: Markdown first, then JSON.
QStringList conversationFilters();
/// The format for the file the user chose: by its suffix (.json, .md, .markdown), else by
/// the name filter chosen.
Format formatFor(const QString &path, const QString &selectedFilter);
/// A file name made from a conversation's title: characters that file systems refuse
/// replaced, at most 80 characters, "conversation" when nothing is left; with the suffix.
QString suggestedFileName(const QString &title, Format format);

/// Asks where to save the conversation and as what (a QFileDialog with both filters),
/// writes it, and shows a message box if that failed. True when written. library: not owned.
bool exportConversation(QWidget *parent, ConversationLibrary *library,
                        const QString &conversationId);
/// Asks where to save the backup of the whole library, writes it, and reports a failure.
bool exportLibrary(QWidget *parent, ConversationLibrary *library);
/// Imports the file and shows what happened (how many conversations, or why nothing was
/// imported). The ids of the conversations created; empty on failure.
QStringList importFile(QWidget *parent, ConversationLibrary *library, const QString &path);
/// Asks for a file to import (a QFileDialog), then importFile(). Empty when cancelled.
QStringList chooseAndImportFile(QWidget *parent, ConversationLibrary *library);

} // namespace LibraryTransfer

} // namespace steadfast
