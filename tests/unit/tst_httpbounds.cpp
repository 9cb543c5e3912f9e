// Issue 12: a misbehaving server cannot hold a request past its deadline, fill memory
// past the reply cap, put megabytes into a message, or redirect a write.

#include "gateway/gatewayclient.h"
#include "net/httpclient.h"
#include "prometheus/promreply.h"
#include "prometheus/scrapehealth.h"
#include "scriptedhttpserver.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpServer>
#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;
using pushscope::testing::ScriptedHttpServer;
using pushscope::testing::ScriptedReply;

namespace {

constexpr qsizetype kMaxMessage = 260; // ~200 characters of server text and a sentence

// Runs one request to completion (or `waitMs`); false if no result arrived.
bool await(const std::function<void(HttpClient::Callback)> &send, HttpResult *result,
           int waitMs = 20000, qint64 *elapsedMs = nullptr)
{
    bool done = false;
    QElapsedTimer timer;
    timer.start();
    send([&](const HttpResult &r) {
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

// The peak resident set size of this process (VmHWM), in bytes; -1 if unknown.
qint64 peakResidentBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

// Starts a new peak: VmHWM becomes the current resident set size.
bool resetPeakResident()
{
    QFile clearRefs(u"/proc/self/clear_refs"_s);
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
}

QByteArray apiError(qsizetype size)
{
    return R"({"status":"error","error":")" + QByteArray(size, 'E') + R"("})";
}

} // namespace

class TestHttpBounds : public QObject
{
    Q_OBJECT

private slots:
    void trickleHitsTotalDeadline();
    void silentServerStillSaysNoAnswer();
    void endlessChunkedReplyStopsAtCap();
    void declaredTooLargeStopsAtOnce();
    void largeReplyArrivesInPartsWhole_data();
    void largeReplyArrivesInPartsWhole();
    void hugeApiErrorIsClipped_data();
    void hugeApiErrorIsClipped();
    void hugeHttpErrorLineIsClipped();
    void prometheusServerTextIsClipped();
    void writesNeverFollowRedirects_data();
    void writesNeverFollowRedirects();
    void getFollowsSameOriginRedirect();
};

void TestHttpBounds::trickleHitsTotalDeadline()
{
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.kind = ScriptedReply::Kind::Trickle;
        reply.body = QByteArray(2000, ' '); // 200 s at one byte per 100 ms
        return reply;
    });
    QVERIFY(server.listen());
    HttpClient client;
    client.setTimeout(std::chrono::milliseconds(1500));
    HttpResult result;
    qint64 elapsedMs = -1;
    QVERIFY(await([&](auto done) { client.get(QUrl(server.url() + u"/api/v1/metrics"_s), done); },
                  &result, 20000, &elapsedMs));
    QVERIFY2(elapsedMs >= 1400 && elapsedMs < 2500, qPrintable(QString::number(elapsedMs)));
    QVERIFY(!result.ok);
    QVERIFY2(result.error.startsWith(
                 u"No complete answer from %1/api/v1/metrics within 1.5 s ("_s.arg(server.url())),
             qPrintable(result.error));
    QVERIFY2(result.error.endsWith(u"bytes received)."_s), qPrintable(result.error));
    const qsizetype received = result.error.section(u'(', 1).section(u' ', 0, 0).toLongLong();
    QVERIFY2(received >= 5 && received <= 20, qPrintable(result.error));
}

void TestHttpBounds::silentServerStillSaysNoAnswer()
{
    // A server that accepts and never answers: the total deadline speaks of no answer.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    HttpClient client;
    client.setTimeout(std::chrono::milliseconds(400));
    HttpResult result;
    qint64 elapsedMs = -1;
    QVERIFY(await(
        [&](auto done) {
            client.get(QUrl(u"http://127.0.0.1:%1/"_s.arg(silent.serverPort())), done);
        },
        &result, 5000, &elapsedMs));
    QVERIFY2(elapsedMs < 1500, qPrintable(QString::number(elapsedMs)));
    QCOMPARE(result.error,
             u"No answer from http://127.0.0.1:%1/ within 0.4 s."_s.arg(silent.serverPort()));
}

void TestHttpBounds::endlessChunkedReplyStopsAtCap()
{
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.kind = ScriptedReply::Kind::EndlessChunked;
        reply.body = QByteArray(64 * 1024, 'x');
        return reply;
    });
    QVERIFY(server.listen());
    constexpr qint64 kCap = 64LL * 1024 * 1024;
    HttpClient client;
    client.setMaxReplyBytes(kCap);
    client.setTimeout(std::chrono::seconds(60));
    QVERIFY(resetPeakResident());
    const qint64 before = peakResidentBytes();
    HttpResult result;
    QVERIFY(await([&](auto done) { client.get(QUrl(server.url() + u"/api/v1/metrics"_s), done); },
                  &result, 60000));
    const qint64 growth = peakResidentBytes() - before;
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"larger than 64 MB"_s), qPrintable(result.error));
    QVERIFY(result.payload.isEmpty());
    QVERIFY2(server.bytesSent() >= kCap, qPrintable(QString::number(server.bytesSent())));
    qInfo("peak resident growth %lld MB for a cap of %lld MB", growth >> 20, kCap >> 20);
    QVERIFY2(growth < 2 * kCap, qPrintable(QString::number(growth)));
}

void TestHttpBounds::declaredTooLargeStopsAtOnce()
{
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.kind = ScriptedReply::Kind::Trickle; // Content-Length 1 MB, then slowly
        reply.body = QByteArray(1024 * 1024, 'x');
        return reply;
    });
    QVERIFY(server.listen());
    HttpClient client;
    client.setMaxReplyBytes(1000);
    HttpResult result;
    qint64 elapsedMs = -1;
    QVERIFY(
        await([&](auto done) { client.get(QUrl(server.url()), done); }, &result, 5000, &elapsedMs));
    QVERIFY2(elapsedMs < 1000, qPrintable(QString::number(elapsedMs)));
    QVERIFY2(result.error.contains(u"larger than 1000 bytes"_s), qPrintable(result.error));
}

// A 24 MB reply asked for in parts: the parts the network thread read, none lost or
// reordered, and nothing joined on this thread; asked for whole, one payload as before.
void TestHttpBounds::largeReplyArrivesInPartsWhole_data()
{
    QTest::addColumn<bool>("inParts");
    QTest::newRow("in parts") << true;
    QTest::newRow("joined") << false;
}

void TestHttpBounds::largeReplyArrivesInPartsWhole()
{
    QFETCH(bool, inParts);
    QByteArray body(24 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char(i % 251);
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.body = body;
        return reply;
    });
    QVERIFY(server.listen());
    HttpClient client;
    client.setTimeout(std::chrono::seconds(60));
    HttpResult result;
    const auto delivery =
        inParts ? HttpClient::BodyDelivery::InParts : HttpClient::BodyDelivery::Joined;
    QVERIFY(await([&](auto done) { client.get(QUrl(server.url()), done, 0, {}, delivery); },
                  &result, 60000));
    QVERIFY2(result.ok, qPrintable(result.error));
    if (inParts) {
        QVERIFY(result.payload.isEmpty());
        QCOMPARE(result.payloadParts.size(), body.size());
        qInfo("%d parts", result.payloadParts.partCount());
        QVERIFY2(result.payloadParts.partCount() > 1,
                 qPrintable(QString::number(result.payloadParts.partCount())));
        QVERIFY(result.payloadParts.joined() == body);
    } else {
        QVERIFY(result.payloadParts.isEmpty());
        QVERIFY(result.payload == body);
    }
}

void TestHttpBounds::hugeApiErrorIsClipped_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("1 MB") << qsizetype(1024 * 1024);
    QTest::newRow("10 MB") << qsizetype(10 * 1024 * 1024);
}

void TestHttpBounds::hugeApiErrorIsClipped()
{
    QFETCH(qsizetype, size);
    const QByteArray body = apiError(size);
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.body = body;
        return reply;
    });
    QVERIFY(server.listen());
    GatewayEndpoint endpoint;
    QString why;
    QVERIFY2(GatewayEndpoint::parse(server.url(), &endpoint, &why), qPrintable(why));
    GatewayClient client(endpoint);
    bool done = false;
    MetricsResult result;
    client.fetchMetrics([&](const MetricsResult &r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.size() <= kMaxMessage, qPrintable(result.error.left(400)));
    QVERIFY2(result.error.contains(u"EEEE"_s), qPrintable(result.error));
    QVERIFY2(result.error.endsWith(u"…"_s), qPrintable(result.error));
}

void TestHttpBounds::hugeHttpErrorLineIsClipped()
{
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.status = 500;
        reply.reason = "Internal Server Error";
        reply.contentType = "text/plain";
        reply.body = QByteArray(1024 * 1024, 'E');
        return reply;
    });
    QVERIFY(server.listen());
    HttpClient client;
    HttpResult result;
    QVERIFY(await([&](auto done) { client.get(QUrl(server.url()), done); }, &result));
    QCOMPARE(result.httpStatus, 500);
    QVERIFY2(result.error.count(u'E') <= 200 + 2, qPrintable(result.error)); // "Error", "E…"
    QVERIFY2(result.error.size() <= kMaxMessage + server.url().size(), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"EEE…"_s), qPrintable(result.error));
}

void TestHttpBounds::prometheusServerTextIsClipped()
{
    const QByteArray huge(1024 * 1024, 'E');
    const QueryResult query =
        parseQueryReply(R"({"status":"error","errorType":"bad_data","error":")" + huge +
                        R"(","warnings":[")" + huge + R"("]})");
    QVERIFY(!query.ok);
    QVERIFY2(query.error.size() <= kMaxMessage, qPrintable(query.error.left(400)));
    QCOMPARE(query.warnings.size(), 1);
    QVERIFY(query.warnings.at(0).size() <= kMaxMessage);

    ScrapeHealth health;
    health.ok = true;
    health.scraped = true;
    health.target.health = u"down"_s;
    health.target.lastError = QString::fromLatin1(huge);
    const QString verdict = scrapeVerdict(health, QDateTime::currentDateTime());
    QVERIFY2(verdict.size() <= kMaxMessage, qPrintable(verdict.left(400)));
}

void TestHttpBounds::writesNeverFollowRedirects_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<bool>("sameOrigin");
    for (const QByteArray &verb : {QByteArray("DELETE"), QByteArray("PUT"), QByteArray("POST")}) {
        QTest::newRow(verb + " same origin") << verb << true;
        QTest::newRow(verb + " other server") << verb << false;
    }
}

void TestHttpBounds::writesNeverFollowRedirects()
{
    QFETCH(QByteArray, verb);
    QFETCH(bool, sameOrigin);
    ScriptedHttpServer target([](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.status = 202;
        reply.reason = "Accepted";
        return reply;
    });
    QVERIFY(target.listen());
    const QByteArray location = sameOrigin ? QByteArray("/elsewhere/job/other")
                                           : (target.url() + u"/metrics/job/x"_s).toLatin1();
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &path) {
        ScriptedReply reply;
        if (path.startsWith("/elsewhere")) {
            reply.status = 202;
            reply.reason = "Accepted";
            return reply;
        }
        reply.status = 301;
        reply.reason = "Moved Permanently";
        reply.headers = {{"Location", location}};
        return reply;
    });
    QVERIFY(server.listen());
    HttpClient client;
    HttpResult result;
    const QUrl url(server.url() + u"/metrics/job/x"_s);
    QVERIFY(await([&](auto done) { client.sendCustom(verb, url, "x 1\n", "text/plain", done); },
                  &result));
    QVERIFY(!result.ok);
    QCOMPARE(result.httpStatus, 301);
    QCOMPARE(result.error, u"%1 answered 301 redirect to %2; not followed."_s.arg(
                               url.toString(), QString::fromLatin1(location)));
    QTest::qWait(200);
    QCOMPARE(server.requests(), QList<QByteArray>{verb + " /metrics/job/x"});
    QCOMPARE(target.requestCount(), 0);
}

void TestHttpBounds::getFollowsSameOriginRedirect()
{
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &path) {
        ScriptedReply reply;
        if (path == "/old") {
            reply.status = 302;
            reply.reason = "Found";
            reply.headers = {{"Location", "/new"}};
            return reply;
        }
        reply.status = 404;
        reply.reason = "Not Found";
        reply.body = "no such page";
        return reply;
    });
    QVERIFY(server.listen());
    HttpClient client;
    HttpResult result;
    QVERIFY(await([&](auto done) { client.get(QUrl(server.url() + u"/old"_s), done); }, &result));
    QCOMPARE(server.requests(), (QList<QByteArray>{"GET /old", "GET /new"}));
    QCOMPARE(result.httpStatus, 404);
    // The error names the URL that was actually sent last.
    QVERIFY2(result.error.startsWith(server.url() + u"/new answered HTTP 404"_s),
             qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestHttpBounds)
#include "tst_httpbounds.moc"
