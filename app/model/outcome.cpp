#include "outcome.h"

#include "duration.h"
#include "timeformat.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>
#include <optional>

namespace pushscope {

namespace {

std::optional<double> largestValue(const MetricFamily *family)
{
    if (!family || family->samples.isEmpty())
        return std::nullopt;
    if (family->type == MetricType::Summary || family->type == MetricType::Histogram)
        return std::nullopt;
    double largest = -std::numeric_limits<double>::infinity();
    for (const Sample &sample : family->samples) {
        if (!std::isnan(sample.value))
            largest = std::max(largest, sample.value);
    }
    return std::isfinite(largest) ? std::optional<double>(largest) : std::nullopt;
}

Verdict failed(const QString &reason)
{
    return {Outcome::Failed, reason};
}
Verdict succeeded(const QString &reason)
{
    return {Outcome::Success, reason};
}

// A *_last_failure_* time newer than the matching *_last_success_* (or with none): the
// times and names, without the sentence (the sort of the Last failure column needs only
// whether there is one).
struct NewerFailure {
    const MetricFamily *family = nullptr;
    double failure = 0;
    QString successName;
    std::optional<double> success;
};

std::optional<NewerFailure> newerFailure(const Group &group)
{
    for (const MetricFamily &family : group.families) {
        if (!family.name.contains(u"last_failure_"))
            continue;
        const auto failure = largestValue(&family);
        if (!failure || *failure <= 0)
            continue;
        QString successName = family.name;
        successName.replace(QStringLiteral("last_failure_"), QStringLiteral("last_success_"));
        const auto success = largestValue(group.family(successName));
        if (!success || *failure > *success)
            return NewerFailure{&family, *failure, successName, success};
    }
    return std::nullopt;
}

std::optional<Verdict> failureNewerThanSuccess(const Group &group)
{
    const auto found = newerFailure(group);
    if (!found)
        return std::nullopt;
    if (!found->success)
        return failed(
            QStringLiteral("%1 is %2 and %3 was never pushed.")
                .arg(found->family->name, formatTimestamp(found->failure), found->successName));
    return failed(QStringLiteral("%1 (%2) is newer than %3 (%4).")
                      .arg(found->family->name, formatTimestamp(found->failure), found->successName,
                           formatTimestamp(*found->success)));
}

// *_last_completion_timestamp_seconds newer than *_last_success_timestamp_seconds (or with
// none): the completion's time (the failed run's) and the success's, without the sentence.
struct FailedCompletion {
    double completion = 0;
    QString successName;
    std::optional<double> success;
};

std::optional<FailedCompletion> failedCompletion(const Group &group)
{
    static const QString suffix = QStringLiteral("_last_completion_timestamp_seconds");
    for (const MetricFamily &family : group.families) {
        if (!family.name.endsWith(suffix))
            continue;
        const auto completion = largestValue(&family);
        if (!completion || *completion <= 0)
            continue;
        QString successName =
            family.name.chopped(suffix.size()) + QStringLiteral("_last_success_timestamp_seconds");
        const auto success = largestValue(group.family(successName));
        if (!success || *completion > *success)
            return FailedCompletion{*completion, successName, success};
    }
    return std::nullopt;
}

std::optional<Verdict> completionNewerThanSuccess(const Group &group)
{
    const auto found = failedCompletion(group);
    if (!found)
        return std::nullopt;
    if (!found->success)
        return failed(QStringLiteral("The job completed at %1 but %2 was never pushed.")
                          .arg(formatTimestamp(found->completion), found->successName));
    return failed(QStringLiteral("The last run completed at %1 without success; the last "
                                 "success was at %2.")
                      .arg(formatTimestamp(found->completion), formatTimestamp(*found->success)));
}

// A gauge *_success (or job_success): 0 failed, 1 success.
std::optional<Verdict> successGauge(const Group &group)
{
    for (const MetricFamily &family : group.families) {
        if (!family.name.endsWith(u"_success") ||
            (family.type != MetricType::Gauge && family.type != MetricType::Untyped))
            continue;
        const auto value = largestValue(&family);
        if (!value)
            continue;
        if (*value == 0)
            return failed(QStringLiteral("%1 is 0.").arg(family.name));
        if (*value == 1)
            return succeeded(QStringLiteral("%1 is 1.").arg(family.name));
    }
    return std::nullopt;
}

std::optional<Verdict> exitCode(const Group &group)
{
    for (const MetricFamily &family : group.families) {
        if (!family.name.endsWith(u"_exit_code") || family.samples.isEmpty())
            continue;
        for (const Sample &sample : family.samples) {
            if (sample.value != 0)
                return failed(QStringLiteral("%1 is %2.").arg(family.name).arg(sample.value));
        }
        return succeeded(QStringLiteral("%1 is 0.").arg(family.name));
    }
    return std::nullopt;
}

std::optional<Verdict> anySuccessTimestamp(const Group &group)
{
    for (const MetricFamily &family : group.families) {
        if (!family.name.contains(u"last_success_"))
            continue;
        const auto success = largestValue(&family);
        if (success && *success > 0)
            return succeeded(
                QStringLiteral("%1 is %2.").arg(family.name, formatTimestamp(*success)));
    }
    return std::nullopt;
}

} // namespace

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Stale:
        return QStringLiteral("stale");
    case Outcome::Late:
        return QStringLiteral("late");
    case Outcome::Success:
        return QStringLiteral("success");
    case Outcome::Unknown:
        return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

bool parseOutcome(const QString &text, Outcome *outcome)
{
    for (Outcome candidate :
         {Outcome::Failed, Outcome::Stale, Outcome::Late, Outcome::Success, Outcome::Unknown}) {
        if (text.compare(outcomeName(candidate), Qt::CaseInsensitive) == 0) {
            *outcome = candidate;
            return true;
        }
    }
    return false;
}

namespace OutcomeRules {

Verdict evaluate(const Group &group)
{
    if (!group.lastPushSuccessful)
        return failed(QStringLiteral("The last push to the gateway failed (at %1).")
                          .arg(formatTimestamp(group.pushFailureTime)));
    using Rule = std::optional<Verdict> (*)(const Group &);
    for (Rule rule : {failureNewerThanSuccess, completionNewerThanSuccess, successGauge, exitCode,
                      anySuccessTimestamp}) {
        if (auto verdict = rule(group))
            return *verdict;
    }
    return {Outcome::Unknown,
            QStringLiteral("No outcome metric (such as *_last_success_timestamp_seconds, "
                           "job_success or *_exit_code) was pushed.")};
}

double lastFailureTime(const Group &group, Outcome metricsOutcome)
{
    double latest = group.pushFailureTime;
    for (const MetricFamily &family : group.families) {
        if (!family.name.contains(u"last_failure_"))
            continue;
        if (const auto failure = largestValue(&family); failure && *failure > latest)
            latest = *failure;
    }
    // The job's own failure record said it all; otherwise a rule without a time of its own
    // (job_success 0, a non-zero exit code) failed the run that was pushed last.
    if (!group.lastPushSuccessful || metricsOutcome != Outcome::Failed || newerFailure(group))
        return latest;
    if (const auto completion = failedCompletion(group))
        return std::max(latest, completion->completion);
    return std::max(latest, group.pushTime);
}

double lastFailureTime(const Group &group)
{
    return lastFailureTime(group, evaluate(group).outcome);
}

bool isStale(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds)
{
    return metricsVerdict.outcome != Outcome::Failed && staleAfterSeconds > 0 &&
           pushAgeSeconds > staleAfterSeconds;
}

Verdict withAge(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds)
{
    return withAge(metricsVerdict, pushAgeSeconds, staleAfterSeconds, CadenceEstimate(),
                   kDefaultLateFactor);
}

double lateThreshold(const CadenceEstimate &cadence, double lateFactor)
{
    if (cadence.kind != CadenceEstimate::Kind::Regular || !(cadence.intervalSeconds > 0) ||
        !(lateFactor > 0))
        return 0;
    return lateFactor * cadence.intervalSeconds + cadence.jitterSeconds;
}

double staleThreshold(const CadenceEstimate &cadence, double staleAfterSeconds, double lateFactor)
{
    if (!(staleAfterSeconds > 0))
        return 0;
    return std::max(staleAfterSeconds, 2 * lateThreshold(cadence, lateFactor));
}

Outcome ageOutcome(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds,
                   const CadenceEstimate &cadence, double lateFactor)
{
    if (metricsVerdict.outcome == Outcome::Failed)
        return Outcome::Failed;
    if (isStale(metricsVerdict, pushAgeSeconds,
                staleThreshold(cadence, staleAfterSeconds, lateFactor)))
        return Outcome::Stale;
    const double late = lateThreshold(cadence, lateFactor);
    if (late > 0 && pushAgeSeconds > late)
        return Outcome::Late;
    return metricsVerdict.outcome;
}

Verdict withAge(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds,
                const CadenceEstimate &cadence, double lateFactor)
{
    switch (ageOutcome(metricsVerdict, pushAgeSeconds, staleAfterSeconds, cadence, lateFactor)) {
    case Outcome::Stale:
        return {Outcome::Stale,
                QStringLiteral("No push for %1, longer than the stale threshold of %2. %3")
                    .arg(formatAge(pushAgeSeconds),
                         formatDuration(staleThreshold(cadence, staleAfterSeconds, lateFactor)),
                         metricsVerdict.reason)};
    case Outcome::Late: {
        const int missed = int(std::floor(pushAgeSeconds / cadence.intervalSeconds));
        return {Outcome::Late, QStringLiteral("Expected %1, last push %2 ago (%3). %4")
                                   .arg(Cadence::format(cadence), formatAge(pushAgeSeconds),
                                        missed == 1 ? QStringLiteral("1 run missed")
                                                    : QStringLiteral("%1 runs missed").arg(missed),
                                        metricsVerdict.reason)};
    }
    default:
        return metricsVerdict;
    }
}

} // namespace OutcomeRules

} // namespace pushscope
