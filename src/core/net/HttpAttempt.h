// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/errors/ApiError.h"
#include "core/errors/ErrorClassifier.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace steadfast {

/// What one HttpAttempt asks, and the limits it keeps while asking.
struct HttpRequest
{
    enum class Verb { Get, Post };

    QUrl url;
    Verb verb = Verb::Get;
    QByteArray body;            // POSTed as application/json
    QString apiKey;             // "Authorization: Bearer …", only when not empty
    QByteArray clientRequestId; // X-Client-Request-Id, when not empty
    /// A 2xx reply labelled text/event-stream is an event stream: its body is handed out as
    /// it comes (bytesReceived) and not kept.
    bool readsEventStreams = false;
    /// Accept names text/event-stream too, and a 2xx body that starts like one ("data:" or
    /// ":") is one even unlabelled (servers that forget the Content-Type).
    bool asksForEventStream = false;
    /// The phase timers (DESIGN.md, "Timeouts: three phases"); 0: no limit.
    std::chrono::milliseconds connectTimeout{0};   // until the request is sent
    std::chrono::milliseconds firstByteTimeout{0}; // then until the response headers
    std::chrono::milliseconds idleTimeout{0};      // then the longest gap between body bytes
    int maxRedirects = 5;
    qint64 maxErrorBodyBytes = 1 << 20; // a non-2xx body is kept only this far
    qint64 maxReplyBytes = 64 << 20;    // a 2xx body (not a stream) larger than this is refused
};

/// How an attempt ended: the facts the classifier reads, or the redirect rule's verdict.
struct HttpResult
{
    /// For ErrorClassifier::classifyAttempt(). The stream's own facts (streamComplete,
    /// streamError) are the reader's to add; body is the kept body (bounded), empty for a
    /// stream.
    AttemptFacts facts;
    /// Set when the redirect rule ended the attempt: a redirect to another origin, one too
    /// many, or one without a Location. Then facts are of no interest.
    std::optional<ApiError> redirectError;
    QUrl url;          // of the last request (after the redirects followed)
    int redirects = 0; // followed
};

/// One HTTP request and its reply: the one place in the core that speaks to
/// QNetworkAccessManager. It makes the request (headers, the key, the user agent), times
/// each phase (connect, first byte, idle), follows redirects by the rule (same origin, or
/// http→https on the same host; at most maxRedirects), keeps a bounded body, knows who
/// aborted (the user, a timeout, a size bound: Qt reports all of them alike), and hands
/// out the facts the classifier reads. The API key goes into the Authorization header and
/// nowhere else: nothing it hands out or logs carries it.
///
/// Signals are direct and may be acted on at once: a slot may abort(), timeOut(), stop()
/// or drain() the attempt; it then emits nothing more (abort() and timeOut() excepted:
/// finished() follows). Delete it with deleteLater() (HttpAttemptPtr does), never inside
/// one of its own signals.
class HttpAttempt : public QObject
{
    Q_OBJECT
public:
    /// What the attempt waits for. None before start() and once over.
    enum class Phase { None, Connect, FirstByte, Body };
    Q_ENUM(Phase)

    /// network: not owned; it must outlive the attempt.
    HttpAttempt(QNetworkAccessManager *network, HttpRequest request, QObject *parent = nullptr);
    ~HttpAttempt() override; // a reply still running is aborted without a word

    /// Sends the request. Ends with exactly one finished(), unless stopped or drained.
    void start();
    /// Ends the attempt on purpose. AbortCause::User (a cancel): finished() comes at once.
    /// AbortCause::BodyLimit (the reader refuses the body): finished() comes from the event
    /// loop, and bytes arriving meanwhile are dropped. While the reply is being finished
    /// (inside a slot of the last bytesReceived()), the cause is only recorded.
    void abort(AbortCause cause);
    /// One of the owner's own limits passed (an overall deadline): ends the attempt as a
    /// Timeout in that phase, after limit; finished() comes at once.
    void timeOut(ApiError::TimeoutPhase phase, std::chrono::milliseconds limit);
    /// Stops without a word: the reply is aborted, nothing more is emitted.
    void stop();
    /// The reply is complete as far as the owner can tell (an event stream's [DONE]), even
    /// if the server holds the connection open: the reply drains on its own (so the
    /// connection can be reused) and is aborted if it does not end within two seconds.
    /// Nothing more is emitted.
    void drain();

    /// A reply in hand that has not finished yet.
    bool isRunning() const;
    Phase phase() const { return m_phase; }
    /// How long the current phase has lasted (while FirstByte: "waiting for the model"). A
    /// phase with a limit is never said to have lasted longer: a caller's tick served late by
    /// a busy event loop may read the clock before the phase timer, due first, has ended it.
    qint64 msInPhase() const;
    /// How long the body has been silent (while Body): since its last bytes, or its headers;
    /// never longer than the idle limit, for the same reason.
    qint64 silentMs() const;
    /// Of the current response, once its headers arrived (metaDataReceived()).
    int httpStatus() const { return m_status; }
    QString requestId() const { return m_requestId; }
    const RawHeaders &responseHeaders() const { return m_headers; }
    /// The body is an event stream (see HttpRequest::readsEventStreams).
    bool isEventStream() const { return m_isStream; }
    /// Complete once finished() has come.
    const HttpResult &result() const { return m_result; }
    /// The headers of the request as sent, the key redacted: for logs and tests.
    RawHeaders redactedRequestHeaders() const;

    /// The one function that makes the QNetworkRequest for request to url (the first URL
    /// or a redirect's target): headers, the key, the redirect and cache policies.
    static QNetworkRequest makeRequest(const HttpRequest &request, const QUrl &url);
    /// error with apiKey (and anything that looks like a credential) taken out of its text:
    /// a server may echo the key in its error message ("Incorrect API key provided: …").
    static ApiError redacted(ApiError error, const QString &apiKey);

Q_SIGNALS:
    /// A phase began: Connect (a request went out, a redirect's too), FirstByte (it is
    /// sent), Body (its response headers arrived).
    void phaseChanged(steadfast::HttpAttempt::Phase phase);
    /// The status line and headers of a response arrived (a followed redirect's too):
    /// httpStatus(), requestId(), responseHeaders() hold them.
    void metaDataReceived();
    /// Bytes of the body that count: not those of a redirect, nor any after an abort. An
    /// event stream's bytes are handed out here only; another body is kept (bounded) too.
    void bytesReceived(const QByteArray &chunk);
    /// A redirect allowed by the rule is being followed, to url.
    void redirected(const QUrl &url);
    /// The attempt is over: result() holds how.
    void finished();

private:
    void sendTo(const QUrl &url);
    void enterPhase(Phase phase);
    /// The phase timer's limit in that phase (Body: the idle limit); 0 for none.
    std::chrono::milliseconds limitOf(Phase phase) const;
    void handleRequestSent();
    void handleUploadProgress(qint64 sent, qint64 total);
    void handleReadyRead();
    void handleFinished();
    void handlePhaseTimeout();
    /// Reads the status and headers, once per response. False if the owner ended the
    /// attempt from a slot (nothing more may be done then).
    bool readHeaders(const QNetworkReply &reply);
    /// Hands out and keeps (bounded) body bytes. False if the owner ended the attempt.
    bool takeBody(const QByteArray &data);
    void finishRedirect(const QNetworkReply &reply);
    void finish();
    ApiError localError(ApiError::Kind kind, const QString &message) const;
    void releaseReply();

    QNetworkAccessManager *m_network; // not owned
    const HttpRequest m_request;
    std::unique_ptr<QNetworkReply, QScopedPointerDeleteLater> m_reply;
    bool m_over = false; // finished, stopped or drained: nothing more is emitted

    // The current response (reset for each redirect followed).
    Phase m_phase = Phase::None;
    bool m_requestSent = false; // requestSent() came for the current request
    qint64 m_uploadLeft = -1;   // body bytes not yet written; -1: not reported
    int m_status = 0;
    QString m_requestId;
    RawHeaders m_headers;
    bool m_isStream = false;
    QByteArray m_body; // kept, bounded
    AbortCause m_abortCause = AbortCause::None;
    ApiError::TimeoutPhase m_timedOutPhase = ApiError::TimeoutPhase::None;
    std::chrono::milliseconds m_timeoutLimit{0};
    int m_redirects = 0;

    QTimer m_phaseTimer; // connect / first byte / idle
    QElapsedTimer m_phaseClock;
    QElapsedTimer m_silenceClock;
    HttpResult m_result;
};

/// Owns an HttpAttempt: stops it without a word and deletes it from the event loop (its
/// owner may let go of it inside one of its signals).
struct HttpAttemptDeleter
{
    void operator()(HttpAttempt *attempt) const;
};
using HttpAttemptPtr = std::unique_ptr<HttpAttempt, HttpAttemptDeleter>;

} // namespace steadfast
