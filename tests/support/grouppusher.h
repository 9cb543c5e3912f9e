#pragma once

#include <QByteArray>
#include <QString>
#include <chrono>

namespace pushscope::testing {

// The exposition text of one benchmark group: 7 families (counter, gauges, histogram,
// summary, an info gauge with an extra label), like a typical batch job.
QByteArray benchGroupText(int index, double nowSeconds);

// The grouping key pushGroups() uses for group `index`.
QString benchGroupPath(int index);

// PUTs `count` groups {job="bench_job_<i % 50>", instance="host-<i>"} to the gateway with
// `parallel` requests in flight. Bounded by `limit`; returns how many were stored.
int pushGroups(const QString &gatewayUrl, int count, int parallel, std::chrono::milliseconds limit);

} // namespace pushscope::testing
