// PrometheusClient, PromQL building and scrape health against a real prometheus scraping a
// real prometheus-pushgateway (the demo sandbox), plus an in-process fault double.

#include "demo/sandbox.h"
#include "gateway/gatewayclient.h"
#include "prometheus/prometheusclient.h"
#include "prometheus/promql.h"
#include "prometheus/scrapehealth.h"
#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <optional>

using namespace Qt::StringLiterals;
using namespace pushscope;
using std::chrono::seconds;

namespace {

constexpr int kScrapeTimeoutMs = 30000;

// Runs one asynchronous call and waits (bounded) for its callback.
template<typename Result, typename Call>
std::optional<Result> await(Call call, int timeoutMs = 15000)
{
    std::optional<Result> result;
    call([&result](const Result &value) { result = value; });
    const QDeadlineTimer deadline(timeoutMs);
    while (!result && !deadline.hasExpired())
        QTest::qWait(20);
    return result;
}

QByteArray counterText(double value)
{
    return "# TYPE processed_items counter\nprocessed_items " + QByteArray::number(value) + '\n';
}

bool push(GatewayClient *gateway, const GroupingKey &key, double value)
{
    const auto result = await<PushResult>([&](auto done) {
        gateway->push(key, counterText(value), GatewayClient::PushMethod::Put, done);
    });
    return result && result->ok;
}

// The latest value Prometheus has for `selector`, or -1.
double latestValue(PrometheusClient *client, const QString &selector)
{
    const auto result =
        await<QueryResult>([&](auto done) { client->query(selector, QDateTime(), done); });
    if (!result || !result->ok || result->series.isEmpty())
        return -1;
    return result->series.first().points.value(0).second;
}

ScrapeHealth health(PrometheusClient *client, const QString &gatewayUrl, const GroupingKey &key)
{
    const auto result = await<ScrapeHealth>(
        [&](auto done) { checkScrapeHealth(client, QUrl(gatewayUrl), key, done); });
    return result.value_or(ScrapeHealth{});
}

} // namespace

class TestPrometheusClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rangeQuerySeesRisingPushes();
    void honorLabelsOffIsDetected();
    void errorBodyBecomesSentence();
};

void TestPrometheusClient::rangeQuerySeesRisingPushes()
{
    Sandbox::Config config;
    config.scrapeInterval = seconds(1);
    Sandbox sandbox(config);
    PUSHSCOPE_START_SANDBOX(sandbox);
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY(GatewayEndpoint::parse(sandbox.gatewayUrl(), &endpoint, &error));
    GatewayClient gateway(endpoint);
    PrometheusClient prometheus(QUrl(sandbox.prometheusUrl()));

    const GroupingKey key(Labels{{u"job"_s, u"t_prom"_s}, {u"site"_s, u"Zürich \"1\""_s}});
    const QString selector = selectorFor(u"processed_items"_s, key);
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-2);
    for (double value : {10.0, 20.0, 30.0}) {
        QVERIFY(push(&gateway, key, value));
        // Bounded wait until a scrape has carried this value into Prometheus.
        QTRY_COMPARE_WITH_TIMEOUT(latestValue(&prometheus, selector), value, kScrapeTimeoutMs);
        QTest::qWait(2500); // a few more scrapes, so every 1 s step sees the value
    }

    const QDateTime end = QDateTime::currentDateTimeUtc();
    const auto range = await<QueryResult>(
        [&](auto done) { prometheus.queryRange(selector, start, end, seconds(1), done); });
    QVERIFY(range);
    QVERIFY2(range->ok, qPrintable(range->error));
    QCOMPARE(range->type, QueryResult::Type::Matrix);
    QCOMPARE(range->series.size(), 1);
    const TimeSeries &series = range->series.first();
    QCOMPARE(series.name, u"processed_items"_s);
    QVERIFY(series.labels.contains(qMakePair(u"job"_s, u"t_prom"_s)));
    QVERIFY(series.labels.contains(qMakePair(u"site"_s, u"Zürich \"1\""_s)));
    for (const auto &label : series.labels)
        QVERIFY2(label.first != u"exported_job", "honor_labels should keep the pushed job");
    QList<double> distinct;
    for (int i = 0; i < series.points.size(); ++i) {
        if (i > 0) {
            QVERIFY(series.points.at(i).first > series.points.at(i - 1).first);
            QVERIFY(series.points.at(i).second >= series.points.at(i - 1).second);
        }
        if (distinct.isEmpty() || distinct.last() != series.points.at(i).second)
            distinct.append(series.points.at(i).second);
    }
    QString points;
    for (const auto &point : series.points)
        points += u" %1=%2"_s.arg(point.first, 0, 'f', 3).arg(point.second);
    QVERIFY2(distinct == (QList<double>{10, 20, 30}), qPrintable(points));

    // A URL beyond kMaxGetUrlLength goes out as a POST and still answers.
    QString longExpr = selector;
    while (longExpr.size() < PrometheusClient::kMaxGetUrlLength)
        longExpr += u" + 0"_s;
    QCOMPARE(latestValue(&prometheus, longExpr), 30.0);

    const auto names =
        await<LabelValuesResult>([&](auto done) { prometheus.labelValues(u"__name__"_s, done); });
    QVERIFY(names && names->ok);
    QVERIFY(names->values.contains(u"processed_items"_s));
    const auto build = await<BuildInfoResult>([&](auto done) { prometheus.buildInfo(done); });
    QVERIFY(build && build->ok);
    QVERIFY(!build->version.isEmpty());

    const ScrapeHealth scrape = health(&prometheus, sandbox.gatewayUrl(), key);
    QVERIFY2(scrape.ok, qPrintable(scrape.error));
    QVERIFY(scrape.scraped);
    QCOMPARE(scrape.honorLabels, ScrapeHealth::HonorLabels::On);
    QVERIFY2(scrape.verdict.startsWith(u"Prometheus scrapes this gateway every 1s; last scrape "_s),
             qPrintable(scrape.verdict));
    QVERIFY2(scrape.verdict.endsWith(u" ago, up."_s), qPrintable(scrape.verdict));
    const QUrl elsewhere(sandbox.gatewayUrl() + u"/other-prefix"_s);
    QCOMPARE(health(&prometheus, elsewhere.toString(), key).verdict,
             u"Prometheus does not scrape this gateway."_s);

    // A stopped Prometheus: the connection-refused sentence.
    const QUrl prometheusUrl(sandbox.prometheusUrl());
    sandbox.stop();
    const auto refused =
        await<QueryResult>([&](auto done) { prometheus.query(u"up"_s, QDateTime(), done); });
    QVERIFY(refused);
    QVERIFY(!refused->ok);
    QCOMPARE(refused->error, u"Connection refused by 127.0.0.1:%1: is the server running on "
                             u"that port?"_s.arg(prometheusUrl.port()));
}

void TestPrometheusClient::honorLabelsOffIsDetected()
{
    Sandbox::Config config;
    config.scrapeInterval = seconds(1);
    config.honorLabels = false;
    Sandbox sandbox(config);
    PUSHSCOPE_START_SANDBOX(sandbox);
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY(GatewayEndpoint::parse(sandbox.gatewayUrl(), &endpoint, &error));
    GatewayClient gateway(endpoint);
    PrometheusClient prometheus(QUrl(sandbox.prometheusUrl()));
    const GroupingKey key(Labels{{u"job"_s, u"t_renamed"_s}});
    QVERIFY(push(&gateway, key, 5));

    ScrapeHealth scrape;
    QTRY_VERIFY_WITH_TIMEOUT(
        (scrape = health(&prometheus, sandbox.gatewayUrl(), key)).honorLabels ==
            ScrapeHealth::HonorLabels::Off,
        kScrapeTimeoutMs);
    QCOMPARE(scrape.verdict, u"honor_labels is off: your job labels arrive as exported_job."_s);
    // The pushed job is indeed not `job` any more.
    QCOMPARE(latestValue(&prometheus, selectorFor(u"processed_items"_s, key)), -1.0);
    QCOMPARE(latestValue(&prometheus, u"processed_items{exported_job=\"t_renamed\"}"_s), 5.0);
}

void TestPrometheusClient::errorBodyBecomesSentence()
{
    // A fault double on 127.0.0.1: GET answers 405, the POST retry a Prometheus error body.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QByteArray> requests;
    connect(&server, &QTcpServer::newConnection, this, [&server, &requests] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &requests] {
                const QByteArray head = socket->peek(65536);
                const qsizetype end = head.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const qsizetype lengthAt = head.toLower().indexOf("content-length:");
                const int length =
                    lengthAt < 0
                        ? 0
                        : head.mid(lengthAt + 15, head.indexOf('\r', lengthAt) - lengthAt - 15)
                              .trimmed()
                              .toInt();
                if (head.size() < end + 4 + length)
                    return;
                const QByteArray request = socket->readAll();
                requests.append(request);
                const bool isGet = request.startsWith("GET ");
                const QByteArray body =
                    isGet ? QByteArray("method not allowed")
                          : QByteArray(R"({"status":"error","errorType":"bad_data",)"
                                       R"("error":"invalid parameter \"query\": 1:5: parse )"
                                       R"(error: unexpected end of input"})");
                socket->write(QByteArray(isGet ? "HTTP/1.1 405 Method Not Allowed\r\n"
                                               : "HTTP/1.1 400 Bad Request\r\n") +
                              "Content-Type: application/json\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                              body);
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });

    PrometheusClient client(QUrl(u"http://127.0.0.1:%1/prefix/"_s.arg(server.serverPort())));
    client.setHeaders({{"X-Scope-OrgID", "tenant-1"}});
    const auto result =
        await<QueryResult>([&](auto done) { client.query(u"sum(up"_s, QDateTime(), done); });
    QVERIFY(result);
    QVERIFY(!result->ok);
    QCOMPARE(result->httpStatus, 400);
    QCOMPARE(result->error, u"Prometheus rejected the query: bad_data: invalid parameter "
                            u"\"query\": 1:5: parse error: unexpected end of input."_s);
    QCOMPARE(requests.size(), 2);
    QVERIFY2(requests.at(0).startsWith("GET /prefix/api/v1/query?query=sum%28up "),
             requests.at(0).constData());
    QVERIFY(requests.at(1).startsWith("POST /prefix/api/v1/query "));
    QVERIFY(requests.at(1).contains("application/x-www-form-urlencoded"));
    QVERIFY(requests.at(1).endsWith("\r\n\r\nquery=sum%28up"));
    for (const QByteArray &request : requests)
        QVERIFY(request.contains("X-Scope-OrgID: tenant-1"));
}

QTEST_GUILESS_MAIN(TestPrometheusClient)
#include "tst_prometheusclient.moc"
