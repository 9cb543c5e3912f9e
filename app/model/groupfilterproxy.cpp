#include "groupfilterproxy.h"

#include "grouptablemodel.h"

namespace pushscope {

GroupFilterProxy::GroupFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(GroupTableModel::SortRole);
    // Never announced by the tick, so ticking ages neither re-sort nor re-filter.
    setFilterRole(GroupTableModel::GroupingKeyRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void GroupFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    m_groups = qobject_cast<GroupTableModel *>(model);
    Q_ASSERT_X(m_groups || !model, "GroupFilterProxy", "the source must be a GroupTableModel");
    QSortFilterProxyModel::setSourceModel(model);
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

} // namespace pushscope
