#include "sandboxcommand.h"

#include "commonoptions.h"
#include "demo/pushsimulator.h"
#include "demo/sandbox.h"
#include "model/duration.h"
#include "stopsignals.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QSocketNotifier>
#include <memory>

namespace pushscope {

int runSandboxCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Starts a local prometheus-pushgateway and a prometheus scraping it, with simulated "
        "batch jobs pushing to the gateway, until interrupted (Ctrl+C)."));
    parser.addHelpOption();
    const QCommandLineOption jobs(QStringLiteral("jobs"),
                                  QStringLiteral("Simulated jobs: demo (default) or none."),
                                  QStringLiteral("set"), QStringLiteral("demo"));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Push interval of the jobs (default 5s)."),
                                      QStringLiteral("duration"), QStringLiteral("5s"));
    parser.addOptions({jobs, interval});
    parser.addPositionalArgument(QStringLiteral("sandbox"), QStringLiteral("The command."));

    const QString command = QStringLiteral("sandbox");
    if (const std::optional<int> exit = parseCommandLine(parser, arguments, command))
        return *exit;
    const QString jobSet = parser.value(jobs);
    if (jobSet != u"demo" && jobSet != u"none")
        return usageError(command, QStringLiteral("--jobs takes demo or none."));
    double seconds = 0;
    QString error;
    if (!parseDuration(parser.value(interval), &seconds, &error))
        return usageError(command, error);
    if (seconds < 0.1)
        return usageError(command, QStringLiteral("--interval must be at least 100ms."));

    QEventLoop loop;
#ifdef Q_OS_UNIX
    const std::unique_ptr<QSocketNotifier> stopSignals =
        watchStopSignals([&loop] { loop.exit(ExitOk); });
#endif
    Sandbox sandbox;
    std::unique_ptr<PushSimulator> simulator;
    QObject::connect(&sandbox, &Sandbox::failed, &loop, [&loop](const QString &sentence) {
        writeErr(QStringLiteral("pushscope sandbox: %1").arg(sentence));
        loop.exit(ExitFailure);
    });
    QObject::connect(
        &sandbox, &Sandbox::ready, &loop,
        [&](const QString &gatewayUrl, const QString &prometheusUrl) {
            writeOut(QStringLiteral("gateway %1\nprometheus %2\n")
                         .arg(gatewayUrl, prometheusUrl)
                         .toUtf8());
            if (jobSet != u"demo")
                return;
            GatewayEndpoint endpoint;
            QString ignored;
            GatewayEndpoint::parse(gatewayUrl, &endpoint, &ignored);
            simulator = std::make_unique<PushSimulator>(endpoint);
            QObject::connect(simulator.get(), &PushSimulator::pushError, &loop,
                             [](const QString &sentence) {
                                 writeErr(QStringLiteral("pushscope sandbox: %1").arg(sentence));
                             });
            simulator->setJobs(
                PushSimulator::demoJobs(std::chrono::milliseconds(qint64(seconds * 1000))));
            simulator->start();
        });
    sandbox.start();
    const int code = loop.exec();
    simulator.reset();
    sandbox.stop();
    return code;
}

} // namespace pushscope
