// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/library/ConversationLibrary.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace steadfast {

/// The library's conversations as a list for the sidebar: one listing at a time.
///
/// Active: the pinned conversations under a "Pinned" header, then the others under "Today",
/// "Yesterday", "Previous 7 days" and "Older" by their updated time (local days of the
/// injected clock), newest first. Headers are rows of their own (IsHeaderRole), neither
/// selectable nor editable; a section without conversations has no header.
/// Trash: the trashed conversations, most recently trashed first, without headers.
///
/// It follows the library (conversationsChanged) by inserting, removing, moving and
/// changing rows, never by a reset, so a view's current row and selection stay on the same
/// conversation. Changing the listing is a reset.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // QString; empty for a header
        TitleRole,                 // QString: the title, tr("New conversation") when empty
        UpdatedRole,               // QDateTime (UTC)
        PinnedRole,                // bool
        IsHeaderRole,              // bool
        SectionRole,               // Section as int: the section the row belongs to
        TrashedRole,               // QDateTime (UTC), invalid outside the trash
    };
    Q_ENUM(Role)

    enum class Section { Pinned, Today, Yesterday, Previous7Days, Older, Trash };
    Q_ENUM(Section)

    using Listing = ConversationLibrary::Listing;
    using Clock = std::function<QDateTime()>;

    /// library: not owned, outlives the model.
    explicit ConversationListModel(ConversationLibrary *library, QObject *parent = nullptr);

    Listing listing() const { return m_listing; }
    /// Shows the other listing (a model reset).
    void setListing(Listing listing);
    /// Where "now" comes from for the day sections (default: QDateTime::currentDateTime).
    /// Day boundaries are those of the local time zone.
    void setClock(Clock clock);
    /// The section a conversation updated at `updated` belongs to, seen at `now` (both
    /// compared as local dates). Never Pinned or Trash.
    static Section dateSection(const QDateTime &updated, const QDateTime &now);
    /// "Pinned", "Today", …: a header's text.
    static QString sectionName(Section section);

    /// The row of that conversation; -1 if it is not in this listing.
    int rowOfId(const QString &id) const;
    QModelIndex indexOfId(const QString &id) const { return index(rowOfId(id)); }
    /// The conversation's info at row (nullptr for a header or an invalid row).
    const ConversationInfo *infoAt(int row) const;
    /// How many conversations (not headers) are listed.
    int conversationCount() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    /// EditRole on a conversation renames it in the library (an empty title goes back to the
    /// automatic one). False for headers, unknown roles or a failed write.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    /// Reads the listing from the library again and applies the difference. Called on
    /// conversationsChanged(); call it also when the day may have changed.
    void refresh();

Q_SIGNALS:
    void listingChanged(steadfast::ConversationLibrary::Listing listing);

private:
    struct Row
    {
        bool header = false;
        Section section = Section::Older;
        ConversationInfo info; // conversations only
        QString key() const;
    };
    QList<Row> readRows() const;
    static bool sameContent(const Row &a, const Row &b);

    ConversationLibrary *m_library; // not owned
    Listing m_listing = Listing::Active;
    Clock m_clock;
    QList<Row> m_rows;
};

} // namespace steadfast
