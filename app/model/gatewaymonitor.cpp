#include "gatewaymonitor.h"

#include "net/offthread.h"
#include <QElapsedTimer>
#include <QSettings>

namespace pushscope {

namespace {

struct TimedPrepare {
    std::shared_ptr<const PreparedSnapshot> prepared;
    qint64 elapsedMs = 0;
};

} // namespace

GatewayMonitor::GatewayMonitor(QObject *parent)
    : QObject(parent)
{
    m_model.setTicking(true);
    m_history.readSettings(QSettings()); // history/pointsPerSeries, history/maxSeries
}

GatewayMonitor::~GatewayMonitor() = default;

int GatewayMonitor::addGateway(const GatewayEndpoint &endpoint, std::chrono::milliseconds interval,
                               std::chrono::milliseconds timeout, bool readOnly)
{
    GatewaySetup setup;
    setup.endpoint = endpoint;
    setup.interval = interval;
    setup.timeout = timeout;
    setup.readOnly = readOnly;
    return addGateway(setup);
}

int GatewayMonitor::addGateway(const GatewaySetup &setup)
{
    const int index = m_model.addGateway({}); // setUp() names it
    m_gateways.append(std::make_shared<Gateway>());
    setUp(index, setup);
    emit gatewayAdded(index);
    if (m_started)
        startGateway(index);
    return index;
}

void GatewayMonitor::retargetGateway(int index, const GatewaySetup &setup)
{
    Gateway &gateway = *m_gateways.at(index);
    gateway.poller.reset();  // its reply in flight, if any, is dropped with it
    ++gateway.applySequence; // and so is a preparation in flight
    gateway.lastPrepared.reset();
    m_model.applySnapshot(index, Snapshot{}, 0);
    m_model.seedPushTimes(index, {}); // seeds of the old gateway's groups
    setUp(index, setup);
    emit gatewayChanged(index);
    if (m_started)
        startGateway(index);
}

void GatewayMonitor::setUp(int index, const GatewaySetup &setup)
{
    Gateway &gateway = *m_gateways.at(index);
    gateway.poller = std::make_unique<GatewayPoller>(setup.endpoint);
    gateway.poller->setInterval(setup.interval);
    gateway.poller->client()->setTimeout(setup.timeout);
    gateway.poller->client()->setHttpConfig(setup.http);
    gateway.state = GatewayPollState{};
    gateway.state.name = setup.name.isEmpty() ? setup.endpoint.text() : setup.name;
    gateway.state.url = setup.endpoint.text();
    gateway.state.readOnly = setup.readOnly;
    gateway.state.insecureTls = setup.http.insecureSkipVerify;
    gateway.state.plainTextCredentials =
        setup.endpoint.baseUrl().scheme() == u"http" &&
        (setup.http.hasBasicAuth() || !setup.http.bearerToken.isEmpty() ||
         !setup.endpoint.baseUrl().userName().isEmpty());
    m_model.setGatewayName(index, gateway.state.name);
    m_model.setGatewayStaleAfter(index, setup.staleAfterSeconds);
    connect(gateway.poller.get(), &GatewayPoller::pollStarted, this, [this, index] {
        m_gateways[index]->state.polling = true;
        emit gatewayChanged(index);
    });
    connect(gateway.poller.get(), &GatewayPoller::pollFinished, this,
            [this, index](const MetricsResult &result) { onPollFinished(index, result); });
}

void GatewayMonitor::start()
{
    m_started = true;
    for (int i = 0; i < m_gateways.size(); ++i)
        startGateway(i);
}

void GatewayMonitor::startGateway(int i)
{
    GatewayPoller *poller = m_gateways.at(i)->poller.get();
    m_gateways.at(i)->statusKnown = false; // a new start may be a new gateway
    fetchStatus(i);
    m_gateways.at(i)->state.paused = m_paused;
    poller->setPaused(m_paused);
    poller->start();
}

void GatewayMonitor::fetchStatus(int i)
{
    Gateway &gateway = *m_gateways.at(i);
    gateway.pollsSinceStatusAsked = 0;
    gateway.poller->client()->fetchStatus([this, i](const GatewayStatus &status) {
        Gateway &g = *m_gateways.at(i);
        if (status.ok) {
            g.statusKnown = true;
            g.state.version = status.version;
            g.state.adminApiEnabled = status.adminApiEnabled;
            emit gatewayChanged(i);
        }
    });
}

void GatewayMonitor::setPaused(bool paused)
{
    m_paused = paused;
    for (int i = 0; i < m_gateways.size(); ++i) {
        m_gateways.at(i)->poller->setPaused(paused);
        m_gateways.at(i)->state.paused = paused;
        emit gatewayChanged(i);
    }
}

void GatewayMonitor::refreshAll()
{
    for (const auto &gateway : std::as_const(m_gateways))
        gateway->poller->refreshNow();
}

void GatewayMonitor::onPollFinished(int index, const MetricsResult &result)
{
    const std::shared_ptr<Gateway> gateway = m_gateways.at(index);
    GatewayPollState &state = gateway->state;
    state.polling = false;
    state.lastPollAt = QDateTime::currentDateTime();
    state.latencyMs = result.latencyMs();
    state.replyBytes = result.replyBytes;
    state.parseMs = result.parseMs;
    const quint64 sequence = ++gateway->applySequence;
    ++gateway->pollsSinceStatusAsked;
    if (result.ok && !gateway->statusKnown && gateway->pollsSinceStatusAsked >= 2)
        fetchStatus(index); // it was down (or not answering) when the status was asked
    if (!result.ok) {
        state.ok = false;
        state.error = result.error;
        m_model.markGatewayFailed(index, result.error);
        emit gatewayChanged(index);
        emit pollApplied(index);
        return;
    }
    auto prepare = [snapshot = result.snapshot, previous = gateway->lastPrepared] {
        QElapsedTimer timer;
        timer.start();
        TimedPrepare timed{
            std::make_shared<const PreparedSnapshot>(prepareSnapshot(*snapshot, previous.get())),
            0};
        timed.elapsedMs = timer.elapsed();
        return timed;
    };
    const ClockOffset &clock = gateway->poller->clock();
    const double offset = clock.usableOffsetSeconds();
    state.clockWarning = clock.isTrusted() ? QString()
                                           : clock.distrustText() +
                                                 QStringLiteral("; ages use this computer's clock");
    runOffThread(this, std::move(prepare),
                 [this, index, sequence, offset](const TimedPrepare &timed) {
                     Gateway &g = *m_gateways.at(index);
                     if (sequence != g.applySequence)
                         return; // a newer poll result is already on its way
                     QElapsedTimer timer;
                     timer.start();
                     m_model.applySnapshot(index, *timed.prepared, offset);
                     m_history.record(index, *timed.prepared);
                     g.lastPrepared = timed.prepared;
                     g.state.mergeMs = timer.elapsed();
                     g.state.prepareMs = timed.elapsedMs;
                     g.state.ok = true;
                     g.state.everOk = true;
                     g.state.error.clear();
                     g.state.lastSuccessAt = g.state.lastPollAt;
                     g.state.groups = int(timed.prepared->groups.size());
                     emit gatewayChanged(index);
                     emit pollApplied(index);
                 });
}

} // namespace pushscope
