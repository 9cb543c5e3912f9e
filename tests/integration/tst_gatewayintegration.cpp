// GatewayClient, GatewayMonitor and GroupTableModel against a real prometheus-pushgateway:
// grouping keys with awkward values survive the round trip, outcomes come out right, and an
// outage keeps the last rows (marked out of date) until the gateway is back.

#include "gateway/gatewayclient.h"
#include "gateway/groupingkey.h"
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>
#include <memory>
#include <optional>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayClient;
using pushscope::GatewayEndpoint;
using pushscope::GatewayMonitor;
using pushscope::GroupingKey;
using pushscope::GroupTableModel;
using pushscope::Labels;
using pushscope::Outcome;
using pushscope::PushResult;
using pushscope::testing::gatewayKeys;
using pushscope::testing::manualPath;
using pushscope::testing::PushgatewayProcess;
using pushscope::testing::waitForFailedPush;

namespace {

// One push of exposition text to a grouping key, and the HTTP status the gateway must give.
struct Push {
    Labels key;
    QByteArray text;
    bool accepted = true;
};
constexpr bool kRejected = false;

constexpr auto kPollInterval = 300ms;
constexpr auto kRequestTimeout = 5s;
constexpr int kWaitMs = 10000;

GatewayEndpoint endpointOf(const PushgatewayProcess &server)
{
    GatewayEndpoint endpoint;
    QString error;
    const bool ok = GatewayEndpoint::parse(server.url(), &endpoint, &error);
    Q_ASSERT_X(ok, "endpointOf", qPrintable(error));
    return endpoint;
}

// Pushes with pushscope's own client, so the URL is built by GroupingKey::urlPath().
std::optional<PushResult> pushWithClient(GatewayClient &client, const GroupingKey &key,
                                         const QByteArray &text)
{
    auto result = std::make_shared<std::optional<PushResult>>();
    client.push(key, text, GatewayClient::PushMethod::Put,
                [result](const PushResult &pushed) { *result = pushed; });
    if (!QTest::qWaitFor([&] { return result->has_value(); }, kWaitMs))
        return std::nullopt;
    return *result;
}

QByteArray withNow(QByteArray text)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    text.replace("%NOW%", QByteArray::number(now));
    text.replace("%HOUR_AGO%", QByteArray::number(now - 3600));
    return text;
}

int rowOf(GroupTableModel *model, const Labels &labels)
{
    return model->rowOf(0, GroupingKey(labels));
}

QVariant cell(GroupTableModel *model, int row, int role, int column = 0)
{
    return model->index(row, column).data(role);
}

} // namespace

Q_DECLARE_METATYPE(Push)

class TestGatewayIntegration : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void groupingKeyRoundTrip_data();
    void groupingKeyRoundTrip();
    void outcomes_data();
    void outcomes();
    void postReplacesOnlyPushedFamilies();
    void staleAfterThreshold();
    void outageKeepsRowsAndRecovers();
    void familyNamedLabels_data();
    void familyNamedLabels();

private:
    std::unique_ptr<PushgatewayProcess> m_server;
};

void TestGatewayIntegration::init()
{
    m_server = std::make_unique<PushgatewayProcess>();
    PUSHSCOPE_START_SERVER(*m_server);
}

void TestGatewayIntegration::cleanup()
{
    if (QTest::currentTestFailed() && m_server)
        qWarning().noquote() << "Gateway log:" << QString::fromUtf8(m_server->log());
    m_server.reset();
}

void TestGatewayIntegration::groupingKeyRoundTrip_data()
{
    QTest::addColumn<Labels>("labels");
    auto row = [](const char *name, Labels labels) { QTest::newRow(name) << labels; };
    row("plain", {{u"job"_s, u"plain"_s}, {u"instance"_s, u"host-1.example_~"_s}});
    row("slash path", {{u"job"_s, u"backup"_s}, {u"path"_s, u"/var/tmp"_s}});
    row("slashes in job", {{u"job"_s, u"a/b/c"_s}, {u"instance"_s, u"x"_s}});
    row("lone slash", {{u"job"_s, u"root"_s}, {u"path"_s, u"/"_s}});
    row("empty instance", {{u"job"_s, u"empty"_s}, {u"instance"_s, QString()}});
    row("empty other label", {{u"job"_s, u"sharded"_s}, {u"shard"_s, QString()}});
    row("utf-8", {{u"job"_s, u"Προμηθεύς"_s}, {u"instance"_s, u"φωτιά"_s}});
    row("spaces", {{u"job"_s, u"nightly backup"_s}, {u"instance"_s, u"host 1"_s}});
    row("percent", {{u"job"_s, u"pct"_s}, {u"instance"_s, u"100%"_s}});
    row("encoded slash", {{u"job"_s, u"enc"_s}, {u"instance"_s, u"a%2Fb"_s}});
    row("plus", {{u"job"_s, u"plus"_s}, {u"instance"_s, u"a+b"_s}});
    row("equals", {{u"job"_s, u"eq"_s}, {u"instance"_s, u"a=b"_s}});
    row("dot", {{u"job"_s, u"dot"_s}, {u"instance"_s, u"."_s}});
    row("dot dot", {{u"job"_s, u"dotdot"_s}, {u"instance"_s, u".."_s}});
    row("query characters", {{u"job"_s, u"q"_s}, {u"instance"_s, u"a?b#c&d"_s}});
    row("many labels", {{u"job"_s, u"multi"_s},
                        {u"instance"_s, u"/"_s},
                        {u"zone"_s, u"eu west"_s},
                        {u"path"_s, u"/srv/data dir/"_s}});
}

void TestGatewayIntegration::groupingKeyRoundTrip()
{
    QFETCH(Labels, labels);
    const GroupingKey key(labels);
    GatewayClient client(endpointOf(*m_server));
    client.setTimeout(kRequestTimeout);

    // 1. pushscope's own URL.
    const auto pushed = pushWithClient(client, key, "# TYPE probe gauge\nprobe 1\n");
    QVERIFY(pushed.has_value());
    QVERIFY2(pushed->ok, qPrintable(pushed->error));
    QCOMPARE(pushed->httpStatus, 200);
    QList<GroupingKey> keys = gatewayKeys(m_server->url());
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first().toString(), key.toString());
    QVERIFY(keys.first() == key);

    // 2. The same key spelt by hand: it must address the very same group (replaced, not added).
    const auto manual = m_server->push(manualPath(labels), "# TYPE probe gauge\nprobe 2\n");
    QVERIFY2(manual.status == 200, manual.body.constData());
    keys = gatewayKeys(m_server->url());
    QCOMPARE(keys.size(), 1);
    QVERIFY(keys.first() == key);

    // 3. The monitor shows exactly that key, with the value of the second push.
    GatewayMonitor monitor;
    QAbstractItemModelTester tester(monitor.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    monitor.addGateway(endpointOf(*m_server), kPollInterval, kRequestTimeout);
    monitor.start();
    GroupTableModel *model = monitor.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kWaitMs);
    const pushscope::Group &group = model->groupAt(0);
    QCOMPARE(group.key.toString(), key.toString());
    QVERIFY(group.key == key);
    QVERIFY(!group.key.isAmbiguous());
    QCOMPARE(model->rowOf(0, key), 0);
    QCOMPARE(cell(model, 0, GroupTableModel::GroupingKeyRole).toString(), key.toString());
    QCOMPARE(group.families.size(), 1);
    QCOMPARE(group.families.first().name, u"probe"_s);
    QCOMPARE(group.families.first().samples.size(), 1);
    QCOMPARE(group.families.first().samples.first().value, 2.0);
}

void TestGatewayIntegration::outcomes_data()
{
    QTest::addColumn<QList<Push>>("pushes");
    QTest::addColumn<Labels>("checked");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<bool>("lastPushSuccessful");

    const Labels ok = {{u"job"_s, u"nightly"_s}, {u"instance"_s, u"a"_s}};
    QTest::newRow("job_last_success_unixtime now")
        << QList<Push>{{ok, "# TYPE job_last_success_unixtime gauge\n"
                            "job_last_success_unixtime %NOW%\n"}}
        << ok << int(Outcome::Success) << true;

    const Labels backup = {{u"job"_s, u"backup"_s}, {u"instance"_s, u"b"_s}};
    QTest::newRow("last failure newer than last success")
        << QList<Push>{{backup, "# TYPE backup_last_failure_timestamp_seconds gauge\n"
                                "backup_last_failure_timestamp_seconds %NOW%\n"
                                "# TYPE backup_last_success_timestamp_seconds gauge\n"
                                "backup_last_success_timestamp_seconds %HOUR_AGO%\n"}}
        << backup << int(Outcome::Failed) << true;

    QTest::newRow("last success newer than last failure")
        << QList<Push>{{backup, "# TYPE backup_last_failure_timestamp_seconds gauge\n"
                                "backup_last_failure_timestamp_seconds %HOUR_AGO%\n"
                                "# TYPE backup_last_success_timestamp_seconds gauge\n"
                                "backup_last_success_timestamp_seconds %NOW%\n"}}
        << backup << int(Outcome::Success) << true;

    const Labels plain = {{u"job"_s, u"plain"_s}, {u"instance"_s, u"c"_s}};
    QTest::newRow("no outcome metric")
        << QList<Push>{{plain, "# TYPE records_processed gauge\nrecords_processed 42\n"}} << plain
        << int(Outcome::Unknown) << true;

    // The gateway checks a push against every group: the same family name with another type
    // is rejected (1.5.1 answers 400, 1.11.0 closes the connection), and the group's
    // last_push_successful becomes false.
    const Labels other = {{u"job"_s, u"other"_s}};
    const Labels rejected = {{u"job"_s, u"rejected"_s}, {u"instance"_s, u"d"_s}};
    QTest::newRow("rejected push after a good one")
        << QList<Push>{{other, "# TYPE records_processed gauge\nrecords_processed 1\n"},
                       {rejected, "# TYPE job_last_success_unixtime gauge\n"
                                  "job_last_success_unixtime %NOW%\n"},
                       {rejected, "# TYPE records_processed counter\nrecords_processed 7\n",
                        kRejected}}
        << rejected << int(Outcome::Failed) << false;
    QTest::newRow("only ever rejected")
        << QList<Push>{{other, "# TYPE records_processed gauge\nrecords_processed 1\n"},
                       {rejected, "# TYPE records_processed counter\nrecords_processed 7\n",
                        kRejected}}
        << rejected << int(Outcome::Failed) << false;

    const Labels gauge = {{u"job"_s, u"gauge"_s}};
    QTest::newRow("job_success 0") << QList<Push>{{gauge, "# TYPE job_success gauge\n"
                                                          "job_success 0\n"}}
                                   << gauge << int(Outcome::Failed) << true;
}

void TestGatewayIntegration::outcomes()
{
    QFETCH(QList<Push>, pushes);
    QFETCH(Labels, checked);
    QFETCH(int, outcome);
    QFETCH(bool, lastPushSuccessful);

    GatewayClient client(endpointOf(*m_server));
    client.setTimeout(kRequestTimeout);
    QSet<QString> keys;
    for (const Push &push : std::as_const(pushes)) {
        const auto result = pushWithClient(client, GroupingKey(push.key), withNow(push.text));
        QVERIFY(result.has_value());
        QVERIFY2(result->ok == push.accepted, qPrintable(result->error));
        if (push.accepted) {
            QCOMPARE(result->httpStatus, 200);
        } else {
            QVERIFY(!result->error.isEmpty()); // a sentence, with the status when there is one
            if (result->httpStatus != 0)
                QVERIFY2(result->error.contains(QString::number(result->httpStatus)),
                         qPrintable(result->error));
            QVERIFY(waitForFailedPush(m_server->url(), push.key));
        }
        keys.insert(GroupingKey(push.key).id());
    }

    GatewayMonitor monitor;
    QAbstractItemModelTester tester(monitor.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    monitor.addGateway(endpointOf(*m_server), kPollInterval, kRequestTimeout);
    monitor.start();
    GroupTableModel *model = monitor.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), int(keys.size()), kWaitMs);
    const int row = rowOf(model, checked);
    QVERIFY(row >= 0);
    const pushscope::Group &group = model->groupAt(row);
    QCOMPARE(group.lastPushSuccessful, lastPushSuccessful);
    if (!lastPushSuccessful)
        QVERIFY(group.pushFailureTime > group.pushTime);
    QCOMPARE(cell(model, row, GroupTableModel::OutcomeRole).toInt(), outcome);
    QCOMPARE(cell(model, row, Qt::DisplayRole, GroupTableModel::OutcomeColumn).toString(),
             pushscope::outcomeName(Outcome(outcome)));
    QVERIFY(!model->verdictAt(row).reason.isEmpty());

    for (int r = 0; r < model->rowCount(); ++r) {
        const double age = cell(model, r, GroupTableModel::AgeSecondsRole).toDouble();
        QVERIFY2(age >= 0 && age < 10, qPrintable(QString::number(age)));
        QVERIFY(!cell(model, r, GroupTableModel::OutOfDateRole).toBool());
    }
}

void TestGatewayIntegration::postReplacesOnlyPushedFamilies()
{
    const GroupingKey key(Labels{{u"job"_s, u"post"_s}, {u"path"_s, u"/var/tmp"_s}});
    GatewayClient client(endpointOf(*m_server));
    client.setTimeout(kRequestTimeout);
    std::optional<PushResult> result = pushWithClient(client, key,
                                                      "# TYPE fam_a gauge\nfam_a 1\n"
                                                      "# TYPE fam_b gauge\nfam_b 1\n");
    QVERIFY(result && result->ok);
    auto post = std::make_shared<std::optional<PushResult>>();
    client.push(key, "# TYPE fam_b gauge\nfam_b 2\n# TYPE fam_c gauge\nfam_c 3\n",
                GatewayClient::PushMethod::Post,
                [post](const PushResult &pushed) { *post = pushed; });
    QTRY_VERIFY_WITH_TIMEOUT(post->has_value(), kWaitMs);
    QVERIFY2((*post)->ok, qPrintable((*post)->error));

    GatewayMonitor monitor;
    QAbstractItemModelTester tester(monitor.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    monitor.addGateway(endpointOf(*m_server), kPollInterval, kRequestTimeout);
    monitor.start();
    GroupTableModel *model = monitor.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kWaitMs);
    const pushscope::Group &group = model->groupAt(0);
    QVERIFY(group.key == key);
    QCOMPARE(cell(model, 0, Qt::DisplayRole, GroupTableModel::FamiliesColumn).toInt(), 3);
    const double expected[] = {1, 2, 3};
    const QString names[] = {u"fam_a"_s, u"fam_b"_s, u"fam_c"_s};
    for (int i = 0; i < 3; ++i) {
        const pushscope::MetricFamily *family = group.family(names[i]);
        QVERIFY2(family, qPrintable(names[i]));
        QCOMPARE(family->samples.size(), 1);
        QCOMPARE(family->samples.first().value, expected[i]);
    }

    // PUT replaces the whole group again.
    result = pushWithClient(client, key, "# TYPE fam_a gauge\nfam_a 5\n");
    QVERIFY(result && result->ok);
    QTRY_COMPARE_WITH_TIMEOUT(model->groupAt(0).families.size(), 1, kWaitMs);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->groupAt(0).families.first().samples.first().value, 5.0);
}

void TestGatewayIntegration::staleAfterThreshold()
{
    const Labels fresh = {{u"job"_s, u"fresh"_s}};
    const Labels broken = {{u"job"_s, u"broken"_s}};
    QCOMPARE(m_server
                 ->push(manualPath(fresh), withNow("# TYPE job_last_success_unixtime gauge\n"
                                                   "job_last_success_unixtime %NOW%\n"))
                 .status,
             200);
    QCOMPARE(m_server->push(manualPath(broken), "# TYPE job_success gauge\njob_success 0\n").status,
             200);

    GatewayMonitor monitor;
    QAbstractItemModelTester tester(monitor.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    monitor.addGateway(endpointOf(*m_server), kPollInterval, kRequestTimeout);
    monitor.start();
    GroupTableModel *model = monitor.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, kWaitMs);
    QCOMPARE(cell(model, rowOf(model, fresh), GroupTableModel::OutcomeRole).toInt(),
             int(Outcome::Success));
    QCOMPARE(model->outcomeCounts()[size_t(Outcome::Stale)], 0);

    QSignalSpy summary(model, &GroupTableModel::summaryChanged);
    model->setStaleAfter(1);
    // Without new pushes the age passes one second and the ticking model flips the row.
    QTRY_COMPARE_WITH_TIMEOUT(
        cell(model, rowOf(model, fresh), GroupTableModel::OutcomeRole).toInt(), int(Outcome::Stale),
        kWaitMs);
    QVERIFY(summary.count() > 0);
    QVERIFY(model->verdictAt(rowOf(model, fresh)).reason.contains(u"stale"));
    // A failed group stays failed: failure is more urgent than staleness.
    QCOMPARE(cell(model, rowOf(model, broken), GroupTableModel::OutcomeRole).toInt(),
             int(Outcome::Failed));
    QCOMPARE(model->outcomeCounts()[size_t(Outcome::Stale)], 1);

    // A fresh push makes it current again.
    QCOMPARE(m_server
                 ->push(manualPath(fresh), withNow("# TYPE job_last_success_unixtime gauge\n"
                                                   "job_last_success_unixtime %NOW%\n"))
                 .status,
             200);
    model->setStaleAfter(3600);
    QTRY_COMPARE_WITH_TIMEOUT(
        cell(model, rowOf(model, fresh), GroupTableModel::OutcomeRole).toInt(),
        int(Outcome::Success), kWaitMs);
}

void TestGatewayIntegration::outageKeepsRowsAndRecovers()
{
    const QList<Labels> pushed = {
        {{u"job"_s, u"alpha"_s}, {u"instance"_s, u"1"_s}},
        {{u"job"_s, u"beta"_s}, {u"path"_s, u"/var/tmp"_s}},
        {{u"job"_s, u"gamma"_s}, {u"instance"_s, QString()}},
    };
    for (const Labels &labels : pushed)
        QCOMPARE(m_server->push(manualPath(labels), "# TYPE up_probe gauge\nup_probe 1\n").status,
                 200);

    GatewayMonitor monitor;
    QAbstractItemModelTester tester(monitor.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int gateway = monitor.addGateway(endpointOf(*m_server), kPollInterval, kRequestTimeout);
    monitor.start();
    GroupTableModel *model = monitor.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), int(pushed.size()), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.state(gateway).ok, kWaitMs);
    QVERIFY(monitor.state(gateway).everOk);
    QVERIFY(monitor.state(gateway).error.isEmpty());
    QCOMPARE(monitor.state(gateway).groups, int(pushed.size()));

    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&monitor, &GatewayMonitor::gatewayChanged);
    m_server->stop();
    QVERIFY(!m_server->isRunning());

    QTRY_VERIFY_WITH_TIMEOUT(!monitor.state(gateway).ok, kWaitMs);
    // The first failure may be a connection the dying gateway closed; the next polls are
    // refused outright.
    QTRY_VERIFY_WITH_TIMEOUT(monitor.state(gateway).error.contains(u"Connection refused"), kWaitMs);
    const QString error = monitor.state(gateway).error;
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(m_server->port())),
             qPrintable(error));
    QVERIFY2(error.endsWith(u'?') || error.endsWith(u'.'), qPrintable(error));
    QVERIFY(changed.count() > 0);
    QVERIFY(model->isGatewayOutOfDate(gateway));
    QCOMPARE(model->gatewayError(gateway), error);

    QCOMPARE(model->rowCount(), int(pushed.size()));
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    for (const Labels &labels : pushed) {
        const int row = rowOf(model, labels);
        QVERIFY(row >= 0);
        QVERIFY(cell(model, row, GroupTableModel::OutOfDateRole).toBool());
        QVERIFY(model->isOutOfDate(row));
        QVERIFY(cell(model, row, Qt::ToolTipRole, GroupTableModel::JobColumn)
                    .toString()
                    .contains(u"Out of date"));
    }

    // Polling carries on while the gateway is down, without piling up.
    QSignalSpy applied(&monitor, &GatewayMonitor::pollApplied);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() >= 2, kWaitMs);
    QCOMPARE(model->rowCount(), int(pushed.size()));

    QString restartError;
    QVERIFY2(m_server->restart(&restartError), qPrintable(restartError));
    QTRY_VERIFY_WITH_TIMEOUT(monitor.state(gateway).ok, kWaitMs);
    QVERIFY(monitor.state(gateway).error.isEmpty());
    QVERIFY(!model->isGatewayOutOfDate(gateway));
    // The gateway persisted its groups on shutdown, so the same rows are current again.
    QCOMPARE(model->rowCount(), int(pushed.size()));
    for (const Labels &labels : pushed) {
        const int row = rowOf(model, labels);
        QVERIFY(row >= 0);
        QVERIFY(!cell(model, row, GroupTableModel::OutOfDateRole).toBool());
    }
    QCOMPARE(reset.count(), 0);
}

void TestGatewayIntegration::familyNamedLabels_data()
{
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<bool>("ambiguous");
    QTest::newRow("with instance")
        << Labels{{u"job"_s, u"weird"_s}, {u"instance"_s, u"i1"_s}} << false;
    QTest::newRow("with instance and a slash")
        << Labels{{u"job"_s, u"weird"_s}, {u"instance"_s, u"i/1"_s}} << false;
    // The reply then cannot tell {job="weird"} from {job="weird",instance=""}.
    QTest::newRow("without instance") << Labels{{u"job"_s, u"weird"_s}} << true;
}

void TestGatewayIntegration::familyNamedLabels()
{
    QFETCH(Labels, labels);
    QFETCH(bool, ambiguous);
    GatewayClient client(endpointOf(*m_server));
    client.setTimeout(kRequestTimeout);
    const GroupingKey key(labels);
    const auto pushed = pushWithClient(client, key, "# TYPE labels gauge\nlabels{a=\"b\"} 1\n");
    QVERIFY(pushed.has_value());
    QVERIFY2(pushed->ok, qPrintable(pushed->error));
    // A normal group next to it must not be disturbed.
    const Labels normal = {{u"job"_s, u"normal"_s}, {u"instance"_s, u"n"_s}};
    QCOMPARE(m_server->push(manualPath(normal), "# TYPE probe gauge\nprobe 1\n").status, 200);

    GatewayMonitor monitor;
    QAbstractItemModelTester tester(monitor.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    monitor.addGateway(endpointOf(*m_server), kPollInterval, kRequestTimeout);
    monitor.start();
    GroupTableModel *model = monitor.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, kWaitMs);
    QVERIFY(monitor.state(0).ok);
    const int row = rowOf(model, labels);
    QVERIFY2(row >= 0, qPrintable(model->groupAt(0).key.toString() + u' ' +
                                  model->groupAt(1).key.toString()));
    const pushscope::Group &group = model->groupAt(row);
    QCOMPARE(group.key.toString(), key.toString());
    QCOMPARE(group.key.isAmbiguous(), ambiguous);
    QCOMPARE(cell(model, row, GroupTableModel::AmbiguousKeyRole).toBool(), ambiguous);
    QVERIFY(group.pushTime > 0);
    QVERIFY(group.lastPushSuccessful);
    QCOMPARE(group.families.size(), 1);
    QCOMPARE(group.families.first().name, u"labels"_s);
    QCOMPARE(group.families.first().samples.size(), 1);
    QCOMPARE(group.families.first().samples.first().value, 1.0);
    QVERIFY(rowOf(model, normal) >= 0);
    QVERIFY(!model->groupAt(rowOf(model, normal)).key.isAmbiguous());
}

QTEST_GUILESS_MAIN(TestGatewayIntegration)
#include "tst_gatewayintegration.moc"
