// Restoring many deleted groups at once against a real prometheus-pushgateway behind a
// counting proxy: the gateway is read once per batch, not once per journal entry, and the
// checks that reading is for (newer data, a key restored twice) still hold.

#include "cleanup/bulkdeleter.h"
#include "cleanup/restore.h"
#include "faultproxy.h"
#include "gateway/snapshotparser.h"
#include "serverprocess.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace pushscope;
using namespace Qt::StringLiterals;
using pushscope::testing::FaultProxy;
using pushscope::testing::PushgatewayProcess;

namespace {

Snapshot readGateway(const QString &url)
{
    const testing::HttpExchange reply =
        testing::httpRequest("GET", QUrl(url + u"/api/v1/metrics"_s), {}, 60000);
    return parseSnapshot(reply.body).snapshot;
}

QStringList keysOn(const QString &url)
{
    QStringList keys;
    for (const Group &group : readGateway(url).groups)
        keys.append(group.key.toString());
    keys.sort();
    return keys;
}

GroupingKey instanceKey(int i)
{
    return GroupingKey({{u"job"_s, u"nightly"_s}, {u"instance"_s, u"host-%1"_s.arg(i)}});
}

int metricsReads(const FaultProxy &proxy)
{
    int reads = 0;
    for (const QByteArray &path : proxy.forwardedPaths())
        reads += path == "/api/v1/metrics";
    return reads;
}

} // namespace

class TestRestoreMany : public QObject
{
    Q_OBJECT

private slots:
    void oneReadPerBatch();

private:
    QTemporaryDir m_dataDir;
};

void TestRestoreMany::oneReadPerBatch()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    FaultProxy proxy(gateway.port());
    QString error;
    QVERIFY2(proxy.listen(&error), qPrintable(error));
    constexpr int kCount = 6;
    for (int i = 0; i < kCount; ++i)
        QCOMPARE(gateway.push(instanceKey(i).urlPath(), "# TYPE x gauge\nx 1\n").status, 200);
    const QStringList before = keysOn(gateway.url());
    QCOMPARE(before.size(), kCount);

    // Deleted through the proxy, so that the journal names the proxy as their gateway.
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(proxy.url(), &endpoint, nullptr));
    QList<DeleteTarget> targets;
    for (const Group &group : readGateway(gateway.url()).groups)
        targets.append({endpoint, group, u"unknown"_s, false, {}});
    DeleteJournal journal(m_dataDir.filePath(u"journal"_s));
    BulkDeleter deleter(&journal);
    QSignalSpy finished(&deleter, &BulkDeleter::finished);
    deleter.start(targets);
    QVERIFY(!finished.isEmpty() || finished.wait(60000));
    QTRY_COMPARE_WITH_TIMEOUT(keysOn(gateway.url()), QStringList(), 10000);
    QList<JournalEntry> entries = journal.entries();
    QCOMPARE(entries.size(), kCount);

    // One group is pushed again after the delete: its newer data must not be overwritten.
    QTest::qWait(1100); // push times have a resolution the check can tell apart
    QCOMPARE(gateway.push(instanceKey(0).urlPath(), "# TYPE x gauge\nx 2\n").status, 200);
    // The same key twice in one batch: the second backup must not overwrite the first.
    entries.append(entries.at(1));

    GatewayClient client(endpoint);
    const int readsBefore = metricsReads(proxy);
    QMap<int, RestoreResult> results;
    bool done = false;
    restoreManyFromJournal(
        &journal, entries, &client,
        [&](int index, const RestoreResult &result) { results.insert(index, result); },
        [&] { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QCOMPARE(results.size(), entries.size());
    QCOMPARE(metricsReads(proxy) - readsBefore, 1);

    int restored = 0;
    QStringList newer;
    for (auto it = results.cbegin(); it != results.cend(); ++it) {
        if (it->ok)
            ++restored;
        else if (it->newerOnGateway)
            newer.append(entries.at(it.key()).key.toString());
        else
            QFAIL(qPrintable(it->error));
    }
    QCOMPARE(restored, kCount - 1);
    newer.sort();
    QStringList expectedNewer = {instanceKey(0).toString(), entries.at(1).key.toString()};
    expectedNewer.sort();
    QCOMPARE(newer, expectedNewer);
    QCOMPARE(keysOn(gateway.url()), before);
    // The newer push survived.
    for (const Group &group : readGateway(gateway.url()).groups) {
        if (group.key == instanceKey(0))
            QCOMPARE(group.families.first().samples.first().value, 2.0);
    }
}

QTEST_MAIN(TestRestoreMany)
#include "tst_restoremany.moc"
