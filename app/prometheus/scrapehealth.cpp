#include "scrapehealth.h"

#include "model/duration.h"
#include "net/servertext.h"
#include "prometheus/prometheusclient.h"
#include "prometheus/promql.h"

#include <memory>

namespace pushscope {

namespace {

QString normalHost(const QUrl &url)
{
    const QString host = url.host().toLower();
    if (host == u"localhost" || host == u"::1" || host == u"[::1]")
        return QStringLiteral("127.0.0.1");
    return host;
}

int portOf(const QUrl &url)
{
    return url.port(url.scheme() == u"https" ? 443 : 80);
}

QString withoutTrailingSlash(QString path)
{
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

bool hasSeries(const QueryResult &result)
{
    return result.ok && !result.series.isEmpty();
}

} // namespace

bool targetMatchesGateway(const ScrapeTarget &target, const QUrl &gatewayUrl)
{
    const QUrl scrape(target.scrapeUrl);
    if (!scrape.isValid() || normalHost(scrape) != normalHost(gatewayUrl) ||
        portOf(scrape) != portOf(gatewayUrl))
        return false;
    const QString expected = withoutTrailingSlash(gatewayUrl.path()) + QStringLiteral("/metrics");
    return withoutTrailingSlash(scrape.path()) == expected;
}

QString exportedJobQuery(const ScrapeTarget &target)
{
    return QStringLiteral("count({__name__=\"push_time_seconds\",job=%1,instance=%2,"
                          "exported_job!=\"\"})")
        .arg(quoteLabelValue(target.label(QStringLiteral("job"))),
             quoteLabelValue(target.label(QStringLiteral("instance"))));
}

QString scrapeVerdict(const ScrapeHealth &health, const QDateTime &now)
{
    if (!health.ok)
        return health.error;
    if (!health.scraped)
        return QStringLiteral("Prometheus does not scrape this gateway.");
    const ScrapeTarget &target = health.target;
    if (target.health == u"down" || !target.lastError.isEmpty()) {
        QString error = target.lastError.isEmpty() ? QStringLiteral("no reason given")
                                                   : clipServerText(target.lastError);
        if (!error.endsWith(QLatin1Char('.')))
            error += QLatin1Char('.');
        return QStringLiteral("The last scrape failed: %1").arg(error);
    }
    if (health.honorLabels == ScrapeHealth::HonorLabels::Off)
        return QStringLiteral("honor_labels is off: your job labels arrive as exported_job.");
    QString sentence = QStringLiteral("Prometheus scrapes this gateway");
    if (target.scrapeInterval.count() > 0)
        sentence += QStringLiteral(" every %1")
                        .arg(formatDuration(double(target.scrapeInterval.count()) / 1000.0));
    if (!target.lastScrape.isValid())
        return sentence + QStringLiteral("; not scraped yet.");
    const double age = std::max(0.0, double(target.lastScrape.msecsTo(now)) / 1000.0);
    return sentence + QStringLiteral("; last scrape %1 ago, %2.")
                          .arg(formatAge(age),
                               target.health.isEmpty() ? QStringLiteral("unknown") : target.health);
}

// How honor_labels is detected, from data alone (the targets API does not report it, and
// VictoriaMetrics, Thanos and Mimir have no /api/v1/status/config to read it from):
//
// Every group on a gateway carries push_time_seconds with a `job` label. Without
// honor_labels, Prometheus renames that label to exported_job and sets job and instance to
// the target's own labels, for every pushed series. So
//   1. count({__name__="push_time_seconds", job=<target job>, instance=<target instance>,
//            exported_job!=""}) > 0  ⇒ off (definite: the series came from this target and
//      were renamed). honor_labels is a per-scrape-config setting, so one series suffices.
//   2. Otherwise, if the caller knows a group the gateway holds, the selector of that
//      group's push_time_seconds with its own job label matching ⇒ on (the pushed job
//      survived the scrape). With no known group, or none scraped yet, it stays unknown.
// The pushed value of `instance` is not used: with honor_labels an empty pushed instance
// is dropped, so it cannot identify the target.
void checkScrapeHealth(PrometheusClient *client, const QUrl &gatewayUrl,
                       const GroupingKey &knownGroup,
                       std::function<void(const ScrapeHealth &)> done)
{
    auto finish = [done](ScrapeHealth health) {
        health.verdict = scrapeVerdict(health, QDateTime::currentDateTimeUtc());
        done(health);
    };
    client->targets([client, gatewayUrl, knownGroup, finish](const TargetsResult &targets) {
        ScrapeHealth health;
        health.ok = targets.ok;
        health.error = targets.error;
        health.warnings = targets.warnings;
        if (!targets.ok) {
            finish(health);
            return;
        }
        for (const ScrapeTarget &target : targets.activeTargets) {
            if (targetMatchesGateway(target, gatewayUrl)) {
                health.scraped = true;
                health.target = target;
                break;
            }
        }
        if (!health.scraped) {
            finish(health);
            return;
        }
        client->query(
            exportedJobQuery(health.target), QDateTime(),
            [client, knownGroup, health, finish](const QueryResult &exported) mutable {
                health.warnings += exported.warnings;
                if (hasSeries(exported)) {
                    health.honorLabels = ScrapeHealth::HonorLabels::Off;
                    finish(health);
                    return;
                }
                if (!exported.ok || knownGroup.job().isEmpty()) {
                    finish(health);
                    return;
                }
                const QString expr =
                    QStringLiteral("count(%1)")
                        .arg(selectorFor(QStringLiteral("push_time_seconds"), knownGroup));
                client->query(expr, QDateTime(), [health, finish](const QueryResult &kept) mutable {
                    health.warnings += kept.warnings;
                    if (hasSeries(kept))
                        health.honorLabels = ScrapeHealth::HonorLabels::On;
                    finish(health);
                });
            });
    });
}

} // namespace pushscope
