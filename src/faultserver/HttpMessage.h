// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server: what a request and a reply are, between the connection that
// reads and plays them and the responders that compute them.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <utility>

/// The fault server's private parts; the names stay out of the client's way (both libraries
/// link into the app).
namespace steadfast::faultserver {

using Header = std::pair<QByteArray, QByteArray>;
using HeaderList = QList<Header>;

/// A request as read off the wire: header names in lower case, in the order received.
struct FaultHttpRequest
{
    QByteArray method;
    QByteArray target;
    QString path; // percent-decoded, without the query
    bool http11 = true;
    HeaderList headers;
    QByteArray body;

    QByteArray header(const QByteArray &lowerName) const;
    bool hasHeader(const QByteArray &lowerName) const;
    bool keepAlive() const;
};

/// A piece of a body: literal bytes followed by a run of one repeated byte. Oversize bodies
/// are a short head, a long run and a short tail, written out as the socket drains, so a
/// 1 GiB body never sits in memory.
struct FaultSegment
{
    QByteArray bytes;
    qint64 run = 0;
    char runByte = 'x';

    qint64 size() const { return bytes.size() + run; }
};
using FaultBody = QList<FaultSegment>;

qint64 bodySize(const FaultBody &body);

/// What a connection plays for one request: computed by the server, played by the
/// connection (delay, then the action or the status line, headers and body or events).
struct FaultReply
{
    enum class Kind { Respond, Reset, Close, Hang };
    enum class StreamEnd { Finish, Hold, Stall, Drop, Reset };

    Kind kind = Kind::Respond;
    std::chrono::milliseconds delay{0};
    int status = 200;
    HeaderList headers; // without the framing headers, which the connection adds
    bool streaming = false;
    FaultBody body;          // not streaming
    QList<FaultBody> events; // streaming: one HTTP chunk each
    std::chrono::milliseconds eventDelay{0};
    StreamEnd streamEnd = StreamEnd::Finish;
    bool truncate = false; // announce the whole body, send half, close
    bool close = false;    // Connection: close after this reply
    QString summary;       // for the log line
};

/// The reason phrase of a status line ("Too Many Requests"), by class for unknown codes.
QByteArray reasonPhrase(int status);
/// The current time as an HTTP Date header value.
QByteArray httpDate();
/// RFC 9110 token characters (header names, methods).
bool isTokenChar(char c);
bool isToken(const QByteArray &text);

/// Replaces the same-named (case-insensitive) header or appends it.
void setHeader(HeaderList *headers, const QByteArray &name, const QByteArray &value);
/// Case-insensitive look-ups in a reply's headers.
bool hasHeader(const HeaderList &headers, const QByteArray &lowerName);
QByteArray headerValue(const HeaderList &headers, const QByteArray &lowerName);

} // namespace steadfast::faultserver
