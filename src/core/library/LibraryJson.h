// SPDX-License-Identifier: GPL-3.0-or-later
// The library's JSON export format (ConversationLibrary::exportJson / importJson), one place
// for its keys:
//   {"format": "steadfast", "version": 1, "conversations": [
//     {"id", "title", "titleEdited", "created", "updated", "pinned", "trashed" (when in the
//      trash), "settings": {...}, "draft", "selectedRoot" (a message id, when one is
//      selected), "messages": [ConversationItem::toJson() + "parent" (not for roots) +
//      "selectedChild" (when one is selected)], oldest first (a parent before its children)}
//   ]}
// Times are ISO 8601 UTC with milliseconds.
#pragma once

#include <QString>

namespace steadfast::LibraryJson {

inline const QString kFormat = QStringLiteral("format");
inline const QString kFormatName = QStringLiteral("steadfast");
inline const QString kVersion = QStringLiteral("version");
inline const QString kConversations = QStringLiteral("conversations");
inline const QString kId = QStringLiteral("id");
inline const QString kTitle = QStringLiteral("title");
inline const QString kTitleEdited = QStringLiteral("titleEdited");
inline const QString kCreated = QStringLiteral("created");
inline const QString kUpdated = QStringLiteral("updated");
inline const QString kPinned = QStringLiteral("pinned");
inline const QString kTrashed = QStringLiteral("trashed");
inline const QString kSettings = QStringLiteral("settings");
inline const QString kDraft = QStringLiteral("draft");
inline const QString kSelectedRoot = QStringLiteral("selectedRoot");
inline const QString kMessages = QStringLiteral("messages");
inline const QString kParent = QStringLiteral("parent");
inline const QString kSelectedChild = QStringLiteral("selectedChild");

} // namespace steadfast::LibraryJson
