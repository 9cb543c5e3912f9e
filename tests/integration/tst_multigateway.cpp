// Issue 6: three real gateways watched at once, one of them stopped and one reached through
// a proxy that delays every answer longer than the poll interval. Each gateway is polled on
// its own: the healthy one keeps its cadence, the stopped one says why it fails, the slow one
// reports its latency, and the sidebar's list model says all of it, row by row.

#include "delayproxy.h"
#include "gateway/groupingkey.h"
#include "model/gatewaylistmodel.h"
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>
#include <array>
#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayEndpoint;
using pushscope::GatewayListModel;
using pushscope::GatewayMonitor;
using pushscope::GatewaySetup;
using pushscope::Labels;
using pushscope::testing::DelayProxy;
using pushscope::testing::gatewayVersion;
using pushscope::testing::manualPath;
using pushscope::testing::PushgatewayProcess;

namespace {

constexpr auto kPollInterval = 300ms;
constexpr auto kProxyDelay = 2500ms;
constexpr auto kRequestTimeout = 5s;
constexpr auto kWindow = 4s;
constexpr int kWaitMs = 10000;
// The share of window / interval polls the healthy gateway must complete in the window.
constexpr double kCadenceShare = 0.7;

enum Gateway { A, B, C, GatewayCount };

GatewayEndpoint endpointOf(const QString &url)
{
    GatewayEndpoint endpoint;
    QString error;
    const bool ok = GatewayEndpoint::parse(url, &endpoint, &error);
    Q_ASSERT_X(ok, "endpointOf", qPrintable(error));
    return endpoint;
}

Labels labels(const QString &job, const QString &instance)
{
    return {{u"job"_s, job}, {u"instance"_s, instance}};
}

QByteArray successText()
{
    return "# TYPE job_last_success_unixtime gauge\njob_last_success_unixtime " +
           QByteArray::number(QDateTime::currentSecsSinceEpoch()) + '\n';
}

} // namespace

class TestMultiGateway : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { m_monitor.reset(); }
    void healthyGatewayKeepsItsCadence();

private:
    QString describe(int gateway) const;
    int rowsOf(int gateway) const;

    std::unique_ptr<GatewayMonitor> m_monitor;
};

QString TestMultiGateway::describe(int gateway) const
{
    const auto &state = m_monitor->state(gateway);
    return u"%1: ok=%2 polling=%3 latency=%4 ms error='%5'"_s.arg(state.name)
        .arg(state.ok)
        .arg(state.polling)
        .arg(state.latencyMs)
        .arg(state.error);
}

int TestMultiGateway::rowsOf(int gateway) const
{
    int rows = 0;
    for (int count : m_monitor->model()->outcomeCounts(gateway))
        rows += count;
    return rows;
}

void TestMultiGateway::healthyGatewayKeepsItsCadence()
{
    std::array<std::unique_ptr<PushgatewayProcess>, GatewayCount> servers;
    for (auto &server : servers) {
        server = std::make_unique<PushgatewayProcess>();
        PUSHSCOPE_START_SERVER(*server);
    }
    const QList<Labels> groupsOfA{labels(u"backup"_s, u"a1"_s), labels(u"backup"_s, u"a2"_s),
                                  labels(u"report"_s, u"a3"_s)};
    for (const Labels &group : groupsOfA)
        QCOMPARE(servers[A]->push(manualPath(group), successText()).status, 200);
    QCOMPARE(servers[B]->push(manualPath(labels(u"etl"_s, u"b1"_s)), successText()).status, 200);
    QCOMPARE(servers[C]->push(manualPath(labels(u"slow"_s, u"c1"_s)), successText()).status, 200);

    DelayProxy proxy(servers[C]->port(), kProxyDelay);
    PUSHSCOPE_START_OR_END(proxy.listen(&startError_));

    m_monitor = std::make_unique<GatewayMonitor>();
    GatewayListModel list(m_monitor.get());
    QAbstractItemModelTester listTester(&list,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tableTester(m_monitor->model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    const std::array<QString, GatewayCount> urls{servers[A]->url(), servers[B]->url(), proxy.url()};
    const std::array<QString, GatewayCount> names{u"healthy"_s, u"stopped"_s, u"slow"_s};
    for (int gateway = A; gateway < GatewayCount; ++gateway) {
        GatewaySetup setup;
        setup.endpoint = endpointOf(urls[size_t(gateway)]);
        setup.name = names[size_t(gateway)];
        setup.interval = kPollInterval;
        setup.timeout = kRequestTimeout;
        QCOMPARE(m_monitor->addGateway(setup), gateway);
    }
    QCOMPARE(list.rowCount(), 1 + GatewayCount);

    // Every applied poll, per gateway, with when it came.
    QElapsedTimer clock;
    clock.start();
    std::array<QList<qint64>, GatewayCount> applied;
    QObject receiver; // goes before `applied` does, and the connection with it
    connect(m_monitor.get(), &GatewayMonitor::pollApplied, &receiver,
            [&](int gateway) { applied[size_t(gateway)].append(clock.elapsed()); });

    // B goes away before the first poll: its port is closed, every poll is refused at once.
    servers[B]->stop();
    m_monitor->start();
    // C's first poll is on its way (2.5 s): the sidebar says so.
    QCOMPARE(GatewayListModel::Status(
                 list.index(GatewayListModel::rowOf(C)).data(GatewayListModel::StatusRole).toInt()),
             GatewayListModel::Status::Polling);
    QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->state(A).ok, qPrintable(describe(A)), kWaitMs);
    QCOMPARE(rowsOf(A), int(groupsOfA.size()));
    QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->state(B).lastPollAt.isValid(), qPrintable(describe(B)),
                              kWaitMs);
    QVERIFY2(!m_monitor->state(B).ok, qPrintable(describe(B)));
    QVERIFY2(m_monitor->state(B).error.contains(u"Connection refused"_s), qPrintable(describe(B)));

    // The window: A against the clock while C's poll is in flight and B keeps failing.
    const qint64 windowStart = clock.elapsed();
    const std::array<qsizetype, GatewayCount> before{applied[A].size(), applied[B].size(),
                                                     applied[C].size()};
    int cPollingSeen = 0;
    int aRowsLost = 0;
    QElapsedTimer window;
    window.start();
    while (window.elapsed() < std::chrono::milliseconds(kWindow).count()) {
        QTest::qWait(50);
        cPollingSeen += m_monitor->state(C).polling ? 1 : 0;
        aRowsLost += rowsOf(A) == int(groupsOfA.size()) ? 0 : 1;
    }
    const qint64 windowMs = clock.elapsed() - windowStart;
    const QList<qint64> aPolls = applied[A].mid(before[A]);
    const qsizetype bPolls = applied[B].size() - before[B];
    const qsizetype cPolls = applied[C].size() - before[C];
    const int expected = int(double(windowMs) / double(kPollInterval.count()));
    const int required = int(kCadenceShare * expected);
    qint64 longestGap = aPolls.isEmpty() ? windowMs : aPolls.first() - windowStart;
    for (qsizetype i = 1; i < aPolls.size(); ++i)
        longestGap = qMax(longestGap, aPolls.at(i) - aPolls.at(i - 1));
    qInfo("window %lld ms: A applied %lld polls (window/interval %d, required %d), longest gap "
          "%lld ms; B %lld failed polls; C %lld answers, in flight in %d of the samples",
          windowMs, qint64(aPolls.size()), expected, required, longestGap, qint64(bPolls),
          qint64(cPolls), cPollingSeen);
    QVERIFY2(aPolls.size() >= required, qPrintable(describe(A)));
    QVERIFY2(longestGap < kProxyDelay.count() / 2, qPrintable(QString::number(longestGap)));
    QCOMPARE(aRowsLost, 0);
    QVERIFY2(bPolls >= required, qPrintable(describe(B))); // refused at once: same cadence
    QVERIFY(cPollingSeen > 0);
    QVERIFY2(cPolls <= 2, qPrintable(describe(C))); // ≥ 2.5 s each: at most two in 4 s
    QVERIFY(m_monitor->state(A).ok);
    QVERIFY(!m_monitor->state(B).ok);

    // C answers, late: its latency is at least the proxy's delay.
    QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->state(C).everOk, qPrintable(describe(C)), kWaitMs);
    qInfo("C: latency %lld ms (delay %lld ms), %d proxied connections",
          m_monitor->state(C).latencyMs, qint64(kProxyDelay.count()), proxy.acceptedConnections());
    QVERIFY2(m_monitor->state(C).latencyMs >= kProxyDelay.count(), qPrintable(describe(C)));
    QCOMPARE(rowsOf(C), 1);
    QCOMPARE(rowsOf(A), int(groupsOfA.size()));
    QCOMPARE(rowsOf(B), 0);

    // The sidebar's rows.
    using Status = GatewayListModel::Status;
    auto rowData = [&](int gateway, int role) {
        return list.index(GatewayListModel::rowOf(gateway)).data(role);
    };
    QCOMPARE(rowData(-1, Qt::DisplayRole).toString(), u"All gateways"_s);
    for (int gateway = A; gateway < GatewayCount; ++gateway) {
        QCOMPARE(rowData(gateway, Qt::DisplayRole).toString(), names[size_t(gateway)]);
        QCOMPARE(rowData(gateway, GatewayListModel::GatewayIndexRole).toInt(), gateway);
    }
    QCOMPARE(Status(rowData(A, GatewayListModel::StatusRole).toInt()), Status::Ok);
    QCOMPARE(Status(rowData(B, GatewayListModel::StatusRole).toInt()), Status::Error);
    const auto statusOfC = Status(rowData(C, GatewayListModel::StatusRole).toInt());
    QVERIFY2(statusOfC == Status::Polling || statusOfC == Status::Ok,
             qPrintable(QString::number(int(statusOfC))));
    QCOMPARE(Status(rowData(-1, GatewayListModel::StatusRole).toInt()), Status::Error);

    // Every server here is the same binary: its version, read from the gateway itself.
    const QString version = gatewayVersion(servers[A]->url());
    QVERIFY(!version.isEmpty());
    const QString detailOfA = rowData(A, GatewayListModel::DetailRole).toString();
    QVERIFY2(detailOfA.contains(u"v"_s + version), qPrintable(detailOfA));
    QVERIFY2(detailOfA.contains(u"3\u00a0group"_s), qPrintable(detailOfA));
    QVERIFY2(detailOfA.contains(u"\u00a0ms"_s), qPrintable(detailOfA));
    QVERIFY2(rowData(A, GatewayListModel::WarningRole).toString().isEmpty(),
             qPrintable(rowData(A, GatewayListModel::WarningRole).toString()));
    const QString warningOfB = rowData(B, GatewayListModel::WarningRole).toString();
    QCOMPARE(warningOfB, m_monitor->state(B).error);
    QVERIFY2(warningOfB.contains(u"Connection refused"_s), qPrintable(warningOfB));
    QTRY_VERIFY_WITH_TIMEOUT(
        rowData(C, GatewayListModel::DetailRole).toString().contains(u"v"_s + version), kWaitMs);
    QVERIFY(rowData(-1, GatewayListModel::DetailRole).toString().contains(u"4\u00a0group"_s));

    // B comes back on its port: polled again, and now its version and admin API state are
    // known too, though it was down when the monitor started.
    QString restartError;
    QVERIFY2(servers[B]->restart(&restartError), qPrintable(restartError));
    QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->state(B).ok, qPrintable(describe(B)), kWaitMs);
    QCOMPARE(rowsOf(B), 1);
    QCOMPARE(Status(rowData(B, GatewayListModel::StatusRole).toInt()), Status::Ok);
    QTRY_VERIFY2_WITH_TIMEOUT(!m_monitor->state(B).version.isEmpty(),
                              qPrintable(rowData(B, GatewayListModel::DetailRole).toString()),
                              kWaitMs);
    QVERIFY(m_monitor->state(B).adminApiEnabled.has_value());
    QVERIFY(rowData(B, GatewayListModel::DetailRole).toString().contains(u"v"_s + version));

    // Stopping closes every connection the proxy still holds.
    proxy.stop();
    QCOMPARE(proxy.openConnections(), 0);
}

QTEST_GUILESS_MAIN(TestMultiGateway)
#include "tst_multigateway.moc"
