#pragma once

#include "gateway/gatewayendpoint.h"
#include "net/httpconfig.h"

#include <QList>
#include <QString>
#include <QUrl>
#include <chrono>
#include <optional>

namespace pushscope {

// What the dashboard was asked for on its command line.
struct GuiOptions {
    QList<GatewayEndpoint> gateways;
    // A shared connections file to watch instead of the saved connections.
    QString configPath;
    HttpConfig gatewayHttp; // authentication and TLS for every --gateway
    std::chrono::milliseconds pollInterval{5000};
    std::chrono::milliseconds timeout{10000};
    double staleAfterSeconds = 3600;
    double lateFactor = 2; // late after this many learned intervals (+ jitter) without a push
    QUrl prometheusUrl;    // the chart's query_range source; empty: PushScope's own history
    QString filter;
    bool selectFirst = false;
    bool selectAll = false; // wins over selectFirst
    bool readOnly = false;  // every --gateway is read-only: nothing is deleted
    bool demo = false;      // start the local sandbox and the simulated jobs, and watch it
    QString screenshotPath;
    std::optional<std::chrono::milliseconds> screenshotDelay;
};

enum class GuiParse { Run, ShowHelp, Error };

// Parses the dashboard's options without needing a QApplication (so --help works
// without a display). `help` receives the help text.
GuiParse parseGuiOptions(const QStringList &arguments, GuiOptions *options, QString *error,
                         QString *help);

} // namespace pushscope
