// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/Redactor.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include <functional>

namespace steadfast {

class BreakerRegistry;
class ChatService;
class CircuitBreaker;

/// The one event model behind both front ends: it listens to a ChatService and to every
/// breaker of a BreakerRegistry and turns each signal into a timestamped JSON object
/// ({"ts": "...", "event": "retryScheduled", ...}). The CLI writes them as JSON lines
/// (--events); the GUI's activity log shows the same objects. Every string in an event
/// passes through the Redactor, so a registered secret can never appear in one.
class EventRecorder : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;

    /// service and breakers are not owned.
    EventRecorder(ChatService *service, BreakerRegistry *breakers, QObject *parent = nullptr);

    void addSecret(const QString &secret) { m_redactor.addSecret(secret); }
    /// For front ends that print an error's text themselves.
    QString redact(const QString &text) const { return m_redactor.redact(text); }
    /// Delta events carry streamed text; a log that only wants the shape can drop them.
    void setRecordDeltas(bool record) { m_recordDeltas = record; }
    void setClock(Clock clock) { m_clock = std::move(clock); }

    /// One compact line (no trailing newline).
    static QByteArray toJsonLine(const QJsonObject &event);

Q_SIGNALS:
    void eventRecorded(const QJsonObject &event);

private:
    void watchBreaker(CircuitBreaker *breaker);
    void record(const QString &name, QJsonObject fields);

    Redactor m_redactor;
    Clock m_clock;
    bool m_recordDeltas = true;
};

} // namespace steadfast
