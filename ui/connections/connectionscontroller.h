#pragma once

#include "connections/connection.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <chrono>

class QAction;

namespace pushscope {
class GatewayMonitor;
class SecretStore;
} // namespace pushscope

namespace pushscope::ui {

class MainWindow;

// Connections in the window: watches the enabled gateways it is given (saved ones, or a
// --config file's) with their secrets from the keychain (or asked for when there is none),
// links each to its Prometheus for scrape health and charts, and owns File ▸ Connections…,
// which always edits the saved connections. Gateways added or enabled there are watched at
// once; a watched gateway that was changed or removed stays as it was until PushScope starts
// again (it offers to restart).
class ConnectionsController : public QObject
{
    Q_OBJECT

public:
    ConnectionsController(MainWindow *window, GatewayMonitor *monitor,
                          std::chrono::milliseconds timeout);
    ~ConnectionsController() override;

    // Loads the secrets of `connections`, then watches its enabled gateways.
    void watch(const Connections &connections);
    const Connections &connections() const { return m_connections; }
    QAction *editAction() const { return m_editAction; }
    SecretStore *secrets() const { return m_secrets; }
    // The monitor's index for a saved gateway's id; -1 when not watched.
    int gatewayFor(const QString &id) const { return m_watched.value(id, -1); }

    // What OK in the dialog does: watches gateways added or enabled in `saved` (compared
    // with `before`), and offers a restart when a watched one changed or went away.
    void applySaved(const Connections &before, const Connections &saved);

signals:
    // The gateways of the last watch() are added to the monitor.
    void watching();

private:
    void edit();
    void addGateways(const Connections &connections, const QSet<QString> &only);

    MainWindow *m_window;
    GatewayMonitor *m_monitor;
    SecretStore *m_secrets;
    QAction *m_editAction;
    Connections m_connections;
    QHash<QString, int> m_watched; // gateway connection id -> monitor index
    std::chrono::milliseconds m_timeout;
};

} // namespace pushscope::ui
