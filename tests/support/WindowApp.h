// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/AppContext.h"
#include "gui/ChatWindow.h"

#include <QProcessEnvironment>
#include <QString>

#include <chrono>
#include <memory>

namespace steadfast::test {

/// The whole app as main() builds it, on a profile folder of the test's, shown (offscreen):
/// no OPENAI_API_KEY, so the embedded demo server answers, streaming fast. The window goes
/// before the objects it shows.
struct WindowApp
{
    WindowApp(const QString &profile, const QString &keychainService)
    {
        AppContext::Options options;
        options.profileDir = profile;
        options.keychainService = keychainService;
        options.environment = QProcessEnvironment();
        options.demoChunkDelay = std::chrono::milliseconds(2);
        context = std::make_unique<AppContext>(options);
        window = std::make_unique<ChatWindow>(context->services());
        window->show();
    }
    ~WindowApp()
    {
        window.reset();
        context.reset();
    }
    WindowApp(const WindowApp &) = delete;
    WindowApp &operator=(const WindowApp &) = delete;

    std::unique_ptr<AppContext> context;
    std::unique_ptr<ChatWindow> window;
};

} // namespace steadfast::test
