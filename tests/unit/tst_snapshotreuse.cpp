// parseSnapshot() with a previous snapshot reuses unchanged groups; large replies are
// parsed on two threads; prepareSnapshot() reuses verdicts of reused groups.
#include "gateway/snapshotparser.h"
#include "model/preparedsnapshot.h"

#include <QtTest>

using namespace pushscope;

namespace {

QByteArray group(int index, double pushTime, const QByteArray &items = "1")
{
    const QByteArray labels =
        "{\"instance\":\"host-" + QByteArray::number(index) + "\",\"job\":\"j\"}";
    auto gauge = [&](const char *name, const QByteArray &value) {
        return "\"" + QByteArray(name) +
               "\":{\"time_stamp\":\"2026-11-24T17:08:03Z\","
               "\"type\":\"GAUGE\",\"help\":\"h\",\"metrics\":[{\"labels\":" +
               labels + ",\"value\":\"" + value + "\"}]}";
    };
    return "{\"labels\":" + labels + ",\"last_push_successful\":true," +
           gauge("processed_items", items) + "," + gauge("job_success", "1") + "," +
           gauge("push_failure_time_seconds", "0") + "," +
           gauge("push_time_seconds", QByteArray::number(pushTime, 'f', 6)) + "}";
}

QByteArray reply(const QList<QByteArray> &groups)
{
    QByteArray json = "{\"status\":\"success\",\"data\":[";
    for (qsizetype i = 0; i < groups.size(); ++i)
        json += (i ? "," : "") + groups.at(i);
    return json + "]}";
}

QList<QByteArray> groups(int count, double pushTime)
{
    QList<QByteArray> list;
    for (int i = 0; i < count; ++i)
        list.append(group(i, pushTime + i));
    return list;
}

const Group *find(const Snapshot &snapshot, const QString &instance)
{
    for (const Group &g : snapshot.groups) {
        if (g.key.value(QStringLiteral("instance")) == instance)
            return &g;
    }
    return nullptr;
}

} // namespace

class TestSnapshotReuse : public QObject
{
    Q_OBJECT

private slots:
    void unchangedGroupsAreReused();
    void repushedGroupIsParsedAgain();
    void largeReplyParsedInParallelKeepsOrder();
    void errorInSecondHalfIsReported();
    void syntaxErrorInsideAGroupIsNotJson();
    void prepareReusesVerdicts();
};

void TestSnapshotReuse::unchangedGroupsAreReused()
{
    const QByteArray json = reply(groups(3, 1.7e9));
    const SnapshotParseResult first = parseSnapshot(json);
    QVERIFY2(first.ok, qPrintable(first.error));
    const SnapshotParseResult second = parseSnapshot(json, &first.snapshot);
    QVERIFY2(second.ok, qPrintable(second.error));
    QCOMPARE(second.snapshot.groups.size(), 3);
    for (const Group &g : second.snapshot.groups) {
        const Group *before = find(first.snapshot, g.key.value(QStringLiteral("instance")));
        QVERIFY(before);
        // Shared, not parsed again.
        QCOMPARE(g.families.constData(), before->families.constData());
    }
}

void TestSnapshotReuse::repushedGroupIsParsedAgain()
{
    QList<QByteArray> list = groups(3, 1.7e9);
    const SnapshotParseResult first = parseSnapshot(reply(list));
    QVERIFY(first.ok);
    list[1] = group(1, 1.8e9, "42"); // pushed again: new push time, new value
    const SnapshotParseResult second = parseSnapshot(reply(list), &first.snapshot);
    QVERIFY(second.ok);
    const Group *changed = find(second.snapshot, QStringLiteral("host-1"));
    QVERIFY(changed);
    QCOMPARE(changed->pushTime, 1.8e9);
    QCOMPARE(changed->family(QStringLiteral("processed_items"))->samples.first().value, 42.0);
    QVERIFY(changed->families.constData() !=
            find(first.snapshot, QStringLiteral("host-1"))->families.constData());
    const Group *same = find(second.snapshot, QStringLiteral("host-2"));
    QCOMPARE(same->families.constData(),
             find(first.snapshot, QStringLiteral("host-2"))->families.constData());
}

void TestSnapshotReuse::largeReplyParsedInParallelKeepsOrder()
{
    const int count = 3001; // above the two-thread threshold, odd on purpose
    const SnapshotParseResult parsed = parseSnapshot(reply(groups(count, 1.0e9)));
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.snapshot.groups.size(), count);
    for (int i = 0; i < count; ++i) {
        const Group &g = parsed.snapshot.groups.at(i);
        QCOMPARE(g.key.value(QStringLiteral("instance")), QStringLiteral("host-%1").arg(i));
        QCOMPARE(g.pushTime, 1.0e9 + i);
        QCOMPARE(g.families.size(), 2);
    }
}

void TestSnapshotReuse::errorInSecondHalfIsReported()
{
    // A family that cannot be read only marks its group, in either half.
    QList<QByteArray> list = groups(2000, 1.0e9);
    list[1800] = "{\"labels\":{\"job\":\"x\"},\"bad\":{\"type\":\"GAUGE\",\"metrics\":[{"
                 "\"value\":\"not-a-number\"}]}}";
    SnapshotParseResult parsed = parseSnapshot(reply(list));
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.snapshot.groups.size(), 2000);
    const Group &odd = parsed.snapshot.groups.at(1800);
    QCOMPARE(odd.unsupportedFamilies.size(), 1);
    QVERIFY2(odd.unsupportedFamilies.first().note.contains(QStringLiteral("not-a-number")),
             qPrintable(odd.unsupportedFamilies.first().note));
    // A group that is not the API's shape still fails the reply.
    list[1800] = "{\"last_push_successful\":true}";
    parsed = parseSnapshot(reply(list));
    QVERIFY(!parsed.ok);
    QVERIFY2(parsed.error.contains(QStringLiteral("no grouping key")), qPrintable(parsed.error));
    QVERIFY(parsed.snapshot.groups.isEmpty());
}

void TestSnapshotReuse::syntaxErrorInsideAGroupIsNotJson()
{
    QList<QByteArray> list = groups(2, 1.0e9);
    list[1] =
        "{\"labels\":{\"job\":\"x\"},\"f\":{\"type\":\"GAUGE\",\"metrics\":[{\"value\" \"1\"}]}}";
    const SnapshotParseResult parsed = parseSnapshot(reply(list));
    QVERIFY(!parsed.ok);
    QVERIFY2(parsed.error.contains(QStringLiteral("not JSON")), qPrintable(parsed.error));
}

void TestSnapshotReuse::prepareReusesVerdicts()
{
    QList<QByteArray> list = groups(2, 1.7e9);
    const SnapshotParseResult first = parseSnapshot(reply(list));
    const PreparedSnapshot preparedFirst = prepareSnapshot(first.snapshot);
    QCOMPARE(preparedFirst.groups.at(0).metricsVerdict.outcome, Outcome::Success);

    // Group 0 now reports failure: its verdict must be computed afresh, group 1's reused.
    list[0].replace("\"job_success\":{\"time_stamp\":\"2026-11-24T17:08:03Z\",\"type\":\"GAUGE\","
                    "\"help\":\"h\",\"metrics\":[{\"labels\":{\"instance\":\"host-0\",\"job\":"
                    "\"j\"},\"value\":\"1\"",
                    "\"job_success\":{\"time_stamp\":\"2026-11-24T17:08:03Z\",\"type\":\"GAUGE\","
                    "\"help\":\"h\",\"metrics\":[{\"labels\":{\"instance\":\"host-0\",\"job\":"
                    "\"j\"},\"value\":\"0\"");
    list[0].replace("1700000000.000000", "1700000100.000000");
    const SnapshotParseResult second = parseSnapshot(reply(list), &first.snapshot);
    QVERIFY(second.ok);
    const PreparedSnapshot preparedSecond = prepareSnapshot(second.snapshot, &preparedFirst);
    const PreparedGroup &changed = preparedSecond.groups.at(
        preparedSecond.indexById.value(second.snapshot.groups.at(0).key.id()));
    QCOMPARE(changed.metricsVerdict.outcome, Outcome::Failed);
    QCOMPARE(preparedSecond.groups.at(1).metricsVerdict.outcome, Outcome::Success);
    QCOMPARE(preparedSecond.groups.at(1).group.families.constData(),
             preparedFirst.groups.at(1).group.families.constData());
}

QTEST_GUILESS_MAIN(TestSnapshotReuse)
#include "tst_snapshotreuse.moc"
