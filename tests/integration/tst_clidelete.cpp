// `pushscope delete` as a script sees it: the real binary, run without a display and with its
// own XDG data directory, against a real Pushgateway. `restore` is in tst_clirestore.

#include "clidelete_fixture.h"
#include "gateway/groupingkey.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace pushscope::testing;
using pushscope::GroupingKey;

namespace {

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

} // namespace

class TestCliDelete : public QObject, private CliDeleteFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { checkBinary(); }
    void init() { startGateway(); }
    void cleanup() { stopGateway(); }

    void refusesWithoutSelector_data();
    void refusesWithoutSelector();
    void refusesWithoutConfirmation_data();
    void refusesWithoutConfirmation();
    void badUsage_data();
    void badUsage();
    void dryRun_data();
    void dryRun();
    void deletesExactly_data();
    void deletesExactly();
    void tableFormat();
    void missingGroup_data();
    void missingGroup();
    void unreachableGateway_data();
    void unreachableGateway();
    void terminalConfirmation_data();
    void terminalConfirmation();
};

void TestCliDelete::refusesWithoutSelector_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("--yes") << QStringList{u"--yes"_s};
    QTest::newRow("--dry-run") << QStringList{u"--dry-run"_s};
    QTest::newRow("--yes, json") << QStringList{u"--yes"_s, u"--format"_s, u"json"_s};
    QTest::newRow("--stale-after is no selector")
        << QStringList{u"--yes"_s, u"--stale-after"_s, u"1s"_s};
}

void TestCliDelete::refusesWithoutSelector()
{
    QFETCH(QStringList, extra);
    const Run run = runPushscope(QStringList{u"delete"_s, u"--gateway"_s, m_server->url()} + extra);
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.startsWith(u"pushscope delete: "), qPrintable(err));
    QVERIFY2(err.contains(u"explicitly") && err.contains(u"--match '{job=~\".+\"}'"),
             qPrintable(err));
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
    QVERIFY(journalEntries().isEmpty());
}

void TestCliDelete::refusesWithoutConfirmation_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("--match") << QStringList{u"--match"_s, u"{job=\"a\"}"_s};
    QTest::newRow("--group") << QStringList{u"--group"_s, u"job=\"a\""_s};
    QTest::newRow("--older-than, json")
        << QStringList{u"--older-than"_s, u"1ms"_s, u"--format"_s, u"json"_s};
}

void TestCliDelete::refusesWithoutConfirmation()
{
    QFETCH(QStringList, extra);
    const Run run = runPushscope(QStringList{u"delete"_s, u"--gateway"_s, m_server->url()} + extra);
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(u"not a terminal") && err.contains(u"--yes"), qPrintable(err));
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
    QVERIFY(journalEntries().isEmpty());
}

void TestCliDelete::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    auto row = [](const char *name, const QStringList &extra, const QString &mentions) {
        QTest::newRow(name) << extra << mentions;
    };
    row("format csv", {u"--yes"_s, u"--match"_s, u"{job=\"a\"}"_s, u"--format"_s, u"csv"_s},
        u"--format"_s);
    row("group without job", {u"--yes"_s, u"--group"_s, u"instance=\"x\""_s}, u"job"_s);
    row("group with regex", {u"--yes"_s, u"--group"_s, u"job=~\"a\""_s}, u"exact"_s);
    row("group without quotes", {u"--yes"_s, u"--group"_s, u"job=a"_s}, u"job"_s);
    row("label twice", {u"--yes"_s, u"--group"_s, u"job=\"a\",job=\"b\""_s}, u"twice"_s);
    row("bad matcher", {u"--yes"_s, u"--match"_s, u"{job=}"_s}, u"job"_s);
    row("extra argument", {u"--yes"_s, u"--match"_s, u"{job=\"a\"}"_s, u"everything"_s},
        u"everything"_s);
    row("unknown option", {u"--yes"_s, u"--match"_s, u"{job=\"a\"}"_s, u"--force"_s}, u"force"_s);
}

void TestCliDelete::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run =
        runPushscope(QStringList{u"delete"_s, u"--gateway"_s, m_server->url()} + arguments);
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.startsWith(u"pushscope delete: "), qPrintable(err));
    QVERIFY2(err.contains(mentions), qPrintable(err));
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));

    const Run noGateway = runPushscope({u"delete"_s, u"--yes"_s, u"--match"_s, u"{job=\"a\"}"_s});
    QCOMPARE(noGateway.exitCode, 2);
    QVERIFY2(noGateway.err.contains("--gateway"), noGateway.err.constData());
}

void TestCliDelete::dryRun_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QList<int>>("selected");
    QTest::newRow("match job a") << QStringList{u"--match"_s, u"{job=\"a\"}"_s} << QList<int>{0, 1};
    QTest::newRow("group job a") << QStringList{u"--group"_s, u"job=\"a\""_s} << QList<int>{0};
    QTest::newRow("everything, explicitly")
        << QStringList{u"--match"_s, u"{job=~\".+\"}"_s} << QList<int>{0, 1, 2, 3, 4, 5, 6};
    // Ages come from the gateway's clock, good to about half a second: no short thresholds.
    QTest::newRow("outcome unknown")
        << QStringList{u"--outcome"_s, u"unknown"_s} << QList<int>{0, 1, 2, 3, 4, 5, 6};
    QTest::newRow("outcome failed") << QStringList{u"--outcome"_s, u"failed"_s} << QList<int>{};
    QTest::newRow("older than 1d") << QStringList{u"--older-than"_s, u"1d"_s} << QList<int>{};
    QTest::newRow("nothing matches")
        << QStringList{u"--match"_s, u"{job=\"nope\"}"_s} << QList<int>{};
    QTest::newRow("with --yes too")
        << QStringList{u"--yes"_s, u"--match"_s, u"{path=\"/var/tmp\"}"_s} << QList<int>{3};
}

void TestCliDelete::dryRun()
{
    QFETCH(QStringList, extra);
    QFETCH(QList<int>, selected);
    QJsonArray array;
    const Run run = deleteJson(QStringList{u"--dry-run"_s} + extra, &array);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QList<GroupingKey> keys;
    for (const QJsonValue &value : std::as_const(array)) {
        const QJsonObject element = value.toObject();
        QCOMPARE(element.value(u"status"_s).toString(), u"would_delete"_s);
        QVERIFY(element.value(u"error"_s).isNull());
        QCOMPARE(element.value(u"gateway"_s).toString(), m_server->url());
        keys.append(keyOf(element.value(u"labels"_s).toObject()));
    }
    QCOMPARE(sortedKeys(keys), sortedKeys(keysAt(selected)));
    if (selected.isEmpty())
        QVERIFY2(run.err.contains("no group matched"), run.err.constData());
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
    QVERIFY(journalEntries().isEmpty());
}

void TestCliDelete::deletesExactly_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QList<int>>("deleted");
    auto group = [](const QString &key) { return QStringList{u"--group"_s, key}; };
    QTest::newRow("match job a") << QStringList{u"--match"_s, u"{job=\"a\"}"_s} << QList<int>{0, 1};
    QTest::newRow("two matches, both must hold")
        << QStringList{u"--match"_s, u"{job=\"a\"}"_s, u"--match"_s, u"{instance=\"x\"}"_s}
        << QList<int>{1};
    QTest::newRow("match all but keep")
        << QStringList{u"--match"_s, u"{job!=\"keep\"}"_s} << QList<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("group job a, not its neighbour") << group(u"job=\"a\""_s) << QList<int>{0};
    QTest::newRow("group a,x, not job a") << group(u"job=\"a\",instance=\"x\""_s) << QList<int>{1};
    QTest::newRow("group in braces, other order")
        << group(u"{instance=\"x\",job=\"a\"}"_s) << QList<int>{1};
    QTest::newRow("group with empty value") << group(u"job=\"b\",instance=\"\""_s) << QList<int>{2};
    QTest::newRow("group with /var/tmp")
        << group(u"job=\"b\",path=\"/var/tmp\""_s) << QList<int>{3};
    QTest::newRow("group utf-8") << group(u"job=\"Προμηθεύς\",instance=\"1\""_s) << QList<int>{4};
    QTest::newRow("group with quote and backslash")
        << group(u"job=\"q\",instance=\"say \\\"hi\\\" \\\\ back\""_s) << QList<int>{5};
    QTest::newRow("two groups") << group(u"job=\"a\""_s) + group(u"job=\"keep\",instance=\"1\""_s)
                                << QList<int>{0, 6};
    QTest::newRow("group or (match and outcome)")
        << group(u"job=\"a\""_s) +
               QStringList{u"--match"_s, u"{job=\"b\"}"_s, u"--outcome"_s, u"unknown"_s}
        << QList<int>{0, 2, 3};
    QTest::newRow("group or (match and older-than)")
        << group(u"job=\"a\""_s) +
               QStringList{u"--match"_s, u"{job=\"b\"}"_s, u"--older-than"_s, u"1d"_s}
        << QList<int>{0};
    QTest::newRow("group also matched by match")
        << group(u"job=\"a\""_s) + QStringList{u"--match"_s, u"{job=\"a\"}"_s} << QList<int>{0, 1};
}

void TestCliDelete::deletesExactly()
{
    QFETCH(QStringList, extra);
    QFETCH(QList<int>, deleted);
    QJsonArray array;
    const Run run = deleteJson(QStringList{u"--yes"_s} + extra, &array);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QList<GroupingKey> keys;
    for (const QJsonValue &value : std::as_const(array)) {
        const QJsonObject element = value.toObject();
        QCOMPARE(element.value(u"status"_s).toString(), u"deleted"_s);
        QVERIFY2(element.value(u"error"_s).isNull(), qPrintable(describe(run)));
        QCOMPARE(element.value(u"gateway"_s).toString(), m_server->url());
        keys.append(keyOf(element.value(u"labels"_s).toObject()));
    }
    QCOMPARE(sortedKeys(keys), sortedKeys(keysAt(deleted)));
    QCOMPARE(array.size(), deleted.size()); // each group once, even when selected twice
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut(deleted)));
    QCOMPARE(journalEntries().size(), deleted.size());
    for (const QString &file : journalFiles())
        QVERIFY2(file.contains(u"/deleted/"), qPrintable(file));
}

void TestCliDelete::tableFormat()
{
    const Run run = runPushscope({u"delete"_s, u"--gateway"_s, m_server->url(), u"--yes"_s,
                                  u"--match"_s, u"{job=~\"a|Προμηθεύς\"}"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QStringList lines =
        QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.first().simplified(), u"GATEWAY JOB LABELS STATUS ERROR"_s);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QVERIFY2(lines.at(i).startsWith(m_server->url() + u' '), qPrintable(lines.at(i)));
        QVERIFY2(lines.at(i).trimmed().endsWith(u"deleted"), qPrintable(lines.at(i)));
    }
    QVERIFY(QString::fromUtf8(run.out).contains(u"Προμηθεύς"));
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({0, 1, 4})));
}

void TestCliDelete::missingGroup_data()
{
    QTest::addColumn<QStringList>("groups");
    QTest::addColumn<QStringList>("missing");
    QTest::addColumn<QList<int>>("deleted");
    QTest::addColumn<bool>("dryRun");
    QTest::newRow("no such job") << QStringList{u"job=\"nope\""_s} << QStringList{u"job=\"nope\""_s}
                                 << QList<int>{} << false;
    QTest::newRow("only a prefix of two keys")
        << QStringList{u"job=\"b\""_s} << QStringList{u"job=\"b\""_s} << QList<int>{} << false;
    QTest::newRow("one label too many")
        << QStringList{u"job=\"a\",instance=\"x\",zone=\"1\""_s}
        << QStringList{u"job=\"a\",instance=\"x\",zone=\"1\""_s} << QList<int>{} << false;
    QTest::newRow("empty value is not absent")
        << QStringList{u"job=\"a\",instance=\"\""_s} << QStringList{u"job=\"a\",instance=\"\""_s}
        << QList<int>{} << false;
    QTest::newRow("one missing, one present")
        << QStringList{u"job=\"nope\""_s, u"job=\"a\""_s} << QStringList{u"job=\"nope\""_s}
        << QList<int>{0} << false;
    QTest::newRow("dry run, one missing") << QStringList{u"job=\"nope\""_s, u"job=\"a\""_s}
                                          << QStringList{u"job=\"nope\""_s} << QList<int>{} << true;
}

void TestCliDelete::missingGroup()
{
    QFETCH(QStringList, groups);
    QFETCH(QStringList, missing);
    QFETCH(QList<int>, deleted);
    QFETCH(bool, dryRun);
    QStringList extra = {dryRun ? u"--dry-run"_s : u"--yes"_s};
    for (const QString &group : std::as_const(groups))
        extra += {u"--group"_s, group};
    QJsonArray array;
    const Run run = deleteJson(extra, &array);
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    QList<GroupingKey> failedKeys;
    QList<GroupingKey> deletedKeys;
    for (const QJsonValue &value : std::as_const(array)) {
        const QJsonObject element = value.toObject();
        const GroupingKey key = keyOf(element.value(u"labels"_s).toObject());
        const QString status = element.value(u"status"_s).toString();
        if (status == u"failed") {
            QCOMPARE(element.value(u"error"_s).toString(), u"no such group on the gateway"_s);
            failedKeys.append(key);
        } else {
            QCOMPARE(status, dryRun ? u"would_delete"_s : u"deleted"_s);
            QVERIFY(element.value(u"error"_s).isNull());
            deletedKeys.append(key);
        }
    }
    QList<GroupingKey> expectedMissing;
    for (const QString &text : std::as_const(missing)) {
        GroupingKey key;
        QVERIFY(GroupingKey::parse(text, &key, nullptr));
        expectedMissing.append(key);
    }
    QCOMPARE(sortedKeys(failedKeys), sortedKeys(expectedMissing));
    if (!dryRun)
        QCOMPARE(sortedKeys(deletedKeys), sortedKeys(keysAt(deleted)));
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut(deleted)));
    QCOMPARE(journalEntries().size(), deleted.size());
}

void TestCliDelete::unreachableGateway_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("--match") << QStringList{u"--yes"_s, u"--match"_s, u"{job=\"a\"}"_s};
    QTest::newRow("--group") << QStringList{u"--yes"_s, u"--group"_s, u"job=\"a\""_s};
    QTest::newRow("--dry-run") << QStringList{u"--dry-run"_s, u"--match"_s, u"{job=\"a\"}"_s};
}

void TestCliDelete::unreachableGateway()
{
    QFETCH(QStringList, extra);
    PushgatewayProcess down;
    PUSHSCOPE_START_SERVER(down);
    const QString downUrl = down.url();
    down.stop();

    const Run run = runPushscope(QStringList{u"delete"_s, u"--gateway"_s, downUrl, u"--format"_s,
                                             u"json"_s, u"--timeout"_s, u"3s"_s} +
                                 extra);
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(downUrl) && err.contains(u"Connection refused") &&
                 err.contains(u"Nothing was deleted"),
             qPrintable(err));
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 0);
    QVERIFY(journalEntries().isEmpty());
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
}

void TestCliDelete::terminalConfirmation_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("deletes");
    QTest::newRow("y") << QByteArray("y\n") << true;
    QTest::newRow("YES") << QByteArray("YES\n") << true;
    QTest::newRow("n") << QByteArray("n\n") << false;
    QTest::newRow("empty line") << QByteArray("\n") << false;
    QTest::newRow("something else") << QByteArray("sure\n") << false;
}

// The prompt needs a terminal on standard input: util-linux `script` provides one.
void TestCliDelete::terminalConfirmation()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, deletes);
    const QString script = QStandardPaths::findExecutable(u"script"_s);
    if (script.isEmpty())
        QSKIP("util-linux script is needed to give the command a terminal");
    QStringList command = {qEnvironmentVariable("PUSHSCOPE_BINARY"),
                           u"delete"_s,
                           u"--gateway"_s,
                           m_server->url(),
                           u"--match"_s,
                           u"{job=\"a\"}"_s};
    for (QString &argument : command)
        argument = shellQuote(argument);
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(script, {u"-qec"_s, command.join(u' '), u"/dev/null"_s});
    QVERIFY(process.waitForStarted(5000));
    // Answer once the question is asked, as a person would.
    QByteArray seen;
    QDeadlineTimer deadline(kRunTimeoutMs);
    while (!seen.contains("[y/N]") && !deadline.hasExpired() &&
           process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        seen += process.readAll();
    }
    QVERIFY2(seen.contains("Delete 2 groups? [y/N]"), seen.constData());
    process.write(answer);
    QVERIFY(process.waitForFinished(kRunTimeoutMs));
    seen += process.readAll();
    QCOMPARE(process.exitCode(), deletes ? 0 : 1);
    if (deletes) {
        QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({0, 1})));
        QCOMPARE(journalEntries().size(), 2);
    } else {
        QVERIFY2(seen.contains("not confirmed; nothing was deleted"), seen.constData());
        QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
        QVERIFY(journalEntries().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestCliDelete)
#include "tst_clidelete.moc"
