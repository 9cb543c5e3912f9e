// The toolbar's "Refresh:" picker: every gateway's poll interval at once, "off" as Pause,
// kept in QSettings and applied to gateways added later and at the next start. The gateways
// point at a closed loopback port and are never started: only their intervals are read.

#include "model/gatewaymonitor.h"
#include "window/refreshpicker.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using pushscope::GatewayEndpoint;
using pushscope::GatewayMonitor;
using pushscope::ui::RefreshPicker;

class TestRefreshPicker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheGatewaysIntervalUntilPicked();
    void pickSetsEveryGateway();
    void offPausesAndPauseReleaseComesBack();
    void pickIsKeptForTheNextStart();

private:
    void addGateway(std::chrono::milliseconds interval);
    std::unique_ptr<RefreshPicker> makePicker();

    std::unique_ptr<GatewayMonitor> m_monitor;
    std::unique_ptr<QAction> m_pause;
};

void TestRefreshPicker::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"pushscope-tests"_s);
    QCoreApplication::setApplicationName(u"tst_refreshpicker"_s);
}

void TestRefreshPicker::init()
{
    QSettings().remove(QLatin1String(RefreshPicker::kSettingsKey));
    m_monitor = std::make_unique<GatewayMonitor>();
    m_pause = std::make_unique<QAction>();
    m_pause->setCheckable(true);
    connect(m_pause.get(), &QAction::toggled, m_monitor.get(), &GatewayMonitor::setPaused);
}

void TestRefreshPicker::cleanup()
{
    m_pause.reset();
    m_monitor.reset();
    QSettings().remove(QLatin1String(RefreshPicker::kSettingsKey));
}

void TestRefreshPicker::addGateway(std::chrono::milliseconds interval)
{
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY2(GatewayEndpoint::parse(u"http://127.0.0.1:1"_s, &endpoint, &error), qPrintable(error));
    m_monitor->addGateway(endpoint, interval, 1s);
}

std::unique_ptr<RefreshPicker> TestRefreshPicker::makePicker()
{
    return std::make_unique<RefreshPicker>(m_monitor.get(), m_pause.get());
}

void TestRefreshPicker::showsTheGatewaysIntervalUntilPicked()
{
    addGateway(10s);
    addGateway(3s); // not an item: keeps its own interval
    auto picker = makePicker();
    QCOMPARE(picker->currentText(), u"Refresh: 10s"_s);
    QVERIFY(!picker->isChosen());
    QCOMPARE(m_monitor->poller(1)->interval(), 3s);
    QVERIFY(!QSettings().contains(QLatin1String(RefreshPicker::kSettingsKey)));
    QStringList items;
    for (int i = 0; i < picker->count(); ++i)
        items.append(picker->itemText(i).mid(9));
    QCOMPARE(items,
             (QStringList{u"2s"_s, u"5s"_s, u"10s"_s, u"30s"_s, u"1m"_s, u"5m"_s, u"off"_s}));
}

void TestRefreshPicker::pickSetsEveryGateway()
{
    addGateway(5s);
    addGateway(15s);
    auto picker = makePicker();
    picker->setCurrentIndex(picker->findText(u"Refresh: 30s"_s));
    QVERIFY(picker->isChosen());
    QCOMPARE(picker->interval(), std::optional(std::chrono::milliseconds(30s)));
    QCOMPARE(m_monitor->poller(0)->interval(), 30s);
    QCOMPARE(m_monitor->poller(1)->interval(), 30s);
    QCOMPARE(QSettings().value(QLatin1String(RefreshPicker::kSettingsKey)).toLongLong(), 30000);
    // A gateway added afterwards polls at the picked rate too.
    addGateway(5s);
    QCOMPARE(m_monitor->poller(2)->interval(), 30s);
    QVERIFY(!m_monitor->isPaused());
}

void TestRefreshPicker::offPausesAndPauseReleaseComesBack()
{
    addGateway(5s);
    auto picker = makePicker();
    picker->setCurrentIndex(picker->findText(u"Refresh: 1m"_s));
    QCOMPARE(m_monitor->poller(0)->interval(), 60s);
    picker->setCurrentIndex(picker->findText(u"Refresh: off"_s));
    QVERIFY(m_pause->isChecked());
    QVERIFY(m_monitor->isPaused());
    QCOMPARE(picker->interval(), std::nullopt);
    QCOMPARE(QSettings().value(QLatin1String(RefreshPicker::kSettingsKey)).toLongLong(), 0);
    // Releasing Pause turns polling back on at the last rate, and the picker says so.
    m_pause->setChecked(false);
    QVERIFY(!m_monitor->isPaused());
    QCOMPARE(picker->currentText(), u"Refresh: 1m"_s);
    QCOMPARE(m_monitor->poller(0)->interval(), 60s);
    // Picking a rate while paused by hand resumes polling.
    m_pause->setChecked(true);
    picker->setCurrentIndex(picker->findText(u"Refresh: 2s"_s));
    QVERIFY(!m_monitor->isPaused());
    QCOMPARE(m_monitor->poller(0)->interval(), 2s);
}

void TestRefreshPicker::pickIsKeptForTheNextStart()
{
    addGateway(5s);
    {
        auto picker = makePicker();
        picker->setCurrentIndex(picker->findText(u"Refresh: 5m"_s));
    }
    QCOMPARE(QSettings().value(QLatin1String(RefreshPicker::kSettingsKey)).toLongLong(), 300000);
    // The next start: a new monitor whose gateways were given 5 s.
    m_pause.reset();
    m_monitor = std::make_unique<GatewayMonitor>();
    m_pause = std::make_unique<QAction>();
    m_pause->setCheckable(true);
    connect(m_pause.get(), &QAction::toggled, m_monitor.get(), &GatewayMonitor::setPaused);
    addGateway(5s);
    auto picker = makePicker();
    QVERIFY(picker->isChosen());
    QCOMPARE(picker->currentText(), u"Refresh: 5m"_s);
    QCOMPARE(m_monitor->poller(0)->interval(), 300s);
    addGateway(5s);
    QCOMPARE(m_monitor->poller(1)->interval(), 300s);

    // "off" saved: the next start is paused.
    QSettings().setValue(QLatin1String(RefreshPicker::kSettingsKey), qlonglong(0));
    m_pause->setChecked(false);
    auto off = makePicker();
    QCOMPARE(off->currentText(), u"Refresh: off"_s);
    QVERIFY(m_pause->isChecked());
    QVERIFY(m_monitor->isPaused());
}

QTEST_MAIN(TestRefreshPicker)
#include "tst_refreshpicker.moc"
