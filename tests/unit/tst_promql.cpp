// PromQL building (selectors, rate windows, steps) and parsing of Prometheus API replies.

#include "prometheus/promql.h"
#include "prometheus/promreply.h"
#include "prometheus/scrapehealth.h"

#include <QTest>
#include <cmath>

using namespace pushscope;
using namespace Qt::StringLiterals;
using std::chrono::milliseconds;
using std::chrono::seconds;

class TestPromql : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void selectorEscapes_data();
    void selectorEscapes();
    void oddMetricNameUsesNameMatcher();
    void stepKeepsPointsBelowLimit_data();
    void stepKeepsPointsBelowLimit();
    void stepIsNice();
    void rateWindow();
    void errorBodyBecomesSentence_data();
    void errorBodyBecomesSentence();
    void parsesMatrixWithSpecialValues();
    void parsesVectorAndScalar();
    void passesWarningsThrough();
    void parsesTargetsAndMatchesGateway();
    void verdicts();
};

void TestPromql::selectorEscapes_data()
{
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << Labels{{u"job"_s, u"batch"_s}, {u"instance"_s, u"a"_s}}
                           << uR"(m{job="batch",instance="a"})"_s;
    QTest::newRow("quote") << Labels{{u"job"_s, u"say \"hi\""_s}} << uR"(m{job="say \"hi\""})"_s;
    QTest::newRow("backslash") << Labels{{u"job"_s, uR"(C:\tmp\)"_s}} << uR"(m{job="C:\\tmp\\"})"_s;
    QTest::newRow("newline") << Labels{{u"job"_s, u"a\nb"_s}} << uR"(m{job="a\nb"})"_s;
    QTest::newRow("utf-8") << Labels{{u"job"_s, u"j"_s}, {u"site"_s, u"Zürich ✓"_s}}
                           << uR"(m{job="j",site="Zürich ✓"})"_s;
    QTest::newRow("empty value") << Labels{{u"job"_s, u"j"_s}, {u"instance"_s, QString()}}
                                 << uR"(m{job="j",instance=""})"_s;
    QTest::newRow("slash") << Labels{{u"job"_s, u"j"_s}, {u"path"_s, u"/var/tmp"_s}}
                           << uR"(m{job="j",path="/var/tmp"})"_s;
    QTest::newRow("dotted label name quoted")
        << Labels{{u"job"_s, u"j"_s}, {u"foo.bar"_s, u"x"_s}} << uR"(m{job="j","foo.bar"="x"})"_s;
    QTest::newRow("name with space and quote")
        << Labels{{u"job"_s, u"j"_s}, {u"my \"label\""_s, u"x"_s}}
        << uR"(m{job="j","my \"label\""="x"})"_s;
}

void TestPromql::selectorEscapes()
{
    QFETCH(Labels, labels);
    QFETCH(QString, expected);
    QCOMPARE(selectorFor(u"m"_s, GroupingKey(labels)), expected);
}

void TestPromql::oddMetricNameUsesNameMatcher()
{
    const GroupingKey key(Labels{{u"job"_s, u"j"_s}});
    QCOMPARE(selectorFor(u"my.metric"_s, key), uR"({__name__="my.metric",job="j"})"_s);
    QCOMPARE(selectorFor(u"ns:rule_total"_s, key), uR"(ns:rule_total{job="j"})"_s);
    QCOMPARE(selectorFor(u"up"_s, GroupingKey()), u"up"_s);
    QVERIFY(!isPlainMetricName(u"9lives"_s));
}

void TestPromql::stepKeepsPointsBelowLimit_data()
{
    QTest::addColumn<qint64>("rangeSeconds");
    QTest::addColumn<int>("maxPoints");
    QTest::newRow("5m") << qint64(300) << 11000;
    QTest::newRow("1h") << qint64(3600) << 11000;
    QTest::newRow("6h") << qint64(6 * 3600) << 11000;
    QTest::newRow("24h") << qint64(86400) << 11000;
    QTest::newRow("7d") << qint64(7 * 86400) << 11000;
    QTest::newRow("11000s exactly") << qint64(11000) << 11000;
    QTest::newRow("10999s") << qint64(10999) << 11000;
    QTest::newRow("1 year") << qint64(365 * 86400) << 11000;
    QTest::newRow("100 years") << qint64(36500LL * 86400) << 11000;
    QTest::newRow("custom 3h, 800 points") << qint64(3 * 3600) << 800;
    QTest::newRow("custom 90s, 10 points") << qint64(90) << 10;
}

void TestPromql::stepKeepsPointsBelowLimit()
{
    QFETCH(qint64, rangeSeconds);
    QFETCH(int, maxPoints);
    const milliseconds range = seconds(rangeSeconds);
    const milliseconds step = stepFor(range, maxPoints);
    QVERIFY2(
        pointCount(range, step) <= maxPoints,
        qPrintable(u"%1 points at step %2 ms"_s.arg(pointCount(range, step)).arg(step.count())));
    QVERIFY(step >= seconds(1));
}

void TestPromql::stepIsNice()
{
    QCOMPARE(stepFor(seconds(300)), seconds(1));
    QCOMPARE(stepFor(seconds(3600)), seconds(1));
    QCOMPARE(stepFor(seconds(11000)), seconds(2)); // 11,001 points at 1 s is one too many
    QCOMPARE(stepFor(seconds(6 * 3600)), seconds(2));
    QCOMPARE(stepFor(seconds(86400)), seconds(10));
    QCOMPARE(stepFor(seconds(7 * 86400)), seconds(60));
    QCOMPARE(stepFor(seconds(3600), 100), seconds(60));
    QCOMPARE(stepFor(seconds(365 * 86400)), seconds(3600));
}

void TestPromql::rateWindow()
{
    QCOMPARE(pushscope::rateWindow(seconds(1), seconds(2)), seconds(60));
    QCOMPARE(pushscope::rateWindow(seconds(30), seconds(15)), seconds(120));
    QCOMPARE(pushscope::rateWindow(seconds(10), seconds(60)), seconds(240));
    QCOMPARE(rateExpr(u"m{job=\"j\"}"_s, seconds(90)), u"rate(m{job=\"j\"}[1m30s])"_s);
    QCOMPARE(rateExpr(u"m"_s, seconds(60)), u"rate(m[1m])"_s);
}

void TestPromql::errorBodyBecomesSentence_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("httpError");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad_data")
        << QByteArray(R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: )"
                      R"(unexpected \"}\""})")
        << u"x answered HTTP 400 Bad Request."_s
        << u"Prometheus rejected the query: bad_data: 1:5: parse error: unexpected \"}\"."_s;
    // Prometheus 2.42's answer, verbatim, to up{"foo.bar"="x"} (2.53 accepts it).
    QTest::newRow("quoted label name on an older Prometheus")
        << QByteArray(R"({"status":"error","errorType":"bad_data","error":"invalid parameter )"
                      R"(\"query\": 1:4: parse error: unexpected string \"\\\"foo.bar\\\"\" in )"
                      R"(label matching, expected identifier or \"}\""})")
        << u"x answered HTTP 400 Bad Request."_s
        << u"This Prometheus cannot read quoted label names such as {\"foo.bar\"=\"x\"} (PromQL 3 "
           u"syntax, read from Prometheus 2.53 on), which this group's key needs; upgrade "
           u"Prometheus to chart it. (invalid parameter \"query\": 1:4: parse error: unexpected "
           u"string \"\\\"foo.bar\\\"\" in label matching, expected identifier or \"}\")"_s;
    QTest::newRow("timeout") << QByteArray(R"({"status":"error","errorType":"timeout","error":)"
                                           R"("query timed out in expression evaluation"})")
                             << QString()
                             << u"Prometheus rejected the query: timeout: query timed out in "
                                u"expression evaluation."_s;
    QTest::newRow("HTML error page keeps the HTTP sentence")
        << QByteArray("<html>502 Bad Gateway</html>") << u"x answered HTTP 502 Bad Gateway."_s
        << u"x answered HTTP 502 Bad Gateway."_s;
    QTest::newRow("not JSON") << QByteArray("hello") << QString()
                              << u"The reply to the query is not JSON from the Prometheus HTTP "
                                 u"API: is the URL a Prometheus server?"_s;
    QTest::newRow("no status") << QByteArray(R"({"data":[]})") << QString()
                               << u"The reply to the query is not a Prometheus API answer (no "
                                  u"\"status\": \"success\" with \"data\")."_s;
}

void TestPromql::errorBodyBecomesSentence()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, httpError);
    QFETCH(QString, expected);
    const QueryResult result = parseQueryReply(body, httpError);
    QVERIFY(!result.ok);
    QCOMPARE(result.error, expected);
}

void TestPromql::parsesMatrixWithSpecialValues()
{
    const QueryResult result = parseQueryReply(R"({"status":"success","data":{
        "resultType":"matrix","result":[
          {"metric":{"__name__":"processed_items","job":"b","instance":"x"},
           "values":[[1700000000,"1"],[1700000002.5,"NaN"],[1700000005,"+Inf"],
                     [1700000007,"-Inf"],[1700000010,"1e3"]]},
          {"metric":{"job":"c"},"values":[]}]}})");
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.type, QueryResult::Type::Matrix);
    QCOMPARE(result.series.size(), 2);
    const TimeSeries &first = result.series.first();
    QCOMPARE(first.name, u"processed_items"_s);
    QCOMPARE(first.labels, (Labels{{u"instance"_s, u"x"_s}, {u"job"_s, u"b"_s}}));
    QCOMPARE(first.points.size(), 5);
    QCOMPARE(first.points.at(0), qMakePair(1700000000.0, 1.0));
    QCOMPARE(first.points.at(1).first, 1700000002.5);
    QVERIFY(std::isnan(first.points.at(1).second));
    QVERIFY(std::isinf(first.points.at(2).second) && first.points.at(2).second > 0);
    QVERIFY(std::isinf(first.points.at(3).second) && first.points.at(3).second < 0);
    QCOMPARE(first.points.at(4).second, 1000.0);
    QVERIFY(result.series.at(1).name.isEmpty());
    QVERIFY(result.series.at(1).points.isEmpty());

    const QueryResult broken = parseQueryReply(R"({"status":"success","data":{
        "resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}})");
    QVERIFY(!broken.ok);
}

void TestPromql::parsesVectorAndScalar()
{
    const QueryResult vector = parseQueryReply(R"({"status":"success","data":{
        "resultType":"vector","result":[{"metric":{"job":"a"},"value":[1700000000.123,"42"]}]}})");
    QVERIFY(vector.ok);
    QCOMPARE(vector.type, QueryResult::Type::Vector);
    QCOMPARE(vector.series.size(), 1);
    QCOMPARE(vector.series.first().points, (QList<QPair<double, double>>{{1700000000.123, 42}}));

    const QueryResult scalar = parseQueryReply(
        R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"NaN"]}})");
    QVERIFY(scalar.ok);
    QCOMPARE(scalar.type, QueryResult::Type::Scalar);
    QCOMPARE(scalar.series.size(), 1);
    QVERIFY(scalar.series.first().labels.isEmpty());
    QVERIFY(std::isnan(scalar.series.first().points.first().second));
}

void TestPromql::passesWarningsThrough()
{
    const QueryResult result = parseQueryReply(R"({"status":"success","warnings":
        ["partial response: store B unreachable"],
        "data":{"resultType":"vector","result":[]}})");
    QVERIFY(result.ok);
    QCOMPARE(result.warnings, QStringList{u"partial response: store B unreachable"_s});
    const QueryResult failed = parseQueryReply(
        R"({"status":"error","errorType":"execution","error":"boom","warnings":["w"]})");
    QCOMPARE(failed.warnings, QStringList{u"w"_s});
    QCOMPARE(failed.errorType, u"execution"_s);
}

void TestPromql::parsesTargetsAndMatchesGateway()
{
    const TargetsResult result = parseTargetsReply(R"({"status":"success","data":{
        "activeTargets":[{"labels":{"instance":"127.0.0.1:9091","job":"pushgateway"},
          "scrapePool":"pushgateway","scrapeUrl":"http://127.0.0.1:9091/gw/metrics",
          "lastError":"","lastScrape":"2026-11-24T18:00:00.5Z","lastScrapeDuration":0.002,
          "health":"up","scrapeInterval":"2s","scrapeTimeout":"2s"}],"droppedTargets":[]}})");
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.activeTargets.size(), 1);
    const ScrapeTarget &target = result.activeTargets.first();
    QCOMPARE(target.scrapeInterval, seconds(2));
    QCOMPARE(target.label(u"job"_s), u"pushgateway"_s);
    QVERIFY(target.lastScrape.isValid());
    QVERIFY(targetMatchesGateway(target, QUrl(u"http://127.0.0.1:9091/gw/"_s)));
    QVERIFY(targetMatchesGateway(target, QUrl(u"http://localhost:9091/gw"_s)));
    QVERIFY(!targetMatchesGateway(target, QUrl(u"http://127.0.0.1:9091"_s)));
    QVERIFY(!targetMatchesGateway(target, QUrl(u"http://127.0.0.1:9092/gw"_s)));
    QCOMPARE(
        exportedJobQuery(target),
        uR"(count({__name__="push_time_seconds",job="pushgateway",instance="127.0.0.1:9091",exported_job!=""}))"_s);
}

void TestPromql::verdicts()
{
    ScrapeHealth health;
    health.ok = true;
    QCOMPARE(scrapeVerdict(health, QDateTime::currentDateTimeUtc()),
             u"Prometheus does not scrape this gateway."_s);
    health.scraped = true;
    health.target.health = u"up"_s;
    health.target.scrapeInterval = seconds(2);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    health.target.lastScrape = now.addSecs(-1);
    QCOMPARE(scrapeVerdict(health, now),
             u"Prometheus scrapes this gateway every 2s; last scrape 1s ago, up."_s);
    health.honorLabels = ScrapeHealth::HonorLabels::Off;
    QCOMPARE(scrapeVerdict(health, now),
             u"honor_labels is off: your job labels arrive as exported_job."_s);
    health.target.health = u"down"_s;
    health.target.lastError = u"connection refused"_s;
    QCOMPARE(scrapeVerdict(health, now), u"The last scrape failed: connection refused."_s);
}

QTEST_GUILESS_MAIN(TestPromql)
#include "tst_promql.moc"
