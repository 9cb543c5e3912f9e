// View ▸ Advice…: the dialog lists the findings the window's own groups and learned cadences
// give (no Prometheus here), each with its evidence, and "Select these groups" selects a
// finding's groups in the table, through the filter, ready for Delete….

#include "advice/advicedialog.h"
#include "demo/sandbox.h"
#include "model/gatewaymonitor.h"
#include "model/groupfilterproxy.h"
#include "prometheus/scrapehealthmonitor.h"
#include "serverprocess.h"
#include "testhelpers.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kStartMs = 1795540083000;

Group pushedAt(const QString &job, const QString &instance, double pushTime)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}, {u"instance"_s, instance}});
    group.pushTime = pushTime;
    return group;
}

} // namespace

class TestAdviceDialog : public QObject
{
    Q_OBJECT

private slots:
    void findingsAndSelection();
    void prometheusFindings();
    void inTheViewMenu();
};

void TestAdviceDialog::findingsAndSelection()
{
    qint64 nowMs = kStartMs;
    GatewayMonitor monitor;
    GroupTableModel *model = monitor.model();
    model->setLocalClock([&nowMs] { return nowMs; });
    const int gateway = model->addGateway(u"gw"_s);
    // Three hosts pushing every 2 minutes for five polls; two groups last pushed 5 days ago.
    const double old = kStartMs / 1000.0 - 5 * 86400;
    for (int i = 0; i < 5; ++i) {
        Snapshot snapshot;
        for (const QString &host : {u"web-1.example.com"_s, u"web-2.example.com"_s, u"10.0.0.3"_s})
            snapshot.groups.append(pushedAt(u"node_cron"_s, host, nowMs / 1000.0 - 1));
        snapshot.groups.append(pushedAt(u"gone"_s, u"a"_s, old));
        snapshot.groups.append(pushedAt(u"gone"_s, u"b"_s, old - 60));
        snapshot.groups.append(pushedAt(u"billing"_s, u"main"_s, nowMs / 1000.0 - 5));
        model->applySnapshot(gateway, snapshot, 0);
        nowMs += 120000;
    }

    QWidget window;
    auto *table = new QTableView(&window);
    GroupFilterProxy filter;
    filter.setSourceModel(model);
    table->setModel(&filter);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);

    ui::AdviceDialog dialog(&monitor, nullptr, table, &window);
    QSignalSpy ready(&dialog, &ui::AdviceDialog::findingsReady);
    dialog.refresh();
    QCOMPARE(ready.size(), 1); // no Prometheus: answered at once
    QStringList kinds;
    for (const AdviceFinding &finding : dialog.findings())
        kinds.append(Advice::kindName(finding.kind));
    QCOMPARE(kinds, (QStringList{u"scrape-unchecked"_s, u"unchanged"_s, u"machine-level"_s}));

    // Each finding with its evidence below it; the cadence learned from the polls is cited.
    QTreeWidget *list = dialog.list();
    QCOMPARE(list->topLevelItemCount(), 3);
    QTreeWidgetItem *machine = list->topLevelItem(2);
    QVERIFY(machine->text(0).contains(u"textfile collector"_s));
    QCOMPARE(machine->text(2), u"3"_s);
    QStringList evidence;
    for (int i = 0; i < machine->childCount(); ++i)
        evidence.append(machine->child(i)->text(0));
    QVERIFY2(evidence.join(u'\n').contains(u"pushed every few minutes"_s),
             qPrintable(evidence.join(u'\n')));

    // The unchecked scrape has no groups to select; the cleanup candidates do.
    list->setCurrentItem(list->topLevelItem(0));
    QVERIFY(!dialog.selectButton()->isEnabled());
    list->setCurrentItem(list->topLevelItem(1)->child(0)); // an evidence line of the finding
    QVERIFY(dialog.selectButton()->isEnabled());
    dialog.selectButton()->click();
    QStringList selected;
    for (const QModelIndex &index : table->selectionModel()->selectedRows())
        selected.append(index.data(GroupTableModel::GroupingKeyRole).toString());
    selected.sort();
    QCOMPARE(selected,
             (QStringList{u"{job=\"gone\",instance=\"a\"}"_s, u"{job=\"gone\",instance=\"b\"}"_s}));

    // A group the filter hides is not selected, and the dialog says so.
    QVERIFY(filter.setFilterExpression(u"{instance=\"a\"}"_s));
    QCOMPARE(dialog.selectGroupsOf(1), 1);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
}

// The window's Prometheus (the scrape check's) is asked about every gateway: the sandbox's
// scrapes its gateway without honor_labels, and another gateway is no target at all.
void TestAdviceDialog::prometheusFindings()
{
    Sandbox::Config config;
    config.scrapeInterval = std::chrono::seconds(1);
    config.honorLabels = false;
    Sandbox sandbox(config);
    PUSHSCOPE_START_SANDBOX(sandbox);
    testing::PushgatewayProcess other;
    PUSHSCOPE_START_SERVER(other);
    const QByteArray body = "# TYPE job_success gauge\njob_success 1\n";
    QCOMPARE(other.push(testing::manualPath({{u"job"_s, u"a"_s}}), body).status, 200);

    GatewayMonitor monitor;
    for (const QString &url : {sandbox.gatewayUrl(), other.url()}) {
        GatewayEndpoint endpoint;
        QString error;
        QVERIFY2(GatewayEndpoint::parse(url, &endpoint, &error), qPrintable(error));
        monitor.addGateway(endpoint, std::chrono::seconds(1), std::chrono::seconds(5));
    }
    ScrapeHealthMonitor scrapeHealth(&monitor);
    scrapeHealth.setDefaultPrometheus(QUrl(sandbox.prometheusUrl()));
    scrapeHealth.setInterval(std::chrono::seconds(1));
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor.state(0).everOk && monitor.state(1).everOk, 20000);
    // A new Prometheus lists its targets a few seconds after it is ready.
    QTRY_VERIFY_WITH_TIMEOUT(scrapeHealth.health(0) && scrapeHealth.health(0)->scraped, 30000);

    QTableView table;
    table.setModel(monitor.model());
    ui::AdviceDialog dialog(&monitor, &scrapeHealth, &table);
    QSignalSpy ready(&dialog, &ui::AdviceDialog::findingsReady);
    dialog.refresh();
    QVERIFY(dialog.isChecking());
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 30000);
    QStringList kinds;
    for (const AdviceFinding &finding : dialog.findings())
        kinds.append(Advice::kindName(finding.kind) + u" "_s + finding.gateway);
    QVERIFY2(kinds.contains(u"honor-labels-off "_s + monitor.model()->gatewayName(0)),
             qPrintable(kinds.join(u'\n')));
    QVERIFY2(kinds.contains(u"not-scraped "_s + monitor.model()->gatewayName(1)),
             qPrintable(kinds.join(u'\n')));
}

void TestAdviceDialog::inTheViewMenu()
{
    GatewayMonitor monitor;
    ui::MainWindow window(&monitor);
    QAction *advice = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->menu() && menu->text() == u"&View"_s) {
            for (QAction *action : menu->menu()->actions()) {
                if (action->text() == u"&Advice…"_s)
                    advice = action;
            }
        }
    }
    QVERIFY(advice);
    advice->trigger();
    auto *dialog = window.findChild<ui::AdviceDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isChecking());
    dialog->close();
}

QTEST_MAIN(TestAdviceDialog)
#include "tst_advicedialog.moc"
