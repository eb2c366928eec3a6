// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/HttpMessage.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace steadfast::faultserver {

namespace {

const std::pair<int, const char *> reasonPhrases[] = {
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {204, "No Content"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {307, "Temporary Redirect"},
        {308, "Permanent Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {402, "Payment Required"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {410, "Gone"},
        {411, "Length Required"},
        {413, "Content Too Large"},
        {415, "Unsupported Media Type"},
        {422, "Unprocessable Content"},
        {425, "Too Early"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"},
        {520, "Unknown Error"},
        {522, "Connection Timed Out"},
        {524, "A Timeout Occurred"},
        {529, "Site is overloaded"},
};

} // namespace

QByteArray FaultHttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return QByteArray();
}

bool FaultHttpRequest::hasHeader(const QByteArray &lowerName) const
{
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto &header) { return header.first == lowerName; });
}

bool FaultHttpRequest::keepAlive() const
{
    const QByteArray connection = header("connection").toLower();
    return http11 ? !connection.contains("close") : connection.contains("keep-alive");
}

qint64 bodySize(const FaultBody &body)
{
    qint64 size = 0;
    for (const FaultSegment &segment : body)
        size += segment.size();
    return size;
}

QByteArray reasonPhrase(int status)
{
    for (const auto &[code, phrase] : reasonPhrases) {
        if (code == status)
            return phrase;
    }
    if (status >= 500)
        return "Server Error";
    if (status >= 400)
        return "Client Error";
    if (status >= 300)
        return "Redirection";
    return "Success";
}

QByteArray httpDate()
{
    return QLocale::c()
            .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
            .toLatin1();
}

bool isTokenChar(char c)
{
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || extra.contains(c);
}

bool isToken(const QByteArray &text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

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

} // namespace steadfast::faultserver
