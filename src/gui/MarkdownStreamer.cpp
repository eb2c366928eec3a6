// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/MarkdownStreamer.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

QStringView stripCarriageReturn(QStringView line)
{
    return line.endsWith(u'\r') ? line.chopped(1) : line;
}

qsizetype leadingSpaces(QStringView line)
{
    qsizetype n = 0;
    while (n < line.size() && line[n] == u' ')
        ++n;
    return n;
}

bool isBlank(QStringView line)
{
    return line.trimmed().isEmpty();
}

} // namespace

MarkdownStreamer::MarkdownStreamer(qsizetype maxTailChars) : m_maxTail(maxTailChars) {}

void MarkdownStreamer::append(QStringView text)
{
    m_source.append(text);
}

void MarkdownStreamer::clear()
{
    *this = MarkdownStreamer(m_maxTail);
}

std::optional<MarkdownStreamer::Fence> MarkdownStreamer::openingFence(QStringView line)
{
    const qsizetype indent = leadingSpaces(line);
    if (indent > 3 || indent >= line.size())
        return std::nullopt;
    const QChar marker = line[indent];
    if (marker != u'`' && marker != u'~')
        return std::nullopt;
    qsizetype length = 0;
    while (indent + length < line.size() && line[indent + length] == marker)
        ++length;
    if (length < 3)
        return std::nullopt;
    const QStringView info = line.mid(indent + length).trimmed();
    if (marker == u'`' && info.contains(u'`')) // CommonMark: a backtick fence's info has none
        return std::nullopt;
    return Fence{marker, length, info.toString()};
}

bool MarkdownStreamer::isClosingFence(QStringView line) const
{
    const qsizetype indent = leadingSpaces(line);
    if (indent > 3)
        return false;
    qsizetype length = 0;
    while (indent + length < line.size() && line[indent + length] == m_fence.marker)
        ++length;
    return length >= m_fence.length && line.mid(indent + length).trimmed().isEmpty();
}

bool MarkdownStreamer::continuesBlock(QStringView line)
{
    // After a blank line, an indented line or another list item continues a (loose) list;
    // rendering its parts apart would restart the numbering.
    static const QRegularExpression listItem(u"^\\s{0,3}([-*+]|\\d{1,9}[.)])(\\s|$)"_s);
    return leadingSpaces(line) >= 2 || line.startsWith(u'\t') || listItem.match(line).hasMatch();
}

void MarkdownStreamer::commitProse(QList<MarkdownOp> &ops, qsizetype end)
{
    if (end > m_proseStart) {
        const QString prose = m_source.mid(m_proseStart, end - m_proseStart);
        if (!isBlank(prose)) {
            ops.append({MarkdownOp::Type::Prose, prose});
            m_lastCost += prose.size();
        }
    }
    m_proseStart = end;
    m_pendingBlank = false;
}

QList<MarkdownOp> MarkdownStreamer::flush()
{
    QList<MarkdownOp> ops;
    m_lastCost = 0;
    const qsizetype scanStart = m_scanPos;
    for (qsizetype newline = m_source.indexOf(u'\n', m_scanPos); newline >= 0;
         newline = m_source.indexOf(u'\n', m_scanPos)) {
        const QStringView line =
                stripCarriageReturn(QStringView(m_source).mid(m_scanPos, newline - m_scanPos));
        const qsizetype lineStart = m_scanPos;
        const qsizetype next = newline + 1;
        m_scanPos = next;

        if (m_inCode) {
            if (isClosingFence(line)) {
                ops.append({MarkdownOp::Type::CodeEnd, {}});
                m_inCode = false;
                m_proseStart = next;
            } else {
                ops.append({MarkdownOp::Type::CodeLine, line.toString()});
                m_lastCost += line.size();
                m_proseStart = next;
            }
            continue;
        }
        if (m_pendingBlank && !isBlank(line) && !continuesBlock(line))
            commitProse(ops, lineStart);
        if (const std::optional<Fence> fence = openingFence(line)) {
            commitProse(ops, lineStart);
            m_fence = *fence;
            m_inCode = true;
            m_proseStart = next;
            ops.append({MarkdownOp::Type::CodeStart, fence->info});
            continue;
        }
        if (isBlank(line)) {
            if (m_proseStart == lineStart) // nothing pending: skip blank lines between blocks
                m_proseStart = next;
            else
                m_pendingBlank = true;
            continue;
        }
        if (next - m_proseStart > m_maxTail)
            commitProse(ops, next);
    }
    m_lastCost += m_scanPos - scanStart;

    QString tail = m_source.mid(m_inCode ? m_scanPos : m_proseStart);
    if (tail != m_lastTail) {
        m_lastCost += tail.size();
        m_lastTail = tail;
        ops.append({MarkdownOp::Type::Tail, std::move(tail)});
    }
    return ops;
}

QList<MarkdownOp> MarkdownStreamer::finish()
{
    // The last line is complete now: it may close a fence or end a block like any other.
    if (!m_source.isEmpty() && !m_source.endsWith(u'\n'))
        m_source.append(u'\n');
    QList<MarkdownOp> ops = flush();
    if (!ops.isEmpty() && ops.last().type == MarkdownOp::Type::Tail)
        ops.removeLast();
    if (m_inCode) {
        const QString rest = m_source.mid(m_scanPos);
        if (!rest.isEmpty())
            ops.append({MarkdownOp::Type::CodeLine, rest});
        ops.append({MarkdownOp::Type::CodeEnd, {}});
        m_inCode = false;
        m_scanPos = m_source.size();
        m_proseStart = m_scanPos;
    } else {
        m_scanPos = m_source.size();
        commitProse(ops, m_source.size());
    }
    if (!m_lastTail.isEmpty()) // the committed text replaces what the tail showed
        ops.append({MarkdownOp::Type::Tail, {}});
    m_lastTail.clear();
    return ops;
}

} // namespace steadfast
