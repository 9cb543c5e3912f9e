#include "clockoffset.h"

#include <algorithm>
#include <cmath>

namespace pushscope {

void ClockOffset::addSample(qint64 sentAtMs, qint64 receivedAtMs, const QDateTime &serverDate)
{
    if (!serverDate.isValid() || receivedAtMs < sentAtMs)
        return;
    const qint64 serverMs = serverDate.toMSecsSinceEpoch();
    const qint64 low = serverMs - receivedAtMs;
    const qint64 high = serverMs + 1000 - sentAtMs;
    if (m_known && low <= m_highMs && high >= m_lowMs) {
        m_lowMs = std::max(m_lowMs, low);
        m_highMs = std::min(m_highMs, high);
    } else {
        m_lowMs = low;
        m_highMs = high;
        m_known = true;
    }
}

QString ClockOffset::distrustText() const
{
    if (isTrusted())
        return {};
    const double offset = offsetSeconds();
    return QStringLiteral("its clock is %1 %2 this computer (by its Date header)")
        .arg(describeClockDifference(std::abs(offset)),
             offset > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"));
}

QString describeClockDifference(double seconds)
{
    const struct {
        double seconds;
        const char *singular;
        const char *plural;
    } units[] = {{86400, "day", "days"}, {3600, "hour", "hours"}, {60, "minute", "minutes"}};
    for (const auto &unit : units) {
        if (seconds >= unit.seconds || unit.seconds == 60) {
            const qint64 count = std::max<qint64>(1, std::llround(seconds / unit.seconds));
            return QStringLiteral("%1 %2").arg(count).arg(
                QLatin1String(count == 1 ? unit.singular : unit.plural));
        }
    }
    return {};
}

double pushAgeSeconds(double pushTimeSeconds, double gatewayNowSeconds)
{
    if (pushTimeSeconds <= 0)
        return -1; // never pushed
    return std::max(0.0, gatewayNowSeconds - pushTimeSeconds);
}

} // namespace pushscope
