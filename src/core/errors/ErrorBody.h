// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace steadfast {

/// What an error body says, whatever its dialect. Every text field is cleaned for display
/// (control characters replaced, whitespace folded to one line) and bounded in length.
struct ErrorBody
{
    /// The longest text kept in message, in UTF-16 units.
    static constexpr qsizetype maxMessageLength = 1000;
    /// The longest code, type or param kept.
    static constexpr qsizetype maxFieldLength = 200;

    QString message; // the server's message, the HTML page's title, or the folded text
    QString type;
    QString code; // a numeric code becomes its decimal string ("429")
    QString param;
    bool parsed = false; // the whole body was JSON in a recognised error shape
    bool html = false;   // the body is an HTML page (message holds its title or text)

    /// Reads the OpenAI shape {"error":{message,type,code,param}} and its relatives:
    /// {"error":"text"} (Ollama), {"message":…} (older vLLM), {"detail":…} (FastAPI), a
    /// top-level array of those, an SSE "data:" line carrying one, JSON cut short (a lenient
    /// scan), an HTML page (its title), plain text, nothing at all. Invalid UTF-8 becomes
    /// replacement characters. Linear in the body, and only its first 64 KiB are scanned.
    static ErrorBody parse(const QByteArray &body);
};

} // namespace steadfast
