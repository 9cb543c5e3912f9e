#pragma once

#include "prometheus/promreply.h"
#include "prometheus/scrapehealth.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <chrono>
#include <functional>

namespace pushscope {

class PrometheusClient;

// How PushScope reads a gateway's past pushes from a Prometheus that scrapes it, so that
// a group's cadence is known at start-up rather than after hours of polls.
//
// push_time_seconds holds the time of a group's last push, so the distinct values the
// series took are the push times. A range query of
//   push_time_seconds{…} unless (push_time_seconds{…} == push_time_seconds{…} offset <step>)
// keeps only the steps at which the value moved, so the reply carries about one point per
// push rather than one per step. The step is the target's scrape interval (Prometheus saw
// nothing finer); the look-back shrinks as the gateway holds more groups, so that the
// reply stays near kGroupHoursBudget group-hours whatever the gateway's size.
struct PushHistoryQuery {
    QString expr;
    QDateTime start;
    QDateTime end;
    std::chrono::milliseconds step{0};
};

// What PushHistory::read() found: push times by candidate id (see pushTimesById).
struct PushHistoryResult {
    bool ok = false;
    QString error; // one sentence when !ok
    QHash<QString, QList<double>> pushTimes;
    int series = 0;
    double lookBackSeconds = 0;
};

namespace PushHistory {

constexpr double kGroupHoursBudget = 24000;      // 1,000 groups over 24 h
constexpr std::chrono::hours kMaxLookBack{48};   // two days of runs at most
constexpr std::chrono::hours kMinLookBack{1};    // at 24,000 groups and more
constexpr std::chrono::seconds kDefaultStep{15}; // when the target does not say
constexpr int kMaxPointsPerSeries = 10000;       // Prometheus refuses above 11,000

// The query for `target` (a scrape of the gateway), ending at `now`, for `groups` groups.
// The target's own labels other than job and instance narrow the selector to it; with
// honor_labels off, so do its job and instance.
PushHistoryQuery query(const ScrapeTarget &target, ScrapeHealth::HonorLabels honorLabels,
                       int groups, const QDateTime &now);

// The grouping-key ids (GroupingKey::id) a series can belong to, most likely first: the
// series' labels without those the scrape added (the target's labels; with honor_labels
// off, exported_<name> read back as <name>), then, when that differs, its labels as they
// are (a grouping label may carry the same value as a target label). With honor_labels
// unknown, the candidates of both settings.
QStringList candidateIds(const Labels &series, const ScrapeTarget &target,
                         ScrapeHealth::HonorLabels honorLabels);

// The distinct push times (Unix seconds, ascending) of each series in `result`, by every
// candidate id of the series.
QHash<QString, QList<double>> pushTimesById(const QueryResult &result, const ScrapeTarget &target,
                                            ScrapeHealth::HonorLabels honorLabels);

// Asks the server behind `client` for the push history of the gateway it scrapes as
// `target`; the reply is parsed and mapped to grouping keys on the thread pool, and `done`
// runs on the client's thread (dropped with the client).
void read(PrometheusClient *client, const ScrapeTarget &target,
          ScrapeHealth::HonorLabels honorLabels, int groups,
          std::function<void(const PushHistoryResult &)> done);

// "Cadences seeded from 24h of Prometheus history: 12 series."
QString summary(const PushHistoryResult &result);

} // namespace PushHistory

} // namespace pushscope
