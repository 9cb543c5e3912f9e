// The demo on the offscreen platform: the Demo panel and `pushscope --demo` start a real local
// sandbox (prometheus-pushgateway + prometheus) and the simulated jobs, and the table fills.

#include "demo/democontroller.h"
#include "demo/demopanel.h"
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "serverprocess.h"
#include "testhelpers.h"
#include "window/mainwindow.h"

#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayEndpoint;
using pushscope::GatewayMonitor;
using pushscope::GroupTableModel;
using pushscope::Sandbox;
using pushscope::testing::PushgatewayProcess;
using pushscope::ui::DemoController;
using pushscope::ui::MainWindow;

namespace {

constexpr int kSandboxWaitMs = 40000;
const QStringList kDemoJobs = {u"demo_steady"_s, u"demo_flaky"_s, u"demo_stops"_s,
                               u"demo_tricky"_s};

QSet<QString> jobsOf(GroupTableModel *model, int gateway)
{
    QSet<QString> jobs;
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->gatewayAt(row) == gateway)
            jobs.insert(model->groupAt(row).key.value(u"job"_s));
    return jobs;
}

bool serversInstalled(QString *missing)
{
    for (const QString &name : {u"prometheus-pushgateway"_s, u"prometheus"_s})
        if (pushscope::testing::findServerBinary(name).isEmpty()) {
            *missing = name + u" is not installed"_s;
            return false;
        }
    return true;
}

// Processes whose command line mentions `text` (the sandbox's directory).
// Both servers, or the test fails in CI (PUSHSCOPE_REQUIRE_SERVERS) and is skipped elsewhere.
#define PUSHSCOPE_REQUIRE_DEMO_SERVERS()                                                           \
    do {                                                                                           \
        QString missing;                                                                           \
        if (!serversInstalled(&missing)) {                                                         \
            if (pushscope::testing::serversRequired())                                             \
                QFAIL(qPrintable(missing));                                                        \
            QSKIP(qPrintable(missing));                                                            \
        }                                                                                          \
    } while (false)

QStringList processesMentioning(const QString &text)
{
    QStringList found;
    const QStringList pids = QDir(u"/proc"_s).entryList({u"[0-9]*"_s}, QDir::Dirs);
    for (const QString &pid : pids) {
        QFile file(u"/proc/%1/cmdline"_s.arg(pid));
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(text.toUtf8()))
            found.append(pid);
    }
    return found;
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT

private slots:
    void demoFillsTable();
    void missingBinaryShowsSentence();
    void jobsPushToWritableGatewaysOnly();
    void demoScreenshot();
    void compactPanelFitsTheGatewaysColumn();
    void stopSignalsCleanUp_data();
    void stopSignalsCleanUp();
};

void TestDemo::demoFillsTable()
{
    GatewayMonitor monitor;
    MainWindow window(&monitor);
    DemoController *demo = window.demoPanel()->controller();
    demo->setPollSettings(1s, 5s);
    demo->setJobInterval(1s);
    window.show();
    monitor.start();
    demo->startDemo();
    QVERIFY(window.demoPanel()->statusText().contains(u"Starting the local sandbox"_s));

    QTRY_VERIFY_WITH_TIMEOUT(demo->sandboxState() != Sandbox::State::Starting, kSandboxWaitMs);
    if (demo->sandboxState() == Sandbox::State::Failed) {
        if (pushscope::testing::serversRequired())
            QFAIL(qPrintable(demo->sandboxError()));
        QSKIP(qPrintable(demo->sandboxError()));
    }
    QCOMPARE(demo->sandboxState(), Sandbox::State::Ready);
    QVERIFY(demo->sandboxGateway() >= 0);
    QVERIFY(window.demoPanel()->statusText().contains(demo->sandbox()->gatewayUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(demo->jobsRunning(), 5000);
    QCOMPARE(demo->jobsGateway(), demo->sandboxGateway());

    // One row per demo job, the one that stops after six runs included.
    QTRY_VERIFY_WITH_TIMEOUT(jobsOf(monitor.model(), demo->sandboxGateway()) ==
                                 QSet<QString>(kDemoJobs.begin(), kDemoJobs.end()),
                             kSandboxWaitMs);
    QVERIFY(window.table()->model()->rowCount() >= kDemoJobs.size());
    QTRY_VERIFY_WITH_TIMEOUT(window.demoPanel()->logText().contains(u"demo_steady run 2 pushed"_s),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.demoPanel()->logText().contains(u"demo_stops made its last run"_s), 10000);
    // Issue 15.6: the job that stopped turns late once two of its learned intervals (1 s
    // here) pass without a push, long before the stale threshold (1 h).
    GroupTableModel *model = monitor.model();
    const auto stopsRow = [&] {
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->gatewayAt(row) == demo->sandboxGateway() &&
                model->groupAt(row).key.value(u"job"_s) == u"demo_stops"_s)
                return row;
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        stopsRow() >= 0 && model->index(stopsRow(), 0).data(GroupTableModel::OutcomeRole).toInt() ==
                               int(pushscope::Outcome::Late),
        15000);
    QCOMPARE(model->index(stopsRow(), GroupTableModel::OutcomeColumn).data().toString(), u"late"_s);
    const QString cadence =
        model->index(stopsRow(), GroupTableModel::CadenceColumn).data().toString();
    QVERIFY2(cadence.startsWith(u"every "_s), qPrintable(cadence));
    QVERIFY2(model->verdictAt(stopsRow()).reason.startsWith(u"Expected every "_s),
             qPrintable(model->verdictAt(stopsRow()).reason));
    QVERIFY(window.demoPanel()->targetBox()->currentText().contains(u"(sandbox)"_s));

    // Stopping the sandbox stops the jobs pushing to it.
    window.demoPanel()->sandboxButton()->click();
    QCOMPARE(demo->sandboxState(), Sandbox::State::Stopped);
    QVERIFY(!demo->jobsRunning());
    QVERIFY(window.demoPanel()->logText().contains(u"Sandbox stopped."_s));

    // Started again (on new ports): the same gateway entry follows it, the old rows go, and
    // no gateway is left behind pointing at the stopped one.
    const int gateway = demo->sandboxGateway();
    const QString oldUrl = monitor.state(gateway).url;
    demo->startDemo();
    QTRY_COMPARE_WITH_TIMEOUT(demo->sandboxState(), Sandbox::State::Ready, kSandboxWaitMs);
    QCOMPARE(monitor.gatewayCount(), 1);
    QCOMPARE(demo->sandboxGateway(), gateway);
    QCOMPARE(monitor.state(gateway).url, demo->sandbox()->gatewayUrl());
    QVERIFY(monitor.state(gateway).url != oldUrl);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.state(gateway).ok, kSandboxWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(jobsOf(monitor.model(), gateway) ==
                                 QSet<QString>(kDemoJobs.begin(), kDemoJobs.end()),
                             kSandboxWaitMs);
}

void TestDemo::missingBinaryShowsSentence()
{
    GatewayMonitor monitor;
    MainWindow window(&monitor);
    DemoController *demo = window.demoPanel()->controller();
    Sandbox::Config config;
    config.pushgatewayBinary = u"/nonexistent/prometheus-pushgateway"_s;
    demo->setSandboxConfig(config);
    window.show();
    monitor.start();
    demo->startDemo();
    QTRY_COMPARE_WITH_TIMEOUT(demo->sandboxState(), Sandbox::State::Failed, 5000);
    QVERIFY2(demo->sandboxError().contains(u"Debian package"_s), qPrintable(demo->sandboxError()));
    QVERIFY(window.statusBar()->currentMessage().contains(demo->sandboxError()));
    QVERIFY(window.demoPanel()->logText().contains(u"The sandbox failed"_s));
    QVERIFY(!demo->jobsRunning());
    QCOMPARE(monitor.gatewayCount(), 0);
    QCOMPARE(window.demoPanel()->sandboxButton()->text(), u"Start sandbox"_s);
}

void TestDemo::jobsPushToWritableGatewaysOnly()
{
    PushgatewayProcess server;
    PUSHSCOPE_START_SERVER(server);
    GatewayMonitor monitor;
    GatewayEndpoint writable;
    GatewayEndpoint readOnly;
    QString error;
    QVERIFY(GatewayEndpoint::parse(server.url(), &writable, &error));
    QVERIFY(GatewayEndpoint::parse(u"http://127.0.0.1:1"_s, &readOnly, &error));
    monitor.addGateway(readOnly, 1s, 2s, true);
    const int target = monitor.addGateway(writable, 500ms, 5s, false);
    MainWindow window(&monitor);
    window.demoPanel()->controller()->setJobInterval(1s);
    window.show();
    monitor.start();

    QComboBox *box = window.demoPanel()->targetBox();
    QCOMPARE(box->count(), 1);
    QCOMPARE(box->currentData().toInt(), target);
    window.demoPanel()->jobsButton()->click();
    QVERIFY(window.demoPanel()->controller()->jobsRunning());
    QCOMPARE(window.demoPanel()->jobsButton()->text(), u"Stop jobs"_s);
    QTRY_VERIFY_WITH_TIMEOUT(jobsOf(monitor.model(), target).size() == kDemoJobs.size(), 15000);
    QVERIFY(window.demoPanel()->logText().contains(u"demo_steady run 1 pushed"_s));
    QVERIFY(!window.demoPanel()->controller()->startJobs(0)); // read-only: refused

    window.demoPanel()->jobsButton()->click();
    QVERIFY(!window.demoPanel()->controller()->jobsRunning());
    QCOMPARE(window.demoPanel()->jobsButton()->text(), u"Start jobs"_s);
}

void TestDemo::demoScreenshot()
{
    PUSHSCOPE_REQUIRE_DEMO_SERVERS();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shot = dir.filePath(u"demo.png"_s);
    pushscope::testing::RunOptions options;
    options.environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    options.environment.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    options.environment.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    options.timeoutMs = 90000;
    const auto run = pushscope::testing::runPushscope(
        {u"--demo"_s, u"--interval"_s, u"1s"_s, u"--screenshot"_s, shot}, options);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(pushscope::testing::describe(run)));

    const QString out = QString::fromUtf8(run.out);
    const QRegularExpressionMatch rows =
        QRegularExpression(u"^screenshot rows (\\d+) gateways \\d+ selected \\d+$"_s,
                           QRegularExpression::MultilineOption)
            .match(out);
    QVERIFY2(rows.hasMatch(), qPrintable(out));
    QVERIFY2(rows.captured(1).toInt() >= kDemoJobs.size(), qPrintable(out));

    QImage image(shot);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 600 && image.height() > 400);
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 32, qPrintable(QString::number(colours.size())));

    // No sandbox server outlives the run.
    const QRegularExpressionMatch sandbox = QRegularExpression(u"directory (\\S+)"_s).match(out);
    QVERIFY2(sandbox.hasMatch(), qPrintable(out));
    const QString sandboxDir = sandbox.captured(1);
    QVERIFY(sandboxDir.contains(u"pushscope-sandbox"_s));
    QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(sandboxDir).isEmpty(), 5000);
    QVERIFY(!QDir(sandboxDir).exists());
}

void TestDemo::stopSignalsCleanUp_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGHUP") << int(SIGHUP);
}

// Issue 14.7: a window ended by a signal (a logout, `kill`, Ctrl+C in its terminal) stops
// the sandbox and removes its folder, as Quit does.
void TestDemo::stopSignalsCleanUp()
{
    QFETCH(int, signal);
    PUSHSCOPE_REQUIRE_DEMO_SERVERS();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess window;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    window.setProcessEnvironment(environment);
    window.start(pushscope::testing::pushscopeBinary(), {u"--demo"_s, u"--interval"_s, u"1s"_s});
    QVERIFY2(window.waitForStarted(10000), qPrintable(window.errorString()));
    auto killer = qScopeGuard([&] {
        window.kill();
        window.waitForFinished(5000);
    });
    QByteArray out;
    const QRegularExpression directory(u"directory (\\S+)"_s);
    QRegularExpressionMatch match;
    QDeadlineTimer deadline(60000);
    while (!(match = directory.match(QString::fromUtf8(out))).hasMatch() &&
           !deadline.hasExpired()) {
        window.waitForReadyRead(500);
        out += window.readAllStandardOutput();
    }
    QVERIFY2(match.hasMatch(), out.constData());
    const QString sandboxDir = match.captured(1);
    QVERIFY(QDir(sandboxDir).exists());
    QVERIFY(!processesMentioning(sandboxDir).isEmpty());

    ::kill(window.processId(), signal);
    QVERIFY(window.waitForFinished(30000));
    QCOMPARE(window.exitStatus(), QProcess::NormalExit);
    QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(sandboxDir).isEmpty(), 5000);
    QVERIFY2(!QDir(sandboxDir).exists(), qPrintable(sandboxDir));
}

// On a short window the demo panel goes under the gateways: compact, it must fit a column
// far narrower than its one-line-per-row form, with every control still shown.
void TestDemo::compactPanelFitsTheGatewaysColumn()
{
    pushscope::GatewayMonitor monitor;
    pushscope::ui::DemoPanel panel(&monitor);
    panel.targetBox()->addItem(u"http://127.0.0.1:65535 (sandbox)"_s); // as the demo names it
    panel.show();
    const auto minimumWidth = [&panel] {
        QCoreApplication::processEvents(); // the new layout's pending activation
        return panel.widget()->minimumSizeHint().width();
    };
    const int wide = minimumWidth();
    panel.setCompact(true);
    const int compact = minimumWidth();
    QVERIFY2(compact < wide - 60,
             qPrintable(u"%1 px compact, %2 px wide"_s.arg(compact).arg(wide)));
    QVERIFY2(compact <= 400, qPrintable(QString::number(compact)));
    for (QWidget *control :
         {static_cast<QWidget *>(panel.sandboxButton()), static_cast<QWidget *>(panel.jobsButton()),
          static_cast<QWidget *>(panel.targetBox())})
        QVERIFY(control->isVisible());
    panel.setCompact(false);
    QCOMPARE(minimumWidth(), wide);
}

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
