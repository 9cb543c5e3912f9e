#include "groupfilterproxy.h"

#include "grouptablemodel.h"
#include "naturalsort.h"

namespace pushscope {

GroupFilterProxy::GroupFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(GroupTableModel::SortRole);
    setFilterRole(GroupTableModel::GroupingKeyRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void GroupFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    disconnect(m_agesAdvanced);
    m_groups = qobject_cast<GroupTableModel *>(model);
    Q_ASSERT_X(m_groups || !model, "GroupFilterProxy", "the source must be a GroupTableModel");
    QSortFilterProxyModel::setSourceModel(model);
    if (m_groups) {
        // Only a minimum age depends on the clock; the sort by age (push time) does not.
        m_agesAdvanced = connect(m_groups, &GroupTableModel::agesAdvanced, this, [this] {
            if (m_minimumAge)
                refilter();
        });
    }
}

bool GroupFilterProxy::setFilterExpression(const QString &text, QString *error)
{
    if (looksLikeMatchers(text)) {
        LabelMatchers matchers;
        if (!parseMatchers(text, &matchers, error))
            return false;
        m_searchText.clear();
        setMatchers(matchers);
        return true;
    }
    m_matchers.clear();
    setSearchText(text);
    return true;
}

void GroupFilterProxy::setSearchText(const QString &text)
{
    m_searchText = text.trimmed();
    refilter();
}

void GroupFilterProxy::setMatchers(const LabelMatchers &matchers)
{
    m_matchers = matchers;
    refilter();
}

void GroupFilterProxy::setOutcomeFilter(std::optional<Outcome> outcome)
{
    m_outcome = outcome;
    refilter();
}

void GroupFilterProxy::setGatewayFilter(std::optional<int> gateway)
{
    m_gateway = gateway;
    refilter();
}

void GroupFilterProxy::setMinimumAge(std::optional<double> seconds)
{
    m_minimumAge = seconds;
    refilter();
}

void GroupFilterProxy::refilter()
{
    invalidateRowsFilter();
}

bool GroupFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_groups)
        return false;
    if (m_gateway && m_groups->gatewayAt(sourceRow) != *m_gateway)
        return false;
    const Group &group = m_groups->groupAt(sourceRow);
    if (!matchesAll(m_matchers, group))
        return false;
    if (m_outcome &&
        m_groups->index(sourceRow, 0).data(GroupTableModel::OutcomeRole).toInt() != int(*m_outcome))
        return false;
    if (m_minimumAge && !(m_groups->ageAt(sourceRow) > *m_minimumAge))
        return false;
    if (!m_searchText.isEmpty()) {
        const QStringList words = m_searchText.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QString haystack = group.key.toString() + QLatin1Char(' ') +
                                 m_groups->gatewayName(m_groups->gatewayAt(sourceRow));
        for (const QString &word : words) {
            if (!haystack.contains(word, Qt::CaseInsensitive))
                return false;
        }
    }
    return true;
}

int GroupFilterProxy::compareKeys(int leftRow, int rightRow) const
{
    const auto text = [this](int row, int column) {
        return m_groups->index(row, column).data().toString();
    };
    if (const int c = naturalCompare(m_groups->groupAt(leftRow).key.job(),
                                     m_groups->groupAt(rightRow).key.job()))
        return c;
    if (const int c = naturalCompare(text(leftRow, GroupTableModel::LabelsColumn),
                                     text(rightRow, GroupTableModel::LabelsColumn)))
        return c;
    if (const int c = m_groups->gatewayAt(leftRow) - m_groups->gatewayAt(rightRow))
        return c;
    return leftRow - rightRow;
}

bool GroupFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_groups)
        return QSortFilterProxyModel::lessThan(left, right);
    const int column = left.column();
    const bool text =
        column == GroupTableModel::JobColumn || column == GroupTableModel::LabelsColumn ||
        column == GroupTableModel::GatewayColumn || column >= GroupTableModel::ColumnCount;
    if (text) {
        if (const int c =
                naturalCompare(left.data(sortRole()).toString(), right.data(sortRole()).toString()))
            return c < 0;
    } else if (QSortFilterProxyModel::lessThan(left, right)) {
        return true;
    } else if (QSortFilterProxyModel::lessThan(right, left)) {
        return false;
    }
    return compareKeys(left.row(), right.row()) < 0;
}

} // namespace pushscope
