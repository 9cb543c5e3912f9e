#include "chartlegendmodel.h"

#include <QPalette>
#include <cmath>

namespace pushscope::ui {

ChartLegendModel::ChartLegendModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ChartLegendModel::setEntries(const QList<Entry> &entries)
{
    const auto sameKeys = [&] {
        if (entries.size() != m_entries.size())
            return false;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (entries.at(i).key != m_entries.at(i).key)
                return false;
        }
        return true;
    };
    if (sameKeys()) { // a reload of the same series: keep rows (and the view's state)
        m_entries = entries;
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_entries = entries;
    m_stats = QList<Stats>(entries.size());
    QSet<QString> keys;
    for (const Entry &entry : entries)
        keys.insert(entry.key);
    m_hidden.intersect(keys);
    endResetModel();
}

void ChartLegendModel::setStats(const QList<Stats> &stats)
{
    m_stats = stats;
    m_stats.resize(m_entries.size());
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, LastColumn), index(rowCount() - 1, MeanColumn));
}

void ChartLegendModel::setUnit(ValueUnit unit)
{
    m_unit = unit;
}

bool ChartLegendModel::isVisible(int row) const
{
    return row >= 0 && row < m_entries.size() && !m_hidden.contains(m_entries.at(row).key);
}

void ChartLegendModel::toggle(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    QSet<QString> hidden = m_hidden;
    const QString &key = m_entries.at(row).key;
    if (hidden.contains(key))
        hidden.remove(key);
    else
        hidden.insert(key);
    setHidden(hidden);
}

void ChartLegendModel::isolate(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    QSet<QString> others;
    for (int i = 0; i < m_entries.size(); ++i) {
        if (i != row)
            others.insert(m_entries.at(i).key);
    }
    const bool alreadyAlone = isVisible(row) && m_hidden == others;
    setHidden(alreadyAlone ? QSet<QString>{} : others);
}

void ChartLegendModel::setHidden(const QSet<QString> &hidden)
{
    if (hidden == m_hidden)
        return;
    m_hidden = hidden;
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit visibilityChanged();
}

int ChartLegendModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ChartLegendModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double ChartLegendModel::statValue(int row, int column) const
{
    const Stats &stats = m_stats.at(row);
    switch (column) {
    case LastColumn:
        return stats.last;
    case MinColumn:
        return stats.min;
    case MaxColumn:
        return stats.max;
    default:
        return stats.mean;
    }
}

QVariant ChartLegendModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    const bool visible = isVisible(index.row());
    if (role == KeyRole)
        return entry.key;
    if (role == Qt::ForegroundRole && !visible)
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
    if (index.column() == SeriesColumn) {
        switch (role) {
        case Qt::DisplayRole:
            return entry.name;
        case Qt::ToolTipRole:
            return visible ? entry.key
                           : tr("%1\n(hidden: click to show, Ctrl+click to show only it)")
                                 .arg(entry.key);
        case Qt::DecorationRole:
            return visible ? entry.colour : QColor(Qt::transparent);
        default:
            return {};
        }
    }
    const double value = statValue(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        return std::isnan(value) ? QStringLiteral("–") : formatValue(value, m_unit);
    case Qt::ToolTipRole:
        return std::isnan(value) ? QVariant() : QVariant(QString::number(value, 'g', 15));
    case ValueRole:
        return value;
    case Qt::TextAlignmentRole:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ChartLegendModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeriesColumn:
        return tr("Series");
    case LastColumn:
        return tr("Last");
    case MinColumn:
        return tr("Min");
    case MaxColumn:
        return tr("Max");
    case MeanColumn:
        return tr("Mean");
    default:
        return {};
    }
}

} // namespace pushscope::ui
