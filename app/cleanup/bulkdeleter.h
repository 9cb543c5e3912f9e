#pragma once

#include "deletejournal.h"
#include "gateway/gatewayclient.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <functional>
#include <memory>

namespace pushscope {

struct DeleteTarget {
    GatewayEndpoint endpoint;
    Group group; // as last read: what the backup holds
    QString outcomeBefore;
    bool readOnly = false;
    HttpConfig http; // authentication and TLS for this gateway
};

// Unknown: the DELETE was sent but its outcome is not known (no answer, timeout, an HTTP
// error) and the gateway could not be read again to find out; the backup is kept.
enum class DeleteStatus { Queued, Deleted, StillPresent, Failed, NotSent, Unknown };
// deleted, still_present, failed, not_sent, unknown (queued while running)
QString deleteStatusName(DeleteStatus status);

struct DeleteOutcome {
    DeleteTarget target;
    DeleteStatus status = DeleteStatus::Queued;
    int httpStatus = 0;
    QString error; // why it failed, was not sent, or could not be verified
    QString journalId;
};

// Deletes groups exactly, as one journal batch (see JournalBatch):
//  1. The batch is checked against the journal's size limit before anything is sent.
//  2. A group with families the JSON API cannot show is backed up from its gateway's
//     protobuf /metrics (read once per such gateway); one that cannot be backed up exactly
//     is not deleted, with the reason (see unsupportedbackup.h).
//  3. Backups are appended in chunks and synced (fdatasync) once per chunk, on a thread of
//     their own; a chunk's DELETEs are released only after a later sync has also recorded
//     them as SENT. A failed write stops the batch: nothing without a durable backup is sent.
//  4. At most N DELETEs per gateway are in flight.
//  5. Every gateway involved is read again. An accepted group it still reports was pushed
//     again (still present). A DELETE without a clear answer (network error, timeout, any
//     non-2xx) counts as deleted if the group is gone and as failed (not deleted) if it is
//     there; if the gateway cannot be read, it stays unknown and keeps its backup.
//  6. The results are appended to the journal before finished().
class BulkDeleter : public QObject
{
    Q_OBJECT

public:
    explicit BulkDeleter(DeleteJournal *journal, QObject *parent = nullptr);
    ~BulkDeleter() override;

    // DELETEs in flight per gateway, spread over GatewayClient::kDeleteConnections connections
    // (more than that pipelines them); 48 unless set.
    void setConcurrencyPerGateway(int requests) { m_concurrency = std::max(1, requests); }
    int concurrencyPerGateway() const { return m_concurrency; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void start(const QList<DeleteTarget> &targets);
    // Sends no further DELETE; requests already sent still complete and are verified.
    void cancel();
    bool isRunning() const { return m_running; }
    bool isCancelled() const { return m_cancelled; }
    const QList<DeleteOutcome> &outcomes() const { return m_outcomes; }
    int finishedCount() const { return m_finished; }
    // Set when the batch was refused or stopped (size limit, a journal write failed).
    const QString &journalError() const { return m_journalError; }

signals:
    void progress(int finished, int total);
    void verifying();
    void finished();

private:
    static int sequenceOf(int index) { return index + 1; } // journal sequences start at 1
    struct Lane {
        std::unique_ptr<GatewayClient> client;
        QList<int> ready; // backed up and recorded as sent, not sent yet
        int inFlight = 0;
        QList<int> sent;
    };
    struct JournalSide; // lives on the journal thread

    Lane &laneOf(int index);
    void fetchExpositions(const QList<int> &indexes);
    void begin(const QList<int> &indexes, const QHash<QString, ExpositionResult> &expositions);
    void pump();
    void writeChunk();
    void send(Lane &lane, int index);
    void settle(int index, DeleteStatus status, const QString &error);
    // Settles what is not sent yet; the DELETEs already recorded as sent too if asked.
    void stopQueued(const QString &why, bool alsoRecordedAsSent);
    void maybeVerify();
    void verify(Lane &lane, int attemptsLeft);
    void resolve(Lane &lane, const MetricsResult &result, const QList<int> &present);
    void maybeFinish();
    // Runs `work` on the journal thread, then `done` here.
    void onJournalThread(std::function<void()> work, std::function<void()> done = {});

    DeleteJournal *m_journal;
    int m_concurrency = 8 * GatewayClient::kDeleteConnections;
    std::chrono::milliseconds m_timeout{10000};
    QList<DeleteOutcome> m_outcomes;
    QHash<QString, std::shared_ptr<Lane>> m_lanes;
    std::shared_ptr<JournalSide> m_side;
    QList<int> m_toBackUp;          // not backed up yet
    QList<int> m_backedUp;          // backup synced, not recorded as sent
    QList<JournalResult> m_results; // not written yet
    bool m_writing = false;         // a chunk is being written
    bool m_preparing = false;
    int m_finished = 0;
    int m_lanesVerifying = 0;
    int m_journalWork = 0;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_stopped = false;        // no further DELETE: cancelled, or the batch refused
    bool m_backupsStopped = false; // no further backup: stopped, or a journal write failed
    bool m_verifying = false;
    bool m_resultsFlushed = false;
    QString m_journalError;
    QThread m_journalThread;
    QObject *m_journalContext;
};

} // namespace pushscope
