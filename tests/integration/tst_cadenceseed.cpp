// A group's cadence is known at start-up from the history of the Prometheus that scrapes
// its gateway: real prometheus-pushgateway and prometheus (the demo sandbox), a job pushed
// every 2 s before PushScope starts, then a GatewayMonitor whose polls alone would have
// seen one push.

#include "demo/sandbox.h"
#include "gateway/gatewayendpoint.h"
#include "model/gatewaymonitor.h"
#include "prometheus/cadenceseeder.h"
#include "prometheus/scrapehealthmonitor.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QSignalSpy>
#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

class TestCadenceSeed : public QObject
{
    Q_OBJECT

private slots:
    void cadenceFromHistoryAtStartUp_data();
    void cadenceFromHistoryAtStartUp();
};

void TestCadenceSeed::cadenceFromHistoryAtStartUp_data()
{
    QTest::addColumn<bool>("honorLabels");
    QTest::newRow("honor_labels on") << true;
    QTest::newRow("honor_labels off") << false;
}

void TestCadenceSeed::cadenceFromHistoryAtStartUp()
{
    QFETCH(bool, honorLabels);
    Sandbox::Config config;
    config.scrapeInterval = std::chrono::seconds(1);
    config.honorLabels = honorLabels;
    Sandbox sandbox(config);
    PUSHSCOPE_START_SANDBOX(sandbox);
    QVERIFY(testing::waitForFirstScrape(sandbox.prometheusUrl()));

    const Labels nightly{{u"instance"_s, u"a"_s}, {u"job"_s, u"nightly"_s}};
    const Labels hourly{{u"job"_s, u"hourly"_s}}; // no instance label
    const QByteArray body = "# TYPE job_success gauge\njob_success 1\n";
    constexpr int kPushes = 6;
    for (int i = 0; i < kPushes; ++i) {
        if (i > 0)
            QTest::qWait(2000);
        for (const Labels &key : {nightly, hourly}) {
            const auto put = testing::httpRequest(
                "PUT", QUrl(sandbox.gatewayUrl() + testing::manualPath(key)), body);
            QCOMPARE(put.status, 200);
        }
    }
    QTest::qWait(2500); // the last push scraped

    GatewayMonitor monitor;
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY2(GatewayEndpoint::parse(sandbox.gatewayUrl(), &endpoint, &error), qPrintable(error));
    monitor.addGateway(endpoint, std::chrono::seconds(2), std::chrono::seconds(5));
    ScrapeHealthMonitor scrapeHealth(&monitor);
    scrapeHealth.setDefaultPrometheus(QUrl(sandbox.prometheusUrl()));
    scrapeHealth.setInterval(std::chrono::seconds(1));
    CadenceSeeder seeder(&monitor, &scrapeHealth);
    QSignalSpy seeded(&seeder, &CadenceSeeder::seeded);
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(!seeded.isEmpty(), 30000);
    QVERIFY2(seeder.status(0).startsWith(u"Cadences seeded from "_s), qPrintable(seeder.status(0)));

    const GroupTableModel *model = monitor.model();
    for (const Labels &key : {nightly, hourly}) {
        const int row = model->rowOf(0, GroupingKey(key));
        QVERIFY(row >= 0);
        const CadenceEstimate cadence = model->cadenceAt(row);
        const QString what = GroupingKey(key).toString() + u": "_s + Cadence::format(cadence) +
                             u" from "_s + QString::number(cadence.pushes) + u" pushes"_s;
        // Every push the gateway took, though the monitor's polls saw only the last one.
        QVERIFY2(cadence.pushes >= kPushes - 1, qPrintable(what));
        QCOMPARE(int(cadence.kind), int(CadenceEstimate::Kind::Regular));
        QVERIFY2(cadence.intervalSeconds >= 1.8 && cadence.intervalSeconds <= 2.8,
                 qPrintable(what));
    }
    // What waits for a group that may come: nothing with honor_labels on; with it off,
    // each series' second reading (its labels as they are), which no group has.
    QVERIFY(model->pendingSeedCount(0) <= (honorLabels ? 0 : 2));

    // Seeded once per gateway and Prometheus: later scrape checks ask no more.
    const int checks = int(seeded.size());
    QTest::qWait(3000);
    QCOMPARE(int(seeded.size()), checks);
}

QTEST_MAIN(TestCadenceSeed)
#include "tst_cadenceseed.moc"
