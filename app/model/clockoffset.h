#pragma once

#include <QDateTime>

namespace pushscope {

// Estimates how far the gateway's clock is ahead of this machine's from the HTTP Date
// header. Date has whole seconds, so each reply bounds the offset to an interval:
//   serverDate - receivedAt <= offset < serverDate + 1 s - sentAt
// Successive replies narrow the interval; if it becomes empty (a clock was stepped),
// the estimate restarts from the newest reply.
class ClockOffset
{
public:
    void addSample(qint64 sentAtMs, qint64 receivedAtMs, const QDateTime &serverDate);
    bool isKnown() const { return m_known; }
    // Seconds to add to this machine's clock to get the gateway's; 0 when unknown.
    double offsetSeconds() const { return m_known ? (m_lowMs + m_highMs) / 2000.0 : 0.0; }
    // The uncertainty of the estimate, in seconds.
    double uncertaintySeconds() const { return m_known ? (m_highMs - m_lowMs) / 2000.0 : 0.0; }
    // The gateway's current time, given this machine's.
    double gatewayNow(qint64 localNowMs) const { return localNowMs / 1000.0 + offsetSeconds(); }

private:
    bool m_known = false;
    qint64 m_lowMs = 0;
    qint64 m_highMs = 0;
};

// Age of a push in seconds at gateway time `gatewayNowSeconds`; never negative.
double pushAgeSeconds(double pushTimeSeconds, double gatewayNowSeconds);

} // namespace pushscope
