#include "gateway/snapshotparser.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

// A reply of a real Pushgateway 1.5.1 (every number a string). The first group has a family
// literally named "labels", which overwrote the grouping key in the gateway's JSON map.
const QByteArray kRealReply = R"json({"status":"success","data":[
{"h":{"time_stamp":"2026-11-24T17:08:03.372451343Z","type":"HISTOGRAM","metrics":[{"buckets":{"+Inf":"2","1":"1"},"count":"2","labels":{"instance":"x","job":"batch"},"sum":"3"}]},
 "labels":{"time_stamp":"2026-11-24T17:08:03.372451343Z","type":"GAUGE","help":"weird name","metrics":[{"labels":{"a":"b","instance":"x","job":"batch"},"value":"+Inf"}]},
 "last_push_successful":true,
 "lat":{"time_stamp":"2026-11-24T17:08:03.372451343Z","type":"SUMMARY","metrics":[{"count":"3","labels":{"instance":"x","job":"batch"},"quantiles":{"0.5":"1","0.9":"NaN"},"sum":"10"}]},
 "push_failure_time_seconds":{"time_stamp":"2026-11-24T17:08:03.372451343Z","type":"GAUGE","help":"Last Unix time when changing this group in the Pushgateway failed.","metrics":[{"labels":{"instance":"x","job":"batch"},"value":"0"}]},
 "push_time_seconds":{"time_stamp":"2026-11-24T17:08:03.372451343Z","type":"GAUGE","help":"Last Unix time when changing this group in the Pushgateway succeeded.","metrics":[{"labels":{"instance":"x","job":"batch"},"value":"1.7955400833724513e+09"}]}},
{"labels":{"job":"bad"},"last_push_successful":true,
 "push_failure_time_seconds":{"time_stamp":"2026-11-24T17:08:04Z","type":"GAUGE","help":"h","metrics":[{"labels":{"instance":"","job":"bad"},"value":"0"}]},
 "push_time_seconds":{"time_stamp":"2026-11-24T17:08:04Z","type":"GAUGE","help":"h","metrics":[{"labels":{"instance":"","job":"bad"},"value":"1.79e+09"}]},
 "x":{"time_stamp":"2026-11-24T17:08:04Z","type":"UNTYPED","metrics":[{"labels":{"instance":"","job":"bad"},"value":"1"}]}}]})json";

QByteArray pushTimes(const char *labels, const char *pushTime, const char *failureTime)
{
    return QByteArray(R"("push_time_seconds":{"type":"GAUGE","metrics":[{"labels":)") + labels +
           R"(,"value":")" + pushTime +
           R"("}]},"push_failure_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" + labels +
           R"(,"value":")" + failureTime + R"("}]})";
}

// A reply with one group; `body` holds the group's members after the push times.
QByteArray oneGroup(const QByteArray &body, const char *keyLabels = R"({"job":"batch"})",
                    const char *pushTime = "1795540083.5", const char *failureTime = "0")
{
    QByteArray group = "{" + pushTimes(keyLabels, pushTime, failureTime);
    if (!body.isEmpty())
        group += "," + body;
    group += "}";
    return R"({"status":"success","data":[)" + group + "]}";
}

const Group *findGroup(const Snapshot &snapshot, const QString &job)
{
    for (const Group &group : snapshot.groups) {
        if (group.key.job() == job)
            return &group;
    }
    return nullptr;
}

bool isSentence(const QString &text)
{
    return !text.trimmed().isEmpty() &&
           (text.endsWith(QLatin1Char('.')) || text.endsWith(QLatin1Char('?')));
}

} // namespace

class TestSnapshotParser : public QObject
{
    Q_OBJECT

private slots:
    void realReply();
    void familyTypes();
    void specialValues();
    void labelsFamilyRecoversKey_data();
    void labelsFamilyRecoversKey();
    void lastPushSuccessfulFamily_data();
    void lastPushSuccessfulFamily();
    void lastPushFailed();
    void pushTimesNotFamilies();
    void memberOrderDoesNotMatter();
    void emptyGateway();
    void manySimilarStrings();
    void errors_data();
    void errors();
    void parseNumber_data();
    void parseNumber();
    void parseNumberRejects_data();
    void parseNumberRejects();
    void formatNumber_data();
    void formatNumber();
};

void TestSnapshotParser::realReply()
{
    const SnapshotParseResult result = parseSnapshot(kRealReply);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.error.isEmpty());
    QCOMPARE(result.snapshot.groups.size(), 2);

    const Group *batch = findGroup(result.snapshot, u"batch"_s);
    QVERIFY(batch);
    // The key came from push_time_seconds' labels; instance="x" makes it exact.
    QCOMPARE(batch->key, GroupingKey({{u"job"_s, u"batch"_s}, {u"instance"_s, u"x"_s}}));
    QVERIFY(!batch->key.isAmbiguous());
    QCOMPARE(batch->pushTime, 1.7955400833724513e+09);
    QCOMPARE(batch->pushFailureTime, 0.0);
    QVERIFY(batch->lastPushSuccessful);
    QCOMPARE(batch->families.size(), 3);
    QVERIFY(batch->family(u"h"_s));
    QVERIFY(batch->family(u"lat"_s));
    const MetricFamily *weird = batch->family(u"labels"_s);
    QVERIFY(weird);
    QCOMPARE(int(weird->type), int(MetricType::Gauge));
    QCOMPARE(weird->help, u"weird name"_s);
    QCOMPARE(weird->samples.size(), 1);
    QVERIFY(std::isinf(weird->samples.at(0).value) && weird->samples.at(0).value > 0);
    QCOMPARE(weird->samples.at(0).labels,
             (Labels{{u"a"_s, u"b"_s}, {u"instance"_s, u"x"_s}, {u"job"_s, u"batch"_s}}));
    QVERIFY(!batch->family(u"last_push_successful"_s));
    QVERIFY(!batch->family(u"push_time_seconds"_s));

    const MetricFamily *h = batch->family(u"h"_s);
    QCOMPARE(int(h->type), int(MetricType::Histogram));
    QCOMPARE(h->lastPushed, u"2026-11-24T17:08:03.372451343Z"_s);
    QCOMPARE(h->samples.at(0).count, 2.0);
    QCOMPARE(h->samples.at(0).sum, 3.0);
    QCOMPARE(h->samples.at(0).buckets.size(), 2);
    QCOMPARE(h->samples.at(0).buckets.at(0).first, 1.0);
    QCOMPARE(h->samples.at(0).buckets.at(0).second, 1.0);
    QVERIFY(std::isinf(h->samples.at(0).buckets.at(1).first));
    QCOMPARE(h->samples.at(0).buckets.at(1).second, 2.0);

    const MetricFamily *lat = batch->family(u"lat"_s);
    QCOMPARE(int(lat->type), int(MetricType::Summary));
    QCOMPARE(lat->samples.at(0).quantiles.size(), 2);
    QCOMPARE(lat->samples.at(0).quantiles.at(0), (QPair<double, double>(0.5, 1.0)));
    QCOMPARE(lat->samples.at(0).quantiles.at(1).first, 0.9);
    QVERIFY(std::isnan(lat->samples.at(0).quantiles.at(1).second));
    QCOMPARE(lat->samples.at(0).count, 3.0);
    QCOMPARE(lat->samples.at(0).sum, 10.0);

    const Group *bad = findGroup(result.snapshot, u"bad"_s);
    QVERIFY(bad);
    // The grouping key object is authoritative: instance="" on the samples is not in it.
    QCOMPARE(bad->key, GroupingKey({{u"job"_s, u"bad"_s}}));
    QVERIFY(!bad->key.isAmbiguous());
    QCOMPARE(bad->pushTime, 1.79e+09);
    QCOMPARE(bad->families.size(), 1);
    QCOMPARE(int(bad->families.at(0).type), int(MetricType::Untyped));
    QCOMPARE(bad->families.at(0).samples.at(0).value, 1.0);
    QCOMPARE(bad->lastActivityTime(), 1.79e+09);
}

void TestSnapshotParser::familyTypes()
{
    const QByteArray body = R"(
        "labels":{"job":"batch"},"last_push_successful":true,
        "c":{"time_stamp":"2026-01-01T00:00:00Z","type":"COUNTER","help":"A counter.","metrics":[
            {"labels":{"job":"batch","shard":"1"},"value":"12"},
            {"labels":{"job":"batch","shard":"2"},"value":"0.5"}]},
        "g":{"type":"GAUGE","metrics":[{"labels":{"job":"batch"},"value":"-3.25"}]},
        "u":{"type":"UNTYPED","metrics":[{"labels":{"job":"batch"},"value":"1e3"}]},
        "s":{"type":"SUMMARY","metrics":[{"labels":{"job":"batch"},"count":"7","sum":"1.5",
            "quantiles":{"0.99":"9","0.5":"5","1e-05":"0.1","0.9":"8"}}]},
        "hist":{"type":"HISTOGRAM","metrics":[{"labels":{"job":"batch"},"count":"10","sum":"42",
            "buckets":{"+Inf":"10","0.5":"1","10":"9","1":"2","2.5":"5"}}]})";
    const SnapshotParseResult result = parseSnapshot(oneGroup(body));
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.snapshot.groups.size(), 1);
    const Group &group = result.snapshot.groups.at(0);
    QCOMPARE(group.families.size(), 5);

    const MetricFamily *c = group.family(u"c"_s);
    QVERIFY(c);
    QCOMPARE(int(c->type), int(MetricType::Counter));
    QCOMPARE(metricTypeName(c->type), u"counter"_s);
    QCOMPARE(c->help, u"A counter."_s);
    QCOMPARE(c->lastPushed, u"2026-01-01T00:00:00Z"_s);
    QCOMPARE(c->samples.size(), 2);
    double values[2] = {c->samples.at(0).value, c->samples.at(1).value};
    std::sort(std::begin(values), std::end(values));
    QCOMPARE(values[0], 0.5);
    QCOMPARE(values[1], 12.0);
    for (const Sample &sample : c->samples)
        QCOMPARE(sample.labels.at(0).first, u"job"_s);

    QCOMPARE(int(group.family(u"g"_s)->type), int(MetricType::Gauge));
    QCOMPARE(group.family(u"g"_s)->samples.at(0).value, -3.25);
    QVERIFY(group.family(u"g"_s)->help.isEmpty());
    QCOMPARE(int(group.family(u"u"_s)->type), int(MetricType::Untyped));
    QCOMPARE(group.family(u"u"_s)->samples.at(0).value, 1000.0);

    const MetricFamily *s = group.family(u"s"_s);
    QCOMPARE(int(s->type), int(MetricType::Summary));
    const Sample &summary = s->samples.at(0);
    QCOMPARE(summary.count, 7.0);
    QCOMPARE(summary.sum, 1.5);
    const QList<QPair<double, double>> quantiles{{1e-05, 0.1}, {0.5, 5}, {0.9, 8}, {0.99, 9}};
    QCOMPARE(summary.quantiles, quantiles);

    const MetricFamily *hist = group.family(u"hist"_s);
    QCOMPARE(int(hist->type), int(MetricType::Histogram));
    const Sample &histogram = hist->samples.at(0);
    QCOMPARE(histogram.count, 10.0);
    QCOMPARE(histogram.sum, 42.0);
    QCOMPARE(histogram.buckets.size(), 5);
    const double bounds[] = {0.5, 1, 2.5, 10};
    const double counts[] = {1, 2, 5, 9};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(histogram.buckets.at(i).first, bounds[i]);
        QCOMPARE(histogram.buckets.at(i).second, counts[i]);
    }
    QVERIFY(std::isinf(histogram.buckets.at(4).first) && histogram.buckets.at(4).first > 0);
    QCOMPARE(histogram.buckets.at(4).second, 10.0);
}

void TestSnapshotParser::specialValues()
{
    const QByteArray body = R"(
        "labels":{"job":"batch"},"last_push_successful":true,
        "nan":{"type":"GAUGE","metrics":[{"labels":{"job":"batch"},"value":"NaN"}]},
        "pinf":{"type":"GAUGE","metrics":[{"labels":{"job":"batch"},"value":"+Inf"}]},
        "ninf":{"type":"GAUGE","metrics":[{"labels":{"job":"batch"},"value":"-Inf"}]},
        "sum":{"type":"SUMMARY","metrics":[{"labels":{"job":"batch"},"count":"0","sum":"NaN",
            "quantiles":{"0.5":"NaN"}}]})";
    const SnapshotParseResult result = parseSnapshot(oneGroup(body));
    QVERIFY2(result.ok, qPrintable(result.error));
    const Group &group = result.snapshot.groups.at(0);
    QVERIFY(std::isnan(group.family(u"nan"_s)->samples.at(0).value));
    const double pinf = group.family(u"pinf"_s)->samples.at(0).value;
    QVERIFY(std::isinf(pinf) && pinf > 0);
    const double ninf = group.family(u"ninf"_s)->samples.at(0).value;
    QVERIFY(std::isinf(ninf) && ninf < 0);
    const Sample &summary = group.family(u"sum"_s)->samples.at(0);
    QVERIFY(std::isnan(summary.sum));
    QCOMPARE(summary.count, 0.0);
    QVERIFY(std::isnan(summary.quantiles.at(0).second));
}

void TestSnapshotParser::labelsFamilyRecoversKey_data()
{
    QTest::addColumn<QByteArray>("pushTimeLabels");
    QTest::addColumn<Labels>("key");
    QTest::addColumn<bool>("ambiguous");
    QTest::newRow("exact instance")
        << QByteArray(R"({"instance":"x","job":"batch"})")
        << Labels{{u"instance"_s, u"x"_s}, {u"job"_s, u"batch"_s}} << false;
    QTest::newRow("more labels") << QByteArray(R"({"instance":"x","job":"batch","shard":"3"})")
                                 << Labels{{u"instance"_s, u"x"_s},
                                           {u"job"_s, u"batch"_s},
                                           {u"shard"_s, u"3"_s}}
                                 << false;
    // instance="" is what the gateway adds to a key without instance, and also what a key
    // with an empty instance looks like: which of the two it was cannot be told.
    QTest::newRow("empty instance")
        << QByteArray(R"({"instance":"","job":"batch"})") << Labels{{u"job"_s, u"batch"_s}} << true;
    QTest::newRow("empty instance, more labels")
        << QByteArray(R"({"instance":"","job":"batch","zone":"eu"})")
        << Labels{{u"job"_s, u"batch"_s}, {u"zone"_s, u"eu"_s}} << true;
}

void TestSnapshotParser::labelsFamilyRecoversKey()
{
    QFETCH(QByteArray, pushTimeLabels);
    QFETCH(Labels, key);
    QFETCH(bool, ambiguous);
    const QByteArray body =
        R"("labels":{"type":"GAUGE","help":"weird name","metrics":[{"labels":)" + pushTimeLabels +
        R"(,"value":"7"}]},"last_push_successful":true)";
    const SnapshotParseResult result = parseSnapshot(oneGroup(body, pushTimeLabels.constData()));
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.snapshot.groups.size(), 1);
    const Group &group = result.snapshot.groups.at(0);
    QCOMPARE(group.key.labels(), key);
    QCOMPARE(group.key.isAmbiguous(), ambiguous);
    // The family named "labels" is kept as a family.
    QCOMPARE(group.families.size(), 1);
    QCOMPARE(group.families.at(0).name, u"labels"_s);
    QCOMPARE(group.families.at(0).samples.at(0).value, 7.0);
}

void TestSnapshotParser::lastPushSuccessfulFamily_data()
{
    QTest::addColumn<QByteArray>("pushTime");
    QTest::addColumn<QByteArray>("failureTime");
    QTest::addColumn<bool>("successful");
    QTest::newRow("failure older") << QByteArray("200") << QByteArray("100") << true;
    QTest::newRow("never failed") << QByteArray("200") << QByteArray("0") << true;
    QTest::newRow("failure newer") << QByteArray("100") << QByteArray("200") << false;
    QTest::newRow("only ever failed") << QByteArray("0") << QByteArray("200") << false;
}

void TestSnapshotParser::lastPushSuccessfulFamily()
{
    // A family named last_push_successful replaces the gateway's boolean; the push times
    // still tell whether the last push succeeded.
    QFETCH(QByteArray, pushTime);
    QFETCH(QByteArray, failureTime);
    QFETCH(bool, successful);
    const QByteArray body =
        R"("labels":{"job":"batch"},"last_push_successful":{"type":"COUNTER","metrics":[{"labels":{"job":"batch"},"value":"5"}]})";
    const SnapshotParseResult result = parseSnapshot(
        oneGroup(body, R"({"job":"batch"})", pushTime.constData(), failureTime.constData()));
    QVERIFY2(result.ok, qPrintable(result.error));
    const Group &group = result.snapshot.groups.at(0);
    QCOMPARE(group.key, GroupingKey({{u"job"_s, u"batch"_s}}));
    QCOMPARE(group.lastPushSuccessful, successful);
    const MetricFamily *family = group.family(u"last_push_successful"_s);
    QVERIFY(family);
    QCOMPARE(int(family->type), int(MetricType::Counter));
    QCOMPARE(family->samples.at(0).value, 5.0);
    QCOMPARE(group.families.size(), 1);
}

void TestSnapshotParser::lastPushFailed()
{
    const SnapshotParseResult result =
        parseSnapshot(oneGroup(R"("labels":{"job":"batch"},"last_push_successful":false)",
                               R"({"job":"batch"})", "1795540000", "1795540083"));
    QVERIFY2(result.ok, qPrintable(result.error));
    const Group &group = result.snapshot.groups.at(0);
    QVERIFY(!group.lastPushSuccessful);
    QCOMPARE(group.pushTime, 1795540000.0);
    QCOMPARE(group.pushFailureTime, 1795540083.0);
    QCOMPARE(group.lastActivityTime(), 1795540000.0);
    QVERIFY(group.families.isEmpty());

    // A group that only ever failed: its activity is the failure.
    const SnapshotParseResult onlyFailed =
        parseSnapshot(oneGroup(R"("labels":{"job":"batch"},"last_push_successful":false)",
                               R"({"job":"batch"})", "0", "1795540083"));
    QVERIFY2(onlyFailed.ok, qPrintable(onlyFailed.error));
    QCOMPARE(onlyFailed.snapshot.groups.at(0).pushTime, 0.0);
    QCOMPARE(onlyFailed.snapshot.groups.at(0).lastActivityTime(), 1795540083.0);
}

void TestSnapshotParser::pushTimesNotFamilies()
{
    const SnapshotParseResult result = parseSnapshot(oneGroup(
        R"("labels":{"job":"batch"},"last_push_successful":true,"n":{"type":"GAUGE","metrics":[{"labels":{"job":"batch"},"value":"1"}]})",
        R"({"job":"batch"})", "1795540083.25", "1795540001.5"));
    QVERIFY2(result.ok, qPrintable(result.error));
    const Group &group = result.snapshot.groups.at(0);
    QCOMPARE(group.pushTime, 1795540083.25);
    QCOMPARE(group.pushFailureTime, 1795540001.5);
    QCOMPARE(group.families.size(), 1);
    QCOMPARE(group.families.at(0).name, u"n"_s);
    QVERIFY(!group.family(u"push_time_seconds"_s));
    QVERIFY(!group.family(u"push_failure_time_seconds"_s));
    QVERIFY(!group.family(u"labels"_s));
}

void TestSnapshotParser::memberOrderDoesNotMatter()
{
    // The gateway sorts members by name, but nothing guarantees it: the key, the push
    // times and the flag must be read wherever they come.
    const QByteArray reply = R"({"data":[{
        "zzz":{"type":"GAUGE","metrics":[{"labels":{"instance":"i","job":"j"},"value":"2"}]},
        "push_time_seconds":{"type":"GAUGE","metrics":[{"labels":{"instance":"i","job":"j"},"value":"100"}]},
        "last_push_successful":false,
        "push_failure_time_seconds":{"type":"GAUGE","metrics":[{"labels":{"instance":"i","job":"j"},"value":"200"}]},
        "labels":{"type":"GAUGE","metrics":[{"labels":{"instance":"i","job":"j"},"value":"1"}]},
        "aaa":{"type":"COUNTER","metrics":[{"labels":{"instance":"i","job":"j"},"value":"3"}]}
    }],"status":"success"})";
    const SnapshotParseResult result = parseSnapshot(reply);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.snapshot.groups.size(), 1);
    const Group &group = result.snapshot.groups.at(0);
    QCOMPARE(group.key, GroupingKey({{u"instance"_s, u"i"_s}, {u"job"_s, u"j"_s}}));
    QVERIFY(!group.key.isAmbiguous());
    QCOMPARE(group.pushTime, 100.0);
    QCOMPARE(group.pushFailureTime, 200.0);
    QVERIFY(!group.lastPushSuccessful);
    QCOMPARE(group.families.size(), 3);
    QVERIFY(group.family(u"zzz"_s) && group.family(u"aaa"_s) && group.family(u"labels"_s));
}

void TestSnapshotParser::manySimilarStrings()
{
    // Strings are interned by their bytes: values of every length that differ only in
    // one byte, or are empty, must come back as themselves (also on the two-thread path).
    const int count = 1500;
    auto job = [](int i) {
        return QByteArray(i % 23, 'x') + QByteArray::number(i) + QByteArray(i % 5, 'y');
    };
    QByteArray reply = R"({"status":"success","data":[)";
    for (int i = 0; i < count; ++i) {
        const QByteArray labels =
            R"({"job":")" + job(i) + R"(","v":")" + QByteArray(i % 17, 'z') + R"("})";
        if (i > 0)
            reply += ',';
        reply += "{" + pushTimes(labels.constData(), "1", "0") + R"(,"labels":)" + labels +
                 R"(,"m)" + QByteArray::number(i % 9) +
                 R"(":{"type":"GAUGE","metrics":[{"labels":)" + labels + R"(,"value":")" +
                 QByteArray::number(i) + R"("}]}})";
    }
    reply += "]}";
    const SnapshotParseResult result = parseSnapshot(reply);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.snapshot.groups.size(), count);
    for (int i = 0; i < count; ++i) {
        const Group &group = result.snapshot.groups.at(i);
        QCOMPARE(group.key.job(), QString::fromLatin1(job(i)));
        QCOMPARE(group.key.value(u"v"_s), QString(i % 17, u'z'));
        QCOMPARE(group.families.size(), 1);
        QCOMPARE(group.families.at(0).name, u"m"_s + QString::number(i % 9));
        QCOMPARE(group.families.at(0).samples.at(0).value, double(i));
        QCOMPARE(group.families.at(0).samples.at(0).labels, group.key.labels());
    }
}

void TestSnapshotParser::emptyGateway()
{
    for (const QByteArray &reply :
         {QByteArray(R"({"status":"success","data":[]})"),
          QByteArray(" \n{ \"status\" : \"success\", \"data\" : [ ] }\n")}) {
        const SnapshotParseResult result = parseSnapshot(reply);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.error.isEmpty());
        QVERIFY(result.snapshot.groups.isEmpty());
    }
}

void TestSnapshotParser::errors_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty body") << QByteArray() << u"empty"_s;
    QTest::newRow("blank body") << QByteArray(" \r\n") << u"empty"_s;
    QTest::newRow("HTML") << QByteArray("<html><body>Pushgateway</body></html>") << u"JSON"_s;
    QTest::newRow("truncated JSON")
        << QByteArray(R"({"status":"success","data":[{"labels":)") << QString();
    QTest::newRow("no status") << QByteArray(R"({"data":[]})") << u"status"_s;
    QTest::newRow("JSON array") << QByteArray(R"([{"status":"success"}])") << QString();
    QTest::newRow("wrong shape") << QByteArray(R"({"foo":1})") << QString();
    QTest::newRow("status error")
        << QByteArray(R"({"status":"error","errorType":"internal","error":"disk full"})")
        << u"disk full"_s;
    QTest::newRow("data not an array")
        << QByteArray(R"({"status":"success","data":{}})") << u"data"_s;
    QTest::newRow("data missing") << QByteArray(R"({"status":"success"})") << u"data"_s;
    QTest::newRow("group not an object")
        << QByteArray(R"({"status":"success","data":[42]})") << QString();
    QTest::newRow("second group not an object")
        << oneGroup(R"("labels":{"job":"a"})").replace("}]}", "},\"x\"]}") << QString();
    QTest::newRow("group without key")
        << QByteArray(R"({"status":"success","data":[{"last_push_successful":true}]})")
        << QString();
    QTest::newRow("non-numeric push time")
        << oneGroup(R"("labels":{"job":"batch"})", R"({"job":"batch"})", "yesterday")
        << u"push_time_seconds"_s;
}

void TestSnapshotParser::errors()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, mentions);
    const SnapshotParseResult result = parseSnapshot(reply);
    QVERIFY(!result.ok);
    QVERIFY2(isSentence(result.error), qPrintable(result.error));
    if (!mentions.isEmpty())
        QVERIFY2(result.error.contains(mentions), qPrintable(result.error));
    QVERIFY(result.snapshot.groups.isEmpty());
}

void TestSnapshotParser::parseNumber_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("expected");
    QTest::newRow("integer") << u"42"_s << 42.0;
    QTest::newRow("negative") << u"-2"_s << -2.0;
    QTest::newRow("fraction") << u"1.5"_s << 1.5;
    QTest::newRow("exponent") << u"1e3"_s << 1000.0;
    QTest::newRow("Go float") << u"1.7955400833724513e+09"_s << 1.7955400833724513e+09;
    QTest::newRow("tiny") << u"1e-300"_s << 1e-300;
    QTest::newRow("zero") << u"0"_s << 0.0;
    QTest::newRow("+Inf") << u"+Inf"_s << std::numeric_limits<double>::infinity();
    QTest::newRow("Inf") << u"Inf"_s << std::numeric_limits<double>::infinity();
    QTest::newRow("-Inf") << u"-Inf"_s << -std::numeric_limits<double>::infinity();
}

void TestSnapshotParser::parseNumber()
{
    QFETCH(QString, text);
    QFETCH(double, expected);
    double value = 12345;
    QVERIFY(parseMetricNumber(text, &value));
    QCOMPARE(value, expected);
}

void TestSnapshotParser::parseNumberRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("word") << u"lots"_s;
    QTest::newRow("comma decimal") << u"1,5"_s;
    QTest::newRow("two numbers") << u"1 2"_s;
    QTest::newRow("unit") << u"5s"_s;
}

void TestSnapshotParser::parseNumberRejects()
{
    QFETCH(QString, text);
    double value = 12345;
    QVERIFY(!parseMetricNumber(text, &value));
    QCOMPARE(value, 12345.0);
}

void TestSnapshotParser::formatNumber_data()
{
    QTest::addColumn<double>("value");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("+Inf") << std::numeric_limits<double>::infinity();
    QTest::newRow("-Inf") << -std::numeric_limits<double>::infinity();
    QTest::newRow("zero") << 0.0;
    QTest::newRow("integer") << 42.0;
    QTest::newRow("tenth") << 0.1;
    QTest::newRow("negative") << -0.5;
    QTest::newRow("push time") << 1.7955400833724513e+09;
    QTest::newRow("tiny") << 1e-300;
    QTest::newRow("huge") << 1.5e300;
}

void TestSnapshotParser::formatNumber()
{
    QFETCH(double, value);
    const QString text = formatMetricNumber(value);
    QVERIFY(!text.isEmpty());
    double parsed = 0;
    QVERIFY2(parseMetricNumber(text, &parsed), qPrintable(text));
    if (std::isnan(value)) {
        QCOMPARE(text, u"NaN"_s);
        QVERIFY(std::isnan(parsed));
    } else {
        QCOMPARE(parsed, value); // exact: the shortest form that reads back the same double
    }
    if (std::isinf(value))
        QCOMPARE(text, value > 0 ? u"+Inf"_s : u"-Inf"_s);
}

QTEST_GUILESS_MAIN(TestSnapshotParser)
#include "tst_snapshotparser.moc"
