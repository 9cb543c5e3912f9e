// `pushscope restore` as a script sees it: groups deleted with `pushscope delete` are listed
// (`restore --list`) and pushed back (`restore ID`) by the real binary, run without a display
// and with its own XDG data directory, against a real Pushgateway.

#include "cleanup/deletejournal.h"
#include "clidelete_fixture.h"
#include "gateway/groupingkey.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pushscope::testing;
using pushscope::GroupingKey;

class TestCliRestore : public QObject, private CliDeleteFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { checkBinary(); }
    void init() { startGateway(); }
    void cleanup() { stopGateway(); }

    void journalAndRestore_data();
    void journalAndRestore();
    void restoreListNewestFirst();
    void restoreUnknownId_data();
    void restoreUnknownId();
    void restoreBadUsage_data();
    void restoreBadUsage();
    void restoreToStoppedGateway();
    void restoreRefusesNewerData();
    void restoresFirstFormatBackup();
};

void TestCliRestore::journalAndRestore_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("group");
    QTest::newRow("plain") << 1 << u"job=\"a\",instance=\"x\""_s;
    QTest::newRow("empty value") << 2 << u"job=\"b\",instance=\"\""_s;
    QTest::newRow("/var/tmp") << 3 << u"job=\"b\",path=\"/var/tmp\""_s;
    QTest::newRow("utf-8") << 4 << u"job=\"Προμηθεύς\",instance=\"1\""_s;
    QTest::newRow("quote and backslash")
        << 5 << u"job=\"q\",instance=\"say \\\"hi\\\" \\\\ back\""_s;
}

void TestCliRestore::journalAndRestore()
{
    QFETCH(int, index);
    QFETCH(QString, group);
    const GroupingKey key(kDeleteGroups.at(index));
    QJsonArray deleted;
    const Run run = deleteJson({u"--yes"_s, u"--group"_s, group}, &deleted);
    QVERIFY2(run.finished && run.exitCode == 0 && deleted.size() == 1, qPrintable(describe(run)));
    QVERIFY(!gatewayGroups().contains(key.toString()));

    // One journal file, in the data directory of this run.
    const QStringList files = journalFiles();
    QCOMPARE(files.size(), 1);
    QFile file(files.first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray backup = file.readAll();
    QVERIFY2(backup.startsWith("# pushscope-journal 2\n"), backup.constData());
    QVERIFY2(backup.contains("probe"), backup.constData());

    // restore --list, JSON and table.
    Run list = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    QVERIFY2(list.finished && list.exitCode == 0, qPrintable(describe(list)));
    QJsonArray entries = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(entries.size(), 1);
    QJsonObject entry = entries.first().toObject();
    QStringList fields = entry.keys();
    fields.sort();
    QCOMPARE(fields,
             QStringList({u"deleted_at"_s, u"gateway"_s, u"id"_s, u"labels"_s, u"status"_s}));
    QCOMPARE(entry.value(u"labels"_s).toObject(), labelsObject(kDeleteGroups.at(index)));
    QCOMPARE(entry.value(u"gateway"_s).toString(), m_server->url());
    QCOMPARE(entry.value(u"status"_s).toString(), u"deleted"_s);
    QVERIFY(QDateTime::fromString(entry.value(u"deleted_at"_s).toString(), Qt::ISODateWithMs)
                .isValid());
    const QString id = entry.value(u"id"_s).toString();
    QCOMPARE(id, QFileInfo(files.first()).completeBaseName() + u".1"_s);
    const Run table = runPushscope({u"restore"_s, u"--list"_s});
    QVERIFY2(table.finished && table.exitCode == 0, qPrintable(describe(table)));
    QVERIFY2(table.out.startsWith("ID "), table.out.constData());
    QVERIFY2(table.out.contains(id.toUtf8()), table.out.constData());

    // restore ID pushes the same metrics back to the same key.
    const Run restore = runPushscope({u"restore"_s, id});
    QVERIFY2(restore.finished && restore.exitCode == 0, qPrintable(describe(restore)));
    QVERIFY2(restore.out.contains("push time is now the time of the restore"),
             restore.out.constData());
    const QHash<QString, QJsonObject> groups = gatewayGroups();
    QVERIFY2(groups.contains(key.toString()), qPrintable(gatewayKeys().join(u' ')));
    const QJsonObject restored = groups.value(key.toString());
    QCOMPARE(restored.value(u"labels"_s).toObject(), labelsObject(kDeleteGroups.at(index)));
    const QJsonArray metrics = restored.value(u"probe"_s).toObject().value(u"metrics"_s).toArray();
    QCOMPARE(metrics.size(), 1);
    QCOMPARE(metrics.first().toObject().value(u"value"_s).toString(), QString::number(index + 1));
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));

    list = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    entries = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().toObject().value(u"status"_s).toString(), u"restored"_s);
}

void TestCliRestore::restoreListNewestFirst()
{
    QJsonArray array;
    for (const QString &group : {u"job=\"a\""_s, u"job=\"keep\",instance=\"1\""_s}) {
        const Run run = deleteJson({u"--yes"_s, u"--group"_s, group}, &array);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
        QTest::qWait(5);
    }
    const Run list = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    QVERIFY2(list.finished && list.exitCode == 0, qPrintable(describe(list)));
    const QJsonArray entries = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(keyOf(entries.at(0).toObject().value(u"labels"_s).toObject()),
             GroupingKey(kDeleteGroups.at(6)));
    QCOMPARE(keyOf(entries.at(1).toObject().value(u"labels"_s).toObject()),
             GroupingKey(kDeleteGroups.at(0)));
}

void TestCliRestore::restoreUnknownId_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("well formed") << u"20990101-000000-000-beef"_s;
    QTest::newRow("a path") << u"../../etc/passwd"_s;
    QTest::newRow("empty") << QString();
}

void TestCliRestore::restoreUnknownId()
{
    QFETCH(QString, id);
    QJsonArray array;
    const Run deleted = deleteJson({u"--yes"_s, u"--group"_s, u"job=\"a\""_s}, &array);
    QVERIFY2(deleted.finished && deleted.exitCode == 0, qPrintable(describe(deleted)));
    const Run run = runPushscope({u"restore"_s, id});
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("no backup with the id"), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({0})));
}

void TestCliRestore::restoreBadUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("nothing") << QStringList{u"restore"_s} << u"--list"_s;
    QTest::newRow("list and id") << QStringList{u"restore"_s, u"--list"_s, u"x"_s} << u"--list"_s;
    QTest::newRow("two ids") << QStringList{u"restore"_s, u"x"_s, u"y"_s} << u"\"y\""_s;
    QTest::newRow("format csv") << QStringList{u"restore"_s, u"--list"_s, u"--format"_s, u"csv"_s}
                                << u"--format"_s;
    QTest::newRow("zero timeout") << QStringList{u"restore"_s, u"x"_s, u"--timeout"_s, u"0s"_s}
                                  << u"--timeout"_s;
    QTest::newRow("unknown option") << QStringList{u"restore"_s, u"--all"_s} << u"all"_s;
}

void TestCliRestore::restoreBadUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = runPushscope(arguments);
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.startsWith(u"pushscope restore: "), qPrintable(err));
    QVERIFY2(err.contains(mentions), qPrintable(err));
}

void TestCliRestore::restoreToStoppedGateway()
{
    QJsonArray array;
    const Run deleted = deleteJson({u"--yes"_s, u"--group"_s, u"job=\"a\""_s}, &array);
    QVERIFY2(deleted.finished && deleted.exitCode == 0, qPrintable(describe(deleted)));
    const Run list = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    const QString id =
        QJsonDocument::fromJson(list.out).array().first().toObject().value(u"id"_s).toString();
    QVERIFY2(!id.isEmpty(), qPrintable(describe(list)));
    m_server->stop();

    const Run run = runPushscope({u"restore"_s, id, u"--timeout"_s, u"3s"_s});
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("could not be pushed back") && run.err.contains("Connection refused"),
             run.err.constData());
    const Run after = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    QCOMPARE(
        QJsonDocument::fromJson(after.out).array().first().toObject().value(u"status"_s).toString(),
        u"deleted"_s);
}

// A group pushed again after its delete is not overwritten without --overwrite.
void TestCliRestore::restoreRefusesNewerData()
{
    QJsonArray array;
    const Run deleted = deleteJson({u"--yes"_s, u"--group"_s, u"job=\"a\""_s}, &array);
    QVERIFY2(deleted.finished && deleted.exitCode == 0, qPrintable(describe(deleted)));
    const Run list = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    const QString id =
        QJsonDocument::fromJson(list.out).array().first().toObject().value(u"id"_s).toString();
    QVERIFY2(!id.isEmpty(), qPrintable(describe(list)));
    QTest::qWait(50);
    QCOMPARE(
        m_server->push(manualPath(kDeleteGroups.at(0)), "# TYPE probe gauge\nprobe 99\n").status,
        200);
    auto probe = [&] {
        return gatewayGroups()
            .value(GroupingKey(kDeleteGroups.at(0)).toString())
            .value(u"probe"_s)
            .toObject()
            .value(u"metrics"_s)
            .toArray()
            .first()
            .toObject()
            .value(u"value"_s)
            .toString();
    };
    QCOMPARE(probe(), u"99"_s);

    const Run refused = runPushscope({u"restore"_s, id});
    QVERIFY2(refused.finished, qPrintable(describe(refused)));
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("after it was deleted") && refused.err.contains("--overwrite"),
             refused.err.constData());
    QVERIFY(refused.out.isEmpty());
    QCOMPARE(probe(), u"99"_s);

    const Run overwritten = runPushscope({u"restore"_s, id, u"--overwrite"_s});
    QVERIFY2(overwritten.finished && overwritten.exitCode == 0, qPrintable(describe(overwritten)));
    QCOMPARE(probe(), u"1"_s);
}

// A backup in the first journal format (one .prom file per group) is listed and restored.
void TestCliRestore::restoresFirstFormatBackup()
{
    pushscope::JournalEntry old;
    old.id = u"20261124-180102-123-a1b2"_s;
    old.gateway = m_server->url();
    old.key = GroupingKey(kDeleteGroups.at(3)); // job="b",path="/var/tmp"
    old.deletedAt = QDateTime::currentDateTimeUtc().addSecs(-60);
    old.status = u"deleted"_s;
    old.metricsText = "# TYPE probe gauge\nprobe 77\n";
    const QString directory = m_home->filePath(u"data/PushScope/pushscope/deleted"_s);
    QVERIFY(QDir().mkpath(directory));
    QFile file(directory + u"/"_s + old.id + u".prom"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(pushscope::DeleteJournal::formatEntry(old));
    file.close();
    QVERIFY(m_server->push(manualPath(kDeleteGroups.at(3)), {}, "DELETE").status / 100 == 2);
    QTRY_VERIFY(!gatewayGroups().contains(old.key.toString()));

    const Run list = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    QVERIFY2(list.out.contains(old.id.toUtf8()), qPrintable(describe(list)));
    const Run restore = runPushscope({u"restore"_s, old.id});
    QVERIFY2(restore.finished && restore.exitCode == 0, qPrintable(describe(restore)));
    QVERIFY(gatewayGroups().contains(old.key.toString()));
    QCOMPARE(gatewayGroups()
                 .value(old.key.toString())
                 .value(u"probe"_s)
                 .toObject()
                 .value(u"metrics"_s)
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"value"_s)
                 .toString(),
             u"77"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("# status: restored"));
}

QTEST_GUILESS_MAIN(TestCliRestore)
#include "tst_clirestore.moc"
