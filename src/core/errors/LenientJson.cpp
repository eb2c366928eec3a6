// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/LenientJson.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace steadfast {

LenientJsonScan::LenientJsonScan(QStringView text) : m_text(text)
{
    run();
}

void LenientJsonScan::run()
{
    const qsizetype n = m_text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = m_text[i];
        if (c == u'{' || c == u'[') {
            m_path.push_back(m_haveKey ? m_key : QString());
            m_haveKey = false;
            ++i;
        } else if (c == u'}' || c == u']') {
            if (!m_path.isEmpty())
                m_path.pop_back();
            m_haveKey = false;
            ++i;
        } else if (c == u'"') {
            bool terminated = false;
            QString text = readString(i, terminated);
            qsizetype j = i;
            while (j < n && m_text[j].isSpace())
                ++j;
            if (terminated && j < n && m_text[j] == u':') {
                m_key = std::move(text);
                m_haveKey = true;
                i = j + 1;
            } else {
                if (m_haveKey)
                    record(text, !terminated);
                m_haveKey = false;
            }
        } else if (m_haveKey && (c == u'-' || c.isLetterOrNumber())) {
            const qsizetype start = i;
            while (i < n
                   && (m_text[i].isLetterOrNumber() || m_text[i] == u'.' || m_text[i] == u'-'
                       || m_text[i] == u'+'))
                ++i;
            const QString token = m_text.sliced(start, i - start).toString();
            if (token != u"null"_s)
                record(token, false);
            m_haveKey = false;
        } else {
            ++i; // ',', ':', whitespace or junk
        }
    }
}

/// Reads the string starting at the quote at pos; leaves pos after the closing quote.
QString LenientJsonScan::readString(qsizetype &pos, bool &terminated)
{
    const qsizetype n = m_text.size();
    QString out;
    ++pos; // the opening quote
    while (pos < n) {
        const QChar c = m_text[pos];
        if (c == u'"') {
            ++pos;
            terminated = true;
            return out;
        }
        if (c != u'\\') {
            out += c;
            ++pos;
            continue;
        }
        if (pos + 1 >= n)
            break;
        const QChar escaped = m_text[pos + 1];
        pos += 2;
        if (escaped == u'u') {
            if (pos + 4 > n) {
                pos = n;
                break;
            }
            bool ok = false;
            const ushort code = m_text.sliced(pos, 4).toUShort(&ok, 16);
            out += ok ? QChar(code) : QChar(QChar::ReplacementCharacter);
            pos += 4;
            continue;
        }
        // '"', '\\', '/' and anything a sloppy server escapes stand for themselves.
        static constexpr std::pair<char16_t, char16_t> controls[] = {
                {u'n', u'\n'}, {u't', u'\t'}, {u'r', u'\r'}, {u'b', u'\b'}, {u'f', u'\f'}};
        QChar decoded = escaped;
        for (const auto &[letter, control] : controls) {
            if (escaped == letter)
                decoded = control;
        }
        out += decoded;
    }
    terminated = false;
    return out;
}

void LenientJsonScan::record(const QString &value, bool cut)
{
    QStringList steps;
    for (const QString &step : std::as_const(m_path)) {
        if (!step.isEmpty())
            steps += step;
    }
    steps += m_key;
    const QString path = steps.join(u'.');
    if (m_values.contains(path))
        return;
    m_values.insert(path, value);
    if (cut)
        m_cut.insert(path);
}

} // namespace steadfast
