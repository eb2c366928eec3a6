// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/library/ConversationLibrary.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>

namespace steadfast {

/// The hits of ConversationLibrary::search() for one query, newest first, as a list model
/// for the sidebar. Searches again when the library's conversations change (a rename, a
/// conversation trashed) while a query is set.
class SearchResultModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1, // QString
        MessageIdRole,                         // QString
        TitleRole,                             // QString: the conversation's title (never empty)
        SnippetRole, // QString: plain text, matches between SearchHit::markStart / markEnd
        TimeRole,    // QDateTime (UTC): the message's time
        KindRole,    // ConversationItem::Kind as int
    };
    Q_ENUM(Role)

    /// The most hits shown for one query.
    static constexpr int maxResults = 100;

    /// library: not owned, outlives the model.
    explicit SearchResultModel(ConversationLibrary *library, QObject *parent = nullptr);

    QString query() const { return m_query; }
    /// Searches (a model reset); an empty query empties the model.
    void setQuery(const QString &query);
    const SearchHit *hitAt(int row) const;

    /// The snippet without its marks: what a screen reader says.
    static QString plainSnippet(const QString &snippet);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    /// Runs the query again.
    void refresh();

private:
    ConversationLibrary *m_library; // not owned
    QString m_query;
    QList<SearchHit> m_hits;
};

} // namespace steadfast
