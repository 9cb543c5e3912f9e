// The filter proxy's selection: a metric name before the matchers or alone, and several
// outcomes at once. The model and the proxy are watched by QAbstractItemModelTester.

#include "model/groupfilterproxy.h"
#include "model/grouptablemodel.h"
#include "testedmodel.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kNowMs = 1795540083000; // 2026-11-24

MetricFamily gauge(const QString &name, const Labels &labels, double value)
{
    MetricFamily family;
    family.name = name;
    family.type = MetricType::Gauge;
    Sample sample;
    sample.labels = labels;
    sample.value = value;
    family.samples.append(sample);
    return family;
}

// job_success 1 / 0 gives success / failed; none of them unknown; pushed 2 h ago, stale.
Group makeGroup(const QString &job, const QStringList &families, double age,
                std::optional<bool> succeeded = std::nullopt)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}, {u"instance"_s, u"i"_s}});
    group.pushTime = kNowMs / 1000.0 - age;
    for (const QString &name : families)
        group.families.append(gauge(name, group.key.labels(), 1));
    if (succeeded)
        group.families.append(gauge(u"job_success"_s, group.key.labels(), *succeeded ? 1 : 0));
    return group;
}

} // namespace

Q_DECLARE_METATYPE(pushscope::Outcome)

class TestGroupFilterProxy : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void metricNameSelector_data();
    void metricNameSelector();
    void metricNameWithBadMatcher();
    void outcomeSet_data();
    void outcomeSet();
    void outcomeSetFollowsPolls();

private:
    QStringList shownJobs() const;

    std::unique_ptr<testing::TestedModel> m_tested;
    GroupTableModel *m_model = nullptr;
    GroupFilterProxy *m_proxy = nullptr;
};

void TestGroupFilterProxy::init()
{
    m_tested = std::make_unique<testing::TestedModel>([] { return kNowMs; });
    m_model = m_tested->model();
    m_proxy = m_tested->proxy();
    const int gw = m_model->addGateway(u"gw0"_s);
    Snapshot snapshot;
    snapshot.groups = {
        makeGroup(u"demo_steady"_s, {u"processed_items"_s}, 10, true),
        makeGroup(u"demo_flaky"_s, {u"processed_items"_s}, 10, false),
        makeGroup(u"demo_quiet"_s, {u"records_total"_s}, 10, true),
        makeGroup(u"old_report"_s, {u"processed_items"_s}, 7200, true),
        makeGroup(u"mystery"_s, {u"records_total"_s}, 10),
    };
    m_model->applySnapshot(gw, snapshot, 0);
    m_proxy->sort(GroupTableModel::JobColumn, Qt::AscendingOrder);
    QCOMPARE(m_proxy->rowCount(), 5);
}

void TestGroupFilterProxy::cleanup()
{
    m_tested.reset();
}

QStringList TestGroupFilterProxy::shownJobs() const
{
    QStringList jobs;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        jobs.append(m_proxy->index(row, GroupTableModel::JobColumn).data().toString());
    return jobs;
}

void TestGroupFilterProxy::metricNameSelector_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("jobs");
    QTest::newRow("name and a job")
        << u"processed_items{job=\"demo_steady\"}"_s << QStringList{u"demo_steady"_s};
    QTest::newRow("name and a regex")
        << u"processed_items{job=~\"demo_.*\"}"_s << QStringList{u"demo_flaky"_s, u"demo_steady"_s};
    QTest::newRow("name, space, empty braces")
        << u"records_total {}"_s << QStringList{u"demo_quiet"_s, u"mystery"_s};
    QTest::newRow("name the job lacks") << u"records_total{job=\"demo_steady\"}"_s << QStringList{};
    QTest::newRow("bare name, as a word")
        << u"processed_items"_s << QStringList{u"demo_flaky"_s, u"demo_steady"_s, u"old_report"_s};
    QTest::newRow("bare name and a word")
        << u"processed_items demo"_s << QStringList{u"demo_flaky"_s, u"demo_steady"_s};
    QTest::newRow("a family's name is matched whole") << u"processed_item"_s << QStringList{};
    QTest::newRow("label-only selector still works")
        << u"{job=~\"demo_.*\", job!=\"demo_quiet\"}"_s
        << QStringList{u"demo_flaky"_s, u"demo_steady"_s};
    QTest::newRow("label-only, no braces") << u"job=\"mystery\""_s << QStringList{u"mystery"_s};
}

void TestGroupFilterProxy::metricNameSelector()
{
    QFETCH(QString, text);
    QFETCH(QStringList, jobs);
    QString error;
    QVERIFY2(m_proxy->setFilterExpression(text, &error), qPrintable(error));
    QVERIFY(m_proxy->filterError().isEmpty());
    QCOMPARE(shownJobs(), jobs);
}

void TestGroupFilterProxy::metricNameWithBadMatcher()
{
    QString error;
    QVERIFY(!m_proxy->setFilterExpression(u"processed_items{job=~\"(\"}"_s, &error));
    QVERIFY2(error.contains(u"processed_items{job=~\"(\"}"_s) || error.contains(u"\"(\""_s),
             qPrintable(error));
    QCOMPARE(m_proxy->filterError(), error);
    QCOMPARE(m_proxy->rowCount(), 0);
    QVERIFY(!m_proxy->setFilterExpression(u"processed_items{job=\"x\""_s, &error));
    QVERIFY2(error.contains(u"processed_items{"_s), qPrintable(error)); // the whole text
    QCOMPARE(m_proxy->rowCount(), 0);
}

void TestGroupFilterProxy::outcomeSet_data()
{
    QTest::addColumn<QList<Outcome>>("outcomes");
    QTest::addColumn<QStringList>("jobs");
    const QStringList every{u"demo_flaky"_s, u"demo_quiet"_s, u"demo_steady"_s, u"mystery"_s,
                            u"old_report"_s};
    QTest::newRow("none: every group") << QList<Outcome>{} << every;
    QTest::newRow("failed") << QList<Outcome>{Outcome::Failed} << QStringList{u"demo_flaky"_s};
    QTest::newRow("failed and stale") << QList<Outcome>{Outcome::Failed, Outcome::Stale}
                                      << QStringList{u"demo_flaky"_s, u"old_report"_s};
    QTest::newRow("failed, stale, late")
        << QList<Outcome>{Outcome::Late, Outcome::Stale, Outcome::Failed}
        << QStringList{u"demo_flaky"_s, u"old_report"_s};
    QTest::newRow("success and unknown")
        << QList<Outcome>{Outcome::Success, Outcome::Unknown}
        << QStringList{u"demo_quiet"_s, u"demo_steady"_s, u"mystery"_s};
    QTest::newRow("late only: none") << QList<Outcome>{Outcome::Late} << QStringList{};
    QTest::newRow("all five: every group")
        << QList<Outcome>{Outcome::Failed, Outcome::Stale, Outcome::Late, Outcome::Unknown,
                          Outcome::Success}
        << every;
}

void TestGroupFilterProxy::outcomeSet()
{
    QFETCH(QList<Outcome>, outcomes);
    QFETCH(QStringList, jobs);
    m_proxy->setOutcomeFilter(outcomes);
    QCOMPARE(shownJobs(), jobs);
    // Every outcome is the same as none: no filter.
    if (jobs.size() == 5)
        QVERIFY(m_proxy->outcomeFilter().isEmpty());
    else
        QCOMPARE(m_proxy->outcomeFilter().size(), outcomes.size());
    // Other filters narrow further.
    QVERIFY(m_proxy->setFilterExpression(u"processed_items"_s));
    for (const QString &job : shownJobs())
        QVERIFY2(jobs.contains(job) && job != u"mystery" && job != u"demo_quiet", qPrintable(job));
    // The one-outcome form still works and replaces the set.
    QVERIFY(m_proxy->setFilterExpression(QString()));
    m_proxy->setOutcomeFilter(Outcome::Success);
    QCOMPARE(shownJobs(), (QStringList{u"demo_quiet"_s, u"demo_steady"_s}));
    QCOMPARE(m_proxy->outcomeFilter(), QList<Outcome>{Outcome::Success});
    m_proxy->setOutcomeFilter(std::nullopt);
    QCOMPARE(m_proxy->rowCount(), 5);
}

void TestGroupFilterProxy::outcomeSetFollowsPolls()
{
    m_proxy->setOutcomeFilter(QList<Outcome>{Outcome::Failed, Outcome::Stale});
    QCOMPARE(shownJobs(), (QStringList{u"demo_flaky"_s, u"old_report"_s}));
    Snapshot snapshot;
    snapshot.groups = {
        makeGroup(u"demo_steady"_s, {u"processed_items"_s}, 4, false), // now failed
        makeGroup(u"demo_flaky"_s, {u"processed_items"_s}, 5, true),   // recovered
        makeGroup(u"demo_quiet"_s, {u"records_total"_s}, 10, true),
        makeGroup(u"old_report"_s, {u"processed_items"_s}, 7200, true),
        makeGroup(u"mystery"_s, {u"records_total"_s}, 10),
    };
    m_model->applySnapshot(0, snapshot, 0);
    QCOMPARE(shownJobs(), (QStringList{u"demo_steady"_s, u"old_report"_s}));
}

QTEST_GUILESS_MAIN(TestGroupFilterProxy)
#include "tst_groupfilterproxy.moc"
