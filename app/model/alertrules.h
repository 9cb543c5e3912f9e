#pragma once

#include "cadence.h"
#include "gateway/snapshot.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pushscope {

// One group a rule file is made for: its grouping key and families (which outcome metrics
// its job pushes) and the cadence learned for it (Unknown when none was).
struct AlertRuleSource {
    Group group;
    CadenceEstimate cadence;
};

struct AlertRuleOptions {
    // The lateness threshold of a job without a regular cadence (seconds, > 0).
    double staleAfterSeconds = 3600;
    // Late after this many learned intervals plus the jitter (as the window's late outcome).
    double lateFactor = 2;
    // Comment lines put at the top of the file, without the leading "# ".
    QStringList headerComments;
};

// Prometheus alerting rules for the jobs behind some Pushgateway groups, as YAML text.
namespace AlertRules {

constexpr auto kGroupName = "pushscope";
constexpr auto kLateAlert = "PushgatewayJobLate";
constexpr auto kFailedAlert = "PushgatewayJobFailed";

// What the rules say about one job; the parts of the file before it is written as YAML.
struct JobRules {
    QString job;
    double lateThresholdSeconds = 0; // seconds without a push after which the job is late
    CadenceEstimate cadence;         // the regular cadence the threshold came from, if any
    QStringList successGauges;       // job_success, <job>_success: 0 means failed
    QStringList exitCodes;           // <job>_exit_code: not 0 means failed
};

// Groups the sources by job (sorted by job name). A job's lateness threshold is the largest
// late threshold of its groups with a regular cadence (the expression watches the newest push
// of any of them), else the stale threshold.
QList<JobRules> jobRules(const QList<AlertRuleSource> &sources, const AlertRuleOptions &options);

// The rule file: one group "pushscope" with, per job, a PushgatewayJobLate alert on
// time() - max by (job) (push_time_seconds{job="..."}) and PushgatewayJobFailed alerts on a
// failed push and on each success gauge and exit code the job pushes. The alerts carry the
// job as a label from their expression, never in their name.
QString yaml(const QList<AlertRuleSource> &sources, const AlertRuleOptions &options);

// A YAML double-quoted scalar: backslash, double quote and non-printable characters escaped.
QString yamlQuoted(const QString &text);
// A selector for one metric of one job: name{job="..."}, or
// for a name PromQL cannot take bare, {__name__="na.me",job="..."}.
QString jobSelector(const QString &metricName, const QString &job);
// The `for:` of a lateness alert: a quarter of the threshold, in whole seconds from 1s to 1m.
QString lateForDuration(double thresholdSeconds);

} // namespace AlertRules

} // namespace pushscope
