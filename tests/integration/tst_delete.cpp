// BulkDeleter, the journal and restore against a real prometheus-pushgateway: exact keys,
// neighbours untouched, bulk delete with Cancel, still-present detection, backups that
// bring a group back.
#include "cleanup/bulkdeleter.h"
#include "cleanup/restore.h"
#include "gateway/snapshotparser.h"
#include "grouppusher.h"
#include "serverprocess.h"

#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace pushscope;
using pushscope::testing::PushgatewayProcess;

namespace {

Snapshot readGateway(const PushgatewayProcess &gateway)
{
    const testing::HttpExchange reply = testing::httpRequest(
        "GET", QUrl(gateway.url() + QStringLiteral("/api/v1/metrics")), {}, 60000);
    const SnapshotParseResult parsed = parseSnapshot(reply.body);
    return parsed.snapshot;
}

QSet<QString> keysOn(const PushgatewayProcess &gateway)
{
    QSet<QString> keys;
    for (const Group &group : readGateway(gateway).groups)
        keys.insert(group.key.id());
    return keys;
}

GroupingKey key(const Labels &labels)
{
    return GroupingKey(labels);
}

bool push(const PushgatewayProcess &gateway, const GroupingKey &k, const QByteArray &text)
{
    return gateway.push(k.urlPath(), text).status == 200;
}

const Group *find(const Snapshot &snapshot, const GroupingKey &k)
{
    for (const Group &group : snapshot.groups) {
        if (group.key == k)
            return &group;
    }
    return nullptr;
}

QList<DeleteTarget> targetsFor(const PushgatewayProcess &gateway, const QList<GroupingKey> &keys)
{
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(gateway.url(), &endpoint, nullptr);
    const Snapshot snapshot = readGateway(gateway);
    QList<DeleteTarget> targets;
    for (const GroupingKey &k : keys) {
        const Group *group = find(snapshot, k);
        if (group)
            targets.append({endpoint, *group, QStringLiteral("unknown"), false, {}});
    }
    return targets;
}

bool runToEnd(BulkDeleter &deleter, const QList<DeleteTarget> &targets, int timeoutMs = 120000)
{
    QSignalSpy finished(&deleter, &BulkDeleter::finished);
    deleter.start(targets);
    return !finished.isEmpty() || finished.wait(timeoutMs);
}

} // namespace

class TestDelete : public QObject
{
    Q_OBJECT

private slots:
    void exactKeyOnly_data();
    void exactKeyOnly();
    void bulkDeleteWithCancel();
    void restoreBringsMetricsBack();
    void journalWriteFailureDeletesNothing();
    void readOnlyAndAmbiguousAreNotSent();
    void repushedGroupIsStillPresent();
    void restoreRefusesNewerDataWhateverTheLocalClock();

private:
    QTemporaryDir m_dataDir;
};

void TestDelete::exactKeyOnly_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("value");
    QTest::newRow("empty value") << QStringLiteral("path") << QString();
    QTest::newRow("/var/tmp") << QStringLiteral("path") << QStringLiteral("/var/tmp");
    QTest::newRow("a/b/c") << QStringLiteral("path") << QStringLiteral("a/b/c");
    QTest::newRow("UTF-8") << QStringLiteral("owner") << QStringLiteral("Προμηθεύς");
    QTest::newRow("spaces") << QStringLiteral("name") << QStringLiteral("nightly run 3");
    QTest::newRow("%2F") << QStringLiteral("name") << QStringLiteral("a%2Fb");
    QTest::newRow("=") << QStringLiteral("name") << QStringLiteral("=");
    QTest::newRow("+") << QStringLiteral("name") << QStringLiteral("a+b");
    QTest::newRow("dot") << QStringLiteral("name") << QStringLiteral(".");
    QTest::newRow("dot dot") << QStringLiteral("name") << QStringLiteral("..");
    QTest::newRow("quote and backslash") << QStringLiteral("name") << QStringLiteral("a\"b\\c");
    QTest::newRow("very long") << QStringLiteral("name") << QString(3000, QLatin1Char('x'));
}

// Deleting one tricky key removes it and nothing else: not the group that differs by one
// extra label, not the one that lacks the label, not the one with another value.
void TestDelete::exactKeyOnly()
{
    QFETCH(QString, label);
    QFETCH(QString, value);
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const QString job = QStringLiteral("tricky");
    const GroupingKey target = key({{QStringLiteral("job"), job}, {label, value}});
    const QList<GroupingKey> neighbours = {
        key({{QStringLiteral("job"), job}}),
        key({{QStringLiteral("job"), job},
             {label, value},
             {QStringLiteral("instance"), QStringLiteral("x")}}),
        key({{QStringLiteral("job"), job}, {label, value + QStringLiteral("z")}}),
        key({{QStringLiteral("job"), value.isEmpty() ? QStringLiteral("other") : value},
             {label, value}}),
    };
    QVERIFY(push(gateway, target, "# TYPE processed_items counter\nprocessed_items 1\n"));
    for (const GroupingKey &neighbour : neighbours)
        QVERIFY2(push(gateway, neighbour, "# TYPE processed_items counter\nprocessed_items 2\n"),
                 qPrintable(neighbour.toString()));
    QCOMPARE(keysOn(gateway).size(), neighbours.size() + 1);

    DeleteJournal journal(m_dataDir.filePath(
        QStringLiteral("exact-%1").arg(QString::fromUtf8(QTest::currentDataTag()))));
    BulkDeleter deleter(&journal);
    const QList<DeleteTarget> targets = targetsFor(gateway, {target});
    QCOMPARE(targets.size(), 1);
    QVERIFY(runToEnd(deleter, targets));
    QCOMPARE(deleter.outcomes().first().status, DeleteStatus::Deleted);
    QVERIFY2(deleter.outcomes().first().error.isEmpty(),
             qPrintable(deleter.outcomes().first().error));

    const QSet<QString> left = keysOn(gateway);
    QVERIFY(!left.contains(target.id()));
    for (const GroupingKey &neighbour : neighbours)
        QVERIFY2(left.contains(neighbour.id()), qPrintable(neighbour.toString()));
    QCOMPARE(left.size(), neighbours.size());
    const QList<JournalEntry> entries = journal.entries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().key, target);
    QCOMPARE(entries.first().status, QStringLiteral("deleted"));
}

void TestDelete::bulkDeleteWithCancel()
{
    PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check")});
    PUSHSCOPE_START_SERVER(gateway);
    const int count = 2000;
    QCOMPARE(testing::pushGroups(gateway.url(), count, 8, std::chrono::minutes(2)), count);
    const Snapshot before = readGateway(gateway);
    QCOMPARE(before.groups.size(), count);

    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(gateway.url(), &endpoint, nullptr));
    QList<DeleteTarget> targets;
    for (const Group &group : before.groups)
        targets.append({endpoint, group, QStringLiteral("success"), false, {}});

    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("bulk")), 1LL << 30);
    BulkDeleter deleter(&journal);
    connect(&deleter, &BulkDeleter::progress, &deleter, [&](int finished, int) {
        if (finished >= count / 2)
            deleter.cancel();
    });
    QVERIFY(runToEnd(deleter, targets));
    QVERIFY(deleter.isCancelled());

    QSet<QString> deleted;
    QSet<QString> notSent;
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        if (outcome.status == DeleteStatus::Deleted)
            deleted.insert(outcome.target.group.key.id());
        else if (outcome.status == DeleteStatus::NotSent)
            notSent.insert(outcome.target.group.key.id());
        else
            QFAIL(qPrintable(QStringLiteral("unexpected %1: %2")
                                 .arg(deleteStatusName(outcome.status), outcome.error)));
    }
    QCOMPARE(deleted.size() + notSent.size(), count);
    // Cancelled at count / 2 finished: only the DELETEs already in flight still went out.
    QVERIFY2(deleted.size() >= count / 2 &&
                 deleted.size() <= count / 2 + deleter.concurrencyPerGateway(),
             qPrintable(QString::number(deleted.size())));
    // The remainder is untouched, and the journal holds exactly the deleted groups.
    QCOMPARE(keysOn(gateway), notSent);
    QSet<QString> journalled;
    for (const JournalEntry &entry : journal.entries())
        journalled.insert(entry.key.id());
    QCOMPARE(journalled, deleted);
}

void TestDelete::restoreBringsMetricsBack()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const GroupingKey k = key({{QStringLiteral("job"), QStringLiteral("nightly")},
                               {QStringLiteral("path"), QStringLiteral("/var/tmp")}});
    QVERIFY(push(gateway, k,
                 "# HELP processed_items Items.\n# TYPE processed_items counter\n"
                 "processed_items{stage=\"load\"} 42\n"
                 "# TYPE lat summary\nlat{quantile=\"0.5\"} 1.5\nlat_sum 9\nlat_count 4\n"
                 "# TYPE dur histogram\ndur_bucket{le=\"1\"} 2\ndur_bucket{le=\"+Inf\"} 3\n"
                 "dur_sum 4\ndur_count 3\n"));
    const Group original = *find(readGateway(gateway), k);

    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("restore")));
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, targetsFor(gateway, {k})));
    QVERIFY(!find(readGateway(gateway), k));

    const QList<JournalEntry> entries = journal.entries();
    QCOMPARE(entries.size(), 1);
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(entries.first().gateway, &endpoint, nullptr));
    GatewayClient client(endpoint);
    std::optional<RestoreResult> result;
    restoreFromJournal(&journal, entries.first(), &client, false,
                       [&](const RestoreResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY2(result->ok, qPrintable(result->error));

    const Snapshot after = readGateway(gateway);
    const Group *restored = find(after, k);
    QVERIFY(restored);
    QCOMPARE(restored->families.size(), original.families.size());
    for (const MetricFamily &family : original.families) {
        const MetricFamily *back = restored->family(family.name);
        QVERIFY2(back, qPrintable(family.name));
        QCOMPARE(back->type, family.type);
        QCOMPARE(back->help, family.help);
        QCOMPARE(back->samples.size(), family.samples.size());
        const Sample &a = family.samples.first();
        const Sample &b = back->samples.first();
        QCOMPARE(b.labels, a.labels);
        QCOMPARE(b.value, a.value);
        QCOMPARE(b.sum, a.sum);
        QCOMPARE(b.count, a.count);
        QCOMPARE(b.buckets, a.buckets);
        QCOMPARE(b.quantiles, a.quantiles);
    }
    QVERIFY(restored->pushTime > original.pushTime);
    QCOMPARE(journal.entry(entries.first().id)->status, QStringLiteral("restored"));
}

void TestDelete::journalWriteFailureDeletesNothing()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const GroupingKey a = key({{QStringLiteral("job"), QStringLiteral("a")}});
    const GroupingKey b = key({{QStringLiteral("job"), QStringLiteral("b")}});
    QVERIFY(push(gateway, a, "x 1\n"));
    QVERIFY(push(gateway, b, "x 1\n"));
    // A file where the journal directory should be: nothing can be written below it.
    const QString blocked = m_dataDir.filePath(QStringLiteral("blocked"));
    QFile file(blocked);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    DeleteJournal journal(blocked + QStringLiteral("/deleted"));
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, targetsFor(gateway, {a, b})));
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        QVERIFY(outcome.status == DeleteStatus::Failed || outcome.status == DeleteStatus::NotSent);
        QVERIFY(!outcome.error.isEmpty());
    }
    QVERIFY(deleter.outcomes().first().error.contains(QStringLiteral("Nothing was deleted")));
    QCOMPARE(keysOn(gateway), (QSet<QString>{a.id(), b.id()}));
}

void TestDelete::readOnlyAndAmbiguousAreNotSent()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const GroupingKey plain = key({{QStringLiteral("job"), QStringLiteral("plain")}});
    const GroupingKey hidden = key({{QStringLiteral("job"), QStringLiteral("hidden")}});
    QVERIFY(push(gateway, plain, "x 1\n"));
    QVERIFY(push(gateway, hidden, "# TYPE labels gauge\nlabels 1\n")); // hides the key
    QList<DeleteTarget> targets = targetsFor(gateway, {plain});
    QCOMPARE(targets.size(), 1);
    targets.first().readOnly = true;
    const Snapshot snapshot = readGateway(gateway);
    for (const Group &group : snapshot.groups) {
        if (group.key.job() == u"hidden") {
            QVERIFY(group.key.isAmbiguous());
            targets.append({targets.first().endpoint, group, QStringLiteral("unknown"), false, {}});
        }
    }
    QCOMPARE(targets.size(), 2);
    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("readonly")));
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, targets));
    for (const DeleteOutcome &outcome : deleter.outcomes())
        QCOMPARE(outcome.status, DeleteStatus::NotSent);
    QVERIFY(deleter.outcomes().at(0).error.contains(QStringLiteral("read-only")));
    QCOMPARE(keysOn(gateway).size(), 2);
    QVERIFY(journal.entries().isEmpty());
}

void TestDelete::repushedGroupIsStillPresent()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const GroupingKey k = key({{QStringLiteral("job"), QStringLiteral("busy")}});
    QVERIFY(push(gateway, k, "x 1\n"));
    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("repushed")));
    BulkDeleter deleter(&journal);
    // The job pushes again right after the DELETE was accepted.
    connect(&deleter, &BulkDeleter::verifying, &deleter,
            [&] { QVERIFY(push(gateway, k, "x 2\n")); });
    QVERIFY(runToEnd(deleter, targetsFor(gateway, {k})));
    const DeleteOutcome &outcome = deleter.outcomes().first();
    QCOMPARE(outcome.status, DeleteStatus::StillPresent);
    QVERIFY(outcome.error.contains(QStringLiteral("pushed again")));
    QCOMPARE(journal.entry(outcome.journalId)->status, QStringLiteral("still_present"));
}

// Newer data is judged on the gateway's clock (the backup's push time), not on this
// machine's: with the local clock a day ahead, a group pushed again after the delete must
// still not be overwritten by the restore.
void TestDelete::restoreRefusesNewerDataWhateverTheLocalClock()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const GroupingKey k = key({{QStringLiteral("job"), QStringLiteral("clock")}});
    QVERIFY(push(gateway, k, "x 1\n"));
    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("clock")));
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, targetsFor(gateway, {k})));
    QVERIFY(!find(readGateway(gateway), k));
    QTest::qWait(20); // push times have millisecond resolution
    QVERIFY(push(gateway, k, "x 2\n"));

    JournalEntry entry = journal.entries().first();
    entry.deletedAt = entry.deletedAt.addDays(1);
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(entry.gateway, &endpoint, nullptr));
    GatewayClient client(endpoint);
    std::optional<RestoreResult> result;
    restoreFromJournal(&journal, entry, &client, false,
                       [&](const RestoreResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY(!result->ok);
    QVERIFY(result->newerOnGateway);
    const Group *now = find(readGateway(gateway), k);
    QVERIFY(now);
    QCOMPARE(now->families.first().samples.first().value, 2.0);
}

QTEST_GUILESS_MAIN(TestDelete)
#include "tst_delete.moc"
