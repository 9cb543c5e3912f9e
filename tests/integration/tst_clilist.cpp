// `pushscope list` as a script sees it: the real binary, run without any display, against
// real Pushgateways (one with a route prefix, one stopped).

#include "gateway/groupingkey.h"
#include "model/outcome.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using pushscope::GroupingKey;
using pushscope::Labels;
using pushscope::Outcome;
using pushscope::testing::describe;
using pushscope::testing::keyOf;
using pushscope::testing::labelsObject;
using pushscope::testing::manualPath;
using pushscope::testing::PushgatewayProcess;
using pushscope::testing::runPushscope;
using pushscope::testing::sortedKeys;
using pushscope::testing::waitForFailedPush;
using Run = pushscope::testing::PushscopeRun;

namespace {

// What was pushed to the gateway, and what `list` must report for it.
struct Pushed {
    Labels labels;
    int families = 0;
    Outcome outcome = Outcome::Unknown;
    bool lastPushSuccessful = true;
};

using KeyPredicate = std::function<bool(const GroupingKey &)>;

// Splits RFC 4180 CSV (CRLF lines, "" inside quoted fields).
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += c;
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

} // namespace

Q_DECLARE_METATYPE(KeyPredicate)

class TestCliList : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void jsonRecords_data();
    void jsonRecords();
    void matchFilters_data();
    void matchFilters();
    void outcomeFilters_data();
    void outcomeFilters();
    void olderThan_data();
    void olderThan();
    void csvFormat();
    void tableFormat();
    void oneGatewayDown_data();
    void oneGatewayDown();
    void badUsage_data();
    void badUsage();
    void routePrefix_data();
    void routePrefix();

private:
    // Runs `list --format json` and parses its single array.
    QJsonArray listJson(const QStringList &extra, Run *run = nullptr);
    QList<GroupingKey> expectedKeys(const KeyPredicate &accept) const;

    std::unique_ptr<PushgatewayProcess> m_server;
    // Ages are measured on the gateway's clock, estimated from the one-second Date header,
    // so they are only good to about half a second: age thresholds are tested with margin.
    void waitUntilPushesAreOlderThan(int ms);

    QList<Pushed> m_pushed;
    QElapsedTimer m_sincePushes;
};

void TestCliList::initTestCase()
{
    const QString binary = qEnvironmentVariable("PUSHSCOPE_BINARY");
    QVERIFY2(QFileInfo(binary).isExecutable(),
             "PUSHSCOPE_BINARY must name the built pushscope executable");
    m_server = std::make_unique<PushgatewayProcess>();
    PUSHSCOPE_START_SERVER(*m_server);

    const QByteArray now = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray success =
        "# TYPE job_last_success_unixtime gauge\njob_last_success_unixtime " + now + '\n';
    const QByteArray records = "# TYPE records_processed gauge\nrecords_processed 10\n";
    const QByteArray duration = "# TYPE job_duration_seconds gauge\njob_duration_seconds 1.5\n";
    struct Plan {
        Pushed pushed;
        QByteArray text;
    };
    const QList<Plan> plans = {
        {{{{u"job"_s, u"x"_s}, {u"instance"_s, u"1"_s}}, 3, Outcome::Success, true},
         success + records + duration},
        {{{{u"job"_s, u"x"_s}, {u"instance"_s, u"2"_s}}, 1, Outcome::Success, true}, success},
        {{{{u"job"_s, u"batch_a"_s}, {u"path"_s, u"/var/tmp"_s}}, 1, Outcome::Unknown, true},
         records},
        {{{{u"job"_s, u"batch_b"_s}, {u"instance"_s, QString()}}, 2, Outcome::Unknown, true},
         records + duration},
        {{{{u"job"_s, u"Προμηθεύς"_s}, {u"instance"_s, u"a b%2F+=/c"_s}},
          1,
          Outcome::Unknown,
          true},
         records},
        {{{{u"job"_s, u"failing"_s}}, 1, Outcome::Failed, true},
         "# TYPE job_success gauge\njob_success 0\n"},
    };
    for (const Plan &plan : plans) {
        const auto reply = m_server->push(manualPath(plan.pushed.labels), plan.text);
        QVERIFY2(reply.status == 200, reply.body.constData());
        m_pushed.append(plan.pushed);
    }
    // A push the gateway rejects (records_processed is a gauge elsewhere) leaves the group
    // with last_push_successful = false (1.5.1 answers 400, 1.11.0 closes the connection).
    const Labels rejected = {{u"job"_s, u"rejected"_s}};
    QCOMPARE(m_server->push(manualPath(rejected), duration).status, 200);
    const auto refused = m_server->push(manualPath(rejected),
                                        "# TYPE records_processed counter\nrecords_processed 3\n");
    QVERIFY2(refused.status != 200, refused.body.constData());
    QVERIFY(waitForFailedPush(m_server->url(), rejected));
    m_pushed.append({rejected, 1, Outcome::Failed, false});
    m_sincePushes.start();
}

void TestCliList::cleanupTestCase()
{
    m_server.reset();
}

QJsonArray TestCliList::listJson(const QStringList &extra, Run *run)
{
    Run local = runPushscope(
        QStringList{u"list"_s, u"--gateway"_s, m_server->url(), u"--format"_s, u"json"_s} + extra);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(local.out, &error);
    if (run)
        *run = local;
    if (error.error != QJsonParseError::NoError || !document.isArray()) {
        qWarning().noquote() << "Not one JSON array:" << describe(local);
        return {};
    }
    return document.array();
}

void TestCliList::waitUntilPushesAreOlderThan(int ms)
{
    const qint64 remaining = ms - m_sincePushes.elapsed();
    if (remaining > 0)
        QTest::qWait(int(remaining));
}

QList<GroupingKey> TestCliList::expectedKeys(const KeyPredicate &accept) const
{
    QList<GroupingKey> keys;
    for (const Pushed &pushed : m_pushed) {
        const GroupingKey key(pushed.labels);
        if (accept(key))
            keys.append(key);
    }
    return keys;
}

void TestCliList::jsonRecords_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("as printed") << m_server->url();
    QTest::newRow("trailing slash") << m_server->url() + u'/';
    QTest::newRow("no scheme") << QStringLiteral("127.0.0.1:%1").arg(m_server->port());
}

void TestCliList::jsonRecords()
{
    QFETCH(QString, url);
    const Run run = runPushscope({u"list"_s, u"--gateway"_s, url, u"--format"_s, u"json"_s});
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QVERIFY(document.isArray());
    const QJsonArray array = document.array();
    QCOMPARE(array.size(), m_pushed.size());

    QStringList expectedFields = {u"gateway"_s,          u"labels"_s,
                                  u"push_time"_s,        u"push_failure_time"_s,
                                  u"push_age_seconds"_s, u"last_push_successful"_s,
                                  u"outcome"_s,          u"families"_s,
                                  u"family_details"_s,   u"unsupported_families"_s};
    expectedFields.sort();
    const double now = QDateTime::currentMSecsSinceEpoch() / 1000.0;
    QList<GroupingKey> seen;
    for (const QJsonValue &value : array) {
        QVERIFY(value.isObject());
        const QJsonObject record = value.toObject();
        QStringList fields = record.keys();
        fields.sort();
        QCOMPARE(fields, expectedFields);
        QCOMPARE(record.value(u"gateway"_s).toString(), url);

        QVERIFY(record.value(u"labels"_s).isObject());
        const GroupingKey key = keyOf(record.value(u"labels"_s).toObject());
        seen.append(key);
        const auto pushed = std::find_if(m_pushed.cbegin(), m_pushed.cend(), [&](const Pushed &p) {
            return GroupingKey(p.labels) == key;
        });
        QVERIFY2(pushed != m_pushed.cend(), qPrintable(key.toString()));
        QCOMPARE(record.value(u"labels"_s).toObject(), labelsObject(pushed->labels));

        QVERIFY(record.value(u"push_time"_s).isDouble());
        const double pushTime = record.value(u"push_time"_s).toDouble();
        QVERIFY2(qAbs(now - pushTime) < 120, qPrintable(QString::number(now - pushTime)));
        QVERIFY(record.value(u"push_failure_time"_s).isDouble());
        const double failureTime = record.value(u"push_failure_time"_s).toDouble();
        QVERIFY(record.value(u"push_age_seconds"_s).isDouble());
        const double age = record.value(u"push_age_seconds"_s).toDouble();
        QVERIFY2(age >= 0 && age < 120, qPrintable(QString::number(age)));
        QVERIFY(record.value(u"last_push_successful"_s).isBool());
        QCOMPARE(record.value(u"last_push_successful"_s).toBool(), pushed->lastPushSuccessful);
        if (pushed->lastPushSuccessful)
            QCOMPARE(failureTime, 0.0);
        else
            QVERIFY(failureTime > pushTime);
        QCOMPARE(record.value(u"outcome"_s).toString(), pushscope::outcomeName(pushed->outcome));
        // push_time_seconds and push_failure_time_seconds are not counted.
        QVERIFY(record.value(u"families"_s).isDouble());
        QCOMPARE(record.value(u"families"_s).toInt(), pushed->families);
    }
    QCOMPARE(sortedKeys(seen), sortedKeys(expectedKeys([](const GroupingKey &) { return true; })));
}

void TestCliList::matchFilters_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<KeyPredicate>("accept");
    QTest::newRow("job equal") << QStringList{u"--match"_s, u"{job=\"x\"}"_s}
                               << KeyPredicate(
                                      [](const GroupingKey &k) { return k.job() == u"x"; });
    QTest::newRow("job regex") << QStringList{u"--match"_s, u"{job=~\"batch_.*\"}"_s}
                               << KeyPredicate([](const GroupingKey &k) {
                                      return k.job().startsWith(u"batch_");
                                  });
    QTest::newRow("without braces")
        << QStringList{u"--match"_s, u"job!=\"x\""_s}
        << KeyPredicate([](const GroupingKey &k) { return k.job() != u"x"; });
    QTest::newRow("two matches, both must hold")
        << QStringList{u"--match"_s, u"{job=\"x\"}"_s, u"--match"_s, u"{instance=\"2\"}"_s}
        << KeyPredicate([](const GroupingKey &k) {
               return k.job() == u"x" && k.value(u"instance"_s) == u"2";
           });
    QTest::newRow("value with slashes")
        << QStringList{u"--match"_s, u"{path=\"/var/tmp\"}"_s}
        << KeyPredicate([](const GroupingKey &k) { return k.value(u"path"_s) == u"/var/tmp"; });
    QTest::newRow("utf-8") << QStringList{u"--match"_s, u"{job=\"Προμηθεύς\"}"_s}
                           << KeyPredicate(
                                  [](const GroupingKey &k) { return k.job() == u"Προμηθεύς"; });
    QTest::newRow("nothing") << QStringList{u"--match"_s, u"{job=\"no such job\"}"_s}
                             << KeyPredicate([](const GroupingKey &) { return false; });
}

void TestCliList::matchFilters()
{
    QFETCH(QStringList, arguments);
    QFETCH(KeyPredicate, accept);
    Run run;
    const QJsonArray array = listJson(arguments, &run);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QList<GroupingKey> keys;
    for (const QJsonValue &value : array)
        keys.append(keyOf(value.toObject().value(u"labels"_s).toObject()));
    QCOMPARE(sortedKeys(keys), sortedKeys(expectedKeys(accept)));
}

void TestCliList::outcomeFilters_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<bool>("allStale");
    // A single poll learns no cadence: "late" is accepted and matches nothing.
    for (Outcome outcome :
         {Outcome::Failed, Outcome::Success, Outcome::Unknown, Outcome::Stale, Outcome::Late}) {
        const QString name = pushscope::outcomeName(outcome);
        QTest::addRow("%s", qPrintable(name)) << QStringList{u"--outcome"_s, name} << name << false;
    }
    QTest::newRow("upper case") << QStringList{u"--outcome"_s, u"FAILED"_s} << u"failed"_s << false;
    // With a one-second threshold every group pushed 2.5 s ago that has not failed is stale.
    QTest::newRow("stale after 1s")
        << QStringList{u"--outcome"_s, u"stale"_s, u"--stale-after"_s, u"1s"_s} << u"stale"_s
        << true;
}

void TestCliList::outcomeFilters()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, outcome);
    QFETCH(bool, allStale);
    if (allStale)
        waitUntilPushesAreOlderThan(2500);
    Run run;
    const QJsonArray array = listJson(arguments, &run);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QList<GroupingKey> keys;
    for (const QJsonValue &value : array) {
        QCOMPARE(value.toObject().value(u"outcome"_s).toString(), outcome);
        keys.append(keyOf(value.toObject().value(u"labels"_s).toObject()));
    }
    QList<GroupingKey> expected;
    for (const Pushed &pushed : std::as_const(m_pushed)) {
        const Outcome effective =
            allStale && pushed.outcome != Outcome::Failed ? Outcome::Stale : pushed.outcome;
        if (pushscope::outcomeName(effective) == outcome)
            expected.append(GroupingKey(pushed.labels));
    }
    QCOMPARE(sortedKeys(keys), sortedKeys(expected));
}

void TestCliList::olderThan_data()
{
    QTest::addColumn<QString>("duration");
    QTest::addColumn<bool>("all");
    QTest::newRow("1h") << u"1h"_s << false;
    QTest::newRow("7d") << u"7d"_s << false;
    QTest::newRow("1s, pushed 2.5s ago") << u"1s"_s << true;
    QTest::newRow("1500ms, pushed 2.5s ago") << u"1500ms"_s << true;
}

void TestCliList::olderThan()
{
    QFETCH(QString, duration);
    QFETCH(bool, all);
    if (all)
        waitUntilPushesAreOlderThan(2500);
    Run run;
    const QJsonArray array = listJson({u"--older-than"_s, duration}, &run);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(array.size(), all ? m_pushed.size() : 0);
    QVERIFY(QJsonDocument::fromJson(run.out).isArray());
}

void TestCliList::csvFormat()
{
    const Run run =
        runPushscope({u"list"_s, u"--gateway"_s, m_server->url(), u"--format"_s, u"csv"_s});
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 0);
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(run.out));
    QCOMPARE(rows.size(), m_pushed.size() + 1);
    const QStringList header = rows.first();
    QCOMPARE(header,
             QStringList({u"gateway"_s, u"job"_s, u"labels"_s, u"outcome"_s, u"push_age_seconds"_s,
                          u"push_time"_s, u"push_failure_time"_s, u"last_push_successful"_s,
                          u"families"_s, u"unsupported_families"_s}));
    QStringList jobs;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &row = rows.at(i);
        QCOMPARE(row.size(), header.size());
        QCOMPARE(row.at(0), m_server->url());
        jobs.append(row.at(1));
        bool ok = false;
        const double age = row.at(4).toDouble(&ok);
        QVERIFY(ok && age >= 0 && age < 120);
        QVERIFY(row.at(7) == u"true" || row.at(7) == u"false");
    }
    QStringList expectedJobs;
    for (const Pushed &pushed : std::as_const(m_pushed))
        expectedJobs.append(GroupingKey(pushed.labels).job());
    jobs.sort();
    expectedJobs.sort();
    QCOMPARE(jobs, expectedJobs);
}

void TestCliList::tableFormat()
{
    for (const QStringList &format : {QStringList(), QStringList{u"--format"_s, u"table"_s}}) {
        const Run run =
            runPushscope(QStringList{u"list"_s, u"--gateway"_s, m_server->url()} + format);
        QVERIFY2(run.finished, qPrintable(describe(run)));
        QCOMPARE(run.exitCode, 0);
        const QStringList lines =
            QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), m_pushed.size() + 1);
        const QStringList header = lines.first().simplified().split(QLatin1Char(' '));
        for (const QString &column : {u"GATEWAY"_s, u"JOB"_s, u"LABELS"_s, u"OUTCOME"_s, u"AGE"_s})
            QVERIFY2(header.contains(column), qPrintable(lines.first()));
        for (qsizetype i = 1; i < lines.size(); ++i)
            QVERIFY2(lines.at(i).startsWith(m_server->url() + u' '), qPrintable(lines.at(i)));
        QVERIFY(QString::fromUtf8(run.out).contains(u"Προμηθεύς"));
    }
}

void TestCliList::oneGatewayDown_data()
{
    QTest::addColumn<bool>("downFirst");
    QTest::newRow("live gateway first") << false;
    QTest::newRow("stopped gateway first") << true;
}

void TestCliList::oneGatewayDown()
{
    QFETCH(bool, downFirst);
    PushgatewayProcess down;
    PUSHSCOPE_START_SERVER(down);
    const QString downUrl = down.url();
    down.stop();

    const QStringList live = {u"--gateway"_s, m_server->url()};
    const QStringList dead = {u"--gateway"_s, downUrl};
    const Run run = runPushscope(QStringList{u"list"_s, u"--format"_s, u"json"_s} +
                                 (downFirst ? dead + live : live + dead));
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(downUrl), qPrintable(err));
    QVERIFY2(err.contains(u"Connection refused"), qPrintable(err));
    QVERIFY2(!err.contains(m_server->url()), qPrintable(err));
    QCOMPARE(err.count(QLatin1Char('\n')), 1); // one sentence for the one failing gateway

    const QJsonDocument document = QJsonDocument::fromJson(run.out);
    QVERIFY2(document.isArray(), run.out.constData());
    QCOMPARE(document.array().size(), m_pushed.size());
    for (const QJsonValue &value : document.array())
        QCOMPARE(value.toObject().value(u"gateway"_s).toString(), m_server->url());
}

void TestCliList::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QString url = u"http://127.0.0.1:1"_s; // never contacted: usage is checked first
    auto row = [&](const char *name, const QStringList &extra, const QString &mentions) {
        QTest::newRow(name) << (QStringList{u"list"_s} + extra) << mentions;
    };
    row("no gateway", {u"--format"_s, u"json"_s}, u"--gateway"_s);
    row("format xml", {u"--gateway"_s, url, u"--format"_s, u"xml"_s}, u"--format"_s);
    row("duration without unit", {u"--gateway"_s, url, u"--older-than"_s, u"5"_s}, u"\"5\""_s);
    row("matcher without quotes", {u"--gateway"_s, url, u"--match"_s, u"{job=}"_s}, u"job"_s);
    row("matcher without brace", {u"--gateway"_s, url, u"--match"_s, u"{job=\"x\""_s}, u"}"_s);
    row("matcher with bad regex", {u"--gateway"_s, url, u"--match"_s, u"{job=~\"(\"}"_s},
        u"regular expression"_s);
    row("empty matcher", {u"--gateway"_s, url, u"--match"_s, u"{}"_s}, u"--match"_s);
    row("unknown outcome", {u"--gateway"_s, url, u"--outcome"_s, u"great"_s}, u"great"_s);
    row("zero timeout", {u"--gateway"_s, url, u"--timeout"_s, u"0s"_s}, u"--timeout"_s);
    row("ftp gateway", {u"--gateway"_s, u"ftp://127.0.0.1:1"_s}, u"ftp://127.0.0.1:1"_s);
    row("extra argument", {u"--gateway"_s, url, u"extra"_s}, u"extra"_s);
    row("unknown option", {u"--gateway"_s, url, u"--bogus"_s}, u"bogus"_s);
}

void TestCliList::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = runPushscope(arguments);
    QVERIFY2(run.finished, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.startsWith(u"pushscope list: "), qPrintable(err));
    QVERIFY2(err.contains(mentions), qPrintable(err));
    QVERIFY2(!err.contains(u"Connection refused"), qPrintable(err));
}

void TestCliList::routePrefix_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("/pgw") << u"/pgw"_s;
    QTest::newRow("/pgw/") << u"/pgw/"_s;
}

void TestCliList::routePrefix()
{
    QFETCH(QString, suffix);
    PushgatewayProcess prefixed({u"--web.route-prefix=/pgw"_s});
    PUSHSCOPE_START_SERVER(prefixed);
    const Labels labels = {{u"job"_s, u"prefixed"_s}, {u"path"_s, u"/var/tmp"_s}};
    QCOMPARE(prefixed.push(u"/pgw"_s + manualPath(labels), "# TYPE probe gauge\nprobe 1\n").status,
             200);

    const QString url = prefixed.url() + suffix;
    const Run run = runPushscope({u"list"_s, u"--gateway"_s, url, u"--format"_s, u"json"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray array = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(array.size(), 1);
    QCOMPARE(array.first().toObject().value(u"gateway"_s).toString(), url);
    QCOMPARE(array.first().toObject().value(u"labels"_s).toObject(), labelsObject(labels));

    // Without the prefix the gateway answers 404, and the sentence says what is likely wrong.
    const Run wrong =
        runPushscope({u"list"_s, u"--gateway"_s, prefixed.url(), u"--format"_s, u"json"_s});
    QVERIFY2(wrong.finished && wrong.exitCode == 1, qPrintable(describe(wrong)));
    QVERIFY2(wrong.err.contains("route prefix"), wrong.err.constData());
    QCOMPARE(QJsonDocument::fromJson(wrong.out).array().size(), 0);
}

QTEST_GUILESS_MAIN(TestCliList)
#include "tst_clilist.moc"
