// The text Copy, Copy as curl DELETE and Open in Prometheus build, without a window: a key no
// URL addresses gives a sentence, never a guess; no secret is ever written; the expression
// browser URL encodes every reserved character. The window's side is in tests/gui/tst_dataout.

#include "model/clipboardtext.h"

#include <QTest>

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

QTEST_MAIN(TestClipboardText)
#include "tst_clipboardtext.moc"
