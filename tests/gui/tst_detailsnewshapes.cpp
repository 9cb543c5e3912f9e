// The details panel shows what newer gateways send (issue 11): native histogram buckets with
// their boundaries and the zero bucket, gauge histograms by type, and each family not read
// with its type and note; a group that never pushed has no push age; the age follows the
// table's without rebuilding the family tree; several selected rows show their count.
#include "gateway/gaugehistograms.h"
#include "gateway/snapshotparser.h"
#include "model/outcome.h"
#include "protobufbodies.h"
#include "table/detailspanel.h"

#include <QTest>
#include <QTreeWidget>

using namespace pushscope;
using namespace Qt::StringLiterals;

class TestDetailsNewShapes : public QObject
{
    Q_OBJECT

private slots:
    void showsNativeBucketsAndFamiliesNotRead();
    void showsGaugeHistogramReadFromMetrics();
    void neverPushedShowsNoAge();
    void ageAdvancesWithoutRebuildingTheTree();
    void severalSelectedShowTheirCount();
};

void TestDetailsNewShapes::showsNativeBucketsAndFamiliesNotRead()
{
    const QByteArray labels = R"({"instance":"","job":"nat"})";
    const QByteArray reply =
        R"({"status":"success","data":[{"labels":{"job":"nat"},"push_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" +
        labels +
        R"(,"value":"1.79e9"}]},"nz":{"type":"HISTOGRAM","metrics":[{"buckets":[[1,"-1","-0.5","2"],[3,"-0.01","0.01","1.5"],[0,"1","2","2"]],"count":"5.5","labels":)" +
        labels +
        R"(,"sum":"3"}]},"gh":{"type":"GAUGE_HISTOGRAM","metrics":[{"buckets":{"1":"1"},"count":"1","labels":)" +
        labels + R"(,"sum":"1"}]},"q":{"type":"GAUGE_HISTOGRAM","metrics":[{"labels":)" + labels +
        R"(,"value":"0"}]}}]})";
    const SnapshotParseResult result = parseSnapshot(reply);
    QVERIFY2(result.ok, qPrintable(result.error));
    ui::DetailsPanel panel;
    panel.showGroup(u"http://gw"_s, result.snapshot.groups.first(), Verdict{}, 1, false);
    QStringList texts;
    for (QTreeWidgetItemIterator it(panel.familyTree()); *it; ++it)
        texts << (*it)->text(0) + u" = "_s + (*it)->text(1);
    const QString all = texts.join(u'\n');
    for (const QString &expected :
         {u"[-1, -0.5) = 2"_s, u"zero bucket [-0.01, 0.01] = 1.5"_s, u"(1, 2] = 2"_s,
          u"count 5.5, sum 3"_s, u"gh  (gaugehistogram)"_s, u"q  (GAUGE_HISTOGRAM, not read)"_s,
          u"only a value of 0"_s, u"native histogram, schema 0 = growth ×2 per bucket"_s})
        QVERIFY2(all.contains(expected), qPrintable(expected + u" not in:\n"_s + all));
}

// A gauge histogram the JSON API shows as 0, read from the gateway's /metrics: its buckets,
// and where they came from.
void TestDetailsNewShapes::showsGaugeHistogramReadFromMetrics()
{
    const QByteArray labels = R"({"instance":"","job":"nat"})";
    const QByteArray reply =
        R"({"status":"success","data":[{"labels":{"job":"nat"},"push_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" +
        labels +
        R"(,"value":"1.79e9"}]},"queue_depth":{"type":"GAUGE_HISTOGRAM","metrics":[{"labels":)" +
        labels + R"(,"value":"0"}]}}]})";
    SnapshotParseResult result = parseSnapshot(reply);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(
        readGaugeHistograms(&result.snapshot, GatewayExposition::fromBody(QByteArray::fromHex(
                                                  pushscope::testing::kNativeGaugeHistogramHex))),
        1);
    ui::DetailsPanel panel;
    panel.showGroup(u"http://gw"_s, result.snapshot.groups.first(), Verdict{}, 1, false);
    QStringList texts;
    for (QTreeWidgetItemIterator it(panel.familyTree()); *it; ++it)
        texts << (*it)->text(0) + u" = "_s + (*it)->text(1);
    const QString all = texts.join(u'\n');
    for (const QString &expected :
         {u"queue_depth  (gaugehistogram, read from /metrics)"_s, u"[-1, -0.5) = 5"_s,
          u"zero bucket [-0.001, 0.001] = 2"_s, u"(8, 16] = 4"_s, u"count 16, sum 42"_s})
        QVERIFY2(all.contains(expected), qPrintable(expected + u" not in:\n"_s + all));
    QVERIFY2(!all.contains(u"not read"_s), qPrintable(all));
}

namespace {

Group oneGaugeGroup(double pushTime)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, u"nightly"_s}});
    group.pushTime = pushTime;
    MetricFamily family;
    family.name = u"records"_s;
    family.type = MetricType::Gauge;
    Sample sample;
    sample.labels = group.key.labels();
    sample.value = 3;
    family.samples.append(sample);
    group.families.append(family);
    return group;
}

} // namespace

// "Last push: never (0s ago)" said two things at once.
void TestDetailsNewShapes::neverPushedShowsNoAge()
{
    Group group = oneGaugeGroup(0);
    group.lastPushSuccessful = false;
    group.pushFailureTime = 1.79e9;
    ui::DetailsPanel panel;
    panel.showGroup(u"gw"_s, group, OutcomeRules::evaluate(group), 0, false);
    QVERIFY2(panel.headerText().contains(u"Last push: never ·"_s), qPrintable(panel.headerText()));
    QVERIFY2(!panel.headerText().contains(u"ago"_s), qPrintable(panel.headerText()));
}

void TestDetailsNewShapes::ageAdvancesWithoutRebuildingTheTree()
{
    ui::DetailsPanel panel;
    panel.showGroup(u"gw"_s, oneGaugeGroup(1.79e9), Verdict{}, 5, false);
    QVERIFY2(panel.headerText().contains(u"(5s ago)"_s), qPrintable(panel.headerText()));
    QTreeWidgetItem *first = panel.familyTree()->topLevelItem(0);
    QVERIFY(first);
    first->setData(0, Qt::UserRole, u"the same item"_s); // a rebuilt tree would not have it
    panel.updateAge(65, Verdict{Outcome::Stale, u"No push for 1m5s."_s});
    QVERIFY2(panel.headerText().contains(u"(1m5s ago)"_s), qPrintable(panel.headerText()));
    // The outcome moves on with the age (stale between two polls).
    QVERIFY2(panel.headerText().contains(u"stale</b>"_s), qPrintable(panel.headerText()));
    QCOMPARE(panel.familyTree()->topLevelItem(0)->data(0, Qt::UserRole).toString(),
             u"the same item"_s);
    QCOMPARE(panel.shownKey(), u"{job=\"nightly\"}"_s);
    panel.clear();
    panel.updateAge(70, Verdict{}); // nothing shown: nothing to update
    QVERIFY(!panel.headerText().contains(u"ago"_s));
}

void TestDetailsNewShapes::severalSelectedShowTheirCount()
{
    ui::DetailsPanel panel;
    panel.showGroup(u"gw"_s, oneGaugeGroup(1.79e9), Verdict{}, 5, false);
    panel.showSelection(3,
                        {{u"{job=\"a\"}"_s, Outcome::Failed}, {u"{job=\"b\"}"_s, Outcome::Late}});
    QVERIFY2(panel.headerText().contains(u"3 groups selected"_s), qPrintable(panel.headerText()));
    QVERIFY2(panel.headerText().contains(u"The first 2 are listed."_s),
             qPrintable(panel.headerText()));
    QTreeWidget *tree = panel.familyTree();
    QCOMPARE(tree->topLevelItemCount(), 2);
    QCOMPARE(tree->headerItem()->text(0), u"Selected group"_s);
    QCOMPARE(tree->topLevelItem(0)->text(0), u"{job=\"a\"}"_s);
    QCOMPARE(tree->topLevelItem(1)->text(1), u"late"_s);
    QVERIFY(panel.shownKey().isEmpty());
    // The same selection again (the next poll) keeps the list, and so its scroll, as it is.
    tree->topLevelItem(0)->setData(0, Qt::UserRole, u"the same item"_s);
    panel.showSelection(3,
                        {{u"{job=\"a\"}"_s, Outcome::Failed}, {u"{job=\"b\"}"_s, Outcome::Late}});
    QCOMPARE(tree->topLevelItem(0)->data(0, Qt::UserRole).toString(), u"the same item"_s);
    panel.showSelection(3, {{u"{job=\"a\"}"_s, Outcome::Stale}, {u"{job=\"b\"}"_s, Outcome::Late}});
    QCOMPARE(tree->topLevelItem(0)->text(1), u"stale"_s);
    // One group again: its families, under their own header.
    panel.showGroup(u"gw"_s, oneGaugeGroup(1.79e9), Verdict{}, 5, false);
    QCOMPARE(tree->headerItem()->text(0), u"Family / sample"_s);
    QCOMPARE(tree->topLevelItemCount(), 1);
}

QTEST_MAIN(TestDetailsNewShapes)
#include "tst_detailsnewshapes.moc"
