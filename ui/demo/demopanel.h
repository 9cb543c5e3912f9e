#pragma once

#include <QDockWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace pushscope {
class GatewayMonitor;
}

namespace pushscope::ui {

class DemoController;

// View ▸ Demo: starts and stops the local sandbox and the simulated jobs, picks the gateway
// the jobs push to (the sandbox or any monitored gateway that is not read-only), shows a live
// log of pushes and push errors, and the servers' own logs on request.
class DemoPanel : public QDockWidget
{
    Q_OBJECT

public:
    explicit DemoPanel(GatewayMonitor *monitor, QWidget *parent = nullptr);

    DemoController *controller() const { return m_controller; }
    QString statusText() const;
    QString logText() const;
    QPushButton *sandboxButton() const { return m_sandboxButton; }
    QPushButton *jobsButton() const { return m_jobsButton; }
    QComboBox *targetBox() const { return m_targetBox; }

    void showServerLogs();
    QSize sizeHint() const override;
    // Compact: every control on its own row, so that the panel fits a narrow column (the
    // gateways' side of a short window) rather than the window's width.
    void setCompact(bool compact);

private:
    void updateSandbox();
    void updateJobs();
    void updateTargets();
    void appendLog(const QString &line, bool error);

    GatewayMonitor *m_monitor;
    DemoController *m_controller;
    QLabel *m_status = nullptr;
    QPushButton *m_sandboxButton = nullptr;
    QPushButton *m_logsButton = nullptr;
    QComboBox *m_targetBox = nullptr;
    QPushButton *m_jobsButton = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_sandboxLabel = nullptr;
    QLabel *m_targetLabel = nullptr;
};

} // namespace pushscope::ui
