// SPDX-License-Identifier: GPL-3.0-or-later
// ConnectionController, without widgets: which server requests go to (the demo server or the
// configured one), the key looked up for that endpoint (from the environment here; the
// keychain is off: no D-Bus), the service and breaker options from the settings, and the
// session's connection, applied again on every change of the settings.
#include "core/library/Conversation.h"
#include "core/net/ChatService.h"
#include "core/net/ModelsClient.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/ChatSession.h"
#include "core/session/ConnectionController.h"
#include "core/session/EventRecorder.h"
#include "core/settings/KeyStore.h"
#include "core/settings/Settings.h"
#include "faultserver/FaultServer.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;

namespace {

const QUrl kDemo(u"http://127.0.0.1:45678/v1"_s);

struct Harness
{
    explicit Harness(const QProcessEnvironment &environment)
        : store(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)
        , settings(&store, environment)
        , breakers(settings.values().breakerOptions())
        , service(&network, &breakers)
        , recorder(&service, &breakers)
        , keys(u"steadfast-test-connection"_s, dir.filePath(u"keys.json"_s), environment)
        , session(&service, &conversation)
        , controller(&settings, &keys, &service, &breakers, &session, &recorder, kDemo,
                     ConnectionController::FrontEnd{250ms, ServiceOptions::LongWait::Ask})
    {
    }

    /// Waits for the key of the current endpoint (the KeyStore answers from the event loop).
    bool waitKey()
    {
        if (controller.isKeyReady())
            return true;
        QSignalSpy ready(&controller, &ConnectionController::keyReady);
        return ready.wait(5000);
    }

    QTemporaryDir dir;
    QSettings store;
    Settings settings;
    QNetworkAccessManager network;
    BreakerRegistry breakers;
    ChatService service;
    EventRecorder recorder;
    KeyStore keys;
    Conversation conversation;
    ChatSession session;
    ConnectionController controller;
};

QProcessEnvironment environmentWith(const QString &key, const QString &baseUrl)
{
    QProcessEnvironment environment;
    if (!key.isEmpty())
        environment.insert(u"OPENAI_API_KEY"_s, key);
    if (!baseUrl.isEmpty())
        environment.insert(u"OPENAI_BASE_URL"_s, baseUrl);
    return environment;
}

} // namespace

class TestConnectionController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endpointAndKey_data();
    void endpointAndKey();
    void optionsFollowTheSettings();
    void changingTheEndpointLooksTheKeyUpAgain();
    void modelsBelongToTheEndpoint_data();
    void modelsBelongToTheEndpoint();
};

void TestConnectionController::endpointAndKey_data()
{
    QTest::addColumn<QString>("provider"); // the preset id stored, "" : the default
    QTest::addColumn<QString>("envKey");
    QTest::addColumn<QString>("envBaseUrl");
    QTest::addColumn<bool>("demo");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("requestKey");

    QTest::newRow("first run: the demo server, no key")
            << QString() << QString() << QString() << true << kDemo.toString() << QString();
    QTest::newRow("the demo server never gets a key")
            << u"demo"_s << u"sk-env"_s << QString() << true << kDemo.toString() << QString();
    QTest::newRow("OpenAI with the environment's key")
            << u"openai"_s << u"sk-env"_s << QString() << false << u"https://api.openai.com/v1"_s
            << u"sk-env"_s;
    QTest::newRow("the environment's key is not offered to another server")
            << u"ollama"_s << u"sk-env"_s << QString() << false << u"http://127.0.0.1:11434/v1"_s
            << QString();
    QTest::newRow("OPENAI_BASE_URL and its key")
            << QString() << u"sk-env"_s << u"http://127.0.0.1:9/v1"_s << false
            << u"http://127.0.0.1:9/v1"_s << u"sk-env"_s;
}

void TestConnectionController::endpointAndKey()
{
    QFETCH(QString, provider);
    QFETCH(QString, envKey);
    QFETCH(QString, envBaseUrl);
    QFETCH(bool, demo);
    QFETCH(QString, baseUrl);
    QFETCH(QString, requestKey);
    Harness h(environmentWith(envKey, envBaseUrl));
    if (!provider.isEmpty()) {
        AppSettings values = h.settings.values();
        values.provider = presetForId(provider)->provider;
        values.baseUrl = presetForId(provider)->baseUrl;
        h.settings.setValues(values);
    }
    QVERIFY(h.waitKey());

    QCOMPARE(h.controller.isDemo(), demo);
    QCOMPARE(h.controller.baseUrl().toString(), baseUrl);
    QCOMPARE(h.controller.account(), KeyStore::accountFor(QUrl(baseUrl)));
    QCOMPARE(h.controller.requestKey(), requestKey);
    const SessionConnection connection = h.session.connection();
    QCOMPARE(connection.baseUrl.toString(), baseUrl);
    QCOMPARE(connection.apiKey, requestKey);
    QCOMPARE(connection.model, h.settings.values().model);
    if (!envKey.isEmpty() && !requestKey.isEmpty()) // the key is redacted from the events
        QCOMPARE(h.recorder.redact(u"key sk-env here"_s), u"key [REDACTED] here"_s);
}

void TestConnectionController::optionsFollowTheSettings()
{
    Harness h{QProcessEnvironment()};
    AppSettings values = h.settings.values();
    values.maxRetries = 7;
    values.idleTimeoutMs = 4321;
    values.breakerThreshold = 9;
    values.systemPrompt = u"Be brief."_s;
    values.streaming = false;
    QSignalSpy changed(&h.controller, &ConnectionController::connectionChanged);
    h.settings.setValues(values);
    QCOMPARE(changed.count(), 1);

    const ServiceOptions options = h.service.options();
    QCOMPARE(options.maxRetries, 7);
    QCOMPARE(options.idleTimeout, 4321ms);
    QCOMPARE(options.tickInterval, 250ms); // the front end's own
    QCOMPARE(options.longWait, ServiceOptions::LongWait::Ask);
    QCOMPARE(h.breakers.options().threshold, 9);
    QVERIFY(h.waitKey());
    QCOMPARE(h.session.connection().systemPrompt, u"Be brief."_s);
    QVERIFY(!h.session.connection().stream);
}

void TestConnectionController::changingTheEndpointLooksTheKeyUpAgain()
{
    Harness h(environmentWith(u"sk-env"_s, QString()));
    AppSettings values = h.settings.values();
    values.provider = Provider::Demo;
    h.settings.setValues(values);
    QVERIFY(h.waitKey());
    QVERIFY(h.controller.isDemo());
    QVERIFY(h.session.connection().apiKey.isEmpty());

    values.provider = Provider::OpenAI;
    values.baseUrl = presetFor(Provider::OpenAI).baseUrl;
    h.settings.setValues(values);
    // Not ready until the new endpoint's key has been looked up: nothing is sent with the
    // old endpoint's key to the new one.
    QVERIFY(!h.controller.isKeyReady());
    QVERIFY(h.session.connection().apiKey.isEmpty());
    QVERIFY(h.waitKey());
    QCOMPARE(h.session.connection().apiKey, u"sk-env"_s);
    QCOMPARE(h.session.connection().baseUrl, presetFor(Provider::OpenAI).baseUrl);
}

void TestConnectionController::modelsBelongToTheEndpoint_data()
{
    QTest::addColumn<QString>("model");      // the default model before the switch
    QTest::addColumn<QStringList>("listed"); // what the new server lists
    QTest::addColumn<QString>("expected");   // the default model after its list came
    QTest::addColumn<bool>("said");          // modelChosen was emitted

    QTest::newRow("kept: the new server lists it")
            << u"beta"_s << QStringList{u"alpha"_s, u"beta"_s} << u"beta"_s << false;
    QTest::newRow("replaced by the first listed")
            << u"gpt-4o-mini"_s << QStringList{u"llama3"_s, u"qwen"_s} << u"llama3"_s << true;
    QTest::newRow("none yet: the first listed")
            << QString() << QStringList{u"llama3"_s} << u"llama3"_s << true;
    QTest::newRow("nothing listed: left alone")
            << u"gpt-4o-mini"_s << QStringList{} << u"gpt-4o-mini"_s << false;
}

void TestConnectionController::modelsBelongToTheEndpoint()
{
    QFETCH(QString, model);
    QFETCH(QStringList, listed);
    QFETCH(QString, expected);
    QFETCH(bool, said);

    // Two real servers on loopback: the one before, and the one switched to.
    FaultServer before;
    before.setModels({u"old-model"_s});
    QVERIFY(before.listen());
    FaultServer after;
    after.setModels(listed);
    QVERIFY(after.listen());

    // Started on the first server (OPENAI_BASE_URL), with the model the user set.
    Harness h(environmentWith(QString(), before.baseUrl().toString()));
    ModelsClient models(&h.network);
    AppSettings values = h.settings.values();
    values.model = model;
    h.settings.setValues(values);
    QSignalSpy changed(&h.controller, &ConnectionController::modelsChanged);
    h.controller.watchModels(&models);
    QVERIFY(h.waitKey());
    QTRY_COMPARE_WITH_TIMEOUT(h.controller.models(), QStringList{u"old-model"_s}, 10000);
    // At start an unlisted model the user set is theirs: it stays.
    // With none set, the first listed is used for this run, not saved.
    QCOMPARE(h.session.connection().model, model.isEmpty() ? u"old-model"_s : model);
    QCOMPARE(h.settings.values().model, model);

    QSignalSpy endpoint(&h.controller, &ConnectionController::endpointChanged);
    QSignalSpy chosen(&h.controller, &ConnectionController::modelChosen);
    values = h.settings.values();
    values.provider = Provider::Custom;
    values.baseUrl = after.baseUrl();
    h.settings.setValues(values);
    QCOMPARE(endpoint.count(), 1);
    QVERIFY(h.controller.models().isEmpty()); // the old server's list went at once
    QCOMPARE(changed.last().at(0).toStringList(), QStringList());

    if (listed.isEmpty()) {
        QSignalSpy failed(&models, &ModelsClient::modelsFetched);
        QVERIFY(failed.wait(10000));
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(h.controller.models(), listed, 10000);
    }
    QCOMPARE(h.session.connection().model, expected);
    // A model the user set is replaced in the settings; one only chosen from a list is not saved.
    QCOMPARE(h.settings.values().model, model.isEmpty() ? QString() : expected);
    QCOMPARE(chosen.count(), said ? 1 : 0);
    if (said) {
        QCOMPARE(chosen.first().at(0).toString(), model); // none of the user's: "the first listed"
        QCOMPARE(chosen.first().at(1).toString(), expected);
    }
    // Choosing the model changed the settings; the list is not fetched again for that.
    QCOMPARE(after.requestLog().size(), 1);
}

QTEST_GUILESS_MAIN(TestConnectionController)
#include "TestConnectionController.moc"
