// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace steadfast {

/// One step for the widget that shows a streamed Markdown reply (see MarkdownStreamer).
struct MarkdownOp
{
    enum class Type {
        Prose, // a finished Markdown block (paragraphs, a list, a heading, a table): render once
        CodeStart, // a fenced code block opens; text is its info string ("cpp", may be empty)
        CodeLine,  // one finished line of the open code block: append it
        CodeEnd,   // the code block closed
        Tail,      // the unfinished rest: replaces the previous tail (prose, or the code line)
    };
    Type type;
    QString text;
    friend bool operator==(const MarkdownOp &, const MarkdownOp &) = default;
};

/// Cuts a Markdown reply that arrives in pieces into blocks that are final, so the view renders
/// each finished block once and re-renders only the unfinished tail. The work per flush is
/// bounded by the length of the new text plus the tail (at most a paragraph, a list, or one line
/// of code; a tail longer than maxTailChars is committed at its last line break), never by the
/// length of the reply: rendering a whole message again for every token is the trap this avoids.
///
/// Blocks are committed at a blank line followed by text that does not continue the block (a
/// list item or an indented line keeps a loose list together), and around fenced code blocks
/// (``` or ~~~, whose lines are committed one by one). Pure logic, no widgets: tests and the
/// benchmark drive it directly.
class MarkdownStreamer
{
public:
    static constexpr qsizetype defaultMaxTailChars = 8192;

    explicit MarkdownStreamer(qsizetype maxTailChars = defaultMaxTailChars);

    /// Buffers text; nothing is scanned until flush().
    void append(QStringView text);
    /// Scans the text appended since the last flush and returns what changed. A Tail op, when
    /// present, is the last one. Call it at the view's frame rate, not per token.
    QList<MarkdownOp> flush();
    /// The reply is complete: flushes and commits the tail (a code block left open is closed).
    QList<MarkdownOp> finish();
    void clear();

    QString source() const { return m_source; }
    bool isInCode() const { return m_inCode; }
    /// Characters the last flush() examined or handed out for rendering (tests, benchmarks).
    qsizetype lastFlushCost() const { return m_lastCost; }

private:
    struct Fence
    {
        QChar marker;
        qsizetype length = 0;
        QString info;
    };
    static std::optional<Fence> openingFence(QStringView line);
    bool isClosingFence(QStringView line) const;
    static bool continuesBlock(QStringView line);
    void commitProse(QList<MarkdownOp> &ops, qsizetype end);

    qsizetype m_maxTail;
    QString m_source;
    qsizetype m_scanPos = 0;    // start of the first line not yet scanned
    qsizetype m_proseStart = 0; // start of the prose not yet committed
    bool m_pendingBlank =
            false; // a blank line ended the pending prose; commit it unless the next line continues it
    bool m_inCode = false;
    Fence m_fence;
    QString m_lastTail;
    qsizetype m_lastCost = 0;
};

} // namespace steadfast
