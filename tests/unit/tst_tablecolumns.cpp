// The window table's columns as in a log viewer (issue 14.3): label columns in the model,
// natural sort of jobs (j2 before j10) with a stable order within a job.
#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"
#include "testedmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr double kNow = 1795540083; // 2026-11-24

Group makeGroup(const QString &job, Labels others, double age = 10)
{
    others.append({u"job"_s, job});
    Group group;
    group.key = GroupingKey(others);
    group.pushTime = kNow - age;
    return group;
}

} // namespace

class TestTableColumns : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void labelColumnsShowValues();
    void labelColumnsAddAndRemove();
    void labelColumnSorts();
    void groupingLabelsFromRows();
    void labelsColumnSortsByLabelsFirst();
    void jobsSortNaturally_data();
    void jobsSortNaturally();
    void stableWithinJob();
    void tiesOfOtherColumnsFollowTheKey();

private:
    QStringList column(int column) const;
    void load(const QList<Group> &groups);

    std::unique_ptr<pushscope::testing::TestedModel> m_tested;
    GroupTableModel *m_model = nullptr;
    GroupFilterProxy *m_proxy = nullptr;
};

void TestTableColumns::init()
{
    m_tested =
        std::make_unique<pushscope::testing::TestedModel>([] { return qint64(kNow * 1000); });
    m_model = m_tested->model();
    m_proxy = m_tested->proxy();
}

void TestTableColumns::cleanup()
{
    m_tested.reset();
    m_proxy = nullptr;
    m_model = nullptr;
}

QStringList TestTableColumns::column(int column) const
{
    QStringList texts;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        texts.append(m_proxy->index(row, column).data().toString());
    return texts;
}

void TestTableColumns::load(const QList<Group> &groups)
{
    const int gateway = m_model->addGateway(u"gw"_s);
    Snapshot snapshot;
    snapshot.groups = groups;
    m_model->applySnapshot(gateway, snapshot, 0);
}

void TestTableColumns::labelColumnsShowValues()
{
    load({makeGroup(u"a"_s, {{u"instance"_s, u"h1"_s}, {u"env"_s, u"prod"_s}}),
          makeGroup(u"b"_s, {{u"instance"_s, u"h2"_s}})});
    m_model->setLabelColumns({u"env"_s, u"job"_s, u"instance"_s, u"env"_s});
    QCOMPARE(m_model->labelColumns(), QStringList({u"env"_s, u"instance"_s})); // no job, once
    QCOMPARE(m_model->columnCount(), GroupTableModel::ColumnCount + 2);
    QCOMPARE(m_proxy->columnCount(), GroupTableModel::ColumnCount + 2);
    const int env = m_model->labelColumnOf(u"env"_s);
    const int instance = m_model->labelColumnOf(u"instance"_s);
    QCOMPARE(env, int(GroupTableModel::ColumnCount));
    QCOMPARE(instance, GroupTableModel::ColumnCount + 1);
    QCOMPARE(m_model->headerData(env, Qt::Horizontal).toString(), u"env"_s);
    m_proxy->sort(GroupTableModel::JobColumn);
    QCOMPARE(column(env), QStringList({u"prod"_s, QString()}));
    QCOMPARE(column(instance), QStringList({u"h1"_s, u"h2"_s}));
    // Row-wide roles read the same in a label column.
    QCOMPARE(m_proxy->index(0, env).data(GroupTableModel::GroupingKeyRole).toString(),
             m_proxy->index(0, 0).data(GroupTableModel::GroupingKeyRole).toString());
}

void TestTableColumns::labelColumnsAddAndRemove()
{
    load({makeGroup(u"a"_s, {{u"instance"_s, u"h1"_s}, {u"env"_s, u"prod"_s}})});
    m_model->setLabelColumns({u"env"_s, u"instance"_s});
    m_model->setLabelColumns({u"instance"_s, u"zone"_s});
    QCOMPARE(m_model->labelColumns(), QStringList({u"instance"_s, u"zone"_s}));
    QCOMPARE(m_proxy->index(0, m_model->labelColumnOf(u"instance"_s)).data().toString(), u"h1"_s);
    QCOMPARE(m_model->labelColumnOf(u"env"_s), -1);
    m_model->setLabelColumns({});
    QCOMPARE(m_proxy->columnCount(), int(GroupTableModel::ColumnCount));
}

void TestTableColumns::labelColumnSorts()
{
    load({makeGroup(u"a"_s, {{u"instance"_s, u"host10"_s}}),
          makeGroup(u"b"_s, {{u"instance"_s, u"host9"_s}}),
          makeGroup(u"c"_s, {{u"instance"_s, u"host1"_s}})});
    m_model->setLabelColumns({u"instance"_s});
    const int instance = m_model->labelColumnOf(u"instance"_s);
    m_proxy->sort(instance, Qt::AscendingOrder);
    QCOMPARE(column(instance), QStringList({u"host1"_s, u"host9"_s, u"host10"_s}));
    m_proxy->sort(instance, Qt::DescendingOrder);
    QCOMPARE(column(instance), QStringList({u"host10"_s, u"host9"_s, u"host1"_s}));
    // A new row finds its place while sorted by the label.
    Snapshot more;
    more.groups = {makeGroup(u"a"_s, {{u"instance"_s, u"host10"_s}}),
                   makeGroup(u"b"_s, {{u"instance"_s, u"host9"_s}}),
                   makeGroup(u"c"_s, {{u"instance"_s, u"host1"_s}}),
                   makeGroup(u"d"_s, {{u"instance"_s, u"host2"_s}})};
    m_model->applySnapshot(0, more, 0);
    QCOMPARE(column(instance), QStringList({u"host10"_s, u"host9"_s, u"host2"_s, u"host1"_s}));
}

void TestTableColumns::groupingLabelsFromRows()
{
    QVERIFY(m_model->groupingLabels().isEmpty());
    load({makeGroup(u"a"_s, {{u"shard10"_s, u"1"_s}, {u"instance"_s, u"h"_s}}),
          makeGroup(u"b"_s, {{u"shard2"_s, u"1"_s}}), makeGroup(u"c"_s, {})});
    QCOMPARE(m_model->groupingLabels(), QStringList({u"instance"_s, u"shard2"_s, u"shard10"_s}));
}

void TestTableColumns::jobsSortNaturally_data()
{
    QTest::addColumn<QStringList>("jobs");
    QTest::addColumn<QStringList>("sorted");
    QTest::newRow("numbers") << QStringList{u"j10"_s, u"j2"_s, u"j19"_s, u"j1"_s}
                             << QStringList{u"j1"_s, u"j2"_s, u"j10"_s, u"j19"_s};
    QTest::newRow("prefixes") << QStringList{u"batch_10"_s, u"a"_s, u"batch_9"_s, u"batch"_s}
                              << QStringList{u"a"_s, u"batch"_s, u"batch_9"_s, u"batch_10"_s};
}

void TestTableColumns::jobsSortNaturally()
{
    QFETCH(QStringList, jobs);
    QFETCH(QStringList, sorted);
    QList<Group> groups;
    for (const QString &job : std::as_const(jobs))
        groups.append(makeGroup(job, {}));
    load(groups);
    m_proxy->sort(GroupTableModel::JobColumn, Qt::AscendingOrder);
    QCOMPARE(column(GroupTableModel::JobColumn), sorted);
    m_proxy->sort(GroupTableModel::JobColumn, Qt::DescendingOrder);
    std::reverse(sorted.begin(), sorted.end());
    QCOMPARE(column(GroupTableModel::JobColumn), sorted);
}

// Within a job the rest of the key decides, naturally, whatever order the gateway answered in.
void TestTableColumns::stableWithinJob()
{
    load({makeGroup(u"j"_s, {{u"instance"_s, u"h10"_s}}),
          makeGroup(u"j"_s, {{u"instance"_s, u"h2"_s}}),
          makeGroup(u"i"_s, {{u"instance"_s, u"h3"_s}}),
          makeGroup(u"j"_s, {{u"instance"_s, u"h1"_s}})});
    m_proxy->sort(GroupTableModel::JobColumn, Qt::AscendingOrder);
    QCOMPARE(column(GroupTableModel::LabelsColumn),
             QStringList({u"instance=\"h3\""_s, u"instance=\"h1\""_s, u"instance=\"h2\""_s,
                          u"instance=\"h10\""_s}));
}

// The Labels column sorts by the labels' text, then by the job (not the job first).
void TestTableColumns::labelsColumnSortsByLabelsFirst()
{
    load({makeGroup(u"b"_s, {{u"instance"_s, u"h1"_s}}),
          makeGroup(u"a"_s, {{u"instance"_s, u"h10"_s}}),
          makeGroup(u"a"_s, {{u"instance"_s, u"h2"_s}}),
          makeGroup(u"c"_s, {{u"instance"_s, u"h1"_s}})});
    m_proxy->sort(GroupTableModel::LabelsColumn, Qt::AscendingOrder);
    QCOMPARE(column(GroupTableModel::JobColumn), QStringList({u"b"_s, u"c"_s, u"a"_s, u"a"_s}));
    QCOMPARE(column(GroupTableModel::LabelsColumn),
             QStringList({u"instance=\"h1\""_s, u"instance=\"h1\""_s, u"instance=\"h2\""_s,
                          u"instance=\"h10\""_s}));
    m_proxy->sort(GroupTableModel::LabelsColumn, Qt::DescendingOrder);
    QCOMPARE(column(GroupTableModel::JobColumn), QStringList({u"a"_s, u"a"_s, u"c"_s, u"b"_s}));
}

// Rows with the same outcome keep the key's natural order.
void TestTableColumns::tiesOfOtherColumnsFollowTheKey()
{
    load({makeGroup(u"j10"_s, {}), makeGroup(u"j2"_s, {}), makeGroup(u"j1"_s, {})});
    m_proxy->sort(GroupTableModel::OutcomeColumn, Qt::AscendingOrder);
    QCOMPARE(column(GroupTableModel::JobColumn), QStringList({u"j1"_s, u"j2"_s, u"j10"_s}));
}

QTEST_GUILESS_MAIN(TestTableColumns)
#include "tst_tablecolumns.moc"
