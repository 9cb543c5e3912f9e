#pragma once

#include "model/notificationpolicy.h"

#include <QObject>
#include <functional>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace pushscope {
class GatewayMonitor;
class NotificationFeed;
struct DeleteTarget;
} // namespace pushscope

namespace pushscope::ui {

class MainWindow;

// The system tray: an icon in the worst outcome's colour with the counts as its tooltip
// (menu: Show window, Quit), desktop notifications from a NotificationFeed, and File ▸
// Notifications: notify per gateway (saved by URL in "notifications/mutedGateways") and
// "Keep running in the tray when the window is closed" ("notifications/keepInTray", off by
// default). Without a system tray (e.g. offscreen) none of this shows and closing the window
// quits as always. Only a close from the window manager hides the window to the tray;
// File ▸ Quit, the tray's Quit and a stop signal quit.
class TrayController : public QObject
{
    Q_OBJECT

public:
    TrayController(MainWindow *window, GatewayMonitor *monitor);
    ~TrayController() override;

    // Whether a system tray is there; QSystemTrayIcon::isSystemTrayAvailable() by default.
    void setTrayAvailable(bool available);
    bool isTrayAvailable() const { return m_available; }
    // Where notifications go instead of QSystemTrayIcon::showMessage() (tests).
    using Sink = std::function<void(const QString &title, const QString &text)>;
    void setNotificationSink(Sink sink) { m_sink = std::move(sink); }

    bool keepsRunningInTray() const;
    bool isHiddenInTray() const { return m_hiddenInTray; }
    void showWindow();

    NotificationFeed *feed() const { return m_feed; }
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    QMenu *trayMenu() const { return m_trayMenu; }
    QMenu *notificationsMenu() const { return m_notificationsMenu; }
    QAction *keepInTrayAction() const { return m_keepInTray; }
    QAction *showWindowAction() const { return m_showWindow; }
    QAction *quitAction() const { return m_quit; }
    // File ▸ Notifications ▸ the gateway's switch; null for an unknown gateway.
    QAction *notifyAction(int gateway) const { return m_notifyActions.value(gateway); }

signals:
    // A desktop notification was issued (shown by the tray, or given to the sink).
    void notified(const QString &title, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateTray();
    void updateGatewayActions();
    void setGatewayNotifying(int gateway, bool on);
    void notify(const QList<pushscope::Notice> &notices);
    void operatorDeleting(const QList<pushscope::DeleteTarget> &targets);
    void hideToTray();
    void watchQuit();

    MainWindow *m_window;
    GatewayMonitor *m_monitor;
    NotificationFeed *m_feed;
    QSystemTrayIcon *m_tray;
    QMenu *m_trayMenu;
    QMenu *m_notificationsMenu;
    QAction *m_keepInTray;
    QAction *m_showWindow;
    QAction *m_quit;
    QList<QAction *> m_notifyActions;
    Sink m_sink;
    bool m_available = false;
    bool m_quitting = false;
    bool m_hiddenInTray = false;
    bool m_toldAboutTray = false;
};

} // namespace pushscope::ui
