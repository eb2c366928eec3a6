// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ErrorBody.h"

#include "core/errors/HtmlText.h"
#include "core/errors/LenientJson.h"
#include "core/errors/SafeText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <cmath>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

// A body is looked at only this far for markup and for a lenient scan of broken JSON: the
// interesting part of an error page or an error object comes first, and the work stays
// linear and small however much the server sends.
constexpr qsizetype scanBytes = 64 * 1024;
// Plain text is decoded only this far; the message keeps at most maxMessageLength of it.
constexpr qsizetype plainBytes = 8 * 1024;
constexpr qsizetype maxTitleLength = 300; // an HTML page's title or heading

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

bool salvageJson(QByteArrayView body, ErrorBody &out)
{
    bool bodyCut = false;
    const QString text = SafeText::utf8Prefix(body, scanBytes, &bodyCut);
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
        out.message += SafeText::ellipsis;
    out.code = first({u"error.code", u"code"});
    out.type = first({u"error.type", u"type"});
    out.param = first({u"error.param", u"param"});
    return !out.message.isEmpty() || !out.code.isEmpty() || !out.type.isEmpty();
}

void readMarkup(QByteArrayView body, ErrorBody &out)
{
    const QString text = SafeText::utf8Prefix(body, scanBytes);
    out.html = HtmlText::looksLikeHtml(text);
    if (out.html) {
        for (QLatin1StringView element : {"title"_L1, "h1"_L1}) {
            const QString heading = SafeText::clean(
                    HtmlText::elementText(text, element, maxTitleLength * 4), maxTitleLength);
            if (!heading.isEmpty()) {
                out.message = heading;
                return;
            }
        }
    }
    out.message = HtmlText::stripMarkup(text, ErrorBody::maxMessageLength * 4);
}

/// An SSE-framed error (some proxies stream errors even on a non-2xx status):
/// "event: error\ndata: {"error":{…}}".
bool readSse(QByteArrayView body, ErrorBody &out)
{
    const QString text = SafeText::utf8Prefix(body, scanBytes);
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

} // namespace

ErrorBody ErrorBody::parse(const QByteArray &body)
{
    ErrorBody out;
    const QByteArrayView content = SafeText::stripBomAndLeadingSpace(body);
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
        out.message = SafeText::utf8Prefix(content, plainBytes, &cut);
    out.message = SafeText::clean(out.message, maxMessageLength, cut);
    out.type = SafeText::clean(out.type, maxFieldLength);
    out.code = SafeText::clean(out.code, maxFieldLength);
    out.param = SafeText::clean(out.param, maxFieldLength);
    return out;
}

} // namespace steadfast
