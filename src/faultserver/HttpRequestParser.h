// SPDX-License-Identifier: GPL-3.0-or-later
// Private to the fault server.
#pragma once

#include "faultserver/HttpMessage.h"

#include <QByteArray>

#include <optional>

namespace steadfast::faultserver {

/// Reads HTTP/1.1 requests from the bytes of one connection, one after another (keep-alive,
/// pipelining): the head is parsed once and kept while the body (Content-Length or chunked)
/// arrives. Knows nothing of sockets; HttpConnection feeds it.
class HttpRequestParser
{
public:
    enum class Result { Incomplete, Complete, Failed };

    static constexpr qsizetype maxHeaderBytes = 64 * 1024;
    static constexpr qint64 maxBodyBytes = 32LL * 1024 * 1024;

    void append(const QByteArray &data) { m_in += data; }
    qsizetype buffered() const { return m_in.size(); }
    /// Drops what is buffered and the request being read.
    void clear();

    /// Reads the next request into *out. On Failed, failStatus() and failMessage() say why
    /// (the connection can no longer be trusted to frame the next request).
    Result next(FaultHttpRequest *out);
    int failStatus() const { return m_failStatus; }
    QByteArray failMessage() const { return m_failMessage; }

    /// True once per request whose head asked for "Expect: 100-continue" while its body is
    /// still to come: the connection then sends the interim 100 response.
    bool takeContinue();

private:
    Result readHead();
    Result readFraming(const FaultHttpRequest &head);
    Result readBody(QByteArray *body, qsizetype *consumed);
    /// Decodes a chunked body incrementally from m_chunkPos; on completion *consumed is the
    /// length of the whole request in m_in.
    Result readChunkedBody(qsizetype *consumed);
    Result fail(const QByteArray &message, int status = 400);

    bool parseHead(const QByteArray &head, FaultHttpRequest *request);
    bool parseRequestLine(const QByteArray &line, FaultHttpRequest *request);
    bool parseTarget(FaultHttpRequest *request);
    bool parseHeaderLine(const QByteArray &line, FaultHttpRequest *request);

    QByteArray m_in;
    std::optional<FaultHttpRequest> m_head; // the request being read
    qsizetype m_headLength = 0;
    qint64 m_contentLength = 0;
    bool m_chunked = false;
    qsizetype m_chunkPos = 0;
    QByteArray m_chunkedBody;
    bool m_continueSent = false;
    int m_failStatus = 400;
    QByteArray m_failMessage;
};

} // namespace steadfast::faultserver
