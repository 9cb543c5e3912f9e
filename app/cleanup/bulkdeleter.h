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
    Group group;     // as last read: what the backup holds
    QString outcomeBefore;
    bool readOnly = false;
    HttpConfig http; // authentication and TLS for this gateway
};

enum class DeleteStatus { Queued, Deleted, StillPresent, Failed, NotSent };
// deleted, still_present, failed, not_sent (queued while running)
QString deleteStatusName(DeleteStatus status);

struct DeleteOutcome {
    DeleteTarget target;
    DeleteStatus status = DeleteStatus::Queued;
    int httpStatus = 0;
    QString error; // why it failed, was not sent, or could not be verified
    QString journalId;
};

// Deletes groups exactly: for each, the backup is written to the journal first (a failed
// write stops the batch), then DELETE is sent to its exact key, at most N at a time per
// gateway. Backups are written on a thread of their own, a few groups ahead of the
// requests, so neither the GUI thread nor the request rate waits on the disk. When all requests
// have answered, every gateway involved is read again and a group it still reports (e.g. pushed
// again meanwhile) is marked still present.
class BulkDeleter : public QObject
{
    Q_OBJECT

public:
    explicit BulkDeleter(DeleteJournal *journal, QObject *parent = nullptr);
    ~BulkDeleter() override;

    void setConcurrencyPerGateway(int requests) { m_concurrency = std::max(1, requests); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void start(const QList<DeleteTarget> &targets);
    // Sends no further DELETE; requests already sent still complete and are verified.
    void cancel();
    bool isRunning() const { return m_running; }
    bool isCancelled() const { return m_cancelled; }
    const QList<DeleteOutcome> &outcomes() const { return m_outcomes; }
    int finishedCount() const { return m_finished; }

signals:
    void progress(int finished, int total);
    void verifying();
    void finished();

private:
    struct Lane {
        std::unique_ptr<GatewayClient> client;
        QList<int> queue;  // indexes into m_outcomes, no backup asked for yet
        int backingUp = 0; // backups being written
        QList<int> ready;  // backed up, not sent yet
        int inFlight = 0;
        QList<int> sent;
    };
    void pump(Lane &lane);
    void backedUp(Lane &lane, int index, const std::optional<JournalEntry> &entry,
                  const QString &error);
    void send(Lane &lane, int index);
    void settle(int index, DeleteStatus status, const QString &error);
    void stopQueued(const QString &why);
    void maybeVerify();
    void verify(Lane &lane, int attemptsLeft);
    void maybeFinish();
    // Runs `work` on the journal thread, then `done` here.
    void onJournalThread(std::function<void()> work, std::function<void()> done = {});

    DeleteJournal *m_journal;
    int m_concurrency = 6;
    std::chrono::milliseconds m_timeout{10000};
    QList<DeleteOutcome> m_outcomes;
    QHash<QString, std::shared_ptr<Lane>> m_lanes;
    int m_finished = 0;
    int m_lanesVerifying = 0;
    int m_journalWork = 0;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_stopped = false; // cancelled, or a backup failed
    bool m_verifying = false;
    QThread m_journalThread;
    QObject *m_journalContext;
};

} // namespace pushscope
