#pragma once

#include "expositionwriter.h"
#include "protobufreader.h"

#include <QHash>
#include <QSet>

namespace pushscope {

// A gateway's own /metrics in the protobuf format, read once per bulk delete: the source
// for the families its JSON API cannot show in full (e.g. a gauge histogram, listed there
// as a bare value of 0).
struct GatewayExposition {
    struct Family {
        ProtoFamily family;
        QHash<Labels, QList<int>> metricsByLabels; // labels sorted by name -> metric indexes
    };
    QString error;                 // set when /metrics could not be fetched or read
    QHash<QString, Family> byName; // families that appear once
    QSet<QString> repeatedNames;   // families that appear more than once

    static GatewayExposition fromBody(QByteArrayView body);
    static GatewayExposition failed(const QString &error);
};

// Exactly this group's metrics of `wanted` in the exposition (each metric found by the labels
// the JSON listed, once), labels as the gateway shows them; false and a sentence otherwise.
bool findGroupMetrics(const UnsupportedFamily &wanted, const GatewayExposition &exposition,
                      const ProtoFamily **family, QList<ProtoMetric> *metrics, QString *whyNot);

// Whether the group's backup must take families from the gateway's /metrics: it has
// unsupported families, or families shown from there (MetricFamily::readFromExposition).
bool needsExposition(const Group &group);

// The backup of a group as toRestorableBody(group), except that a group with families the
// JSON API could not show (Group::unsupportedFamilies, or families read from /metrics for
// display) is backed up as delimited protobuf:
// its readable families rebuilt from the JSON, and each unsupported family taken from the
// gateway's /metrics with exactly the metrics whose labels equal those the JSON listed for
// this group (another group's metrics of the same family are left out). If any of them
// cannot be found exactly, whyNot says why and there is no body.
RestorableBody toRestorableBody(const Group &group, const GatewayExposition &exposition);

} // namespace pushscope
