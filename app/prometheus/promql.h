#pragma once

#include "gateway/groupingkey.h"

#include <QString>
#include <chrono>

namespace pushscope {

// Building PromQL for pushed metrics. Label values are quoted with the PromQL string rules
// (backslash, double quote and newline escaped; UTF-8 passes through unchanged).

// A label name that is not [a-zA-Z_][a-zA-Z0-9_]* is quoted the PromQL 3 way, {"foo.bar"="x"};
// Prometheus reads that from 2.53 on (2.42 answers "unexpected string ... in label matching").

// For Prometheus's error text `detail`: a plain sentence when it is an older Prometheus
// refusing a quoted label name, else empty.
QString explainQuotedNameRejection(const QString &detail);

// True for a metric name PromQL accepts bare: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool isPlainMetricName(const QString &name);

// A selector with one exact matcher per grouping label, job first:
// processed_items{job="batch",instance=""}. An empty value matches series without that
// label, which is how Prometheus stores a pushed empty label. A name PromQL cannot take
// bare becomes {__name__="..."}.
QString selectorFor(const QString &metricName, const GroupingKey &key);

// The window for rate(): max(4 × step, 4 × scrape interval, 1m), so every window holds
// several samples even when the step is small.
std::chrono::milliseconds rateWindow(std::chrono::milliseconds step,
                                     std::chrono::milliseconds scrapeInterval);
// rate(<selector>[<window>]) with the window in Prometheus duration form ("1m", "1h30m").
QString rateExpr(const QString &selector, std::chrono::milliseconds window);

// The smallest "nice" step (1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, 10m, 15m, 30m, 1h, 2h,
// 3h, 6h, 12h, 1d, then whole days) for which a range query over `range` returns at most
// `maxPoints` points per series (Prometheus refuses more than 11,000).
std::chrono::milliseconds stepFor(std::chrono::milliseconds range, int maxPoints = 11000);
// How many points a range query returns per series at most: floor(range / step) + 1.
qint64 pointCount(std::chrono::milliseconds range, std::chrono::milliseconds step);

} // namespace pushscope
