#include "timeformat.h"

#include <QDateTime>
#include <QTimeZone>
#include <atomic>
#include <cmath>

namespace pushscope {

namespace {

std::atomic<bool> g_utc{false};

QDateTime inDisplayZone(const QDateTime &time)
{
    return g_utc.load() ? time.toUTC() : time.toLocalTime();
}

} // namespace

void setTimesInUtc(bool utc)
{
    g_utc.store(utc);
}

bool timesInUtc()
{
    return g_utc.load();
}

QString formatZone(const QDateTime &time)
{
    if (g_utc.load())
        return QStringLiteral("Z");
    const int offset = inDisplayZone(time).offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return QStringLiteral("%1%2:%3")
        .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

namespace {

// `time` in the display zone as `format`, then the zone: " +01:30" locally, "Z" in UTC.
QString withZone(const QDateTime &time, const QString &format)
{
    if (!time.isValid())
        return {};
    const QString text = inDisplayZone(time).toString(format);
    return g_utc.load() ? text + formatZone(time) : text + QLatin1Char(' ') + formatZone(time);
}

} // namespace

QString formatTimestamp(const QDateTime &time)
{
    return withZone(time, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatTimeOfDay(const QDateTime &time)
{
    return withZone(time, QStringLiteral("HH:mm:ss"));
}

QString formatTimestamp(double unixSeconds)
{
    // Beyond the year 9999 (or NaN, or infinite) the milliseconds do not fit an integer.
    constexpr double kLastSecondOf9999 = 253402300799.0;
    if (std::isnan(unixSeconds) || unixSeconds > kLastSecondOf9999)
        return QStringLiteral("–");
    if (unixSeconds <= 0)
        return QStringLiteral("never");
    return formatTimestamp(QDateTime::fromMSecsSinceEpoch(qint64(unixSeconds * 1000), Qt::UTC));
}

} // namespace pushscope
