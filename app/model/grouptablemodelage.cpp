// GroupTableModel: what time does to a row — push ages, the cadence learned from the push
// times seen on polls, and the stale and late outcomes that follow from them.

#include "grouptablemodel.h"

#include <algorithm>

namespace pushscope {

void GroupTableModel::setStaleAfter(double seconds)
{
    if (m_staleAfterSeconds == seconds)
        return;
    m_staleAfterSeconds = seconds;
    tick();
}

void GroupTableModel::setGatewayStaleAfter(int gateway, std::optional<double> seconds)
{
    Q_ASSERT(gateway >= 0 && gateway < m_gateways.size());
    if (m_gateways.at(gateway).staleAfterSeconds == seconds)
        return;
    m_gateways[gateway].staleAfterSeconds = seconds;
    tick();
}

double GroupTableModel::staleAfter(int gateway) const
{
    return m_gateways.at(gateway).staleAfterSeconds.value_or(m_staleAfterSeconds);
}

void GroupTableModel::setLateFactor(double factor)
{
    if (m_lateFactor == factor)
        return;
    m_lateFactor = factor;
    tick();
}

double GroupTableModel::gatewayNow(int gateway) const
{
    return m_localClock() / 1000.0 + m_gateways.at(gateway).clockOffsetSeconds;
}

double GroupTableModel::ageAt(int row) const
{
    const Row &r = m_rows.at(row);
    return pushAgeSeconds(r.group.lastActivityTime(), gatewayNow(r.gateway));
}

void GroupTableModel::learnCadence(Row *row)
{
    // The push times as the gateway recorded them, on its clock: no offset is involved.
    const qsizetype before = row->pushTimes.size();
    const double newest = row->pushTimes.isEmpty() ? 0 : row->pushTimes.constLast();
    Cadence::recordPushTime(&row->pushTimes, row->group.lastActivityTime());
    if (row->pushTimes.size() != before || row->pushTimes.constLast() != newest)
        row->cadence = Cadence::estimate(row->pushTimes);
}

bool GroupTableModel::recordSeed(Row *row, const QList<double> &pushTimes)
{
    const QList<double> before = row->pushTimes;
    for (const double pushTime : pushTimes)
        Cadence::recordPushTime(&row->pushTimes, pushTime);
    if (row->pushTimes == before)
        return false;
    row->cadence = Cadence::estimate(row->pushTimes);
    return true;
}

void GroupTableModel::seedPushTimes(int gateway, QHash<QString, QList<double>> pushTimesById)
{
    Q_ASSERT(gateway >= 0 && gateway < m_gateways.size());
    QList<int> changed;
    bool outcomeFlipped = false;
    for (auto it = pushTimesById.begin(); it != pushTimesById.end();) {
        const int row = m_rowById.value(rowKey(gateway, it.key()), -1);
        if (row < 0) {
            ++it;
            continue;
        }
        Row &r = m_rows[row];
        if (recordSeed(&r, it.value())) {
            changed.append(row);
            const Outcome outcome = computeOutcome(r);
            outcomeFlipped = outcomeFlipped || outcome != r.outcome;
            r.outcome = outcome;
        }
        it = pushTimesById.erase(it);
    }
    m_gateways[gateway].seededPushTimes = std::move(pushTimesById);
    std::sort(changed.begin(), changed.end());
    emitRowRanges(changed, {});
    if (outcomeFlipped)
        emit summaryChanged();
}

Outcome GroupTableModel::computeOutcome(const Row &row) const
{
    const double age = pushAgeSeconds(row.group.lastActivityTime(), gatewayNow(row.gateway));
    return OutcomeRules::ageOutcome(row.metricsVerdict, age, staleAfter(row.gateway), row.cadence,
                                    m_lateFactor);
}

Verdict GroupTableModel::verdictAt(int row) const
{
    const Row &r = m_rows.at(row);
    return OutcomeRules::withAge(r.metricsVerdict, ageAt(row), staleAfter(r.gateway), r.cadence,
                                 m_lateFactor);
}

void GroupTableModel::tick()
{
    if (m_rows.isEmpty())
        return;
    QList<int> flipped;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const Outcome outcome = computeOutcome(row);
        if (outcome != row.outcome) {
            row.outcome = outcome;
            flipped.append(i);
        }
    }
    emit agesAdvanced();
    if (!flipped.isEmpty()) {
        emitRowRanges(flipped, {});
        emit summaryChanged();
    }
}

OutcomeCounts GroupTableModel::outcomeCounts(int gateway) const
{
    OutcomeCounts counts{};
    for (const Row &row : m_rows) {
        if (gateway >= 0 && row.gateway != gateway)
            continue;
        ++counts[size_t(row.outcome)];
    }
    return counts;
}

QList<OutcomeCounts> GroupTableModel::outcomeCountsByGateway() const
{
    QList<OutcomeCounts> counts(m_gateways.size(), OutcomeCounts{});
    for (const Row &row : m_rows)
        ++counts[row.gateway][size_t(row.outcome)];
    return counts;
}

} // namespace pushscope
