#pragma once

#include "model/advice.h"

#include <QDialog>
#include <QList>
#include <memory>
#include <vector>

class QAction;
class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace pushscope {
class GatewayMonitor;
class GroupTableModel;
class PrometheusClient;
class ScrapeHealthMonitor;
} // namespace pushscope

namespace pushscope::ui {

// View ▸ Advice…: each gateway checked against the Pushgateway's own usage advice
// (model/advice.h), from the groups and cadences the window already has and, where a
// gateway has a Prometheus, what that Prometheus says. Each finding shows its evidence;
// "Select these groups" selects a finding's groups in the main table (e.g. the cleanup
// candidates, ready for Delete…).
class AdviceDialog : public QDialog
{
    Q_OBJECT

public:
    AdviceDialog(GatewayMonitor *monitor, ScrapeHealthMonitor *scrapeHealth, QTableView *table,
                 QWidget *parent = nullptr);
    ~AdviceDialog() override;

    // The View menu's action: opens (and refreshes) one dialog owned by `window`.
    static QAction *createAction(GatewayMonitor *monitor, ScrapeHealthMonitor *scrapeHealth,
                                 QTableView *table, QWidget *window);

    // Checks every gateway again; findingsReady() when all have answered.
    void refresh();
    bool isChecking() const { return m_pending > 0; }
    const QList<AdviceFinding> &findings() const { return m_findings; }
    QTreeWidget *list() const { return m_list; }
    QPushButton *selectButton() const { return m_select; }
    // Selects the groups of finding `index` that the table shows; returns how many.
    int selectGroupsOf(int index);

signals:
    void findingsReady();

private:
    AdviceInput inputFor(int gateway) const;
    void gatewayChecked(int generation, int gateway, const AdviceInput &input);
    void showFindings();
    void currentChanged();

    GatewayMonitor *m_monitor;
    ScrapeHealthMonitor *m_scrapeHealth;
    QTableView *m_table;
    QTreeWidget *m_list;
    QLabel *m_status;
    QPushButton *m_select;
    QPushButton *m_refresh;
    AdviceOptions m_options;
    QList<AdviceFinding> m_findings;
    QList<int> m_findingGateways;            // the gateway (model index) of each finding
    QList<QList<AdviceFinding>> m_byGateway; // of the current check, in gateway order
    std::vector<std::unique_ptr<PrometheusClient>> m_clients; // of the current check
    int m_generation = 0;
    int m_pending = 0;
};

} // namespace pushscope::ui
