#pragma once

// Delimited protobuf bodies (io.prometheus.client.MetricFamily) written by an independent
// encoder (a Python script), shared by the tests that push or read them.

namespace pushscope::testing {

// queue_len, a gauge histogram (help "gauge hist", count 4, sum 2.5, buckets 0.5 and +Inf),
// and job_success 1, a gauge.
inline constexpr char kGaugeHistogramHex[] =
    "420a0971756575655f6c656e120a67617567652068697374180522273a2508041100000000000004401a0b0801"
    "11000000000000e03f1a0b080411000000000000f03f1c0a0b6a6f625f737563636573731801220b1209090000"
    "00000000f03f";

} // namespace pushscope::testing
