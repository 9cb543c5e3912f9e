// `pushscope advise` end to end: real gateways seeded with each pattern of the Pushgateway's
// usage advice (machine-level groups, groups unchanged for long, many jobs on one gateway,
// a gateway that only grows), and a real Prometheus that scrapes one gateway with
// honor_labels: true, one without, and not a third.

#include "serverprocess.h"
#include "testhelpers.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
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

const QByteArray kBody = "# TYPE job_success gauge\njob_success 1\n";

// Exposition text with `count` gauges: a group that adds many samples per scrape.
QByteArray wideBody(int count)
{
    QByteArray text = "# TYPE job_success gauge\njob_success 1\n# TYPE items gauge\n";
    for (int i = 0; i < count; ++i)
        text += "items{part=\"" + QByteArray::number(i) + "\"} " + QByteArray::number(i) + "\n";
    return text;
}

QJsonArray findingsOf(const pushscope::testing::PushscopeRun &run)
{
    return QJsonDocument::fromJson(run.out)["findings"_L1].toArray();
}

// The findings of `kind` on `gateway`.
QList<QJsonObject> findingsOf(const QJsonArray &findings, const QString &kind,
                              const QString &gateway)
{
    QList<QJsonObject> found;
    for (const QJsonValue &value : findings) {
        const QJsonObject finding = value.toObject();
        if (finding["kind"_L1] == kind && finding["gateway"_L1] == gateway)
            found.append(finding);
    }
    return found;
}

QStringList jobsOfGroups(const QJsonObject &finding)
{
    QStringList jobs;
    for (const QJsonValue &group : finding["groups"_L1].toArray())
        jobs.append(group["labels"_L1]["job"_L1].toString());
    jobs.sort();
    return jobs;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestCliAdvise : public QObject
{
    Q_OBJECT

private slots:
    void findingsOnASeededGateway();
    void findingsFromPrometheus();
};

void TestCliAdvise::findingsOnASeededGateway()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    // Pushed first, then left alone: unchanged by the time the others are pushed.
    const Labels old{{u"job"_s, u"old_report"_s}, {u"instance"_s, u"weekly"_s}};
    QCOMPARE(gateway.push(manualPath(old), kBody).status, 200);
    QTest::qWait(5000);
    // A per-host cron job: one group per machine.
    for (const QString &host : {u"web-1.example.com"_s, u"web-2.example.com"_s, u"10.0.0.3"_s})
        QCOMPARE(
            gateway.push(manualPath({{u"job"_s, u"node_cron"_s}, {u"instance"_s, host}}), kBody)
                .status,
            200);
    // A service-level job, and a job with two host-named groups only.
    QCOMPARE(gateway.push(manualPath({{u"job"_s, u"billing"_s}}), kBody).status, 200);
    for (const QString &host : {u"db1"_s, u"db2"_s})
        QCOMPARE(gateway.push(manualPath({{u"job"_s, u"backup"_s}, {u"instance"_s, host}}), kBody)
                     .status,
                 200);

    const QStringList arguments{
        u"advise"_s, u"--gateway"_s,   gateway.url(), u"--unchanged-after"_s,
        u"4s"_s,     u"--many-jobs"_s, u"4"_s,        u"--format"_s,
        u"json"_s};
    const auto run = runPushscope(arguments);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray findings = findingsOf(run);
    const QString url = gateway.url();

    const auto machine = findingsOf(findings, u"machine-level"_s, url);
    QCOMPARE(machine.size(), 1); // node_cron; backup has two host groups only
    QCOMPARE(machine.first()["job"_L1].toString(), u"node_cron"_s);
    QCOMPARE(jobsOfGroups(machine.first()), QStringList(3, u"node_cron"_s));
    QVERIFY(machine.first()["sentence"_L1].toString().contains(u"textfile collector"_s));
    QVERIFY(machine.first()["evidence"_L1][0].toString().contains(u"web-1.example.com"_s));

    const auto unchanged = findingsOf(findings, u"unchanged"_s, url);
    QCOMPARE(unchanged.size(), 1);
    QCOMPARE(jobsOfGroups(unchanged.first()), QStringList{u"old_report"_s});
    QVERIFY(unchanged.first()["cleanup_candidate"_L1].toBool());
    QVERIFY(unchanged.first()["evidence"_L1][0].toString().startsWith(
        u"{job=\"old_report\",instance=\"weekly\"}: last pushed at "_s));

    const auto spof = findingsOf(findings, u"single-point-of-failure"_s, url);
    QCOMPARE(spof.size(), 1);
    QVERIFY(spof.first()["sentence"_L1].toString().startsWith(u"4 jobs depend on"_s));
    QCOMPARE(findingsOf(findings, u"scrape-unchecked"_s, url).size(), 1);
    QCOMPARE(findings.size(), 4);

    // The table says the same, with the evidence and the keys.
    const auto table = runPushscope(arguments.mid(0, arguments.size() - 2));
    QVERIFY2(table.finished && table.exitCode == 0, qPrintable(describe(table)));
    QVERIFY(table.out.startsWith("SEVERITY"));
    QVERIFY(table.out.contains("node exporter's textfile collector"));
    QVERIFY(table.out.contains("    {job=\"node_cron\",instance=\"10.0.0.3\"}\n"));

    // Looser thresholds, no findings but the unchecked scrape; an unreadable gateway is exit 1.
    const auto calm = runPushscope(
        {u"advise"_s, u"--gateway"_s, url, u"--host-groups"_s, u"5"_s, u"--format"_s, u"json"_s});
    QVERIFY2(calm.finished && calm.exitCode == 0, qPrintable(describe(calm)));
    QCOMPARE(findingsOf(calm).size(), 1);
    gateway.stop();
    const auto failed = runPushscope({u"advise"_s, u"--gateway"_s, url});
    QVERIFY2(failed.finished && failed.exitCode == 1, qPrintable(describe(failed)));
    const auto usage = runPushscope({u"advise"_s, u"--gateway"_s, url, u"--format"_s, u"csv"_s});
    QVERIFY2(usage.finished && usage.exitCode == 2, qPrintable(describe(usage)));
}

void TestCliAdvise::findingsFromPrometheus()
{
    PushgatewayProcess honored;
    PushgatewayProcess renamed;
    PushgatewayProcess unscraped;
    PUSHSCOPE_START_SERVER(honored);
    PUSHSCOPE_START_SERVER(renamed);
    PUSHSCOPE_START_SERVER(unscraped);
    for (const PushgatewayProcess *gateway : {&honored, &renamed, &unscraped})
        QCOMPARE(gateway->push(manualPath({{u"job"_s, u"seed"_s}}), kBody).status, 200);

    const QString prometheusBinary = pushscope::testing::findServerBinary(u"prometheus"_s);
    if (prometheusBinary.isEmpty()) {
        const QString sentence = pushscope::testing::missingServerSentence(u"prometheus"_s);
        if (pushscope::testing::serversRequired())
            QFAIL(qPrintable(sentence));
        QSKIP(qPrintable(sentence));
    }
    QTemporaryDir dir;
    const QString config = dir.filePath(u"prometheus.yml"_s);
    QVERIFY(writeFile(config, QStringLiteral("global:\n  scrape_interval: 1s\n"
                                             "scrape_configs:\n  - job_name: honored\n"
                                             "    honor_labels: true\n    static_configs:\n"
                                             "      - targets: ['127.0.0.1:%1']\n"
                                             "  - job_name: renamed\n    static_configs:\n"
                                             "      - targets: ['127.0.0.1:%2']\n")
                                  .arg(honored.port())
                                  .arg(renamed.port())
                                  .toUtf8()));
    const quint16 port = freeLoopbackPort();
    QProcess prometheus;
    prometheus.setProcessChannelMode(QProcess::MergedChannels);
    prometheus.start(prometheusBinary, {u"--config.file="_s + config,
                                        u"--storage.tsdb.path="_s + dir.filePath(u"data"_s),
                                        u"--web.listen-address=127.0.0.1:%1"_s.arg(port)});
    QVERIFY2(prometheus.waitForStarted(10000), qPrintable(prometheus.errorString()));
    const QString base = u"http://127.0.0.1:%1"_s.arg(port);
    auto stopPrometheus = qScopeGuard([&prometheus] {
        prometheus.terminate();
        if (!prometheus.waitForFinished(10000))
            prometheus.kill();
    });

    // Wait (bounded) until both gateways have been scraped, then make one of them grow.
    const QUrl scraped(base + u"/api/v1/query?query=count(scrape_samples_scraped)"_s);
    QDeadlineTimer ready(60000);
    QByteArray last;
    while (!ready.hasExpired()) {
        const auto reply = httpRequest("GET", scraped, {}, 2000);
        last = reply.body;
        if (reply.status == 200 && reply.body.contains("\"2\"]"))
            break;
        QTest::qWait(300);
    }
    QVERIFY2(!ready.hasExpired(), last.constData());
    QElapsedTimer growing;
    growing.start();
    for (int i = 0; i < 12; ++i) {
        const Labels labels{{u"job"_s, u"run"_s}, {u"run_id"_s, QString::number(i)}};
        QCOMPARE(honored.push(manualPath(labels), wideBody(20)).status, 200);
        QTest::qWait(500);
    }
    QTest::qWait(2500); // the last pushes scraped
    // A growth window that reaches back to just before the pushes.
    const QString window = u"%1s"_s.arg(growing.elapsed() / 1000 + 3);

    const auto run =
        runPushscope({u"advise"_s, u"--gateway"_s, honored.url(), u"--gateway"_s, renamed.url(),
                      u"--gateway"_s, unscraped.url(), u"--prometheus"_s, base,
                      u"--growth-window"_s, window, u"--format"_s, u"json"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray findings = findingsOf(run);
    const QString text = QString::fromUtf8(run.out);

    // Honored: scraped with honor_labels, no scrape finding; it only grew.
    QCOMPARE(findingsOf(findings, u"not-scraped"_s, honored.url()).size(), 0);
    QCOMPARE(findingsOf(findings, u"honor-labels-off"_s, honored.url()).size(), 0);
    QCOMPARE(findingsOf(findings, u"honor-labels-unknown"_s, honored.url()).size(), 0);
    const auto growth = findingsOf(findings, u"unbounded-growth"_s, honored.url());
    QVERIFY2(growth.size() == 1, qPrintable(text));
    QVERIFY2(growth.first()["evidence"_L1][1].toString().contains(
                 u"scrape_samples_scraped{job=\"honored\""_s),
             qPrintable(text));

    // Renamed: scraped without honor_labels.
    const auto off = findingsOf(findings, u"honor-labels-off"_s, renamed.url());
    QVERIFY2(off.size() == 1, qPrintable(text));
    QVERIFY(off.first()["sentence"_L1].toString().contains(u"scrape config renamed"_s));
    QCOMPARE(findingsOf(findings, u"unbounded-growth"_s, renamed.url()).size(), 0);

    // Unscraped: no one scrapes it; the evidence counts the targets Prometheus has.
    const auto none = findingsOf(findings, u"not-scraped"_s, unscraped.url());
    QVERIFY2(none.size() == 1, qPrintable(text));
    QCOMPARE(none.first()["severity"_L1].toString(), u"problem"_s);
    QVERIFY2(none.first()["evidence"_L1][0].toString().contains(u"has 2 active target(s)"_s),
             qPrintable(text));

    // A Prometheus that is not there: the scrape check says it could not check, exit 0.
    stopPrometheus.dismiss();
    prometheus.terminate();
    QVERIFY(prometheus.waitForFinished(10000));
    const auto down = runPushscope({u"advise"_s, u"--gateway"_s, unscraped.url(), u"--prometheus"_s,
                                    base, u"--format"_s, u"json"_s});
    QVERIFY2(down.finished && down.exitCode == 0, qPrintable(describe(down)));
    const auto unchecked = findingsOf(findingsOf(down), u"scrape-unchecked"_s, unscraped.url());
    QCOMPARE(unchecked.size(), 1);
    QCOMPARE(unchecked.first()["severity"_L1].toString(), u"warning"_s);
}

QTEST_GUILESS_MAIN(TestCliAdvise)
#include "tst_cliadvise.moc"
