#pragma once

#include <QList>
#include <QString>

namespace pushscope {

// How often a group is pushed, learned from the distinct push times PushScope has seen.
struct CadenceEstimate {
    enum class Kind {
        Unknown,   // no push seen
        Once,      // one push seen so far
        Learning,  // two pushes: one interval, too few to judge
        Regular,   // the intervals agree: interval ± jitter
        Irregular, // the intervals disagree too much to expect the next push
    };
    Kind kind = Kind::Unknown;
    double intervalSeconds = 0; // the median interval (Learning, Regular, Irregular)
    double jitterSeconds = 0;   // the median absolute deviation of the intervals from it
    int pushes = 0;             // distinct push times the estimate was made from
};

namespace Cadence {

// Distinct push times kept per group; older ones are dropped first.
constexpr int kMaxPushTimes = 16;
// At least this many intervals (three pushes) before a cadence is Regular or Irregular.
constexpr int kMinIntervals = 2;
// Regular when the jitter is at most this share of the interval.
constexpr double kMaxRelativeJitter = 0.25;

// Adds a push time (Unix seconds) to a group's log: ignored when 0 (never) or already there;
// the log stays sorted and keeps the newest kMaxPushTimes.
void recordPushTime(QList<double> *pushTimes, double pushTime);

// The interval is the median of the intervals between consecutive distinct push times, so
// one missed run (a double interval) among three or more does not move it; the jitter is
// the median absolute deviation of the intervals from that median. Order, duplicates and
// zeros in `pushTimes` do not matter.
CadenceEstimate estimate(QList<double> pushTimes);

// "every 5m ± 10s", "every 1h", "irregular", "once", "learning", "" (Unknown).
QString format(const CadenceEstimate &cadence);

} // namespace Cadence

inline CadenceEstimate estimateCadence(QList<double> pushTimes)
{
    return Cadence::estimate(std::move(pushTimes));
}

} // namespace pushscope
