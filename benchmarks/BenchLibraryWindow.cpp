// SPDX-License-Identifier: GPL-3.0-or-later
// BenchLibraryWindow: the whole window over a large conversation library, one measurement per
// process (benchmarks/library-window.sh runs it several times and takes medians).
//
//   BenchLibraryWindow make DIR [CONVERSATIONS MESSAGES LONG]
//       writes a profile whose library holds CONVERSATIONS conversations and MESSAGES
//       messages in all (defaults 1,000 and 100,000), one of them LONG messages long (5,000,
//       about 1.6 MB of text), that one the conversation shown at start-up.
//   BenchLibraryWindow open DIR
//       starts the window on that profile and prints one JSON line: the time from main() until
//       the window is shown with that conversation open, until the sidebar is filled, the CPU
//       time spent in the first 3 s and the resident memory then, the widgets the timeline
//       realised, and the median of a few searches.
#include "app/AppContext.h"
#include "core/library/ConversationLibrary.h"
#include "gui/ChatWindow.h"
#include "gui/Sidebar.h"
#include "gui/TimelineView.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>
#include <QUuid>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QElapsedTimer g_clock; // started first thing in main()

const QStringList kWords = {u"retry"_s,    u"network"_s, u"breaker"_s, u"timeout"_s,  u"stream"_s,
                            u"model"_s,    u"server"_s,  u"latency"_s, u"token"_s,    u"answer"_s,
                            u"question"_s, u"library"_s, u"window"_s,  u"request"_s,  u"reply"_s,
                            u"context"_s,  u"garden"_s,  u"river"_s,   u"mountain"_s, u"coffee"_s,
                            u"history"_s,  u"kernel"_s,  u"quantum"_s, u"sailing"_s};

QString sentence(QRandomGenerator &random, int words)
{
    QStringList list;
    for (int i = 0; i < words; ++i)
        list.append(kWords.at(random.bounded(int(kWords.size()))));
    QString text = list.join(u' ');
    text[0] = text[0].toUpper();
    return text + u'.';
}

/// About `bytes` of Markdown: paragraphs, now and then a list or a code block.
QString body(QRandomGenerator &random, int bytes)
{
    QString text;
    while (text.size() < bytes) {
        switch (random.bounded(6)) {
        case 0:
            text += u"- "_s + sentence(random, 6) + u"\n- "_s + sentence(random, 5) + u"\n\n"_s;
            break;
        case 1:
            text += u"```cpp\nint x = retry("_s + QString::number(random.bounded(100))
                    + u");\n```\n\n"_s;
            break;
        default:
            text += sentence(random, 12) + u' ' + sentence(random, 10) + u"\n\n"_s;
            break;
        }
    }
    return text.trimmed();
}

QJsonObject message(const QString &id, const QString &parent, const QString &kind,
                    const QDateTime &time, const QString &text)
{
    QJsonObject object{{u"id"_s, id},
                       {u"kind"_s, kind},
                       {u"time"_s, time.toString(Qt::ISODateWithMs)},
                       {u"text"_s, text}};
    if (!parent.isEmpty())
        object.insert(u"parent"_s, parent);
    return object;
}

int make(const QString &dir, int conversations, int messages, int longOne)
{
    QRandomGenerator random(20261203);
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-400);
    QJsonArray all;
    QString longId;
    int written = 0;
    for (int c = 0; c < conversations; ++c) {
        const int left = messages - written;
        const int count = c == 0 ? longOne : std::max(2, left / std::max(1, conversations - c));
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (c == 0)
            longId = id;
        QDateTime time = start.addSecs(qint64(c) * 30000);
        QJsonArray items;
        QString parent;
        for (int m = 0; m < count; ++m) {
            const QString messageId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            const bool user = m % 2 == 0;
            // The long conversation: ~1.6 MB over 5,000 messages (about 320 bytes each).
            const QString text = user ? sentence(random, 8 + random.bounded(10))
                                      : body(random, c == 0 ? 560 : 200 + random.bounded(600));
            time = time.addSecs(20 + random.bounded(120));
            items.append(message(messageId, parent, user ? u"user"_s : u"assistant"_s, time, text));
            parent = messageId;
        }
        written += count;
        all.append(QJsonObject{
                {u"id"_s, id},
                {u"title"_s, sentence(random, 4)},
                {u"created"_s, start.addSecs(qint64(c) * 30000).toString(Qt::ISODateWithMs)},
                {u"updated"_s, time.toString(Qt::ISODateWithMs)},
                {u"messages"_s, items}});
    }
    const QByteArray json = QJsonDocument(QJsonObject{{u"format"_s, u"steadfast"_s},
                                                      {u"version"_s, 1},
                                                      {u"conversations"_s, all}})
                                    .toJson(QJsonDocument::Compact);
    QDir().mkpath(dir);
    steadfast::ConversationLibrary library;
    if (!library.open(QDir(dir).filePath(u"library.sqlite3"_s))) {
        std::fprintf(stderr, "%s\n", qPrintable(library.lastError()));
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    const steadfast::ImportResult result = library.importJson(json);
    if (!result.ok) {
        std::fprintf(stderr, "import failed: %s\n", qPrintable(result.error));
        return 1;
    }
    library.setCurrentConversationId(result.conversationIds.value(0, longId));
    std::printf("{\"conversations\": %d, \"messages\": %d, \"jsonBytes\": %lld, "
                "\"importMs\": %lld}\n",
                int(result.conversationIds.size()), written, qint64(json.size()), timer.elapsed());
    return 0;
}

qint64 cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
            + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

double residentMb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

int open(const QString &dir)
{
    steadfast::AppContext::Options options;
    options.profileDir = dir;
    options.keychainService = u"steadfast-bench"_s;
    options.environment = QProcessEnvironment();
    steadfast::AppContext context(options);
    steadfast::ChatWindow window(context.services());
    window.resize(1000, 780);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    QCoreApplication::processEvents(); // the first paint
    const qint64 shownMs = g_clock.elapsed();
    const int rows = context.conversation().count();

    qint64 sidebarMs = -1;
    const bool filled = QTest::qWaitFor(
            [&] {
                if (window.sidebar()->listModel()->rowCount() > 0)
                    sidebarMs = g_clock.elapsed();
                return sidebarMs >= 0;
            },
            10000);
    if (!filled)
        return 1;

    // The first 3 s of the process: what loading deferred past show() costs counts too.
    QTest::qWait(int(std::max<qint64>(0, 3000 - g_clock.elapsed())));
    const qint64 cpu = cpuMs();
    const double rss = residentMb();
    const int realised = window.conversationView()->realisedRowCount();

    QList<qint64> searches;
    for (const QString &query :
         {u"retry"_s, u"garden riv"_s, u"quantum sailing"_s, u"kernel"_s, u"zzzz"_s}) {
        QElapsedTimer timer;
        timer.start();
        const QList<steadfast::SearchHit> hits = context.library().search(query);
        searches.append(timer.nsecsElapsed() / 1000);
        Q_UNUSED(hits)
    }
    std::sort(searches.begin(), searches.end());
    std::printf("{\"rows\": %d, \"shownMs\": %lld, \"sidebarMs\": %lld, \"cpuMsFirst3s\": %lld, "
                "\"rssMb\": %.1f, \"realisedRows\": %d, \"searchMedianUs\": %lld, "
                "\"searchMaxUs\": %lld}\n",
                rows, shownMs, sidebarMs, cpu, rss, realised, searches.at(searches.size() / 2),
                searches.last());
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    g_clock.start();
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() >= 3 && args.at(1) == u"make") {
        return make(args.at(2), args.value(3, u"1000"_s).toInt(),
                    args.value(4, u"100000"_s).toInt(), args.value(5, u"5000"_s).toInt());
    }
    if (args.size() >= 3 && args.at(1) == u"open")
        return open(args.at(2));
    std::fprintf(stderr,
                 "usage: BenchLibraryWindow make DIR [CONVERSATIONS MESSAGES LONG]\n"
                 "       BenchLibraryWindow open DIR\n");
    return 2;
}
