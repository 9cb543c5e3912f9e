// Saved connections in the window: ConnectionsController watches the enabled gateways with
// their names, stale thresholds, HTTP settings and linked Prometheus, and gateways added in
// the Connections dialog are watched at once. Real prometheus-pushgateway processes.

#include "chart/chartpanel.h"
#include "connections/connectionscontroller.h"
#include "connections/gatewaysidebar.h"
#include "model/gatewaylistmodel.h"
#include "model/gatewaymonitor.h"
#include "prometheus/scrapehealthmonitor.h"
#include "serverprocess.h"
#include "table/copyactions.h"
#include "window/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::Connections;
using pushscope::GatewayConnection;
using pushscope::GatewayListModel;
using pushscope::GatewayMonitor;
using pushscope::PrometheusConnection;
using pushscope::testing::PushgatewayProcess;
using pushscope::ui::ConnectionsController;
using pushscope::ui::MainWindow;

namespace {

constexpr int kWaitMs = 10000;

GatewayConnection saved(const QString &id, const QString &name, const QString &url)
{
    GatewayConnection gateway;
    gateway.id = id;
    gateway.name = name;
    gateway.url = url;
    gateway.pollInterval = 300ms;
    return gateway;
}

} // namespace

class TestConnectionsController : public QObject
{
    Q_OBJECT

private slots:
    void watchesEnabledGateways();
    void dialogAdditionsAreWatchedAtOnce();
    void grafanaLinkChangesWithoutRestart();
};

void TestConnectionsController::watchesEnabledGateways()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    QCOMPARE(server.push(u"/metrics/job/etl"_s, "etl_rows 1\n").status, 200);

    Connections connections;
    GatewayConnection production = saved(u"p"_s, u"production"_s, server.url());
    production.staleAfterSeconds = 90;
    production.prometheusId = u"prom"_s;
    production.http.insecureSkipVerify = true; // shown as a warning, harmless over http
    production.http.username = u"ops"_s;       // over http: warned about too
    production.http.password = u"pw"_s;
    GatewayConnection staging = saved(u"s"_s, u"staging"_s, u"http://127.0.0.1:1"_s);
    staging.readOnly = true;
    GatewayConnection disabled = saved(u"d"_s, u"old"_s, u"http://127.0.0.1:2"_s);
    disabled.enabled = false;
    connections.gateways = {production, staging, disabled};
    connections.prometheus = {PrometheusConnection{u"prom"_s,
                                                   u"metrics"_s,
                                                   u"http://127.0.0.1:3/prom"_s,
                                                   {},
                                                   {},
                                                   u"http://127.0.0.1:4/grafana"_s,
                                                   u"uid-7"_s}};

    GatewayMonitor monitor;
    MainWindow window(&monitor);
    QAbstractItemModelTester tester(window.sidebar()->model());
    ConnectionsController controller(&window, &monitor, 2s);
    QSignalSpy watching(&controller, &ConnectionsController::watching);
    monitor.start();
    controller.watch(connections);
    QTRY_COMPARE_WITH_TIMEOUT(watching.count(), 1, kWaitMs);

    QCOMPARE(monitor.gatewayCount(), 2); // the disabled one is not watched
    const int p = controller.gatewayFor(u"p"_s);
    const int s = controller.gatewayFor(u"s"_s);
    QCOMPARE(controller.gatewayFor(u"d"_s), -1);
    QCOMPARE(monitor.state(p).name, u"production"_s);
    QCOMPARE(monitor.state(p).url, server.url());
    QVERIFY(monitor.state(s).readOnly);
    QCOMPARE(monitor.model()->staleAfter(p), 90.0);
    QVERIFY(monitor.poller(p)->client()->httpConfig().insecureSkipVerify);
    QCOMPARE(window.scrapeHealth()->prometheusUrl(p), QUrl(u"http://127.0.0.1:3/prom"_s));
    QVERIFY(window.scrapeHealth()->prometheusUrl(s).isEmpty());

    // The sidebar: production answers (with the TLS warning), staging is refused.
    GatewayListModel *list = window.sidebar()->model();
    QTRY_COMPARE_WITH_TIMEOUT(list->status(p), GatewayListModel::Status::Ok, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(list->status(s), GatewayListModel::Status::Error, kWaitMs);
    QVERIFY2(list->warning(p).contains(u"verification is off"_s), qPrintable(list->warning(p)));
    QVERIFY2(list->warning(p).contains(u"plain http"_s), qPrintable(list->warning(p)));
    QVERIFY(!list->warning(s).contains(u"plain http"_s)); // no credentials there
    QVERIFY2(list->warning(s).contains(u"refused"_s), qPrintable(list->warning(s)));
    QVERIFY2(list->detail(s).contains(u"read-only"_s), qPrintable(list->detail(s)));
    QTRY_VERIFY_WITH_TIMEOUT(list->detail(p).contains(u"1\u00a0group"_s), kWaitMs);

    // The chart of a production group comes from production's Prometheus; with nothing
    // selected there is none (PushScope's own history).
    QVERIFY(window.chartPanel()->prometheusUrl().isEmpty());
    QVERIFY(!window.copyActions()->openGrafanaAction()->isEnabled());
    window.selectFirstRow();
    QCOMPARE(window.chartPanel()->prometheusUrl(), QUrl(u"http://127.0.0.1:3/prom"_s));
    // ... and Open in Grafana Explore goes to the Grafana linked to that Prometheus.
    QVERIFY(window.copyActions()->openGrafanaAction()->isEnabled());
    const QString grafana = window.copyActions()->grafanaUrl().toString(QUrl::FullyEncoded);
    QVERIFY2(grafana.startsWith(u"http://127.0.0.1:4/grafana/explore?left="_s),
             qPrintable(grafana));
    QVERIFY2(grafana.contains(u"uid-7"_s), qPrintable(grafana));
}

void TestConnectionsController::dialogAdditionsAreWatchedAtOnce()
{
    PushgatewayProcess first;
    PushgatewayProcess second;
    PUSHSCOPE_START_SERVER(first);
    PUSHSCOPE_START_SERVER(second);
    QCOMPARE(first.push(u"/metrics/job/etl"_s, "etl_rows 1\n").status, 200);
    Connections before;
    before.gateways = {saved(u"a"_s, u"first"_s, first.url())};

    GatewayMonitor monitor;
    MainWindow window(&monitor);
    ConnectionsController controller(&window, &monitor, 2s);
    QSignalSpy watching(&controller, &ConnectionsController::watching);
    monitor.start();
    controller.watch(before);
    QTRY_COMPARE_WITH_TIMEOUT(watching.count(), 1, kWaitMs);
    QCOMPARE(monitor.gatewayCount(), 1);
    const pushscope::GroupingKey etl({{u"job"_s, u"etl"_s}});
    const auto historyPoints = [&] {
        return monitor.history()
            ->history(controller.gatewayFor(u"a"_s), etl, u"etl_rows"_s)
            .value(0)
            .points.size();
    };
    QTRY_VERIFY_WITH_TIMEOUT(historyPoints() == 1, kWaitMs);
    QTest::qWait(1100); // a later push time: a second point
    QCOMPARE(first.push(u"/metrics/job/etl"_s, "etl_rows 2\n").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(historyPoints() == 2, kWaitMs);

    // OK with one more gateway and the first unchanged: the new one is watched, nothing asks
    // for a restart (a modal question would block this test).
    Connections after = before;
    after.gateways.append(saved(u"b"_s, u"second"_s, second.url()));
    controller.applySaved(before, after);
    QCOMPARE(monitor.gatewayCount(), 2);
    QCOMPARE(monitor.state(controller.gatewayFor(u"b"_s)).name, u"second"_s);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.state(controller.gatewayFor(u"b"_s)).ok, kWaitMs);
    // The chart's own history of the first gateway survives the edit (it was wiped once).
    // A wiped history would hold only the last push again: one point.
    QCOMPARE(historyPoints(), qsizetype(2));

    // Saving the same again adds nothing.
    controller.applySaved(after, after);
    QCOMPARE(monitor.gatewayCount(), 2);
}

// A Grafana link set or cleared in the dialog works at once, with no restart asked for.
void TestConnectionsController::grafanaLinkChangesWithoutRestart()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    QCOMPARE(server.push(u"/metrics/job/etl"_s, "etl_rows 1\n").status, 200);
    Connections before;
    GatewayConnection gateway = saved(u"a"_s, u"etl"_s, server.url());
    gateway.prometheusId = u"prom"_s;
    before.gateways = {gateway};
    PrometheusConnection prometheus;
    prometheus.id = u"prom"_s;
    prometheus.url = u"http://127.0.0.1:3"_s;
    before.prometheus = {prometheus};

    GatewayMonitor monitor;
    MainWindow window(&monitor);
    ConnectionsController controller(&window, &monitor, 2s);
    QSignalSpy watching(&controller, &ConnectionsController::watching);
    monitor.start();
    controller.watch(before);
    QTRY_COMPARE_WITH_TIMEOUT(watching.count(), 1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(monitor.model()->rowCount(), 1, kWaitMs);
    window.selectFirstRow();
    QAction *open = window.copyActions()->openGrafanaAction();
    QVERIFY(!open->isEnabled());

    Connections after = before;
    after.prometheus[0].grafanaUrl = u"grafana.example:3000"_s;
    after.prometheus[0].grafanaDatasource = u"uid-9"_s;
    controller.applySaved(before, after);
    QVERIFY(open->isEnabled());
    const QString url = window.copyActions()->grafanaUrl().toString(QUrl::FullyEncoded);
    QVERIFY2(url.startsWith(u"http://grafana.example:3000/explore?left="_s), qPrintable(url));
    QVERIFY2(url.contains(u"uid-9"_s), qPrintable(url));

    controller.applySaved(after, before);
    QVERIFY(!open->isEnabled());
    QVERIFY(window.copyActions()->grafanaUrl().isEmpty());
}

QTEST_MAIN(TestConnectionsController)
#include "tst_connectionscontroller.moc"
