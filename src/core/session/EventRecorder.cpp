// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/session/EventRecorder.h"

#include "core/EnumNames.h"
#include "core/errors/ApiErrorJson.h"
#include "core/net/ChatService.h"
#include "core/protocol/RateLimitInfo.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/resilience/CircuitBreaker.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

QJsonValue redacted(const QJsonValue &value, const Redactor &redactor)
{
    if (value.isString())
        return redactor.redact(value.toString());
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = redacted(it.value(), redactor);
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it)
            *it = redacted(*it, redactor);
        return array;
    }
    return value;
}

} // namespace

EventRecorder::EventRecorder(ChatService *service, BreakerRegistry *breakers, QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    connect(service, &ChatService::stateChanged, this, [this](ChatService::State state) {
        record(u"stateChanged"_s, {{u"state"_s, enumName(state)}});
    });
    connect(service, &ChatService::attemptStarted, this,
            [this](int attempt, int allowed, const QUrl &url) {
                record(u"attemptStarted"_s,
                       {{u"attempt"_s, attempt},
                        {u"attemptsAllowed"_s, allowed},
                        {u"url"_s, url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)}});
            });
    connect(service, &ChatService::responseReceived, this,
            [this](int attempt, int status, const QString &requestId) {
                record(u"responseReceived"_s,
                       {{u"attempt"_s, attempt},
                        {u"status"_s, status},
                        {u"requestId"_s, requestId}});
            });
    connect(service, &ChatService::responseWaiting, this, [this](qint64 elapsed, qint64 timeout) {
        record(u"responseWaiting"_s, {{u"elapsedMs"_s, elapsed}, {u"timeoutMs"_s, timeout}});
    });
    connect(service, &ChatService::rateLimitUpdated, this,
            [this](const RateLimitInfo &info) { record(u"rateLimitUpdated"_s, info.toJson()); });
    connect(service, &ChatService::delta, this, [this](const QString &text) {
        if (m_recordDeltas)
            record(u"delta"_s, {{u"text"_s, text}});
    });
    connect(service, &ChatService::attemptFailed, this,
            [this](int attempt, const ApiError &error, const QString &partial) {
                record(u"attemptFailed"_s,
                       {{u"attempt"_s, attempt},
                        {u"error"_s, ApiErrorJson::toJson(error)},
                        {u"partialChars"_s, partial.size()}});
            });
    connect(service, &ChatService::retryScheduled, this, [this](const RetryInfo &info) {
        QJsonObject fields{{u"attempt"_s, info.attempt},
                           {u"attemptsAllowed"_s, info.attemptsAllowed},
                           {u"delayMs"_s, qint64(info.delay.count())},
                           {u"backoffMs"_s, qint64(info.backoff.count())},
                           {u"source"_s, RetryInfo::sourceName(info.source)},
                           {u"error"_s, ApiErrorJson::toJson(info.error)}};
        if (info.hint)
            fields.insert(u"hintMs"_s, qint64(info.hint->count()));
        record(u"retryScheduled"_s, fields);
    });
    connect(service, &ChatService::retryCountdown, this, [this](qint64 left, qint64 total) {
        record(u"retryCountdown"_s, {{u"msLeft"_s, left}, {u"totalMs"_s, total}});
    });
    connect(service, &ChatService::longWaitRequested, this,
            [this](const ApiError &error, qint64 waitMs) {
                record(u"longWaitRequested"_s,
                       {{u"waitMs"_s, waitMs}, {u"error"_s, ApiErrorJson::toJson(error)}});
            });
    connect(service, &ChatService::finished, this,
            [this](const ChatResult &result) { record(u"finished"_s, result.toJson()); });
    connect(service, &ChatService::failed, this,
            [this](const ApiError &error, const QString &partial) {
                record(u"failed"_s,
                       {{u"error"_s, ApiErrorJson::toJson(error)},
                        {u"partialChars"_s, partial.size()}});
            });
    for (CircuitBreaker *breaker : breakers->breakers())
        watchBreaker(breaker);
    connect(breakers, &BreakerRegistry::breakerCreated, this, &EventRecorder::watchBreaker);
}

void EventRecorder::watchBreaker(CircuitBreaker *breaker)
{
    // The count moves without a state change while Closed ("2 of 5 failures"): a log that
    // explains why the breaker later opened needs those steps too.
    connect(breaker, &CircuitBreaker::failuresChanged, this,
            [this, breaker](int failures, int threshold) {
                record(u"breakerFailuresChanged"_s,
                       {{u"endpoint"_s, breaker->endpoint()},
                        {u"state"_s, enumName(breaker->state())},
                        {u"failures"_s, failures},
                        {u"threshold"_s, threshold}});
            });
    connect(breaker, &CircuitBreaker::stateChanged, this,
            [this, breaker](CircuitBreaker::State state, int failures, int threshold,
                            qint64 msUntilProbe) {
                record(u"breakerStateChanged"_s,
                       {{u"endpoint"_s, breaker->endpoint()},
                        {u"state"_s, enumName(state)},
                        {u"failures"_s, failures},
                        {u"threshold"_s, threshold},
                        {u"msUntilProbe"_s, msUntilProbe},
                        {u"paused"_s, breaker->isPaused()}});
            });
}

QByteArray EventRecorder::toJsonLine(const QJsonObject &event)
{
    // QJsonObject sorts its keys; a reader scanning a log wants "ts" and "event" first.
    QJsonObject rest = event;
    rest.remove(u"ts"_s);
    rest.remove(u"event"_s);
    QByteArray line = QJsonDocument(QJsonObject{{u"ts"_s, event.value(u"ts"_s)},
                                                {u"event"_s, event.value(u"event"_s)}})
                              .toJson(QJsonDocument::Compact);
    const QByteArray tail = QJsonDocument(rest).toJson(QJsonDocument::Compact);
    if (tail.size() > 2) {
        line.chop(1); // '}'
        line += ',' + tail.mid(1);
    }
    return line;
}

void EventRecorder::record(const QString &name, QJsonObject fields)
{
    QJsonObject event = redacted(fields, m_redactor).toObject();
    event.insert(u"ts"_s, m_clock().toString(Qt::ISODateWithMs));
    event.insert(u"event"_s, name);
    Q_EMIT eventRecorded(event);
}

} // namespace steadfast
