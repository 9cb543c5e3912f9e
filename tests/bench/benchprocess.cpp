#include "benchprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace pushscope::bench {

namespace {

qint64 statusFieldKb(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

// Runs `program` with stdout to `output` (stderr kept) and waits; its own peak RSS from wait4.
Run runProcess(const QStringList &command, const char *output)
{
    QList<QByteArray> bytes;
    for (const QString &part : command)
        bytes.append(QFile::encodeName(part));
    std::vector<char *> argv;
    for (QByteArray &part : bytes)
        argv.push_back(part.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    Run run;
    if (posix_spawn(&pid, argv.front(), &actions, nullptr, argv.data(), environ) == 0) {
        int status = 0;
        rusage usage{};
        if (wait4(pid, &status, 0, &usage) == pid) {
            run.ms = timer.nsecsElapsed() / 1e6;
            run.peakRssMb = usage.ru_maxrss / 1024.0;
            run.cpuMs = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                        (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
            run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
    }
    posix_spawn_file_actions_destroy(&actions);
    return run;
}

Run rawFetch(quint16 port, qint64 *bytesRead, const char *path)
{
    QElapsedTimer timer;
    timer.start();
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    Run run;
    if (!socket.waitForConnected(5000))
        return run;
    socket.write("GET " + QByteArray(path) + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    qint64 total = 0;
    char buffer[1 << 16];
    for (int waits = 0; waits < 100000; ++waits) {
        while (socket.bytesAvailable() > 0)
            total += socket.read(buffer, sizeof buffer);
        if (socket.state() != QAbstractSocket::ConnectedState || !socket.waitForReadyRead(120000))
            break;
    }
    while (socket.bytesAvailable() > 0)
        total += socket.read(buffer, sizeof buffer);
    run.ms = timer.nsecsElapsed() / 1e6;
    run.ok = total > 0;
    *bytesRead = total;
    return run;
}

qint64 peakRssKb()
{
    return statusFieldKb("VmHWM:");
}

qint64 currentRssKb()
{
    return statusFieldKb("VmRSS:");
}

} // namespace pushscope::bench
