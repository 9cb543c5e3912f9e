#include "windowlayout.h"

#include "chart/chartpanel.h"
#include "chart/timerangedialog.h"
#include "chartroom.h"
#include "mainwindow.h"
#include "table/headermenu.h"

#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QTableView>

namespace pushscope::ui {

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kMainSplitter = QStringLiteral("window/mainSplitter");
const QString kSideSplitter = QStringLiteral("window/sideSplitter");
const QString kTableHeader = QStringLiteral("window/tableHeader");
const QString kLabelColumns = QStringLiteral("window/tableLabelColumns");
const QString kGatewayColumnHidden = QStringLiteral("window/gatewayColumnHiddenByUser");
const QString kChartRange = QStringLiteral("chart/range");
constexpr int kStateVersion = 1;

// The frame (title bar, borders) is not part of geometry(): leave room for it.
constexpr int kFrameAllowance = 40;

QRect availableArea(const QWidget *window)
{
    const QScreen *screen = window->screen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1280, 720);
}

} // namespace

void fitIntoScreen(QWidget *window, int preferredWidth, int preferredHeight)
{
    const QRect area = availableArea(window);
    const QSize size(std::max(1, std::min(preferredWidth, area.width() - kFrameAllowance)),
                     std::max(1, std::min(preferredHeight, area.height() - kFrameAllowance)));
    window->resize(size.expandedTo(window->minimumSizeHint()).boundedTo(area.size()));
    QRect frame = window->geometry();
    if (!area.contains(frame)) {
        frame.moveCenter(area.center());
        frame.moveTop(std::max(area.top(), frame.top()));
        frame.moveLeft(std::max(area.left(), frame.left()));
        window->move(frame.topLeft());
    }
}

QSize preferredWindowSize(const QSize &availableArea)
{
    constexpr QSize kDefault(1280, 780);
    constexpr int kShareOfALargeScreen = 85; // percent
    return kDefault.expandedTo(QSize(availableArea.width() * kShareOfALargeScreen / 100,
                                     availableArea.height() * kShareOfALargeScreen / 100));
}

void fitIntoScreen(QWidget *window)
{
    const QSize preferred = preferredWindowSize(availableArea(window).size());
    fitIntoScreen(window, preferred.width(), preferred.height());
}

void saveWindowLayout(const MainWindow &window, QSettings *settings)
{
    settings->setValue(kGeometry, window.saveGeometry());
    settings->setValue(kState, window.saveState(kStateVersion));
    settings->setValue(kMainSplitter, window.chartRoom()->mainSplitterState());
    settings->setValue(kSideSplitter, window.chartRoom()->sideSplitterState());
    settings->setValue(kLabelColumns, window.headerMenu()->labelColumns());
    settings->setValue(kTableHeader, window.table()->horizontalHeader()->saveState());
    settings->setValue(kGatewayColumnHidden, window.headerMenu()->gatewayColumnHiddenByUser());
    settings->setValue(kChartRange, window.chartPanel()->rangeBox()->choiceText());
}

void restoreWindowLayout(MainWindow *window, const QSettings &settings)
{
    if (settings.contains(kGeometry) &&
        window->restoreGeometry(settings.value(kGeometry).toByteArray()))
        fitIntoScreen(window, window->width(), window->height());
    window->restoreState(settings.value(kState).toByteArray(), kStateVersion);
    window->mainSplitter()->restoreState(settings.value(kMainSplitter).toByteArray());
    window->sideSplitter()->restoreState(settings.value(kSideSplitter).toByteArray());
    // The label columns first: the header's state holds their sections.
    window->headerMenu()->setLabelColumns(settings.value(kLabelColumns).toStringList());
    QHeaderView *header = window->table()->horizontalHeader();
    if (header->restoreState(settings.value(kTableHeader).toByteArray()))
        window->table()->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    if (settings.contains(kTableHeader))
        window->headerMenu()->setGatewayColumnHiddenByUser(
            settings.value(kGatewayColumnHidden, false).toBool());
    if (settings.contains(kChartRange))
        window->chartPanel()->rangeBox()->restoreChoice(settings.value(kChartRange).toString());
}

} // namespace pushscope::ui
