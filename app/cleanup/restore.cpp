#include "restore.h"

#include <QDateTime>
#include <QSet>
#include <QSettings>
#include <memory>
#include <optional>

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

// Why `entry` may not be pushed now (its delete still running, or, unless `overwrite`, a
// newer push of its key in `snapshot`); nothing when it may.
std::optional<RestoreResult> refusal(const DeleteJournal *journal, const JournalEntry &entry,
                                     const Snapshot *snapshot, bool overwrite)
{
    if (journal->isBatchRunning(entry.id)) {
        RestoreResult result;
        result.error = QStringLiteral("The delete that backed up %1 is still running; restore it "
                                      "when that delete has finished. Nothing was pushed.")
                           .arg(entry.key.toString());
        return result;
    }
    if (!snapshot || overwrite)
        return std::nullopt;
    // Both times are the gateway's: this computer's clock may be off.
    for (const Group &group : snapshot->groups) {
        if (group.key == entry.key && group.lastActivityTime() > entry.pushTime) {
            RestoreResult result;
            result.newerOnGateway = true;
            result.gatewayPushTime =
                QDateTime::fromMSecsSinceEpoch(qint64(group.lastActivityTime() * 1000), Qt::UTC);
            result.error =
                QStringLiteral("The gateway has %1 again, pushed at %2, after it was deleted "
                               "(%3); restoring would overwrite that newer data, so nothing "
                               "was pushed.")
                    .arg(entry.key.toString(), result.gatewayPushTime.toString(Qt::ISODateWithMs),
                         entry.deletedAt.toUTC().toString(Qt::ISODateWithMs));
            return result;
        }
    }
    return std::nullopt;
}

RestoreResult unreadable(const MetricsResult &metrics)
{
    RestoreResult result;
    result.error = QStringLiteral("The gateway could not be read to check for newer data "
                                  "(%1); nothing was pushed.")
                       .arg(metrics.error);
    return result;
}

// What a batch restore carries from one push to the next.
struct Batch {
    DeleteJournal *journal = nullptr;
    QList<JournalEntry> entries;
    GatewayClient *client = nullptr;
    std::shared_ptr<const Snapshot> snapshot; // the gateway, read once before the first push
    QSet<QString> pushedKeys; // GroupingKey::id() of the keys pushed back in this batch
    std::function<void(int, const RestoreResult &)> each;
    std::function<void()> done;
};

// Pushes the entries from `next` on one after the other (those the snapshot allows), then
// calls done. A key already pushed back in this batch counts as newer data on the gateway,
// as it would have if the gateway had been read again.
void pushRest(const std::shared_ptr<Batch> &batch, qsizetype next)
{
    for (; next < batch->entries.size(); ++next) {
        const JournalEntry &entry = batch->entries.at(next);
        std::optional<RestoreResult> refused =
            refusal(batch->journal, entry, batch->snapshot.get(), false);
        if (!refused && batch->pushedKeys.contains(entry.key.id())) {
            refused = RestoreResult();
            refused->newerOnGateway = true;
            refused->error = QStringLiteral("%1 was just restored from another backup; "
                                            "restoring this one too would overwrite that, so "
                                            "nothing was pushed.")
                                 .arg(entry.key.toString());
        }
        if (refused) {
            batch->each(int(next), *refused);
            continue;
        }
        push(batch->journal, entry, batch->client, [batch, next](const RestoreResult &result) {
            if (result.ok)
                batch->pushedKeys.insert(batch->entries.at(next).key.id());
            batch->each(int(next), result);
            pushRest(batch, next + 1);
        });
        return;
    }
    batch->done();
}

} // namespace

void restoreFromJournal(DeleteJournal *journal, const JournalEntry &entry, GatewayClient *client,
                        bool overwrite, std::function<void(const RestoreResult &)> done)
{
    if (const auto refused = refusal(journal, entry, nullptr, overwrite)) {
        done(*refused);
        return;
    }
    client->fetchMetrics([journal, entry, client, overwrite,
                          done = std::move(done)](const MetricsResult &metrics) mutable {
        if (!metrics.ok) {
            done(unreadable(metrics));
            return;
        }
        if (const auto refused = refusal(journal, entry, metrics.snapshot.get(), overwrite)) {
            done(*refused);
            return;
        }
        push(journal, entry, client, std::move(done));
    });
}

void restoreManyFromJournal(DeleteJournal *journal, const QList<JournalEntry> &entries,
                            GatewayClient *client,
                            std::function<void(int index, const RestoreResult &)> each,
                            std::function<void()> done)
{
    auto batch = std::make_shared<Batch>();
    batch->journal = journal;
    batch->entries = entries;
    batch->client = client;
    batch->each = std::move(each);
    batch->done = std::move(done);
    if (entries.isEmpty()) {
        batch->done();
        return;
    }
    client->fetchMetrics([batch](const MetricsResult &metrics) {
        if (!metrics.ok) {
            for (qsizetype i = 0; i < batch->entries.size(); ++i)
                batch->each(int(i), unreadable(metrics));
            batch->done();
            return;
        }
        batch->snapshot = metrics.snapshot;
        pushRest(batch, 0);
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
