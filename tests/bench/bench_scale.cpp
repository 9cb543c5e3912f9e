// Scale benchmark (issue 13, items 4 and 5): five real gateways holding 10,000 groups of 7
// families each (50,000 groups). Measures, side by side in one run:
//  - the raw fetch of the five /api/v1/metrics in parallel (plain sockets, one thread each);
//  - `pushscope list` over the five (`--format json`, stdout to /dev/null), its peak RSS;
//  - the window (offscreen) polling the five: time to the first full table, the longest
//    GUI-thread stall, peak RSS;
//  - with --soak-minutes M: the window for M minutes while 5 % of every gateway's groups are
//    pushed again every poll, RSS sampled every minute.
//
//   bench_scale [--gateways N] [--groups-per-gateway N] [--rounds N] [--soak-minutes M]
//   bench_scale --gui-phase POLLS SOAK_MINUTES URL...   internal: the window, in its own process

#include "benchprocess.h"
#include "benchsupport.h"
#include "grouppusher.h"
#include "model/gatewaymonitor.h"
#include "serverprocess.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <ctime>
#include <memory>
#include <thread>
#include <vector>

using namespace pushscope;
using pushscope::bench::argumentAfter;
using pushscope::bench::currentRssKb;
using pushscope::bench::peakRssKb;
using pushscope::bench::rawFetch;
using pushscope::bench::Run;
using pushscope::bench::runProcess;
using pushscope::bench::say;

namespace {

constexpr int kPollMs = 5000;

// The calling thread's own CPU time: a stall the GUI thread spent computing, rather than
// waiting for a core that the gateways (on the same two cores here) were using.
qint64 threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

// The window polling every gateway every 5 s. A 5 ms timer measures how long the GUI thread
// is kept from its event loop; the first full table is when every group is a row.
int runGuiPhase(int polls, int soakMinutes, const QStringList &urls, int expectedRows)
{
    GatewayMonitor monitor;
    for (const QString &url : urls) {
        GatewayEndpoint endpoint;
        QString error;
        if (!GatewayEndpoint::parse(url, &endpoint, &error))
            return 2;
        monitor.addGateway(endpoint, std::chrono::milliseconds(kPollMs), std::chrono::seconds(60));
    }
    ui::MainWindow window(&monitor);
    window.table()->sortByColumn(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    window.show();

    QElapsedTimer clock;
    qint64 last = 0;
    qint64 maxStall = 0;
    qint64 maxBusyStall = 0; // the GUI thread's own CPU time within a stall
    int stallsOver100 = 0;
    int busyOver100 = 0;
    QJsonArray stalls; // each one over 100 ms: "<ms> ms (<cpu> ms CPU) after <n> polls"
    qint64 lastCpu = threadCpuMs();
    int applied = 0;
    qint64 firstFullMs = -1;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        const qint64 cpu = threadCpuMs();
        const qint64 stall = now - last - 5;
        const qint64 busy = std::min(stall, cpu - lastCpu);
        last = now;
        lastCpu = cpu;
        maxStall = std::max(maxStall, stall);
        maxBusyStall = std::max(maxBusyStall, busy);
        stallsOver100 += stall > 100 ? 1 : 0;
        busyOver100 += busy > 100 ? 1 : 0;
        if (stall > 100)
            stalls.append(QStringLiteral("%1 ms (%2 ms CPU) after %3 polls")
                              .arg(stall)
                              .arg(busy)
                              .arg(applied));
    });

    const int wanted = polls * int(urls.size());
    QObject::connect(&monitor, &GatewayMonitor::pollApplied, [&](int) {
        if (firstFullMs < 0 && monitor.model()->rowCount() >= expectedRows)
            firstFullMs = clock.elapsed();
        if (++applied >= wanted && soakMinutes == 0)
            QTimer::singleShot(300, qApp, &QApplication::quit);
    });
    QJsonArray rssMb; // one sample a minute while soaking
    QTimer sampler;
    sampler.setInterval(std::chrono::minutes(1));
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        rssMb.append(double(currentRssKb()) / 1024.0);
        if (rssMb.size() >= soakMinutes)
            QApplication::quit();
    });
    qint64 startCpu = 0;
    QTimer::singleShot(0, [&] {
        startCpu = threadCpuMs();
        clock.start();
        last = 0;
        lastCpu = threadCpuMs();
        probe.start();
        monitor.start();
        if (soakMinutes > 0)
            sampler.start();
    });
    QTimer::singleShot(std::chrono::minutes(5 + soakMinutes), qApp, &QApplication::quit);
    QApplication::exec();

    const qint64 guiCpuMs = threadCpuMs() - startCpu;
    const QJsonObject result{{QStringLiteral("polls"), applied},
                             {QStringLiteral("guiCpuMs"), guiCpuMs},
                             {QStringLiteral("wallMs"), clock.elapsed()},
                             {QStringLiteral("rows"), monitor.model()->rowCount()},
                             {QStringLiteral("firstFullMs"), firstFullMs},
                             {QStringLiteral("maxStallMs"), maxStall},
                             {QStringLiteral("stallsOver100ms"), stallsOver100},
                             {QStringLiteral("maxBusyStallMs"), maxBusyStall},
                             {QStringLiteral("busyStallsOver100ms"), busyOver100},
                             {QStringLiteral("stalls"), stalls},
                             {QStringLiteral("peakRssKb"), peakRssKb()},
                             {QStringLiteral("rssMb"), rssMb}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return firstFullMs >= 0 ? 0 : 1;
}

// Every gateway's /api/v1/metrics at once, one plain socket each: the wall time until the
// last byte of the last one.
double parallelRawFetchMs(const std::vector<std::unique_ptr<testing::PushgatewayProcess>> &gateways,
                          qint64 *bytes)
{
    std::vector<qint64> read(gateways.size(), 0);
    std::vector<std::thread> threads;
    QElapsedTimer timer;
    timer.start();
    for (size_t i = 0; i < gateways.size(); ++i)
        threads.emplace_back([&, i, port = gateways[i]->port()] { rawFetch(port, &read[i]); });
    for (std::thread &thread : threads)
        thread.join();
    const double ms = timer.nsecsElapsed() / 1e6;
    *bytes = 0;
    for (qint64 value : read)
        *bytes += value;
    return ms;
}

QString verdict(bool met)
{
    return met ? QStringLiteral("met") : QStringLiteral("NOT met");
}

int runBenchmark(const QStringList &arguments)
{
    const int gatewayCount = std::clamp(
        argumentAfter(arguments, QStringLiteral("--gateways"), QStringLiteral("5")).toInt(), 1, 8);
    const int perGateway = std::clamp(
        argumentAfter(arguments, QStringLiteral("--groups-per-gateway"), QStringLiteral("10000"))
            .toInt(),
        1, 20000);
    const int rounds = std::clamp(
        argumentAfter(arguments, QStringLiteral("--rounds"), QStringLiteral("3")).toInt(), 1, 9);
    const int soakMinutes = std::clamp(
        argumentAfter(arguments, QStringLiteral("--soak-minutes"), QStringLiteral("0")).toInt(), 0,
        120);
    const int total = gatewayCount * perGateway;
    say(QStringLiteral("PushScope scale benchmark: %1 gateways x %2 groups x 7 families")
            .arg(gatewayCount)
            .arg(perGateway));

    std::vector<std::unique_ptr<testing::PushgatewayProcess>> gateways;
    QStringList urls;
    QElapsedTimer pushTimer;
    pushTimer.start();
    for (int i = 0; i < gatewayCount; ++i) {
        gateways.push_back(std::make_unique<testing::PushgatewayProcess>(
            QStringList{QStringLiteral("--push.disable-consistency-check"),
                        QStringLiteral("--persistence.interval=1h")}));
        QString error;
        if (!gateways.back()->start(&error)) {
            say(QStringLiteral("cannot start gateway %1: %2").arg(i).arg(error));
            return 1;
        }
        urls.append(gateways.back()->url());
        if (testing::pushGroups(urls.last(), perGateway, 8, std::chrono::minutes(10)) !=
            perGateway) {
            say(QStringLiteral("gateway %1 did not store every group").arg(i));
            return 1;
        }
    }
    say(QStringLiteral("  pushed                  %1 groups in %2 s")
            .arg(total)
            .arg(pushTimer.elapsed() / 1000.0, 0, 'f', 1));

    QStringList list{QStringLiteral(PUSHSCOPE_BINARY_PATH),
                     QStringLiteral("list"),
                     QStringLiteral("--format"),
                     QStringLiteral("json"),
                     QStringLiteral("--timeout"),
                     QStringLiteral("120s")};
    for (const QString &url : urls)
        list << QStringLiteral("--gateway") << url;
    qint64 bytes = 0;
    parallelRawFetchMs(gateways, &bytes); // warm-up: a gateway's first answer is slower
    QList<double> raw;
    QList<double> listed;
    double listPeakMb = 0;
    for (int round = 0; round < rounds; ++round) {
        raw.append(parallelRawFetchMs(gateways, &bytes));
        if (bytes == 0) {
            say(QStringLiteral("the raw fetch read nothing"));
            return 1;
        }
        const Run run = runProcess(list);
        if (!run.ok) {
            say(QStringLiteral("pushscope list failed"));
            return 1;
        }
        listed.append(run.ms);
        listPeakMb = std::max(listPeakMb, run.peakRssMb);
    }
    std::sort(raw.begin(), raw.end());
    std::sort(listed.begin(), listed.end());
    const double rawMs = raw.at(raw.size() / 2);
    const double listMs = listed.at(listed.size() / 2);
    say(QStringLiteral("  raw fetch, %1 in parallel %2 ms (%3 MB in all, median of %4)")
            .arg(gatewayCount)
            .arg(rawMs, 0, 'f', 0)
            .arg(bytes / 1e6, 0, 'f', 1)
            .arg(rounds));
    say(QStringLiteral("  list --format json      %1 ms = %2 x the raw fetch (target <= 1.15): %3; "
                       "peak RSS %4 MB")
            .arg(listMs, 0, 'f', 0)
            .arg(listMs / rawMs, 0, 'f', 2)
            .arg(verdict(listMs / rawMs <= 1.15))
            .arg(listPeakMb, 0, 'f', 0));

    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    gui.setProcessEnvironment(env);
    gui.start(QCoreApplication::applicationFilePath(),
              QStringList{QStringLiteral("--gui-phase"), QStringLiteral("4"),
                          QString::number(soakMinutes), QString::number(total)} +
                  urls);
    // While soaking: 5 % of each gateway's groups pushed again every poll interval.
    QElapsedTimer soak;
    soak.start();
    const qint64 limitMs = (6 + soakMinutes) * 60 * 1000;
    while (!gui.waitForFinished(soakMinutes > 0 ? kPollMs : 1000) && soak.elapsed() < limitMs) {
        if (soakMinutes > 0) {
            for (const QString &url : urls)
                testing::pushGroups(url, perGateway / 20, 4, std::chrono::seconds(30));
        }
    }
    if (gui.state() != QProcess::NotRunning) {
        gui.kill();
        say(QStringLiteral("the window phase did not finish"));
        return 1;
    }
    const QJsonObject result =
        QJsonDocument::fromJson(gui.readAllStandardOutput().trimmed().split('\n').last()).object();
    const double firstFullMs = result.value(QStringLiteral("firstFullMs")).toDouble();
    const qint64 maxStall = result.value(QStringLiteral("maxStallMs")).toInteger();
    const double peakMb = result.value(QStringLiteral("peakRssKb")).toDouble() / 1024.0;
    say(QStringLiteral("  window: first full table %1 ms = %2 x the raw fetch (target <= 1.2): %3")
            .arg(firstFullMs, 0, 'f', 0)
            .arg(firstFullMs / rawMs, 0, 'f', 2)
            .arg(verdict(firstFullMs >= 0 && firstFullMs / rawMs <= 1.2)));
    say(QStringLiteral("  window: longest GUI stall %1 ms (target <= 100 ms): %2; %3 over 100 ms; "
                       "%4 rows after %5 polls")
            .arg(maxStall)
            .arg(verdict(maxStall <= 100))
            .arg(result.value(QStringLiteral("stallsOver100ms")).toInt())
            .arg(result.value(QStringLiteral("rows")).toInt())
            .arg(result.value(QStringLiteral("polls")).toInt()));
    say(QStringLiteral("  window: of which the GUI thread's own CPU: longest %1 ms, %2 over 100 ms "
                       "(the rest is waiting for a core the gateways hold)")
            .arg(result.value(QStringLiteral("maxBusyStallMs")).toInteger())
            .arg(result.value(QStringLiteral("busyStallsOver100ms")).toInt()));
    say(QStringLiteral("  window: GUI thread CPU    %1 ms in all over %2 s")
            .arg(result.value(QStringLiteral("guiCpuMs")).toInteger())
            .arg(result.value(QStringLiteral("wallMs")).toDouble() / 1000.0, 0, 'f', 1));
    QStringList stallText;
    for (const QJsonValue &stall : result.value(QStringLiteral("stalls")).toArray())
        stallText << stall.toString();
    if (!stallText.isEmpty()) // polls are counted as applied: the stall is usually the next one's
        say(QStringLiteral("  window: stalls over 100 ms: %1")
                .arg(stallText.join(QStringLiteral(", "))));
    say(QStringLiteral("  window: peak RSS          %1 MB (target < 600 MB): %2")
            .arg(peakMb, 0, 'f', 0)
            .arg(verdict(peakMb < 600)));
    const QJsonArray samples = result.value(QStringLiteral("rssMb")).toArray();
    if (soakMinutes > 0 && !samples.isEmpty()) {
        QStringList text;
        for (const QJsonValue &sample : samples)
            text << QString::number(sample.toDouble(), 'f', 0);
        // Warm-up: the first 10 minutes, or the first third of a shorter soak.
        const int warm = std::min<int>(std::max(1, soakMinutes / 3), 10) - 1;
        const double atWarm = samples.at(std::min<qsizetype>(warm, samples.size() - 1)).toDouble();
        const double growth = 100.0 * (samples.last().toDouble() - atWarm) / atWarm;
        say(QStringLiteral("  soak: RSS each minute (MB) %1").arg(text.join(QLatin1Char(' '))));
        say(QStringLiteral("  soak: growth after minute %1: %2 % (target < 5 %): %3")
                .arg(warm + 1)
                .arg(growth, 0, 'f', 1)
                .arg(verdict(growth < 5)));
    }
    return gui.exitCode();
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const qsizetype guiPhase = arguments.indexOf(QStringLiteral("--gui-phase"));
    if (guiPhase > 0 && guiPhase + 4 < arguments.size()) {
        QApplication app(argc, argv);
        return runGuiPhase(arguments.at(guiPhase + 1).toInt(), arguments.at(guiPhase + 2).toInt(),
                           arguments.mid(guiPhase + 4), arguments.at(guiPhase + 3).toInt());
    }
    QCoreApplication app(argc, argv);
    return runBenchmark(arguments);
}
