// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace steadfast {

/// Scans JSON that does not parse (a body cut short by a bounded read, say) for string
/// and number values, by the path of object keys that leads to them ("error.message").
/// Arrays add no step to the path; the first value seen for a path wins. Linear in the
/// text, whatever it holds.
class LenientJsonScan
{
public:
    explicit LenientJsonScan(QStringView text);

    /// The value at path, or an empty string.
    QString value(QStringView path) const { return m_values.value(path.toString()); }
    /// Whether the text ended inside the value at path.
    bool wasCut(QStringView path) const { return m_cut.contains(path.toString()); }
    bool isEmpty() const { return m_values.isEmpty(); }

private:
    void run();
    QString readString(qsizetype &pos, bool &terminated);
    void record(const QString &value, bool cut);

    QStringView m_text;
    QStringList m_path; // the key of each open container ("" for none)
    QString m_key;      // a key read, its value still to come
    bool m_haveKey = false;
    QHash<QString, QString> m_values;
    QSet<QString> m_cut; // values the text ended inside
};

} // namespace steadfast
