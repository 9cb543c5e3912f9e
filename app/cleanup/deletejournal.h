#pragma once

#include "gateway/groupingkey.h"
#include "gateway/snapshot.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace pushscope {

// One group as it was before PushScope deleted it.
struct JournalEntry {
    QString id;      // sortable, unique: 20261124-180102-123-a1b2
    QString gateway; // the gateway URL as given
    GroupingKey key;
    QDateTime deletedAt;
    QString status; // deleted, still_present, restored
    QString note;   // e.g. why a restore failed
    QString outcomeBefore;
    double pushTime = 0;
    QByteArray metricsText; // exposition format, pushable to `key` as is
    qint64 sizeBytes = 0;
};

// A directory of backups, one file per deleted group, written *before* its DELETE is sent.
// Each file is a Prometheus text-format document whose leading comment lines name the
// gateway, the exact grouping key, the time and the delete's status. The journal keeps at
// most `maxBytes`, dropping the oldest entries first, and survives restarts.
class DeleteJournal
{
public:
    explicit DeleteJournal(QString directory = defaultDirectory(),
                           qint64 maxBytes = 64LL * 1024 * 1024);

    // <AppDataLocation>/deleted
    static QString defaultDirectory();
    const QString &directory() const { return m_directory; }
    qint64 maxBytes() const { return m_maxBytes; }

    // Writes the backup of `group` with status "deleted", before its DELETE is sent (one
    // write per group: a backup whose DELETE fails is discarded). On failure nothing may be
    // deleted.
    std::optional<JournalEntry> record(const QString &gateway, const Group &group,
                                       const QString &outcomeBefore, QString *error);
    bool setStatus(const QString &id, const QString &status, const QString &note,
                   QString *error = nullptr);
    // Drops an entry whose DELETE was never accepted: nothing was deleted.
    bool discard(const QString &id);

    QList<JournalEntry> entries() const; // newest first
    std::optional<JournalEntry> entry(const QString &id) const;

    static bool parseEntry(const QByteArray &text, JournalEntry *entry);
    static QByteArray formatEntry(const JournalEntry &entry);

private:
    QString pathOf(const QString &id) const;
    void enforceLimit(const QString &keepId);
    qint64 countBytes() const;

    QString m_directory;
    qint64 m_maxBytes;
    qint64 m_totalBytes = -1;               // -1: not counted yet
    QHash<QString, JournalEntry> m_written; // entries this object wrote
};

} // namespace pushscope
