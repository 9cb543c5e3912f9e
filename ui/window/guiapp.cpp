#include "guiapp.h"

#include "chart/chartpanel.h"
#include "chart/chartwidget.h"
#include "chart/timerangedialog.h"
#include "cleanup/readonlygateways.h"
#include "cli/stopsignals.h"
#include "connections/connectionscontroller.h"
#include "connections/connectionsfile.h"
#include "connections/connectionstore.h"
#include "connections/gatewaysidebar.h"
#include "demo/democontroller.h"
#include "demo/demopanel.h"
#include "mainwindow.h"
#include "model/gatewaymonitor.h"
#include "prometheus/scrapehealthmonitor.h"
#include "table/selectionactions.h"
#include "tray/traycontroller.h"
#include "windowlayout.h"

#include <QApplication>
#include <QPixmap>
#include <QSet>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <cstdio>

namespace pushscope::ui {

namespace {

// Below this window height the demo's log shares the gateways' column: under the chart
// it would leave the plot too little room (the default 1280×780 included).
constexpr int kShortWindow = 900;
// How long a screenshot waits for the chart once the rows are there.
constexpr int kChartWaitMs = 20000;

int saveScreenshot(MainWindow *window, const QString &path)
{
    const QPixmap pixmap = window->grab();
    if (!pixmap.save(path, "PNG")) {
        std::fprintf(stderr, "pushscope: cannot write the screenshot to %s\n",
                     qUtf8Printable(path));
        return 1;
    }
    return 0;
}

// What to watch besides --gateway: a --config file, or else (with no --gateway and no
// --demo) the saved connections. False with a sentence when the file cannot be used.
bool initialConnections(const GuiOptions &options, Connections *connections, QString *error)
{
    if (!options.configPath.isEmpty()) {
        if (!loadConnectionsFile(options.configPath, connections, error))
            return false;
        for (GatewayConnection &gateway : connections->gateways) {
            gateway.readOnly = gateway.readOnly || options.readOnly;
            fillCommandLineSecrets(&gateway, options.gatewayHttp);
        }
        return true;
    }
    if (options.gateways.isEmpty() && !options.demo) {
        QSettings settings;
        *connections = ConnectionStore::load(&settings);
    }
    return true;
}

} // namespace

int runGui(const GuiOptions &options)
{
    Connections connections;
    QString connectionsError;
    if (!initialConnections(options, &connections, &connectionsError)) {
        std::fprintf(stderr, "pushscope: --config: %s\n", qUtf8Printable(connectionsError));
        return 2;
    }
    const bool watchesSaved = std::any_of(connections.gateways.begin(), connections.gateways.end(),
                                          [](const GatewayConnection &g) { return g.enabled; });
    GatewayMonitor monitor;
    monitor.model()->setStaleAfter(options.staleAfterSeconds);
    monitor.model()->setLateFactor(options.lateFactor);
    for (const GatewayEndpoint &endpoint : options.gateways) {
        GatewaySetup setup;
        setup.endpoint = endpoint;
        setup.interval = options.pollInterval;
        setup.timeout = options.timeout;
        setup.readOnly = options.readOnly || isReadOnlyGateway(endpoint);
        setup.http = options.gatewayHttp;
        monitor.addGateway(setup);
    }

    MainWindow window(&monitor);
    window.setFilterText(options.filter);
    ChartPanel *chart = window.chartPanel();
    chart->setPrometheusUrl(options.prometheusUrl);
    window.scrapeHealth()->setDefaultPrometheus(options.prometheusUrl);
    ConnectionsController connectionsController(&window, &monitor, options.timeout);
    new TrayController(&window, &monitor); // owned by the window
    DemoController *demo = window.demoPanel()->controller();
    if (options.demo) {
        demo->setPollSettings(options.pollInterval, options.timeout);
        window.demoPanel()->show();
        // The jobs' log, but no more than a quarter of the window: the chart needs the room.
        // On a short screen (720 px) even that leaves the plot too little: the log goes under
        // the gateways, whose column has height to spare.
        if (window.height() < kShortWindow) {
            window.demoPanel()->setCompact(true);
            window.splitDockWidget(window.sidebar(), window.demoPanel(), Qt::Vertical);
            window.resizeDocks({window.sidebar()},
                               {std::max(window.sidebar()->width(),
                                         window.demoPanel()->minimumSizeHint().width())},
                               Qt::Horizontal);
            fitIntoScreen(&window);
        } else
            window.resizeDocks(
                {window.demoPanel()},
                {std::min(window.demoPanel()->sizeHint().height(), window.height() / 4)},
                Qt::Vertical);
    }
    // A screenshot shows the default layout, whatever the last session left.
    const bool keepsLayout = options.screenshotPath.isEmpty();
    if (keepsLayout)
        restoreWindowLayout(&window, QSettings());
    if (options.demo) { // the sandbox's history is seconds old: an hour would be a sliver
        TimeRangeBox *range = window.chartPanel()->rangeBox();
        range->setCurrentIndex(range->findData(5 * 60));
    }
    window.show();
    monitor.start();

    auto selectRows = [&] {
        if (options.selectAll)
            window.table()->selectAll();
        else if (options.selectFirst || options.demo) // the demo opens on a job and its chart
            window.selectFirstRow();
    };
    // --select-first and --screenshot wait until every gateway has answered once.
    QSet<int> answered;
    int exitCode = 0;
    int demoFailure = 0; // the sandbox failed: a screenshot still shows why, then exit 1
    bool screenshotPending = !options.screenshotPath.isEmpty();
    bool shot = false;
    auto shoot = [&] {
        if (shot)
            return;
        shot = true;
        QTimer::singleShot(200, &window, [&] {
            exitCode = saveScreenshot(&window, options.screenshotPath);
            // What the picture holds, for scripts and tests.
            std::printf(
                "screenshot rows %d gateways %d selected %d\n", monitor.model()->rowCount(),
                monitor.gatewayCount(),
                SelectionActions::selectedViewRows(window.table()->selectionModel(), 0).count);
            std::fflush(stdout);
            QApplication::exit(exitCode != 0 ? exitCode : demoFailure);
        });
    };
    // The chart shows something, from Prometheus when there is one.
    auto chartFilled = [&] {
        return chart->chart()->drawnSeriesCount() > 0 &&
               (chart->prometheusUrl().isEmpty() || chart->showsPrometheus());
    };
    auto takeScreenshot = [&] {
        if (!screenshotPending)
            return;
        screenshotPending = false;
        selectRows();
        if (demoFailure != 0 || chart->groupCount() == 0 || chartFilled()) {
            shoot();
            return;
        }
        QObject::connect(chart, &ChartPanel::loaded, &window, [&] {
            if (chartFilled())
                shoot();
        });
        QTimer::singleShot(kChartWaitMs, &window, shoot);
    };
    // --demo: also until the sandbox gateway holds a group for every demo job.
    bool demoFilled = !options.demo;
    QObject::connect(&monitor, &GatewayMonitor::pollApplied, &window, [&](int gateway) {
        bool first = answered.isEmpty() || !answered.contains(gateway);
        answered.insert(gateway);
        if (!demoFilled && gateway == demo->sandboxGateway() &&
            monitor.state(gateway).groups >= demo->jobCount()) {
            demoFilled = true;
            first = true;
        }
        if (!first || !demoFilled || answered.size() != monitor.gatewayCount())
            return;
        selectRows();
        if (!options.screenshotDelay)
            takeScreenshot();
    });
    if (options.demo) {
        QObject::connect(demo, &DemoController::sandboxStateChanged, &window, [&] {
            const Sandbox *sandbox = demo->sandbox();
            if (demo->sandboxState() == Sandbox::State::Ready)
                std::printf("sandbox gateway %s prometheus %s directory %s\n",
                            qUtf8Printable(sandbox->gatewayUrl()),
                            qUtf8Printable(sandbox->prometheusUrl()),
                            qUtf8Printable(sandbox->directory()));
            std::fflush(stdout);
            if (demo->sandboxState() != Sandbox::State::Failed)
                return;
            std::fprintf(stderr, "pushscope: %s\n", qUtf8Printable(demo->sandboxError()));
            demoFailure = 1;
            takeScreenshot();
        });
        demo->startDemo();
    }
    if (options.screenshotDelay)
        QTimer::singleShot(*options.screenshotDelay, &window, takeScreenshot);
    else if (options.gateways.isEmpty() && !options.demo && !watchesSaved)
        QTimer::singleShot(0, &window, takeScreenshot);
    // Saved gateways that cannot be watched (a bad URL) leave nothing to wait for.
    QObject::connect(&connectionsController, &ConnectionsController::watching, &window, [&] {
        if (monitor.gatewayCount() == 0 && !options.demo && !options.screenshotDelay)
            takeScreenshot();
    });
    connectionsController.watch(connections);
    // SIGTERM, SIGINT and SIGHUP end the window as Quit does: the sandbox is stopped and its
    // folder removed.
    const auto stopSignals = watchStopSignals([] { QApplication::quit(); });
    const int result = QApplication::exec();
    if (keepsLayout) {
        QSettings settings;
        saveWindowLayout(window, &settings);
    }
    return result;
}

} // namespace pushscope::ui
