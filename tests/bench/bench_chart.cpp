// Chart benchmark: 20 series x 11,000 points (a day and a half at 10 s) handed to the
// chart widget, then drawn: setSeries() + grab() on the offscreen platform, in ms, with
// the bytes the widget holds for drawing and the growth of the process. Target: < 100 ms.
//
//   QT_QPA_PLATFORM=offscreen bench_chart [--series N] [--points N] [--runs N] [--png FILE]

#include "benchsupport.h"
#include "chart/chartwidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <algorithm>
#include <cmath>
#include <cstdio>

using pushscope::Labels;
using pushscope::TimeSeries;
using pushscope::ui::ChartWidget;

using pushscope::bench::medianMs;
using pushscope::bench::say;

namespace {

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * 4096 : 0;
}

int option(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

QList<TimeSeries> makeSeries(int count, int points)
{
    QList<TimeSeries> list;
    for (int s = 0; s < count; ++s) {
        TimeSeries series;
        series.name = QStringLiteral("processed_items");
        series.labels = Labels{{QStringLiteral("instance"), QStringLiteral("host-%1").arg(s)},
                               {QStringLiteral("job"), QStringLiteral("batch")}};
        series.points.reserve(points);
        double value = 1000.0 * s;
        for (int i = 0; i < points; ++i) {
            value += std::fmod(i * 7919.0 + s * 104729.0, 13.0) - 6 + std::sin(i / 300.0);
            series.points.append({1795000000.0 + i * 10, value});
        }
        list.append(series);
    }
    return list;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int seriesCount = option(arguments, QStringLiteral("--series"), 20);
    const int points = option(arguments, QStringLiteral("--points"), 11000);
    const int runs = std::max(1, option(arguments, QStringLiteral("--runs"), 5));

    const QList<TimeSeries> series = makeSeries(seriesCount, points);
    ChartWidget chart;
    chart.resize(1280, 720);
    chart.show();
    QCoreApplication::processEvents();
    const qint64 before = residentBytes();

    QList<qint64> times;
    qint64 afterFirst = 0;
    for (int run = 0; run < runs; ++run) {
        chart.clear();
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QElapsedTimer timer;
        timer.start();
        chart.setSeries(series, QStringLiteral("processed_items"), QStringLiteral("bench"));
        QCoreApplication::processEvents(); // the layout Qt Charts posts, as the app loop would
        const QImage image = chart.grab().toImage();
        times.append(timer.elapsed());
        if (run == 0)
            afterFirst = residentBytes();
        if (image.isNull())
            return 1;
    }
    std::sort(times.begin(), times.end());
    qint64 drawn = 0;
    for (const int count : chart.drawnPointCounts())
        drawn += count;
    const qint64 rawBytes = qint64(seriesCount) * points * 16;
    say(QStringLiteral("series %1 x points %2: setSeries+grab median %3 ms, best %4 ms, "
                       "worst %5 ms (target < 100 ms)")
            .arg(seriesCount)
            .arg(points)
            .arg(times.at(times.size() / 2))
            .arg(times.first())
            .arg(times.last()));
    say(QStringLiteral("drawn points %1 (%2 bytes held by the chart); source points %3 bytes, "
                       "shared with the caller; process grew %4 bytes on the first draw, "
                       "%5 bytes after %6 draws")
            .arg(drawn)
            .arg(chart.drawnBytes())
            .arg(rawBytes)
            .arg(afterFirst - before)
            .arg(residentBytes() - before)
            .arg(runs));
    const qsizetype png = arguments.indexOf(QStringLiteral("--png"));
    if (png >= 0 && png + 1 < arguments.size() && !chart.exportPng(arguments.at(png + 1)))
        return 1;
    return times.at(times.size() / 2) < 100 ? 0 : 2;
}
