// Gauge histograms, which the gateway's JSON API lists as a bare value of 0, read from its
// protobuf /metrics instead: classic and native buckets, whole and float counts, the exact
// metrics of each group, and bytes built to break the decoder.
#include "gateway/gaugehistograms.h"
#include "gateway/nativeschema.h"
#include "gateway/protohistogram.h"
#include "gateway/snapshotparser.h"
#include "protobufbodies.h"

#include <QRandomGenerator>
#include <QTest>
#include <cmath>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

// Two groups as the JSON API lists them after the push of kNativeGaugeHistogramHex, and a
// third whose gauge histogram is not in the exposition.
QByteArray jsonReply()
{
    QByteArray data;
    for (const char *job : {"nat", "flt", "gone"}) {
        if (!data.isEmpty())
            data += ',';
        const QByteArray labels = R"({"instance":"","job":")" + QByteArray(job) + R"("})";
        data +=
            R"({"labels":{"job":")" + QByteArray(job) +
            R"("},"push_time_seconds":{"type":"GAUGE","metrics":[{"labels":)" + labels +
            R"(,"value":"1.79e9"}]},"queue_depth":{"type":"GAUGE_HISTOGRAM","help":"native gauge hist","metrics":[{"labels":)" +
            labels + R"(,"value":"0"}]}})";
    }
    return R"({"status":"success","data":[)" + data + "]}";
}

const Group *groupOf(const Snapshot &snapshot, const QString &job)
{
    for (const Group &group : snapshot.groups) {
        if (group.key.value(u"job"_s) == job)
            return &group;
    }
    return nullptr;
}

ProtoMetric metricOf(const char *hex, int family = 0, int metric = 0)
{
    const ProtoReadResult read = readDelimitedFamilies(QByteArray::fromHex(hex));
    return read.families.value(family).metrics.value(metric);
}

QString bucketsText(const Sample &sample)
{
    QStringList parts;
    for (const NativeBucket &bucket : sample.nativeBuckets)
        parts << u"%1 %2 %3 %4"_s.arg(bucket.boundaryRule)
                     .arg(bucket.lower, 0, 'g', 6)
                     .arg(bucket.upper, 0, 'g', 6)
                     .arg(bucket.count);
    return parts.join(u"; "_s);
}

} // namespace

class TestGaugeHistograms : public QObject
{
    Q_OBJECT

private slots:
    void classicBuckets();
    void nativeWholeCountsUnpacked();
    void nativeFloatCountsPacked();
    void customBucketsAreRefused();
    void eachGroupGetsItsOwnMetrics();
    void failedExpositionIsNotedAndNotRetried();
    void backupIsTheExpositionsBytes();
    void everyCutIsSafe();
    void randomBytesAreSafe();
};

void TestGaugeHistograms::classicBuckets()
{
    Sample sample;
    QString whyNot;
    QVERIFY2(readProtoHistogram(metricOf(kGaugeHistogramHex).otherFields, &sample, &whyNot),
             qPrintable(whyNot));
    QCOMPARE(sample.count, 4.0);
    QCOMPARE(sample.sum, 2.5);
    QVERIFY(!sample.nativeHistogram);
    const QList<QPair<double, double>> expected{{0.5, 1.0}, {1.0, 4.0}};
    QCOMPARE(sample.buckets, expected);
}

void TestGaugeHistograms::nativeWholeCountsUnpacked()
{
    Sample sample;
    QString whyNot;
    QVERIFY2(readProtoHistogram(metricOf(kNativeGaugeHistogramHex).otherFields, &sample, &whyNot),
             qPrintable(whyNot));
    QVERIFY(sample.nativeHistogram);
    QCOMPARE(sample.count, 16.0);
    QCOMPARE(sample.sum, 42.0);
    QCOMPARE(bucketsText(sample), u"1 -1 -0.5 5; 3 -0.001 0.001 2; 0 1 2 3; 0 2 4 2; 0 8 16 4"_s);
    QCOMPARE(nativeSchemaOf(sample), std::optional<int>(0));
}

void TestGaugeHistograms::nativeFloatCountsPacked()
{
    Sample sample;
    QString whyNot;
    QVERIFY2(
        readProtoHistogram(metricOf(kNativeGaugeHistogramHex, 0, 1).otherFields, &sample, &whyNot),
        qPrintable(whyNot));
    QCOMPARE(sample.count, 3.5);
    QCOMPARE(sample.sum, -1.25);
    QCOMPARE(bucketsText(sample), u"0 0.353553 0.5 1.5; 0 0.5 0.707107 2"_s);
    QCOMPARE(nativeSchemaOf(sample), std::optional<int>(1));
}

void TestGaugeHistograms::customBucketsAreRefused()
{
    // histogram { sample_count 1, schema -53 (zigzag 105), positive_span {0, 1}, delta 1 }
    const QByteArray histogram = QByteArray::fromHex("0801") + QByteArray::fromHex("2869") +
                                 QByteArray::fromHex("620408001001") + QByteArray::fromHex("6802");
    const QByteArray fields = "\x3a" + QByteArray(1, char(histogram.size())) + histogram;
    Sample sample;
    QString whyNot;
    QVERIFY(!readProtoHistogram(fields, &sample, &whyNot));
    QVERIFY2(whyNot.contains(u"custom (schema -53)"_s), qPrintable(whyNot));
    QVERIFY(!readProtoHistogram(QByteArray::fromHex("120909000000000000f03f"), &sample, &whyNot));
    QVERIFY2(whyNot.contains(u"no histogram"_s), qPrintable(whyNot)); // a gauge, not a histogram
}

void TestGaugeHistograms::eachGroupGetsItsOwnMetrics()
{
    SnapshotParseResult parsed = parseSnapshot(jsonReply());
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QVERIFY(hasUnreadGaugeHistograms(parsed.snapshot));
    const GatewayExposition exposition =
        GatewayExposition::fromBody(QByteArray::fromHex(kNativeGaugeHistogramHex));
    QCOMPARE(readGaugeHistograms(&parsed.snapshot, exposition), 2);
    for (const QString &job : {u"nat"_s, u"flt"_s}) {
        const Group *group = groupOf(parsed.snapshot, job);
        QVERIFY(group);
        QVERIFY(group->unsupportedFamilies.isEmpty());
        const MetricFamily *family = group->family(u"queue_depth"_s);
        QVERIFY(family);
        QVERIFY(family->gaugeHistogram && family->readFromExposition);
        QCOMPARE(familyTypeName(*family), u"gaugehistogram"_s);
        QCOMPARE(family->help, u"native gauge hist"_s);
        QCOMPARE(family->samples.size(), 1);
        QCOMPARE(family->samples.first().count, job == u"nat" ? 16.0 : 3.5);
        QCOMPARE(family->samples.first().labels,
                 (Labels{{u"instance"_s, QString()}, {u"job"_s, job}}));
    }
}

void TestGaugeHistograms::failedExpositionIsNotedAndNotRetried()
{
    SnapshotParseResult parsed = parseSnapshot(jsonReply());
    QVERIFY(parsed.ok);
    const GatewayExposition exposition =
        GatewayExposition::fromBody(QByteArray::fromHex(kNativeGaugeHistogramHex));
    readGaugeHistograms(&parsed.snapshot, exposition);
    const Group *gone = groupOf(parsed.snapshot, u"gone"_s);
    QCOMPARE(gone->unsupportedFamilies.size(), 1);
    QVERIFY(gone->unsupportedFamilies.first().expositionTried);
    QVERIFY2(gone->unsupportedFamilies.first().note.contains(u"not found exactly once"_s),
             qPrintable(gone->unsupportedFamilies.first().note));
    QVERIFY(!hasUnreadGaugeHistograms(parsed.snapshot)); // the next poll asks no more

    // The next reply reuses the unchanged groups, with what was read and what was not.
    const SnapshotParseResult next = parseSnapshot(jsonReply(), &parsed.snapshot);
    QVERIFY(next.ok);
    QVERIFY(!hasUnreadGaugeHistograms(next.snapshot));
    QVERIFY(groupOf(next.snapshot, u"nat"_s)->family(u"queue_depth"_s));

    SnapshotParseResult unreadable = parseSnapshot(jsonReply());
    readGaugeHistograms(&unreadable.snapshot,
                        GatewayExposition::failed(u"The request timed out."_s));
    QVERIFY2(groupOf(unreadable.snapshot, u"nat"_s)
                 ->unsupportedFamilies.first()
                 .note.contains(u"could not be read instead: The request timed out."_s),
             qPrintable(groupOf(unreadable.snapshot, u"nat"_s)->unsupportedFamilies.first().note));
}

// What is shown is read from /metrics, but the backup is still the exposition's own bytes
// for this group: the same as the backup of the group before it was read.
void TestGaugeHistograms::backupIsTheExpositionsBytes()
{
    const SnapshotParseResult unread = parseSnapshot(jsonReply());
    SnapshotParseResult read = parseSnapshot(jsonReply());
    const GatewayExposition exposition =
        GatewayExposition::fromBody(QByteArray::fromHex(kNativeGaugeHistogramHex));
    readGaugeHistograms(&read.snapshot, exposition);
    for (const QString &job : {u"nat"_s, u"flt"_s}) {
        const Group *shown = groupOf(read.snapshot, job);
        QVERIFY(needsExposition(*shown));
        const RestorableBody fromShown = toRestorableBody(*shown, exposition);
        const RestorableBody fromUnread =
            toRestorableBody(*groupOf(unread.snapshot, job), exposition);
        QVERIFY2(fromShown.isRestorable(), qPrintable(fromShown.whyNot));
        QCOMPARE(fromShown.body.toHex(), fromUnread.body.toHex());
        QCOMPARE(fromShown.contentType, fromUnread.contentType);
        // Only this group's metric, with the grouping labels left to the path.
        const ProtoReadResult back = readDelimitedFamilies(fromShown.body);
        QVERIFY(back.ok);
        QCOMPARE(back.families.size(), 1); // push_time_seconds is the gateway's, not written
        QCOMPARE(back.families.first().name, u"queue_depth"_s);
        QCOMPARE(back.families.first().metrics.size(), 1);
        QVERIFY(back.families.first().metrics.first().labels.isEmpty());
    }
}

void TestGaugeHistograms::everyCutIsSafe()
{
    const QByteArray fields = metricOf(kNativeGaugeHistogramHex).otherFields;
    for (qsizetype length = 0; length < fields.size(); ++length) {
        Sample sample;
        QString whyNot;
        if (!readProtoHistogram(fields.first(length), &sample, &whyNot))
            QVERIFY2(!whyNot.isEmpty(), qPrintable(u"cut at %1"_s.arg(length)));
    }
}

void TestGaugeHistograms::randomBytesAreSafe()
{
    QRandomGenerator random(20261202);
    const QByteArray valid = metricOf(kNativeGaugeHistogramHex).otherFields;
    for (int round = 0; round < 5000; ++round) {
        QByteArray bytes = valid;
        for (int flips = 1 + int(random.bounded(4)); flips > 0; --flips)
            bytes[random.bounded(int(bytes.size()))] = char(random.bounded(256));
        Sample sample;
        QString whyNot;
        if (!readProtoHistogram(bytes, &sample, &whyNot))
            QVERIFY(!whyNot.isEmpty());
        QVERIFY(sample.nativeBuckets.size() <= 100000);
    }
}

QTEST_GUILESS_MAIN(TestGaugeHistograms)
#include "tst_gaugehistograms.moc"
