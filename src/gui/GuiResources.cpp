// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/GuiResources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE declares a function in the namespace it is used in, so it must be called
// from the global namespace.
static void initSteadfastResources()
{
    Q_INIT_RESOURCE(steadfast);
}

namespace steadfast {

void initGuiResources()
{
    static const bool done = [] {
        initSteadfastResources();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace steadfast
