#pragma once

#include "gateway/gatewayendpoint.h"
#include "net/httpconfig.h"

#include <QList>
#include <QString>
#include <chrono>

namespace pushscope {

// Which secrets the operator saved for a connection. The values themselves live only in
// memory and in the system keychain (see SecretStore); ConnectionStore::load() sets these
// flags so that start-up knows what to read back or ask for. Bookkeeping only: not part of
// the connections' equality.
struct SavedSecrets {
    bool password = false;
    bool bearerToken = false;
};

// One Prometheus-compatible server (Prometheus, VictoriaMetrics, Thanos, Mimir) the charts
// and the scrape health are read from.
struct PrometheusConnection {
    QString id;   // stable, unique within a Connections list; links gateways to it
    QString name; // display name
    QString url;  // base URL, path prefix allowed
    HttpConfig http;
    SavedSecrets savedSecrets;
    // The Grafana that shows this server, and the UID (or name) of its data source there, for
    // "Open in Grafana Explore"; empty: none.
    QString grafanaUrl;
    QString grafanaDatasource;
    bool operator==(const PrometheusConnection &o) const
    {
        return id == o.id && name == o.name && url == o.url && http == o.http &&
               grafanaUrl == o.grafanaUrl && grafanaDatasource == o.grafanaDatasource;
    }
};

// One Pushgateway as the operator saved it.
struct GatewayConnection {
    QString id;
    QString name; // display name; the URL when empty
    QString url;  // route prefix allowed
    std::chrono::milliseconds pollInterval{5000};
    bool readOnly = false;
    double staleAfterSeconds = 3600;
    bool enabled = true;
    QString prometheusId; // the PrometheusConnection charts come from; empty: none
    HttpConfig http;
    SavedSecrets savedSecrets;
    QString displayName() const { return name.isEmpty() ? redactUrlPassword(url) : name; }
    bool operator==(const GatewayConnection &o) const
    {
        return id == o.id && name == o.name && url == o.url && pollInterval == o.pollInterval &&
               readOnly == o.readOnly && staleAfterSeconds == o.staleAfterSeconds &&
               enabled == o.enabled && prometheusId == o.prometheusId && http == o.http;
    }
};

struct Connections {
    QList<GatewayConnection> gateways;
    QList<PrometheusConnection> prometheus;
    const PrometheusConnection *prometheusFor(const GatewayConnection &gateway) const
    {
        for (const PrometheusConnection &server : prometheus)
            if (!gateway.prometheusId.isEmpty() && server.id == gateway.prometheusId)
                return &server;
        return nullptr;
    }
    bool operator==(const Connections &o) const
    {
        return gateways == o.gateways && prometheus == o.prometheus;
    }
};

} // namespace pushscope
