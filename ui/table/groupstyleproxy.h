#pragma once

#include <QIdentityProxyModel>

namespace pushscope {
class GatewayMonitor;
} // namespace pushscope

namespace pushscope::ui {

// Adds the look to the core model's data: outcome icons and colours, greyed italic rows for
// gateways whose last poll failed, and the gateway's URL as its column's tooltip. The core
// model stays free of QtGui.
class GroupStyleProxy final : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using QIdentityProxyModel::QIdentityProxyModel;
    // The gateway column's tooltip is the gateway's full URL, read from `monitor`.
    void setMonitor(const GatewayMonitor *monitor) { m_monitor = monitor; }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    const GatewayMonitor *m_monitor = nullptr;
};

} // namespace pushscope::ui
