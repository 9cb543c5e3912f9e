#include "gateway/gatewayendpoint.h"
#include "gateway/groupingkey.h"
#include "keycorpus.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

// Decodes one "<name>/<value>" or "<name>@base64/<value>" pair of a grouping key path.
bool decodePair(const QString &nameSegment, const QString &valueSegment, QString *name,
                QString *value, bool *base64, QString *error)
{
    static const QString marker = u"@base64"_s;
    *base64 = nameSegment.endsWith(marker);
    *name = *base64 ? nameSegment.chopped(marker.size()) : nameSegment;
    if (!*base64) {
        *value = valueSegment;
        return true;
    }
    const QByteArray encoded = valueSegment.toLatin1();
    // RFC 4648 URL-safe alphabet with padding: never '+' or '/', length a multiple of 4.
    for (const char c : encoded) {
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '=';
        if (!alphabet) {
            *error = u"character %1 is not in the URL-safe alphabet: %2"_s.arg(QLatin1Char(c))
                         .arg(valueSegment);
            return false;
        }
    }
    if (encoded != "=" && encoded.size() % 4 != 0) {
        *error = u"unpadded base64: "_s + valueSegment;
        return false;
    }
    if (encoded == "=") { // the gateway's spelling of the empty value
        value->clear();
        return true;
    }
    const auto decoded = QByteArray::fromBase64Encoding(
        encoded, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        *error = u"not base64: "_s + valueSegment;
        return false;
    }
    *value = QString::fromUtf8(*decoded);
    return true;
}

} // namespace

class TestGroupingKey : public QObject
{
    Q_OBJECT

private slots:
    void urlPathPlain_data();
    void urlPathPlain();
    void urlPathEncoding_data();
    void urlPathEncoding();
    void urlPathOrder();
    void toStringQuotes_data();
    void toStringQuotes();
    void idDistinguishes();
    void idIsInjective();
    void pathOnNames_data();
    void pathOnNames();
    void pathOnRandomKeysDecodeExactly_data();
    void pathOnRandomKeysDecodeExactly();
    void leadingDotValuesAreBase64_data();
    void leadingDotValuesAreBase64();
    void lossyKeys();
    void parse_data();
    void parse();
    void parseRejects_data();
    void parseRejects();
    void endpoint_data();
    void endpoint();
    void endpointRejects_data();
    void endpointRejects();
};

void TestGroupingKey::urlPathPlain_data()
{
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QString>("path");
    QTest::newRow("job only") << Labels{{u"job"_s, u"batch"_s}} << u"/metrics/job/batch"_s;
    QTest::newRow("job and instance")
        << Labels{{u"instance"_s, u"host-1.example.com"_s}, {u"job"_s, u"batch_1"_s}}
        << u"/metrics/job/batch_1/instance/host-1.example.com"_s;
    QTest::newRow("tilde and dots inside")
        << Labels{{u"job"_s, u"a~b..c"_s}} << u"/metrics/job/a~b..c"_s;
    QTest::newRow("empty instance") << Labels{{u"job"_s, u"batch"_s}, {u"instance"_s, QString()}}
                                    << u"/metrics/job/batch/instance@base64/="_s;
}

void TestGroupingKey::urlPathPlain()
{
    QFETCH(Labels, labels);
    QFETCH(QString, path);
    QCOMPARE(GroupingKey(labels).urlPath(), path);
}

void TestGroupingKey::urlPathEncoding_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("base64");
    QTest::newRow("plain") << u"instance"_s << u"host_1-a.b~c"_s << false;
    QTest::newRow("empty") << u"instance"_s << QString() << true;
    QTest::newRow("slash") << u"instance"_s << u"a/b"_s << true;
    QTest::newRow("leading slash") << u"path"_s << u"/var/lib"_s << true;
    QTest::newRow("space") << u"instance"_s << u"a b"_s << true;
    QTest::newRow("percent-encoded slash") << u"instance"_s << u"a%2Fb"_s << true;
    QTest::newRow("equals") << u"instance"_s << u"a=b"_s << true;
    QTest::newRow("plus") << u"instance"_s << u"a+b"_s << true;
    QTest::newRow("base64 with + standard") << u"instance"_s << u"?\x3f>"_s << true;
    QTest::newRow("base64 with / standard") << u"instance"_s << u"?\x3f?"_s << true;
    QTest::newRow("UTF-8") << u"instance"_s << u"Προμηθεύς"_s << true;
    QTest::newRow("2000 characters") << u"instance"_s << QString(2000, u'x') + u"/"_s << true;
    QTest::newRow("dot") << u"instance"_s << u"."_s << true;
    QTest::newRow("dot dot") << u"instance"_s << u".."_s << true;
    QTest::newRow("quote and backslash") << u"instance"_s << u"a\"b\\c"_s << true;
    QTest::newRow("newline") << u"instance"_s << u"a\nb"_s << true;
    QTest::newRow("question mark and hash") << u"instance"_s << u"a?b#c"_s << true;
    QTest::newRow("job with slash") << u"job"_s << u"batch/nightly"_s << true;
    QTest::newRow("job dot dot") << u"job"_s << u".."_s << true;
    QTest::newRow("job UTF-8") << u"job"_s << u"Προμηθεύς"_s << true;
}

void TestGroupingKey::urlPathEncoding()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(bool, base64);

    Labels labels{{name, value}};
    if (name != u"job")
        labels.append({u"job"_s, u"batch"_s});
    const GroupingKey key(labels);
    const QString path = key.urlPath();
    QVERIFY2(path.startsWith(u"/metrics/"_s), qPrintable(path));
    const QStringList segments = path.mid(QStringView(u"/metrics/").size()).split(u'/');
    QCOMPARE(segments.size() % 2, 0);
    QVERIFY2(segments.at(0) == u"job" || segments.at(0) == u"job@base64", qPrintable(path));

    Labels decoded;
    bool sawBase64 = false;
    for (qsizetype i = 0; i < segments.size(); i += 2) {
        QString decodedName, decodedValue, error;
        bool segmentBase64 = false;
        QVERIFY2(decodePair(segments.at(i), segments.at(i + 1), &decodedName, &decodedValue,
                            &segmentBase64, &error),
                 qPrintable(error));
        if (decodedName == name)
            sawBase64 = segmentBase64;
        // No segment may be one a URL normaliser would remove.
        QVERIFY(segments.at(i + 1) != u"." && segments.at(i + 1) != u"..");
        QVERIFY(!segments.at(i + 1).isEmpty());
        decoded.append({decodedName, decodedValue});
    }
    QCOMPARE(sawBase64, base64);
    QCOMPARE(GroupingKey(decoded), key);
    QCOMPARE(GroupingKey(decoded).value(name), value);
    QCOMPARE(encodeGroupingLabel(name, value),
             segments.at(name == u"job" ? 0 : 2) + u'/' + segments.at(name == u"job" ? 1 : 3));
}

void TestGroupingKey::urlPathOrder()
{
    const GroupingKey key(
        {{u"zone"_s, u"z"_s}, {u"instance"_s, u"i"_s}, {u"job"_s, u"j"_s}, {u"alpha"_s, u"a b"_s}});
    const QString path = key.urlPath();
    const QStringList segments = path.mid(QStringView(u"/metrics/").size()).split(u'/');
    QStringList names;
    for (qsizetype i = 0; i < segments.size(); i += 2)
        names.append(segments.at(i));
    QCOMPARE(names, (QStringList{u"job"_s, u"alpha@base64"_s, u"instance"_s, u"zone"_s}));
    QVERIFY(path.startsWith(u"/metrics/job/j/alpha@base64/"_s));
    QVERIFY(path.endsWith(u"/instance/i/zone/z"_s));
    // The order given to the constructor does not matter.
    const GroupingKey same(
        {{u"alpha"_s, u"a b"_s}, {u"job"_s, u"j"_s}, {u"zone"_s, u"z"_s}, {u"instance"_s, u"i"_s}});
    QCOMPARE(same.urlPath(), path);
    QCOMPARE(same, key);
}

void TestGroupingKey::toStringQuotes_data()
{
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QString>("text");
    QTest::newRow("job only") << Labels{{u"job"_s, u"a"_s}} << u"{job=\"a\"}"_s;
    QTest::newRow("job first") << Labels{{u"alpha"_s, u"1"_s},
                                         {u"job"_s, u"a"_s},
                                         {u"instance"_s, u"x"_s}}
                               << u"{job=\"a\",alpha=\"1\",instance=\"x\"}"_s;
    QTest::newRow("escapes") << Labels{{u"job"_s, u"a\"b\\c\nd"_s}}
                             << u"{job=\"a\\\"b\\\\c\\nd\"}"_s;
    QTest::newRow("empty instance")
        << Labels{{u"job"_s, u"a"_s}, {u"instance"_s, QString()}} << u"{job=\"a\",instance=\"\"}"_s;
    QTest::newRow("UTF-8") << Labels{{u"job"_s, u"Προμηθεύς"_s}} << u"{job=\"Προμηθεύς\"}"_s;
    QTest::newRow("dotted name quoted")
        << Labels{{u"job"_s, u"a"_s}, {u"foo.bar"_s, u"x"_s}} << u"{job=\"a\",\"foo.bar\"=\"x\"}"_s;
    QTest::newRow("name with space quoted") << Labels{{u"job"_s, u"a"_s}, {u"my label"_s, u"x"_s}}
                                            << u"{job=\"a\",\"my label\"=\"x\"}"_s;
    QTest::newRow("name with quote and slash")
        << Labels{{u"job"_s, u"a"_s}, {u"a\"/b"_s, u"x"_s}} << u"{job=\"a\",\"a\\\"/b\"=\"x\"}"_s;
    QTest::newRow("control characters")
        << Labels{{u"job"_s, u"a\tb\rc\x01"_s}} << u"{job=\"a\\tb\\rc\\u0001\"}"_s;
    QTest::newRow("astral name") << Labels{{u"job"_s, u"a"_s}, {u"😀"_s, u"🎉"_s}}
                                 << u"{job=\"a\",\"😀\"=\"🎉\"}"_s;
}

void TestGroupingKey::toStringQuotes()
{
    QFETCH(Labels, labels);
    QFETCH(QString, text);
    const GroupingKey key(labels);
    QCOMPARE(key.toString(), text);
    // What toString() writes, parse() reads back.
    GroupingKey parsed;
    QString error;
    QVERIFY2(GroupingKey::parse(key.toString(), &parsed, &error), qPrintable(error));
    QCOMPARE(parsed, key);
    QCOMPARE(parsed.id(), key.id());
}

void TestGroupingKey::idDistinguishes()
{
    const GroupingKey plain({{u"job"_s, u"a"_s}});
    const GroupingKey emptyInstance({{u"job"_s, u"a"_s}, {u"instance"_s, QString()}});
    QVERIFY(plain != emptyInstance);
    QVERIFY(plain.id() != emptyInstance.id());
    QCOMPARE(GroupingKey({{u"job"_s, u"a"_s}}).id(), plain.id());
    // Separators inside values do not make two keys collide.
    const GroupingKey glued({{u"job"_s, u"a,b=c"_s}});
    const GroupingKey split({{u"job"_s, u"a"_s}, {u"b"_s, u"c"_s}});
    QVERIFY(glued.id() != split.id());
    const GroupingKey swapped({{u"job"_s, u"x"_s}, {u"instance"_s, u"y"_s}});
    const GroupingKey swapped2({{u"job"_s, u"y"_s}, {u"instance"_s, u"x"_s}});
    QVERIFY(swapped.id() != swapped2.id());
    // Ambiguity is a property of the reading, not of the identity.
    GroupingKey ambiguous = plain;
    ambiguous.setAmbiguous(true);
    QVERIFY(ambiguous.isAmbiguous());
    QVERIFY(!plain.isAmbiguous());
}

void TestGroupingKey::idIsInjective()
{
    // Issue 12.3: the old id joined names and values with \x1e / \x1f.
    const GroupingKey glued({{u"job"_s, u"j"_s},
                             {u"a"_s, u"1\x1e"
                                      "b\x1f"
                                      "2"_s}});
    const GroupingKey split({{u"job"_s, u"j"_s}, {u"a"_s, u"1"_s}, {u"b"_s, u"2"_s}});
    QVERIFY(glued != split);
    QVERIFY(glued.id() != split.id());
    const GroupingKey digits({{u"job"_s, u"1:a"_s}});
    const GroupingKey digits2({{u"job"_s, u"1"_s}, {u":a"_s, QString()}});
    QVERIFY(digits.id() != digits2.id());
    // Over a random corpus: equal ids exactly when equal keys.
    const quint32 seed = testing::testSeed();
    const QList<GroupingKey> keys = testing::randomKeys(seed, 3000);
    QHash<QString, int> byId;
    for (int i = 0; i < keys.size(); ++i) {
        const int earlier = byId.value(keys.at(i).id(), -1);
        QVERIFY2(earlier < 0, qPrintable(u"seed %1: %2 and %3 share an id"_s.arg(seed).arg(
                                  keys.at(i).toString(), keys.value(earlier).toString())));
        byId.insert(keys.at(i).id(), i);
    }
}

void TestGroupingKey::pathOnNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("utf8");
    QTest::addColumn<QString>("segment"); // empty: refused
    QTest::newRow("legacy name, legacy gateway") << u"instance"_s << false << u"instance"_s;
    QTest::newRow("legacy name, UTF-8 gateway") << u"instance"_s << true << u"instance"_s;
    QTest::newRow("U__ literal, legacy gateway")
        << u"U__foo_2e_bar"_s << false << u"U__foo_2e_bar"_s;
    QTest::newRow("U__ literal, UTF-8 gateway")
        << u"U__foo_2e_bar"_s << true << u"U__U____foo__2e__bar"_s;
    QTest::newRow("dotted, UTF-8 gateway") << u"foo.bar"_s << true << u"U__foo_2e_bar"_s;
    QTest::newRow("dotted, legacy gateway") << u"foo.bar"_s << false << QString();
    QTest::newRow("slashes, UTF-8 gateway") << u"a/b/c"_s << true << u"U__a_2f_b_2f_c"_s;
    QTest::newRow("slashes, legacy gateway") << u"a/b/c"_s << false << QString();
    QTest::newRow("reserved, legacy gateway") << u"__x"_s << false << QString();
    QTest::newRow("reserved, UTF-8 gateway") << u"__x"_s << true << u"U______x"_s;
    QTest::newRow("U__ alone") << u"U__"_s << true << u"U__U____"_s;
    QTest::newRow("astral") << u"😀"_s << true << u"U___1f600_"_s;
    QTest::newRow("plane 16, beyond UnescapeName") << u"a\U0010103e"_s << true << QString();
    QTest::newRow("colon") << u"a:b"_s << true << u"U__a_3a_b"_s;
}

void TestGroupingKey::pathOnNames()
{
    QFETCH(QString, name);
    QFETCH(bool, utf8);
    QFETCH(QString, segment);
    const GroupingKey key({{u"job"_s, u"j"_s}, {name, u"v"_s}});
    QString error;
    const QString path = key.pathOn(utf8 ? NameEscaping::Utf8 : NameEscaping::Legacy, &error);
    if (segment.isEmpty()) {
        QVERIFY2(path.isEmpty(), qPrintable(path));
        QVERIFY2(error.contains(u"nothing was sent"_s), qPrintable(error));
        return;
    }
    QCOMPARE(path, u"/metrics/job/j/"_s + segment + u"/v"_s);
    Labels decoded;
    QVERIFY2(testing::gatewayDecodePath(path.toUtf8(), utf8, &decoded, &error), qPrintable(error));
    QCOMPARE(GroupingKey(decoded), key);
}

void TestGroupingKey::pathOnRandomKeysDecodeExactly_data()
{
    QTest::addColumn<bool>("utf8");
    QTest::newRow("legacy gateway") << false;
    QTest::newRow("UTF-8 names gateway") << true;
}

// Every path decodes, the way the gateway decodes it, to exactly its key; a refused key is
// one that gateway cannot name.
void TestGroupingKey::pathOnRandomKeysDecodeExactly()
{
    QFETCH(bool, utf8);
    const quint32 seed = testing::testSeed();
    int refused = 0;
    for (const GroupingKey &key : testing::randomKeys(seed, 3000)) {
        QString error;
        const QString path = key.pathOn(utf8 ? NameEscaping::Utf8 : NameEscaping::Legacy, &error);
        const QString context = u"seed %1, key %2: "_s.arg(seed).arg(key.toString());
        const bool nameable =
            std::all_of(key.labels().cbegin(), key.labels().cend(), [utf8](const auto &l) {
                return l.first == u"job" || testing::canNameOn(l.first, utf8);
            });
        if (path.isEmpty()) {
            ++refused;
            QVERIFY2(!nameable, qPrintable(context + error));
            QVERIFY2(error.endsWith(u"nothing was sent."_s), qPrintable(error));
            continue;
        }
        QVERIFY2(nameable, qPrintable(context + path));
        for (const QString &segment : path.split(u'/').mid(1)) {
            QVERIFY2(!segment.isEmpty() && !segment.startsWith(u'.'), qPrintable(context + path));
            for (const QChar c : segment)
                QVERIFY2(c.isLetterOrNumber() ? c.unicode() < 128
                                              : QStringView(u"_~.-@=").contains(c),
                         qPrintable(context + path));
        }
        Labels decoded;
        QVERIFY2(testing::gatewayDecodePath(path.toLatin1(), utf8, &decoded, &error),
                 qPrintable(context + error));
        QVERIFY2(GroupingKey(decoded) == key, qPrintable(context + path));
    }
    qInfo("seed %u: %d of 3000 keys refused", seed, refused);
}

void TestGroupingKey::leadingDotValuesAreBase64_data()
{
    QTest::addColumn<QString>("value");
    for (const QString &value : {u".x"_s, u"._"_s, u".0"_s, u"."_s, u".."_s, u"..."_s})
        QTest::newRow(qPrintable(value)) << value;
}

void TestGroupingKey::leadingDotValuesAreBase64()
{
    QFETCH(QString, value);
    const GroupingKey key({{u"job"_s, value}, {u"a"_s, value}, {u"b"_s, u"z"_s}});
    const QString path = key.urlPath();
    QVERIFY2(!path.contains(u"/."_s) && !path.contains(u"//"_s), qPrintable(path));
    QVERIFY2(path.startsWith(u"/metrics/job@base64/"_s), qPrintable(path));
}

void TestGroupingKey::lossyKeys()
{
    const GroupingKey first({{u"job"_s, u"j"_s}, {u"v"_s, u"\uFFFD"_s}});
    GroupingKey second = first;
    QVERIFY(first.isLossy());
    QVERIFY(!GroupingKey({{u"job"_s, u"j"_s}}).isLossy());
    // Never addressed: the real bytes are unknown.
    QString error;
    QVERIFY(first.pathOn(NameEscaping::Legacy, &error).isEmpty());
    QVERIFY2(error.contains(u"U+FFFD"_s), qPrintable(error));
    QVERIFY(first.pathOn(NameEscaping::Utf8).isEmpty());
    // Two groups that read the same stay two.
    GroupingKey third = first;
    separateLossyKeys({&second, &third});
    QVERIFY(second.id() != third.id());
    QVERIFY(second != third);
    QCOMPARE(second.id(), first.id());
    // Shown marked, and read back to the same labels.
    QCOMPARE(first.toString(), u"{job=\"j\",v=\"\\uFFFD\"}"_s);
    GroupingKey parsed;
    QVERIFY2(GroupingKey::parse(first.toString(), &parsed, &error), qPrintable(error));
    QCOMPARE(parsed.labels(), first.labels());
}

void TestGroupingKey::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Labels>("labels");
    const Labels ab{{u"instance"_s, u"b"_s}, {u"job"_s, u"a"_s}};
    QTest::newRow("no braces") << u"job=\"a\",instance=\"b\""_s << ab;
    QTest::newRow("braces") << u"{job=\"a\",instance=\"b\"}"_s << ab;
    QTest::newRow("spaces and other order") << u" { instance = \"b\" , job = \"a\" } "_s << ab;
    QTest::newRow("escapes") << u"job=\"a\\\"b\\\\c\""_s << Labels{{u"job"_s, u"a\"b\\c"_s}};
    QTest::newRow("empty instance")
        << u"job=\"a\",instance=\"\""_s << Labels{{u"instance"_s, QString()}, {u"job"_s, u"a"_s}};
    QTest::newRow("slash in value") << u"job=\"a/b\""_s << Labels{{u"job"_s, u"a/b"_s}};
    QTest::newRow("quoted names") << u"{\"job\"=\"a\",\"foo.bar\"=\"x\"}"_s
                                  << Labels{{u"foo.bar"_s, u"x"_s}, {u"job"_s, u"a"_s}};
    QTest::newRow("escapes \\u \\U \\x")
        << u"job=\"\\u00e9\\U0001F600\\x41\""_s << Labels{{u"job"_s, u"é😀A"_s}};
}

void TestGroupingKey::parse()
{
    QFETCH(QString, text);
    QFETCH(Labels, labels);
    GroupingKey key;
    QString error;
    QVERIFY2(GroupingKey::parse(text, &key, &error), qPrintable(error));
    QCOMPARE(key.labels(), labels);
    QVERIFY(!key.isAmbiguous());
}

void TestGroupingKey::parseRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("missing job") << u"instance=\"b\""_s;
    QTest::newRow("empty job") << u"job=\"\",instance=\"b\""_s;
    QTest::newRow("empty text") << QString();
    QTest::newRow("duplicate label") << u"job=\"a\",job=\"b\""_s;
    QTest::newRow("duplicate other label") << u"job=\"a\",x=\"1\",x=\"1\""_s;
    QTest::newRow("!=") << u"job!=\"a\""_s;
    QTest::newRow("=~") << u"job=~\"a\""_s;
    QTest::newRow("!~") << u"job=\"a\",instance!~\"b\""_s;
    QTest::newRow("syntax") << u"job=\"a"_s;
    QTest::newRow("unquoted") << u"job=a"_s;
    QTest::newRow("metric name") << u"{\"my.metric\",job=\"a\"}"_s;
    QTest::newRow("broken escape") << u"job=\"\\u12\""_s;
}

void TestGroupingKey::parseRejects()
{
    QFETCH(QString, text);
    const GroupingKey before({{u"job"_s, u"kept"_s}});
    GroupingKey key = before;
    QString error;
    QVERIFY(!GroupingKey::parse(text, &key, &error));
    QVERIFY2(!error.isEmpty() && error.endsWith(QLatin1Char('.')), qPrintable(error));
    QCOMPARE(key, before);
}

void TestGroupingKey::endpoint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("metricsUrl");
    QTest::newRow("host and port") << u"127.0.0.1:9091"_s << u"http://127.0.0.1:9091"_s
                                   << u"http://127.0.0.1:9091/api/v1/metrics"_s;
    QTest::newRow("name and port") << u"pushgateway:9091"_s << u"http://pushgateway:9091"_s
                                   << u"http://pushgateway:9091/api/v1/metrics"_s;
    QTest::newRow("http") << u"http://gw.example:9091"_s << u"http://gw.example:9091"_s
                          << u"http://gw.example:9091/api/v1/metrics"_s;
    QTest::newRow("trailing slash") << u"http://gw.example:9091/"_s << u"http://gw.example:9091"_s
                                    << u"http://gw.example:9091/api/v1/metrics"_s;
    QTest::newRow("https with prefix")
        << u"https://gw.example/pgw/"_s << u"https://gw.example/pgw"_s
        << u"https://gw.example/pgw/api/v1/metrics"_s;
    QTest::newRow("deep prefix") << u"http://gw.example/a/b//"_s << u"http://gw.example/a/b"_s
                                 << u"http://gw.example/a/b/api/v1/metrics"_s;
    QTest::newRow("spaces around")
        << u"  http://127.0.0.1:9091/pgw  "_s << u"http://127.0.0.1:9091/pgw"_s
        << u"http://127.0.0.1:9091/pgw/api/v1/metrics"_s;
}

void TestGroupingKey::endpoint()
{
    QFETCH(QString, text);
    QFETCH(QString, base);
    QFETCH(QString, metricsUrl);
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY2(GatewayEndpoint::parse(text, &endpoint, &error), qPrintable(error));
    QVERIFY(endpoint.isValid());
    QCOMPARE(endpoint.text(), text.trimmed());
    QCOMPARE(endpoint.baseUrl().toString(), base);
    QCOMPARE(endpoint.url(u"/api/v1/metrics"_s).toString(), metricsUrl);
    // A grouping key path is joined below the prefix and keeps its encoding.
    const GroupingKey key({{u"job"_s, u"a/b"_s}, {u"instance"_s, QString()}});
    const QUrl deleteUrl = endpoint.url(key.urlPath());
    QCOMPARE(deleteUrl.path(QUrl::FullyEncoded),
             endpoint.baseUrl().path(QUrl::FullyEncoded) + key.urlPath());
}

void TestGroupingKey::endpointRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ftp") << u"ftp://gw.example:9091"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << u"   "_s;
    QTest::newRow("no host") << u"http://"_s;
    QTest::newRow("no host, only a path") << u"http:///metrics"_s;
    QTest::newRow("query") << u"http://gw.example:9091/?x=1"_s;
    QTest::newRow("fragment") << u"http://gw.example:9091/#top"_s;
}

void TestGroupingKey::endpointRejects()
{
    QFETCH(QString, text);
    GatewayEndpoint endpoint;
    QString error;
    QVERIFY(!GatewayEndpoint::parse(text, &endpoint, &error));
    QVERIFY(!endpoint.isValid());
    QVERIFY2(!error.isEmpty() && error.endsWith(QLatin1Char('.')), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestGroupingKey)
#include "tst_groupingkey.moc"
