// First-load benchmark (issue 13, the window's longest stall at 50,000 rows): one real
// gateway's 10,000 groups × 7 families, read once, merged into the window as the first poll of
// N gateways in turn (the same groups under each gateway, as N gateways of one fleet), the
// table sorted by age. Prints the GUI thread's time for each first load: the model's merge,
// the chart history, and the events that follow (the sorted proxy, the view, the sidebar).
//
//   bench_firstload [--gateways N] [--groups N] [--rounds N]   (each round starts empty)

#include "benchsupport.h"
#include "gateway/snapshotparser.h"
#include "grouppusher.h"
#include "model/gatewaymonitor.h"
#include "model/preparedsnapshot.h"
#include "serverprocess.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>

using namespace pushscope;
using pushscope::bench::argumentAfter;
using pushscope::bench::say;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int gateways = std::clamp(
        argumentAfter(arguments, QStringLiteral("--gateways"), QStringLiteral("5")).toInt(), 1, 8);
    const int groups = std::clamp(
        argumentAfter(arguments, QStringLiteral("--groups"), QStringLiteral("10000")).toInt(), 1,
        20000);
    const int rounds = std::clamp(
        argumentAfter(arguments, QStringLiteral("--rounds"), QStringLiteral("1")).toInt(), 1, 20);

    testing::PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check"),
                                         QStringLiteral("--persistence.interval=1h")});
    QString error;
    if (!gateway.start(&error) ||
        testing::pushGroups(gateway.url(), groups, 8, std::chrono::minutes(5)) != groups) {
        say(QStringLiteral("cannot fill a gateway: %1").arg(error));
        return 1;
    }
    const SnapshotParseResult parsed = parseSnapshot(
        testing::httpRequest("GET", QUrl(gateway.url() + QStringLiteral("/api/v1/metrics")), {},
                             120000)
            .body);
    if (!parsed.ok || parsed.snapshot.groups.size() != groups) {
        say(QStringLiteral("cannot read the gateway back: %1").arg(parsed.error));
        return 1;
    }
    const PreparedSnapshot prepared = prepareSnapshot(parsed.snapshot);

    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(gateway.url(), &endpoint, nullptr);
    GatewayMonitor monitor; // never started: the snapshots are merged here, as a poll would
    for (int i = 0; i < gateways; ++i) {
        GatewaySetup setup;
        setup.endpoint = endpoint;
        setup.name = QStringLiteral("gateway %1").arg(i + 1);
        monitor.addGateway(setup);
    }
    ui::MainWindow window(&monitor);
    window.table()->sortByColumn(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    window.show();
    QCoreApplication::processEvents();
    say(QStringLiteral("PushScope first-load benchmark: %1 gateways x %2 groups, sorted by age")
            .arg(gateways)
            .arg(groups));
    for (int round = 0; round < rounds; ++round) {
        if (round > 0) {
            for (int i = 0; i < gateways; ++i) {
                QElapsedTimer timer;
                timer.start();
                monitor.model()->applySnapshot(i, Snapshot{}, 0); // every group gone
                QCoreApplication::processEvents();
                say(QStringLiteral("  every group of gateway %1 gone: %2 ms (%3 rows left)")
                        .arg(i + 1)
                        .arg(timer.elapsed())
                        .arg(monitor.model()->rowCount()));
            }
            monitor.history()->clear();
        }
        for (int i = 0; i < gateways; ++i) {
            QElapsedTimer timer;
            timer.start();
            monitor.model()->applySnapshot(i, prepared, 0);
            const qint64 mergeMs = timer.elapsed();
            monitor.history()->record(i, prepared);
            const qint64 historyMs = timer.elapsed() - mergeMs;
            QCoreApplication::processEvents();
            const qint64 totalMs = timer.elapsed();
            say(QStringLiteral(
                    "  first load %1 of %2 (%3 rows after): %4 ms = merge and proxy %5 + "
                    "history %6 + events %7")
                    .arg(i + 1)
                    .arg(gateways)
                    .arg(monitor.model()->rowCount())
                    .arg(totalMs)
                    .arg(mergeMs)
                    .arg(historyMs)
                    .arg(totalMs - mergeMs - historyMs));
        }
    }
    return 0;
}
