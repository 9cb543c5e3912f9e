#include "advisecommand.h"

#include "adviceformat.h"
#include "commonoptions.h"
#include "model/advice.h"
#include "model/duration.h"
#include "prometheus/advicefacts.h"
#include "prometheus/prometheusclient.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QTimer>

namespace pushscope {

namespace {

const QString kCommand = QStringLiteral("advise");

// The gateway's now: a record's push time plus its age (ages use the gateway's clock when it
// is believed), else this computer's.
double gatewayNow(const GatewayReading &reading)
{
    for (const GroupRecord &record : reading.records) {
        if (record.group.lastActivityTime() > 0)
            return record.group.lastActivityTime() + record.pushAgeSeconds;
    }
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

// Waits (bounded) for gatherAdviceFacts(); a Prometheus that never finishes is reported as
// not answering.
PrometheusFacts gatherFacts(const QUrl &prometheus, const GatewayEndpoint &gateway,
                            const GroupingKey &knownGroup, double growthWindowSeconds,
                            std::chrono::milliseconds timeout)
{
    PrometheusClient client(prometheus);
    client.setTimeout(timeout);
    PrometheusFacts facts;
    facts.asked = true;
    facts.server = redactUrlPassword(prometheus.toString());
    facts.error = QStringLiteral("Prometheus did not answer in time.");
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(timeout * 6); // targets, two queries, the config, the range: each bounded
    gatherAdviceFacts(&client, gateway.baseUrl(), knownGroup, growthWindowSeconds,
                      [&](const PrometheusFacts &gathered) {
                          facts = gathered;
                          loop.quit();
                      });
    loop.exec();
    return facts;
}

bool readCount(const QString &text, const QString &option, int *value, QString *error)
{
    bool ok = false;
    *value = text.toInt(&ok);
    if (ok && *value > 0)
        return true;
    *error = QStringLiteral("--%1 takes a whole number above zero, not \"%2\".").arg(option, text);
    return false;
}

} // namespace

int runAdviseCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Checks each gateway against the Pushgateway's own usage advice: machine-level jobs "
        "that belong in the node exporter's textfile collector, groups whose values have not "
        "changed for days (cleanup candidates), a gateway no Prometheus scrapes or one scraped "
        "without honor_labels: true, a gateway many jobs depend on, and one that only grows. "
        "Exit 0 when every gateway was read, findings or not."));
    parser.addHelpOption();
    CommonOptions common(&parser);
    const QCommandLineOption prometheus(
        QStringLiteral("prometheus"),
        QStringLiteral("Prometheus URL: checks it scrapes each gateway with honor_labels: true, "
                       "and how the gateway's size changed."),
        QStringLiteral("url"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output format: table (default) or json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    const QCommandLineOption unchangedAfter(
        QStringLiteral("unchanged-after"),
        QStringLiteral("A group not pushed for this long is a cleanup candidate (default 3d)."),
        QStringLiteral("duration"), QStringLiteral("3d"));
    const QCommandLineOption hostGroups(
        QStringLiteral("host-groups"),
        QStringLiteral("Host-named groups of one job before it looks machine-level (default 3)."),
        QStringLiteral("count"), QStringLiteral("3"));
    const QCommandLineOption manyJobs(
        QStringLiteral("many-jobs"),
        QStringLiteral("Jobs on one gateway before it is a single point of failure (default "
                       "10)."),
        QStringLiteral("count"), QStringLiteral("10"));
    const QCommandLineOption growthWindow(
        QStringLiteral("growth-window"),
        QStringLiteral("How far back Prometheus is asked whether the gateway only grew (default "
                       "7d)."),
        QStringLiteral("duration"), QStringLiteral("7d"));
    parser.addOptions({prometheus, format, unchangedAfter, hostGroups, manyJobs, growthWindow});
    parser.addPositionalArgument(kCommand, QStringLiteral("The command."));

    if (const std::optional<int> exit = parseCommandLine(parser, arguments, kCommand))
        return *exit;
    QString error;
    if (!common.read(&error))
        return usageError(kCommand, error);
    const QString formatName = parser.value(format);
    if (formatName != u"table" && formatName != u"json")
        return usageError(kCommand, QStringLiteral("--format takes table or json."));
    AdviceOptions options;
    double growthWindowSeconds = 0;
    if (!parseDuration(parser.value(unchangedAfter), &options.unchangedAfterSeconds, &error) ||
        !parseDuration(parser.value(growthWindow), &growthWindowSeconds, &error) ||
        !readCount(parser.value(hostGroups), QStringLiteral("host-groups"),
                   &options.machineLevelMinGroups, &error) ||
        !readCount(parser.value(manyJobs), QStringLiteral("many-jobs"), &options.singlePointMinJobs,
                   &error))
        return usageError(kCommand, error);
    if (!(options.unchangedAfterSeconds > 0))
        return usageError(kCommand, QStringLiteral("--unchanged-after must be longer than zero."));
    QUrl prometheusUrl;
    if (parser.isSet(prometheus)) {
        if (!parsePrometheusUrl(parser.value(prometheus), &prometheusUrl, &error))
            return usageError(kCommand, error);
    }

    const QList<GatewayReading> readings =
        readGateways(common.gateways, common.timeout, common.filter.staleAfterSeconds,
                     common.httpPerGateway, common.trustGatewayClock);
    QList<AdvisedGateway> gateways;
    QList<AdviceFinding> findings;
    bool anyFailed = false;
    for (const GatewayReading &reading : readings) {
        if (const QString notice = clockNotice(kCommand, reading); !notice.isEmpty())
            writeErr(notice);
        AdvisedGateway advised{reading.endpoint.text(), reading.ok, reading.error, 0};
        if (!reading.ok) {
            anyFailed = true;
            writeErr(QStringLiteral("pushscope advise: %1: %2")
                         .arg(reading.endpoint.text(), reading.error));
            gateways.append(advised);
            continue;
        }
        AdviceInput input;
        input.gateway = reading.endpoint.text();
        input.now = gatewayNow(reading);
        for (const GroupRecord &record : reading.records) {
            if (common.filter.accepts(record))
                input.groups.append(record.group);
        }
        advised.groups = int(input.groups.size());
        gateways.append(advised);
        if (prometheusUrl.isValid())
            input.prometheus =
                gatherFacts(prometheusUrl, reading.endpoint,
                            input.groups.isEmpty() ? GroupingKey() : input.groups.first().key,
                            growthWindowSeconds, common.timeout);
        findings += Advice::check(input, options);
    }
    writeOut(formatName == u"json" ? adviceJson(gateways, findings)
                                   : adviceTable(gateways, findings));
    return anyFailed ? ExitFailure : ExitOk;
}

} // namespace pushscope
