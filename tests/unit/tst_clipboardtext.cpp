// The text Copy, Copy as curl DELETE and Open in Prometheus build, without a window: a key no
// URL addresses gives a sentence, never a guess; no secret is ever written; the expression
// browser URL encodes every reserved character. The window's side is in tests/gui/tst_dataout.

#include "model/clipboardtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace pushscope;

namespace {

const Labels kEmpty = {{u"job"_s, u"alpha"_s}, {u"instance"_s, u""_s}};
const Labels kUtf8Name = {{u"job"_s, u"delta"_s}, {u"hôte.name"_s, u"h1"_s}};

} // namespace

class TestClipboardText : public QObject
{
    Q_OBJECT

private slots:
    void keyLineReadsBackAsItsKey();
    void keyNoUrlAddressesGivesASentence();
    void prometheusGraphUrl();
    void grafanaExploreUrl();
    void grafanaRelativeTime_data();
    void grafanaRelativeTime();
};

void TestClipboardText::keyLineReadsBackAsItsKey()
{
    const GroupingKey key(kUtf8Name);
    QCOMPARE(keyClipboardLine(key, u"gw\nnext"_s),
             uR"({job="delta","hôte.name"="h1"} # gw next)"_s);
    GroupingKey parsed;
    QString error;
    QVERIFY2(GroupingKey::parse(keyClipboardLine(key, u"gw"_s), &parsed, &error),
             qPrintable(error));
    QCOMPARE(parsed, key);
    QCOMPARE(shellQuote(u"it's"_s), uR"('it'\''s')"_s);
}

void TestClipboardText::keyNoUrlAddressesGivesASentence()
{
    // A name that only a gateway with --push.enable-utf8-names reads, on one without it.
    const GroupingKey key(kUtf8Name);
    QString error;
    const QString path = key.pathOn(NameEscaping::Legacy, &error);
    QVERIFY(path.isEmpty());
    const QString line = curlDeleteLine(key, QUrl(), error, {});
    QCOMPARE(line, u"# "_s + error);
    QVERIFY(!line.contains(u"curl"_s));

    GroupingKey ambiguous(kEmpty);
    ambiguous.setAmbiguous(true);
    const QString hidden =
        curlDeleteLine(ambiguous, QUrl(u"http://127.0.0.1:9091"_s + ambiguous.urlPath()), {}, {});
    QVERIFY2(hidden.startsWith(u"# The exact key of"_s), qPrintable(hidden));

    // No secret ever reaches the clipboard: the user is named, the password asked by curl.
    HttpConfig http;
    http.username = u"alice"_s;
    http.password = u"s3cret"_s;
    http.bearerToken = u"t0ken"_s;
    const QString withAuth =
        curlDeleteCommand(QUrl(u"http://bob:pw@gw:9091/metrics/job/a"_s), http);
    QCOMPARE(withAuth, u"curl -X DELETE -u 'alice' -H \"Authorization: Bearer "
                       "$PUSHGATEWAY_TOKEN\" 'http://gw:9091/metrics/job/a'"_s);
}

void TestClipboardText::prometheusGraphUrl()
{
    const QUrl url = pushscope::prometheusGraphUrl(QUrl(u"https://u:p@prom.example/base"_s),
                                                   uR"(rate(x{job="a+b&c",p="/d"}[1m]) or y)"_s);
    QCOMPARE(url.toString(QUrl::FullyEncoded),
             u"https://prom.example/base/graph?g0.expr=rate%28x%7Bjob%3D%22a%2Bb%26c%22%2Cp%3D%22"
             "%2Fd%22%7D%5B1m%5D%29%20or%20y&g0.tab=0&g0.range_input=1h"_s);
    QCOMPARE(pushscope::prometheusGraphUrl(QUrl(u"http://127.0.0.1:9090/"_s), u"up"_s)
                 .toString(QUrl::FullyEncoded),
             u"http://127.0.0.1:9090/graph?g0.expr=up&g0.tab=0&g0.range_input=1h"_s);
}

void TestClipboardText::grafanaExploreUrl()
{
    const QString expr = uR"(rate(x{job="a+b&c",p="/d"}[1m]) or y{q="#1 50%"})"_s;
    const QUrl url = pushscope::grafanaExploreUrl(QUrl(u"https://u:p@grafana.example/g/"_s),
                                                  u"P1809F7CD0C75ACF3"_s, expr, 6 * 3600);
    const QString encoded = url.toString(QUrl::FullyEncoded);
    QVERIFY2(encoded.startsWith(u"https://grafana.example/g/explore?left=%7B%22"_s),
             qPrintable(encoded));
    // Every reserved character of the JSON is encoded, so no + or & splits the expression.
    const QString left = encoded.mid(encoded.indexOf(u"left="_s) + 5);
    for (QChar c : u"{}\"&+#[]/ "_s)
        QVERIFY2(!left.contains(c), qPrintable(left));
    QCOMPARE(url.query(QUrl::FullyDecoded).count(u"left="_s), 1);

    const QByteArray json = QByteArray::fromPercentEncoding(left.toLatin1());
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(json, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(object.value(u"datasource"_s).toString(), u"P1809F7CD0C75ACF3"_s);
    const QJsonArray queries = object.value(u"queries"_s).toArray();
    QCOMPARE(queries.size(), 1);
    QCOMPARE(queries.at(0)[u"expr"_s].toString(), expr);
    QCOMPARE(queries.at(0)[u"refId"_s].toString(), u"A"_s);
    QCOMPARE(object.value(u"range"_s)[u"from"_s].toString(), u"now-6h"_s);
    QCOMPARE(object.value(u"range"_s)[u"to"_s].toString(), u"now"_s);

    // No path: /explore at the root; the default range is an hour.
    const QUrl plain =
        pushscope::grafanaExploreUrl(QUrl(u"http://127.0.0.1:3000"_s), u"Prometheus"_s, u"up"_s);
    QCOMPARE(plain.toString(QUrl::FullyEncoded),
             u"http://127.0.0.1:3000/explore?left=%7B%22datasource%22%3A%22Prometheus%22%2C%22"
             "queries%22%3A%5B%7B%22expr%22%3A%22up%22%2C%22refId%22%3A%22A%22%7D%5D%2C%22range"
             "%22%3A%7B%22from%22%3A%22now-1h%22%2C%22to%22%3A%22now%22%7D%7D"_s);
}

void TestClipboardText::grafanaRelativeTime_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("5 m") << qint64(300) << u"now-5m"_s;
    QTest::newRow("1 h") << qint64(3600) << u"now-1h"_s;
    QTest::newRow("1 h 30 m: minutes") << qint64(5400) << u"now-90m"_s;
    QTest::newRow("2 d") << qint64(2 * 86400) << u"now-2d"_s;
    QTest::newRow("7 d: a week") << qint64(7 * 86400) << u"now-1w"_s;
    QTest::newRow("90 s") << qint64(90) << u"now-90s"_s;
    QTest::newRow("zero: a second") << qint64(0) << u"now-1s"_s;
}

void TestClipboardText::grafanaRelativeTime()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, expected);
    QCOMPARE(pushscope::grafanaRelativeTime(seconds), expected);
}

QTEST_MAIN(TestClipboardText)
#include "tst_clipboardtext.moc"
