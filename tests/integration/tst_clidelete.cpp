// `pushscope delete` and `pushscope restore` as a script sees them: the real binary, run
// without a display and with its own XDG data directory, against a real Pushgateway.

#include "gateway/groupingkey.h"
#include "serverprocess.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using pushscope::GroupingKey;
using pushscope::Labels;
using pushscope::testing::PushgatewayProcess;

namespace {

struct Run {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

constexpr int kRunTimeoutMs = 30000;

// Every test starts from these groups; group i carries `probe i+1`. Neighbours on purpose:
// {job="a"} and {job="a",instance="x"}; {job="b",...} and no {job="b"} at all.
const QList<Labels> kGroups = {
    {{u"job"_s, u"a"_s}},
    {{u"job"_s, u"a"_s}, {u"instance"_s, u"x"_s}},
    {{u"job"_s, u"b"_s}, {u"instance"_s, QString()}},
    {{u"job"_s, u"b"_s}, {u"path"_s, u"/var/tmp"_s}},
    {{u"job"_s, u"Προμηθεύς"_s}, {u"instance"_s, u"1"_s}},
    {{u"job"_s, u"q"_s}, {u"instance"_s, u"say \"hi\" \\ back"_s}},
    {{u"job"_s, u"keep"_s}, {u"instance"_s, u"1"_s}},
};

QString manualPath(const Labels &labels)
{
    auto segment = [](const QString &name, const QString &value) {
        QByteArray encoded = value.toUtf8().toBase64(QByteArray::Base64UrlEncoding);
        if (encoded.isEmpty())
            encoded = QByteArrayLiteral("=");
        return QLatin1Char('/') + name + QStringLiteral("@base64/") + QString::fromLatin1(encoded);
    };
    const GroupingKey key(labels);
    QString path = QStringLiteral("/metrics") + segment(u"job"_s, key.job());
    for (const auto &label : key.otherLabels())
        path += segment(label.first, label.second);
    return path;
}

QString describe(const Run &run)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

QJsonObject labelsObject(const Labels &labels)
{
    QJsonObject object;
    for (const auto &label : labels)
        object.insert(label.first, label.second);
    return object;
}

GroupingKey keyOf(const QJsonObject &labels)
{
    Labels pairs;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        pairs.append({it.key(), it.value().toString()});
    return GroupingKey(pairs);
}

QStringList sortedKeys(const QList<GroupingKey> &keys)
{
    QStringList texts;
    for (const GroupingKey &key : keys)
        texts.append(key.toString());
    texts.sort();
    return texts;
}

QList<GroupingKey> keysAt(const QList<int> &indexes)
{
    QList<GroupingKey> keys;
    for (int i : indexes)
        keys.append(GroupingKey(kGroups.at(i)));
    return keys;
}

QList<GroupingKey> allKeysBut(const QList<int> &indexes)
{
    QList<GroupingKey> keys;
    for (int i = 0; i < kGroups.size(); ++i) {
        if (!indexes.contains(i))
            keys.append(GroupingKey(kGroups.at(i)));
    }
    return keys;
}

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

} // namespace

class TestCliDelete : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

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
    void journalAndRestore_data();
    void journalAndRestore();
    void restoreListNewestFirst();
    void restoreUnknownId_data();
    void restoreUnknownId();
    void restoreBadUsage_data();
    void restoreBadUsage();
    void restoreToStoppedGateway();
    void unreachableGateway_data();
    void unreachableGateway();
    void terminalConfirmation_data();
    void terminalConfirmation();

private:
    QProcessEnvironment environment() const;
    Run runPushscope(const QStringList &arguments) const;
    Run deleteJson(const QStringList &extra, QJsonArray *array) const;
    // The groups the gateway reports now, as JSON objects keyed by GroupingKey::toString().
    QHash<QString, QJsonObject> gatewayGroups() const;
    QStringList gatewayKeys() const { return sortedKeys(keysOf(gatewayGroups())); }
    static QList<GroupingKey> keysOf(const QHash<QString, QJsonObject> &groups);
    QStringList journalFiles() const;

    std::unique_ptr<PushgatewayProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_home; // XDG_DATA_HOME and XDG_CONFIG_HOME of the runs
};

void TestCliDelete::initTestCase()
{
    const QString binary = qEnvironmentVariable("PUSHSCOPE_BINARY");
    QVERIFY2(QFileInfo(binary).isExecutable(),
             "PUSHSCOPE_BINARY must name the built pushscope executable");
}

void TestCliDelete::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_server = std::make_unique<PushgatewayProcess>();
    PUSHSCOPE_START_SERVER(*m_server);
    for (int i = 0; i < kGroups.size(); ++i) {
        const QByteArray text = "# TYPE probe gauge\nprobe " + QByteArray::number(i + 1) + '\n';
        const auto reply = m_server->push(manualPath(kGroups.at(i)), text);
        QVERIFY2(reply.status == 200, reply.body.constData());
    }
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
}

void TestCliDelete::cleanup()
{
    m_server.reset();
    m_home.reset();
}

QProcessEnvironment TestCliDelete::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    environment.remove(u"QT_QPA_PLATFORM"_s);
    environment.insert(u"XDG_DATA_HOME"_s, m_home->filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, m_home->filePath(u"config"_s));
    return environment;
}

// Runs the real executable with no display; standard input is a pipe, not a terminal.
Run TestCliDelete::runPushscope(const QStringList &arguments) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(qEnvironmentVariable("PUSHSCOPE_BINARY"), arguments);
    Run run;
    run.finished = process.waitForStarted(5000) && process.waitForFinished(kRunTimeoutMs) &&
                   process.exitStatus() == QProcess::NormalExit;
    if (!run.finished) {
        process.kill();
        process.waitForFinished(2000);
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// `delete --gateway <server> --format json <extra>`; checks every element has exactly the
// four documented keys.
Run TestCliDelete::deleteJson(const QStringList &extra, QJsonArray *array) const
{
    const Run run = runPushscope(
        QStringList{u"delete"_s, u"--gateway"_s, m_server->url(), u"--format"_s, u"json"_s} +
        extra);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    *array = {};
    if (error.error != QJsonParseError::NoError || !document.isArray()) {
        qWarning().noquote() << "Not one JSON array:" << describe(run);
        return run;
    }
    for (const QJsonValue &value : document.array()) {
        QStringList keys = value.toObject().keys();
        keys.sort();
        if (keys != QStringList{u"error"_s, u"gateway"_s, u"labels"_s, u"status"_s}) {
            qWarning().noquote() << "Unexpected keys" << keys << describe(run);
            return run;
        }
    }
    *array = document.array();
    return run;
}

QHash<QString, QJsonObject> TestCliDelete::gatewayGroups() const
{
    const auto reply =
        pushscope::testing::httpRequest("GET", QUrl(m_server->url() + u"/api/v1/metrics"_s));
    QHash<QString, QJsonObject> groups;
    if (reply.status != 200) {
        qWarning() << "Cannot read the gateway:" << reply.status << reply.error;
        return groups;
    }
    const QJsonArray data = QJsonDocument::fromJson(reply.body).object().value(u"data"_s).toArray();
    for (const QJsonValue &value : data) {
        const QJsonObject group = value.toObject();
        groups.insert(keyOf(group.value(u"labels"_s).toObject()).toString(), group);
    }
    return groups;
}

QList<GroupingKey> TestCliDelete::keysOf(const QHash<QString, QJsonObject> &groups)
{
    QList<GroupingKey> keys;
    for (const QJsonObject &group : groups)
        keys.append(keyOf(group.value(u"labels"_s).toObject()));
    return keys;
}

QStringList TestCliDelete::journalFiles() const
{
    QStringList files;
    QDirIterator it(m_home->path(), {u"*.prom"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

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
    QVERIFY(journalFiles().isEmpty());
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
    QVERIFY(journalFiles().isEmpty());
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
    QVERIFY(journalFiles().isEmpty());
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
    QCOMPARE(journalFiles().size(), deleted.size());
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
    QCOMPARE(journalFiles().size(), deleted.size());
}

void TestCliDelete::journalAndRestore_data()
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

void TestCliDelete::journalAndRestore()
{
    QFETCH(int, index);
    QFETCH(QString, group);
    const GroupingKey key(kGroups.at(index));
    QJsonArray deleted;
    const Run run = deleteJson({u"--yes"_s, u"--group"_s, group}, &deleted);
    QVERIFY2(run.finished && run.exitCode == 0 && deleted.size() == 1, qPrintable(describe(run)));
    QVERIFY(!gatewayGroups().contains(key.toString()));

    // One backup file, in the data directory of this run.
    const QStringList files = journalFiles();
    QCOMPARE(files.size(), 1);
    QFile file(files.first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray backup = file.readAll();
    QVERIFY2(backup.startsWith("# pushscope-deleted-group 1\n"), backup.constData());
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
    QCOMPARE(entry.value(u"labels"_s).toObject(), labelsObject(kGroups.at(index)));
    QCOMPARE(entry.value(u"gateway"_s).toString(), m_server->url());
    QCOMPARE(entry.value(u"status"_s).toString(), u"deleted"_s);
    QVERIFY(QDateTime::fromString(entry.value(u"deleted_at"_s).toString(), Qt::ISODateWithMs)
                .isValid());
    const QString id = entry.value(u"id"_s).toString();
    QCOMPARE(QFileInfo(files.first()).completeBaseName(), id);
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
    QCOMPARE(restored.value(u"labels"_s).toObject(), labelsObject(kGroups.at(index)));
    const QJsonArray metrics = restored.value(u"probe"_s).toObject().value(u"metrics"_s).toArray();
    QCOMPARE(metrics.size(), 1);
    QCOMPARE(metrics.first().toObject().value(u"value"_s).toString(), QString::number(index + 1));
    QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));

    list = runPushscope({u"restore"_s, u"--list"_s, u"--format"_s, u"json"_s});
    entries = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().toObject().value(u"status"_s).toString(), u"restored"_s);
}

void TestCliDelete::restoreListNewestFirst()
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
             GroupingKey(kGroups.at(6)));
    QCOMPARE(keyOf(entries.at(1).toObject().value(u"labels"_s).toObject()),
             GroupingKey(kGroups.at(0)));
}

void TestCliDelete::restoreUnknownId_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("well formed") << u"20990101-000000-000-beef"_s;
    QTest::newRow("a path") << u"../../etc/passwd"_s;
    QTest::newRow("empty") << QString();
}

void TestCliDelete::restoreUnknownId()
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

void TestCliDelete::restoreBadUsage_data()
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

void TestCliDelete::restoreBadUsage()
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

void TestCliDelete::restoreToStoppedGateway()
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
    QVERIFY(journalFiles().isEmpty());
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
        QCOMPARE(journalFiles().size(), 2);
    } else {
        QVERIFY2(seen.contains("not confirmed; nothing was deleted"), seen.constData());
        QCOMPARE(gatewayKeys(), sortedKeys(allKeysBut({})));
        QVERIFY(journalFiles().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestCliDelete)
#include "tst_clidelete.moc"
