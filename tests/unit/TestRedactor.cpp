// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/Redactor.h"

#include <QTest>

using namespace Qt::StringLiterals;
using steadfast::Redactor;

namespace {

Redactor redactorWith(const QStringList &secrets)
{
    Redactor redactor;
    for (const QString &secret : secrets)
        redactor.addSecret(secret);
    return redactor;
}

} // namespace

class TestRedactor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redact_data();
    void redact();
    void redactBytes_data();
    void redactBytes();
    void addSecret_data();
    void addSecret();
    void mask_data();
    void mask();
};

void TestRedactor::redact_data()
{
    QTest::addColumn<QStringList>("secrets");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const QString key = u"my-secret-key-42"_s;
    const QStringList keyOnly{key};

    // Registered secrets
    QTest::newRow("no secrets, plain text")
            << QStringList{} << u"hello world"_s << u"hello world"_s;
    QTest::newRow("empty text") << keyOnly << QString() << QString();
    QTest::newRow("secret alone") << keyOnly << key << u"[REDACTED]"_s;
    QTest::newRow("secret in a sentence")
            << keyOnly << u"key=my-secret-key-42; retry"_s << u"key=[REDACTED]; retry"_s;
    QTest::newRow("every occurrence") << keyOnly << u"my-secret-key-42 and my-secret-key-42!"_s
                                      << u"[REDACTED] and [REDACTED]!"_s;
    QTest::newRow("adjacent occurrences")
            << keyOnly << u"my-secret-key-42my-secret-key-42"_s << u"[REDACTED][REDACTED]"_s;
    QTest::newRow("case matters") << keyOnly << u"MY-SECRET-KEY-42"_s << u"MY-SECRET-KEY-42"_s;
    QTest::newRow("a prefix of the secret is not the secret")
            << keyOnly << u"my-secret-key-4"_s << u"my-secret-key-4"_s;
    QTest::newRow("two secrets") << QStringList{key, u"hunter22"_s}
                                 << u"a my-secret-key-42 b hunter22 c"_s
                                 << u"a [REDACTED] b [REDACTED] c"_s;
    QTest::newRow("secret containing another goes whole")
            << QStringList{u"abcd"_s, u"xxabcdyy"_s} << u"1 xxabcdyy 2 abcd"_s
            << u"1 [REDACTED] 2 [REDACTED]"_s;
    QTest::newRow("short secret ignored")
            << QStringList{u"abc"_s} << u"abc abcabc"_s << u"abc abcabc"_s;
    QTest::newRow("4-character secret used")
            << QStringList{u"abcd"_s} << u"x abcd y"_s << u"x [REDACTED] y"_s;
    QTest::newRow("non-ASCII secret") << QStringList{u"p\u00e4ssw\u00f6rd"_s}
                                      << u"pw: p\u00e4ssw\u00f6rd."_s << u"pw: [REDACTED]."_s;
    QTest::newRow("secret in JSON") << keyOnly << u"{\"api_key\":\"my-secret-key-42\",\"n\":1}"_s
                                    << u"{\"api_key\":\"[REDACTED]\",\"n\":1}"_s;

    // Bearer tokens, registered or not
    QTest::newRow("bearer header") << QStringList{} << u"Authorization: Bearer abc.DEF-123_~+/=="_s
                                   << u"Authorization: Bearer [REDACTED]"_s;
    QTest::newRow("bearer any case") << QStringList{} << u"bearer xyz; BEARER Q1"_s
                                     << u"bearer [REDACTED]; BEARER [REDACTED]"_s;
    QTest::newRow("bearer with tab and spaces")
            << QStringList{} << u"Bearer \t  tok123 end"_s << u"Bearer \t  [REDACTED] end"_s;
    QTest::newRow("bearer at the end without token")
            << QStringList{} << u"needs a Bearer"_s << u"needs a Bearer"_s;
    QTest::newRow("bearer followed by punctuation")
            << QStringList{} << u"Bearer: none"_s << u"Bearer: none"_s;
    QTest::newRow("bearer inside a word")
            << QStringList{} << u"Forbearer token"_s << u"Forbearer token"_s;
    QTest::newRow("bearer in JSON") << QStringList{} << u"{\"Authorization\":\"Bearer sk-abc\"}"_s
                                    << u"{\"Authorization\":\"Bearer [REDACTED]\"}"_s;
    QTest::newRow("bearer with registered key")
            << keyOnly << u"Bearer my-secret-key-42"_s << u"Bearer [REDACTED]"_s;

    // sk- keys, registered or not
    QTest::newRow("sk key") << QStringList{} << u"using sk-abcdEFGH1234 now"_s
                            << u"using [REDACTED] now"_s;
    QTest::newRow("sk-proj key") << QStringList{}
                                 << u"key sk-proj-Ab_cD-efGhIjKlMnOpQrStUvWxYz0123456789."_s
                                 << u"key [REDACTED]."_s;
    QTest::newRow("sk key at start and end")
            << QStringList{} << u"sk-12345678"_s << u"[REDACTED]"_s;
    QTest::newRow("sk key after punctuation")
            << QStringList{} << u"key=\"sk-12345678\""_s << u"key=\"[REDACTED]\""_s;
    QTest::newRow("sk key too short") << QStringList{} << u"sk-1234567 x"_s << u"sk-1234567 x"_s;
    QTest::newRow("sk inside a word") << QStringList{} << u"task-12345678 ask-abcdefghij"_s
                                      << u"task-12345678 ask-abcdefghij"_s;
    QTest::newRow("sk without dash")
            << QStringList{} << u"sk_12345678 skabcdefghij"_s << u"sk_12345678 skabcdefghij"_s;
    QTest::newRow("sk capitals not a key") << QStringList{} << u"SK-12345678"_s << u"SK-12345678"_s;
    QTest::newRow("already masked by OpenAI")
            << QStringList{} << u"Incorrect API key provided: sk-proj-****wxyz."_s
            << u"Incorrect API key provided: sk-proj-****wxyz."_s;
    QTest::newRow("two sk keys") << QStringList{} << u"sk-aaaaaaaa,sk-bbbbbbbb"_s
                                 << u"[REDACTED],[REDACTED]"_s;
    QTest::newRow("everything at once")
            << QStringList{u"hunter22"_s}
            << u"pw hunter22, Bearer t0k3n, key sk-0123456789abcdef, ok"_s
            << u"pw [REDACTED], Bearer [REDACTED], key [REDACTED], ok"_s;
    QTest::newRow("non-ASCII around")
            << QStringList{} << u"\u00fcsk-12345678\u00e9"_s << u"\u00fc[REDACTED]\u00e9"_s;
}

void TestRedactor::redact()
{
    QFETCH(QStringList, secrets);
    QFETCH(QString, text);
    QFETCH(QString, expected);

    const Redactor redactor = redactorWith(secrets);
    const QString redacted = redactor.redact(text);
    QCOMPARE(redacted, expected);
    QCOMPARE(redactor.redact(redacted), expected); // idempotent
    for (const QString &secret : redactor.secrets())
        QVERIFY(!redacted.contains(secret));
}

void TestRedactor::redactBytes_data()
{
    QTest::addColumn<QStringList>("secrets");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("secret") << QStringList{u"my-secret-key-42"_s} << "x my-secret-key-42 y"_ba
                            << "x [REDACTED] y"_ba;
    QTest::newRow("non-ASCII secret as UTF-8")
            << QStringList{u"p\u00e4ssw\u00f6rd"_s} << "pw: p\xc3\xa4ssw\xc3\xb6rd"_ba
            << "pw: [REDACTED]"_ba;
    QTest::newRow("invalid UTF-8 survives")
            << QStringList{u"hunter22"_s} << "\xff\xfe hunter22 \xc3"_ba
            << "\xff\xfe [REDACTED] \xc3"_ba;
    QTest::newRow("high bytes are not key characters") << QStringList{} << "\xffsk-12345678\xff"_ba
                                                       << "\xff[REDACTED]\xff"_ba;
    QTest::newRow("bearer in an HTTP header dump")
            << QStringList{} << "GET / HTTP/1.1\r\nAuthorization: Bearer abc123\r\n\r\n"_ba
            << "GET / HTTP/1.1\r\nAuthorization: Bearer [REDACTED]\r\n\r\n"_ba;
    QTest::newRow("sk key in an SSE line")
            << QStringList{} << "data: {\"key\":\"sk-abcdefgh12\"}\n\n"_ba
            << "data: {\"key\":\"[REDACTED]\"}\n\n"_ba;
    QTest::newRow("NUL bytes") << QStringList{u"hunter22"_s} << QByteArray("a\0hunter22\0b", 12)
                               << QByteArray("a\0[REDACTED]\0b", 14);
    QTest::newRow("nothing to do") << QStringList{u"hunter22"_s} << "plain"_ba
                                   << "plain"_ba;
}

void TestRedactor::redactBytes()
{
    QFETCH(QStringList, secrets);
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, expected);

    const Redactor redactor = redactorWith(secrets);
    QCOMPARE(redactor.redact(bytes), expected);
}

void TestRedactor::addSecret_data()
{
    QTest::addColumn<QStringList>("added");
    QTest::addColumn<QStringList>("kept");

    QTest::newRow("empty ignored") << QStringList{QString()} << QStringList{};
    QTest::newRow("short ignored") << QStringList{u"a"_s, u"ab"_s, u"abc"_s} << QStringList{};
    QTest::newRow("4 characters kept") << QStringList{u"abcd"_s} << QStringList{u"abcd"_s};
    QTest::newRow("duplicates once") << QStringList{u"abcd"_s, u"abcd"_s} << QStringList{u"abcd"_s};
    QTest::newRow("longest first") << QStringList{u"abcd"_s, u"abcdefgh"_s, u"abcdef"_s}
                                   << QStringList{u"abcdefgh"_s, u"abcdef"_s, u"abcd"_s};
}

void TestRedactor::addSecret()
{
    QFETCH(QStringList, added);
    QFETCH(QStringList, kept);
    QCOMPARE(redactorWith(added).secrets(), kept);
}

void TestRedactor::mask_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("masked");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("OpenAI key") << u"sk-abcdefghijklmnopqrstuvwxyz1234"_s
                                << u"sk-\u2026"
                                   "1234"_s;
    QTest::newRow("project key") << u"sk-proj-0123456789abcdefWXYZ"_s << u"sk-\u2026WXYZ"_s;
    QTest::newRow("other long key") << u"gsk_0123456789abcdef9876"_s << u"\u20269876"_s;
    QTest::newRow("16 characters") << u"0123456789abcdef"_s << u"\u2026cdef"_s;
    QTest::newRow("15 characters") << u"0123456789abcde"_s << u"\u2026"_s;
    QTest::newRow("short sk key") << u"sk-12345"_s << u"sk-\u2026"_s;
    QTest::newRow("tiny") << u"abc"_s << u"\u2026"_s;
    QTest::newRow("sk- alone") << u"sk-"_s << u"\u2026"_s;
}

void TestRedactor::mask()
{
    QFETCH(QString, secret);
    QFETCH(QString, masked);

    const QString result = Redactor::mask(secret);
    QCOMPARE(result, masked);
    // Never more than the last 4 characters of what follows a public "sk-" prefix.
    const QString shown = result.startsWith(u"sk-"_s) ? result.sliced(3) : result;
    QVERIFY(shown.size() <= 5); // "…" + up to 4
    if (secret.size() >= 8)
        QVERIFY(!result.contains(secret.left(secret.size() - 4)));
}

QTEST_GUILESS_MAIN(TestRedactor)
#include "TestRedactor.moc"
