#include "keycorpus.h"
#include "model/labelmatcher.h"

#include <QTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

Labels batchKey(const QString &job, const QString &shard = QString(), bool withShard = false)
{
    Labels labels{{u"job"_s, job}, {u"instance"_s, u"host-1"_s}};
    if (withShard || !shard.isEmpty())
        labels.append({u"shard"_s, shard});
    return labels;
}

} // namespace

class TestLabelMatcher : public QObject
{
    Q_OBJECT

private slots:
    void parseFields_data();
    void parseFields();
    void matches_data();
    void matches();
    void emptyTextMatchesEverything();
    void invalid_data();
    void invalid();
    void toStringRoundTrip_data();
    void toStringRoundTrip();
    void looksLikeMatchers_data();
    void looksLikeMatchers();
    void matchesAllNeedsEvery();
    void quotedNames();
    void metricName();
    void metricNameBeforeBraces_data();
    void metricNameBeforeBraces();
    void printedKeysSelectThemselves();
};

void TestLabelMatcher::parseFields_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("braces") << u"{job=~\"batch_.*\", shard!=\"3\"}"_s;
    QTest::newRow("no braces") << u"job=~\"batch_.*\", shard!=\"3\""_s;
    QTest::newRow("spaces everywhere") << u"  {  job =~ \"batch_.*\" ,shard!= \"3\" }  "_s;
    QTest::newRow("trailing comma") << u"{job=~\"batch_.*\",shard!=\"3\",}"_s;
    QTest::newRow("single quotes") << u"{job=~'batch_.*', shard!='3'}"_s;
    // A # comment runs to the end of its line, as in PromQL (Copy writes the gateway so).
    QTest::newRow("comment after") << u"{job=~\"batch_.*\",shard!=\"3\"} # backup-gw"_s;
    QTest::newRow("comments inside")
        << u"{job=~\"batch_.*\", # the job\n shard!=\"3\"} # ,x=\"y\"}"_s;
}

void TestLabelMatcher::parseFields()
{
    QFETCH(QString, text);
    LabelMatchers matchers;
    QString error;
    QVERIFY2(parseMatchers(text, &matchers, &error), qPrintable(error));
    QCOMPARE(matchers.size(), 2);
    QCOMPARE(matchers.at(0).name(), u"job"_s);
    QCOMPARE(int(matchers.at(0).op()), int(LabelMatcher::Op::Regex));
    QCOMPARE(matchers.at(0).value(), u"batch_.*"_s);
    QCOMPARE(matchers.at(1).name(), u"shard"_s);
    QCOMPARE(int(matchers.at(1).op()), int(LabelMatcher::Op::NotEqual));
    QCOMPARE(matchers.at(1).value(), u"3"_s);
}

void TestLabelMatcher::matches_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<bool>("expected");

    const QString selector = u"{job=~\"batch_.*\", shard!=\"3\"}"_s;
    QTest::newRow("selector: other shard") << selector << batchKey(u"batch_1"_s, u"2"_s) << true;
    QTest::newRow("selector: shard 3") << selector << batchKey(u"batch_1"_s, u"3"_s) << false;
    QTest::newRow("selector: other job") << selector << batchKey(u"nightly"_s, u"2"_s) << false;
    QTest::newRow("selector: no shard label") << selector << batchKey(u"batch_1"_s) << true;
    QTest::newRow("no braces: shard 3")
        << u"job=~\"batch_.*\", shard!=\"3\""_s << batchKey(u"batch_7"_s, u"3"_s) << false;
    QTest::newRow("no braces: shard 4")
        << u"job=~\"batch_.*\", shard!=\"3\""_s << batchKey(u"batch_7"_s, u"4"_s) << true;

    QTest::newRow("= equal") << u"job=\"a\""_s << batchKey(u"a"_s) << true;
    QTest::newRow("# in a value is no comment") << u"job=\"a#b\""_s << batchKey(u"a#b"_s) << true;
    QTest::newRow("= prefix only") << u"job=\"a\""_s << batchKey(u"ab"_s) << false;
    QTest::newRow("= is case sensitive") << u"job=\"a\""_s << batchKey(u"A"_s) << false;
    QTest::newRow("!= equal") << u"job!=\"a\""_s << batchKey(u"a"_s) << false;
    QTest::newRow("!= other") << u"job!=\"a\""_s << batchKey(u"b"_s) << true;
    QTest::newRow("=~ anchored at the end")
        << u"job=~\"batch\""_s << batchKey(u"batch_1"_s) << false;
    QTest::newRow("=~ anchored at the start")
        << u"job=~\"atch_1\""_s << batchKey(u"batch_1"_s) << false;
    QTest::newRow("=~ whole value") << u"job=~\"batch\""_s << batchKey(u"batch"_s) << true;
    QTest::newRow("=~ alternation anchored as a whole")
        << u"job=~\"a|batch\""_s << batchKey(u"batch_1"_s) << false;
    QTest::newRow("!~ matching") << u"job!~\"batch_.*\""_s << batchKey(u"batch_1"_s) << false;
    QTest::newRow("!~ not matching") << u"job!~\"batch_.*\""_s << batchKey(u"other"_s) << true;
    QTest::newRow("!~ anchored") << u"job!~\"batch\""_s << batchKey(u"batch_1"_s) << true;

    QTest::newRow("missing label != \"3\"") << u"shard!=\"3\""_s << batchKey(u"a"_s) << true;
    QTest::newRow("missing label = \"\"") << u"shard=\"\""_s << batchKey(u"a"_s) << true;
    QTest::newRow("present label = \"\"") << u"shard=\"\""_s << batchKey(u"a"_s, u"3"_s) << false;
    QTest::newRow("missing label =~ \".*\"") << u"shard=~\".*\""_s << batchKey(u"a"_s) << true;
    QTest::newRow("missing label =~ \".+\"") << u"shard=~\".+\""_s << batchKey(u"a"_s) << false;
    QTest::newRow("missing label = \"3\"") << u"shard=\"3\""_s << batchKey(u"a"_s) << false;
    QTest::newRow("empty-valued label != \"\"")
        << u"shard!=\"\""_s << batchKey(u"a"_s, QString(), true) << false;

    QTest::newRow("escaped quote, backslash, newline")
        << u"job=\"a\\\"b\\\\c\\nd\""_s << batchKey(u"a\"b\\c\nd"_s) << true;
    QTest::newRow("escape is not literal") << u"job=\"a\\nb\""_s << batchKey(u"a\\nb"_s) << false;
    QTest::newRow("regex escape kept for the regex")
        << u"job=~\"a\\\\.b\""_s << batchKey(u"a.b"_s) << true;
    QTest::newRow("regex escaped dot is literal")
        << u"job=~\"a\\\\.b\""_s << batchKey(u"axb"_s) << false;
    QTest::newRow("UTF-8 equal") << u"job=\"Προμηθεύς\""_s << batchKey(u"Προμηθεύς"_s) << true;
    QTest::newRow("UTF-8 regex") << u"job=~\"Προ.*ς\""_s << batchKey(u"Προμηθεύς"_s) << true;
    QTest::newRow("UTF-8 regex anchored") << u"job=~\"Προ\""_s << batchKey(u"Προμηθεύς"_s) << false;
    QTest::newRow("regex dot matches newline") << u"job=~\"a.b\""_s << batchKey(u"a\nb"_s) << true;
}

void TestLabelMatcher::matches()
{
    QFETCH(QString, text);
    QFETCH(Labels, labels);
    QFETCH(bool, expected);
    LabelMatchers matchers;
    QString error;
    QVERIFY2(parseMatchers(text, &matchers, &error), qPrintable(error));
    QVERIFY(!matchers.isEmpty());
    QCOMPARE(matchesAll(matchers, GroupingKey(labels)), expected);
}

void TestLabelMatcher::emptyTextMatchesEverything()
{
    for (const QString &text : {QString(), u"   "_s, u"{}"_s, u" { } "_s}) {
        LabelMatchers matchers;
        LabelMatcher old;
        QVERIFY(LabelMatcher::create(u"job"_s, LabelMatcher::Op::Equal, u"x"_s, &old, nullptr));
        matchers.append(old);
        QString error;
        QVERIFY2(parseMatchers(text, &matchers, &error), qPrintable(text + error));
        QVERIFY(matchers.isEmpty());
        QVERIFY(matchesAll(matchers, GroupingKey(batchKey(u"anything"_s))));
    }
}

void TestLabelMatcher::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("invalid regex") << u"job=~\"(batch\""_s << u"(batch"_s;
    QTest::newRow("invalid negated regex") << u"{job!~\"[a-\"}"_s << u"[a-"_s;
    QTest::newRow("missing closing quote") << u"job=\"a"_s << u"job"_s;
    QTest::newRow("missing closing brace") << u"{job=\"a\""_s << u"}"_s;
    QTest::newRow("missing brace after two") << u"{job=\"a\", x=\"b\""_s << u"}"_s;
    QTest::newRow("bad operator ==") << u"job==\"a\""_s << u"job"_s;
    QTest::newRow("bad operator ~") << u"job~\"a\""_s << u"job"_s;
    QTest::newRow("bad operator <") << u"job<\"a\""_s << u"job"_s;
    QTest::newRow("unquoted value") << u"job=a"_s << u"job"_s;
    QTest::newRow("closing brace commented out") << u"{job=\"a\" # }"_s << u"}"_s;
    QTest::newRow("text after the brace") << u"{job=\"a\"} extra"_s << u"}"_s;
    QTest::newRow("text after a matcher") << u"job=\"a\" extra"_s << QString();
    QTest::newRow("no comma") << u"{job=\"a\" x=\"b\"}"_s << QString();
    QTest::newRow("name starting with a digit") << u"1job=\"a\""_s << QString();
    QTest::newRow("name missing") << u"=\"a\""_s << QString();
}

void TestLabelMatcher::invalid()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    LabelMatchers matchers;
    LabelMatcher old;
    QVERIFY(LabelMatcher::create(u"job"_s, LabelMatcher::Op::Equal, u"x"_s, &old, nullptr));
    matchers.append(old);
    QString error;
    QVERIFY(!parseMatchers(text, &matchers, &error));
    QVERIFY2(!error.isEmpty() && error.endsWith(QLatin1Char('.')), qPrintable(error));
    QVERIFY2(error.at(0).isUpper(), qPrintable(error));
    if (!mentions.isEmpty())
        QVERIFY2(error.contains(mentions), qPrintable(error));
    // The caller's matchers are left alone.
    QCOMPARE(matchers.size(), 1);
    QCOMPARE(matchers.at(0).value(), u"x"_s);
    // The error pointer is optional.
    QVERIFY(!parseMatchers(text, &matchers, nullptr));
}

void TestLabelMatcher::toStringRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("=") << u"job=\"a\""_s;
    QTest::newRow("!=") << u"shard!=\"3\""_s;
    QTest::newRow("=~") << u"job=~\"batch_.*\""_s;
    QTest::newRow("!~") << u"job!~\"b|c\""_s;
    QTest::newRow("escapes") << u"job=\"a\\\"b\\\\c\\nd\""_s;
    QTest::newRow("empty value") << u"shard=\"\""_s;
    QTest::newRow("quoted name") << u"\"foo.bar\"=\"x\""_s;
    QTest::newRow("quoted name with space, regex") << u"\"my label\"=~\"a.*\""_s;
}

void TestLabelMatcher::toStringRoundTrip()
{
    QFETCH(QString, text);
    LabelMatchers matchers;
    QVERIFY(parseMatchers(text, &matchers, nullptr));
    QCOMPARE(matchers.size(), 1);
    QCOMPARE(matchers.at(0).toString(), text);
    LabelMatchers again;
    QVERIFY(parseMatchers(matchers.at(0).toString(), &again, nullptr));
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.at(0).name(), matchers.at(0).name());
    QCOMPARE(int(again.at(0).op()), int(matchers.at(0).op()));
    QCOMPARE(again.at(0).value(), matchers.at(0).value());
}

void TestLabelMatcher::looksLikeMatchers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("braces") << u"{job=\"a\"}"_s << true;
    QTest::newRow("bare brace") << u"{"_s << true;
    QTest::newRow("regex without braces") << u"job=~\"x.*\""_s << true;
    QTest::newRow("negated without braces") << u"shard!=\"3\""_s << true;
    QTest::newRow("spaces around the operator") << u"  job = \"a\""_s << true;
    QTest::newRow("single quotes") << u"job='a'"_s << true;
    QTest::newRow("a word") << u"batch"_s << false;
    QTest::newRow("two words") << u"batch nightly"_s << false;
    QTest::newRow("unquoted value") << u"job=a"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("UTF-8 word") << u"Προμηθεύς"_s << false;
    QTest::newRow("quoted name") << u"\"foo.bar\"=\"x\""_s << true;
    QTest::newRow("quoted name, regex") << u" \"my label\" =~ \"a.*\""_s << true;
    QTest::newRow("a quoted phrase") << u"\"foo bar\""_s << false;
    QTest::newRow("metric name and braces") << u"processed_items{job=\"x\"}"_s << true;
    QTest::newRow("metric name, space, braces") << u" job:rate5m {}"_s << true;
    QTest::newRow("bare metric name is a word") << u"processed_items"_s << false;
    QTest::newRow("name then braces reads as PromQL") << u"batch {"_s << true;
    QTest::newRow("words then braces later") << u"batch nightly {"_s << false;
}

void TestLabelMatcher::looksLikeMatchers()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    QCOMPARE(pushscope::looksLikeMatchers(text), expected);
}

void TestLabelMatcher::matchesAllNeedsEvery()
{
    LabelMatchers matchers;
    QVERIFY(
        parseMatchers(u"job=\"a\", instance=~\"host-.*\", shard!~\"1|2\""_s, &matchers, nullptr));
    QCOMPARE(matchers.size(), 3);
    QVERIFY(matchesAll(matchers, GroupingKey(batchKey(u"a"_s, u"3"_s))));
    QVERIFY(!matchesAll(matchers, GroupingKey(batchKey(u"b"_s, u"3"_s))));
    QVERIFY(!matchesAll(matchers, GroupingKey(batchKey(u"a"_s, u"2"_s))));
    QVERIFY(!matchesAll(matchers, GroupingKey({{u"job"_s, u"a"_s}, {u"instance"_s, u"x"_s}})));
    QVERIFY(matchesAll({}, GroupingKey(batchKey(u"b"_s))));
    // A single matcher also checks a key directly.
    QVERIFY(matchers.at(1).matches(GroupingKey(batchKey(u"b"_s))));
    QVERIFY(!matchers.at(1).matches(GroupingKey({{u"job"_s, u"b"_s}})));
}

void TestLabelMatcher::quotedNames()
{
    LabelMatchers matchers;
    QString error;
    QVERIFY2(parseMatchers(u"{\"foo.bar\"=\"x\", \"my label\"=~\"a.*\"}"_s, &matchers, &error),
             qPrintable(error));
    QCOMPARE(matchers.size(), 2);
    QCOMPARE(matchers.at(0).name(), u"foo.bar"_s);
    QCOMPARE(matchers.at(1).name(), u"my label"_s);
    QVERIFY(matchesAll(
        matchers,
        GroupingKey({{u"job"_s, u"j"_s}, {u"foo.bar"_s, u"x"_s}, {u"my label"_s, u"abc"_s}})));
    QVERIFY(!matchesAll(matchers, GroupingKey({{u"job"_s, u"j"_s}, {u"foo.bar"_s, u"x"_s}})));
}

void TestLabelMatcher::metricName()
{
    LabelMatchers matchers;
    QString error;
    QVERIFY2(parseMatchers(u"{\"my.metric\", job=\"x\"}"_s, &matchers, &error), qPrintable(error));
    QCOMPARE(matchers.size(), 2);
    QCOMPARE(matchers.at(0).name(), u"__name__"_s);
    QCOMPARE(matchers.at(0).value(), u"my.metric"_s);
    Group group;
    group.key = GroupingKey({{u"job"_s, u"x"_s}});
    QVERIFY(!matchesAll(matchers, group));
    MetricFamily family;
    family.name = u"my.metric"_s;
    group.families.append(family);
    QVERIFY(matchesAll(matchers, group));
}

void TestLabelMatcher::metricNameBeforeBraces_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("metric");
    QTest::addColumn<int>("labelMatchers");
    QTest::addColumn<bool>("selectsJobA"); // a group {job="a",instance="h"} holding `metric`
    QTest::newRow("name and matchers")
        << u"processed_items{job=\"demo_steady\"}"_s << u"processed_items"_s << 1 << false;
    QTest::newRow("name, space, two matchers")
        << u"processed_items  {job=~\"a|b\", instance!=\"\"}"_s << u"processed_items"_s << 2
        << true;
    QTest::newRow("name and empty braces")
        << u"processed_items{}"_s << u"processed_items"_s << 0 << true;
    QTest::newRow("bare name") << u"  processed_items  "_s << u"processed_items"_s << 0 << true;
    QTest::newRow("recording rule name")
        << u"job:items:rate5m{job=\"a\"}"_s << u"job:items:rate5m"_s << 1 << true;
    QTest::newRow("comment after")
        << u"processed_items{job=\"b\"} # gw"_s << u"processed_items"_s << 1 << false;
}

void TestLabelMatcher::metricNameBeforeBraces()
{
    QFETCH(QString, text);
    QFETCH(QString, metric);
    QFETCH(int, labelMatchers);
    QFETCH(bool, selectsJobA);
    LabelMatchers matchers;
    QString error;
    QVERIFY2(parseMatchers(text, &matchers, &error), qPrintable(error));
    QCOMPARE(matchers.size(), labelMatchers + 1);
    QCOMPARE(matchers.at(0).name(), u"__name__"_s);
    QCOMPARE(int(matchers.at(0).op()), int(LabelMatcher::Op::Equal));
    QCOMPARE(matchers.at(0).value(), metric);
    for (qsizetype i = 1; i < matchers.size(); ++i)
        QVERIFY(matchers.at(i).name() != u"__name__");

    // A group is selected only when it holds the family and its key matches.
    Group group;
    group.key = GroupingKey({{u"job"_s, u"a"_s}, {u"instance"_s, u"h"_s}});
    group.families.append(MetricFamily{});
    group.families.first().name = u"other"_s;
    QVERIFY(!matchesAll(matchers, group));
    group.families.first().name = metric;
    QCOMPARE(matchesAll(matchers, group), selectsJobA);
    // A grouping key names labels only: the same text is no key.
    GroupingKey key;
    QVERIFY(!GroupingKey::parse(text, &key, &error));
}

// Issue 11.5: every printed key, pasted back as a matcher, selects that key only.
void TestLabelMatcher::printedKeysSelectThemselves()
{
    const quint32 seed = testing::testSeed();
    const QList<GroupingKey> keys = testing::randomKeys(seed, 400);
    for (const GroupingKey &key : keys) {
        LabelMatchers matchers;
        QString error;
        QVERIFY2(parseMatchers(key.toString(), &matchers, &error),
                 qPrintable(u"seed %1: %2"_s.arg(seed).arg(error)));
        // Keys with other names differ by a label a matcher may leave open.
        auto names = [](const GroupingKey &k) {
            QStringList list;
            for (const auto &label : k.labels())
                list.append(label.first);
            return list;
        };
        int selected = 0;
        for (const GroupingKey &other : keys) {
            if (matchesAll(matchers, other) && names(other) == names(key))
                ++selected;
        }
        QVERIFY2(matchesAll(matchers, key), qPrintable(key.toString()));
        QVERIFY2(selected == 1,
                 qPrintable(
                     u"seed %1: %2 selects %3 keys"_s.arg(seed).arg(key.toString()).arg(selected)));
        GroupingKey parsed;
        QVERIFY2(GroupingKey::parse(key.toString(), &parsed, &error), qPrintable(error));
        QCOMPARE(parsed, key);
    }
}

QTEST_GUILESS_MAIN(TestLabelMatcher)
#include "tst_labelmatcher.moc"
