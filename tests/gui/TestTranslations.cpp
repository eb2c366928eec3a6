// SPDX-License-Identifier: GPL-3.0-or-later
// The German translation is complete and compiled in: every message of the .ts is finished
// (a new tr() string left untranslated fails here), placeholders survive, and the embedded
// .qm turns the real window German.
#include "app/AppContext.h"
#include "gui/ChatWindow.h"

#include <QDomDocument>
#include <QFile>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace {

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(u"%(L?\\d+|n)"_s);
    QSet<QString> found;
    for (const QRegularExpressionMatch &match : pattern.globalMatch(text))
        found.insert(match.captured());
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyMessageIsTranslated();
    void theWindowSpeaksGerman();
};

void TestTranslations::everyMessageIsTranslated()
{
    QFile file(QStringLiteral(STEADFAST_SOURCE_DIR) + u"/translations/steadfast_de.ts"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QDomDocument document;
    QVERIFY(document.setContent(&file));
    const QDomNodeList messages = document.elementsByTagName(u"message"_s);
    QVERIFY(messages.size() > 300);
    for (int i = 0; i < messages.size(); ++i) {
        const QDomElement message = messages.at(i).toElement();
        const QString source = message.firstChildElement(u"source"_s).text();
        const QDomElement translation = message.firstChildElement(u"translation"_s);
        QVERIFY2(!translation.hasAttribute(u"type"_s), qPrintable(u"not translated: "_s + source));
        QStringList forms;
        if (message.attribute(u"numerus"_s) == u"yes") {
            for (QDomElement form = translation.firstChildElement(u"numerusform"_s); !form.isNull();
                 form = form.nextSiblingElement(u"numerusform"_s))
                forms.append(form.text());
            QCOMPARE(forms.size(), 2); // German: singular and plural
        } else {
            forms.append(translation.text());
        }
        for (const QString &form : forms) {
            QVERIFY2(!form.isEmpty(), qPrintable(u"empty translation: "_s + source));
            QSet<QString> expected = placeholders(source);
            QSet<QString> got = placeholders(form);
            // A singular form may spell out the number instead of %n.
            if (message.attribute(u"numerus"_s) == u"yes") {
                expected.remove(u"%n"_s);
                got.remove(u"%n"_s);
            }
            QVERIFY2(got == expected, qPrintable(source + u" -> "_s + form));
        }
    }
}

void TestTranslations::theWindowSpeaksGerman()
{
    QTranslator translator;
    QVERIFY(translator.load(u":/i18n/steadfast_de.qm"_s));
    QCoreApplication::installTranslator(&translator);

    QTemporaryDir profile;
    steadfast::AppContext::Options options;
    options.profileDir = profile.path();
    options.keychainService = u"steadfast-test-translations"_s;
    options.environment = QProcessEnvironment();
    steadfast::AppContext context(options);
    steadfast::ChatWindow window(context.services());
    QTRY_VERIFY(window.isKeyReady());
    QCOMPARE(window.sendButton()->text(), u"Senden"_s);
    QStringList menus;
    for (QAction *action : window.menuBar()->actions())
        menus.append(action->text());
    QVERIFY2(menus.contains(u"S&imulieren"_s) || menus.contains(u"&Simulieren"_s),
             qPrintable(menus.join(u", "_s)));
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
