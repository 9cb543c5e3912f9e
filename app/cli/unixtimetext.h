#pragma once

#include <QByteArrayView>
#include <QHash>

namespace pushscope {

// formatUnixTime() for many times in a row, e.g. the LAST PUSH column of 10,000 rows: the
// local UTC offset of each hour is asked of QDateTime once, the date and time are then
// arithmetic. Gives the same text as formatUnixTime(); times it does not handle itself
// (never, out of range, an hour in which the offset changes) it leaves to it.
class UnixTimeText
{
public:
    // "yyyy-MM-dd HH:mm:ss" in local time into `text`; false when formatUnixTime() must
    // write this one.
    bool format(double unixSeconds, char (&text)[19]);

private:
    // The offset of the local time from UTC in seconds during the hour that starts at
    // `hour` * 3600, or kChanges when it is not the same all through that hour.
    int offsetDuring(qint64 hour);

    static constexpr int kChanges = 1 << 30;
    QHash<qint64, int> m_offsets;
};

} // namespace pushscope
