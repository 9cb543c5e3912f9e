// Backups of groups with families the JSON API cannot show: exactly the group's metrics of
// such a family are taken from the gateway's protobuf /metrics, or the group has no backup
// and one sentence says why.
#include "gateway/protobufwriter.h"
#include "gateway/snapshotparser.h"
#include "gateway/unsupportedbackup.h"
#include "snapshotfixture.h"

#include <QTest>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

ProtoMetric metric(const Labels &labels, double bucketUpper)
{
    ProtoMetric m;
    m.labels = labels;
    // histogram { sample_count: 1, bucket { cumulative_count: 1, upper_bound: x } }
    QByteArray bucket = QByteArray::fromHex("080111");
    bucket.append(reinterpret_cast<const char *>(&bucketUpper), 8); // little endian host
    QByteArray histogram = QByteArray::fromHex("0801") + "\x1a" + char(bucket.size()) + bucket;
    m.otherFields = "\x3a" + QByteArray(1, char(histogram.size())) + histogram;
    return m;
}

// The gateway's /metrics: queue_len of the groups {job="a"}, {job="a",x="1"} and
// {job="b"}, labels as the gateway sends them (sorted, instance="" added).
QByteArray gatewayMetrics()
{
    ProtoFamily family;
    family.name = u"queue_len"_s;
    family.help = u"gauge hist"_s;
    family.type = 5;
    family.metrics = {
        metric({{u"instance"_s, {}}, {u"job"_s, u"a"_s}}, 1),
        metric({{u"instance"_s, {}}, {u"job"_s, u"a"_s}, {u"x"_s, u"1"_s}}, 2),
        metric({{u"instance"_s, {}}, {u"job"_s, u"b"_s}, {u"shard"_s, u"7"_s}}, 3),
    };
    ProtoFamily own;
    own.name = u"pushgateway_build_info"_s;
    own.type = 1;
    own.metrics = {metric({{u"version"_s, u"1.5.1"_s}}, 0)};
    return writeDelimitedFamily(own, own.metrics) + writeDelimitedFamily(family, family.metrics);
}

// A group as the JSON API lists it: job_success readable, queue_len not.
Group jsonGroup(const QByteArray &job, const QByteArray &queueLabels)
{
    const QByteArray families =
        R"("queue_len":{"type":"GAUGE_HISTOGRAM","help":"gauge hist","metrics":[{"labels":)" +
        queueLabels + R"(,"value":"0"}]},"job_success":{"type":"GAUGE","metrics":[{"labels":)" +
        R"({"instance":"","job":")" + job + R"("},"value":"1"}]})";
    const SnapshotParseResult result = parseSnapshot(replyJson({groupJson(job, families)}));
    if (!result.ok || result.snapshot.groups.size() != 1)
        qFatal("%s", qPrintable(result.error));
    return result.snapshot.groups.first();
}

} // namespace

class TestUnsupportedBackup : public QObject
{
    Q_OBJECT

private slots:
    void takesOnlyThisGroupsMetrics();
    void siblingWithLongerKey();
    void groupWithoutUnsupportedFamiliesIsUnchanged();
    void noBackup_data();
    void noBackup();
};

void TestUnsupportedBackup::takesOnlyThisGroupsMetrics()
{
    const Group group = jsonGroup("a", R"({"instance":"","job":"a"})");
    QCOMPARE(group.unsupportedFamilies.size(), 1);
    const RestorableBody backup =
        toRestorableBody(group, GatewayExposition::fromBody(gatewayMetrics()));
    QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
    QCOMPARE(backup.contentType, QByteArray(kDelimitedProtobufContentType));
    const ProtoReadResult read = readDelimitedFamilies(backup.body);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.families.size(), 2);
    QCOMPARE(read.families.at(0).name, u"job_success"_s);
    const ProtoFamily &queue = read.families.at(1);
    QCOMPARE(queue.name, u"queue_len"_s);
    QCOMPARE(queue.help, u"gauge hist"_s);
    QCOMPARE(queue.type, 5u);
    QCOMPARE(queue.metrics.size(), 1);
    QVERIFY(queue.metrics.at(0).labels.isEmpty()); // job and instance="" left to the gateway
    QCOMPARE(queue.metrics.at(0).otherFields, metric({}, 1).otherFields);
}

void TestUnsupportedBackup::siblingWithLongerKey()
{
    Group group = jsonGroup("a", R"({"instance":"","job":"a","x":"1"})");
    group.key = GroupingKey({{u"job"_s, u"a"_s}, {u"x"_s, u"1"_s}});
    const RestorableBody backup =
        toRestorableBody(group, GatewayExposition::fromBody(gatewayMetrics()));
    QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
    const ProtoFamily queue = readDelimitedFamilies(backup.body).families.at(1);
    QCOMPARE(queue.metrics.size(), 1);
    QCOMPARE(queue.metrics.at(0).otherFields, metric({}, 2).otherFields);
}

void TestUnsupportedBackup::groupWithoutUnsupportedFamiliesIsUnchanged()
{
    const Group group = parsedGroup(
        R"("job_success":{"type":"GAUGE","metrics":[{"labels":{"job":"nat"},"value":"1"}]})");
    const RestorableBody backup = toRestorableBody(group, GatewayExposition::failed(u"x"_s));
    QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
    QCOMPARE(backup.body, toRestorableBody(group).body);
}

void TestUnsupportedBackup::noBackup_data()
{
    QTest::addColumn<QByteArray>("queueLabels");
    QTest::addColumn<QByteArray>("exposition"); // "fail": /metrics could not be fetched
    QTest::addColumn<QString>("why");
    const QByteArray own = R"({"instance":"","job":"a"})";
    QTest::newRow("fetch failed") << own << QByteArray("fail") << u"could not be fetched"_s;
    QTest::newRow("not protobuf") << own << QByteArray("\x05garbage") << u"cannot be read"_s;
    QTest::newRow("family missing") << own << QByteArray() << u"not found exactly once"_s;
    QTest::newRow("label set missing") << QByteArray(R"({"instance":"","job":"a","x":"2"})")
                                       << gatewayMetrics() << u"The metric queue_len{"_s;
    QTest::newRow("family twice") << own << gatewayMetrics() + gatewayMetrics()
                                  << u"not found exactly once"_s;
    QTest::newRow("labels not read")
        << QByteArray(R"("no labels")") << gatewayMetrics() << u"could not be read"_s;
}

void TestUnsupportedBackup::noBackup()
{
    QFETCH(QByteArray, queueLabels);
    QFETCH(QByteArray, exposition);
    QFETCH(QString, why);
    const Group group = jsonGroup("a", queueLabels);
    QCOMPARE(group.unsupportedFamilies.size(), 1);
    const GatewayExposition gateway =
        exposition == "fail"
            ? GatewayExposition::failed(u"Connection refused (could not be fetched)."_s)
            : GatewayExposition::fromBody(exposition);
    const RestorableBody backup = toRestorableBody(group, gateway);
    QVERIFY(!backup.isRestorable());
    QVERIFY(backup.body.isEmpty());
    QVERIFY2(backup.whyNot.contains(why), qPrintable(backup.whyNot));
    QVERIFY2(backup.whyNot.contains(u"queue_len"_s), qPrintable(backup.whyNot));
}

QTEST_GUILESS_MAIN(TestUnsupportedBackup)
#include "tst_unsupportedbackup.moc"
