// The gateways sidebar of the main window on the offscreen platform, fed by two real
// prometheus-pushgateways holding different groups: it lists "All gateways" and each
// gateway, choosing one in the list narrows the table to its groups, and a stopped or paused
// gateway shows its status in its row.

#include "connections/gatewaysidebar.h"
#include "model/gatewaylistmodel.h"
#include "model/gatewaymonitor.h"
#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"
#include "serverprocess.h"
#include "testhelpers.h"
#include "window/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QListView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <algorithm>
#include <array>
#include <memory>
#include <vector>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayEndpoint;
using pushscope::GatewayListModel;
using pushscope::GatewayMonitor;
using pushscope::GroupTableModel;
using pushscope::testing::gatewayVersion;
using pushscope::testing::manualPath;
using pushscope::testing::PushgatewayProcess;
using pushscope::ui::MainWindow;
using Status = pushscope::GatewayListModel::Status;

namespace {

constexpr auto kPollInterval = 300ms;
constexpr int kWaitMs = 10000;
constexpr int kGroupsOfFirst = 2;
constexpr int kGroupsOfSecond = 3;

} // namespace

class TestSidebar : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listsEveryGateway();
    void choosingGatewayFiltersTable();
    void stoppedGatewayShowsError();
    void pausedShowsPaused();

private:
    QListView *list() const { return m_window->sidebar()->view(); }
    QVariant rowData(int gateway, int role) const;
    Status statusOf(int gateway) const;
    void clickRow(int row);
    // The gateway index of every row the table's filter lets through.
    QList<int> visibleGateways() const;
    void grabSidebar(const QString &path);

    std::array<std::unique_ptr<PushgatewayProcess>, 2> m_servers;
    std::unique_ptr<GatewayMonitor> m_monitor;
    std::unique_ptr<MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void TestSidebar::init()
{
    const QByteArray now = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray text =
        "# TYPE job_last_success_unixtime gauge\njob_last_success_unixtime " + now + '\n';
    m_monitor = std::make_unique<GatewayMonitor>();
    for (size_t i = 0; i < m_servers.size(); ++i) {
        m_servers[i] = std::make_unique<PushgatewayProcess>();
        PUSHSCOPE_START_SERVER(*m_servers[i]);
        const int groups = i == 0 ? kGroupsOfFirst : kGroupsOfSecond;
        for (int g = 0; g < groups; ++g) {
            const pushscope::Labels labels{{u"job"_s, i == 0 ? u"nightly"_s : u"hourly"_s},
                                           {u"instance"_s, u"host-%1"_s.arg(g)}};
            QCOMPARE(m_servers[i]->push(manualPath(labels), text).status, 200);
        }
        GatewayEndpoint endpoint;
        QString error;
        QVERIFY2(GatewayEndpoint::parse(m_servers[i]->url(), &endpoint, &error), qPrintable(error));
        m_monitor->addGateway(endpoint, kPollInterval, 5s);
    }
    m_window = std::make_unique<MainWindow>(m_monitor.get());
    for (QAbstractItemModel *model :
         {static_cast<QAbstractItemModel *>(m_window->sidebar()->model()),
          static_cast<QAbstractItemModel *>(m_window->filterProxy())})
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    m_window->resize(1100, 650);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_monitor->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->filterProxy()->rowCount(), kGroupsOfFirst + kGroupsOfSecond,
                              kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        !m_monitor->state(0).version.isEmpty() && !m_monitor->state(1).version.isEmpty(), kWaitMs);
}

void TestSidebar::cleanup()
{
    m_testers.clear();
    m_window.reset();
    m_monitor.reset();
    for (auto &server : m_servers)
        server.reset();
}

QVariant TestSidebar::rowData(int gateway, int role) const
{
    const QAbstractItemModel *model = list()->model();
    return model->index(GatewayListModel::rowOf(gateway), 0).data(role);
}

Status TestSidebar::statusOf(int gateway) const
{
    return Status(rowData(gateway, GatewayListModel::StatusRole).toInt());
}

void TestSidebar::clickRow(int row)
{
    const QModelIndex index = list()->model()->index(row, 0);
    list()->scrollTo(index);
    const QRect rect = list()->visualRect(index);
    QVERIFY2(rect.isValid() && list()->viewport()->rect().contains(rect.center()),
             qPrintable(u"row %1 not visible"_s.arg(row)));
    QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(list()->currentIndex().row(), row);
}

QList<int> TestSidebar::visibleGateways() const
{
    const QAbstractItemModel *proxy = m_window->filterProxy();
    QList<int> gateways;
    for (int row = 0; row < proxy->rowCount(); ++row)
        gateways.append(proxy->index(row, 0).data(GroupTableModel::GatewayIndexRole).toInt());
    std::sort(gateways.begin(), gateways.end());
    return gateways;
}

void TestSidebar::grabSidebar(const QString &path)
{
    QCoreApplication::processEvents(); // the delegate's row heights after the last change
    const QImage image = m_window->sidebar()->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY2(image.save(path), qPrintable(path));
    qInfo("sidebar %dx%d saved to %s", image.width(), image.height(), qPrintable(path));
}

void TestSidebar::listsEveryGateway()
{
    QVERIFY(m_window->sidebar()->isVisible());
    QCOMPARE(list()->model()->rowCount(), 3);
    QCOMPARE(rowData(-1, Qt::DisplayRole).toString(), u"All gateways"_s);
    QCOMPARE(rowData(-1, GatewayListModel::GatewayIndexRole).toInt(), -1);
    for (int gateway = 0; gateway < 2; ++gateway) {
        QCOMPARE(rowData(gateway, Qt::DisplayRole).toString(), m_servers[size_t(gateway)]->url());
        QCOMPARE(rowData(gateway, GatewayListModel::GatewayIndexRole).toInt(), gateway);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(gateway), Status::Ok, kWaitMs);
        const QString detail = rowData(gateway, GatewayListModel::DetailRole).toString();
        const QString version = gatewayVersion(m_servers[size_t(gateway)]->url());
        QVERIFY(!version.isEmpty());
        QVERIFY2(detail.contains(u"v"_s + version), qPrintable(detail));
        const int groups = gateway == 0 ? kGroupsOfFirst : kGroupsOfSecond;
        QVERIFY2(detail.contains(u"%1\u00a0group"_s.arg(groups)), qPrintable(detail));
        QVERIFY(rowData(gateway, GatewayListModel::WarningRole).toString().isEmpty());
    }
    QCOMPARE(statusOf(-1), Status::Ok);
    QVERIFY(rowData(-1, GatewayListModel::DetailRole).toString().contains(u"5\u00a0group"_s));
    QCOMPARE(m_window->sidebar()->currentGateway(), std::nullopt);
}

void TestSidebar::choosingGatewayFiltersTable()
{
    const QList<int> all{0, 0, 1, 1, 1};
    QCOMPARE(visibleGateways(), all);

    clickRow(GatewayListModel::rowOf(1));
    QCOMPARE(m_window->sidebar()->currentGateway(), std::optional<int>(1));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->filterProxy()->rowCount(), kGroupsOfSecond, kWaitMs);
    QCOMPARE(visibleGateways(), QList<int>({1, 1, 1}));
    QCOMPARE(m_window->table()->model()->rowCount(), kGroupsOfSecond);
    // A poll later the choice still holds.
    QSignalSpy applied(m_monitor.get(), &GatewayMonitor::pollApplied);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() >= 4, kWaitMs);
    QCOMPARE(visibleGateways(), QList<int>({1, 1, 1}));

    clickRow(GatewayListModel::rowOf(0));
    QTRY_COMPARE_WITH_TIMEOUT(visibleGateways(), QList<int>({0, 0}), kWaitMs);

    clickRow(GatewayListModel::rowOf(-1));
    QCOMPARE(m_window->sidebar()->currentGateway(), std::nullopt);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->filterProxy()->rowCount(), kGroupsOfFirst + kGroupsOfSecond,
                              kWaitMs);
    QCOMPARE(visibleGateways(), all);
}

void TestSidebar::stoppedGatewayShowsError()
{
    m_servers[0]->stop();
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(0), Status::Error, kWaitMs);
    const QString warning = rowData(0, GatewayListModel::WarningRole).toString();
    QVERIFY2(!warning.isEmpty(), qPrintable(warning));
    QCOMPARE(warning, m_monitor->state(0).error);
    QCOMPARE(statusOf(1), Status::Ok);
    QCOMPARE(statusOf(-1), Status::Error);
    // Its groups stay in the table, out of date.
    QCOMPARE(m_window->filterProxy()->rowCount(), kGroupsOfFirst + kGroupsOfSecond);
    // The warning makes its row taller than the healthy one's.
    const QRect failing = list()->visualRect(list()->model()->index(GatewayListModel::rowOf(0), 0));
    const QRect healthy = list()->visualRect(list()->model()->index(GatewayListModel::rowOf(1), 0));
    QVERIFY2(failing.height() > healthy.height(),
             qPrintable(u"%1 vs %2"_s.arg(failing.height()).arg(healthy.height())));
    QVERIFY(!failing.intersects(healthy));
    grabSidebar(u"/tmp/sidebar.png"_s);
}

void TestSidebar::pausedShowsPaused()
{
    m_monitor->setPaused(true);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(0), Status::Paused, kWaitMs);
    QCOMPARE(statusOf(1), Status::Paused);
    QCOMPARE(statusOf(-1), Status::Paused);
    grabSidebar(u"/tmp/sidebar_paused.png"_s);

    m_monitor->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(0), Status::Ok, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(1), Status::Ok, kWaitMs);
}

QTEST_MAIN(TestSidebar)
#include "tst_sidebar.moc"
