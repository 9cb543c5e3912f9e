#include "grouptablemodel.h"

namespace pushscope {

bool GroupTableModel::isTextColumn(int column)
{
    return column == JobColumn || column == LabelsColumn || column == GatewayColumn ||
           column >= ColumnCount;
}

double GroupTableModel::sortNumber(int row, int column) const
{
    const Row &r = m_rows.at(row);
    switch (column) {
    case OutcomeColumn:
        return int(r.outcome);
    case AgeColumn: {
        // Older pushes sort as larger ages; stable while the age ticks. The push time is
        // moved to our clock, as ages are, so that gateways with other clocks sort right.
        const double pushed = r.group.lastActivityTime();
        return pushed > 0 ? -(pushed - m_gateways.at(r.gateway).clockOffsetSeconds) : 0.0;
    }
    case LastPushColumn:
        return r.group.pushTime;
    case LastFailureColumn:
        return OutcomeRules::lastFailureTime(r.group, r.metricsVerdict.outcome);
    case FamiliesColumn:
        return double(r.group.families.size());
    case CadenceColumn: // shortest interval first; "once" and no push last
        return r.cadence.intervalSeconds > 0 ? r.cadence.intervalSeconds : 1e300;
    default:
        return 0;
    }
}

QString GroupTableModel::sortText(int row, int column) const
{
    const Row &r = m_rows.at(row);
    if (column >= ColumnCount)
        return r.group.key.value(m_labelColumns.at(column - ColumnCount));
    switch (column) {
    case JobColumn:
        return r.job;
    case LabelsColumn:
        return r.labelsText;
    case GatewayColumn:
        return m_gateways.at(r.gateway).name;
    default:
        return {};
    }
}

} // namespace pushscope
