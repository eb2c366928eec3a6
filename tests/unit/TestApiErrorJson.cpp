// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/ApiErrorJson.h"

#include <QJsonDocument>
#include <QMetaEnum>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;
using Kind = ApiError::Kind;
using Phase = ApiError::TimeoutPhase;

namespace {

/// An error of kind with every field set to something other than its default.
ApiError fullError(Kind kind)
{
    ApiError error;
    error.kind = kind;
    error.networkError = QNetworkReply::RemoteHostClosedError;
    error.httpStatus = 503;
    error.code = u"server_overloaded"_s;
    error.type = u"server_error"_s;
    error.param = u"messages"_s;
    error.message = u"The server is overloaded. Ünïcödé ✓"_s;
    error.requestId = u"req_123"_s;
    error.host = u"api.example.com:8443"_s;
    error.redirectTarget = u"https://elsewhere.example/v1"_s;
    error.timeoutPhase = Phase::FirstByte;
    error.timeoutAfter = 60s;
    error.retryAfter = 2500ms;
    error.shouldRetryHeader = false;
    error.retryable = true;
    return error;
}

void compareErrors(const ApiError &actual, const ApiError &expected)
{
    QCOMPARE(actual.kind, expected.kind);
    QCOMPARE(actual.networkError, expected.networkError);
    QCOMPARE(actual.httpStatus, expected.httpStatus);
    QCOMPARE(actual.code, expected.code);
    QCOMPARE(actual.type, expected.type);
    QCOMPARE(actual.param, expected.param);
    QCOMPARE(actual.message, expected.message);
    QCOMPARE(actual.requestId, expected.requestId);
    QCOMPARE(actual.host, expected.host);
    QCOMPARE(actual.redirectTarget, expected.redirectTarget);
    QCOMPARE(actual.timeoutPhase, expected.timeoutPhase);
    QCOMPARE(actual.timeoutAfter, expected.timeoutAfter);
    QCOMPARE(actual.retryAfter, expected.retryAfter);
    QCOMPARE(actual.shouldRetryHeader, expected.shouldRetryHeader);
    QCOMPARE(actual.retryable, expected.retryable);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestApiErrorJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripEveryKind_data();
    void roundTripEveryKind();
    void roundTripEveryPhase_data();
    void roundTripEveryPhase();
    void defaultsRoundTrip();
    void documentedFieldNames();
    void unsetFieldsAreOmitted();
    void damagedObjects_data();
    void damagedObjects();
    void unknownNetworkErrorName();
    void olderKeyNames_data();
    void olderKeyNames();
};

void TestApiErrorJson::roundTripEveryKind_data()
{
    QTest::addColumn<Kind>("kind");
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    QVERIFY(kinds.keyCount() > 1);
    for (int i = 0; i < kinds.keyCount(); ++i)
        QTest::newRow(kinds.key(i)) << Kind(kinds.value(i));
}

void TestApiErrorJson::roundTripEveryKind()
{
    QFETCH(Kind, kind);
    const ApiError error = fullError(kind);
    const QJsonObject json = ApiErrorJson::toJson(error);
    QCOMPARE(json.value(u"kind"_s).toString(),
             QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(int(kind))));
    // Through text, as the events file and the library store it.
    const QJsonObject reread = QJsonDocument::fromJson(compact(json)).object();
    const std::optional<ApiError> back = ApiErrorJson::fromJson(reread);
    QVERIFY(back);
    compareErrors(*back, error);
}

void TestApiErrorJson::roundTripEveryPhase_data()
{
    QTest::addColumn<Phase>("phase");
    const QMetaEnum phases = QMetaEnum::fromType<Phase>();
    for (int i = 0; i < phases.keyCount(); ++i)
        QTest::newRow(phases.key(i)) << Phase(phases.value(i));
}

void TestApiErrorJson::roundTripEveryPhase()
{
    QFETCH(Phase, phase);
    ApiError error = fullError(Kind::Timeout);
    error.timeoutPhase = phase;
    const std::optional<ApiError> back = ApiErrorJson::fromJson(ApiErrorJson::toJson(error));
    QVERIFY(back);
    compareErrors(*back, error);
}

void TestApiErrorJson::defaultsRoundTrip()
{
    ApiError error;
    error.kind = Kind::Cancelled;
    const std::optional<ApiError> back = ApiErrorJson::fromJson(ApiErrorJson::toJson(error));
    QVERIFY(back);
    compareErrors(*back, error);
    QVERIFY(!back->retryAfter);
    QVERIFY(!back->shouldRetryHeader);
}

void TestApiErrorJson::documentedFieldNames()
{
    // README.md, "Events": the field names scripts rely on, plus param.
    const QJsonObject json = ApiErrorJson::toJson(fullError(Kind::Timeout));
    QStringList keys = json.keys();
    keys.sort();
    QStringList documented{u"kind"_s,
                           u"retryable"_s,
                           u"message"_s,
                           u"status"_s,
                           u"code"_s,
                           u"type"_s,
                           u"param"_s,
                           u"requestId"_s,
                           u"host"_s,
                           u"retryAfterMs"_s,
                           u"shouldRetryHeader"_s,
                           u"timeoutPhase"_s,
                           u"timeoutMs"_s,
                           u"redirectTarget"_s,
                           u"networkError"_s};
    documented.sort();
    QCOMPARE(keys, documented);
    QCOMPARE(json.value(u"status"_s).toInt(), 503);
    QCOMPARE(json.value(u"timeoutMs"_s).toInteger(), 60000);
    QCOMPARE(json.value(u"timeoutPhase"_s).toString(), u"FirstByte"_s);
    QCOMPARE(json.value(u"retryAfterMs"_s).toInteger(), 2500);
    QCOMPARE(json.value(u"shouldRetryHeader"_s), QJsonValue(false));
    QCOMPARE(json.value(u"networkError"_s).toString(), u"RemoteHostClosedError"_s);
    QCOMPARE(json.value(u"retryable"_s), QJsonValue(true));
}

void TestApiErrorJson::unsetFieldsAreOmitted()
{
    ApiError error;
    error.kind = Kind::Server;
    QCOMPARE(compact(ApiErrorJson::toJson(error)),
             QByteArray(R"({"kind":"Server","message":"","retryable":false})"));
}

void TestApiErrorJson::damagedObjects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray("{}");
    QTest::newRow("unknown kind") << QByteArray(R"({"kind":"Gremlins"})");
    QTest::newRow("kind as a number") << QByteArray(R"({"kind":3})");
    QTest::newRow("unknown phase") << QByteArray(R"({"kind":"Timeout","timeoutPhase":"Lunch"})");
    QTest::newRow("status as a string") << QByteArray(R"({"kind":"Server","status":"500"})");
    QTest::newRow("status out of range") << QByteArray(R"({"kind":"Server","status":70000})");
    QTest::newRow("negative wait") << QByteArray(R"({"kind":"RateLimited","retryAfterMs":-5})");
    QTest::newRow("fractional timeout") << QByteArray(R"({"kind":"Timeout","timeoutMs":1.5})");
    QTest::newRow("message as an object") << QByteArray(R"({"kind":"Server","message":{}})");
    QTest::newRow("retryable as a number") << QByteArray(R"({"kind":"Server","retryable":1})");
    QTest::newRow("shouldRetryHeader as a string")
            << QByteArray(R"({"kind":"Server","shouldRetryHeader":"no"})");
}

void TestApiErrorJson::damagedObjects()
{
    QFETCH(QByteArray, json);
    QVERIFY(!ApiErrorJson::fromJson(QJsonDocument::fromJson(json).object()));
}

void TestApiErrorJson::unknownNetworkErrorName()
{
    const std::optional<ApiError> error = ApiErrorJson::fromJson(
            QJsonDocument::fromJson(R"({"kind":"Connection","networkError":"WarpCoreBreach"})")
                    .object());
    QVERIFY(error);
    QCOMPARE(error->networkError, QNetworkReply::UnknownNetworkError);
}

void TestApiErrorJson::olderKeyNames_data()
{
    QTest::addColumn<QByteArray>("stored");
    QTest::addColumn<QByteArray>("current");
    QTest::newRow("conversation keys before the one form")
            << QByteArray(R"({"kind":"Timeout","httpStatus":504,"timeoutPhase":"Idle",)"
                          R"("timeoutAfterMs":30000,"shouldRetry":true,"retryable":true})")
            << QByteArray(R"({"kind":"Timeout","status":504,"timeoutPhase":"Idle",)"
                          R"("timeoutMs":30000,"shouldRetryHeader":true,"retryable":true})");
    QTest::newRow("current keys win")
            << QByteArray(R"({"kind":"Server","status":502,"httpStatus":500})")
            << QByteArray(R"({"kind":"Server","status":502})");
    QTest::newRow("nothing to rename") << QByteArray(R"({"kind":"Server","message":"x"})")
                                       << QByteArray(R"({"kind":"Server","message":"x"})");
}

void TestApiErrorJson::olderKeyNames()
{
    QFETCH(QByteArray, stored);
    QFETCH(QByteArray, current);
    const QJsonObject renamed =
            ApiErrorJson::withCurrentKeys(QJsonDocument::fromJson(stored).object());
    QCOMPARE(compact(renamed), compact(QJsonDocument::fromJson(current).object()));
    const std::optional<ApiError> fromOld = ApiErrorJson::fromJson(renamed);
    const std::optional<ApiError> fromCurrent =
            ApiErrorJson::fromJson(QJsonDocument::fromJson(current).object());
    QVERIFY(fromOld);
    QVERIFY(fromCurrent);
    compareErrors(*fromOld, *fromCurrent);
}

QTEST_GUILESS_MAIN(TestApiErrorJson)
#include "TestApiErrorJson.moc"
