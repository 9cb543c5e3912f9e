// The demo's local sandbox with real servers: a prometheus-pushgateway and a prometheus
// scraping it, the push simulator feeding it, and no server left behind, even when
// `pushscope sandbox` is killed.

#include "demo/pushsimulator.h"
#include "demo/sandbox.h"
#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;
using namespace pushscope;
using pushscope::testing::httpRequest;

namespace {

constexpr int kReadyTimeoutMs = 30000;

// Alive means running: gone, or a zombie waiting for a parent to reap it, is not alive.
bool processAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || text.mid(close + 2, 1) != "Z";
}

bool waitUntilGone(const QList<qint64> &pids, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        bool anyAlive = false;
        for (qint64 pid : pids)
            anyAlive = anyAlive || processAlive(pid);
        if (!anyAlive)
            return true;
        if (deadline.hasExpired())
            return false;
        QTest::qWait(100);
    }
}

// Processes whose command line listens on 127.0.0.1:<port>.
QList<qint64> pidsListeningOn(quint16 port)
{
    QList<qint64> pids;
    const QByteArray needle = "--web.listen-address=127.0.0.1:" + QByteArray::number(port);
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().split('\0').contains(needle))
            pids.append(pid);
    }
    return pids;
}

QJsonObject getJson(const QString &url)
{
    const auto reply = httpRequest("GET", QUrl(url), {}, 5000);
    return reply.status == 200 ? QJsonDocument::fromJson(reply.body).object() : QJsonObject();
}

// The group of `job` in the gateway's /api/v1/metrics, or an empty object.
QJsonObject gatewayGroup(const QString &gatewayUrl, const QString &job)
{
    const QJsonArray groups = getJson(gatewayUrl + u"/api/v1/metrics"_s)[u"data"_s].toArray();
    for (const QJsonValue &group : groups) {
        if (group[u"labels"_s][u"job"_s].toString() == job)
            return group.toObject();
    }
    return {};
}

double processedItems(const QJsonObject &group)
{
    return group[u"processed_items"_s][u"metrics"_s][0][u"value"_s].toString().toDouble();
}

} // namespace

class TestSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingBinaryNamesThePackage();
    void pushesReachGatewayAndPrometheus();
    void killedCommandLeavesNoServer_data();
    void killedCommandLeavesNoServer();
};

void TestSandbox::missingBinaryNamesThePackage()
{
    Sandbox::Config config;
    config.prometheusBinary = u"/nonexistent/prometheus"_s;
    Sandbox sandbox(config);
    QSignalSpy failed(&sandbox, &Sandbox::failed);
    sandbox.start();
    QVERIFY(failed.wait(5000));
    const QString sentence = failed.first().first().toString();
    QVERIFY2(sentence.contains(u"Debian package prometheus"_s), qPrintable(sentence));
    QCOMPARE(sandbox.state(), Sandbox::State::Failed);
}

void TestSandbox::pushesReachGatewayAndPrometheus()
{
    Sandbox::Config config;
    config.scrapeInterval = std::chrono::seconds(1);
    Sandbox sandbox(config);
    PUSHSCOPE_START_SANDBOX(sandbox);
    QCOMPARE(httpRequest("GET", QUrl(sandbox.gatewayUrl() + u"/-/ready"_s)).status, 200);
    QCOMPARE(httpRequest("GET", QUrl(sandbox.prometheusUrl() + u"/-/ready"_s)).status, 200);
    const QList<qint64> pids = {sandbox.gatewayPid(), sandbox.prometheusPid()};
    QVERIFY(processAlive(pids.at(0)) && processAlive(pids.at(1)));

    SimulatedJob steady;
    steady.name = u"t_steady"_s;
    steady.labels = {{u"path"_s, u"/var/tmp"_s}, {u"site"_s, u"Zürich"_s}};
    steady.interval = std::chrono::milliseconds(500);
    SimulatedJob rejected;
    rejected.name = u"t_rejected"_s;
    rejected.method = GatewayClient::PushMethod::Post;
    rejected.failureRate = 1.0;
    rejected.failureMode = SimulatedJob::FailureMode::Reject;
    rejected.interval = std::chrono::milliseconds(500);
    rejected.runLimit = 2;
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY(GatewayEndpoint::parse(sandbox.gatewayUrl(), &endpoint, &error));
    PushSimulator simulator(endpoint);
    QSignalSpy pushErrors(&simulator, &PushSimulator::pushError);
    simulator.setJobs({steady, rejected});
    simulator.start();

    // The counter arrives in the gateway and grows run by run.
    double first = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        (first = processedItems(gatewayGroup(sandbox.gatewayUrl(), u"t_steady"_s))) > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        processedItems(gatewayGroup(sandbox.gatewayUrl(), u"t_steady"_s)) > first, 10000);
    const QJsonObject steadyGroup = gatewayGroup(sandbox.gatewayUrl(), u"t_steady"_s);
    QVERIFY(steadyGroup.contains(u"job_last_success_unixtime"_s));
    QCOMPARE(steadyGroup[u"labels"_s][u"path"_s].toString(), u"/var/tmp"_s);
    QVERIFY(steadyGroup[u"last_push_successful"_s].toBool());

    // The rejected job's pushes fail (1.5.1 answers 400, 1.11.0 closes the connection), which
    // the gateway records for the group.
    QTRY_VERIFY_WITH_TIMEOUT(!gatewayGroup(sandbox.gatewayUrl(), u"t_rejected"_s).isEmpty(), 10000);
    QCOMPARE(
        gatewayGroup(sandbox.gatewayUrl(), u"t_rejected"_s)[u"last_push_successful"_s].toBool(true),
        false);
    QTRY_VERIFY_WITH_TIMEOUT(!pushErrors.isEmpty(), 5000);
    QVERIFY2(pushErrors.first().first().toString().contains(u"t_rejected"_s),
             qPrintable(pushErrors.first().first().toString()));
    QCOMPARE(simulator.runCount(1), 2); // its run limit

    // Prometheus scrapes the gateway with honor_labels: the pushed job stays `job`.
    const QString query = sandbox.prometheusUrl() +
                          u"/api/v1/query?query=processed_items%7Bjob%3D%22t_steady%22%7D"_s;
    QJsonArray result;
    QTRY_VERIFY_WITH_TIMEOUT(!(result = getJson(query)[u"data"_s][u"result"_s].toArray()).isEmpty(),
                             20000);
    const QJsonObject metric = result.first()[u"metric"_s].toObject();
    QCOMPARE(metric[u"job"_s].toString(), u"t_steady"_s);
    QVERIFY(!metric.contains(u"exported_job"_s));
    QCOMPARE(metric[u"site"_s].toString(), u"Zürich"_s);

    // A second sandbox at the same time gets its own ports.
    {
        Sandbox second;
        PUSHSCOPE_START_SANDBOX(second);
        QVERIFY(second.gatewayUrl() != sandbox.gatewayUrl());
        QVERIFY(second.prometheusUrl() != sandbox.prometheusUrl());
        QVERIFY(second.gatewayUrl() != sandbox.prometheusUrl());
        QCOMPARE(httpRequest("GET", QUrl(second.gatewayUrl() + u"/-/ready"_s)).status, 200);
        const QList<qint64> secondPids = {second.gatewayPid(), second.prometheusPid()};
        second.stop();
        QVERIFY(waitUntilGone(secondPids, 1000));
        QVERIFY(processAlive(pids.at(0)) && processAlive(pids.at(1)));
    }

    simulator.stop();
    QSignalSpy stopped(&sandbox, &Sandbox::stopped);
    sandbox.stop();
    QCOMPARE(stopped.size(), 1);
    QVERIFY2(waitUntilGone(pids, 1000), "a sandbox server outlived stop()");
    QVERIFY(!sandbox.prometheusLog().isEmpty());
}

void TestSandbox::killedCommandLeavesNoServer_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM: clean stop, exit 0") << int(SIGTERM);
    QTest::newRow("SIGKILL: servers die with it") << int(SIGKILL);
}

void TestSandbox::killedCommandLeavesNoServer()
{
    QFETCH(int, signalNumber);
    const QString binary = qEnvironmentVariable("PUSHSCOPE_BINARY");
    QVERIFY2(QFileInfo(binary).isExecutable(),
             "PUSHSCOPE_BINARY must name the built pushscope executable");
    QProcess command;
    command.start(binary, {u"sandbox"_s, u"--interval"_s, u"1s"_s});
    QVERIFY(command.waitForStarted(5000));
    auto guard = qScopeGuard([&command] {
        command.kill();
        command.waitForFinished(5000);
    });

    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT(command.state() == QProcess::NotRunning ||
                                 (out += command.readAllStandardOutput()).count('\n') >= 2,
                             kReadyTimeoutMs + 5000);
    if (command.state() == QProcess::NotRunning) {
        const QString error = QString::fromUtf8(command.readAllStandardError());
        QCOMPARE(command.exitCode(), 1);
        if (pushscope::testing::serversRequired())
            QFAIL(qPrintable(error));
        QSKIP(qPrintable(error));
    }
    const QList<QByteArray> lines = out.trimmed().split('\n');
    QVERIFY2(lines.at(0).startsWith("gateway http://127.0.0.1:"), out.constData());
    QVERIFY2(lines.at(1).startsWith("prometheus http://127.0.0.1:"), out.constData());
    QList<qint64> pids;
    for (const QByteArray &line : lines.mid(0, 2)) {
        const quint16 port = line.mid(line.lastIndexOf(':') + 1).toUShort();
        QCOMPARE(httpRequest("GET", QUrl(QString::fromUtf8(line.split(' ').at(1)) + u"/-/ready"_s))
                     .status,
                 200);
        const QList<qint64> found = pidsListeningOn(port);
        QCOMPARE(found.size(), 1);
        pids += found;
    }

    ::kill(pid_t(command.processId()), signalNumber);
    QVERIFY(command.waitForFinished(10000));
    if (signalNumber == SIGTERM) {
        QCOMPARE(command.exitStatus(), QProcess::NormalExit);
        QCOMPARE(command.exitCode(), 0);
    }
    QVERIFY2(waitUntilGone(pids, 5000), "a server outlived pushscope sandbox");
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
