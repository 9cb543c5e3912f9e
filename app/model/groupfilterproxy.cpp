#include "groupfilterproxy.h"

#include "grouptablemodel.h"
#include "naturalsort.h"

#include <algorithm>

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
    for (const QMetaObject::Connection &connection : std::as_const(m_bulkConnections))
        disconnect(connection);
    m_bulkConnections.clear();
    m_groups = qobject_cast<GroupTableModel *>(model);
    Q_ASSERT_X(m_groups || !model, "GroupFilterProxy", "the source must be a GroupTableModel");
    // Connected before the base class's own slots, so that it runs first.
    if (m_groups) {
        m_bulkConnections = {
            // Many rows removed at once come as a layout change, answered by one sort.
            connect(m_groups, &QAbstractItemModel::layoutChanged, this,
                    [this] { readSortKeys(sortColumn()); }),
            connect(m_groups, &QAbstractItemModel::rowsAboutToBeInserted, this,
                    &GroupFilterProxy::beginBulk),
            connect(m_groups, &QAbstractItemModel::dataChanged, this,
                    [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                        beginBulk(topLeft.parent(), topLeft.row(), bottomRight.row());
                    })};
    }
    QSortFilterProxyModel::setSourceModel(model);
    if (m_groups) {
        // ... and these after them.
        m_bulkConnections.append(
            connect(m_groups, &QAbstractItemModel::rowsInserted, this, [this] { endBulk(false); }));
        m_bulkConnections.append(
            connect(m_groups, &QAbstractItemModel::dataChanged, this, [this] { endBulk(true); }));
        m_bulkConnections.append(connect(m_groups, &QAbstractItemModel::layoutChanged, this,
                                         &GroupFilterProxy::dropSortKeys));
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
        QString why;
        if (!parseMatchers(text, &matchers, &why)) {
            m_searchText.clear();
            m_matchers.clear();
            m_filterError = why;
            refilter();
            if (error)
                *error = why;
            return false;
        }
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
    m_filterError.clear();
    refilter();
}

void GroupFilterProxy::setMatchers(const LabelMatchers &matchers)
{
    m_matchers = matchers;
    m_filterError.clear();
    refilter();
}

void GroupFilterProxy::setOutcomeFilter(const QList<Outcome> &outcomes)
{
    m_outcomes.reset();
    for (Outcome outcome : outcomes)
        m_outcomes.set(size_t(outcome));
    if (m_outcomes.all())
        m_outcomes.reset();
    refilter();
}

void GroupFilterProxy::setOutcomeFilter(std::optional<Outcome> outcome)
{
    setOutcomeFilter(outcome ? QList<Outcome>{*outcome} : QList<Outcome>{});
}

QList<Outcome> GroupFilterProxy::outcomeFilter() const
{
    QList<Outcome> outcomes;
    for (int i = 0; i < kOutcomeCount; ++i) {
        if (m_outcomes.test(size_t(i)))
            outcomes.append(Outcome(i));
    }
    return outcomes;
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

// A sorted QSortFilterProxyModel places inserted rows one run at a time, and re-sorts changed
// rows one run at a time; every run costs a pass over all its rows (and an insert one more
// to every view): 10,000 new rows spread over 40,000 sorted ones took ~0.6 s, and 500
// re-pushed groups spread over 50,000 rows ~1 s. Big batches are instead taken in with
// dynamic sorting off (appended, or changed in place) and then every row is filtered again
// (when a filter is set) and sorted once: a layout change; selection and current row survive.
void GroupFilterProxy::beginBulk(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || last - first + 1 < kBulkRows || sortColumn() < 0 ||
        !dynamicSortFilter())
        return;
    m_inBulk = true;
    setDynamicSortFilter(false);
}

void GroupFilterProxy::endBulk(bool refilterRows)
{
    if (!m_inBulk)
        return;
    m_inBulk = false;
    if (refilterRows && isFiltering())
        refilter();
    withSortKeys(sortColumn(), [this] { setDynamicSortFilter(true); }); // sorts every row once
}

void GroupFilterProxy::sort(int column, Qt::SortOrder order)
{
    withSortKeys(column, [&] { QSortFilterProxyModel::sort(column, order); });
}

// A sort of 50,000 rows makes about a million comparisons; reading each row's value from the
// model's rows was mostly cache misses (~100 ms). Numeric columns are read once into one
// array for the length of the sort.
void GroupFilterProxy::withSortKeys(int column, const std::function<void()> &sortRows)
{
    readSortKeys(column);
    sortRows();
    dropSortKeys();
}

void GroupFilterProxy::readSortKeys(int column)
{
    if (m_groups && column >= 0 && !GroupTableModel::isTextColumn(column) &&
        sortRole() == GroupTableModel::SortRole) {
        m_sortKeys.resize(size_t(m_groups->rowCount()));
        for (int row = 0; row < m_groups->rowCount(); ++row)
            m_sortKeys[size_t(row)] = m_groups->sortNumber(row, column);
        m_sortKeysColumn = column;
    }
}

void GroupFilterProxy::dropSortKeys()
{
    m_sortKeys.clear();
    m_sortKeysColumn = -1;
}

bool GroupFilterProxy::isFiltering() const
{
    return !m_searchText.isEmpty() || !m_matchers.isEmpty() || !m_filterError.isEmpty() ||
           m_outcomes.any() || m_gateway || m_minimumAge;
}

void GroupFilterProxy::refilter()
{
    invalidateRowsFilter();
}

bool GroupFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_groups || !m_filterError.isEmpty())
        return false;
    if (m_gateway && m_groups->gatewayAt(sourceRow) != *m_gateway)
        return false;
    const Group &group = m_groups->groupAt(sourceRow);
    if (!matchesAll(m_matchers, group))
        return false;
    if (m_outcomes.any()) {
        const int outcome =
            m_groups->index(sourceRow, 0).data(GroupTableModel::OutcomeRole).toInt();
        if (outcome < 0 || outcome >= kOutcomeCount || !m_outcomes.test(size_t(outcome)))
            return false;
    }
    if (m_minimumAge && !(m_groups->ageAt(sourceRow) > *m_minimumAge))
        return false;
    if (!m_searchText.isEmpty()) {
        const QStringList words = m_searchText.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QString haystack = group.key.toString() + QLatin1Char(' ') +
                                 m_groups->gatewayName(m_groups->gatewayAt(sourceRow));
        // A word that is exactly a family's name (processed_items) finds the groups holding it.
        auto holdsFamily = [&](const QString &word) {
            return std::any_of(group.families.cbegin(), group.families.cend(),
                               [&](const MetricFamily &family) { return family.name == word; });
        };
        for (const QString &word : words) {
            if (!haystack.contains(word, Qt::CaseInsensitive) && !holdsFamily(word))
                return false;
        }
    }
    return true;
}

int GroupFilterProxy::compareKeys(int leftRow, int rightRow) const
{
    if (const int c = naturalCompare(m_groups->jobAt(leftRow), m_groups->jobAt(rightRow)))
        return c;
    if (const int c =
            naturalCompare(m_groups->labelsTextAt(leftRow), m_groups->labelsTextAt(rightRow)))
        return c;
    if (const int c = m_groups->gatewayAt(leftRow) - m_groups->gatewayAt(rightRow))
        return c;
    return leftRow - rightRow;
}

// Reads the model's rows directly: a sort of 50,000 rows makes about a million comparisons,
// and four QVariants per comparison were most of its time.
bool GroupFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_groups || sortRole() != GroupTableModel::SortRole)
        return QSortFilterProxyModel::lessThan(left, right);
    const int column = left.column();
    if (column == GroupTableModel::JobColumn) {
        // The tie-break below starts with the job.
    } else if (column == GroupTableModel::LabelsColumn) {
        if (const int c = naturalCompare(m_groups->labelsTextAt(left.row()),
                                         m_groups->labelsTextAt(right.row())))
            return c < 0;
    } else if (GroupTableModel::isTextColumn(column)) {
        if (const int c = naturalCompare(m_groups->sortText(left.row(), column),
                                         m_groups->sortText(right.row(), column)))
            return c < 0;
    } else {
        // Keys read for the rows the model had then; a size that no longer matches means
        // rows came or went since, and the model is asked instead.
        const bool cached =
            column == m_sortKeysColumn && m_sortKeys.size() == size_t(m_groups->rowCount());
        const double a =
            cached ? m_sortKeys[size_t(left.row())] : m_groups->sortNumber(left.row(), column);
        const double b =
            cached ? m_sortKeys[size_t(right.row())] : m_groups->sortNumber(right.row(), column);
        if (a < b)
            return true;
        if (b < a)
            return false;
    }
    return compareKeys(left.row(), right.row()) < 0;
}

} // namespace pushscope
