// The shapes of newer gateways (native and gauge histograms, float counts), families the
// parser does not know, and replies built to break the parser (deep nesting, bad bytes).
#include "gateway/nativeschema.h"
#include "gateway/snapshotparser.h"
#include "net/servertext.h"
#include "snapshotfixture.h"

#include <QTest>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

// Families exactly as Pushgateway 1.11.0 lists them after a protobuf push (see
// tests/integration/tst_newshapes.cpp for the push).
const QByteArray kNative =
    R"("job_duration_seconds":{"time_stamp":"2026-12-01T11:00:56.38684335Z","type":"HISTOGRAM","help":"native help","metrics":[{"buckets":[[3,"-2.938735877055719e-39","2.938735877055719e-39","2"],[0,"0.9170040432046711","1","3"],[0,"1","1.0905077326652577","4"],[0,"1.414213562373095","1.5422108254079407","2"]],"count":"10","labels":{"instance":"","job":"nat","kind":"native"},"sum":"12.5"}]})";
const QByteArray kNegativeNoZero =
    R"("nz":{"time_stamp":"2026-12-01T11:00:56.38684335Z","type":"HISTOGRAM","metrics":[{"buckets":[[1,"-1","-0.5","2"],[0,"1","2","2"],[0,"2","4","3"]],"count":"5","labels":{"instance":"","job":"nat"},"sum":"3"}]})";
const QByteArray kFloatNative =
    R"("floatnative":{"time_stamp":"2026-12-01T11:00:56.38684335Z","type":"HISTOGRAM","metrics":[{"buckets":[[3,"-0.01","0.01","1.5"],[0,"1.414213562373095","2","2"],[0,"2","2.82842712474619","3"]],"count":"6.5","labels":{"instance":"","job":"nat"},"sum":"1"}]})";
const QByteArray kFloatClassic =
    R"("floaty":{"time_stamp":"2026-12-01T11:00:56.38684335Z","type":"HISTOGRAM","metrics":[{"buckets":{"1":"1.5","2":"3.5"},"count":"3.5","labels":{"instance":"","job":"nat"},"sum":"7"}]})";
const QByteArray kGaugeHistogram =
    R"("queue_len":{"time_stamp":"2026-12-01T11:00:56.38684335Z","type":"GAUGE_HISTOGRAM","help":"gauge hist","metrics":[{"labels":{"instance":"","job":"nat"},"value":"0"}]})";
const QByteArray kGauge =
    R"("job_success":{"type":"GAUGE","metrics":[{"labels":{"instance":"","job":"nat"},"value":"1"}]})";

} // namespace

class TestSnapshotShapes : public QObject
{
    Q_OBJECT

private slots:
    void nativeHistogramWithZeroBucket();
    void nativeHistogramNegativeBucketsNoZeroBucket();
    void floatCounts();
    void gaugeHistogramWithoutBucketsIsUnsupported();
    void gaugeHistogramWithBuckets();
    void unsupportedFamilyLabelsNotRead_data();
    void unsupportedFamilyLabelsNotRead();
    void unsupportedFamilyTextIsClipped();
    void unsupportedFamilyKeepsGroup_data();
    void unsupportedFamilyKeepsGroup();
    void unsupportedFamilyWithBrokenJsonFailsReply();
    void deepNestingFails_data();
    void deepNestingFails();
    void notJsonOffsetPointsAtBadByte_data();
    void notJsonOffsetPointsAtBadByte();
};

void TestSnapshotShapes::nativeHistogramWithZeroBucket()
{
    const Group group = parsedGroup(kNative);
    QVERIFY(group.unsupportedFamilies.isEmpty());
    const MetricFamily *family = group.family(u"job_duration_seconds"_s);
    QVERIFY(family);
    QCOMPARE(int(family->type), int(MetricType::Histogram));
    QCOMPARE(family->help, u"native help"_s);
    const Sample &sample = family->samples.at(0);
    QVERIFY(sample.nativeHistogram);
    QVERIFY(sample.buckets.isEmpty());
    QCOMPARE(sample.count, 10.0);
    QCOMPARE(sample.sum, 12.5);
    QCOMPARE(sample.nativeBuckets.size(), 4);
    const NativeBucket zero = sample.nativeBuckets.at(0);
    QVERIFY(zero.isZeroBucket());
    QCOMPARE(zero.boundaryRule, 3);
    QCOMPARE(zero.upper, 2.938735877055719e-39);
    QCOMPARE(zero.count, 2.0);
    const NativeBucket last = sample.nativeBuckets.at(3);
    QVERIFY(!last.isZeroBucket());
    QCOMPARE(last.boundaryRule, 0);
    QCOMPARE(last.lower, 1.414213562373095);
    QCOMPARE(last.upper, 1.5422108254079407);
    QCOMPARE(last.count, 2.0);
    QCOMPARE(nativeSchemaOf(sample), std::optional<int>(3)); // upper / lower = 2^(1/8)
}

void TestSnapshotShapes::nativeHistogramNegativeBucketsNoZeroBucket()
{
    const Sample sample = parsedGroup(kNegativeNoZero).families.at(0).samples.at(0);
    QVERIFY(sample.nativeHistogram);
    QCOMPARE(sample.nativeBuckets.size(), 3);
    for (const NativeBucket &bucket : sample.nativeBuckets)
        QVERIFY(!bucket.isZeroBucket());
    QCOMPARE(sample.nativeBuckets.at(0).boundaryRule, 1);
    QCOMPARE(sample.nativeBuckets.at(0).lower, -1.0);
    QCOMPARE(sample.nativeBuckets.at(0).upper, -0.5);
    QCOMPARE(sample.nativeBuckets.at(2).upper, 4.0);
    QCOMPARE(nativeSchemaOf(sample), std::optional<int>(0));
}

void TestSnapshotShapes::floatCounts()
{
    const Group group = parsedGroup(kFloatNative + "," + kFloatClassic);
    const Sample native = group.family(u"floatnative"_s)->samples.at(0);
    QCOMPARE(native.count, 6.5);
    QCOMPARE(native.nativeBuckets.at(0).count, 1.5);
    QVERIFY(native.nativeBuckets.at(0).isZeroBucket());
    const Sample classic = group.family(u"floaty"_s)->samples.at(0);
    QVERIFY(!classic.nativeHistogram);
    QCOMPARE(classic.count, 3.5);
    QCOMPARE(classic.buckets, (QList<QPair<double, double>>{{1.0, 1.5}, {2.0, 3.5}}));
}

void TestSnapshotShapes::gaugeHistogramWithoutBucketsIsUnsupported()
{
    const Group group = parsedGroup(kGaugeHistogram + "," + kGauge);
    QCOMPARE(group.families.size(), 1);
    QCOMPARE(group.families.at(0).name, u"job_success"_s);
    QCOMPARE(group.unsupportedFamilies.size(), 1);
    const UnsupportedFamily &unsupported = group.unsupportedFamilies.at(0);
    QCOMPARE(unsupported.name, u"queue_len"_s);
    QCOMPARE(unsupported.type, u"GAUGE_HISTOGRAM"_s);
    QVERIFY2(unsupported.note.contains(u"gauge histogram"_s), qPrintable(unsupported.note));
    QCOMPARE(unsupported.help, u"gauge hist"_s);
    QVERIFY(unsupported.metricLabelsRead);
    QCOMPARE(unsupported.metricLabels,
             (QList<Labels>{{{u"instance"_s, QString()}, {u"job"_s, u"nat"_s}}}));
}

void TestSnapshotShapes::unsupportedFamilyLabelsNotRead_data()
{
    QTest::addColumn<QByteArray>("family");
    QTest::newRow("no labels") << QByteArray(
        R"("q":{"type":"GAUGE_HISTOGRAM","metrics":[{"value":"0"}]})");
    QTest::newRow("labels not an object")
        << QByteArray(R"("q":{"type":"GAUGE_HISTOGRAM","metrics":[{"labels":"job","value":"0"}]})");
    QTest::newRow("a metric not an object")
        << QByteArray(R"("q":{"type":"GAUGE_HISTOGRAM","metrics":[{"labels":{}},3]})");
    QTest::newRow("no metrics") << QByteArray(R"("q":{"type":"GAUGE_HISTOGRAM"})");
}

void TestSnapshotShapes::unsupportedFamilyLabelsNotRead()
{
    QFETCH(QByteArray, family);
    const Group group = parsedGroup(family + "," + kGauge);
    QCOMPARE(group.unsupportedFamilies.size(), 1);
    QVERIFY(!group.unsupportedFamilies.at(0).metricLabelsRead);
}

void TestSnapshotShapes::unsupportedFamilyTextIsClipped()
{
    // A hostile gateway cannot put megabytes into the type or the note.
    const QByteArray type(1 << 20, 'T');
    const Group group = parsedGroup(R"("q":{"type":")" + type +
                                    R"(","metrics":[{"labels":{"job":"nat"},"value":"1"}]})");
    QCOMPARE(group.unsupportedFamilies.size(), 1);
    const UnsupportedFamily &unsupported = group.unsupportedFamilies.at(0);
    QVERIFY(unsupported.type.size() <= kMaxServerTextChars + 1);
    QVERIFY(unsupported.note.size() <= kMaxServerTextChars + 51);
    QVERIFY(unsupported.type.startsWith(u"TTT"_s));
}

void TestSnapshotShapes::gaugeHistogramWithBuckets()
{
    // A gateway that lists a gauge histogram like a histogram: read as one, type kept.
    const Group group = parsedGroup(
        R"("q":{"type":"GAUGE_HISTOGRAM","metrics":[{"buckets":{"1":"2","+Inf":"4"},"count":"4","labels":{"job":"nat"},"sum":"2.5"}]})");
    QVERIFY(group.unsupportedFamilies.isEmpty());
    const MetricFamily &family = group.families.at(0);
    QCOMPARE(int(family.type), int(MetricType::Histogram));
    QVERIFY(family.gaugeHistogram);
    QCOMPARE(familyTypeName(family), u"gaugehistogram"_s);
    QCOMPARE(family.samples.at(0).count, 4.0);
    QCOMPARE(family.samples.at(0).buckets.size(), 2);
}

void TestSnapshotShapes::unsupportedFamilyKeepsGroup_data()
{
    QTest::addColumn<QByteArray>("family");
    QTest::addColumn<QString>("type");
    QTest::newRow("future type")
        << QByteArray(
               R"("fam":{"type":"INFO_SET","metrics":[{"labels":{"job":"nat"},"value":"1"}]})")
        << u"INFO_SET"_s;
    QTest::newRow("buckets neither object nor list")
        << QByteArray(
               R"("fam":{"type":"HISTOGRAM","metrics":[{"labels":{"job":"nat"},"count":"1","sum":"1","buckets":"many"}]})")
        << u"HISTOGRAM"_s;
    QTest::newRow("native bucket of another shape")
        << QByteArray(
               R"("fam":{"type":"HISTOGRAM","metrics":[{"labels":{"job":"nat"},"count":"1","sum":"1","buckets":[{"lower":"1"}]}]})")
        << u"HISTOGRAM"_s;
    QTest::newRow("native bucket with five fields")
        << QByteArray(
               R"("fam":{"type":"HISTOGRAM","metrics":[{"labels":{"job":"nat"},"count":"1","sum":"1","buckets":[[0,"1","2","1","x"]]}]})")
        << u"HISTOGRAM"_s;
    QTest::newRow("family without metrics")
        << QByteArray(R"("fam":{"type":"GAUGE"})") << u"GAUGE"_s;
    QTest::newRow("non-numeric value")
        << QByteArray(
               R"("fam":{"type":"GAUGE","metrics":[{"labels":{"job":"nat"},"value":"lots"}]})")
        << u"GAUGE"_s;
    QTest::newRow("missing value")
        << QByteArray(R"("fam":{"type":"COUNTER","metrics":[{"labels":{"job":"nat"}}]})")
        << u"COUNTER"_s;
    QTest::newRow("non-numeric bucket bound")
        << QByteArray(
               R"("fam":{"type":"HISTOGRAM","metrics":[{"labels":{"job":"nat"},"count":"1","sum":"1","buckets":{"big":"1"}}]})")
        << u"HISTOGRAM"_s;
}

void TestSnapshotShapes::unsupportedFamilyKeepsGroup()
{
    QFETCH(QByteArray, family);
    QFETCH(QString, type);
    // The odd family's group and the gateway's other group are both listed.
    const SnapshotParseResult result = parseSnapshot(
        replyJson({groupJson("odd", family + "," + kGauge), groupJson("plain", kGauge)}));
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.snapshot.groups.size(), 2);
    for (const Group &group : result.snapshot.groups) {
        QCOMPARE(group.families.size(), 1); // job_success, for the outcome rules
        if (group.key.job() != u"odd")
            continue;
        QCOMPARE(group.unsupportedFamilies.size(), 1);
        const UnsupportedFamily &unsupported = group.unsupportedFamilies.at(0);
        QCOMPARE(unsupported.name, u"fam"_s);
        QCOMPARE(unsupported.type, type);
        QVERIFY(unsupported.note.endsWith(QLatin1Char('.')));
    }
}

void TestSnapshotShapes::unsupportedFamilyWithBrokenJsonFailsReply()
{
    // Brackets balance, so only a full read of the odd family finds the bad byte.
    const SnapshotParseResult result = parseSnapshot(
        replyJson({groupJson("odd", R"("fam":{"type":"INFO_SET","metrics":[{"value":"1"} x]})")}));
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"not JSON"_s), qPrintable(result.error));
}

void TestSnapshotShapes::deepNestingFails_data()
{
    QTest::addColumn<QByteArray>("json");
    constexpr int depth = 80'000;
    QTest::newRow("arrays") << QByteArray(depth, '[') + QByteArray(depth, ']');
    QTest::newRow("inside a family") << replyJson(
        {groupJson("deep", R"("fam":{"type":"X","metrics":[)" + QByteArray(depth, '[') +
                               QByteArray(depth, ']') + "]}")});
    QByteArray objects;
    for (int i = 0; i < depth; ++i)
        objects += R"({"a":)";
    QTest::newRow("objects as data")
        << R"({"status":"success","data":)" + objects + "1" + QByteArray(depth + 1, '}');
}

void TestSnapshotShapes::deepNestingFails()
{
    QFETCH(QByteArray, json);
    const SnapshotParseResult result = parseSnapshot(json);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"64 levels"_s), qPrintable(result.error));
}

void TestSnapshotShapes::notJsonOffsetPointsAtBadByte_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<char>("badByte");
    QTest::newRow("HTML") << QByteArray("<html></html>") << '<';
    QTest::newRow("missing comma") << QByteArray(R"({"status":"success" ;"data":[]})") << ';';
    QTest::newRow("text after the end") << QByteArray(R"({"status":"success","data":[]} !)") << '!';
    QTest::newRow("inside a group")
        << replyJson({groupJson(
               "g", R"("fam":{"type":"GAUGE","metrics":[{"labels":{"job":"g"},"value":?}]})")})
        << '?';
}

void TestSnapshotShapes::notJsonOffsetPointsAtBadByte()
{
    QFETCH(QByteArray, json);
    QFETCH(char, badByte);
    const SnapshotParseResult result = parseSnapshot(json);
    QVERIFY(!result.ok);
    const qsizetype expected = json.indexOf(badByte);
    QVERIFY2(result.error.contains(u"at byte %1;"_s.arg(expected)), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestSnapshotShapes)
#include "tst_snapshotshapes.moc"
