#include "advicefacts.h"

#include "gateway/gatewayendpoint.h"
#include "model/duration.h"
#include "prometheus/prometheusclient.h"
#include "prometheus/scrapehealth.h"

#include <QDateTime>
#include <algorithm>

namespace pushscope {

namespace {

int indentOf(const QString &line)
{
    int indent = 0;
    while (indent < line.size() && line.at(indent) == QLatin1Char(' '))
        ++indent;
    return indent;
}

// A YAML scalar as Prometheus writes one: bare, 'single' ('' for ') or "double" quoted.
QString unquoteScalar(QString text)
{
    text = text.trimmed();
    if (text.size() >= 2 && text.startsWith(QLatin1Char('\'')) && text.endsWith(QLatin1Char('\'')))
        return text.mid(1, text.size() - 2).replace(QStringLiteral("''"), QStringLiteral("'"));
    if (text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"')))
        return text.mid(1, text.size() - 2)
            .replace(QStringLiteral("\\\""), QStringLiteral("\""))
            .replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
    return text;
}

PrometheusFacts::HonorLabels fromHealth(ScrapeHealth::HonorLabels honor)
{
    switch (honor) {
    case ScrapeHealth::HonorLabels::On:
        return PrometheusFacts::HonorLabels::On;
    case ScrapeHealth::HonorLabels::Off:
        return PrometheusFacts::HonorLabels::Off;
    case ScrapeHealth::HonorLabels::Unknown:
        break;
    }
    return PrometheusFacts::HonorLabels::Unknown;
}

void queryGrowth(PrometheusClient *client, PrometheusFacts facts,
                 std::function<void(const PrometheusFacts &)> done)
{
    if (!(facts.growthWindowSeconds > 0)) {
        done(facts);
        return;
    }
    const QString expr =
        QStringLiteral("scrape_samples_scraped{job=%1,instance=%2}")
            .arg(quoteLabelValue(facts.targetJob), quoteLabelValue(facts.targetInstance));
    const QDateTime end = QDateTime::currentDateTimeUtc();
    const QDateTime start = end.addMSecs(-qint64(facts.growthWindowSeconds * 1000));
    // About 60 points over the window, never closer than a second.
    const auto step = std::chrono::milliseconds(
        std::max<qint64>(1000, qint64(facts.growthWindowSeconds * 1000 / 60)));
    client->queryRange(expr, start, end, step, [facts, done](const QueryResult &result) mutable {
        if (!result.ok)
            facts.growthError = result.error;
        else if (!result.series.isEmpty())
            facts.samplesPerScrape = result.series.first();
        done(facts);
    });
}

} // namespace

std::optional<bool> honorLabelsInConfig(const QString &yaml, const QString &jobName)
{
    const QStringList lines = yaml.split(QLatin1Char('\n'));
    const QString key = QStringLiteral("job_name:");
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        const int indent = indentOf(line);
        QString rest = line.mid(indent);
        if (!rest.startsWith(QStringLiteral("- ")))
            continue;
        rest = rest.mid(2).trimmed();
        if (!rest.startsWith(key) || unquoteScalar(rest.mid(key.size())) != jobName)
            continue;
        // The keys of this scrape config sit two columns right of its dash.
        for (qsizetype j = i + 1; j < lines.size(); ++j) {
            const QString &inner = lines.at(j);
            if (inner.trimmed().isEmpty())
                continue;
            const int innerIndent = indentOf(inner);
            if (innerIndent <= indent)
                break;
            if (innerIndent == indent + 2 && inner.mid(innerIndent).startsWith(u"honor_labels:"))
                return unquoteScalar(inner.mid(innerIndent + 13)) == u"true";
        }
        return false; // omitted: false, Prometheus' default
    }
    return std::nullopt;
}

void gatherAdviceFacts(PrometheusClient *client, const QUrl &gatewayUrl,
                       const GroupingKey &knownGroup, double growthWindowSeconds,
                       std::function<void(const PrometheusFacts &)> done)
{
    PrometheusFacts base;
    base.asked = true;
    base.server = redactUrlPassword(client->baseUrl().toString());
    base.growthWindowSeconds = growthWindowSeconds;
    // The targets call again, for the count of active targets the evidence names.
    client->targets([client, gatewayUrl, knownGroup, base, done](const TargetsResult &targets) {
        PrometheusFacts facts = base;
        facts.activeTargets = int(targets.activeTargets.size());
        checkScrapeHealth(
            client, gatewayUrl, knownGroup,
            [client, facts, done](const ScrapeHealth &health) mutable {
                facts.ok = health.ok;
                facts.error = health.error;
                facts.scraped = health.scraped;
                if (!health.ok || !health.scraped) {
                    done(facts);
                    return;
                }
                facts.scrapePool = health.target.scrapePool;
                facts.targetJob = health.target.label(QStringLiteral("job"));
                facts.targetInstance = health.target.label(QStringLiteral("instance"));
                facts.scrapeUrl = health.target.scrapeUrl;
                facts.honorLabels = fromHealth(health.honorLabels);
                if (facts.honorLabels == PrometheusFacts::HonorLabels::Off) {
                    facts.honorLabelsEvidence =
                        QStringLiteral("Its push_time_seconds series carry exported_job: %1 > 0.")
                            .arg(exportedJobQuery(health.target));
                    queryGrowth(client, facts, done);
                    return;
                }
                if (facts.honorLabels == PrometheusFacts::HonorLabels::On) {
                    facts.honorLabelsEvidence =
                        QStringLiteral("A pushed group's push_time_seconds keeps its own job label "
                                       "in Prometheus.");
                    queryGrowth(client, facts, done);
                    return;
                }
                // The data cannot tell yet (nothing scraped, or no group known): the config can,
                // on Prometheus itself.
                client->config([client, facts, done](const ConfigResult &config) mutable {
                    const std::optional<bool> honor =
                        config.ok ? honorLabelsInConfig(config.yaml, facts.scrapePool)
                                  : std::nullopt;
                    if (honor) {
                        facts.honorLabels = *honor ? PrometheusFacts::HonorLabels::On
                                                   : PrometheusFacts::HonorLabels::Off;
                        facts.honorLabelsEvidence =
                            QStringLiteral("Its loaded configuration (/api/v1/status/config) has "
                                           "honor_labels: %1 in scrape config %2.")
                                .arg(*honor ? QStringLiteral("true") : QStringLiteral("false"),
                                     facts.scrapePool);
                    } else {
                        facts.honorLabelsEvidence =
                            QStringLiteral("No scraped push_time_seconds tells it, and the "
                                           "configuration is not readable: %1")
                                .arg(config.ok ? QStringLiteral("no scrape config %1 in it.")
                                                     .arg(facts.scrapePool)
                                               : config.error);
                    }
                    queryGrowth(client, facts, done);
                });
            });
    });
}

} // namespace pushscope
