// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ModelsClient.h"
#include "core/net/HttpPolicy.h"

#include "core/Logging.h"
#include "core/net/Redactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QUtf8StringView>

#include <algorithm>
#include <optional>
#include <variant>

using namespace Qt::StringLiterals;

namespace steadfast {

namespace {

/// The ids of an OpenAI model list, {"data":[{"id":…},…]}, sorted and de-duplicated;
/// a description of what is wrong when the body is not one. Entries without a string id
/// are skipped, as long as the list has at least one usable entry or none at all.
std::variant<QStringList, QString> parseModelList(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document =
            QJsonDocument::fromJson(HttpPolicy::withValidUtf8(body), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return u"the model list is not JSON (%1 at offset %2)"_s.arg(parseError.errorString())
                .arg(parseError.offset);
    if (!document.isObject())
        return u"the model list is not a JSON object"_s;
    const QJsonValue data = document.object().value(u"data"_s);
    if (!data.isArray())
        return u"the model list has no \"data\" array"_s;
    const QJsonArray entries = data.toArray();
    QStringList ids;
    for (const QJsonValue &entry : entries) {
        const QString id = entry.toObject().value(u"id"_s).toString().trimmed();
        if (!id.isEmpty())
            ids.append(id);
    }
    if (ids.isEmpty() && !entries.isEmpty())
        return u"no entry of the model list has an \"id\""_s;
    ids.sort();
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

} // namespace

ModelsClient::ModelsClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    qRegisterMetaType<ApiError>();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a timeout must not fire before its limit
    connect(&m_timer, &QTimer::timeout, this, &ModelsClient::handleTimeout);
}

ModelsClient::~ModelsClient()
{
    stopReply();
}

QUrl ModelsClient::modelsUrl(const QUrl &baseUrl)
{
    QUrl url =
            baseUrl.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/models"_s);
    return url;
}

void ModelsClient::fetch(const QUrl &baseUrl, const QString &apiKey,
                         std::chrono::milliseconds timeout)
{
    stopReply();
    const quint64 fetchId = ++m_fetchId;
    m_running = true;
    m_baseUrl = baseUrl;
    m_apiKey = apiKey;
    m_timeout = timeout;
    m_redirects = 0;

    if (!baseUrl.isValid() || baseUrl.host().isEmpty()
        || (baseUrl.scheme() != u"http"_s && baseUrl.scheme() != u"https"_s)) {
        ApiError error =
                localError(ApiError::Kind::Validation,
                           u"the base URL must be a complete http:// or https:// address"_s);
        // Always from the event loop, as every other ending is.
        QMetaObject::invokeMethod(
                this,
                [this, error, fetchId] {
                    if (m_running && fetchId == m_fetchId)
                        fail(error);
                },
                Qt::QueuedConnection);
        return;
    }
    m_timer.start(timeout);
    sendTo(modelsUrl(baseUrl));
}

void ModelsClient::cancel()
{
    stopReply();
}

void ModelsClient::stopReply()
{
    m_running = false;
    m_timer.stop();
    if (m_reply) {
        const auto reply = std::move(m_reply);
        reply->disconnect(this);
        reply->abort();
    }
}

void ModelsClient::sendTo(const QUrl &url)
{
    m_requestSent = false;
    m_headersSeen = false;
    m_httpStatus = 0;
    m_abortCause = AbortCause::None;
    m_body.clear();

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      u"Steadfast/%1"_s.arg(QStringLiteral(STEADFAST_VERSION)));
    if (!m_apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    // Redirects are judged here, not by Qt: only same origin or http→https on the same host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);

    m_reply.reset(m_network->get(request));
    connect(m_reply.get(), &QNetworkReply::requestSent, this, [this] { m_requestSent = true; });
    connect(m_reply.get(), &QNetworkReply::metaDataChanged, this, &ModelsClient::handleMetaData);
    connect(m_reply.get(), &QNetworkReply::readyRead, this, &ModelsClient::handleReadyRead);
    connect(m_reply.get(), &QNetworkReply::finished, this, &ModelsClient::handleFinished);
}

void ModelsClient::handleMetaData()
{
    readStatus(*m_reply);
}

void ModelsClient::readStatus(const QNetworkReply &reply)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        m_httpStatus = status;
        m_headersSeen = true;
        m_requestSent = true;
    }
}

void ModelsClient::handleReadyRead()
{
    if (!m_headersSeen)
        readStatus(*m_reply);
    const QByteArray data = m_reply->readAll();
    if (HttpPolicy::isRedirectStatus(m_httpStatus) || m_abortCause != AbortCause::None)
        return; // a redirect's body is of no interest; nor one being aborted
    m_body.append(data.left(maxBodyBytes + 1 - m_body.size()));
    if (m_body.size() > maxBodyBytes) {
        m_body.truncate(maxBodyBytes);
        abortReply(AbortCause::BodyLimit); // classified with what was read
    }
}

void ModelsClient::abortReply(AbortCause cause)
{
    if (!m_reply)
        return;
    m_abortCause = cause;
    m_reply->abort(); // finished() follows, at once
}

void ModelsClient::handleTimeout()
{
    if (!m_reply)
        return;
    abortReply(AbortCause::Timeout);
}

void ModelsClient::handleFinished()
{
    const auto reply = std::move(m_reply); // deleteLater() on every path out of here
    if (!reply)
        return;
    reply->disconnect(this);
    const AbortCause cause = std::exchange(m_abortCause, AbortCause::None);
    if (cause == AbortCause::None) {
        if (!m_headersSeen)
            readStatus(*reply);
        const QByteArray rest = reply->readAll();
        if (!HttpPolicy::isRedirectStatus(m_httpStatus))
            m_body.append(rest.left(maxBodyBytes - m_body.size()));
    }

    if (cause == AbortCause::None && HttpPolicy::isRedirectStatus(m_httpStatus)) {
        const QUrl target = reply->url().resolved(
                reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        if (!target.isValid() || target.isEmpty()) {
            ApiError error =
                    localError(ApiError::Kind::InvalidResponse,
                               u"a redirect (HTTP %1) without a Location"_s.arg(m_httpStatus));
            error.httpStatus = m_httpStatus;
            error.host = HttpPolicy::hostOf(reply->url());
            fail(error);
            return;
        }
        if (HttpPolicy::isRedirectAllowed(reply->url(), target) && m_redirects < maxRedirects) {
            ++m_redirects;
            qCInfo(lcNet) << "models: following redirect" << m_httpStatus << "to"
                          << HttpPolicy::hostOf(target);
            sendTo(target);
            return;
        }
        ApiError error = localError(
                ApiError::Kind::Redirect,
                m_redirects >= maxRedirects
                        ? u"too many redirects (last to %1)"_s.arg(target.toDisplayString())
                        : u"refused a redirect to another origin: %1"_s.arg(
                                target.toDisplayString()));
        error.httpStatus = m_httpStatus;
        error.host = HttpPolicy::hostOf(reply->url());
        error.redirectTarget = target.toDisplayString();
        error.requestId = ErrorClassifier::requestIdFromHeaders(reply->rawHeaderPairs());
        fail(error);
        return;
    }

    AttemptFacts facts;
    facts.abort = cause;
    if (cause == AbortCause::Timeout) {
        facts.timedOutPhase = !m_requestSent ? ApiError::TimeoutPhase::Connect
                : !m_headersSeen             ? ApiError::TimeoutPhase::FirstByte
                                             : ApiError::TimeoutPhase::Deadline;
        facts.timeoutLimit = m_timeout;
    }
    facts.host = HttpPolicy::hostOf(reply->url());
    facts.networkError = reply->error();
    facts.errorString = reply->errorString();
    facts.httpStatus = m_httpStatus;
    facts.headersSeen = m_headersSeen;
    facts.headers = reply->rawHeaderPairs();
    facts.body = m_body;
    facts.requestId = ErrorClassifier::requestIdFromHeaders(facts.headers);
    facts.maxReplyBytes = maxBodyBytes;
    if (std::optional<ApiError> error = ErrorClassifier::classifyAttempt(facts)) {
        fail(*error);
        return;
    }
    const auto parsed = parseModelList(m_body);
    if (const QString *problem = std::get_if<QString>(&parsed)) {
        ApiError error = localError(ApiError::Kind::InvalidResponse, *problem);
        error.httpStatus = m_httpStatus;
        error.host = facts.host;
        error.requestId = facts.requestId;
        fail(error);
        return;
    }
    succeed(std::get<QStringList>(parsed), facts.requestId);
}

void ModelsClient::succeed(const QStringList &models, const QString &requestId)
{
    m_running = false;
    m_timer.stop();
    qCInfo(lcNet) << "models: fetched" << models.size() << "model ids";
    Q_EMIT modelsFetched(models, requestId);
}

void ModelsClient::fail(ApiError error)
{
    m_running = false;
    m_timer.stop();
    // A server may echo the key in its error text ("Incorrect API key provided: …").
    if (!m_apiKey.isEmpty()) {
        Redactor redactor;
        redactor.addSecret(m_apiKey);
        for (QString *text : {&error.message, &error.code, &error.type, &error.param,
                              &error.redirectTarget, &error.requestId})
            *text = redactor.redact(*text);
    }
    qCInfo(lcNet) << "models: failed:" << ApiError::kindName(error.kind) << "status"
                  << error.httpStatus;
    Q_EMIT fetchFailed(error);
}

ApiError ModelsClient::localError(ApiError::Kind kind, const QString &message) const
{
    ApiError error;
    error.kind = kind;
    error.message = message;
    error.retryable = ApiError::isRetryableKind(kind);
    return error;
}

} // namespace steadfast
