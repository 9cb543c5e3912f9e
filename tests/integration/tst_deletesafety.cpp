// Deleting when things go wrong, against a real prometheus-pushgateway: DELETE replies lost,
// 502 from a proxy (with and without forwarding), replies slower than the timeout, a gateway
// that cannot be read again, a journal cap smaller than the batch, and a full disk. In every
// case: a group that is gone has a backup that restores it, a group still there is reported
// as not deleted, and nothing is ever gone without a backup.
#include "cleanup/bulkdeleter.h"
#include "cleanup/restore.h"
#include "faultproxy.h"
#include "gateway/expositionwriter.h"
#include "gateway/snapshotparser.h"
#include "grouppusher.h"
#include "serverprocess.h"

#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace pushscope;
using pushscope::testing::FaultProxy;
using pushscope::testing::PushgatewayProcess;

namespace {

Snapshot readGateway(const QString &url)
{
    return parseSnapshot(
               testing::httpRequest("GET", QUrl(url + QStringLiteral("/api/v1/metrics")), {}, 60000)
                   .body)
        .snapshot;
}

QSet<QString> keysOn(const QString &url)
{
    QSet<QString> keys;
    for (const Group &group : readGateway(url).groups)
        keys.insert(group.key.id());
    return keys;
}

// Every group of the gateway at `readUrl`, to be deleted through `deleteUrl`.
QList<DeleteTarget> allGroups(const QString &readUrl, const QString &deleteUrl)
{
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(deleteUrl, &endpoint, nullptr);
    QList<DeleteTarget> targets;
    for (const Group &group : readGateway(readUrl).groups)
        targets.append({endpoint, group, QStringLiteral("success"), false, {}});
    return targets;
}

bool runToEnd(BulkDeleter &deleter, const QList<DeleteTarget> &targets, int timeoutMs = 120000)
{
    QSignalSpy finished(&deleter, &BulkDeleter::finished);
    deleter.start(targets);
    return !finished.isEmpty() || finished.wait(timeoutMs);
}

QHash<QString, JournalEntry> entriesByKey(const DeleteJournal &journal)
{
    QHash<QString, JournalEntry> byKey;
    for (const JournalEntry &entry : journal.entries(DeleteJournal::Listing::All))
        byKey.insert(entry.key.id(), entry);
    return byKey;
}

RestoreResult restore(DeleteJournal &journal, const JournalEntry &entry)
{
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(entry.gateway, &endpoint, nullptr);
    GatewayClient client(endpoint);
    std::optional<RestoreResult> result;
    restoreFromJournal(&journal, entry, &client, false,
                       [&](const RestoreResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        qWarning("restore did not answer");
    return result.value_or(RestoreResult());
}

// Every group gone has a backup that brings it back (same families); every group still
// there is reported failed and its entry reads not_deleted. Returns how many were gone.
int checkGoneHaveBackups(const QString &gatewayUrl, DeleteJournal &journal,
                         const BulkDeleter &deleter)
{
    const QSet<QString> present = keysOn(gatewayUrl);
    const QHash<QString, JournalEntry> entries = entriesByKey(journal);
    int gone = 0;
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        const Group &group = outcome.target.group;
        const QString id = group.key.id();
        const QString what = group.key.toString() + QStringLiteral(": ") +
                             deleteStatusName(outcome.status) + QStringLiteral(" ") + outcome.error;
        if (present.contains(id)) {
            if (outcome.status != DeleteStatus::Failed || !entries.contains(id) ||
                entries.value(id).status != JournalStatus::notDeleted())
                qWarning("still present but reported otherwise: %s", qPrintable(what));
            if (outcome.status != DeleteStatus::Failed)
                return -1;
            continue;
        }
        ++gone;
        if (!entries.contains(id) || outcome.status != DeleteStatus::Deleted) {
            qWarning("gone, but: %s (backup: %d)", qPrintable(what), int(entries.contains(id)));
            return -1;
        }
        const RestoreResult restored = restore(journal, entries.value(id));
        if (!restored.ok) {
            qWarning("restore of %s failed: %s", qPrintable(what), qPrintable(restored.error));
            return -1;
        }
    }
    // Read back: every restored group has its families again.
    const Snapshot after = readGateway(gatewayUrl);
    QHash<QString, qsizetype> families;
    for (const Group &group : after.groups)
        families.insert(group.key.id(), group.families.size());
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        if (families.value(outcome.target.group.key.id(), -1) !=
            outcome.target.group.families.size()) {
            qWarning("not back as it was: %s", qPrintable(outcome.target.group.key.toString()));
            return -1;
        }
    }
    return gone;
}

} // namespace

class TestDeleteSafety : public QObject
{
    Q_OBJECT

private slots:
    void throughFaultyProxy_data();
    void throughFaultyProxy();
    void unknownWhenGatewayCannotBeReadAgain();
    void capSmallerThanBatchIsRefusedBeforeSending();
    void capNeverEvictsRunningBatch();
    void fullDiskStopsBatchWithBackupsIntact();
    void groupWithoutRestorableBackupIsNotDeleted();

private:
    QTemporaryDir m_dataDir;
};

void TestDeleteSafety::throughFaultyProxy_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("reachesGateway");
    QTest::newRow("DELETE replies dropped") << 0 << true;
    QTest::newRow("502 after forwarding") << 1 << true;
    QTest::newRow("502 without forwarding") << 2 << false;
    QTest::newRow("reply slower than the timeout") << 3 << true;
}

void TestDeleteSafety::throughFaultyProxy()
{
    QFETCH(int, mode);
    QFETCH(bool, reachesGateway);
    PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check")});
    PUSHSCOPE_START_SERVER(gateway);
    const int count = 60;
    QCOMPARE(testing::pushGroups(gateway.url(), count, 8, std::chrono::minutes(1)), count);
    FaultProxy proxy(gateway.port());
    QString error;
    QVERIFY2(proxy.listen(&error), qPrintable(error));
    FaultProxy::Faults faults;
    faults.dropDeleteReplies = mode == 0;
    faults.badGatewayAfterDelete = mode == 1;
    faults.badGatewayWithoutForwarding = mode == 2;
    if (mode == 3) {
        faults.replyDelayMs = 1500;
        faults.delayMethod = "DELETE";
    }
    proxy.setFaults(faults);

    DeleteJournal journal(m_dataDir.filePath(
        QStringLiteral("proxy-%1").arg(QString::fromUtf8(QTest::currentDataTag()))));
    BulkDeleter deleter(&journal);
    deleter.setTimeout(std::chrono::milliseconds(mode == 3 ? 400 : 5000));
    QVERIFY(runToEnd(deleter, allGroups(gateway.url(), proxy.url())));
    QCOMPARE(proxy.counts().forwardedDeletes > 0, reachesGateway);
    proxy.setFaults({});
    const int gone = checkGoneHaveBackups(gateway.url(), journal, deleter);
    qInfo("%d of %d groups gone, %d DELETEs forwarded", gone, count,
          proxy.counts().forwardedDeletes);
    QVERIFY(gone >= 0); // consistent: see the warnings otherwise
    QVERIFY(reachesGateway ? gone > count / 2 : gone == 0);
}

// No answer to the DELETEs and none to the re-read: unknown, backups kept and listed.
void TestDeleteSafety::unknownWhenGatewayCannotBeReadAgain()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    QCOMPARE(testing::pushGroups(gateway.url(), 8, 4, std::chrono::minutes(1)), 8);
    FaultProxy proxy(gateway.port());
    QString error;
    QVERIFY2(proxy.listen(&error), qPrintable(error));
    FaultProxy::Faults faults;
    faults.replyDelayMs = 2000; // every reply, the re-read's too
    proxy.setFaults(faults);
    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("unknown")));
    BulkDeleter deleter(&journal);
    deleter.setTimeout(std::chrono::milliseconds(300));
    QVERIFY(runToEnd(deleter, allGroups(gateway.url(), proxy.url())));
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        QCOMPARE(outcome.status, DeleteStatus::Unknown);
        QVERIFY2(outcome.error.contains(QStringLiteral("is kept")), qPrintable(outcome.error));
    }
    const QList<JournalEntry> entries = journal.entries(); // listed by default
    QCOMPARE(entries.size(), 8);
    for (const JournalEntry &entry : entries)
        QCOMPARE(entry.status, JournalStatus::unknown());
    proxy.setFaults({});
    QTRY_VERIFY(keysOn(gateway.url()).isEmpty()); // they were deleted after all
    for (const JournalEntry &entry : entries)
        QVERIFY(restore(journal, entry).ok);
    QCOMPARE(keysOn(gateway.url()).size(), 8);
}

void TestDeleteSafety::capSmallerThanBatchIsRefusedBeforeSending()
{
    PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check")});
    PUSHSCOPE_START_SERVER(gateway);
    QCOMPARE(testing::pushGroups(gateway.url(), 100, 8, std::chrono::minutes(1)), 100);
    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("cap-refused")), 50 * 1024);
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, allGroups(gateway.url(), gateway.url())));
    QVERIFY2(deleter.journalError().contains(QStringLiteral("more than the journal's limit")),
             qPrintable(deleter.journalError()));
    for (const DeleteOutcome &outcome : deleter.outcomes())
        QCOMPARE(outcome.status, DeleteStatus::NotSent);
    QCOMPARE(keysOn(gateway.url()).size(), 100);
    QVERIFY(journal.entries(DeleteJournal::Listing::All).isEmpty());
}

// The cap holds one batch but not two: the second batch pushes the first out, and none of
// its own backups, even though it grows past what was there before.
void TestDeleteSafety::capNeverEvictsRunningBatch()
{
    PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check")});
    PUSHSCOPE_START_SERVER(gateway);
    const int count = 400;
    const QString directory = m_dataDir.filePath(QStringLiteral("cap-running"));
    qint64 oneBatch = 0;
    for (int round = 0; round < 2; ++round) {
        QCOMPARE(testing::pushGroups(gateway.url(), count, 8, std::chrono::minutes(1)), count);
        DeleteJournal journal(directory, round == 0 ? (1LL << 30) : oneBatch * 3 / 2);
        BulkDeleter deleter(&journal);
        QVERIFY(runToEnd(deleter, allGroups(gateway.url(), gateway.url())));
        QVERIFY2(deleter.journalError().isEmpty(), qPrintable(deleter.journalError()));
        QVERIFY(keysOn(gateway.url()).isEmpty());
        QSet<QString> ids;
        for (const DeleteOutcome &outcome : deleter.outcomes()) {
            QCOMPARE(outcome.status, DeleteStatus::Deleted);
            ids.insert(outcome.journalId);
        }
        QSet<QString> listed;
        for (const JournalEntry &entry : journal.entries())
            listed.insert(entry.id);
        QCOMPARE(listed, ids); // every backup of this batch, and (round 2) only those
        oneBatch = journal.sizeOnDisk();
    }
}

// A journal on a 1 MB tmpfs (room for about 700 of the 1,000 backups): the disk fills
// during the batch, which stops there; every group that is gone has its complete backup.
void TestDeleteSafety::fullDiskStopsBatchWithBackupsIntact()
{
    const QString mountPoint = m_dataDir.filePath(QStringLiteral("tiny"));
    QVERIFY(QDir().mkpath(mountPoint));
    const bool mounted =
        QProcess::execute(QStringLiteral("mount"),
                          {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                           QStringLiteral("size=1m"), QStringLiteral("tmpfs"), mountPoint}) == 0;
    auto unmount = qScopeGuard([&] {
        if (mounted)
            QProcess::execute(QStringLiteral("umount"), {mountPoint});
    });
    PushgatewayProcess gateway({QStringLiteral("--push.disable-consistency-check")});
    PUSHSCOPE_START_SERVER(gateway);
    const int count = 1000; // ~1.2 KB each
    QCOMPARE(testing::pushGroups(gateway.url(), count, 8, std::chrono::minutes(1)), count);
    const QList<DeleteTarget> targets = allGroups(gateway.url(), gateway.url());
    // CI runs as root and must test the real full disk; elsewhere (no root) the cap stands
    // in for the disk, and the log says so.
    if (!mounted && qEnvironmentVariable("CI") == u"true")
        QFAIL("mount -t tmpfs failed in CI: the full disk would not be tested.");
    if (!mounted)
        qWarning("mount -t tmpfs failed; the full disk is not tested, only the cap");
    DeleteJournal journal(mountPoint + QStringLiteral("/deleted"),
                          mounted ? (1LL << 30) : 1024 * 1024);
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, targets));
    QVERIFY(!deleter.journalError().isEmpty());
    qInfo("%s", qPrintable(deleter.journalError()));
    const QSet<QString> present = keysOn(gateway.url());
    const QHash<QString, JournalEntry> entries = entriesByKey(journal);
    int gone = 0;
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        const QString id = outcome.target.group.key.id();
        if (present.contains(id)) {
            QVERIFY(outcome.status == DeleteStatus::NotSent);
            continue;
        }
        ++gone;
        QVERIFY2(entries.contains(id), qPrintable(outcome.target.group.key.toString()));
        QCOMPARE(entries.value(id).metricsText, toExpositionText(outcome.target.group));
    }
    QVERIFY2(present.size() > 0, "the disk should have filled before the end");
    if (mounted)
        QVERIFY2(gone > 0, "some groups fit before the disk filled");
    qInfo("%d groups deleted, %d kept when the journal's disk filled", gone, int(present.size()));
}

// A group with a family PushScope could not read has no backup that would restore it:
// it is not deleted, with the reason, and the rest of the batch goes on.
void TestDeleteSafety::groupWithoutRestorableBackupIsNotDeleted()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    QCOMPARE(testing::pushGroups(gateway.url(), 4, 3, std::chrono::minutes(1)), 4);
    QList<DeleteTarget> targets = allGroups(gateway.url(), gateway.url());
    QCOMPARE(targets.size(), 4);
    // Its metrics' labels are known, but the gateway's /metrics has no such family.
    UnsupportedFamily future;
    future.name = QStringLiteral("future_thing");
    future.type = QStringLiteral("FUTURE_TYPE");
    future.note = QStringLiteral("Its type FUTURE_TYPE is not one PushScope reads.");
    future.metricLabels = {targets.at(1).group.key.labels()};
    future.metricLabelsRead = true;
    targets[1].group.unsupportedFamilies.append(future);
    const QString kept = targets.at(1).group.key.id();
    DeleteJournal journal(m_dataDir.filePath(QStringLiteral("unrestorable")));
    BulkDeleter deleter(&journal);
    QVERIFY(runToEnd(deleter, targets));
    for (const DeleteOutcome &outcome : deleter.outcomes()) {
        if (outcome.target.group.key.id() == kept) {
            QCOMPARE(outcome.status, DeleteStatus::NotSent);
            QVERIFY2(outcome.error.contains(QStringLiteral("no backup could restore it")) &&
                         outcome.error.contains(QStringLiteral("future_thing")),
                     qPrintable(outcome.error));
        } else {
            QCOMPARE(outcome.status, DeleteStatus::Deleted);
        }
    }
    QCOMPARE(keysOn(gateway.url()), QSet<QString>{kept});
    QCOMPARE(journal.entries(DeleteJournal::Listing::All).size(), 3);
}

QTEST_GUILESS_MAIN(TestDeleteSafety)
#include "tst_deletesafety.moc"
