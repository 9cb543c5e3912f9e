#include "alertrules.h"

#include "duration.h"
#include "gateway/groupingkey.h"
#include "outcome.h"
#include "prometheus/promql.h"

#include <QMap>
#include <algorithm>
#include <cmath>

namespace pushscope::AlertRules {

namespace {

// A number of seconds for PromQL, to a tenth: "610", "10.7".
QString number(double seconds)
{
    const double tenths = std::round(seconds * 10) / 10;
    QString text = QString::number(tenths, 'f', 1);
    if (text.endsWith(QLatin1String(".0")))
        text.chop(2);
    return text;
}

// A comment line: no line break can end it early.
QString comment(const QString &text)
{
    QString line = text;
    for (QChar &c : line) {
        if (c.category() == QChar::Other_Control || c == QChar(0x2028) || c == QChar(0x2029))
            c = u' ';
    }
    return QStringLiteral("# ") + line + QLatin1Char('\n');
}

QString expected(const JobRules &job, const AlertRuleOptions &options)
{
    if (job.cadence.kind == CadenceEstimate::Kind::Regular)
        return QStringLiteral("expected %1").arg(Cadence::format(job.cadence));
    return QStringLiteral("no cadence learned, stale after %1")
        .arg(formatDuration(options.staleAfterSeconds));
}

struct Rule {
    QString alert;
    QString expr;
    QString forDuration;
    QString severity;
    QString summary;
    QString description;
};

QString ruleYaml(const Rule &rule)
{
    QString text;
    text += QStringLiteral("      - alert: %1\n").arg(rule.alert);
    text += QStringLiteral("        expr: %1\n").arg(yamlQuoted(rule.expr));
    text += QStringLiteral("        for: %1\n").arg(rule.forDuration);
    text += QStringLiteral("        labels:\n          severity: %1\n").arg(rule.severity);
    text += QStringLiteral("        annotations:\n");
    text += QStringLiteral("          summary: %1\n").arg(yamlQuoted(rule.summary));
    text += QStringLiteral("          description: %1\n").arg(yamlQuoted(rule.description));
    return text;
}

QList<Rule> rulesFor(const JobRules &job, const AlertRuleOptions &options)
{
    // The job's name reaches annotations only through {{ $labels.job }}: a literal name could
    // hold "{{", which the template engine would read.
    const QString push = jobSelector(QStringLiteral("push_time_seconds"), job.job);
    const QString failure = jobSelector(QStringLiteral("push_failure_time_seconds"), job.job);
    const QString cadence = expected(job, options);
    QList<Rule> rules;
    rules.append({QString::fromLatin1(kLateAlert),
                  QStringLiteral("time() - max by (job) (%1) > %2")
                      .arg(push, number(job.lateThresholdSeconds)),
                  lateForDuration(job.lateThresholdSeconds), QStringLiteral("warning"),
                  QStringLiteral("Pushgateway job {{ $labels.job }} is late (%1)").arg(cadence),
                  QStringLiteral("No push for {{ $value | humanizeDuration }}, longer than %1.")
                      .arg(formatDuration(job.lateThresholdSeconds))});
    rules.append({QString::fromLatin1(kFailedAlert), QStringLiteral("%1 > %2").arg(failure, push),
                  QStringLiteral("1m"), QStringLiteral("critical"),
                  QStringLiteral("Pushgateway job {{ $labels.job }}: its last push failed"),
                  QStringLiteral("The gateway rejected the last push (%1).").arg(cadence)});
    for (const QString &gauge : job.successGauges)
        rules.append(
            {QString::fromLatin1(kFailedAlert),
             QStringLiteral("%1 == 0").arg(jobSelector(gauge, job.job)), QStringLiteral("1m"),
             QStringLiteral("critical"),
             QStringLiteral("Pushgateway job {{ $labels.job }} failed (%1 is 0)").arg(gauge),
             QStringLiteral("The last run pushed %1 = 0 (%2).").arg(gauge, cadence)});
    for (const QString &code : job.exitCodes)
        rules.append(
            {QString::fromLatin1(kFailedAlert),
             QStringLiteral("%1 != 0").arg(jobSelector(code, job.job)), QStringLiteral("1m"),
             QStringLiteral("critical"),
             QStringLiteral("Pushgateway job {{ $labels.job }} failed (%1 is not 0)").arg(code),
             QStringLiteral("The last run pushed %1 = {{ $value }} (%2).").arg(code, cadence)});
    return rules;
}

bool isSuccessGauge(const MetricFamily &family)
{
    return family.name.endsWith(u"_success") &&
           (family.type == MetricType::Gauge || family.type == MetricType::Untyped);
}

} // namespace

QString yamlQuoted(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
        } else if (c == u'"') {
            out += QStringLiteral("\\\"");
        } else if (c == u'\\') {
            out += QStringLiteral("\\\\");
        } else if (c == u'\n') {
            out += QStringLiteral("\\n");
        } else if (c == u'\t') {
            out += QStringLiteral("\\t");
        } else if (c.isSurrogate()) {
            out += QStringLiteral("\\uFFFD");
        } else if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || u == 0x2028 || u == 0x2029 ||
                   u == 0xfeff || u == 0xfffe || u == 0xffff) {
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out + QLatin1Char('"');
}

QString jobSelector(const QString &metricName, const QString &job)
{
    const QString jobMatcher = QStringLiteral("job=") + quoteLabelValue(job);
    if (isPlainMetricName(metricName))
        return metricName + QLatin1Char('{') + jobMatcher + QLatin1Char('}');
    return QStringLiteral("{__name__=%1,%2}").arg(quoteLabelValue(metricName), jobMatcher);
}

QString lateForDuration(double thresholdSeconds)
{
    const double seconds = std::clamp(std::round(thresholdSeconds / 4), 1.0, 60.0);
    return formatDuration(seconds);
}

QList<JobRules> jobRules(const QList<AlertRuleSource> &sources, const AlertRuleOptions &options)
{
    QMap<QString, JobRules> byJob;
    for (const AlertRuleSource &source : sources) {
        const QString name = source.group.key.job();
        JobRules &job = byJob[name];
        job.job = name;
        const double late = OutcomeRules::lateThreshold(source.cadence, options.lateFactor);
        if (late > job.lateThresholdSeconds) {
            job.lateThresholdSeconds = late;
            job.cadence = source.cadence;
        }
        for (const MetricFamily &family : source.group.families) {
            if (isSuccessGauge(family) && !job.successGauges.contains(family.name))
                job.successGauges.append(family.name);
            if (family.name.endsWith(u"_exit_code") && !job.exitCodes.contains(family.name))
                job.exitCodes.append(family.name);
        }
    }
    QList<JobRules> jobs = byJob.values();
    for (JobRules &job : jobs) {
        if (!(job.lateThresholdSeconds > 0))
            job.lateThresholdSeconds = options.staleAfterSeconds;
        job.successGauges.sort();
        job.exitCodes.sort();
    }
    return jobs;
}

QString yaml(const QList<AlertRuleSource> &sources, const AlertRuleOptions &options)
{
    QString text;
    for (const QString &line : options.headerComments)
        text += comment(line);
    text += comment(QStringLiteral("Load it with rule_files in prometheus.yml; the gateway must be "
                                   "scraped with honor_labels: true."));
    const QList<JobRules> jobs = jobRules(sources, options);
    text += QStringLiteral("groups:\n  - name: %1\n").arg(QLatin1String(kGroupName));
    if (jobs.isEmpty())
        return text + QStringLiteral("    rules: []\n");
    text += QStringLiteral("    rules:\n");
    for (const JobRules &job : jobs) {
        text += QStringLiteral("      ") +
                comment(QStringLiteral("job %1: %2, late after %3")
                            .arg(quoteLabelValue(job.job), expected(job, options),
                                 formatDuration(job.lateThresholdSeconds)));
        for (const Rule &rule : rulesFor(job, options))
            text += ruleYaml(rule);
    }
    return text;
}

} // namespace pushscope::AlertRules
