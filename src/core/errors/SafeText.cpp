// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/SafeText.h"

namespace steadfast::SafeText {

namespace {

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

} // namespace

QString clean(QString text, qsizetype maxLength, bool alreadyCut)
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

QString utf8Prefix(QByteArrayView body, qsizetype maxBytes, bool *cut)
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

} // namespace steadfast::SafeText
