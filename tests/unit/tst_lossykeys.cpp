#include "gateway/snapshotparser.h"
#include "model/grouptablemodel.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

// One group as the gateway's JSON API shows it; `value` is written into the JSON as is.
QByteArray groupJson(const QByteArray &value, const QByteArray &pushTime)
{
    const QByteArray labels = R"({"job":"lossy","v":")" + value + R"("})";
    return R"({"labels":)" + labels + R"(,"last_push_successful":true,)" +
           R"("push_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" + labels +
           R"(,"value":")" + pushTime + R"("}]},)" +
           R"("push_failure_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" + labels +
           R"(,"value":"0"}]}})";
}

QByteArray reply(const QList<QByteArray> &groups)
{
    return R"({"status":"success","data":[)" + groups.join(',') + "]}";
}

} // namespace

// Issue 12.3: the gateway's JSON writes invalid UTF-8 as U+FFFD, so two groups can read the
// same. They stay two rows, each marked, and keep their ordinal whatever the reply order.
class TestLossyKeys : public QObject
{
    Q_OBJECT

private slots:
    void twoGroupsThatReadTheSameStayTwo();
};

void TestLossyKeys::twoGroupsThatReadTheSameStayTwo()
{
    const QByteArray older = groupJson(R"(\ufffd)", "1795540083.5");
    const QByteArray newer = groupJson(R"(\ufffd)", "1795540090.5");
    const SnapshotParseResult first = parseSnapshot(reply({older, newer}));
    QVERIFY2(first.ok, qPrintable(first.error));
    QCOMPARE(first.snapshot.groups.size(), 2);
    const Group &a = first.snapshot.groups.at(0);
    const Group &b = first.snapshot.groups.at(1);
    QVERIFY(a.key.isLossy() && b.key.isLossy());
    QVERIFY(a.key.id() != b.key.id());
    QCOMPARE(a.key.toString(), u"{job=\"lossy\",v=\"\\uFFFD\"}"_s);

    // The other order, reusing the first snapshot: each group keeps its id.
    const SnapshotParseResult second = parseSnapshot(reply({newer, older}), &first.snapshot);
    QVERIFY2(second.ok, qPrintable(second.error));
    QCOMPARE(second.snapshot.groups.at(1).key.id(), a.key.id());
    QCOMPARE(second.snapshot.groups.at(0).key.id(), b.key.id());

    GroupTableModel model;
    const int gateway = model.addGateway(u"gw0"_s);
    model.applySnapshot(gateway, first.snapshot, 0);
    QCOMPARE(model.rowCount(), 2);
    model.applySnapshot(gateway, second.snapshot, 0);
    QCOMPARE(model.rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestLossyKeys)
#include "tst_lossykeys.moc"
