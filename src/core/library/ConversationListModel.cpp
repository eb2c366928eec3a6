// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/library/ConversationListModel.h"

#include <QSet>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

QString displayTitle(const ConversationInfo &info)
{
    return info.title.isEmpty() ? ConversationListModel::tr("New conversation") : info.title;
}

bool newerFirst(const ConversationInfo &a, const ConversationInfo &b)
{
    return a.updated > b.updated;
}

} // namespace

QString ConversationListModel::Row::key() const
{
    // Ids are UUIDs: a header's key never equals one.
    return header ? u"#section-"_s + QString::number(int(section)) : info.id;
}

ConversationListModel::ConversationListModel(ConversationLibrary *library, QObject *parent)
    : QAbstractListModel(parent)
    , m_library(library)
    , m_clock([] { return QDateTime::currentDateTime(); })
{
    connect(m_library, &ConversationLibrary::conversationsChanged, this,
            &ConversationListModel::refresh);
    m_rows = readRows();
}

void ConversationListModel::setListing(Listing listing)
{
    if (listing == m_listing)
        return;
    beginResetModel();
    m_listing = listing;
    m_rows = readRows();
    endResetModel();
    Q_EMIT listingChanged(listing);
}

void ConversationListModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    refresh();
}

ConversationListModel::Section ConversationListModel::dateSection(const QDateTime &updated,
                                                                  const QDateTime &now)
{
    const qint64 days = updated.toLocalTime().date().daysTo(now.toLocalTime().date());
    if (days <= 0) // today, or a clock that went back: not "older"
        return Section::Today;
    if (days == 1)
        return Section::Yesterday;
    if (days <= 7)
        return Section::Previous7Days;
    return Section::Older;
}

QString ConversationListModel::sectionName(Section section)
{
    switch (section) {
    case Section::Pinned:
        return tr("Pinned");
    case Section::Today:
        return tr("Today");
    case Section::Yesterday:
        return tr("Yesterday");
    case Section::Previous7Days:
        return tr("Previous 7 days");
    case Section::Older:
        return tr("Older");
    case Section::Trash:
        return tr("Trash");
    }
    return {};
}

int ConversationListModel::rowOfId(const QString &id) const
{
    if (id.isEmpty())
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!m_rows[row].header && m_rows[row].info.id == id)
            return row;
    }
    return -1;
}

const ConversationInfo *ConversationListModel::infoAt(int row) const
{
    if (row < 0 || row >= m_rows.size() || m_rows[row].header)
        return nullptr;
    return &m_rows[row].info;
}

int ConversationListModel::conversationCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &row) { return !row.header; }));
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return row.header ? sectionName(row.section) : displayTitle(row.info);
    case Qt::EditRole:
        return row.header ? QVariant() : QVariant(row.info.title);
    case Qt::ToolTipRole:
    case TitleRole:
        return row.header ? QVariant() : QVariant(displayTitle(row.info));
    case IdRole:
        return row.header ? QString() : row.info.id;
    case UpdatedRole:
        return row.header ? QVariant() : QVariant(row.info.updated);
    case PinnedRole:
        return !row.header && row.info.pinned;
    case IsHeaderRole:
        return row.header;
    case SectionRole:
        return int(row.section);
    case TrashedRole:
        return row.header ? QVariant() : QVariant(row.info.trashed);
    default:
        return {};
    }
}

bool ConversationListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const Row &row = m_rows[index.row()];
    if (row.header)
        return false;
    const QString title = value.toString().simplified();
    if (title == row.info.title)
        return true; // unchanged: do not mark an automatic title as edited
    // The library's conversationsChanged() brings the new title back through refresh().
    return m_library->renameConversation(row.info.id, title);
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    // Headers are not even enabled, so the keyboard's arrows pass over them; the delegate
    // draws them in their own colours.
    if (m_rows[index.row()].header)
        return Qt::ItemNeverHasChildren;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (m_listing == Listing::Active)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "conversationId");
    names.insert(TitleRole, "title");
    names.insert(UpdatedRole, "updated");
    names.insert(PinnedRole, "pinned");
    names.insert(IsHeaderRole, "isHeader");
    names.insert(SectionRole, "section");
    names.insert(TrashedRole, "trashed");
    return names;
}

QList<ConversationListModel::Row> ConversationListModel::readRows() const
{
    QList<ConversationInfo> infos = m_library->conversations(m_listing);
    QList<Row> rows;
    rows.reserve(infos.size() + 5);
    if (m_listing == Listing::Trash) {
        std::stable_sort(infos.begin(), infos.end(),
                         [](const ConversationInfo &a, const ConversationInfo &b) {
                             return a.trashed > b.trashed;
                         });
        for (ConversationInfo &info : infos)
            rows.append({false, Section::Trash, std::move(info)});
        return rows;
    }

    // Pinned first, then newest first; then a header wherever the section changes.
    std::stable_sort(infos.begin(), infos.end(),
                     [](const ConversationInfo &a, const ConversationInfo &b) {
                         if (a.pinned != b.pinned)
                             return a.pinned;
                         return newerFirst(a, b);
                     });
    const QDateTime now = m_clock();
    std::optional<Section> current;
    for (ConversationInfo &info : infos) {
        const Section section = info.pinned ? Section::Pinned : dateSection(info.updated, now);
        if (section != current) {
            rows.append({true, section, {}});
            current = section;
        }
        rows.append({false, section, std::move(info)});
    }
    return rows;
}

bool ConversationListModel::sameContent(const Row &a, const Row &b)
{
    if (a.header || b.header)
        return a.header == b.header && a.section == b.section;
    return a.section == b.section && a.info.title == b.info.title
            && a.info.updated == b.info.updated && a.info.pinned == b.info.pinned
            && a.info.trashed == b.info.trashed && a.info.titleEdited == b.info.titleEdited
            && a.info.messageCount == b.info.messageCount;
}

void ConversationListModel::refresh()
{
    QList<Row> target = readRows();
    if (m_rows.isEmpty() && !target.isEmpty()) {
        beginInsertRows({}, 0, int(target.size()) - 1);
        m_rows = std::move(target);
        endInsertRows();
        return;
    }

    // 1. Remove the rows that are gone, in contiguous runs from the bottom.
    QSet<QString> wanted;
    wanted.reserve(target.size());
    for (const Row &row : std::as_const(target))
        wanted.insert(row.key());
    for (int last = int(m_rows.size()) - 1; last >= 0; --last) {
        if (wanted.contains(m_rows[last].key()))
            continue;
        int first = last;
        while (first > 0 && !wanted.contains(m_rows[first - 1].key()))
            --first;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first;
    }

    // 2. Walk the target: keep (and update) what is in place, move what is further down,
    // insert what is new. Moves keep the persistent indexes (a view's current row) on
    // their conversation.
    for (int i = 0; i < target.size(); ++i) {
        const QString key = target[i].key();
        if (i >= m_rows.size() || m_rows[i].key() != key) {
            int from = -1;
            for (int j = i + 1; j < m_rows.size(); ++j) {
                if (m_rows[j].key() == key) {
                    from = j;
                    break;
                }
            }
            if (from < 0) {
                beginInsertRows({}, i, i);
                m_rows.insert(i, target[i]);
                endInsertRows();
                continue;
            }
            beginMoveRows({}, from, from, {}, i);
            m_rows.move(from, i);
            endMoveRows();
        }
        if (!sameContent(m_rows[i], target[i])) {
            m_rows[i] = target[i];
            const QModelIndex changed = index(i);
            Q_EMIT dataChanged(changed, changed);
        }
    }
}

} // namespace steadfast
