#pragma once

// Delimited protobuf bodies (io.prometheus.client.MetricFamily) written by an independent
// encoder (a Python script), shared by the tests that push or read them.

namespace pushscope::testing {

// queue_len, a gauge histogram (help "gauge hist", count 4, sum 2.5, buckets le 0.5: 1 and
// le 1: 4),
// and job_success 1, a gauge.
inline constexpr char kGaugeHistogramHex[] =
    "420a0971756575655f6c656e120a67617567652068697374180522273a2508041100000000000004401a0b0801"
    "11000000000000e03f1a0b080411000000000000f03f1c0a0b6a6f625f737563636573731801220b1209090000"
    "00000000f03f";

// queue_depth, native gauge histograms of two groups (help "native gauge hist"):
// {job="nat",instance=""}: whole counts, deltas not packed (as Go writes them), schema 0,
//   count 16, sum 42, zero threshold 0.001 holding 2, negative [-1, -0.5) 5, positive
//   (1, 2] 3, (2, 4] 2, (8, 16] 4 (two spans);
// {job="flt",instance=""}: float counts, packed, schema 1, count 3.5, sum -1.25, an empty
//   zero bucket (threshold 0.5), positive buckets at indexes -2 and -1 holding 1.5 and 2.
inline constexpr char kNativeGaugeHistogramHex[] =
    "ce010a0b71756575655f646570746812116e617469766520676175676520686973741805224e0a0a0a036a6f62"
    "12036e61740a0c0a08696e7374616e636512003a320810110000000000004540280031fca9f1d24d62503f3802"
    "4a0408001001500a620408021002620408021001680668016804225a0a0a0a036a6f621203666c740a0c0a0869"
    "6e7374616e636512003a3e210000000000000c4011000000000000f4bf280231000000000000e03f4100000000"
    "000000006204080310027210000000000000f83f0000000000000040";

// The first metric of kNativeGaugeHistogramHex without labels: a body to push.
inline constexpr char kNativeGaugeHistogramPushHex[] =
    "580a0b71756575655f646570746812116e61746976652067617567652068697374180522343a32081011000000"
    "0000004540280031fca9f1d24d62503f38024a0408001001500a620408021002620408021001680668016804";

} // namespace pushscope::testing
