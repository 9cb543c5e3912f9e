#pragma once

#include "outcome.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace pushscope {

// What a desktop notification is about.
enum class NoticeKind { Failed, Late, Unreachable };

// One desktop notification: the groups of one gateway that turned failed (or late), or the
// gateway itself becoming unreachable.
struct Notice {
    Q_DECLARE_TR_FUNCTIONS(Notice)

public:
    int gateway = -1;
    NoticeKind kind = NoticeKind::Failed;
    QString gatewayName;
    QStringList jobs; // the job of each group, in the order they turned (may repeat)
    QString error;    // Unreachable: why the polls fail

    int groupCount() const { return int(jobs.size()); }
    // "3 jobs late on prod-gw", "2 groups failed on prod-gw", "prod-gw is unreachable".
    QString title() const;
    // The jobs, "backup, etl (2 groups) and 4 more"; or the error.
    QString text() const;
};

// Decides which changes become desktop notifications (pure: no timers, no widgets; the
// clock is injected). Only transitions notify:
//  - a group that turns failed, or late (late or stale) from neither; a group that appears
//    already failed after the gateway's first good poll (a new job whose first push failed);
//  - a gateway that was reached once and then fails `unreachableAfter` polls in a row.
// Never: groups as found on a gateway's first good poll, groups the operator is deleting,
// groups that went away, gateways switched off. A change waits `settle` so that what one poll
// (or one age tick) turns is grouped into one Notice per gateway and kind; a gateway and kind
// notifies at most once per `minimumInterval`, and a group (or gateway) is not named again
// for the same kind within `repeatAfter` (a flapping job). A pending change that is undone
// before it is due (the group recovered, went away, the gateway answered) is dropped: a
// notice describes the present. A group turned late by the clock alone (the age tick, which
// also runs first after the computer wakes from sleep) waits for the gateway's next good poll
// to confirm that no push came meanwhile.
class NotificationPolicy
{
public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    explicit NotificationPolicy(Clock clock = {});
    void setClock(Clock clock) { m_clock = std::move(clock); }

    void setSettle(qint64 ms) { m_settleMs = ms; }
    void setMinimumInterval(qint64 ms) { m_minimumIntervalMs = ms; }
    void setRepeatAfter(qint64 ms) { m_repeatAfterMs = ms; }
    void setUnreachableAfter(int polls) { m_unreachableAfter = std::max(1, polls); }

    void setGatewayName(int gateway, const QString &name);
    // Off: nothing of the gateway notifies (its state is still followed, so that switching it
    // back on does not announce what happened meanwhile). Default on.
    void setGatewayEnabled(int gateway, bool enabled);
    bool isGatewayEnabled(int gateway) const;
    // Forgets the gateway (it now points elsewhere): its next good poll is a first one again.
    void resetGateway(int gateway);

    // A group's current outcome: a new row (`isNew`), or one whose data changed. `key` is its
    // GroupingKey::id().
    void groupSeen(int gateway, const QString &key, const QString &job, Outcome outcome,
                   bool isNew = false);
    // The group left the table (deleted by anyone, or no longer reported).
    void groupGone(int gateway, const QString &key);
    // True when something is kept about the gateway's groups (so groupGone() matters).
    bool tracksGroups(int gateway) const;
    // The operator asked to delete the group: it never notifies, until it goes away.
    void operatorDeleting(int gateway, const QString &key);
    // A poll of the gateway completed.
    void pollFinished(int gateway, bool ok, const QString &error = {});

    // The notices due now, taken; at most one per gateway and kind.
    QList<Notice> takeDue();
    // Milliseconds until the next notice is due (0: now); -1 when nothing is pending, or all
    // that is waits for a poll.
    qint64 msUntilDue() const;
    bool hasPending() const;

private:
    struct GroupState {
        QString job;
        Outcome outcome = Outcome::Unknown;
        bool deleting = false;
        qint64 notifiedFailedAt = -1;
        qint64 notifiedLateAt = -1;
    };
    struct Pending {
        QStringList keys;          // in the order they turned; empty for Unreachable
        qint64 since = -1;         // -1: nothing pending
        bool awaitingPoll = false; // late: a good poll must confirm it first
    };
    struct GatewayState {
        QString name;
        bool enabled = true;
        bool baselined = false; // a good poll has been seen
        int failedPolls = 0;
        QString error;
        qint64 notifiedUnreachableAt = -1;
        QHash<QString, GroupState> groups; // only groups that are failed, late, stale or
                                           // being deleted: the others need no memory
        Pending pending[3];                // by NoticeKind
        qint64 lastNoticeAt[3] = {-1, -1, -1};
    };

    GatewayState &gatewayState(int gateway);
    qint64 dueAt(const GatewayState &state, NoticeKind kind) const;
    void addPending(GatewayState &state, NoticeKind kind, const QString &key);
    static void dropPending(GatewayState &state, const QString &key);
    bool recentlyNotified(qint64 at) const;

    Clock m_clock;
    qint64 m_settleMs = 2000;
    qint64 m_minimumIntervalMs = 60 * 1000;
    qint64 m_repeatAfterMs = 15 * 60 * 1000;
    int m_unreachableAfter = 2;
    QHash<int, GatewayState> m_gateways;
};

} // namespace pushscope
