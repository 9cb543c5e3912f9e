#pragma once

#include "net/httpconfig.h"
#include "prometheus/scrapehealth.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QUrl>
#include <chrono>
#include <memory>
#include <optional>

namespace pushscope {

class GatewayMonitor;
class PrometheusClient;

// Asks each gateway's Prometheus, now and then, whether it scrapes that gateway (see
// checkScrapeHealth). A check follows a successful poll when the last one is older than the
// interval; one check per gateway is in flight at a time, so a slow Prometheus never piles
// requests up, and a gateway without a Prometheus is never checked.
class ScrapeHealthMonitor : public QObject
{
    Q_OBJECT

public:
    explicit ScrapeHealthMonitor(GatewayMonitor *monitor, QObject *parent = nullptr);
    ~ScrapeHealthMonitor() override;

    // The Prometheus of every gateway without one of its own; an empty URL: none.
    void setDefaultPrometheus(const QUrl &url, const HttpConfig &http = {});
    void setPrometheus(int gateway, const QUrl &url, const HttpConfig &http = {});
    QUrl prometheusUrl(int gateway) const;
    // How that Prometheus is reached (authentication, TLS); empty without one.
    HttpConfig prometheusHttp(int gateway) const;
    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }

    // The last finished check; nullopt without a Prometheus or before the first answer.
    std::optional<ScrapeHealth> health(int gateway) const;
    void checkNow(int gateway);

signals:
    void healthChanged(int gateway);

private:
    struct Source {
        QUrl url;
        HttpConfig http;
    };
    struct State {
        std::optional<Source> own;
        std::shared_ptr<PrometheusClient> client;
        QUrl clientUrl;
        std::optional<ScrapeHealth> health;
        QDateTime checkedAt;
        bool inFlight = false;
    };
    const Source *sourceFor(int gateway) const;
    PrometheusClient *clientFor(int gateway);
    void resetClient(int gateway);
    void onPollApplied(int gateway);

    GatewayMonitor *m_monitor;
    Source m_default;
    QHash<int, State> m_states;
    std::chrono::milliseconds m_interval{30000};
};

} // namespace pushscope
