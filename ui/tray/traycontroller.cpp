#include "traycontroller.h"

#include "cleanup/bulkdeleter.h"
#include "cleanup/deletecontroller.h"
#include "model/gatewaymonitor.h"
#include "model/notificationfeed.h"
#include "table/outcomestyle.h"
#include "trayicon.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QMenu>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTimer>

namespace pushscope::ui {

namespace {

const QString kKeepInTray = QStringLiteral("notifications/keepInTray");
const QString kMutedGateways = QStringLiteral("notifications/mutedGateways");

QStringList mutedGateways()
{
    return QSettings().value(kMutedGateways).toStringList();
}

} // namespace

TrayController::TrayController(MainWindow *window, GatewayMonitor *monitor)
    : QObject(window)
    , m_window(window)
    , m_monitor(monitor)
    , m_feed(new NotificationFeed(monitor->model(), {}, this))
    , m_tray(new QSystemTrayIcon(this))
    , m_trayMenu(new QMenu(window))
    , m_notificationsMenu(new QMenu(tr("&Notifications"), window))
{
    m_feed->watch(monitor);
    connect(m_feed, &NotificationFeed::noticesDue, this, &TrayController::notify);

    m_showWindow = m_trayMenu->addAction(tr("&Show window"), this, &TrayController::showWindow);
    m_trayMenu->addSeparator();
    m_quit = m_trayMenu->addAction(tr("&Quit"), this, [this] {
        m_quitting = true;
        m_window->close(); // as File ▸ Quit: the window's close ends the application
        QApplication::quit();
    });
    m_tray->setContextMenu(m_trayMenu);
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    showWindow();
            });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayController::showWindow);

    m_keepInTray =
        m_notificationsMenu->addAction(tr("&Keep running in the tray when the window is closed"));
    m_keepInTray->setCheckable(true);
    m_keepInTray->setChecked(QSettings().value(kKeepInTray, false).toBool());
    m_keepInTray->setToolTip(tr("Closing the window hides it; Quit from the tray's menu or "
                                "File ▸ Quit ends PushScope"));
    connect(m_keepInTray, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(kKeepInTray, on);
        watchQuit();
    });
    m_notificationsMenu->addSection(
        tr("Notify when groups fail, are late, or the gateway is unreachable"));
    m_notificationsMenu->setToolTipsVisible(true);
    window->addFileAction(m_notificationsMenu->menuAction());

    GroupTableModel *model = monitor->model();
    connect(model, &GroupTableModel::summaryChanged, this, &TrayController::updateTray);
    connect(monitor, &GatewayMonitor::gatewayChanged, this, [this] {
        updateTray();
        updateGatewayActions();
    });
    connect(monitor, &GatewayMonitor::gatewayAdded, this, &TrayController::updateGatewayActions);
    connect(window->deleteController(), &DeleteController::deleteStarted, this,
            &TrayController::operatorDeleting);
    window->installEventFilter(this);
    updateGatewayActions();
    setTrayAvailable(QSystemTrayIcon::isSystemTrayAvailable());
}

TrayController::~TrayController() = default;

void TrayController::setTrayAvailable(bool available)
{
    m_available = available;
    m_notificationsMenu->menuAction()->setVisible(available);
    updateTray(); // an icon before it shows
    m_tray->setVisible(available);
    watchQuit();
}

// Quit (a stop signal, the session ending) closes the windows, maybe as if the window manager
// did: while closing can hide the window, the application's events are watched for it.
void TrayController::watchQuit()
{
    if (keepsRunningInTray())
        qApp->installEventFilter(this);
    else
        qApp->removeEventFilter(this);
}

bool TrayController::keepsRunningInTray() const
{
    return m_available && m_keepInTray->isChecked();
}

void TrayController::updateTray()
{
    if (!m_available)
        return;
    const GroupTableModel *model = m_monitor->model();
    const OutcomeCounts counts = model->outcomeCounts();
    int unreachable = 0; // the last poll failed
    for (int gateway = 0; gateway < model->gatewayCount(); ++gateway)
        unreachable += model->isGatewayOutOfDate(gateway) ? 1 : 0;
    m_tray->setIcon(trayIconFor(counts, unreachable > 0));
    m_tray->setToolTip(trayToolTip(counts, unreachable));
}

void TrayController::updateGatewayActions()
{
    const QStringList muted = mutedGateways();
    for (int gateway = 0; gateway < m_monitor->gatewayCount(); ++gateway) {
        const GatewayPollState &state = m_monitor->state(gateway);
        if (gateway == m_notifyActions.size()) {
            auto *action = m_notificationsMenu->addAction(QString());
            action->setCheckable(true);
            action->setChecked(!muted.contains(state.url));
            connect(action, &QAction::toggled, this,
                    [this, gateway](bool on) { setGatewayNotifying(gateway, on); });
            m_notifyActions.append(action);
            m_feed->setGatewayEnabled(gateway, action->isChecked());
        }
        QAction *action = m_notifyActions.at(gateway);
        action->setText(state.name.isEmpty() ? state.url : state.name);
        action->setToolTip(state.url);
    }
}

void TrayController::setGatewayNotifying(int gateway, bool on)
{
    m_feed->setGatewayEnabled(gateway, on);
    const QString url = m_monitor->state(gateway).url;
    QStringList muted = mutedGateways();
    muted.removeAll(url);
    if (!on)
        muted.append(url);
    QSettings().setValue(kMutedGateways, muted);
}

void TrayController::notify(const QList<Notice> &notices)
{
    QString title;
    QStringList lines;
    bool severe = false;
    for (const Notice &notice : notices) {
        severe = severe || notice.kind != NoticeKind::Late;
        if (notices.size() == 1) {
            title = notice.title();
            lines.append(notice.text());
        } else {
            lines.append(notice.title());
        }
    }
    if (notices.size() > 1)
        title = tr("PushScope: %1 problems").arg(notices.size());
    const QString text = lines.join(QLatin1Char('\n'));
    if (m_sink)
        m_sink(title, text);
    else if (m_available && m_tray->isVisible())
        m_tray->showMessage(title, text, outcomeIcon(severe ? Outcome::Failed : Outcome::Late),
                            10000);
    emit notified(title, text);
}

void TrayController::operatorDeleting(const QList<DeleteTarget> &targets)
{
    for (const DeleteTarget &target : targets) {
        for (int gateway = 0; gateway < m_monitor->gatewayCount(); ++gateway) {
            if (m_monitor->state(gateway).url == target.endpoint.text())
                m_feed->operatorDeleting(gateway, target.group.key);
        }
    }
}

void TrayController::showWindow()
{
    m_hiddenInTray = false;
    QApplication::setQuitOnLastWindowClosed(true);
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

void TrayController::hideToTray()
{
    m_hiddenInTray = true;
    // A dialog closed while the window is hidden must not end the application.
    QApplication::setQuitOnLastWindowClosed(false);
    m_window->hide();
    if (!m_toldAboutTray && !m_sink) {
        m_toldAboutTray = true;
        m_tray->showMessage(tr("PushScope keeps running"),
                            tr("It still watches the gateways. Quit from this icon's menu."),
                            QSystemTrayIcon::Information, 5000);
    }
}

bool TrayController::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Quit) {
        m_quitting = true; // let the closes that follow pass
        QTimer::singleShot(0, this, [this] { m_quitting = false; });
    } else if (watched == m_window && event->type() == QEvent::Close && event->spontaneous() &&
               !m_quitting && keepsRunningInTray()) {
        event->ignore();
        hideToTray();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace pushscope::ui
