#pragma once

#include "snapshot.h"

#include <QByteArray>
#include <QString>

namespace pushscope {

// The content type of a delimited protobuf push (io.prometheus.client.MetricFamily).
inline constexpr char kDelimitedProtobufContentType[] =
    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
    "encoding=delimited";

// A group's families as length-delimited io.prometheus.client.MetricFamily messages, as
// they would be pushed to the group's own key (the key's labels and the gateway's default
// instance="" left out). Native histograms are rebuilt from the JSON's bucket bounds
// (schema, spans, deltas or float counts, zero bucket). Returns an empty array and one
// sentence in `whyNot` when a family cannot be rebuilt from what the gateway showed.
QByteArray toDelimitedProtobuf(const Group &group, QString *whyNot);

namespace detail {
// The sample's own labels: those not fixed by the grouping key (nor the gateway's default
// instance=""). Shared by the text and the protobuf writer.
Labels ownLabels(const Labels &labels, const GroupingKey &key);
} // namespace detail

} // namespace pushscope
