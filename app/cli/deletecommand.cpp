#include "deletecommand.h"

#include "cleanup/bulkdeleter.h"
#include "cleanup/readonlygateways.h"
#include "cleanup/restore.h"
#include "commonoptions.h"
#include "recordformat.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace pushscope {

namespace {

const QString kCommand = QStringLiteral("delete");

// One line of the result: a selected group and what became of it.
struct DeleteRow {
    QString gateway;
    GroupingKey key;
    QString status; // deleted, still_present, failed, would_delete
    QString error;
};

const QString kDescription = QStringLiteral(
    "Deletes the selected groups from the given Pushgateways, each by its exact grouping key.\n"
    "Every group is backed up to the journal before its DELETE is sent ('pushscope restore'\n"
    "pushes it back), and each gateway is read again afterwards to verify.\n"
    "\n"
    "Selection: a group is deleted when its key equals a --group key exactly, or when it\n"
    "passes all the other filters together (--match, --older-than, --outcome). With no\n"
    "selector at all nothing is deleted: to delete every group, ask for it, e.g.\n"
    "--match '{job=~\".+\"}'. A --group key found on no gateway is reported as failed.\n"
    "\n"
    "Without --yes the groups are listed and a terminal is asked to confirm; without a\n"
    "terminal on standard input the command refuses.\n"
    "\n"
    "A DELETE without a clear answer (no reply, timeout, HTTP error) is settled by reading\n"
    "the gateway again: deleted if the group is gone, failed if it is still there, unknown\n"
    "(backup kept) if the gateway cannot be read.\n"
    "\n"
    "Exit status: 0 when every selected group is gone (or --dry-run found nothing wrong,\n"
    "or nothing matched), 1 when any group failed, is still present, unknown or could not\n"
    "be verified, or a gateway could not be read, or --older-than met a gateway whose clock\n"
    "is more than 5 minutes off (see --trust-gateway-clock), 2 on bad usage.");

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) != 0;
#else
    return isatty(STDIN_FILENO) != 0;
#endif
}

QString statusOf(const DeleteOutcome &outcome)
{
    switch (outcome.status) {
    case DeleteStatus::Deleted:
        return QStringLiteral("deleted");
    case DeleteStatus::StillPresent:
        return QStringLiteral("still_present");
    case DeleteStatus::Unknown:
        return QStringLiteral("unknown");
    case DeleteStatus::Queued:
    case DeleteStatus::Failed:
    case DeleteStatus::NotSent:
        break;
    }
    return QStringLiteral("failed");
}

QByteArray rowsToJson(const QList<DeleteRow> &rows)
{
    QJsonArray array;
    for (const DeleteRow &row : rows) {
        QJsonObject labels;
        for (const auto &label : row.key.labels())
            labels.insert(label.first, label.second);
        QJsonObject object;
        object.insert(QStringLiteral("gateway"), row.gateway);
        object.insert(QStringLiteral("labels"), labels);
        object.insert(QStringLiteral("status"), row.status);
        object.insert(QStringLiteral("error"),
                      row.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(row.error));
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QByteArray rowsToTable(const QList<DeleteRow> &rows)
{
    QList<QStringList> cells;
    for (const DeleteRow &row : rows)
        cells.append(
            {row.gateway, row.key.job(), row.key.otherLabelsText(), row.status, row.error});
    return formatTextTable({QStringLiteral("GATEWAY"), QStringLiteral("JOB"),
                            QStringLiteral("LABELS"), QStringLiteral("STATUS"),
                            QStringLiteral("ERROR")},
                           cells);
}

// Lists the groups on standard error and asks; true only for "y" or "yes".
bool confirmOnTerminal(const QList<GroupRecord> &selected)
{
    QList<QStringList> cells;
    for (const GroupRecord &record : selected)
        cells.append({record.gateway, record.group.key.job(), record.group.key.otherLabelsText(),
                      outcomeName(record.verdict.outcome)});
    const QByteArray table = formatTextTable({QStringLiteral("GATEWAY"), QStringLiteral("JOB"),
                                              QStringLiteral("LABELS"), QStringLiteral("OUTCOME")},
                                             cells);
    const QByteArray prompt = QStringLiteral("Delete %1 group%2? [y/N] ")
                                  .arg(selected.size())
                                  .arg(selected.size() == 1 ? QString() : QStringLiteral("s"))
                                  .toUtf8();
    std::fwrite(table.constData(), 1, size_t(table.size()), stderr);
    std::fwrite(prompt.constData(), 1, size_t(prompt.size()), stderr);
    std::fflush(stderr);
    char line[256];
    if (!std::fgets(line, sizeof line, stdin))
        return false;
    const QString answer = QString::fromLocal8Bit(line).trimmed().toLower();
    return answer == u"y" || answer == u"yes";
}

// Runs the deleter in a local event loop until every group is settled and verified.
QList<DeleteRow> deleteGroups(const QList<GroupRecord> &selected,
                              const QList<GatewayReading> &readings,
                              std::chrono::milliseconds timeout, QString *journalDirectory)
{
    QList<DeleteTarget> targets;
    for (const GroupRecord &record : selected) {
        DeleteTarget target;
        target.endpoint = readings.at(record.gatewayIndex).endpoint;
        target.http = readings.at(record.gatewayIndex).http;
        target.group = record.group;
        target.outcomeBefore = outcomeName(record.verdict.outcome);
        targets.append(target);
    }
    DeleteJournal journal = journalFromSettings();
    *journalDirectory = journal.directory();
    BulkDeleter deleter(&journal);
    deleter.setTimeout(timeout);
    QEventLoop loop;
    QObject::connect(&deleter, &BulkDeleter::finished, &loop, &QEventLoop::quit);
    deleter.start(targets);
    if (deleter.isRunning())
        loop.exec();
    if (!deleter.journalError().isEmpty())
        writeErr(QStringLiteral("pushscope delete: %1").arg(deleter.journalError()));

    QList<DeleteRow> rows;
    for (const DeleteOutcome &outcome : deleter.outcomes())
        rows.append({outcome.target.endpoint.text(), outcome.target.group.key, statusOf(outcome),
                     outcome.error});
    return rows;
}

// Says on standard error which gateways' clocks are not believed. True (refuse) when ages
// would select the groups (--older-than) by a clock that is not the gateway's own.
bool refuseForClock(const QList<GatewayReading> &readings, const GroupFilter &filter)
{
    bool refuse = false;
    for (const GatewayReading &reading : readings) {
        if (reading.clockWarning.isEmpty())
            continue;
        if (filter.olderThanSeconds && !reading.clockTrusted) {
            writeErr(QStringLiteral("pushscope delete: %1: %2, so --older-than cannot tell how "
                                    "old its groups are; nothing was deleted. Correct the clock "
                                    "(or the proxy's in between), or pass "
                                    "--trust-gateway-clock to use the gateway's clock.")
                         .arg(reading.endpoint.text(), reading.clockWarning));
            refuse = true;
        } else {
            writeErr(clockNotice(kCommand, reading));
        }
    }
    return refuse;
}

} // namespace

int runDeleteCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.addHelpOption();
    CommonOptions common(&parser);
    const QCommandLineOption group(
        QStringLiteral("group"),
        QStringLiteral("Delete the group with exactly this grouping key, e.g. "
                       "'job=\"a\",instance=\"b\"' (repeatable)."),
        QStringLiteral("key"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("List what would be deleted; delete nothing."));
    const QCommandLineOption yes(QStringLiteral("yes"),
                                 QStringLiteral("Delete without asking for confirmation."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output format: table (default) or json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    parser.addOptions({group, dryRun, yes, format});
    parser.addPositionalArgument(kCommand, QStringLiteral("The command."));

    if (const std::optional<int> exit = parseCommandLine(parser, arguments, kCommand))
        return *exit;
    QString error;
    if (!common.read(&error))
        return usageError(kCommand, error);
    OutputFormat outputFormat;
    if (!parseOutputFormat(parser.value(format), &outputFormat) ||
        outputFormat == OutputFormat::Csv)
        return usageError(kCommand, QStringLiteral("--format takes table or json."));
    QList<GroupingKey> groupKeys;
    for (const QString &text : parser.values(group)) {
        GroupingKey key;
        if (!GroupingKey::parse(text, &key, &error))
            return usageError(kCommand, error);
        groupKeys.append(key);
    }
    const GroupFilter &filter = common.filter;
    const bool hasFilters = !filter.matchers.isEmpty() || filter.olderThanSeconds || filter.outcome;
    if (!hasFilters && groupKeys.isEmpty())
        return usageError(kCommand,
                          QStringLiteral("name the groups to delete with --match, --group, "
                                         "--older-than or --outcome; deleting every group must "
                                         "be asked for explicitly, e.g. --match '{job=~\".+\"}'."));
    const bool isDryRun = parser.isSet(dryRun);
    if (!isDryRun && !parser.isSet(yes) && !stdinIsTerminal())
        return usageError(kCommand,
                          QStringLiteral("standard input is not a terminal, so deleting cannot "
                                         "be confirmed; pass --yes to delete without asking, or "
                                         "--dry-run to only list the groups."));

    if (!isDryRun) {
        for (int i = 0; i < common.gateways.size(); ++i) {
            const GatewayEndpoint &endpoint = common.gateways.at(i);
            if (isReadOnlyGateway(endpoint) || common.readOnlyPerGateway.value(i)) {
                writeErr(QStringLiteral("pushscope delete: %1 is marked read-only (%2); nothing "
                                        "was deleted.")
                             .arg(endpoint.text(), common.readOnlyPerGateway.value(i)
                                                       ? QStringLiteral("in the --config file")
                                                       : readOnlySettingHint()));
                return ExitFailure;
            }
        }
    }
    const QList<GatewayReading> readings =
        readGateways(common.gateways, common.timeout, filter.staleAfterSeconds,
                     common.httpPerGateway, common.trustGatewayClock);
    if (refuseForClock(readings, filter))
        return ExitFailure;
    QList<GroupRecord> selected;
    QList<bool> keyFound(groupKeys.size(), false);
    bool anyFailed = false;
    for (const GatewayReading &reading : readings) {
        if (!reading.ok) {
            anyFailed = true;
            writeErr(QStringLiteral("pushscope delete: %1: %2 Nothing was deleted there.")
                         .arg(reading.endpoint.text(), reading.error));
            continue;
        }
        for (const GroupRecord &record : reading.records) {
            bool byKey = false;
            for (qsizetype k = 0; k < groupKeys.size(); ++k) {
                if (groupKeys.at(k) == record.group.key) {
                    keyFound[k] = true;
                    byKey = true;
                }
            }
            if (byKey || (hasFilters && filter.accepts(record)))
                selected.append(record);
        }
    }
    sortForListing(&selected);
    // A --group key that names no group is reported on every gateway that was read.
    QList<DeleteRow> missing;
    for (qsizetype k = 0; k < groupKeys.size(); ++k) {
        if (keyFound.at(k))
            continue;
        for (const GatewayReading &reading : readings) {
            if (reading.ok)
                missing.append({reading.endpoint.text(), groupKeys.at(k), QStringLiteral("failed"),
                                QStringLiteral("no such group on the gateway")});
        }
    }
    if (selected.isEmpty())
        writeErr(QStringLiteral("pushscope delete: no group matched; nothing was deleted."));

    QList<DeleteRow> rows;
    if (isDryRun) {
        for (const GroupRecord &record : std::as_const(selected)) {
            DeleteRow row{record.gateway, record.group.key, QStringLiteral("would_delete"), {}};
            if (record.group.key.isAmbiguous()) {
                row.status = QStringLiteral("failed");
                row.error = QStringLiteral("The exact key of %1 is hidden by a family named "
                                           "\"labels\"; it would not be deleted.")
                                .arg(record.group.key.toString());
            }
            rows.append(row);
        }
    } else if (!selected.isEmpty()) {
        if (!parser.isSet(yes) && !confirmOnTerminal(selected)) {
            writeErr(QStringLiteral("pushscope delete: not confirmed; nothing was deleted."));
            return ExitFailure;
        }
        QString journalDirectory;
        rows = deleteGroups(selected, readings, common.timeout, &journalDirectory);
        const auto deleted = std::count_if(rows.cbegin(), rows.cend(), [](const DeleteRow &row) {
            return row.status == u"deleted";
        });
        if (deleted > 0)
            writeErr(QStringLiteral("pushscope delete: %1 of %2 groups deleted; their backups are "
                                    "in %3 (see 'pushscope restore --list').")
                         .arg(deleted)
                         .arg(rows.size())
                         .arg(journalDirectory));
        const auto unknown = std::count_if(rows.cbegin(), rows.cend(), [](const DeleteRow &row) {
            return row.status == u"unknown";
        });
        if (unknown > 0)
            writeErr(QStringLiteral("pushscope delete: for %1 groups it is not known whether they "
                                    "were deleted (no clear answer, and the gateway could not be "
                                    "read again); their backups are kept. Check the gateway and "
                                    "restore what is missing.")
                         .arg(unknown));
    }
    rows.append(missing);
    for (const DeleteRow &row : std::as_const(rows)) {
        if (row.status == u"failed" || row.status == u"still_present" || row.status == u"unknown" ||
            (row.status == u"deleted" && !row.error.isEmpty()))
            anyFailed = true;
    }
    writeOut(outputFormat == OutputFormat::Json ? rowsToJson(rows) : rowsToTable(rows));
    return anyFailed ? ExitFailure : ExitOk;
}

} // namespace pushscope
