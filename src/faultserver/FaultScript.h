// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>
#include <utility>

namespace steadfast {

/// One scripted answer of the fault server (docs/faultserver.md lists every field).
/// An aggregate, so tests can write `server.arm({.status = 503, .repeat = 2});`.
/// A default-constructed step is a healthy answer that merely consumes a request.
struct FaultStep
{
    /// Which requests may consume the step.
    enum class Match { Chat, Models, Any };
    /// What happens to the connection instead of (or after part of) a reply.
    enum class Action { None, Reset, Close, Hang, Truncate };
    /// How a 200 reply's body (or one SSE event of a stream) is broken.
    enum class Malformed { None, NotJson, TruncatedJson, WrongShape, BadUtf8, Empty };

    Match match = Match::Chat;
    int status = 0;                   // 0: 200, or 502 when html is set
    QJsonObject error{};              // overrides message/type/code/param of the body
    std::optional<QByteArray> body{}; // raw body instead of the generated one
    QByteArray contentType{};         // Content-Type of a raw body (guessed when empty)
    bool html = false;                // an HTML error page, as a proxy sends
    QList<std::pair<QByteArray, QByteArray>> headers{}; // extra headers; replace same-named ones
    std::chrono::milliseconds delay{0};                 // before the status line (or the action)
    Action action = Action::None;
    std::optional<int> stallAfterChunks{}; // stream: n content chunks, then silence
    std::optional<int> dropAfterChunks{};  // stream: n content chunks, then close
    std::optional<int> errorAfterChunks{}; // stream: n content chunks, then an error event
    bool omitDone = false;                 // stream: no "data: [DONE]", then close
    bool noFinish = false;                 // stream: no finish_reason chunk
    bool holdOpen = false;                 // stream: the last event, then silence (body unended)
    std::optional<std::chrono::milliseconds> chunkDelay{}; // stream: overrides the server's
    Malformed malformed = Malformed::None;
    qint64 oversizeBytes = 0;      // > 0: a body (or one SSE event) of this size
    std::optional<QString> text{}; // the reply text of a healthy answer
    int repeat = 1;                // consumed by this many consecutive requests
    QString note{};                // free text, shown in the log

    /// Reads the JSON form. Unknown fields and wrong types are errors (a typo in a script
    /// must not silently turn a fault into a healthy reply); *error says which and why.
    static std::optional<FaultStep> fromJson(const QJsonObject &object, QString *error);
    /// The JSON form; fromJson(toJson()) gives the same step. Fields left at their
    /// defaults are omitted.
    QJsonObject toJson() const;

    /// Whether a request to the chat endpoint (or to /models) may consume this step.
    bool matchesChat() const { return match != Match::Models; }
    bool matchesModels() const { return match != Match::Chat; }

    static QString matchName(Match match);
    static QString actionName(Action action);
    static QString malformedName(Malformed malformed);
};

/// A script file: a JSON array of steps, or an object
/// {"steps": [...], "replyText": "...", "chunkDelayMs": 20, "models": [...], "pathPrefix": "/v1"}.
class FaultScript
{
public:
    /// Parses a whole script; on failure returns nullopt and sets *error to a message that
    /// names the line and column (bad JSON) or the step and field (bad content).
    static std::optional<FaultScript> fromJson(const QByteArray &json, QString *error);
    static std::optional<FaultScript> fromFile(const QString &path, QString *error);
    /// The object form {"steps": [...]} alone, or with other settings (used by
    /// POST /_fault/arm as well).
    static std::optional<FaultScript> fromJsonObject(const QJsonObject &object, QString *error);

    const QList<FaultStep> &steps() const { return m_steps; }
    const std::optional<QString> &replyText() const { return m_replyText; }
    const std::optional<std::chrono::milliseconds> &chunkDelay() const { return m_chunkDelay; }
    const std::optional<QStringList> &models() const { return m_models; }
    const std::optional<QString> &pathPrefix() const { return m_pathPrefix; }

private:
    QList<FaultStep> m_steps;
    std::optional<QString> m_replyText;
    std::optional<std::chrono::milliseconds> m_chunkDelay;
    std::optional<QStringList> m_models;
    std::optional<QString> m_pathPrefix;
};

} // namespace steadfast
