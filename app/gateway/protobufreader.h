#pragma once

#include "groupingkey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace pushscope {

// One io.prometheus.client.Metric as read from the wire: its label pairs, and every other
// field (gauge, histogram, timestamp...) kept as the raw bytes it came in.
struct ProtoMetric {
    Labels labels; // in the order sent
    QByteArray otherFields;
    bool exactText = true; // every label name and value was valid UTF-8
};

// One io.prometheus.client.MetricFamily: name, help, type, the metrics, and any other
// field (e.g. unit) as raw bytes.
struct ProtoFamily {
    QString name;
    QString help;
    quint64 type = 0; // 0 counter, 1 gauge, 2 summary, 3 untyped, 4 histogram, 5 gauge histogram
    QList<ProtoMetric> metrics;
    QByteArray otherFields;
    bool exactText = true; // name and help were valid UTF-8
};

struct ProtoReadResult {
    bool ok = false;
    QString error; // one sentence when !ok
    QList<ProtoFamily> families;
};

// Splits a length-delimited stream of MetricFamily messages (what a gateway's /metrics
// sends for the protobuf Accept header) and reads each. Any bytes are safe to hand in:
// every varint, length and field is checked against what is left, and only three fixed
// levels of messages are entered.
ProtoReadResult readDelimitedFamilies(QByteArrayView data);

// The family as one length-delimited MetricFamily message holding only `metrics` (each
// with its labels, then the rest of its fields as they came).
QByteArray writeDelimitedFamily(const ProtoFamily &family, const QList<ProtoMetric> &metrics);

} // namespace pushscope
