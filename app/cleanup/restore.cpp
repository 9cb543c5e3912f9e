#include "restore.h"

#include <QDateTime>
#include <QSettings>

namespace pushscope {

namespace {

void push(DeleteJournal *journal, const JournalEntry &entry, GatewayClient *client,
          std::function<void(const RestoreResult &)> done)
{
    const QString id = entry.id;
    client->push(
        entry.key, entry.metricsText, GatewayClient::PushMethod::Put,
        [journal, id, done = std::move(done)](const WriteResult &written) {
            RestoreResult result;
            static_cast<WriteResult &>(result) = written;
            if (result.ok)
                journal->setStatus(id, JournalStatus::restored(),
                                   QStringLiteral("Pushed again at %1; its push time is that time.")
                                       .arg(QDateTime::currentDateTime().toString(Qt::ISODate)));
            done(result);
        },
        entry.contentType);
}

} // namespace

void restoreFromJournal(DeleteJournal *journal, const JournalEntry &entry, GatewayClient *client,
                        bool overwrite, std::function<void(const RestoreResult &)> done)
{
    if (journal->isBatchRunning(entry.id)) {
        RestoreResult result;
        result.error = QStringLiteral("The delete that backed up %1 is still running; restore it "
                                      "when that delete has finished. Nothing was pushed.")
                           .arg(entry.key.toString());
        done(result);
        return;
    }
    client->fetchMetrics([journal, entry, client, overwrite,
                          done = std::move(done)](const MetricsResult &metrics) mutable {
        if (!metrics.ok) {
            RestoreResult result;
            result.error = QStringLiteral("The gateway could not be read to check for newer data "
                                          "(%1); nothing was pushed.")
                               .arg(metrics.error);
            done(result);
            return;
        }
        // Both times are the gateway's: this computer's clock may be off.
        for (const Group &group : metrics.snapshot->groups) {
            if (group.key == entry.key && group.lastActivityTime() > entry.pushTime && !overwrite) {
                RestoreResult result;
                result.newerOnGateway = true;
                result.gatewayPushTime = QDateTime::fromMSecsSinceEpoch(
                    qint64(group.lastActivityTime() * 1000), Qt::UTC);
                result.error =
                    QStringLiteral("The gateway has %1 again, pushed at %2, after it was deleted "
                                   "(%3); restoring would overwrite that newer data, so nothing "
                                   "was pushed.")
                        .arg(entry.key.toString(),
                             result.gatewayPushTime.toString(Qt::ISODateWithMs),
                             entry.deletedAt.toUTC().toString(Qt::ISODateWithMs));
                done(result);
                return;
            }
        }
        push(journal, entry, client, std::move(done));
    });
}

DeleteJournal journalFromSettings()
{
    QSettings settings;
    const qint64 megabytes = std::max<qint64>(
        1, settings.value(QStringLiteral("deleteJournal/maxMegabytes"), 64).toLongLong());
    return DeleteJournal(DeleteJournal::defaultDirectory(), megabytes * 1024 * 1024);
}

} // namespace pushscope
