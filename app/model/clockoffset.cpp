#include "clockoffset.h"

#include <algorithm>

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

double pushAgeSeconds(double pushTimeSeconds, double gatewayNowSeconds)
{
    if (pushTimeSeconds <= 0)
        return -1; // never pushed
    return std::max(0.0, gatewayNowSeconds - pushTimeSeconds);
}

} // namespace pushscope
