// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

/// An OpenAI-shaped error body: {"error":{"message":…,"type":…,"param":…,"code":…}}, a null
/// pointer written as JSON null.
inline QByteArray openAiError(const char *message, const char *type, const char *code,
                              const char *param = nullptr)
{
    const auto field = [](const char *value) {
        return value ? '"' + QByteArray(value) + '"' : QByteArray("null");
    };
    return R"({"error":{"message":)" + field(message) + R"(,"type":)" + field(type) + R"(,"param":)"
            + field(param) + R"(,"code":)" + field(code) + "}}";
}
