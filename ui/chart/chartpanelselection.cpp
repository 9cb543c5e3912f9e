// The chart panel's reading of the table's selection: the selected groups and the families
// they have to chart.

#include "chartpanel.h"

#include "model/gatewaymonitor.h"
#include "table/selectionactions.h"

#include <QAbstractProxyModel>
#include <QCheckBox>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMap>
#include <algorithm>

namespace pushscope::ui {

// The selected rows, mapped through the proxies to the monitor's model.
void ChartPanel::readSelection()
{
    // The first kMaxGroups in view order, kept in the order of their ids: the same groups
    // re-sorted in the table are the same chart, with the same colours.
    QMap<QString, Selected> byId;
    int total = 0;
    if (m_selection && m_selection->model()) {
        // From the selection's ranges: selectedRows() of 50,000 rows took ~50 ms a poll.
        const SelectionActions::SelectedViewRows rows =
            SelectionActions::selectedViewRows(m_selection, kMaxGroups);
        total = rows.count;
        GroupTableModel *model = m_monitor->model();
        for (int row : rows.first) {
            QModelIndex index = m_selection->model()->index(row, 0);
            while (auto *proxy = qobject_cast<const QAbstractProxyModel *>(index.model()))
                index = proxy->mapToSource(index);
            if (index.model() != model)
                continue;
            const Selected selected{model->gatewayAt(index.row()), model->groupAt(index.row())};
            byId.insert(QString::number(selected.gateway) + QLatin1Char('/') +
                            selected.group.key.id(),
                        selected);
        }
    }
    m_moreLabel->setText(total > kMaxGroups ? tr("first %1 of %2").arg(kMaxGroups).arg(total)
                                            : QString());
    const QStringList ids = byId.keys();
    const QList<Selected> groups = byId.values();
    const bool changed = ids != m_groupIds;
    m_groups = groups;
    m_groupIds = ids;
    updateClient(); // another gateway may chart from another Prometheus
    if (fillFamilies() || changed)
        invalidate();
}

// The chartable families of the selected groups; keeps the current one if it is still there,
// else picks the first counter. True when the list changed.
bool ChartPanel::fillFamilies()
{
    QStringList names;
    QList<MetricType> types;
    for (const Selected &selected : std::as_const(m_groups))
        for (const MetricFamily &family : selected.group.families)
            if ((family.type == MetricType::Counter || family.type == MetricType::Gauge ||
                 family.type == MetricType::Untyped) &&
                !names.contains(family.name)) {
                names.append(family.name);
                types.append(family.type);
            }
    QStringList shown;
    for (int i = 0; i < m_familyBox->count(); ++i)
        shown.append(m_familyBox->itemText(i));
    if (shown == names)
        return false;
    QString keep = m_familyBox->currentText();
    if (!names.contains(keep)) {
        const qsizetype counter = types.indexOf(MetricType::Counter);
        keep = names.value(counter >= 0 ? counter : 0);
    }
    {
        const QSignalBlocker blocker(m_familyBox);
        m_familyBox->clear();
        for (qsizetype i = 0; i < names.size(); ++i)
            m_familyBox->addItem(names[i], int(types[i]));
        m_familyBox->setCurrentIndex(int(names.indexOf(keep)));
    }
    m_rateBox->setEnabled(familyType() == MetricType::Counter);
    return true;
}

} // namespace pushscope::ui
