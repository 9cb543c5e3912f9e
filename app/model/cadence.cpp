#include "cadence.h"

#include "duration.h"

#include <algorithm>
#include <cmath>

namespace pushscope::Cadence {

namespace {

// The median of a non-empty list; the mean of the middle two for an even count.
double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    if (values.size() % 2 == 1)
        return values.at(middle);
    return (values.at(middle - 1) + values.at(middle)) / 2;
}

// Durations for people, to whole seconds for an interval from 2 s up and to tenths below,
// so that a timer's or the network's milliseconds do not show as "5s3ms".
double rounded(double seconds, double intervalSeconds)
{
    const double step = intervalSeconds >= 2 ? 1 : 0.1;
    return std::round(seconds / step) * step;
}

} // namespace

void recordPushTime(QList<double> *pushTimes, double pushTime)
{
    if (!(pushTime > 0) || !std::isfinite(pushTime))
        return;
    const auto at = std::lower_bound(pushTimes->begin(), pushTimes->end(), pushTime);
    if (at != pushTimes->end() && *at == pushTime)
        return;
    pushTimes->insert(at, pushTime);
    if (pushTimes->size() > kMaxPushTimes)
        pushTimes->remove(0, pushTimes->size() - kMaxPushTimes);
}

CadenceEstimate estimate(QList<double> pushTimes)
{
    pushTimes.removeIf([](double t) { return !(t > 0) || !std::isfinite(t); });
    std::sort(pushTimes.begin(), pushTimes.end());
    pushTimes.erase(std::unique(pushTimes.begin(), pushTimes.end()), pushTimes.end());

    CadenceEstimate cadence;
    cadence.pushes = int(pushTimes.size());
    if (pushTimes.isEmpty())
        return cadence;
    if (pushTimes.size() == 1) {
        cadence.kind = CadenceEstimate::Kind::Once;
        return cadence;
    }
    QList<double> intervals;
    intervals.reserve(pushTimes.size() - 1);
    for (qsizetype i = 1; i < pushTimes.size(); ++i)
        intervals.append(pushTimes.at(i) - pushTimes.at(i - 1));
    cadence.intervalSeconds = median(intervals);
    QList<double> deviations;
    deviations.reserve(intervals.size());
    for (double interval : std::as_const(intervals))
        deviations.append(std::abs(interval - cadence.intervalSeconds));
    cadence.jitterSeconds = median(deviations);
    if (intervals.size() < kMinIntervals)
        cadence.kind = CadenceEstimate::Kind::Learning;
    else if (cadence.jitterSeconds <= kMaxRelativeJitter * cadence.intervalSeconds)
        cadence.kind = CadenceEstimate::Kind::Regular;
    else
        cadence.kind = CadenceEstimate::Kind::Irregular;
    return cadence;
}

QString format(const CadenceEstimate &cadence)
{
    switch (cadence.kind) {
    case CadenceEstimate::Kind::Unknown:
        return {};
    case CadenceEstimate::Kind::Once:
        return QStringLiteral("once");
    case CadenceEstimate::Kind::Learning:
        return QStringLiteral("learning");
    case CadenceEstimate::Kind::Irregular:
        return QStringLiteral("irregular");
    case CadenceEstimate::Kind::Regular:
        break;
    }
    const double interval = cadence.intervalSeconds;
    QString text = QStringLiteral("every ") + formatDuration(rounded(interval, interval));
    // Jitter that rounds away (a few milliseconds of network on a push every minute) is noise.
    if (const double jitter = rounded(cadence.jitterSeconds, interval); jitter > 0)
        text += QStringLiteral(" ± ") + formatDuration(jitter);
    return text;
}

} // namespace pushscope::Cadence
