#pragma once

#include <QDateTime>
#include <QString>
#include <cmath>

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

    // A Date header further off than this is not believed: it more likely comes from a
    // proxy (or a gateway) with a wrong clock than from real skew worth correcting, and
    // ages computed from it would mark fresh groups stale (and select them for deletion).
    static constexpr double kMaxTrustedOffsetSeconds = 300;
    bool isTrusted() const { return std::abs(offsetSeconds()) <= kMaxTrustedOffsetSeconds; }
    // The offset to compute ages with: the estimate when trusted (or `trustAnyway`),
    // otherwise 0, i.e. this machine's clock.
    double usableOffsetSeconds(bool trustAnyway = false) const
    {
        return isTrusted() || trustAnyway ? offsetSeconds() : 0.0;
    }
    // "its clock is 30 days ahead of this computer (by its Date header)" while not
    // trusted; empty otherwise.
    QString distrustText() const;

private:
    bool m_known = false;
    qint64 m_lowMs = 0;
    qint64 m_highMs = 0;
};

// "30 days", "5 hours", "12 minutes": a clock difference in its largest whole unit.
QString describeClockDifference(double seconds);

// Age of a push in seconds at gateway time `gatewayNowSeconds`; never negative.
double pushAgeSeconds(double pushTimeSeconds, double gatewayNowSeconds);

} // namespace pushscope
