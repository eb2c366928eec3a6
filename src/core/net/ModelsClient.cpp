// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ModelsClient.h"

#include "core/Logging.h"
#include "core/net/HttpPolicy.h"
#include "core/protocol/JsonBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    const std::variant<QJsonObject, QString> object = parseJsonObject(body, u"the model list");
    if (const QString *problem = std::get_if<QString>(&object))
        return *problem;
    const QJsonValue data = std::get<QJsonObject>(object).value(u"data"_s);
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
    HttpRequest request;
    request.url = modelsUrl(baseUrl);
    request.apiKey = apiKey;
    request.maxRedirects = maxRedirects;
    request.maxErrorBodyBytes = maxBodyBytes;
    request.maxReplyBytes = maxBodyBytes;
    m_http.reset(new HttpAttempt(m_network, request, this));
    connect(m_http.get(), &HttpAttempt::finished, this, &ModelsClient::handleFinished);
    m_http->start();
}

void ModelsClient::cancel()
{
    stopReply();
}

void ModelsClient::stopReply()
{
    m_running = false;
    m_timer.stop();
    m_http.reset(); // a reply in flight is aborted without a word
}

void ModelsClient::handleTimeout()
{
    if (!m_http || !m_http->isRunning())
        return;
    // One timeout for the whole fetch: it names the phase it caught the fetch in.
    switch (m_http->phase()) {
    case HttpAttempt::Phase::None:
    case HttpAttempt::Phase::Connect:
        m_http->timeOut(ApiError::TimeoutPhase::Connect, m_timeout);
        break;
    case HttpAttempt::Phase::FirstByte:
        m_http->timeOut(ApiError::TimeoutPhase::FirstByte, m_timeout);
        break;
    case HttpAttempt::Phase::Body:
        m_http->timeOut(ApiError::TimeoutPhase::Deadline, m_timeout);
        break;
    }
}

void ModelsClient::handleFinished()
{
    const HttpAttemptPtr http = std::move(m_http); // deleted later, on every path out
    const HttpResult &result = http->result();
    if (result.redirectError) {
        fail(*result.redirectError);
        return;
    }
    const AttemptFacts &facts = result.facts;
    if (std::optional<ApiError> error = ErrorClassifier::classifyAttempt(facts)) {
        fail(*error);
        return;
    }
    const auto parsed = parseModelList(facts.body);
    if (const QString *problem = std::get_if<QString>(&parsed)) {
        ApiError error = localError(ApiError::Kind::InvalidResponse, *problem);
        error.httpStatus = facts.httpStatus;
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
    error = HttpAttempt::redacted(std::move(error), m_apiKey);
    qCInfo(lcNet) << "models: failed:" << ApiError::kindName(error.kind) << "status"
                  << error.httpStatus;
    Q_EMIT fetchFailed(error);
}

ApiError ModelsClient::localError(ApiError::Kind kind, const QString &message) const
{
    return HttpPolicy::localError(kind, message);
}

} // namespace steadfast
