#include "democontroller.h"

#include "demo/pushsimulator.h"
#include "model/gatewaymonitor.h"

#include <QTime>

namespace pushscope::ui {

DemoController::DemoController(GatewayMonitor *monitor, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
{}

DemoController::~DemoController()
{
    delete m_simulator; // no pushes to a gateway that is going away
    m_simulator = nullptr;
    if (m_sandbox) {
        m_sandbox->blockSignals(true);
        m_sandbox->stop();
    }
}

void DemoController::setPollSettings(std::chrono::milliseconds interval,
                                     std::chrono::milliseconds timeout)
{
    m_pollInterval = interval;
    m_timeout = timeout;
}

void DemoController::startDemo()
{
    m_jobsOnReady = true;
    startSandbox();
}

void DemoController::startSandbox()
{
    if (m_sandbox && (m_sandbox->state() == Sandbox::State::Starting ||
                      m_sandbox->state() == Sandbox::State::Ready))
        return;
    delete m_sandbox;
    m_sandbox = new Sandbox(m_config, this);
    m_sandboxError.clear();
    connect(m_sandbox, &Sandbox::ready, this, &DemoController::onSandboxReady);
    connect(m_sandbox, &Sandbox::failed, this, [this](const QString &sentence) {
        m_sandboxError = sentence;
        m_jobsOnReady = false;
        if (m_jobsGateway >= 0 && m_jobsGateway == m_sandboxGateway)
            stopJobs();
        log(tr("The sandbox failed: %1").arg(sentence), true);
        Q_EMIT sandboxStateChanged();
    });
    log(tr("Starting the local sandbox…"));
    m_sandbox->start();
    Q_EMIT sandboxStateChanged();
}

void DemoController::onSandboxReady(const QString &gatewayUrl, const QString &prometheusUrl)
{
    log(tr("Sandbox ready: gateway %1, prometheus %2").arg(gatewayUrl, prometheusUrl));
    if (m_sandboxGateway < 0 || m_sandboxUrl != gatewayUrl) {
        GatewayEndpoint endpoint;
        QString error;
        if (!GatewayEndpoint::parse(gatewayUrl, &endpoint, &error)) {
            log(error, true);
            return;
        }
        m_sandboxUrl = gatewayUrl;
        GatewaySetup setup;
        setup.endpoint = endpoint;
        setup.interval = m_pollInterval;
        setup.timeout = m_timeout;
        if (m_sandboxGateway < 0) // started again: the same entry follows it to its new ports
            m_sandboxGateway = m_monitor->addGateway(setup);
        else
            m_monitor->retargetGateway(m_sandboxGateway, setup);
    }
    Q_EMIT sandboxStateChanged();
    if (m_jobsOnReady) {
        m_jobsOnReady = false;
        startJobs(m_sandboxGateway);
    }
}

void DemoController::stopSandbox()
{
    m_jobsOnReady = false;
    if (!m_sandbox || m_sandbox->state() == Sandbox::State::Stopped)
        return;
    if (m_jobsGateway >= 0 && m_jobsGateway == m_sandboxGateway)
        stopJobs();
    m_sandbox->stop();
    log(tr("Sandbox stopped."));
    Q_EMIT sandboxStateChanged();
}

Sandbox::State DemoController::sandboxState() const
{
    return m_sandbox ? m_sandbox->state() : Sandbox::State::Stopped;
}

QList<int> DemoController::writableGateways() const
{
    QList<int> gateways;
    for (int i = 0; i < m_monitor->gatewayCount(); ++i)
        if (!m_monitor->state(i).readOnly)
            gateways.append(i);
    return gateways;
}

bool DemoController::startJobs(int gateway)
{
    if (!writableGateways().contains(gateway))
        return false;
    stopJobs();
    m_simulator = new PushSimulator(m_monitor->poller(gateway)->endpoint(), this);
    m_simulator->setHttpConfig(m_monitor->poller(gateway)->client()->httpConfig());
    m_simulator->setJobs(PushSimulator::demoJobs(m_jobInterval));
    m_jobsGateway = gateway;
    m_pushesThisStart = 0;
    connect(m_simulator, &PushSimulator::runPushed, this,
            [this](const QString &job, int run, bool succeeded, bool accepted) {
                if (accepted)
                    log(succeeded ? tr("%1 run %2 pushed: success").arg(job).arg(run)
                                  : tr("%1 run %2 pushed: the job failed").arg(job).arg(run));
                // Once every job pushed, read the gateway at once instead of at the next poll.
                if (++m_pushesThisStart == jobCount() && m_jobsGateway >= 0)
                    m_monitor->poller(m_jobsGateway)->refreshNow();
            });
    connect(m_simulator, &PushSimulator::pushError, this,
            [this](const QString &sentence) { log(sentence, true); });
    connect(m_simulator, &PushSimulator::jobFinished, this, [this](const QString &job) {
        log(tr("%1 made its last run; its group will turn stale.").arg(job));
    });
    log(tr("Simulated jobs pushing to %1 every %2 s")
            .arg(m_monitor->poller(gateway)->endpoint().text())
            .arg(double(m_jobInterval.count()) / 1000.0));
    m_simulator->start();
    Q_EMIT jobsStateChanged();
    return true;
}

void DemoController::stopJobs()
{
    if (!m_simulator)
        return;
    m_simulator->stop();
    m_simulator->deleteLater();
    m_simulator = nullptr;
    m_jobsGateway = -1;
    log(tr("Simulated jobs stopped."));
    Q_EMIT jobsStateChanged();
}

bool DemoController::jobsRunning() const
{
    return m_simulator && m_simulator->isRunning();
}

int DemoController::jobCount() const
{
    return m_simulator ? int(m_simulator->jobs().size()) : int(PushSimulator::demoJobs().size());
}

void DemoController::log(const QString &line, bool error)
{
    Q_EMIT logged(QTime::currentTime().toString(QStringLiteral("HH:mm:ss ")) + line, error);
}

} // namespace pushscope::ui
