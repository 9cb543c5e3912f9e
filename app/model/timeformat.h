#pragma once

#include <QString>

class QDateTime;

namespace pushscope {

// The one format of dates and times in the window (table, details, chart, dialogs): ISO 8601
// with the zone, "2026-12-01 08:15:11 +01:00" in local time or "2026-12-01 07:15:11Z" in UTC.
// Whether times are shown in UTC is one switch for the whole process (View ▸ Show times in
// UTC); the command line keeps its own formats.
void setTimesInUtc(bool utc);
bool timesInUtc();

// `time` in the zone chosen above; an empty string for an invalid time.
QString formatTimestamp(const QDateTime &time);
// A Unix time as above; "never" for 0 or less (the gateway's "never"), "–" for NaN, infinity
// or beyond the year 9999.
QString formatTimestamp(double unixSeconds);
// The time of day alone, for the status bar and banners: "18:38:03 +01:30" or "17:08:03Z";
// empty for an invalid time.
QString formatTimeOfDay(const QDateTime &time);
// The zone alone, as formatTimestamp() writes it for `time`: "+01:00" or "Z".
QString formatZone(const QDateTime &time);

} // namespace pushscope
