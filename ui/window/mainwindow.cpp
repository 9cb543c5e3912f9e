#include "mainwindow.h"

#include "aboutbox.h"
#include "advice/advicedialog.h"
#include "chart/chartpanel.h"
#include "chartroom.h"
#include "cleanup/deletecontroller.h"
#include "connections/gatewaysidebar.h"
#include "demo/democontroller.h"
#include "demo/demopanel.h"
#include "gatewaybanner.h"
#include "model/gatewaymonitor.h"
#include "model/groupfilterproxy.h"
#include "model/timeformat.h"
#include "paletteicon.h"
#include "prometheus/cadenceseeder.h"
#include "prometheus/scrapehealthmonitor.h"
#include "table/copyactions.h"
#include "table/detailspanel.h"
#include "table/filterbar.h"
#include "table/groupstyleproxy.h"
#include "table/headermenu.h"
#include "table/outcomestyle.h"
#include "table/rulesexport.h"
#include "table/selectionactions.h"
#include "table/tableexport.h"
#include "thememenu.h"
#include "utcaction.h"
#include "window/refreshpicker.h"
#include "windowlayout.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace pushscope::ui {

namespace {

constexpr QSize kMinimumSize(560, 360);

} // namespace

MainWindow::MainWindow(GatewayMonitor *monitor, QWidget *parent)
    : QMainWindow(parent)
    , m_monitor(monitor)
    , m_filter(new GroupFilterProxy(this))
    , m_style(new GroupStyleProxy(this))
{
    setWindowTitle(tr("PushScope"));
    setWindowIcon(appIcon());
    m_filter->setSourceModel(monitor->model());
    m_style->setSourceModel(m_filter);
    m_style->setMonitor(monitor);
    createActions();
    createCentralArea();
    createDeleteActions();
    m_demoPanel = new DemoPanel(monitor, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_demoPanel);
    m_demoPanel->hide();
    m_scrapeHealth = new ScrapeHealthMonitor(monitor, this);
    m_cadenceSeeder = new CadenceSeeder(monitor, m_scrapeHealth, this);
    m_sidebar = new GatewaySidebar(monitor, m_scrapeHealth, this);
    addDockWidget(Qt::LeftDockWidgetArea, m_sidebar);
    resizeDocks({m_sidebar}, {260}, Qt::Horizontal);
    connect(m_sidebar, &GatewaySidebar::gatewayChosen, this, [this](std::optional<int> gateway) {
        m_filter->setGatewayFilter(gateway);
        updateStatus();
    });
    createMenus();

    m_pollLabel = new QLabel(this);
    m_countLabel = new QLabel(this);
    // The counts are long; on a narrow window they are cut rather than widen it.
    m_countLabel->setMinimumWidth(1);
    m_pollLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(m_pollLabel, 1);
    statusBar()->addPermanentWidget(m_countLabel);

    connect(monitor, &GatewayMonitor::gatewayChanged, this, [this] {
        updateStatus();
        m_banner->update();
    });
    connect(monitor, &GatewayMonitor::pollApplied, this, [this] {
        if (m_monitor->model()->rowCount() > 0)
            m_stack->setCurrentIndex(1);
        showSelectedGroup();
    });
    connect(monitor->model(), &GroupTableModel::summaryChanged, this, &MainWindow::updateStatus);
    connect(monitor->model(), &GroupTableModel::agesAdvanced, this, [this] {
        m_table->viewport()->update();
        if (m_detailsIndex.isValid()) {
            const int row = SelectionActions::sourceRow(m_detailsIndex);
            m_details->updateAge(m_monitor->model()->ageAt(row),
                                 m_monitor->model()->verdictAt(row));
        }
    });
    connect(monitor, &GatewayMonitor::gatewayAdded, this, [this] {
        m_headerMenu->gatewayCountChanged();
        updatePlaceholder();
        updateStatus();
    });
    connect(m_demoPanel->controller(), &DemoController::sandboxStateChanged, this, [this] {
        updatePlaceholder();
        const Sandbox *sandbox = m_demoPanel->controller()->sandbox();
        const bool ready = m_demoPanel->controller()->sandboxState() == Sandbox::State::Ready;
        m_chart->setSandboxPrometheusUrl(ready ? QUrl(sandbox->prometheusUrl()) : QUrl());
        m_copy->updateActions();
        const int sandboxGateway = m_demoPanel->controller()->sandboxGateway();
        if (sandboxGateway >= 0)
            m_scrapeHealth->setPrometheus(sandboxGateway,
                                          ready ? QUrl(sandbox->prometheusUrl()) : QUrl());
        const QString error = m_demoPanel->controller()->sandboxError();
        if (m_demoPanel->controller()->sandboxState() == Sandbox::State::Failed)
            statusBar()->showMessage(tr("Sandbox: %1").arg(error));
    });
    connect(m_banner, &GatewayBanner::retryRequested, monitor, &GatewayMonitor::refreshAll);
    updateStatus();
    // Content that arrives later (a long chart note, the demo's panel) must not grow the
    // window past its screen, as the layout's minimum size would: the window keeps a fixed
    // minimum, the parts squeeze or elide inside it.
    layout()->setSizeConstraint(QLayout::SetNoConstraint);
    if (const QScreen *shown = screen())
        setMinimumSize(kMinimumSize.boundedTo(shown->availableGeometry().size()));
    fitIntoScreen(this);
}

void MainWindow::createActions()
{
    QToolBar *toolBar = m_toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_refresh =
        toolBar->addAction(paletteIcon(QStringLiteral(":/icons/refresh.svg")), tr("Refresh"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Poll every gateway now (F5)"));
    connect(m_refresh, &QAction::triggered, m_monitor, &GatewayMonitor::refreshAll);

    m_pause = toolBar->addAction(paletteIcon(QStringLiteral(":/icons/pause.svg")), tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), QKeySequence(Qt::Key_Pause)});
    m_pause->setToolTip(tr("Pause polling (Ctrl+Shift+P); ages keep ticking"));
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        m_monitor->setPaused(paused);
        updateStatus();
    });
    m_refreshPicker = new RefreshPicker(m_monitor, m_pause, this);
    toolBar->addWidget(m_refreshPicker);
    m_editSeparator = toolBar->addSeparator(); // Delete… and the selection tools go before it

    m_filterBar = new FilterBar(m_filter, this);
    connect(m_filterBar, &FilterBar::filterChanged, this, &MainWindow::updateStatus);
    addAction(m_filterBar->focusAction());

    auto *quit = m_quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    addAction(quit);
}

// Every action also in the menus, where a desktop user looks for it and its shortcut.
void MainWindow::createMenus()
{
    QMenu *fileMenu = m_fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_export->exportCsvAction());
    fileMenu->addAction(m_export->exportJsonAction());
    auto *rules = new RulesExport(m_monitor->model(), m_table, this);
    connect(rules, &RulesExport::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    fileMenu->addAction(rules->action());
    m_table->addAction(rules->action()); // and in the table's context menu
    fileMenu->addSeparator();
    fileMenu->addAction(m_quit);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->setToolTipsVisible(true); // why Open in Grafana Explore is off
    editMenu->addActions(m_copy->actions());
    editMenu->addSeparator();
    editMenu->addAction(m_deleteController->deleteAction());
    editMenu->addSeparator();
    QMenu *selectMenu = editMenu->addMenu(tr("&Select"));
    selectMenu->addActions(m_selection->menu()->actions());
    editMenu->addSeparator();
    editMenu->addAction(m_filterBar->focusAction());

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(m_refresh);
    viewMenu->addAction(m_pause);
    viewMenu->addSeparator();
    QAction *utc = createUtcAction(this);
    connect(utc, &QAction::toggled, this, [this] {
        m_table->viewport()->update(); // times are formatted as they are painted
        showSelectedGroup();
        updateStatus();
        m_banner->update();
    });
    viewMenu->addAction(utc);
    viewMenu->addAction(m_deleteController->recentlyDeletedAction());
    viewMenu->addAction(m_sidebar->toggleViewAction());
    viewMenu->addAction(m_demoPanel->toggleViewAction());
    viewMenu->addAction(m_chartRoom->maximizeAction());
    viewMenu->addMenu(createThemeMenu(this));
    viewMenu->addAction(AdviceDialog::createAction(m_monitor, m_scrapeHealth, m_table, this));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About PushScope"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { showAboutBox(this); });
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, this, [] { QApplication::aboutQt(); });
}

void MainWindow::createCentralArea()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("groupTable"));
    m_table->setModel(m_style);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(GroupTableModel::OutcomeColumn, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    showActionsAsContextMenu(m_table);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    m_headerMenu = new HeaderMenu(m_monitor, m_table, this); // widths, order, its menu
    m_filterBar->setTable(m_table);
    // The details follow the selection, not the current row: a current row that is not
    // selected (Ctrl+click) is not what Delete or the chart act on.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showSelectedGroup();
        updateStatus();
    });

    m_placeholder = new QLabel(this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    updatePlaceholder();

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_table);

    m_details = new DetailsPanel(this);
    m_chart = new ChartPanel(m_monitor, this);
    m_chart->setSelectionModel(m_table->selectionModel());
    auto *right = m_sideSplitter = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("sideSplitter"));
    right->addWidget(m_details);
    right->addWidget(m_chart);
    right->setStretchFactor(1, 1);
    right->setSizes({185, 535}); // room for a long key, its reason and its push times
    right->setChildrenCollapsible(false);
    auto *splitter = m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_stack);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({780, 500});
    m_chartRoom = new ChartRoom(m_chart, splitter, right, this);

    m_banner = new GatewayBanner(m_monitor, this);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);
}

// Delete…, Recently deleted… and the Select menu: in the toolbar and the table's context menu.
void MainWindow::createDeleteActions()
{
    m_deleteController = new DeleteController(m_monitor, m_table, this);
    m_selection = new SelectionActions(m_monitor->model(), m_table, this);
    connect(m_deleteController, &DeleteController::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 15000); });
    connect(m_selection, &SelectionActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });

    auto *selectButton = new QToolButton(this);
    selectButton->setText(tr("Select"));
    selectButton->setToolTip(tr("Select many groups at once"));
    selectButton->setMenu(m_selection->menu());
    selectButton->setPopupMode(QToolButton::InstantPopup);
    m_toolBar->insertWidget(m_editSeparator, selectButton);
    m_toolBar->insertAction(m_editSeparator, m_deleteController->deleteAction());
    m_toolBar->insertAction(m_editSeparator, m_deleteController->recentlyDeletedAction());

    // Copy and export: the context menu starts with the ways to get the selection out.
    m_copy = new CopyActions(m_monitor, m_table, m_chart, this);
    m_export = new TableExport(m_table, this);
    addActions(m_copy->actions()); // Ctrl+C works with the menus closed
    connect(m_copy, &CopyActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_export, &TableExport::finished, this,
            [this](bool, const QString &text) { statusBar()->showMessage(text, 15000); });
    m_table->addActions(m_copy->actions());
    auto *copySeparator = new QAction(this);
    copySeparator->setSeparator(true);
    m_table->addAction(copySeparator);

    m_table->addAction(m_deleteController->deleteAction());
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addAction(separator);
    m_table->addActions(m_selection->menu()->actions());
}

// What the empty window says: no gateway, reading, or the demo sandbox's progress.
void MainWindow::updatePlaceholder()
{
    const DemoController *demo = m_demoPanel ? m_demoPanel->controller() : nullptr;
    const Sandbox::State sandbox = demo ? demo->sandboxState() : Sandbox::State::Stopped;
    if (sandbox == Sandbox::State::Failed)
        m_placeholder->setText(tr("<h3>The local sandbox did not start</h3><p>%1</p>")
                                   .arg(demo->sandboxError().toHtmlEscaped()));
    else if (sandbox == Sandbox::State::Starting)
        m_placeholder->setText(tr("<h3>Starting the local sandbox…</h3><p>A pushgateway and a "
                                  "prometheus on this machine, then simulated jobs.</p>"));
    else if (m_monitor->gatewayCount() == 0)
        m_placeholder->setText(tr("<h3>No gateway to watch</h3><p>Add one in <b>File ▸ "
                                  "Connections…</b>, or start PushScope with <tt>--gateway "
                                  "http://host:9091</tt>, or <tt>--demo</tt>.</p>"));
    else
        m_placeholder->setText(tr("<h3>Reading the gateways…</h3>"));
}

void MainWindow::addFileAction(QAction *action)
{
    m_fileMenu->insertAction(m_fileMenu->actions().value(m_fileMenu->actions().size() - 2), action);
    addAction(action); // its shortcut works with the menu closed
}

QLineEdit *MainWindow::filterEdit() const
{
    return m_filterBar->edit();
}

void MainWindow::setFilterText(const QString &text)
{
    m_filterBar->setText(text);
}

void MainWindow::selectFirstRow()
{
    if (m_style->rowCount() == 0)
        return;
    m_table->setCurrentIndex(m_style->index(0, 0));
    m_table->selectRow(0);
}

void MainWindow::showSelectedGroup()
{
    const SelectionActions::SelectedViewRows selected = SelectionActions::selectedViewRows(
        m_table->selectionModel(), DetailsPanel::kSelectionListed);
    m_detailsIndex = selected.count == 1
                         ? QPersistentModelIndex(m_style->index(selected.first.first(), 0))
                         : QPersistentModelIndex();
    if (selected.count > 1) {
        QList<DetailsPanel::SelectedGroup> first;
        for (int viewRow : selected.first) {
            const QModelIndex index = m_style->index(viewRow, 0);
            first.append(
                {index.data(GroupTableModel::GroupingKeyRole).toString(),
                 m_monitor->model()->verdictAt(SelectionActions::sourceRow(index)).outcome});
        }
        m_details->showSelection(selected.count, first);
        return;
    }
    if (!m_detailsIndex.isValid()) {
        m_details->clear();
        return;
    }
    const int row = SelectionActions::sourceRow(m_detailsIndex);
    GroupTableModel *model = m_monitor->model();
    m_details->showGroup(model->gatewayName(model->gatewayAt(row)), model->groupAt(row),
                         model->verdictAt(row), model->ageAt(row), model->isOutOfDate(row),
                         model->data(model->index(row, GroupTableModel::CadenceColumn)).toString());
}

void MainWindow::updateStatus()
{
    QDateTime lastPoll;
    qint64 latency = 0;
    bool polling = false;
    for (int i = 0; i < m_monitor->gatewayCount(); ++i) {
        const GatewayPollState &state = m_monitor->state(i);
        if (state.lastPollAt > lastPoll)
            lastPoll = state.lastPollAt;
        latency = std::max(latency, state.latencyMs);
        polling = polling || state.polling;
    }
    QString pollText;
    if (m_monitor->isPaused())
        pollText = tr("Polling paused");
    else if (!lastPoll.isValid())
        pollText = polling ? tr("Polling…") : tr("Not polled yet");
    else
        pollText = tr("Last poll %1 · %2 ms").arg(formatTimeOfDay(lastPoll)).arg(latency);
    m_pollLabel->setText(pollText);

    const auto counts = m_monitor->model()->outcomeCounts();
    const int total = m_monitor->model()->rowCount();
    QString countText = tr("%n group(s)", nullptr, total);
    if (!m_filter->filterError().isEmpty())
        countText = tr("No rows: the filter is not valid · %1").arg(countText);
    else if (m_filter->rowCount() != total)
        countText = tr("%1 of %2 shown").arg(m_filter->rowCount()).arg(countText);
    const int selected = SelectionActions::selectedViewRows(m_table->selectionModel(), 0).count;
    if (selected > 0)
        countText = tr("%n selected", nullptr, int(selected)) + QStringLiteral(" · ") + countText;
    for (Outcome outcome :
         {Outcome::Failed, Outcome::Stale, Outcome::Late, Outcome::Unknown, Outcome::Success})
        countText += QStringLiteral(" · <span style='color:%1'>%2 %3</span>")
                         .arg(outcomeColor(outcome).name())
                         .arg(counts[size_t(outcome)])
                         .arg(outcomeName(outcome));
    m_countLabel->setText(countText);
}

QString MainWindow::statusText() const
{
    return m_pollLabel->text() + QLatin1Char(' ') + m_countLabel->text();
}

} // namespace pushscope::ui
