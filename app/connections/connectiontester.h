#pragma once

#include "connection.h"

#include <QObject>
#include <chrono>
#include <functional>
#include <memory>

namespace pushscope {

class GatewayClient;
class PrometheusClient;

// The one-line answer of "Test connection".
struct ConnectionTestResult {
    bool ok = false;
    // "Pushgateway 1.5.1 · 42 groups · 12 ms", "Prometheus 2.42.0 · 8 ms", or the error
    // sentence.
    QString summary;
};

// Tries a connection as entered in the settings dialog: a gateway's status and metrics
// (GatewayClient), or a Prometheus server's build info (PrometheusClient). Asynchronous, so
// the GUI thread never waits; a new test (or cancel()) drops the answer of the previous one.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const ConnectionTestResult &)>;

    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    void testGateway(const GatewayConnection &gateway, Done done);
    void testPrometheus(const PrometheusConnection &server, Done done);
    void cancel();
    bool isRunning() const { return m_running; }

private:
    void finish(quint64 generation, const Done &done, bool ok, const QString &summary);

    std::chrono::milliseconds m_timeout{5000};
    std::unique_ptr<GatewayClient> m_gateway;
    std::unique_ptr<PrometheusClient> m_prometheus;
    quint64 m_generation = 0;
    bool m_running = false;
};

// "1 group", "42 groups".
QString groupCountText(int groups);

} // namespace pushscope
