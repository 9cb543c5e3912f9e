#include "notificationpolicy.h"

#include <QElapsedTimer>
#include <algorithm>

namespace pushscope {

namespace {

constexpr int kJobsNamed = 5; // a notice names this many jobs, then "and N more"

// The kind a group's outcome notifies as, if any.
std::optional<NoticeKind> kindOf(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Failed:
        return NoticeKind::Failed;
    case Outcome::Late:
    case Outcome::Stale:
        return NoticeKind::Late;
    case Outcome::Unknown:
    case Outcome::Success:
        break;
    }
    return std::nullopt;
}

// Distinct jobs in order of first appearance, with how many groups each has.
QList<QPair<QString, int>> jobCounts(const QStringList &jobs)
{
    QList<QPair<QString, int>> counts;
    for (const QString &job : jobs) {
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const QPair<QString, int> &c) { return c.first == job; });
        if (it == counts.end())
            counts.append({job, 1});
        else
            ++it->second;
    }
    return counts;
}

} // namespace

QString Notice::title() const
{
    const int groups = groupCount();
    const bool oneGroupPerJob = jobCounts(jobs).size() == jobs.size();
    switch (kind) {
    case NoticeKind::Failed:
        return (groups == 1      ? tr("1 job failed on %1")
                : oneGroupPerJob ? tr("%1 jobs failed on %2").arg(groups)
                                 : tr("%1 groups failed on %2").arg(groups))
            .arg(gatewayName);
    case NoticeKind::Late:
        return (groups == 1      ? tr("1 job late on %1")
                : oneGroupPerJob ? tr("%1 jobs late on %2").arg(groups)
                                 : tr("%1 groups late on %2").arg(groups))
            .arg(gatewayName);
    case NoticeKind::Unreachable:
        return tr("%1 is unreachable").arg(gatewayName);
    }
    return {};
}

QString Notice::text() const
{
    if (kind == NoticeKind::Unreachable)
        return error;
    const QList<QPair<QString, int>> counts = jobCounts(jobs);
    QStringList named;
    for (qsizetype i = 0; i < counts.size() && i < kJobsNamed; ++i) {
        const QString job = counts.at(i).first.isEmpty() ? tr("(no job)") : counts.at(i).first;
        named.append(counts.at(i).second == 1
                         ? job
                         : tr("%1 (%2 groups)").arg(job).arg(counts.at(i).second));
    }
    QString text = named.join(QStringLiteral(", "));
    if (counts.size() > kJobsNamed)
        text = tr("%1 and %2 more").arg(text).arg(counts.size() - kJobsNamed);
    return text;
}

NotificationPolicy::NotificationPolicy(Clock clock)
    : m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        // Offset so that -1 ("never") is never a real time.
        m_clock = [timer] { return timer->elapsed() + 1000 * 1000 * 1000; };
    }
}

NotificationPolicy::GatewayState &NotificationPolicy::gatewayState(int gateway)
{
    return m_gateways[gateway];
}

void NotificationPolicy::setGatewayName(int gateway, const QString &name)
{
    gatewayState(gateway).name = name;
}

void NotificationPolicy::setGatewayEnabled(int gateway, bool enabled)
{
    GatewayState &state = gatewayState(gateway);
    state.enabled = enabled;
    if (!enabled)
        for (Pending &pending : state.pending)
            pending = {};
}

bool NotificationPolicy::isGatewayEnabled(int gateway) const
{
    const auto it = m_gateways.constFind(gateway);
    return it == m_gateways.cend() || it->enabled;
}

void NotificationPolicy::resetGateway(int gateway)
{
    GatewayState &state = gatewayState(gateway);
    GatewayState fresh;
    fresh.name = state.name;
    fresh.enabled = state.enabled;
    state = fresh;
}

bool NotificationPolicy::recentlyNotified(qint64 at) const
{
    return at >= 0 && m_clock() - at < m_repeatAfterMs;
}

void NotificationPolicy::addPending(GatewayState &state, NoticeKind kind, const QString &key)
{
    Pending &pending = state.pending[int(kind)];
    if (pending.since < 0)
        pending.since = m_clock();
    if (!pending.keys.contains(key))
        pending.keys.append(key);
    // Told by a poll's merge, the poll confirms it when it finishes; by the tick, the next one.
    if (kind == NoticeKind::Late)
        pending.awaitingPoll = true;
}

void NotificationPolicy::dropPending(GatewayState &state, const QString &key)
{
    for (NoticeKind kind : {NoticeKind::Failed, NoticeKind::Late}) {
        Pending &pending = state.pending[int(kind)];
        if (pending.keys.removeOne(key) && pending.keys.isEmpty())
            pending = {};
    }
}

void NotificationPolicy::groupSeen(int gateway, const QString &key, const QString &job,
                                   Outcome outcome, bool isNew)
{
    GatewayState &state = gatewayState(gateway);
    const std::optional<NoticeKind> now = kindOf(outcome);
    auto it = state.groups.find(key);
    std::optional<NoticeKind> before;
    if (it == state.groups.end()) {
        if (!now)
            return; // neither before nor now: nothing to remember
        it = state.groups.insert(key, GroupState{job, outcome});
    } else {
        before = kindOf(it->outcome);
        it->outcome = outcome;
        it->job = job;
    }
    // A pending notice of another kind (or of none) no longer describes the group.
    for (NoticeKind kind : {NoticeKind::Failed, NoticeKind::Late}) {
        Pending &pending = state.pending[int(kind)];
        if (kind != now && pending.keys.removeOne(key) && pending.keys.isEmpty())
            pending = {};
    }
    if (!now) {
        // Kept while it is being deleted or might flap back within repeatAfter.
        if (!it->deleting && !recentlyNotified(it->notifiedFailedAt) &&
            !recentlyNotified(it->notifiedLateAt))
            state.groups.erase(it);
        return;
    }
    if (now == before || it->deleting || !state.baselined || !state.enabled)
        return;
    // A group that appears (after the first good poll) notifies only as failed: one that
    // appears late or stale was pushed long ago, e.g. restored from a backup.
    if (isNew && *now != NoticeKind::Failed)
        return;
    const qint64 notifiedAt =
        *now == NoticeKind::Failed ? it->notifiedFailedAt : it->notifiedLateAt;
    if (recentlyNotified(notifiedAt))
        return;
    addPending(state, *now, key);
}

void NotificationPolicy::groupGone(int gateway, const QString &key)
{
    const auto found = m_gateways.find(gateway);
    if (found == m_gateways.end())
        return;
    found->groups.remove(key);
    dropPending(*found, key);
}

bool NotificationPolicy::tracksGroups(int gateway) const
{
    const auto it = m_gateways.constFind(gateway);
    return it != m_gateways.cend() && !it->groups.isEmpty();
}

void NotificationPolicy::operatorDeleting(int gateway, const QString &key)
{
    GatewayState &state = gatewayState(gateway);
    auto it = state.groups.find(key);
    if (it == state.groups.end())
        it = state.groups.insert(key, GroupState{{}, Outcome::Success});
    it->deleting = true;
    dropPending(state, key);
}

void NotificationPolicy::pollFinished(int gateway, bool ok, const QString &error)
{
    GatewayState &state = gatewayState(gateway);
    Pending &unreachable = state.pending[int(NoticeKind::Unreachable)];
    if (ok) {
        state.pending[int(NoticeKind::Late)].awaitingPoll = false;
        state.baselined = true;
        state.failedPolls = 0;
        state.error.clear();
        unreachable = {};
        return;
    }
    ++state.failedPolls;
    state.error = error;
    if (state.baselined && state.enabled && state.failedPolls == m_unreachableAfter &&
        !recentlyNotified(state.notifiedUnreachableAt))
        unreachable.since = m_clock();
}

qint64 NotificationPolicy::dueAt(const GatewayState &state, NoticeKind kind) const
{
    const Pending &pending = state.pending[int(kind)];
    if (pending.since < 0 || pending.awaitingPoll)
        return -1;
    qint64 due = pending.since + m_settleMs;
    const qint64 last = state.lastNoticeAt[int(kind)];
    if (last >= 0)
        due = std::max(due, last + m_minimumIntervalMs);
    return due;
}

QList<Notice> NotificationPolicy::takeDue()
{
    const qint64 now = m_clock();
    QList<int> gateways = m_gateways.keys();
    std::sort(gateways.begin(), gateways.end());
    QList<Notice> notices;
    for (int gateway : std::as_const(gateways)) {
        GatewayState &state = m_gateways[gateway];
        for (NoticeKind kind : {NoticeKind::Unreachable, NoticeKind::Failed, NoticeKind::Late}) {
            const qint64 due = dueAt(state, kind);
            if (due < 0 || due > now)
                continue;
            Notice notice;
            notice.gateway = gateway;
            notice.kind = kind;
            notice.gatewayName = state.name;
            Pending &pending = state.pending[int(kind)];
            for (const QString &key : std::as_const(pending.keys)) {
                GroupState &group = state.groups[key];
                notice.jobs.append(group.job);
                (kind == NoticeKind::Failed ? group.notifiedFailedAt : group.notifiedLateAt) = now;
            }
            if (kind == NoticeKind::Unreachable) {
                notice.error = state.error;
                state.notifiedUnreachableAt = now;
            }
            pending = {};
            state.lastNoticeAt[int(kind)] = now;
            notices.append(notice);
        }
    }
    return notices;
}

qint64 NotificationPolicy::msUntilDue() const
{
    const qint64 now = m_clock();
    qint64 soonest = -1;
    for (const GatewayState &state : m_gateways) {
        for (NoticeKind kind : {NoticeKind::Unreachable, NoticeKind::Failed, NoticeKind::Late}) {
            const qint64 due = dueAt(state, kind);
            if (due >= 0 && (soonest < 0 || due < soonest))
                soonest = due;
        }
    }
    return soonest < 0 ? -1 : std::max<qint64>(0, soonest - now);
}

bool NotificationPolicy::hasPending() const
{
    for (const GatewayState &state : m_gateways)
        for (const Pending &pending : state.pending)
            if (pending.since >= 0)
                return true;
    return false;
}

} // namespace pushscope
