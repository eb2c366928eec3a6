// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/HtmlText.h"

#include <QStringView>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast::HtmlText {

namespace {

bool startsWithAt(const QString &text, qsizetype pos, QLatin1StringView what)
{
    return QStringView(text).sliced(pos).startsWith(what, Qt::CaseInsensitive);
}

} // namespace

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

QString elementText(const QString &html, QLatin1StringView element, qsizetype maxLength)
{
    const qsizetype open = html.indexOf(u'<' + QString(element), 0, Qt::CaseInsensitive);
    if (open < 0)
        return {};
    const qsizetype start = html.indexOf(u'>', open);
    if (start < 0)
        return {};
    const qsizetype close = html.indexOf(u"</"_s + element, start, Qt::CaseInsensitive);
    const QString inner = html.mid(start + 1, close < 0 ? -1 : close - start - 1);
    return stripMarkup(inner, maxLength);
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

} // namespace steadfast::HtmlText
