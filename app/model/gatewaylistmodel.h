#pragma once

#include "outcome.h"

#include <QAbstractListModel>
#include <array>

namespace pushscope {

class GatewayMonitor;
class ScrapeHealthMonitor;

// The sidebar's list: "All gateways" first, then one row per watched gateway with its
// status (ok / error / polling / paused), version, outcome counts, last poll latency,
// admin API state and how its Prometheus scrapes it. Rows are only ever appended.
class GatewayListModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Status { Ok, Error, Polling, Paused, Waiting };
    enum Role {
        GatewayIndexRole = Qt::UserRole + 1, // int; -1 for "All gateways"
        StatusRole,                          // int(Status)
        DetailRole,                          // QString: the second line
        WarningRole,                         // QString: what needs the operator's eye, or empty
    };

    explicit GatewayListModel(GatewayMonitor *monitor, ScrapeHealthMonitor *health = nullptr,
                              QObject *parent = nullptr);

    // The row of `gateway` (-1: "All gateways").
    static int rowOf(int gateway) { return gateway + 1; }
    Status status(int gateway) const;
    QString detail(int gateway) const;
    QString warning(int gateway) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void gatewayChanged(int gateway);
    QString countsText(int gateway) const;
    QString toolTip(int gateway) const;
    void recount();

    GatewayMonitor *m_monitor;
    ScrapeHealthMonitor *m_health;
    int m_rows = 1;
    // Outcome counts per gateway, counted once per change of the table, not per paint.
    QList<OutcomeCounts> m_counts;
    // Families the parser could not read (unsupported), per gateway, in the same pass.
    QList<int> m_unsupportedFamilies;
};

} // namespace pushscope
