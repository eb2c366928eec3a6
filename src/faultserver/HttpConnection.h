// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server.
#pragma once

#include "faultserver/HttpMessage.h"
#include "faultserver/HttpRequestParser.h"

#include <QObject>

#include <deque>
#include <functional>

class QTcpSocket;

namespace steadfast::faultserver {

/// One accepted TCP connection: reads requests (keep-alive, pipelined), asks its handler
/// for a reply, and plays it (delay, action or status line, headers, body or chunked
/// events, paced by the socket's drain). Owns its socket; its timers are single shots with
/// this object as context, so they die with it.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    /// Computes the reply to a complete request. It may close the server, and so delete
    /// this connection (the connection checks before it plays).
    using Handler = std::function<FaultReply(const FaultHttpRequest &)>;

    HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent);

    /// Aborts the socket without emitting closed() (the server is going away).
    void abortSilently();

Q_SIGNALS:
    /// The connection is gone (closed, reset or dropped by the peer); it deletes itself later.
    void closed(HttpConnection *connection);

private:
    enum class State { Reading, Responding, Silent, Closing };

    void handleReadyRead();
    void processInput();
    /// A request that cannot be read gets a 4xx/5xx and the connection is closed (the
    /// stream can no longer be trusted to frame the next request).
    void rejectRequest(int status, const QByteArray &message);

    void play(const FaultReply &reply);
    /// The status line and headers, with the framing headers this reply needs.
    QByteArray replyHead(const FaultReply &reply, bool noBody);
    void sendEvent(qsizetype index);
    void endStream();
    void finishReply();

    void enqueue(const QByteArray &bytes);
    /// Queues the first `limit` bytes of body.
    void enqueue(const FaultBody &body, qint64 limit);
    /// Runs next once every queued byte has been handed to the socket (and, with
    /// flushed, once the socket has written them all).
    void whenDrained(std::function<void()> next, bool flushed = false);
    /// Moves queued bytes into the socket while its buffer is below the high-water mark;
    /// called again on every bytesWritten, so oversize bodies stream at the client's pace.
    void pump();

    /// Closes after what was written has gone out (FIN).
    void closeNow();
    /// Aborts with a TCP RST: SO_LINGER 0 makes close() discard the connection at once.
    void resetNow();
    void teardown();

    QTcpSocket *m_socket; // owned (child)
    Handler m_handler;
    State m_state = State::Reading;
    bool m_gone = false;
    HttpRequestParser m_parser;
    // The reply being played.
    FaultReply m_reply;
    bool m_keepAlive = true;
    bool m_http11 = true;
    bool m_headRequest = false;
    bool m_close = false;
    bool m_chunkedOut = false;
    std::deque<FaultSegment> m_out;
    std::function<void()> m_afterDrain;
    bool m_afterDrainNeedsFlush = false;
};

} // namespace steadfast::faultserver
