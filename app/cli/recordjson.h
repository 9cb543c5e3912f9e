#pragma once

#include "groupselection.h"
#include "jsonwriter.h"

#include <QList>

namespace pushscope {

// Writes the JSON array of `pushscope list --format json` into `sink`, record by record,
// draining it as it goes. Each element holds, in name order: families (a count),
// family_details, gateway, labels, last_push_successful, outcome, push_age_seconds,
// push_failure_time, push_time and unsupported_families.
//
// family_details: each family's help, name, samples and type (gaugehistogram kept). Numbers
// of samples are strings, as in the gateway's API ("NaN", "+Inf" fit no JSON number). A sample
// holds its labels and `value`, or `count`, `sum` and `quantiles` / `buckets` ([le, cumulative
// count]) / `native_buckets` ({boundary_rule, count, lower, upper, zero_bucket}).
// unsupported_families: {name, note, type as sent} of each family that could not be read.
//
// The layout is QJsonDocument::Indented's, and so is the text: the DOM-built output this
// replaced and this one are the same bytes (tests/unit/tst_recordwriter.cpp).
void writeRecordsJson(const QList<GroupRecord> &records, ByteSink *sink);

} // namespace pushscope
