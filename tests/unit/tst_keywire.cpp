#include "capturingserver.h"
#include "gateway/gatewayclient.h"
#include "keycorpus.h"

#include <QTest>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray statusJson(bool utf8Names)
{
    return R"({"status":"success","data":{"build_information":{"version":"1.11.0"},)"
           R"("flags":{"push.enable-utf8-names":")" +
           QByteArray(utf8Names ? "true" : "false") + R"("},"start_time":""}})";
}

} // namespace

class TestKeyWire : public QObject
{
    Q_OBJECT

private slots:
    void pathOnTheWireIsThePathBuilt_data();
    void pathOnTheWireIsThePathBuilt();
    void statusReadOnceBeforeTheFirstWrite();
    void unknownNameHandlingSendsOnlyUnambiguousKeys();
    void errorNamesTheUrlSent();
};

void TestKeyWire::pathOnTheWireIsThePathBuilt_data()
{
    QTest::addColumn<bool>("utf8");
    QTest::newRow("legacy gateway") << false;
    QTest::newRow("UTF-8 names gateway") << true;
}

// Issue 12.2: every request line carries exactly GroupingKey::pathOn() below the prefix; no
// "//", no dot segment; it decodes (as the gateway decodes) to the key. Refused keys are
// never sent.
void TestKeyWire::pathOnTheWireIsThePathBuilt()
{
    QFETCH(bool, utf8);
    CapturingServer server([utf8](const QByteArray &method, const QByteArray &) {
        if (method == "GET")
            return CapturingServer::Answer{200, statusJson(utf8)};
        return CapturingServer::Answer{method == "DELETE" ? 202 : 200, {}};
    });
    QVERIFY(server.listen());
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(server.url() + u"/pgw"_s, &endpoint, nullptr));
    GatewayClient client(endpoint);

    const quint32 seed = testSeed();
    QList<GroupingKey> keys = issueKeys() + randomKeys(seed, 300);
    const NameEscaping escaping = utf8 ? NameEscaping::Utf8 : NameEscaping::Legacy;
    int sent = 0;
    int refused = 0;
    for (const GroupingKey &key : std::as_const(keys)) {
        for (const bool push : {false, true}) {
            const qsizetype before = server.requests.size();
            const WriteResult result = writeAndWait(client, key, push);
            const QString context =
                u"seed %1, %2 %3: "_s.arg(seed).arg(push ? u"PUT"_s : u"DELETE"_s, key.toString());
            QString why;
            const QString path = key.pathOn(escaping, &why);
            // The first write also reads the status.
            const auto writes = server.requests.mid(before).size() - (before == 0 ? 1 : 0);
            if (path.isEmpty()) {
                ++refused;
                QVERIFY2(result.notSent && !result.ok, qPrintable(context + result.error));
                QCOMPARE(result.error, why);
                QCOMPARE(writes, 0);
                continue;
            }
            ++sent;
            QVERIFY2(result.ok, qPrintable(context + result.error));
            QCOMPARE(writes, 1);
            const QByteArray target = server.requests.last().target;
            QCOMPARE(server.requests.last().method,
                     push ? QByteArray("PUT") : QByteArray("DELETE"));
            QCOMPARE(QString::fromLatin1(target), u"/pgw"_s + path);
            QVERIFY2(!target.contains("//") && !target.contains("/.") && !target.contains('%'),
                     qPrintable(context + QString::fromLatin1(target)));
            Labels decoded;
            QVERIFY2(gatewayDecodePath(target.mid(4), utf8, &decoded, &why),
                     qPrintable(context + why));
            QVERIFY2(GroupingKey(decoded) == key,
                     qPrintable(context + QString::fromLatin1(target)));
        }
    }
    QVERIFY(sent > 0 && refused > 0);
    qInfo("seed %u: %d writes sent, %d refused", seed, sent, refused);
}

void TestKeyWire::statusReadOnceBeforeTheFirstWrite()
{
    CapturingServer server([](const QByteArray &method, const QByteArray &) {
        return method == "GET" ? CapturingServer::Answer{200, statusJson(true)}
                               : CapturingServer::Answer{202, {}};
    });
    QVERIFY(server.listen());
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(server.url(), &endpoint, nullptr));
    GatewayClient client(endpoint);
    QVERIFY(!client.nameEscaping());
    // Three deletes at once: one status read, then the three, the U__ one escaped.
    int answered = 0;
    const GroupingKey clash({{u"job"_s, u"clash"_s}, {u"U__foo_2e_bar"_s, u"x"_s}});
    for (int i = 0; i < 3; ++i)
        client.deleteGroup(clash, [&](const WriteResult &r) { answered += r.ok ? 1 : 100; });
    QTRY_COMPARE(answered, 3);
    QCOMPARE(server.requests.size(), 4);
    QCOMPARE(server.requests.at(0).target, QByteArray("/api/v1/status"));
    QCOMPARE(server.requests.at(1).target, QByteArray("/metrics/job/clash/U__U____foo__2e__bar/x"));
    QCOMPARE(client.nameEscaping(), std::optional(NameEscaping::Utf8));
}

void TestKeyWire::unknownNameHandlingSendsOnlyUnambiguousKeys()
{
    CapturingServer server([](const QByteArray &method, const QByteArray &) {
        return method == "GET" ? CapturingServer::Answer{404, "404 page not found"}
                               : CapturingServer::Answer{202, {}};
    });
    QVERIFY(server.listen());
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(server.url(), &endpoint, nullptr));
    GatewayClient client(endpoint);
    const WriteResult plain =
        writeAndWait(client, GroupingKey({{u"job"_s, u"a"_s}, {u"instance"_s, u"i"_s}}), false);
    QVERIFY2(plain.ok, qPrintable(plain.error));
    const WriteResult clash = writeAndWait(
        client, GroupingKey({{u"job"_s, u"clash"_s}, {u"U__foo_2e_bar"_s, u"x"_s}}), false);
    QVERIFY(clash.notSent);
    QVERIFY2(clash.error.contains(u"U__"_s) && clash.error.contains(u"404"_s),
             qPrintable(clash.error));
    for (const auto &request : std::as_const(server.requests))
        QVERIFY2(!request.target.contains("clash"), request.target.constData());
}

void TestKeyWire::errorNamesTheUrlSent()
{
    CapturingServer server([](const QByteArray &method, const QByteArray &) {
        return method == "GET" ? CapturingServer::Answer{200, statusJson(false)}
                               : CapturingServer::Answer{500, "boom"};
    });
    QVERIFY(server.listen());
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(server.url(), &endpoint, nullptr));
    GatewayClient client(endpoint);
    const GroupingKey key({{u"job"_s, u"probe2"_s}, {u"a"_s, u".x"_s}, {u"b"_s, u".y"_s}});
    const WriteResult result = writeAndWait(client, key, false);
    QVERIFY(!result.ok && !result.notSent);
    const QByteArray sent = server.requests.last().target;
    QVERIFY2(result.error.contains(QString::fromLatin1(sent)),
             qPrintable(result.error + u" / "_s + QString::fromLatin1(sent)));
}

QTEST_GUILESS_MAIN(TestKeyWire)
#include "tst_keywire.moc"
