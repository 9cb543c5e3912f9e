#pragma once

#include "deletejournal.h"
#include "gateway/gatewayclient.h"

#include <QHash>
#include <QObject>
#include <memory>

namespace pushscope {

struct DeleteTarget {
    GatewayEndpoint endpoint;
    Group group; // as last read: what the backup holds
    QString outcomeBefore;
    bool readOnly = false;
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
// gateway. When all requests have answered, every gateway involved is read again and a
// group it still reports (e.g. pushed again meanwhile) is marked still present.
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
        QList<int> queue; // indexes into m_outcomes
        int inFlight = 0;
        QList<int> sent;
    };
    void pump(Lane &lane);
    void settle(int index, DeleteStatus status, const QString &error);
    void stopQueued(const QString &why);
    void maybeVerify();
    void verify(Lane &lane, int attemptsLeft);
    void laneVerified();

    DeleteJournal *m_journal;
    int m_concurrency = 6;
    std::chrono::milliseconds m_timeout{10000};
    QList<DeleteOutcome> m_outcomes;
    QHash<QString, std::shared_ptr<Lane>> m_lanes;
    int m_finished = 0;
    int m_lanesVerifying = 0;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_verifying = false;
};

} // namespace pushscope
