#include "gatewaypoller.h"

namespace pushscope {

GatewayPoller::GatewayPoller(const GatewayEndpoint &endpoint, QObject *parent)
    : QObject(parent)
    , m_client(endpoint)
{
    m_client.setReadsGaugeHistograms(true);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &GatewayPoller::poll);
}

void GatewayPoller::start()
{
    if (!m_polling && !m_paused)
        poll();
}

void GatewayPoller::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused)
        m_timer.stop();
    else if (!m_polling)
        poll();
}

void GatewayPoller::refreshNow()
{
    if (m_polling)
        m_client.abortAll();
    poll();
}

void GatewayPoller::poll()
{
    m_timer.stop();
    const quint64 generation = ++m_generation;
    m_polling = true;
    emit pollStarted();
    m_client.fetchMetrics([this, generation](const MetricsResult &result) {
        if (generation != m_generation)
            return; // a newer poll was started meanwhile
        m_polling = false;
        m_clock.addSample(result.sentAtMs, result.receivedAtMs, result.serverDate);
        emit pollFinished(result);
        armNext();
    });
}

void GatewayPoller::armNext()
{
    if (!m_paused && !m_polling)
        m_timer.start(m_interval);
}

} // namespace pushscope
