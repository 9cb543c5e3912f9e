#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"
#include "testedmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kStartMs = 1795540083000; // 2026-11-24, our clock at the start

enum class Kind { Success, Failed, NoOutcome };

Group makeGroup(const QString &job, const Labels &others, double pushTime,
                Kind kind = Kind::Success)
{
    Labels labels = others;
    labels.append({u"job"_s, job});
    Group group;
    group.key = GroupingKey(labels);
    group.pushTime = pushTime;
    if (kind == Kind::Failed) {
        group.pushFailureTime = pushTime + 1;
        group.lastPushSuccessful = false;
    }
    if (kind == Kind::Success) {
        MetricFamily family;
        family.name = u"job_last_success_unixtime"_s;
        family.type = MetricType::Gauge;
        Sample sample;
        sample.labels = group.key.labels();
        sample.value = pushTime;
        family.samples.append(sample);
        group.families.append(family);
    }
    return group;
}

// The rows [first, last] that dataChanged signals in `spy` covered.
QList<int> changedRows(const QSignalSpy &spy)
{
    QList<int> rows;
    for (const QList<QVariant> &arguments : spy) {
        const auto topLeft = arguments.at(0).toModelIndex();
        const auto bottomRight = arguments.at(1).toModelIndex();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            if (!rows.contains(row))
                rows.append(row);
        }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace

class TestGroupTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void firstLoadInsertsRows();
    void mergeByKeyWithoutReset();
    void unchangedPollChangesNothing();
    void twoGatewaysSameKey();
    void staleThresholdPerGateway();
    void failedGatewayKeepsRows();
    void tickTurnsStale();
    void tickStaleThroughProxy();
    void tickDoesNotResortOrRefilter();
    void tickShowsRowsThatReachTheMinimumAge();
    void ageSortsNumerically_data();
    void ageSortsNumerically();
    void ageSortAcrossGatewayClocks();
    void clockOffsetAge_data();
    void clockOffsetAge();
    void filterExpressionMatchers();
    void filterExpressionWords_data();
    void filterExpressionWords();
    void filterExpressionInvalid();
    void outcomeAndGatewayFilters();

private:
    double nowSeconds() const { return m_nowMs / 1000.0; }
    int proxyRowCount() const { return m_proxy->rowCount(); }
    QStringList proxyJobs() const;

    qint64 m_nowMs = kStartMs;
    std::unique_ptr<pushscope::testing::TestedModel> m_tested;
    GroupTableModel *m_model = nullptr;
    GroupFilterProxy *m_proxy = nullptr;
};

void TestGroupTableModel::init()
{
    m_nowMs = kStartMs;
    m_tested = std::make_unique<pushscope::testing::TestedModel>([this] { return m_nowMs; });
    m_model = m_tested->model();
    m_proxy = m_tested->proxy();
}

void TestGroupTableModel::cleanup()
{
    m_tested.reset();
    m_proxy = nullptr;
    m_model = nullptr;
}

QStringList TestGroupTableModel::proxyJobs() const
{
    QStringList jobs;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        jobs.append(m_proxy->index(row, GroupTableModel::JobColumn).data().toString());
    return jobs;
}

void TestGroupTableModel::firstLoadInsertsRows()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    QCOMPARE(m_model->gatewayCount(), 1);
    QCOMPARE(m_model->gatewayName(gw), u"gw0"_s);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy summary(m_model, &GroupTableModel::summaryChanged);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"a"_s, {}, nowSeconds() - 10),
                       makeGroup(u"b"_s, {{u"instance"_s, u"x"_s}}, nowSeconds() - 20),
                       makeGroup(u"c"_s, {}, nowSeconds() - 30, Kind::Failed)};
    m_model->applySnapshot(gw, snapshot, 0);
    QVERIFY(inserted.count() >= 1);
    QVERIFY(summary.count() >= 1);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), int(GroupTableModel::ColumnCount));
    QCOMPARE(m_proxy->rowCount(), 3);

    const int b = m_model->rowOf(gw, snapshot.groups.at(1).key);
    QVERIFY(b >= 0);
    const QModelIndex job = m_model->index(b, GroupTableModel::JobColumn);
    QCOMPARE(job.data().toString(), u"b"_s);
    QCOMPARE(m_model->index(b, GroupTableModel::LabelsColumn).data().toString(),
             u"instance=\"x\""_s);
    QCOMPARE(job.data(GroupTableModel::GroupingKeyRole).toString(),
             snapshot.groups.at(1).key.toString());
    QCOMPARE(job.data(GroupTableModel::GatewayIndexRole).toInt(), gw);
    QCOMPARE(m_model->index(b, GroupTableModel::GatewayColumn).data().toString(), u"gw0"_s);
    QCOMPARE(job.data(GroupTableModel::OutOfDateRole).toBool(), false);
    QCOMPARE(job.data(GroupTableModel::AmbiguousKeyRole).toBool(), false);
    QCOMPARE(job.data(GroupTableModel::AgeSecondsRole).toDouble(), 20.0);
    QCOMPARE(job.data(GroupTableModel::OutcomeRole).toInt(), int(Outcome::Success));
    const int c = m_model->rowOf(gw, snapshot.groups.at(2).key);
    QCOMPARE(m_model->index(c, 0).data(GroupTableModel::OutcomeRole).toInt(), int(Outcome::Failed));
    QVERIFY(!m_model->index(c, GroupTableModel::OutcomeColumn)
                 .data(Qt::ToolTipRole)
                 .toString()
                 .isEmpty());
    const auto counts = m_model->outcomeCounts();
    QCOMPARE(counts[size_t(Outcome::Success)], 2);
    QCOMPARE(counts[size_t(Outcome::Failed)], 1);
    QCOMPARE(m_model->rowOf(gw, GroupingKey({{u"job"_s, u"nope"_s}})), -1);
}

void TestGroupTableModel::mergeByKeyWithoutReset()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    const Group a = makeGroup(u"a"_s, {}, nowSeconds() - 10);
    const Group b = makeGroup(u"b"_s, {}, nowSeconds() - 20);
    const Group c = makeGroup(u"c"_s, {}, nowSeconds() - 30);
    Snapshot first;
    first.groups = {a, b, c};
    m_model->applySnapshot(gw, first, 0);
    QCOMPARE(m_model->rowCount(), 3);

    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy proxyReset(m_proxy, &QAbstractItemModel::modelReset);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    const QPersistentModelIndex untouched(m_model->index(m_model->rowOf(gw, b.key), 0));
    const QPersistentModelIndex untouchedInProxy(m_proxy->mapFromSource(untouched));
    QVERIFY(untouchedInProxy.isValid());

    m_nowMs += 5000;
    Group repushed = c;
    repushed.pushTime = nowSeconds() - 1;
    const Group d = makeGroup(u"d"_s, {{u"instance"_s, u"new"_s}}, nowSeconds() - 2);
    Snapshot second;
    second.groups = {d, repushed, b}; // a is gone; order differs from the model's
    m_model->applySnapshot(gw, second, 0);

    QCOMPARE(reset.count(), 0);
    QCOMPARE(proxyReset.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), removed.at(0).at(2).toInt()); // one row
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->rowOf(gw, a.key), -1);
    QVERIFY(m_model->rowOf(gw, d.key) >= 0);

    // Only the re-pushed row changed.
    const int cRow = m_model->rowOf(gw, c.key);
    QCOMPARE(changedRows(changed), QList<int>{cRow});
    QCOMPARE(m_model->groupAt(cRow).pushTime, repushed.pushTime);
    QCOMPARE(m_model->index(cRow, 0).data(GroupTableModel::AgeSecondsRole).toDouble(), 1.0);

    // Selection survives: the persistent index still points at b.
    QVERIFY(untouched.isValid());
    QCOMPARE(untouched.row(), m_model->rowOf(gw, b.key));
    QCOMPARE(untouched.data(GroupTableModel::GroupingKeyRole).toString(), b.key.toString());
    QVERIFY(untouchedInProxy.isValid());
    QCOMPARE(untouchedInProxy.data(GroupTableModel::GroupingKeyRole).toString(), b.key.toString());

    // Several removals and additions at once, still no reset.
    Snapshot third;
    third.groups = {makeGroup(u"e"_s, {}, nowSeconds()), makeGroup(u"f"_s, {}, nowSeconds())};
    m_model->applySnapshot(gw, third, 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(!untouched.isValid());
    QCOMPARE(proxyJobs().size(), 2);
}

void TestGroupTableModel::unchangedPollChangesNothing()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"a"_s, {}, nowSeconds() - 10),
                       makeGroup(u"b"_s, {}, nowSeconds() - 20, Kind::Failed),
                       makeGroup(u"c"_s, {}, nowSeconds() - 30, Kind::NoOutcome)};
    m_model->applySnapshot(gw, snapshot, 0);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model, &QAbstractItemModel::layoutChanged);
    std::reverse(snapshot.groups.begin(), snapshot.groups.end()); // the gateway's order varies
    m_model->applySnapshot(gw, snapshot, 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(m_model->rowCount(), 3);
}

void TestGroupTableModel::twoGatewaysSameKey()
{
    const int gw0 = m_model->addGateway(u"gw0"_s);
    const int gw1 = m_model->addGateway(u"gw1"_s);
    const Group group = makeGroup(u"a"_s, {{u"instance"_s, u"x"_s}}, nowSeconds() - 10);
    Snapshot snapshot;
    snapshot.groups = {group};
    m_model->applySnapshot(gw0, snapshot, 0);
    m_model->applySnapshot(gw1, snapshot, 0);
    QCOMPARE(m_model->rowCount(), 2);
    const int row0 = m_model->rowOf(gw0, group.key);
    const int row1 = m_model->rowOf(gw1, group.key);
    QVERIFY(row0 >= 0 && row1 >= 0 && row0 != row1);
    QCOMPARE(m_model->gatewayAt(row0), gw0);
    QCOMPARE(m_model->gatewayAt(row1), gw1);
    QCOMPARE(m_model->index(row1, GroupTableModel::GatewayColumn).data().toString(), u"gw1"_s);

    // A poll of one gateway never touches the other's rows.
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    const QPersistentModelIndex other(m_model->index(row0, 0));
    m_model->applySnapshot(gw1, Snapshot{}, 0);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->rowOf(gw1, group.key), -1);
    QVERIFY(other.isValid());
    QCOMPARE(m_model->gatewayAt(other.row()), gw0);
    QCOMPARE(reset.count(), 0);
}

// Each saved gateway has its own stale threshold; the common one covers the rest.
void TestGroupTableModel::staleThresholdPerGateway()
{
    const int strict = m_model->addGateway(u"strict"_s);
    const int lenient = m_model->addGateway(u"lenient"_s);
    m_model->setStaleAfter(3600);
    m_model->setGatewayStaleAfter(strict, 60);
    const Group group = makeGroup(u"a"_s, {}, nowSeconds() - 120); // two minutes old
    Snapshot snapshot;
    snapshot.groups = {group};
    m_model->applySnapshot(strict, snapshot, 0);
    m_model->applySnapshot(lenient, snapshot, 0);
    const auto outcomeOf = [&](int gateway) {
        return Outcome(m_model->index(m_model->rowOf(gateway, group.key), 0)
                           .data(GroupTableModel::OutcomeRole)
                           .toInt());
    };
    QCOMPARE(m_model->staleAfter(strict), 60.0);
    QCOMPARE(m_model->staleAfter(lenient), 3600.0);
    QCOMPARE(outcomeOf(strict), Outcome::Stale);
    QVERIFY(outcomeOf(lenient) != Outcome::Stale);
    QCOMPARE(m_model->outcomeCounts(strict)[size_t(Outcome::Stale)], 1);
    QCOMPARE(m_model->outcomeCounts(lenient)[size_t(Outcome::Stale)], 0);
    QCOMPARE(m_model->outcomeCounts()[size_t(Outcome::Stale)], 1);
    const auto byGateway = m_model->outcomeCountsByGateway();
    QCOMPARE(byGateway.size(), 2);
    QCOMPARE(byGateway.at(strict), m_model->outcomeCounts(strict));
    QCOMPARE(byGateway.at(lenient), m_model->outcomeCounts(lenient));

    // Back to the common threshold.
    m_model->setGatewayStaleAfter(strict, std::nullopt);
    QVERIFY(outcomeOf(strict) != Outcome::Stale);
}

void TestGroupTableModel::failedGatewayKeepsRows()
{
    const int gw0 = m_model->addGateway(u"gw0"_s);
    const int gw1 = m_model->addGateway(u"gw1"_s);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"a"_s, {}, nowSeconds() - 10),
                       makeGroup(u"b"_s, {}, nowSeconds() - 10)};
    m_model->applySnapshot(gw0, snapshot, 0);
    m_model->applySnapshot(gw1, snapshot, 0);

    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    const QString error = u"Connection refused by 127.0.0.1:9: is the server running?"_s;
    m_model->markGatewayFailed(gw1, error);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(m_model->rowCount(), 4);
    QVERIFY(m_model->isGatewayOutOfDate(gw1));
    QVERIFY(!m_model->isGatewayOutOfDate(gw0));
    QCOMPARE(m_model->gatewayError(gw1), error);
    QList<int> gw1Rows;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, GroupTableModel::JobColumn);
        const bool failed = m_model->gatewayAt(row) == gw1;
        QCOMPARE(index.data(GroupTableModel::OutOfDateRole).toBool(), failed);
        QCOMPARE(m_model->isOutOfDate(row), failed);
        if (failed) {
            gw1Rows.append(row);
            QVERIFY2(index.data(Qt::ToolTipRole).toString().contains(error),
                     qPrintable(index.data(Qt::ToolTipRole).toString()));
        } else {
            QVERIFY(!index.data(Qt::ToolTipRole).toString().contains(error));
        }
    }
    std::sort(gw1Rows.begin(), gw1Rows.end());
    QCOMPARE(changedRows(changed), gw1Rows);

    // The next good poll clears the mark and announces it.
    changed.clear();
    m_model->applySnapshot(gw1, snapshot, 0);
    QVERIFY(!m_model->isGatewayOutOfDate(gw1));
    QCOMPARE(changedRows(changed), gw1Rows);
    for (int row : std::as_const(gw1Rows))
        QCOMPARE(m_model->index(row, 0).data(GroupTableModel::OutOfDateRole).toBool(), false);
}

void TestGroupTableModel::tickTurnsStale()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    m_model->setStaleAfter(3600);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"ok"_s, {}, nowSeconds() - 3500),
                       makeGroup(u"failed"_s, {}, nowSeconds() - 3500, Kind::Failed),
                       makeGroup(u"young"_s, {}, nowSeconds() - 5)};
    m_model->applySnapshot(gw, snapshot, 0);
    const int ok = m_model->rowOf(gw, snapshot.groups.at(0).key);
    const int failed = m_model->rowOf(gw, snapshot.groups.at(1).key);
    const int young = m_model->rowOf(gw, snapshot.groups.at(2).key);
    QCOMPARE(m_model->index(ok, 0).data(GroupTableModel::OutcomeRole).toInt(),
             int(Outcome::Success));

    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy summary(m_model, &GroupTableModel::summaryChanged);
    m_model->tick(); // nothing crossed the threshold yet
    QCOMPARE(m_model->index(ok, 0).data(GroupTableModel::OutcomeRole).toInt(),
             int(Outcome::Success));
    QCOMPARE(summary.count(), 0);

    changed.clear();
    m_nowMs += 200 * 1000; // ok is now 3700 s old
    m_model->tick();
    QCOMPARE(m_model->index(ok, 0).data(GroupTableModel::OutcomeRole).toInt(), int(Outcome::Stale));
    QCOMPARE(m_model->index(ok, GroupTableModel::OutcomeColumn).data().toString(),
             outcomeName(Outcome::Stale));
    QCOMPARE(int(m_model->verdictAt(ok).outcome), int(Outcome::Stale));
    QVERIFY(!m_model->verdictAt(ok).reason.isEmpty());
    QCOMPARE(m_model->index(failed, 0).data(GroupTableModel::OutcomeRole).toInt(),
             int(Outcome::Failed));
    QCOMPARE(m_model->index(young, 0).data(GroupTableModel::OutcomeRole).toInt(),
             int(Outcome::Success));
    QVERIFY(summary.count() >= 1);
    QCOMPARE(m_model->outcomeCounts()[size_t(Outcome::Stale)], 1);
    // The flip is announced for the stale row, for the outcome role, the outcome column.
    bool announced = false;
    for (const QList<QVariant> &arguments : std::as_const(changed)) {
        const auto topLeft = arguments.at(0).toModelIndex();
        const auto bottomRight = arguments.at(1).toModelIndex();
        const auto roles = arguments.at(2).value<QList<int>>();
        if (topLeft.row() <= ok && ok <= bottomRight.row() &&
            topLeft.column() <= GroupTableModel::OutcomeColumn &&
            GroupTableModel::OutcomeColumn <= bottomRight.column() &&
            (roles.isEmpty() || roles.contains(GroupTableModel::OutcomeRole)))
            announced = true;
    }
    QVERIFY(announced);

    // Threshold 0 disables staleness at once.
    m_model->setStaleAfter(0);
    QCOMPARE(m_model->index(ok, 0).data(GroupTableModel::OutcomeRole).toInt(),
             int(Outcome::Success));
}

void TestGroupTableModel::tickStaleThroughProxy()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    m_model->setStaleAfter(60);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"a"_s, {}, nowSeconds() - 50),
                       makeGroup(u"b"_s, {}, nowSeconds() - 5)};
    m_model->applySnapshot(gw, snapshot, 0);
    m_proxy->setOutcomeFilter(Outcome::Stale);
    QCOMPARE(proxyRowCount(), 0);
    m_nowMs += 20 * 1000;
    m_model->tick();
    QCOMPARE(proxyJobs(), QStringList{u"a"_s});
    m_nowMs += 60 * 1000;
    m_model->tick();
    QCOMPARE(proxyRowCount(), 2);
}

// QSortFilterProxyModel answers a dataChanged that spans its sort column by re-sorting every
// row in it (whatever the roles), and calls filterAcceptsRow for each: at 50,000 rows that
// was ~100 ms of the GUI thread every second. Ages are announced with agesAdvanced() instead.
void TestGroupTableModel::tickDoesNotResortOrRefilter()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    m_model->setStaleAfter(3600);
    Snapshot snapshot;
    for (int i = 0; i < 50; ++i)
        snapshot.groups.append(
            makeGroup(u"job%1"_s.arg(i), {}, nowSeconds() - 7 * ((i * 13) % 50)));
    m_model->applySnapshot(gw, snapshot, 0);
    m_proxy->sort(GroupTableModel::AgeColumn, Qt::DescendingOrder);
    const QStringList order = proxyJobs();
    QSignalSpy layout(m_proxy, &QAbstractItemModel::layoutAboutToBeChanged);
    QSignalSpy proxyChanged(m_proxy, &QAbstractItemModel::dataChanged);
    QSignalSpy advanced(m_model, &GroupTableModel::agesAdvanced);
    m_nowMs += 1000;
    m_model->tick();
    QCOMPARE(layout.count(), 0);
    QCOMPARE(proxyChanged.count(), 0); // no outcome flipped
    QCOMPARE(advanced.count(), 1);
    QCOMPARE(proxyJobs(), order);
    // A flip is still announced, row by row, and re-filters and re-sorts that row.
    m_proxy->setOutcomeFilter(Outcome::Stale);
    QCOMPARE(proxyRowCount(), 0);
    m_nowMs += 3600 * 1000 - 7 * 49 * 1000 + 500; // only the oldest crosses the threshold
    m_model->tick();
    QCOMPARE(proxyRowCount(), 1);
}

void TestGroupTableModel::tickShowsRowsThatReachTheMinimumAge()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    m_model->setStaleAfter(0);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"a"_s, {}, nowSeconds() - 50),
                       makeGroup(u"b"_s, {}, nowSeconds() - 5)};
    m_model->applySnapshot(gw, snapshot, 0);
    m_proxy->setMinimumAge(60);
    QCOMPARE(proxyRowCount(), 0);
    m_nowMs += 20 * 1000;
    m_model->tick();
    QCOMPARE(proxyJobs(), QStringList{u"a"_s});
}

void TestGroupTableModel::ageSortsNumerically_data()
{
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("ascending") << Qt::AscendingOrder;
    QTest::newRow("descending") << Qt::DescendingOrder;
}

void TestGroupTableModel::ageSortsNumerically()
{
    QFETCH(Qt::SortOrder, order);
    const int gw = m_model->addGateway(u"gw0"_s);
    m_model->setStaleAfter(0);
    Snapshot snapshot;
    // As text "1m10s" < "2h" < "9s": a string sort would get this wrong.
    snapshot.groups = {makeGroup(u"two_hours"_s, {}, nowSeconds() - 7200),
                       makeGroup(u"nine_seconds"_s, {}, nowSeconds() - 9),
                       makeGroup(u"seventy_seconds"_s, {}, nowSeconds() - 70)};
    m_model->applySnapshot(gw, snapshot, 0);
    m_proxy->sort(GroupTableModel::AgeColumn, order);
    QStringList expected{u"nine_seconds"_s, u"seventy_seconds"_s, u"two_hours"_s};
    if (order == Qt::DescendingOrder)
        std::reverse(expected.begin(), expected.end());
    QCOMPARE(proxyJobs(), expected);
    QList<double> ages;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        ages.append(m_proxy->index(row, 0).data(GroupTableModel::AgeSecondsRole).toDouble());
    QList<double> sorted = ages;
    std::sort(sorted.begin(), sorted.end());
    if (order == Qt::DescendingOrder)
        std::reverse(sorted.begin(), sorted.end());
    QCOMPARE(ages, sorted);

    // Ticking does not reorder (ages grow together), and a new young row sorts in place.
    m_nowMs += 30 * 1000;
    m_model->tick();
    QCOMPARE(proxyJobs(), expected);
    snapshot.groups.append(makeGroup(u"fresh"_s, {}, nowSeconds() - 1));
    m_model->applySnapshot(gw, snapshot, 0);
    expected.prepend(u"fresh"_s);
    if (order == Qt::DescendingOrder) {
        expected.removeFirst();
        expected.append(u"fresh"_s);
    }
    QCOMPARE(proxyJobs(), expected);
}

void TestGroupTableModel::ageSortAcrossGatewayClocks()
{
    // Ages are measured on each gateway's clock; sorting by age must agree with the ages
    // shown, also when one gateway's clock is an hour ahead of the other's.
    const int local = m_model->addGateway(u"local"_s);
    const int ahead = m_model->addGateway(u"ahead"_s);
    m_model->setStaleAfter(0);
    Snapshot localSnapshot;
    localSnapshot.groups = {makeGroup(u"five_minutes"_s, {}, nowSeconds() - 300)};
    m_model->applySnapshot(local, localSnapshot, 0);
    Snapshot aheadSnapshot;
    aheadSnapshot.groups = {makeGroup(u"ten_minutes"_s, {}, nowSeconds() + 3600 - 600),
                            makeGroup(u"one_minute"_s, {}, nowSeconds() + 3600 - 60)};
    m_model->applySnapshot(ahead, aheadSnapshot, 3600);
    m_proxy->sort(GroupTableModel::AgeColumn, Qt::AscendingOrder);
    QList<double> ages;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        ages.append(m_proxy->index(row, 0).data(GroupTableModel::AgeSecondsRole).toDouble());
    QCOMPARE(ages, (QList<double>{60, 300, 600}));
    QCOMPARE(proxyJobs(), (QStringList{u"one_minute"_s, u"five_minutes"_s, u"ten_minutes"_s}));
}

void TestGroupTableModel::clockOffsetAge_data()
{
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("pushedBeforeGatewayNow");
    QTest::addColumn<double>("age");
    QTest::newRow("gateway 1 h ahead") << 3600.0 << 30.0 << 30.0;
    QTest::newRow("gateway 5 min behind") << -300.0 << 30.0 << 30.0;
    QTest::newRow("push stamped in the future") << 3600.0 << -5.0 << 0.0;
}

void TestGroupTableModel::clockOffsetAge()
{
    QFETCH(double, offset);
    QFETCH(double, pushedBeforeGatewayNow);
    QFETCH(double, age);
    const int gw = m_model->addGateway(u"gw"_s);
    m_model->setStaleAfter(600);
    const double gatewayNow = nowSeconds() + offset;
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"a"_s, {}, gatewayNow - pushedBeforeGatewayNow)};
    m_model->applySnapshot(gw, snapshot, offset);
    const QModelIndex index = m_model->index(0, GroupTableModel::AgeColumn);
    const double shown = index.data(GroupTableModel::AgeSecondsRole).toDouble();
    QVERIFY2(std::abs(shown - age) < 0.01, qPrintable(QString::number(shown)));
    QVERIFY(shown >= 0);
    QCOMPARE(m_model->ageAt(0), shown);
    QVERIFY(!index.data().toString().startsWith(u'-'));
    // An hour of clock difference must not make a fresh push stale.
    QCOMPARE(index.data(GroupTableModel::OutcomeRole).toInt(), int(Outcome::Success));
    m_nowMs += 10 * 1000;
    m_model->tick();
    const double later = std::max(0.0, pushedBeforeGatewayNow + 10);
    QVERIFY(std::abs(index.data(GroupTableModel::AgeSecondsRole).toDouble() - later) < 0.01);
}

void TestGroupTableModel::filterExpressionMatchers()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"batch_1"_s, {{u"shard"_s, u"3"_s}}, nowSeconds() - 10),
                       makeGroup(u"batch_2"_s, {{u"shard"_s, u"4"_s}}, nowSeconds() - 10),
                       makeGroup(u"batch_3"_s, {}, nowSeconds() - 10),
                       makeGroup(u"nightly"_s, {}, nowSeconds() - 10)};
    m_model->applySnapshot(gw, snapshot, 0);
    m_proxy->sort(GroupTableModel::JobColumn, Qt::AscendingOrder);

    QString error;
    QVERIFY2(m_proxy->setFilterExpression(u"{job=~\"batch_.*\", shard!=\"3\"}"_s, &error),
             qPrintable(error));
    QCOMPARE(m_proxy->matchers().size(), 2);
    QVERIFY(m_proxy->searchText().isEmpty());
    QCOMPARE(proxyJobs(), (QStringList{u"batch_2"_s, u"batch_3"_s}));

    QVERIFY(m_proxy->setFilterExpression(u"job=~\"batch\""_s, &error)); // anchored: none
    QCOMPARE(proxyRowCount(), 0);

    QVERIFY(m_proxy->setFilterExpression(QString(), &error));
    QVERIFY(m_proxy->matchers().isEmpty());
    QCOMPARE(proxyRowCount(), 4);

    // Rows that arrive later are filtered too.
    QVERIFY(m_proxy->setFilterExpression(u"shard=\"5\""_s, &error));
    QCOMPARE(proxyRowCount(), 0);
    snapshot.groups.append(makeGroup(u"batch_5"_s, {{u"shard"_s, u"5"_s}}, nowSeconds()));
    m_model->applySnapshot(gw, snapshot, 0);
    QCOMPARE(proxyJobs(), QStringList{u"batch_5"_s});
}

void TestGroupTableModel::filterExpressionWords_data()
{
    QTest::addColumn<QString>("words");
    QTest::addColumn<QStringList>("jobs");
    QTest::newRow("one word") << u"nightly"_s << QStringList{u"nightly"_s};
    QTest::newRow("case-insensitive") << u"NIGHTLY"_s << QStringList{u"nightly"_s};
    QTest::newRow("part of a job") << u"batch"_s << QStringList{u"batch_1"_s, u"batch_2"_s};
    QTest::newRow("label value") << u"eu-west"_s << QStringList{u"batch_2"_s};
    QTest::newRow("two words, both needed") << u"batch eu-west"_s << QStringList{u"batch_2"_s};
    QTest::newRow("gateway name") << u"gw-berlin"_s << QStringList{u"nightly"_s};
    QTest::newRow("no match") << u"nothing"_s << QStringList{};
    QTest::newRow("blank") << u"   "_s << QStringList{u"batch_1"_s, u"batch_2"_s, u"nightly"_s};
}

void TestGroupTableModel::filterExpressionWords()
{
    QFETCH(QString, words);
    QFETCH(QStringList, jobs);
    const int gw0 = m_model->addGateway(u"gw-paris"_s);
    const int gw1 = m_model->addGateway(u"gw-berlin"_s);
    Snapshot first;
    first.groups = {makeGroup(u"batch_1"_s, {{u"zone"_s, u"us-east"_s}}, nowSeconds() - 10),
                    makeGroup(u"batch_2"_s, {{u"zone"_s, u"eu-west"_s}}, nowSeconds() - 10)};
    m_model->applySnapshot(gw0, first, 0);
    Snapshot second;
    second.groups = {makeGroup(u"nightly"_s, {}, nowSeconds() - 10)};
    m_model->applySnapshot(gw1, second, 0);
    m_proxy->sort(GroupTableModel::JobColumn, Qt::AscendingOrder);

    // Matchers set before are replaced by the words.
    QVERIFY(m_proxy->setFilterExpression(u"job=\"batch_1\""_s));
    QString error;
    QVERIFY2(m_proxy->setFilterExpression(words, &error), qPrintable(error));
    QVERIFY(m_proxy->matchers().isEmpty());
    QCOMPARE(proxyJobs(), jobs);
}

void TestGroupTableModel::filterExpressionInvalid()
{
    const int gw = m_model->addGateway(u"gw0"_s);
    Snapshot snapshot;
    snapshot.groups = {makeGroup(u"batch_1"_s, {}, nowSeconds() - 10),
                       makeGroup(u"nightly"_s, {}, nowSeconds() - 10)};
    m_model->applySnapshot(gw, snapshot, 0);
    QString error;
    QVERIFY(m_proxy->setFilterExpression(u"{job=\"nightly\"}"_s, &error));
    QCOMPARE(proxyJobs(), QStringList{u"nightly"_s});

    QVERIFY(m_proxy->filterError().isEmpty());

    for (const QString &bad : {u"{job=~\"(\"}"_s, u"{job=\"a\""_s, u"job=\"a\" trailing"_s}) {
        error.clear();
        QVERIFY2(!m_proxy->setFilterExpression(bad, &error), qPrintable(bad));
        QVERIFY2(!error.isEmpty() && error.endsWith(u'.'), qPrintable(error));
        // No rows while the filter does not parse, and the proxy says why.
        QCOMPARE(m_proxy->filterError(), error);
        QCOMPARE(proxyRowCount(), 0);
        // Rows that arrive meanwhile stay out too.
        snapshot.groups.append(
            makeGroup(u"later_"_s + QString::number(snapshot.groups.size()), {}, nowSeconds()));
        m_model->applySnapshot(gw, snapshot, 0);
        QCOMPARE(proxyRowCount(), 0);
    }
    // A valid filter brings the rows back, and so do plain words.
    QVERIFY(m_proxy->setFilterExpression(u"{job=\"nightly\"}"_s, &error));
    QVERIFY(m_proxy->filterError().isEmpty());
    QCOMPARE(proxyJobs(), QStringList{u"nightly"_s});
    QVERIFY(!m_proxy->setFilterExpression(u"{job=~\"(\"}"_s));
    QCOMPARE(proxyRowCount(), 0);
    QVERIFY(m_proxy->setFilterExpression(QString()));
    QVERIFY(m_proxy->filterError().isEmpty());
    QCOMPARE(proxyRowCount(), int(snapshot.groups.size()));
}

void TestGroupTableModel::outcomeAndGatewayFilters()
{
    const int gw0 = m_model->addGateway(u"gw0"_s);
    const int gw1 = m_model->addGateway(u"gw1"_s);
    Snapshot first;
    first.groups = {makeGroup(u"ok0"_s, {}, nowSeconds() - 10),
                    makeGroup(u"bad0"_s, {}, nowSeconds() - 10, Kind::Failed),
                    makeGroup(u"unknown0"_s, {}, nowSeconds() - 10, Kind::NoOutcome)};
    m_model->applySnapshot(gw0, first, 0);
    Snapshot second;
    second.groups = {makeGroup(u"ok1"_s, {}, nowSeconds() - 10),
                     makeGroup(u"bad1"_s, {}, nowSeconds() - 10, Kind::Failed)};
    m_model->applySnapshot(gw1, second, 0);
    m_proxy->sort(GroupTableModel::JobColumn, Qt::AscendingOrder);
    QCOMPARE(proxyRowCount(), 5);

    m_proxy->setOutcomeFilter(Outcome::Failed);
    QCOMPARE(proxyJobs(), (QStringList{u"bad0"_s, u"bad1"_s}));
    m_proxy->setOutcomeFilter(Outcome::Unknown);
    QCOMPARE(proxyJobs(), QStringList{u"unknown0"_s});
    m_proxy->setOutcomeFilter(std::nullopt);
    QCOMPARE(proxyRowCount(), 5);

    m_proxy->setGatewayFilter(gw1);
    QCOMPARE(proxyJobs(), (QStringList{u"bad1"_s, u"ok1"_s}));
    m_proxy->setOutcomeFilter(Outcome::Success); // both must hold
    QCOMPARE(proxyJobs(), QStringList{u"ok1"_s});
    m_proxy->setGatewayFilter(gw0);
    QCOMPARE(proxyJobs(), QStringList{u"ok0"_s});
    m_proxy->setGatewayFilter(std::nullopt);
    m_proxy->setOutcomeFilter(std::nullopt);
    QCOMPARE(proxyRowCount(), 5);

    // A group whose outcome changes on the next poll moves in and out of the filter.
    m_proxy->setOutcomeFilter(Outcome::Failed);
    Group recovered = makeGroup(u"bad0"_s, {}, nowSeconds() - 1);
    first.groups[1] = recovered;
    m_model->applySnapshot(gw0, first, 0);
    QCOMPARE(proxyJobs(), QStringList{u"bad1"_s});

    m_proxy->setOutcomeFilter(std::nullopt);
    m_proxy->setMinimumAge(5);
    QCOMPARE(proxyRowCount(), 4); // bad0 was pushed 1 s ago
    QVERIFY(!proxyJobs().contains(u"bad0"_s));
    m_proxy->setMinimumAge(std::nullopt);
    QCOMPARE(proxyRowCount(), 5);
}

QTEST_GUILESS_MAIN(TestGroupTableModel)
#include "tst_grouptablemodel.moc"
