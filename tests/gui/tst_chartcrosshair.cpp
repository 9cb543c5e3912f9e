// The crosshair: a vertical line follows the pointer over the plot, and one label lists every
// shown series' value at that time (the last point at or before it), formatted like the axis,
// under the time in the app's date format. The label stays inside the plot: it never covers
// the chart's title. PUSHSCOPE_CHART_SCREENSHOT=<file.png> saves a picture with the crosshair.

#include "chart/chartlegendmodel.h"
#include "chart/chartwidget.h"
#include "model/timeformat.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QGraphicsLineItem>
#include <QLabel>
#include <QTest>

using namespace pushscope;
using pushscope::ui::ChartWidget;

namespace {

constexpr double kStart = 1795000000;

TimeSeries series(const QString &instance, double value, double firstMinute = 0)
{
    TimeSeries s{
        QStringLiteral("processed_items"),
        {{QStringLiteral("instance"), instance}, {QStringLiteral("job"), QStringLiteral("b")}},
        {}};
    for (int i = int(firstMinute); i < 100; ++i)
        s.points.append({kStart + i * 60, value + i});
    return s;
}

QGraphicsLineItem *crosshairLine(QChart *chart)
{
    for (QGraphicsItem *item : chart->childItems()) {
        if (auto *line = qgraphicsitem_cast<QGraphicsLineItem *>(item))
            return line;
    }
    return nullptr;
}

} // namespace

class TestChartCrosshair : public QObject
{
    Q_OBJECT

private slots:
    void listsEveryShownSeries()
    {
        ChartWidget chart;
        chart.resize(900, 560);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // host-c starts at minute 60: before that it has no value to show.
        chart.setSeries({series(QStringLiteral("a"), 12000), series(QStringLiteral("b"), 5),
                         series(QStringLiteral("c"), 7e9, 60)},
                        QStringLiteral("processed_items"));
        QCoreApplication::processEvents();
        auto *view = chart.findChild<QChartView *>();
        QChart *qchart = view->chart();
        QWidget *viewport = view->viewport();
        QLabel *label = chart.crosshairLabel();
        QVERIFY(!label->isVisible());

        // Over the plot at 40.5 minutes: the points of minute 40.
        const QRectF plot = qchart->plotArea();
        const QPointF at40 = qchart->mapToPosition(QPointF((kStart + 40.5 * 60) * 1000, 0));
        const QPoint pointer =
            view->mapFromScene(qchart->mapToScene(QPointF(at40.x(), plot.center().y())));
        QTest::mouseMove(viewport, pointer);
        QTRY_VERIFY(label->isVisible());
        const QString text = label->text();
        QVERIFY2(text.contains(QStringLiteral("instance=\"a\": <b>12.04k</b>")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("instance=\"b\": <b>45</b>")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("instance=\"c\"")), qPrintable(text));
        // The pointer's time in the app's format (to the hour: the pointer is a pixel wide).
        const QString time =
            formatTimestamp(QDateTime::fromSecsSinceEpoch(qint64(kStart + 40.5 * 60))).left(13);
        QVERIFY2(text.contains(time), qPrintable(text + QStringLiteral(" / ") + time));
        QGraphicsLineItem *line = crosshairLine(qchart);
        QVERIFY(line && line->isVisible());
        QVERIFY(std::abs(line->line().x1() - at40.x()) < 2);
        QCOMPARE(line->line().y1(), plot.top());

        // Later, host-c has values too: with an SI prefix, as on the axis.
        const QPointF at80 = qchart->mapToPosition(QPointF((kStart + 80 * 60 + 1) * 1000, 0));
        QTest::mouseMove(viewport,
                         view->mapFromScene(qchart->mapToScene(QPointF(at80.x(), plot.top() + 5))));
        QTRY_VERIFY(label->text().contains(QStringLiteral("instance=\"c\": <b>7G</b>")));
        if (qEnvironmentVariableIsSet("PUSHSCOPE_CHART_SCREENSHOT"))
            chart.grab().save(qEnvironmentVariable("PUSHSCOPE_CHART_SCREENSHOT"));
        // The label is inside the plot, below the title.
        const QPoint plotTop = view->mapFromScene(qchart->mapToScene(plot.topLeft()));
        QVERIFY2(label->y() >= plotTop.y(), qPrintable(QString::number(label->y())));
        QVERIFY(label->geometry().right() <= viewport->width());

        // A hidden series is not listed.
        chart.legendModel()->toggle(0);
        QTest::mouseMove(viewport, pointer);
        QTRY_VERIFY(label->isVisible());
        QVERIFY(!label->text().contains(QStringLiteral("instance=\"a\"")));
        QVERIFY(label->text().contains(QStringLiteral("instance=\"b\"")));

        // Off the plot (over the title): gone.
        QTest::mouseMove(viewport, QPoint(pointer.x(), 2));
        QTRY_VERIFY(!label->isVisible());
        QVERIFY(!line->isVisible());
    }
};

QTEST_MAIN(TestChartCrosshair)
#include "tst_chartcrosshair.moc"
