// Issue 12 from a script's side: the real binary against loopback doubles. --timeout is a
// total deadline, server text in messages is short, and a gateway whose Date header is far
// off neither ages its groups nor selects them for deletion without saying so.

#include "scriptedhttpserver.h"
#include "testhelpers.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pushscope::testing::describe;
using pushscope::testing::RunOptions;
using pushscope::testing::runPushscope;
using pushscope::testing::ScriptedHttpServer;
using pushscope::testing::ScriptedReply;
using Run = pushscope::testing::PushscopeRun;

namespace {

constexpr qint64 kThirtyDays = 30 * 86400;

QByteArray groupsReply(const QList<QByteArray> &jobs, double pushTime)
{
    QByteArray data;
    const QByteArray time = QByteArray::number(pushTime, 'f', 3);
    for (const QByteArray &job : jobs) {
        if (!data.isEmpty())
            data += ',';
        data += R"({"labels":{"job":")" + job +
                R"("},"last_push_successful":true,"push_time_seconds":{"type":"GAUGE",)" +
                R"("metrics":[{"labels":{"job":")" + job + R"("},"value":")" + time +
                R"("}]},"push_failure_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" +
                R"({"job":")" + job + R"("},"value":"0"}]}})";
    }
    return R"({"status":"success","data":[)" + data + "]}";
}

} // namespace

class TestCliBounds : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void timeoutIsTotalDeadline();
    void hugeApiErrorIsShortOnStandardError_data();
    void hugeApiErrorIsShortOnStandardError();
    void skewedClockIsNamedAndNotUsed();
    void deleteOlderThanRefusesOnSkewedClock();

private:
    RunOptions m_options; // its own XDG directories: no journal or settings of the user's
    QTemporaryDir m_home;
};

void TestCliBounds::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_options.environment.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    m_options.environment.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
}

void TestCliBounds::timeoutIsTotalDeadline()
{
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.kind = ScriptedReply::Kind::Trickle; // 2000 bytes: 200 s at 10 bytes a second
        reply.body = groupsReply({"slow"}, double(QDateTime::currentSecsSinceEpoch()));
        reply.body += QByteArray(2000 - reply.body.size(), ' ');
        return reply;
    });
    QVERIFY(server.listen());
    QElapsedTimer timer;
    timer.start();
    const Run run =
        runPushscope({u"list"_s, u"--gateway"_s, server.url(), u"--timeout"_s, u"2s"_s}, m_options);
    const qint64 elapsedMs = timer.elapsed();
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QVERIFY2(elapsedMs < 3500, qPrintable(QString::number(elapsedMs)));
    QCOMPARE(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(
        err.contains(u"No complete answer from %1/api/v1/metrics within 2 s ("_s.arg(server.url())),
        qPrintable(describe(run)));
    QVERIFY2(err.contains(u"bytes received)."_s), qPrintable(describe(run)));
}

void TestCliBounds::hugeApiErrorIsShortOnStandardError_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("1 MB") << qsizetype(1024 * 1024);
    QTest::newRow("10 MB") << qsizetype(10 * 1024 * 1024);
}

void TestCliBounds::hugeApiErrorIsShortOnStandardError()
{
    QFETCH(qsizetype, size);
    const QByteArray body = R"({"status":"error","error":")" + QByteArray(size, 'E') + R"("})";
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.body = body;
        return reply;
    });
    QVERIFY(server.listen());
    const Run run = runPushscope({u"list"_s, u"--gateway"_s, server.url()}, m_options);
    QVERIFY2(run.finished, qPrintable(describe(run).left(2000)));
    QCOMPARE(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err).trimmed();
    // "pushscope list: <url>: " and the message of at most ~250 characters.
    QVERIFY2(err.size() < 250 + 60, qPrintable(err.left(2000)));
    QVERIFY2(err.contains(u"EEE…"_s), qPrintable(err));
}

void TestCliBounds::skewedClockIsNamedAndNotUsed()
{
    const double pushedAt = QDateTime::currentMSecsSinceEpoch() / 1000.0 - 180;
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.dateShiftSeconds = kThirtyDays;
        reply.body = groupsReply({"fresh"}, pushedAt);
        return reply;
    });
    QVERIFY(server.listen());
    for (const bool trust : {false, true}) {
        QStringList arguments{u"list"_s, u"--gateway"_s, server.url(), u"--format"_s, u"json"_s};
        if (trust)
            arguments << u"--trust-gateway-clock"_s;
        const Run run = runPushscope(arguments, m_options);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(
            err.contains(u"pushscope list: %1: its clock is 30 days ahead of this computer"_s.arg(
                server.url())),
            qPrintable(describe(run)));
        QVERIFY2(err.contains(trust ? u"ages use its clock (--trust-gateway-clock)"_s
                                    : u"ages use this computer's clock"_s),
                 qPrintable(describe(run)));
        const QJsonArray groups = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(groups.size(), 1);
        const double age = groups.at(0).toObject().value(u"push_age_seconds"_s).toDouble();
        if (trust)
            QVERIFY2(age > kThirtyDays - 60, qPrintable(QString::number(age)));
        else
            QVERIFY2(age >= 170 && age < 300, qPrintable(QString::number(age)));
    }
}

void TestCliBounds::deleteOlderThanRefusesOnSkewedClock()
{
    const double pushedAt = QDateTime::currentMSecsSinceEpoch() / 1000.0 - 180;
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.dateShiftSeconds = kThirtyDays;
        reply.body = groupsReply({"a", "b"}, pushedAt);
        return reply;
    });
    QVERIFY(server.listen());
    const QStringList base{u"delete"_s, u"--gateway"_s, server.url(), u"--older-than"_s,
                           u"7d"_s,     u"--format"_s,  u"json"_s,    u"--dry-run"_s};
    const Run refused = runPushscope(base, m_options);
    QVERIFY2(refused.finished && refused.exitCode == 1, qPrintable(describe(refused)));
    QVERIFY2(refused.out.isEmpty(), qPrintable(describe(refused)));
    const QString err = QString::fromUtf8(refused.err);
    QVERIFY2(err.contains(u"its clock is 30 days ahead of this computer"_s) &&
                 err.contains(u"--older-than cannot tell"_s) &&
                 err.contains(u"nothing was deleted"_s) && err.contains(u"--trust-gateway-clock"_s),
             qPrintable(describe(refused)));
    // Only GETs: nothing was deleted.
    for (const QByteArray &request : server.requests())
        QVERIFY2(request.startsWith("GET "), request.constData());

    // Trusted, the gateway's clock says 30 days: both groups would go, and it says so.
    const Run trusted = runPushscope(base + QStringList{u"--trust-gateway-clock"_s}, m_options);
    QVERIFY2(trusted.finished && trusted.exitCode == 0, qPrintable(describe(trusted)));
    QVERIFY2(QString::fromUtf8(trusted.err).contains(u"ages use its clock"_s),
             qPrintable(describe(trusted)));
    const QJsonArray rows = QJsonDocument::fromJson(trusted.out).array();
    QCOMPARE(rows.size(), 2);
    for (const QJsonValue &row : rows)
        QCOMPARE(row.toObject().value(u"status"_s).toString(), u"would_delete"_s);
    for (const QByteArray &request : server.requests())
        QVERIFY2(request.startsWith("GET "), request.constData());
}

QTEST_GUILESS_MAIN(TestCliBounds)
#include "tst_clibounds.moc"
