// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/Redactor.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr qsizetype MinSecretLength = 4;
constexpr qsizetype MinSkKeyBodyLength = 8; // after "sk-"
constexpr qsizetype MaskTailLength = 4;
constexpr qsizetype MaskTailMinLength = 16; // shorter secrets show no tail at all

// One scanner for QString and QByteArray: both are indexed as sequences of code units, and
// every pattern here is ASCII, so a UTF-8 byte >= 0x80 is never part of a match.
char16_t unitAt(const QString &text, qsizetype i)
{
    return text.at(i).unicode();
}

char16_t unitAt(const QByteArray &text, qsizetype i)
{
    return uchar(text.at(i));
}

bool isAsciiAlnum(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

// [A-Za-z0-9_-]: what OpenAI-style keys are made of.
bool isKeyChar(char16_t c)
{
    return isAsciiAlnum(c) || c == u'_' || c == u'-';
}

// RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isTokenChar(char16_t c)
{
    return isAsciiAlnum(c) || c == u'-' || c == u'.' || c == u'_' || c == u'~' || c == u'+'
            || c == u'/';
}

char16_t asciiLower(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? char16_t(c + (u'a' - u'A')) : c;
}

// If an "sk-" key starts at i, where it ends; otherwise -1.
template <typename Text>
qsizetype skKeyEnd(const Text &text, qsizetype i)
{
    const qsizetype size = text.size();
    if (i + 3 > size || unitAt(text, i) != u's' || unitAt(text, i + 1) != u'k'
        || unitAt(text, i + 2) != u'-')
        return -1;
    if (i > 0 && isKeyChar(unitAt(text, i - 1)))
        return -1; // inside a word, as in "task-…"
    qsizetype end = i + 3;
    while (end < size && isKeyChar(unitAt(text, end)))
        ++end;
    return end - (i + 3) >= MinSkKeyBodyLength ? end : -1;
}

// If "Bearer" + blanks + token starts at i, the token's [start, end); otherwise start = -1.
template <typename Text>
std::pair<qsizetype, qsizetype> bearerToken(const Text &text, qsizetype i)
{
    static constexpr char16_t word[] = u"bearer";
    constexpr qsizetype wordLength = 6;
    const qsizetype size = text.size();
    if (i + wordLength > size || (i > 0 && isAsciiAlnum(unitAt(text, i - 1))))
        return {-1, -1};
    for (qsizetype k = 0; k < wordLength; ++k) {
        if (asciiLower(unitAt(text, i + k)) != word[k])
            return {-1, -1};
    }
    qsizetype start = i + wordLength;
    while (start < size && (unitAt(text, start) == u' ' || unitAt(text, start) == u'\t'))
        ++start;
    if (start == i + wordLength)
        return {-1, -1}; // "Bearer" glued to something: not a header value
    qsizetype end = start;
    while (end < size && isTokenChar(unitAt(text, end)))
        ++end;
    if (end == start)
        return {-1, -1};
    while (end < size && unitAt(text, end) == u'=')
        ++end;
    return {start, end};
}

template <typename Text>
Text redactPatterns(const Text &text, const Text &replacement)
{
    Text result;
    qsizetype copied = 0; // text[0, copied) is already in result
    qsizetype i = 0;
    const qsizetype size = text.size();
    while (i < size) {
        const char16_t c = unitAt(text, i);
        if (c == u's') {
            const qsizetype end = skKeyEnd(text, i);
            if (end >= 0) {
                result += text.sliced(copied, i - copied);
                result += replacement;
                copied = i = end;
                continue;
            }
        } else if (c == u'b' || c == u'B') {
            const auto [start, end] = bearerToken(text, i);
            if (start >= 0) {
                result += text.sliced(copied, start - copied);
                result += replacement;
                copied = i = end;
                continue;
            }
        }
        ++i;
    }
    if (copied == 0)
        return text; // nothing matched: no copy
    result += text.sliced(copied);
    return result;
}

} // namespace

QString Redactor::replacement()
{
    return u"[REDACTED]"_s;
}

void Redactor::addSecret(const QString &secret)
{
    if (secret.size() < MinSecretLength || m_secrets.contains(secret))
        return;
    // Keep longest first: when one secret contains another, the longer goes whole.
    const auto at = std::find_if(m_secrets.cbegin(), m_secrets.cend(), [&](const QString &other) {
        return other.size() < secret.size();
    });
    const qsizetype index = at - m_secrets.cbegin();
    m_secrets.insert(index, secret);
    m_utf8.insert(index, secret.toUtf8());
}

QString Redactor::redact(QString text) const
{
    const QString replacementText = replacement();
    for (const QString &secret : m_secrets)
        text.replace(secret, replacementText);
    return redactPatterns(text, replacementText);
}

QByteArray Redactor::redact(QByteArray bytes) const
{
    const QByteArray replacementBytes = replacement().toUtf8();
    for (const QByteArray &secret : m_utf8)
        bytes.replace(secret, replacementBytes);
    return redactPatterns(bytes, replacementBytes);
}

QString Redactor::mask(const QString &secret)
{
    if (secret.isEmpty())
        return {};
    QString masked;
    if (secret.startsWith("sk-"_L1) && secret.size() >= 8)
        masked = u"sk-"_s;
    masked += u'\u2026';
    if (secret.size() >= MaskTailMinLength)
        masked += secret.right(MaskTailLength);
    return masked;
}

} // namespace steadfast
