// The list writers (JSON, CSV, table straight into UTF-8) against the DOM-based output they
// replaced (recordoracle.cpp): the same bytes, and for JSON the same document when parsed.

#include "cli/jsonwriter.h"
#include "cli/recordformat.h"
#include "cli/unixtimetext.h"
#include "model/duration.h"
#include "recordoracle.h"
#include "snapshotfixture.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>

using namespace pushscope;
using namespace Qt::StringLiterals;
using namespace pushscope::testing;

namespace {

const QString kLoneHigh = QString(QChar(0xd800));
const QString kLoneLow = QString(QChar(0xdc01));

// What a gateway sends, read by the real parser: every family shape it knows and one it does
// not (two: a gauge histogram shown only as a value, INFO_SET), numbers as the gateway writes them
// ("NaN", "+Inf"), UTF-8, escapes in labels and help.
Group parsedRichGroup()
{
    return parsedGroup(
        R"("a_counter":{"type":"COUNTER","help":"quote \" backslash \\ tab \t nl \n ctl \u0001 del \u007f","metrics":[{"labels":{"instance":"","job":"nat","path":"C:\\tmp\\\"x\"","z":"\u00e9\u65e5\u672c\ud83d\ude00"},"value":"12345678901234567890"}]},)"
        R"("gauge_special":{"type":"GAUGE","help":"","metrics":[{"labels":{"instance":"","job":"nat","v":"nan"},"value":"NaN"},{"labels":{"instance":"","job":"nat","v":"inf"},"value":"+Inf"},{"labels":{"instance":"","job":"nat","v":"-inf"},"value":"-Inf"},{"labels":{"instance":"","job":"nat","v":"tiny"},"value":"1e-7"},{"labels":{"instance":"","job":"nat","v":"neg0"},"value":"-0"},{"labels":{"instance":"","job":"nat","v":"round"},"value":"0.30000000000000004"}]},)"
        R"("lat":{"type":"SUMMARY","help":"a summary","metrics":[{"labels":{"instance":"","job":"nat"},"count":"3","sum":"NaN","quantiles":{"0.5":"0.25","0.99":"NaN"}}]},)"
        R"("hist":{"type":"HISTOGRAM","help":"classic","metrics":[{"labels":{"instance":"","job":"nat"},"count":"1000000","sum":"2.5e+300","buckets":{"0.1":"1","1":"5","+Inf":"1000000"}}]},)"
        R"("native":{"type":"HISTOGRAM","help":"native","metrics":[{"buckets":[[3,"-2.938735877055719e-39","2.938735877055719e-39","2"],[0,"0.9170040432046711","1","3.5"],[1,"-1","-0.5","2"]],"count":"10","labels":{"instance":"","job":"nat","kind":"native"},"sum":"12.5"}]},)"
        R"("gh":{"type":"GAUGE_HISTOGRAM","metrics":[{"buckets":{"1":"2","+Inf":"4"},"count":"4","labels":{"job":"nat"},"sum":"2.5"}]},)"
        R"("queue_len":{"type":"GAUGE_HISTOGRAM","help":"gauge hist","metrics":[{"labels":{"instance":"","job":"nat"},"value":"0"}]},)"
        R"("fam":{"type":"INFO_SET","help":"not read","metrics":[{"labels":{"job":"nat"},"value":"1"}]})");
}

// Values no reply holds but a Group can: lone surrogates, labels out of order with a name
// repeated, non-finite ages, empty lists.
Group builtOddGroup()
{
    Group group;
    group.key = GroupingKey({{u"job"_s, u"odd, \"job\"\r\n"_s},
                             {u"a.b"_s, kLoneHigh + u"x"_s + kLoneLow},
                             {u"\u00e9t\u00e9"_s, u""_s},
                             {u"c"_s, u"\u0000\u001f\u2028\ufeff"_s}});
    group.pushTime = 1790000000.123456;
    group.pushFailureTime = 1790000001;
    group.lastPushSuccessful = false;
    MetricFamily family;
    family.name = u"weird"_s + kLoneLow;
    family.help = kLoneHigh;
    family.type = MetricType::Untyped;
    Sample sample;
    sample.labels = {{u"zz"_s, u"1"_s}, {u"aa"_s, u"2"_s}, {u"zz"_s, u"3"_s}, {u""_s, u"e"_s}};
    sample.value = -std::numeric_limits<double>::denorm_min();
    family.samples = {sample, Sample{}};
    MetricFamily empty;
    empty.name = u"empty"_s;
    empty.type = MetricType::Summary;
    group.families = {family, empty};
    UnsupportedFamily unsupported;
    unsupported.name = u"u\u00e9"_s;
    unsupported.note = u"note with \"quotes\""_s;
    group.unsupportedFamilies = {unsupported};
    return group;
}

QList<GroupRecord> richRecords()
{
    QList<GroupRecord> records;
    auto add = [&](const Group &group, double age, Outcome outcome, const QString &gateway) {
        GroupRecord record;
        record.gatewayIndex = int(records.size() % 2);
        record.gateway = gateway;
        record.group = group;
        record.pushAgeSeconds = age;
        record.verdict.outcome = outcome;
        records.append(record);
    };
    add(parsedRichGroup(), 12.5, Outcome::Success, u"http://127.0.0.1:9091"_s);
    add(builtOddGroup(), std::nan(""), Outcome::Failed, u"http://h\u00f6st:9091/p,\"q\""_s);
    add(builtOddGroup(), std::numeric_limits<double>::infinity(), Outcome::Stale, u"g"_s);
    add(Group{}, -0.0, Outcome::Unknown, u""_s);
    add(parsedRichGroup(), 1e20, Outcome::Unknown, u"http://127.0.0.1:9091"_s);
    add(parsedRichGroup(), 86400.0 * 400 + 0.5, Outcome::Success, u"x"_s);
    return records;
}

} // namespace

class TestRecordWriter : public QObject
{
    Q_OBJECT

private slots:
    void jsonMatchesTheDomOutput()
    {
        const QList<GroupRecord> records = richRecords();
        QCOMPARE(records.first().group.unsupportedFamilies.size(), 2);
        QCOMPARE(records.first().group.families.size(), 6);
        const QByteArray written = recordsToJson(records);
        const QByteArray expected = oracle::recordsToJson(records);
        QVERIFY(written.contains(R"("type": "gaugehistogram")"));
        QVERIFY(written.contains(R"("native_buckets": [)"));
        QVERIFY(written.contains(R"("value": "NaN")"));
        QVERIFY(written.contains(R"(\ud800x\udc01)"));
        QVERIFY(written.contains("ctl \\u0001 del \x7f"));
        QVERIFY(written.contains("\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80"));
        QJsonParseError error;
        const QJsonDocument parsed = QJsonDocument::fromJson(written, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(parsed, QJsonDocument::fromJson(expected));
        QCOMPARE(written, expected);
    }

    void jsonOfNothing()
    {
        QCOMPARE(recordsToJson({}), oracle::recordsToJson({}));
        QCOMPARE(recordsToJson({}), "[\n]\n"_ba);
    }

    void escapesPerRfc8259()
    {
        QByteArray out;
        appendJsonEscaped(&out, u"\"\\/\b\f\n\r\t\u0001\u001f\u007f\u00e9\U0001F600"_s + kLoneHigh +
                                    u"a"_s + kLoneLow);
        QCOMPARE(out, "\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\xc3\xa9\xf0\x9f\x98\x80"
                      "\\ud800a\\udc01"_ba);
    }

    void csvMatchesTheOldOutput()
    {
        const QList<GroupRecord> records = richRecords();
        QCOMPARE(recordsToCsv(records), oracle::recordsToCsv(records));
        QCOMPARE(recordsToCsv({}), oracle::recordsToCsv({}));
    }

    void tableMatchesTheOldOutput()
    {
        const QList<GroupRecord> records = richRecords();
        QCOMPARE(recordsToTable(records), oracle::recordsToTable(records));
        QCOMPARE(recordsToTable({}), oracle::recordsToTable({}));
        const QStringList header = {u"A"_s, u"LONGER HEADER"_s, u"C"_s};
        const QList<QStringList> rows = {
            {u"\u65e5\u672c"_s, u"x"_s, u"last"_s}, {u"\U0001F600 wide"_s, u""_s}, {}, {u"only"_s}};
        QCOMPARE(formatTextTable(header, rows), oracle::formatTextTable(header, rows));
    }

    void unixTimeTextMatchesFormatUnixTime_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<qint64>("transition"); // a change of offset in that zone
        QTest::newRow("Berlin") << "Europe/Berlin"_ba << qint64(1774746000);
        QTest::newRow("St Johns") << "America/St_Johns"_ba << qint64(1772944200);
        QTest::newRow("Lord Howe") << "Australia/Lord_Howe"_ba << qint64(1775315400);
        QTest::newRow("UTC") << "UTC"_ba << qint64(1774746000);
    }

    void unixTimeTextMatchesFormatUnixTime()
    {
        QFETCH(QByteArray, zone);
        QFETCH(qint64, transition);
        const QByteArray before = qgetenv("TZ");
        qputenv("TZ", zone);
        tzset();
        if (zone != "UTC")
            QVERIFY(QDateTime::fromSecsSinceEpoch(transition).offsetFromUtc() != 0);
        QList<double> times = {
            0, 1, 86400, 86401.5, 951782400, 253402300799.0, 253402300799.0 - 86400, 1e12, -5};
        for (qint64 t = transition - 7200; t < transition + 7200; t += 419)
            times.append(double(t) + 0.999);
        quint64 seed = 42;
        for (int i = 0; i < 3000; ++i) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            times.append(double(seed >> 11) / double(1ull << 53) * 2.6e11);
        }
        UnixTimeText text;
        int fast = 0;
        for (const double t : times) {
            char written[19];
            if (!text.format(t, written))
                continue;
            ++fast;
            QCOMPARE(QByteArray(written, sizeof written), formatUnixTime(t).toLatin1());
        }
        QVERIFY(fast > 2500);
        qputenv("TZ", before);
        tzset();
    }

    void naturalCompare_data()
    {
        QTest::addColumn<QString>("smaller");
        QTest::addColumn<QString>("larger");
        QTest::newRow("by value") << u"host-9"_s << u"host-10"_s;
        QTest::newRow("first run decides") << u"job_9_z"_s << u"job_10_a"_s;
        QTest::newRow("padding") << u"07"_s << u"7"_s;
        QTest::newRow("zeros") << u"a0"_s << u"a00"_s;
        QTest::newRow("prefix") << u"host"_s << u"host-1"_s;
        QTest::newRow("digit before letter") << u"a1"_s << u"aa"_s;
        QTest::newRow("punctuation before digit") << u"a-"_s << u"a1"_s;
        QTest::newRow("long numbers") << u"x18446744073709551616"_s << u"x18446744073709551617"_s;
        QTest::newRow("code units") << u"B"_s << u"a"_s;
    }

    void naturalCompare()
    {
        QFETCH(QString, smaller);
        QFETCH(QString, larger);
        QVERIFY(pushscope::naturalCompare(smaller, larger) < 0);
        QVERIFY(pushscope::naturalCompare(larger, smaller) > 0);
        QCOMPARE(pushscope::naturalCompare(smaller, smaller), 0);
    }

    // Gateways in the order given, then keys in natural order; the same for any input order.
    void listingOrder()
    {
        const QStringList expected = {u"{job=\"a\",instance=\"host-2\"}"_s,
                                      u"{job=\"a\",instance=\"host-10\"}"_s, u"{job=\"b_9\"}"_s,
                                      u"{job=\"b_10\"}"_s, u"{job=\"a\",instance=\"host-1\"}"_s};
        QList<GroupRecord> records;
        for (const QString &text : expected) {
            GroupRecord record;
            QString error;
            QVERIFY2(GroupingKey::parse(text, &record.group.key, &error), qPrintable(error));
            record.gatewayIndex = records.size() == 4 ? 1 : 0;
            records.append(record);
        }
        for (int turn = 0; turn < 5; ++turn) {
            QList<GroupRecord> shuffled = records;
            std::rotate(shuffled.begin(), shuffled.begin() + turn, shuffled.end());
            std::reverse(shuffled.begin(), shuffled.end());
            sortForListing(&shuffled);
            QStringList keys;
            for (const GroupRecord &record : shuffled)
                keys.append(record.group.key.toString());
            QCOMPARE(keys, expected);
        }
    }

    // Streamed in small chunks, the output is the same bytes.
    void streamsInChunks()
    {
        const QList<GroupRecord> records = richRecords();
        for (const OutputFormat format :
             {OutputFormat::Json, OutputFormat::Csv, OutputFormat::Table}) {
            QByteArray streamed;
            int chunks = 0;
            ByteSink sink(
                [&](const QByteArray &bytes) {
                    streamed += bytes;
                    ++chunks;
                },
                64);
            writeRecords(format, records, &sink);
            QVERIFY(sink.buffer().isEmpty());
            QVERIFY(chunks > 2);
            const QByteArray whole = format == OutputFormat::Json  ? recordsToJson(records)
                                     : format == OutputFormat::Csv ? recordsToCsv(records)
                                                                   : recordsToTable(records);
            QCOMPARE(streamed, whole);
        }
    }
};

QTEST_GUILESS_MAIN(TestRecordWriter)
#include "tst_recordwriter.moc"
