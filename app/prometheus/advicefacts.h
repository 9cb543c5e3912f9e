#pragma once

#include "gateway/groupingkey.h"
#include "model/advice.h"

#include <QString>
#include <QUrl>
#include <functional>
#include <optional>

namespace pushscope {

class PrometheusClient;

// honor_labels of scrape config `jobName` in the YAML that Prometheus' /api/v1/status/config
// returns (Prometheus writes it itself, omitting honor_labels when false): true or false, or
// nothing when no scrape config of that name is in it.
std::optional<bool> honorLabelsInConfig(const QString &yaml, const QString &jobName);

// What the server behind `client` knows about the gateway at `gatewayUrl`, for the Advice
// checks: checkScrapeHealth() (is it a target, does data show honor_labels on or off), then
// the scrape config when the data cannot tell, then scrape_samples_scraped of its target over
// the last `growthWindowSeconds`. `knownGroup`: a group the gateway holds (may be empty).
// `done` is dropped if `client` is destroyed first.
void gatherAdviceFacts(PrometheusClient *client, const QUrl &gatewayUrl,
                       const GroupingKey &knownGroup, double growthWindowSeconds,
                       std::function<void(const PrometheusFacts &)> done);

} // namespace pushscope
