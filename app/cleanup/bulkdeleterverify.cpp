#include "bulkdeleter.h"

#include <QSet>
#include <QTimer>

// BulkDeleter's last stage: reading each gateway again to tell what its DELETEs did.

namespace pushscope {

namespace {

constexpr int kVerifyAttempts = 4;
constexpr int kVerifyRetryMs = 250;

} // namespace

void BulkDeleter::maybeVerify()
{
    if (!m_running || m_verifying || m_preparing || m_writing || !m_toBackUp.isEmpty() ||
        !m_backedUp.isEmpty())
        return;
    for (const auto &lane : std::as_const(m_lanes)) {
        if (lane->inFlight > 0 || !lane->ready.isEmpty())
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

// The gateway queues deletions, so a group may show for a moment after its DELETE: read
// again a few times before calling it present.
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
                if ((outcome.status == DeleteStatus::Deleted ||
                     outcome.status == DeleteStatus::Unknown) &&
                    ids.contains(outcome.target.group.key.id()))
                    present.append(index);
            }
            if (!present.isEmpty() && attemptsLeft > 1) {
                QTimer::singleShot(kVerifyRetryMs, this,
                                   [this, &lane, attemptsLeft] { verify(lane, attemptsLeft - 1); });
                return;
            }
        }
        resolve(lane, result, present);
        --m_lanesVerifying;
        maybeFinish();
    });
}

void BulkDeleter::resolve(Lane &lane, const MetricsResult &result, const QList<int> &present)
{
    for (int index : std::as_const(lane.sent)) {
        DeleteOutcome &outcome = m_outcomes[index];
        const bool there = present.contains(index);
        const int sequence = sequenceOf(index);
        if (outcome.status == DeleteStatus::Deleted) {
            if (!result.ok) {
                outcome.error = QStringLiteral("Accepted, but not verified: %1").arg(result.error);
            } else if (there) {
                outcome.status = DeleteStatus::StillPresent;
                outcome.error = QStringLiteral("The gateway still reports this group: it was "
                                               "probably pushed again after the delete.");
                m_results.append({sequence, JournalStatus::stillPresent(), outcome.error});
            }
        } else if (outcome.status == DeleteStatus::Unknown) {
            const QString answer = outcome.error;
            if (!result.ok) {
                outcome.error =
                    QStringLiteral("Unknown: the DELETE got no clear answer (%1) and the gateway "
                                   "could not be read again (%2). The group may be gone; its "
                                   "backup %3 is kept (pushscope restore --list).")
                        .arg(answer, result.error, outcome.journalId);
                m_results.append({sequence, JournalStatus::unknown(), outcome.error});
            } else if (there) {
                outcome.status = DeleteStatus::Failed;
                outcome.error = QStringLiteral("Not deleted: the DELETE failed (%1) and the "
                                               "gateway still has the group.")
                                    .arg(answer);
                m_results.append({sequence, JournalStatus::notDeleted(), outcome.error});
            } else {
                outcome.status = DeleteStatus::Deleted;
                outcome.error.clear();
                m_results.append(
                    {sequence, JournalStatus::deleted(),
                     QStringLiteral("The DELETE got no clear answer (%1), but the gateway no "
                                    "longer has the group.")
                         .arg(answer)});
            }
        }
    }
}

} // namespace pushscope
