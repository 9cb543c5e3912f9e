#pragma once

#include <QObject>
#include <QStringList>

class QMenu;
class QPoint;
class QTableView;
class QWidget;

namespace pushscope {
class GatewayMonitor;
} // namespace pushscope

namespace pushscope::ui {

// The group table's columns, as in a log viewer: the header's context menu shows or hides
// each column, adds one column per grouping label seen on the gateways (instance, env, ...)
// and resets the columns; sections are moved by dragging them. Label columns live in the
// model (GroupTableModel::setLabelColumns()), so they sort, filter and select like the others;
// which ones are shown is saved with the window's layout.
class HeaderMenu final : public QObject
{
    Q_OBJECT

public:
    HeaderMenu(GatewayMonitor *monitor, QTableView *table, QObject *parent = nullptr);

    // The menu for the columns and labels as they are now; the caller owns it.
    // Actions: "column:<logical index>", "label:<name>", "resetColumns".
    QMenu *createMenu(QWidget *parent);
    // The default columns: no label column, the fixed ones in their order and widths, the
    // gateway first and shown only with several gateways.
    void resetColumns();
    void setLabelColumnShown(const QString &label, bool shown);
    // The grouping labels shown as columns, in column order; set before the header's state
    // is restored, so that the saved state finds as many sections as it holds.
    QStringList labelColumns() const;
    void setLabelColumns(const QStringList &labels);
    // Shows the gateway column once there are several gateways (unless the user hid it).
    void gatewayCountChanged();
    // The user hid the gateway column from the menu: no gateway added brings it back. Saved
    // with the layout (the header's state alone cannot tell it from the automatic hiding).
    bool gatewayColumnHiddenByUser() const { return m_gatewayHiddenByUser; }
    void setGatewayColumnHiddenByUser(bool hidden);

private:
    void popup(const QPoint &pos);

    GatewayMonitor *m_monitor;
    QTableView *m_table;
    int m_lastGatewayCount = 0;
    bool m_gatewayHiddenByUser = false;
};

} // namespace pushscope::ui
