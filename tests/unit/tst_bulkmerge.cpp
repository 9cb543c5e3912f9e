// Polls that bring thousands of rows at once (a new gateway's first load, 5 % of every
// gateway's groups re-pushed) reach a sorted table in a bounded number of signals, and the
// table stays sorted with the selection on the same groups (issue 13, item 4).

#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"
#include "model/preparedsnapshot.h"
#include "testedmodel.h"

#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kNowMs = 1795540083000;
constexpr double kNow = kNowMs / 1000.0;

Group makeGroup(int gateway, int n, double pushTime)
{
    Group group;
    group.key = GroupingKey(
        {{u"job"_s, u"job%1"_s.arg(n % 37)}, {u"instance"_s, u"gw%1-i%2"_s.arg(gateway).arg(n)}});
    group.pushTime = pushTime;
    MetricFamily family;
    family.name = u"job_last_success_unixtime"_s;
    family.type = MetricType::Gauge;
    Sample sample;
    sample.labels = group.key.labels();
    sample.value = pushTime;
    family.samples.append(sample);
    group.families.append(family);
    return group;
}

Snapshot makeSnapshot(int gateway, int count, QRandomGenerator *random)
{
    Snapshot snapshot;
    for (int n = 0; n < count; ++n)
        snapshot.groups.append(makeGroup(gateway, n, kNow - random->bounded(1, 86400)));
    return snapshot;
}

} // namespace

class TestBulkMerge : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void firstLoadIntoSortedTableIsOneInsert_data();
    void firstLoadIntoSortedTableIsOneInsert();
    void smallInsertStaysIncremental();
    void scatteredRepushesAreFewSignals();
    void scatteredChangesRefilter();
    void pollWithoutPushesIsNoWork();
    void changesSincePreviousAreMergedExactly();
    void skippedSnapshotFallsBackToFullMerge();

private:
    // Every proxy row is in order of the sort column (ties allowed).
    void verifySorted(int column, Qt::SortOrder order) const;

    std::unique_ptr<pushscope::testing::TestedModel> m_tested;
    GroupTableModel *m_model = nullptr;
    GroupFilterProxy *m_proxy = nullptr;
    QRandomGenerator m_random{20261202};
};

void TestBulkMerge::init()
{
    m_tested = std::make_unique<pushscope::testing::TestedModel>([] { return kNowMs; });
    m_model = m_tested->model();
    m_proxy = m_tested->proxy();
    m_model->setStaleAfter(0);
}

void TestBulkMerge::cleanup()
{
    m_tested.reset();
}

void TestBulkMerge::verifySorted(int column, Qt::SortOrder order) const
{
    for (int row = 1; row < m_proxy->rowCount(); ++row) {
        const int above = m_proxy->mapToSource(m_proxy->index(row - 1, 0)).row();
        const int below = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        if (GroupTableModel::isTextColumn(column))
            continue; // text order is the natural sort's, tested elsewhere
        const double a = m_model->sortNumber(above, column);
        const double b = m_model->sortNumber(below, column);
        if (order == Qt::AscendingOrder ? b < a : a < b)
            QFAIL(qPrintable(
                u"rows %1 and %2 out of order: %3 then %4"_s.arg(row - 1).arg(row).arg(a).arg(b)));
    }
}

void TestBulkMerge::firstLoadIntoSortedTableIsOneInsert_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("age, descending") << int(GroupTableModel::AgeColumn) << Qt::DescendingOrder;
    QTest::newRow("last push, ascending")
        << int(GroupTableModel::LastPushColumn) << Qt::AscendingOrder;
    QTest::newRow("job, ascending") << int(GroupTableModel::JobColumn) << Qt::AscendingOrder;
}

void TestBulkMerge::firstLoadIntoSortedTableIsOneInsert()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    const int first = m_model->addGateway(u"first"_s);
    const int second = m_model->addGateway(u"second"_s);
    m_proxy->sort(column, order);
    m_model->applySnapshot(first, makeSnapshot(first, 2000, &m_random), 0);
    verifySorted(column, order);

    // The operator has a group selected somewhere in the middle of the table.
    QItemSelectionModel selection(m_proxy);
    const QModelIndex picked = m_proxy->index(777, 0);
    const QString pickedKey = picked.data(GroupTableModel::GroupingKeyRole).toString();
    selection.setCurrentIndex(picked,
                              QItemSelectionModel::SelectCurrent | QItemSelectionModel::Rows);

    QSignalSpy inserted(m_proxy, &QAbstractItemModel::rowsInserted);
    m_model->applySnapshot(second, makeSnapshot(second, 1500, &m_random), 0);
    // Without the bulk path the 1,500 rows land in ~1,000 runs, each a rowsInserted.
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_proxy->rowCount(), 3500);
    verifySorted(column, order);
    QCOMPARE(selection.currentIndex().data(GroupTableModel::GroupingKeyRole).toString(), pickedKey);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().first().data(GroupTableModel::GroupingKeyRole).toString(),
             pickedKey);
    QVERIFY(m_proxy->dynamicSortFilter()); // back on for the polls that follow
}

void TestBulkMerge::smallInsertStaysIncremental()
{
    const int gateway = m_model->addGateway(u"gw"_s);
    m_proxy->sort(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    Snapshot snapshot = makeSnapshot(gateway, 500, &m_random);
    m_model->applySnapshot(gateway, snapshot, 0);
    QSignalSpy layout(m_proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy inserted(m_proxy, &QAbstractItemModel::rowsInserted);
    for (int n = 500; n < 510; ++n)
        snapshot.groups.append(makeGroup(gateway, n, kNow - m_random.bounded(1, 86400)));
    m_model->applySnapshot(gateway, snapshot, 0);
    QCOMPARE(layout.count(), 0); // a few rows are placed where they belong, no re-sort
    QVERIFY(inserted.count() >= 1);
    QCOMPARE(m_proxy->rowCount(), 510);
    verifySorted(GroupTableModel::AgeColumn, Qt::DescendingOrder);
}

void TestBulkMerge::scatteredRepushesAreFewSignals()
{
    const int gateway = m_model->addGateway(u"gw"_s);
    m_proxy->sort(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    Snapshot snapshot = makeSnapshot(gateway, 3000, &m_random);
    m_model->applySnapshot(gateway, snapshot, 0);

    // Every third group pushed again: 1,000 changed rows in 1,000 separate runs.
    QStringList repushed;
    QList<GroupingKey> repushedKeys;
    for (int n = 0; n < snapshot.groups.size(); n += 3) {
        snapshot.groups[n].pushTime = kNow - m_random.bounded(0, 5);
        repushed.append(snapshot.groups[n].key.toString());
        repushedKeys.append(snapshot.groups[n].key);
    }
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->applySnapshot(gateway, snapshot, 0);
    QVERIFY2(changed.count() <= 16, qPrintable(QString::number(changed.count())));
    QList<int> covered;
    for (const QList<QVariant> &arguments : std::as_const(changed)) {
        for (int row = arguments.at(0).toModelIndex().row();
             row <= arguments.at(1).toModelIndex().row(); ++row)
            covered.append(row);
    }
    for (const GroupingKey &key : std::as_const(repushedKeys)) {
        const int row = m_model->rowOf(gateway, key);
        QVERIFY(row >= 0);
        QVERIFY2(covered.contains(row), qPrintable(key.toString()));
    }
    verifySorted(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    // The re-pushed groups are the youngest: at the bottom of a descending age sort.
    for (int row = m_proxy->rowCount() - int(repushed.size()); row < m_proxy->rowCount(); ++row)
        QVERIFY(repushed.contains(
            m_proxy->index(row, 0).data(GroupTableModel::GroupingKeyRole).toString()));
}

void TestBulkMerge::scatteredChangesRefilter()
{
    const int gateway = m_model->addGateway(u"gw"_s);
    m_proxy->sort(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    m_proxy->setOutcomeFilter(Outcome::Failed);
    Snapshot snapshot = makeSnapshot(gateway, 1200, &m_random);
    for (Group &group : snapshot.groups) {
        group.pushFailureTime = group.pushTime + 1;
        group.lastPushSuccessful = false;
    }
    PreparedSnapshot previous = prepareSnapshot(snapshot);
    m_model->applySnapshot(gateway, previous, 0);
    QCOMPARE(m_proxy->rowCount(), 1200);

    // Every other job succeeds on its next run: 600 rows leave the "failed" view at once.
    for (int n = 0; n < snapshot.groups.size(); n += 2) {
        Group &group = snapshot.groups[n];
        group.pushTime = group.pushFailureTime + 10;
        group.lastPushSuccessful = true;
        group.families.detach(); // as the parser hands over a re-pushed group: new data
    }
    QSignalSpy layout(m_proxy, &QAbstractItemModel::layoutChanged);
    m_model->applySnapshot(gateway, prepareSnapshot(snapshot, &previous), 0);
    QCOMPARE(m_proxy->rowCount(), 600);
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        QCOMPARE(m_proxy->index(row, 0).data(GroupTableModel::OutcomeRole).toInt(),
                 int(Outcome::Failed));
    verifySorted(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    QVERIFY(layout.count() <= 2);
    QVERIFY(m_proxy->dynamicSortFilter());
}

void TestBulkMerge::pollWithoutPushesIsNoWork()
{
    const int gateway = m_model->addGateway(u"gw"_s);
    m_proxy->sort(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    const Snapshot snapshot = makeSnapshot(gateway, 1000, &m_random);
    const PreparedSnapshot first = prepareSnapshot(snapshot);
    m_model->applySnapshot(gateway, first, 0);
    // The parser hands unchanged groups over as they were (shared), so nothing changed.
    const PreparedSnapshot second = prepareSnapshot(snapshot, &first);
    QVERIFY(second.changed.isEmpty());
    QVERIFY(second.goneIds.isEmpty());
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy summary(m_model, &GroupTableModel::summaryChanged);
    QSignalSpy layout(m_proxy, &QAbstractItemModel::layoutChanged);
    m_model->applySnapshot(gateway, second, 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(summary.count(), 0);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(m_model->rowCount(), 1000);
}

void TestBulkMerge::changesSincePreviousAreMergedExactly()
{
    const int other = m_model->addGateway(u"other"_s);
    const int gateway = m_model->addGateway(u"gw"_s);
    m_proxy->sort(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    // The other gateway holds the very same keys: its rows must not be touched.
    const Snapshot otherSnapshot = makeSnapshot(gateway, 300, &m_random);
    m_model->applySnapshot(other, prepareSnapshot(otherSnapshot), 0);
    Snapshot snapshot = otherSnapshot;
    const PreparedSnapshot first = prepareSnapshot(snapshot);
    m_model->applySnapshot(gateway, first, 0);
    QCOMPARE(m_model->rowCount(), 600);

    const GroupingKey goneKey = snapshot.groups.at(10).key;
    const GroupingKey pushedKey = snapshot.groups.at(20).key;
    snapshot.groups.removeAt(10);
    snapshot.groups[19].pushTime = kNow - 1; // was index 20
    snapshot.groups[19].families = {MetricFamily{}};
    snapshot.groups[19].families[0].name = u"processed_items"_s;
    const Group added = makeGroup(gateway, 5000, kNow - 2);
    snapshot.groups.append(added);
    const PreparedSnapshot second = prepareSnapshot(snapshot, &first);
    QCOMPARE(second.goneIds, QStringList{goneKey.id()});
    QCOMPARE(second.changed.size(), 2); // the pushed group and the new one

    m_model->applySnapshot(gateway, second, 0);
    QCOMPARE(m_model->rowCount(), 600);
    QCOMPARE(m_model->rowOf(gateway, goneKey), -1);
    QVERIFY(m_model->rowOf(other, goneKey) >= 0);
    const int pushed = m_model->rowOf(gateway, pushedKey);
    QVERIFY(pushed >= 0);
    QCOMPARE(m_model->groupAt(pushed).pushTime, kNow - 1);
    QCOMPARE(m_model->groupAt(pushed).families.size(), 1);
    QVERIFY(m_model->rowOf(other, pushedKey) >= 0);
    QVERIFY(m_model->groupAt(m_model->rowOf(other, pushedKey)).pushTime != kNow - 1);
    QVERIFY(m_model->rowOf(gateway, added.key) >= 0);
    verifySorted(GroupTableModel::AgeColumn, Qt::DescendingOrder);
}

void TestBulkMerge::skippedSnapshotFallsBackToFullMerge()
{
    const int gateway = m_model->addGateway(u"gw"_s);
    Snapshot snapshot = makeSnapshot(gateway, 200, &m_random);
    const PreparedSnapshot first = prepareSnapshot(snapshot);
    m_model->applySnapshot(gateway, first, 0);
    // A snapshot prepared against one the model never merged (a newer poll overtook it):
    // its list of changes is relative to the wrong base and must not be trusted.
    const GroupingKey goneEarlier = snapshot.groups.at(0).key;
    snapshot.groups.removeFirst();
    const PreparedSnapshot notMerged = prepareSnapshot(snapshot, &first);
    const PreparedSnapshot latest = prepareSnapshot(snapshot, &notMerged);
    QVERIFY(latest.goneIds.isEmpty());
    m_model->applySnapshot(gateway, latest, 0);
    QCOMPARE(m_model->rowOf(gateway, goneEarlier), -1);
    QCOMPARE(m_model->rowCount(), 199);

    // And after a failed poll every row is announced again, to drop its out-of-date look.
    m_model->markGatewayFailed(gateway, u"connection refused"_s);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->applySnapshot(gateway, prepareSnapshot(snapshot, &latest), 0);
    QVERIFY(changed.count() >= 1);
    QVERIFY(!m_model->isOutOfDate(0));
    QVERIFY(!m_model->index(0, 0).data(GroupTableModel::OutOfDateRole).toBool());
}

QTEST_GUILESS_MAIN(TestBulkMerge)
#include "tst_bulkmerge.moc"
