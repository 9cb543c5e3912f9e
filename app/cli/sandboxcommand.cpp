#include "sandboxcommand.h"

#include "commonoptions.h"
#include "demo/pushsimulator.h"
#include "demo/sandbox.h"
#include "model/duration.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QSocketNotifier>
#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace pushscope {

namespace {

#ifdef Q_OS_UNIX
int g_signalPipe[2] = {-1, -1};

void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT and SIGTERM end `loop` through a self-pipe (nothing else is safe in a handler).
std::unique_ptr<QSocketNotifier> watchStopSignals(QEventLoop *loop)
{
    if (::pipe(g_signalPipe) != 0)
        return nullptr;
    for (int fd : g_signalPipe)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signalPipe[1], F_SETFL, O_NONBLOCK);
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    auto notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(notifier.get(), &QSocketNotifier::activated, loop, [loop] {
        char byte;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        loop->exit(ExitOk);
    });
    return notifier;
}
#endif

} // namespace

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
    if (!parser.parse(arguments))
        return usageError(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        writeOut(parser.helpText().toUtf8());
        return ExitOk;
    }
    if (parser.positionalArguments().size() > 1)
        return usageError(
            command,
            QStringLiteral("unexpected argument \"%1\".").arg(parser.positionalArguments().at(1)));
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
    const std::unique_ptr<QSocketNotifier> stopSignals = watchStopSignals(&loop);
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
