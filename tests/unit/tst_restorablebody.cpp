// Backups of a group (issue 11.2, 11.6): the text format where it carries the group,
// otherwise delimited protobuf rebuilt from the JSON; a sentence where nothing can.
#include "gateway/expositionwriter.h"
#include "gateway/protobufwriter.h"
#include "gateway/snapshotparser.h"
#include "snapshotfixture.h"

#include <QTest>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

class TestRestorableBody : public QObject
{
    Q_OBJECT

private slots:
    void classicGroupStaysText();
    void negativeZeroKeepsItsSign();
    void nativeHistogramRebuiltAsPushed();
    void legacyInvalidNamesGoProtobuf();
    void fractionalCountsGoProtobuf();
    void emptyNativeHistogramKeepsASpan();
    void unrestorable_data();
    void unrestorable();
};

void TestRestorableBody::classicGroupStaysText()
{
    const Group group = parsedGroup(
        R"("h":{"type":"HISTOGRAM","help":"x","metrics":[{"buckets":{"1":"1","+Inf":"2"},"count":"2","labels":{"instance":"","job":"nat"},"sum":"3"}]})");
    const RestorableBody backup = toRestorableBody(group);
    QVERIFY(backup.isRestorable());
    QVERIFY(backup.contentType.startsWith("text/plain"));
    QCOMPARE(backup.body, toExpositionText(group));
    QVERIFY(backup.body.contains("h_bucket{le=\"+Inf\"} 2\n"));
}

void TestRestorableBody::negativeZeroKeepsItsSign()
{
    const Group group = parsedGroup(
        R"("g":{"type":"GAUGE","metrics":[{"labels":{"instance":"","job":"nat"},"value":"-0"}]})");
    QCOMPARE(toExpositionText(group), QByteArray("# TYPE g gauge\ng -0\n"));
}

void TestRestorableBody::nativeHistogramRebuiltAsPushed()
{
    // Pushed as schema 3, zero threshold 2^-128, zero count 2, spans (0,2) (3,1), deltas
    // 3 1 -2; the gateway showed the JSON below. The rebuilt message is the pushed one.
    const Group group = parsedGroup(
        R"("job_duration_seconds":{"type":"HISTOGRAM","help":"native help","metrics":[{"buckets":[[3,"-2.938735877055719e-39","2.938735877055719e-39","2"],[0,"0.9170040432046711","1","3"],[0,"1","1.0905077326652577","4"],[0,"1.414213562373095","1.5422108254079407","2"]],"count":"10","labels":{"instance":"","job":"nat","kind":"native"},"sum":"12.5"}]})");
    const RestorableBody backup = toRestorableBody(group);
    QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
    QCOMPARE(backup.contentType, QByteArray(kDelimitedProtobufContentType));
    QCOMPARE(backup.body.toHex(),
             QByteArray("630a146a6f625f6475726174696f6e5f7365636f6e6473120b6e61746976652068656c7018"
                        "04223c0a0e0a046b696e6412066e61746976653a2a080a110000000000002940280631000"
                        "000000000f0373802620408001002620408061001680668026803"));
}

void TestRestorableBody::legacyInvalidNamesGoProtobuf()
{
    const Group group = parsedGroup(
        R"("my.metric":{"type":"COUNTER","metrics":[{"labels":{"instance":"","job":"nat","my.label":"a b"},"value":"-0"}]})");
    const RestorableBody backup = toRestorableBody(group);
    QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
    QCOMPARE(backup.contentType, QByteArray(kDelimitedProtobufContentType));
    QCOMPARE(backup.body.toHex(), QByteArray("2b0a096d792e6d65747269631800221c0a0f0a086d792e6c6162"
                                             "656c12036120621a09090000000000000080"));
}

void TestRestorableBody::fractionalCountsGoProtobuf()
{
    for (
        const QByteArray &family :
        {QByteArray(
             R"("f":{"type":"HISTOGRAM","metrics":[{"buckets":{"1":"1.5","2":"3.5"},"count":"3.5","labels":{"job":"nat"},"sum":"7"}]})"),
         QByteArray(
             R"("f":{"type":"HISTOGRAM","metrics":[{"buckets":[[3,"-0.01","0.01","1.5"],[0,"1.414213562373095","2","2"],[0,"2","2.82842712474619","3"]],"count":"6.5","labels":{"job":"nat"},"sum":"1"}]})")}) {
        const RestorableBody backup = toRestorableBody(parsedGroup(family));
        QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
        QCOMPARE(backup.contentType, QByteArray(kDelimitedProtobufContentType));
        // 3.5 / 6.5 as sample_count_float (field 4, fixed64): 0x21 then the double.
        QVERIFY(backup.body.contains(QByteArray::fromHex("21")));
    }
}

void TestRestorableBody::emptyNativeHistogramKeepsASpan()
{
    const Group group = parsedGroup(
        R"("e":{"type":"HISTOGRAM","metrics":[{"buckets":[],"count":"0","labels":{"job":"nat"},"sum":"0"}]})");
    const RestorableBody backup = toRestorableBody(group);
    QVERIFY2(backup.isRestorable(), qPrintable(backup.whyNot));
    // positive_span (field 12) {offset 0, length 1} and one delta of 0 (field 13).
    QVERIFY(backup.body.contains(QByteArray::fromHex("62040800100168 00").replace(' ', "")));
}

void TestRestorableBody::unrestorable_data()
{
    QTest::addColumn<QByteArray>("family");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("gauge histogram the JSON hides")
        << QByteArray(
               R"("q":{"type":"GAUGE_HISTOGRAM","metrics":[{"labels":{"job":"nat"},"value":"0"}]})")
        << u"q"_s;
    QTest::newRow("future type")
        << QByteArray(R"("x":{"type":"INFO_SET","metrics":[{"labels":{"job":"nat"},"value":"1"}]})")
        << u"INFO_SET"_s;
    QTest::newRow("custom bucket bounds")
        << QByteArray(
               R"("c":{"type":"HISTOGRAM","metrics":[{"buckets":[[0,"1","3","1"]],"count":"1","labels":{"job":"nat"},"sum":"2"}]})")
        << u"c"_s;
    QTest::newRow("bounds of two schemas")
        << QByteArray(
               R"("c":{"type":"HISTOGRAM","metrics":[{"buckets":[[0,"1","2","1"],[0,"2","2.82842712474619","1"]],"count":"2","labels":{"job":"nat"},"sum":"2"}]})")
        << u"c"_s;
}

void TestRestorableBody::unrestorable()
{
    QFETCH(QByteArray, family);
    QFETCH(QString, mentions);
    const RestorableBody backup = toRestorableBody(parsedGroup(family));
    QVERIFY(!backup.isRestorable());
    QVERIFY(backup.body.isEmpty());
    QVERIFY2(backup.whyNot.contains(mentions) && backup.whyNot.endsWith(QLatin1Char('.')),
             qPrintable(backup.whyNot));
}

QTEST_GUILESS_MAIN(TestRestorableBody)
#include "tst_restorablebody.moc"
