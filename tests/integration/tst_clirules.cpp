// `pushscope rules` end to end: the real promtool accepts every file it writes (odd job names
// included), and a real Prometheus scraping a real gateway loads the file and fires the
// lateness alert for a job that stops pushing, not for one that keeps pushing.

#include "demo/sandbox.h"
#include "model/alertrules.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pushscope::Labels;
using pushscope::testing::describe;
using pushscope::testing::freeLoopbackPort;
using pushscope::testing::httpRequest;
using pushscope::testing::manualPath;
using pushscope::testing::PushgatewayProcess;
using pushscope::testing::runPushscope;

namespace {

// promtool comes with Debian 12's prometheus package only; both server sets use it.
QString promtool()
{
    QString path = QStandardPaths::findExecutable(u"promtool"_s);
    if (path.isEmpty() && QFileInfo::exists(u"/usr/bin/promtool"_s))
        path = u"/usr/bin/promtool"_s;
    return path;
}

// Runs `promtool check rules file`; empty when it accepts the file, else what it said.
QString checkRules(const QString &file)
{
    QProcess process;
    process.start(promtool(), {u"check"_s, u"rules"_s, file});
    if (!process.waitForFinished(60000))
        return u"promtool did not finish: "_s + process.errorString();
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The odd job names every file must survive.
const QStringList kOddJobs = {
    u"plain"_s,           u"with/slash"_s, u"quote\"back\\slash"_s, u"line\nbreak"_s, u"{{ $x }}"_s,
    u"ünï ✓ - # : [a]"_s, u" "_s};

} // namespace

class TestCliRules : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void promtoolAcceptsRulesFromTheGateway();
    void promtoolAcceptsRulesWithCadences();
    void lateAlertFiresInPrometheus();
    void cadencesFromPrometheusHistory();
};

void TestCliRules::initTestCase()
{
    if (promtool().isEmpty()) {
        if (pushscope::testing::serversRequired())
            QFAIL("promtool (Debian package prometheus) is not installed.");
        QSKIP("promtool (Debian package prometheus) is not installed.");
    }
}

void TestCliRules::promtoolAcceptsRulesFromTheGateway()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    for (const QString &job : kOddJobs) {
        const Labels labels{{u"job"_s, job}, {u"instance"_s, u"i/1"_s}};
        const auto reply =
            gateway.push(manualPath(labels), "# TYPE job_success gauge\njob_success 1\n"
                                             "# TYPE backup_exit_code gauge\nbackup_exit_code 0\n");
        QVERIFY2(reply.status == 200, qPrintable(job + u": "_s + reply.error));
    }
    QTemporaryDir dir;
    const QString file = dir.filePath(u"rules.yml"_s);
    const auto run = runPushscope(
        {u"rules"_s, u"--gateway"_s, gateway.url(), u"-o"_s, file, u"--stale-after"_s, u"90s"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.isEmpty(), qPrintable(describe(run)));
    const QString text = QString::fromUtf8(readAll(file));
    QCOMPARE(text.count(u"alert: PushgatewayJobLate\n"_s), kOddJobs.size());
    QCOMPARE(text.count(u"alert: PushgatewayJobFailed\n"_s), 3 * kOddJobs.size());
    QVERIFY2(text.contains(u") > 90\""_s), qPrintable(text));
    QVERIFY2(text.contains(u"One poll learns no cadence"_s), qPrintable(text));
    const QString verdict = checkRules(file);
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict + u"\n"_s + text));

    // Standard output gives the same rules, and --match narrows them to one job.
    const auto one = runPushscope(
        {u"rules"_s, u"--gateway"_s, gateway.url(), u"--match"_s, u"{job=\"with/slash\"}"_s});
    QVERIFY2(one.finished && one.exitCode == 0, qPrintable(describe(one)));
    QCOMPARE(one.out.count("alert: PushgatewayJobLate\n"), 1);
    QVERIFY(one.out.contains("job=\\\"with/slash\\\""));

    // A gateway that cannot be read writes no file.
    gateway.stop();
    const QString none = dir.filePath(u"none.yml"_s);
    const auto failed = runPushscope({u"rules"_s, u"--gateway"_s, gateway.url(), u"-o"_s, none});
    QVERIFY2(failed.finished && failed.exitCode == 1, qPrintable(describe(failed)));
    QVERIFY(!QFileInfo::exists(none));
}

void TestCliRules::promtoolAcceptsRulesWithCadences()
{
    QList<pushscope::AlertRuleSource> sources;
    for (const QString &job : kOddJobs) {
        pushscope::AlertRuleSource source;
        source.group.key = pushscope::GroupingKey(Labels{{u"job"_s, job}});
        source.cadence.kind = pushscope::CadenceEstimate::Kind::Regular;
        source.cadence.intervalSeconds = 0.7 + 300 * double(sources.size());
        source.cadence.jitterSeconds = 0.33;
        sources.append(source);
    }
    pushscope::AlertRuleOptions options;
    options.headerComments = {u"line one\nline two"_s};
    QTemporaryDir dir;
    const QString file = dir.filePath(u"cadence.yml"_s);
    QVERIFY(writeFile(file, pushscope::AlertRules::yaml(sources, options).toUtf8()));
    const QString verdict = checkRules(file);
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict + QString::fromUtf8(readAll(file))));
    // An empty selection is a valid file too.
    QVERIFY(writeFile(file, pushscope::AlertRules::yaml({}, options).toUtf8()));
    QCOMPARE(checkRules(file), QString());
}

void TestCliRules::lateAlertFiresInPrometheus()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const QByteArray body = "# TYPE job_success gauge\njob_success 1\n";
    const QString stops = manualPath({{u"job"_s, u"stops \"now\""_s}});
    const QString keeps = manualPath({{u"job"_s, u"keeps"_s}});
    QCOMPARE(gateway.push(stops, body).status, 200);
    QCOMPARE(gateway.push(keeps, body).status, 200);

    QTemporaryDir dir;
    const QString rules = dir.filePath(u"rules.yml"_s);
    const auto run = runPushscope(
        {u"rules"_s, u"--gateway"_s, gateway.url(), u"-o"_s, rules, u"--stale-after"_s, u"3s"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));

    const QString prometheusBinary = pushscope::testing::findServerBinary(u"prometheus"_s);
    if (prometheusBinary.isEmpty()) {
        const QString sentence = pushscope::testing::missingServerSentence(u"prometheus"_s);
        if (pushscope::testing::serversRequired())
            QFAIL(qPrintable(sentence));
        QSKIP(qPrintable(sentence));
    }
    const QString config = dir.filePath(u"prometheus.yml"_s);
    QVERIFY(writeFile(config, QStringLiteral("global:\n  scrape_interval: 1s\n"
                                             "  evaluation_interval: 1s\n"
                                             "rule_files:\n  - %1\n"
                                             "scrape_configs:\n  - job_name: pushgateway\n"
                                             "    honor_labels: true\n    static_configs:\n"
                                             "      - targets: ['127.0.0.1:%2']\n")
                                  .arg(rules)
                                  .arg(gateway.port())
                                  .toUtf8()));
    const quint16 port = freeLoopbackPort();
    QProcess prometheus;
    prometheus.setProcessChannelMode(QProcess::MergedChannels);
    prometheus.start(prometheusBinary, {u"--config.file="_s + config,
                                        u"--storage.tsdb.path="_s + dir.filePath(u"data"_s),
                                        u"--web.listen-address=127.0.0.1:%1"_s.arg(port)});
    QVERIFY2(prometheus.waitForStarted(10000), qPrintable(prometheus.errorString()));
    const QString base = u"http://127.0.0.1:%1"_s.arg(port);

    // Keep pushing one job while the other stops; wait (bounded) for the alert to fire.
    QDeadlineTimer deadline(60000);
    bool firing = false;
    QString last;
    while (!deadline.hasExpired() && !firing) {
        QCOMPARE(gateway.push(keeps, body).status, 200);
        QTest::qWait(500);
        const auto reply = httpRequest("GET", QUrl(base + u"/api/v1/alerts"_s), {}, 2000);
        if (reply.status != 200)
            continue;
        last = QString::fromUtf8(reply.body);
        const QJsonArray alerts =
            QJsonDocument::fromJson(reply.body)["data"_L1]["alerts"_L1].toArray();
        for (const QJsonValue &alert : alerts) {
            const QJsonObject labels = alert["labels"_L1].toObject();
            if (labels["alertname"_L1] != u"PushgatewayJobLate"_s)
                continue;
            QVERIFY2(labels["job"_L1] != u"keeps"_s, qPrintable(last));
            if (labels["job"_L1] == u"stops \"now\""_s && alert["state"_L1] == u"firing"_s) {
                QCOMPARE(labels["severity"_L1].toString(), u"warning"_s);
                QVERIFY2(alert["annotations"_L1]["summary"_L1].toString().contains(
                             u"stops \"now\" is late"_s),
                         qPrintable(last));
                firing = true;
            }
        }
    }
    const QByteArray log = prometheus.readAll();
    prometheus.terminate();
    if (!prometheus.waitForFinished(10000))
        prometheus.kill();
    QVERIFY2(firing, qPrintable(last + u"\n"_s + QString::fromUtf8(log)));
}

// --prometheus learns each job's cadence from the history of the Prometheus that scrapes the
// gateway: a job pushed every 2 s before the command runs is late after ~4 s, not after the
// stale threshold, and a job pushed once keeps the stale threshold.
void TestCliRules::cadencesFromPrometheusHistory()
{
    pushscope::Sandbox::Config config;
    config.scrapeInterval = std::chrono::seconds(1);
    pushscope::Sandbox sandbox(config);
    PUSHSCOPE_START_SANDBOX(sandbox);
    QVERIFY(pushscope::testing::waitForFirstScrape(sandbox.prometheusUrl()));
    const QByteArray body = "# TYPE job_success gauge\njob_success 1\n";
    const QUrl regular(sandbox.gatewayUrl() + manualPath({{u"job"_s, u"every2s"_s}}));
    QCOMPARE(
        httpRequest("PUT", QUrl(sandbox.gatewayUrl() + manualPath({{u"job"_s, u"once"_s}})), body)
            .status,
        200);
    for (int i = 0; i < 6; ++i) {
        if (i > 0)
            QTest::qWait(2000);
        QCOMPARE(httpRequest("PUT", regular, body).status, 200);
    }
    QTest::qWait(2500); // the last push scraped

    QTemporaryDir dir;
    const QString rules = dir.filePath(u"rules.yml"_s);
    const auto run =
        runPushscope({u"rules"_s, u"--gateway"_s, sandbox.gatewayUrl(), u"--prometheus"_s,
                      sandbox.prometheusUrl(), u"-o"_s, rules, u"--stale-after"_s, u"1h"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.err.isEmpty(), qPrintable(describe(run)));
    const QString text = QString::fromUtf8(readAll(rules));
    QVERIFY2(text.contains(u"Cadences seeded from "_s), qPrintable(text));
    // every2s: late after 2 × ~2 s + jitter; once: after the stale threshold of 1 h.
    const QRegularExpression late(
        uR"(time\(\) - max by \(job\) \(push_time_seconds\{job=\\"every2s\\"\}\) > ([0-9.]+))"_s);
    const QRegularExpressionMatch match = late.match(text);
    QVERIFY2(match.hasMatch(), qPrintable(text));
    const double threshold = match.captured(1).toDouble();
    QVERIFY2(threshold >= 3.6 && threshold <= 6.5, qPrintable(text));
    QVERIFY2(text.contains(u"expected every 2s"_s), qPrintable(text));
    QVERIFY2(text.contains(uR"(push_time_seconds{job=\"once\"}) > 3600)"_s), qPrintable(text));
    const QString verdict = checkRules(rules);
    QVERIFY2(verdict.isEmpty(), qPrintable(verdict + text));

    // A Prometheus that does not scrape the gateway: the rules are still written, with the
    // stale threshold, and standard error says why no cadence was learned.
    PushgatewayProcess other;
    PUSHSCOPE_START_SERVER(other);
    QCOMPARE(other.push(manualPath({{u"job"_s, u"elsewhere"_s}}), body).status, 200);
    const auto unscraped = runPushscope(
        {u"rules"_s, u"--gateway"_s, other.url(), u"--prometheus"_s, sandbox.prometheusUrl()});
    QVERIFY2(unscraped.finished && unscraped.exitCode == 0, qPrintable(describe(unscraped)));
    QVERIFY2(unscraped.err.contains("no cadence learned"), qPrintable(describe(unscraped)));
    QVERIFY2(unscraped.out.contains(R"(job=\"elsewhere\"}) > 3600)"),
             qPrintable(describe(unscraped)));
}

QTEST_GUILESS_MAIN(TestCliRules)
#include "tst_clirules.moc"
