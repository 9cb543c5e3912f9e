// DeleteJournal and JournalBatch: entries survive a restart, keep the exact key and a
// binary body, tell apart "backed up", "sent" and a known result after a crash, ignore a
// torn record, never collide in id, are bounded by size without touching the running
// batch, and still read the first format; toExpositionText() writes what the gateway would
// accept for the same key.
#include "cleanup/crc32.h"
#include "cleanup/deletejournal.h"
#include "gateway/expositionwriter.h"
#include "keycorpus.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
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

JournalEntry entryFor(const Group &group, const QByteArray &body = {})
{
    JournalEntry entry;
    entry.gateway = QStringLiteral("http://gw:9091");
    entry.key = group.key;
    entry.deletedAt = QDateTime::currentDateTimeUtc();
    entry.outcomeBefore = QStringLiteral("success");
    entry.pushTime = group.pushTime;
    entry.metricsText = body.isEmpty() ? toExpositionText(group) : body;
    entry.contentType = textFormatContentType();
    return entry;
}

// One batch file with `count` backups: the first `sent` recorded as sent, the first
// `results` of those with a result.
QString writeBatch(DeleteJournal &journal, int count, int sent, int results)
{
    QString error;
    std::unique_ptr<JournalBatch> batch = journal.beginBatch(1000, &error);
    if (!batch)
        return {};
    const Group group = makeGroup({{QStringLiteral("job"), QStringLiteral("j")}});
    QList<int> sequences;
    QList<JournalResult> done;
    for (int i = 1; i <= count; ++i) {
        batch->addBackup(entryFor(group), i);
        if (i <= sent)
            sequences.append(i);
        if (i <= results)
            done.append({i, JournalStatus::deleted(), {}});
    }
    if (!batch->commit(&error))
        return {};
    batch->addSent(sequences);
    batch->addResults(done);
    return batch->commit(&error) ? batch->id() : QString();
}

// Set in a child process: create batches in a directory and print their ids.
int createBatchesChild(const QString &directory, int count)
{
    for (int i = 0; i < count; ++i) {
        QString error;
        std::unique_ptr<JournalBatch> batch = JournalBatch::create(directory, &error);
        if (!batch) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("%s\n", qPrintable(batch->id()));
    }
    return 0;
}

} // namespace

class TestDeleteJournal : public QObject
{
    Q_OBJECT

private slots:
    void expositionText();
    void roundTripKeepsExactKey_data();
    void roundTripKeepsExactKey();
    void binaryBodyAndContentType();
    void crashStagesAreToldApart();
    void tornRecordIsIgnored();
    void statusUpdateAppends();
    void statusAfterTornTailIsRead();
    void statusWaitsForRunningBatch();
    void capKeepsRunningBatchesOfOthers();
    void readsFirstFormat();
    void capDropsOlderBatchesOnly();
    void batchLargerThanCapIsRefused();
    void idsAreUniqueInOneBatch();
    void idsAreUniqueAcrossProcesses();
    void unwritableDirectoryFails();
    void rejectsForeignFiles();
    void crc32IsZlibs();
    void randomKeysAndFieldsReadBack();
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
        {{QStringLiteral("job"), QStringLiteral("nightly")}, {QStringLiteral("path"), value}});
    QString batchId;
    {
        DeleteJournal journal(dir.filePath(QStringLiteral("deleted")));
        QString error;
        std::unique_ptr<JournalBatch> batch = journal.beginBatch(1000, &error);
        QVERIFY2(batch, qPrintable(error));
        batch->addBackup(entryFor(group), 1);
        batch->addSent({1});
        batch->addResults({{1, JournalStatus::deleted(), {}}});
        QVERIFY2(batch->commit(&error), qPrintable(error));
        batchId = batch->id();
    }
    DeleteJournal reopened(dir.filePath(QStringLiteral("deleted"))); // "after a restart"
    const QList<JournalEntry> entries = reopened.entries();
    QCOMPARE(entries.size(), 1);
    const JournalEntry &entry = entries.first();
    QCOMPARE(entry.id, batchId + QStringLiteral(".1"));
    QCOMPARE(entry.key, group.key);
    QCOMPARE(entry.key.value(QStringLiteral("path")), value);
    QCOMPARE(entry.gateway, QStringLiteral("http://gw:9091"));
    QCOMPARE(entry.status, JournalStatus::deleted());
    QCOMPARE(entry.metricsText, toExpositionText(group));
    QCOMPARE(reopened.entry(entry.id)->key, group.key);
}

void TestDeleteJournal::binaryBodyAndContentType()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    QByteArray body("\x00\x01\n@BACKUP 3 00000000\n\xff", 22);
    JournalEntry entry = entryFor(makeGroup({{QStringLiteral("job"), QStringLiteral("b")}}), body);
    entry.contentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily";
    QString error;
    std::unique_ptr<JournalBatch> batch = journal.beginBatch(1000, &error);
    batch->addBackup(entry, 1);
    batch->addSent({1});
    QVERIFY(batch->commit(&error));
    const std::optional<JournalEntry> back = journal.entry(batch->entryId(1));
    QVERIFY(back);
    QCOMPARE(back->metricsText, body);
    QCOMPARE(back->contentType, entry.contentType);
}

// What kill -9 can leave: a backup without SENT (never sent), SENT without a result (sent,
// outcome unknown), and a known result.
void TestDeleteJournal::crashStagesAreToldApart()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    const QString id = writeBatch(journal, 6, 4, 2);
    QVERIFY(!id.isEmpty());
    QHash<QString, QString> status;
    for (const JournalEntry &entry : journal.entries(DeleteJournal::Listing::All))
        status.insert(entry.id, entry.status);
    QCOMPARE(status.size(), 6);
    for (int i = 1; i <= 6; ++i) {
        const QString expected = i <= 2   ? JournalStatus::deleted()
                                 : i <= 4 ? JournalStatus::unknown()
                                          : JournalStatus::notSent();
        QCOMPARE(status.value(id + QLatin1Char('.') + QString::number(i)), expected);
    }
    // The default listing leaves out what was never sent.
    QCOMPARE(journal.entries().size(), 4);
}

void TestDeleteJournal::tornRecordIsIgnored()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    const QString id = writeBatch(journal, 3, 3, 0);
    const QString path = dir.filePath(id + JournalBatch::suffix());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 fullSize = file.size();
    // A result record cut short, as a crash in the middle of its write leaves it.
    file.seek(fullSize);
    file.write("@RESULT 400 0badf00d\n{\"results\":[{\"seq\":1,\"sta");
    file.close();
    bool torn = false;
    QList<JournalEntry> entries = JournalBatch::read(path, &torn);
    QVERIFY(torn);
    QCOMPARE(entries.size(), 3);
    for (const JournalEntry &entry : entries)
        QCOMPARE(entry.status, JournalStatus::unknown());
    // A flipped byte in a complete record: that record and all after it are ignored.
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.resize(fullSize);
    const QByteArray data = file.readAll();
    const qsizetype sent = data.indexOf("@SENT");
    QVERIFY(sent > 0);
    file.seek(data.indexOf("seqs", sent));
    file.write("SEQS");
    file.close();
    entries = JournalBatch::read(path, &torn);
    QVERIFY(torn);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.first().status, JournalStatus::notSent());
}

void TestDeleteJournal::statusUpdateAppends()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    const QString id = writeBatch(journal, 2, 2, 2) + QStringLiteral(".2");
    QVERIFY(journal.setStatus(id, JournalStatus::restored(), QStringLiteral("pushed again")));
    QCOMPARE(journal.entry(id)->status, JournalStatus::restored());
    QCOMPARE(journal.entry(id)->note, QStringLiteral("pushed again"));
    QString error;
    QVERIFY(!journal.setStatus(QStringLiteral("20200101-000000-000-0000.1"),
                               JournalStatus::restored(), {}, &error));
    QVERIFY(error.contains(QStringLiteral("Cannot update")));
}

// A crash tore the last record; a later status (a restore) must not hide behind it.
void TestDeleteJournal::statusAfterTornTailIsRead()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    const QString batchId = writeBatch(journal, 2, 2, 0);
    QFile file(dir.filePath(batchId + JournalBatch::suffix()));
    QVERIFY(file.open(QIODevice::Append));
    file.write("@RESULT 400 0badf00d\n{\"results\":[{\"seq\":1,\"sta");
    file.close();
    const QString id = batchId + QStringLiteral(".2");
    QVERIFY(journal.setStatus(id, JournalStatus::restored(), QStringLiteral("pushed again")));
    bool torn = true;
    const QList<JournalEntry> entries = JournalBatch::read(file.fileName(), &torn);
    QVERIFY(!torn);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).status, JournalStatus::unknown());
    QCOMPARE(entries.at(1).status, JournalStatus::restored());
}

// A batch that is still being written (by this or another process) is not appended to:
// its writer's next record would land over the status.
void TestDeleteJournal::statusWaitsForRunningBatch()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    QString error;
    std::unique_ptr<JournalBatch> batch = journal.beginBatch(1000, &error);
    QVERIFY2(batch, qPrintable(error));
    batch->addBackup(entryFor(makeGroup({{QStringLiteral("job"), QStringLiteral("j")}})), 1);
    QVERIFY(batch->commit(&error));
    const QString id = batch->entryId(1);
    QVERIFY(!journal.setStatus(id, JournalStatus::restored(), {}, &error));
    QVERIFY2(error.contains(QStringLiteral("still running")), qPrintable(error));
    batch.reset();
    QVERIFY(journal.setStatus(id, JournalStatus::restored(), {}, &error));
    QCOMPARE(journal.entry(id)->status, JournalStatus::restored());
}

// Two deletes at once (two windows, or the window and the CLI): the cap of one never
// drops the file of the other while that one runs.
void TestDeleteJournal::capKeepsRunningBatchesOfOthers()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path(), 1LL << 30);
    QString error;
    std::unique_ptr<JournalBatch> running = journal.beginBatch(1000, &error);
    QVERIFY2(running, qPrintable(error));
    const Group group = makeGroup({{QStringLiteral("job"), QStringLiteral("j")}});
    for (int i = 1; i <= 20; ++i)
        running->addBackup(entryFor(group), i);
    QVERIFY(running->commit(&error));
    const QString path = dir.filePath(running->id() + JournalBatch::suffix());
    const qint64 size = QFileInfo(path).size();
    QTest::qWait(2);
    DeleteJournal small(dir.path(), size + 100);
    std::unique_ptr<JournalBatch> other = small.beginBatch(size, &error);
    QVERIFY2(other, qPrintable(error));
    QVERIFY(QFile::exists(path));
    QCOMPARE(JournalBatch::read(path).size(), 20);
    // Once it has ended it is an ordinary older batch again.
    running.reset();
    other.reset();
    QVERIFY(small.beginBatch(size, &error));
    QVERIFY(!QFile::exists(path));
}

// A journal left by the first format: one .prom file per group.
void TestDeleteJournal::readsFirstFormat()
{
    QTemporaryDir dir;
    const Group group = makeGroup({{QStringLiteral("job"), QStringLiteral("old")},
                                   {QStringLiteral("path"), QStringLiteral("/a/b")}});
    JournalEntry old = entryFor(group);
    old.id = QStringLiteral("20261124-180102-123-a1b2");
    old.status = QStringLiteral("deleted");
    QFile file(dir.filePath(old.id + QStringLiteral(".prom")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(DeleteJournal::formatEntry(old));
    file.close();
    DeleteJournal journal(dir.path());
    writeBatch(journal, 1, 1, 1);
    const QList<JournalEntry> entries = journal.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.last().id, old.id); // older
    QCOMPARE(entries.last().key, group.key);
    QCOMPARE(entries.last().metricsText, old.metricsText);
    QCOMPARE(entries.last().contentType, textFormatContentType());
    QVERIFY(journal.setStatus(old.id, JournalStatus::restored(), QStringLiteral("n")));
    QCOMPARE(journal.entry(old.id)->status, JournalStatus::restored());
    QVERIFY(!QFile::exists(file.fileName() + QStringLiteral(".tmp")));
}

void TestDeleteJournal::capDropsOlderBatchesOnly()
{
    QTemporaryDir dir;
    DeleteJournal big(dir.path(), 1LL << 30);
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        ids.append(writeBatch(big, 20, 20, 20));
        QTest::qWait(2); // distinct, increasing names
    }
    const qint64 oneBatch = QFileInfo(dir.filePath(ids.first() + JournalBatch::suffix())).size();
    // Room for two old batches plus the new one: only the oldest goes.
    DeleteJournal journal(dir.path(), 3 * oneBatch);
    QString error;
    std::unique_ptr<JournalBatch> batch = journal.beginBatch(oneBatch, &error);
    QVERIFY2(batch, qPrintable(error));
    QVERIFY(!QFile::exists(dir.filePath(ids.at(0) + JournalBatch::suffix())));
    QVERIFY(QFile::exists(dir.filePath(ids.at(1) + JournalBatch::suffix())));
    QVERIFY(QFile::exists(dir.filePath(ids.at(2) + JournalBatch::suffix())));
    // The running batch may grow past its estimate: it is never dropped meanwhile.
    const Group group = makeGroup({{QStringLiteral("job"), QStringLiteral("j")}});
    for (int i = 1; i <= 200; ++i)
        batch->addBackup(entryFor(group), i);
    QVERIFY(batch->commit(&error));
    QCOMPARE(JournalBatch::read(dir.filePath(batch->id() + JournalBatch::suffix())).size(), 200);
}

void TestDeleteJournal::batchLargerThanCapIsRefused()
{
    QTemporaryDir dir;
    DeleteJournal big(dir.path(), 1LL << 30);
    const QString old = writeBatch(big, 5, 5, 5);
    DeleteJournal journal(dir.path(), 10000);
    QString error;
    QVERIFY(!journal.beginBatch(10001, &error));
    QVERIFY2(error.contains(QStringLiteral("nothing was deleted")), qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("deleteJournal/maxMegabytes")));
    // Refused before anything changed: the older batch is still there.
    QVERIFY(QFile::exists(dir.filePath(old + JournalBatch::suffix())));
}

void TestDeleteJournal::idsAreUniqueInOneBatch()
{
    QTemporaryDir dir;
    DeleteJournal journal(dir.path(), 1LL << 30);
    QString error;
    std::unique_ptr<JournalBatch> batch = journal.beginBatch(0, &error);
    QVERIFY(batch);
    JournalEntry entry =
        entryFor(makeGroup({{QStringLiteral("job"), QStringLiteral("f")}}), "x 1\n");
    for (int i = 1; i <= 20000; ++i)
        batch->addBackup(entry, i);
    QVERIFY(batch->commit(&error));
    QSet<QString> ids;
    for (const JournalEntry &e : journal.entries(DeleteJournal::Listing::All))
        ids.insert(e.id);
    QCOMPARE(ids.size(), 20000);
}

// Two processes (and this one) create batches in the same directory as fast as they can:
// the names are made exclusively, so no two batches share an id.
void TestDeleteJournal::idsAreUniqueAcrossProcesses()
{
    QTemporaryDir dir;
    const int perProcess = 1500;
    QList<std::shared_ptr<QProcess>> children;
    for (int i = 0; i < 2; ++i) {
        auto child = std::make_shared<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PUSHSCOPE_BATCH_CHILD"),
                           dir.path() + QLatin1Char('|') + QString::number(perProcess));
        child->setProcessEnvironment(environment);
        child->start(QCoreApplication::applicationFilePath(), {});
        children.append(child);
    }
    QStringList ids;
    for (const auto &child : children) {
        QVERIFY(child->waitForFinished(60000));
        QCOMPARE(child->exitCode(), 0);
        ids += QString::fromUtf8(child->readAllStandardOutput())
                   .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }
    QCOMPARE(ids.size(), 2 * perProcess);
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.journal")}, QDir::Files).size(),
             ids.size());
}

void TestDeleteJournal::unwritableDirectoryFails()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    DeleteJournal journal(blocker.fileName() + QStringLiteral("/deleted"));
    QString error;
    QVERIFY(!journal.beginBatch(100, &error));
    QVERIFY(error.contains(QStringLiteral("Nothing was deleted")));
}

void TestDeleteJournal::rejectsForeignFiles()
{
    JournalEntry entry;
    QVERIFY(!DeleteJournal::parseEntry("x 1\n", &entry));
    QVERIFY(!DeleteJournal::parseEntry("# pushscope-deleted-group 1\n# id: a\n", &entry));
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("x.journal")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# something else\n@BACKUP 1 00000000\nx\n");
    file.close();
    QVERIFY(DeleteJournal(dir.path()).entries(DeleteJournal::Listing::All).isEmpty());
}

int main(int argc, char *argv[])
{
    const QByteArray child = qgetenv("PUSHSCOPE_BATCH_CHILD");
    if (!child.isEmpty()) {
        QCoreApplication app(argc, argv);
        const QList<QByteArray> parts = child.split('|');
        return createBatchesChild(QString::fromLocal8Bit(parts.value(0)), parts.value(1).toInt());
    }
    QCoreApplication app(argc, argv);
    TestDeleteJournal test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

// The journal's checksum is the CRC-32 of zlib and PNG, whatever the pieces it is fed in.
void TestDeleteJournal::crc32IsZlibs()
{
    QCOMPARE(Crc32::of("123456789"), 0xCBF43926u); // the standard check value
    QCOMPARE(Crc32::of({}), 0u);
    const auto bitwise = [](QByteArrayView data) {
        quint32 crc = 0xFFFFFFFFu;
        for (const char byte : data) {
            crc ^= quint8(byte);
            for (int k = 0; k < 8; ++k)
                crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    };
    QRandomGenerator random(testing::testSeed());
    for (int round = 0; round < 200; ++round) {
        QByteArray data(random.bounded(0, 100), Qt::Uninitialized);
        for (char &byte : data)
            byte = char(random.bounded(256));
        const qsizetype cut = data.isEmpty() ? 0 : random.bounded(int(data.size()));
        Crc32 pieces;
        pieces.update(QByteArrayView(data).first(cut));
        pieces.update(QByteArrayView(data).sliced(cut));
        QCOMPARE(Crc32::of(data), bitwise(data));
        QCOMPARE(pieces.value(), bitwise(data));
    }
}

// Every field of a backup reads back exactly, for keys over the whole of Unicode and odd
// gateway texts, outcomes and push times (the header is written without QJsonDocument).
void TestDeleteJournal::randomKeysAndFieldsReadBack()
{
    const quint32 seed = testing::testSeed();
    const QList<GroupingKey> keys = testing::randomKeys(seed, 300);
    QRandomGenerator random(seed);
    QTemporaryDir dir;
    DeleteJournal journal(dir.path());
    QString error;
    std::unique_ptr<JournalBatch> batch = journal.beginBatch(1 << 20, &error);
    QVERIFY2(batch, qPrintable(error));
    QList<JournalEntry> written;
    for (int i = 0; i < keys.size(); ++i) {
        JournalEntry entry;
        entry.gateway = keys.at(i).toString() + QStringLiteral(" \"\\\u0001\u00e9");
        entry.key = keys.at(i);
        entry.deletedAt = QDateTime::fromMSecsSinceEpoch(
            random.bounded(1 << 30) * 1000LL + random.bounded(1000), Qt::UTC);
        entry.outcomeBefore = keys.at(i).value(QStringLiteral("job"));
        entry.pushTime = i % 7 == 0 ? 0.0 : random.generateDouble() * 2e9;
        entry.metricsText = QByteArray::number(i) + "\n\x00\xff";
        entry.contentType = i % 2 ? QByteArray("text/plain; version=0.0.4") : QByteArray();
        batch->addBackup(entry, i + 1);
        written.append(entry);
    }
    QVERIFY2(batch->commit(&error), qPrintable(error));
    batch.reset();
    const QList<JournalEntry> read = journal.entries(DeleteJournal::Listing::All);
    QCOMPARE(read.size(), written.size());
    for (const JournalEntry &entry : read) {
        const int sequence = entry.id.section(QLatin1Char('.'), -1).toInt();
        QVERIFY(sequence >= 1 && sequence <= written.size());
        const JournalEntry &expected = written.at(sequence - 1);
        QCOMPARE(entry.key, expected.key);
        QCOMPARE(entry.gateway, expected.gateway);
        QCOMPARE(entry.deletedAt, expected.deletedAt);
        QCOMPARE(entry.outcomeBefore, expected.outcomeBefore);
        QCOMPARE(entry.pushTime, expected.pushTime);
        QCOMPARE(entry.metricsText, expected.metricsText);
        QCOMPARE(entry.contentType, expected.contentType);
    }
}

#include "tst_deletejournal.moc"
