#pragma once

#include "gateway/snapshot.h"

#include <QJsonArray>

namespace pushscope {

// The test oracle for app/cli/recordjson (which `pushscope list` uses): the families of a
// group as `family_details`, built with QJsonObject: name, type
// (gaugehistogram kept), help and samples. Numbers are strings, as in the gateway's API
// ("NaN", "+Inf" fit no JSON number). A sample holds `value`, or `count`, `sum` and
// `quantiles` / `buckets` ([le, cumulative count]) / `native_buckets` ({boundary_rule,
// lower, upper, count, zero_bucket}).
QJsonArray familiesToJson(const Group &group);
// `unsupported_families`: {name, type as sent, note} of each family that could not be read.
QJsonArray unsupportedFamiliesToJson(const Group &group);

} // namespace pushscope
