// The window's layout (issue 14.1): it opens inside the screen, whatever the screen's size
// or scale; geometry, splitters and the table header come back from QSettings; the details
// panel's text never takes room from the table.
#include "model/gatewaymonitor.h"
#include "model/grouptablemodel.h"
#include "table/detailspanel.h"
#include "window/mainwindow.h"
#include "window/windowlayout.h"

#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace pushscope;
using namespace Qt::StringLiterals;
using pushscope::ui::MainWindow;

namespace {

std::unique_ptr<MainWindow> shownWindow(GatewayMonitor *monitor)
{
    auto window = std::make_unique<MainWindow>(monitor);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT

private slots:
    void opensInsideTheScreen();
    void fitKeepsWhatFits();
    void layoutComesBack();
    void savedGeometryLargerThanScreenIsFitted();
    void longDetailsKeepTheTableWidth();

private:
    GatewayMonitor m_monitor;
    QTemporaryDir m_dir;
};

// The offscreen screen (800×600 by default; 400×300 with QT_SCALE_FACTOR=2) is smaller than
// the 1280×780 the window prefers: it must open inside it, status bar included.
void TestWindowLayout::opensInsideTheScreen()
{
    auto window = shownWindow(&m_monitor);
    QVERIFY(window);
    const QRect area = window->screen()->availableGeometry();
    QVERIFY2(area.contains(window->frameGeometry()),
             qPrintable(u"%1,%2 %3×%4 outside %5×%6"_s.arg(window->frameGeometry().x())
                            .arg(window->frameGeometry().y())
                            .arg(window->frameGeometry().width())
                            .arg(window->frameGeometry().height())
                            .arg(area.width())
                            .arg(area.height())));
}

void TestWindowLayout::fitKeepsWhatFits()
{
    QWidget widget;
    const QRect area = widget.screen()->availableGeometry();
    ui::fitIntoScreen(&widget, area.width() / 2, area.height() / 2);
    QCOMPARE(widget.size(), QSize(area.width() / 2, area.height() / 2));
    QVERIFY(area.contains(widget.geometry()));
}

void TestWindowLayout::layoutComesBack()
{
    QSettings settings(m_dir.filePath(u"roundtrip.ini"_s), QSettings::IniFormat);
    QList<int> mainSizes;
    QList<int> sideSizes;
    {
        auto window = shownWindow(&m_monitor);
        QVERIFY(window);
        const int mainTotal =
            window->mainSplitter()->sizes().value(0) + window->mainSplitter()->sizes().value(1);
        window->mainSplitter()->setSizes({mainTotal / 3, mainTotal - mainTotal / 3});
        const int sideTotal =
            window->sideSplitter()->sizes().value(0) + window->sideSplitter()->sizes().value(1);
        window->sideSplitter()->setSizes({sideTotal / 4, sideTotal - sideTotal / 4});
        mainSizes = window->mainSplitter()->sizes();
        sideSizes = window->sideSplitter()->sizes();
        QTableView *table = window->table();
        table->setColumnHidden(GroupTableModel::FamiliesColumn, true);
        table->horizontalHeader()->resizeSection(GroupTableModel::JobColumn, 211);
        table->horizontalHeader()->moveSection(
            table->horizontalHeader()->visualIndex(GroupTableModel::AgeColumn), 1);
        table->sortByColumn(GroupTableModel::AgeColumn, Qt::DescendingOrder);
        ui::saveWindowLayout(*window, &settings);
    }
    auto window = std::make_unique<MainWindow>(&m_monitor);
    ui::restoreWindowLayout(window.get(), settings);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QCOMPARE(window->mainSplitter()->sizes(), mainSizes);
    QCOMPARE(window->sideSplitter()->sizes(), sideSizes);
    QHeaderView *header = window->table()->horizontalHeader();
    QVERIFY(window->table()->isColumnHidden(GroupTableModel::FamiliesColumn));
    QCOMPARE(header->sectionSize(GroupTableModel::JobColumn), 211);
    QCOMPARE(header->visualIndex(GroupTableModel::AgeColumn), 1);
    QCOMPARE(header->sortIndicatorSection(), int(GroupTableModel::AgeColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
}

// Saved on a bigger monitor, opened on a smaller one.
void TestWindowLayout::savedGeometryLargerThanScreenIsFitted()
{
    QSettings settings(m_dir.filePath(u"big.ini"_s), QSettings::IniFormat);
    {
        MainWindow window(&m_monitor);
        window.setMinimumSize(0, 0);
        window.resize(2560, 1560);
        settings.setValue(u"window/geometry"_s, window.saveGeometry());
    }
    MainWindow window(&m_monitor);
    ui::restoreWindowLayout(&window, settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.screen()->availableGeometry().contains(window.frameGeometry()));
}

// A key and a reason far wider than the panel: they wrap or elide, the table keeps its room.
void TestWindowLayout::longDetailsKeepTheTableWidth()
{
    auto window = shownWindow(&m_monitor);
    QVERIFY(window);
    const QList<int> before = window->mainSplitter()->sizes();
    Group group;
    group.key = GroupingKey({{u"job"_s, u"j"_s.repeated(300)},
                             {u"path"_s, u"/very/long/path/without/any/space"_s.repeated(10)}});
    group.pushTime = 1e9;
    Verdict verdict{Outcome::Failed, u"reason_without_spaces_"_s.repeated(40)};
    window->details()->showGroup(u"http://127.0.0.1:9091/"_s + u"p"_s.repeated(300), group, verdict,
                                 5, false);
    QTest::qWait(50);
    QCOMPARE(window->mainSplitter()->sizes(), before);
    QVERIFY(window->details()->width() <= before.value(1));
    const QString shown = window->details()->shownKey();
    QVERIFY2(shown.contains(u'…') && shown.startsWith(u"{job=\"jjj"_s) && shown.endsWith(u"\"}"_s),
             qPrintable(shown));
    // A short key is shown whole.
    group.key = GroupingKey({{u"job"_s, u"short"_s}});
    window->details()->showGroup(u"http://127.0.0.1:9091"_s, group, verdict, 5, false);
    QCOMPARE(window->details()->shownKey(), u"{job=\"short\"}"_s);
}

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
