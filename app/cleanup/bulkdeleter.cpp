#include "bulkdeleter.h"

#include <QSet>
#include <QTimer>

namespace pushscope {

namespace {

constexpr int kVerifyAttempts = 4;
constexpr int kVerifyRetryMs = 250;

} // namespace

QString deleteStatusName(DeleteStatus status)
{
    switch (status) {
    case DeleteStatus::Queued:
        return QStringLiteral("queued");
    case DeleteStatus::Deleted:
        return QStringLiteral("deleted");
    case DeleteStatus::StillPresent:
        return QStringLiteral("still_present");
    case DeleteStatus::Failed:
        return QStringLiteral("failed");
    case DeleteStatus::NotSent:
        return QStringLiteral("not_sent");
    }
    return QStringLiteral("failed");
}

BulkDeleter::BulkDeleter(DeleteJournal *journal, QObject *parent)
    : QObject(parent)
    , m_journal(journal)
    , m_journalContext(new QObject)
{
    m_journalThread.setObjectName(QStringLiteral("delete journal"));
    m_journalContext->moveToThread(&m_journalThread);
    connect(&m_journalThread, &QThread::finished, m_journalContext, &QObject::deleteLater);
    m_journalThread.start();
}

BulkDeleter::~BulkDeleter()
{
    m_journalThread.quit();
    m_journalThread.wait();
}

void BulkDeleter::onJournalThread(std::function<void()> work, std::function<void()> done)
{
    ++m_journalWork;
    QMetaObject::invokeMethod(
        m_journalContext,
        [this, work = std::move(work), done = std::move(done)] {
            work();
            QMetaObject::invokeMethod(
                this,
                [this, done] {
                    --m_journalWork;
                    if (done)
                        done();
                    maybeVerify();
                    maybeFinish();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void BulkDeleter::start(const QList<DeleteTarget> &targets)
{
    Q_ASSERT(!m_running);
    m_running = true;
    m_outcomes.clear();
    for (const DeleteTarget &target : targets) {
        DeleteOutcome outcome;
        outcome.target = target;
        m_outcomes.append(outcome);
    }
    for (int i = 0; i < m_outcomes.size(); ++i) {
        const DeleteTarget &target = m_outcomes.at(i).target;
        if (target.readOnly) {
            settle(
                i, DeleteStatus::NotSent,
                QStringLiteral("%1 is read-only; nothing was sent.").arg(target.endpoint.text()));
            continue;
        }
        if (target.group.key.isAmbiguous()) {
            settle(i, DeleteStatus::NotSent,
                   QStringLiteral("The exact key of %1 is hidden by a family named \"labels\"; "
                                  "it is not deleted rather than guessed.")
                       .arg(target.group.key.toString()));
            continue;
        }
        std::shared_ptr<Lane> &lane = m_lanes[target.endpoint.text()];
        if (!lane) {
            lane = std::make_shared<Lane>();
            lane->client = std::make_unique<GatewayClient>(target.endpoint);
            lane->client->setTimeout(m_timeout);
            lane->client->setHttpConfig(target.http);
        }
        lane->queue.append(i);
    }
    emit progress(m_finished, int(m_outcomes.size()));
    const auto lanes = m_lanes;
    for (const auto &lane : lanes)
        pump(*lane);
    maybeVerify();
}

void BulkDeleter::pump(Lane &lane)
{
    if (m_stopped)
        return;
    // Keep a few backups ahead of the requests.
    while (lane.backingUp + lane.ready.size() < 2 * m_concurrency && !lane.queue.isEmpty()) {
        const int index = lane.queue.takeFirst();
        ++lane.backingUp;
        auto entry = std::make_shared<std::optional<JournalEntry>>();
        auto error = std::make_shared<QString>();
        const DeleteTarget target = m_outcomes.at(index).target;
        onJournalThread(
            [journal = m_journal, target, entry, error] {
                *entry = journal->record(target.endpoint.text(), target.group, target.outcomeBefore,
                                         error.get());
            },
            [this, &lane, index, entry, error] { backedUp(lane, index, *entry, *error); });
    }
    while (!m_stopped && lane.inFlight < m_concurrency && !lane.ready.isEmpty())
        send(lane, lane.ready.takeFirst());
}

void BulkDeleter::backedUp(Lane &lane, int index, const std::optional<JournalEntry> &entry,
                           const QString &error)
{
    --lane.backingUp;
    if (!entry) {
        settle(index, DeleteStatus::Failed, error);
        stopQueued(QStringLiteral("Stopped: a backup could not be written."));
        return;
    }
    if (m_stopped) { // cancelled while the backup was written: it is not needed
        settle(index, DeleteStatus::NotSent,
               m_cancelled ? QStringLiteral("Cancelled before it was sent.")
                           : QStringLiteral("Stopped: a backup could not be written."));
        onJournalThread([journal = m_journal, id = entry->id] { journal->discard(id); });
        return;
    }
    m_outcomes[index].journalId = entry->id;
    lane.ready.append(index);
    pump(lane);
}

void BulkDeleter::send(Lane &lane, int index)
{
    ++lane.inFlight;
    lane.sent.append(index);
    lane.client->deleteGroup(m_outcomes.at(index).target.group.key, [this, &lane, index](
                                                                        const WriteResult &result) {
        --lane.inFlight;
        DeleteOutcome &done = m_outcomes[index];
        done.httpStatus = result.httpStatus;
        if (result.ok) {
            settle(index, DeleteStatus::Deleted, {});
        } else {
            // Nothing was deleted: the backup goes.
            onJournalThread([journal = m_journal, id = done.journalId] { journal->discard(id); });
            done.journalId.clear();
            settle(index, DeleteStatus::Failed, result.error);
        }
        pump(lane);
        maybeVerify();
    });
}

void BulkDeleter::settle(int index, DeleteStatus status, const QString &error)
{
    DeleteOutcome &outcome = m_outcomes[index];
    outcome.status = status;
    outcome.error = error;
    ++m_finished;
    emit progress(m_finished, int(m_outcomes.size()));
}

void BulkDeleter::stopQueued(const QString &why)
{
    m_stopped = true;
    for (const auto &lane : std::as_const(m_lanes)) {
        for (int index : std::as_const(lane->queue))
            settle(index, DeleteStatus::NotSent, why);
        lane->queue.clear();
        for (int index : std::as_const(lane->ready)) {
            settle(index, DeleteStatus::NotSent, why);
            onJournalThread([journal = m_journal, id = m_outcomes.at(index).journalId] {
                journal->discard(id);
            });
            m_outcomes[index].journalId.clear();
        }
        lane->ready.clear();
    }
}

void BulkDeleter::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    stopQueued(QStringLiteral("Cancelled before it was sent."));
    maybeVerify();
}

void BulkDeleter::maybeVerify()
{
    if (!m_running || m_verifying)
        return;
    for (const auto &lane : std::as_const(m_lanes)) {
        if (lane->inFlight > 0 || lane->backingUp > 0 || !lane->queue.isEmpty() ||
            !lane->ready.isEmpty())
            return;
    }
    m_verifying = true;
    emit verifying();
    m_lanesVerifying = 0;
    const auto lanes = m_lanes;
    for (const auto &lane : lanes) {
        if (!lane->sent.isEmpty()) {
            ++m_lanesVerifying;
            verify(*lane, kVerifyAttempts);
        }
    }
    maybeFinish();
}

// The gateway queues deletions, so a group may show for a moment after its 202: read
// again a few times before calling it still present.
void BulkDeleter::verify(Lane &lane, int attemptsLeft)
{
    lane.client->fetchMetrics([this, &lane, attemptsLeft](const MetricsResult &result) {
        QList<int> present;
        if (result.ok) {
            QSet<QString> ids;
            for (const Group &group : result.snapshot->groups)
                ids.insert(group.key.id());
            for (int index : std::as_const(lane.sent)) {
                const DeleteOutcome &outcome = m_outcomes.at(index);
                if (outcome.status == DeleteStatus::Deleted &&
                    ids.contains(outcome.target.group.key.id()))
                    present.append(index);
            }
            if (!present.isEmpty() && attemptsLeft > 1) {
                QTimer::singleShot(kVerifyRetryMs, this,
                                   [this, &lane, attemptsLeft] { verify(lane, attemptsLeft - 1); });
                return;
            }
        }
        for (int index : std::as_const(lane.sent)) {
            DeleteOutcome &outcome = m_outcomes[index];
            if (outcome.status != DeleteStatus::Deleted)
                continue;
            if (!result.ok) {
                outcome.error = QStringLiteral("Accepted, but not verified: %1").arg(result.error);
            } else if (present.contains(index)) {
                outcome.status = DeleteStatus::StillPresent;
                outcome.error = QStringLiteral("The gateway still reports this group: it was "
                                               "probably pushed again after the delete.");
                onJournalThread(
                    [journal = m_journal, id = outcome.journalId, note = outcome.error] {
                        journal->setStatus(id, QStringLiteral("still_present"), note);
                    });
            }
        }
        --m_lanesVerifying;
        maybeFinish();
    });
}

void BulkDeleter::maybeFinish()
{
    // Finished once every gateway is verified and the journal is written.
    if (!m_running || !m_verifying || m_lanesVerifying > 0 || m_journalWork > 0)
        return;
    m_running = false;
    emit finished();
}

} // namespace pushscope
