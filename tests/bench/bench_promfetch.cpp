// Prometheus fetch benchmark: the bytes a chart of 20 groups over 11,000 points costs.
// Backfills a real prometheus (promtool tsdb create-blocks-from openmetrics) with 20 series
// of 11,000 samples at 10 s, starts it on loopback with that storage, and asks for the
// query the chart panel builds (20 selectors joined by "or", the step stepFor() picks).
// Prints the bytes on the wire with and without gzip (HTTP head included, read off a plain
// socket, with the time to read them), and the time of PrometheusClient::queryRange()
// (fetch + parse, as the chart panel waits for it), in ms.
//
//   bench_promfetch [--series N] [--points N] [--runs N]

#include "benchsupport.h"
#include "prometheus/prometheusclient.h"
#include "prometheus/promql.h"
#include "serverprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <memory>

using namespace std::chrono_literals;
using namespace pushscope;

using pushscope::bench::medianMs;
using pushscope::bench::say;

namespace {

int option(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

GroupingKey keyFor(int series)
{
    return GroupingKey({{QStringLiteral("instance"), QStringLiteral("host-%1").arg(series)},
                        {QStringLiteral("job"), QStringLiteral("batch")}});
}

// One GET on a fresh connection: all received until the server closes it.
QByteArray fetch(quint16 port, const QByteArray &target, bool gzip)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n" +
                 (gzip ? QByteArray("Accept-Encoding: gzip\r\n") : QByteArray()) +
                 "Connection: close\r\n\r\n");
    QByteArray bytes;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 60000) {
        if (!socket.waitForReadyRead(5000) && socket.state() != QAbstractSocket::ConnectedState)
            break;
        bytes += socket.readAll();
    }
    return bytes + socket.readAll();
}

bool backfill(const QTemporaryDir &dir, int seriesCount, int points, qint64 end)
{
    QFile file(dir.filePath(QStringLiteral("samples.om")));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("# TYPE processed_items counter\n");
    for (int s = 0; s < seriesCount; ++s) {
        QByteArray lines;
        double value = 1000.0 * s;
        for (int i = 0; i < points; ++i) {
            value += (i * 7919 + s * 104729) % 13;
            lines += "processed_items_total{instance=\"host-" + QByteArray::number(s) +
                     "\",job=\"batch\"} " + QByteArray::number(value, 'g', 12) + ' ' +
                     QByteArray::number(end - qint64(points - 1 - i) * 10) + '\n';
        }
        file.write(lines);
    }
    file.write("# EOF\n");
    file.close();
    QProcess promtool;
    promtool.start(QStringLiteral("promtool"),
                   {QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"),
                    QStringLiteral("openmetrics"), file.fileName(),
                    dir.filePath(QStringLiteral("tsdb"))});
    if (!promtool.waitForFinished(300000) || promtool.exitCode() != 0) {
        say(QString::fromUtf8(promtool.readAllStandardError().right(2000)));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int seriesCount = option(arguments, QStringLiteral("--series"), 20);
    const int points = option(arguments, QStringLiteral("--points"), 11000);
    const int runs = std::max(1, option(arguments, QStringLiteral("--runs"), 5));

    QTemporaryDir dir;
    const qint64 end = (QDateTime::currentSecsSinceEpoch() - 120) / 10 * 10;
    const qint64 start = end - qint64(points - 1) * 10;
    QElapsedTimer timer;
    timer.start();
    if (!backfill(dir, seriesCount, points, end)) {
        say(QStringLiteral("backfill with promtool failed"));
        return 1;
    }
    say(QStringLiteral("backfilled %1 x %2 samples in %3 ms")
            .arg(seriesCount)
            .arg(points)
            .arg(timer.restart()));

    QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
    if (!config.open(QIODevice::WriteOnly) || config.write("global: {}\n") < 0)
        return 1;
    config.close();
    const quint16 port = testing::freeLoopbackPort();
    QProcess prometheus;
    prometheus.setStandardOutputFile(QProcess::nullDevice());
    prometheus.setStandardErrorFile(dir.filePath(QStringLiteral("prometheus.log")));
    prometheus.start(QStringLiteral("prometheus"),
                     {QStringLiteral("--config.file=") + config.fileName(),
                      QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("tsdb")),
                      QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)});
    // Stopped on every way out.
    const std::unique_ptr<QProcess, void (*)(QProcess *)> stopper(&prometheus, [](QProcess *p) {
        p->terminate();
        if (!p->waitForFinished(10000))
            p->kill();
        p->waitForFinished(5000);
    });
    prometheus.waitForStarted(10000);
    bool ready = false;
    while (!ready && timer.elapsed() < 60000 && prometheus.state() == QProcess::Running) {
        prometheus.waitForFinished(300);
        ready = fetch(port, "/-/ready", false).startsWith("HTTP/1.1 200");
    }
    if (!ready) {
        say(QStringLiteral("prometheus did not become ready"));
        return 1;
    }

    // What the chart panel asks for: one selector per group, joined by "or".
    QStringList selectors;
    for (int s = 0; s < seriesCount; ++s)
        selectors.append(selectorFor(QStringLiteral("processed_items_total"), keyFor(s)));
    const QString expr = selectors.join(QStringLiteral(" or "));
    const auto range = std::chrono::seconds(end - start);
    const auto step = stepFor(range, 11000);
    const QDateTime from = QDateTime::fromSecsSinceEpoch(start);
    const QDateTime to = QDateTime::fromSecsSinceEpoch(end);

    PrometheusClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    client.setTimeout(60s);
    QList<qint64> times;
    qint64 received = 0;
    for (int run = 0; run < runs; ++run) {
        bool done = false;
        QueryResult result;
        timer.restart();
        client.queryRange(expr, from, to, step, [&](const QueryResult &r) {
            result = r;
            done = true;
        });
        while (!done && timer.elapsed() < 120000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
        times.append(timer.elapsed());
        received = 0;
        for (const TimeSeries &series : std::as_const(result.series))
            received += series.points.size();
        if (!result.ok || result.series.size() != seriesCount) {
            say(QStringLiteral("query failed: %1 (%2 series)")
                    .arg(result.error)
                    .arg(result.series.size()));
            return 1;
        }
    }
    std::sort(times.begin(), times.end());

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("query"), expr);
    query.addQueryItem(QStringLiteral("start"), apiTime(from));
    query.addQueryItem(QStringLiteral("end"), apiTime(to));
    query.addQueryItem(QStringLiteral("step"), QString::number(double(step.count()) / 1000.0));
    const QByteArray target =
        "/api/v1/query_range?" + query.toString(QUrl::FullyEncoded).toLatin1();
    timer.restart();
    const qint64 plain = fetch(port, target, false).size();
    const qint64 plainMs = timer.restart();
    const qint64 gzip = fetch(port, target, true).size();
    const qint64 gzipMs = timer.elapsed();
    say(QStringLiteral("query_range %1 series x %2 points (step %3 s, %4 points received): "
                       "%5 bytes without gzip (read in %6 ms), %7 bytes with gzip (%8 ms, %9 bytes "
                       "per point); queryRange fetch+parse median %10 ms, best %11 ms, "
                       "worst %12 ms")
            .arg(seriesCount)
            .arg(points)
            .arg(double(step.count()) / 1000.0)
            .arg(received)
            .arg(plain)
            .arg(plainMs)
            .arg(gzip)
            .arg(gzipMs)
            .arg(received > 0 ? double(gzip) / double(received) : 0.0, 0, 'f', 2)
            .arg(times.at(times.size() / 2))
            .arg(times.first())
            .arg(times.last()));
    return 0;
}
