#include "connectiontester.h"

#include "connectionsfile.h"
#include "gateway/gatewayclient.h"
#include "gateway/gatewayendpoint.h"
#include "prometheus/prometheusclient.h"

#include <QUrl>

namespace pushscope {

namespace {

const QString kDot = QStringLiteral(" \u00b7 ");

} // namespace

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
{}

ConnectionTester::~ConnectionTester() = default;

QString groupCountText(int groups)
{
    return groups == 1 ? QStringLiteral("1 group") : QStringLiteral("%1 groups").arg(groups);
}

void ConnectionTester::cancel()
{
    ++m_generation;
    m_running = false;
    if (m_gateway)
        m_gateway->abortAll();
    if (m_prometheus)
        m_prometheus->abortAll();
}

void ConnectionTester::finish(quint64 generation, const Done &done, bool ok, const QString &summary)
{
    if (generation != m_generation)
        return; // a newer test, or cancel(), replaced this one
    m_running = false;
    done({ok, summary});
}

void ConnectionTester::testGateway(const GatewayConnection &gateway, Done done)
{
    cancel();
    const quint64 generation = m_generation;
    m_running = true;
    GatewayEndpoint endpoint;
    QString why;
    if (!GatewayEndpoint::parse(gateway.url, &endpoint, &why)) {
        QMetaObject::invokeMethod(
            this, [this, generation, done, why] { finish(generation, done, false, why); },
            Qt::QueuedConnection);
        return;
    }
    m_gateway = std::make_unique<GatewayClient>(endpoint);
    m_gateway->setHttpConfig(gateway.http);
    m_gateway->setTimeout(m_timeout);
    m_gateway->fetchStatus([this, generation, done](const GatewayStatus &status) {
        if (generation != m_generation)
            return;
        if (!status.ok) {
            finish(generation, done, false, status.error);
            return;
        }
        const QString version =
            status.version.isEmpty() ? QStringLiteral("(version unknown)") : status.version;
        m_gateway->fetchMetrics([this, generation, done, version](const MetricsResult &metrics) {
            if (!metrics.ok) {
                finish(generation, done, false,
                       QStringLiteral("Pushgateway %1 answers, but reading its groups failed: %2")
                           .arg(version, metrics.error));
                return;
            }
            const int groups = metrics.snapshot ? int(metrics.snapshot->groups.size()) : 0;
            finish(generation, done, true,
                   QStringLiteral("Pushgateway ") + version + kDot + groupCountText(groups) + kDot +
                       QStringLiteral("%1 ms").arg(metrics.latencyMs()));
        });
    });
}

void ConnectionTester::testPrometheus(const PrometheusConnection &server, Done done)
{
    cancel();
    const quint64 generation = m_generation;
    m_running = true;
    const QUrl url = connectionUrl(server.url);
    if (server.url.trimmed().isEmpty() || !url.isValid() || url.host().isEmpty()) {
        const QString why =
            QStringLiteral("\"%1\" is not a URL.").arg(redactUrlPassword(server.url));
        QMetaObject::invokeMethod(
            this, [this, generation, done, why] { finish(generation, done, false, why); },
            Qt::QueuedConnection);
        return;
    }
    m_prometheus = std::make_unique<PrometheusClient>(url);
    m_prometheus->setHttpConfig(server.http); // auth, TLS and extra headers
    m_prometheus->setTimeout(m_timeout);
    m_prometheus->buildInfo([this, generation, done](const BuildInfoResult &info) {
        if (!info.ok) {
            finish(generation, done, false, info.error);
            return;
        }
        finish(generation, done, true,
               QStringLiteral("Prometheus ") + info.version + kDot +
                   QStringLiteral("%1 ms").arg(info.latencyMs));
    });
}

} // namespace pushscope
