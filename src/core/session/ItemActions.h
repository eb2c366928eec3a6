// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFlags>
#include <QObject>

namespace steadfast {

/// What the window may offer on one item of the conversation. ChatSession::actionsFor()
/// decides (one rule, tested without widgets); the timeline only shows the buttons.
namespace ItemActionsNs {
Q_NAMESPACE

enum class ItemAction {
    Edit = 0x01,          // a User item: edit it and resend as a new branch
    Regenerate = 0x02,    // an Assistant item: ask again, as a new version beside it
    Continue = 0x04,      // an interrupted or stopped Assistant item: ask the model to go on
    Copy = 0x08,          // User and Assistant items with text
    Delete = 0x10,        // User and Assistant items: delete (with Undo)
    SwitchVersion = 0x20, // the item has siblings: "‹ 1/2 ›" is enabled
    CardActions = 0x40,   // an Error item whose buttons act now (it belongs to the last exchange)
};
Q_DECLARE_FLAGS(ItemActions, ItemAction)
Q_FLAG_NS(ItemActions)

} // namespace ItemActionsNs

using ItemAction = ItemActionsNs::ItemAction;
using ItemActions = ItemActionsNs::ItemActions;

} // namespace steadfast

Q_DECLARE_OPERATORS_FOR_FLAGS(steadfast::ItemActions)
