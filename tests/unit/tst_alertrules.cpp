// The Prometheus rule file made from what was learned (model/alertrules.h): thresholds from a
// cadence or the stale threshold, the failure alerts a job's outcome metrics allow, and the
// escaping of job names in PromQL inside YAML.

#include "model/alertrules.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

AlertRuleSource source(const QString &job, const QStringList &gauges = {},
                       CadenceEstimate cadence = {})
{
    AlertRuleSource s;
    s.group.key = GroupingKey(Labels{{u"job"_s, job}, {u"instance"_s, u"a"_s}});
    for (const QString &name : gauges) {
        MetricFamily family;
        family.name = name;
        family.type = MetricType::Gauge;
        family.samples.append(Sample());
        s.group.families.append(family);
    }
    s.cadence = cadence;
    return s;
}

CadenceEstimate regular(double interval, double jitter)
{
    CadenceEstimate cadence;
    cadence.kind = CadenceEstimate::Kind::Regular;
    cadence.intervalSeconds = interval;
    cadence.jitterSeconds = jitter;
    cadence.pushes = 6;
    return cadence;
}

} // namespace

class TestAlertRules : public QObject
{
    Q_OBJECT

private slots:
    void yamlQuoted_data();
    void yamlQuoted();
    void jobSelector_data();
    void jobSelector();
    void thresholdFromCadenceOrStale();
    void largestThresholdOfAJobWins();
    void outcomeMetricsGiveFailureAlerts();
    void fileShape();
    void emptyFile();
    void oddJobNameStaysInsideTheScalar();
};

void TestAlertRules::yamlQuoted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << u"abc"_s << u"\"abc\""_s;
    QTest::newRow("quote and backslash") << u"a\"b\\c"_s << u"\"a\\\"b\\\\c\""_s;
    QTest::newRow("newline, tab") << u"a\nb\tc"_s << u"\"a\\nb\\tc\""_s;
    QTest::newRow("control") << u"a\u0001b\u007f"_s << u"\"a\\u0001b\\u007f\""_s;
    QTest::newRow("line separator") << u"a\u2028b"_s << u"\"a\\u2028b\""_s;
    QTest::newRow("utf-8 kept") << u"jöb ✓ 😀"_s << u"\"jöb ✓ 😀\""_s;
    QTest::newRow("lone surrogate") << QString(QChar(0xd800)) << u"\"\\uFFFD\""_s;
    QTest::newRow("yaml indicators") << u"- a: #b {c}"_s << u"\"- a: #b {c}\""_s;
}

void TestAlertRules::yamlQuoted()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    QCOMPARE(AlertRules::yamlQuoted(text), quoted);
}

void TestAlertRules::jobSelector_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QString>("job");
    QTest::addColumn<QString>("selector");
    QTest::newRow("plain") << u"push_time_seconds"_s << u"batch"_s
                           << u"push_time_seconds{job=\"batch\"}"_s;
    QTest::newRow("escaped job") << u"job_success"_s << u"a\"b\\c\nd"_s
                                 << u"job_success{job=\"a\\\"b\\\\c\\nd\"}"_s;
    QTest::newRow("slash and utf-8")
        << u"job_success"_s << u"a/b é"_s << u"job_success{job=\"a/b é\"}"_s;
    QTest::newRow("dotted metric")
        << u"my.job_exit_code"_s << u"x"_s << u"{__name__=\"my.job_exit_code\",job=\"x\"}"_s;
}

void TestAlertRules::jobSelector()
{
    QFETCH(QString, metric);
    QFETCH(QString, job);
    QFETCH(QString, selector);
    QCOMPARE(AlertRules::jobSelector(metric, job), selector);
}

void TestAlertRules::thresholdFromCadenceOrStale()
{
    AlertRuleOptions options;
    options.staleAfterSeconds = 900;
    options.lateFactor = 2;
    const auto jobs = AlertRules::jobRules(
        {source(u"learned"_s, {}, regular(300, 10)), source(u"new"_s)}, options);
    QCOMPARE(jobs.size(), 2);
    QCOMPARE(jobs.at(0).job, u"learned"_s);
    QCOMPARE(jobs.at(0).lateThresholdSeconds, 610.0);
    QCOMPARE(jobs.at(1).job, u"new"_s);
    QCOMPARE(jobs.at(1).lateThresholdSeconds, 900.0);

    const QString text = AlertRules::yaml({source(u"learned"_s, {}, regular(300, 10))}, options);
    QVERIFY2(
        text.contains(
            u"expr: \"time() - max by (job) (push_time_seconds{job=\\\"learned\\\"}) > 610\""_s),
        qPrintable(text));
    QVERIFY2(text.contains(u"expected every 5m ± 10s"_s), qPrintable(text));
    QVERIFY2(text.contains(u"for: 1m\n"_s), qPrintable(text));

    // A cadence still learning or irregular is no cadence: the stale threshold applies.
    CadenceEstimate learning = regular(5, 0);
    learning.kind = CadenceEstimate::Kind::Learning;
    const QString stale = AlertRules::yaml({source(u"j"_s, {}, learning)}, options);
    QVERIFY2(stale.contains(u") > 900\""_s), qPrintable(stale));
    QVERIFY2(stale.contains(u"no cadence learned, stale after 15m"_s), qPrintable(stale));
    // A short threshold gets a short `for:`.
    options.staleAfterSeconds = 3;
    QVERIFY(AlertRules::yaml({source(u"j"_s)}, options).contains(u"for: 1s\n"_s));
    QCOMPARE(AlertRules::lateForDuration(20), u"5s"_s);
    QCOMPARE(AlertRules::lateForDuration(10.7 * 2 + 0.3), u"5s"_s);
}

void TestAlertRules::largestThresholdOfAJobWins()
{
    AlertRuleOptions options;
    const auto jobs = AlertRules::jobRules({source(u"j"_s, {}, regular(60, 0)),
                                            source(u"j"_s, {}, regular(300, 5.26)), source(u"j"_s)},
                                           options);
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.at(0).lateThresholdSeconds, 605.26);
    QCOMPARE(jobs.at(0).cadence.intervalSeconds, 300.0);
    // To a tenth in the expression.
    QVERIFY(AlertRules::yaml({source(u"j"_s, {}, regular(300, 5.26))}, options)
                .contains(u") > 605.3\""_s));
}

void TestAlertRules::outcomeMetricsGiveFailureAlerts()
{
    const QString text = AlertRules::yaml(
        {source(u"backup"_s, {u"job_success"_s, u"backup_exit_code"_s}),
         source(u"backup"_s, {u"backup_exit_code"_s, u"backup_last_success_timestamp_seconds"_s}),
         source(u"plain"_s)},
        AlertRuleOptions());
    QVERIFY2(text.contains(u"expr: \"push_failure_time_seconds{job=\\\"backup\\\"} > "
                           "push_time_seconds{job=\\\"backup\\\"}\""_s),
             qPrintable(text));
    QVERIFY(text.contains(u"expr: \"job_success{job=\\\"backup\\\"} == 0\""_s));
    QVERIFY(text.contains(u"expr: \"backup_exit_code{job=\\\"backup\\\"} != 0\""_s));
    QCOMPARE(text.count(u"backup_exit_code{"_s), 1);
    QVERIFY(!text.contains(u"job=\\\"plain\\\"} == 0"_s));
    QCOMPARE(text.count(u"alert: PushgatewayJobLate\n"_s), 2);
    QCOMPARE(text.count(u"alert: PushgatewayJobFailed\n"_s), 4);
    QCOMPARE(text.count(u"severity: critical\n"_s), 4);
    QCOMPARE(text.count(u"severity: warning\n"_s), 2);
}

void TestAlertRules::fileShape()
{
    AlertRuleOptions options;
    options.headerComments = {u"Made by a test"_s};
    const QString text = AlertRules::yaml({source(u"a"_s)}, options);
    QVERIFY2(text.startsWith(u"# Made by a test\n"_s), qPrintable(text));
    QVERIFY(text.contains(u"\ngroups:\n  - name: pushscope\n    rules:\n"_s));
    QVERIFY(text.contains(u"      - alert: PushgatewayJobLate\n        expr: "_s));
    QVERIFY(text.contains(u"        labels:\n          severity: warning\n"_s));
    QVERIFY(text.contains(u"          summary: \"Pushgateway job {{ $labels.job }} is late"_s));
    QVERIFY(text.endsWith(u"\n"_s));
}

void TestAlertRules::emptyFile()
{
    const QString text = AlertRules::yaml({}, AlertRuleOptions());
    QVERIFY2(text.endsWith(u"groups:\n  - name: pushscope\n    rules: []\n"_s), qPrintable(text));
}

void TestAlertRules::oddJobNameStaysInsideTheScalar()
{
    const QString job = u"we\"ird\\job\n# {{ $x }}: - [a]"_s;
    const QString text = AlertRules::yaml({source(job, {u"job_success"_s})}, AlertRuleOptions());
    // No line of the file starts with the job's text after its line break, and the only place
    // the name appears is inside PromQL strings and the comment (escaped).
    for (const QString &line : text.split(u'\n'))
        QVERIFY2(!line.startsWith(u"# {{"_s), qPrintable(text));
    QVERIFY2(text.contains(u"{job=\\\"we\\\\\\\"ird\\\\\\\\job\\\\n# {{ $x }}: - [a]\\\"}"_s),
             qPrintable(text));
    QVERIFY(text.contains(u"      # job \"we\\\"ird\\\\job\\n# {{ $x }}: - [a]\":"_s));
    // Annotations name the job only through the template.
    for (const QString &line : text.split(u'\n')) {
        if (line.contains(u"summary:"_s) || line.contains(u"description:"_s))
            QVERIFY2(!line.contains(u"ird"_s), qPrintable(line));
    }
}

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
