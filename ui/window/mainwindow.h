#pragma once

#include <QMainWindow>
#include <QPersistentModelIndex>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolBar;

namespace pushscope {
class GatewayMonitor;
class GroupFilterProxy;
class CadenceSeeder;
class ScrapeHealthMonitor;
} // namespace pushscope

namespace pushscope::ui {

class ChartPanel;
class ChartRoom;
class CopyActions;
class DeleteController;
class DemoPanel;
class DetailsPanel;
class FilterBar;
class GatewayBanner;
class GatewaySidebar;
class GroupStyleProxy;
class HeaderMenu;
class RefreshPicker;
class SelectionActions;
class TableExport;

// The dashboard: filter bar, group table, details of the selected group, a banner for
// failing gateways and a status bar with poll time, latency and outcome counts.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(GatewayMonitor *monitor, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    GroupFilterProxy *filterProxy() const { return m_filter; }
    QLineEdit *filterEdit() const;
    FilterBar *filterBar() const { return m_filterBar; }
    DetailsPanel *details() const { return m_details; }
    ChartPanel *chartPanel() const { return m_chart; }
    ChartRoom *chartRoom() const { return m_chartRoom; }
    GatewayBanner *banner() const { return m_banner; }
    QAction *refreshAction() const { return m_refresh; }
    QAction *pauseAction() const { return m_pause; }
    RefreshPicker *refreshPicker() const { return m_refreshPicker; }
    DeleteController *deleteController() const { return m_deleteController; }
    SelectionActions *selectionActions() const { return m_selection; }
    CopyActions *copyActions() const { return m_copy; }
    TableExport *tableExport() const { return m_export; }
    DemoPanel *demoPanel() const { return m_demoPanel; }
    GatewaySidebar *sidebar() const { return m_sidebar; }
    HeaderMenu *headerMenu() const { return m_headerMenu; }
    ScrapeHealthMonitor *scrapeHealth() const { return m_scrapeHealth; }
    CadenceSeeder *cadenceSeeder() const { return m_cadenceSeeder; }
    QSplitter *mainSplitter() const { return m_mainSplitter; } // table | details and chart
    QSplitter *sideSplitter() const { return m_sideSplitter; } // details above the chart
    QString statusText() const;
    // Actions such as "Connections…" go above Quit.
    void addFileAction(QAction *action);

    void setFilterText(const QString &text);
    void selectFirstRow();

private:
    void createActions();
    void createCentralArea();
    void createDeleteActions();
    void createMenus();
    void updateStatus();
    void updatePlaceholder();
    void showSelectedGroup();

    GatewayMonitor *m_monitor;
    GroupFilterProxy *m_filter;
    GroupStyleProxy *m_style;
    QTableView *m_table = nullptr;
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_sideSplitter = nullptr;
    QLabel *m_placeholder = nullptr;
    DetailsPanel *m_details = nullptr;
    QPersistentModelIndex m_detailsIndex; // the table's row the details show
    ChartPanel *m_chart = nullptr;
    ChartRoom *m_chartRoom = nullptr;
    GatewayBanner *m_banner = nullptr;
    FilterBar *m_filterBar = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_pause = nullptr;
    RefreshPicker *m_refreshPicker = nullptr;
    QAction *m_quit = nullptr;
    CopyActions *m_copy = nullptr;
    TableExport *m_export = nullptr;
    QToolBar *m_toolBar = nullptr;
    QMenu *m_fileMenu = nullptr;
    QAction *m_editSeparator = nullptr;
    DeleteController *m_deleteController = nullptr;
    SelectionActions *m_selection = nullptr;
    DemoPanel *m_demoPanel = nullptr;
    ScrapeHealthMonitor *m_scrapeHealth = nullptr;
    CadenceSeeder *m_cadenceSeeder = nullptr;
    GatewaySidebar *m_sidebar = nullptr;
    HeaderMenu *m_headerMenu = nullptr;
    QLabel *m_pollLabel = nullptr;
    QLabel *m_countLabel = nullptr;
};

} // namespace pushscope::ui
