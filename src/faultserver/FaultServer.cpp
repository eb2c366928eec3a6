// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/FaultServer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLocale>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <utility>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace steadfast {

Q_LOGGING_CATEGORY(lcFaultServer, "steadfast.faultserver", QtInfoMsg)

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

    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &[name, value] : headers) {
            if (name == lowerName)
                return value;
        }
        return QByteArray();
    }
    bool hasHeader(const QByteArray &lowerName) const
    {
        return std::any_of(headers.begin(), headers.end(),
                           [&](const auto &header) { return header.first == lowerName; });
    }
    bool keepAlive() const
    {
        const QByteArray connection = header("connection").toLower();
        return http11 ? !connection.contains("close") : connection.contains("keep-alive");
    }
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

namespace {

constexpr qsizetype maxHeaderBytes = 64 * 1024;
constexpr qint64 maxBodyBytes = 32LL * 1024 * 1024;
constexpr qint64 writeHighWater = 256 * 1024; // keep at most this much in the socket's buffer
constexpr qint64 writePiece = 64 * 1024;
constexpr int requestLimit = 500;            // x-ratelimit-limit-requests (per minute)
constexpr int tokenLimit = 200000;           // x-ratelimit-limit-tokens (per minute)
constexpr qint64 modelsCreated = 1700000000; // a fixed "created" for /models: deterministic
const QByteArray padMarker = QByteArrayLiteral("@@steadfast-padding-7f3a@@");
const QByteArray badUtf8Bytes = QByteArrayLiteral("\xC3\x28\xA0\xA1\xFF\xFE");

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 425:
        return "Too Early";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    case 520:
        return "Unknown Error";
    case 522:
        return "Connection Timed Out";
    case 524:
        return "A Timeout Occurred";
    case 529:
        return "Site is overloaded";
    default:
        break;
    }
    if (status >= 500)
        return "Server Error";
    if (status >= 400)
        return "Client Error";
    if (status >= 300)
        return "Redirection";
    return "Success";
}

struct ErrorDefaults
{
    QString message;
    QString type;
    QJsonValue code;
};

/// The body an OpenAI-compatible API sends for a status (model names the requested model).
ErrorDefaults errorDefaults(int status, const QString &model)
{
    const QString shownModel = model.isEmpty() ? u"(none)"_s : model;
    switch (status) {
    case 400:
        return {u"Invalid request: the fault server was scripted to reject it."_s,
                u"invalid_request_error"_s, QJsonValue::Null};
    case 401:
        return {u"Incorrect API key provided. You can find your API key at "
                "https://platform.openai.com/account/api-keys."_s,
                u"invalid_request_error"_s, u"invalid_api_key"_s};
    case 403:
        return {u"You are not allowed to use the model `%1` with this key."_s.arg(shownModel),
                u"permission_error"_s, u"permission_denied"_s};
    case 404:
        return {u"The model `%1` does not exist or you do not have access to it."_s.arg(shownModel),
                u"invalid_request_error"_s, u"model_not_found"_s};
    case 405:
        return {u"Method not allowed."_s, u"invalid_request_error"_s, QJsonValue::Null};
    case 408:
        return {u"Request timed out."_s, u"timeout_error"_s, u"request_timeout"_s};
    case 409:
        return {u"Another request with the same id is already in progress."_s,
                u"invalid_request_error"_s, u"conflict"_s};
    case 413:
        return {u"The request is too large."_s, u"invalid_request_error"_s, u"request_too_large"_s};
    case 422:
        return {u"The request could not be processed."_s, u"invalid_request_error"_s,
                u"unprocessable_entity"_s};
    case 429:
        return {u"Rate limit reached for requests"_s, u"requests"_s, u"rate_limit_exceeded"_s};
    case 500:
        return {u"The server had an error while processing your request. Sorry about that!"_s,
                u"server_error"_s, u"server_error"_s};
    case 502:
        return {u"Bad gateway."_s, u"server_error"_s, u"bad_gateway"_s};
    case 503:
        return {u"The engine is currently overloaded, please try again later."_s, u"server_error"_s,
                u"service_unavailable"_s};
    case 504:
        return {u"Gateway timeout."_s, u"server_error"_s, u"gateway_timeout"_s};
    default:
        break;
    }
    if (status >= 500)
        return {u"The server had an error (HTTP %1)."_s.arg(status), u"server_error"_s,
                QJsonValue::Null};
    if (status >= 400)
        return {u"The request failed (HTTP %1)."_s.arg(status), u"invalid_request_error"_s,
                QJsonValue::Null};
    return {u"HTTP %1."_s.arg(status), u"invalid_request_error"_s, QJsonValue::Null};
}

/// {"message","type","param","code"}: the defaults for the status, overridden field by field.
QJsonObject errorObject(int status, const QString &model, const QJsonObject &overrides)
{
    const ErrorDefaults defaults = errorDefaults(status, model);
    QJsonObject error{{u"message"_s, defaults.message},
                      {u"type"_s, defaults.type},
                      {u"param"_s, QJsonValue::Null},
                      {u"code"_s, defaults.code}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        error.insert(it.key(), it.value());
    return error;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

/// Splits JSON that holds padMarker into head and tail around a run of 'x' so the whole
/// body is exactly `size` bytes (or head + tail cut to size when that is shorter).
FaultBody paddedBody(const QByteArray &json, qint64 size)
{
    const qsizetype at = json.lastIndexOf(padMarker);
    if (at < 0)
        return {{json.left(qsizetype(std::min<qint64>(size, json.size())))}};
    const QByteArray head = json.left(at);
    const QByteArray tail = json.mid(at + padMarker.size());
    const qint64 frame = head.size() + tail.size();
    if (size <= frame)
        return {{(head + tail).left(qsizetype(size))}};
    return {{head, size - frame, 'x'}, {tail}};
}

QByteArray replaceMarker(QByteArray json, const QByteArray &with)
{
    const qsizetype at = json.lastIndexOf(padMarker);
    if (at >= 0)
        json.replace(at, padMarker.size(), with);
    return json;
}

qint64 bodySize(const FaultBody &body)
{
    qint64 size = 0;
    for (const FaultSegment &segment : body)
        size += segment.size();
    return size;
}

/// The HTML page a proxy shows for a status.
QByteArray htmlPage(int status)
{
    const QByteArray title = QByteArray::number(status) + ' ' + reasonPhrase(status);
    return "<!DOCTYPE html>\r\n<html>\r\n<head><title>" + title
            + "</title></head>\r\n<body>\r\n<center><h1>" + title
            + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}

/// Go's time.Duration format, as OpenAI sends in x-ratelimit-reset-*: "0s", "120ms",
/// "1.5s", "6m0s", "1h2m3s".
QByteArray goDuration(qint64 ms)
{
    if (ms <= 0)
        return "0s";
    if (ms < 1000)
        return QByteArray::number(ms) + "ms";
    const qint64 hours = ms / 3600000;
    const qint64 minutes = ms / 60000 % 60;
    const qint64 millis = ms % 60000;
    QByteArray seconds = QByteArray::number(millis / 1000);
    if (millis % 1000 != 0) {
        QByteArray fraction = QByteArray::number(millis % 1000).rightJustified(3, '0');
        while (fraction.endsWith('0'))
            fraction.chop(1);
        seconds += '.' + fraction;
    }
    QByteArray text;
    if (hours > 0)
        text += QByteArray::number(hours) + 'h';
    if (hours > 0 || minutes > 0)
        text += QByteArray::number(minutes) + 'm';
    return text + seconds + 's';
}

QByteArray httpDate()
{
    return QLocale::c()
            .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
            .toLatin1();
}

/// Replaces the same-named (case-insensitive) header or appends it.
void setHeader(HeaderList *headers, const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    for (auto &header : *headers) {
        if (header.first.toLower() == lower) {
            header.second = value;
            return;
        }
    }
    headers->append({name, value});
}

bool hasHeader(const HeaderList &headers, const QByteArray &lowerName)
{
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto &header) { return header.first.toLower() == lowerName; });
}

QByteArray headerValue(const HeaderList &headers, const QByteArray &lowerName)
{
    for (const auto &[name, value] : headers) {
        if (name.toLower() == lowerName)
            return value;
    }
    return QByteArray();
}

/// The text of a message's content: a string, or the text parts of an array of parts.
QString contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    const QJsonArray array = content.toArray();
    for (const QJsonValue &part : array) {
        const QJsonObject object = part.toObject();
        if (object.value(u"type"_s).toString() == u"text"_s)
            parts.append(object.value(u"text"_s).toString());
    }
    return parts.join(u'\n');
}

int wordCount(const QString &text)
{
    const QString simplified = text.simplified();
    return simplified.isEmpty() ? 0 : int(simplified.count(u' ')) + 1;
}

/// The first `count` characters (code points, so a surrogate pair is never split).
QString firstCharacters(const QString &text, int count, bool *cut)
{
    qsizetype end = 0;
    int taken = 0;
    while (end < text.size() && taken < count) {
        end += (text.at(end).isHighSurrogate() && end + 1 < text.size()) ? 2 : 1;
        ++taken;
    }
    *cut = end < text.size();
    return text.left(end);
}

QString defaultReplyText(const QJsonArray &messages)
{
    QString last;
    for (const QJsonValue &message : messages) {
        const QJsonObject object = message.toObject();
        if (object.value(u"role"_s).toString() == u"user"_s)
            last = contentText(object.value(u"content"_s));
    }
    const QString simplified = last.simplified();
    const int words = wordCount(simplified);
    bool cut = false;
    QString excerpt = firstCharacters(simplified, 40, &cut);
    if (cut)
        excerpt = excerpt.trimmed() + u'\u2026';
    return u"This is the Steadfast fault server. Your message had %1 %2 and began: \"%3\"."_s.arg(
            QString::number(words), words == 1 ? u"word"_s : u"words"_s, excerpt);
}

/// Word-ish pieces, each a run of spaces followed by a run of non-spaces (" word"), as
/// tokenizers split; concatenated they give the text back exactly.
QStringList splitIntoPieces(const QString &text)
{
    QStringList pieces;
    qsizetype start = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && text.at(i).isSpace())
            ++i;
        while (i < text.size() && !text.at(i).isSpace())
            ++i;
        pieces.append(text.mid(start, i - start));
        start = i;
    }
    return pieces;
}

FaultBody sseEvent(const QByteArray &data)
{
    return {{"data: " + data + "\n\n"}};
}

QJsonObject controlError(const QString &message)
{
    return {{u"ok"_s, false}, {u"error"_s, message}};
}

} // namespace

/// One accepted TCP connection: reads requests (keep-alive, pipelined), asks the server
/// for a reply, and plays it. Owns its socket; its timers are single shots with this
/// object as context, so they die with it.
class FaultConnection : public QObject
{
public:
    FaultConnection(QTcpSocket *socket, FaultServer *server)
        : QObject(server)
        , m_socket(socket)
        , m_server(server)
    {
        m_socket->setParent(this);
        connect(m_socket, &QTcpSocket::readyRead, this, &FaultConnection::handleReadyRead);
        connect(m_socket, &QTcpSocket::bytesWritten, this, &FaultConnection::pump);
        connect(m_socket, &QTcpSocket::disconnected, this, &FaultConnection::teardown);
    }

    /// Aborts the socket without calling back into the server (which is going away).
    void abortSilently()
    {
        m_gone = true;
        m_socket->disconnect(this);
        m_socket->abort();
    }

private:
    enum class State { Reading, Responding, Silent, Closing };
    enum class Parse { Incomplete, Complete, Failed };

    void handleReadyRead()
    {
        if (m_gone)
            return;
        const QByteArray data = m_socket->readAll();
        if (m_state == State::Silent || m_state == State::Closing)
            return; // a hung or closing connection ignores what else comes
        m_in += data;
        if (m_state == State::Reading) {
            processInput();
        } else if (m_in.size() > maxHeaderBytes + maxBodyBytes) {
            qCInfo(lcFaultServer) << "dropping a connection that pipelines too much";
            closeNow();
        }
    }

    void processInput()
    {
        if (m_gone || m_state != State::Reading || m_in.isEmpty())
            return;
        FaultHttpRequest request;
        int failStatus = 400;
        QByteArray failMessage;
        switch (parseRequest(&request, &failStatus, &failMessage)) {
        case Parse::Incomplete:
            return;
        case Parse::Failed:
            rejectRequest(failStatus, failMessage);
            return;
        case Parse::Complete:
            break;
        }
        m_state = State::Responding;
        m_keepAlive = request.keepAlive();
        m_http11 = request.http11;
        m_headRequest = request.method == "HEAD";
        // A slot on the server's signals may close the server (and delete this connection).
        const QPointer<FaultConnection> self(this);
        const FaultReply reply = m_server->respond(request);
        if (!self || m_gone)
            return;
        if (reply.delay.count() > 0)
            QTimer::singleShot(reply.delay, Qt::PreciseTimer, this, [this, reply] { play(reply); });
        else
            play(reply);
    }

    /// Reads one request from m_in (the head is parsed once and kept while the body arrives).
    Parse parseRequest(FaultHttpRequest *out, int *failStatus, QByteArray *failMessage)
    {
        if (!m_head) {
            qsizetype end = m_in.indexOf("\r\n\r\n");
            qsizetype separator = 4;
            const qsizetype bareEnd = m_in.indexOf("\n\n");
            if (bareEnd >= 0 && (end < 0 || bareEnd < end)) {
                end = bareEnd;
                separator = 2;
            }
            if (end < 0) {
                if (m_in.size() > maxHeaderBytes) {
                    *failStatus = 431;
                    *failMessage = "The request head is larger than 64 KiB.";
                    return Parse::Failed;
                }
                // Garbage that can never become a request line is rejected at once.
                if (!m_in.isEmpty() && !isTokenChar(m_in.at(0)) && m_in.at(0) != '\r'
                    && m_in.at(0) != '\n') {
                    *failMessage = "The request line is not HTTP.";
                    return Parse::Failed;
                }
                return Parse::Incomplete;
            }
            if (end + separator > maxHeaderBytes) {
                *failStatus = 431;
                *failMessage = "The request head is larger than 64 KiB.";
                return Parse::Failed;
            }
            FaultHttpRequest head;
            if (!parseHead(m_in.left(end), &head, failStatus, failMessage))
                return Parse::Failed;
            m_head = head;
            m_headLength = end + separator;
            m_continueSent = false;
            m_chunkPos = m_headLength;
            m_chunkedBody.clear();
            m_chunked = head.header("transfer-encoding").toLower().trimmed() == "chunked";
            if (head.hasHeader("transfer-encoding") && !m_chunked) {
                *failStatus = 501;
                *failMessage = "Only the chunked transfer coding is supported.";
                return Parse::Failed;
            }
            m_contentLength = 0;
            if (!m_chunked && head.hasHeader("content-length")) {
                bool ok = false;
                const QByteArray text = head.header("content-length").trimmed();
                const qint64 length = text.toLongLong(&ok);
                const bool digits = std::all_of(text.begin(), text.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
                if (!ok || !digits || length < 0) {
                    *failMessage = "The Content-Length header is not a number.";
                    return Parse::Failed;
                }
                for (const auto &[name, value] : head.headers) {
                    if (name == "content-length" && value.trimmed() != text) {
                        *failMessage = "The request has conflicting Content-Length headers.";
                        return Parse::Failed;
                    }
                }
                if (length > maxBodyBytes) {
                    *failStatus = 413;
                    *failMessage = "The request body is larger than 32 MiB.";
                    return Parse::Failed;
                }
                m_contentLength = length;
            }
        }

        qsizetype consumed = 0;
        if (m_chunked) {
            const Parse body = readChunkedBody(&consumed, failStatus, failMessage);
            if (body != Parse::Complete) {
                if (body == Parse::Incomplete)
                    sendContinueIfExpected();
                return body;
            }
            out->body = std::exchange(m_chunkedBody, QByteArray());
        } else {
            if (m_in.size() - m_headLength < m_contentLength) {
                sendContinueIfExpected();
                return Parse::Incomplete;
            }
            out->body = m_in.mid(m_headLength, qsizetype(m_contentLength));
            consumed = m_headLength + qsizetype(m_contentLength);
        }
        out->method = m_head->method;
        out->target = m_head->target;
        out->path = m_head->path;
        out->http11 = m_head->http11;
        out->headers = m_head->headers;
        m_in.remove(0, consumed);
        m_head.reset();
        return Parse::Complete;
    }

    static bool isTokenChar(char c)
    {
        static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || extra.contains(c);
    }

    static bool isToken(const QByteArray &text)
    {
        return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
    }

    static bool parseHead(const QByteArray &head, FaultHttpRequest *request, int *failStatus,
                          QByteArray *failMessage)
    {
        QList<QByteArray> lines = head.split('\n');
        for (QByteArray &line : lines) {
            if (line.endsWith('\r'))
                line.chop(1);
        }
        while (!lines.isEmpty() && lines.first().isEmpty())
            lines.removeFirst(); // RFC 9112: ignore empty lines before the request line
        if (lines.isEmpty()) {
            *failMessage = "The request has no request line.";
            return false;
        }
        const QList<QByteArray> parts = lines.first().split(' ');
        if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()) {
            *failMessage = "The request line is not \"METHOD TARGET HTTP/1.1\".";
            return false;
        }
        const QByteArray &version = parts.at(2);
        if (version == "HTTP/1.1") {
            request->http11 = true;
        } else if (version == "HTTP/1.0") {
            request->http11 = false;
        } else if (version.startsWith("HTTP/")) {
            *failStatus = 505;
            *failMessage = "Only HTTP/1.0 and HTTP/1.1 are spoken here.";
            return false;
        } else {
            *failMessage = "The request line has no HTTP version.";
            return false;
        }
        request->method = parts.at(0);
        request->target = parts.at(1);
        for (char c : request->target) {
            if (uchar(c) <= 0x20 || uchar(c) >= 0x7f) {
                *failMessage = "The request target has characters that are not allowed.";
                return false;
            }
        }
        QUrl url;
        if (request->target.startsWith('/'))
            url = QUrl::fromEncoded("http://localhost" + request->target, QUrl::StrictMode);
        else if (request->target.startsWith("http://") || request->target.startsWith("https://"))
            url = QUrl::fromEncoded(request->target, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            *failMessage = "The request target is not a path.";
            return false;
        }
        request->path = url.path(QUrl::FullyDecoded);
        if (request->path.isEmpty())
            request->path = u"/"_s;

        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            if (line.startsWith(' ') || line.startsWith('\t')) {
                *failMessage = "Folded header lines are not allowed.";
                return false;
            }
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
            if (!isToken(name)) {
                *failMessage = "A header line is not \"Name: value\".";
                return false;
            }
            const QByteArray value = line.mid(colon + 1).trimmed();
            for (char c : value) {
                if ((uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7f) {
                    *failMessage = "A header value has control characters.";
                    return false;
                }
            }
            request->headers.append({name.toLower(), value});
        }
        if (request->http11 && !request->hasHeader("host")) {
            *failMessage = "An HTTP/1.1 request needs a Host header.";
            return false;
        }
        return true;
    }

    /// Decodes a chunked body incrementally from m_chunkPos; on completion *consumed is the
    /// length of the whole request in m_in.
    Parse readChunkedBody(qsizetype *consumed, int *failStatus, QByteArray *failMessage)
    {
        for (;;) {
            const qsizetype lineEnd = m_in.indexOf("\r\n", m_chunkPos);
            if (lineEnd < 0)
                return m_in.size() - m_chunkPos > 1024
                        ? fail(failMessage, "A chunk size line is too long.")
                        : Parse::Incomplete;
            QByteArray sizeText = m_in.mid(m_chunkPos, lineEnd - m_chunkPos);
            const qsizetype extension = sizeText.indexOf(';');
            if (extension >= 0)
                sizeText.truncate(extension);
            bool ok = false;
            const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return fail(failMessage, "A chunk size is not a hexadecimal number.");
            if (size == 0) {
                // Trailers end with an empty line; none is the common case.
                const qsizetype afterSize = lineEnd + 2;
                if (m_in.size() < afterSize + 2)
                    return Parse::Incomplete;
                if (m_in.mid(afterSize, 2) == "\r\n") {
                    *consumed = afterSize + 2;
                    return Parse::Complete;
                }
                const qsizetype trailerEnd = m_in.indexOf("\r\n\r\n", afterSize);
                if (trailerEnd < 0)
                    return Parse::Incomplete;
                *consumed = trailerEnd + 4;
                return Parse::Complete;
            }
            if (m_chunkedBody.size() + size > maxBodyBytes) {
                *failStatus = 413;
                return fail(failMessage, "The request body is larger than 32 MiB.");
            }
            const qsizetype dataStart = lineEnd + 2;
            if (m_in.size() < dataStart + size + 2)
                return Parse::Incomplete;
            if (m_in.mid(dataStart + qsizetype(size), 2) != "\r\n")
                return fail(failMessage, "A chunk does not end with CRLF.");
            m_chunkedBody += m_in.mid(dataStart, qsizetype(size));
            m_chunkPos = dataStart + qsizetype(size) + 2;
        }
    }

    static Parse fail(QByteArray *failMessage, const QByteArray &message)
    {
        *failMessage = message;
        return Parse::Failed;
    }

    void sendContinueIfExpected()
    {
        if (m_head && !m_continueSent && m_head->http11
            && m_head->header("expect").toLower() == "100-continue") {
            m_continueSent = true;
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
    }

    /// A request that cannot be read gets a 4xx/5xx and the connection is closed (the
    /// stream can no longer be trusted to frame the next request).
    void rejectRequest(int status, const QByteArray &message)
    {
        qCInfo(lcFaultServer).noquote()
                << "rejected unreadable request:" << status << QString::fromLatin1(message);
        m_state = State::Responding;
        m_keepAlive = false;
        m_http11 = true;
        m_headRequest = false;
        m_in.clear();
        m_head.reset();
        FaultReply reply;
        reply.status = status;
        reply.close = true;
        reply.headers = {{"Content-Type", "application/json"}};
        const QJsonObject error{{u"message"_s, QString::fromLatin1(message)},
                                {u"type"_s, u"invalid_request_error"_s},
                                {u"param"_s, QJsonValue::Null},
                                {u"code"_s, QJsonValue::Null}};
        reply.body = {{compact(QJsonObject{{u"error"_s, error}})}};
        play(reply);
    }

    void play(const FaultReply &reply)
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
        HeaderList headers = reply.headers;
        const bool userLength = hasHeader(headers, "content-length");
        const bool userEncoding = hasHeader(headers, "transfer-encoding");
        const bool noBody = m_headRequest || reply.status == 204 || reply.status == 304;
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
        head += "\r\n";
        enqueue(head);

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

    void sendEvent(qsizetype index)
    {
        if (m_gone)
            return;
        if (index >= m_reply.events.size()) {
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
                QTimer::singleShot(m_reply.eventDelay, this,
                                   [this, index] { sendEvent(index + 1); });
        });
    }

    void finishReply()
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

    void enqueue(const QByteArray &bytes)
    {
        if (!bytes.isEmpty())
            m_out.push_back({bytes});
    }

    /// Queues the first `limit` bytes of body.
    void enqueue(const FaultBody &body, qint64 limit)
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

    /// Runs next once every queued byte has been handed to the socket (and, with
    /// flushed, once the socket has written them all).
    void whenDrained(std::function<void()> next, bool flushed = false)
    {
        m_afterDrain = std::move(next);
        m_afterDrainNeedsFlush = flushed;
        pump();
    }

    /// Moves queued bytes into the socket while its buffer is below the high-water mark;
    /// called again on every bytesWritten, so oversize bodies stream at the client's pace.
    void pump()
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

    /// Closes after what was written has gone out (FIN).
    void closeNow()
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

    /// Aborts with a TCP RST: SO_LINGER 0 makes close() discard the connection at once.
    void resetNow()
    {
#if defined(Q_OS_UNIX)
        const qintptr descriptor = m_socket->socketDescriptor();
        if (descriptor >= 0) {
            const linger lingerOption{1, 0};
            ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &lingerOption,
                         sizeof lingerOption);
        }
#endif
        m_out.clear();
        m_afterDrain = nullptr;
        m_socket->abort();
        teardown();
    }

    void teardown()
    {
        if (m_gone)
            return;
        m_gone = true;
        m_out.clear();
        m_afterDrain = nullptr;
        m_server->forgetConnection(this);
        deleteLater();
    }

    QTcpSocket *m_socket;  // owned (child)
    FaultServer *m_server; // not owned: the parent
    State m_state = State::Reading;
    bool m_gone = false;
    QByteArray m_in;
    // The request being read.
    std::optional<FaultHttpRequest> m_head;
    qsizetype m_headLength = 0;
    qint64 m_contentLength = 0;
    bool m_chunked = false;
    qsizetype m_chunkPos = 0;
    QByteArray m_chunkedBody;
    bool m_continueSent = false;
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

FaultServer::FaultServer(QObject *parent)
    : QObject(parent)
    , m_models{u"steadfast-demo"_s, u"steadfast-demo-large"_s}
    , m_pathPrefix(u"/v1"_s)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultServer::handleNewConnections);
}

FaultServer::~FaultServer()
{
    close();
}

bool FaultServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return false;
    qCInfo(lcFaultServer).noquote() << "listening on" << baseUrl().toString();
    return true;
}

void FaultServer::close()
{
    m_server.close();
    const QSet<FaultConnection *> connections = std::exchange(m_connections, {});
    // deleteLater: close() may run inside one of these connections' own socket signals.
    // (Children still pending deletion when the server dies are deleted with it.)
    for (FaultConnection *connection : connections) {
        connection->abortSilently();
        connection->deleteLater();
    }
}

bool FaultServer::isListening() const
{
    return m_server.isListening();
}

QString FaultServer::errorString() const
{
    return m_server.errorString();
}

quint16 FaultServer::port() const
{
    return m_server.serverPort();
}

QUrl FaultServer::baseUrl() const
{
    QUrl url = controlUrl();
    url.setPath(m_pathPrefix);
    return url;
}

QUrl FaultServer::controlUrl() const
{
    QHostAddress address = m_server.serverAddress();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4
        || address == QHostAddress::Null)
        address = QHostAddress::LocalHost;
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(address.toString());
    url.setPort(port());
    url.setPath(u"/_fault"_s);
    return url;
}

void FaultServer::arm(const FaultStep &step)
{
    m_steps.push_back({step, std::max(1, step.repeat)});
}

void FaultServer::armAll(const QList<FaultStep> &steps)
{
    for (const FaultStep &step : steps)
        arm(step);
}

void FaultServer::loadScript(const FaultScript &script)
{
    armAll(script.steps());
    if (script.replyText())
        setReplyText(*script.replyText());
    if (script.chunkDelay())
        setChunkDelay(*script.chunkDelay());
    if (script.models())
        setModels(*script.models());
    if (script.pathPrefix())
        setPathPrefix(*script.pathPrefix());
}

void FaultServer::reset()
{
    m_steps.clear();
    m_log.clear();
    m_chatRequests = 0;
    m_tokensUsed = 0;
    m_lastAuthorization.clear();
}

int FaultServer::pendingSteps() const
{
    return int(m_steps.size());
}

QList<FaultStep> FaultServer::pending() const
{
    QList<FaultStep> steps;
    for (const ArmedStep &armed : m_steps) {
        FaultStep step = armed.step;
        step.repeat = armed.playsLeft;
        steps.append(step);
    }
    return steps;
}

QList<QJsonObject> FaultServer::requestLog() const
{
    return m_log;
}

int FaultServer::chatRequestCount() const
{
    return m_chatRequests;
}

QByteArray FaultServer::lastAuthorization() const
{
    return m_lastAuthorization;
}

int FaultServer::acceptedConnectionCount() const
{
    return m_acceptedConnections;
}

int FaultServer::openConnectionCount() const
{
    return int(m_connections.size());
}

void FaultServer::setChunkDelay(std::chrono::milliseconds delay)
{
    m_chunkDelay = std::max(delay, 0ms);
}

std::chrono::milliseconds FaultServer::chunkDelay() const
{
    return m_chunkDelay;
}

void FaultServer::setReplyText(const QString &text)
{
    m_replyText = text;
}

QString FaultServer::replyText() const
{
    return m_replyText;
}

void FaultServer::setModels(const QStringList &models)
{
    m_models = models;
}

QStringList FaultServer::models() const
{
    return m_models;
}

void FaultServer::setPathPrefix(const QString &prefix)
{
    QString normalized = prefix.trimmed();
    while (normalized.endsWith(u'/'))
        normalized.chop(1);
    if (!normalized.isEmpty() && !normalized.startsWith(u'/'))
        normalized.prepend(u'/');
    m_pathPrefix = normalized;
}

QString FaultServer::pathPrefix() const
{
    return m_pathPrefix;
}

void FaultServer::handleNewConnections()
{
    while (m_server.hasPendingConnections()) {
        QTcpSocket *socket = m_server.nextPendingConnection();
        if (!socket)
            break;
        ++m_acceptedConnections;
        m_connections.insert(new FaultConnection(socket, this));
    }
}

void FaultServer::forgetConnection(FaultConnection *connection)
{
    m_connections.remove(connection);
}

FaultServer::Route FaultServer::route(const FaultHttpRequest &request, QString *modelId) const
{
    const QString &path = request.path;
    if (path == u"/_fault"_s || path.startsWith(u"/_fault/"_s))
        return Route::Control;
    const QString chatPath = m_pathPrefix + u"/chat/completions"_s;
    const QString modelsPath = m_pathPrefix + u"/models"_s;
    if (path == chatPath)
        return request.method == "POST" ? Route::Chat : Route::WrongMethod;
    if (path == modelsPath)
        return request.method == "GET" ? Route::Models : Route::WrongMethod;
    if (path.startsWith(modelsPath + u'/') && path.size() > modelsPath.size() + 1) {
        *modelId = path.mid(modelsPath.size() + 1);
        return request.method == "GET" ? Route::Model : Route::WrongMethod;
    }
    return Route::Unknown;
}

std::optional<FaultStep> FaultServer::takeStep(bool chat)
{
    for (auto it = m_steps.begin(); it != m_steps.end(); ++it) {
        if (chat ? !it->step.matchesChat() : !it->step.matchesModels())
            continue;
        const FaultStep step = it->step;
        if (--it->playsLeft <= 0)
            m_steps.erase(it);
        return step;
    }
    return std::nullopt;
}

QJsonObject FaultServer::logRequest(const FaultHttpRequest &request,
                                    const std::optional<FaultStep> &step, qint64 seq)
{
    // Credentials are never logged: only whether the client sent one, and its scheme.
    static const QList<QByteArray> secretHeaders{"authorization", "proxy-authorization",
                                                 "api-key",       "x-api-key",
                                                 "cookie",        "x-goog-api-key"};
    const QByteArray authorization = request.header("authorization");
    m_lastAuthorization = authorization;
    QString scheme;
    const QByteArray firstWord = authorization.left(authorization.indexOf(' ')).toLower();
    if (authorization.contains(' ')) {
        for (const QString &known : {u"Bearer"_s, u"Basic"_s, u"Digest"_s, u"Token"_s}) {
            if (firstWord == known.toLower().toLatin1())
                scheme = known;
        }
    }
    QJsonObject headers;
    for (const auto &[name, value] : request.headers) {
        if (!secretHeaders.contains(name))
            headers.insert(QString::fromLatin1(name), QString::fromUtf8(value));
    }
    QJsonParseError parseError;
    const QJsonDocument body = QJsonDocument::fromJson(request.body, &parseError);
    QJsonValue bodyValue = QJsonValue::Null;
    if (parseError.error == QJsonParseError::NoError)
        bodyValue = body.isObject() ? QJsonValue(body.object()) : QJsonValue(body.array());

    const QJsonObject entry{
            {u"seq"_s, seq},
            {u"method"_s, QString::fromLatin1(request.method)},
            {u"path"_s, request.path},
            {u"hasAuthorization"_s, request.hasHeader("authorization")},
            {u"authorizationScheme"_s, scheme},
            {u"headers"_s, headers},
            {u"body"_s, bodyValue},
            {u"bodySize"_s, qint64(request.body.size())},
            {u"step"_s, step ? QJsonValue(step->toJson()) : QJsonValue(QJsonValue::Null)},
            {u"receivedAt"_s, QDateTime::currentMSecsSinceEpoch()},
    };
    m_log.append(entry);
    return entry;
}

FaultReply FaultServer::respond(const FaultHttpRequest &request)
{
    QString modelId;
    const Route kind = route(request, &modelId);
    if (kind == Route::Control)
        return respondToControl(request);

    const qint64 seq = ++m_sequence;
    std::optional<FaultStep> step;
    if (kind == Route::Chat) {
        ++m_chatRequests;
        step = takeStep(true);
    } else if (kind == Route::Models || kind == Route::Model) {
        step = takeStep(false);
    }
    const QJsonObject entry = logRequest(request, step, seq);

    FaultReply reply;
    switch (kind) {
    case Route::Chat:
        reply = respondToChat(request, step, seq);
        break;
    case Route::Models:
    case Route::Model:
        reply = respondToModels(request, step, seq, modelId);
        break;
    case Route::WrongMethod:
    case Route::Unknown:
    case Route::Control: {
        const int status = kind == Route::WrongMethod ? 405 : 404;
        const QString message =
                u"Invalid URL (%1 %2)"_s.arg(QString::fromLatin1(request.method), request.path);
        reply.status = status;
        reply.headers = {{"Date", httpDate()},
                         {"Content-Type", "application/json"},
                         {"x-request-id", "req_" + QByteArray::number(seq)}};
        if (kind == Route::WrongMethod)
            reply.headers.append(
                    Header("Allow", request.path.endsWith(u"/completions"_s) ? "POST" : "GET"));
        reply.body = {{compact(QJsonObject{
                {u"error"_s,
                 errorObject(status, QString(),
                             {{u"message"_s, message}, {u"code"_s, QJsonValue::Null}})}})}};
        reply.summary = QString::number(status);
        break;
    }
    }

    // Method, path and what was played; never the body (it holds the user's text).
    QString line =
            u"%1 %2 -> %3"_s.arg(QString::fromLatin1(request.method), request.path, reply.summary);
    if (step && !step->note.isEmpty())
        line += u" (%1)"_s.arg(step->note);
    qCInfo(lcFaultServer).noquote() << line;
    Q_EMIT requestReceived(entry);
    if (step)
        Q_EMIT stepPlayed(step->toJson());
    return reply;
}

FaultReply FaultServer::respondToControl(const FaultHttpRequest &request)
{
    const QString command = request.path.mid(QStringLiteral("/_fault/").size());
    int status = 200;
    QByteArray body;
    const auto expect = [&](const char *method) {
        if (request.method == method)
            return true;
        status = 405;
        body = compact(
                controlError(u"use %1 for /_fault/%2"_s.arg(QLatin1String(method), command)));
        return false;
    };
    if (command == u"health"_s) {
        if (expect("GET"))
            body = compact(QJsonObject{{u"ok"_s, true}});
    } else if (command == u"log"_s) {
        if (expect("GET")) {
            QJsonArray entries;
            for (const QJsonObject &entry : std::as_const(m_log))
                entries.append(entry);
            body = compact(entries);
        }
    } else if (command == u"steps"_s) {
        if (expect("GET")) {
            QJsonArray steps;
            for (const FaultStep &step : pending())
                steps.append(step.toJson());
            body = compact(QJsonObject{{u"pending"_s, pendingSteps()}, {u"steps"_s, steps}});
        }
    } else if (command == u"reset"_s) {
        if (expect("POST")) {
            reset();
            body = compact(QJsonObject{{u"ok"_s, true}});
            qCInfo(lcFaultServer) << "reset: steps and log cleared";
        }
    } else if (command == u"arm"_s) {
        if (expect("POST")) {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
            QString error;
            std::optional<FaultScript> script;
            if (parseError.error != QJsonParseError::NoError) {
                error = u"the body is not JSON: %1"_s.arg(parseError.errorString());
            } else if (document.isArray()) {
                script = FaultScript::fromJsonObject({{u"steps"_s, document.array()}}, &error);
            } else if (document.object().contains(u"steps"_s)) {
                script = FaultScript::fromJsonObject(document.object(), &error);
            } else {
                const auto step = FaultStep::fromJson(document.object(), &error);
                if (step)
                    script = FaultScript::fromJsonObject({{u"steps"_s, QJsonArray{step->toJson()}}},
                                                         &error);
            }
            if (script) {
                loadScript(*script);
                body = compact(QJsonObject{{u"ok"_s, true},
                                           {u"armed"_s, int(script->steps().size())},
                                           {u"pending"_s, pendingSteps()}});
                qCInfo(lcFaultServer) << "armed" << script->steps().size() << "step(s);"
                                      << pendingSteps() << "pending";
            } else {
                status = 400;
                body = compact(controlError(error));
            }
        }
    } else {
        status = 404;
        body = compact(controlError(
                u"unknown control path %1 (health, log, steps, arm, reset)"_s.arg(request.path)));
    }
    FaultReply reply;
    reply.status = status;
    reply.headers = {{"Date", httpDate()},
                     {"Content-Type", "application/json"},
                     {"Cache-Control", "no-store"}};
    reply.body = {{body}};
    reply.summary = QString::number(status);
    return reply;
}

namespace {

/// Builds the parts of a reply shared by the chat and models endpoints.
struct ReplyBuilder
{
    const FaultStep &step;
    QString model;
    HeaderList headers;

    /// The scripted error for a non-2xx status (or for html/body steps), if the step has one.
    bool buildScriptedError(int status, FaultReply *reply) const
    {
        reply->status = status;
        reply->headers = headers;
        if (step.body) {
            reply->body = {{*step.body}};
            QByteArray type = step.contentType;
            if (type.isEmpty()) {
                QJsonParseError parseError;
                QJsonDocument::fromJson(*step.body, &parseError);
                type = parseError.error == QJsonParseError::NoError ? "application/json"
                                                                    : "text/plain; charset=utf-8";
            }
            setHeader(&reply->headers, "Content-Type", type);
        } else if (step.html) {
            reply->body = {{htmlPage(status)}};
            setHeader(&reply->headers, "Content-Type", "text/html; charset=utf-8");
        } else if (status >= 200 && status < 300) {
            return false; // a healthy reply, built by the endpoint
        } else {
            QJsonObject error = errorObject(status, model, step.error);
            if (step.oversizeBytes > 0) {
                error.insert(u"message"_s,
                             error.value(u"message"_s).toString() + u' '
                                     + QString::fromLatin1(padMarker));
                reply->body =
                        paddedBody(compact(QJsonObject{{u"error"_s, error}}), step.oversizeBytes);
            } else {
                reply->body = {{compact(QJsonObject{{u"error"_s, error}})}};
            }
            setHeader(&reply->headers, "Content-Type", "application/json");
        }
        reply->summary = QString::number(status);
        return true;
    }

    /// A healthy JSON body, broken as the step says.
    void buildJsonBody(const QByteArray &json, const QByteArray &paddedJson,
                       const QByteArray &badUtf8Json, const QByteArray &wrongShape,
                       FaultReply *reply) const
    {
        reply->status = step.status == 0 ? 200 : step.status;
        reply->headers = headers;
        setHeader(&reply->headers, "Content-Type", "application/json");
        switch (step.malformed) {
        case FaultStep::Malformed::None:
            reply->body = step.oversizeBytes > 0 ? paddedBody(paddedJson, step.oversizeBytes)
                                                 : FaultBody{{json}};
            break;
        case FaultStep::Malformed::NotJson:
            reply->body = {{"<this is not JSON> upstream returned garbage {"}};
            break;
        case FaultStep::Malformed::TruncatedJson:
            reply->body = {{json.left(json.size() / 2)}};
            break;
        case FaultStep::Malformed::WrongShape:
            reply->body = {{wrongShape}};
            break;
        case FaultStep::Malformed::BadUtf8:
            reply->body = {{badUtf8Json}};
            break;
        case FaultStep::Malformed::Empty:
            reply->body = {};
            break;
        }
        reply->summary = QString::number(reply->status);
        if (step.malformed != FaultStep::Malformed::None)
            reply->summary += u" malformed:"_s + FaultStep::malformedName(step.malformed);
        if (step.oversizeBytes > 0)
            reply->summary += u" oversize:%1"_s.arg(step.oversizeBytes);
    }
};

FaultReply actionReply(const FaultStep &step)
{
    FaultReply reply;
    reply.delay = step.delay;
    switch (step.action) {
    case FaultStep::Action::Reset:
        reply.kind = FaultReply::Kind::Reset;
        reply.summary = u"reset"_s;
        break;
    case FaultStep::Action::Close:
        reply.kind = FaultReply::Kind::Close;
        reply.summary = u"close"_s;
        break;
    case FaultStep::Action::Hang:
        reply.kind = FaultReply::Kind::Hang;
        reply.summary = u"hang"_s;
        break;
    case FaultStep::Action::None:
    case FaultStep::Action::Truncate:
        break;
    }
    return reply;
}

void applyStepHeaders(const FaultStep &step, FaultReply *reply)
{
    for (const auto &[name, value] : step.headers)
        setHeader(&reply->headers, name, value);
    reply->delay = step.delay;
    if (step.action == FaultStep::Action::Truncate) {
        reply->truncate = true;
        reply->summary += u" truncated"_s;
    }
}

} // namespace

FaultReply FaultServer::respondToChat(const FaultHttpRequest &request,
                                      const std::optional<FaultStep> &scripted, qint64 seq)
{
    const FaultStep step = scripted.value_or(FaultStep());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    const QJsonObject body = document.object();
    const QString model = body.value(u"model"_s).toString();
    const bool streamRequested = body.value(u"stream"_s).toBool();
    const QJsonArray messages = body.value(u"messages"_s).toArray();

    // "reset" with dropAfterChunks on a stream: the chunks, then a RST instead of a FIN.
    const bool resetMidStream = step.action == FaultStep::Action::Reset
            && step.dropAfterChunks.has_value() && streamRequested;
    if ((step.action == FaultStep::Action::Reset && !resetMidStream)
        || step.action == FaultStep::Action::Close || step.action == FaultStep::Action::Hang)
        return actionReply(step);

    const QByteArray id = "chatcmpl-" + QByteArray::number(seq);
    HeaderList headers{{"Date", httpDate()},
                       {"Content-Type", "application/json"},
                       {"x-request-id", "req_" + QByteArray::number(seq)},
                       {"openai-processing-ms", "1"}};

    const auto rateLimitHeaders = [&] {
        const qint64 requestsUsed = m_chatRequests;
        setHeader(&headers, "x-ratelimit-limit-requests", QByteArray::number(requestLimit));
        setHeader(&headers, "x-ratelimit-limit-tokens", QByteArray::number(tokenLimit));
        setHeader(&headers, "x-ratelimit-remaining-requests",
                  QByteArray::number(std::max<qint64>(0, requestLimit - requestsUsed)));
        setHeader(&headers, "x-ratelimit-remaining-tokens",
                  QByteArray::number(std::max<qint64>(0, tokenLimit - m_tokensUsed)));
        setHeader(&headers, "x-ratelimit-reset-requests",
                  goDuration(std::min<qint64>(requestsUsed, requestLimit) * 60000 / requestLimit));
        setHeader(&headers, "x-ratelimit-reset-tokens",
                  goDuration(std::min<qint64>(m_tokensUsed, tokenLimit) * 60000 / tokenLimit));
    };

    FaultReply reply;
    const int status = step.status != 0 ? step.status : (step.html ? 502 : 200);
    {
        rateLimitHeaders();
        ReplyBuilder builder{step, model, headers};
        if (builder.buildScriptedError(status, &reply)) {
            applyStepHeaders(step, &reply);
            return reply;
        }
    }

    // The server's own checks, as the real API makes them.
    QString invalid;
    QString param;
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        invalid = u"We could not parse the JSON body of your request."_s;
    } else if (!body.value(u"model"_s).isString() || model.isEmpty()) {
        invalid = u"You must provide a model parameter."_s;
        param = u"model"_s;
    } else if (!body.value(u"messages"_s).isArray()) {
        invalid = u"Missing required parameter: 'messages'."_s;
        param = u"messages"_s;
    } else if (messages.isEmpty()) {
        invalid = u"[] is too short - 'messages'"_s;
        param = u"messages"_s;
    }
    if (!invalid.isEmpty()) {
        reply.status = 400;
        reply.headers = headers;
        QJsonObject error = errorObject(400, model, {});
        error.insert(u"message"_s, invalid);
        error.insert(u"param"_s,
                     param.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(param));
        reply.body = {{compact(QJsonObject{{u"error"_s, error}})}};
        reply.summary = u"400 invalid request"_s;
        applyStepHeaders(step, &reply);
        return reply;
    }

    const QString text = step.text   ? *step.text
            : !m_replyText.isEmpty() ? m_replyText
                                     : defaultReplyText(messages);
    const QStringList pieces = splitIntoPieces(text);
    int promptTokens = 0;
    for (const QJsonValue &message : messages)
        promptTokens += wordCount(contentText(message.toObject().value(u"content"_s))) + 3;
    const int completionTokens = int(pieces.size());
    const QJsonObject usage{{u"prompt_tokens"_s, promptTokens},
                            {u"completion_tokens"_s, completionTokens},
                            {u"total_tokens"_s, promptTokens + completionTokens}};
    m_tokensUsed += promptTokens + completionTokens;
    rateLimitHeaders();

    const qint64 created = QDateTime::currentSecsSinceEpoch();
    const QString idText = QString::fromLatin1(id);
    ReplyBuilder builder{step, model, headers};

    const auto completion = [&](const QString &content) {
        const QJsonObject message{{u"role"_s, u"assistant"_s}, {u"content"_s, content}};
        const QJsonObject choice{{u"index"_s, 0},
                                 {u"message"_s, message},
                                 {u"logprobs"_s, QJsonValue::Null},
                                 {u"finish_reason"_s, u"stop"_s}};
        return compact(QJsonObject{{u"id"_s, idText},
                                   {u"object"_s, u"chat.completion"_s},
                                   {u"created"_s, created},
                                   {u"model"_s, model},
                                   {u"system_fingerprint"_s, u"fp_steadfast"_s},
                                   {u"choices"_s, QJsonArray{choice}},
                                   {u"usage"_s, usage}});
    };
    const auto chunk = [&](const QJsonObject &delta, const QJsonValue &finishReason) {
        const QJsonObject choice{{u"index"_s, 0},
                                 {u"delta"_s, delta},
                                 {u"logprobs"_s, QJsonValue::Null},
                                 {u"finish_reason"_s, finishReason}};
        return compact(QJsonObject{{u"id"_s, idText},
                                   {u"object"_s, u"chat.completion.chunk"_s},
                                   {u"created"_s, created},
                                   {u"model"_s, model},
                                   {u"system_fingerprint"_s, u"fp_steadfast"_s},
                                   {u"choices"_s, QJsonArray{choice}}});
    };
    const QString marker = QString::fromLatin1(padMarker);

    if (!streamRequested) {
        const QByteArray wrongShape = compact(QJsonObject{{u"id"_s, idText},
                                                          {u"object"_s, u"chat.completion"_s},
                                                          {u"created"_s, created},
                                                          {u"model"_s, model},
                                                          {u"result"_s, text}});
        builder.buildJsonBody(completion(text), completion(text + u' ' + marker),
                              replaceMarker(completion(text + marker), badUtf8Bytes), wrongShape,
                              &reply);
        applyStepHeaders(step, &reply);
        return reply;
    }

    // A stream: role delta, content pieces, finish, (usage), [DONE], with the step's breaks.
    QList<FaultBody> events;
    events.append(sseEvent(
            chunk({{u"role"_s, u"assistant"_s}, {u"content"_s, u""_s}}, QJsonValue::Null)));
    switch (step.malformed) {
    case FaultStep::Malformed::None:
        break;
    case FaultStep::Malformed::NotJson:
        events.append(sseEvent("<this is not JSON> upstream returned garbage {"));
        break;
    case FaultStep::Malformed::TruncatedJson: {
        const QByteArray json = chunk({{u"content"_s, u"cut"_s}}, QJsonValue::Null);
        events.append(sseEvent(json.left(json.size() / 2)));
        break;
    }
    case FaultStep::Malformed::WrongShape:
        events.append(sseEvent(compact(QJsonObject{{u"id"_s, idText},
                                                   {u"object"_s, u"chat.completion.chunk"_s},
                                                   {u"created"_s, created},
                                                   {u"model"_s, model}})));
        break;
    case FaultStep::Malformed::BadUtf8:
        events.append(sseEvent(
                replaceMarker(chunk({{u"content"_s, marker}}, QJsonValue::Null), badUtf8Bytes)));
        break;
    case FaultStep::Malformed::Empty:
        events.append(FaultBody{{"data: \n\n"}});
        break;
    }
    if (step.oversizeBytes > 0) {
        // One content event of exactly oversizeBytes bytes ("data: {...}\n\n"), made of 'x'.
        events.append(
                paddedBody("data: " + chunk({{u"content"_s, marker}}, QJsonValue::Null) + "\n\n",
                           step.oversizeBytes));
    }

    const std::optional<int> limit = step.stallAfterChunks ? step.stallAfterChunks
            : step.dropAfterChunks                         ? step.dropAfterChunks
                                                           : step.errorAfterChunks;
    const qsizetype contentCount =
            limit ? std::min<qsizetype>(*limit, pieces.size()) : pieces.size();
    for (qsizetype i = 0; i < contentCount; ++i)
        events.append(sseEvent(chunk({{u"content"_s, pieces.at(i)}}, QJsonValue::Null)));

    reply.summary = u"200 stream"_s;
    if (step.stallAfterChunks) {
        reply.streamEnd = FaultReply::StreamEnd::Stall;
        reply.summary += u" stall after %1"_s.arg(contentCount);
    } else if (step.dropAfterChunks) {
        reply.streamEnd =
                resetMidStream ? FaultReply::StreamEnd::Reset : FaultReply::StreamEnd::Drop;
        reply.summary +=
                (resetMidStream ? u" reset after %1"_s : u" drop after %1"_s).arg(contentCount);
    } else if (step.errorAfterChunks) {
        QJsonObject error = errorObject(500, model, step.error);
        events.append(sseEvent(compact(QJsonObject{{u"error"_s, error}})));
        reply.summary += u" error after %1"_s.arg(contentCount);
    } else {
        if (!step.noFinish)
            events.append(sseEvent(chunk(QJsonObject(), u"stop"_s)));
        const bool includeUsage =
                body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool();
        if (includeUsage) {
            events.append(sseEvent(compact(QJsonObject{{u"id"_s, idText},
                                                       {u"object"_s, u"chat.completion.chunk"_s},
                                                       {u"created"_s, created},
                                                       {u"model"_s, model},
                                                       {u"choices"_s, QJsonArray()},
                                                       {u"usage"_s, usage}})));
        }
        if (!step.omitDone)
            events.append(FaultBody{{"data: [DONE]\n\n"}});
        else
            reply.close = true;
        if (step.noFinish)
            reply.summary += u" no finish"_s;
        if (step.omitDone)
            reply.summary += u" no [DONE]"_s;
    }
    if (step.holdOpen && reply.streamEnd == FaultReply::StreamEnd::Finish
        && step.action != FaultStep::Action::Truncate) {
        // The whole stream, then neither the chunked body's end nor a close.
        reply.streamEnd = FaultReply::StreamEnd::Hold;
        reply.summary += u" held open"_s;
    }

    reply.status = step.status == 0 ? 200 : step.status; // any 2xx plays the healthy reply
    reply.headers = headers;
    setHeader(&reply.headers, "Content-Type", "text/event-stream; charset=utf-8");
    setHeader(&reply.headers, "Cache-Control", "no-cache");
    applyStepHeaders(step, &reply);
    if (reply.truncate) {
        // A torn stream: the whole stream announced with Content-Length, half of it sent.
        for (const FaultBody &event : std::as_const(events))
            reply.body += event;
    } else {
        reply.streaming = true;
        reply.events = events;
        reply.eventDelay = step.chunkDelay.value_or(m_chunkDelay);
    }
    return reply;
}

FaultReply FaultServer::respondToModels(const FaultHttpRequest &request,
                                        const std::optional<FaultStep> &scripted, qint64 seq,
                                        const QString &modelId)
{
    Q_UNUSED(request)
    const FaultStep step = scripted.value_or(FaultStep());
    if (step.action == FaultStep::Action::Reset || step.action == FaultStep::Action::Close
        || step.action == FaultStep::Action::Hang)
        return actionReply(step);

    const HeaderList headers{{"Date", httpDate()},
                             {"Content-Type", "application/json"},
                             {"x-request-id", "req_" + QByteArray::number(seq)}};
    FaultReply reply;
    const int status = step.status != 0 ? step.status : (step.html ? 502 : 200);
    ReplyBuilder builder{step, modelId, headers};
    if (builder.buildScriptedError(status, &reply)) {
        applyStepHeaders(step, &reply);
        return reply;
    }

    const auto modelObject = [](const QString &id) {
        return QJsonObject{{u"id"_s, id},
                           {u"object"_s, u"model"_s},
                           {u"created"_s, modelsCreated},
                           {u"owned_by"_s, u"steadfast-faultserver"_s}};
    };
    const QString marker = QString::fromLatin1(padMarker);
    if (!modelId.isEmpty()) {
        if (!m_models.contains(modelId)) {
            reply.status = 404;
            reply.headers = headers;
            reply.body = {{compact(QJsonObject{{u"error"_s, errorObject(404, modelId, {})}})}};
            reply.summary = u"404 unknown model"_s;
            applyStepHeaders(step, &reply);
            return reply;
        }
        QJsonObject padded = modelObject(modelId);
        padded.insert(u"description"_s, marker);
        QJsonObject badUtf8 = modelObject(modelId + marker);
        builder.buildJsonBody(compact(modelObject(modelId)), compact(padded),
                              replaceMarker(compact(badUtf8), badUtf8Bytes),
                              compact(QJsonObject{{u"object"_s, u"model"_s}}), &reply);
        applyStepHeaders(step, &reply);
        return reply;
    }

    QJsonArray data;
    for (const QString &id : std::as_const(m_models))
        data.append(modelObject(id));
    QJsonArray paddedData = data;
    paddedData.append(modelObject(marker));
    QJsonArray badData = data;
    badData.append(modelObject(marker));
    const auto list = [](const QJsonArray &models) {
        return compact(QJsonObject{{u"object"_s, u"list"_s}, {u"data"_s, models}});
    };
    builder.buildJsonBody(list(data), list(paddedData), replaceMarker(list(badData), badUtf8Bytes),
                          compact(QJsonObject{{u"object"_s, u"list"_s}}), &reply);
    applyStepHeaders(step, &reply);
    return reply;
}

} // namespace steadfast
