// The chart widget on the offscreen platform: lines and legend from TimeSeries, decimation
// to the plot width, a picture that is not blank, PNG export, zoom and reset, hover text
// (the crosshair label) and the empty state. PUSHSCOPE_CHART_SCREENSHOT=<file.png> saves a picture
// of the chart.

#include "chart/chartwidget.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QGraphicsView>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using pushscope::Labels;
using pushscope::TimeSeries;
using pushscope::ui::ChartWidget;

namespace {

constexpr double kStart = 1795000000; // Unix seconds

QList<TimeSeries> waves(int count, int points, double step = 10)
{
    QList<TimeSeries> list;
    for (int s = 0; s < count; ++s) {
        TimeSeries series;
        series.name = QStringLiteral("processed_items");
        series.labels = Labels{{QStringLiteral("instance"), QStringLiteral("host-%1").arg(s)},
                               {QStringLiteral("job"), QStringLiteral("batch")}};
        for (int i = 0; i < points; ++i)
            series.points.append({kStart + i * step,
                                  100 * s + 40 * std::sin(i / 40.0 + s) + (i % 97 == 0 ? 30 : 0)});
        list.append(series);
    }
    return list;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

} // namespace

class TestChartWidget : public QObject
{
    Q_OBJECT

private slots:
    // In a dark palette the chart's background, title and axis labels go dark with it (a
    // white plot in a dark window glares), and come back as they were in a light one.
    void followsADarkPalette()
    {
        ChartWidget chart;
        chart.resize(640, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QChart *plot = chart.findChild<QChartView *>()->chart();
        const QBrush lightBackground = plot->backgroundBrush();
        const QColor lightLabels = plot->axes().constFirst()->labelsBrush().color();
        QVERIFY(lightLabels.lightness() < 128); // dark text on the light theme

        QPalette dark = chart.palette();
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        chart.setPalette(dark);
        QCOMPARE(plot->backgroundBrush().color(), QColor(0x1e, 0x1e, 0x1e));
        for (const QAbstractAxis *axis : plot->axes())
            QCOMPARE(axis->labelsBrush().color(), QColor(0xe0, 0xe0, 0xe0));
        QCOMPARE(plot->titleBrush().color(), QColor(0xe0, 0xe0, 0xe0));

        chart.setPalette(QPalette(QColor(0xf0, 0xf0, 0xf0))); // light again
        QCOMPARE(plot->backgroundBrush(), lightBackground);
        QCOMPARE(plot->axes().constFirst()->labelsBrush().color(), lightLabels);
    }

    void emptyStateWithoutSeries()
    {
        ChartWidget chart;
        chart.resize(640, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.isEmpty());
        QVERIFY(chart.findChild<QGraphicsView *>()->isHidden());
        chart.setEmptyText(QStringLiteral("No history yet"));
        const QList<QLabel *> labels = chart.findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](QLabel *label) {
            return label->isVisible() && label->text() == QStringLiteral("No history yet");
        }));
        // Series without any finite point count as nothing.
        TimeSeries nan{QStringLiteral("x"), {}, {{kStart, std::nan("")}}};
        chart.setSeries({nan, TimeSeries{}});
        QVERIFY(chart.isEmpty());
        QTemporaryDir dir;
        QVERIFY(!chart.exportPng(dir.filePath(QStringLiteral("empty.png"))));
    }

    // A short chart gets fewer value labels rather than labels elided to "…" (seen in the
    // main window's chart panel under the Demo dock).
    // Four series in the main window's chart at 1280x720: the legend (sized by its share of
    // the height) and the plot's minimum did not both fit, and the plot covered the legend's
    // header and first row. The legend scrolls instead.
    void legendAndPlotDoNotOverlap()
    {
        QWidget holder;
        auto *chart = new ChartWidget(&holder);
        chart->setMinimumPlotHeight(160);
        holder.resize(383, 318);
        chart->setGeometry(0, 0, 383, 318);
        holder.show();
        QVERIFY(QTest::qWaitForWindowExposed(&holder));
        chart->setSeries(waves(4, 50), QStringLiteral("processed_items"));
        QCoreApplication::processEvents();
        QTableView *legend = chart->findChild<QTableView *>(QStringLiteral("chartLegend"));
        QGraphicsView *view = chart->findChild<QGraphicsView *>();
        QVERIFY(legend && view && legend->isVisible());
        QTRY_VERIFY2(view->geometry().bottom() < legend->geometry().top(),
                     qPrintable(QStringLiteral("plot ends at %1, legend starts at %2")
                                    .arg(view->geometry().bottom())
                                    .arg(legend->geometry().top())));
        QVERIFY(legend->geometry().bottom() <= chart->height());
        QVERIFY(chart->minimumSizeHint().height() <= chart->height());
        QVERIFY(legend->height() >= legend->horizontalHeader()->height() + 10); // a row shows
    }

    void shortChartKeepsValueLabelsApart()
    {
        ChartWidget chart;
        chart.resize(420, 250);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(waves(3, 50), QStringLiteral("processed_items"));
        QTRY_VERIFY(chart.plotHeight() > 0);
        QCoreApplication::processEvents();
        QVERIFY2(chart.plotHeight() / (chart.valueTickCount() - 1) >= 24,
                 qPrintable(QStringLiteral("%1 labels on %2 px")
                                .arg(chart.valueTickCount())
                                .arg(chart.plotHeight())));

        chart.resize(900, 600); // a tall chart: the usual half a dozen
        QTRY_VERIFY(chart.valueTickCount() >= 5);
        // Only the height shrinks (the window's details column): fewer labels again, also
        // where rounding the axis outwards would add a step (138..529 on one interval).
        chart.resize(900, 200);
        QTRY_VERIFY(chart.valueTickCount() > 1 &&
                    chart.plotHeight() / (chart.valueTickCount() - 1) >= 24);
        TimeSeries counter{QStringLiteral("processed_items"), {}, {}};
        for (int i = 0; i < 40; ++i)
            counter.points.append({kStart + i * 10, 138 + i * 10});
        chart.resize(900, 175);
        chart.setSeries({counter});
        QTRY_VERIFY(chart.plotHeight() < 60);
        QCoreApplication::processEvents();
        // A label needs about 30 px.
        QVERIFY2(chart.valueTickCount() - 1 <= std::max(1, int(chart.plotHeight()) / 30),
                 qPrintable(chart.valueAxisLabels().join(u' ') +
                            QStringLiteral(" on %1 px").arg(chart.plotHeight())));
    }

    void fillsTheChart()
    {
        ChartWidget chart;
        chart.resize(900, 520);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(waves(3, 50), QStringLiteral("processed_items"),
                        QStringLiteral("PushScope's own history since 17:05"));
        QVERIFY(!chart.isEmpty());
        QCOMPARE(chart.drawnSeriesCount(), 3);
        QCOMPARE(chart.drawnPointCounts(), (QList<int>{50, 50, 50})); // small: not decimated
        QCOMPARE(chart.legendTexts(), (QStringList{QStringLiteral("instance=\"host-0\""),
                                                   QStringLiteral("instance=\"host-1\""),
                                                   QStringLiteral("instance=\"host-2\"")}));
        QVERIFY(chart.findChild<QGraphicsView *>()->isVisible());

        // Large series are decimated to about the plot width.
        chart.setSeries(waves(2, 11000), QStringLiteral("big"));
        QCOMPARE(chart.drawnSeriesCount(), 2);
        for (const int count : chart.drawnPointCounts()) {
            QVERIFY2(count > 100 && count <= 2 * 900 + 2, qPrintable(QString::number(count)));
        }

        // One series: the legend names it by all its labels.
        chart.setSeries(waves(1, 5));
        QCOMPARE(chart.legendTexts(),
                 QStringList{QStringLiteral("instance=\"host-0\", job=\"batch\"")});
    }

    void pictureIsNotBlankAndExports()
    {
        ChartWidget chart;
        chart.resize(900, 520);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(waves(5, 2000), QStringLiteral("processed_items"),
                        QStringLiteral("from Prometheus"));
        QCoreApplication::processEvents();
        const QImage image = chart.grab().toImage();
        QVERIFY2(distinctColours(image) > 20, qPrintable(QString::number(distinctColours(image))));
        if (qEnvironmentVariableIsSet("PUSHSCOPE_CHART_SCREENSHOT"))
            image.save(qEnvironmentVariable("PUSHSCOPE_CHART_SCREENSHOT"));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chart.png"));
        QVERIFY(chart.exportPng(path));
        QImage written(path);
        QVERIFY(!written.isNull());
        QVERIFY(written.width() > 400);
        QVERIFY(distinctColours(written) > 20);
    }

    void zoomAndReset()
    {
        ChartWidget chart;
        chart.resize(900, 520);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(waves(2, 11000));
        const auto full = chart.visibleRange();
        QCOMPARE(full.first, kStart);
        QCOMPARE(full.second, kStart + 10 * 10999);
        QPushButton *reset = nullptr;
        for (QPushButton *button : chart.findChildren<QPushButton *>()) {
            if (button->text() == QStringLiteral("Reset zoom"))
                reset = button;
        }
        QVERIFY(reset);
        QVERIFY(!reset->isEnabled());

        // Drag across the middle of the plot.
        QGraphicsView *view = chart.findChild<QGraphicsView *>();
        QWidget *viewport = view->viewport();
        const int y = viewport->height() / 2;
        QTest::mousePress(viewport, Qt::LeftButton, {}, QPoint(viewport->width() * 2 / 5, y));
        QTest::mouseMove(viewport, QPoint(viewport->width() / 2, y));
        QTest::mouseMove(viewport, QPoint(viewport->width() * 3 / 5, y));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, QPoint(viewport->width() * 3 / 5, y));
        QVERIFY(chart.isZoomed());
        QVERIFY(reset->isEnabled());
        const auto zoomed = chart.visibleRange();
        QVERIFY(zoomed.first > full.first && zoomed.second < full.second);
        // The visible span is decimated again: about a plot width of points in it.
        QTRY_VERIFY(chart.drawnPointCounts().first() > 100);
        QVERIFY(chart.drawnPointCounts().first() < 11000);

        reset->click();
        QVERIFY(!chart.isZoomed());
        QVERIFY(!reset->isEnabled());
        QCOMPARE(chart.visibleRange(), full);

        chart.zoomToRange(kStart + 40000, kStart + 60000);
        QVERIFY(chart.isZoomed());
        QCOMPARE(chart.visibleRange(), (QPair<double, double>{kStart + 40000, kStart + 60000}));
        if (qEnvironmentVariableIsSet("PUSHSCOPE_CHART_SCREENSHOT")) {
            QTRY_VERIFY(chart.drawnPointCounts().first() > 100);
            chart.grab().save(qEnvironmentVariable("PUSHSCOPE_CHART_SCREENSHOT") +
                              QStringLiteral("-zoomed.png"));
        }

        // New series end the zoom, and say so: the panel turns Follow live back on.
        QSignalSpy zoomChanges(&chart, &ChartWidget::zoomChanged);
        chart.setSeries(waves(2, 500));
        QVERIFY(!chart.isZoomed());
        QVERIFY(!reset->isEnabled());
        QCOMPARE(zoomChanges.count(), 1);
        QCOMPARE(zoomChanges.first().first().toBool(), false);
        chart.setSeries(waves(2, 400)); // not zoomed before: nothing to say
        QCOMPARE(zoomChanges.count(), 1);
    }

    void hoverShowsTimeAndValue()
    {
        ChartWidget chart;
        chart.resize(700, 450);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        TimeSeries flat{QStringLiteral("processed_items"),
                        {{QStringLiteral("job"), QStringLiteral("batch")}},
                        {}};
        for (int i = 0; i < 100; ++i)
            flat.points.append({kStart + i * 60, 12345});
        chart.setSeries({flat});
        QCoreApplication::processEvents();
        // The flat line runs across the middle of the plot: move down through it.
        QGraphicsView *view = chart.findChild<QGraphicsView *>();
        QWidget *viewport = view->viewport();
        QLabel *hover = nullptr;
        for (int y = viewport->height() / 4; y < viewport->height() * 3 / 4 && !hover; ++y) {
            QTest::mouseMove(viewport, QPoint(viewport->width() / 2, y));
            for (QLabel *label : view->findChildren<QLabel *>()) {
                if (label->isVisible())
                    hover = label;
            }
        }
        QVERIFY(hover);
        // Formatted as on the axis: four significant digits with an SI prefix.
        QVERIFY2(hover->text().contains(QStringLiteral("12.35k")), qPrintable(hover->text()));
        QVERIFY(hover->text().contains(QStringLiteral("job=\"batch\"")));
        QVERIFY(hover->text().contains(
            QDateTime::fromSecsSinceEpoch(qint64(kStart)).toString(QStringLiteral("yyyy-MM-dd"))));
    }

    void singlePointSeries()
    {
        ChartWidget chart;
        chart.resize(600, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(waves(1, 1));
        QCOMPARE(chart.drawnPointCounts(), QList<int>{1});
        const auto range = chart.visibleRange();
        QVERIFY(range.first < kStart && range.second > kStart);
    }
};

QTEST_MAIN(TestChartWidget)
#include "tst_chartwidget.moc"
