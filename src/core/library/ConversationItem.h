// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/protocol/CompletionParser.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace steadfast {

/// One entry of a conversation: what the user wrote, what the model answered, or an error
/// that ended an exchange. Errors are items of their own so their text never mixes with a
/// reply's text nor reaches the model (DESIGN.md, "Data safety").
struct ConversationItem
{
    enum class Kind { User, Assistant, Error };

    Kind kind = Kind::User;
    QString id;     // QUuid without braces; stable across save and restore
    QDateTime time; // UTC, when the item was created
    QString text;   // User / Assistant

    // The place in the conversation's tree (ConversationLibrary); filled when read from it.
    QString parentId;     // empty: a root
    int siblingIndex = 0; // 0-based among the parent's children not deleted, oldest first
    int siblingCount = 1;

    // Assistant only:
    bool streaming = false;   // text is still arriving
    bool interrupted = false; // the reply broke part way: partial text kept
    bool stopped = false;     // the user stopped it part way: partial text kept
    QString finishReason;
    QString model;
    QString requestId;
    std::optional<Usage> usage;

    // Error only:
    ApiError error;

    /// The JSON form (docs/decisions.md, "Conversations on disk"): enumerations by name,
    /// fields left at their defaults omitted.
    QJsonObject toJson() const;
    /// nullopt for garbage: not the shape toJson() writes (unknown kind, missing id or time,
    /// a field of the wrong type, an unknown error kind or timeout phase).
    static std::optional<ConversationItem> fromJson(const QJsonObject &object);

    /// "user", "assistant", "error": the names used on disk.
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::ConversationItem)
