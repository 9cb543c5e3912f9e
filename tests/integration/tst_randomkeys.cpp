#include "faultproxy.h"
#include "gateway/gatewayclient.h"
#include "keycorpus.h"
#include "serverprocess.h"
#include "testhelpers.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace pushscope;
using namespace pushscope::testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int kKeysPerGateway = 300;

// Waits (bounded) until the gateway reports exactly `expected` (as a multiset of keys).
bool settlesTo(const QString &url, const QStringList &expected, QStringList *last)
{
    const QDeadlineTimer deadline(3000);
    do {
        *last = sortedKeys(gatewayKeys(url));
        if (*last == expected)
            return true;
        QTest::qWait(20);
    } while (!deadline.hasExpired());
    return false;
}

// The fields of one CSV line as recordsToCsv writes them ("" inside quotes).
QStringList csvFields(const QString &line)
{
    QStringList fields{QString()};
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted && c == u'"' && i + 1 < line.size() && line.at(i + 1) == u'"') {
            fields.last() += c;
            ++i;
        } else if (c == u'"') {
            quoted = !quoted;
        } else if (c == u',' && !quoted) {
            fields.append(QString());
        } else {
            fields.last() += c;
        }
    }
    return fields;
}

bool startGateway(PushgatewayProcess &gateway, bool utf8, QString *skip, QString *error)
{
    if (gateway.start(error))
        return true;
    if (utf8 && gateway.log().contains("push.enable-utf8-names"))
        *skip = u"This prometheus-pushgateway has no --push.enable-utf8-names (1.11+)."_s;
    return false;
}

QString difference(const QStringList &expected, const QStringList &actual)
{
    QStringList missing;
    QStringList extra;
    for (const QString &key : expected) {
        if (!actual.contains(key))
            missing.append(key);
    }
    for (const QString &key : actual) {
        if (!expected.contains(key))
            extra.append(key);
    }
    return u"missing %1; unexpected %2"_s.arg(missing.join(u' '), extra.join(u' '));
}

} // namespace

class TestRandomKeys : public QObject
{
    Q_OBJECT

private slots:
    void eachDeleteRemovesExactlyItsGroup_data();
    void eachDeleteRemovesExactlyItsGroup();
    void printedKeysSelectTheirGroup_data();
    void printedKeysSelectTheirGroup();
};

void TestRandomKeys::eachDeleteRemovesExactlyItsGroup_data()
{
    QTest::addColumn<bool>("utf8");
    QTest::addColumn<bool>("mergeSlashes");
    QTest::newRow("legacy names") << false << false;
    QTest::newRow("--push.enable-utf8-names") << true << false;
    // Issue 12.4: behind a proxy that merges repeated slashes (nginx's default), a path
    // with an empty segment would name another group.
    QTest::newRow("legacy names, slash-merging proxy") << false << true;
    QTest::newRow("--push.enable-utf8-names, slash-merging proxy") << true << true;
}

// Issues 11.4, 12.2, 12.3: seeded random keys pushed with a test-side path, deleted one by one
// through GatewayClient; after each delete the gateway holds exactly the rest.
void TestRandomKeys::eachDeleteRemovesExactlyItsGroup()
{
    QFETCH(bool, utf8);
    QFETCH(bool, mergeSlashes);
    PushgatewayProcess gateway(utf8 ? QStringList{u"--push.enable-utf8-names"_s} : QStringList{});
    QString skip;
    PUSHSCOPE_START_OR_END(startGateway(gateway, utf8, &skip, &startError_) || !skip.isEmpty());
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    const quint32 seed = testSeed();
    qInfo("seed %u (PUSHSCOPE_SEED=%u repeats this run)", seed, seed);
    QList<GroupingKey> keys = issueKeys() + randomKeys(seed, kKeysPerGateway);

    // Push with the test's own paths; what the gateway then reports is what it holds.
    QList<GroupingKey> pushed;
    QStringList cannotName;
    QStringList rejected;
    for (const GroupingKey &key : std::as_const(keys)) {
        if (key.isLossy())
            continue;
        const QString path = testPushPath(key.labels(), utf8);
        if (path.isEmpty()) {
            cannotName.append(key.toString());
            continue;
        }
        const HttpExchange push = gateway.push(path, "# TYPE rk gauge\nrk 1\n");
        if (push.status != 200)
            rejected.append(u"%1 (HTTP %2)"_s.arg(key.toString()).arg(push.status));
        pushed.append(key);
    }
    // Bytes that are not UTF-8: both read {job="lossy",v="\uFFFD"}. The gateway refuses such
    // pushes (400) but keeps each group, with its failure time; pushed last because every
    // later consistency check would trip over them.
    gateway.push(u"/metrics/job/lossy/v@base64/_w=="_s, "# TYPE rk gauge\nrk 1\n");
    gateway.push(u"/metrics/job/lossy/v@base64/_g=="_s, "# TYPE rk gauge\nrk 1\n");

    const QList<GroupingKey> reported = gatewayKeys(gateway.url());
    QList<GroupingKey> held;
    QList<GroupingKey> notHeld;
    for (const GroupingKey &key : std::as_const(pushed))
        (reported.contains(key) ? held : notHeld).append(key);
    QList<GroupingKey> lossy;
    for (const GroupingKey &key : reported) {
        if (key.isLossy())
            lossy.append(key);
        else
            QVERIFY2(held.contains(key),
                     qPrintable(u"seed %1: the gateway read a test path as %2"_s.arg(seed).arg(
                         key.toString())));
    }
    QCOMPARE(lossy.size(), 2);
    qInfo("seed %u: %lld keys, %lld held; %lld not nameable on this gateway, %lld pushes "
          "rejected, %lld pushed but not held",
          seed, qlonglong(keys.size()), qlonglong(held.size()), qlonglong(cannotName.size()),
          qlonglong(rejected.size()), qlonglong(notHeld.size()));
    for (const QString &key : std::as_const(cannotName))
        qInfo("  not nameable, skipped: %s", qPrintable(key));
    for (const QString &key : std::as_const(rejected))
        qInfo("  rejected by the gateway, skipped: %s", qPrintable(key));

    FaultProxy proxy(gateway.port());
    if (mergeSlashes) {
        QString proxyError;
        QVERIFY2(proxy.listen(&proxyError), qPrintable(proxyError));
        FaultProxy::Faults faults;
        faults.mergeSlashes = true;
        proxy.setFaults(faults);
    }
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(mergeSlashes ? proxy.url() : gateway.url(), &endpoint, nullptr));
    GatewayClient client(endpoint);
    QStringList expected = sortedKeys(reported);
    QStringList now;

    // Keys the gateway shows with U+FFFD are never deleted on a guess.
    for (const GroupingKey &key : std::as_const(lossy)) {
        const WriteResult result = writeAndWait(client, key);
        QVERIFY2(result.notSent && result.error.contains(u"U+FFFD"_s), qPrintable(result.error));
    }
    // Keys the gateway could not be given are refused, never sent.
    int refused = 0;
    for (const QString &text : std::as_const(cannotName)) {
        GroupingKey key;
        QVERIFY(GroupingKey::parse(text, &key, nullptr));
        const WriteResult result = writeAndWait(client, key);
        QVERIFY2(result.notSent, qPrintable(u"seed %1: %2 was sent"_s.arg(seed).arg(text)));
        ++refused;
    }
    QVERIFY2(settlesTo(gateway.url(), expected, &now), qPrintable(difference(expected, now)));

    // Each held key, in random order, removes exactly its group.
    QRandomGenerator order(seed);
    std::shuffle(held.begin(), held.end(), order);
    for (const GroupingKey &key : std::as_const(held)) {
        const WriteResult result = writeAndWait(client, key);
        QVERIFY2(result.ok,
                 qPrintable(u"seed %1, %2: %3"_s.arg(seed).arg(key.toString(), result.error)));
        expected.removeOne(key.toString());
        QVERIFY2(settlesTo(gateway.url(), expected, &now),
                 qPrintable(u"seed %1, after deleting %2: %3"_s.arg(seed).arg(
                     key.toString(), difference(expected, now))));
    }
    // Pushed but not held (the gateway refused the push): a delete, if sent, removes nothing.
    for (const GroupingKey &key : std::as_const(notHeld)) {
        const WriteResult result = writeAndWait(client, key);
        QVERIFY2(result.ok || result.notSent, qPrintable(result.error));
    }
    QVERIFY2(settlesTo(gateway.url(), expected, &now), qPrintable(difference(expected, now)));
    QCOMPARE(now.size(), 2); // the two lossy groups
    qInfo("seed %u: %lld deleted exactly, %d refused unsent, 2 lossy kept", seed,
          qlonglong(held.size()), refused);
    if (mergeSlashes) // the deletes above really went through the proxy
        QVERIFY(proxy.counts().forwardedDeletes >= held.size());
}

void TestRandomKeys::printedKeysSelectTheirGroup_data()
{
    QTest::addColumn<bool>("utf8");
    QTest::newRow("legacy names") << false;
    QTest::newRow("--push.enable-utf8-names") << true;
}

// Issue 11.5 and the clash of issue 11: every key `pushscope list` prints, pasted back as a
// --match, deletes exactly that group, with a backup.
void TestRandomKeys::printedKeysSelectTheirGroup()
{
    QFETCH(bool, utf8);
    PushgatewayProcess gateway(utf8 ? QStringList{u"--push.enable-utf8-names"_s} : QStringList{});
    QString skip;
    PUSHSCOPE_START_OR_END(startGateway(gateway, utf8, &skip, &startError_) || !skip.isEmpty());
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QList<Labels> keys = {{{u"job"_s, u"clash"_s}, {u"U__foo_2e_bar"_s, u"x"_s}},
                          {{u"job"_s, u"clash"_s}, {u"foo"_s, u"x\"y"_s}},
                          {{u"job"_s, u"clash"_s}, {u"a"_s, u".x"_s}, {u"b"_s, u".y"_s}}};
    if (utf8) {
        keys += QList<Labels>{{{u"job"_s, u"clash"_s}, {u"foo.bar"_s, u"x"_s}},
                              {{u"job"_s, u"clash"_s}, {u"my label"_s, u"x"_s}},
                              {{u"job"_s, u"clash"_s}, {u"a/b/c"_s, u"v"_s}},
                              {{u"job"_s, u"clash"_s}, {u"a"_s, u"b"_s}, {u"c"_s, u"v"_s}}};
    }
    for (const Labels &labels : std::as_const(keys))
        QCOMPARE(gateway.push(testPushPath(labels, utf8), "# TYPE rk gauge\nrk 1\n").status, 200);
    QTemporaryDir home;
    QProcessEnvironment environment;
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    const PushscopeRun list =
        runPushscope({u"list"_s, u"--gateway"_s, gateway.url(), u"--format"_s, u"csv"_s},
                     {environment, std::nullopt});
    QVERIFY2(list.finished && list.exitCode == 0, qPrintable(describe(list)));
    QStringList lines = QString::fromUtf8(list.out).split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), keys.size() + 1);
    lines.removeFirst();
    QStringList expected = sortedKeys(gatewayKeys(gateway.url()));
    for (const QString &line : std::as_const(lines)) {
        const QStringList fields = csvFields(line);
        const QString matcher = u"{job=\"%1\",%2}"_s.arg(fields.at(1), fields.at(2));
        const PushscopeRun run = runPushscope(
            {u"delete"_s, u"--gateway"_s, gateway.url(), u"--yes"_s, u"--match"_s, matcher},
            {environment, std::nullopt});
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(matcher + u": "_s + describe(run)));
        GroupingKey key;
        QString error;
        QVERIFY2(GroupingKey::parse(matcher, &key, &error), qPrintable(error));
        QVERIFY2(expected.removeOne(key.toString()), qPrintable(matcher));
        QStringList now;
        QVERIFY2(settlesTo(gateway.url(), expected, &now),
                 qPrintable(matcher + u": "_s + difference(expected, now)));
    }
}

QTEST_GUILESS_MAIN(TestRandomKeys)
#include "tst_randomkeys.moc"
