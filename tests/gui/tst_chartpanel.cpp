// The chart panel on the offscreen platform: the selected group's family charted from
// PushScope's own history (a real prometheus-pushgateway, no Prometheus), from a real
// prometheus (the demo sandbox), and from the history again when Prometheus is down.

#include "chart/chartpanel.h"
#include "chart/chartwidget.h"
#include "demo/sandbox.h"
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "prometheus/promql.h"
#include "serverprocess.h"
#include "window/mainwindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QTableView>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayEndpoint;
using pushscope::GatewayMonitor;
using pushscope::GroupingKey;
using pushscope::Sandbox;
using pushscope::testing::httpRequest;
using pushscope::testing::PushgatewayProcess;
using pushscope::ui::ChartPanel;
using pushscope::ui::MainWindow;

namespace {

constexpr int kWaitMs = 10000;
const QString kPath = u"/metrics/job/chart_job/instance/host-1"_s;

QByteArray groupText(int processed)
{
    return "# TYPE job_duration_seconds gauge\njob_duration_seconds 1.5\n"
           "# TYPE processed_items counter\nprocessed_items " +
           QByteArray::number(processed) + '\n';
}

GroupingKey chartKey()
{
    return GroupingKey({{u"instance"_s, u"host-1"_s}, {u"job"_s, u"chart_job"_s}});
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

// A window on `gatewayUrl` with the first row selected once it is there.
struct Dashboard {
    GatewayMonitor monitor;
    std::unique_ptr<MainWindow> window;

    bool open(const QString &gatewayUrl)
    {
        GatewayEndpoint endpoint;
        QString error;
        if (!GatewayEndpoint::parse(gatewayUrl, &endpoint, &error))
            return false;
        monitor.addGateway(endpoint, 300ms, 5s);
        window = std::make_unique<MainWindow>(&monitor);
        window->show();
        monitor.start();
        return QTest::qWaitForWindowExposed(window.get());
    }
    ChartPanel *chart() const { return window->chartPanel(); }
};

} // namespace

class TestChartPanel : public QObject
{
    Q_OBJECT

private slots:
    void historyWithoutPrometheus();
    void prometheusDownFallsBackToHistory();
    void sandboxPrometheus();
    void resortedTableKeepsTheChart();
    void manySelectedChartTheFirst20();

private:
    void pushTwiceAndSelect(Dashboard *board, const std::function<int(const QByteArray &)> &push);
};

void TestChartPanel::pushTwiceAndSelect(Dashboard *board,
                                        const std::function<int(const QByteArray &)> &push)
{
    QCOMPARE(push(groupText(5)), 200);
    QTRY_COMPARE_WITH_TIMEOUT(board->window->table()->model()->rowCount(), 1, kWaitMs);
    board->window->selectFirstRow();
    QCOMPARE(board->chart()->groupCount(), 1);
    QCOMPARE(board->chart()->familyBox()->currentText(), u"processed_items"_s);
    QVERIFY(board->chart()->rateBox()->isEnabled());
    QTest::qWait(1100); // a later push time
    QCOMPARE(push(groupText(9)), 200);
    QTRY_VERIFY_WITH_TIMEOUT(board->monitor.history()
                                     ->history(0, chartKey(), u"processed_items"_s)
                                     .value(0)
                                     .points.size() >= 2,
                             kWaitMs);
}

void TestChartPanel::historyWithoutPrometheus()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    Dashboard board;
    QVERIFY(board.open(server.url()));
    pushTwiceAndSelect(&board,
                       [&](const QByteArray &text) { return server.push(kPath, text).status; });

    ChartPanel *chart = board.chart();
    QTRY_VERIFY_WITH_TIMEOUT(chart->chart()->drawnPointCounts().value(0) >= 2, kWaitMs);
    QVERIFY(chart->chart()->drawnSeriesCount() > 0);
    QVERIFY2(chart->sourceNote().startsWith(u"PushScope's own history since"_s),
             qPrintable(chart->sourceNote()));
    QCOMPARE(chart->queryEdit()->text(), pushscope::selectorFor(u"processed_items"_s, chartKey()));
    QVERIFY(chart->queryEdit()->isReadOnly());

    // The chart takes all the panel's height below its controls (it once took half).
    QCoreApplication::processEvents();
    const QRect chartArea = chart->chart()->geometry();
    QVERIFY2(chartArea.bottom() >= chart->height() - 12,
             qPrintable(u"chart ends at %1 of %2"_s.arg(chartArea.bottom()).arg(chart->height())));
    QVERIFY2(chartArea.top() <= chart->queryEdit()->geometry().bottom() + 12,
             qPrintable(u"chart starts at %1"_s.arg(chartArea.top())));
    const QImage image = chart->chart()->grab().toImage();
    QVERIFY2(distinctColours(image) > 20, qPrintable(QString::number(distinctColours(image))));

    // A zoom stops Follow live (the next poll would throw it away); Reset zoom resumes it.
    QVERIFY(chart->followBox()->isChecked());
    const int drawnBefore = chart->chart()->drawnPointCounts().value(0);
    chart->chart()->zoomToRange(QDateTime::currentSecsSinceEpoch() - 3,
                                QDateTime::currentSecsSinceEpoch() - 1);
    QVERIFY(!chart->followBox()->isChecked());
    QTest::qWait(1000); // polls go on (every 300 ms): the zoom stays
    QVERIFY(chart->chart()->isZoomed());
    chart->chart()->resetZoom();
    QVERIFY(chart->followBox()->isChecked());
    QVERIFY(chart->chart()->drawnPointCounts().value(0) >= drawnBefore);

    // The gauge, then the counter's rate (computed from the history).
    chart->familyBox()->setCurrentText(u"job_duration_seconds"_s);
    QVERIFY(!chart->rateBox()->isEnabled());
    QCOMPARE(chart->queryEdit()->text(),
             pushscope::selectorFor(u"job_duration_seconds"_s, chartKey()));
    chart->familyBox()->setCurrentText(u"processed_items"_s);
    chart->rateBox()->setChecked(true);
    QVERIFY(chart->queryEdit()->text().startsWith(u"rate("_s));
    QTRY_VERIFY_WITH_TIMEOUT(chart->chart()->drawnSeriesCount() > 0, kWaitMs);

    // Nothing selected: nothing drawn.
    board.window->table()->clearSelection();
    QTRY_COMPARE_WITH_TIMEOUT(chart->chart()->drawnSeriesCount(), 0, kWaitMs);
    QCOMPARE(chart->groupCount(), 0);
}

void TestChartPanel::prometheusDownFallsBackToHistory()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    Dashboard board;
    QVERIFY(board.open(server.url()));
    board.chart()->setPrometheusUrl(QUrl(u"http://127.0.0.1:1"_s));
    pushTwiceAndSelect(&board,
                       [&](const QByteArray &text) { return server.push(kPath, text).status; });

    ChartPanel *chart = board.chart();
    QTRY_VERIFY_WITH_TIMEOUT(chart->chart()->drawnPointCounts().value(0) >= 2, kWaitMs);
    QVERIFY(!chart->showsPrometheus());
    QVERIFY2(chart->sourceNote().contains(u"own history"_s), qPrintable(chart->sourceNote()));
    QVERIFY2(chart->sourceNote().contains(u"Prometheus failed:"_s),
             qPrintable(chart->sourceNote()));
}

void TestChartPanel::sandboxPrometheus()
{
    Sandbox sandbox;
    sandbox.start();
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.state() != Sandbox::State::Starting, 40000);
    if (sandbox.state() != Sandbox::State::Ready) {
        if (pushscope::testing::serversRequired())
            QFAIL("the sandbox did not start");
        QSKIP("the sandbox did not start (prometheus or prometheus-pushgateway missing?)");
    }
    Dashboard board;
    QVERIFY(board.open(sandbox.gatewayUrl()));
    board.chart()->setPrometheusUrl(QUrl(sandbox.prometheusUrl()));
    const QUrl push(sandbox.gatewayUrl() + kPath);
    pushTwiceAndSelect(
        &board, [&](const QByteArray &text) { return httpRequest("PUT", push, text).status; });

    ChartPanel *chart = board.chart();
    // Prometheus scrapes every 2 s; follow live reloads after each poll.
    QTRY_VERIFY_WITH_TIMEOUT(chart->showsPrometheus(), 30000);
    QVERIFY2(chart->sourceNote().contains(u"from Prometheus"_s), qPrintable(chart->sourceNote()));
    QCOMPARE(chart->queryEdit()->text(), pushscope::selectorFor(u"processed_items"_s, chartKey()));
    QVERIFY(chart->chart()->drawnSeriesCount() > 0);
    // The chart takes all the panel's height below its controls (it once took half).
    QCoreApplication::processEvents();
    const QRect chartArea = chart->chart()->geometry();
    QVERIFY2(chartArea.bottom() >= chart->height() - 12,
             qPrintable(u"chart ends at %1 of %2"_s.arg(chartArea.bottom()).arg(chart->height())));
    QVERIFY2(chartArea.top() <= chart->queryEdit()->geometry().bottom() + 12,
             qPrintable(u"chart starts at %1"_s.arg(chartArea.top())));
    const QImage image = chart->chart()->grab().toImage();
    QVERIFY2(distinctColours(image) > 20, qPrintable(QString::number(distinctColours(image))));
    sandbox.stop();
}

// The same groups re-sorted in the table are the same chart: the zoom stays, the series keep
// their order (a re-sort once read as a new selection and reloaded, throwing the zoom away).
void TestChartPanel::resortedTableKeepsTheChart()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    for (const char *host : {"a", "b", "c"})
        QCOMPARE(server.push(u"/metrics/job/sorted/instance/"_s + QLatin1String(host), groupText(3))
                     .status,
                 200);
    Dashboard board;
    QVERIFY(board.open(server.url()));
    QTableView *table = board.window->table();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 3, kWaitMs);
    table->selectAll();
    ChartPanel *chart = board.chart();
    QCOMPARE(chart->groupCount(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(chart->chart()->drawnSeriesCount() == 3, kWaitMs);
    const QString query = chart->queryEdit()->text();
    const double now = QDateTime::currentSecsSinceEpoch();
    chart->chart()->zoomToRange(now - 3, now - 1);
    QVERIFY(chart->chart()->isZoomed());

    const int sortColumn = table->horizontalHeader()->sortIndicatorSection();
    const Qt::SortOrder order = table->horizontalHeader()->sortIndicatorOrder();
    table->sortByColumn(pushscope::GroupTableModel::LabelsColumn,
                        order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
    QTest::qWait(1000); // polls every 300 ms read the selection again
    QVERIFY(chart->chart()->isZoomed());
    QCOMPARE(chart->queryEdit()->text(), query);
    table->sortByColumn(sortColumn, order);
}

// More groups selected than the chart draws: the first 20 in view order, and it says so (read
// from the selection's ranges, not selectedRows()).
void TestChartPanel::manySelectedChartTheFirst20()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    constexpr int kGroups = ChartPanel::kMaxGroups + 2;
    for (int host = 0; host < kGroups; ++host)
        QCOMPARE(server
                     .push(u"/metrics/job/many/instance/h%1"_s.arg(host, 2, 10, QLatin1Char('0')),
                           groupText(3))
                     .status,
                 200);
    Dashboard board;
    QVERIFY(board.open(server.url()));
    QTableView *table = board.window->table();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), kGroups, kWaitMs);
    table->selectAll();
    ChartPanel *chart = board.chart();
    QCOMPARE(chart->groupCount(), ChartPanel::kMaxGroups);
    QStringList labels;
    for (const QLabel *label : chart->findChildren<QLabel *>())
        labels << label->text();
    QVERIFY2(labels.contains(u"first 20 of 22"_s), qPrintable(labels.join(u" | "_s)));
    QTRY_COMPARE_WITH_TIMEOUT(chart->chart()->drawnSeriesCount(), ChartPanel::kMaxGroups, kWaitMs);
}

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
