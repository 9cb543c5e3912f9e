// The chart panel's custom time range and Prometheus warnings, on the offscreen platform: a
// real prometheus-pushgateway holds the group, a loopback HTTP double plays Prometheus and
// answers every query_range with a valid matrix plus two warnings.

#include "chart/chartpanel.h"
#include "chart/chartwidget.h"
#include "chart/timerangedialog.h"
#include "model/gatewaymonitor.h"
#include "serverprocess.h"
#include "tst_auth_double.h"
#include "window/elidedlabel.h"
#include "window/mainwindow.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTest>
#include <QUrlQuery>
#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayEndpoint;
using pushscope::GatewayMonitor;
using pushscope::testing::PushgatewayProcess;
using pushscope::testing::RecordingHttpDouble;
using pushscope::ui::ChartPanel;
using pushscope::ui::MainWindow;
using pushscope::ui::RangeEnd;
using pushscope::ui::TimeRangeDialog;

namespace {

constexpr int kWaitMs = 10000;
const QString kPath = u"/metrics/job/chart_job/instance/host-1"_s;
const QByteArray kLongWarning = "store gateway 10.0.0.7:10901 did not answer in time; "
                                "the result may lack the series of two days of blocks " +
                                QByteArray(60, 'x');

// A matrix with one series, a point a minute over [from + 10m, to - 10m], and two warnings.
QByteArray matrixWithWarnings(qint64 from, qint64 to)
{
    QByteArray values;
    for (qint64 t = from + 600; t <= to - 600; t += 60)
        values += (values.isEmpty() ? "[" : ",[") + QByteArray::number(t) + ",\"" +
                  QByteArray::number((t - from) / 60) + "\"]";
    return R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":)"
           R"({"__name__":"processed_items","job":"chart_job","instance":"host-1"},"values":[)" +
           values + R"(]}]},"warnings":[")" + kLongWarning +
           R"(","query hit the partial-response limit"]})";
}

// The parameters of the last query_range the double received.
QUrlQuery lastRangeQuery(const RecordingHttpDouble &prometheus)
{
    QUrlQuery query;
    for (const QByteArray &head : prometheus.requestHeads()) {
        const QUrl url(QString::fromUtf8(head.split('\n').first().split(' ').value(1)));
        if (url.path() == u"/api/v1/query_range"_s)
            query = QUrlQuery(url);
    }
    return query;
}

} // namespace

class TestChartRange : public QObject
{
    Q_OBJECT

private slots:
    void dialogValidates();
    void customRangeFromPrometheusWithWarnings();
    void relativeEndsAreRead();
};

void TestChartRange::dialogValidates()
{
    const QDateTime from = QDateTime::currentDateTime().addSecs(-7200);
    TimeRangeDialog dialog(from, from.addSecs(3600));
    QVERIFY(dialog.canAccept());
    QVERIFY(dialog.problem().isEmpty());
    dialog.setRange(from, from.addSecs(-60));
    QVERIFY(!dialog.canAccept());
    QCOMPARE(dialog.problem(), u"From must be before To."_s);
    dialog.setRange(from.addDays(-91), from);
    QVERIFY(!dialog.canAccept());
    QVERIFY2(dialog.problem().contains(u"90 days"_s), qPrintable(dialog.problem()));
    if (qEnvironmentVariableIsSet("PUSHSCOPE_CHART_PNG")) // to look at it
        dialog.grab().save(qEnvironmentVariable("PUSHSCOPE_CHART_PNG") + u".dialog.png"_s);
    dialog.setRange(from.addDays(-90), from);
    QVERIFY(dialog.canAccept());

    const QDateTime start(QDate(2026, 11, 24), QTime(14, 0));
    QCOMPARE(TimeRangeDialog::windowText(start, start.addSecs(7200)), u"11-24 14:00 – 16:00"_s);
    QCOMPARE(TimeRangeDialog::windowText(start, start.addDays(1)), u"11-24 14:00 – 11-25 14:00"_s);
}

void TestChartRange::customRangeFromPrometheusWithWarnings()
{
    // A whole-minute window of two hours that ended an hour ago.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QDateTime from = QDateTime::fromSecsSinceEpoch((now - 3 * 3600) / 60 * 60);
    const QDateTime to = from.addSecs(7200);
    RecordingHttpDouble prometheus(QHostAddress::LocalHost,
                                   RecordingHttpDouble::jsonResponse(matrixWithWarnings(
                                       from.toSecsSinceEpoch(), to.toSecsSinceEpoch())));
    QVERIFY(prometheus.listen());

    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    QCOMPARE(server.push(kPath, "# TYPE processed_items counter\nprocessed_items 5\n").status, 200);
    GatewayMonitor monitor;
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY(GatewayEndpoint::parse(server.url(), &endpoint, &error));
    monitor.addGateway(endpoint, 300ms, 5s);
    MainWindow window(&monitor);
    window.resize(1100, 800);
    window.show();
    monitor.start();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(window.table()->model()->rowCount(), 1, kWaitMs);
    ChartPanel *chart = window.chartPanel();
    chart->setPrometheusUrl(QUrl(prometheus.url()));
    window.selectFirstRow();
    QTRY_VERIFY_WITH_TIMEOUT(chart->showsPrometheus(), kWaitMs);
    QVERIFY(chart->followBox()->isChecked());

    // Refused windows change nothing.
    QVERIFY(!chart->setCustomRange(to, from, &error));
    QCOMPARE(error, u"From must be before To."_s);
    QVERIFY(!chart->setCustomRange(to.addDays(-91), to, &error));
    QVERIFY(!chart->rangeBox()->isCustom());

    const int loads = chart->loadCount();
    QVERIFY(chart->setCustomRange(from, to, &error));
    QVERIFY(chart->rangeBox()->isCustom());
    QCOMPARE(chart->rangeBox()->currentText(), TimeRangeDialog::windowText(from, to));
    QVERIFY(!chart->followBox()->isChecked()); // a past window does not move
    QTRY_VERIFY_WITH_TIMEOUT(chart->loadCount() > loads && !chart->isLoading(), kWaitMs);
    QVERIFY(chart->showsPrometheus());

    // The query asked for exactly that window, at a step of at most 11,000 points.
    const QUrlQuery query = lastRangeQuery(prometheus);
    QCOMPARE(query.queryItemValue(u"start"_s).toDouble(), double(from.toSecsSinceEpoch()));
    QCOMPARE(query.queryItemValue(u"end"_s).toDouble(), double(to.toSecsSinceEpoch()));
    const double step = query.queryItemValue(u"step"_s).toDouble();
    QVERIFY(step > 0 && 7200 / step + 1 <= 11000);
    // Qt asks for a compressed reply by itself (bench_promfetch counts both sizes).
    QVERIFY2(prometheus.headerValues("Accept-Encoding").constLast().contains("gzip"),
             prometheus.headerValues("Accept-Encoding").constLast().constData());
    // The time axis spans the whole window, though the samples start and end 10 min in.
    const QPair<double, double> axis = chart->chart()->visibleRange();
    QCOMPARE(axis.first, double(from.toSecsSinceEpoch()));
    QCOMPARE(axis.second, double(to.toSecsSinceEpoch()));
    QVERIFY(chart->chart()->drawnPointCounts().value(0) > 2);

    // The warnings: counted and the first one shortened in the note, all in its tooltip.
    const QString note = chart->chart()->noteLabel()->fullText();
    QVERIFY2(note.startsWith(u"from Prometheus · 2 warnings: store gateway"_s), qPrintable(note));
    QVERIFY2(note.endsWith(QChar(0x2026)) && note.size() < 150, qPrintable(note));
    const QString tip = chart->chart()->noteLabel()->toolTip();
    QVERIFY2(tip.contains(QString::fromUtf8(kLongWarning)), qPrintable(tip));
    QVERIFY2(tip.contains(u"partial-response limit"_s), qPrintable(tip));
    if (qEnvironmentVariableIsSet("PUSHSCOPE_CHART_PNG")) // to look at it
        chart->grab().save(qEnvironmentVariable("PUSHSCOPE_CHART_PNG"));

    // The longest window: 90 days, still at most 11,000 points per series.
    QVERIFY(chart->setCustomRange(to.addDays(-90), to));
    QTRY_VERIFY_WITH_TIMEOUT(lastRangeQuery(prometheus).queryItemValue(u"start"_s).toDouble() ==
                                 double(to.addDays(-90).toSecsSinceEpoch()),
                             kWaitMs);
    const double longStep = lastRangeQuery(prometheus).queryItemValue(u"step"_s).toDouble();
    QVERIFY2(90 * 86400 / longStep + 1 <= 11000, qPrintable(QString::number(longStep)));

    // Back to a preset: the window ends now again.
    chart->rangeBox()->setCurrentIndex(0); // 5m
    QVERIFY(!chart->rangeBox()->isCustom());
    QTRY_VERIFY_WITH_TIMEOUT(
        lastRangeQuery(prometheus).queryItemValue(u"end"_s).toDouble() >= double(now), kWaitMs);
    const QUrlQuery live = lastRangeQuery(prometheus);
    QCOMPARE(qRound(live.queryItemValue(u"end"_s).toDouble() -
                    live.queryItemValue(u"start"_s).toDouble()),
             300);
    // Its axis spans the whole five minutes up to now, not only where samples are (14.2).
    QTRY_VERIFY_WITH_TIMEOUT(
        qRound(chart->chart()->visibleRange().second - chart->chart()->visibleRange().first) == 300,
        kWaitMs);
    QVERIFY(chart->chart()->visibleRange().second >= double(now));
    // The chosen window stays in the combo to be chosen again.
    QVERIFY(chart->rangeBox()->findText(TimeRangeDialog::windowText(to.addDays(-90), to)) >= 0);

    // Grafana's now-2d … now: the query ends now, spans two days, and Follow live is back on.
    chart->followBox()->setChecked(false);
    QVERIFY(chart->rangeBox()->setCustomRange(*RangeEnd::parse(u"now-2d"_s),
                                              *RangeEnd::parse(u"now"_s), &error));
    QVERIFY(chart->rangeBox()->followsNow());
    QCOMPARE(chart->rangeBox()->currentText(), u"now-2d – now"_s);
    QVERIFY(chart->followBox()->isChecked());
    const qint64 askedAt = QDateTime::currentSecsSinceEpoch();
    QTRY_VERIFY_WITH_TIMEOUT(
        lastRangeQuery(prometheus).queryItemValue(u"end"_s).toDouble() -
                lastRangeQuery(prometheus).queryItemValue(u"start"_s).toDouble() >
            86400,
        kWaitMs);
    const QUrlQuery relative = lastRangeQuery(prometheus);
    QVERIFY(relative.queryItemValue(u"end"_s).toDouble() >= double(askedAt - 1));
    QCOMPARE(qRound(relative.queryItemValue(u"end"_s).toDouble() -
                    relative.queryItemValue(u"start"_s).toDouble()),
             2 * 86400);
    // It keeps following now: an hour later the window is an hour later.
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(3600);
    QCOMPARE(chart->rangeBox()->window(later).second, later);
    QCOMPARE(chart->rangeBox()->window(later).first, later.addDays(-2));
}

void TestChartRange::relativeEndsAreRead()
{
    const QDateTime now(QDate(2026, 12, 2), QTime(17, 30));
    QCOMPARE(RangeEnd::parse(u"now"_s)->at(now), now);
    QCOMPARE(RangeEnd::parse(u"now-6h"_s)->at(now), now.addSecs(-6 * 3600));
    QCOMPARE(RangeEnd::parse(u" NOW-30m "_s)->at(now), now.addSecs(-1800));
    QCOMPARE(RangeEnd::parse(u"now-2d"_s)->at(now), now.addDays(-2));
    QCOMPARE(RangeEnd::parse(u"now-1h30m"_s)->text(), u"now-1h30m"_s);
    QVERIFY(RangeEnd::parse(u"now-6h"_s)->isRelative());
    const auto absolute = RangeEnd::parse(u"2026-11-24 14:00"_s);
    QVERIFY(absolute && !absolute->isRelative());
    QCOMPARE(absolute->at(now), QDateTime(QDate(2026, 11, 24), QTime(14, 0)));
    QCOMPARE(absolute->text(), u"2026-11-24 14:00"_s);
    QString error;
    QVERIFY(!RangeEnd::parse(u"now+1h"_s, &error));
    QVERIFY2(error.contains(u"before now"_s), qPrintable(error));
    QVERIFY(!RangeEnd::parse(u"now-6x"_s, &error));
    QVERIFY(!RangeEnd::parse(u"yesterday"_s, &error));
    QVERIFY2(error.contains(u"now-6h"_s), qPrintable(error));

    // The dialog takes both forms; OK waits for a readable, valid pair.
    TimeRangeDialog dialog(now.addSecs(-3600), now);
    auto *fromEdit = dialog.findChild<QLineEdit *>(u"rangeFromEdit"_s);
    auto *toEdit = dialog.findChild<QLineEdit *>(u"rangeToEdit"_s);
    QVERIFY(fromEdit && toEdit);
    QCOMPARE(fromEdit->text(), u"2026-12-02 16:30"_s);
    fromEdit->setText(u"now-6h"_s);
    toEdit->setText(u"now"_s);
    QVERIFY(dialog.canAccept());
    QVERIFY(dialog.fromEnd().isRelative() && dialog.toEnd().isRelative());
    toEdit->setText(u"now-7h"_s);
    QVERIFY(!dialog.canAccept());
    QCOMPARE(dialog.problem(), u"From must be before To."_s);
    fromEdit->setText(u"now-"_s);
    QVERIFY(!dialog.canAccept());
    QVERIFY2(!dialog.problem().isEmpty(), qPrintable(dialog.problem()));
}

QTEST_MAIN(TestChartRange)
#include "tst_chartrange.moc"
