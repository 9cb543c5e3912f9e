#pragma once

#include "labelmatcher.h"
#include "outcome.h"

#include <QSortFilterProxyModel>
#include <bitset>
#include <functional>
#include <optional>
#include <vector>

namespace pushscope {

class GroupTableModel;

// Filters and sorts a GroupTableModel: words to search for, PromQL-style label matchers,
// an outcome, a gateway. Sorting uses the model's raw SortRole values.
class GroupFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit GroupFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Reads `text` as matchers if it looks like them ({job="x"}, job=~"x.*" or
    // processed_items{job="x"}), otherwise as words to find in the job, labels or gateway, or
    // as a family's exact name. When the matchers do not parse, returns
    // false with a sentence and shows no rows until a valid filter is set: rows that the
    // broken text was never meant to select must not pass as its answer.
    bool setFilterExpression(const QString &text, QString *error = nullptr);
    // Why no row is shown; empty while the filter is valid.
    const QString &filterError() const { return m_filterError; }
    void setSearchText(const QString &text);
    void setMatchers(const LabelMatchers &matchers);
    // Only groups with one of `outcomes` (failed, stale and late at once, say); none, or
    // every outcome, shows every group.
    void setOutcomeFilter(const QList<Outcome> &outcomes);
    // One outcome, or every one for nullopt.
    void setOutcomeFilter(std::optional<Outcome> outcome);
    // The outcomes shown, in the enum's order; empty when every outcome is.
    QList<Outcome> outcomeFilter() const;
    void setGatewayFilter(std::optional<int> gateway);
    // Only groups whose push age exceeds this many seconds (applied on each poll).
    void setMinimumAge(std::optional<double> seconds);

    const LabelMatchers &matchers() const { return m_matchers; }
    const QString &searchText() const { return m_searchText; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // Text columns (job, labels, label columns, gateway) sort naturally (j2 before j10);
    // rows that tie sort by job, then the rest of the key, naturally, then gateway.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    static constexpr int kBulkRows = 256;

    void beginBulk(const QModelIndex &parent, int first, int last);
    void endBulk(bool refilterRows);
    void readSortKeys(int column);
    void dropSortKeys();
    bool isFiltering() const;
    void withSortKeys(int column, const std::function<void()> &sortRows);
    void refilter();
    int compareKeys(int leftRow, int rightRow) const;

    const GroupTableModel *m_groups = nullptr;
    QString m_searchText;
    LabelMatchers m_matchers;
    QString m_filterError;
    std::bitset<kOutcomeCount> m_outcomes; // none set: every outcome
    std::optional<int> m_gateway;
    std::optional<double> m_minimumAge;
    QMetaObject::Connection m_agesAdvanced;
    QList<QMetaObject::Connection> m_bulkConnections;
    bool m_inBulk = false;
    std::vector<double> m_sortKeys; // by source row, only while sorting by m_sortKeysColumn
    int m_sortKeysColumn = -1;
};

} // namespace pushscope
