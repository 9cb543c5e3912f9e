// Delete benchmark: 5,000 groups deleted from a real gateway by PushScope's BulkDeleter
// (backups appended to one journal file per batch and synced in chunks before their DELETEs,
// 6 requests in flight, verified afterwards) and, in the same run, by two sequential
// keep-alive clients: one blocking plain socket (the leanest client there is: the target is
// measured against it) and QNetworkAccessManager. A 5 ms timer measures how long the event
// loop (the GUI thread in the app) is kept busy.
//
//   bench_delete [--groups N] [--in-flight N (1-64, default 48: 6 connections, 8 deep)]

#include "benchsupport.h"
#include "cleanup/bulkdeleter.h"
#include "gateway/snapshotparser.h"
#include "grouppusher.h"
#include "net/httpresponsereader.h"
#include "serverprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace pushscope;

using pushscope::bench::medianMs;
using pushscope::bench::say;

namespace {

// Longest gap of a 5 ms timer while it runs.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.elapsed();
            m_max = std::max(m_max, now - m_last - 5);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    qint64 maxStallMs() const { return m_max; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_max = 0;
};

Snapshot readGateway(const QString &url)
{
    return parseSnapshot(testing::httpRequest("GET", QUrl(url + QStringLiteral("/api/v1/metrics")),
                                              {}, 120000)
                             .body)
        .snapshot;
}

double sequentialDeletes(const QString &url, const Snapshot &snapshot)
{
    QNetworkAccessManager manager; // one connection, kept alive between requests
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    qsizetype next = 0;
    std::function<void()> sendNext = [&] {
        if (next == snapshot.groups.size()) {
            loop.quit();
            return;
        }
        QNetworkReply *reply = manager.sendCustomRequest(
            QNetworkRequest(QUrl(url + snapshot.groups.at(next++).key.urlPath())), "DELETE");
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            reply->deleteLater();
            sendNext();
        });
    };
    sendNext();
    loop.exec();
    return timer.nsecsElapsed() / 1e6;
}

// The same DELETEs one after another on one blocking socket with Nagle off, the requests
// written before the clock starts: what a plain keep-alive client costs at the least.
double plainSocketDeletes(quint16 port, const Snapshot &snapshot, int *failed)
{
    QList<QByteArray> requests;
    for (const Group &group : snapshot.groups) {
        const QUrl url(QStringLiteral("http://127.0.0.1") + group.key.urlPath());
        requests.append("DELETE " + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority) +
                        " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n\r\n");
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int one = 1;
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
        *failed = int(requests.size());
        if (fd >= 0)
            ::close(fd);
        return 0;
    }
    QElapsedTimer timer;
    timer.start();
    HttpResponseReader reader;
    QByteArray in;
    char buffer[4096];
    *failed = 0;
    for (const QByteArray &request : std::as_const(requests)) {
        if (::send(fd, request.constData(), size_t(request.size()), 0) != request.size()) {
            *failed += 1;
            break;
        }
        reader.reset();
        while (reader.feed(in) == HttpResponseReader::State::Reading) {
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0) {
                reader.finishAtClose();
                break;
            }
            in.append(buffer, got);
        }
        *failed += reader.state() != HttpResponseReader::State::Complete || reader.status() != 202;
    }
    const double ms = timer.nsecsElapsed() / 1e6;
    ::close(fd);
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int groups = 5000;
    const QStringList arguments = QCoreApplication::arguments();
    const qsizetype at = arguments.indexOf(QStringLiteral("--groups"));
    if (at > 0 && at + 1 < arguments.size())
        groups = std::clamp(arguments.at(at + 1).toInt(), 1, 50000);
    int inFlight = 48;
    const qsizetype inFlightAt = arguments.indexOf(QStringLiteral("--in-flight"));
    if (inFlightAt > 0 && inFlightAt + 1 < arguments.size())
        inFlight = std::clamp(arguments.at(inFlightAt + 1).toInt(), 1, 64);

    testing::PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check"),
                                         QStringLiteral("--persistence.interval=1h")});
    QString error;
    if (!gateway.start(&error)) {
        say(QStringLiteral("cannot start the gateway: %1").arg(error));
        return 1;
    }
    say(QStringLiteral("PushScope delete benchmark: %1 groups, gateway %2")
            .arg(groups)
            .arg(gateway.url()));

    // PushScope's bulk delete.
    if (testing::pushGroups(gateway.url(), groups, 8, std::chrono::minutes(5)) != groups)
        return 1;
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(gateway.url(), &endpoint, nullptr);
    QList<DeleteTarget> targets;
    for (const Group &group : readGateway(gateway.url()).groups)
        targets.append({endpoint, group, QStringLiteral("success"), false, {}});
    QTemporaryDir journalDir;
    DeleteJournal journal(journalDir.path(), 1LL << 30);
    BulkDeleter deleter(&journal);
    deleter.setConcurrencyPerGateway(inFlight);
    QElapsedTimer timer;
    qint64 sentMs = 0;
    QObject::connect(&deleter, &BulkDeleter::verifying, [&] { sentMs = timer.elapsed(); });
    qint64 firstAnswerMs = -1; // the backups are formatted and the first chunk synced before
    QObject::connect(&deleter, &BulkDeleter::progress, [&](int finished, int) {
        if (finished > 0 && firstAnswerMs < 0)
            firstAnswerMs = timer.elapsed();
    });
    QEventLoop loop;
    QObject::connect(&deleter, &BulkDeleter::finished, &loop, &QEventLoop::quit);
    qint64 stallMs = 0;
    {
        StallProbe probe;
        timer.start();
        deleter.start(targets);
        loop.exec();
        stallMs = probe.maxStallMs();
    }
    const double totalMs = timer.elapsed();
    int deleted = 0;
    for (const DeleteOutcome &outcome : deleter.outcomes())
        deleted += outcome.status == DeleteStatus::Deleted && outcome.error.isEmpty();
    const int left = int(readGateway(gateway.url()).groups.size());

    // The sequential keep-alive clients on the same groups.
    if (testing::pushGroups(gateway.url(), groups, 8, std::chrono::minutes(5)) != groups)
        return 1;
    const double qtSequentialMs = sequentialDeletes(gateway.url(), readGateway(gateway.url()));
    const int leftQtSequential = int(readGateway(gateway.url()).groups.size());
    if (testing::pushGroups(gateway.url(), groups, 8, std::chrono::minutes(5)) != groups)
        return 1;
    int plainFailed = 0;
    const double plainMs =
        plainSocketDeletes(quint16(gateway.port()), readGateway(gateway.url()), &plainFailed);
    // The gateway answers 202 before its storage loop has removed the group: the last few may
    // still be there for a moment.
    int leftPlain = int(readGateway(gateway.url()).groups.size());
    for (int attempt = 0; leftPlain > 0 && attempt < 10; ++attempt) {
        QThread::msleep(100);
        leftPlain = int(readGateway(gateway.url()).groups.size());
    }

    const double rate = groups / (totalMs / 1000.0);
    const double plainRate = groups / (plainMs / 1000.0);
    const double qtRate = groups / (qtSequentialMs / 1000.0);
    say(QStringLiteral(
            "  PushScope bulk delete     %1 groups/s (%2 of %3 deleted and verified, %4 left; "
            "first answer after %7 ms, backups + DELETEs %5 s, with verification %6 s)")
            .arg(rate, 0, 'f', 0)
            .arg(deleted)
            .arg(groups)
            .arg(left)
            .arg(sentMs / 1000.0, 0, 'f', 2)
            .arg(totalMs / 1000.0, 0, 'f', 2)
            .arg(firstAnswerMs));
    say(QStringLiteral("  sequential plain socket   %1 groups/s (%2 s, %3 failed, %4 left)")
            .arg(plainRate, 0, 'f', 0)
            .arg(plainMs / 1000.0, 0, 'f', 2)
            .arg(plainFailed)
            .arg(leftPlain));
    say(QStringLiteral("  sequential Qt network     %1 groups/s (%2 s, %3 left)")
            .arg(qtRate, 0, 'f', 0)
            .arg(qtSequentialMs / 1000.0, 0, 'f', 2)
            .arg(leftQtSequential));
    say(QStringLiteral("  ratio                     %1x the plain socket's rate (target >= 1.2x): "
                       "%2; %3x Qt network's")
            .arg(rate / plainRate, 0, 'f', 2)
            .arg(rate >= 1.2 * plainRate ? QStringLiteral("met") : QStringLiteral("NOT met"))
            .arg(rate / qtRate, 0, 'f', 2));
    say(QStringLiteral(
            "  longest event-loop stall during the bulk delete: %1 ms (target <= 50 ms): %2")
            .arg(stallMs)
            .arg(stallMs <= 50 ? QStringLiteral("met") : QStringLiteral("NOT met")));
    return (left == 0 && deleted == groups && plainFailed == 0 && leftPlain == 0) ? 0 : 1;
}
