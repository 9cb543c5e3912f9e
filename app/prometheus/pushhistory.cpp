#include "pushhistory.h"

#include "model/duration.h"
#include "net/offthread.h"
#include "prometheus/prometheusclient.h"

#include <algorithm>
#include <cmath>

namespace pushscope::PushHistory {

namespace {

using HonorLabels = ScrapeHealth::HonorLabels;

const QString kJob = QStringLiteral("job");
const QString kInstance = QStringLiteral("instance");
const QString kExportedPrefix = QStringLiteral("exported_");

// The target labels a series of this target carries whatever was pushed.
Labels narrowingLabels(const ScrapeTarget &target, HonorLabels honorLabels)
{
    Labels narrowing;
    for (const auto &label : target.labels) {
        const bool pushedWins = label.first == kJob || label.first == kInstance;
        if (honorLabels == HonorLabels::Off || !pushedWins)
            narrowing.append(label);
    }
    return narrowing;
}

QString selector(const Labels &matchers)
{
    QStringList parts{QStringLiteral("__name__=\"push_time_seconds\"")};
    for (const auto &[name, value] : matchers)
        parts.append(formatLabel(name, value));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QString idOf(Labels labels)
{
    return GroupingKey(std::move(labels)).id();
}

} // namespace

PushHistoryQuery query(const ScrapeTarget &target, HonorLabels honorLabels, int groups,
                       const QDateTime &now)
{
    using namespace std::chrono;
    const seconds step = std::max(duration_cast<seconds>(target.scrapeInterval.count() > 0
                                                             ? target.scrapeInterval
                                                             : milliseconds(kDefaultStep)),
                                  seconds(1));
    const double budgetHours = kGroupHoursBudget / std::max(groups, 1);
    seconds lookBack = duration_cast<seconds>(duration<double, std::ratio<3600>>(
        std::clamp(budgetHours, double(kMinLookBack.count()), double(kMaxLookBack.count()))));
    lookBack = std::min(lookBack, step * kMaxPointsPerSeries);

    const QString series = selector(narrowingLabels(target, honorLabels));
    PushHistoryQuery query;
    query.expr = QStringLiteral("%1 unless (%1 == %1 offset %2s)").arg(series).arg(step.count());
    query.end = now;
    query.start = now.addSecs(-lookBack.count());
    query.step = step;
    return query;
}

QStringList candidateIds(const Labels &series, const ScrapeTarget &target, HonorLabels honorLabels)
{
    if (honorLabels == HonorLabels::Unknown) {
        QStringList ids = candidateIds(series, target, HonorLabels::On);
        for (const QString &id : candidateIds(series, target, HonorLabels::Off)) {
            if (!ids.contains(id))
                ids.append(id);
        }
        return ids;
    }
    Labels stripped;
    for (const auto &[name, value] : series) {
        if (name == u"__name__")
            continue;
        if (honorLabels == HonorLabels::Off && name.startsWith(kExportedPrefix)) {
            stripped.append({name.mid(kExportedPrefix.size()), value});
            continue;
        }
        const bool addedByScrape =
            !value.isEmpty() && target.label(name) == value &&
            (honorLabels == HonorLabels::Off || (name != kJob && name != kInstance));
        if (!addedByScrape)
            stripped.append({name, value});
    }

    Labels asIs;
    for (const auto &label : series) {
        if (label.first != u"__name__")
            asIs.append(label);
    }
    QStringList ids{idOf(stripped)};
    const QString asIsId = idOf(asIs);
    if (asIsId != ids.constFirst())
        ids.append(asIsId);
    return ids;
}

QHash<QString, QList<double>> pushTimesById(const QueryResult &result, const ScrapeTarget &target,
                                            HonorLabels honorLabels)
{
    QHash<QString, QList<double>> byId;
    for (const TimeSeries &series : result.series) {
        QList<double> times;
        times.reserve(series.points.size());
        for (const auto &point : series.points) {
            if (point.second > 0 && std::isfinite(point.second))
                times.append(point.second);
        }
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());
        if (times.isEmpty())
            continue;
        for (const QString &id : candidateIds(series.labels, target, honorLabels)) {
            QList<double> &merged = byId[id];
            merged.append(times);
            std::sort(merged.begin(), merged.end());
            merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
        }
    }
    return byId;
}

void read(PrometheusClient *client, const ScrapeTarget &target, HonorLabels honorLabels, int groups,
          std::function<void(const PushHistoryResult &)> done)
{
    const PushHistoryQuery query =
        PushHistory::query(target, honorLabels, groups, QDateTime::currentDateTimeUtc());
    const double lookBackSeconds = query.start.secsTo(query.end);
    client->queryRange(
        query.expr, query.start, query.end, query.step,
        [client, target, honorLabels, lookBackSeconds,
         done = std::move(done)](const QueryResult &reply) mutable {
            // Mapping thousands of series to grouping keys is work too: off the GUI thread.
            auto map = [reply, target, honorLabels, lookBackSeconds] {
                PushHistoryResult result;
                result.lookBackSeconds = lookBackSeconds;
                if (!reply.ok) {
                    result.error = QStringLiteral("Could not read push history from Prometheus: %1")
                                       .arg(reply.error);
                    return result;
                }
                result.ok = true;
                result.series = int(reply.series.size());
                result.pushTimes = pushTimesById(reply, target, honorLabels);
                return result;
            };
            runOffThread(client, std::move(map), std::move(done));
        });
}

QString summary(const PushHistoryResult &result)
{
    if (!result.ok)
        return result.error;
    return QStringLiteral("Cadences seeded from %1 of Prometheus history: %2 series.")
        .arg(formatDuration(result.lookBackSeconds))
        .arg(result.series);
}

} // namespace pushscope::PushHistory
