// SPDX-License-Identifier: GPL-3.0-or-later
// How a message looks, on the offscreen platform: inline code and code blocks keep the fixed
// font whatever style sheet or theme sets the widgets' fonts; a long token (a URL, a hash)
// wraps in a narrow timeline instead of running past its right edge, with link targets and
// copies left whole; on Fusion with a dark palette the bubbles, code blocks, links and
// headers stay readable, and follow a palette change.
#include "core/library/Conversation.h"
#include "core/net/ChatService.h"
#include "core/resilience/BreakerRegistry.h"
#include "core/session/ChatSession.h"
#include "gui/Fonts.h"
#include "gui/MessageWidgets.h"
#include "gui/MutedLabel.h"
#include "gui/TextBreaks.h"
#include "gui/TimelineView.h"

#include <QApplication>
#include <QFontInfo>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

#include <memory>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Kind = ConversationItem::Kind;

namespace {

/// WCAG's contrast ratio of two colours (1 to 21).
double contrast(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

/// The usual dark palette on Fusion (PlaceholderText left unset, as that recipe does).
QPalette darkPalette()
{
    QPalette palette = QApplication::style()->standardPalette();
    const QColor window(53, 53, 53);
    const QColor text(230, 230, 230);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, QColor(35, 35, 35));
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::Link, QColor(42, 130, 218));
    return palette;
}

/// The fragments of a rich-text label's document that hold needle, with the font each is
/// drawn in (the format's own properties over the label's font).
QList<QFont> fontsOf(const QString &html, const QFont &base, const QString &needle)
{
    QTextDocument document;
    document.setDefaultFont(base);
    document.setHtml(html);
    QList<QFont> fonts;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (withoutBreaks(it.fragment().text()).contains(needle))
                fonts.append(it.fragment().charFormat().font().resolve(base));
        }
    }
    return fonts;
}

bool isFixed(const QFont &font)
{
    return QFontInfo(font).fixedPitch()
            && QFontInfo(font).family() == QFontInfo(monospaceFont()).family();
}

} // namespace

class TestMessageRendering : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void codeIsMonospace_data();
    void codeIsMonospace();
    void codeBlockKeepsItsFontUnderAStyleSheet();
    void longTokensWrap_data();
    void longTokensWrap();
    void darkPalette();

private:
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<BreakerRegistry> m_breakers;
    std::unique_ptr<ChatService> m_service;
    std::unique_ptr<Conversation> m_conversation;
    std::unique_ptr<ChatSession> m_session;
};

void TestMessageRendering::init()
{
    m_network = std::make_unique<QNetworkAccessManager>();
    m_breakers = std::make_unique<BreakerRegistry>();
    m_service = std::make_unique<ChatService>(m_network.get(), m_breakers.get());
    m_conversation = std::make_unique<Conversation>();
    m_session = std::make_unique<ChatSession>(m_service.get(), m_conversation.get());
}

void TestMessageRendering::cleanup()
{
    qApp->setStyleSheet(QString());
    m_session.reset();
    m_conversation.reset();
    m_service.reset();
    m_breakers.reset();
    m_network.reset();
}

void TestMessageRendering::codeIsMonospace_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("code");  // drawn in the fixed font
    QTest::addColumn<QString>("prose"); // not

    QTest::newRow("inline") << u"Call `std::move(value)` here."_s << u"std::move(value)"_s
                            << u"here."_s;
    QTest::newRow("inline in a list") << u"- use `retryAfterMs` first\n- then the rest"_s
                                      << u"retryAfterMs"_s << u"then the rest"_s;
    QTest::newRow("indented block") << u"Run this:\n\n    make -j2 all\n\nand wait."_s
                                    << u"make -j2 all"_s << u"and wait."_s;
    QTest::newRow("block in a quote")
            << u"> ```\n> quoted_code()\n> ```\n\nAfter."_s << u"quoted_code()"_s << u"After."_s;
}

void TestMessageRendering::codeIsMonospace()
{
    QFETCH(QString, markdown);
    QFETCH(QString, code);
    QFETCH(QString, prose);

    AssistantMessageWidget reply;
    reply.setText(markdown);
    int codeFound = 0;
    int proseFound = 0;
    for (QWidget *block : reply.blockWidgets()) {
        auto *label = qobject_cast<QLabel *>(block);
        QVERIFY(label);
        for (const QFont &font : fontsOf(label->text(), label->font(), code)) {
            QVERIFY2(isFixed(font), qPrintable(font.toString()));
            ++codeFound;
        }
        for (const QFont &font : fontsOf(label->text(), label->font(), prose)) {
            QVERIFY2(!isFixed(font), qPrintable(font.toString()));
            ++proseFound;
        }
    }
    QVERIFY(codeFound > 0);
    QVERIFY(proseFound > 0);
}

void TestMessageRendering::codeBlockKeepsItsFontUnderAStyleSheet()
{
    // A style sheet (or a platform theme) that sets the text widgets' font: the code keeps the
    // fixed font, inline and in blocks.
    qApp->setStyleSheet(u"QPlainTextEdit, QLabel { font-family: 'DejaVu Sans'; }"_s);
    AssistantMessageWidget reply;
    reply.setText(u"Use `fixed_inline` then:\n\n```cpp\nint fixed_block = 1;\n```\n"_s);
    reply.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reply));
    auto *view = reply.findChild<CodeBlockView *>();
    QVERIFY(view);
    QVERIFY(!QFontInfo(view->font()).fixedPitch()); // the style sheet did win the widget
    const QFont base = view->document()->defaultFont();
    int fragments = 0;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            QVERIFY(isFixed(it.fragment().charFormat().font().resolve(base)));
            ++fragments;
        }
    }
    QVERIFY(fragments > 0);
    auto *label = qobject_cast<QLabel *>(reply.blockWidgets().constFirst());
    const QList<QFont> inlineFonts = fontsOf(label->text(), label->font(), u"fixed_inline"_s);
    QCOMPARE(inlineFonts.size(), 1);
    QVERIFY(isFixed(inlineFonts.constFirst()));
}

void TestMessageRendering::longTokensWrap_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("href"); // a link whose target must stay whole

    const QString hash = QString(300, u'f');
    const QString url = u"https://example.com/"_s + QString(200, u'a') + u"?q=1"_s;
    QTest::newRow("user, a hash") << Kind::User << u"the hash is "_s + hash << QString();
    QTest::newRow("user, one token") << Kind::User << hash << QString();
    QTest::newRow("reply, a hash") << Kind::Assistant << u"Hash: "_s + hash << QString();
    QTest::newRow("reply, a bare URL") << Kind::Assistant << u"See "_s + url << url;
    QTest::newRow("reply, a link with a long text")
            << Kind::Assistant << u"[%1](https://example.com/x)"_s.arg(hash)
            << u"https://example.com/x"_s;
    QTest::newRow("reply, inline code") << Kind::Assistant << u"`%1`"_s.arg(hash) << QString();
    QTest::newRow("reply, in a table")
            << Kind::Assistant << u"| a | b |\n|---|---|\n| %1 | x |"_s.arg(hash) << QString();
}

void TestMessageRendering::longTokensWrap()
{
    QFETCH(Kind, kind);
    QFETCH(QString, text);
    QFETCH(QString, href);

    ConversationItem item;
    item.kind = kind;
    item.text = text;
    m_conversation->append(item);
    TimelineView view(m_conversation.get(), m_session.get());
    view.resize(480, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.rowWidget(0));
    QWidget *row = view.rowWidget(0);
    const int width = view.viewport()->width();
    QTRY_VERIFY(row->isVisible() && row->width() <= width);
    QVERIFY2(row->minimumSizeHint().width() <= width,
             qPrintable(u"%1 > %2"_s.arg(row->minimumSizeHint().width()).arg(width)));
    int labels = 0;
    for (QLabel *label : row->findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty())
            continue;
        ++labels;
        const QRect inView(label->mapTo(view.viewport(), QPoint(0, 0)), label->size());
        QVERIFY2(label->minimumSizeHint().width() <= width,
                 qPrintable(u"%1 > %2"_s.arg(label->minimumSizeHint().width()).arg(width)));
        QVERIFY2(inView.right() < width, qPrintable(u"right edge %1"_s.arg(inView.right())));
    }
    QVERIFY(labels >= 2);

    if (kind == Kind::User) { // what Copy and Edit take is what was typed
        QCOMPARE(view.userWidget(0)->text(), text);
    } else {
        QCOMPARE(view.assistantWidget(0)->markdown(), text);
    }
    if (!href.isEmpty()) {
        auto *label = qobject_cast<QLabel *>(view.assistantWidget(0)->blockWidgets().constFirst());
        QTextDocument document;
        document.setHtml(label->text());
        QStringList targets;
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                if (it.fragment().charFormat().isAnchor())
                    targets.append(it.fragment().charFormat().anchorHref());
            }
        }
        QVERIFY(!targets.isEmpty());
        for (const QString &target : std::as_const(targets))
            QCOMPARE(target, href); // no break character in a link's target
    }
}

void TestMessageRendering::darkPalette()
{
    const QPalette light = QApplication::palette();
    QStyle *previousStyle = QApplication::style();
    Q_UNUSED(previousStyle);
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));

    // Made under the light palette, then the dark one is turned on: everything follows.
    AssistantMessageWidget reply;
    reply.setText(u"See [the docs](https://doc.qt.io).\n\n```\nint x = 1;\n```\n"_s);
    reply.setDetails(u"m"_s, QDateTime::currentDateTimeUtc(), QString());
    UserMessageWidget user(u"Hello"_s, QDateTime::currentDateTimeUtc());
    const QPalette dark = ::darkPalette();
    QApplication::setPalette(dark);
    reply.resize(480, 300);
    reply.show();
    user.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reply));

    // The code block: its background a role of the palette in force, dark here.
    auto *code = reply.findChild<CodeBlockView *>();
    QVERIFY(code);
    const QImage image = code->viewport()->grab().toImage();
    const QColor background = image.pixelColor(image.width() - 3, image.height() - 3);
    QVERIFY2(background.lightnessF() < 0.4, qPrintable(background.name()));
    QVERIFY(contrast(code->palette().color(QPalette::Text), background) >= 4.5);

    // A link in a reply rendered now takes the palette's link colour, not a fixed blue.
    AssistantMessageWidget later;
    later.setText(u"See [the docs](https://doc.qt.io)."_s);
    auto *label = qobject_cast<QLabel *>(later.blockWidgets().constFirst());
    QVERIFY(!label->text().contains(u"#0000ff"_s, Qt::CaseInsensitive));
    QTextDocument document;
    document.setHtml(label->text());
    bool sawLink = false;
    for (auto it = document.begin().begin(); !it.atEnd(); ++it) {
        const QTextCharFormat format = it.fragment().charFormat();
        if (!format.isAnchor())
            continue;
        sawLink = true;
        QCOMPARE(format.foreground().color(), dark.color(QPalette::Link));
        QVERIFY(contrast(format.foreground().color(), dark.color(QPalette::Window)) >= 3.0);
    }
    QVERIFY(sawLink);

    // The user's bubble and the muted headers stay readable on the dark window.
    QTRY_COMPARE(user.palette().color(QPalette::AlternateBase),
                 dark.color(QPalette::AlternateBase));
    QVERIFY(contrast(user.palette().color(QPalette::Text),
                     user.palette().color(QPalette::AlternateBase))
            >= 4.5);
    const QList<MutedLabel *> muted =
            reply.findChildren<MutedLabel *>() + user.findChildren<MutedLabel *>();
    QVERIFY(muted.size() >= 3); // the two headers and the code block's language
    for (MutedLabel *header : muted) {
        const QColor shade = header->palette().color(header->foregroundRole());
        QVERIFY2(contrast(shade, dark.color(QPalette::Window)) >= 4.5,
                 qPrintable(u"%1 on %2"_s.arg(shade.name(), dark.color(QPalette::Window).name())));
    }

    QApplication::setPalette(light);
}

QTEST_MAIN(TestMessageRendering)
#include "TestMessageRendering.moc"
