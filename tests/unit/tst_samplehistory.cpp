// SampleHistory: PushScope's own bounded history of pushed values.
#include "model/preparedsnapshot.h"
#include "model/samplehistory.h"

#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace pushscope;

namespace {

GroupingKey keyFor(int instance)
{
    return GroupingKey(Labels{{QStringLiteral("instance"), QStringLiteral("host-%1").arg(instance)},
                              {QStringLiteral("job"), QStringLiteral("batch")}});
}

MetricFamily family(const QString &name, MetricType type, const Labels &grouping,
                    const QList<double> &values)
{
    MetricFamily f;
    f.name = name;
    f.type = type;
    for (int i = 0; i < values.size(); ++i) {
        Sample sample;
        sample.labels = grouping;
        if (values.size() > 1)
            sample.labels.append({QStringLiteral("shard"), QString::number(i)});
        std::sort(sample.labels.begin(), sample.labels.end());
        sample.value = values.at(i);
        sample.count = 7;
        f.samples.append(sample);
    }
    return f;
}

// One group pushed at `pushTime` with processed_items = `items` (gauge), a counter with
// two samples and a summary, which is not recorded.
Group group(int instance, double pushTime, double items)
{
    Group g;
    g.key = keyFor(instance);
    g.pushTime = pushTime;
    g.families.append(
        family(QStringLiteral("processed_items"), MetricType::Gauge, g.key.labels(), {items}));
    g.families.append(family(QStringLiteral("errors_total"), MetricType::Counter, g.key.labels(),
                             {items * 2, items * 3}));
    g.families.append(
        family(QStringLiteral("duration_seconds"), MetricType::Summary, g.key.labels(), {1}));
    return g;
}

QList<QPair<double, double>> itemsOf(const SampleHistory &history, int gateway, int instance)
{
    const QList<TimeSeries> series =
        history.history(gateway, keyFor(instance), QStringLiteral("processed_items"));
    return series.isEmpty() ? QList<QPair<double, double>>{} : series.first().points;
}

} // namespace

class TestSampleHistory : public QObject
{
    Q_OBJECT

private slots:
    void recordsValuesAtPushTimes()
    {
        SampleHistory history;
        for (int poll = 0; poll < 3; ++poll)
            history.record(0, Snapshot{{group(1, 1000 + poll * 10, poll * 5.5)}});
        const QList<QPair<double, double>> expected{{1000, 0}, {1010, 5.5}, {1020, 11}};
        QCOMPARE(itemsOf(history, 0, 1), expected);

        const QList<TimeSeries> errors =
            history.history(0, keyFor(1), QStringLiteral("errors_total"));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(0).name, QStringLiteral("errors_total"));
        QVERIFY(errors.at(0).labels.contains({QStringLiteral("shard"), QStringLiteral("0")}));
        QCOMPARE(errors.at(0).points.last(), (QPair<double, double>{1020, 22}));
        QCOMPARE(errors.at(1).points.last(), (QPair<double, double>{1020, 33}));
        QVERIFY(history.history(0, keyFor(1), QStringLiteral("duration_seconds")).isEmpty());
        QVERIFY(history.history(1, keyFor(1), QStringLiteral("processed_items")).isEmpty());
        QVERIFY(history.recordingSince().isValid());
    }

    void onlyRepushedGroupsAreRecorded()
    {
        SampleHistory history;
        history.record(0, Snapshot{{group(1, 1000, 1), group(2, 1000, 1)}});
        // Group 1 unchanged (same push time, even with another value), group 2 re-pushed.
        history.record(0, Snapshot{{group(1, 1000, 99), group(2, 1005, 2)}});
        history.record(0, Snapshot{{group(1, 1000, 99), group(2, 1005, 2)}});
        QCOMPARE(itemsOf(history, 0, 1), (QList<QPair<double, double>>{{1000, 1}}));
        QCOMPARE(itemsOf(history, 0, 2), (QList<QPair<double, double>>{{1000, 1}, {1005, 2}}));
        // Never pushed successfully: nothing to record.
        Group failed = group(3, 0, 4);
        failed.pushFailureTime = 1000;
        history.record(0, Snapshot{{failed}});
        QVERIFY(itemsOf(history, 0, 3).isEmpty());
    }

    void gatewaysAreKeptApart()
    {
        SampleHistory history;
        history.record(0, Snapshot{{group(1, 1000, 1)}});
        history.record(1, Snapshot{{group(1, 2000, 2)}});
        QCOMPARE(itemsOf(history, 0, 1), (QList<QPair<double, double>>{{1000, 1}}));
        QCOMPARE(itemsOf(history, 1, 1), (QList<QPair<double, double>>{{2000, 2}}));
    }

    void preparedSnapshotsAreRecorded()
    {
        SampleHistory history;
        history.record(2, prepareSnapshot(Snapshot{{group(4, 1000, 3)}}));
        QCOMPARE(itemsOf(history, 2, 4), (QList<QPair<double, double>>{{1000, 3}}));
    }

    void ringBufferKeepsTheNewestPoints_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("pushes");
        QTest::newRow("below") << 10 << 4;
        QTest::newRow("exactly") << 10 << 10;
        QTest::newRow("wrapped") << 10 << 37;
        QTest::newRow("one") << 1 << 5;
    }
    void ringBufferKeepsTheNewestPoints()
    {
        QFETCH(int, capacity);
        QFETCH(int, pushes);
        SampleHistory history;
        history.setPointsPerSeries(capacity);
        for (int i = 0; i < pushes; ++i) {
            history.record(0, Snapshot{{group(1, 1000 + i, i)}});
            QVERIFY(itemsOf(history, 0, 1).size() <= capacity);
        }
        const QList<QPair<double, double>> points = itemsOf(history, 0, 1);
        QCOMPARE(points.size(), std::min(capacity, pushes));
        for (int i = 0; i < points.size(); ++i) {
            const int push = pushes - int(points.size()) + i;
            QCOMPARE(points.at(i), (QPair<double, double>{1000.0 + push, double(push)}));
        }
        QVERIFY(history.pointCount() <= 3 * qint64(capacity));
    }

    void shrinkingKeepsTheNewest()
    {
        SampleHistory history;
        history.setPointsPerSeries(8);
        for (int i = 0; i < 13; ++i)
            history.record(0, Snapshot{{group(1, 1000 + i, i)}});
        history.setPointsPerSeries(3);
        QCOMPARE(itemsOf(history, 0, 1),
                 (QList<QPair<double, double>>{{1010, 10}, {1011, 11}, {1012, 12}}));
        history.record(0, Snapshot{{group(1, 2000, 20)}});
        QCOMPARE(itemsOf(history, 0, 1),
                 (QList<QPair<double, double>>{{1011, 11}, {1012, 12}, {2000, 20}}));
    }

    void evictsLeastRecentlyUpdatedSeries()
    {
        SampleHistory history;
        history.setMaxSeries(30); // 3 series per group
        for (int i = 0; i < 10; ++i)
            history.record(0, Snapshot{{group(i, 1000, i)}});
        QCOMPARE(history.seriesCount(), 30);
        // Group 0, the oldest, is re-pushed: it is now the most recent.
        history.record(0, Snapshot{{group(0, 1001, 0)}});
        for (int i = 10; i < 15; ++i) {
            history.record(0, Snapshot{{group(i, 1000, i)}});
            QVERIFY(history.seriesCount() <= 30);
        }
        QVERIFY(!itemsOf(history, 0, 0).isEmpty());
        QVERIFY(itemsOf(history, 0, 1).isEmpty());
        QVERIFY(!itemsOf(history, 0, 14).isEmpty());
        // An evicted group that is not re-pushed is not recorded again on the next poll.
        const int count = history.seriesCount();
        history.record(0, Snapshot{{group(1, 1000, 1)}});
        QCOMPARE(history.seriesCount(), count);
        history.setMaxSeries(5);
        QVERIFY(history.seriesCount() <= 5);
        QVERIFY(history.bytesHeld() > 0);
    }

    void unchangedPollIsCheap()
    {
        Snapshot snapshot;
        for (int i = 0; i < 10000; ++i)
            snapshot.groups.append(group(i, 1000, i));
        const PreparedSnapshot prepared = prepareSnapshot(snapshot);
        SampleHistory history;
        QElapsedTimer timer;
        timer.start();
        history.record(0, prepared);
        const qint64 firstMs = timer.restart();
        history.record(0, prepared); // nothing re-pushed
        const qint64 unchangedMs = timer.elapsed();
        qInfo("10,000 groups: first record %lld ms, unchanged poll %lld ms, %lld bytes held",
              firstMs, unchangedMs, history.bytesHeld());
        QVERIFY(history.seriesCount() <= SampleHistory::kDefaultMaxSeries);
        QVERIFY(unchangedMs < 100); // generous: a few ms in a debug build
    }

    void settingsSetTheLimits_data()
    {
        QTest::addColumn<QVariant>("points");
        QTest::addColumn<QVariant>("series");
        QTest::addColumn<int>("expectedPoints");
        QTest::addColumn<int>("expectedSeries");
        QTest::newRow("missing") << QVariant() << QVariant() << 720 << 2000;
        QTest::newRow("set") << QVariant(50) << QVariant(40) << 50 << 40;
        QTest::newRow("text") << QVariant(QStringLiteral("25")) << QVariant(QStringLiteral("many"))
                              << 25 << 2000;
        QTest::newRow("too small") << QVariant(1) << QVariant(0) << 10 << 10;
        QTest::newRow("too large") << QVariant(5000000) << QVariant(-3) << 100000 << 10;
    }
    void settingsSetTheLimits()
    {
        QFETCH(QVariant, points);
        QFETCH(QVariant, series);
        QFETCH(int, expectedPoints);
        QFETCH(int, expectedSeries);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("pushscope.ini")), QSettings::IniFormat);
        if (points.isValid())
            settings.setValue(QLatin1String(SampleHistory::kPointsPerSeriesKey), points);
        if (series.isValid())
            settings.setValue(QLatin1String(SampleHistory::kMaxSeriesKey), series);
        SampleHistory history;
        history.readSettings(settings);
        QCOMPARE(history.pointsPerSeries(), expectedPoints);
        QCOMPARE(history.maxSeries(), expectedSeries);
    }

    // A changed limit is obeyed: points per series and the series count stay under it, and
    // so does the memory held, however long the gateway keeps pushing.
    void changedLimitsKeepMemoryBounded()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("pushscope.ini")), QSettings::IniFormat);
        settings.setValue(QLatin1String(SampleHistory::kPointsPerSeriesKey), 40);
        settings.setValue(QLatin1String(SampleHistory::kMaxSeriesKey), 60); // 20 groups
        SampleHistory history;
        history.readSettings(settings);
        qint64 bytesAfterFirstRound = 0;
        for (int push = 0; push < 200; ++push) {
            Snapshot snapshot;
            for (int i = 0; i < 50; ++i) // 50 groups x 3 series: more than the cap
                snapshot.groups.append(group(i + (push % 2) * 50, 1000 + push, push));
            history.record(0, snapshot);
            QVERIFY(history.seriesCount() <= 60);
            QVERIFY(history.pointCount() <= 60 * 40);
            if (push == 79)
                bytesAfterFirstRound = history.bytesHeld();
        }
        for (int i = 0; i < 100; ++i)
            QVERIFY(itemsOf(history, 0, i).size() <= 40);
        const qint64 bytes = history.bytesHeld();
        qInfo("limits 40 points x 60 series: %d series, %lld points, %lld bytes held",
              history.seriesCount(), history.pointCount(), bytes);
        // 2,400 points of 16 bytes plus keys and labels: far below what 200 pushes of 150
        // series would take unbounded (480 KB of points alone).
        QVERIFY2(bytes < 200 * 1024, qPrintable(QString::number(bytes)));
        QVERIFY(bytes <= bytesAfterFirstRound * 2);

        // A larger limit read later lets the series grow again, up to it.
        settings.setValue(QLatin1String(SampleHistory::kPointsPerSeriesKey), 100);
        history.readSettings(settings);
        for (int push = 200; push < 400; ++push)
            history.record(0, Snapshot{{group(7, 1000 + push, push)}});
        QCOMPARE(itemsOf(history, 0, 7).size(), 100);
    }

    void timeNeverGoesBackwards()
    {
        SampleHistory history;
        history.record(0, Snapshot{{group(1, 1000, 1)}});
        history.record(0, Snapshot{{group(1, 990, 2)}});
        QCOMPARE(itemsOf(history, 0, 1), (QList<QPair<double, double>>{{1000, 1}}));
    }
};

QTEST_GUILESS_MAIN(TestSampleHistory)
#include "tst_samplehistory.moc"
