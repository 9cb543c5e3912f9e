#pragma once

#include "model/seriesformat.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>
#include <QSet>
#include <limits>

namespace pushscope::ui {

// The chart's legend as a table: one row per series with its colour, its name (the full
// key as tooltip) and last / min / max / mean of the visible span. Rows can be hidden; which
// ones survives a reload with the same series (Follow live), matched by key.
class ChartLegendModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeriesColumn, LastColumn, MinColumn, MaxColumn, MeanColumn, ColumnCount };
    enum Role { ValueRole = Qt::UserRole, KeyRole }; // the raw number; the series' key

    struct Entry {
        QString name; // what tells it apart from the others
        QString key;  // metric{all labels}
        QColor colour;
    };
    struct Stats {
        double last = std::numeric_limits<double>::quiet_NaN();
        double min = std::numeric_limits<double>::quiet_NaN();
        double max = std::numeric_limits<double>::quiet_NaN();
        double mean = std::numeric_limits<double>::quiet_NaN();
    };

    explicit ChartLegendModel(QObject *parent = nullptr);

    void setEntries(const QList<Entry> &entries);
    void setStats(const QList<Stats> &stats);
    void setUnit(ValueUnit unit);

    bool isVisible(int row) const;
    // A click: hides a shown series, shows a hidden one.
    void toggle(int row);
    // A Ctrl+click: shows only this series, or all again when it already was the only one.
    void isolate(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void visibilityChanged();

private:
    double statValue(int row, int column) const;
    void setHidden(const QSet<QString> &hidden);

    QList<Entry> m_entries;
    QList<Stats> m_stats;
    QSet<QString> m_hidden; // keys
    ValueUnit m_unit = ValueUnit::Plain;
};

} // namespace pushscope::ui
