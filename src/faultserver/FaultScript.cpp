// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/FaultScript.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

constexpr qint64 maxDelayMs = 24LL * 60 * 60 * 1000;          // a day: "hang" is the action
constexpr qint64 maxOversizeBytes = 4LL * 1024 * 1024 * 1024; // 4 GiB
constexpr int maxRepeat = 1000000;

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String:
        return u"\"%1\""_s.arg(value.toString());
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

/// Reads an integral JSON number within [min, max]; false (and *error) otherwise.
bool readInteger(const QJsonValue &value, const QString &name, qint64 min, qint64 max, qint64 *out,
                 QString *error)
{
    const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!value.isDouble() || std::isnan(number) || std::floor(number) != number
        || number < double(min) || number > double(max)) {
        setError(
                error,
                u"'%1' must be an integer from %2 to %3 (got %4)"_s.arg(name).arg(min).arg(max).arg(
                        describe(value)));
        return false;
    }
    *out = qint64(number);
    return true;
}

bool readBool(const QJsonValue &value, const QString &name, bool *out, QString *error)
{
    if (!value.isBool()) {
        setError(error, u"'%1' must be true or false (got %2)"_s.arg(name, describe(value)));
        return false;
    }
    *out = value.toBool();
    return true;
}

bool readString(const QJsonValue &value, const QString &name, QString *out, QString *error)
{
    if (!value.isString()) {
        setError(error, u"'%1' must be a string (got %2)"_s.arg(name, describe(value)));
        return false;
    }
    *out = value.toString();
    return true;
}

/// Header names are RFC 9110 tokens; values may not contain line breaks (that would
/// let a script end the header block by accident).
bool isToken(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    for (char c : name) {
        const bool alnum =
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

template <typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const QString &name,
                                 const std::pair<Enum, const char *> (&table)[N])
{
    for (const auto &[value, text] : table) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
QString nameFromEnum(Enum value, const std::pair<Enum, const char *> (&table)[N])
{
    for (const auto &[candidate, text] : table) {
        if (candidate == value)
            return QLatin1String(text);
    }
    return QString();
}

template <typename Enum, std::size_t N>
QString namesOf(const std::pair<Enum, const char *> (&table)[N], int skipFirst)
{
    QStringList names;
    for (std::size_t i = std::size_t(skipFirst); i < N; ++i)
        names.append(u"\"%1\""_s.arg(QLatin1String(table[i].second)));
    return names.join(u", "_s);
}

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
        if (!readInteger(value, key, 0, maxDelayMs, &number, error))
            return false;
        step->chunkDelay = std::chrono::milliseconds(number);
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
        if (!isToken(name)) {
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
    qint64 number = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        if (key == u"status"_s) {
            if (!readInteger(value, key, 200, 599, &number, error))
                return std::nullopt;
            step.status = int(number);
        } else if (key == u"error"_s) {
            if (!readErrorOverride(value, &step.error, error))
                return std::nullopt;
        } else if (key == u"body"_s) {
            QString text;
            if (!readString(value, key, &text, error))
                return std::nullopt;
            step.body = text.toUtf8();
        } else if (key == u"contentType"_s) {
            QString text;
            if (!readString(value, key, &text, error))
                return std::nullopt;
            if (text.contains(u'\r') || text.contains(u'\n')) {
                setError(error, u"'contentType' may not contain a line break"_s);
                return std::nullopt;
            }
            step.contentType = text.toUtf8();
        } else if (key == u"html"_s) {
            if (!readBool(value, key, &step.html, error))
                return std::nullopt;
        } else if (key == u"headers"_s) {
            if (!readHeaders(value, &step.headers, error))
                return std::nullopt;
        } else if (key == u"delayMs"_s) {
            if (!readInteger(value, key, 0, maxDelayMs, &number, error))
                return std::nullopt;
            step.delay = std::chrono::milliseconds(number);
        } else if (key == u"action"_s) {
            QString name;
            if (!readString(value, key, &name, error))
                return std::nullopt;
            const auto action = enumFromName(name, actionNames);
            if (!action) {
                setError(error,
                         u"'action' must be one of %1 (got \"%2\")"_s.arg(namesOf(actionNames, 1),
                                                                          name));
                return std::nullopt;
            }
            step.action = *action;
        } else if (key == u"stream"_s) {
            if (!value.isObject()) {
                setError(error,
                         u"'stream' must be an object such as {\"stallAfterChunks\": 2} (got %1)"_s
                                 .arg(describe(value)));
                return std::nullopt;
            }
            const QJsonObject stream = value.toObject();
            for (auto field = stream.begin(); field != stream.end(); ++field) {
                QString fieldError;
                if (!readStreamField(field.key(), field.value(), &step, &fieldError)) {
                    setError(error, u"stream: %1"_s.arg(fieldError));
                    return std::nullopt;
                }
            }
        } else if (isStreamField(key)) {
            if (!readStreamField(key, value, &step, error))
                return std::nullopt;
        } else if (key == u"malformed"_s) {
            QString name;
            if (!readString(value, key, &name, error))
                return std::nullopt;
            const auto malformed = enumFromName(name, malformedNames);
            if (!malformed) {
                setError(error,
                         u"'malformed' must be one of %1 (got \"%2\")"_s.arg(
                                 namesOf(malformedNames, 1), name));
                return std::nullopt;
            }
            step.malformed = *malformed;
        } else if (key == u"oversizeBytes"_s) {
            if (!readInteger(value, key, 0, maxOversizeBytes, &number, error))
                return std::nullopt;
            step.oversizeBytes = number;
        } else if (key == u"text"_s) {
            QString text;
            if (!readString(value, key, &text, error))
                return std::nullopt;
            step.text = text;
        } else if (key == u"repeat"_s) {
            if (!readInteger(value, key, 1, maxRepeat, &number, error))
                return std::nullopt;
            step.repeat = int(number);
        } else if (key == u"note"_s) {
            if (!readString(value, key, &step.note, error))
                return std::nullopt;
        } else if (key == u"match"_s) {
            QString name;
            if (!readString(value, key, &name, error))
                return std::nullopt;
            const auto match = enumFromName(name, matchNames);
            if (!match) {
                setError(error,
                         u"'match' must be one of %1 (got \"%2\")"_s.arg(namesOf(matchNames, 0),
                                                                         name));
                return std::nullopt;
            }
            step.match = *match;
        } else {
            setError(error, u"unknown field '%1'"_s.arg(key));
            return std::nullopt;
        }
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
    qint64 number = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        if (key == u"steps"_s) {
            if (!value.isArray()) {
                setError(error, u"'steps' must be an array (got %1)"_s.arg(describe(value)));
                return std::nullopt;
            }
            const QJsonArray steps = value.toArray();
            for (qsizetype i = 0; i < steps.size(); ++i) {
                if (!steps.at(i).isObject()) {
                    setError(error,
                             u"step %1: must be an object (got %2)"_s.arg(i + 1).arg(
                                     describe(steps.at(i))));
                    return std::nullopt;
                }
                QString stepError;
                auto step = FaultStep::fromJson(steps.at(i).toObject(), &stepError);
                if (!step) {
                    setError(error, u"step %1: %2"_s.arg(i + 1).arg(stepError));
                    return std::nullopt;
                }
                script.m_steps.append(*step);
            }
        } else if (key == u"replyText"_s) {
            QString text;
            if (!readString(value, key, &text, error))
                return std::nullopt;
            script.m_replyText = text;
        } else if (key == u"chunkDelayMs"_s) {
            if (!readInteger(value, key, 0, maxDelayMs, &number, error))
                return std::nullopt;
            script.m_chunkDelay = std::chrono::milliseconds(number);
        } else if (key == u"models"_s) {
            if (!value.isArray()) {
                setError(error,
                         u"'models' must be an array of strings (got %1)"_s.arg(describe(value)));
                return std::nullopt;
            }
            QStringList models;
            const QJsonArray array = value.toArray();
            for (const QJsonValue &model : array) {
                if (!model.isString() || model.toString().isEmpty()) {
                    setError(error,
                             u"'models' must hold non-empty strings (got %1)"_s.arg(
                                     describe(model)));
                    return std::nullopt;
                }
                models.append(model.toString());
            }
            script.m_models = models;
        } else if (key == u"pathPrefix"_s) {
            QString prefix;
            if (!readString(value, key, &prefix, error))
                return std::nullopt;
            if (!prefix.isEmpty() && !prefix.startsWith(u'/')) {
                setError(
                        error,
                        u"'pathPrefix' must be empty or start with '/' (got \"%1\")"_s.arg(prefix));
                return std::nullopt;
            }
            script.m_pathPrefix = prefix;
        } else {
            setError(error,
                     u"unknown field '%1' (a script object has steps, replyText, chunkDelayMs, "
                     "models, pathPrefix)"_s.arg(key));
            return std::nullopt;
        }
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
