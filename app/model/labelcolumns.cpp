// GroupTableModel's optional label columns: one per chosen grouping label, after the fixed
// columns, so that they filter, sort and select like any other column.
#include "grouptablemodel.h"
#include "naturalsort.h"

#include <QSet>
#include <algorithm>

namespace pushscope {

namespace {

const QString kJob = QStringLiteral("job");

} // namespace

void GroupTableModel::setLabelColumns(const QStringList &labels)
{
    QStringList wanted;
    for (const QString &label : labels) {
        if (!label.isEmpty() && label != kJob && !wanted.contains(label))
            wanted.append(label);
    }
    // Columns no longer wanted go first, from the back; new ones are appended in order.
    for (int i = int(m_labelColumns.size()) - 1; i >= 0; --i) {
        if (wanted.contains(m_labelColumns.at(i)))
            continue;
        beginRemoveColumns({}, ColumnCount + i, ColumnCount + i);
        m_labelColumns.removeAt(i);
        endRemoveColumns();
    }
    for (const QString &label : std::as_const(wanted)) {
        if (m_labelColumns.contains(label))
            continue;
        const int column = ColumnCount + int(m_labelColumns.size());
        beginInsertColumns({}, column, column);
        m_labelColumns.append(label);
        endInsertColumns();
    }
}

int GroupTableModel::labelColumnOf(const QString &label) const
{
    const qsizetype i = m_labelColumns.indexOf(label);
    return i < 0 ? -1 : ColumnCount + int(i);
}

QStringList GroupTableModel::groupingLabels() const
{
    QSet<QString> seen;
    for (const Row &row : m_rows) {
        for (const auto &label : row.group.key.labels()) {
            if (label.first != kJob)
                seen.insert(label.first);
        }
    }
    QStringList labels(seen.cbegin(), seen.cend());
    std::sort(labels.begin(), labels.end(),
              [](const QString &a, const QString &b) { return naturalCompare(a, b) < 0; });
    return labels;
}

QVariant GroupTableModel::labelHeaderData(int labelColumn, int role) const
{
    if (labelColumn >= m_labelColumns.size())
        return {};
    if (role == Qt::DisplayRole)
        return m_labelColumns.at(labelColumn);
    if (role == Qt::ToolTipRole)
        return tr("The grouping label \"%1\"").arg(m_labelColumns.at(labelColumn));
    return {};
}

QVariant GroupTableModel::labelColumnData(int row, int labelColumn, int role) const
{
    const GroupingKey &key = m_rows.at(row).group.key;
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        return key.value(m_labelColumns.at(labelColumn));
    case Qt::TextAlignmentRole:
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case OutcomeRole:
    case OutOfDateRole:
    case GatewayIndexRole:
    case GroupingKeyRole:
    case AgeSecondsRole:
    case AmbiguousKeyRole:
    case Qt::ToolTipRole:
        // Row-wide roles read the same as in the job column.
        return data(index(row, JobColumn), role);
    default:
        return {};
    }
}

} // namespace pushscope
