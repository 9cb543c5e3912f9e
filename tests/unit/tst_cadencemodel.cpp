// GroupTableModel learns each group's cadence from the push times its polls see, shows it
// in the Cadence column and turns a group that stops pushing late, then stale.

#include "cli/guioptions.h"
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

Group pushedAt(const QString &job, double pushTime)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}});
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

} // namespace

class TestCadenceModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void cadenceColumnLearns();
    void stoppedJobTurnsLateThenStale();
    void lateFactorIsASetting();
    void seedBeforeTheFirstPoll();
    void seedIntoExistingRows();
    void lateFactorOption_data();
    void lateFactorOption();

private:
    double now() const { return m_nowMs / 1000.0; }
    // One poll every 5 s for `polls` polls; job "every5s" pushes at each, "once" never again.
    void pollWhilePushing(int polls);
    QString cell(const QString &job, int column) const;
    int outcomeOf(const QString &job) const;

    qint64 m_nowMs = kStartMs;
    int m_gateway = -1;
    double m_oncePushTime = 0;
    std::unique_ptr<pushscope::testing::TestedModel> m_tested;
    GroupTableModel *m_model = nullptr;
    GroupFilterProxy *m_proxy = nullptr;
};

void TestCadenceModel::init()
{
    m_nowMs = kStartMs;
    m_tested = std::make_unique<pushscope::testing::TestedModel>([this] { return m_nowMs; });
    m_model = m_tested->model();
    m_proxy = m_tested->proxy();
    m_model->setStaleAfter(30);
    m_gateway = m_model->addGateway(u"gw"_s);
    m_oncePushTime = now() - 1;
}

void TestCadenceModel::cleanup()
{
    m_tested.reset();
    m_proxy = nullptr;
    m_model = nullptr;
}

void TestCadenceModel::pollWhilePushing(int polls)
{
    for (int i = 0; i < polls; ++i) {
        Snapshot snapshot;
        snapshot.groups = {pushedAt(u"every5s"_s, now() - 0.2),
                           pushedAt(u"once"_s, m_oncePushTime)};
        m_model->applySnapshot(m_gateway, snapshot, 0);
        m_nowMs += 5000;
    }
}

QString TestCadenceModel::cell(const QString &job, int column) const
{
    const int row = m_model->rowOf(m_gateway, GroupingKey({{u"job"_s, job}}));
    return m_model->index(row, column).data().toString();
}

int TestCadenceModel::outcomeOf(const QString &job) const
{
    const int row = m_model->rowOf(m_gateway, GroupingKey({{u"job"_s, job}}));
    return m_model->index(row, 0).data(GroupTableModel::OutcomeRole).toInt();
}

void TestCadenceModel::cadenceColumnLearns()
{
    QCOMPARE(m_model->headerData(GroupTableModel::CadenceColumn, Qt::Horizontal).toString(),
             u"Cadence"_s);
    pollWhilePushing(1);
    QCOMPARE(cell(u"every5s"_s, GroupTableModel::CadenceColumn), u"once"_s);
    pollWhilePushing(1);
    QCOMPARE(cell(u"every5s"_s, GroupTableModel::CadenceColumn), u"learning"_s);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    pollWhilePushing(1);
    QCOMPARE(cell(u"every5s"_s, GroupTableModel::CadenceColumn), u"every 5s"_s);
    QVERIFY(!changed.isEmpty()); // the new push announced the row, its cadence included
    // The same push seen on every poll is one push.
    QCOMPARE(cell(u"once"_s, GroupTableModel::CadenceColumn), u"once"_s);
    const int row = m_model->rowOf(m_gateway, GroupingKey({{u"job"_s, u"every5s"_s}}));
    QCOMPARE(m_model->cadenceAt(row).pushes, 3);
    const QString tip =
        m_model->index(row, GroupTableModel::CadenceColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"Late after 10s"_s), qPrintable(tip));
    // Sorting by cadence puts the shortest interval first and "once" last.
    m_proxy->sort(GroupTableModel::CadenceColumn, Qt::AscendingOrder);
    QCOMPARE(m_proxy->index(0, GroupTableModel::JobColumn).data().toString(), u"every5s"_s);
}

void TestCadenceModel::stoppedJobTurnsLateThenStale()
{
    pollWhilePushing(4);
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Success));
    // "once" has no cadence: 16 s without a push is neither late nor stale (threshold 30 s).
    QCOMPARE(outcomeOf(u"once"_s), int(Outcome::Success));
    m_proxy->setOutcomeFilter(Outcome::Late);
    QCOMPARE(m_proxy->rowCount(), 0);

    // The job stops: late after 2 × 5 s (+ no jitter) without a push.
    QSignalSpy summary(m_model, &GroupTableModel::summaryChanged);
    m_nowMs += 6000; // its last push is 11.2 s old
    m_model->tick();
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Late));
    QCOMPARE(cell(u"every5s"_s, GroupTableModel::OutcomeColumn), u"late"_s);
    QVERIFY(summary.count() >= 1);
    QCOMPARE(m_model->outcomeCounts()[size_t(Outcome::Late)], 1);
    QCOMPARE(m_model->outcomeCountsByGateway().at(m_gateway)[size_t(Outcome::Late)], 1);
    QCOMPARE(m_proxy->rowCount(), 1);
    const int row = m_model->rowOf(m_gateway, GroupingKey({{u"job"_s, u"every5s"_s}}));
    const QString reason = m_model->verdictAt(row).reason;
    QVERIFY2(reason.startsWith(u"Expected every 5s, last push 11s ago (2 runs missed)."_s),
             qPrintable(reason));
    QCOMPARE(m_model->index(row, GroupTableModel::OutcomeColumn).data(Qt::ToolTipRole).toString(),
             reason);

    // Later the fixed threshold (30 s) makes it stale, like the group without a cadence.
    m_nowMs += 20000;
    m_model->tick();
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Stale));
    QCOMPARE(outcomeOf(u"once"_s), int(Outcome::Stale));
    QCOMPARE(m_proxy->rowCount(), 0);

    // A new push makes it on time again.
    pollWhilePushing(1);
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Success));
}

// Push times from a Prometheus' history, seeded before the first poll lands, give the
// cadence at that first poll: one poll alone would say "once".
void TestCadenceModel::seedBeforeTheFirstPoll()
{
    const QString id = GroupingKey({{u"job"_s, u"every5s"_s}}).id();
    QList<double> history;
    for (int i = 5; i >= 1; --i)
        history.append(now() - 0.2 - 5.0 * i);
    m_model->seedPushTimes(m_gateway, {{id, history}, {u"unknown-id"_s, {now() - 100}}});
    QCOMPARE(m_model->pendingSeedCount(m_gateway), 2);
    pollWhilePushing(1);
    QCOMPARE(cell(u"every5s"_s, GroupTableModel::CadenceColumn), u"every 5s"_s);
    QCOMPARE(cell(u"once"_s, GroupTableModel::CadenceColumn), u"once"_s);
    // The seed went into the row; the one no group matches waits.
    QCOMPARE(m_model->pendingSeedCount(m_gateway), 1);
    const int row = m_model->rowOf(m_gateway, GroupingKey({{u"job"_s, u"every5s"_s}}));
    QCOMPARE(m_model->cadenceAt(row).pushes, 6);

    // With a cadence from history, the job is late 10 s after it stops, not stale at 30 s.
    m_nowMs += 11000;
    m_model->tick();
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Late));

    // A new seeding replaces what waited; a gateway that is retargeted clears it.
    m_model->seedPushTimes(m_gateway, {});
    QCOMPARE(m_model->pendingSeedCount(m_gateway), 0);
}

// A seed for rows already in the table changes their cadence and outcome at once, with a
// dataChanged for the row and a summaryChanged for the flipped outcome.
void TestCadenceModel::seedIntoExistingRows()
{
    pollWhilePushing(1);
    QCOMPARE(cell(u"every5s"_s, GroupTableModel::CadenceColumn), u"once"_s);
    m_nowMs += 10000; // 15 s after the push: under the fixed threshold of 30 s
    m_model->tick();
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Success));

    const int row = m_model->rowOf(m_gateway, GroupingKey({{u"job"_s, u"every5s"_s}}));
    const double lastPush = m_model->groupAt(row).pushTime;
    QList<double> history;
    for (int i = 1; i <= 4; ++i)
        history.append(lastPush - 5.0 * i);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy summary(m_model, &GroupTableModel::summaryChanged);
    m_model->seedPushTimes(m_gateway, {{GroupingKey({{u"job"_s, u"every5s"_s}}).id(), history}});
    QCOMPARE(cell(u"every5s"_s, GroupTableModel::CadenceColumn), u"every 5s"_s);
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Late));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), row);
    QCOMPARE(summary.size(), 1);
    QCOMPARE(m_model->pendingSeedCount(m_gateway), 0);

    // Seeding the same history again changes nothing and says nothing.
    changed.clear();
    m_model->seedPushTimes(m_gateway, {{GroupingKey({{u"job"_s, u"every5s"_s}}).id(), history}});
    QCOMPARE(changed.size(), 0);
}

void TestCadenceModel::lateFactorIsASetting()
{
    pollWhilePushing(4);
    m_nowMs += 11000; // 16.2 s since the last push: 3 intervals
    m_model->tick();
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Late));
    m_model->setLateFactor(4);
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Success));
    m_model->setLateFactor(2);
    QCOMPARE(outcomeOf(u"every5s"_s), int(Outcome::Late));
}

void TestCadenceModel::lateFactorOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("factor");
    QTest::newRow("default") << QStringList{} << true << 2.0;
    QTest::newRow("3") << QStringList{u"--late-factor=3"_s} << true << 3.0;
    QTest::newRow("1.5") << QStringList{u"--late-factor"_s, u"1.5"_s} << true << 1.5;
    QTest::newRow("below 1") << QStringList{u"--late-factor=0.5"_s} << false << 0.0;
    QTest::newRow("not a number") << QStringList{u"--late-factor=often"_s} << false << 0.0;
}

void TestCadenceModel::lateFactorOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    QFETCH(double, factor);
    GuiOptions options;
    QString error;
    QString help;
    const GuiParse parsed =
        parseGuiOptions(QStringList{u"pushscope"_s, u"--gateway=http://gw:9091"_s} + arguments,
                        &options, &error, &help);
    QCOMPARE(parsed == GuiParse::Run, ok);
    if (ok)
        QCOMPARE(options.lateFactor, factor);
    else
        QVERIFY2(error.startsWith(u"--late-factor takes a number"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCadenceModel)
#include "tst_cadencemodel.moc"
