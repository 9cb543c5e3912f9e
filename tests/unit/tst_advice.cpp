// The Advice checks (model/advice.h) on hand-made gateways: which instance values name a
// machine, each finding's trigger and its threshold, and reading honor_labels from the
// configuration Prometheus reports (prometheus/advicefacts.h).

#include "model/advice.h"
#include "prometheus/advicefacts.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr double kNow = 1'800'000'000;

Group group(const QString &job, const QString &instance, double age)
{
    Group g;
    Labels labels{{u"job"_s, job}};
    if (!instance.isNull())
        labels.append({u"instance"_s, instance});
    g.key = GroupingKey(labels);
    g.pushTime = kNow - age;
    return g;
}

AdviceInput input(QList<Group> groups)
{
    AdviceInput in;
    in.gateway = u"http://gw:9091"_s;
    in.groups = std::move(groups);
    in.now = kNow;
    return in;
}

QStringList kinds(const QList<AdviceFinding> &findings)
{
    QStringList names;
    for (const AdviceFinding &finding : findings)
        names.append(Advice::kindName(finding.kind));
    return names;
}

PrometheusFacts scraped()
{
    PrometheusFacts facts;
    facts.asked = true;
    facts.ok = true;
    facts.server = u"http://prom:9090"_s;
    facts.activeTargets = 2;
    facts.scraped = true;
    facts.scrapePool = u"pushgateway"_s;
    facts.targetJob = u"pushgateway"_s;
    facts.targetInstance = u"gw:9091"_s;
    facts.honorLabels = PrometheusFacts::HonorLabels::On;
    return facts;
}

} // namespace

class TestAdvice : public QObject
{
    Q_OBJECT

private slots:
    void hostNames_data();
    void hostNames();
    void machineLevelNeedsManyHostGroups();
    void machineLevelCitesTheCadence();
    void unchangedGroupsAreCleanupCandidates();
    void scrapeFindings();
    void singlePointOfFailure();
    void growth_data();
    void growth();
    void honorLabelsFromConfig_data();
    void honorLabelsFromConfig();
};

void TestAdvice::hostNames_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("host");
    QTest::newRow("fqdn") << u"web-1.example.com"_s << true;
    QTest::newRow("fqdn with port") << u"db3.prod.internal:9100"_s << true;
    QTest::newRow("ipv4") << u"10.0.3.17"_s << true;
    QTest::newRow("ipv4 with port") << u"10.0.3.17:9091"_s << true;
    QTest::newRow("ipv6") << u"fe80::1"_s << true;
    QTest::newRow("ipv6 bracketed") << u"[::1]:9100"_s << true;
    QTest::newRow("localhost") << u"localhost"_s << true;
    QTest::newRow("numbered host") << u"web01"_s << true;
    QTest::newRow("aws name") << u"ip-10-0-0-1"_s << true;
    QTest::newRow("word") << u"batch"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("shard number") << u"3"_s << false;
    QTest::newRow("path") << u"a/b"_s << false;
    QTest::newRow("spaces") << u"my host 1"_s << false;
    QTest::newRow("version-like") << u"1.2.3"_s << false;
}

void TestAdvice::hostNames()
{
    QFETCH(QString, value);
    QFETCH(bool, host);
    QCOMPARE(Advice::looksLikeHostName(value), host);
}

void TestAdvice::machineLevelNeedsManyHostGroups()
{
    AdviceOptions options;
    options.machineLevelMinGroups = 3;
    // Two hosts: not yet.
    auto in = input({group(u"cron"_s, u"web-1.example.com"_s, 60),
                     group(u"cron"_s, u"web-2.example.com"_s, 60)});
    QVERIFY(Advice::machineLevel(in, options).isEmpty());
    // Three: flagged, with every key and the hosts as evidence.
    in.groups.append(group(u"cron"_s, u"10.0.0.7"_s, 60));
    in.groups.append(group(u"service"_s, u"primary"_s, 60)); // another job, not a host
    const auto findings = Advice::machineLevel(in, options);
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().job, u"cron"_s);
    QCOMPARE(findings.first().keys.size(), 3);
    QVERIFY(findings.first().sentence.contains(u"textfile collector"_s));
    QVERIFY2(findings.first().evidence.first().startsWith(u"3 of its 3 group(s)"_s),
             qPrintable(findings.first().evidence.first()));
    QVERIFY(findings.first().evidence.last().contains(u"cadence not known"_s));
    // Host-named groups that are a minority of the job's groups: not flagged.
    for (int i = 0; i < 4; ++i)
        in.groups.append(group(u"cron"_s, u"shard_"_s + QString::number(i), 60));
    QVERIFY(Advice::machineLevel(in, options).isEmpty());
}

void TestAdvice::machineLevelCitesTheCadence()
{
    auto in =
        input({group(u"cron"_s, u"h1.example.com"_s, 10), group(u"cron"_s, u"h2.example.com"_s, 10),
               group(u"cron"_s, u"h3.example.com"_s, 10)});
    CadenceEstimate every5m;
    every5m.kind = CadenceEstimate::Kind::Regular;
    every5m.intervalSeconds = 300;
    every5m.pushes = 5;
    in.cadences = {every5m, every5m, CadenceEstimate()};
    const auto findings = Advice::machineLevel(in, {});
    QCOMPARE(findings.size(), 1);
    QVERIFY2(
        findings.first().evidence.contains(
            u"2 of them are pushed every few minutes (the shortest learned interval is 5m)."_s),
        qPrintable(findings.first().evidence.join(u'\n')));
}

void TestAdvice::unchangedGroupsAreCleanupCandidates()
{
    AdviceOptions options;
    options.unchangedAfterSeconds = 86400;
    Group failedOnly = group(u"never"_s, u"x"_s, 0);
    failedOnly.pushTime = 0;
    failedOnly.pushFailureTime = kNow - 5 * 86400;
    auto in = input({group(u"fresh"_s, u"a"_s, 3600), group(u"old"_s, u"a"_s, 2 * 86400),
                     group(u"older"_s, u"a"_s, 9 * 86400), failedOnly});
    const auto findings = Advice::unchanged(in, options);
    QCOMPARE(findings.size(), 1);
    const AdviceFinding &finding = findings.first();
    QVERIFY(finding.isCleanupCandidate());
    QCOMPARE(finding.keys.size(), 3);
    QCOMPARE(finding.keys.first().job(), u"older"_s); // oldest first
    QVERIFY(finding.sentence.startsWith(u"3 group(s) have not been pushed for 1d"_s));
    QVERIFY(finding.evidence.first().contains(u"9d"_s));
    QVERIFY(finding.evidence.join(u'\n').contains(u"push attempt (failed)"_s));
    QVERIFY(finding.evidence.last().contains(u"keeps no push history"_s));
    options.unchangedAfterSeconds = 10 * 86400;
    QVERIFY(Advice::unchanged(in, options).isEmpty());
}

void TestAdvice::scrapeFindings()
{
    auto in = input({group(u"a"_s, u"b"_s, 1)});
    QCOMPARE(kinds(Advice::scraping(in, {})), QStringList{u"scrape-unchecked"_s});
    in.prometheus.asked = true;
    in.prometheus.error = u"Connection refused."_s;
    QCOMPARE(Advice::scraping(in, {}).first().severity, AdviceSeverity::Warning);
    in.prometheus.ok = true;
    QCOMPARE(kinds(Advice::scraping(in, {})), QStringList{u"not-scraped"_s});
    QCOMPARE(Advice::scraping(in, {}).first().severity, AdviceSeverity::Problem);
    in.prometheus = scraped();
    QVERIFY(Advice::scraping(in, {}).isEmpty());
    in.prometheus.honorLabels = PrometheusFacts::HonorLabels::Off;
    in.prometheus.honorLabelsEvidence = u"renamed"_s;
    const auto off = Advice::scraping(in, {});
    QCOMPARE(kinds(off), QStringList{u"honor-labels-off"_s});
    QVERIFY(off.first().sentence.contains(u"exported_job"_s));
    QCOMPARE(off.first().evidence.last(), u"renamed"_s);
    in.prometheus.honorLabels = PrometheusFacts::HonorLabels::Unknown;
    QCOMPARE(kinds(Advice::scraping(in, {})), QStringList{u"honor-labels-unknown"_s});
}

void TestAdvice::singlePointOfFailure()
{
    AdviceOptions options;
    options.singlePointMinJobs = 4;
    QList<Group> groups;
    for (int i = 0; i < 3; ++i)
        groups += {group(u"job"_s + QString::number(i), u"a"_s, 1),
                   group(u"job"_s + QString::number(i), u"b"_s, 1)};
    auto in = input(groups);
    QVERIFY(Advice::singlePointOfFailure(in, options).isEmpty());
    in.groups.append(group(u"job3"_s, u"a"_s, 1));
    in.prometheus = scraped();
    const auto findings = Advice::singlePointOfFailure(in, options);
    QCOMPARE(findings.size(), 1);
    QVERIFY(findings.first().sentence.startsWith(u"4 jobs depend on this one gateway"_s));
    QVERIFY(findings.first().sentence.contains(u"up{job=\"pushgateway\", instance=\"gw:9091\"}"_s));
    QCOMPARE(findings.first().evidence.first(), u"4 job(s) in 7 group(s); flagged from 4 jobs."_s);
}

void TestAdvice::growth_data()
{
    QTest::addColumn<QList<double>>("samples");
    QTest::addColumn<bool>("flagged");
    QTest::newRow("doubles") << QList<double>{100, 120, 150, 200} << true;
    QTest::newRow("flat") << QList<double>{100, 100, 100, 100} << false;
    QTest::newRow("grows a little") << QList<double>{100, 110, 120, 130} << false;
    QTest::newRow("cleaned up once") << QList<double>{100, 200, 120, 220} << false;
    QTest::newRow("small wobble") << QList<double>{100, 160, 158, 210} << true;
    QTest::newRow("two points") << QList<double>{100, 300} << false;
}

void TestAdvice::growth()
{
    QFETCH(QList<double>, samples);
    QFETCH(bool, flagged);
    auto in = input({group(u"a"_s, u"b"_s, 1)});
    in.prometheus = scraped();
    for (int i = 0; i < samples.size(); ++i)
        in.prometheus.samplesPerScrape.points.append(
            {kNow - 3600 * (samples.size() - i), samples.at(i)});
    const auto findings = Advice::growth(in, {});
    QCOMPARE(findings.size(), flagged ? 1 : 0);
    if (flagged)
        QVERIFY2(
            findings.first().evidence.first().startsWith(u"Samples per scrape grew from 100 to "_s),
            qPrintable(findings.first().evidence.first()));
    in.prometheus.scraped = false; // no target, no growth
    QVERIFY(Advice::growth(in, {}).isEmpty());
}

void TestAdvice::honorLabelsFromConfig_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("job");
    QTest::addColumn<int>("expected"); // -1 not found, 0 false, 1 true
    const QString config = u"global:\n  scrape_interval: 1s\nscrape_configs:\n"
                           "- job_name: prometheus\n  honor_timestamps: true\n"
                           "  static_configs:\n  - targets:\n    - 127.0.0.1:9090\n"
                           "- job_name: pushgateway\n  honor_labels: true\n"
                           "  static_configs:\n  - targets:\n    - 127.0.0.1:9091\n"
                           "- job_name: 'odd: name'\n  metrics_path: /metrics\n"_s;
    QTest::newRow("on") << config << u"pushgateway"_s << 1;
    QTest::newRow("omitted is off") << config << u"prometheus"_s << 0;
    QTest::newRow("quoted name") << config << u"odd: name"_s << 0;
    QTest::newRow("missing") << config << u"other"_s << -1;
    QTest::newRow("explicit false")
        << u"scrape_configs:\n- job_name: gw\n  honor_labels: false\n"_s << u"gw"_s << 0;
}

void TestAdvice::honorLabelsFromConfig()
{
    QFETCH(QString, yaml);
    QFETCH(QString, job);
    QFETCH(int, expected);
    const std::optional<bool> honor = honorLabelsInConfig(yaml, job);
    QCOMPARE(honor.has_value() ? int(*honor) : -1, expected);
}

QTEST_GUILESS_MAIN(TestAdvice)
#include "tst_advice.moc"
