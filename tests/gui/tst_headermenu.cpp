// The group table as a log viewer (issue 14.3), offscreen: the header's menu shows and hides
// columns and adds grouping-label columns, kept across runs with the window's layout; the
// gateway column in one place, elided in the middle with its URL as tooltip; dates in one
// ISO 8601 format, local or UTC (View ▸ Show times in UTC).
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "model/timeformat.h"
#include "table/headermenu.h"
#include "window/mainwindow.h"
#include "window/windowlayout.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace pushscope;
using namespace Qt::StringLiterals;
using pushscope::ui::MainWindow;

namespace {

Group makeGroup(const QString &job, const QString &instance, double pushTime)
{
    Group group;
    group.key = GroupingKey({{u"job"_s, job}, {u"instance"_s, instance}});
    group.pushTime = pushTime;
    return group;
}

QAction *menuAction(QMenu *menu, const QString &name)
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == name)
            return action;
    }
    return nullptr;
}

// Triggers `name` in a freshly built header menu, as a right click on the header would.
bool triggerInMenu(MainWindow *window, const QString &name)
{
    std::unique_ptr<QMenu> menu(window->headerMenu()->createMenu(window));
    QAction *action = menuAction(menu.get(), name);
    if (!action || !action->isEnabled())
        return false;
    action->trigger();
    return true;
}

QStringList columnTexts(const QTableView *table, int column)
{
    QStringList texts;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        texts.append(table->model()->index(row, column).data().toString());
    return texts;
}

} // namespace

class TestHeaderMenu : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void hideAndShowColumn();
    void stateRoundTrips();
    void labelColumnShowsValueAndSorts();
    void resetColumns();
    void gatewayColumn();
    void timesLocalOrUtc();
    void screenshot();

private:
    std::unique_ptr<MainWindow> shownWindow();

    std::unique_ptr<GatewayMonitor> m_monitor;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QTemporaryDir m_dir;
};

void TestHeaderMenu::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

// Two gateways (never started: their rows are applied here) with three groups.
void TestHeaderMenu::init()
{
    m_monitor = std::make_unique<GatewayMonitor>();
    for (const QString &name : {u"alpha"_s, u"beta"_s}) {
        GatewaySetup setup;
        QString error;
        QVERIFY(GatewayEndpoint::parse(u"http://%1.example.org:9091/some/long/prefix"_s.arg(name),
                                       &setup.endpoint, &error));
        setup.name = name;
        m_monitor->addGateway(setup);
    }
    Snapshot first;
    first.groups = {makeGroup(u"j10"_s, u"host10"_s, 1795540000),
                    makeGroup(u"j2"_s, u"host9"_s, 1795540010)};
    Snapshot second;
    second.groups = {makeGroup(u"j1"_s, u"host1"_s, 1795540020)};
    m_monitor->model()->applySnapshot(0, first, 0);
    m_monitor->model()->applySnapshot(1, second, 0);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_monitor->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestHeaderMenu::cleanup()
{
    m_tester.reset();
    m_monitor.reset();
    setTimesInUtc(false);
}

std::unique_ptr<MainWindow> TestHeaderMenu::shownWindow()
{
    auto window = std::make_unique<MainWindow>(m_monitor.get());
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void TestHeaderMenu::hideAndShowColumn()
{
    auto window = shownWindow();
    QVERIFY(window);
    QTableView *table = window->table();
    const QString families = u"column:%1"_s.arg(int(GroupTableModel::FamiliesColumn));
    QVERIFY(!table->isColumnHidden(GroupTableModel::FamiliesColumn));
    QVERIFY(triggerInMenu(window.get(), families));
    QVERIFY(table->isColumnHidden(GroupTableModel::FamiliesColumn));
    std::unique_ptr<QMenu> menu(window->headerMenu()->createMenu(window.get()));
    QVERIFY(!menuAction(menu.get(), families)->isChecked());
    QVERIFY(triggerInMenu(window.get(), families));
    QVERIFY(!table->isColumnHidden(GroupTableModel::FamiliesColumn));
    QVERIFY(table->horizontalHeader()->sectionsMovable()); // reordered by dragging
    QCOMPARE(table->horizontalHeader()->contextMenuPolicy(), Qt::CustomContextMenu);
}

void TestHeaderMenu::stateRoundTrips()
{
    QSettings settings(m_dir.filePath(u"columns.ini"_s), QSettings::IniFormat);
    {
        auto window = shownWindow();
        QVERIFY(window);
        QVERIFY(triggerInMenu(window.get(), u"column:%1"_s.arg(int(GroupTableModel::AgeColumn))));
        QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
        QHeaderView *header = window->table()->horizontalHeader();
        const int instance = m_monitor->model()->labelColumnOf(u"instance"_s);
        QVERIFY(instance >= GroupTableModel::ColumnCount);
        header->moveSection(header->visualIndex(instance), 2);
        ui::saveWindowLayout(*window, &settings);
    }
    m_monitor->model()->setLabelColumns({}); // as a new run starts
    auto window = std::make_unique<MainWindow>(m_monitor.get());
    ui::restoreWindowLayout(window.get(), settings);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QCOMPARE(m_monitor->model()->labelColumns(), QStringList{u"instance"_s});
    const int instance = m_monitor->model()->labelColumnOf(u"instance"_s);
    QTableView *table = window->table();
    QVERIFY(table->isColumnHidden(GroupTableModel::AgeColumn));
    QVERIFY(!table->isColumnHidden(instance));
    QCOMPARE(table->horizontalHeader()->visualIndex(instance), 2);
    std::unique_ptr<QMenu> menu(window->headerMenu()->createMenu(window.get()));
    QVERIFY(menuAction(menu.get(), u"label:instance"_s)->isChecked());
    QVERIFY(
        !menuAction(menu.get(), u"column:%1"_s.arg(int(GroupTableModel::AgeColumn)))->isChecked());
}

void TestHeaderMenu::labelColumnShowsValueAndSorts()
{
    auto window = shownWindow();
    QVERIFY(window);
    QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
    const int instance = m_monitor->model()->labelColumnOf(u"instance"_s);
    QTableView *table = window->table();
    QCOMPARE(table->model()->headerData(instance, Qt::Horizontal).toString(), u"instance"_s);
    table->sortByColumn(instance, Qt::AscendingOrder);
    QCOMPARE(columnTexts(table, instance), QStringList({u"host1"_s, u"host9"_s, u"host10"_s}));
    table->sortByColumn(GroupTableModel::JobColumn, Qt::AscendingOrder);
    QCOMPARE(columnTexts(table, GroupTableModel::JobColumn),
             QStringList({u"j1"_s, u"j2"_s, u"j10"_s}));
    QCOMPARE(columnTexts(table, instance), QStringList({u"host1"_s, u"host9"_s, u"host10"_s}));
    // Hiding it from the menu takes the column away; selection keeps working.
    table->selectRow(1);
    QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
    QCOMPARE(m_monitor->model()->labelColumnOf(u"instance"_s), -1);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    // Taken away while the table is sorted by it: the rows stay.
    QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
    table->sortByColumn(m_monitor->model()->labelColumnOf(u"instance"_s), Qt::DescendingOrder);
    QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
    QCOMPARE(table->model()->rowCount(), 3);
    QCOMPARE(table->model()->columnCount(), int(GroupTableModel::ColumnCount));
}

void TestHeaderMenu::resetColumns()
{
    auto window = shownWindow();
    QVERIFY(window);
    QHeaderView *header = window->table()->horizontalHeader();
    QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
    QVERIFY(triggerInMenu(window.get(), u"column:%1"_s.arg(int(GroupTableModel::JobColumn))));
    header->moveSection(header->visualIndex(GroupTableModel::OutcomeColumn), 5);
    QVERIFY(triggerInMenu(window.get(), u"resetColumns"_s));
    QVERIFY(m_monitor->model()->labelColumns().isEmpty());
    QCOMPARE(header->count(), int(GroupTableModel::ColumnCount));
    QVERIFY(!header->isSectionHidden(GroupTableModel::JobColumn));
    QCOMPARE(header->visualIndex(GroupTableModel::GatewayColumn), 0);
    QCOMPARE(header->visualIndex(GroupTableModel::JobColumn), 1);
    QCOMPARE(header->visualIndex(GroupTableModel::OutcomeColumn), 3);
}

void TestHeaderMenu::gatewayColumn()
{
    auto window = shownWindow();
    QVERIFY(window);
    QTableView *table = window->table();
    QCOMPARE(table->textElideMode(), Qt::ElideMiddle);
    QVERIFY(!table->isColumnHidden(GroupTableModel::GatewayColumn)); // two gateways
    QCOMPARE(table->horizontalHeader()->visualIndex(GroupTableModel::GatewayColumn), 0);
    table->sortByColumn(GroupTableModel::JobColumn, Qt::AscendingOrder);
    const QModelIndex first = table->model()->index(0, GroupTableModel::GatewayColumn);
    QCOMPARE(first.data().toString(), u"beta"_s); // the display name
    QCOMPARE(first.data(Qt::ToolTipRole).toString(),
             m_monitor->state(1).url); // the full URL
    QVERIFY(m_monitor->state(1).url.startsWith(u"http://beta.example.org:9091/some"_s));
    // Still first with a label column, and after a reset.
    QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
    QCOMPARE(table->horizontalHeader()->visualIndex(GroupTableModel::GatewayColumn), 0);
    QVERIFY(triggerInMenu(window.get(), u"resetColumns"_s));
    QCOMPARE(table->horizontalHeader()->visualIndex(GroupTableModel::GatewayColumn), 0);
}

void TestHeaderMenu::timesLocalOrUtc()
{
    auto window = shownWindow();
    QVERIFY(window);
    QAction *utc = window->findChild<QAction *>(u"utcAction"_s);
    QVERIFY(utc);
    QVERIFY(window->menuBar()->actions().size() > 2);
    QTableView *table = window->table();
    table->sortByColumn(GroupTableModel::JobColumn, Qt::AscendingOrder);
    const QModelIndex pushed = table->model()->index(0, GroupTableModel::LastPushColumn);
    const QDateTime time = QDateTime::fromSecsSinceEpoch(1795540020, Qt::UTC);
    utc->setChecked(false);
    QCOMPARE(pushed.data().toString(),
             time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u' ' + formatZone(time));
    QVERIFY(pushed.data().toString().contains(QRegularExpression(u" [+-]\\d\\d:\\d\\d$"_s)));
    // The whole date fits its column (it was elided to "2026-12-…8 +00:00").
    for (int column : {GroupTableModel::LastPushColumn, GroupTableModel::LastFailureColumn})
        QVERIFY2(table->fontMetrics().horizontalAdvance(pushed.data().toString()) + 8 <=
                     table->horizontalHeader()->sectionSize(column),
                 qPrintable(QString::number(table->horizontalHeader()->sectionSize(column))));
    utc->setChecked(true);
    QCOMPARE(pushed.data().toString(), u"2026-11-24 17:07:00Z"_s);
    QVERIFY(QSettings().value(u"view/timesInUtc"_s).toBool());
    // A new window starts with the saved choice.
    setTimesInUtc(false);
    window.reset();
    window = shownWindow();
    QVERIFY(timesInUtc());
    QVERIFY(window->findChild<QAction *>(u"utcAction"_s)->isChecked());
    window->findChild<QAction *>(u"utcAction"_s)->setChecked(false);
    QVERIFY(!QSettings().value(u"view/timesInUtc"_s).toBool());
}

// PUSHSCOPE_SCREENSHOT=<file>: the window with a label column and the header's menu open.
void TestHeaderMenu::screenshot()
{
    const QString path = qEnvironmentVariable("PUSHSCOPE_SCREENSHOT");
    if (path.isEmpty())
        QSKIP("PUSHSCOPE_SCREENSHOT not set");
    auto window = shownWindow();
    QVERIFY(window);
    QVERIFY(triggerInMenu(window.get(), u"label:instance"_s));
    window->table()->sortByColumn(GroupTableModel::JobColumn, Qt::AscendingOrder);
    // The rows were applied without a poll: show the table instead of "Reading the gateways".
    for (auto *stack : window->findChildren<QStackedWidget *>()) {
        if (stack->indexOf(window->table()) >= 0)
            stack->setCurrentWidget(window->table());
    }
    window->selectFirstRow();
    QHeaderView *header = window->table()->horizontalHeader();
    const QPoint at(header->sectionViewportPosition(GroupTableModel::LabelsColumn) + 20,
                    header->height() / 2);
    emit header->customContextMenuRequested(at);
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())));
    QTest::qWait(200);
    QVERIFY(window->screen()->grabWindow(0).save(path));
    menu->close();
}

QTEST_MAIN(TestHeaderMenu)
#include "tst_headermenu.moc"
