// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1StringView>
#include <QString>

/// The readable text of an HTML error page (a proxy's 502, a captive portal). Not an HTML
/// parser: a linear scan that is good enough for a page's title and its words, and safe on
/// any input, however large or broken.
namespace steadfast::HtmlText {

/// Whether text's first kilobyte has an HTML marker (doctype, html, head, body, title, h1).
bool looksLikeHtml(const QString &text);

/// The text of markup: tags, comments, scripts and styles removed, entities decoded. Reads
/// until the text (before decoding) holds maxLength characters; linear in the input.
QString stripMarkup(const QString &text, qsizetype maxLength);

/// The text inside the first <element …>…</element> (stripMarkup, at most maxLength
/// characters), or a null string when there is no such element.
QString elementText(const QString &html, QLatin1StringView element, qsizetype maxLength);

/// &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references decoded; an invalid code
/// point becomes U+FFFD, anything else stays as written.
QString decodeEntities(const QString &text);

} // namespace steadfast::HtmlText
