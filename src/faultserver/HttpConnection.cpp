// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/HttpConnection.h"

#include "faultserver/FaultServer.h"
#include "faultserver/OpenAiErrors.h"

#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <utility>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

namespace {

constexpr qint64 writeHighWater = 256 * 1024; // keep at most this much in the socket's buffer
constexpr qint64 writePiece = 64 * 1024;

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::handleReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::pump);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::teardown);
}

void HttpConnection::abortSilently()
{
    m_gone = true;
    m_socket->disconnect(this);
    m_socket->abort();
}

void HttpConnection::handleReadyRead()
{
    if (m_gone)
        return;
    const QByteArray data = m_socket->readAll();
    if (m_state == State::Silent || m_state == State::Closing)
        return; // a hung or closing connection ignores what else comes
    m_parser.append(data);
    if (m_state == State::Reading) {
        processInput();
    } else if (m_parser.buffered()
               > HttpRequestParser::maxHeaderBytes + HttpRequestParser::maxBodyBytes) {
        qCInfo(lcFaultServer) << "dropping a connection that pipelines too much";
        closeNow();
    }
}

void HttpConnection::processInput()
{
    if (m_gone || m_state != State::Reading || m_parser.buffered() == 0)
        return;
    FaultHttpRequest request;
    switch (m_parser.next(&request)) {
    case HttpRequestParser::Result::Incomplete:
        if (m_parser.takeContinue())
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        return;
    case HttpRequestParser::Result::Failed:
        rejectRequest(m_parser.failStatus(), m_parser.failMessage());
        return;
    case HttpRequestParser::Result::Complete:
        break;
    }
    m_state = State::Responding;
    m_keepAlive = request.keepAlive();
    m_http11 = request.http11;
    m_headRequest = request.method == "HEAD";
    // A slot on the server's signals may close the server (and delete this connection).
    const QPointer<HttpConnection> self(this);
    const FaultReply reply = m_handler(request);
    if (!self || m_gone)
        return;
    if (reply.delay.count() > 0)
        QTimer::singleShot(reply.delay, Qt::PreciseTimer, this, [this, reply] { play(reply); });
    else
        play(reply);
}

void HttpConnection::rejectRequest(int status, const QByteArray &message)
{
    qCInfo(lcFaultServer).noquote()
            << "rejected unreadable request:" << status << QString::fromLatin1(message);
    m_state = State::Responding;
    m_keepAlive = false;
    m_http11 = true;
    m_headRequest = false;
    m_parser.clear();
    FaultReply reply;
    reply.status = status;
    reply.close = true;
    reply.headers = {{"Content-Type", "application/json"}};
    // Always an invalid_request_error, whatever the status: the client sent it.
    reply.body = {{errorBody(
            errorObject(400, QString(), {{u"message"_s, QString::fromLatin1(message)}}))}};
    play(reply);
}

void HttpConnection::play(const FaultReply &reply)
{
    if (m_gone)
        return;
    switch (reply.kind) {
    case FaultReply::Kind::Reset:
        resetNow();
        return;
    case FaultReply::Kind::Close:
        closeNow();
        return;
    case FaultReply::Kind::Hang:
        m_state = State::Silent;
        return;
    case FaultReply::Kind::Respond:
        break;
    }

    m_reply = reply;
    const bool noBody = m_headRequest || reply.status == 204 || reply.status == 304;
    enqueue(replyHead(reply, noBody));
    if (noBody) {
        whenDrained([this] { finishReply(); });
    } else if (reply.streaming && !reply.truncate) {
        sendEvent(0);
    } else {
        const qint64 size = bodySize(reply.body);
        enqueue(reply.body, reply.truncate ? size / 2 : size);
        whenDrained([this] { finishReply(); });
    }
}

QByteArray HttpConnection::replyHead(const FaultReply &reply, bool noBody)
{
    HeaderList headers = reply.headers;
    const bool userLength = hasHeader(headers, "content-length");
    const bool userEncoding = hasHeader(headers, "transfer-encoding");
    m_close = reply.close || !m_keepAlive || userLength || userEncoding
            || headerValue(headers, "connection").toLower().contains("close");
    m_chunkedOut = false;
    if (reply.streaming && !reply.truncate) {
        m_chunkedOut = m_http11 && !userLength && !userEncoding;
        if (m_chunkedOut)
            headers.append(Header("Transfer-Encoding", "chunked"));
        else
            m_close = true; // an HTTP/1.0 stream ends when the connection does
    } else if (!userLength && !userEncoding && !noBody) {
        headers.append(Header("Content-Length", QByteArray::number(bodySize(reply.body))));
    }
    if (reply.truncate)
        m_close = true;
    if (!hasHeader(headers, "connection"))
        headers.append(Header("Connection", m_close ? "close" : "keep-alive"));

    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' '
            + reasonPhrase(reply.status) + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

void HttpConnection::sendEvent(qsizetype index)
{
    if (m_gone)
        return;
    if (index >= m_reply.events.size()) {
        endStream();
        return;
    }
    const FaultBody &event = m_reply.events.at(index);
    const qint64 size = bodySize(event);
    if (m_chunkedOut)
        enqueue(QByteArray::number(size, 16) + "\r\n");
    enqueue(event, size);
    if (m_chunkedOut)
        enqueue(QByteArrayLiteral("\r\n"));
    const bool last = index + 1 >= m_reply.events.size();
    whenDrained([this, index, last] {
        if (last)
            sendEvent(index + 1);
        else
            QTimer::singleShot(m_reply.eventDelay, this, [this, index] { sendEvent(index + 1); });
    });
}

void HttpConnection::endStream()
{
    switch (m_reply.streamEnd) {
    case FaultReply::StreamEnd::Finish:
        if (m_chunkedOut)
            enqueue(QByteArrayLiteral("0\r\n\r\n"));
        whenDrained([this] { finishReply(); });
        break;
    case FaultReply::StreamEnd::Hold: // the body never ends; the socket stays open
    case FaultReply::StreamEnd::Stall:
        whenDrained([this] { m_state = State::Silent; });
        break;
    case FaultReply::StreamEnd::Drop:
        whenDrained([this] { closeNow(); });
        break;
    case FaultReply::StreamEnd::Reset:
        // Everything sent must be on the wire first: abort() discards unsent bytes.
        whenDrained([this] { resetNow(); }, true);
        break;
    }
}

void HttpConnection::finishReply()
{
    if (m_close) {
        closeNow();
        return;
    }
    m_state = State::Reading;
    m_reply = FaultReply();
    // The next pipelined request, if any, from the event loop (no recursion).
    QTimer::singleShot(0, this, [this] { processInput(); });
}

void HttpConnection::enqueue(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        m_out.push_back({bytes});
}

void HttpConnection::enqueue(const FaultBody &body, qint64 limit)
{
    for (const FaultSegment &segment : body) {
        if (limit <= 0)
            break;
        FaultSegment part = segment;
        if (part.bytes.size() > limit) {
            part.bytes.truncate(qsizetype(limit));
            part.run = 0;
        } else {
            part.run = std::min(part.run, limit - part.bytes.size());
        }
        limit -= part.size();
        if (part.size() > 0)
            m_out.push_back(part);
    }
}

void HttpConnection::whenDrained(std::function<void()> next, bool flushed)
{
    m_afterDrain = std::move(next);
    m_afterDrainNeedsFlush = flushed;
    pump();
}

void HttpConnection::pump()
{
    if (m_gone || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    while (!m_out.empty() && m_socket->bytesToWrite() < writeHighWater) {
        FaultSegment &front = m_out.front();
        if (!front.bytes.isEmpty()) {
            m_socket->write(front.bytes);
            front.bytes.clear();
        } else if (front.run > 0) {
            const qint64 piece = std::min(front.run, writePiece);
            m_socket->write(QByteArray(qsizetype(piece), front.runByte));
            front.run -= piece;
        }
        if (front.bytes.isEmpty() && front.run == 0)
            m_out.pop_front();
    }
    if (m_out.empty() && m_afterDrain
        && (!m_afterDrainNeedsFlush || m_socket->bytesToWrite() == 0)) {
        const std::function<void()> next = std::exchange(m_afterDrain, nullptr);
        next();
    }
}

void HttpConnection::closeNow()
{
    if (m_gone)
        return;
    m_state = State::Closing;
    m_out.clear();
    m_afterDrain = nullptr;
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        teardown();
}

void HttpConnection::resetNow()
{
#if defined(Q_OS_UNIX)
    const qintptr descriptor = m_socket->socketDescriptor();
    if (descriptor >= 0) {
        const linger lingerOption{1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &lingerOption, sizeof lingerOption);
    }
#endif
    m_out.clear();
    m_afterDrain = nullptr;
    m_socket->abort();
    teardown();
}

void HttpConnection::teardown()
{
    if (m_gone)
        return;
    m_gone = true;
    m_out.clear();
    m_afterDrain = nullptr;
    Q_EMIT closed(this);
    deleteLater();
}

} // namespace steadfast::faultserver
