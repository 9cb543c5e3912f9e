#include "restore.h"

#include <QDateTime>
#include <QSettings>

namespace pushscope {

void restoreFromJournal(DeleteJournal *journal, const JournalEntry &entry, GatewayClient *client,
                        std::function<void(const WriteResult &)> done)
{
    const QString id = entry.id;
    client->push(entry.key, entry.metricsText, GatewayClient::PushMethod::Put,
                 [journal, id, done = std::move(done)](const WriteResult &result) {
                     if (result.ok)
                         journal->setStatus(
                             id, QStringLiteral("restored"),
                             QStringLiteral("Pushed again at %1; its push time is that time.")
                                 .arg(QDateTime::currentDateTime().toString(Qt::ISODate)));
                     done(result);
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
