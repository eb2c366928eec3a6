// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/FaultScript.h"

#include "faultserver/HttpMessage.h"
#include "faultserver/JsonReaders.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <limits>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

using namespace faultserver;

constexpr qint64 maxDelayMs = 24LL * 60 * 60 * 1000;          // a day: "hang" is the action
constexpr qint64 maxOversizeBytes = 4LL * 1024 * 1024 * 1024; // 4 GiB
constexpr int maxRepeat = 1000000;

const std::pair<FaultStep::Match, const char *> matchNames[] = {
        {FaultStep::Match::Chat, "chat"},
        {FaultStep::Match::Models, "models"},
        {FaultStep::Match::Any, "any"},
};

const std::pair<FaultStep::Action, const char *> actionNames[] = {
        {FaultStep::Action::None, "none"},         {FaultStep::Action::Reset, "reset"},
        {FaultStep::Action::Close, "close"},       {FaultStep::Action::Hang, "hang"},
        {FaultStep::Action::Truncate, "truncate"},
};

const std::pair<FaultStep::Malformed, const char *> malformedNames[] = {
        {FaultStep::Malformed::None, "none"},
        {FaultStep::Malformed::NotJson, "not-json"},
        {FaultStep::Malformed::TruncatedJson, "truncated-json"},
        {FaultStep::Malformed::WrongShape, "wrong-shape"},
        {FaultStep::Malformed::BadUtf8, "bad-utf8"},
        {FaultStep::Malformed::Empty, "empty"},
};

/// A delay: whole milliseconds up to a day.
bool readMilliseconds(const QJsonValue &value, const QString &key, std::chrono::milliseconds *out,
                      QString *error)
{
    qint64 number = 0;
    if (!readInteger(value, key, 0, maxDelayMs, &number, error))
        return false;
    *out = std::chrono::milliseconds(number);
    return true;
}

/// The stream options, which may sit in "stream": {...} or, as a shorthand, at the top level.
bool readStreamField(const QString &key, const QJsonValue &value, FaultStep *step, QString *error)
{
    qint64 number = 0;
    if (key == u"stallAfterChunks"_s || key == u"dropAfterChunks"_s
        || key == u"errorAfterChunks"_s) {
        if (!readInteger(value, key, 0, std::numeric_limits<int>::max(), &number, error))
            return false;
        std::optional<int> &target = key == u"stallAfterChunks"_s ? step->stallAfterChunks
                : key == u"dropAfterChunks"_s                     ? step->dropAfterChunks
                                                                  : step->errorAfterChunks;
        if (target) {
            setError(error, u"'%1' is given twice"_s.arg(key));
            return false;
        }
        target = int(number);
        return true;
    }
    if (key == u"omitDone"_s)
        return readBool(value, key, &step->omitDone, error);
    if (key == u"noFinish"_s)
        return readBool(value, key, &step->noFinish, error);
    if (key == u"holdOpen"_s)
        return readBool(value, key, &step->holdOpen, error);
    if (key == u"chunkDelayMs"_s) {
        if (step->chunkDelay) {
            setError(error, u"'chunkDelayMs' is given twice"_s);
            return false;
        }
        std::chrono::milliseconds delay{0};
        if (!readMilliseconds(value, key, &delay, error))
            return false;
        step->chunkDelay = delay;
        return true;
    }
    setError(error, u"unknown field '%1'"_s.arg(key));
    return false;
}

bool isStreamField(const QString &key)
{
    return key == u"stallAfterChunks"_s || key == u"dropAfterChunks"_s
            || key == u"errorAfterChunks"_s || key == u"omitDone"_s || key == u"noFinish"_s
            || key == u"holdOpen"_s || key == u"chunkDelayMs"_s;
}

bool readErrorOverride(const QJsonValue &value, QJsonObject *out, QString *error)
{
    if (!value.isObject()) {
        setError(error, u"'error' must be an object (got %1)"_s.arg(describe(value)));
        return false;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (key != u"message"_s && key != u"type"_s && key != u"code"_s && key != u"param"_s) {
            setError(error,
                     u"unknown field 'error.%1' (expected message, type, code, param)"_s.arg(key));
            return false;
        }
        const QJsonValue field = it.value();
        const bool allowed =
                field.isString() || field.isNull() || (key == u"code"_s && field.isDouble());
        if (!allowed) {
            setError(error,
                     u"'error.%1' must be a string or null (got %2)"_s.arg(key, describe(field)));
            return false;
        }
    }
    *out = object;
    return true;
}

bool readHeaders(const QJsonValue &value, QList<std::pair<QByteArray, QByteArray>> *out,
                 QString *error)
{
    if (!value.isObject()) {
        setError(error,
                 u"'headers' must be an object of name: value (got %1)"_s.arg(describe(value)));
        return false;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QByteArray name = it.key().toUtf8();
        // Header names are RFC 9110 tokens; values may not contain line breaks (that would
        // let a script end the header block by accident).
        if (!faultserver::isToken(name)) {
            setError(error, u"header name \"%1\" is not a valid HTTP token"_s.arg(it.key()));
            return false;
        }
        QString text;
        const QJsonValue field = it.value();
        if (field.isString()) {
            text = field.toString();
        } else if (field.isDouble()) {
            text = QString::number(field.toDouble(), 'g', 17);
        } else if (field.isBool()) {
            text = field.toBool() ? u"true"_s : u"false"_s;
        } else {
            setError(error,
                     u"header \"%1\" must be a string, number or boolean (got %2)"_s.arg(
                             it.key(), describe(field)));
            return false;
        }
        if (text.contains(u'\r') || text.contains(u'\n')) {
            setError(error, u"header \"%1\" may not contain a line break"_s.arg(it.key()));
            return false;
        }
        out->append({name, text.toUtf8()});
    }
    return true;
}

/// "stream": {...}; a bad field is reported as "stream: ...".
bool readStreamObject(const QJsonValue &value, FaultStep *step, QString *error)
{
    if (!value.isObject()) {
        setError(error,
                 u"'stream' must be an object such as {\"stallAfterChunks\": 2} (got %1)"_s.arg(
                         describe(value)));
        return false;
    }
    const QJsonObject stream = value.toObject();
    for (auto field = stream.begin(); field != stream.end(); ++field) {
        QString fieldError;
        if (!readStreamField(field.key(), field.value(), step, &fieldError)) {
            setError(error, u"stream: %1"_s.arg(fieldError));
            return false;
        }
    }
    return true;
}

/// One field of a step's JSON form.
bool readStepField(const QString &key, const QJsonValue &value, FaultStep *step, QString *error)
{
    const auto toBytes = [](const QString &text) { return text.toUtf8(); };
    if (key == u"status"_s)
        return readNumber(value, key, 200, 599, &step->status, error);
    if (key == u"error"_s)
        return readErrorOverride(value, &step->error, error);
    if (key == u"body"_s)
        return readStringAs(value, key, &step->body, error, toBytes);
    if (key == u"contentType"_s) {
        if (!readStringAs(value, key, &step->contentType, error, toBytes))
            return false;
        if (step->contentType.contains('\r') || step->contentType.contains('\n')) {
            setError(error, u"'contentType' may not contain a line break"_s);
            return false;
        }
        return true;
    }
    if (key == u"html"_s)
        return readBool(value, key, &step->html, error);
    if (key == u"headers"_s)
        return readHeaders(value, &step->headers, error);
    if (key == u"delayMs"_s)
        return readMilliseconds(value, key, &step->delay, error);
    if (key == u"action"_s)
        return readEnum(value, key, actionNames, 1, &step->action, error);
    if (key == u"stream"_s)
        return readStreamObject(value, step, error);
    if (isStreamField(key))
        return readStreamField(key, value, step, error);
    if (key == u"malformed"_s)
        return readEnum(value, key, malformedNames, 1, &step->malformed, error);
    if (key == u"oversizeBytes"_s)
        return readNumber(value, key, 0, maxOversizeBytes, &step->oversizeBytes, error);
    if (key == u"text"_s)
        return readStringAs(value, key, &step->text, error,
                            [](const QString &text) { return text; });
    if (key == u"repeat"_s)
        return readNumber(value, key, 1, maxRepeat, &step->repeat, error);
    if (key == u"note"_s)
        return readString(value, key, &step->note, error);
    if (key == u"match"_s)
        return readEnum(value, key, matchNames, 0, &step->match, error);
    setError(error, u"unknown field '%1'"_s.arg(key));
    return false;
}

bool readSteps(const QJsonValue &value, QList<FaultStep> *out, QString *error)
{
    if (!value.isArray()) {
        setError(error, u"'steps' must be an array (got %1)"_s.arg(describe(value)));
        return false;
    }
    const QJsonArray steps = value.toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (!steps.at(i).isObject()) {
            setError(
                    error,
                    u"step %1: must be an object (got %2)"_s.arg(i + 1).arg(describe(steps.at(i))));
            return false;
        }
        QString stepError;
        auto step = FaultStep::fromJson(steps.at(i).toObject(), &stepError);
        if (!step) {
            setError(error, u"step %1: %2"_s.arg(i + 1).arg(stepError));
            return false;
        }
        out->append(*step);
    }
    return true;
}

bool readModels(const QJsonValue &value, QStringList *out, QString *error)
{
    if (!value.isArray()) {
        setError(error, u"'models' must be an array of strings (got %1)"_s.arg(describe(value)));
        return false;
    }
    const QJsonArray array = value.toArray();
    for (const QJsonValue &model : array) {
        if (!model.isString() || model.toString().isEmpty()) {
            setError(error,
                     u"'models' must hold non-empty strings (got %1)"_s.arg(describe(model)));
            return false;
        }
        out->append(model.toString());
    }
    return true;
}

bool readPathPrefix(const QJsonValue &value, std::optional<QString> *out, QString *error)
{
    QString prefix;
    if (!readString(value, u"pathPrefix"_s, &prefix, error))
        return false;
    if (!prefix.isEmpty() && !prefix.startsWith(u'/')) {
        setError(error, u"'pathPrefix' must be empty or start with '/' (got \"%1\")"_s.arg(prefix));
        return false;
    }
    *out = prefix;
    return true;
}

/// "line 3, column 7" for a byte offset into the document.
QString positionOf(const QByteArray &json, qsizetype offset)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset && i < json.size(); ++i) {
        if (json.at(i) == '\n') {
            ++line;
            column = 1;
        } else if ((json.at(i) & 0xC0) != 0x80) { // count characters, not UTF-8 bytes
            ++column;
        }
    }
    return u"line %1, column %2"_s.arg(line).arg(column);
}

} // namespace

QString FaultStep::matchName(Match match)
{
    return nameFromEnum(match, matchNames);
}

QString FaultStep::actionName(Action action)
{
    return nameFromEnum(action, actionNames);
}

QString FaultStep::malformedName(Malformed malformed)
{
    return nameFromEnum(malformed, malformedNames);
}

std::optional<FaultStep> FaultStep::fromJson(const QJsonObject &object, QString *error)
{
    FaultStep step;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!readStepField(it.key(), it.value(), &step, error))
            return std::nullopt;
    }
    const int endings = int(step.stallAfterChunks.has_value())
            + int(step.dropAfterChunks.has_value()) + int(step.errorAfterChunks.has_value());
    if (endings > 1) {
        setError(
                error,
                u"only one of stallAfterChunks, dropAfterChunks and errorAfterChunks may be given"_s);
        return std::nullopt;
    }
    if (!step.contentType.isEmpty() && !step.body) {
        setError(error, u"'contentType' needs a 'body'"_s);
        return std::nullopt;
    }
    if (step.body && step.html) {
        setError(error, u"'body' and 'html' exclude each other"_s);
        return std::nullopt;
    }
    return step;
}

QJsonObject FaultStep::toJson() const
{
    QJsonObject object;
    if (match != Match::Chat)
        object.insert(u"match"_s, matchName(match));
    if (status != 0)
        object.insert(u"status"_s, status);
    if (!error.isEmpty())
        object.insert(u"error"_s, error);
    if (body)
        object.insert(u"body"_s, QString::fromUtf8(*body));
    if (!contentType.isEmpty())
        object.insert(u"contentType"_s, QString::fromUtf8(contentType));
    if (html)
        object.insert(u"html"_s, true);
    if (!headers.isEmpty()) {
        QJsonObject headerObject;
        for (const auto &[name, value] : headers)
            headerObject.insert(QString::fromUtf8(name), QString::fromUtf8(value));
        object.insert(u"headers"_s, headerObject);
    }
    if (delay.count() != 0)
        object.insert(u"delayMs"_s, qint64(delay.count()));
    if (action != Action::None)
        object.insert(u"action"_s, actionName(action));
    QJsonObject stream;
    if (stallAfterChunks)
        stream.insert(u"stallAfterChunks"_s, *stallAfterChunks);
    if (dropAfterChunks)
        stream.insert(u"dropAfterChunks"_s, *dropAfterChunks);
    if (errorAfterChunks)
        stream.insert(u"errorAfterChunks"_s, *errorAfterChunks);
    if (omitDone)
        stream.insert(u"omitDone"_s, true);
    if (noFinish)
        stream.insert(u"noFinish"_s, true);
    if (holdOpen)
        stream.insert(u"holdOpen"_s, true);
    if (chunkDelay)
        stream.insert(u"chunkDelayMs"_s, qint64(chunkDelay->count()));
    if (!stream.isEmpty())
        object.insert(u"stream"_s, stream);
    if (malformed != Malformed::None)
        object.insert(u"malformed"_s, malformedName(malformed));
    if (oversizeBytes != 0)
        object.insert(u"oversizeBytes"_s, oversizeBytes);
    if (text)
        object.insert(u"text"_s, *text);
    if (repeat != 1)
        object.insert(u"repeat"_s, repeat);
    if (!note.isEmpty())
        object.insert(u"note"_s, note);
    return object;
}

std::optional<FaultScript> FaultScript::fromJsonObject(const QJsonObject &object, QString *error)
{
    FaultScript script;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        bool ok = false;
        if (key == u"steps"_s) {
            ok = readSteps(value, &script.m_steps, error);
        } else if (key == u"replyText"_s) {
            ok = readStringAs(value, key, &script.m_replyText, error,
                              [](const QString &text) { return text; });
        } else if (key == u"chunkDelayMs"_s) {
            std::chrono::milliseconds delay{0};
            ok = readMilliseconds(value, key, &delay, error);
            script.m_chunkDelay = delay;
        } else if (key == u"models"_s) {
            QStringList models;
            ok = readModels(value, &models, error);
            script.m_models = models;
        } else if (key == u"pathPrefix"_s) {
            ok = readPathPrefix(value, &script.m_pathPrefix, error);
        } else {
            setError(error,
                     u"unknown field '%1' (a script object has steps, replyText, chunkDelayMs, "
                     "models, pathPrefix)"_s.arg(key));
        }
        if (!ok)
            return std::nullopt;
    }
    return script;
}

std::optional<FaultScript> FaultScript::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setError(error,
                 u"not valid JSON at %1: %2"_s.arg(positionOf(json, parseError.offset),
                                                   parseError.errorString()));
        return std::nullopt;
    }
    if (document.isArray()) {
        QJsonObject wrapper;
        wrapper.insert(u"steps"_s, document.array());
        return fromJsonObject(wrapper, error);
    }
    if (document.isObject())
        return fromJsonObject(document.object(), error);
    setError(error, u"a script is a JSON array of steps or an object with \"steps\""_s);
    return std::nullopt;
}

std::optional<FaultScript> FaultScript::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, u"cannot read %1: %2"_s.arg(path, file.errorString()));
        return std::nullopt;
    }
    QString parseError;
    auto script = fromJson(file.readAll(), &parseError);
    if (!script) {
        setError(error, u"%1: %2"_s.arg(path, parseError));
        return std::nullopt;
    }
    return script;
}

} // namespace steadfast
