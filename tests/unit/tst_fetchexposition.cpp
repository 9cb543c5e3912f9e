// GatewayClient::fetchExposition against in-process doubles: it asks for the delimited
// protobuf format, hands back the body as it came, and refuses a reply in another format
// or an HTTP error with a sentence.
#include "gateway/gatewayclient.h"
#include "scriptedhttpserver.h"

#include <QTest>
#include <optional>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kProtobufType =
    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
    "encoding=delimited";

ExpositionResult fetchFrom(const QString &url)
{
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(url, &endpoint, nullptr);
    GatewayClient client(endpoint);
    client.setTimeout(std::chrono::seconds(5));
    std::optional<ExpositionResult> result;
    client.fetchExposition([&](const ExpositionResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        qFatal("fetchExposition did not answer");
    return *result;
}

} // namespace

class TestFetchExposition : public QObject
{
    Q_OBJECT

private slots:
    void asksForProtobufAndKeepsTheBody();
    void refusesOtherFormats_data();
    void refusesOtherFormats();
};

void TestFetchExposition::asksForProtobufAndKeepsTheBody()
{
    const QByteArray body = QByteArray::fromHex("021801") + QByteArray(3, '\0');
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.contentType = kProtobufType;
        reply.body = body;
        return reply;
    });
    QVERIFY(server.listen());
    const ExpositionResult result = fetchFrom(server.url() + u"/prefix"_s);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.body.joined(), body);
    QCOMPARE(server.requests(), QList<QByteArray>{"GET /prefix/metrics"});
    const QByteArray head = server.requestHeads().value(0).toLower();
    QVERIFY2(head.contains("\r\naccept: application/vnd.google.protobuf;"
                           "proto=io.prometheus.client.metricfamily;encoding=delimited"),
             head.constData());
}

void TestFetchExposition::refusesOtherFormats_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("why");
    QTest::newRow("text format") << 200 << QByteArray("text/plain; version=0.0.4")
                                 << u"not in the protobuf format"_s;
    QTest::newRow("HTTP error") << 503 << kProtobufType << u"503"_s;
}

void TestFetchExposition::refusesOtherFormats()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, why);
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.status = status;
        reply.contentType = contentType;
        reply.body = "go_goroutines 7\n";
        return reply;
    });
    QVERIFY(server.listen());
    const ExpositionResult result = fetchFrom(server.url());
    QVERIFY(!result.ok);
    QVERIFY(result.body.isEmpty());
    QVERIFY2(result.error.contains(why), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestFetchExposition)
#include "tst_fetchexposition.moc"
