// SPDX-License-Identifier: GPL-3.0-or-later
// Whole path, over loopback: the fault server streams an N-token reply as fast as it can and
// ChatService parses it. The claim: cost per token stays flat as replies grow (2 000 vs
// 20 000 tokens), i.e. nothing re-scans what has already streamed.
#include "core/net/ChatService.h"
#include "core/resilience/BreakerRegistry.h"
#include "faultserver/FaultServer.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace steadfast;

class BenchChatStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamReply_data();
    void streamReply();
};

void BenchChatStream::streamReply_data()
{
    QTest::addColumn<int>("tokens");
    QTest::newRow("2000 tokens") << 2'000;
    QTest::newRow("20000 tokens") << 20'000;
}

void BenchChatStream::streamReply()
{
    QFETCH(int, tokens);
    FaultServer server;
    QVERIFY(server.listen());
    server.setChunkDelay(0ms);
    QStringList words;
    for (int i = 0; i < tokens; ++i)
        words << u"w%1"_s.arg(i % 100);
    const QString text = words.join(u' ');
    server.setReplyText(text);

    QNetworkAccessManager network;
    BreakerRegistry breakers;
    ChatService service(&network, &breakers);
    ServiceOptions options;
    options.maxRetries = 0;
    service.setOptions(options);
    ChatRequest request;
    request.baseUrl = server.baseUrl();
    request.model = u"steadfast-demo"_s;
    request.messages = {{u"user"_s, u"go"_s}};

    qint64 deltas = 0;
    connect(&service, &ChatService::delta, this, [&deltas] { ++deltas; });
    QBENCHMARK {
        QSignalSpy finished(&service, &ChatService::finished);
        QVERIFY(service.send(request));
        QVERIFY(finished.wait(120'000));
        QCOMPARE(finished.first().first().value<ChatResult>().text, text);
    }
    qInfo("%lld deltas in all", deltas);
}

QTEST_GUILESS_MAIN(BenchChatStream)
#include "BenchChatStream.moc"
