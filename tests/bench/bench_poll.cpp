// Poll benchmark: a real gateway holding 10,000 groups of 7 families; measures the raw
// fetch of /api/v1/metrics, parsing, preparation, the model merge, the longest GUI-thread
// stall while the dashboard polls, and the dashboard's peak RSS.
//
//   bench_poll [--groups N]                 the whole benchmark
//   bench_poll --gui-phase URL POLLS        internal: the dashboard part, in its own process

#include "benchprocess.h"
#include "benchsupport.h"
#include "gateway/snapshotparser.h"
#include "grouppusher.h"
#include "model/gatewaymonitor.h"
#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"
#include "serverprocess.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace pushscope;

using pushscope::bench::medianMs;
using pushscope::bench::peakRssKb;
using pushscope::bench::say;

namespace {

// The dashboard part: a real window (offscreen) polling the gateway. A 5 ms timer measures
// how long the GUI thread is kept from its event loop.
int runGuiPhase(const QString &url, int polls)
{
    GatewayEndpoint endpoint;
    QString error;
    if (!GatewayEndpoint::parse(url, &endpoint, &error)) {
        std::fprintf(stderr, "%s\n", qUtf8Printable(error));
        return 2;
    }
    GatewayMonitor monitor;
    monitor.addGateway(endpoint, std::chrono::milliseconds(1000), std::chrono::seconds(60));
    ui::MainWindow window(&monitor);
    window.table()->sortByColumn(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    window.show();

    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.elapsed();
    qint64 maxStall = 0;
    int stallsOver50 = 0;
    bool measuring = false;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        const qint64 stall = now - last - 5;
        last = now;
        if (!measuring)
            return;
        maxStall = std::max(maxStall, stall);
        if (stall > 50)
            ++stallsOver50;
    });
    probe.start();

    int applied = 0;
    qint64 maxMerge = 0;
    QObject::connect(&monitor, &GatewayMonitor::pollApplied, [&](int gateway) {
        const GatewayPollState &state = monitor.state(gateway);
        maxMerge = std::max(maxMerge, state.mergeMs);
        if (++applied >= polls)
            QTimer::singleShot(300, qApp, &QApplication::quit);
    });
    QTimer::singleShot(0, [&] {
        measuring = true;
        last = clock.elapsed();
        monitor.start();
    });
    QTimer::singleShot(std::chrono::minutes(5), qApp, &QApplication::quit);
    QApplication::exec();

    const GatewayPollState &state = monitor.state(0);
    QJsonObject result{{QStringLiteral("polls"), applied},
                       {QStringLiteral("rows"), monitor.model()->rowCount()},
                       {QStringLiteral("maxStallMs"), maxStall},
                       {QStringLiteral("stallsOver50ms"), stallsOver50},
                       {QStringLiteral("maxMergeMs"), maxMerge},
                       {QStringLiteral("lastParseMs"), state.parseMs},
                       {QStringLiteral("lastPrepareMs"), state.prepareMs},
                       {QStringLiteral("peakRssKb"), peakRssKb()},
                       {QStringLiteral("ok"), state.ok}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return applied >= polls ? 0 : 1;
}

int runBenchmark(int groups)
{
    testing::PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check"),
                                         QStringLiteral("--persistence.interval=1h")});
    QString error;
    if (!gateway.start(&error)) {
        say(QStringLiteral("cannot start the gateway: %1").arg(error));
        return 1;
    }
    say(QStringLiteral("PushScope poll benchmark: %1 groups x 7 families, gateway %2")
            .arg(groups)
            .arg(gateway.url()));

    QElapsedTimer pushTimer;
    pushTimer.start();
    const int stored = testing::pushGroups(gateway.url(), groups, 8, std::chrono::minutes(10));
    say(QStringLiteral("  pushed                 %1 groups in %2 s")
            .arg(stored)
            .arg(pushTimer.elapsed() / 1000.0, 0, 'f', 1));
    if (stored != groups)
        return 1;

    const QUrl metricsUrl(gateway.url() + QStringLiteral("/api/v1/metrics"));
    QByteArray body;
    const double fetchMs =
        medianMs(5, [&] { body = testing::httpRequest("GET", metricsUrl, {}, 120000).body; });
    // First load: nothing to reuse.
    SnapshotParseResult first;
    const double parseFirstMs = medianMs(3, [&] { first = parseSnapshot(body); });
    if (!first.ok || first.snapshot.groups.size() != groups) {
        say(QStringLiteral("unexpected reply: %1").arg(first.error));
        return 1;
    }
    PreparedSnapshot preparedFirst;
    const double prepareFirstMs =
        medianMs(3, [&] { preparedFirst = prepareSnapshot(first.snapshot); });

    // A steady poll: 5 % of the groups were pushed again since the last one.
    const int repushed =
        testing::pushGroups(gateway.url(), groups / 20, 8, std::chrono::minutes(2));
    const QByteArray body2 = testing::httpRequest("GET", metricsUrl, {}, 120000).body;
    SnapshotParseResult steady;
    const double parseSteadyMs =
        medianMs(5, [&] { steady = parseSnapshot(body2, &first.snapshot); });
    PreparedSnapshot preparedSteady;
    const double prepareSteadyMs =
        medianMs(5, [&] { preparedSteady = prepareSnapshot(steady.snapshot, &preparedFirst); });

    // The merge as the dashboard runs it: model, filter/sort proxy sorted by age.
    GroupTableModel model;
    GroupFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    const int gatewayIndex = model.addGateway(gateway.url());
    const double mergeFirstMs =
        medianMs(1, [&] { model.applySnapshot(gatewayIndex, preparedFirst, 0); });
    const double mergeSteadyMs =
        medianMs(1, [&] { model.applySnapshot(gatewayIndex, preparedSteady, 0); });
    const double tickMs = medianMs(5, [&] { model.tick(); });

    auto ms = [](double value) { return QString::number(value, 'f', 1); };
    say(QStringLiteral("  raw fetch              %1 ms (%2 MB, median of 5)")
            .arg(ms(fetchMs), ms(body.size() / 1e6)));
    say(QStringLiteral("                         first load | steady poll (%1 groups re-pushed)")
            .arg(repushed));
    say(QStringLiteral("  parse (worker thread)  %1 ms | %2 ms")
            .arg(ms(parseFirstMs), ms(parseSteadyMs)));
    say(QStringLiteral("  prepare (worker)       %1 ms | %2 ms")
            .arg(ms(prepareFirstMs), ms(prepareSteadyMs)));
    say(QStringLiteral("  merge (GUI thread)     %1 ms | %2 ms (model + proxy sorted by age)")
            .arg(ms(mergeFirstMs), ms(mergeSteadyMs)));
    say(QStringLiteral("  age tick (GUI thread)  %1 ms every second").arg(ms(tickMs)));
    const double firstMs = parseFirstMs + prepareFirstMs + mergeFirstMs;
    const double steadyMs = parseSteadyMs + prepareSteadyMs + mergeSteadyMs;
    auto verdict = [](double percent) {
        return percent <= 25 ? QStringLiteral("met") : QStringLiteral("NOT met");
    };
    say(QStringLiteral(
            "  client work, steady    %1 ms = %2 % of the raw fetch (target <= 25 %): %3")
            .arg(ms(steadyMs), ms(100 * steadyMs / fetchMs), verdict(100 * steadyMs / fetchMs)));
    say(QStringLiteral(
            "  client work, 1st load  %1 ms = %2 % of the raw fetch (target <= 25 %): %3")
            .arg(ms(firstMs), ms(100 * firstMs / fetchMs), verdict(100 * firstMs / fetchMs)));

    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    gui.setProcessEnvironment(env);
    gui.start(QCoreApplication::applicationFilePath(),
              {QStringLiteral("--gui-phase"), gateway.url(), QStringLiteral("6")});
    if (!gui.waitForFinished(6 * 60 * 1000)) {
        say(QStringLiteral("the dashboard phase did not finish"));
        return 1;
    }
    const QJsonObject result =
        QJsonDocument::fromJson(gui.readAllStandardOutput().trimmed().split('\n').last()).object();
    const qint64 maxStall = result.value(QStringLiteral("maxStallMs")).toInteger();
    const double rssMb = result.value(QStringLiteral("peakRssKb")).toDouble() / 1024.0;
    say(QStringLiteral("  dashboard              %1 polls of %2 rows, merge up to %3 ms")
            .arg(result.value(QStringLiteral("polls")).toInt())
            .arg(result.value(QStringLiteral("rows")).toInt())
            .arg(result.value(QStringLiteral("maxMergeMs")).toInteger()));
    say(QStringLiteral("  longest GUI stall      %1 ms (target <= 50 ms): %2; %3 stalls over 50 ms")
            .arg(maxStall)
            .arg(maxStall <= 50 ? QStringLiteral("met") : QStringLiteral("NOT met"))
            .arg(result.value(QStringLiteral("stallsOver50ms")).toInt()));
    say(QStringLiteral("  dashboard peak RSS     %1 MB (target < 200 MB): %2")
            .arg(rssMb, 0, 'f', 0)
            .arg(rssMb < 200 ? QStringLiteral("met") : QStringLiteral("NOT met")));
    return gui.exitCode();
}

} // namespace

int main(int argc, char *argv[])
{
    const QStringList arguments = [&] {
        QStringList list;
        for (int i = 0; i < argc; ++i)
            list.append(QString::fromLocal8Bit(argv[i]));
        return list;
    }();
    const qsizetype guiPhase = arguments.indexOf(QStringLiteral("--gui-phase"));
    if (guiPhase > 0 && guiPhase + 2 < arguments.size()) {
        QApplication app(argc, argv);
        return runGuiPhase(arguments.at(guiPhase + 1), arguments.at(guiPhase + 2).toInt());
    }
    QCoreApplication app(argc, argv);
    int groups = 10000;
    const qsizetype groupsAt = arguments.indexOf(QStringLiteral("--groups"));
    if (groupsAt > 0 && groupsAt + 1 < arguments.size())
        groups = std::clamp(arguments.at(groupsAt + 1).toInt(), 1, 50000);
    return runBenchmark(groups);
}
