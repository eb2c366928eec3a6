// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol/SseParser.h"

#include <algorithm>

namespace steadfast {

namespace {

constexpr char Bom[] = {'\xEF', '\xBB', '\xBF'};
constexpr qsizetype BomSize = qsizetype(sizeof(Bom));

// "retry:" is honoured only when it is all ASCII digits (WHATWG); absurd values are ignored
// rather than overflowing.
std::optional<std::chrono::milliseconds> parseRetry(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > 15)
        return std::nullopt;
    qint64 ms = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return std::nullopt;
        ms = ms * 10 + (c - '0');
    }
    return std::chrono::milliseconds(ms);
}

} // namespace

SseParser::SseParser(qsizetype maxLineBytes) : m_maxLineBytes(std::max<qsizetype>(1, maxLineBytes))
{
}

QList<SseEvent> SseParser::feed(QByteArrayView chunk)
{
    QList<SseEvent> events;
    if (m_overflowed)
        return events;

    const char *bytes = chunk.data();
    const qsizetype size = chunk.size();
    qsizetype pos = 0;

    // A BOM is skipped only at the very start of the stream, and it may itself be split.
    if (m_atStreamStart) {
        while (pos < size && m_bomMatched < BomSize && bytes[pos] == Bom[m_bomMatched]) {
            ++m_bomMatched;
            ++pos;
        }
        if (m_bomMatched == BomSize) {
            m_atStreamStart = false;
            m_bomMatched = 0;
        } else if (pos < size) {
            // Not a BOM after all: the bytes matched so far start the first line.
            m_line.append(QByteArrayView(Bom, m_bomMatched));
            m_atStreamStart = false;
            m_bomMatched = 0;
        } else {
            return events; // the chunk ended inside what may still be a BOM
        }
    }

    while (pos < size) {
        if (m_skipLeadingLf) {
            m_skipLeadingLf = false;
            if (bytes[pos] == '\n') {
                ++pos; // the LF of a CRLF whose CR ended the previous line
                continue;
            }
        }

        qsizetype end = pos;
        while (end < size && bytes[end] != '\n' && bytes[end] != '\r')
            ++end;
        const QByteArrayView segment(bytes + pos, end - pos);
        if (m_line.size() + segment.size() > m_maxLineBytes) {
            setOverflowed();
            return events;
        }
        if (end == size) {
            m_line.append(segment); // unfinished: only this tail is kept
            break;
        }

        if (m_line.isEmpty()) {
            processLine(segment, events); // the common case: no copy
        } else {
            m_line.append(segment);
            processLine(m_line, events);
            m_line.clear();
        }
        if (m_overflowed)
            return events;
        m_skipLeadingLf = bytes[end] == '\r';
        pos = end + 1;
    }
    return events;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> incomplete;
    if (!m_overflowed) {
        if (m_atStreamStart && m_bomMatched > 0)
            m_line = QByteArray(Bom, m_bomMatched); // a stream that is only a BOM prefix

        // The unterminated line is read for the report only: per the spec it is discarded,
        // so whatever it sets ("id:", "retry:") must not outlive this call.
        const QString lastEventId = m_lastEventId;
        const auto retry = m_retry;
        if (!m_line.isEmpty()) {
            QList<SseEvent> none; // a non-empty line never dispatches
            processLine(m_line, none);
        }
        if (m_hasData && !m_overflowed)
            incomplete.append(SseEvent{m_eventType, m_data, m_lastEventId});
        m_lastEventId = lastEventId;
        m_retry = retry;
    }

    m_line.clear();
    clearPendingEvent();
    m_bomMatched = 0;
    m_atStreamStart = true;
    m_skipLeadingLf = false;
    return incomplete;
}

bool SseParser::hasPendingData() const
{
    return !m_line.isEmpty() || m_hasData || !m_eventType.isEmpty()
            || (m_atStreamStart && m_bomMatched > 0);
}

void SseParser::reset()
{
    m_line.clear();
    clearPendingEvent();
    m_lastEventId.clear();
    m_retry.reset();
    m_bomMatched = 0;
    m_atStreamStart = true;
    m_skipLeadingLf = false;
    m_overflowed = false;
}

qsizetype SseParser::bufferedBytes() const
{
    return m_line.size() + m_data.size() + m_eventType.size() + m_lastEventId.size()
            + (m_atStreamStart ? m_bomMatched : 0);
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &events)
{
    if (line.isEmpty()) {
        dispatch(events);
        return;
    }
    if (line.front() == ':')
        return; // comment (keep-alives such as ": OPENROUTER PROCESSING")

    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        processField(line, {});
        return;
    }
    QByteArrayView value = line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    processField(line.first(colon), value);
}

void SseParser::processField(QByteArrayView name, QByteArrayView value)
{
    if (name == "data") {
        const qsizetype newSize = m_data.size() + (m_hasData ? 1 : 0) + value.size();
        if (newSize > m_maxLineBytes) {
            setOverflowed();
            return;
        }
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (name == "event") {
        m_eventType = QString::fromUtf8(value);
    } else if (name == "id") {
        if (!value.contains('\0'))
            m_lastEventId = QString::fromUtf8(value);
    } else if (name == "retry") {
        if (const auto retry = parseRetry(value))
            m_retry = retry;
    }
    // Any other field name is ignored, as the spec requires.
}

void SseParser::dispatch(QList<SseEvent> &events)
{
    if (m_hasData)
        events.append(SseEvent{m_eventType, m_data, m_lastEventId});
    clearPendingEvent(); // a blank line without data only forgets the event type
}

void SseParser::clearPendingEvent()
{
    m_data.clear();
    m_hasData = false;
    m_eventType.clear();
}

void SseParser::setOverflowed()
{
    m_overflowed = true;
    m_line.clear();
    clearPendingEvent();
    m_bomMatched = 0;
}

} // namespace steadfast
