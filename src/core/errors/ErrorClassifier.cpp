// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorClassifier.h"

#include "core/errors/ErrorTraits.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaEnum>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

using Kind = ApiError::Kind;

// A body is looked at only this far for markup and for a lenient scan of broken JSON: the
// interesting part of an error page or an error object comes first, and the work stays
// linear and small however much the server sends.
constexpr qsizetype scanBytes = 64 * 1024;
// Plain text is decoded only this far; the message keeps at most maxMessageLength of it.
constexpr qsizetype plainBytes = 8 * 1024;
constexpr qsizetype maxFieldLength = 200; // code, type, param
constexpr qsizetype maxTitleLength = 300; // an HTML page's title or heading
constexpr qsizetype maxRequestIdLength = 128;
constexpr QChar ellipsis = QChar(0x2026);

std::optional<QByteArray> headerValue(const RawHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return std::nullopt;
}

/// Cuts text to at most maxLength UTF-16 units, marking the cut with an ellipsis and never
/// splitting a surrogate pair.
void truncateMarked(QString &text, qsizetype maxLength, bool alreadyCut)
{
    if (!alreadyCut && text.size() <= maxLength)
        return;
    text.truncate(maxLength - 1);
    if (!text.isEmpty() && text.back().isHighSurrogate())
        text.chop(1);
    while (!text.isEmpty() && text.back().isSpace())
        text.chop(1);
    text += ellipsis;
}

/// Makes server text safe to show on one line: control characters (a terminal escape
/// sequence in a hostile body, say) become U+FFFD, whitespace runs fold to one space, and
/// the length is bounded.
QString cleanText(QString text, qsizetype maxLength, bool alreadyCut = false)
{
    // Folding can only shrink the text, so a generous prefix is all that needs the work.
    if (text.size() > maxLength * 4) {
        text.truncate(maxLength * 4);
        alreadyCut = true;
    }
    for (QChar &c : text) {
        const char16_t u = c.unicode();
        const bool whitespace = u == u'\t' || u == u'\n' || u == u'\r';
        if ((u < 0x20 && !whitespace) || (u >= 0x7f && u <= 0x9f))
            c = QChar(QChar::ReplacementCharacter);
    }
    text = text.simplified();
    truncateMarked(text, maxLength, alreadyCut);
    return text;
}

/// The first maxBytes of body as text, cut at a UTF-8 sequence boundary.
QString utf8Prefix(QByteArrayView body, qsizetype maxBytes, bool *cut = nullptr)
{
    if (body.size() <= maxBytes) {
        if (cut)
            *cut = false;
        return QString::fromUtf8(body);
    }
    qsizetype end = maxBytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the sequence cut in two.
    for (int i = 0; i < 3 && end > 0 && (quint8(body[end]) & 0xC0) == 0x80; ++i)
        --end;
    if (cut)
        *cut = true;
    return QString::fromUtf8(body.first(end));
}

QByteArrayView stripBomAndLeadingSpace(QByteArrayView body)
{
    if (body.startsWith("\xEF\xBB\xBF"))
        body = body.sliced(3);
    qsizetype i = 0;
    while (i < body.size() && QChar::isSpace(uchar(body[i])))
        ++i;
    return body.sliced(i);
}

QString jsonScalar(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::trunc(d) && std::abs(d) < 9.0e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 15);
    }
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

/// FastAPI's validation errors: [{"loc":["body","model"],"msg":"field required",…}, …].
QString fastApiDetail(const QJsonArray &items)
{
    QStringList parts;
    for (const QJsonValue &item : items) {
        if (!item.isObject()) {
            parts += jsonScalar(item);
            continue;
        }
        const QJsonObject object = item.toObject();
        QString text = jsonScalar(object.value(u"msg"_s));
        if (text.isEmpty())
            text = jsonScalar(object.value(u"message"_s));
        QStringList location;
        for (const QJsonValue &step : object.value(u"loc"_s).toArray())
            location += jsonScalar(step);
        parts += location.isEmpty() ? text : location.join(u'.') + u": "_s + text;
        if (parts.size() >= 10) // the message is bounded anyway; stop early
            break;
    }
    return parts.join(u"; "_s);
}

/// Fills out from one JSON object in any of the known error shapes; false if none fits.
bool readErrorObject(const QJsonObject &object, ErrorBody &out)
{
    const QJsonValue error = object.value(u"error"_s);
    if (error.isObject()) {
        const QJsonObject inner = error.toObject();
        out.message = jsonScalar(inner.value(u"message"_s));
        out.type = jsonScalar(inner.value(u"type"_s));
        out.code = jsonScalar(inner.value(u"code"_s));
        out.param = jsonScalar(inner.value(u"param"_s));
        // OpenRouter wraps an upstream provider's error: {"message":"Provider returned
        // error","metadata":{"provider_name":"X","raw":"…"}}; the raw text is the useful part.
        const QJsonObject metadata = inner.value(u"metadata"_s).toObject();
        const QString raw = jsonScalar(metadata.value(u"raw"_s));
        if (!raw.isEmpty()) {
            const QString provider = jsonScalar(metadata.value(u"provider_name"_s));
            const QString origin = provider.isEmpty() ? raw : provider + u": "_s + raw;
            out.message = out.message.isEmpty() ? origin : out.message + u" ("_s + origin + u')';
        }
        return true;
    }
    const auto readTopLevelFacts = [&] {
        out.type = jsonScalar(object.value(u"type"_s));
        out.code = jsonScalar(object.value(u"code"_s));
        out.param = jsonScalar(object.value(u"param"_s));
    };
    if (error.isString()) { // Ollama: {"error":"model 'x' not found"}
        out.message = error.toString();
        readTopLevelFacts();
        return true;
    }
    if (object.contains(u"message"_s)) { // older vLLM: {"object":"error","message":…}
        out.message = jsonScalar(object.value(u"message"_s));
        readTopLevelFacts();
        return true;
    }
    const QJsonValue detail = object.value(u"detail"_s);
    if (!detail.isUndefined()) { // FastAPI: {"detail":"…"} or a list of validation errors
        if (detail.isArray()) {
            out.message = fastApiDetail(detail.toArray());
        } else if (detail.isObject()) {
            const QJsonObject inner = detail.toObject();
            out.message = jsonScalar(inner.value(u"message"_s));
            if (out.message.isEmpty())
                out.message = jsonScalar(inner.value(u"msg"_s));
            if (out.message.isEmpty())
                out.message = jsonScalar(detail);
            out.type = jsonScalar(inner.value(u"type"_s));
            out.code = jsonScalar(inner.value(u"code"_s));
        } else {
            out.message = jsonScalar(detail);
        }
        return true;
    }
    return false;
}

bool readErrorDocument(const QJsonDocument &document, ErrorBody &out)
{
    if (document.isObject())
        return readErrorObject(document.object(), out);
    // Some gateways answer with a list: [{"error":{…}}].
    for (const QJsonValue &item : document.array()) {
        if (item.isObject() && readErrorObject(item.toObject(), out))
            return true;
    }
    return false;
}

/// Scans JSON that does not parse (a body cut short by a bounded read, say) for string
/// and number values, by the path of object keys that leads to them ("error.message").
/// Arrays add no step to the path; the first value seen for a path wins.
class LenientJsonScan
{
public:
    explicit LenientJsonScan(QStringView text) : m_text(text) { run(); }

    QString value(QStringView path) const { return m_values.value(path.toString()); }
    bool wasCut(QStringView path) const { return m_cut.contains(path.toString()); }
    bool isEmpty() const { return m_values.isEmpty(); }

private:
    void run()
    {
        const qsizetype n = m_text.size();
        qsizetype i = 0;
        while (i < n) {
            const QChar c = m_text[i];
            if (c == u'{' || c == u'[') {
                m_path.push_back(m_haveKey ? m_key : QString());
                m_haveKey = false;
                ++i;
            } else if (c == u'}' || c == u']') {
                if (!m_path.isEmpty())
                    m_path.pop_back();
                m_haveKey = false;
                ++i;
            } else if (c == u'"') {
                bool terminated = false;
                QString text = readString(i, terminated);
                qsizetype j = i;
                while (j < n && m_text[j].isSpace())
                    ++j;
                if (terminated && j < n && m_text[j] == u':') {
                    m_key = std::move(text);
                    m_haveKey = true;
                    i = j + 1;
                } else {
                    if (m_haveKey)
                        record(text, !terminated);
                    m_haveKey = false;
                }
            } else if (m_haveKey && (c == u'-' || c.isLetterOrNumber())) {
                const qsizetype start = i;
                while (i < n
                       && (m_text[i].isLetterOrNumber() || m_text[i] == u'.' || m_text[i] == u'-'
                           || m_text[i] == u'+'))
                    ++i;
                const QString token = m_text.sliced(start, i - start).toString();
                if (token != u"null"_s)
                    record(token, false);
                m_haveKey = false;
            } else {
                ++i; // ',', ':', whitespace or junk
            }
        }
    }

    /// Reads the string starting at the quote at pos; leaves pos after the closing quote.
    QString readString(qsizetype &pos, bool &terminated)
    {
        const qsizetype n = m_text.size();
        QString out;
        ++pos; // the opening quote
        while (pos < n) {
            const QChar c = m_text[pos];
            if (c == u'"') {
                ++pos;
                terminated = true;
                return out;
            }
            if (c != u'\\') {
                out += c;
                ++pos;
                continue;
            }
            if (pos + 1 >= n)
                break;
            const QChar escaped = m_text[pos + 1];
            pos += 2;
            switch (escaped.unicode()) {
            case u'n':
                out += u'\n';
                break;
            case u't':
                out += u'\t';
                break;
            case u'r':
                out += u'\r';
                break;
            case u'b':
                out += u'\b';
                break;
            case u'f':
                out += u'\f';
                break;
            case u'u': {
                if (pos + 4 > n) {
                    pos = n;
                    break;
                }
                bool ok = false;
                const ushort code = m_text.sliced(pos, 4).toUShort(&ok, 16);
                out += ok ? QChar(code) : QChar(QChar::ReplacementCharacter);
                pos += 4;
                break;
            }
            default: // '"', '\\', '/' and anything a sloppy server escapes
                out += escaped;
                break;
            }
        }
        terminated = false;
        return out;
    }

    void record(const QString &value, bool cut)
    {
        QStringList steps;
        for (const QString &step : std::as_const(m_path)) {
            if (!step.isEmpty())
                steps += step;
        }
        steps += m_key;
        const QString path = steps.join(u'.');
        if (m_values.contains(path))
            return;
        m_values.insert(path, value);
        if (cut)
            m_cut.insert(path);
    }

    QStringView m_text;
    QStringList m_path; // the key of each open container ("" for none)
    QString m_key;      // a key read, its value still to come
    bool m_haveKey = false;
    QHash<QString, QString> m_values;
    QSet<QString> m_cut; // values the text ended inside
};

bool salvageJson(QByteArrayView body, ErrorBody &out)
{
    bool bodyCut = false;
    const QString text = utf8Prefix(body, scanBytes, &bodyCut);
    const LenientJsonScan scan(text);
    if (scan.isEmpty())
        return false;
    const auto first = [&](std::initializer_list<QStringView> paths, bool *cut = nullptr) {
        for (QStringView path : paths) {
            const QString value = scan.value(path);
            if (!value.isEmpty()) {
                if (cut)
                    *cut = scan.wasCut(path);
                return value;
            }
        }
        return QString();
    };
    bool messageCut = false;
    out.message =
            first({u"error.message", u"message", u"error", u"detail", u"detail.msg"}, &messageCut);
    if (messageCut)
        out.message += ellipsis;
    out.code = first({u"error.code", u"code"});
    out.type = first({u"error.type", u"type"});
    out.param = first({u"error.param", u"param"});
    return !out.message.isEmpty() || !out.code.isEmpty() || !out.type.isEmpty();
}

bool startsWithAt(const QString &text, qsizetype pos, QLatin1StringView what)
{
    return QStringView(text).sliced(pos).startsWith(what, Qt::CaseInsensitive);
}

QString decodeEntities(const QString &text)
{
    if (!text.contains(u'&'))
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        // An entity name is short: look for its ';' only nearby, keeping this linear.
        const qsizetype window = std::min<qsizetype>(10, text.size() - i - 1);
        const qsizetype found =
                c == u'&' ? QStringView(text).sliced(i + 1, window).indexOf(u';') : -1;
        const qsizetype semicolon = found < 0 ? -1 : i + 1 + found;
        if (semicolon < 0) {
            out += c;
            ++i;
            continue;
        }
        const QString name = text.sliced(i + 1, semicolon - i - 1);
        QString replacement;
        if (name == u"amp"_s)
            replacement = u"&"_s;
        else if (name == u"lt"_s)
            replacement = u"<"_s;
        else if (name == u"gt"_s)
            replacement = u">"_s;
        else if (name == u"quot"_s)
            replacement = u"\""_s;
        else if (name == u"apos"_s)
            replacement = u"'"_s;
        else if (name == u"nbsp"_s)
            replacement = u" "_s;
        else if (name.startsWith(u'#') && name.size() > 1) {
            bool ok = false;
            const bool hex = name[1] == u'x' || name[1] == u'X';
            const uint code = hex ? name.mid(2).toUInt(&ok, 16) : name.mid(1).toUInt(&ok, 10);
            const bool valid =
                    ok && code > 0 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
            const char32_t point = valid ? char32_t(code) : char32_t(QChar::ReplacementCharacter);
            replacement = QString::fromUcs4(&point, 1);
        }
        if (replacement.isNull()) {
            out += c;
            ++i;
            continue;
        }
        out += replacement;
        i = semicolon + 1;
    }
    return out;
}

/// The text of markup: tags, comments, scripts and styles removed, entities decoded.
/// Linear in the input: every search starts where the last one ended.
QString stripMarkup(const QString &text, qsizetype maxLength)
{
    QString out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n && out.size() < maxLength) {
        if (text[i] != u'<') {
            out += text[i];
            ++i;
            continue;
        }
        if (startsWithAt(text, i, "<!--"_L1)) {
            const qsizetype end = text.indexOf(u"-->"_s, i + 4);
            if (end < 0)
                break;
            i = end + 3;
            out += u' ';
            continue;
        }
        for (QLatin1StringView element : {"script"_L1, "style"_L1}) {
            const qsizetype after = i + 1 + element.size();
            if (startsWithAt(text, i + 1, element) && after < n
                && !text[after].isLetterOrNumber()) {
                const qsizetype close = text.indexOf(u"</"_s + element, after, Qt::CaseInsensitive);
                i = close < 0 ? n : close; // the closing tag is skipped as a tag below
                break;
            }
        }
        if (i >= n)
            break;
        const qsizetype end = text.indexOf(u'>', i + 1);
        if (end < 0)
            break;
        i = end + 1;
        out += u' ';
    }
    return decodeEntities(out);
}

/// The text inside the first <element …>…</element>, or a null string.
QString elementText(const QString &html, QLatin1StringView element)
{
    const qsizetype open = html.indexOf(u'<' + QString(element), 0, Qt::CaseInsensitive);
    if (open < 0)
        return {};
    const qsizetype start = html.indexOf(u'>', open);
    if (start < 0)
        return {};
    const qsizetype close = html.indexOf(u"</"_s + element, start, Qt::CaseInsensitive);
    const QString inner = html.mid(start + 1, close < 0 ? -1 : close - start - 1);
    return stripMarkup(inner, maxTitleLength * 4);
}

bool looksLikeHtml(const QString &text)
{
    const QString head = text.left(1024);
    for (QLatin1StringView marker :
         {"<!doctype html"_L1, "<html"_L1, "<head"_L1, "<body"_L1, "<title"_L1, "<h1"_L1}) {
        if (head.contains(marker, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

void readMarkup(QByteArrayView body, ErrorBody &out)
{
    const QString text = utf8Prefix(body, scanBytes);
    out.html = looksLikeHtml(text);
    if (out.html) {
        for (QLatin1StringView element : {"title"_L1, "h1"_L1}) {
            const QString heading = cleanText(elementText(text, element), maxTitleLength);
            if (!heading.isEmpty()) {
                out.message = heading;
                return;
            }
        }
    }
    out.message = stripMarkup(text, ErrorClassifier::maxMessageLength * 4);
}

/// An SSE-framed error (some proxies stream errors even on a non-2xx status):
/// "event: error\ndata: {"error":{…}}".
bool readSse(QByteArrayView body, ErrorBody &out)
{
    const QString text = utf8Prefix(body, scanBytes);
    for (QStringView line : QStringView(text).split(u'\n')) {
        line = line.trimmed();
        if (!line.startsWith(u"data:"))
            continue;
        QJsonParseError error;
        const QJsonDocument document =
                QJsonDocument::fromJson(line.sliced(5).trimmed().toUtf8(), &error);
        if (error.error == QJsonParseError::NoError && readErrorDocument(document, out))
            return true;
    }
    return false;
}

/// "12", "1.5", "0": an unsigned decimal, nothing else (no sign, exponent, inf or nan).
std::optional<double> parseDecimal(QByteArrayView text)
{
    static const QRegularExpression decimal(u"^\\d{1,20}(?:\\.\\d{1,20})?$"_s);
    const QString string = QString::fromLatin1(text);
    if (!decimal.match(string).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double value = string.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
}

std::chrono::milliseconds hintFromMilliseconds(double ms)
{
    if (!(ms > 0))
        return std::chrono::milliseconds(0);
    if (ms >= double(ErrorClassifier::maxRetryHint.count()))
        return ErrorClassifier::maxRetryHint;
    return std::chrono::milliseconds(qint64(std::ceil(ms))); // never wait less than asked
}

int monthFromName(QStringView name)
{
    static constexpr std::array<const char *, 12> months = {
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (size_t i = 0; i < months.size(); ++i) {
        if (name.compare(QLatin1StringView(months[i]), Qt::CaseInsensitive) == 0)
            return int(i) + 1;
    }
    return 0;
}

bool isDayName(QStringView name, bool longForm)
{
    static constexpr std::array<const char *, 7> days = {
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (const char *day : days) {
        const QLatin1StringView full(day);
        const QLatin1StringView wanted = longForm ? full : full.first(3);
        if (name.compare(wanted, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

/// An HTTP-date in any of the three forms RFC 7231 (7.1.1.1) obliges a recipient to read.
std::optional<QDateTime> parseHttpDate(QByteArrayView raw, const QDateTime &now)
{
    // simplified() folds asctime's padded day ("Nov  6") to one space.
    const QString text = QString::fromLatin1(raw).simplified();
    static const QRegularExpression imfFixdate(
            u"^([a-z]{3}), (\\d{1,2}) ([a-z]{3}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) (?:GMT|UTC)$"_s,
            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rfc850(
            u"^([a-z]{6,9}), (\\d{1,2})-([a-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$"_s,
            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression asctime(
            u"^([a-z]{3}) ([a-z]{3}) (\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$"_s,
            QRegularExpression::CaseInsensitiveOption);

    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (const auto m = imfFixdate.match(text); m.hasMatch()) {
        if (!isDayName(m.capturedView(1), false))
            return std::nullopt;
        day = m.capturedView(2).toInt();
        month = monthFromName(m.capturedView(3));
        year = m.capturedView(4).toInt();
        hour = m.capturedView(5).toInt();
        minute = m.capturedView(6).toInt();
        second = m.capturedView(7).toInt();
    } else if (const auto m = rfc850.match(text); m.hasMatch()) {
        if (!isDayName(m.capturedView(1), true))
            return std::nullopt;
        day = m.capturedView(2).toInt();
        month = monthFromName(m.capturedView(3));
        // A two-digit year more than 50 years ahead is the latest past year ending so.
        const int thisYear = now.toUTC().date().year();
        year = thisYear - thisYear % 100 + m.capturedView(4).toInt();
        if (year > thisYear + 50)
            year -= 100;
        hour = m.capturedView(5).toInt();
        minute = m.capturedView(6).toInt();
        second = m.capturedView(7).toInt();
    } else if (const auto m = asctime.match(text); m.hasMatch()) {
        if (!isDayName(m.capturedView(1), false))
            return std::nullopt;
        month = monthFromName(m.capturedView(2));
        day = m.capturedView(3).toInt();
        hour = m.capturedView(4).toInt();
        minute = m.capturedView(5).toInt();
        second = m.capturedView(6).toInt();
        year = m.capturedView(7).toInt();
    } else {
        return std::nullopt;
    }
    if (second == 60) // a leap second; QTime has none
        second = 59;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (month == 0 || !date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

double goUnitMilliseconds(QStringView unit)
{
    const QString lower = unit.toString().toLower();
    if (lower == u"ns"_s)
        return 1e-6;
    if (lower == u"us"_s || lower == u"\u00b5s"_s || lower == u"\u03bcs"_s)
        return 1e-3;
    if (lower == u"ms"_s)
        return 1;
    if (lower == u"s"_s)
        return 1000;
    if (lower == u"m"_s)
        return 60'000;
    return 3'600'000; // "h"
}

double wordUnitMilliseconds(QStringView unit)
{
    const QString lower = unit.toString().toLower();
    if (lower.startsWith(u"ms"_s) || lower.startsWith(u"milli"_s))
        return 1;
    if (lower.startsWith(u's'))
        return 1000;
    if (lower.startsWith(u'm'))
        return 60'000;
    return 3'600'000; // "h", "hr", "hour"
}

Kind kindForStatus(int status, const ErrorBody &body)
{
    switch (status) {
    case 400:
        return Kind::BadRequest;
    case 401:
        return Kind::Authentication;
    case 403:
        return Kind::Permission;
    case 404:
        return Kind::NotFound;
    case 407:
        return Kind::ProxyAuthentication;
    case 408:
        return Kind::RequestTimeout;
    case 409:
        return Kind::Conflict;
    case 422:
        return Kind::Unprocessable;
    case 429:
        return ErrorClassifier::isQuotaCode(body.code) || ErrorClassifier::isQuotaCode(body.type)
                ? Kind::QuotaExceeded
                : Kind::RateLimited;
    default:
        break;
    }
    if (status >= 400 && status <= 499)
        return Kind::BadRequest;
    if (status >= 500 && status <= 599)
        return Kind::Server;
    return Kind::InvalidResponse; // 1xx, 3xx, 2xx by mistake, nonsense
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return u"Bad Request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"Not Found"_s;
    case 405:
        return u"Method Not Allowed"_s;
    case 408:
        return u"Request Timeout"_s;
    case 409:
        return u"Conflict"_s;
    case 413:
        return u"Content Too Large"_s;
    case 422:
        return u"Unprocessable Content"_s;
    case 429:
        return u"Too Many Requests"_s;
    case 500:
        return u"Internal Server Error"_s;
    case 501:
        return u"Not Implemented"_s;
    case 502:
        return u"Bad Gateway"_s;
    case 503:
        return u"Service Unavailable"_s;
    case 504:
        return u"Gateway Timeout"_s;
    default:
        return {};
    }
}

QString describeHttpFailure(int status, const QByteArray &body, const ErrorBody &parsed)
{
    if (parsed.html) {
        const QString page = u"the server sent an HTML error page"_s;
        return parsed.message.isEmpty() ? page : page + u": "_s + parsed.message;
    }
    if (!parsed.message.isEmpty())
        return parsed.message;
    if (stripBomAndLeadingSpace(body).isEmpty())
        return u"HTTP %1 with an empty body"_s.arg(status);
    const QString phrase = reasonPhrase(status);
    return phrase.isEmpty() ? u"HTTP %1"_s.arg(status) : u"HTTP %1 %2"_s.arg(status).arg(phrase);
}

/// The verdict for a transport failure: a switch over every NetworkError with no default,
/// so -Wswitch names any value a new Qt adds.
Kind kindForNetworkError(QNetworkReply::NetworkError error, const QString &errorString,
                         AbortCause cause)
{
    switch (error) {
    case QNetworkReply::NoError:
        // Nothing failed in transport, yet no usable status: unreadable unless we aborted.
        switch (cause) {
        case AbortCause::User:
            return Kind::Cancelled;
        case AbortCause::Timeout:
            return Kind::Timeout;
        case AbortCause::None:
        case AbortCause::BodyLimit:
            return Kind::InvalidResponse;
        }
        return Kind::InvalidResponse;
    case QNetworkReply::OperationCanceledError:
        // abort() and QNetworkRequest's transfer timeout end a reply alike; only the caller
        // knows which it was. An abort nobody asked for is a dropped connection.
        switch (cause) {
        case AbortCause::User:
            return Kind::Cancelled;
        case AbortCause::Timeout:
            return Kind::Timeout;
        case AbortCause::BodyLimit:
            return Kind::InvalidResponse; // we stopped reading something unacceptable
        case AbortCause::None:
            return Kind::Connection;
        }
        return Kind::Connection;
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
    case QNetworkReply::ContentReSendError: // the connection dropped and Qt could not resend
        return Kind::Connection;
    case QNetworkReply::UnknownNetworkError:
        // Qt reports a TLS backend that cannot start (no OpenSSL) this way.
        for (QLatin1StringView word : {"TLS"_L1, "SSL"_L1, "certificate"_L1}) {
            if (errorString.contains(word, Qt::CaseInsensitive))
                return Kind::Tls;
        }
        return Kind::Connection;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return Kind::ProxyAuthentication;
    case QNetworkReply::TimeoutError:
        return Kind::Timeout;
    case QNetworkReply::SslHandshakeFailedError:
        return Kind::Tls;
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return Kind::Redirect;
    // Content errors come with an HTTP status, which classifyHttpStatus reads first; here
    // they are mapped as that status would be.
    case QNetworkReply::ContentAccessDenied:
        return Kind::Permission;
    case QNetworkReply::ContentOperationNotPermittedError:
        return Kind::BadRequest;
    case QNetworkReply::ContentNotFoundError:
    case QNetworkReply::ContentGoneError:
        return Kind::NotFound;
    case QNetworkReply::AuthenticationRequiredError:
        return Kind::Authentication;
    case QNetworkReply::ContentConflictError:
        return Kind::Conflict;
    case QNetworkReply::UnknownContentError:
        return Kind::BadRequest;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return Kind::InvalidResponse;
    case QNetworkReply::InternalServerError:
    case QNetworkReply::OperationNotImplementedError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return Kind::Server;
    }
    return Kind::Connection; // a value outside the enum: treat as an unreachable server
}

bool isLostConnection(QNetworkReply::NetworkError error)
{
    return error == QNetworkReply::RemoteHostClosedError
            || error == QNetworkReply::OperationCanceledError
            || error == QNetworkReply::ContentReSendError;
}

QString describeTransportFailure(Kind kind, QNetworkReply::NetworkError error,
                                 const QString &errorString, const QString &host, AbortCause cause)
{
    const QString where = host.isEmpty() ? u"the server"_s : host;
    QString detail = cleanText(errorString, ErrorClassifier::maxMessageLength / 2);
    if (detail.isEmpty()) {
        const char *name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(error);
        detail = name ? QString::fromLatin1(name) : u"network error %1"_s.arg(int(error));
    }
    if (kind == Kind::Connection && isLostConnection(error))
        return u"the connection to %1 was lost: %2"_s.arg(where, detail);
    if (kind == Kind::Timeout && cause == AbortCause::Timeout)
        return u"the attempt to reach %1 ran out of time"_s.arg(where);
    // The kind's words (ErrorTraits): %1 where, %2 the detail, either or both may be absent.
    const char *words = ErrorTraits::of(kind).transportFailure;
    return QString::fromLatin1(words ? words : "%1 refused the request: %2")
            .replace(u"%1"_s, where)
            .replace(u"%2"_s, detail);
}

} // namespace

namespace ErrorClassifier {

ErrorBody parseErrorBody(const QByteArray &body)
{
    ErrorBody out;
    const QByteArrayView content = stripBomAndLeadingSpace(body);
    if (content.isEmpty())
        return out;

    bool understood = false;
    const char first = content.front();
    if (first == '{' || first == '[') {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(content.toByteArray(), &error);
        if (error.error == QJsonParseError::NoError) {
            out.parsed = readErrorDocument(document, out);
            understood = out.parsed;
        } else {
            // Cut short by a bounded read, or broken: take what a lenient scan finds.
            understood = salvageJson(content, out);
        }
    } else if (first == '"') { // a bare JSON string
        QJsonParseError error;
        const QJsonDocument document =
                QJsonDocument::fromJson(QByteArray('[' + content.toByteArray() + ']'), &error);
        if (error.error == QJsonParseError::NoError && document.array().first().isString()) {
            out.message = document.array().first().toString();
            out.parsed = understood = true;
        }
    } else if (content.startsWith("data:") || content.startsWith("event:")) {
        out.parsed = understood = readSse(content, out);
    } else if (first == '<') {
        readMarkup(content, out);
        understood = true;
    }

    bool cut = false;
    if (!understood)
        out.message = utf8Prefix(content, plainBytes, &cut);
    out.message = cleanText(out.message, maxMessageLength, cut);
    out.type = cleanText(out.type, maxFieldLength);
    out.code = cleanText(out.code, maxFieldLength);
    out.param = cleanText(out.param, maxFieldLength);
    return out;
}

std::optional<std::chrono::milliseconds> retryAfterFromHeaders(const RawHeaders &headers,
                                                               const QDateTime &now)
{
    // The official SDKs read the millisecond header first and fall back to Retry-After
    // when it is missing or unreadable.
    if (const auto value = headerValue(headers, "retry-after-ms")) {
        if (const auto ms = parseDecimal(*value))
            return hintFromMilliseconds(*ms);
    }
    const auto value = headerValue(headers, "retry-after");
    if (!value)
        return std::nullopt;
    if (const auto seconds = parseDecimal(*value))
        return hintFromMilliseconds(*seconds * 1000.0);
    if (!now.isValid())
        return std::nullopt;
    if (const auto date = parseHttpDate(*value, now))
        return hintFromMilliseconds(double(now.msecsTo(*date)));
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> retryAfterFromMessage(const QString &message)
{
    // "try again in 1m30s" (OpenAI, Go durations) or "retry after 6 seconds" (Azure).
    static const QRegularExpression hint(
            u"(?:try\\s+again|retry)\\s+(?:in|after)\\s+"
            u"(?:((?:\\d+(?:\\.\\d+)?(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)(?![a-z])"
            u"|(\\d+(?:\\.\\d+)?)\\s*(milliseconds?|millis|msecs?|ms|seconds?|secs?|s"
            u"|minutes?|mins?|m|hours?|hrs?|h)\\b)"_s,
            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression goPart(u"(\\d+(?:\\.\\d+)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = hint.match(message);
    if (!match.hasMatch())
        return std::nullopt;
    double total = 0;
    if (match.hasCaptured(1)) {
        auto parts = goPart.globalMatch(match.capturedView(1));
        while (parts.hasNext()) {
            const QRegularExpressionMatch part = parts.next();
            total += part.capturedView(1).toDouble() * goUnitMilliseconds(part.capturedView(2));
        }
    } else {
        total = match.capturedView(2).toDouble() * wordUnitMilliseconds(match.capturedView(3));
    }
    if (!std::isfinite(total))
        return std::nullopt;
    return hintFromMilliseconds(total);
}

std::optional<bool> shouldRetryFromHeaders(const RawHeaders &headers)
{
    const auto value = headerValue(headers, "x-should-retry");
    if (!value)
        return std::nullopt;
    if (value->compare("true", Qt::CaseInsensitive) == 0)
        return true;
    if (value->compare("false", Qt::CaseInsensitive) == 0)
        return false;
    return std::nullopt;
}

QString requestIdFromHeaders(const RawHeaders &headers)
{
    for (const QByteArrayView name :
         {QByteArrayView("x-request-id"), QByteArrayView("request-id")}) {
        const auto value = headerValue(headers, name);
        if (!value)
            continue;
        QString id;
        for (const char c : *value) {
            if (c >= 0x20 && c <= 0x7e) // printable ASCII; a request id needs nothing else
                id += QLatin1Char(c);
            if (id.size() >= maxRequestIdLength)
                break;
        }
        id = id.trimmed();
        if (!id.isEmpty())
            return id;
    }
    return {};
}

bool isQuotaCode(const QString &codeOrType)
{
    const QString trimmed = codeOrType.trimmed();
    for (QLatin1StringView code :
         {"insufficient_quota"_L1, "billing_hard_limit_reached"_L1, "credit_balance_exhausted"_L1,
          "project_spend_limit_exceeded"_L1}) {
        if (trimmed.compare(code, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

ApiError classifyHttpStatus(int status, const RawHeaders &headers, const QByteArray &body,
                            const QDateTime &now)
{
    const ErrorBody parsed = parseErrorBody(body);
    ApiError error;
    error.kind = kindForStatus(status, parsed);
    error.httpStatus = status;
    error.code = parsed.code;
    error.type = parsed.type;
    error.param = parsed.param;
    error.message = cleanText(describeHttpFailure(status, body, parsed), maxMessageLength);
    error.requestId = requestIdFromHeaders(headers);
    error.retryAfter = retryAfterFromHeaders(headers, now);
    if (!error.retryAfter && error.kind == Kind::RateLimited)
        error.retryAfter = retryAfterFromMessage(parsed.message);
    error.shouldRetryHeader = shouldRetryFromHeaders(headers);
    // The header overrides the table both ways, as in the official SDKs.
    error.retryable = error.shouldRetryHeader.value_or(ApiError::isRetryableKind(error.kind));
    return error;
}

ApiError classifyTransport(QNetworkReply::NetworkError networkError, const QString &errorString,
                           const QString &host, AbortCause cause)
{
    ApiError error;
    error.kind = kindForNetworkError(networkError, errorString, cause);
    error.networkError = networkError;
    error.host = host;
    error.message = describeTransportFailure(error.kind, networkError, errorString, host, cause);
    if (error.kind == Kind::Tls)
        error.code = tlsCode(errorString);
    error.retryable = ApiError::isRetryableKind(error.kind);
    return error;
}

QString tlsCode(const QString &errorString)
{
    // QSslError::errorString()'s texts (qsslerror.cpp), by what the user can do about them.
    static const std::array<std::pair<QLatin1StringView, QLatin1StringView>, 12> phrases{{
            {"did not match any of the valid hosts"_L1, tlsNameMismatchCode},
            {"has expired"_L1, tlsExpiredCode},
            {"not yet valid"_L1, tlsExpiredCode},
            {"self-signed"_L1, tlsUntrustedCode},
            {"issuer certificate"_L1, tlsUntrustedCode},
            {"not trusted"_L1, tlsUntrustedCode},
            {"untrusted"_L1, tlsUntrustedCode},
            {"has been revoked"_L1, tlsUntrustedCode},
            {"marked to reject"_L1, tlsUntrustedCode},
            {"no certificates could be verified"_L1, tlsUntrustedCode},
            {"invalid ca certificate"_L1, tlsUntrustedCode},
            {"certificate signature could not be decrypted"_L1, tlsUntrustedCode},
    }};
    for (const auto &[phrase, code] : phrases) {
        if (errorString.contains(phrase, Qt::CaseInsensitive))
            return code;
    }
    return tlsHandshakeCode;
}

std::optional<ApiError> classifyAttempt(const AttemptFacts &facts, const QDateTime &now)
{
    const auto local = [&facts](Kind kind, const QString &message) {
        ApiError error;
        error.kind = kind;
        error.message = message;
        error.host = facts.host;
        error.httpStatus = facts.httpStatus;
        error.requestId = facts.requestId;
        error.retryable = ApiError::isRetryableKind(kind);
        return error;
    };
    const bool success = facts.httpStatus >= 200 && facts.httpStatus < 300;
    switch (facts.abort) {
    case AbortCause::User:
        return local(Kind::Cancelled, u"cancelled by the user"_s);
    case AbortCause::Timeout: {
        const bool inStream =
                facts.timedOutPhase == ApiError::TimeoutPhase::Idle && facts.isStream && success;
        if (inStream && facts.streamComplete)
            return std::nullopt; // complete; the server merely kept the connection open
        ApiError error = local(inStream ? Kind::StreamStalled : Kind::Timeout, {});
        error.timeoutPhase = facts.timedOutPhase;
        error.timeoutAfter = facts.timeoutLimit;
        const QString limit = ApiError::secondsText(facts.timeoutLimit);
        switch (facts.timedOutPhase) {
        case ApiError::TimeoutPhase::Connect:
            error.message =
                    u"could not send the request to %1 within %2 s"_s.arg(facts.host, limit);
            break;
        case ApiError::TimeoutPhase::FirstByte:
            error.message = u"%1 did not start answering within %2 s"_s.arg(facts.host, limit);
            break;
        case ApiError::TimeoutPhase::Idle:
            error.message =
                    u"%1 sent nothing for %2 s in the middle of the reply"_s.arg(facts.host, limit);
            break;
        case ApiError::TimeoutPhase::Deadline:
            error.message = u"the exchange with %1 passed its overall deadline of %2 s"_s.arg(
                    facts.host, limit);
            break;
        case ApiError::TimeoutPhase::None:
            error.message = u"the attempt to reach %1 ran out of time"_s.arg(facts.host);
            break;
        }
        return error;
    }
    case AbortCause::None:
    case AbortCause::BodyLimit:
        break;
    }
    if (facts.httpStatus > 0 && !success) {
        ApiError error = classifyHttpStatus(facts.httpStatus, facts.headers, facts.body, now);
        error.host = facts.host;
        return error;
    }
    if (facts.httpStatus == 0 || !facts.headersSeen) {
        if (facts.networkError == QNetworkReply::NoError)
            return local(Kind::InvalidResponse,
                         u"the reply from %1 had no HTTP status"_s.arg(facts.host));
        return classifyTransport(facts.networkError, facts.errorString, facts.host, facts.abort);
    }
    // 2xx.
    if (facts.isStream) {
        if (facts.streamError) {
            // An error event, or an unreadable or oversized one: name this reply's status
            // and request id, as a non-streamed error does.
            ApiError error = *facts.streamError;
            error.httpStatus = facts.httpStatus;
            error.requestId = facts.requestId;
            if (error.host.isEmpty())
                error.host = facts.host;
            return error;
        }
        if (facts.streamComplete)
            return std::nullopt;
        return local(
                Kind::StreamInterrupted,
                facts.networkError == QNetworkReply::NoError
                        ? u"the stream from %1 ended before it was complete"_s.arg(facts.host)
                        : u"the stream from %1 broke off: %2"_s.arg(facts.host, facts.errorString));
    }
    if (facts.abort == AbortCause::BodyLimit)
        return local(Kind::InvalidResponse,
                     u"the reply is larger than %1 bytes"_s.arg(facts.maxReplyBytes));
    if (facts.networkError != QNetworkReply::NoError) {
        // The body was cut off after a success status: the connection was lost.
        ApiError error = classifyTransport(facts.networkError, facts.errorString, facts.host);
        error.httpStatus = facts.httpStatus;
        error.requestId = facts.requestId;
        return error;
    }
    return std::nullopt;
}

} // namespace ErrorClassifier

} // namespace steadfast
