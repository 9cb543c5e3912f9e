#include "advice.h"

#include "model/duration.h"

#include <QSet>
#include <cmath>

// The gateway-wide checks: who scrapes it, how many jobs hang on it, does it only grow.

namespace pushscope {

namespace {

AdviceFinding gatewayFinding(const AdviceInput &input, AdviceKind kind, AdviceSeverity severity,
                             const QString &sentence)
{
    AdviceFinding finding;
    finding.gateway = input.gateway;
    finding.kind = kind;
    finding.severity = severity;
    finding.sentence = sentence;
    return finding;
}

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

} // namespace

namespace Advice {

QList<AdviceFinding> scraping(const AdviceInput &input, const AdviceOptions &)
{
    const PrometheusFacts &facts = input.prometheus;
    if (!facts.asked)
        return {gatewayFinding(
            input, AdviceKind::ScrapeUnchecked, AdviceSeverity::Info,
            QStringLiteral("Not checked whether a Prometheus scrapes this gateway, or with "
                           "honor_labels: true: no Prometheus was given."))};
    if (!facts.ok) {
        AdviceFinding finding = gatewayFinding(
            input, AdviceKind::ScrapeUnchecked, AdviceSeverity::Warning,
            QStringLiteral("Could not check whether Prometheus scrapes this gateway."));
        finding.evidence.append(QStringLiteral("%1: %2").arg(facts.server, facts.error));
        return {finding};
    }
    if (!facts.scraped) {
        AdviceFinding finding = gatewayFinding(
            input, AdviceKind::NotScraped, AdviceSeverity::Problem,
            QStringLiteral("This Prometheus does not scrape this gateway: unless another one "
                           "does, what is pushed here reaches no one. Add it to a scrape config "
                           "with honor_labels: true, or retire it."));
        finding.evidence.append(
            QStringLiteral("%1 has %2 active target(s); none of them scrapes this gateway's "
                           "/metrics (same host, port and route prefix).")
                .arg(facts.server)
                .arg(facts.activeTargets));
        return {finding};
    }
    const QString target = QStringLiteral("%1 scrapes it as target %2 (scrape config %3).")
                               .arg(facts.server, facts.scrapeUrl, facts.scrapePool);
    if (facts.honorLabels == PrometheusFacts::HonorLabels::Off) {
        AdviceFinding finding = gatewayFinding(
            input, AdviceKind::HonorLabelsOff, AdviceSeverity::Problem,
            QStringLiteral("Prometheus scrapes this gateway without honor_labels: true: every "
                           "pushed job and instance arrives as exported_job and "
                           "exported_instance, and job is the gateway's own. Set honor_labels: "
                           "true in scrape config %1.")
                .arg(facts.scrapePool));
        finding.evidence = {target, facts.honorLabelsEvidence};
        return {finding};
    }
    if (facts.honorLabels == PrometheusFacts::HonorLabels::Unknown) {
        AdviceFinding finding = gatewayFinding(
            input, AdviceKind::HonorLabelsUnknown, AdviceSeverity::Info,
            QStringLiteral("Prometheus scrapes this gateway, but whether it keeps the pushed "
                           "labels (honor_labels: true) could not be told."));
        finding.evidence = {target, facts.honorLabelsEvidence};
        return {finding};
    }
    return {};
}

// Many jobs on one gateway: when it is down, or restarts without a persistence file, all of
// them lose their last results at once, and nothing about a job's own metrics says so.
QList<AdviceFinding> singlePointOfFailure(const AdviceInput &input, const AdviceOptions &options)
{
    QSet<QString> jobs;
    for (const Group &group : input.groups)
        jobs.insert(group.key.job());
    if (jobs.size() < options.singlePointMinJobs)
        return {};
    const PrometheusFacts &facts = input.prometheus;
    const QString up = facts.scraped ? QStringLiteral("up{job=%1, instance=%2} == 0")
                                           .arg(quoteLabelValue(facts.targetJob),
                                                quoteLabelValue(facts.targetInstance))
                                     : QStringLiteral("up{job=\"<its scrape job>\"} == 0");
    AdviceFinding finding = gatewayFinding(
        input, AdviceKind::SinglePointOfFailure, AdviceSeverity::Warning,
        QStringLiteral("%1 jobs depend on this one gateway: if it is down, or restarts without "
                       "--persistence.file, all of them lose their last results together. "
                       "Alert on the gateway itself (%2), not only on each job's push age, "
                       "and consider a gateway per team or per failure domain.")
            .arg(jobs.size())
            .arg(up));
    finding.evidence.append(QStringLiteral("%1 job(s) in %2 group(s); flagged from %3 jobs.")
                                .arg(jobs.size())
                                .arg(input.groups.size())
                                .arg(options.singlePointMinJobs));
    return {finding};
}

// The gateway's exposition over the growth window, from Prometheus' scrape_samples_scraped
// for its target: samples, not groups, but every group adds samples and nothing but a delete
// removes them. Flagged when it grew by growthMinRatio and never fell by more than
// growthMaxDrop between two points.
QList<AdviceFinding> growth(const AdviceInput &input, const AdviceOptions &options)
{
    const PrometheusFacts &facts = input.prometheus;
    const QList<QPair<double, double>> &points = facts.samplesPerScrape.points;
    if (!facts.scraped || points.size() < 3)
        return {};
    double largestDrop = 0;
    for (qsizetype i = 1; i < points.size(); ++i) {
        const double before = points.at(i - 1).second;
        if (before > 0)
            largestDrop = std::max(largestDrop, (before - points.at(i).second) / before);
    }
    const double first = points.first().second;
    const double last = points.last().second;
    if (!(first > 0) || !std::isfinite(last) || last < first * options.growthMinRatio ||
        largestDrop > options.growthMaxDrop)
        return {};
    const double span = points.last().first - points.first().first;
    AdviceFinding finding = gatewayFinding(
        input, AdviceKind::UnboundedGrowth, AdviceSeverity::Warning,
        QStringLiteral("This gateway only grows: groups accumulate and nothing deletes them. "
                       "Look for a grouping label that takes a new value on every run (a run "
                       "id, a pod name, a timestamp), and delete groups whose job is gone."));
    finding.evidence.append(
        QStringLiteral("Samples per scrape grew from %1 to %2 over %3 and never fell by more "
                       "than %4%.")
            .arg(number(first), number(last), formatDuration(span))
            .arg(number(std::round(options.growthMaxDrop * 100))));
    finding.evidence.append(QStringLiteral("From scrape_samples_scraped{job=%1, instance=%2} on "
                                           "%3 (%4 points); %5 group(s) now.")
                                .arg(quoteLabelValue(facts.targetJob),
                                     quoteLabelValue(facts.targetInstance), facts.server)
                                .arg(points.size())
                                .arg(input.groups.size()));
    return {finding};
}

} // namespace Advice

} // namespace pushscope
