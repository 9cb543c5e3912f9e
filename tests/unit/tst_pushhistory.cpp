// The query that reads a gateway's past pushes from Prometheus, and how its series map back
// to the gateway's grouping keys with honor_labels on and off.

#include "prometheus/pushhistory.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

ScrapeTarget gatewayTarget()
{
    ScrapeTarget target;
    target.labels = {
        {u"env"_s, u"prod"_s}, {u"instance"_s, u"127.0.0.1:9091"_s}, {u"job"_s, u"pushgateway"_s}};
    target.scrapeInterval = std::chrono::seconds(15);
    return target;
}

TimeSeries series(Labels labels, QList<double> values)
{
    TimeSeries s;
    s.name = u"push_time_seconds"_s;
    s.labels = std::move(labels);
    double t = 1'800'000'000;
    for (double value : values)
        s.points.append({t += 15, value});
    return s;
}

QString idOf(Labels labels)
{
    return GroupingKey(std::move(labels)).id();
}

} // namespace

class TestPushHistory : public QObject
{
    Q_OBJECT

private slots:
    void queryNarrowsToTheTarget();
    void lookBackShrinksWithGroups();
    void stepFollowsTheScrapeInterval();
    void honorLabelsOnMapsBack();
    void honorLabelsOffMapsBack();
    void distinctSortedTimes();
};

void TestPushHistory::queryNarrowsToTheTarget()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const PushHistoryQuery on =
        PushHistory::query(gatewayTarget(), ScrapeHealth::HonorLabels::On, 10, now);
    // Pushed job and instance win with honor_labels: only the target's other labels narrow.
    const QString selector = u"{__name__=\"push_time_seconds\",env=\"prod\"}"_s;
    QCOMPARE(on.expr,
             selector + u" unless ("_s + selector + u" == "_s + selector + u" offset 15s)"_s);
    QCOMPARE(on.end, now);

    const PushHistoryQuery off =
        PushHistory::query(gatewayTarget(), ScrapeHealth::HonorLabels::Off, 10, now);
    QVERIFY2(off.expr.startsWith(u"{__name__=\"push_time_seconds\",env=\"prod\","
                                 "instance=\"127.0.0.1:9091\",job=\"pushgateway\"}"_s),
             qPrintable(off.expr));
}

void TestPushHistory::lookBackShrinksWithGroups()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const auto hours = [&](int groups) {
        const PushHistoryQuery q =
            PushHistory::query(gatewayTarget(), ScrapeHealth::HonorLabels::On, groups, now);
        return q.start.secsTo(q.end) / 3600.0;
    };
    QCOMPARE(hours(0), 150000 / 3600.0); // 48 h capped by 10,000 steps of 15 s
    QCOMPARE(hours(1000), 24.0);         // the budget: 24,000 group-hours
    QCOMPARE(hours(10000), 2.4);         // 10,000 groups: 2.4 h
    QCOMPARE(hours(50000), 1.0);         // never under an hour
}

void TestPushHistory::stepFollowsTheScrapeInterval()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    ScrapeTarget target = gatewayTarget();
    target.scrapeInterval = std::chrono::milliseconds(1500);
    PushHistoryQuery q = PushHistory::query(target, ScrapeHealth::HonorLabels::On, 10, now);
    QCOMPARE(q.step, std::chrono::milliseconds(1000)); // whole seconds, at least one
    QVERIFY(q.expr.endsWith(u" offset 1s)"_s));
    QCOMPARE(q.start.secsTo(q.end), 10000);               // 10,000 steps at most
    target.scrapeInterval = std::chrono::milliseconds(0); // the server did not say
    q = PushHistory::query(target, ScrapeHealth::HonorLabels::On, 10, now);
    QCOMPARE(q.step, std::chrono::milliseconds(15000));
}

void TestPushHistory::honorLabelsOnMapsBack()
{
    const ScrapeTarget target = gatewayTarget();
    // {job="nightly"} pushed without instance: the scrape adds only env.
    QStringList ids = PushHistory::candidateIds(
        {{u"__name__"_s, u"push_time_seconds"_s}, {u"env"_s, u"prod"_s}, {u"job"_s, u"nightly"_s}},
        target, ScrapeHealth::HonorLabels::On);
    QCOMPARE(ids.first(), idOf({{u"job"_s, u"nightly"_s}}));
    // ... unless the group itself was pushed with env="prod": the second candidate.
    QCOMPARE(ids.size(), 2);
    QCOMPARE(ids.at(1), idOf({{u"env"_s, u"prod"_s}, {u"job"_s, u"nightly"_s}}));
    // A pushed env of another value and a pushed instance stay.
    ids = PushHistory::candidateIds(
        {{u"env"_s, u"dev"_s}, {u"instance"_s, u"127.0.0.1:9091"_s}, {u"job"_s, u"pushgateway"_s}},
        target, ScrapeHealth::HonorLabels::On);
    QCOMPARE(ids, QStringList{idOf({{u"env"_s, u"dev"_s},
                                    {u"instance"_s, u"127.0.0.1:9091"_s},
                                    {u"job"_s, u"pushgateway"_s}})});
}

void TestPushHistory::honorLabelsOffMapsBack()
{
    const ScrapeTarget target = gatewayTarget();
    // job and instance are the target's; the pushed ones became exported_*.
    const QStringList ids = PushHistory::candidateIds({{u"env"_s, u"prod"_s},
                                                       {u"exported_instance"_s, u"a"_s},
                                                       {u"exported_job"_s, u"nightly"_s},
                                                       {u"instance"_s, u"127.0.0.1:9091"_s},
                                                       {u"job"_s, u"pushgateway"_s}},
                                                      target, ScrapeHealth::HonorLabels::Off);
    QCOMPARE(ids.first(), idOf({{u"instance"_s, u"a"_s}, {u"job"_s, u"nightly"_s}}));
}

void TestPushHistory::distinctSortedTimes()
{
    QueryResult result;
    result.ok = true;
    result.type = QueryResult::Type::Matrix;
    result.series = {series({{u"job"_s, u"b"_s}}, {300, 100, 200, 200, 0}),
                     series({{u"job"_s, u"a"_s}}, {50})};
    const QHash<QString, QList<double>> byId =
        PushHistory::pushTimesById(result, gatewayTarget(), ScrapeHealth::HonorLabels::On);
    QCOMPARE(byId.size(), 2);
    QCOMPARE(byId.value(idOf({{u"job"_s, u"b"_s}})), (QList<double>{100, 200, 300}));
    QCOMPARE(byId.value(idOf({{u"job"_s, u"a"_s}})), (QList<double>{50}));
}

QTEST_GUILESS_MAIN(TestPushHistory)
#include "tst_pushhistory.moc"
