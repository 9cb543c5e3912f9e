#include "unixtimetext.h"

#include <QDateTime>
#include <cmath>

namespace pushscope {

namespace {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void twoDigits(char *out, int value)
{
    out[0] = char('0' + value / 10);
    out[1] = char('0' + value % 10);
}

} // namespace

int UnixTimeText::offsetDuring(qint64 hour)
{
    const auto found = m_offsets.constFind(hour);
    if (found != m_offsets.constEnd())
        return *found;
    const int first = QDateTime::fromSecsSinceEpoch(hour * 3600).offsetFromUtc();
    const int last = QDateTime::fromSecsSinceEpoch(hour * 3600 + 3599).offsetFromUtc();
    const int offset = first == last ? first : kChanges;
    if (m_offsets.size() < 100000)
        m_offsets.insert(hour, offset);
    return offset;
}

bool UnixTimeText::format(double unixSeconds, char (&text)[19])
{
    // The range formatUnixTime() writes as a date, less its first and last day.
    if (!(unixSeconds > 86400) || unixSeconds > 253402300799.0 - 86400)
        return false;
    // As formatUnixTime(): whole milliseconds, then the second they fall in.
    const qint64 seconds = qint64(unixSeconds * 1000) / 1000;
    const int offset = offsetDuring(floorDiv(seconds, 3600));
    if (offset == kChanges)
        return false;
    const qint64 local = seconds + offset;
    const qint64 days = floorDiv(local, 86400);
    const qint64 secondOfDay = local - days * 86400;
    // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    const int month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1000 || year > 9999)
        return false;
    twoDigits(text, int(year / 100));
    twoDigits(text + 2, int(year % 100));
    text[4] = '-';
    twoDigits(text + 5, month);
    text[7] = '-';
    twoDigits(text + 8, day);
    text[10] = ' ';
    twoDigits(text + 11, int(secondOfDay / 3600));
    text[13] = ':';
    twoDigits(text + 14, int(secondOfDay / 60 % 60));
    text[16] = ':';
    twoDigits(text + 17, int(secondOfDay % 60));
    return true;
}

} // namespace pushscope
