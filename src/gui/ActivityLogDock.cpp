// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/ActivityLogDock.h"

#include "core/errors/ApiError.h"
#include "core/errors/ApiErrorJson.h"
#include "core/errors/ErrorWords.h"
#include "core/session/EventRecorder.h"
#include "gui/Fonts.h"
#include "gui/GuiResources.h"

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QJsonDocument>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

using std::chrono::milliseconds;

// The words for a stateChanged event's state (ChatSession::State's names); another name is
// shown as it is.
struct StateWords
{
    const char16_t *state;
    const char *words;
};
constexpr StateWords stateWords[] = {
        {u"Idle", QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: idle")},
        {u"Sending", QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: sending")},
        {u"Streaming",
         QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: receiving the reply")},
        {u"WaitingToRetry",
         QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: waiting to retry")},
        {u"WaitingForConsent",
         QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: waiting for your answer")},
        {u"Failed", QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: failed")},
        {u"Cancelled", QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: cancelled")},
        {u"Done", QT_TRANSLATE_NOOP("steadfast::ActivityLogDock", "State: done")},
};

} // namespace

ActivityLogDock::ActivityLogDock(EventRecorder *recorder, QWidget *parent)
    : QDockWidget(tr("Activity log"), parent)
    , m_recorder(recorder)
{
    initGuiResources();
    setObjectName(u"activityLogDock"_s);
    setAccessibleName(tr("Activity log"));

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(2);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    layout->addLayout(buttons);
    auto makeButton = [content, buttons](const QString &name, const QString &text,
                                         const QString &accessibleName, const QString &icon) {
        auto *button = new QToolButton(content);
        button->setObjectName(name);
        button->setText(text);
        button->setAccessibleName(accessibleName);
        button->setToolTip(accessibleName);
        if (!icon.isEmpty())
            button->setIcon(QIcon(icon));
        button->setToolButtonStyle(icon.isEmpty() ? Qt::ToolButtonTextOnly
                                                  : Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::StrongFocus);
        buttons->addWidget(button);
        return button;
    };
    m_copyButton = makeButton(u"copyLogButton"_s, tr("Copy"), tr("Copy the activity log"),
                              u":/icons/copy.svg"_s);
    m_saveButton = makeButton(u"saveLogButton"_s, tr("Save…"), tr("Save the activity log"),
                              u":/icons/log.svg"_s);
    m_clearButton =
            makeButton(u"clearLogButton"_s, tr("Clear"), tr("Clear the activity log"), QString());
    buttons->addStretch(1);
    connect(m_copyButton, &QToolButton::clicked, this, &ActivityLogDock::copyToClipboard);
    connect(m_saveButton, &QToolButton::clicked, this, &ActivityLogDock::saveAs);
    connect(m_clearButton, &QToolButton::clicked, this, &ActivityLogDock::clear);

    m_view = new QPlainTextEdit(content);
    m_view->setObjectName(u"activityLogView"_s);
    m_view->setReadOnly(true);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_view->setMaximumBlockCount(maximumLines);
    m_view->setUndoRedoEnabled(false); // a log has nothing to undo, and no history to grow
    m_view->setLineWrapMode(
            QPlainTextEdit::WidgetWidth); // whole lines in view, no sideways scrolling
    m_view->setFont(monospaceFont());
    m_view->setAccessibleName(tr("Activity log"));
    m_view->setPlaceholderText(tr("Attempts, retries and circuit breaker changes appear here."));
    layout->addWidget(m_view, 1);
    setWidget(content);

    if (recorder)
        connect(recorder, &EventRecorder::eventRecorded, this, &ActivityLogDock::appendEvent);
}

ActivityLogDock::~ActivityLogDock() = default;

QString ActivityLogDock::text() const
{
    return m_view->toPlainText();
}

int ActivityLogDock::eventCount() const
{
    return m_view->document()->isEmpty() ? 0 : m_view->document()->blockCount();
}

void ActivityLogDock::appendEvent(const QJsonObject &event)
{
    const QString name = event.value(u"event"_s).toString();
    if (name == u"delta"_s) {
        if (m_deltaRun > 0 && !m_view->document()->isEmpty()) {
            // Replace the run's line in place: one line however many chunks arrive.
            ++m_deltaRun;
            QTextCursor cursor(m_view->document()->lastBlock());
            cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            cursor.insertText(redact(m_deltaTime + u"  "_s + describeEvent(event, m_deltaRun)));
            return;
        }
        m_deltaRun = 1;
        m_deltaTime = timeOf(event);
        m_view->appendPlainText(redact(m_deltaTime + u"  "_s + describeEvent(event, 1)));
        return;
    }
    const QString words = describeEvent(event);
    if (words.isEmpty())
        return; // a tick: the schedule line already says the delay
    m_deltaRun = 0;
    m_view->appendPlainText(redact(timeOf(event) + u"  "_s + words));
}

void ActivityLogDock::clear()
{
    m_view->clear();
    m_deltaRun = 0;
    m_deltaTime.clear();
}

void ActivityLogDock::copyToClipboard()
{
    QGuiApplication::clipboard()->setText(text());
}

bool ActivityLogDock::saveTo(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_lastSaveError = file.errorString();
        return false;
    }
    QString content = text();
    if (!content.isEmpty())
        content += u'\n';
    if (file.write(content.toUtf8()) < 0 || !file.commit()) {
        m_lastSaveError = file.errorString();
        file.cancelWriting();
        return false;
    }
    m_lastSaveError.clear();
    return true;
}

void ActivityLogDock::saveAs()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested = QDir(folder).filePath(u"steadfast-activity-%1.log"_s.arg(
            QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s)));
    const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the activity log"), suggested,
            tr("Log files (*.log);;Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    if (!saveTo(path))
        QMessageBox::warning(this, tr("Activity log not saved"),
                             tr("The activity log could not be saved to %1: %2")
                                     .arg(QDir::toNativeSeparators(path), m_lastSaveError));
}

QString ActivityLogDock::redact(const QString &line) const
{
    return m_recorder ? m_recorder->redact(line) : line;
}

QString ActivityLogDock::timeOf(const QJsonObject &event)
{
    QDateTime when = QDateTime::fromString(event.value(u"ts"_s).toString(), Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::currentDateTime();
    return when.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
}

QString ActivityLogDock::describeEvent(const QJsonObject &event, int deltaCount)
{
    const QLocale locale;
    const QString name = event.value(u"event"_s).toString();
    auto integer = [&event](const QString &key) { return event.value(key).toInteger(); };
    auto string = [&event](const QString &key) { return event.value(key).toString(); };
    // "4.2 s", "350 ms": a delay as the log states it (more precise than a countdown).
    auto delay = [&locale](qint64 ms) {
        if (ms < 1000)
            return tr("%n ms", "a delay in milliseconds", int(std::max<qint64>(ms, 0)));
        return tr("%1 s", "a delay in seconds with one decimal")
                .arg(locale.toString(double(ms) / 1000.0, 'f', 1));
    };
    auto errorWords = [](const QJsonObject &object) {
        const ApiError error = ApiErrorJson::fromJson(object).value_or(ApiError());
        QString words = tr("%1 [%2]", "an error's title, then its kind's technical name")
                                .arg(ErrorWords::title(error), ApiError::kindName(error.kind));
        if (!error.message.isEmpty())
            words = tr("%1 — %2", "an error, then the server's message").arg(words, error.message);
        if (!error.requestId.isEmpty())
            words = tr("%1 (request id %2)").arg(words, error.requestId);
        return words;
    };

    if (name == u"stateChanged"_s) {
        const QString state = string(u"state"_s);
        for (const StateWords &row : stateWords) {
            if (state == QStringView(row.state))
                return tr(row.words);
        }
        return tr("State: %1").arg(state);
    }
    if (name == u"attemptStarted"_s)
        return tr("Attempt %1 of %2 → %3")
                .arg(integer(u"attempt"_s))
                .arg(integer(u"attemptsAllowed"_s))
                .arg(string(u"url"_s));
    if (name == u"responseReceived"_s) {
        if (string(u"requestId"_s).isEmpty())
            return tr("Attempt %1: response HTTP %2")
                    .arg(integer(u"attempt"_s))
                    .arg(integer(u"status"_s));
        return tr("Attempt %1: response HTTP %2, request id %3")
                .arg(integer(u"attempt"_s))
                .arg(integer(u"status"_s))
                .arg(string(u"requestId"_s));
    }
    if (name == u"rateLimitUpdated"_s) {
        QStringList parts;
        auto part = [&](const QString &what, const char *withLimit, const char *withoutLimit,
                        const char *withReset) {
            const QString remaining = u"remaining"_s + what;
            const QString limit = u"limit"_s + what;
            const QString reset = u"reset"_s + what + u"Ms"_s;
            if (!event.contains(remaining))
                return;
            QString text = event.contains(limit)
                    ? tr(withLimit).arg(locale.toString(integer(remaining)),
                                        locale.toString(integer(limit)))
                    : tr(withoutLimit).arg(locale.toString(integer(remaining)));
            if (event.contains(reset))
                text = tr(withReset).arg(text, delay(integer(reset)));
            parts += text;
        };
        part(u"Requests"_s, QT_TR_NOOP("requests %1 of %2 left"), QT_TR_NOOP("requests left: %1"),
             QT_TR_NOOP("%1, reset in %2"));
        part(u"Tokens"_s, QT_TR_NOOP("tokens %1 of %2 left"), QT_TR_NOOP("tokens left: %1"),
             QT_TR_NOOP("%1, reset in %2"));
        if (parts.isEmpty())
            return tr("Rate limits reported");
        return tr("Rate limits: %1").arg(parts.join(u"; "_s));
    }
    if (name == u"delta"_s)
        return tr("Reply chunks received: %n", nullptr, std::max(deltaCount, 1));
    if (name == u"attemptFailed"_s) {
        const int partial = int(integer(u"partialChars"_s));
        const QString error = errorWords(event.value(u"error"_s).toObject());
        if (partial > 0)
            return tr("Attempt %1 failed with a partial reply of length %n: %2", nullptr, partial)
                    .arg(integer(u"attempt"_s))
                    .arg(error);
        return tr("Attempt %1 failed: %2").arg(integer(u"attempt"_s)).arg(error);
    }
    if (name == u"retryScheduled"_s) {
        const QString source = string(u"source"_s);
        QString why;
        if (source == u"server-hint"_s)
            why = tr("server hint");
        else if (source == u"breaker-probe"_s)
            why = tr("breaker probe");
        else if (event.contains(u"hintMs"_s))
            why = tr("backoff; the server hinted %1").arg(delay(integer(u"hintMs"_s)));
        else
            why = tr("backoff");
        return tr("Retrying in %1 (%2) — attempt %3 of %4")
                .arg(delay(integer(u"delayMs"_s)), why)
                .arg(integer(u"attempt"_s))
                .arg(integer(u"attemptsAllowed"_s));
    }
    if (name == u"retryCountdown"_s || name == u"responseWaiting"_s)
        return {}; // ticks
    if (name == u"longWaitRequested"_s)
        return tr("The server asks to wait %1, longer than the maximum wait; asking you (%2)")
                .arg(ErrorWords::durationText(milliseconds{integer(u"waitMs"_s)}),
                     errorWords(event.value(u"error"_s).toObject()));
    if (name == u"finished"_s) {
        QStringList facts;
        facts += tr("reply length %n", nullptr, int(string(u"text"_s).size()));
        if (!string(u"finishReason"_s).isEmpty())
            facts += tr("finish reason %1").arg(string(u"finishReason"_s));
        if (!string(u"model"_s).isEmpty())
            facts += tr("model %1").arg(string(u"model"_s));
        const QJsonObject usage = event.value(u"usage"_s).toObject();
        if (!usage.isEmpty())
            facts += tr("tokens: %1 prompt + %2 completion = %3")
                             .arg(locale.toString(usage.value(u"promptTokens"_s).toInteger()),
                                  locale.toString(usage.value(u"completionTokens"_s).toInteger()),
                                  locale.toString(usage.value(u"totalTokens"_s).toInteger()));
        if (!string(u"requestId"_s).isEmpty())
            facts += tr("request id %1").arg(string(u"requestId"_s));
        return tr("Finished (attempts: %n): %1", nullptr, int(integer(u"attempts"_s)))
                .arg(facts.join(u", "_s));
    }
    if (name == u"failed"_s) {
        const int partial = int(integer(u"partialChars"_s));
        const QString error = errorWords(event.value(u"error"_s).toObject());
        if (partial > 0)
            return tr("Failed with a partial reply of length %n: %1", nullptr, partial).arg(error);
        return tr("Failed: %1").arg(error);
    }
    if (name == u"breakerFailuresChanged"_s)
        return tr("Circuit breaker for %1: %2 of %3 consecutive failures")
                .arg(string(u"endpoint"_s))
                .arg(integer(u"failures"_s))
                .arg(integer(u"threshold"_s));
    if (name == u"breakerStateChanged"_s) {
        const QString endpoint = string(u"endpoint"_s);
        const QString state = string(u"state"_s);
        const qint64 failures = integer(u"failures"_s);
        const qint64 threshold = integer(u"threshold"_s);
        if (state == u"Closed"_s)
            return tr("Circuit breaker for %1 closed: requests go through (%2 of %3 failures)")
                    .arg(endpoint)
                    .arg(failures)
                    .arg(threshold);
        if (state == u"HalfOpen"_s)
            return tr("Circuit breaker for %1 half-open: the next request is a probe")
                    .arg(endpoint);
        if (event.value(u"paused"_s).toBool())
            return tr("Circuit breaker for %1 paused by you").arg(endpoint);
        return tr("Circuit breaker for %1 open after %2 of %3 failures; next probe in %4")
                .arg(endpoint)
                .arg(failures)
                .arg(threshold)
                .arg(delay(integer(u"msUntilProbe"_s)));
    }
    // An event this log does not know yet: its name and facts, as the CLI writes them.
    QJsonObject rest = event;
    rest.remove(u"ts"_s);
    rest.remove(u"event"_s);
    return tr("%1: %2", "an event's name, then its fields as JSON")
            .arg(name, QString::fromUtf8(QJsonDocument(rest).toJson(QJsonDocument::Compact)));
}

} // namespace steadfast
