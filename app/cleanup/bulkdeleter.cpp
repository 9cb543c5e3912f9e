#include "bulkdeleter.h"

#include "gateway/unsupportedbackup.h"

#include <QSet>
#include <QTimer>
#include <map>
#include <system_error>
#include <thread>
#include <vector>

namespace pushscope {

namespace {

// Backups per sync; also how far backups run ahead of the requests.
constexpr int kChunk = 256;

// Formats each target's backup. This is most of a batch's preparation (~20 µs a group) and
// nothing is sent before it ends, so a large batch is split over the cores.
std::vector<RestorableBody> formatBackups(const QList<DeleteTarget> &targets,
                                          const std::map<QString, GatewayExposition> &expositions)
{
    std::vector<RestorableBody> backups(size_t(targets.size()));
    const auto format = [&](qsizetype from, qsizetype to) {
        for (qsizetype i = from; i < to; ++i) {
            const DeleteTarget &target = targets.at(i);
            backups[size_t(i)] =
                needsExposition(target.group)
                    ? toRestorableBody(target.group, expositions.at(target.endpoint.text()))
                    : toRestorableBody(target.group);
        }
    };
    constexpr qsizetype kPerThreadAtLeast = 1024;
    const qsizetype parts = std::clamp<qsizetype>(
        std::min<qsizetype>(QThread::idealThreadCount(), targets.size() / kPerThreadAtLeast), 1, 4);
    std::vector<std::thread> helpers;
    const qsizetype step = (targets.size() + parts - 1) / parts;
    for (qsizetype part = 1; part < parts; ++part) {
        const qsizetype from = part * step;
        const qsizetype to = std::min(targets.size(), (part + 1) * step);
        try {
            helpers.emplace_back(format, from, to);
        } catch (const std::system_error &) { // no thread to be had: this one does it
            format(from, to);
        }
    }
    format(0, std::min(targets.size(), step));
    for (std::thread &helper : helpers)
        helper.join();
    return backups;
}

} // namespace

// The journal thread's own state; the GUI thread only hands it work.
struct BulkDeleter::JournalSide {
    std::unique_ptr<JournalBatch> batch;
    QHash<int, RestorableBody> bodies; // by outcome index, until written
    QHash<int, QString> notRestorable; // by outcome index: why no backup could restore it
    QString error;                     // the first failure: nothing more is written
};

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
    case DeleteStatus::Unknown:
        return QStringLiteral("unknown");
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

BulkDeleter::Lane &BulkDeleter::laneOf(int index)
{
    return *m_lanes.value(m_outcomes.at(index).target.endpoint.text());
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
    QList<int> toDelete;
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
            lane->client->setDeletePipelineDepth(
                (m_concurrency + GatewayClient::kDeleteConnections - 1) /
                GatewayClient::kDeleteConnections);
        }
        toDelete.append(i);
    }
    emit progress(m_finished, int(m_outcomes.size()));
    if (!toDelete.isEmpty())
        fetchExpositions(toDelete);
    maybeVerify();
}

// Groups with families the JSON API cannot show are backed up from the gateway's protobuf
// /metrics: read once per gateway that has such a group, before the backups are formatted.
void BulkDeleter::fetchExpositions(const QList<int> &indexes)
{
    QSet<QString> gateways;
    for (int index : indexes) {
        const DeleteTarget &target = m_outcomes.at(index).target;
        if (needsExposition(target.group))
            gateways.insert(target.endpoint.text());
    }
    if (gateways.isEmpty()) {
        begin(indexes, {});
        return;
    }
    m_preparing = true;
    auto fetched = std::make_shared<QHash<QString, ExpositionResult>>();
    for (auto lane = m_lanes.cbegin(); lane != m_lanes.cend(); ++lane) {
        if (!gateways.contains(lane.key()))
            continue;
        lane.value()->client->fetchExposition(
            [this, fetched, gateway = lane.key(), indexes,
             count = gateways.size()](const ExpositionResult &result) {
                fetched->insert(gateway, result);
                if (fetched->size() == count)
                    begin(indexes, *fetched);
            });
    }
}

// Sizes the batch (the backups are formatted here, off the GUI thread, and kept until
// written) and opens its journal file, or refuses the whole batch.
void BulkDeleter::begin(const QList<int> &indexes,
                        const QHash<QString, ExpositionResult> &expositions)
{
    m_preparing = true;
    auto side = std::make_shared<JournalSide>();
    m_side = side;
    QList<DeleteTarget> targets;
    for (int index : indexes)
        targets.append(m_outcomes.at(index).target);
    onJournalThread(
        [journal = m_journal, side, targets, indexes, expositions] {
            std::map<QString, GatewayExposition> parsed; // each gateway's read once, if needed
            for (const DeleteTarget &target : targets) {
                const QString gateway = target.endpoint.text();
                if (needsExposition(target.group) && parsed.count(gateway) == 0) {
                    const ExpositionResult fetched = expositions.value(gateway);
                    parsed.emplace(gateway, fetched.ok
                                                ? GatewayExposition::fromBody(fetched.body.joined())
                                                : GatewayExposition::failed(fetched.error));
                }
            }
            const std::vector<RestorableBody> backups = formatBackups(targets, parsed);
            qint64 estimate = 0;
            for (qsizetype i = 0; i < targets.size(); ++i) {
                const RestorableBody &backup = backups[size_t(i)];
                if (!backup.isRestorable()) {
                    side->notRestorable.insert(indexes.at(i), backup.whyNot);
                    continue;
                }
                estimate += DeleteJournal::estimateEntryBytes(
                    targets.at(i).endpoint.text(), targets.at(i).group.key, backup.body.size());
                side->bodies.insert(indexes.at(i), backup);
            }
            if (side->bodies.isEmpty())
                return;
            side->batch = journal->beginBatch(estimate, &side->error);
            if (!side->batch)
                side->bodies.clear();
        },
        [this, side, indexes] {
            m_preparing = false;
            QList<int> restorable;
            for (int index : indexes) {
                const QString whyNot = side->notRestorable.value(index);
                if (whyNot.isEmpty())
                    restorable.append(index);
                else
                    settle(
                        index, DeleteStatus::NotSent,
                        QStringLiteral("Not deleted: no backup could restore it. %1").arg(whyNot));
            }
            if (restorable.isEmpty())
                return;
            if (!side->batch)
                m_journalError = side->error;
            if (!side->batch || m_stopped) {
                const QString why =
                    side->batch ? QStringLiteral("Cancelled before it was sent.") : side->error;
                for (int index : restorable)
                    settle(index, DeleteStatus::NotSent, why);
                m_stopped = true;
                m_backupsStopped = true;
                return;
            }
            m_toBackUp = restorable;
            pump();
        });
}

void BulkDeleter::pump()
{
    qsizetype ready = 0;
    for (const auto &lane : std::as_const(m_lanes))
        ready += lane->ready.size();
    if (!m_backupsStopped && !m_writing && !m_preparing && ready < kChunk &&
        (!m_toBackUp.isEmpty() || !m_backedUp.isEmpty()))
        writeChunk();
    for (const auto &lane : std::as_const(m_lanes)) {
        while (!m_stopped && lane->inFlight < m_concurrency && !lane->ready.isEmpty())
            send(*lane, lane->ready.takeFirst());
    }
}

// One write and one sync: results so far, SENT for the groups backed up by the previous
// chunk (their DELETEs go out after this sync), and the next chunk's backups.
void BulkDeleter::writeChunk()
{
    m_writing = true;
    const QList<int> toMark = std::exchange(m_backedUp, {});
    const QList<int> toBackUp = m_toBackUp.mid(0, kChunk);
    m_toBackUp.remove(0, toBackUp.size());
    QList<int> sequences;
    for (int index : toMark)
        sequences.append(sequenceOf(index));
    QList<std::pair<int, JournalEntry>> entries;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int index : toBackUp) {
        const DeleteTarget &target = m_outcomes.at(index).target;
        JournalEntry entry;
        entry.gateway = target.endpoint.text();
        entry.key = target.group.key;
        entry.deletedAt = now;
        entry.outcomeBefore = target.outcomeBefore;
        entry.pushTime = target.group.pushTime;
        entries.append({index, entry});
    }
    auto ok = std::make_shared<bool>(false);
    onJournalThread(
        [side = m_side, results = std::exchange(m_results, {}), sequences, entries, ok]() mutable {
            if (!side->error.isEmpty())
                return;
            side->batch->addResults(results);
            if (!sequences.isEmpty())
                side->batch->addSent(sequences);
            for (auto &[index, entry] : entries) {
                RestorableBody backup = side->bodies.take(index);
                entry.metricsText = std::move(backup.body);
                entry.contentType = std::move(backup.contentType);
                side->batch->addBackup(entry, sequenceOf(index));
            }
            *ok = side->batch->commit(&side->error);
        },
        [this, side = m_side, toMark, toBackUp, ok] {
            m_writing = false;
            if (!*ok) {
                m_journalError = side->error;
                const QString why =
                    QStringLiteral("Stopped: %1 Nothing more was sent.").arg(side->error);
                for (int index : toMark + toBackUp)
                    settle(index, DeleteStatus::NotSent, why);
                // DELETEs whose backup and SENT record are on disk still go out.
                stopQueued(why, false);
                pump();
                return;
            }
            for (int index : toMark) {
                if (m_stopped) { // recorded as sent, but never sent
                    settle(index, DeleteStatus::NotSent,
                           QStringLiteral("Cancelled before it was sent."));
                    m_results.append({sequenceOf(index), JournalStatus::notSent(), {}});
                } else {
                    laneOf(index).ready.append(index);
                }
            }
            for (int index : toBackUp) {
                m_outcomes[index].journalId = side->batch->entryId(sequenceOf(index));
                if (m_stopped)
                    settle(index, DeleteStatus::NotSent,
                           QStringLiteral("Cancelled before it was sent."));
                else
                    m_backedUp.append(index);
            }
            pump();
        });
}

void BulkDeleter::send(Lane &lane, int index)
{
    ++lane.inFlight;
    lane.sent.append(index);
    lane.client->deleteGroup(
        m_outcomes.at(index).target.group.key, [this, &lane, index](const WriteResult &result) {
            --lane.inFlight;
            m_outcomes[index].httpStatus = result.httpStatus;
            if (result.ok) {
                settle(index, DeleteStatus::Deleted, {});
                m_results.append({sequenceOf(index), JournalStatus::deleted(), {}});
            } else {
                // The gateway may have deleted it anyway: the re-read decides.
                settle(index, DeleteStatus::Unknown, result.error);
            }
            pump();
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

void BulkDeleter::stopQueued(const QString &why, bool alsoRecordedAsSent)
{
    m_backupsStopped = true;
    m_stopped = m_stopped || alsoRecordedAsSent;
    for (int index : std::exchange(m_toBackUp, {}))
        settle(index, DeleteStatus::NotSent, why);
    for (int index : std::exchange(m_backedUp, {}))
        settle(index, DeleteStatus::NotSent, why); // the journal reads "not sent"
    if (!alsoRecordedAsSent)
        return;
    for (const auto &lane : std::as_const(m_lanes)) {
        for (int index : std::exchange(lane->ready, {})) {
            settle(index, DeleteStatus::NotSent, why);
            m_results.append({sequenceOf(index), JournalStatus::notSent(), {}});
        }
    }
}

void BulkDeleter::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    stopQueued(QStringLiteral("Cancelled before it was sent."), true);
    maybeVerify();
}

void BulkDeleter::maybeFinish()
{
    // Finished once every gateway is verified and the results are in the journal.
    if (!m_running || !m_verifying || m_lanesVerifying > 0 || m_journalWork > 0)
        return;
    if (!m_resultsFlushed && m_side && m_side->batch) {
        m_resultsFlushed = true;
        onJournalThread([side = m_side, results = std::exchange(m_results, {})] {
            if (side->error.isEmpty()) {
                side->batch->addResults(results);
                side->batch->commit(&side->error);
            }
            side->batch.reset(); // ended: its file may now be restored from, or dropped
        });
        return;
    }
    if (m_side && !m_side->error.isEmpty() && m_journalError.isEmpty())
        m_journalError = m_side->error; // results not recorded: the entries read "unknown"
    m_running = false;
    emit finished();
}

} // namespace pushscope
