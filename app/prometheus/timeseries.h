#pragma once

#include "gateway/groupingkey.h"

#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

// One series of (time, value) points: what the Prometheus client returns for a range
// query and what PushScope's own sample history hands to the chart. Plain data, no Qt
// Charts: the chart widget in ui/ is the only code that knows how it is drawn.
struct TimeSeries {
    QString name;  // the metric family, e.g. processed_items
    Labels labels; // the series' labels, sorted by name (grouping labels included)
    QList<QPair<double, double>> points; // (unix seconds, value), ascending time
};

} // namespace pushscope
