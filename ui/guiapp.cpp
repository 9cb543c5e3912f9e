#include "guiapp.h"

#include "cleanup/readonlygateways.h"
#include "mainwindow.h"
#include "model/gatewaymonitor.h"

#include <QApplication>
#include <QPixmap>
#include <QSet>
#include <QTimer>
#include <cstdio>

namespace pushscope::ui {

namespace {

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

} // namespace

int runGui(const GuiOptions &options)
{
    GatewayMonitor monitor;
    monitor.model()->setStaleAfter(options.staleAfterSeconds);
    for (const GatewayEndpoint &endpoint : options.gateways)
        monitor.addGateway(endpoint, options.pollInterval, options.timeout,
                           options.readOnly || isReadOnlyGateway(endpoint));

    MainWindow window(&monitor);
    window.setFilterText(options.filter);
    window.show();
    monitor.start();

    // --select-first and --screenshot wait until every gateway has answered once.
    QSet<int> answered;
    int exitCode = 0;
    bool screenshotPending = !options.screenshotPath.isEmpty();
    auto takeScreenshot = [&] {
        if (!screenshotPending)
            return;
        screenshotPending = false;
        if (options.selectFirst)
            window.selectFirstRow();
        QTimer::singleShot(200, &window, [&] {
            exitCode = saveScreenshot(&window, options.screenshotPath);
            QApplication::exit(exitCode);
        });
    };
    QObject::connect(&monitor, &GatewayMonitor::pollApplied, &window, [&](int gateway) {
        const bool first = answered.isEmpty() || !answered.contains(gateway);
        answered.insert(gateway);
        if (!first || answered.size() != monitor.gatewayCount())
            return;
        if (options.selectFirst)
            window.selectFirstRow();
        if (!options.screenshotDelay)
            takeScreenshot();
    });
    if (options.screenshotDelay)
        QTimer::singleShot(*options.screenshotDelay, &window, takeScreenshot);
    else if (options.gateways.isEmpty())
        QTimer::singleShot(0, &window, takeScreenshot);
    return QApplication::exec();
}

} // namespace pushscope::ui
