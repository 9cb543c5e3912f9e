#pragma once

#include "gateway/expositionwriter.h"
#include "gateway/groupingkey.h"

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QList>
#include <QString>
#include <memory>

namespace pushscope {

// What is known about one deleted group. `status` is one of the JournalStatus names.
struct JournalEntry {
    QString id;      // <batch id>.<sequence>, e.g. 20261124-180102-123-a1b2.17 (older: no .N)
    QString gateway; // the gateway URL as given
    GroupingKey key;
    QDateTime deletedAt; // when the backup was taken, just before the DELETE
    QString status;
    QString note;
    QString outcomeBefore;
    double pushTime = 0;
    QByteArray metricsText; // the body to push back to `key` as is (binary-safe)
    QByteArray contentType; // of metricsText
    qint64 sizeBytes = 0;
};

namespace JournalStatus {
// Backed up; its DELETE was never sent.
inline QString notSent()
{
    return QStringLiteral("not_sent");
}
// The DELETE was (or was about to be) sent and its outcome is not known: the group may be gone.
inline QString unknown()
{
    return QStringLiteral("unknown");
}
inline QString deleted()
{
    return QStringLiteral("deleted");
}
// Deleted, and pushed again since.
inline QString stillPresent()
{
    return QStringLiteral("still_present");
}
// The DELETE failed and the gateway still has the group: nothing was deleted.
inline QString notDeleted()
{
    return QStringLiteral("not_deleted");
}
inline QString restored()
{
    return QStringLiteral("restored");
}
// Whether the group may have been deleted by PushScope (so the backup matters).
bool mayBeGone(const QString &status);
} // namespace JournalStatus

struct JournalResult {
    int sequence = 0;
    QString status;
    QString note;
};

// One bulk delete's journal: an append-only file <id>.journal, created exclusively (its id
// is unique among all processes sharing the directory), of records
//
//   @<TYPE> <payload bytes> <CRC-32 of the payload, 8 hex digits>\n<payload>\n
//
// BACKUP (a JSON header line, then the body), SENT (the sequences whose DELETE is
// released), RESULT and STATUS (later news per sequence). Nothing is ever rewritten, so a
// crash can only tear the last record, which the reader detects and ignores. Records are
// buffered and reach the disk together in commit(), which ends with fdatasync.
class JournalBatch
{
public:
    static std::unique_ptr<JournalBatch> create(const QString &directory, QString *error);
    ~JournalBatch();

    const QString &id() const { return m_id; }
    QString entryId(int sequence) const;
    qint64 bytesWritten() const { return m_written; }

    void addBackup(const JournalEntry &entry, int sequence);
    void addSent(const QList<int> &sequences);
    void addResults(const QList<JournalResult> &results);
    // Writes what was added and syncs it; false with a sentence on a write or sync error.
    bool commit(QString *error);

    // Appends STATUS records to an ended batch file (after its last intact record) and syncs
    // them; false with a sentence while the batch is still running.
    static bool appendStatus(const QString &path, const QList<JournalResult> &results,
                             QString *error);
    // The entries of a batch file, in sequence order; a torn or corrupt tail is ignored.
    static QList<JournalEntry> read(const QString &path, bool *torn = nullptr);
    // Whether a batch (of any process) is still writing the file.
    static bool isRunning(const QString &path);
    static QString suffix() { return QStringLiteral(".journal"); }

private:
    JournalBatch() = default;

    QString m_id;
    QFile m_file;
    QByteArray m_buffer;
    qint64 m_written = 0;
};

} // namespace pushscope
