// List benchmark (issue 13): a real gateway holding 10,000 groups of 7 families; measures, side
// by side in one run, the raw fetch of /api/v1/metrics (a plain socket, and curl when it is
// installed) and `pushscope list` as a user runs it (a subprocess, stdout to /dev/null):
// --format json, the table, and --match '{job="nope"}' (fetch and parse, no output). Medians
// of the rounds, ratios to the raw fetch (of the medians, and the median of each round's), the
// load average, each list's peak RSS and CPU time (user + system, from wait4(): its own work,
// which a busy machine changes far less than wall-clock times). Then, in this process on the
// same records, the sort and the writers (streamed in 1 MB chunks as `list` does) against the
// ones they replaced (tests/unit/recordoracle.cpp).
//
//   bench_list [--groups N] [--rounds N] [--pushscope PATH] [--baseline PATH]
//
// --baseline measures a second pushscope binary (e.g. a build from before a change) in the
// same rounds, interleaved with the first.

#include "benchprocess.h"
#include "benchsupport.h"
#include "cli/groupselection.h"
#include "cli/recordformat.h"
#include "grouppusher.h"
#include "recordoracle.h"
#include "serverprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTcpSocket>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace pushscope;

using pushscope::bench::argumentAfter;
using pushscope::bench::medianMs;
using pushscope::bench::rawFetch;
using pushscope::bench::Run;
using pushscope::bench::runProcess;
using pushscope::bench::say;

namespace {

template<typename F> double medianOf(const QList<Run> &runs, F value)
{
    QList<double> values;
    for (const Run &r : runs)
        values.append(value(r));
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

struct Measure {
    QString name;
    std::function<Run()> run;
    bool isList = false;
    QList<Run> runs;
    double median() const
    {
        return medianOf(runs, [](const Run &r) { return r.ms; });
    }
    double medianCpuMs() const
    {
        return medianOf(runs, [](const Run &r) { return r.cpuMs; });
    }
    // The median of this command's time over the raw fetch's in the same round: less exposed
    // to a machine that gets busier or quieter between rounds.
    double pairedRatio(const Measure &raw) const
    {
        QList<Run> ratios = runs.mid(0, std::min(runs.size(), raw.runs.size()));
        for (qsizetype i = 0; i < ratios.size(); ++i)
            ratios[i].ms /= raw.runs.at(i).ms;
        return medianOf(ratios, [](const Run &r) { return r.ms; });
    }
    double peakRssMb() const
    {
        double peak = 0;
        for (const Run &r : runs)
            peak = std::max(peak, r.peakRssMb);
        return peak;
    }
    bool allOk() const
    {
        return std::all_of(runs.begin(), runs.end(), [](const Run &r) { return r.ok; });
    }
};

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '));
}

// The output stage alone, new against old, on the records `pushscope list` would print.
bool measureOutputStage(const QString &url)
{
    GatewayEndpoint endpoint;
    QString error;
    if (!GatewayEndpoint::parse(url, &endpoint, &error))
        return false;
    const QList<GatewayReading> readings =
        readGateways({endpoint}, std::chrono::seconds(60), 3600, HttpConfig());
    if (readings.isEmpty() || !readings.first().ok)
        return false;
    const QList<GroupRecord> records = readings.first().records;
    QList<GroupRecord> sorted;
    const double sortNew = medianMs(3, [&] {
        sorted = records;
        sortForListing(&sorted);
    });
    const double sortOld = medianMs(3, [&] {
        QList<GroupRecord> copy = records;
        std::sort(copy.begin(), copy.end(), [](const GroupRecord &a, const GroupRecord &b) {
            if (a.gatewayIndex != b.gatewayIndex)
                return a.gatewayIndex < b.gatewayIndex;
            return a.group.key.toString() < b.group.key.toString();
        });
    });
    say(QStringLiteral("  in process, %1 records: new | before").arg(records.size()));
    say(QStringLiteral("    sort                 %1 ms | %2 ms")
            .arg(sortNew, 0, 'f', 1)
            .arg(sortOld, 0, 'f', 1));
    struct Writer {
        const char *name;
        OutputFormat format;
        QByteArray (*before)(const QList<GroupRecord> &);
    };
    const Writer writers[] = {
        {"json", OutputFormat::Json, &testing::oracle::recordsToJson},
        {"table", OutputFormat::Table, &testing::oracle::recordsToTable},
        {"csv", OutputFormat::Csv, &testing::oracle::recordsToCsv},
    };
    bool same = true;
    for (const Writer &writer : writers) {
        // Timed as `list` runs it: streamed in chunks of 1 MB (here dropped, not written).
        qint64 streamed = 0;
        const double nowMs = medianMs(3, [&] {
            streamed = 0;
            ByteSink sink([&](const QByteArray &bytes) { streamed += bytes.size(); });
            writeRecords(writer.format, sorted, &sink);
        });
        QByteArray before;
        const double beforeMs = medianMs(3, [&] { before = writer.before(sorted); });
        ByteSink whole;
        writeRecords(writer.format, sorted, &whole);
        const bool equal = whole.buffer() == before && streamed == before.size();
        say(QStringLiteral("    write %1 %2 ms | %3 ms (%4 MB, %5)")
                .arg(QString::fromLatin1(writer.name), -14)
                .arg(nowMs, 0, 'f', 1)
                .arg(beforeMs, 0, 'f', 1)
                .arg(before.size() / 1e6, 0, 'f', 1)
                .arg(equal ? QStringLiteral("same bytes") : QStringLiteral("DIFFERENT")));
        same = same && equal;
    }
    return same;
}

void addListMeasures(QList<Measure> *measures, const QString &label, const QString &binary,
                     const QString &url)
{
    const QStringList base = {binary, QStringLiteral("list"), QStringLiteral("--gateway"), url};
    auto list = [&](const QString &name, const QStringList &extra) {
        measures->append({QStringLiteral("%1 %2").arg(label, name),
                          [command = base + extra] { return runProcess(command); },
                          true,
                          {}});
    };
    list(QStringLiteral("list --format json"),
         {QStringLiteral("--format"), QStringLiteral("json")});
    list(QStringLiteral("list (table)"), {});
    list(QStringLiteral("list --match '{job=\"nope\"}'"),
         {QStringLiteral("--match"), QStringLiteral("{job=\"nope\"}")});
}

int runBenchmark(const QStringList &arguments)
{
    const int groups = std::clamp(
        argumentAfter(arguments, QStringLiteral("--groups"), QStringLiteral("10000")).toInt(), 1,
        50000);
    const int rounds = std::clamp(
        argumentAfter(arguments, QStringLiteral("--rounds"), QStringLiteral("3")).toInt(), 1, 15);
    const QString binary = QFileInfo(argumentAfter(arguments, QStringLiteral("--pushscope"),
                                                   QStringLiteral(PUSHSCOPE_BINARY_PATH)))
                               .absoluteFilePath();
    const QString baseline = argumentAfter(arguments, QStringLiteral("--baseline"), {});

    testing::PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check"),
                                         QStringLiteral("--persistence.interval=1h")});
    QString error;
    if (!gateway.start(&error)) {
        say(QStringLiteral("cannot start the gateway: %1").arg(error));
        return 1;
    }
    say(QStringLiteral("PushScope list benchmark: %1 groups x 7 families, gateway %2, %3 rounds")
            .arg(groups)
            .arg(gateway.url())
            .arg(rounds));
    const int stored = testing::pushGroups(gateway.url(), groups, 8, std::chrono::minutes(10));
    if (stored != groups) {
        say(QStringLiteral("only %1 of %2 groups were stored").arg(stored).arg(groups));
        return 1;
    }

    qint64 replyBytes = 0;
    QList<Measure> measures;
    measures.append({QStringLiteral("raw fetch (plain socket)"),
                     [&] { return rawFetch(gateway.port(), &replyBytes); },
                     false,
                     {}});
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (!curl.isEmpty())
        measures.append({QStringLiteral("curl -o /dev/null"),
                         [&] {
                             return runProcess({curl, QStringLiteral("-s"),
                                                gateway.url() + QStringLiteral("/api/v1/metrics")});
                         },
                         false,
                         {}});
    measures.append({QStringLiteral("pushscope --version"),
                     [&] {
                         return runProcess({binary, QStringLiteral("--version")});
                     },
                     false,
                     {}});
    addListMeasures(&measures, QStringLiteral("pushscope"), binary, gateway.url());
    if (!baseline.isEmpty())
        addListMeasures(&measures, QStringLiteral("baseline"),
                        QFileInfo(baseline).absoluteFilePath(), gateway.url());

    say(QStringLiteral("  load average before: %1").arg(loadAverage()));
    rawFetch(gateway.port(), &replyBytes); // warm-up: the gateway's first answer is slower
    for (int round = 0; round < rounds; ++round) {
        for (Measure &measure : measures)
            measure.runs.append(measure.run());
    }

    const double raw = measures.first().median();
    say(QStringLiteral("  load average after: %1; reply: %2 MB")
            .arg(loadAverage())
            .arg(replyBytes / 1e6, 0, 'f', 1));
    say(QStringLiteral("  %1  %2  %3  %4  %5  %6  %7")
            .arg(QStringLiteral("command"), -48)
            .arg(QStringLiteral("median"), 9)
            .arg(QStringLiteral("ratio"), 6)
            .arg(QStringLiteral("paired"), 6)
            .arg(QStringLiteral("peak RSS"), 9)
            .arg(QStringLiteral("CPU"), 8)
            .arg(QStringLiteral("runs (ms)")));
    bool allOk = true;
    for (const Measure &measure : measures) {
        QStringList each;
        for (const Run &r : measure.runs)
            each.append(QString::number(r.ms, 'f', 0));
        say(QStringLiteral("  %1  %2  %3  %4  %5  %6  %7%8")
                .arg(measure.name, -48)
                .arg(QStringLiteral("%1 ms").arg(measure.median(), 0, 'f', 0), 9)
                .arg(QStringLiteral("%1").arg(measure.median() / raw, 0, 'f', 2), 6)
                .arg(QStringLiteral("%1").arg(measure.pairedRatio(measures.first()), 0, 'f', 2), 6)
                .arg(measure.isList ? QStringLiteral("%1 MB").arg(measure.peakRssMb(), 0, 'f', 0)
                                    : QString(),
                     9)
                .arg(measure.isList ? QStringLiteral("%1 ms").arg(measure.medianCpuMs(), 0, 'f', 0)
                                    : QString(),
                     8)
                .arg(each.join(QStringLiteral(" / ")),
                     measure.allOk() ? QString() : QStringLiteral("  (FAILED)")));
        allOk = allOk && measure.allOk();
    }
    const Measure &json = measures.at(curl.isEmpty() ? 2 : 3);
    const double ratio = json.median() / raw;
    say(QStringLiteral("  list --format json / raw fetch: %1, paired %2 (target <= 1.15): %3")
            .arg(ratio, 0, 'f', 2)
            .arg(json.pairedRatio(measures.first()), 0, 'f', 2)
            .arg(ratio <= 1.15 ? QStringLiteral("met") : QStringLiteral("NOT met")));
    double peak = 0;
    for (qsizetype i = curl.isEmpty() ? 2 : 3; i < (curl.isEmpty() ? 5 : 6); ++i)
        peak = std::max(peak, measures.at(i).peakRssMb());
    say(QStringLiteral("  list peak RSS: %1 MB (target < 200 MB): %2")
            .arg(peak, 0, 'f', 0)
            .arg(peak < 200 ? QStringLiteral("met") : QStringLiteral("NOT met")));

    // One more json run into a file: the output is complete.
    const QString jsonFile = QDir::temp().filePath(
        QStringLiteral("bench_list_%1.json").arg(QCoreApplication::applicationPid()));
    const Run check =
        runProcess({binary, QStringLiteral("list"), QStringLiteral("--gateway"), gateway.url(),
                    QStringLiteral("--format"), QStringLiteral("json")},
                   QFile::encodeName(jsonFile).constData());
    QFile file(jsonFile);
    const qsizetype listed = check.ok && file.open(QIODevice::ReadOnly)
                                 ? QJsonDocument::fromJson(file.readAll()).array().size()
                                 : -1;
    file.remove();
    say(QStringLiteral("  list --format json printed %1 groups of %2").arg(listed).arg(groups));
    const bool sameOutput = measureOutputStage(gateway.url());
    return allOk && listed == groups && sameOutput ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    return runBenchmark(QCoreApplication::arguments());
}
