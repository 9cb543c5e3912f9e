// The chart's axes read well: values with SI prefixes or thousands separators and their unit
// (/s for rates, dates for timestamps), never below zero when no value is, time ticks at round
// times of the clock in the app's zone (local or UTC); thin lines without point markers.
// Runs in the Asia/Kolkata zone (+05:30), where round local hours are not round UTC hours.

#include "chart/chartwidget.h"
#include "model/seriesformat.h"
#include "model/timeformat.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QLineSeries>
#include <QRegularExpression>
#include <QTest>
#include <QVBoxLayout>
#include <cmath>
#include <ctime>

using namespace pushscope;
using pushscope::ui::ChartWidget;

namespace {

constexpr double kStart = 1795000007; // Unix seconds, not on a round minute

TimeSeries ramp(const QString &name, double from, double to, int points = 60, double step = 60)
{
    TimeSeries series{name, {{QStringLiteral("job"), QStringLiteral("batch")}}, {}};
    for (int i = 0; i < points; ++i)
        series.points.append({kStart + i * step, from + (to - from) * i / (points - 1)});
    return series;
}

} // namespace

class TestChartAxes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("TZ", "Asia/Kolkata");
        tzset();
        setTimesInUtc(false);
    }

    void formatsValues_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("unit");
        QTest::addColumn<QString>("text");
        QTest::newRow("giga") << 5.55e9 << int(ValueUnit::Plain) << QStringLiteral("5.55G");
        QTest::newRow("kilo") << 12345.0 << int(ValueUnit::Plain) << QStringLiteral("12.35k");
        QTest::newRow("small count") << 1234.0 << int(ValueUnit::Plain) << QStringLiteral("1234");
        QTest::newRow("fraction") << 0.125 << int(ValueUnit::Plain) << QStringLiteral("0.125");
        QTest::newRow("rate") << 25000.0 << int(ValueUnit::PerSecond) << QStringLiteral("25k/s");
        QTest::newRow("slow rate") << 0.5 << int(ValueUnit::PerSecond) << QStringLiteral("0.5/s");
        QTest::newRow("duration") << 0.25 << int(ValueUnit::Seconds) << QStringLiteral("250 ms");
        QTest::newRow("bytes") << 2e6 << int(ValueUnit::Bytes) << QStringLiteral("2 MB");
        QTest::newRow("negative") << -3.2e6 << int(ValueUnit::Plain) << QStringLiteral("-3.2M");
        QTest::newRow("nan") << std::nan("") << int(ValueUnit::Plain) << QStringLiteral("NaN");
        QTest::newRow("date") << 1795000000.0 << int(ValueUnit::UnixTime)
                              << formatTimestamp(1795000000.0);
    }

    void formatsValues()
    {
        QFETCH(double, value);
        QFETCH(int, unit);
        QFETCH(QString, text);
        QCOMPARE(formatValue(value, ValueUnit(unit)), text);
    }

    void unitsFromNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("unit");
        QTest::newRow("push time") << "push_time_seconds" << int(ValueUnit::UnixTime);
        QTest::newRow("last success")
            << "backup_last_success_timestamp_seconds" << int(ValueUnit::UnixTime);
        QTest::newRow("unixtime") << "job_last_success_unixtime" << int(ValueUnit::UnixTime);
        QTest::newRow("duration") << "backup_duration_seconds" << int(ValueUnit::Seconds);
        QTest::newRow("size") << "backup_size_bytes" << int(ValueUnit::Bytes);
        QTest::newRow("count") << "processed_items" << int(ValueUnit::Plain);
    }

    void unitsFromNames()
    {
        QFETCH(QString, name);
        QFETCH(int, unit);
        QCOMPARE(int(unitForMetric(name)), unit);
    }

    void axisLabelsShareAPrefix()
    {
        AxisLabels labels = axisLabels(ValueUnit::Plain, 0, 6e9, 1e9);
        QCOMPARE(labels.text(0), QStringLiteral("0"));
        QCOMPARE(labels.text(2e9), QStringLiteral("2G"));
        labels = axisLabels(ValueUnit::Plain, 0, 1.25e3, 250);
        QCOMPARE(labels.text(250), QStringLiteral("250"));
        labels = axisLabels(ValueUnit::PerSecond, 0, 1.5e6, 2.5e5);
        QCOMPARE(labels.text(2.5e5), QStringLiteral("0.25M/s"));
        QCOMPARE(labels.text(1e6), QStringLiteral("1M/s"));
        // Steps far below the prefix: whole numbers with thousands separators.
        labels = axisLabels(ValueUnit::Plain, 1000000, 1000010, 2);
        QCOMPARE(labels.text(1000002), QStringLiteral("1,000,002"));
    }

    void timeTicksAreRound()
    {
        const QList<TimeTick> utc = timeTicks(kStart, kStart + 300, 6, true);
        QCOMPARE(utc.size(), 5);
        for (const TimeTick &tick : utc) {
            QCOMPARE(std::fmod(tick.time, 60.0), 0.0);
            QCOMPARE(tick.label, QDateTime::fromSecsSinceEpoch(qint64(tick.time), Qt::UTC)
                                     .toString(QStringLiteral("HH:mm")));
        }
        // Hourly ticks on round local hours: half past in UTC at +05:30.
        const QList<TimeTick> local = timeTicks(kStart, kStart + 6 * 3600, 6, false);
        QVERIFY(!local.isEmpty());
        for (const TimeTick &tick : local) {
            QCOMPARE(std::fmod(tick.time + 5.5 * 3600, 3600.0), 0.0);
            QVERIFY2(tick.label.endsWith(u":00") || !tick.label.contains(u':'),
                     qPrintable(tick.label));
        }
        const QList<TimeTick> utcHours = timeTicks(kStart, kStart + 6 * 3600, 6, true);
        QCOMPARE(std::fmod(utcHours.first().time, 3600.0), 0.0);
        // From "never" (0) to now, as push_time_seconds can span: a few ticks over the decades,
        // each with its year.
        const QList<TimeTick> decades = timeTicks(0, kStart, 6, true);
        QVERIFY(decades.size() >= 2 && decades.size() <= 7);
        QVERIFY(decades.last().time > kStart - 20.0 * 365 * 86400);
        for (const TimeTick &tick : decades)
            QVERIFY2(
                tick.label.contains(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d$"))),
                qPrintable(tick.label));
    }

    void valueAxisOnTheWidget()
    {
        ChartWidget chart;
        chart.resize(900, 520);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));

        chart.setSeries({ramp(QStringLiteral("bytes_in_queue"), 1e9, 5.55e9)},
                        QStringLiteral("bytes_in_queue"));
        QCoreApplication::processEvents();
        const QStringList big = chart.valueAxisLabels();
        QVERIFY2(big.size() >= 3, qPrintable(big.join(u' ')));
        for (const QString &label : big) {
            QVERIFY2(!label.contains(u'e'), qPrintable(big.join(u' ')));
            QVERIFY2(label == u"0" || label.endsWith(u'G'), qPrintable(big.join(u' ')));
        }

        // A counter from zero: the axis starts at zero, not below.
        chart.setSeries({ramp(QStringLiteral("processed_items"), 0, 100)});
        QCoreApplication::processEvents();
        QCOMPARE(chart.valueAxisRange().first, 0.0);
        QCOMPARE(chart.valueAxisLabels().first(), QStringLiteral("0"));
        // A gauge that goes below zero keeps its negative part.
        chart.setSeries({ramp(QStringLiteral("temperature"), -5, 20)});
        QVERIFY(chart.valueAxisRange().first < -4.9);

        // A rate says so.
        chart.setValueUnit(ValueUnit::PerSecond);
        chart.setSeries({ramp(QString(), 0, 3.5)}, QStringLiteral("rate(processed_items)"));
        QCOMPARE(chart.valueUnit(), ValueUnit::PerSecond);
        const QStringList rates = chart.valueAxisLabels();
        QVERIFY2(rates.last().endsWith(u"/s"), qPrintable(rates.join(u' ')));

        // A gauge holding Unix times is labelled with times of day, not 1.795e+09.
        chart.setValueUnit(ValueUnit::Auto);
        chart.setSeries(
            {ramp(QStringLiteral("backup_last_success_timestamp_seconds"), kStart - 7200, kStart)});
        QCOMPARE(chart.valueUnit(), ValueUnit::UnixTime);
        const QStringList dates = chart.valueAxisLabels();
        QVERIFY(!dates.isEmpty());
        for (const QString &label : dates)
            QVERIFY2(label.contains(u':') || label.contains(u' '), qPrintable(dates.join(u'|')));

        // Thin lines, no point markers.
        auto *view = chart.findChild<QChartView *>();
        auto *line = qobject_cast<QLineSeries *>(view->chart()->series().first());
        QCOMPARE(line->pen().widthF(), 1.5);
        QVERIFY(!line->pointsVisible());
        QVERIFY(!view->chart()->legend()->isVisible());
    }

    void timeAxisFollowsTheUtcSwitch()
    {
        QWidget window; // stands for the main window, which holds View ▸ Show times in UTC
        auto *utc = new QAction(&window);
        utc->setObjectName(QStringLiteral("utcAction"));
        utc->setCheckable(true);
        connect(utc, &QAction::toggled, utc, [](bool on) { setTimesInUtc(on); });
        auto *chart = new ChartWidget(&window);
        (new QVBoxLayout(&window))->addWidget(chart);
        window.resize(900, 520);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Six hours: hourly ticks.
        chart->setSeries({ramp(QStringLiteral("processed_items"), 0, 10, 61, 360)});
        QCoreApplication::processEvents();
        const QList<double> local = chart->timeAxisTicks();
        QVERIFY(local.size() >= 3);
        const double interval = local.at(1) - local.at(0);
        QVERIFY2(interval >= 1800, qPrintable(QString::number(interval)));
        for (const double tick : local)
            QCOMPARE(std::fmod(tick + 5.5 * 3600, interval), 0.0);
        const QStringList localLabels = chart->timeAxisLabels();

        utc->setChecked(true);
        const QList<double> inUtc = chart->timeAxisTicks();
        for (const double tick : inUtc)
            QCOMPARE(std::fmod(tick, interval), 0.0);
        QVERIFY(chart->timeAxisLabels() != localLabels);
        QCOMPARE(chart->timeAxisLabels().first(),
                 QDateTime::fromSecsSinceEpoch(qint64(inUtc.first()), Qt::UTC)
                     .toString(QStringLiteral("HH:mm")));
        utc->setChecked(false);
    }
};

QTEST_MAIN(TestChartAxes)
#include "tst_chartaxes.moc"
