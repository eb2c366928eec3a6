// SPDX-License-Identifier: GPL-3.0-or-later
// What the GUI adds to the core's words about errors: an icon per severity.
#include "core/errors/ErrorTraits.h"
#include "gui/ErrorText.h"
#include "gui/GuiResources.h"

#include <QFile>
#include <QMetaEnum>
#include <QSet>
#include <QTest>

using steadfast::ApiError;
namespace ErrorText = steadfast::ErrorText;
namespace ErrorTraits = steadfast::ErrorTraits;

class TestErrorText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void severityIcons();
};

void TestErrorText::initTestCase()
{
    steadfast::initGuiResources();
}

void TestErrorText::severityIcons()
{
    // Every kind's severity has an icon that exists; information, warning and error differ in
    // shape, not only hue.
    QSet<QString> paths;
    const QMetaEnum kinds = QMetaEnum::fromType<ApiError::Kind>();
    for (int i = 0; i < kinds.keyCount(); ++i) {
        const auto kind = ApiError::Kind(kinds.value(i));
        const QString path = ErrorText::iconPath(ErrorTraits::of(kind).severity);
        QVERIFY2(QFile::exists(path), qPrintable(path));
        paths.insert(path);
    }
    QCOMPARE(paths.size(), 3);
}

QTEST_GUILESS_MAIN(TestErrorText)
#include "TestErrorText.moc"
