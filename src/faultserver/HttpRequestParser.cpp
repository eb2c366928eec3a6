// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/HttpRequestParser.h"

#include <QUrl>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

void HttpRequestParser::clear()
{
    m_in.clear();
    m_head.reset();
}

HttpRequestParser::Result HttpRequestParser::next(FaultHttpRequest *out)
{
    if (!m_head) {
        const Result head = readHead();
        if (head != Result::Complete)
            return head;
    }
    qsizetype consumed = 0;
    const Result body = readBody(&out->body, &consumed);
    if (body != Result::Complete)
        return body;
    out->method = m_head->method;
    out->target = m_head->target;
    out->path = m_head->path;
    out->http11 = m_head->http11;
    out->headers = m_head->headers;
    m_in.remove(0, consumed);
    m_head.reset();
    return Result::Complete;
}

bool HttpRequestParser::takeContinue()
{
    if (m_head && !m_continueSent && m_head->http11
        && m_head->header("expect").toLower() == "100-continue") {
        m_continueSent = true;
        return true;
    }
    return false;
}

HttpRequestParser::Result HttpRequestParser::fail(const QByteArray &message, int status)
{
    m_failStatus = status;
    m_failMessage = message;
    return Result::Failed;
}

/// Finds the end of the head (CRLF CRLF, or a bare LF LF) and parses it into m_head.
HttpRequestParser::Result HttpRequestParser::readHead()
{
    qsizetype end = m_in.indexOf("\r\n\r\n");
    qsizetype separator = 4;
    const qsizetype bareEnd = m_in.indexOf("\n\n");
    if (bareEnd >= 0 && (end < 0 || bareEnd < end)) {
        end = bareEnd;
        separator = 2;
    }
    if (end < 0) {
        if (m_in.size() > maxHeaderBytes)
            return fail("The request head is larger than 64 KiB.", 431);
        // Garbage that can never become a request line is rejected at once.
        if (!m_in.isEmpty() && !isTokenChar(m_in.at(0)) && m_in.at(0) != '\r' && m_in.at(0) != '\n')
            return fail("The request line is not HTTP.");
        return Result::Incomplete;
    }
    if (end + separator > maxHeaderBytes)
        return fail("The request head is larger than 64 KiB.", 431);
    FaultHttpRequest head;
    if (!parseHead(m_in.left(end), &head))
        return Result::Failed;
    m_head = head;
    m_headLength = end + separator;
    m_continueSent = false;
    m_chunkPos = m_headLength;
    m_chunkedBody.clear();
    return readFraming(head);
}

/// How the body is framed: chunked, a Content-Length, or none.
HttpRequestParser::Result HttpRequestParser::readFraming(const FaultHttpRequest &head)
{
    m_chunked = head.header("transfer-encoding").toLower().trimmed() == "chunked";
    if (head.hasHeader("transfer-encoding") && !m_chunked)
        return fail("Only the chunked transfer coding is supported.", 501);
    m_contentLength = 0;
    if (m_chunked || !head.hasHeader("content-length"))
        return Result::Complete;
    bool ok = false;
    const QByteArray text = head.header("content-length").trimmed();
    const qint64 length = text.toLongLong(&ok);
    const bool digits =
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok || !digits || length < 0)
        return fail("The Content-Length header is not a number.");
    for (const auto &[name, value] : head.headers) {
        if (name == "content-length" && value.trimmed() != text)
            return fail("The request has conflicting Content-Length headers.");
    }
    if (length > maxBodyBytes)
        return fail("The request body is larger than 32 MiB.", 413);
    m_contentLength = length;
    return Result::Complete;
}

HttpRequestParser::Result HttpRequestParser::readBody(QByteArray *body, qsizetype *consumed)
{
    if (m_chunked) {
        const Result result = readChunkedBody(consumed);
        if (result == Result::Complete)
            *body = std::exchange(m_chunkedBody, QByteArray());
        return result;
    }
    if (m_in.size() - m_headLength < m_contentLength)
        return Result::Incomplete;
    *body = m_in.mid(m_headLength, qsizetype(m_contentLength));
    *consumed = m_headLength + qsizetype(m_contentLength);
    return Result::Complete;
}

HttpRequestParser::Result HttpRequestParser::readChunkedBody(qsizetype *consumed)
{
    for (;;) {
        const qsizetype lineEnd = m_in.indexOf("\r\n", m_chunkPos);
        if (lineEnd < 0)
            return m_in.size() - m_chunkPos > 1024 ? fail("A chunk size line is too long.")
                                                   : Result::Incomplete;
        QByteArray sizeText = m_in.mid(m_chunkPos, lineEnd - m_chunkPos);
        const qsizetype extension = sizeText.indexOf(';');
        if (extension >= 0)
            sizeText.truncate(extension);
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return fail("A chunk size is not a hexadecimal number.");
        if (size == 0) {
            // Trailers end with an empty line; none is the common case.
            const qsizetype afterSize = lineEnd + 2;
            if (m_in.size() < afterSize + 2)
                return Result::Incomplete;
            if (m_in.mid(afterSize, 2) == "\r\n") {
                *consumed = afterSize + 2;
                return Result::Complete;
            }
            const qsizetype trailerEnd = m_in.indexOf("\r\n\r\n", afterSize);
            if (trailerEnd < 0)
                return Result::Incomplete;
            *consumed = trailerEnd + 4;
            return Result::Complete;
        }
        if (m_chunkedBody.size() + size > maxBodyBytes)
            return fail("The request body is larger than 32 MiB.", 413);
        const qsizetype dataStart = lineEnd + 2;
        if (m_in.size() < dataStart + size + 2)
            return Result::Incomplete;
        if (m_in.mid(dataStart + qsizetype(size), 2) != "\r\n")
            return fail("A chunk does not end with CRLF.");
        m_chunkedBody += m_in.mid(dataStart, qsizetype(size));
        m_chunkPos = dataStart + qsizetype(size) + 2;
    }
}

bool HttpRequestParser::parseHead(const QByteArray &head, FaultHttpRequest *request)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.first().isEmpty())
        lines.removeFirst(); // RFC 9112: ignore empty lines before the request line
    if (lines.isEmpty()) {
        fail("The request has no request line.");
        return false;
    }
    if (!parseRequestLine(lines.first(), request))
        return false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!parseHeaderLine(lines.at(i), request))
            return false;
    }
    if (request->http11 && !request->hasHeader("host")) {
        fail("An HTTP/1.1 request needs a Host header.");
        return false;
    }
    return true;
}

bool HttpRequestParser::parseRequestLine(const QByteArray &line, FaultHttpRequest *request)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()) {
        fail("The request line is not \"METHOD TARGET HTTP/1.1\".");
        return false;
    }
    const QByteArray &version = parts.at(2);
    if (version == "HTTP/1.1") {
        request->http11 = true;
    } else if (version == "HTTP/1.0") {
        request->http11 = false;
    } else if (version.startsWith("HTTP/")) {
        fail("Only HTTP/1.0 and HTTP/1.1 are spoken here.", 505);
        return false;
    } else {
        fail("The request line has no HTTP version.");
        return false;
    }
    request->method = parts.at(0);
    request->target = parts.at(1);
    return parseTarget(request);
}

/// The target as a path (origin form) or an absolute http(s) URL; sets request->path.
bool HttpRequestParser::parseTarget(FaultHttpRequest *request)
{
    for (char c : request->target) {
        if (uchar(c) <= 0x20 || uchar(c) >= 0x7f) {
            fail("The request target has characters that are not allowed.");
            return false;
        }
    }
    QUrl url;
    if (request->target.startsWith('/'))
        url = QUrl::fromEncoded("http://localhost" + request->target, QUrl::StrictMode);
    else if (request->target.startsWith("http://") || request->target.startsWith("https://"))
        url = QUrl::fromEncoded(request->target, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        fail("The request target is not a path.");
        return false;
    }
    request->path = url.path(QUrl::FullyDecoded);
    if (request->path.isEmpty())
        request->path = u"/"_s;
    return true;
}

bool HttpRequestParser::parseHeaderLine(const QByteArray &line, FaultHttpRequest *request)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        fail("Folded header lines are not allowed.");
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
    if (!isToken(name)) {
        fail("A header line is not \"Name: value\".");
        return false;
    }
    const QByteArray value = line.mid(colon + 1).trimmed();
    for (char c : value) {
        if ((uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7f) {
            fail("A header value has control characters.");
            return false;
        }
    }
    request->headers.append({name.toLower(), value});
    return true;
}

} // namespace steadfast::faultserver
