#include "connectionscontroller.h"

#include "chart/chartpanel.h"
#include "connections/connectionsfile.h"
#include "connections/connectionstore.h"
#include "connections/secretstore.h"
#include "model/gatewaymonitor.h"
#include "prometheus/scrapehealthmonitor.h"
#include "settingsdialog.h"
#include "table/copyactions.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

namespace pushscope::ui {

ConnectionsController::ConnectionsController(MainWindow *window, GatewayMonitor *monitor,
                                             std::chrono::milliseconds timeout)
    : QObject(window)
    , m_window(window)
    , m_monitor(monitor)
    , m_secrets(new SecretStore(SecretStore::Backend::Keychain, this))
    , m_editAction(new QAction(tr("&Connections…"), this))
    , m_timeout(timeout)
{
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_editAction->setToolTip(tr("Add, edit, test, import and export saved gateways and "
                                "Prometheus servers (Ctrl+,)"));
    connect(m_editAction, &QAction::triggered, this, &ConnectionsController::edit);
    window->addFileAction(m_editAction);
}

ConnectionsController::~ConnectionsController() = default;

void ConnectionsController::watch(const Connections &connections)
{
    if (connections.gateways.isEmpty()) {
        m_connections = connections;
        emit watching();
        return;
    }
    m_secrets->loadSecrets(connections, [this](Connections filled) {
        // Prompts run from the event loop, not inside the keychain job's callback.
        QTimer::singleShot(0, this, [this, filled]() mutable {
            askForMissingSecrets(&filled, m_secrets, m_window);
            m_connections = filled;
            addGateways(filled, {});
            emit watching();
        });
    });
}

// Every enabled gateway not watched yet; only those in `only` when it is not empty.
void ConnectionsController::addGateways(const Connections &connections, const QSet<QString> &only)
{
    for (const GatewayConnection &gateway : connections.gateways) {
        if (!gateway.enabled || m_watched.contains(gateway.id))
            continue;
        if (!only.isEmpty() && !only.contains(gateway.id))
            continue;
        QString error;
        const GatewaySetup setup = gatewaySetupFor(gateway, m_timeout, &error);
        if (!setup.endpoint.isValid()) {
            m_window->statusBar()->showMessage(
                tr("Not watching %1: %2").arg(gateway.displayName(), error));
            continue;
        }
        const int index = m_monitor->addGateway(setup);
        m_watched.insert(gateway.id, index);
        const PrometheusConnection *prometheus = connections.prometheusFor(gateway);
        if (!prometheus)
            continue;
        const QUrl url = connectionUrl(prometheus->url);
        m_window->scrapeHealth()->setPrometheus(index, url, prometheus->http);
        m_window->chartPanel()->setGatewayPrometheus(index, url, prometheus->http);
        if (!prometheus->grafanaUrl.isEmpty())
            m_window->copyActions()->setGatewayGrafana(index, connectionUrl(prometheus->grafanaUrl),
                                                       prometheus->grafanaDatasource);
    }
}

void ConnectionsController::edit()
{
    m_editAction->setEnabled(false); // until the keychain has answered
    QSettings settings;
    m_secrets->loadSecrets(ConnectionStore::load(&settings), [this](Connections before) {
        // The dialog runs from the event loop, not inside the keychain job's callback.
        QTimer::singleShot(0, this, [this, before] {
            m_editAction->setEnabled(true);
            SettingsDialog dialog(before, m_secrets, m_window);
            connect(&dialog, &SettingsDialog::connectionsSaved, this,
                    [this, before](const Connections &saved) { applySaved(before, saved); });
            dialog.exec();
        });
    });
}

void ConnectionsController::applySaved(const Connections &before, const Connections &saved)
{
    auto find = [](const Connections &in, const QString &id) -> const GatewayConnection * {
        for (const GatewayConnection &gateway : in.gateways)
            if (gateway.id == id)
                return &gateway;
        return nullptr;
    };
    QStringList changed;   // watched, and changed, removed or disabled
    QSet<QString> toWatch; // new, newly enabled, or changed while not watched
    for (const GatewayConnection &gateway : saved.gateways) {
        const GatewayConnection *old = find(before, gateway.id);
        if (!m_watched.contains(gateway.id) && (!old || !old->enabled || !(*old == gateway)))
            toWatch.insert(gateway.id);
    }
    for (const GatewayConnection &old : before.gateways) {
        if (!m_watched.contains(old.id))
            continue;
        const GatewayConnection *now = find(saved, old.id);
        if (!now || !now->enabled || !(*now == old))
            changed << old.displayName();
    }
    const int watchedBefore = int(m_watched.size());
    if (!toWatch.isEmpty())
        addGateways(saved, toWatch);
    const int added = int(m_watched.size()) - watchedBefore;
    if (added > 0)
        m_window->statusBar()->showMessage(tr("Now watching %n more gateway(s).", nullptr, added),
                                           8000);
    // A Grafana link is only read when Open in Grafana Explore is used: it needs no restart.
    for (const GatewayConnection &gateway : saved.gateways) {
        const int index = m_watched.value(gateway.id, -1);
        const PrometheusConnection *prometheus = saved.prometheusFor(gateway);
        const bool linked = prometheus && !prometheus->grafanaUrl.isEmpty();
        if (index >= 0 && !toWatch.contains(gateway.id))
            m_window->copyActions()->setGatewayGrafana(
                index, linked ? connectionUrl(prometheus->grafanaUrl) : QUrl(),
                linked ? prometheus->grafanaDatasource : QString());
    }
    if (changed.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        m_window, tr("Restart PushScope?"),
        tr("%1 changed. PushScope keeps watching it as it was until it starts again. Restart "
           "now?")
            .arg(changed.join(QStringLiteral(", "))),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return;
    if (QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                QCoreApplication::arguments().mid(1)))
        QApplication::quit();
}

} // namespace pushscope::ui
