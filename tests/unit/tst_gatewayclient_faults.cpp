#include "gateway/gatewayclient.h"
#include "gateway/gatewaypoller.h"
#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QLocale>
#include <QPointer>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <functional>
#include <optional>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

struct CannedResponse {
    int status = 200;
    QByteArray reason = "OK";
    QByteArray contentType = "application/json";
    QByteArray body;
    int delayMs = 0;
    bool neverAnswer = false;
};

// A fault double: a tiny HTTP/1.1 server on 127.0.0.1 that answers each request with a
// canned response (Content-Length, Connection: close) and records what it was asked.
class FakeGateway : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<CannedResponse(const QByteArray &path, int requestIndex)>;

    explicit FakeGateway(Handler handler)
        : m_handler(std::move(handler))
    {
        connect(&m_server, &QTcpServer::newConnection, this, &FakeGateway::onNewConnection);
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &prefix = QString()) const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(port()).arg(prefix);
    }

    QList<QByteArray> paths; // request paths in arrival order
    int inFlight = 0;        // requests received and not yet answered
    int maxInFlight = 0;

signals:
    void requestReceived(const QByteArray &path);
    void responseWritten(int requestIndex);

private:
    void onNewConnection()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
                *buffer += socket->readAll();
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0 || buffer->isEmpty())
                    return;
                const QList<QByteArray> requestLine =
                    buffer->left(buffer->indexOf("\r\n")).split(' ');
                buffer->clear();
                const QByteArray path = requestLine.value(1);
                const int index = int(paths.size());
                paths.append(path);
                ++inFlight;
                maxInFlight = std::max(maxInFlight, inFlight);
                emit requestReceived(path);
                const CannedResponse response = m_handler(path, index);
                if (response.neverAnswer)
                    return; // keep the connection open, say nothing
                QPointer<QTcpSocket> guard(socket);
                auto answer = [this, guard, response, index] {
                    --inFlight;
                    if (!guard)
                        return;
                    QByteArray reply = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                                       response.reason + "\r\n";
                    reply += "Date: " +
                             QLocale::c()
                                 .toString(QDateTime::currentDateTimeUtc(),
                                           u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
                                 .toLatin1() +
                             "\r\n";
                    reply += "Content-Type: " + response.contentType + "\r\n";
                    reply += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
                    reply += "Connection: close\r\n\r\n";
                    reply += response.body;
                    guard->write(reply);
                    guard->disconnectFromHost();
                    emit responseWritten(index);
                };
                if (response.delayMs > 0)
                    QTimer::singleShot(response.delayMs, this, answer);
                else
                    answer();
            });
        }
    }

    QTcpServer m_server;
    Handler m_handler;
};

QByteArray groupJson(const QByteArray &job)
{
    return R"({"labels":{"job":")" + job + R"("},"last_push_successful":true,)" +
           R"("push_time_seconds":{"type":"GAUGE","metrics":[{"labels":{"job":")" + job +
           R"("},"value":"1795540083.5"}]},)" +
           R"("push_failure_time_seconds":{"type":"GAUGE","metrics":[{"labels":{"job":")" + job +
           R"("},"value":"0"}]}})";
}

QByteArray reply(const QList<QByteArray> &jobs)
{
    QByteArray data;
    for (const QByteArray &job : jobs) {
        if (!data.isEmpty())
            data += ',';
        data += groupJson(job);
    }
    return R"({"status":"success","data":[)" + data + "]}";
}

CannedResponse ok(const QByteArray &body)
{
    CannedResponse response;
    response.body = body;
    return response;
}

GatewayEndpoint endpointFor(const QString &url)
{
    GatewayEndpoint endpoint;
    QString error;
    if (!GatewayEndpoint::parse(url, &endpoint, &error))
        qWarning("%s", qPrintable(error));
    return endpoint;
}

// Runs one fetchMetrics() to completion (or `waitMs`); false if no result arrived.
bool fetch(GatewayClient *client, MetricsResult *result, int waitMs = 5000,
           qint64 *elapsedMs = nullptr)
{
    bool done = false;
    QElapsedTimer timer;
    timer.start();
    client->fetchMetrics([&](const MetricsResult &r) {
        *result = r;
        done = true;
        if (elapsedMs)
            *elapsedMs = timer.elapsed();
    });
    const QDeadlineTimer deadline(waitMs);
    while (!done && !deadline.hasExpired())
        QTest::qWait(5);
    return done;
}

bool isSentence(const QString &text)
{
    return !text.trimmed().isEmpty() && (text.endsWith(u'.') || text.endsWith(u'?'));
}

} // namespace

class TestGatewayClientFaults : public QObject
{
    Q_OBJECT

private slots:
    void goodReply();
    void httpErrorWithBody();
    void htmlInsteadOfJson();
    void wrongShape();
    void missingApi_data();
    void missingApi();
    void noAnswerTimesOut();
    void statusVersionIsClipped();
    void connectionRefused();
    void routePrefix();
    void pollsNeverOverlap();
    void refreshNowDropsStaleResult_data();
    void refreshNowDropsStaleResult();
};

void TestGatewayClientFaults::goodReply()
{
    FakeGateway server([](const QByteArray &, int) { return ok(reply({"a", "b"})); });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url()));
    MetricsResult result;
    QVERIFY(fetch(&client, &result));
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.httpStatus, 200);
    QVERIFY(result.snapshot);
    QCOMPARE(result.snapshot->groups.size(), 2);
    QCOMPARE(result.replyBytes, reply({"a", "b"}).size());
    QVERIFY(result.serverDate.isValid());
    QVERIFY(std::abs(result.serverDate.secsTo(QDateTime::currentDateTimeUtc())) < 5);
    QVERIFY(result.latencyMs() >= 0);
    QCOMPARE(server.paths, QList<QByteArray>{"/api/v1/metrics"});
}

void TestGatewayClientFaults::httpErrorWithBody()
{
    FakeGateway server([](const QByteArray &, int) {
        CannedResponse response;
        response.status = 500;
        response.reason = "Internal Server Error";
        response.contentType = "text/plain";
        response.body = "storage exploded: disk full\nstack trace line 2\n";
        return response;
    });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url()));
    MetricsResult result;
    QVERIFY(fetch(&client, &result));
    QVERIFY(!result.ok);
    QCOMPARE(result.httpStatus, 500);
    QVERIFY(!result.snapshot);
    QVERIFY2(result.error.contains(u"500"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"storage exploded: disk full"_s), qPrintable(result.error));
    QVERIFY2(!result.error.contains(u"stack trace"_s), qPrintable(result.error));
    QVERIFY2(result.error.endsWith(u'.'), qPrintable(result.error));
}

void TestGatewayClientFaults::htmlInsteadOfJson()
{
    FakeGateway server([](const QByteArray &, int) {
        CannedResponse response;
        response.contentType = "text/html";
        response.body = "<!DOCTYPE html><html><head><title>Grafana</title></head></html>";
        return response;
    });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url()));
    MetricsResult result;
    QVERIFY(fetch(&client, &result));
    QVERIFY(!result.ok);
    QCOMPARE(result.httpStatus, 200);
    QVERIFY(!result.snapshot);
    QVERIFY2(result.error.contains(u"not JSON"_s), qPrintable(result.error));
    QVERIFY2(isSentence(result.error), qPrintable(result.error));
}

void TestGatewayClientFaults::wrongShape()
{
    FakeGateway server([](const QByteArray &, int) { return ok(R"({"foo":1})"); });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url()));
    MetricsResult result;
    QVERIFY(fetch(&client, &result));
    QVERIFY(!result.ok);
    QVERIFY(!result.snapshot);
    QVERIFY2(result.error.contains(u"JSON"_s), qPrintable(result.error));
    QVERIFY2(!result.error.contains(u"not JSON"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"status"_s), qPrintable(result.error));
    QVERIFY2(isSentence(result.error), qPrintable(result.error));
}

void TestGatewayClientFaults::missingApi_data()
{
    QTest::addColumn<int>("metricsStatus");
    QTest::addColumn<QByteArray>("metricsText");
    QTest::addColumn<QString>("mentions");
    QTest::addColumn<QString>("mentionsNot");
    const QByteArray buildInfo =
        "# HELP pushgateway_build_info A metric with a constant '1' value.\n"
        "# TYPE pushgateway_build_info gauge\n"
        "pushgateway_build_info{branch=\"x\",goVersion=\"go1\",revision=\"r\",version=\"%1\"} 1\n"
        "process_cpu_seconds_total 0.5\n";
    QTest::newRow("gateway 1.1.0") << 200 << QByteArray(buildInfo).replace("%1", "1.1.0")
                                   << u"older than 1.2.0"_s << u"route prefix"_s;
    QTest::newRow("gateway 1.5.1, wrong prefix")
        << 200 << QByteArray(buildInfo).replace("%1", "1.5.1") << u"route prefix"_s << u"older"_s;
    QTest::newRow("not a gateway")
        << 404 << QByteArray("404 page not found") << u"route prefix"_s << u"older"_s;
    QTest::newRow("hostile version")
        << 200 << QByteArray(buildInfo).replace("%1", "1.1.0-" + QByteArray(100000, 'x'))
        << u"older than 1.2.0"_s << u"route prefix"_s;
}

void TestGatewayClientFaults::missingApi()
{
    QFETCH(int, metricsStatus);
    QFETCH(QByteArray, metricsText);
    QFETCH(QString, mentions);
    QFETCH(QString, mentionsNot);
    FakeGateway server([&](const QByteArray &path, int) {
        CannedResponse response;
        response.contentType = "text/plain; version=0.0.4";
        if (path == "/metrics") {
            response.status = metricsStatus;
            response.reason = metricsStatus == 200 ? "OK" : "Not Found";
            response.body = metricsText;
        } else {
            response.status = 404;
            response.reason = "Not Found";
            response.body = "404 page not found\n";
        }
        return response;
    });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url()));
    MetricsResult result;
    QVERIFY(fetch(&client, &result));
    QVERIFY(!result.ok);
    QCOMPARE(result.httpStatus, 404);
    QCOMPARE(server.paths, (QList<QByteArray>{"/api/v1/metrics", "/metrics"}));
    QVERIFY2(result.error.contains(mentions), qPrintable(result.error));
    QVERIFY2(!result.error.contains(mentionsNot), qPrintable(result.error));
    QVERIFY2(isSentence(result.error), qPrintable(result.error));
    QVERIFY2(result.error.size() < 500, qPrintable(result.error.left(500)));
    if (mentions.contains(u"older"))
        QVERIFY2(result.error.contains(u"1.1.0"_s), qPrintable(result.error));
}

// The version is shown in the sidebar and the status bar: a gateway cannot fill them.
void TestGatewayClientFaults::statusVersionIsClipped()
{
    FakeGateway server([](const QByteArray &, int) {
        CannedResponse response;
        response.body = R"({"status":"success","data":{"build_information":{"version":")" +
                        QByteArray(100000, '9') + R"("},"flags":{}}})";
        return response;
    });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url()));
    std::optional<GatewayStatus> status;
    client.fetchStatus([&](const GatewayStatus &s) { status = s; });
    QTRY_VERIFY_WITH_TIMEOUT(status.has_value(), 10000);
    QVERIFY2(status->ok, qPrintable(status->error));
    QVERIFY2(status->version.size() <= 100, qPrintable(status->version.left(200)));
    QVERIFY(status->version.startsWith(u"999"_s));
}

void TestGatewayClientFaults::noAnswerTimesOut()
{
    FakeGateway server([](const QByteArray &, int) {
        CannedResponse response;
        response.neverAnswer = true;
        return response;
    });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url()));
    client.setTimeout(std::chrono::milliseconds(300));
    QCOMPARE(client.timeout(), std::chrono::milliseconds(300));
    MetricsResult result;
    qint64 elapsedMs = -1;
    QVERIFY2(fetch(&client, &result, 5000, &elapsedMs), "no result within 5 s");
    QVERIFY2(elapsedMs < 2000, qPrintable(QString::number(elapsedMs)));
    QVERIFY2(elapsedMs >= 250, qPrintable(QString::number(elapsedMs)));
    QCOMPARE(server.paths.size(), 1); // the request did arrive
    QVERIFY(!result.ok);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY2(result.error.startsWith(u"No answer"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"within"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(QString::number(server.port())), qPrintable(result.error));
    QVERIFY2(isSentence(result.error), qPrintable(result.error));
}

void TestGatewayClientFaults::connectionRefused()
{
    const quint16 port = pushscope::testing::freeLoopbackPort();
    QVERIFY(port != 0);
    GatewayClient client(endpointFor(u"http://127.0.0.1:%1"_s.arg(port)));
    MetricsResult result;
    QVERIFY(fetch(&client, &result));
    QVERIFY(!result.ok);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY2(result.error.startsWith(u"Connection refused"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(QString::number(port)), qPrintable(result.error));
    QVERIFY2(isSentence(result.error), qPrintable(result.error));
}

void TestGatewayClientFaults::routePrefix()
{
    FakeGateway server([](const QByteArray &path, int) {
        if (path == "/pgw/api/v1/metrics")
            return ok(reply({"prefixed"}));
        CannedResponse response;
        response.status = 404;
        response.reason = "Not Found";
        return response;
    });
    QVERIFY(server.listen());
    GatewayClient client(endpointFor(server.url(u"/pgw/"_s)));
    MetricsResult result;
    QVERIFY(fetch(&client, &result));
    QCOMPARE(server.paths.value(0), QByteArray("/pgw/api/v1/metrics"));
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.snapshot->groups.size(), 1);
    QCOMPARE(result.snapshot->groups.at(0).key.job(), u"prefixed"_s);
}

void TestGatewayClientFaults::pollsNeverOverlap()
{
    FakeGateway server([](const QByteArray &, int index) {
        CannedResponse response = ok(reply({"job" + QByteArray::number(index)}));
        response.delayMs = 120; // each poll is slower than the interval
        return response;
    });
    QVERIFY(server.listen());
    GatewayPoller poller(endpointFor(server.url()));
    poller.setInterval(std::chrono::milliseconds(10));
    QSignalSpy started(&poller, &GatewayPoller::pollStarted);
    QSignalSpy finished(&poller, &GatewayPoller::pollFinished);
    poller.start();
    QVERIFY(poller.isPolling());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 5, 10000);
    QCOMPARE(server.maxInFlight, 1);
    QVERIFY(started.count() - finished.count() <= 1);
    for (const QList<QVariant> &arguments : std::as_const(finished)) {
        const auto result = arguments.at(0).value<MetricsResult>();
        QVERIFY2(result.ok, qPrintable(result.error));
    }
    // Each result is the answer to the request before it: nothing was dropped or reordered.
    for (int i = 0; i < finished.count(); ++i) {
        const auto result = finished.at(i).at(0).value<MetricsResult>();
        QCOMPARE(result.snapshot->groups.at(0).key.job(), u"job%1"_s.arg(i));
    }
    QVERIFY(poller.clock().isKnown());
    QVERIFY(std::abs(poller.clock().offsetSeconds()) < 2);

    // Paused, it stops asking.
    poller.setPaused(true);
    QVERIFY(poller.isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(!poller.isPolling(), 5000);
    const qsizetype requests = server.paths.size();
    QTest::qWait(300);
    QCOMPARE(server.paths.size(), requests);
}

void TestGatewayClientFaults::refreshNowDropsStaleResult_data()
{
    QTest::addColumn<bool>("duringParse");
    // The first reply is still on its way: the request is abandoned.
    QTest::newRow("during the request") << false;
    // The first reply has arrived and waits to be parsed (the thread pool is held busy):
    // only the generation counter can drop its result.
    QTest::newRow("during the parse") << true;
}

void TestGatewayClientFaults::refreshNowDropsStaleResult()
{
    QFETCH(bool, duringParse);
    FakeGateway server([&](const QByteArray &, int index) {
        if (index == 0) {
            CannedResponse response = ok(reply({"old", "older"}));
            response.delayMs = duringParse ? 0 : 600;
            return response;
        }
        return ok(reply({"new"}));
    });
    QVERIFY(server.listen());

    // Holding every thread of the global pool keeps replies from being parsed.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = duringParse ? pool->maxThreadCount() : 0;
    QSemaphore gate;
    QSemaphore occupied;
    for (int i = 0; i < threads; ++i) {
        pool->start([&gate, &occupied] {
            occupied.release();
            gate.acquire();
        });
    }
    auto releasePool = qScopeGuard([&] {
        gate.release(threads);
        pool->waitForDone();
    });
    QVERIFY(occupied.tryAcquire(threads, 5000));

    GatewayPoller poller(endpointFor(server.url()));
    poller.setInterval(std::chrono::minutes(10)); // no automatic second poll
    QSignalSpy finished(&poller, &GatewayPoller::pollFinished);
    QSignalSpy written(&server, &FakeGateway::responseWritten);
    poller.start();
    if (duringParse) {
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 5000);
        QTest::qWait(300); // the client reads the reply and queues its parse
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(server.paths.size(), qsizetype(1), 5000);
    }
    QCOMPARE(finished.count(), 0);
    QVERIFY(poller.isPolling());

    poller.refreshNow();
    QTRY_COMPARE_WITH_TIMEOUT(server.paths.size(), qsizetype(2), 5000);
    if (duringParse) {
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 2, 5000);
        QTest::qWait(300);
        QCOMPARE(finished.count(), 0);
        gate.release(threads); // both parses may run now, in any order
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QTest::qWait(1000); // long enough for the first reply (and its parse) to have come
    QCOMPARE(finished.count(), 1);
    QCOMPARE(server.paths.size(), 2);
    const auto result = finished.at(0).at(0).value<MetricsResult>();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.snapshot->groups.size(), 1);
    QCOMPARE(result.snapshot->groups.at(0).key.job(), u"new"_s);
    QVERIFY(!poller.isPolling());
    if (duringParse) {
        releasePool.dismiss();
        pool->waitForDone();
    }
}

QTEST_GUILESS_MAIN(TestGatewayClientFaults)
#include "tst_gatewayclient_faults.moc"
