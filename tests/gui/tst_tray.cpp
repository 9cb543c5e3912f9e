// The system tray and desktop notifications (issue 15.4), offscreen: the tray icon takes the
// worst outcome's colour and shows the counts; notifications come from transitions only,
// grouped per gateway and kind and rate-limited, never for groups the operator deletes nor
// for a gateway switched off; closing the window keeps the tray only when there is one.

#include "cleanup/bulkdeleter.h"
#include "cleanup/deletecontroller.h"
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "model/notificationfeed.h"
#include "table/outcomestyle.h"
#include "tray/traycontroller.h"
#include "tray/trayicon.h"
#include "window/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTest>
#include <QWindow>
#include <memory>

using namespace pushscope;
using namespace Qt::StringLiterals;
using pushscope::ui::MainWindow;
using pushscope::ui::TrayController;

// What the window manager's close button causes: a spontaneous QCloseEvent to the window.
// QCoreApplication names this function its friend (QtWidgets keeps its own copy private), so
// a test can send a spontaneous event as the platform does.
bool qt_sendSpontaneousEvent(QObject *receiver, QEvent *event)
{
    return QCoreApplication::sendSpontaneousEvent(receiver, event);
}

namespace {

void closeFromWindowManager(QWidget *window)
{
    QCloseEvent close;
    qt_sendSpontaneousEvent(window->windowHandle(), &close);
}

constexpr double kNow = 1795540000; // Unix seconds, the gateways' and the model's clock
constexpr qint64 kSettleMs = 2000;
constexpr qint64 kIntervalMs = 60 * 1000;

// A group whose job reports success (job_success 1), or whose last push failed.
Group makeGroup(const QString &job, bool failed, double pushAge = 10)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}, {u"instance"_s, u"host"_s}});
    group.pushTime = kNow - pushAge;
    MetricFamily success;
    success.name = u"job_success"_s;
    success.type = MetricType::Gauge;
    Sample sample;
    sample.labels = group.key.labels();
    sample.value = 1;
    success.samples.append(sample);
    group.families.append(success);
    if (failed) {
        group.pushFailureTime = kNow - pushAge / 2;
        group.lastPushSuccessful = false;
    }
    return group;
}

QColor centreColour(const QIcon &icon)
{
    const QImage image = icon.pixmap(32, 32).toImage();
    return image.pixelColor(image.width() / 2, image.height() / 2);
}

} // namespace

class TestTray : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void iconTakesWorstOutcome();
    void withoutTrayNothingChanges();
    void closeKeepsTrayWhenAsked();
    void notificationsGroupedAndThrottled();
    void lateAndUnreachable();
    void operatorDeletesAndSwitchedOffGateways();
    void quitStillQuits();

private:
    void apply(int gateway, const QList<Group> &groups);
    // A notice due now: the clock moves past the settle time, then the feed announces.
    void settle();

    std::unique_ptr<GatewayMonitor> m_monitor;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<MainWindow> m_window;
    TrayController *m_tray = nullptr;
    QList<QPair<QString, QString>> m_shown; // what the sink was given
    qint64 m_clockMs = 0;
};

void TestTray::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestTray::init()
{
    QSettings().remove(u"notifications"_s);
    m_monitor = std::make_unique<GatewayMonitor>();
    for (const QString &name : {u"alpha"_s, u"beta"_s}) {
        GatewaySetup setup;
        QString error;
        QVERIFY(GatewayEndpoint::parse(u"http://%1.example.org:9091"_s.arg(name), &setup.endpoint,
                                       &error));
        setup.name = name;
        m_monitor->addGateway(setup);
    }
    m_monitor->model()->setLocalClock([this] { return qint64(kNow * 1000) + m_clockMs; });
    m_monitor->model()->setStaleAfter(3600);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_monitor->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_window = std::make_unique<MainWindow>(m_monitor.get());
    m_tray = new TrayController(m_window.get(), m_monitor.get());
    m_clockMs = 0;
    m_shown.clear();
    NotificationPolicy *policy = m_tray->feed()->policy();
    policy->setClock([this] { return m_clockMs + 1000 * 1000; });
    policy->setSettle(kSettleMs);
    policy->setMinimumInterval(kIntervalMs);
    m_tray->setNotificationSink([this](const QString &title, const QString &text) {
        m_shown.append({title, text});
    });
}

void TestTray::cleanup()
{
    m_window.reset(); // and the tray controller with it
    m_tester.reset();
    m_monitor.reset();
    QApplication::setQuitOnLastWindowClosed(true);
}

void TestTray::apply(int gateway, const QList<Group> &groups)
{
    Snapshot snapshot;
    snapshot.groups = groups;
    m_monitor->model()->applySnapshot(gateway, snapshot, 0);
    m_tray->feed()->pollFinished(gateway, true); // as GatewayMonitor::pollApplied does
}

void TestTray::settle()
{
    m_clockMs += kSettleMs;
    m_tray->feed()->flush();
}

void TestTray::iconTakesWorstOutcome()
{
    m_tray->setTrayAvailable(true);
    QSystemTrayIcon *icon = m_tray->trayIcon();
    // No groups yet: grey, and the tooltip says so.
    QCOMPARE(centreColour(icon->icon()), ui::outcomeColor(Outcome::Unknown));
    QVERIFY2(icon->toolTip().contains(u"no groups"_s), qPrintable(icon->toolTip()));

    apply(0,
          {makeGroup(u"ok1"_s, false), makeGroup(u"ok2"_s, false), makeGroup(u"broken"_s, true)});
    apply(1, {makeGroup(u"old"_s, false, 7200)});
    QCOMPARE(centreColour(icon->icon()), ui::outcomeColor(Outcome::Failed));
    QCOMPARE(icon->toolTip(), u"PushScope — 1 failed, 1 stale, 2 ok"_s);

    // The failed job pushes successfully: the worst is now the stale one.
    apply(0,
          {makeGroup(u"ok1"_s, false), makeGroup(u"ok2"_s, false), makeGroup(u"broken"_s, false)});
    QCOMPARE(centreColour(icon->icon()), ui::outcomeColor(Outcome::Stale));
    QCOMPARE(icon->toolTip(), u"PushScope — 1 stale, 3 ok"_s);
    apply(1, {});
    QCOMPARE(centreColour(icon->icon()), ui::outcomeColor(Outcome::Success));

    // A gateway whose last poll failed is counted (its rows stay, out of date).
    m_monitor->model()->markGatewayFailed(1, u"Connection refused."_s);
    QCOMPARE(icon->toolTip(), u"PushScope — 3 ok\n1 gateway unreachable"_s);
    QCOMPARE(ui::trayToolTip({}, 2), u"PushScope — no groups\n2 gateways unreachable"_s);
    QCOMPARE(ui::worstOutcome({0, 0, 0, 0, 0}), std::nullopt);
    QCOMPARE(ui::worstOutcome({0, 0, 4, 1, 9}), Outcome::Late);
}

void TestTray::withoutTrayNothingChanges()
{
    // Offscreen has no system tray: the default here.
    QCOMPARE(m_tray->isTrayAvailable(), QSystemTrayIcon::isSystemTrayAvailable());
    m_tray->setTrayAvailable(false);
    m_tray->keepInTrayAction()->setChecked(true); // even when asked to keep running
    QVERIFY(!m_tray->keepsRunningInTray());
    QVERIFY(!m_tray->notificationsMenu()->menuAction()->isVisible());
    QVERIFY(!m_tray->trayIcon()->isVisible());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    closeFromWindowManager(m_window.get());
    QTRY_VERIFY(!m_window->isVisible());
    QVERIFY(!m_tray->isHiddenInTray());
    QVERIFY(QApplication::quitOnLastWindowClosed());
}

void TestTray::closeKeepsTrayWhenAsked()
{
    m_tray->setTrayAvailable(true);
    QVERIFY(m_tray->notificationsMenu()->menuAction()->isVisible());
    QMenu *fileMenu = m_window->menuBar()->actions().first()->menu();
    QVERIFY(fileMenu->actions().contains(m_tray->notificationsMenu()->menuAction()));
    QVERIFY(!m_tray->keepInTrayAction()->isChecked()); // off by default
    m_tray->keepInTrayAction()->setChecked(true);
    QCOMPARE(QSettings().value(u"notifications/keepInTray"_s).toBool(), true);
    QVERIFY(m_tray->keepsRunningInTray());
    QCOMPARE(m_tray->trayMenu()->actions().first(), m_tray->showWindowAction());
    QCOMPARE(m_tray->trayMenu()->actions().last(), m_tray->quitAction());

    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The window manager's close hides the window; the application keeps running.
    closeFromWindowManager(m_window.get());
    QTRY_VERIFY(!m_window->isVisible());
    QVERIFY(m_tray->isHiddenInTray());
    QVERIFY(!QApplication::quitOnLastWindowClosed());
    // Show window brings it back.
    m_tray->showWindowAction()->trigger();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_tray->isHiddenInTray());
    QVERIFY(QApplication::quitOnLastWindowClosed());
    // File ▸ Quit (a close from the program, not the window manager) still closes it.
    m_window->close();
    QVERIFY(!m_window->isVisible());
    QVERIFY(!m_tray->isHiddenInTray());
}

// Last: the Quit event ends QCoreApplication's loops for the rest of the run.
void TestTray::quitStillQuits()
{
    m_tray->setTrayAvailable(true);
    m_tray->keepInTrayAction()->setChecked(true);
    // Quitting the application (a stop signal, the session ending) closes the window even
    // though closing keeps the tray: its closes are let through.
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QEvent quit(QEvent::Quit);
    QCoreApplication::sendEvent(qApp, &quit);
    QTRY_VERIFY(!m_window->isVisible());
    QVERIFY(!m_tray->isHiddenInTray());
}

void TestTray::notificationsGroupedAndThrottled()
{
    QSignalSpy notified(m_tray, &TrayController::notified);
    // Start-up: one group already failed. Not announced.
    apply(0, {makeGroup(u"a"_s, true), makeGroup(u"b"_s, false), makeGroup(u"c"_s, false),
              makeGroup(u"d"_s, false)});
    settle();
    QCOMPARE(notified.size(), 0);
    // One poll turns three groups failed: one notification.
    apply(0, {makeGroup(u"a"_s, true), makeGroup(u"b"_s, true), makeGroup(u"c"_s, true),
              makeGroup(u"d"_s, true)});
    QCOMPARE(notified.size(), 0); // not before it settles
    settle();
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.first().at(0).toString(), u"3 jobs failed on alpha"_s);
    QCOMPARE(notified.first().at(1).toString(), u"b, c, d"_s);
    QCOMPARE(m_shown.size(), 1); // the sink got it (offscreen shows no balloon)
    // A new job whose first push failed, a few seconds later: held by the rate limit.
    apply(0, {makeGroup(u"a"_s, true), makeGroup(u"b"_s, true), makeGroup(u"c"_s, true),
              makeGroup(u"d"_s, true), makeGroup(u"e"_s, true)});
    settle();
    QCOMPARE(notified.size(), 1);
    QVERIFY(m_tray->feed()->remainingMs() >= 0); // the timer waits for it
    m_clockMs += kIntervalMs;
    m_tray->feed()->flush();
    QCOMPARE(notified.size(), 2);
    QCOMPARE(notified.last().at(0).toString(), u"1 job failed on alpha"_s);
    QCOMPARE(notified.last().at(1).toString(), u"e"_s);
    // Two gateways at once: one notification naming both.
    m_clockMs += kIntervalMs;
    apply(1, {makeGroup(u"x"_s, false)});
    apply(0, {makeGroup(u"a"_s, false)}); // b to e leave; a recovers
    apply(0, {makeGroup(u"a"_s, true)});
    apply(1, {makeGroup(u"x"_s, true)});
    settle();
    QCOMPARE(notified.size(), 3);
    QCOMPARE(notified.last().at(0).toString(), u"PushScope: 2 problems"_s);
    QCOMPARE(notified.last().at(1).toString(), u"1 job failed on alpha\n1 job failed on beta"_s);
    QVERIFY(!m_tray->feed()->policy()->hasPending());
}

void TestTray::lateAndUnreachable()
{
    QSignalSpy notified(m_tray, &TrayController::notified);
    apply(0, {makeGroup(u"nightly"_s, false, 3000), makeGroup(u"hourly"_s, false, 3500)});
    apply(1, {makeGroup(u"other"_s, false, 3000)});
    // Twenty minutes pass: the age tick turns them stale (the late kind of notice).
    m_clockMs += 20 * 60 * 1000;
    m_monitor->model()->tick();
    settle();
    QCOMPARE(notified.size(), 0); // until a poll confirms that no push came
    m_tray->feed()->pollFinished(0, true);
    m_tray->feed()->pollFinished(1, true);
    m_tray->feed()->flush();
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.last().at(0).toString(), u"PushScope: 2 problems"_s);
    QCOMPARE(notified.last().at(1).toString(), u"2 jobs late on alpha\n1 job late on beta"_s);

    // A gateway that stops answering: its rows age, but only the gateway is announced, after
    // two failed polls.
    apply(1, {makeGroup(u"fresh"_s, false, 10)});
    m_monitor->model()->markGatewayFailed(1, u"Connection refused."_s);
    m_tray->feed()->pollFinished(1, false, u"Connection refused."_s);
    m_clockMs += 2 * 3600 * 1000;
    m_monitor->model()->tick();
    settle();
    QCOMPARE(notified.size(), 1);
    m_tray->feed()->pollFinished(1, false, u"Connection refused."_s);
    settle();
    QCOMPARE(notified.size(), 2);
    QCOMPARE(notified.last().at(0).toString(), u"beta is unreachable"_s);
    QCOMPARE(notified.last().at(1).toString(), u"Connection refused."_s);
}

void TestTray::operatorDeletesAndSwitchedOffGateways()
{
    QSignalSpy notified(m_tray, &TrayController::notified);
    apply(0, {makeGroup(u"doomed"_s, false), makeGroup(u"kept"_s, false)});
    apply(1, {makeGroup(u"muted"_s, false)});
    // The operator confirms deleting "doomed"; it fails before the gateway forgets it.
    DeleteTarget target;
    target.endpoint = m_monitor->poller(0)->endpoint();
    target.group = makeGroup(u"doomed"_s, false);
    emit m_window->deleteController()->deleteStarted({target});
    // Gateway beta is switched off in File ▸ Notifications (kept by URL).
    QAction *betaSwitch = m_tray->notifyAction(1);
    QVERIFY(betaSwitch);
    QCOMPARE(betaSwitch->text(), u"beta"_s);
    QVERIFY(betaSwitch->isChecked());
    betaSwitch->setChecked(false);
    QCOMPARE(QSettings().value(u"notifications/mutedGateways"_s).toStringList(),
             QStringList{m_monitor->state(1).url});
    apply(0, {makeGroup(u"doomed"_s, true), makeGroup(u"kept"_s, true)});
    apply(1, {makeGroup(u"muted"_s, true)});
    settle();
    QCOMPARE(notified.size(), 1);
    QCOMPARE(notified.last().at(0).toString(), u"1 job failed on alpha"_s);
    QCOMPARE(notified.last().at(1).toString(), u"kept"_s);
    // A controller made later (the next start) keeps beta switched off.
    TrayController later(m_window.get(), m_monitor.get());
    QVERIFY(!later.notifyAction(1)->isChecked());
    QVERIFY(later.notifyAction(0)->isChecked());
    QVERIFY(!later.feed()->policy()->isGatewayEnabled(1));
}

QTEST_MAIN(TestTray)
#include "tst_tray.moc"
