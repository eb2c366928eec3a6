// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace steadfast {

/// Makes the icons in resources/steadfast.qrc available (":/icons/…"). The resources live in
/// the static steadfast_gui library, whose unreferenced objects a linker drops; every widget
/// here calls this before it loads an icon, and so may main(). Idempotent.
void initGuiResources();

} // namespace steadfast
