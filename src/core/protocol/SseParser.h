// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>

#include <chrono>
#include <optional>

namespace steadfast {

/// One dispatched Server-Sent Event.
struct SseEvent
{
    /// The last "event:" field of the event. Empty when the event had none: the WHATWG
    /// EventSource would call that type "message"; we keep the absence visible instead.
    QString event;
    /// The "data:" lines joined with '\n', without the final newline. Raw bytes: invalid
    /// UTF-8 survives and decoding is the caller's business.
    QByteArray data;
    /// The last event ID buffer at dispatch time. As in the spec it persists: an event
    /// without its own "id:" carries the id of an earlier one ("id:" with no value clears it).
    QString id;

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

/// An incremental parser for the text/event-stream format, following the WHATWG HTML
/// standard's "Interpreting an event stream" rules: LF, CR and CRLF line ends (a CR at the
/// end of one chunk and an LF at the start of the next are one CRLF), a UTF-8 BOM at the very
/// start is skipped, ":" comment lines are ignored, "data:" with or without the one leading
/// space, fields without a colon, multi-line data, "id:" values containing NUL are ignored,
/// "retry:" is exposed as reconnectionTime(). Field names are case-sensitive.
///
/// Chunks may be cut anywhere: the same bytes give the same events whatever the chunking.
/// Work per chunk is proportional to the chunk: only the unfinished last line and the data
/// of the event being assembled are kept, and only new bytes are scanned.
///
/// Memory is bounded by maxLineBytes: when one line, or the data of one event, would grow
/// beyond it the parser stops (overflowed() becomes true, buffers are dropped, later input
/// is ignored until reset()), so the caller can treat the reply as invalid rather than
/// running out of memory.
class SseParser
{
public:
    static constexpr qsizetype DefaultMaxLineBytes = 8 * 1024 * 1024;

    explicit SseParser(qsizetype maxLineBytes = DefaultMaxLineBytes);

    /// Parses the next chunk and returns the events it completed (in order). Events that were
    /// completed before an overflow in the same chunk are still returned.
    QList<SseEvent> feed(QByteArrayView chunk);

    /// End of stream. Per the spec an event whose terminating blank line never came is NOT
    /// dispatched: what finish() returns is that incomplete event (at most one, only when it
    /// had at least one "data:" line; an unterminated last line counts as a line), so the
    /// caller can report what was cut off, e.g. an error payload sent without its blank
    /// line. Returning it does not make it valid: never treat it as a normal event.
    /// Afterwards the pending state is cleared and a new stream may begin (with its own
    /// optional BOM); the last event id, reconnectionTime() and overflowed() are kept.
    QList<SseEvent> finish();

    /// True when bytes since the last dispatched event would be lost if the stream ended
    /// now: an unterminated line, "data:" lines or an "event:" awaiting their blank line.
    bool hasPendingData() const;

    /// Back to the state of a newly constructed parser (the limit is kept).
    void reset();

    /// Bytes held between chunks: the unfinished line plus the pending event's fields.
    qsizetype bufferedBytes() const;

    /// True once a line or an event exceeded maxLineBytes(); sticky until reset().
    bool overflowed() const { return m_overflowed; }
    qsizetype maxLineBytes() const { return m_maxLineBytes; }

    /// The last valid "retry:" value (ASCII digits only, in milliseconds), if any.
    std::optional<std::chrono::milliseconds> reconnectionTime() const { return m_retry; }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &events);
    void processField(QByteArrayView name, QByteArrayView value);
    void dispatch(QList<SseEvent> &events);
    void clearPendingEvent();
    void setOverflowed();

    qsizetype m_maxLineBytes;
    QByteArray m_line;      // the unfinished last line (no terminator)
    QByteArray m_data;      // data lines of the pending event, joined with '\n'
    bool m_hasData = false; // at least one data line (possibly empty) since the last dispatch
    QString m_eventType;
    QString m_lastEventId;
    std::optional<std::chrono::milliseconds> m_retry;
    qsizetype m_bomMatched = 0; // bytes of a leading BOM seen so far
    bool m_atStreamStart = true;
    bool m_skipLeadingLf = false; // the previous chunk ended with CR: an LF now belongs to it
    bool m_overflowed = false;
};

} // namespace steadfast

Q_DECLARE_METATYPE(steadfast::SseEvent)
