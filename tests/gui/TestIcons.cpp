// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/GuiResources.h"
#include "support/WidgetShots.h"

#include <QDir>
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QImageReader>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

const QString sourceDir = QStringLiteral(STEADFAST_SOURCE_DIR);

/// The aliases listed in resources/steadfast.qrc under the /icons prefix.
QStringList qrcAliases()
{
    QFile file(sourceDir + u"/resources/steadfast.qrc"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList aliases;
    QXmlStreamReader xml(&file);
    QString prefix;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"qresource"_s)
            prefix = xml.attributes().value(u"prefix"_s).toString();
        else if (xml.name() == u"file"_s && prefix == u"/icons"_s)
            aliases += xml.attributes().value(u"alias"_s).toString();
    }
    return xml.hasError() ? QStringList() : aliases;
}

/// Pixels that are not fully transparent.
int paintedPixels(const QImage &image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    int painted = 0;
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            painted += qAlpha(argb.pixel(x, y)) > 0 ? 1 : 0;
    return painted;
}

} // namespace

class TestIcons : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyIconIsListed();
    void renders_data();
    void renders();
    void appIconScales();
};

void TestIcons::initTestCase()
{
    steadfast::initGuiResources();
    QVERIFY2(QImageReader::supportedImageFormats().contains("svg"),
             "the SVG image format plugin (qt6-svg) did not load");
}

void TestIcons::everyIconIsListed()
{
    const QStringList aliases = qrcAliases();
    QVERIFY(!aliases.isEmpty());
    const QStringList files =
            QDir(sourceDir + u"/resources/icons"_s).entryList({u"*.svg"_s}, QDir::Files);
    QCOMPARE(QSet<QString>(aliases.begin(), aliases.end()),
             QSet<QString>(files.begin(), files.end()));
    // The ones the window and these widgets name.
    for (const char *name :
         {"steadfast.svg", "send.svg", "stop.svg", "settings.svg", "breaker-closed.svg",
          "breaker-halfopen.svg", "breaker-open.svg", "breaker-paused.svg", "error.svg",
          "warning.svg", "info.svg", "copy.svg", "retry.svg", "demo.svg", "log.svg",
          "new-conversation.svg", "trash.svg"})
        QVERIFY2(aliases.contains(QLatin1String(name)), name);
}

void TestIcons::renders_data()
{
    QTest::addColumn<QString>("alias");
    for (const QString &alias : qrcAliases())
        QTest::newRow(qPrintable(alias)) << alias;
}

void TestIcons::renders()
{
    QFETCH(QString, alias);
    const QString path = u":/icons/"_s + alias;
    QVERIFY2(QFile::exists(path), qPrintable(path));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.contains("viewBox=\"0 0 24 24\""));
    QVERIFY2(!svg.contains("href"), "no external references");

    const QPixmap pixmap = QIcon(path).pixmap(24, 24);
    QVERIFY(!pixmap.isNull());
    const QImage image = pixmap.toImage();
    QCOMPARE(image.size(), QSize(24, 24));
    const int painted = paintedPixels(image);
    QVERIFY2(painted > 24, qPrintable(u"%1 painted pixels"_s.arg(painted))); // not blank
    QVERIFY2(painted < 24 * 24, "an icon has a transparent background");
}

void TestIcons::appIconScales()
{
    const QPixmap big = QIcon(u":/icons/steadfast.svg"_s).pixmap(256, 256);
    QCOMPARE(big.size(), QSize(256, 256));
    QVERIFY(paintedPixels(big.toImage()) > 256 * 256 / 3);
    if (const QString dir = steadfast::test::screenshotDir(); !dir.isEmpty()) {
        QImage sheet(16 * 40, 60, QImage::Format_ARGB32);
        sheet.fill(Qt::white);
        QPainter painter(&sheet);
        const QStringList aliases = qrcAliases();
        for (int i = 0; i < aliases.size(); ++i)
            painter.drawPixmap(8 + i * 40, 4, QIcon(u":/icons/"_s + aliases[i]).pixmap(24, 24));
        painter.fillRect(0, 30, sheet.width(), 30, QColor(0x2b, 0x2b, 0x2b));
        for (int i = 0; i < aliases.size(); ++i)
            painter.drawPixmap(8 + i * 40, 33, QIcon(u":/icons/"_s + aliases[i]).pixmap(24, 24));
        painter.end();
        sheet.save(dir + u"/icons.png"_s);
        big.save(dir + u"/app-icon-256.png"_s);
    }
}

QTEST_MAIN(TestIcons)
#include "TestIcons.moc"
