// The version matrix itself (run as tst_servermatrix against Debian 12's servers and as
// tst_servermatrix:trixie against Debian 13's): the run uses the server set it was given, its
// version is read from the server, and a rejected push is recognised the same way on every
// version — 1.5.1 answers 400, Debian 13's 1.11.0 panics and closes the connection, both
// record the failure in the group.
#include "gateway/groupingkey.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pushscope;
using namespace pushscope::testing;

namespace {

// The first line `binary --version` prints, e.g. "pushgateway, version 1.5.1 (branch: ...".
QString versionLine(const QString &binary)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(binary, {u"--version"_s});
    if (!process.waitForFinished(10000))
        return {};
    return QString::fromUtf8(process.readAll()).section(u'\n', 0, 0);
}

QJsonValue lastPushSuccessful(const QString &url, const Labels &labels)
{
    return gatewayGroups(url)
        .value(GroupingKey(labels).toString())
        .value(u"last_push_successful"_s);
}

} // namespace

class TestServerMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionComesFromTheServerUnderTest();
    void rejectedPushIsRecordedInTheGroup();
};

void TestServerMatrix::versionComesFromTheServerUnderTest()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const QString binary = findServerBinary(u"prometheus-pushgateway"_s);
    if (!serverDirectory().isEmpty())
        QVERIFY2(binary.startsWith(serverDirectory() + u'/'), qPrintable(binary));
    const QString version = gatewayVersion(gateway.url());
    QVERIFY(!version.isEmpty());
    const QString line = versionLine(binary);
    QVERIFY2(line.contains(u"version "_s + version + u' '), qPrintable(line));
    qInfo("%s: %s", qPrintable(binary), qPrintable(line));
}

void TestServerMatrix::rejectedPushIsRecordedInTheGroup()
{
    PushgatewayProcess gateway;
    PUSHSCOPE_START_SERVER(gateway);
    const Labels gaugeOwner = {{u"job"_s, u"gauge_owner"_s}};
    const Labels rejected = {{u"job"_s, u"rejected"_s}};
    QCOMPARE(gateway.push(manualPath(gaugeOwner), "# TYPE items gauge\nitems 1\n").status, 200);
    QCOMPARE(gateway.push(manualPath(rejected), "# TYPE done gauge\ndone 1\n").status, 200);

    // `items` is a gauge in another group: a counter of that name is inconsistent.
    const HttpExchange refused =
        gateway.push(manualPath(rejected), "# TYPE items counter\nitems 2\n");
    QVERIFY2(refused.status != 200, refused.body.constData());
    qInfo("rejected push: HTTP %d %s", refused.status, qPrintable(refused.error));
    QVERIFY(waitForFailedPush(gateway.url(), rejected));
    QCOMPARE(lastPushSuccessful(gateway.url(), gaugeOwner), QJsonValue(true));

    // The gateway keeps serving, and the next good push clears the failure.
    QCOMPARE(gateway.push(manualPath(rejected), "# TYPE done gauge\ndone 2\n").status, 200);
    QCOMPARE(lastPushSuccessful(gateway.url(), rejected), QJsonValue(true));
}

QTEST_GUILESS_MAIN(TestServerMatrix)
#include "tst_servermatrix.moc"
