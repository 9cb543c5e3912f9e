#pragma once

#include <QList>
#include <QPair>

namespace pushscope {

// Reduces a series of (time, value) points, ascending in time, for drawing it `columns`
// pixels wide: the time range is cut into `columns` equal slices and each slice keeps only
// its lowest and highest point (in their original order). The first and the last point
// are always kept, so no spike, dip or end of the series is lost and the line looks the
// same as the full one at that width. At most 2 * columns + 2 points come out; a series
// that small already is returned unchanged. NaN values are dropped from the slices.
QList<QPair<double, double>> decimate(const QList<QPair<double, double>> &points, int columns);

} // namespace pushscope
