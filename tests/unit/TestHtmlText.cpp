// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/errors/HtmlText.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace steadfast;

class TestHtmlText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodeEntities_data();
    void decodeEntities();
    void stripMarkup_data();
    void stripMarkup();
    void elementText_data();
    void elementText();
    void looksLikeHtml_data();
    void looksLikeHtml();
};

void TestHtmlText::decodeEntities_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << u"plain"_s << u"plain"_s;
    QTest::newRow("named") << u"&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;"_s
                           << u"<a> & \"b\" 'c'"_s;
    QTest::newRow("nbsp") << u"a&nbsp;b"_s << u"a b"_s;
    QTest::newRow("decimal") << u"caf&#233;"_s << u"café"_s;
    QTest::newRow("hex") << u"&#x1F600;"_s << u"\U0001F600"_s;
    QTest::newRow("upper-case hex") << u"&#X41;"_s << u"A"_s;
    QTest::newRow("surrogate is invalid") << u"&#xD800;"_s << u"\uFFFD"_s;
    QTest::newRow("past Unicode") << u"&#x110000;"_s << u"\uFFFD"_s;
    QTest::newRow("zero") << u"&#0;"_s << u"\uFFFD"_s;
    QTest::newRow("unknown name stays") << u"&copy;"_s << u"&copy;"_s;
    QTest::newRow("no semicolon") << u"fish &amp chips"_s << u"fish &amp chips"_s;
    QTest::newRow("semicolon too far") << u"&abcdefghijkl;"_s << u"&abcdefghijkl;"_s;
    QTest::newRow("lone ampersand") << u"&"_s << u"&"_s;
}

void TestHtmlText::decodeEntities()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(HtmlText::decodeEntities(text), expected);
}

void TestHtmlText::stripMarkup_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("expected"); // simplified() before comparing
    QTest::newRow("tags") << u"<p>Bad <b>Gateway</b></p>"_s << u"Bad Gateway"_s;
    QTest::newRow("comment") << u"a<!-- <p>hidden</p> -->b"_s << u"a b"_s;
    QTest::newRow("script") << u"<script>alert('<b>x</b>')</script>shown"_s << u"shown"_s;
    QTest::newRow("style, any case") << u"<STYLE>p{}</STYLE>text"_s << u"text"_s;
    QTest::newRow("scripts element is a tag") << u"<scripts>kept</scripts>"_s << u"kept"_s;
    QTest::newRow("entities after tags") << u"<p>&lt;b&gt;</p>"_s << u"<b>"_s;
    QTest::newRow("unclosed tag ends it") << u"text <p class="_s << u"text"_s;
    QTest::newRow("unclosed comment ends it") << u"text <!-- more"_s << u"text"_s;
    QTest::newRow("unclosed script ends it") << u"text <script>x"_s << u"text"_s;
}

void TestHtmlText::stripMarkup()
{
    QFETCH(QString, html);
    QFETCH(QString, expected);
    QCOMPARE(HtmlText::stripMarkup(html, 1000).simplified(), expected);
}

void TestHtmlText::elementText_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("element");
    QTest::addColumn<QString>("expected"); // null: no such element
    QTest::newRow("title") << u"<html><title>502 Bad Gateway</title></html>"_s << u"title"_s
                           << u"502 Bad Gateway"_s;
    QTest::newRow("attributes, case") << u"<H1 class=\"x\">Oops</H1>"_s << u"h1"_s << u"Oops"_s;
    QTest::newRow("markup inside") << u"<h1>Not <i>found</i></h1>"_s << u"h1"_s << u"Not  found "_s;
    QTest::newRow("unclosed") << u"<title>Half"_s << u"title"_s << u"Half"_s;
    QTest::newRow("missing") << u"<p>x</p>"_s << u"title"_s << QString();
}

void TestHtmlText::elementText()
{
    QFETCH(QString, html);
    QFETCH(QString, element);
    QFETCH(QString, expected);
    const QString text = HtmlText::elementText(html, QLatin1StringView(element.toLatin1()), 100);
    QCOMPARE(text.isNull(), expected.isNull());
    QCOMPARE(text, expected);
}

void TestHtmlText::looksLikeHtml_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("html");
    QTest::newRow("doctype") << u"<!DOCTYPE html><p>x"_s << true;
    QTest::newRow("html") << u"<html>"_s << true;
    QTest::newRow("body only") << u"<body>x</body>"_s << true;
    QTest::newRow("h1") << u"<h1>x</h1>"_s << true;
    QTest::newRow("XML") << u"<?xml version=\"1.0\"?><error/>"_s << false;
    QTest::newRow("plain") << u"Internal Server Error"_s << false;
    QTest::newRow("marker past the first KiB") << QString(2000, u' ') + u"<html>"_s << false;
}

void TestHtmlText::looksLikeHtml()
{
    QFETCH(QString, text);
    QFETCH(bool, html);
    QCOMPARE(HtmlText::looksLikeHtml(text), html);
}

QTEST_GUILESS_MAIN(TestHtmlText)
#include "TestHtmlText.moc"
