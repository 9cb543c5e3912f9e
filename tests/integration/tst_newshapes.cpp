// Shapes of newer gateways on a real Pushgateway (issues 11 and 12): native histograms,
// float counts, gauge histograms and UTF-8 names pushed in protobuf are listed, and a
// group's backup comes back: push -> read JSON -> backup -> delete -> push backup -> read
// JSON -> the same families. Runs against whichever prometheus-pushgateway is first on PATH.
#include "exposition_fixture.h"
#include "gateway/expositionwriter.h"
#include "gateway/gatewaypoller.h"
#include "gateway/protobufwriter.h"
#include "gateway/snapshotparser.h"
#include "protobufbodies.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <memory>
#include <optional>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

// Delimited protobuf bodies written by an independent encoder (a Python script): native
// histograms (schema 3 with a zero bucket; schema 0 with a negative bucket, no zero bucket),
// float counts (classic and native), dotted names; the gauge histogram is in protobufbodies.h.
const char kNativeHex[] =
    "630a146a6f625f6475726174696f6e5f7365636f6e6473120b6e61746976652068656c701804223c0a0e0a046b"
    "696e6412066e61746976653a2a080a110000000000002940280631000000000000f03738026204080010026204"
    "08061001680668026803340a026e7a1804222c3a2a0805110000000000000840280031fca9f1d24d62503f3800"
    "4a04080010015004620408021002680468021c0a0b6a6f625f737563636573731801220b120909000000000000"
    "f03f";
const char kFloatHex[] =
    "480a06666c6f6174791804223c3a3a210000000000000c40110000000000001c401a1221000000000000f83f11"
    "000000000000f03f1a12210000000000000c40110000000000000040510a0b666c6f61746e6174697665180422"
    "403a3e210000000000001a4011000000000000f03f2802317b14ae47e17a843f41000000000000f83f62040804"
    "1002710000000000000040710000000000000840";
const char kUtf8Hex[] =
    "330a096d792e6d65747269631206646f747465641800221c0a0f0a086d792e6c6162656c12036120621a090900"
    "00000000000040370a0a6f746865722e68697374180422273a2508031100000000000012401a0b080111000000"
    "000000e03f1a0b080311000000000000f07f";
const QByteArray kClassicText =
    "# HELP c A counter, with \\\\ and \\n in its help.\n"
    "# TYPE c counter\nc{path=\"/x\"} 5\n"
    "# TYPE g gauge\ng -0\n"
    "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.9\"} NaN\n"
    "s_sum 10\ns_count 3\n"
    "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
    "h_sum 3\nh_count 2\n";
const QByteArray kTextType = "text/plain; version=0.0.4";

QString gatewayBinary()
{
    return findServerBinary(u"prometheus-pushgateway"_s);
}

// Whether this build knows --push.enable-utf8-names (asked, not guessed from a version).
bool knowsUtf8Flag()
{
    QProcess help;
    help.start(gatewayBinary(), {u"--help"_s});
    if (!help.waitForFinished(10000))
        return false;
    return (help.readAllStandardOutput() + help.readAllStandardError())
        .contains("push.enable-utf8-names");
}

HttpExchange put(const QString &url, const QByteArray &body, const QByteArray &contentType)
{
    return httpRequest("PUT", QUrl(url), body, 10000, HttpAccess(), contentType);
}

// The group of `job` in the gateway's JSON, families only (the gateway's push times and
// each family's time stamp left out): what a restore must bring back.
QJsonObject familiesOf(const QByteArray &reply, const QString &job)
{
    for (const QJsonValue &group : QJsonDocument::fromJson(reply).object()[u"data"_s].toArray()) {
        QJsonObject object = group.toObject();
        if (object[u"labels"_s].toObject()[u"job"_s].toString() != job)
            continue;
        for (const QString &member : {u"labels"_s, u"last_push_successful"_s,
                                      u"push_time_seconds"_s, u"push_failure_time_seconds"_s})
            object.remove(member);
        for (const QString &name : object.keys()) {
            QJsonObject family = object[name].toObject();
            family.remove(u"time_stamp"_s);
            object[name] = family;
        }
        return object;
    }
    return {};
}

} // namespace

class TestNewShapes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void pollerReadsGaugeHistogramsOnlyWhenPushed();
    void gaugeHistogramIsDeletedAndRestored_data();
    void gaugeHistogramIsDeletedAndRestored();

private:
    QByteArray metricsReply() const;
    QString version() const;

    std::unique_ptr<PushgatewayProcess> m_server;
    bool m_utf8 = false;
};

void TestNewShapes::initTestCase()
{
    m_utf8 = knowsUtf8Flag();
    m_server = std::make_unique<PushgatewayProcess>(
        m_utf8 ? QStringList{u"--push.enable-utf8-names"_s} : QStringList{});
    PUSHSCOPE_START_SERVER(*m_server);
}

QByteArray TestNewShapes::metricsReply() const
{
    const HttpExchange reply = httpRequest("GET", QUrl(m_server->url() + u"/api/v1/metrics"_s));
    return reply.status == 200 ? reply.body : QByteArray();
}

QString TestNewShapes::version() const
{
    const HttpExchange reply = httpRequest("GET", QUrl(m_server->url() + u"/api/v1/status"_s));
    return QJsonDocument::fromJson(reply.body)
        .object()[u"data"_s]
        .toObject()[u"build_information"_s]
        .toObject()[u"version"_s]
        .toString();
}

void TestNewShapes::roundTrip_data()
{
    QTest::addColumn<QString>("job");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("backupType"); // the form the backup must take
    QTest::addColumn<QString>("needs");         // what the gateway must show, or skip
    const QByteArray protobuf = kDelimitedProtobufContentType;
    QTest::newRow("classic, text")
        << u"classic"_s << kClassicText << kTextType << textFormatContentType() << QString();
    QTest::newRow("native histograms") << u"native"_s << QByteArray::fromHex(kNativeHex) << protobuf
                                       << protobuf << u"native buckets"_s;
    QTest::newRow("float counts") << u"floats"_s << QByteArray::fromHex(kFloatHex) << protobuf
                                  << protobuf << u"float counts"_s;
    QTest::newRow("UTF-8 names") << u"utf8"_s << QByteArray::fromHex(kUtf8Hex) << protobuf
                                 << protobuf << u"UTF-8 names"_s;
}

void TestNewShapes::roundTrip()
{
    QFETCH(QString, job);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, backupType);
    QFETCH(QString, needs);
    const QString groupUrl = m_server->url() + u"/metrics/job/"_s + job;
    const HttpExchange pushed = put(groupUrl, body, contentType);
    if (pushed.status != 200 && needs == u"UTF-8 names")
        QSKIP(qPrintable(u"Pushgateway %1 does not take UTF-8 names (%2)"_s.arg(
            version(), QString::fromUtf8(pushed.body.trimmed()))));
    QVERIFY2(pushed.status == 200, pushed.body.constData());

    const QByteArray before = metricsReply();
    const SnapshotParseResult parsed = parseSnapshot(before);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    const Group *group = nullptr;
    for (const Group &candidate : parsed.snapshot.groups)
        group = candidate.key.job() == job ? &candidate : group;
    QVERIFY(group);
    QVERIFY(group->unsupportedFamilies.isEmpty());
    bool native = false;
    bool fractional = false;
    for (const MetricFamily &family : group->families) {
        for (const Sample &sample : family.samples) {
            native = native || !sample.nativeBuckets.isEmpty();
            fractional = fractional || sample.count != std::floor(sample.count);
        }
    }
    if ((needs == u"native buckets" && !native) || (needs == u"float counts" && !fractional))
        QSKIP(qPrintable(u"Pushgateway %1 does not keep %2"_s.arg(version(), needs)));

    // `list --format json` shows the same families, native buckets included.
    const PushscopeRun run =
        runPushscope({u"list"_s, u"--gateway"_s, m_server->url(), u"--format"_s, u"json"_s,
                      u"--match"_s, u"{job=\"%1\"}"_s.arg(job)});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray records = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(records.size(), 1);
    const QJsonArray details = records.first()[u"family_details"_s].toArray();
    QCOMPARE(details.size(), group->families.size());
    QCOMPARE(run.out.contains("\"native_buckets\""), native);
    QCOMPARE(run.out.contains("\"native_schema\""), native);

    const RestorableBody backup = toRestorableBody(*group);
    QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
    QCOMPARE(backup.contentType, backupType);

    QCOMPARE(httpRequest("DELETE", QUrl(groupUrl)).status, 202);
    QElapsedTimer waited;
    waited.start();
    while (!familiesOf(metricsReply(), job).isEmpty() && waited.elapsed() < 5000)
        QThread::msleep(50);
    QVERIFY(familiesOf(metricsReply(), job).isEmpty());

    const HttpExchange restored = put(groupUrl, backup.body, backup.contentType);
    QVERIFY2(restored.status == 200, restored.body.constData());
    QCOMPARE(familiesOf(metricsReply(), job), familiesOf(before, job));
}

// The window's poller reads /metrics only in a poll that finds a gauge histogram pushed
// since the last one: the other polls reuse what was read.
void TestNewShapes::pollerReadsGaugeHistogramsOnlyWhenPushed()
{
    const QString groupUrl = m_server->url() + u"/metrics/job/polledgh"_s;
    const QByteArray body = QByteArray::fromHex(kGaugeHistogramHex);
    QCOMPARE(put(groupUrl, body, QByteArray(kDelimitedProtobufContentType)).status, 200);
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY2(GatewayEndpoint::parse(m_server->url(), &endpoint, &error), qPrintable(error));
    GatewayPoller poller(endpoint);
    poller.setInterval(std::chrono::hours(1));
    std::optional<MetricsResult> last;
    connect(&poller, &GatewayPoller::pollFinished, this,
            [&last](const MetricsResult &result) { last = result; });
    const auto pollOnce = [&]() -> MetricsResult {
        last.reset();
        poller.refreshNow();
        if (!QTest::qWaitFor([&last] { return last.has_value(); }, 10000))
            return MetricsResult();
        return last.value_or(MetricsResult());
    };
    const auto shown = [](const MetricsResult &result) -> const MetricFamily * {
        for (const Group &group : result.snapshot->groups) {
            if (group.key.job() == u"polledgh")
                return group.family(u"queue_len"_s);
        }
        return nullptr;
    };
    const MetricsResult first = pollOnce();
    QVERIFY2(first.ok, qPrintable(first.error));
    QVERIFY(shown(first) && shown(first)->readFromExposition);
    QCOMPARE(shown(first)->samples.first().count, 4.0);
    const qint64 jsonBytes =
        httpRequest("GET", QUrl(m_server->url() + u"/api/v1/metrics"_s)).body.size();
    QVERIFY2(first.replyBytes > jsonBytes, "the first poll read /metrics too");

    const MetricsResult second = pollOnce();
    QVERIFY(second.ok && shown(second) && shown(second)->readFromExposition);
    QCOMPARE(second.replyBytes, jsonBytes); // /metrics was not asked for again

    QCOMPARE(put(groupUrl, body, QByteArray(kDelimitedProtobufContentType)).status, 200);
    const MetricsResult third = pollOnce();
    QVERIFY(third.ok && shown(third));
    QVERIFY2(third.replyBytes > jsonBytes, "a new push is read again");
    QCOMPARE(httpRequest("DELETE", QUrl(groupUrl)).status, 202);
}

void TestNewShapes::gaugeHistogramIsDeletedAndRestored_data()
{
    QTest::addColumn<QString>("job");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("family");
    QTest::addColumn<double>("count");
    QTest::addColumn<double>("sum");
    QTest::addColumn<int>("buckets"); // classic ones, or native ones when the gateway keeps them
    QTest::newRow("classic") << u"gaugehist"_s << QByteArray::fromHex(kGaugeHistogramHex)
                             << u"queue_len"_s << 4.0 << 2.5 << 2;
    QTest::newRow("native") << u"nativegh"_s << QByteArray::fromHex(kNativeGaugeHistogramPushHex)
                            << u"queue_depth"_s << 16.0 << 42.0 << 5;
}

// The JSON API shows a gauge histogram as a value of 0: `list` shows it read from the
// gateway's protobuf /metrics instead, with its other families judged; then it is deleted and
// restored by the real binary (`pushscope delete`, `pushscope restore`): the backup comes from
// /metrics, and the restored group's data there is what was pushed.
void TestNewShapes::gaugeHistogramIsDeletedAndRestored()
{
    QFETCH(QString, job);
    QFETCH(QByteArray, body);
    QFETCH(QString, family);
    QFETCH(double, count);
    QFETCH(double, sum);
    QFETCH(int, buckets);
    const QString groupUrl = m_server->url() + u"/metrics/job/"_s + job;
    QCOMPARE(put(groupUrl, body, QByteArray(kDelimitedProtobufContentType)).status, 200);
    const PushscopeRun run =
        runPushscope({u"list"_s, u"--gateway"_s, m_server->url(), u"--format"_s, u"json"_s,
                      u"--match"_s, u"{job=\"%1\"}"_s.arg(job)});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray records = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(records.size(), 1);
    const QJsonObject record = records.first().toObject();
    QVERIFY2(record[u"unsupported_families"_s].toArray().isEmpty(), run.out.constData());
    if (job == u"gaugehist")
        QCOMPARE(record[u"outcome"_s].toString(), u"success"_s); // job_success 1 still judged
    QJsonObject shown;
    for (const QJsonValue &details : record[u"family_details"_s].toArray())
        shown = details[u"name"_s].toString() == family ? details.toObject() : shown;
    QCOMPARE(shown[u"type"_s].toString(), u"gaugehistogram"_s);
    const QJsonObject sample = shown[u"samples"_s].toArray().first().toObject();
    QCOMPARE(sample[u"count"_s].toVariant().toDouble(), count);
    QCOMPARE(sample[u"sum"_s].toVariant().toDouble(), sum);
    const bool native = sample.contains(u"native_buckets"_s);
    if (buckets == 5 && !native)
        QSKIP(qPrintable(u"Pushgateway %1 does not keep native buckets"_s.arg(version())));
    QCOMPARE(sample[native ? u"native_buckets"_s : u"buckets"_s].toArray().size(), buckets);
    QCOMPARE(sample.contains(u"native_schema"_s), native);

    const GroupingKey key({{u"job"_s, job}});
    const GroupData pushed = groupData(m_server->url(), key);
    QCOMPARE(pushed.value(family).size(), 1);
    QTemporaryDir home;
    RunOptions options;
    options.environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    options.environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    const PushscopeRun deleted =
        runPushscope({u"delete"_s, u"--gateway"_s, m_server->url(), u"--group"_s,
                      u"job=\"%1\""_s.arg(job), u"--yes"_s, u"--format"_s, u"json"_s},
                     options);
    QVERIFY2(deleted.finished && deleted.exitCode == 0, qPrintable(describe(deleted)));
    QCOMPARE(QJsonDocument::fromJson(deleted.out).array().first()[u"status"_s].toString(),
             u"deleted"_s);
    QVERIFY(familiesOf(metricsReply(), job).isEmpty());
    QVERIFY(groupData(m_server->url(), key).isEmpty());

    const PushscopeRun list =
        runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s}, options);
    QVERIFY2(list.finished && list.exitCode == 0, qPrintable(describe(list)));
    const QString id = QJsonDocument::fromJson(list.out).array().first()[u"id"_s].toString();
    const PushscopeRun restored = runPushscope({u"restore"_s, id}, options);
    QVERIFY2(restored.finished && restored.exitCode == 0, qPrintable(describe(restored)));
    QCOMPARE(groupData(m_server->url(), key), pushed);
}

QTEST_GUILESS_MAIN(TestNewShapes)
#include "tst_newshapes.moc"
