#pragma once

#include <QDockWidget>
#include <optional>

class QListView;

namespace pushscope {
class GatewayListModel;
class GatewayMonitor;
class ScrapeHealthMonitor;
} // namespace pushscope

namespace pushscope::ui {

// The left dock: every gateway with its status, version, counts, latency and what needs
// attention; choosing one shows only its groups ("All gateways" shows every one).
class GatewaySidebar : public QDockWidget
{
    Q_OBJECT

public:
    GatewaySidebar(GatewayMonitor *monitor, ScrapeHealthMonitor *health, QWidget *parent = nullptr);

    GatewayListModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    // The chosen gateway; nullopt for "All gateways".
    std::optional<int> currentGateway() const;
    void selectGateway(std::optional<int> gateway);

signals:
    void gatewayChosen(std::optional<int> gateway);

private:
    GatewayListModel *m_model;
    QListView *m_view;
};

} // namespace pushscope::ui
