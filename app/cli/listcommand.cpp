#include "listcommand.h"

#include "commonoptions.h"
#include "recordformat.h"

#include <QCommandLineParser>

namespace pushscope {

int runListCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Lists every group on the given Pushgateways with push age and outcome."));
    parser.addHelpOption();
    CommonOptions common(&parser);
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output format: table (default), json or csv."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    parser.addOption(format);
    parser.addPositionalArgument(QStringLiteral("list"), QStringLiteral("The command."));

    if (const std::optional<int> exit = parseCommandLine(parser, arguments, QStringLiteral("list")))
        return *exit;
    QString error;
    if (!common.read(&error))
        return usageError(QStringLiteral("list"), error);
    OutputFormat outputFormat;
    if (!parseOutputFormat(parser.value(format), &outputFormat))
        return usageError(QStringLiteral("list"),
                          QStringLiteral("--format takes table, json or csv."));

    const QList<GatewayReading> readings =
        readGateways(common.gateways, common.timeout, common.filter.staleAfterSeconds,
                     common.httpPerGateway, common.trustGatewayClock);
    QList<GroupRecord> selected;
    bool anyFailed = false;
    for (const GatewayReading &reading : readings) {
        if (const QString notice = clockNotice(QStringLiteral("list"), reading); !notice.isEmpty())
            writeErr(notice);
        if (!reading.ok) {
            anyFailed = true;
            writeErr(QStringLiteral("pushscope list: %1: %2")
                         .arg(reading.endpoint.text(), reading.error));
            continue;
        }
        for (const GroupRecord &record : reading.records) {
            if (common.filter.accepts(record))
                selected.append(record);
        }
    }
    sortForListing(&selected);
    // Straight into UTF-8 and out to stdout in chunks of about 1 MB as the rows are written.
    ByteSink sink([](const QByteArray &bytes) { writeOut(bytes); });
    writeRecords(outputFormat, selected, &sink);
    return anyFailed ? ExitFailure : ExitOk;
}

} // namespace pushscope
