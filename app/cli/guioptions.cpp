#include "guioptions.h"

#include "authoptions.h"
#include "model/duration.h"

#include <QCommandLineParser>

namespace pushscope {

namespace {

bool readDuration(const QCommandLineParser &parser, const QString &name,
                  std::chrono::milliseconds *target, QString *error)
{
    double seconds = 0;
    if (!parseDuration(parser.value(name), &seconds, error))
        return false;
    if (seconds <= 0) {
        *error = QStringLiteral("--%1 must be longer than zero.").arg(name);
        return false;
    }
    *target = std::chrono::milliseconds(qint64(seconds * 1000));
    return true;
}

} // namespace

GuiParse parseGuiOptions(const QStringList &arguments, GuiOptions *options, QString *error,
                         QString *help)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("PushScope: a dashboard for Prometheus Pushgateways.\n"
                       "Headless commands: pushscope list --help"));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("gateway"), QStringLiteral("Pushgateway URL to watch (repeatable)."),
         QStringLiteral("url")},
        {QStringLiteral("config"),
         QStringLiteral("Watch the enabled gateways of this shared connections file instead of "
                        "the saved connections."),
         QStringLiteral("file")},
        {QStringLiteral("interval"), QStringLiteral("Poll interval (default 5s)."),
         QStringLiteral("duration"), QStringLiteral("5s")},
        {QStringLiteral("timeout"), QStringLiteral("Request timeout (default 10s)."),
         QStringLiteral("duration"), QStringLiteral("10s")},
        {QStringLiteral("stale-after"),
         QStringLiteral("A group with no push for this long is stale (default 1h)."),
         QStringLiteral("duration"), QStringLiteral("1h")},
        {QStringLiteral("late-factor"),
         QStringLiteral("A group with a regular learned cadence is late after this many "
                        "intervals plus the jitter without a push (default 2)."),
         QStringLiteral("number"), QStringLiteral("2")},
        {QStringLiteral("prometheus"),
         QStringLiteral("Prometheus-compatible URL the chart reads the pushed values from."),
         QStringLiteral("url")},
        {QStringLiteral("filter"),
         QStringLiteral("Preset the filter box (words or matchers like {job=\"x\"})."),
         QStringLiteral("text")},
        {QStringLiteral("select-first"), QStringLiteral("Select the first visible row.")},
        {QStringLiteral("select-all"),
         QStringLiteral("Select every visible row (the chart draws the first 20).")},
        {QStringLiteral("read-only"),
         QStringLiteral("Treat every --gateway as read-only: never delete from it.")},
        {QStringLiteral("demo"),
         QStringLiteral("Start a local pushgateway and prometheus with simulated batch jobs "
                        "and watch it (stale after 30s unless --stale-after is given).")},
        {QStringLiteral("screenshot"),
         QStringLiteral("Render the window into this PNG file and exit."), QStringLiteral("file")},
        {QStringLiteral("screenshot-delay"),
         QStringLiteral("Wait this long before the screenshot (default: after the first poll)."),
         QStringLiteral("duration")},
    });
    const AuthOptions auth(&parser);
    *help = parser.helpText();
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return GuiParse::Error;
    }
    if (parser.isSet(QStringLiteral("help")))
        return GuiParse::ShowHelp;
    if (!parser.positionalArguments().isEmpty()) {
        *error =
            QStringLiteral("unknown command \"%1\".").arg(parser.positionalArguments().first());
        return GuiParse::Error;
    }
    for (const QString &url : parser.values(QStringLiteral("gateway"))) {
        GatewayEndpoint endpoint;
        if (!GatewayEndpoint::parse(url, &endpoint, error))
            return GuiParse::Error;
        options->gateways.append(endpoint);
    }
    if (!auth.read(&options->gatewayHttp, error))
        return GuiParse::Error;
    if (!readDuration(parser, QStringLiteral("interval"), &options->pollInterval, error) ||
        !readDuration(parser, QStringLiteral("timeout"), &options->timeout, error))
        return GuiParse::Error;
    if (!parseDuration(parser.value(QStringLiteral("stale-after")), &options->staleAfterSeconds,
                       error))
        return GuiParse::Error;
    bool numberOk = false;
    options->lateFactor = parser.value(QStringLiteral("late-factor")).toDouble(&numberOk);
    if (!numberOk || !(options->lateFactor >= 1) || options->lateFactor > 1000) {
        *error = QStringLiteral("--late-factor takes a number from 1 to 1000, not \"%1\".")
                     .arg(parser.value(QStringLiteral("late-factor")));
        return GuiParse::Error;
    }
    options->demo = parser.isSet(QStringLiteral("demo"));
    options->configPath = parser.value(QStringLiteral("config"));
    // The demo's job that stops after six runs should turn late, then stale, while one watches.
    if (options->demo && !parser.isSet(QStringLiteral("stale-after")))
        options->staleAfterSeconds = 30;
    if (parser.isSet(QStringLiteral("prometheus"))) {
        const QUrl url(parser.value(QStringLiteral("prometheus")), QUrl::StrictMode);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
            url.host().isEmpty()) {
            *error = QStringLiteral("--prometheus needs an http:// or https:// URL, not \"%1\".")
                         .arg(redactUrlPassword(parser.value(QStringLiteral("prometheus"))));
            return GuiParse::Error;
        }
        options->prometheusUrl = url;
    }
    options->filter = parser.value(QStringLiteral("filter"));
    options->selectFirst = parser.isSet(QStringLiteral("select-first"));
    options->selectAll = parser.isSet(QStringLiteral("select-all"));
    options->readOnly = parser.isSet(QStringLiteral("read-only"));
    options->screenshotPath = parser.value(QStringLiteral("screenshot"));
    if (parser.isSet(QStringLiteral("screenshot-delay"))) {
        std::chrono::milliseconds delay{0};
        if (!readDuration(parser, QStringLiteral("screenshot-delay"), &delay, error))
            return GuiParse::Error;
        options->screenshotDelay = delay;
    }
    return GuiParse::Run;
}

} // namespace pushscope
