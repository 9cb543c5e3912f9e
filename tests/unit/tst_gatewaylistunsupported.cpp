// The Gateways sidebar's model counts, per gateway, the families its groups hold that the
// parser could not read (issue 11): fed straight through the monitor's table, no server.
#include "gateway/gatewayendpoint.h"
#include "gateway/snapshotparser.h"
#include "model/gatewaylistmodel.h"
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

Group groupWith(const QString &job, int unsupported)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}});
    group.pushTime = 1.79e9;
    for (int i = 0; i < unsupported; ++i) {
        UnsupportedFamily family;
        family.name = u"queue_len%1"_s.arg(i);
        family.type = u"GAUGE_HISTOGRAM"_s;
        family.note = u"Not shown."_s;
        group.unsupportedFamilies.append(family);
    }
    return group;
}

} // namespace

class TestGatewayListUnsupported : public QObject
{
    Q_OBJECT

private slots:
    void countsFamiliesNotRead();
};

void TestGatewayListUnsupported::countsFamiliesNotRead()
{
    GatewayMonitor monitor;
    for (const char *url : {"http://127.0.0.1:1", "http://127.0.0.1:2"}) {
        GatewayEndpoint endpoint;
        QString error;
        QVERIFY2(GatewayEndpoint::parse(QString::fromLatin1(url), &endpoint, &error),
                 qPrintable(error));
        monitor.addGateway(endpoint, 1h, 5s); // never started: nothing is polled
    }
    GatewayListModel list(&monitor);
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Snapshot first;
    first.groups = {groupWith(u"a"_s, 2), groupWith(u"b"_s, 1), groupWith(u"c"_s, 0)};
    monitor.model()->applySnapshot(0, first, 0);
    Snapshot second;
    second.groups = {groupWith(u"d"_s, 0)};
    monitor.model()->applySnapshot(1, second, 0);

    const auto detail = [&](int gateway) {
        return list.index(GatewayListModel::rowOf(gateway))
            .data(GatewayListModel::DetailRole)
            .toString();
    };
    QVERIFY2(detail(0).contains(u"3\u00a0families not read"_s), qPrintable(detail(0)));
    QVERIFY2(!detail(1).contains(u"not read"_s), qPrintable(detail(1)));
    QVERIFY(list.index(GatewayListModel::rowOf(0))
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"Families not read"_s));

    first.groups = {groupWith(u"a"_s, 1)};
    first.groups.first().pushTime += 60; // a new push
    monitor.model()->applySnapshot(0, first, 0);
    QVERIFY2(detail(0).contains(u"1\u00a0family not read"_s), qPrintable(detail(0)));
}

QTEST_GUILESS_MAIN(TestGatewayListUnsupported)
#include "tst_gatewaylistunsupported.moc"
