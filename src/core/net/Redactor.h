// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace steadfast {

/// Takes secrets out of text before it reaches a log, an event, an error message or the
/// screen. Registered secrets (the API key) are replaced wherever they occur; on top of
/// that, anything that looks like a credential is replaced even if nobody registered it:
/// the token after "Bearer " (any case) and OpenAI-style keys, "sk-" followed by 8 or more
/// of [A-Za-z0-9_-] at the start of a word. A value type: copy it where it is needed.
class Redactor
{
public:
    /// What every secret is replaced with: "[REDACTED]".
    static QString replacement();

    /// Registers a secret. Empty and very short (< 4 characters) secrets are ignored: they
    /// would match ordinary text everywhere. Registering the same secret twice is harmless.
    void addSecret(const QString &secret);

    /// The registered secrets, longest first (the order they are replaced in).
    QList<QString> secrets() const { return m_secrets; }

    QString redact(QString text) const;
    /// The same on raw bytes (secrets as UTF-8); bytes that are not valid UTF-8 survive.
    QByteArray redact(QByteArray bytes) const;

    /// A recognisable but harmless form of a key for display, e.g. "sk-…abcd": an "sk-"
    /// prefix is kept, then "…", then the last 4 characters only when the secret is at
    /// least 16 characters long (so at most a quarter of it shows). Empty stays empty.
    static QString mask(const QString &secret);

private:
    QList<QString> m_secrets; // longest first, so a secret containing another goes whole
    QList<QByteArray> m_utf8; // the same, encoded
};

} // namespace steadfast
