#pragma once

#include "groupingkey.h"

#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

enum class MetricType { Counter, Gauge, Untyped, Summary, Histogram };

QString metricTypeName(MetricType type);

// One bucket of a native histogram as the JSON API lists it (gateway 1.8+): only buckets
// holding observations, negative ones first, then the zero bucket, then positive ones.
struct NativeBucket {
    int boundaryRule = 0; // 0 (lower, upper], 1 [lower, upper), 2 (lower, upper), 3 [lower, upper]
    double lower = 0;
    double upper = 0;
    double count = 0; // this bucket's own count, not cumulative; may be fractional
    bool isZeroBucket() const { return lower <= 0 && upper >= 0 && lower == -upper; }
};

struct Sample {
    Labels labels;                          // as the gateway reports them, grouping labels included
    double value = 0;                       // counter, gauge, untyped
    double count = 0;                       // summary, histogram
    double sum = 0;                         // summary, histogram
    QList<QPair<double, double>> quantiles; // summary: (quantile, value), sorted
    QList<QPair<double, double>> buckets;   // histogram: (upper bound, cumulative count), sorted
    bool nativeHistogram = false;           // buckets came as a list of native buckets
    QList<NativeBucket> nativeBuckets;      // native histogram, in the gateway's order
};

struct MetricFamily {
    QString name;
    QString help;
    MetricType type = MetricType::Untyped;
    QString lastPushed; // RFC 3339 time stamp of the family's last change, as sent
    QList<Sample> samples;
    bool gaugeHistogram = false; // type GAUGE_HISTOGRAM, read as a histogram
    // Read from the gateway's protobuf /metrics because its JSON API shows only a value of
    // 0 (a gauge histogram); a backup takes it from there again, byte for byte.
    bool readFromExposition = false;
};

// "gaugehistogram" for a gauge histogram, otherwise metricTypeName(family.type).
QString familyTypeName(const MetricFamily &family);

// A family the parser cannot read (a type or shape it does not know). The group keeps it
// so that the group is still listed, judged on its other families and shown, and the label
// sets of its metrics, so that a backup can take exactly this group's metrics of the family
// from the gateway's protobuf /metrics (see unsupportedbackup.h).
struct UnsupportedFamily {
    QString name;
    QString type; // as sent, e.g. "GAUGE_HISTOGRAM"; empty when there was none; clipped
    QString note; // one sentence: what could not be read; clipped
    QString help;
    QList<Labels> metricLabels;    // each metric's labels as the JSON listed them, sorted by name
    bool metricLabelsRead = false; // every metric's labels could be read
    // Already looked up in the gateway's /metrics for this push, without success (note says
    // why): not looked up again until the group is pushed again.
    bool expositionTried = false;
};

// One grouping key on one gateway, as last read.
struct Group {
    GroupingKey key;
    double pushTime = 0;        // Unix seconds of the last successful push, 0 = never
    double pushFailureTime = 0; // Unix seconds of the last failed push, 0 = never
    bool lastPushSuccessful = true;
    QList<MetricFamily> families; // without push_time_seconds / push_failure_time_seconds
    QList<UnsupportedFamily> unsupportedFamilies;

    // Time of the latest push, successful or not: what "push age" is measured from.
    double lastActivityTime() const { return pushTime > 0 ? pushTime : pushFailureTime; }
    const MetricFamily *family(const QString &name) const;
};

struct Snapshot {
    QList<Group> groups;
};

} // namespace pushscope
