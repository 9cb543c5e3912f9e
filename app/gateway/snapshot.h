#pragma once

#include "groupingkey.h"

#include <QList>
#include <QPair>
#include <QString>

namespace pushscope {

enum class MetricType { Counter, Gauge, Untyped, Summary, Histogram };

QString metricTypeName(MetricType type);

struct Sample {
    Labels labels;                          // as the gateway reports them, grouping labels included
    double value = 0;                       // counter, gauge, untyped
    double count = 0;                       // summary, histogram
    double sum = 0;                         // summary, histogram
    QList<QPair<double, double>> quantiles; // summary: (quantile, value), sorted
    QList<QPair<double, double>> buckets;   // histogram: (upper bound, cumulative count), sorted
};

struct MetricFamily {
    QString name;
    QString help;
    MetricType type = MetricType::Untyped;
    QString lastPushed; // RFC 3339 time stamp of the family's last change, as sent
    QList<Sample> samples;
};

// One grouping key on one gateway, as last read.
struct Group {
    GroupingKey key;
    double pushTime = 0;        // Unix seconds of the last successful push, 0 = never
    double pushFailureTime = 0; // Unix seconds of the last failed push, 0 = never
    bool lastPushSuccessful = true;
    QList<MetricFamily> families; // without push_time_seconds / push_failure_time_seconds

    // Time of the latest push, successful or not: what "push age" is measured from.
    double lastActivityTime() const { return pushTime > 0 ? pushTime : pushFailureTime; }
    const MetricFamily *family(const QString &name) const;
};

struct Snapshot {
    QList<Group> groups;
};

} // namespace pushscope
