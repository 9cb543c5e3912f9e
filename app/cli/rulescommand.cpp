#include "rulescommand.h"

#include "commonoptions.h"
#include "historycadence.h"
#include "model/alertrules.h"
#include "model/duration.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QSaveFile>
#include <QSet>

namespace pushscope {

namespace {

const QString kCommand = QStringLiteral("rules");

bool saveFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace

int runRulesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes Prometheus alerting rules for the jobs of the selected groups: late after their "
        "cadence learned from --prometheus's history (else after --stale-after without a "
        "push: one poll learns no cadence), failed on a failed push, job_success == 0 or "
        "*_exit_code != 0."));
    parser.addHelpOption();
    CommonOptions common(&parser);
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write the rule file here (replaced whole) "
                                                   "instead of to standard output."),
                                    QStringLiteral("file"));
    parser.addOption(output);
    const QCommandLineOption prometheus(
        QStringLiteral("prometheus"),
        QStringLiteral("Prometheus URL that scrapes the gateways: each group's cadence is "
                       "learned from its history of push_time_seconds."),
        QStringLiteral("url"));
    parser.addOption(prometheus);
    parser.addPositionalArgument(kCommand, QStringLiteral("The command."));

    if (const std::optional<int> exit = parseCommandLine(parser, arguments, kCommand))
        return *exit;
    QString error;
    if (!common.read(&error))
        return usageError(kCommand, error);
    if (!(common.filter.staleAfterSeconds > 0))
        return usageError(kCommand, QStringLiteral("--stale-after must be longer than zero."));
    QUrl prometheusUrl;
    if (parser.isSet(prometheus) &&
        !parsePrometheusUrl(parser.value(prometheus), &prometheusUrl, &error))
        return usageError(kCommand, error);

    const QList<GatewayReading> readings =
        readGateways(common.gateways, common.timeout, common.filter.staleAfterSeconds,
                     common.httpPerGateway, common.trustGatewayClock);
    QList<AlertRuleSource> sources;
    QStringList gateways;
    QStringList cadenceNotes;
    bool anyFailed = false;
    for (const GatewayReading &reading : readings) {
        if (const QString notice = clockNotice(kCommand, reading); !notice.isEmpty())
            writeErr(notice);
        if (!reading.ok) {
            anyFailed = true;
            writeErr(QStringLiteral("pushscope rules: %1: %2")
                         .arg(reading.endpoint.text(), reading.error));
            continue;
        }
        gateways.append(reading.endpoint.text());
        HistoryCadences cadences;
        if (prometheusUrl.isValid()) {
            cadences = historyCadences(prometheusUrl, reading, common.timeout);
            cadenceNotes.append(
                QStringLiteral("%1: %2").arg(reading.endpoint.text(), cadences.note));
            if (!cadences.ok)
                writeErr(QStringLiteral("pushscope rules: %1: no cadence learned: %2")
                             .arg(reading.endpoint.text(), cadences.note));
        }
        for (const GroupRecord &record : reading.records) {
            if (common.filter.accepts(record))
                sources.append({record.group, cadences.byId.value(record.group.key.id())});
        }
    }
    // A rule file silently missing a gateway's jobs is worse than none.
    if (anyFailed) {
        writeErr(QStringLiteral("pushscope rules: no rule file written."));
        return ExitFailure;
    }

    AlertRuleOptions options;
    options.staleAfterSeconds = common.filter.staleAfterSeconds;
    QSet<QString> jobs;
    for (const AlertRuleSource &source : std::as_const(sources))
        jobs.insert(source.group.key.job());
    options.headerComments = {
        QStringLiteral("Prometheus alerting rules written by pushscope rules at %1")
            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)),
        QStringLiteral("from %1 group(s) of %2 job(s) on %3.")
            .arg(sources.size())
            .arg(jobs.size())
            .arg(gateways.join(QStringLiteral(", ")))};
    if (prometheusUrl.isValid()) {
        options.headerComments.append(cadenceNotes);
        options.headerComments.append(
            QStringLiteral("A job with no regular cadence is late after the stale threshold "
                           "(--stale-after %1).")
                .arg(formatDuration(options.staleAfterSeconds)));
    } else {
        options.headerComments.append(
            QStringLiteral("One poll learns no cadence: every job is late after the stale "
                           "threshold (--stale-after %1). --prometheus learns cadences from "
                           "history; the dashboard's Export alert rules uses those it learned.")
                .arg(formatDuration(options.staleAfterSeconds)));
    }
    const QByteArray bytes = AlertRules::yaml(sources, options).toUtf8();
    if (!parser.isSet(output)) {
        writeOut(bytes);
        return ExitOk;
    }
    if (!saveFile(parser.value(output), bytes, &error)) {
        writeErr(QStringLiteral("pushscope rules: cannot write %1: %2")
                     .arg(parser.value(output), error));
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace pushscope
