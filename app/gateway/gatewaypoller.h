#pragma once

#include "gatewayclient.h"
#include "model/clockoffset.h"

#include <QObject>
#include <QTimer>
#include <chrono>

namespace pushscope {

// Polls one gateway: the next poll is armed only when the previous one has completed, so
// polls never overlap; a reply that arrives after a newer poll was started is dropped.
class GatewayPoller : public QObject
{
    Q_OBJECT

public:
    explicit GatewayPoller(const GatewayEndpoint &endpoint, QObject *parent = nullptr);

    GatewayClient *client() { return &m_client; }
    const GatewayEndpoint &endpoint() const { return m_client.endpoint(); }
    const ClockOffset &clock() const { return m_clock; }

    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }
    std::chrono::milliseconds interval() const { return m_interval; }

    void start();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    bool isPolling() const { return m_polling; }
    // Polls at once; a poll in flight is abandoned.
    void refreshNow();

signals:
    void pollStarted();
    void pollFinished(const pushscope::MetricsResult &result);

private:
    void poll();
    void armNext();

    GatewayClient m_client;
    ClockOffset m_clock;
    QTimer m_timer;
    std::chrono::milliseconds m_interval{5000};
    quint64 m_generation = 0;
    bool m_paused = false;
    bool m_polling = false;
};

} // namespace pushscope
