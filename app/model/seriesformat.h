#pragma once

#include "prometheus/timeseries.h"

#include <QList>
#include <QStringList>

namespace pushscope {

// Pure helpers for drawing TimeSeries, kept out of the chart widget so that they survive a
// change of plotting library.

// One legend text per series: the labels that tell it apart from the others, e.g.
// instance="host-3"; a lone series (or series that differ by nothing) by all its labels;
// with the metric name in front, PromQL-style, when the names differ.
QStringList seriesLegends(const QList<TimeSeries> &series);
// The whole identity of a series, PromQL-style: processed_items{instance="host-3", job="x"}.
QString seriesKey(const TimeSeries &series);

// (seconds, value) differences per second, as PushScope's own history charts a counter's
// rate; a drop is a counter reset and starts over.
QList<QPair<double, double>> perSecondRate(const QList<QPair<double, double>> &points);

// A value axis with round ticks (1, 2, 2.5 or 5 times a power of ten, about six steps)
// that holds [low, high] with a little room above and below.
struct AxisScale {
    double low = 0;
    double high = 1;
    double step = 1;
    int ticks = 2;
};
// `intervals`: about how many steps the axis has room for (fewer on a short plot).
AxisScale niceScale(double low, double high, int intervals = 6);

// What the values of a chart measure, for their labels.
enum class ValueUnit {
    Auto,      // from the metric's name (unitForMetric)
    Plain,     // a count: 1.2k, 5.55G
    PerSecond, // a rate: 1.2k/s
    Seconds,   // a duration: 350 ms, 1.5 s
    Bytes,     // 1.2 MB
    UnixTime,  // a gauge holding a date: 2026-12-01 08:15:11 +01:00
};

// The unit a metric's name declares by Prometheus conventions: *_timestamp_seconds,
// *_unixtime and *_time_seconds (push_time_seconds) hold dates; *_seconds durations;
// *_bytes sizes; anything else is Plain.
ValueUnit unitForMetric(const QString &name);

// One value for a legend or a tooltip: four significant digits with an SI prefix from 10,000
// ("12.35k", "5.55G"), the unit's symbol, a date for UnixTime; "NaN", "+Inf", "-Inf".
QString formatValue(double value, ValueUnit unit);

// The labels of a value axis: one prefix and one precision for all of them, chosen from the
// axis' range and step, so that they read as a column ("0", "250k", "500k").
struct AxisLabels {
    ValueUnit unit = ValueUnit::Plain;
    double divisor = 1; // 1000 for "k", ...
    QString prefix;
    int decimals = 0;
    bool groupDigits = false; // thousands separators instead of a prefix
    QString dateFormat;       // for UnixTime

    QString text(double value) const;
};
AxisLabels axisLabels(ValueUnit unit, double low, double high, double step);

// Tick times (Unix seconds) at round times of the clock in the display zone (every 10 s, 1 min,
// 5 min, 1 h, 1 day...) inside [from, to], at most `maxTicks` of them, each with its label.
struct TimeTick {
    double time = 0;
    QString label;
};
QList<TimeTick> timeTicks(double from, double to, int maxTicks, bool utc);

} // namespace pushscope
