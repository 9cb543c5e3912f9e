#include "grouptablemodel.h"

#include "duration.h"
#include "timeformat.h"

#include <QDateTime>

namespace pushscope {

namespace {

// Calls `emitRange(first, last)` for each run of consecutive numbers in sorted `rows`.
template<typename F> void forEachRun(QList<int> rows, F emitRange)
{
    std::sort(rows.begin(), rows.end());
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        emitRange(rows.at(i), rows.at(j));
        i = j + 1;
    }
}

QString cadenceTip(const CadenceEstimate &cadence, double lateFactor)
{
    if (cadence.kind == CadenceEstimate::Kind::Unknown)
        return {};
    QString tip = QStringLiteral("Learned from %1 distinct push times, seen while polling or read "
                                 "from the history of a Prometheus that scrapes the gateway.")
                      .arg(cadence.pushes);
    if (const double late = OutcomeRules::lateThreshold(cadence, lateFactor); late > 0)
        tip += QStringLiteral(" Late after %1 without a push.").arg(formatDuration(late));
    else
        tip += QStringLiteral(" Without a regular cadence only the stale threshold applies.");
    return tip;
}

} // namespace

GroupTableModel::GroupTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_localClock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &GroupTableModel::tick);
}

void GroupTableModel::setTicking(bool ticking)
{
    if (ticking)
        m_ticker.start();
    else
        m_ticker.stop();
}

int GroupTableModel::addGateway(const QString &name)
{
    GatewayState state;
    state.name = name;
    m_gateways.append(std::move(state));
    return int(m_gateways.size()) - 1;
}

QString GroupTableModel::rowKey(int gateway, const QString &id) const
{
    return QString::number(gateway) + QChar(0x1d) + id;
}

void GroupTableModel::rebuildIndex()
{
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(rowKey(m_rows.at(i).gateway, m_rows.at(i).id), i);
}

void GroupTableModel::applySnapshot(int gateway, const Snapshot &snapshot,
                                    double clockOffsetSeconds)
{
    applySnapshot(gateway, prepareSnapshot(snapshot), clockOffsetSeconds);
}

void GroupTableModel::applySnapshot(int gateway, const PreparedSnapshot &snapshot,
                                    double clockOffsetSeconds)
{
    Q_ASSERT(gateway >= 0 && gateway < m_gateways.size());
    GatewayState &state = m_gateways[gateway];
    const bool wasOutOfDate = state.outOfDate;
    // Only what changed since the snapshot merged last needs a look (rows of groups that
    // were not pushed keep their outcome until the tick moves their age on); otherwise, and
    // to clear the out-of-date look, every group of the gateway.
    const bool onlyChanges =
        !wasOutOfDate && snapshot.basedOn != 0 && snapshot.basedOn == state.mergedSerial;
    state.mergedSerial = snapshot.serial;
    state.clockOffsetSeconds = clockOffsetSeconds;
    state.outOfDate = false;
    state.error.clear();

    QList<int> gone;
    if (onlyChanges) {
        for (const QString &id : snapshot.goneIds) {
            if (const int row = m_rowById.value(rowKey(gateway, id), -1); row >= 0)
                gone.append(row);
        }
    } else {
        for (int i = 0; i < m_rows.size(); ++i) {
            const Row &row = m_rows.at(i);
            if (row.gateway == gateway && !snapshot.indexById.contains(row.id))
                gone.append(i);
        }
    }
    eraseRows(gone);

    QList<int> changed;
    QList<const PreparedGroup *> added;
    const auto merge = [&](const PreparedGroup &prepared) {
        const auto found = m_rowById.constFind(rowKey(gateway, prepared.id));
        if (found == m_rowById.cend()) {
            added.append(&prepared);
            return;
        }
        Row &row = m_rows[found.value()];
        // Every push, successful or not, moves one of the two push times.
        const bool pushed = row.group.pushTime != prepared.group.pushTime ||
                            row.group.pushFailureTime != prepared.group.pushFailureTime ||
                            row.group.lastPushSuccessful != prepared.group.lastPushSuccessful;
        if (pushed) {
            row.group = prepared.group;
            row.metricsVerdict = prepared.metricsVerdict;
            row.labelsText = prepared.labelsText;
            learnCadence(&row);
        }
        const Outcome outcome = computeOutcome(row);
        if (pushed || wasOutOfDate || outcome != row.outcome) {
            row.outcome = outcome;
            changed.append(found.value());
        }
    };
    if (onlyChanges) {
        for (const qsizetype i : snapshot.changed)
            merge(snapshot.groups.at(i));
    } else {
        for (const PreparedGroup &prepared : snapshot.groups)
            merge(prepared);
    }
    appendRows(gateway, added);
    emitRowRanges(changed, {});
    if (!onlyChanges || !gone.isEmpty() || !changed.isEmpty() || !added.isEmpty())
        emit summaryChanged();
}

void GroupTableModel::eraseRows(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    emit rowsAboutToGo(rows);
    if (rows.size() >= kLayoutRemovalRows)
        eraseRowsInOneLayoutChange(rows);
    else
        eraseRowRuns(std::move(rows));
    emit rowsGone();
}

void GroupTableModel::eraseRowRuns(QList<int> rows)
{
    // Remove from the back so earlier row numbers stay valid.
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) - 1)
            ++j;
        const int first = rows.at(j);
        const int last = rows.at(i);
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        i = j + 1;
    }
    rebuildIndex();
}

// Every run of removed rows costs each view of a sorted proxy a pass over all its rows (the
// proxy removes the run's rows one run of its own at a time, and QHeaderView walks every
// section for each): 5,000 scattered groups leaving 50,000 sorted rows froze the window for
// ~2 s, a gateway's 10,000 ~0.9 s. Many rows go instead in one layout change, which the
// proxy answers with one sort and the views with one layout; persistent indexes (selection,
// current row) of the rows that stay follow them, those of the rows that go become invalid.
void GroupTableModel::eraseRowsInOneLayoutChange(const QList<int> &rows)
{
    emit layoutAboutToBeChanged();
    std::vector<int> newRow(size_t(m_rows.size()), 0);
    for (int row : rows)
        newRow[size_t(row)] = -1;
    QList<Row> kept;
    kept.reserve(m_rows.size() - rows.size());
    for (int row = 0; row < m_rows.size(); ++row) {
        if (newRow[size_t(row)] < 0)
            continue;
        newRow[size_t(row)] = int(kept.size());
        kept.append(std::move(m_rows[row]));
    }
    m_rows = std::move(kept);
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before) {
        const int row = newRow[size_t(index.row())];
        after.append(row < 0 ? QModelIndex() : createIndex(row, index.column()));
    }
    changePersistentIndexList(before, after);
    rebuildIndex();
    emit layoutChanged();
}

void GroupTableModel::appendRows(int gateway, const QList<const PreparedGroup *> &added)
{
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    // No reserve(): Qt 6.4's QList::reserve copies every row into the new block, where growing
    // by append moves them.
    for (const PreparedGroup *prepared : added) {
        Row row;
        row.gateway = gateway;
        row.group = prepared->group;
        row.id = prepared->id;
        row.metricsVerdict = prepared->metricsVerdict;
        row.labelsText = prepared->labelsText;
        row.job = prepared->group.key.job();
        if (!m_gateways.at(gateway).seededPushTimes.isEmpty()) {
            const QList<double> seed = m_gateways[gateway].seededPushTimes.take(row.id);
            recordSeed(&row, seed);
        }
        learnCadence(&row);
        row.outcome = computeOutcome(row);
        m_rowById.insert(rowKey(gateway, row.id), int(m_rows.size()));
        m_rows.append(std::move(row));
    }
    endInsertRows();
}

void GroupTableModel::markGatewayFailed(int gateway, const QString &error)
{
    Q_ASSERT(gateway >= 0 && gateway < m_gateways.size());
    GatewayState &state = m_gateways[gateway];
    const bool changedState = !state.outOfDate;
    state.outOfDate = true;
    state.error = error;
    if (changedState) {
        QList<int> rows;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_rows.at(i).gateway == gateway)
                rows.append(i);
        }
        emitRowRanges(rows, {OutOfDateRole, Qt::ToolTipRole, Qt::ForegroundRole});
    }
    emit summaryChanged();
}

// A sorted proxy answers each dataChanged that spans its sort column with a pass over all its
// rows: hundreds of scattered runs (5 % of 10,000 groups re-pushed) cost more than one
// change over the span that holds them all, which it re-sorts once.
void GroupTableModel::emitRowRanges(const QList<int> &rows, const QList<int> &roles)
{
    QList<std::pair<int, int>> runs;
    forEachRun(rows, [&](int first, int last) { runs.append({first, last}); });
    if (runs.size() > kMaxChangedRuns)
        runs = {{runs.first().first, runs.last().second}};
    for (const auto &[first, last] : std::as_const(runs))
        emit dataChanged(index(first, 0), index(last, columnCount() - 1), roles);
}

void GroupTableModel::setGatewayName(int gateway, const QString &name)
{
    Q_ASSERT(gateway >= 0 && gateway < m_gateways.size());
    if (m_gateways.at(gateway).name == name)
        return;
    m_gateways[gateway].name = name;
    QList<int> rows;
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).gateway == gateway)
            rows.append(row);
    emitRowRanges(rows, {Qt::DisplayRole});
}

int GroupTableModel::rowOf(int gateway, const GroupingKey &key) const
{
    return m_rowById.value(rowKey(gateway, key.id()), -1);
}

int GroupTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GroupTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount + int(m_labelColumns.size());
}

QVariant GroupTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.column() >= ColumnCount)
        return labelColumnData(index.row(), index.column() - ColumnCount, role);
    const Row &row = m_rows.at(index.row());
    const Group &group = row.group;
    const pushscope::Outcome outcome = row.outcome;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case JobColumn:
            return group.key.job();
        case LabelsColumn:
            return row.labelsText;
        case OutcomeColumn:
            return outcomeName(outcome);
        case AgeColumn:
            return group.lastActivityTime() > 0 ? formatAge(ageAt(index.row()))
                                                : QStringLiteral("never");
        case LastPushColumn:
            return formatTimestamp(group.pushTime);
        case LastFailureColumn:
            return formatTimestamp(
                OutcomeRules::lastFailureTime(group, row.metricsVerdict.outcome));
        case FamiliesColumn:
            return int(group.families.size());
        case GatewayColumn:
            return m_gateways.at(row.gateway).name;
        case CadenceColumn:
            return Cadence::format(row.cadence);
        case ColumnCount:
            break;
        }
        break;
    case SortRole:
        if (isTextColumn(index.column()))
            return sortText(index.row(), index.column());
        return sortNumber(index.row(), index.column());
    case Qt::ToolTipRole: {
        QString tip;
        if (index.column() == OutcomeColumn)
            tip = verdictAt(index.row()).reason;
        else if (index.column() == AgeColumn)
            tip = QStringLiteral("Time since the last push, on the gateway's clock.");
        else if (index.column() == CadenceColumn)
            tip = cadenceTip(row.cadence, m_lateFactor);
        if (group.key.isAmbiguous())
            tip += QStringLiteral("\nThe gateway's reply hid this group's exact key (it has a "
                                  "family named \"labels\"); it cannot be deleted from here.");
        if (m_gateways.at(row.gateway).outOfDate)
            tip += QStringLiteral("\nOut of date: %1").arg(m_gateways.at(row.gateway).error);
        return tip.trimmed().isEmpty() ? QVariant() : QVariant(tip.trimmed());
    }
    case Qt::TextAlignmentRole:
        if (index.column() == AgeColumn || index.column() == FamiliesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case OutcomeRole:
        return int(outcome);
    case OutOfDateRole:
        return m_gateways.at(row.gateway).outOfDate;
    case GatewayIndexRole:
        return row.gateway;
    case GroupingKeyRole:
        return group.key.toString();
    case AgeSecondsRole:
        return ageAt(index.row());
    case AmbiguousKeyRole:
        return group.key.isAmbiguous();
    default:
        break;
    }
    return {};
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section >= ColumnCount)
        return labelHeaderData(section - ColumnCount, role);
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        static const char *const titles[] = {"Job",      "Labels",    "Outcome",
                                             "Age",      "Last push", "Last failure",
                                             "Families", "Gateway",   "Cadence"};
        static_assert(std::size(titles) == ColumnCount);
        return tr(titles[section]);
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case LabelsColumn:
            return tr("Grouping labels other than job");
        case AgeColumn:
            return tr("Time since the last push (successful or not), on the gateway's clock");
        case FamiliesColumn:
            return tr("Metric families pushed, without push_time_seconds and "
                      "push_failure_time_seconds");
        case CadenceColumn:
            return tr("How often the group is pushed: the median interval ± the median deviation "
                      "from it, learned from the pushes seen while polling and from Prometheus' "
                      "history");
        default:
            break;
        }
    }
    return {};
}

} // namespace pushscope
