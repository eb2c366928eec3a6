// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/library/SearchResultModel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast {

SearchResultModel::SearchResultModel(ConversationLibrary *library, QObject *parent)
    : QAbstractListModel(parent)
    , m_library(library)
{
    connect(m_library, &ConversationLibrary::conversationsChanged, this,
            &SearchResultModel::refresh);
}

void SearchResultModel::setQuery(const QString &query)
{
    m_query = query.trimmed();
    refresh();
}

void SearchResultModel::refresh()
{
    beginResetModel();
    m_hits = m_query.isEmpty() ? QList<SearchHit>() : m_library->search(m_query, maxResults);
    std::stable_sort(m_hits.begin(), m_hits.end(),
                     [](const SearchHit &a, const SearchHit &b) { return a.time > b.time; });
    endResetModel();
}

const SearchHit *SearchResultModel::hitAt(int row) const
{
    return row >= 0 && row < m_hits.size() ? &m_hits[row] : nullptr;
}

QString SearchResultModel::plainSnippet(const QString &snippet)
{
    QString plain = snippet;
    plain.remove(SearchHit::markStart);
    plain.remove(SearchHit::markEnd);
    return plain;
}

int SearchResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchResultModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit &hit = m_hits[index.row()];
    const QString title =
            hit.conversationTitle.isEmpty() ? tr("New conversation") : hit.conversationTitle;
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return title;
    case Qt::ToolTipRole:
        return plainSnippet(hit.snippet);
    case Qt::AccessibleTextRole:
        return tr("%1: %2").arg(title, plainSnippet(hit.snippet));
    case ConversationIdRole:
        return hit.conversationId;
    case MessageIdRole:
        return hit.messageId;
    case SnippetRole:
        return hit.snippet;
    case TimeRole:
        return hit.time;
    case KindRole:
        return int(hit.kind);
    default:
        return {};
    }
}

Qt::ItemFlags SearchResultModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> SearchResultModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ConversationIdRole, "conversationId");
    names.insert(MessageIdRole, "messageId");
    names.insert(TitleRole, "title");
    names.insert(SnippetRole, "snippet");
    names.insert(TimeRole, "time");
    names.insert(KindRole, "kind");
    return names;
}

} // namespace steadfast
