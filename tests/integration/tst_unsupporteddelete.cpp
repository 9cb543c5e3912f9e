// Groups with a family the JSON API cannot show (a gauge histogram pushed in protobuf) are
// deleted and restored exactly, against a real prometheus-pushgateway: the backup takes the
// group's metrics from the gateway's protobuf /metrics, never a sibling group's, and the
// restored group's /metrics data equals what was pushed. Without /metrics, no delete.
#include "cleanup/bulkdeleter.h"
#include "cleanup/restore.h"
#include "exposition_fixture.h"
#include "faultproxy.h"
#include "gateway/protobufwriter.h"
#include "gateway/snapshotparser.h"
#include "protobufbodies.h"
#include "serverprocess.h"

#include <QTemporaryDir>
#include <QtTest>
#include <optional>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

// The shared gauge histogram, its sum (2.5) replaced when asked.
QByteArray gaugeHistogram(const char *sumHex = "0000000000000440")
{
    return QByteArray::fromHex(
        QByteArray(kGaugeHistogramHex).replace("110000000000000440", "11" + QByteArray(sumHex)));
}

const Group *findGroup(const Snapshot &snapshot, const GroupingKey &key)
{
    for (const Group &group : snapshot.groups) {
        if (group.key == key)
            return &group;
    }
    return nullptr;
}

// The gateway as its JSON API shows it; with `asShown`, as the window and `list` show it:
// gauge histograms read from its protobuf /metrics.
Snapshot readGateway(const QString &url, bool asShown = false)
{
    if (!asShown)
        return parseSnapshot(httpRequest("GET", QUrl(url + u"/api/v1/metrics"_s)).body).snapshot;
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(url, &endpoint, nullptr);
    GatewayClient client(endpoint);
    client.setReadsGaugeHistograms(true);
    std::optional<MetricsResult> read;
    client.fetchMetrics([&read](const MetricsResult &result) { read = result; });
    if (!QTest::qWaitFor([&read] { return read.has_value(); }, 10000))
        return Snapshot();
    return read && read->ok ? *read->snapshot : Snapshot();
}

bool runToEnd(BulkDeleter &deleter, const QList<DeleteTarget> &targets)
{
    QSignalSpy finished(&deleter, &BulkDeleter::finished);
    deleter.start(targets);
    return !finished.isEmpty() || finished.wait(60000);
}

DeleteTarget targetFor(const QString &deleteUrl, const Group &group)
{
    DeleteTarget target;
    GatewayEndpoint::parse(deleteUrl, &target.endpoint, nullptr);
    target.group = group;
    target.outcomeBefore = u"success"_s;
    return target;
}

} // namespace

class TestUnsupportedDelete : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void deletedAndRestoredExactly_data();
    void deletedAndRestoredExactly();
    void notDeletedWithoutExposition_data();
    void notDeletedWithoutExposition();

private:
    QTemporaryDir m_dataDir;
};

void TestUnsupportedDelete::initTestCase()
{
    QVERIFY(m_dataDir.isValid());
}

// The group as the JSON API lists it (the family unsupported), and as shown (the family
// read from /metrics for display): either way the backup is taken from /metrics at delete.
void TestUnsupportedDelete::deletedAndRestoredExactly_data()
{
    QTest::addColumn<bool>("asShown");
    QTest::newRow("as listed") << false;
    QTest::newRow("as shown") << true;
}

void TestUnsupportedDelete::notDeletedWithoutExposition_data()
{
    deletedAndRestoredExactly_data();
}

void TestUnsupportedDelete::deletedAndRestoredExactly()
{
    QFETCH(bool, asShown);
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const QByteArray protobuf = kDelimitedProtobufContentType;
    const GroupingKey key({{u"job"_s, u"gh"_s}});
    const GroupingKey sibling({{u"job"_s, u"gh"_s}, {u"x"_s, u"1"_s}});
    QCOMPARE(httpRequest("PUT", QUrl(gateway.url() + u"/metrics/job/gh"_s), gaugeHistogram(), 10000,
                         HttpAccess(), protobuf)
                 .status,
             200);
    QCOMPARE(httpRequest("PUT", QUrl(gateway.url() + u"/metrics/job/gh/x/1"_s),
                         gaugeHistogram("0000000000001440"), 10000, HttpAccess(), protobuf)
                 .status,
             200);
    const GroupData pushed = groupData(gateway.url(), key);
    const GroupData siblingPushed = groupData(gateway.url(), sibling);
    QCOMPARE(pushed.value(u"queue_len"_s).size(), 1);
    QCOMPARE(siblingPushed.value(u"queue_len"_s).size(), 1);
    QVERIFY(pushed.value(u"queue_len"_s) != siblingPushed.value(u"queue_len"_s));

    const Snapshot before = readGateway(gateway.url(), asShown);
    const Group *group = findGroup(before, key);
    QVERIFY(group);
    // The JSON shows a value of 0 only; the window shows the buckets read from /metrics.
    QCOMPARE(group->unsupportedFamilies.size(), asShown ? 0 : 1);
    QCOMPARE(group->family(u"queue_len"_s) != nullptr, asShown);

    DeleteJournal journal(m_dataDir.filePath(asShown ? u"restored-shown"_s : u"restored"_s));
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, {targetFor(gateway.url(), *group)}));
    const DeleteOutcome &outcome = deleter.outcomes().first();
    QVERIFY2(outcome.status == DeleteStatus::Deleted, qPrintable(outcome.error));
    QVERIFY(!findGroup(readGateway(gateway.url()), key));
    QVERIFY(groupData(gateway.url(), key).isEmpty());
    QCOMPARE(groupData(gateway.url(), sibling), siblingPushed);

    // The backup holds this group's queue_len metric only, without the sibling's.
    const QList<JournalEntry> entries = journal.entries(DeleteJournal::Listing::All);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().contentType, protobuf);
    const ProtoReadResult backup = readDelimitedFamilies(entries.first().metricsText);
    QVERIFY2(backup.ok, qPrintable(backup.error));
    for (const ProtoFamily &family : backup.families) {
        if (family.name != u"queue_len"_s)
            continue;
        QCOMPARE(family.metrics.size(), 1);
        QCOMPARE(family.metrics.first().otherFields, pushed.value(u"queue_len"_s).first().second);
    }

    GatewayClient client(outcome.target.endpoint);
    std::optional<RestoreResult> restored;
    restoreFromJournal(&journal, entries.first(), &client, false,
                       [&](const RestoreResult &result) { restored = result; });
    QVERIFY(QTest::qWaitFor([&] { return restored.has_value(); }, 10000));
    QVERIFY2(restored->ok, qPrintable(restored->error));
    QCOMPARE(groupData(gateway.url(), key), pushed);
    QCOMPARE(groupData(gateway.url(), sibling), siblingPushed);
}

void TestUnsupportedDelete::notDeletedWithoutExposition()
{
    QFETCH(bool, asShown);
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    QCOMPARE(httpRequest("PUT", QUrl(gateway.url() + u"/metrics/job/gh"_s), gaugeHistogram(), 10000,
                         HttpAccess(), kDelimitedProtobufContentType)
                 .status,
             200);
    QCOMPARE(httpRequest("PUT", QUrl(gateway.url() + u"/metrics/job/plain"_s), "g 1\n").status,
             200);
    FaultProxy proxy(quint16(QUrl(gateway.url()).port()));
    QString error;
    QVERIFY2(proxy.listen(&error), qPrintable(error));
    FaultProxy::Faults faults;
    faults.badGatewayForExposition = true;
    proxy.setFaults(faults);

    const Snapshot before = readGateway(gateway.url(), asShown);
    QCOMPARE(before.groups.size(), 2);
    QList<DeleteTarget> targets;
    for (const Group &group : before.groups)
        targets.append(targetFor(proxy.url(), group));
    DeleteJournal journal(m_dataDir.filePath(asShown ? u"refused-shown"_s : u"refused"_s));
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, targets));
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        if (outcome.target.group.key.job() == u"plain"_s) {
            QVERIFY2(outcome.status == DeleteStatus::Deleted, qPrintable(outcome.error));
            continue;
        }
        QCOMPARE(outcome.status, DeleteStatus::NotSent);
        QVERIFY2(outcome.error.startsWith(u"Not deleted: no backup could restore it."_s) &&
                     outcome.error.contains(u"queue_len"_s) &&
                     outcome.error.contains(u"/metrics could not be read"_s) &&
                     outcome.error.contains(u"502"_s),
                 qPrintable(outcome.error));
    }
    const Snapshot after = readGateway(gateway.url());
    QCOMPARE(after.groups.size(), 1);
    QCOMPARE(after.groups.first().key.job(), u"gh"_s);
    QCOMPARE(journal.entries(DeleteJournal::Listing::All).size(), 1); // the plain group's
    QCOMPARE(proxy.counts().forwardedDeletes, 1);
}

QTEST_GUILESS_MAIN(TestUnsupportedDelete)
#include "tst_unsupporteddelete.moc"
