#pragma once

#include "journalbatch.h"

#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace pushscope {

// The directory of backups of deleted groups, one append-only file per bulk delete (see
// JournalBatch), written *before* each DELETE is sent and kept until the journal's size
// limit pushes out older batches. Files of the first format (one "<id>.prom" per group,
// "# pushscope-deleted-group 1") are still listed, restored and counted.
class DeleteJournal
{
public:
    explicit DeleteJournal(QString directory = defaultDirectory(),
                           qint64 maxBytes = 64LL * 1024 * 1024);

    // <AppDataLocation>/deleted
    static QString defaultDirectory();
    const QString &directory() const { return m_directory; }
    qint64 maxBytes() const { return m_maxBytes; }

    // About how many bytes the backup of one group takes in a batch file.
    static qint64 estimateEntryBytes(const QString &gateway, const GroupingKey &key,
                                     qint64 bodyBytes);
    // Starts a batch that needs about `estimatedBytes`: refuses with a sentence when that is
    // more than the limit, otherwise drops the oldest earlier batches until it fits, then
    // creates the batch's file. No running batch (of any process) is ever dropped.
    std::unique_ptr<JournalBatch> beginBatch(qint64 estimatedBytes, QString *error);

    // Records later news of an entry, e.g. "restored"; refused while its batch still runs.
    bool setStatus(const QString &id, const QString &status, const QString &note,
                   QString *error = nullptr);

    enum class Listing {
        MayBeGone, // entries whose group PushScope deleted or may have deleted
        All        // also those backed up but never sent, or proven not deleted
    };
    QList<JournalEntry> entries(Listing listing = Listing::MayBeGone) const; // newest first
    std::optional<JournalEntry> entry(const QString &id) const;
    // Whether the delete that backed the entry up is still running (in any process).
    bool isBatchRunning(const QString &id) const;
    qint64 sizeOnDisk() const;

    // The first format, one file per group.
    static bool parseEntry(const QByteArray &text, JournalEntry *entry);
    static QByteArray formatEntry(const JournalEntry &entry);

private:
    QString legacyPath(const QString &id) const;
    QString batchPath(const QString &batchId) const;

    QString m_directory;
    qint64 m_maxBytes;
};

} // namespace pushscope
