// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/HttpPolicy.h"
#include "core/protocol/JsonBody.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace steadfast;

class TestHttpPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redirects_data();
    void redirects();
    void hostNames_data();
    void hostNames();
    void invalidUtf8IsReplacedNotRejected();
};

void TestHttpPolicy::redirects_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("same origin, other path") << u"https://api.example.com/v1/models"_s
                                             << u"https://api.example.com/v2/models"_s << true;
    QTest::newRow("host case differs")
            << u"https://API.example.com/v1"_s << u"https://api.example.com/v2"_s << true;
    QTest::newRow("explicit default port")
            << u"https://api.example.com/v1"_s << u"https://api.example.com:443/v2"_s << true;
    QTest::newRow("http to https, same host")
            << u"http://api.example.com/v1"_s << u"https://api.example.com/v1"_s << true;
    QTest::newRow("https to http")
            << u"https://api.example.com/v1"_s << u"http://api.example.com/v1"_s << false;
    QTest::newRow("other host") << u"https://api.example.com/v1"_s
                                << u"https://evil.example.net/v1"_s << false;
    QTest::newRow("subdomain") << u"https://example.com/v1"_s << u"https://api.example.com/v1"_s
                               << false;
    QTest::newRow("other port") << u"http://127.0.0.1:8080/v1"_s << u"http://127.0.0.1:8081/v1"_s
                                << false;
    QTest::newRow("loopback alias")
            << u"http://127.0.0.1:8080/v1"_s << u"http://127.0.0.2:8080/v1"_s << false;
}

void TestHttpPolicy::redirects()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, allowed);
    QCOMPARE(HttpPolicy::isRedirectAllowed(QUrl(from), QUrl(to)), allowed);
}

void TestHttpPolicy::hostNames_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::newRow("with port") << u"http://127.0.0.1:11434/v1"_s << u"127.0.0.1:11434"_s;
    QTest::newRow("default port") << u"https://api.openai.com/v1"_s << u"api.openai.com"_s;
}

void TestHttpPolicy::hostNames()
{
    QFETCH(QString, url);
    QFETCH(QString, host);
    QCOMPARE(HttpPolicy::hostOf(QUrl(url)), host);
}

void TestHttpPolicy::invalidUtf8IsReplacedNotRejected()
{
    const QByteArray good = R"({"a":"ü"})";
    QCOMPARE(withValidUtf8(good), good);
    const QByteArray bad = QByteArray(R"({"a":"x)") + char(0xff) + R"("})";
    const QByteArray fixed = withValidUtf8(bad);
    QVERIFY(QUtf8StringView(fixed).isValidUtf8());
    QCOMPARE(QString::fromUtf8(fixed), u"{\"a\":\"x\uFFFD\"}"_s);
    for (int status : {301, 302, 303, 307, 308})
        QVERIFY(HttpPolicy::isRedirectStatus(status));
    for (int status : {200, 300, 304, 305, 400})
        QVERIFY(!HttpPolicy::isRedirectStatus(status));
}

QTEST_GUILESS_MAIN(TestHttpPolicy)
#include "TestHttpPolicy.moc"
