#pragma once

#include "snapshot.h"

#include <QByteArrayView>
#include <QString>

namespace pushscope {

// Reads the histogram of one io.prometheus.client.Metric, given the metric's fields other
// than its labels (ProtoMetric::otherFields), into `sample` as the JSON API would list it:
// count, sum and the classic cumulative buckets, or, for a native histogram (spans and
// deltas, no classic buckets), its populated buckets with their bounds (negative ones
// first, then the zero bucket, then positive ones, each in ascending order). False and a
// sentence when there is no histogram, it cannot be decoded, or its buckets are custom
// (a schema outside -4 to 8). Labels are left to the caller.
bool readProtoHistogram(QByteArrayView metricFields, Sample *sample, QString *whyNot);

} // namespace pushscope
