// Export PNG at a chosen size: the size dialog (1600 × 900 by default), a picture drawn
// off-screen at exactly that size with a header naming the gateway, the query, the range and
// the export time (ISO 8601 with the zone), and the chart on screen left as it was.

#include "chart/chartexport.h"
#include "chart/chartwidget.h"
#include "model/timeformat.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QImage>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace pushscope;
using pushscope::ui::ChartAnnotations;
using pushscope::ui::ChartExportDialog;
using pushscope::ui::ChartWidget;

namespace {

constexpr double kStart = 1795000000;

QList<TimeSeries> waves(int count)
{
    QList<TimeSeries> list;
    for (int s = 0; s < count; ++s) {
        TimeSeries series{QStringLiteral("processed_items"),
                          {{QStringLiteral("instance"), QStringLiteral("host-%1").arg(s)}},
                          {}};
        for (int i = 0; i < 3000; ++i)
            series.points.append({kStart + i * 10, 1000 * s + 400 * std::sin(i / 50.0 + s)});
        list.append(series);
    }
    return list;
}

int darkPixels(const QImage &image, const QRect &area)
{
    int dark = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            dark += qGray(image.pixel(x, y)) < 100 ? 1 : 0;
    }
    return dark;
}

// The most separate runs of dark (text) pixels on one row below `top`: the time axis' labels.
int mostTextRuns(const QImage &image, int top)
{
    int most = 0;
    for (int y = top; y < image.height(); ++y) {
        int runs = 0;
        int lastDark = -100;
        for (int x = 0; x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) >= 100)
                continue;
            if (x - lastDark > 25)
                ++runs;
            lastDark = x;
        }
        most = std::max(most, runs);
    }
    return most;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

} // namespace

class TestChartExport : public QObject
{
    Q_OBJECT

private slots:
    void dialogDefaults()
    {
        ChartExportDialog dialog;
        QCOMPARE(dialog.imageSize(), QSize(1600, 900));
        dialog.findChild<QSpinBox *>(QStringLiteral("exportWidth"))->setValue(800);
        QCOMPARE(dialog.imageSize(), QSize(800, 900));
    }

    void headerNamesWhatIsShown()
    {
        ChartAnnotations annotations{QStringLiteral("sandbox"),
                                     QStringLiteral("processed_items{job=\"demo\"}"),
                                     kStart,
                                     kStart + 3600,
                                     QDateTime::currentDateTime(),
                                     QStringLiteral("from Prometheus")};
        setTimesInUtc(true);
        QStringList lines = ui::annotationLines(annotations);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).startsWith(QStringLiteral("sandbox")), qPrintable(lines.at(0)));
        QVERIFY(lines.at(0).contains(formatTimestamp(kStart)));
        QVERIFY(lines.at(0).contains(formatTimestamp(kStart + 3600)));
        QVERIFY2(lines.at(0).contains(QRegularExpression(
                     QStringLiteral("exported \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:"
                                    "\\d\\d(Z|[+-]\\d\\d:\\d\\d)$"))),
                 qPrintable(lines.at(0)));
        QVERIFY(lines.at(0).endsWith(u'Z'));
        QCOMPARE(lines.at(1), annotations.query + QStringLiteral("  ·  from Prometheus"));
        setTimesInUtc(false);
        lines = ui::annotationLines(annotations);
        QVERIFY2(lines.at(0).contains(QRegularExpression(QStringLiteral("T\\d\\d:\\d\\d:\\d\\d[+-]"
                                                                        "\\d\\d:\\d\\d$"))),
                 qPrintable(lines.at(0)));
    }

    void picturesAtTheChosenSize()
    {
        ChartWidget chart;
        chart.resize(700, 420);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setSeries(waves(3), QStringLiteral("processed_items"),
                        QStringLiteral("PushScope's own history since 17:05"));
        chart.setExportContext(QStringLiteral("sandbox"), QStringLiteral("processed_items"));
        QCoreApplication::processEvents();
        auto *view = chart.findChild<QChartView *>();
        const QSizeF shownSize = view->chart()->size();
        const QList<int> shownPoints = chart.drawnPointCounts();
        QCOMPARE(chart.annotations().gateway, QStringLiteral("sandbox"));
        QCOMPARE(chart.annotations().from, kStart);
        QCOMPARE(chart.annotations().source, QStringLiteral("PushScope's own history since 17:05"));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.png"));
        QVERIFY(chart.exportPng(path, QSize(1600, 900), chart.annotations()));
        const QImage big(path);
        QCOMPARE(big.size(), QSize(1600, 900));
        // The header holds text; the chart under it lines in several colours.
        QVERIFY(darkPixels(big, QRect(0, 0, 800, 44)) > 200);
        QVERIFY2(distinctColours(big) > 20, qPrintable(QString::number(distinctColours(big))));
        // Laid out for its own width: hourly time labels over the 8 h 20 min (12:00 to 19:00),
        // not the on-screen chart's fewer ones.
        QVERIFY2(mostTextRuns(big, 60) >= 8, qPrintable(QString::number(mostTextRuns(big, 60))));
        if (qEnvironmentVariableIsSet("PUSHSCOPE_CHART_SCREENSHOT"))
            big.save(qEnvironmentVariable("PUSHSCOPE_CHART_SCREENSHOT") +
                     QStringLiteral("-export.png"));

        const QString small = dir.filePath(QStringLiteral("small.png"));
        QVERIFY(chart.exportPng(small, QSize(640, 360), chart.annotations()));
        QCOMPARE(QImage(small).size(), QSize(640, 360));

        // The chart on screen is as it was: size, no legend of Qt Charts, same decimation.
        QCoreApplication::processEvents();
        QCOMPARE(view->chart()->size(), shownSize);
        QVERIFY(!view->chart()->legend()->isVisible());
        QTRY_VERIFY(std::abs(chart.drawnPointCounts().first() - shownPoints.first()) <
                    shownPoints.first() / 10);
        // The old export of the widget as shown still works.
        QVERIFY(chart.exportPng(dir.filePath(QStringLiteral("shown.png"))));
        QCOMPARE(QImage(dir.filePath(QStringLiteral("shown.png"))).size(), view->size());
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
