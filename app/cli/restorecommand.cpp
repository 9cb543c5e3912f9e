#include "restorecommand.h"

#include "authoptions.h"
#include "cleanup/readonlygateways.h"
#include "cleanup/restore.h"
#include "commonoptions.h"
#include "model/duration.h"
#include "recordformat.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pushscope {

namespace {

const QString kCommand = QStringLiteral("restore");

QString deletedAtText(const JournalEntry &entry)
{
    return entry.deletedAt.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray entriesToJson(const QList<JournalEntry> &entries)
{
    QJsonArray array;
    for (const JournalEntry &entry : entries) {
        QJsonObject labels;
        for (const auto &label : entry.key.labels())
            labels.insert(label.first, label.second);
        QJsonObject object;
        object.insert(QStringLiteral("id"), entry.id);
        object.insert(QStringLiteral("deleted_at"), deletedAtText(entry));
        object.insert(QStringLiteral("gateway"), entry.gateway);
        object.insert(QStringLiteral("labels"), labels);
        object.insert(QStringLiteral("status"), entry.status);
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QByteArray entriesToTable(const QList<JournalEntry> &entries)
{
    QList<QStringList> rows;
    for (const JournalEntry &entry : entries)
        rows.append(
            {entry.id, deletedAtText(entry), entry.gateway, entry.key.toString(), entry.status});
    return formatTextTable({QStringLiteral("ID"), QStringLiteral("DELETED AT"),
                            QStringLiteral("GATEWAY"), QStringLiteral("KEY"),
                            QStringLiteral("STATUS")},
                           rows);
}

int restoreEntry(DeleteJournal *journal, const QString &id, std::chrono::milliseconds timeout,
                 const HttpConfig &http, bool overwrite)
{
    const std::optional<JournalEntry> entry = journal->entry(id);
    if (!entry) {
        writeErr(QStringLiteral("pushscope restore: there is no backup with the id \"%1\" in %2 "
                                "(see 'pushscope restore --list').")
                     .arg(id, journal->directory()));
        return ExitFailure;
    }
    GatewayEndpoint endpoint;
    QString error;
    if (!GatewayEndpoint::parse(entry->gateway, &endpoint, &error)) {
        writeErr(QStringLiteral("pushscope restore: the backup %1 names a gateway that cannot be "
                                "used: %2")
                     .arg(id, error));
        return ExitFailure;
    }
    if (isReadOnlyGateway(endpoint)) {
        writeErr(QStringLiteral("pushscope restore: %1 is marked read-only (%2); nothing was "
                                "pushed.")
                     .arg(endpoint.text(), readOnlySettingHint()));
        return ExitFailure;
    }
    warnIfInsecure(http, {endpoint});
    GatewayClient client(endpoint);
    client.setTimeout(timeout);
    client.setHttpConfig(http);
    QEventLoop loop;
    RestoreResult result;
    bool done = false;
    restoreFromJournal(journal, *entry, &client, overwrite, [&](const RestoreResult &written) {
        result = written;
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    if (result.newerOnGateway) {
        writeErr(QStringLiteral("pushscope restore: %1 Pass --overwrite to replace it with the "
                                "backup %2.")
                     .arg(result.error, id));
        return ExitFailure;
    }
    if (!result.ok) {
        writeErr(QStringLiteral("pushscope restore: %1 could not be pushed back to %2: %3")
                     .arg(entry->key.toString(), entry->gateway, result.error));
        return ExitFailure;
    }
    writeOut(QStringLiteral("Restored %1 to %2 from the backup %3. Its push time is now the time "
                            "of the restore, not the time of the original push.\n")
                 .arg(entry->key.toString(), entry->gateway, id)
                 .toUtf8());
    return ExitOk;
}

} // namespace

int runRestoreCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Lists the backups 'pushscope delete' wrote (newest first), or pushes one "
        "back\nto its gateway and exact grouping key. A restored group's push time "
        "is the\ntime of the restore.\nA group pushed again since its delete is not overwritten "
        "without --overwrite.\n\nExit status: 0 on success, 1 when the backup is "
        "unknown, the group has newer\ndata or the push failed, 2 on bad usage."));
    parser.addHelpOption();
    const QCommandLineOption list(QStringLiteral("list"),
                                  QStringLiteral("List the backups instead of restoring one."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output format of --list: table (default) or "
                                                   "json."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Give up on the gateway after this long "
                                                    "(default 10s)."),
                                     QStringLiteral("duration"), QStringLiteral("10s"));
    const QCommandLineOption overwrite(
        QStringLiteral("overwrite"),
        QStringLiteral("Restore even when the group was pushed again after it was deleted, "
                       "replacing that newer data."));
    parser.addOptions({list, format, timeout, overwrite});
    const AuthOptions auth(&parser);
    parser.addPositionalArgument(kCommand, QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The backup to restore."),
                                 QStringLiteral("[ID]"));

    if (!parser.parse(arguments))
        return usageError(kCommand, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        writeOut(parser.helpText().toUtf8());
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments().mid(1);
    if (positional.size() > 1)
        return usageError(kCommand,
                          QStringLiteral("unexpected argument \"%1\".").arg(positional.at(1)));
    OutputFormat outputFormat;
    if (!parseOutputFormat(parser.value(format), &outputFormat) ||
        outputFormat == OutputFormat::Csv)
        return usageError(kCommand, QStringLiteral("--format takes table or json."));
    double seconds = 0;
    QString error;
    if (!parseDuration(parser.value(timeout), &seconds, &error))
        return usageError(kCommand, error);
    if (seconds <= 0)
        return usageError(kCommand, QStringLiteral("--timeout must be longer than zero."));
    HttpConfig http;
    if (!auth.read(&http, &error))
        return usageError(kCommand, error);

    DeleteJournal journal = journalFromSettings();
    if (parser.isSet(list)) {
        if (!positional.isEmpty())
            return usageError(kCommand, QStringLiteral("--list takes no backup id."));
        const QList<JournalEntry> entries = journal.entries();
        writeOut(outputFormat == OutputFormat::Json ? entriesToJson(entries)
                                                    : entriesToTable(entries));
        return ExitOk;
    }
    if (positional.isEmpty())
        return usageError(kCommand, QStringLiteral("name the backup to restore (an id from "
                                                   "'pushscope restore --list'), or pass --list."));
    return restoreEntry(&journal, positional.first(),
                        std::chrono::milliseconds(qint64(seconds * 1000)), http,
                        parser.isSet(overwrite));
}

} // namespace pushscope
