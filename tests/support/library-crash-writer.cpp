// SPDX-License-Identifier: GPL-3.0-or-later
// A child process for the library's crash and full-disk tests. It writes to a library the
// way the application does and, after each write returns, prints one line to stdout
// (flushed), so the test knows what was committed:
//   <tag> <message id> <length of the text in UTF-16 units> <MD5 of that text, UTF-8>
//
//   library-crash-writer write DB SEED
//       Forever: a User message, then an Assistant reply streamed with setMessageText()
//       every 1-3 ms, growing, then its final updateMessage(). Tags U, A, T, F. The test
//       kills it (SIGKILL) at a random moment.
//   library-crash-writer fill DB
//       Saves five messages (tag S), then lowers RLIMIT_FSIZE (SIGXFSZ ignored) so that the
//       next writes meet a "full disk": a large addMessage (prints "FAIL <lastError>") and a
//       setMessageText on a saved message (prints "FAILTEXT <lastError>").
#include "core/library/ConversationLibrary.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace steadfast;
using Kind = ConversationItem::Kind;

namespace {

void report(const char *tag, const QString &id, const QString &text)
{
    const QByteArray md5 = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Md5).toHex();
    std::fprintf(stdout, "%s %s %lld %s\n", tag, qPrintable(id), qlonglong(text.size()),
                 md5.constData());
    std::fflush(stdout);
}

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stdout, "ERROR %s\n", qPrintable(message));
    std::fflush(stdout);
    std::exit(1);
}

QString words(QRandomGenerator &random, int count)
{
    static const QStringList pool{u"write"_s,  u"ahead"_s, u"log"_s,    u"naïve"_s, u"café"_s,
                                  u"日本語"_s, u"🙂"_s,  u"commit"_s, u"page"_s,  u"fsync"_s};
    QStringList list;
    for (int i = 0; i < count; ++i)
        list.append(pool.at(int(random.bounded(quint32(pool.size())))));
    return list.join(u' ') + u' ';
}

int write(ConversationLibrary &library, quint32 seed)
{
    QRandomGenerator random(seed);
    QString conversation = library.currentConversationId();
    if (conversation.isEmpty()) {
        conversation = library.createConversation();
        if (conversation.isEmpty() || !library.setCurrentConversationId(conversation))
            die(library.lastError());
    }
    // Go on from where the last (killed) writer stopped.
    QString parent = library.pathIds(conversation).value(library.pathIds(conversation).size() - 1);
    std::fprintf(stdout, "C %s\n", qPrintable(conversation));
    std::fflush(stdout);
    for (;;) {
        ConversationItem user;
        user.kind = Kind::User;
        user.text = words(random, 3 + int(random.bounded(10)));
        parent = library.addMessage(conversation, parent, user);
        if (parent.isEmpty())
            die(library.lastError());
        report("U", user.id, user.text);

        ConversationItem reply;
        reply.kind = Kind::Assistant;
        reply.streaming = true;
        const QString id = library.addMessage(conversation, parent, reply);
        if (id.isEmpty())
            die(library.lastError());
        report("A", id, reply.text);
        const int steps = 5 + int(random.bounded(25));
        for (int step = 0; step < steps; ++step) {
            QThread::usleep(1000 + random.bounded(2000));
            reply.text += words(random, 1 + int(random.bounded(6)));
            if (!library.setMessageText(id, reply.text, true))
                die(library.lastError());
            report("T", id, reply.text);
        }
        reply.streaming = false;
        reply.finishReason = u"stop"_s;
        if (!library.updateMessage(reply))
            die(library.lastError());
        report("F", id, reply.text);
        parent = id;
    }
}

int fill(ConversationLibrary &library)
{
    const QString conversation = library.createConversation();
    QString parent;
    for (int i = 0; i < 5; ++i) {
        ConversationItem item;
        item.kind = i % 2 ? Kind::Assistant : Kind::User;
        item.text = u"saved %1 "_s.arg(i) + QString(2000, u'x');
        parent = library.addMessage(conversation, parent, item);
        if (parent.isEmpty())
            die(library.lastError());
        report("S", item.id, item.text);
    }
    // The disk is "full" a little past the largest file there is now.
    const QString path = library.path();
    const qint64 largest = std::max({QFileInfo(path).size(), QFileInfo(path + u"-wal"_s).size(),
                                     QFileInfo(path + u"-shm"_s).size()});
    std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of being killed
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = rlim_t(largest + 64 * 1024);
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
        die(u"setrlimit failed"_s);

    ConversationItem big;
    big.kind = Kind::User;
    big.text = QString(400 * 1024, u'y');
    if (library.addMessage(conversation, parent, big).isEmpty())
        std::fprintf(stdout, "FAIL %s\n", qPrintable(library.lastError()));
    else
        std::fprintf(stdout, "SAVED %s\n", qPrintable(big.id));
    if (!library.setMessageText(parent, QString(400 * 1024, u'z'), false))
        std::fprintf(stdout, "FAILTEXT %s\n", qPrintable(library.lastError()));
    else
        std::fprintf(stdout, "SAVEDTEXT\n");
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        die(u"usage: library-crash-writer write DB SEED | fill DB"_s);
    ConversationLibrary library;
    if (!library.open(args.at(2)))
        die(library.lastError());
    if (args.at(1) == u"write"_s)
        return write(library, args.value(3).toUInt());
    if (args.at(1) == u"fill"_s)
        return fill(library);
    die(u"unknown mode"_s);
}
