// NotificationPolicy: which changes become desktop notifications, grouped per gateway and
// kind, rate-limited, never for what was already wrong at start-up or is being deleted.

#include "model/notificationpolicy.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kSettle = 2000;
constexpr qint64 kInterval = 60 * 1000;
constexpr qint64 kRepeat = 15 * 60 * 1000;

QStringList titles(const QList<Notice> &notices)
{
    QStringList list;
    for (const Notice &notice : notices)
        list.append(notice.title());
    return list;
}

} // namespace

Q_DECLARE_METATYPE(pushscope::Outcome)

class TestNotificationPolicy : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void firstPollDoesNotNotify();
    void transitions_data();
    void transitions();
    void newGroupAfterFirstPoll();
    void groupedPerGatewayAndKind();
    void severalGroupsOfOneJob();
    void longListIsShortened();
    void waitsToSettle();
    void lateWaitsForAPoll();
    void rateLimitedPerGatewayAndKind();
    void recoveredBeforeDueIsDropped();
    void flappingGroupIsNamedOnce();
    void operatorDeletesNeverNotify();
    void goneGroupDropsPending();
    void switchedOffGateway();
    void unreachableGateway();
    void neverReachedGatewayIsQuiet();
    void resetGatewayStartsAfresh();

private:
    // Gateway 0 "prod-gw" and 1 "test-gw", each after a first good poll with no groups.
    void baseline();
    QList<Notice> takeAfterSettle();
    // Both gateways answer a poll (which confirms what the age tick turned late).
    void poll();

    qint64 m_now = 0;
    std::unique_ptr<NotificationPolicy> m_policy;
};

void TestNotificationPolicy::init()
{
    m_now = 1000000;
    m_policy = std::make_unique<NotificationPolicy>([this] { return m_now; });
    m_policy->setSettle(kSettle);
    m_policy->setMinimumInterval(kInterval);
    m_policy->setRepeatAfter(kRepeat);
    m_policy->setUnreachableAfter(2);
    m_policy->setGatewayName(0, u"prod-gw"_s);
    m_policy->setGatewayName(1, u"test-gw"_s);
}

void TestNotificationPolicy::baseline()
{
    m_policy->pollFinished(0, true);
    m_policy->pollFinished(1, true);
}

void TestNotificationPolicy::poll()
{
    m_policy->pollFinished(0, true);
    m_policy->pollFinished(1, true);
}

QList<Notice> TestNotificationPolicy::takeAfterSettle()
{
    m_now += kSettle;
    return m_policy->takeDue();
}

void TestNotificationPolicy::firstPollDoesNotNotify()
{
    // The first poll inserts rows (failed and late already) before it completes.
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed, true);
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Stale, true);
    m_policy->groupSeen(0, u"c"_s, u"c"_s, Outcome::Success, true);
    m_policy->pollFinished(0, true);
    QVERIFY(!m_policy->hasPending());
    // The next polls see them again, unchanged: still nothing.
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed);
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Late);
    m_policy->pollFinished(0, true);
    QCOMPARE(takeAfterSettle().size(), 0);
    // A group that was fine at start-up and turns failed does.
    m_policy->groupSeen(0, u"c"_s, u"c"_s, Outcome::Failed);
    QCOMPARE(titles(takeAfterSettle()), QStringList{u"1 job failed on prod-gw"_s});
}

void TestNotificationPolicy::transitions_data()
{
    QTest::addColumn<Outcome>("before");
    QTest::addColumn<Outcome>("after");
    QTest::addColumn<QString>("title"); // empty: no notice

    QTest::newRow("success to failed")
        << Outcome::Success << Outcome::Failed << u"1 job failed on prod-gw"_s;
    QTest::newRow("unknown to failed")
        << Outcome::Unknown << Outcome::Failed << u"1 job failed on prod-gw"_s;
    QTest::newRow("success to late")
        << Outcome::Success << Outcome::Late << u"1 job late on prod-gw"_s;
    QTest::newRow("success to stale")
        << Outcome::Success << Outcome::Stale << u"1 job late on prod-gw"_s;
    QTest::newRow("late to failed")
        << Outcome::Late << Outcome::Failed << u"1 job failed on prod-gw"_s;
    QTest::newRow("late to stale") << Outcome::Late << Outcome::Stale << QString();
    QTest::newRow("stale to late") << Outcome::Stale << Outcome::Late << QString();
    QTest::newRow("failed to success") << Outcome::Failed << Outcome::Success << QString();
    QTest::newRow("failed to failed") << Outcome::Failed << Outcome::Failed << QString();
    QTest::newRow("success to unknown") << Outcome::Success << Outcome::Unknown << QString();
}

void TestNotificationPolicy::transitions()
{
    QFETCH(Outcome, before);
    QFETCH(Outcome, after);
    QFETCH(QString, title);
    m_policy->groupSeen(0, u"k"_s, u"batch"_s, before, true);
    baseline();
    m_policy->groupSeen(0, u"k"_s, u"batch"_s, after);
    poll();
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices), title.isEmpty() ? QStringList() : QStringList{title});
    if (!title.isEmpty())
        QCOMPARE(notices.first().text(), u"batch"_s);
}

void TestNotificationPolicy::newGroupAfterFirstPoll()
{
    baseline();
    // A new job whose first push failed: notified. One that appears stale (restored from a
    // backup, say) or fine: not.
    m_policy->groupSeen(0, u"new-failed"_s, u"fresh"_s, Outcome::Failed, true);
    m_policy->groupSeen(0, u"new-stale"_s, u"old"_s, Outcome::Stale, true);
    m_policy->groupSeen(0, u"new-ok"_s, u"ok"_s, Outcome::Success, true);
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices), QStringList{u"1 job failed on prod-gw"_s});
    QCOMPARE(notices.first().jobs, QStringList{u"fresh"_s});
}

void TestNotificationPolicy::groupedPerGatewayAndKind()
{
    baseline();
    // One poll (or one age tick) turns many groups.
    for (const QString &job : {u"backup"_s, u"etl"_s, u"report"_s})
        m_policy->groupSeen(0, job, job, Outcome::Late);
    m_policy->groupSeen(0, u"x"_s, u"import"_s, Outcome::Failed);
    m_policy->groupSeen(0, u"y"_s, u"export"_s, Outcome::Failed);
    m_policy->groupSeen(1, u"backup"_s, u"backup"_s, Outcome::Stale);
    poll();
    QCOMPARE(m_policy->msUntilDue(), kSettle);
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices),
             (QStringList{u"2 jobs failed on prod-gw"_s, u"3 jobs late on prod-gw"_s,
                          u"1 job late on test-gw"_s}));
    QCOMPARE(notices.at(0).text(), u"import, export"_s);
    QCOMPARE(notices.at(1).text(), u"backup, etl, report"_s);
    QCOMPARE(notices.at(1).gateway, 0);
    QCOMPARE(notices.at(2).gateway, 1);
    QVERIFY(!m_policy->hasPending());
    QCOMPARE(m_policy->takeDue().size(), 0);
}

void TestNotificationPolicy::severalGroupsOfOneJob()
{
    baseline();
    m_policy->groupSeen(0, u"b1"_s, u"backup"_s, Outcome::Late);
    m_policy->groupSeen(0, u"e"_s, u"etl"_s, Outcome::Late);
    m_policy->groupSeen(0, u"b2"_s, u"backup"_s, Outcome::Late);
    // Seen twice in one batch (a poll's merge, then a tick): counted once.
    m_policy->groupSeen(0, u"b2"_s, u"backup"_s, Outcome::Stale);
    poll();
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices), QStringList{u"3 groups late on prod-gw"_s});
    QCOMPARE(notices.first().text(), u"backup (2 groups), etl"_s);
}

void TestNotificationPolicy::longListIsShortened()
{
    baseline();
    for (int i = 1; i <= 7; ++i)
        m_policy->groupSeen(0, QString::number(i), u"job%1"_s.arg(i), Outcome::Failed);
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices), QStringList{u"7 jobs failed on prod-gw"_s});
    QCOMPARE(notices.first().text(), u"job1, job2, job3, job4, job5 and 2 more"_s);
}

void TestNotificationPolicy::waitsToSettle()
{
    baseline();
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed);
    m_now += kSettle - 1;
    QCOMPARE(m_policy->takeDue().size(), 0);
    QCOMPARE(m_policy->msUntilDue(), 1);
    // What turns meanwhile joins the same notice.
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Failed);
    m_now += 1;
    QCOMPARE(titles(m_policy->takeDue()), QStringList{u"2 jobs failed on prod-gw"_s});
}

void TestNotificationPolicy::lateWaitsForAPoll()
{
    baseline();
    // The age tick turns a group late (first thing after the computer wakes, say).
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Late);
    QVERIFY(m_policy->hasPending());
    QCOMPARE(m_policy->msUntilDue(), -1);
    QCOMPARE(takeAfterSettle().size(), 0);
    // The next poll shows a push came meanwhile: nothing to tell.
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Success);
    poll();
    QVERIFY(!m_policy->hasPending());
    // Late again; a failed poll confirms nothing; a good one, still without a push, does.
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Late);
    m_policy->pollFinished(0, false, u"Timed out."_s);
    QCOMPARE(takeAfterSettle().size(), 0);
    m_policy->pollFinished(0, true);
    QCOMPARE(m_policy->msUntilDue(), 0);
    QCOMPARE(titles(m_policy->takeDue()), QStringList{u"1 job late on prod-gw"_s});
}

void TestNotificationPolicy::rateLimitedPerGatewayAndKind()
{
    baseline();
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed);
    QCOMPARE(takeAfterSettle().size(), 1);
    const qint64 shownAt = m_now;
    // More failures on the same gateway soon after wait for the interval, grouped.
    m_now += 5000;
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Failed);
    m_now += 5000;
    m_policy->groupSeen(0, u"c"_s, u"c"_s, Outcome::Failed);
    // Another kind, or another gateway, is not held back.
    m_policy->groupSeen(0, u"d"_s, u"d"_s, Outcome::Late);
    m_policy->groupSeen(1, u"e"_s, u"e"_s, Outcome::Failed);
    poll();
    QCOMPARE(titles(takeAfterSettle()),
             (QStringList{u"1 job late on prod-gw"_s, u"1 job failed on test-gw"_s}));
    QCOMPARE(m_policy->msUntilDue(), shownAt + kInterval - m_now);
    m_now = shownAt + kInterval - 1;
    QCOMPARE(m_policy->takeDue().size(), 0);
    m_now += 1;
    const QList<Notice> held = m_policy->takeDue();
    QCOMPARE(titles(held), QStringList{u"2 jobs failed on prod-gw"_s});
    QCOMPARE(held.first().text(), u"b, c"_s);
}

void TestNotificationPolicy::recoveredBeforeDueIsDropped()
{
    baseline();
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Late);
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Late);
    m_now += 1000;
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Success); // pushed just in time
    // A late group that turns failed before the notice is due is told as failed only.
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Failed);
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices), QStringList{u"1 job failed on prod-gw"_s});
    QCOMPARE(notices.first().jobs, QStringList{u"b"_s});
}

void TestNotificationPolicy::flappingGroupIsNamedOnce()
{
    baseline();
    m_policy->groupSeen(0, u"f"_s, u"flappy"_s, Outcome::Failed);
    QCOMPARE(takeAfterSettle().size(), 1);
    // Fails on every other poll for ten minutes: no further notice.
    for (int poll = 0; poll < 60; ++poll) {
        m_now += 10 * 1000;
        m_policy->groupSeen(0, u"f"_s, u"flappy"_s, poll % 2 ? Outcome::Failed : Outcome::Success);
        QCOMPARE(m_policy->takeDue().size(), 0);
    }
    // After repeatAfter it may be named again.
    m_now += kRepeat;
    m_policy->groupSeen(0, u"f"_s, u"flappy"_s, Outcome::Success);
    m_policy->groupSeen(0, u"f"_s, u"flappy"_s, Outcome::Failed);
    QCOMPARE(titles(takeAfterSettle()), QStringList{u"1 job failed on prod-gw"_s});
}

void TestNotificationPolicy::operatorDeletesNeverNotify()
{
    m_policy->groupSeen(0, u"old"_s, u"old"_s, Outcome::Success, true);
    baseline();
    // A pending notice about a group the operator then deletes loses it.
    m_policy->groupSeen(0, u"gone"_s, u"gone"_s, Outcome::Late);
    m_policy->groupSeen(0, u"kept"_s, u"kept"_s, Outcome::Late);
    m_policy->operatorDeleting(0, u"gone"_s);
    // While it is being deleted, a group that turns late or failed stays quiet, including one
    // the policy had no memory of.
    m_policy->operatorDeleting(0, u"old"_s);
    m_policy->groupSeen(0, u"old"_s, u"old"_s, Outcome::Stale);
    m_policy->groupSeen(0, u"gone"_s, u"gone"_s, Outcome::Failed);
    poll();
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices), QStringList{u"1 job late on prod-gw"_s});
    QCOMPARE(notices.first().jobs, QStringList{u"kept"_s});
    // The deleted groups leave the table; one pushed again later is a new group.
    m_policy->groupGone(0, u"old"_s);
    m_policy->groupSeen(0, u"old"_s, u"old"_s, Outcome::Failed, true);
    QCOMPARE(titles(takeAfterSettle()), QStringList{u"1 job failed on prod-gw"_s});
}

void TestNotificationPolicy::goneGroupDropsPending()
{
    baseline();
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed);
    QVERIFY(m_policy->tracksGroups(0));
    m_policy->groupGone(0, u"a"_s); // deleted elsewhere (pushscope delete, a script)
    QVERIFY(!m_policy->hasPending());
    QVERIFY(!m_policy->tracksGroups(0));
    QCOMPARE(takeAfterSettle().size(), 0);
}

void TestNotificationPolicy::switchedOffGateway()
{
    baseline();
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed);
    m_policy->setGatewayEnabled(0, false);
    QVERIFY(!m_policy->isGatewayEnabled(0));
    QVERIFY(m_policy->isGatewayEnabled(1));
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Late);
    m_policy->pollFinished(0, false, u"down"_s);
    m_policy->pollFinished(0, false, u"down"_s);
    m_policy->groupSeen(1, u"c"_s, u"c"_s, Outcome::Failed);
    QCOMPARE(titles(takeAfterSettle()), QStringList{u"1 job failed on test-gw"_s});
    // Switched on again: what turned meanwhile is not announced, what turns next is.
    m_policy->setGatewayEnabled(0, true);
    m_policy->pollFinished(0, true);
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed);
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Stale);
    QCOMPARE(takeAfterSettle().size(), 0);
    m_policy->groupSeen(0, u"d"_s, u"d"_s, Outcome::Late);
    poll();
    QCOMPARE(titles(takeAfterSettle()), QStringList{u"1 job late on prod-gw"_s});
}

void TestNotificationPolicy::unreachableGateway()
{
    baseline();
    m_policy->pollFinished(0, false, u"Connection refused."_s);
    QCOMPARE(takeAfterSettle().size(), 0); // one failed poll may be a blip
    m_policy->pollFinished(0, false, u"Connection refused."_s);
    const QList<Notice> notices = takeAfterSettle();
    QCOMPARE(titles(notices), QStringList{u"prod-gw is unreachable"_s});
    QCOMPARE(notices.first().text(), u"Connection refused."_s);
    QCOMPARE(notices.first().kind, NoticeKind::Unreachable);
    // Still down: not again.
    for (int i = 0; i < 5; ++i)
        m_policy->pollFinished(0, false, u"Connection refused."_s);
    QCOMPARE(takeAfterSettle().size(), 0);
    // Back, and down again within repeatAfter: quiet; later: told again.
    m_policy->pollFinished(0, true);
    m_policy->pollFinished(0, false, u"Timed out."_s);
    m_policy->pollFinished(0, false, u"Timed out."_s);
    QCOMPARE(takeAfterSettle().size(), 0);
    m_now += kRepeat;
    m_policy->pollFinished(0, true);
    m_policy->pollFinished(0, false, u"Timed out."_s);
    m_policy->pollFinished(0, false, u"Timed out."_s);
    m_now += 1000;
    m_policy->pollFinished(0, true); // answered before the notice was due: dropped
    QCOMPARE(takeAfterSettle().size(), 0);
    m_policy->pollFinished(0, false, u"Timed out."_s);
    m_policy->pollFinished(0, false, u"Timed out."_s);
    QCOMPARE(titles(takeAfterSettle()), QStringList{u"prod-gw is unreachable"_s});
}

void TestNotificationPolicy::neverReachedGatewayIsQuiet()
{
    for (int i = 0; i < 5; ++i)
        m_policy->pollFinished(0, false, u"Host not found."_s);
    QCOMPARE(takeAfterSettle().size(), 0);
    QVERIFY(!m_policy->hasPending());
}

void TestNotificationPolicy::resetGatewayStartsAfresh()
{
    baseline();
    m_policy->setGatewayEnabled(0, false);
    m_policy->groupSeen(0, u"a"_s, u"a"_s, Outcome::Failed);
    m_policy->resetGateway(0); // the gateway now points elsewhere
    QVERIFY(!m_policy->tracksGroups(0));
    QVERIFY(!m_policy->isGatewayEnabled(0)); // the switch stays
    m_policy->setGatewayEnabled(0, true);
    // Its first good poll again: what it holds then is not announced.
    m_policy->groupSeen(0, u"b"_s, u"b"_s, Outcome::Failed, true);
    m_policy->pollFinished(0, true);
    QCOMPARE(takeAfterSettle().size(), 0);
    m_policy->groupSeen(0, u"c"_s, u"c"_s, Outcome::Failed, true);
    QCOMPARE(titles(takeAfterSettle()), QStringList{u"1 job failed on prod-gw"_s});
}

QTEST_GUILESS_MAIN(TestNotificationPolicy)
#include "tst_notificationpolicy.moc"
