// Issue 12 in the window (offscreen): a gateway that answers megabytes of error text,
// trickles its reply, or sends a Date header 30 days off shows a short sentence in the
// banner and the sidebar, never the megabytes, never "0 groups" without an error, and
// never ages by the wrong clock.

#include "connections/gatewaysidebar.h"
#include "model/gatewaylistmodel.h"
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "scriptedhttpserver.h"
#include "window/gatewaybanner.h"

#include <QApplication>
#include <QDateTime>
#include <QListView>
#include <QTest>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayEndpoint;
using pushscope::GatewayListModel;
using pushscope::GatewayMonitor;
using pushscope::GatewaySetup;
using pushscope::GroupTableModel;
using pushscope::testing::ScriptedHttpServer;
using pushscope::testing::ScriptedReply;
using pushscope::ui::GatewayBanner;
using pushscope::ui::GatewaySidebar;

namespace {

constexpr int kWaitMs = 20000;
constexpr qsizetype kMaxMessage = 260;
constexpr qint64 kThirtyDays = 30 * 86400;

QByteArray groupReply(const QByteArray &job, double pushTime)
{
    const QByteArray time = QByteArray::number(pushTime, 'f', 3);
    return R"({"status":"success","data":[{"labels":{"job":")" + job +
           R"("},"last_push_successful":true,"push_time_seconds":{"type":"GAUGE","metrics":[)" +
           R"({"labels":{"job":")" + job + R"("},"value":")" + time +
           R"("}]},"push_failure_time_seconds":{"type":"GAUGE","metrics":[{"labels":{"job":")" +
           job + R"("},"value":"0"}]}}]})";
}

// The window's parts that show a gateway's state, fed by one monitor.
struct Window {
    GatewayMonitor monitor;
    GatewaySidebar sidebar{&monitor, nullptr};
    GatewayBanner banner{&monitor};

    explicit Window(const QString &url, std::chrono::milliseconds timeout = 10s)
    {
        GatewaySetup setup;
        QString why;
        if (!GatewayEndpoint::parse(url, &setup.endpoint, &why))
            qWarning("%s", qPrintable(why));
        setup.interval = 60s;
        setup.timeout = timeout;
        monitor.addGateway(setup);
        QObject::connect(&monitor, &GatewayMonitor::gatewayChanged, &banner,
                         [this] { banner.update(); });
        sidebar.resize(260, 400);
        banner.resize(800, 100);
        sidebar.show();
        banner.show();
        monitor.start();
    }
    QString sidebarRole(int role) const
    {
        return sidebar.view()->model()->index(GatewayListModel::rowOf(0), 0).data(role).toString();
    }
    // Paints both, as a screen would (a megabyte label once crashed painting).
    void paint()
    {
        sidebar.grab();
        banner.grab();
    }
};

} // namespace

class TestGatewayBounds : public QObject
{
    Q_OBJECT

private slots:
    void hugeApiErrorStaysShort_data();
    void hugeApiErrorStaysShort();
    void tricklingGatewayFailsAtDeadline();
    void skewedClockIsShownAndNotUsed();
};

void TestGatewayBounds::hugeApiErrorStaysShort_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("1 MB") << qsizetype(1024 * 1024);
    QTest::newRow("10 MB") << qsizetype(10 * 1024 * 1024);
}

void TestGatewayBounds::hugeApiErrorStaysShort()
{
    QFETCH(qsizetype, size);
    const QByteArray body = R"({"status":"error","error":")" + QByteArray(size, 'E') + R"("})";
    ScriptedHttpServer server([&](const QByteArray &, const QByteArray &path) {
        ScriptedReply reply;
        reply.body = path.endsWith("/metrics") ? body : QByteArray("{}");
        return reply;
    });
    QVERIFY(server.listen());
    Window window(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(window.monitor.state(0).lastPollAt.isValid(), kWaitMs);
    const QString error = window.monitor.state(0).error;
    QVERIFY2(error.size() <= kMaxMessage, qPrintable(error.left(400)));
    QVERIFY2(error.contains(u"EEE…"_s), qPrintable(error));
    QVERIFY(window.banner.isVisible());
    QVERIFY2(window.banner.text().size() < 2 * kMaxMessage, qPrintable(window.banner.text()));
    QVERIFY(window.banner.text().contains(u"EEE…"_s));
    const QString warning = window.sidebarRole(GatewayListModel::WarningRole);
    QVERIFY2(warning.size() <= kMaxMessage, qPrintable(warning.left(400)));
    QVERIFY(warning.contains(u"EEE…"_s));
    QVERIFY(window.sidebarRole(Qt::ToolTipRole).size() < 2 * kMaxMessage);
    QVERIFY(window.monitor.model()->gatewayError(0).size() <= kMaxMessage);
    window.paint();
}

void TestGatewayBounds::tricklingGatewayFailsAtDeadline()
{
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &) {
        ScriptedReply reply;
        reply.kind = ScriptedReply::Kind::Trickle;
        reply.body = groupReply("slow", double(QDateTime::currentSecsSinceEpoch()));
        return reply;
    });
    QVERIFY(server.listen());
    Window window(server.url(), 1s);
    QTRY_VERIFY_WITH_TIMEOUT(window.monitor.state(0).lastPollAt.isValid(), 5000);
    const QString error = window.monitor.state(0).error;
    QVERIFY2(error.startsWith(
                 u"No complete answer from %1/api/v1/metrics within 1 s ("_s.arg(server.url())),
             qPrintable(error));
    QCOMPARE(GatewayListModel::Status(window.sidebarRole(GatewayListModel::StatusRole).toInt()),
             GatewayListModel::Status::Error);
    QVERIFY(window.sidebarRole(GatewayListModel::WarningRole).startsWith(u"No complete answer"_s));
    QVERIFY(window.banner.text().contains(u"No complete answer"_s));
    window.paint();
}

void TestGatewayBounds::skewedClockIsShownAndNotUsed()
{
    // A proxy 30 days ahead in front of a gateway whose group was pushed 3 minutes ago.
    ScriptedHttpServer server([](const QByteArray &, const QByteArray &path) {
        ScriptedReply reply;
        reply.dateShiftSeconds = kThirtyDays;
        reply.body = path.endsWith("/metrics")
                         ? groupReply("fresh", QDateTime::currentMSecsSinceEpoch() / 1000.0 - 180)
                         : QByteArray("{}");
        return reply;
    });
    QVERIFY(server.listen());
    Window window(server.url());
    GroupTableModel *model = window.monitor.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kWaitMs);
    const double age = model->index(0, GroupTableModel::AgeColumn)
                           .data(GroupTableModel::AgeSecondsRole)
                           .toDouble();
    QVERIFY2(age >= 170 && age < 300, qPrintable(QString::number(age)));
    const QString clockWarning = window.monitor.state(0).clockWarning;
    QVERIFY2(clockWarning.startsWith(u"its clock is 30 days ahead of this computer"_s),
             qPrintable(clockWarning));
    QVERIFY(window.sidebarRole(GatewayListModel::WarningRole)
                .contains(u"Its clock is 30 days ahead of this computer"_s));
    QVERIFY(window.banner.isVisible());
    QVERIFY2(window.banner.text().contains(u"its clock is 30 days ahead of this computer"_s),
             qPrintable(window.banner.text()));
    window.paint();
}

QTEST_MAIN(TestGatewayBounds)
#include "tst_gatewaybounds.moc"
