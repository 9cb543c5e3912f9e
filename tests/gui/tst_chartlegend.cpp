// The legend table under the chart: a row per series with its colour, its name elided in the
// middle (the full key as tooltip) and last / min / max / mean of the visible span; a click
// hides or shows a series, Ctrl+click shows only it (and all again), as in Grafana. Which
// series are hidden survives a reload of the same series (Follow live).
// PUSHSCOPE_CHART_SCREENSHOT=<file.png> saves a picture with one series isolated.

#include "chart/chartlegendmodel.h"
#include "chart/chartwidget.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace pushscope;
using pushscope::ui::ChartLegendModel;
using pushscope::ui::ChartWidget;

namespace {

constexpr double kStart = 1795000000;

// Series s holds 1..10 times (s + 1), one point a minute.
QList<TimeSeries> steps(int count)
{
    QList<TimeSeries> list;
    for (int s = 0; s < count; ++s) {
        TimeSeries series{QStringLiteral("processed_items"),
                          {{QStringLiteral("instance"), QStringLiteral("host-%1").arg(s)},
                           {QStringLiteral("job"), QStringLiteral("batch")}},
                          {}};
        for (int i = 0; i < 10; ++i)
            series.points.append({kStart + i * 60, (i + 1) * (s + 1)});
        list.append(series);
    }
    return list;
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class TestChartLegend : public QObject
{
    Q_OBJECT

private slots:
    void modelHidesAndIsolates()
    {
        ChartLegendModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<ChartLegendModel::Entry> entries{
            {QStringLiteral("a"), QStringLiteral("m{i=\"a\"}"), Qt::red},
            {QStringLiteral("b"), QStringLiteral("m{i=\"b\"}"), Qt::green},
            {QStringLiteral("c"), QStringLiteral("m{i=\"c\"}"), Qt::blue}};
        model.setEntries(entries);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(ChartLegendModel::ColumnCount));
        model.setStats({{5, 1, 9, 4.5}, {}, {}});
        QCOMPARE(cell(&model, 0, ChartLegendModel::LastColumn), QStringLiteral("5"));
        QCOMPARE(cell(&model, 0, ChartLegendModel::MeanColumn), QStringLiteral("4.5"));
        QCOMPARE(cell(&model, 1, ChartLegendModel::LastColumn), QStringLiteral("–"));
        QCOMPARE(model.index(0, 0).data(Qt::ToolTipRole).toString(), entries.at(0).key);
        QCOMPARE(model.index(2, 0).data(Qt::DecorationRole).value<QColor>(), QColor(Qt::blue));

        QSignalSpy changed(&model, &ChartLegendModel::visibilityChanged);
        model.toggle(1);
        QVERIFY(!model.isVisible(1));
        QVERIFY(model.isVisible(0) && model.isVisible(2));
        model.toggle(1);
        QVERIFY(model.isVisible(1));
        model.isolate(2);
        QVERIFY(!model.isVisible(0) && !model.isVisible(1) && model.isVisible(2));
        model.isolate(2); // again: all shown
        QVERIFY(model.isVisible(0) && model.isVisible(1) && model.isVisible(2));
        QCOMPARE(changed.count(), 4);

        // The same series again (a live reload) keep their visibility; others start shown.
        model.toggle(0);
        model.setEntries(entries);
        QVERIFY(!model.isVisible(0));
        model.setEntries({entries.at(0), entries.at(2)});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.isVisible(0) && model.isVisible(1));
        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
    }

    void tableUnderTheChart()
    {
        ChartWidget chart;
        chart.resize(900, 600);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.legendView()->isHidden());
        QAbstractItemModelTester tester(chart.legendModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        chart.setSeries(steps(3), QStringLiteral("processed_items"));
        QTableView *table = chart.legendView();
        QVERIFY(table->isVisible());
        QCOMPARE(table->textElideMode(), Qt::ElideMiddle);
        const QAbstractItemModel *model = table->model();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(cell(model, 1, 0), QStringLiteral("instance=\"host-1\""));
        QCOMPARE(model->index(1, 0).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("processed_items{instance=\"host-1\", job=\"batch\"}"));
        // Series 1 holds 2, 4, ..., 20.
        QCOMPARE(cell(model, 1, ChartLegendModel::LastColumn), QStringLiteral("20"));
        QCOMPARE(cell(model, 1, ChartLegendModel::MinColumn), QStringLiteral("2"));
        QCOMPARE(cell(model, 1, ChartLegendModel::MaxColumn), QStringLiteral("20"));
        QCOMPARE(cell(model, 1, ChartLegendModel::MeanColumn), QStringLiteral("11"));
        // Every row fits without scrolling (up to five).
        QVERIFY(table->viewport()->height() >= 3 * table->rowHeight(0));
        auto *view = chart.findChild<QChartView *>();
        QVERIFY(!view->chart()->legend()->isVisible());

        // Statistics of the visible span only: minutes 2 to 5 hold 6, 8, 10, 12.
        chart.zoomToRange(kStart + 120, kStart + 300);
        QTRY_COMPARE(cell(model, 1, ChartLegendModel::LastColumn), QStringLiteral("12"));
        QCOMPARE(cell(model, 1, ChartLegendModel::MinColumn), QStringLiteral("6"));
        QCOMPARE(cell(model, 1, ChartLegendModel::MeanColumn), QStringLiteral("9"));
        chart.resetZoom();

        // A click hides a series (and the value axis fits the others), Ctrl+click isolates.
        const double topBefore = chart.valueAxisRange().second;
        const QList<QAbstractSeries *> lines = view->chart()->series();
        QWidget *rows = table->viewport();
        QTest::mouseClick(rows, Qt::LeftButton, {}, table->visualRect(model->index(2, 0)).center());
        QVERIFY(!chart.isSeriesVisible(2));
        QVERIFY(!lines.at(2)->isVisible());
        QVERIFY(lines.at(0)->isVisible() && lines.at(1)->isVisible());
        QVERIFY(chart.valueAxisRange().second < topBefore);
        QTest::mouseClick(rows, Qt::LeftButton, Qt::ControlModifier,
                          table->visualRect(model->index(0, 3)).center());
        QVERIFY(chart.isSeriesVisible(0));
        QVERIFY(!chart.isSeriesVisible(1) && !chart.isSeriesVisible(2));
        QVERIFY(!lines.at(1)->isVisible());
        if (qEnvironmentVariableIsSet("PUSHSCOPE_CHART_SCREENSHOT")) {
            QCoreApplication::processEvents(); // Qt Charts lays out on a posted event
            chart.grab().save(qEnvironmentVariable("PUSHSCOPE_CHART_SCREENSHOT"));
        }
        QTest::mouseClick(rows, Qt::LeftButton, Qt::ControlModifier,
                          table->visualRect(model->index(0, 0)).center());
        for (int i = 0; i < 3; ++i)
            QVERIFY(chart.isSeriesVisible(i) && lines.at(i)->isVisible());

        // Hidden stays hidden across a live reload of the same series.
        QTest::mouseClick(rows, Qt::LeftButton, {}, table->visualRect(model->index(1, 0)).center());
        chart.setSeries(steps(3), QStringLiteral("processed_items"));
        QVERIFY(!chart.isSeriesVisible(1));
        QVERIFY(!view->chart()->series().at(1)->isVisible());
        QVERIFY(view->chart()->series().at(0)->isVisible());

        // A short chart keeps most of its height for the plot: the table scrolls.
        chart.setSeries(steps(5), QStringLiteral("processed_items"));
        chart.resize(500, 220);
        QTRY_VERIFY(chart.legendView()->height() <= 220 * 0.3);
        QVERIFY(chart.legendView()->height() >= chart.legendView()->rowHeight(0));
        QTRY_VERIFY(chart.plotHeight() > chart.legendView()->height());
    }
};

QTEST_MAIN(TestChartLegend)
#include "tst_chartlegend.moc"
