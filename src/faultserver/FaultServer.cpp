// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultserver/FaultServer.h"

#include "faultserver/ChatResponder.h"
#include "faultserver/ControlApi.h"
#include "faultserver/HttpConnection.h"
#include "faultserver/HttpMessage.h"
#include "faultserver/ModelsResponder.h"
#include "faultserver/OpenAiErrors.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QTcpSocket>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace steadfast {

Q_LOGGING_CATEGORY(lcFaultServer, "steadfast.faultserver", QtInfoMsg)

using faultserver::HttpConnection;

namespace {

/// The OpenAI-shaped 404 (no such path) or 405 (a known path, the wrong method).
faultserver::FaultReply invalidUrlReply(const faultserver::FaultHttpRequest &request, int status,
                                        qint64 seq)
{
    faultserver::FaultReply reply;
    reply.status = status;
    reply.headers = {{"Date", faultserver::httpDate()},
                     {"Content-Type", "application/json"},
                     {"x-request-id", "req_" + QByteArray::number(seq)}};
    if (status == 405)
        reply.headers.append(faultserver::Header(
                "Allow", request.path.endsWith(u"/completions"_s) ? "POST" : "GET"));
    const QString message =
            u"Invalid URL (%1 %2)"_s.arg(QString::fromLatin1(request.method), request.path);
    reply.body = {{faultserver::errorBody(faultserver::errorObject(
            status, QString(), {{u"message"_s, message}, {u"code"_s, QJsonValue::Null}}))}};
    reply.summary = QString::number(status);
    return reply;
}

} // namespace

FaultServer::FaultServer(QObject *parent)
    : QObject(parent)
    , m_models{u"steadfast-demo"_s, u"steadfast-demo-large"_s}
    , m_pathPrefix(u"/v1"_s)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultServer::handleNewConnections);
}

FaultServer::~FaultServer()
{
    close();
}

bool FaultServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return false;
    qCInfo(lcFaultServer).noquote() << "listening on" << baseUrl().toString();
    return true;
}

void FaultServer::close()
{
    m_server.close();
    const QSet<HttpConnection *> connections = std::exchange(m_connections, {});
    // deleteLater: close() may run inside one of these connections' own socket signals.
    // (Children still pending deletion when the server dies are deleted with it.)
    for (HttpConnection *connection : connections) {
        connection->abortSilently();
        connection->deleteLater();
    }
}

bool FaultServer::isListening() const
{
    return m_server.isListening();
}

QString FaultServer::errorString() const
{
    return m_server.errorString();
}

quint16 FaultServer::port() const
{
    return m_server.serverPort();
}

QUrl FaultServer::baseUrl() const
{
    QUrl url = controlUrl();
    url.setPath(m_pathPrefix);
    return url;
}

QUrl FaultServer::controlUrl() const
{
    QHostAddress address = m_server.serverAddress();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4
        || address == QHostAddress::Null)
        address = QHostAddress::LocalHost;
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(address.toString());
    url.setPort(port());
    url.setPath(u"/_fault"_s);
    return url;
}

void FaultServer::arm(const FaultStep &step)
{
    m_steps.push_back({step, std::max(1, step.repeat)});
}

void FaultServer::armAll(const QList<FaultStep> &steps)
{
    for (const FaultStep &step : steps)
        arm(step);
}

void FaultServer::loadScript(const FaultScript &script)
{
    armAll(script.steps());
    if (script.replyText())
        setReplyText(*script.replyText());
    if (script.chunkDelay())
        setChunkDelay(*script.chunkDelay());
    if (script.models())
        setModels(*script.models());
    if (script.pathPrefix())
        setPathPrefix(*script.pathPrefix());
}

void FaultServer::reset()
{
    m_steps.clear();
    m_log.clear();
    m_chatRequests = 0;
    m_tokensUsed = 0;
    m_lastAuthorization.clear();
}

int FaultServer::pendingSteps() const
{
    return int(m_steps.size());
}

QList<FaultStep> FaultServer::pending() const
{
    QList<FaultStep> steps;
    for (const ArmedStep &armed : m_steps) {
        FaultStep step = armed.step;
        step.repeat = armed.playsLeft;
        steps.append(step);
    }
    return steps;
}

QList<QJsonObject> FaultServer::requestLog() const
{
    return m_log;
}

int FaultServer::chatRequestCount() const
{
    return m_chatRequests;
}

QByteArray FaultServer::lastAuthorization() const
{
    return m_lastAuthorization;
}

int FaultServer::acceptedConnectionCount() const
{
    return m_acceptedConnections;
}

int FaultServer::openConnectionCount() const
{
    return int(m_connections.size());
}

void FaultServer::setChunkDelay(std::chrono::milliseconds delay)
{
    m_chunkDelay = std::max(delay, 0ms);
}

std::chrono::milliseconds FaultServer::chunkDelay() const
{
    return m_chunkDelay;
}

void FaultServer::setReplyText(const QString &text)
{
    m_replyText = text;
}

QString FaultServer::replyText() const
{
    return m_replyText;
}

void FaultServer::setModels(const QStringList &models)
{
    m_models = models;
}

QStringList FaultServer::models() const
{
    return m_models;
}

void FaultServer::setPathPrefix(const QString &prefix)
{
    QString normalized = prefix.trimmed();
    while (normalized.endsWith(u'/'))
        normalized.chop(1);
    if (!normalized.isEmpty() && !normalized.startsWith(u'/'))
        normalized.prepend(u'/');
    m_pathPrefix = normalized;
}

QString FaultServer::pathPrefix() const
{
    return m_pathPrefix;
}

void FaultServer::handleNewConnections()
{
    while (m_server.hasPendingConnections()) {
        QTcpSocket *socket = m_server.nextPendingConnection();
        if (!socket)
            break;
        ++m_acceptedConnections;
        auto *connection = new HttpConnection(
                socket, [this](const FaultHttpRequest &request) { return respond(request); }, this);
        connect(connection, &HttpConnection::closed, this,
                [this](HttpConnection *closed) { m_connections.remove(closed); });
        m_connections.insert(connection);
    }
}

FaultServer::Route FaultServer::route(const FaultHttpRequest &request, QString *modelId) const
{
    const QString &path = request.path;
    if (path == u"/_fault"_s || path.startsWith(u"/_fault/"_s))
        return Route::Control;
    const QString chatPath = m_pathPrefix + u"/chat/completions"_s;
    const QString modelsPath = m_pathPrefix + u"/models"_s;
    if (path == chatPath)
        return request.method == "POST" ? Route::Chat : Route::WrongMethod;
    if (path == modelsPath)
        return request.method == "GET" ? Route::Models : Route::WrongMethod;
    if (path.startsWith(modelsPath + u'/') && path.size() > modelsPath.size() + 1) {
        *modelId = path.mid(modelsPath.size() + 1);
        return request.method == "GET" ? Route::Model : Route::WrongMethod;
    }
    return Route::Unknown;
}

std::optional<FaultStep> FaultServer::takeStep(bool chat)
{
    for (auto it = m_steps.begin(); it != m_steps.end(); ++it) {
        if (chat ? !it->step.matchesChat() : !it->step.matchesModels())
            continue;
        const FaultStep step = it->step;
        if (--it->playsLeft <= 0)
            m_steps.erase(it);
        return step;
    }
    return std::nullopt;
}

QJsonObject FaultServer::logRequest(const FaultHttpRequest &request,
                                    const std::optional<FaultStep> &step, qint64 seq)
{
    // Credentials are never logged: only whether the client sent one, and its scheme.
    static const QList<QByteArray> secretHeaders{"authorization", "proxy-authorization",
                                                 "api-key",       "x-api-key",
                                                 "cookie",        "x-goog-api-key"};
    const QByteArray authorization = request.header("authorization");
    m_lastAuthorization = authorization;
    QString scheme;
    const QByteArray firstWord = authorization.left(authorization.indexOf(' ')).toLower();
    if (authorization.contains(' ')) {
        for (const QString &known : {u"Bearer"_s, u"Basic"_s, u"Digest"_s, u"Token"_s}) {
            if (firstWord == known.toLower().toLatin1())
                scheme = known;
        }
    }
    QJsonObject headers;
    for (const auto &[name, value] : request.headers) {
        if (!secretHeaders.contains(name))
            headers.insert(QString::fromLatin1(name), QString::fromUtf8(value));
    }
    QJsonParseError parseError;
    const QJsonDocument body = QJsonDocument::fromJson(request.body, &parseError);
    QJsonValue bodyValue = QJsonValue::Null;
    if (parseError.error == QJsonParseError::NoError)
        bodyValue = body.isObject() ? QJsonValue(body.object()) : QJsonValue(body.array());

    const QJsonObject entry{
            {u"seq"_s, seq},
            {u"method"_s, QString::fromLatin1(request.method)},
            {u"path"_s, request.path},
            {u"hasAuthorization"_s, request.hasHeader("authorization")},
            {u"authorizationScheme"_s, scheme},
            {u"headers"_s, headers},
            {u"body"_s, bodyValue},
            {u"bodySize"_s, qint64(request.body.size())},
            {u"step"_s, step ? QJsonValue(step->toJson()) : QJsonValue(QJsonValue::Null)},
            {u"receivedAt"_s, QDateTime::currentMSecsSinceEpoch()},
    };
    m_log.append(entry);
    return entry;
}

FaultServer::FaultReply FaultServer::respond(const FaultHttpRequest &request)
{
    QString modelId;
    const Route kind = route(request, &modelId);
    if (kind == Route::Control)
        return faultserver::controlReply(*this, request);

    const qint64 seq = ++m_sequence;
    std::optional<FaultStep> step;
    if (kind == Route::Chat) {
        ++m_chatRequests;
        step = takeStep(true);
    } else if (kind == Route::Models || kind == Route::Model) {
        step = takeStep(false);
    }
    const QJsonObject entry = logRequest(request, step, seq);

    FaultReply reply;
    switch (kind) {
    case Route::Chat:
        reply = faultserver::ChatResponder(
                        request, step.value_or(FaultStep()), seq,
                        {m_replyText, m_chunkDelay, m_chatRequests, m_tokensUsed})
                        .respond();
        break;
    case Route::Models:
    case Route::Model:
        reply = faultserver::modelsReply(step.value_or(FaultStep()), seq, modelId, m_models);
        break;
    case Route::WrongMethod:
    case Route::Unknown:
    case Route::Control:
        reply = invalidUrlReply(request, kind == Route::WrongMethod ? 405 : 404, seq);
        break;
    }

    // Method, path and what was played; never the body (it holds the user's text).
    QString line =
            u"%1 %2 -> %3"_s.arg(QString::fromLatin1(request.method), request.path, reply.summary);
    if (step && !step->note.isEmpty())
        line += u" (%1)"_s.arg(step->note);
    qCInfo(lcFaultServer).noquote() << line;
    Q_EMIT requestReceived(entry);
    if (step)
        Q_EMIT stepPlayed(step->toJson());
    return reply;
}

} // namespace steadfast
