#pragma once

#include <QString>

namespace pushscope {

// Prometheus durations: a sequence of <number><unit> with units ms, s, m, h, d, w, y,
// largest first, e.g. "90s", "15m", "1h30m", "7d". Returns false with a sentence.
bool parseDuration(const QString &text, double *seconds, QString *error = nullptr);
// The shortest Prometheus form: 5400 -> "1h30m", 0.25 -> "250ms".
QString formatDuration(double seconds);
// An age as a Prometheus duration of its two largest units, truncated: "12s", "4m12s",
// "2h5m", "3d4h", "2h" (not "2h0m").
QString formatAge(double seconds);
// A Unix time in local time, "2026-11-24 17:08:03"; "never" for 0 (the gateway's "never").
QString formatUnixTime(double unixSeconds);

} // namespace pushscope
