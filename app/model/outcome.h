#pragma once

#include "gateway/snapshot.h"

#include <QString>

namespace pushscope {

// Ordered by severity, most urgent first (this is also the sort order).
enum class Outcome { Failed, Stale, Unknown, Success };

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
// Unix seconds of the latest failure known: a failed push, or the largest value of a
// *_last_failure_* family (the job's own record); 0 when none.
double lastFailureTime(const Group &group);

} // namespace OutcomeRules

} // namespace pushscope
