#pragma once

#include "demo/sandbox.h"

#include <QList>
#include <QObject>
#include <QString>
#include <chrono>

namespace pushscope {
class GatewayMonitor;
class PushSimulator;
} // namespace pushscope

namespace pushscope::ui {

// What the Demo panel and `pushscope --demo` drive: the local sandbox (a real pushgateway and
// prometheus), whose gateway joins the monitor once it is ready, and the simulated demo jobs,
// pushing to the sandbox or to any monitored gateway that is not read-only. Nothing here
// blocks while starting; push errors are logged, never fatal.
class DemoController : public QObject
{
    Q_OBJECT

public:
    explicit DemoController(GatewayMonitor *monitor, QObject *parent = nullptr);
    ~DemoController() override;

    // Before startSandbox(): binaries and timeouts of the sandbox (tests use this).
    void setSandboxConfig(const Sandbox::Config &config) { m_config = config; }
    // How the sandbox gateway is polled once it joins the monitor.
    void setPollSettings(std::chrono::milliseconds interval, std::chrono::milliseconds timeout);
    void setJobInterval(std::chrono::milliseconds interval) { m_jobInterval = interval; }

    // The --demo flow: starts the sandbox, then the demo jobs on its gateway.
    void startDemo();
    void startSandbox();
    // Stops the jobs pushing to the sandbox too. Waits for the servers (at most ~3 s).
    void stopSandbox();
    Sandbox::State sandboxState() const;
    QString sandboxError() const { return m_sandboxError; }
    const Sandbox *sandbox() const { return m_sandbox; }
    // The sandbox gateway's index in the monitor; -1 until the sandbox is first ready.
    int sandboxGateway() const { return m_sandboxGateway; }

    // Monitored gateways the jobs may push to: every one that is not read-only.
    QList<int> writableGateways() const;
    bool startJobs(int gateway);
    void stopJobs();
    bool jobsRunning() const;
    int jobsGateway() const { return m_jobsGateway; }
    int jobCount() const;

Q_SIGNALS:
    void sandboxStateChanged();
    void jobsStateChanged();
    // One line for the log: a push, a push error, a sandbox event.
    void logged(const QString &line, bool error);

private:
    void log(const QString &line, bool error = false);
    void onSandboxReady(const QString &gatewayUrl, const QString &prometheusUrl);

    GatewayMonitor *m_monitor;
    Sandbox::Config m_config;
    Sandbox *m_sandbox = nullptr;
    PushSimulator *m_simulator = nullptr;
    std::chrono::milliseconds m_pollInterval{5000};
    std::chrono::milliseconds m_timeout{10000};
    std::chrono::milliseconds m_jobInterval{5000};
    QString m_sandboxError;
    QString m_sandboxUrl;
    int m_sandboxGateway = -1;
    int m_jobsGateway = -1;
    int m_pushesThisStart = 0;
    bool m_jobsOnReady = false;
};

} // namespace pushscope::ui
