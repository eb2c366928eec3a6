// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>

namespace steadfast {

/// The font for code and logs: the system's fixed font when Qt sees it as fixed pitch, else
/// the first installed family that is (some fontconfig setups resolve "monospace" to a face,
/// such as Noto Sans Mono, whose dual spacing Qt does not take for fixed pitch, and code
/// would then lose its columns). Computed once.
QFont monospaceFont();

} // namespace steadfast
