// DeleteJournal: entries survive a restart, keep the exact key, are bounded by size, and
// toExpositionText() writes what the gateway would accept for the same key.
#include "cleanup/deletejournal.h"
#include "gateway/expositionwriter.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace pushscope;

namespace {

Group makeGroup(const Labels &keyLabels)
{
    Group group;
    group.key = GroupingKey(keyLabels);
    group.pushTime = 1.7e9;
    Labels sampleLabels = keyLabels;
    if (!group.key.contains(QStringLiteral("instance")))
        sampleLabels.append({QStringLiteral("instance"), QString()});
    MetricFamily counter{QStringLiteral("processed_items"),
                         QStringLiteral("Items\nwith \\ newline."),
                         MetricType::Counter,
                         {},
                         {}};
    Sample sample;
    sample.labels = sampleLabels;
    sample.labels.append({QStringLiteral("stage"), QStringLiteral("load \"x\"")});
    sample.value = 42;
    counter.samples.append(sample);
    group.families.append(counter);

    MetricFamily summary{QStringLiteral("lat"), {}, MetricType::Summary, {}, {}};
    Sample s;
    s.labels = sampleLabels;
    s.quantiles = {{0.5, 1.5}, {0.9, std::numeric_limits<double>::quiet_NaN()}};
    s.sum = 9;
    s.count = 4;
    summary.samples.append(s);
    group.families.append(summary);

    MetricFamily histogram{QStringLiteral("dur"), {}, MetricType::Histogram, {}, {}};
    Sample h;
    h.labels = sampleLabels;
    h.buckets = {{1, 2}, {std::numeric_limits<double>::infinity(), 3}};
    h.sum = 4;
    h.count = 3;
    histogram.samples.append(h);
    group.families.append(histogram);
    return group;
}

} // namespace

class TestDeleteJournal : public QObject
{
    Q_OBJECT

private slots:
    void expositionText();
    void roundTripKeepsExactKey_data();
    void roundTripKeepsExactKey();
    void statusUpdateAndDiscard();
    void boundedBySizeOldestFirst();
    void unwritableDirectoryFails();
    void rejectsForeignFiles();
};

void TestDeleteJournal::expositionText()
{
    const Group group = makeGroup({{QStringLiteral("job"), QStringLiteral("nightly")}});
    const QString text = QString::fromUtf8(toExpositionText(group));
    const QStringList expected = {
        QStringLiteral("# HELP processed_items Items\\nwith \\\\ newline."),
        QStringLiteral("# TYPE processed_items counter"),
        QStringLiteral("processed_items{stage=\"load \\\"x\\\"\"} 42"),
        QStringLiteral("# TYPE lat summary"),
        QStringLiteral("lat{quantile=\"0.5\"} 1.5"),
        QStringLiteral("lat{quantile=\"0.9\"} NaN"),
        QStringLiteral("lat_sum 9"),
        QStringLiteral("lat_count 4"),
        QStringLiteral("# TYPE dur histogram"),
        QStringLiteral("dur_bucket{le=\"1\"} 2"),
        QStringLiteral("dur_bucket{le=\"+Inf\"} 3"),
        QStringLiteral("dur_sum 4"),
        QStringLiteral("dur_count 3"),
    };
    QCOMPARE(text.split(QLatin1Char('\n'), Qt::SkipEmptyParts), expected);
    // The grouping labels and the gateway's instance="" are left to the key.
    QVERIFY(!text.contains(QStringLiteral("job=")));
    QVERIFY(!text.contains(QStringLiteral("instance=")));
}

void TestDeleteJournal::roundTripKeepsExactKey_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QStringLiteral("host-1");
    QTest::newRow("empty") << QString();
    QTest::newRow("slash") << QStringLiteral("/var/tmp");
    QTest::newRow("newline and CR") << QStringLiteral("a\nb\rc");
    QTest::newRow("quotes, backslash, colon") << QStringLiteral("x\": \\y");
    QTest::newRow("UTF-8") << QStringLiteral("Προμηθεύς");
}

void TestDeleteJournal::roundTripKeepsExactKey()
{
    QFETCH(QString, value);
    QTemporaryDir dir;
    const Group group = makeGroup(
        {{QStringLiteral("job"), QStringLiteral("j")}, {QStringLiteral("instance"), value}});
    QString id;
    {
        DeleteJournal journal(dir.filePath(QStringLiteral("deleted")));
        QString error;
        const auto entry = journal.record(QStringLiteral("http://127.0.0.1:9091/pgw"), group,
                                          QStringLiteral("stale"), &error);
        QVERIFY2(entry, qPrintable(error));
        QCOMPARE(entry->status, QStringLiteral("deleted"));
        id = entry->id;
    }
    DeleteJournal reopened(dir.filePath(QStringLiteral("deleted"))); // "after a restart"
    const QList<JournalEntry> entries = reopened.entries();
    QCOMPARE(entries.size(), 1);
    const JournalEntry &entry = entries.first();
    QCOMPARE(entry.id, id);
    QCOMPARE(entry.key, group.key);
    QCOMPARE(entry.gateway, QStringLiteral("http://127.0.0.1:9091/pgw"));
    QCOMPARE(entry.outcomeBefore, QStringLiteral("stale"));
    QCOMPARE(entry.pushTime, 1.7e9);
    QCOMPARE(entry.metricsText, toExpositionText(group));
    QVERIFY(qAbs(entry.deletedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

void TestDeleteJournal::statusUpdateAndDiscard()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    QString error;
    const auto a = journal.record(
        QStringLiteral("g"), makeGroup({{QStringLiteral("job"), QStringLiteral("a")}}), {}, &error);
    const auto b = journal.record(
        QStringLiteral("g"), makeGroup({{QStringLiteral("job"), QStringLiteral("b")}}), {}, &error);
    QVERIFY(a && b);
    QVERIFY(
        journal.setStatus(a->id, QStringLiteral("still_present"), QStringLiteral("pushed again")));
    QCOMPARE(journal.entry(a->id)->status, QStringLiteral("still_present"));
    QCOMPARE(journal.entry(a->id)->note, QStringLiteral("pushed again"));
    QCOMPARE(journal.entry(a->id)->metricsText, a->metricsText);
    QVERIFY(journal.discard(b->id));
    QCOMPARE(journal.entries().size(), 1);
    QVERIFY(!journal.setStatus(b->id, QStringLiteral("deleted"), {}));
    QVERIFY(!journal.entry(QStringLiteral("../../etc/passwd")));
}

void TestDeleteJournal::boundedBySizeOldestFirst()
{
    QTemporaryDir dir;
    const Group group = makeGroup({{QStringLiteral("job"), QStringLiteral("bounded")}});
    const qint64 entrySize =
        DeleteJournal::formatEntry({}).size() + toExpositionText(group).size() + 200;
    DeleteJournal journal(dir.path(), 3 * entrySize);
    QStringList ids;
    for (int i = 0; i < 10; ++i) {
        QString error;
        const auto entry = journal.record(QStringLiteral("g"), group, {}, &error);
        QVERIFY2(entry, qPrintable(error));
        ids.append(entry->id);
        QTest::qWait(2); // distinct, ordered ids
    }
    const QList<JournalEntry> entries = journal.entries();
    QVERIFY2(entries.size() >= 2 && entries.size() <= 3,
             qPrintable(QString::number(entries.size())));
    QCOMPARE(entries.first().id, ids.last()); // newest first, newest kept
    qint64 total = 0;
    for (const JournalEntry &entry : entries)
        total += entry.sizeBytes;
    QVERIFY(total <= 3 * entrySize);

    // One entry larger than the whole limit is still kept: its group is about to go.
    DeleteJournal tiny(dir.filePath(QStringLiteral("tiny")), 10);
    QString error;
    const auto big = tiny.record(QStringLiteral("g"), group, {}, &error);
    QVERIFY(big);
    QVERIFY(tiny.entry(big->id));
}

void TestDeleteJournal::unwritableDirectoryFails()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    DeleteJournal journal(blocker.fileName() + QStringLiteral("/deleted"));
    QString error;
    QVERIFY(!journal.record(QStringLiteral("g"),
                            makeGroup({{QStringLiteral("job"), QStringLiteral("a")}}), {}, &error));
    QVERIFY2(error.contains(QStringLiteral("Nothing was deleted")), qPrintable(error));
}

void TestDeleteJournal::rejectsForeignFiles()
{
    JournalEntry entry;
    QVERIFY(!DeleteJournal::parseEntry("x 1\n", &entry));
    QVERIFY(!DeleteJournal::parseEntry("# pushscope-deleted-group 1\n# id: a\n", &entry));
    QVERIFY(!DeleteJournal::parseEntry(
        "# pushscope-deleted-group 1\n# id: a\n# key-json: {}\n\nx 1\n", &entry)); // no job
}

QTEST_GUILESS_MAIN(TestDeleteJournal)
#include "tst_deletejournal.moc"
