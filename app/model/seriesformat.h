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

} // namespace pushscope
