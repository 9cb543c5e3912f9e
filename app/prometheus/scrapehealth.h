#pragma once

#include "gateway/groupingkey.h"
#include "prometheus/promreply.h"

#include <QDateTime>
#include <QString>
#include <QUrl>
#include <functional>

namespace pushscope {

class PrometheusClient;

// How one Prometheus sees one Pushgateway: is the gateway a scrape target, did its last
// scrape work, and are pushed job labels kept (honor_labels: true)?
struct ScrapeHealth {
    enum class HonorLabels { Unknown, On, Off };

    bool ok = false; // Prometheus answered; false with `error` set otherwise
    QString error;
    bool scraped = false; // the gateway is an active target
    ScrapeTarget target;  // valid when scraped
    HonorLabels honorLabels = HonorLabels::Unknown;
    QStringList warnings;
    QString verdict; // one sentence for the user
};

// True when `target` scrapes the gateway at `gatewayUrl`: same host (localhost and
// 127.0.0.1 count as one), same port (scheme default when absent) and a metrics path of
// <route prefix>/metrics.
bool targetMatchesGateway(const ScrapeTarget &target, const QUrl &gatewayUrl);

// The sentence for a finished check, e.g. "Prometheus scrapes this gateway every 2s; last
// scrape 1s ago, up." `now` is the local time the ages are measured against.
QString scrapeVerdict(const ScrapeHealth &health, const QDateTime &now);

// The PromQL that finds pushed series renamed by a scrape without honor_labels.
QString exportedJobQuery(const ScrapeTarget &target);

// Checks `gatewayUrl` against the server behind `client`: targets(), then up to two queries
// (see scrapehealth.cpp for the method). `knownGroup`, a grouping key the gateway holds (may
// be empty), lets the check confirm honor_labels is on rather than only fail to see it off.
// `done` is dropped if `client` is destroyed first.
void checkScrapeHealth(PrometheusClient *client, const QUrl &gatewayUrl,
                       const GroupingKey &knownGroup,
                       std::function<void(const ScrapeHealth &)> done);

} // namespace pushscope
