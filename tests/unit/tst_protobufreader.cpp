// The protobuf wire-format reader for a gateway's /metrics: valid streams, and bytes built
// to break it (cut off anywhere, garbage, lengths far past the end, deep varints).
#include "gateway/protobufreader.h"
#include "protobufbodies.h"

#include <QRandomGenerator>
#include <QTest>

using namespace pushscope;
using pushscope::testing::kGaugeHistogramHex;
using namespace Qt::StringLiterals;

namespace {

ProtoFamily labelledFamily()
{
    ProtoFamily family;
    family.name = u"queue_len"_s;
    family.help = u"with \"quotes\" and ü"_s;
    family.type = 5;
    for (const QString &job : {u"a"_s, u"b"_s}) {
        ProtoMetric metric;
        metric.labels = {{u"instance"_s, QString()}, {u"job"_s, job}};
        metric.otherFields = QByteArray::fromHex("120909000000000000f03f"); // gauge 1
        family.metrics.append(metric);
    }
    return family;
}

} // namespace

class TestProtobufReader : public QObject
{
    Q_OBJECT

private slots:
    void readsIndependentEncoding();
    void writesAndReadsBack();
    void emptyInputHasNoFamilies();
    void everyCutIsSafe();
    void hostileBytes_data();
    void hostileBytes();
    void randomGarbageIsSafe();
    void invalidUtf8IsMarked();
};

void TestProtobufReader::readsIndependentEncoding()
{
    const ProtoReadResult read = readDelimitedFamilies(QByteArray::fromHex(kGaugeHistogramHex));
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.families.size(), 2);
    const ProtoFamily &queue = read.families.at(0);
    QCOMPARE(queue.name, u"queue_len"_s);
    QCOMPARE(queue.help, u"gauge hist"_s);
    QCOMPARE(queue.type, 5u);
    QCOMPARE(queue.metrics.size(), 1);
    QVERIFY(queue.metrics.at(0).labels.isEmpty());
    QCOMPARE(queue.metrics.at(0).otherFields.size(), 0x27); // the histogram field, whole
    QCOMPARE(read.families.at(1).name, u"job_success"_s);
    QCOMPARE(read.families.at(1).type, 1u);
    // Written back unchanged, each family is the very same bytes.
    const QByteArray again = writeDelimitedFamily(queue, queue.metrics) +
                             writeDelimitedFamily(read.families.at(1), read.families.at(1).metrics);
    QCOMPARE(again.toHex(), QByteArray(kGaugeHistogramHex));
}

void TestProtobufReader::writesAndReadsBack()
{
    const ProtoFamily family = labelledFamily();
    const QByteArray bytes = writeDelimitedFamily(family, family.metrics);
    const ProtoReadResult read = readDelimitedFamilies(bytes + bytes);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.families.size(), 2);
    for (const ProtoFamily &back : read.families) {
        QCOMPARE(back.name, family.name);
        QCOMPARE(back.help, family.help);
        QCOMPARE(back.type, family.type);
        QCOMPARE(back.metrics.size(), 2);
        QCOMPARE(back.metrics.at(1).labels, family.metrics.at(1).labels);
        QCOMPARE(back.metrics.at(1).otherFields, family.metrics.at(1).otherFields);
        QVERIFY(back.exactText && back.metrics.at(0).exactText);
    }
    // Only the metrics asked for are written.
    const ProtoReadResult one =
        readDelimitedFamilies(writeDelimitedFamily(family, {family.metrics.at(1)}));
    QCOMPARE(one.families.at(0).metrics.size(), 1);
    QCOMPARE(one.families.at(0).metrics.at(0).labels.at(1).second, u"b"_s);
}

void TestProtobufReader::emptyInputHasNoFamilies()
{
    const ProtoReadResult read = readDelimitedFamilies({});
    QVERIFY(read.ok);
    QVERIFY(read.families.isEmpty());
}

void TestProtobufReader::everyCutIsSafe()
{
    const ProtoFamily family = labelledFamily();
    const QByteArray whole = writeDelimitedFamily(family, family.metrics);
    for (qsizetype size = 1; size < whole.size(); ++size) {
        const ProtoReadResult read = readDelimitedFamilies(whole.first(size));
        QVERIFY2(!read.ok, qPrintable(QString::number(size)));
        QVERIFY(!read.error.isEmpty());
        QVERIFY(read.families.isEmpty());
    }
}

void TestProtobufReader::hostileBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("why");
    QTest::newRow("length of 2^63")
        << QByteArray::fromHex("ffffffffffffffff7f0a") << u"runs past the end"_s;
    QTest::newRow("length of 2^64 - 1")
        << QByteArray::fromHex("ffffffffffffffffff01") << u"runs past the end"_s;
    QTest::newRow("varint of 11 bytes")
        << QByteArray::fromHex("ffffffffffffffffffff01") << u"longer than 64 bits"_s;
    QTest::newRow("inner length past the end")
        << QByteArray::fromHex("040a7f6162") << u"runs past the end"_s;
    QTest::newRow("metric length past the end")
        << QByteArray::fromHex("080a01712280808001") << u"runs past the end"_s;
    QTest::newRow("label pair cut off")
        << QByteArray::fromHex("0a0a017122050a030a0561") << u"runs past the end"_s;
    QTest::newRow("group wire type") << QByteArray::fromHex("040a017123") << u"wire type"_s;
    QTest::newRow("field number 0") << QByteArray::fromHex("03000a01") << u"field number"_s;
    QTest::newRow("fixed64 cut off") << QByteArray::fromHex("050a017129ff") << u"cut off"_s;
    QTest::newRow("name not length-delimited")
        << QByteArray::fromHex("020801") << u"not length-delimited"_s;
    QTest::newRow("no name") << QByteArray::fromHex("021801") << u"no name"_s;
}

void TestProtobufReader::hostileBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, why);
    const ProtoReadResult read = readDelimitedFamilies(bytes);
    QVERIFY(!read.ok);
    QVERIFY2(read.error.contains(why), qPrintable(read.error));
    QVERIFY(read.families.isEmpty());
}

void TestProtobufReader::randomGarbageIsSafe()
{
    QRandomGenerator random(11);
    const QByteArray valid = QByteArray::fromHex(kGaugeHistogramHex);
    for (int round = 0; round < 20000; ++round) {
        QByteArray bytes = valid;
        const int flips = 1 + int(random.bounded(4));
        for (int i = 0; i < flips; ++i)
            bytes[random.bounded(int(bytes.size()))] = char(random.bounded(256));
        if (round % 2) {
            bytes.resize(random.bounded(64));
            for (char &c : bytes)
                c = char(random.bounded(256));
        }
        const ProtoReadResult read = readDelimitedFamilies(bytes);
        QVERIFY(read.ok != !read.error.isEmpty());
    }
}

void TestProtobufReader::invalidUtf8IsMarked()
{
    // queue_len with one metric whose label value is the byte 0xff.
    const QByteArray bytes = QByteArray::fromHex("130a0171220e0a0c0a046e616d651204ff000102");
    const ProtoReadResult read = readDelimitedFamilies(bytes);
    QVERIFY2(read.ok, qPrintable(read.error));
    QVERIFY(read.families.at(0).exactText);
    QVERIFY(!read.families.at(0).metrics.at(0).exactText);
}

QTEST_GUILESS_MAIN(TestProtobufReader)
#include "tst_protobufreader.moc"
