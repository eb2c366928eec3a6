// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QChar>
#include <QString>

/// Text from a server, made safe to show: decoded within a bound, on one line, bounded in
/// length. A hostile or broken body cannot put control characters, a terminal escape
/// sequence or megabytes of text in front of the user.
namespace steadfast::SafeText {

/// Marks where text was cut.
inline constexpr QChar ellipsis = QChar(0x2026);

/// Control characters become U+FFFD, whitespace runs fold to one space, and the result is
/// at most maxLength UTF-16 units: a cut (or alreadyCut) ends in an ellipsis and never splits
/// a surrogate pair.
QString clean(QString text, qsizetype maxLength, bool alreadyCut = false);

/// The first maxBytes of body as text, cut at a UTF-8 sequence boundary; *cut says whether
/// anything was left out. Invalid UTF-8 becomes replacement characters.
QString utf8Prefix(QByteArrayView body, qsizetype maxBytes, bool *cut = nullptr);

/// body without a UTF-8 byte order mark and leading whitespace.
QByteArrayView stripBomAndLeadingSpace(QByteArrayView body);

} // namespace steadfast::SafeText
