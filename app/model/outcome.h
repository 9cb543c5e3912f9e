#pragma once

#include "cadence.h"
#include "gateway/snapshot.h"

#include <QString>
#include <array>

namespace pushscope {

// Ordered by severity, most urgent first (this is also the sort order).
enum class Outcome { Failed, Stale, Late, Unknown, Success };
constexpr int kOutcomeCount = 5;
// A number per Outcome, indexed by size_t(outcome).
using OutcomeCounts = std::array<int, kOutcomeCount>;

QString outcomeName(Outcome outcome);
bool parseOutcome(const QString &text, Outcome *outcome);

struct Verdict {
    Outcome outcome = Outcome::Unknown;
    QString reason; // one sentence shown as a tooltip and in the details panel
};

// The default rules that turn a group's metrics into the outcome of the job behind it.
namespace OutcomeRules {

// Everything the metrics say, before push age is considered. Pure and cheap enough to run
// for every group on every poll, off the GUI thread or on it.
Verdict evaluate(const Group &group);
// Applies the stale threshold: a group not failed whose push age exceeds it is stale.
Verdict withAge(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds);
bool isStale(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds);

// A group with a regular cadence is late when no push came for lateFactor intervals plus
// the jitter (2 × 5m + 10s for "every 5m ± 10s").
constexpr double kDefaultLateFactor = 2;
// Seconds without a push after which the group is late; 0 without a regular cadence.
double lateThreshold(const CadenceEstimate &cadence, double lateFactor);
// The stale threshold that applies: the fixed one, but for a group with a regular cadence
// never less than twice its late threshold, so that a job running less often than the
// fixed threshold is first late and only later stale. 0 = never stale.
double staleThreshold(const CadenceEstimate &cadence, double staleAfterSeconds, double lateFactor);
// The rules in order: failed (from the metrics) wins, then stale, then late, then the
// metrics' verdict.
Outcome ageOutcome(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds,
                   const CadenceEstimate &cadence, double lateFactor);
Verdict withAge(const Verdict &metricsVerdict, double pushAgeSeconds, double staleAfterSeconds,
                const CadenceEstimate &cadence, double lateFactor);
// Unix seconds of the latest failure known: a failed push, or the largest value of a
// *_last_failure_* family (the job's own record); 0 when none.
double lastFailureTime(const Group &group);
// The same with evaluate(group)'s outcome already known (cheap enough for a sort).
double lastFailureTime(const Group &group, Outcome metricsOutcome);

} // namespace OutcomeRules

} // namespace pushscope
