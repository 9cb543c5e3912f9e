// Saved connections: the settings round trip, the shared connections file (export, import,
// the sentences for bad files), that neither ever holds a secret, and the session-only
// memory fallback of SecretStore. No servers, no keychain daemon.
#include "connections/connectionsfile.h"
#include "connections/connectionstore.h"
#include "connections/secretstore.h"
#include "model/gatewaymonitor.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace pushscope;
using namespace Qt::StringLiterals;

namespace {

const QString kPassword = QStringLiteral("s3cr3t-Pa55word");
const QString kToken = QStringLiteral("tok-0123456789abcdef");

Connections sample()
{
    Connections c;
    PrometheusConnection prom;
    prom.id = QStringLiteral("prom-1");
    prom.name = QStringLiteral("Mimir");
    prom.url = QStringLiteral("https://mimir.example/prometheus");
    prom.http.bearerToken = kToken;
    prom.http.headers = {{"X-Scope-OrgID", "team-a"}};
    prom.grafanaUrl = QStringLiteral("https://grafana.example/g");
    prom.grafanaDatasource = QStringLiteral("P1809F7CD0C75ACF3");
    c.prometheus.append(prom);
    GatewayConnection gw;
    gw.id = QStringLiteral("gw-1");
    gw.name = QStringLiteral("Production");
    gw.url = QStringLiteral("https://push.example:9091/prefix");
    gw.pollInterval = std::chrono::milliseconds(15000);
    gw.readOnly = true;
    gw.staleAfterSeconds = 7200.5;
    gw.enabled = false;
    gw.prometheusId = prom.id;
    gw.http.username = QStringLiteral("ops");
    gw.http.password = kPassword;
    gw.http.headers = {{"X-One", "1"}, {"X-Two", "two words"}};
    gw.http.caFile = QStringLiteral("/etc/ca.pem");
    gw.http.certFile = QStringLiteral("/etc/client.pem");
    gw.http.keyFile = QStringLiteral("/etc/client.key");
    gw.http.serverName = QStringLiteral("push.internal");
    gw.http.insecureSkipVerify = true;
    c.gateways.append(gw);
    GatewayConnection second;
    second.url = QStringLiteral("localhost:9091"); // no id: one is assigned
    c.gateways.append(second);
    return c;
}

Connections withoutSecrets(Connections c)
{
    for (GatewayConnection &g : c.gateways)
        g.http.password.clear(), g.http.bearerToken.clear();
    for (PrometheusConnection &p : c.prometheus)
        p.http.password.clear(), p.http.bearerToken.clear();
    return c;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestConnections : public QObject
{
    Q_OBJECT

private slots:
    void settingsRoundTrip();
    void legacyReadOnlyListStillApplies();
    void fileRoundTrip();
    void grafanaLinkIsOptional();
    void badFiles_data();
    void badFiles();
    void importMergesById();
    void importToAnotherHostDropsSecrets();
    void urlPasswordNeverStored();
    void bearerTokenMarkedNotStored();
    void commandLineSecretsOnlyWhereAsked();
    void headersText();
    void gatewaySetup();
    void secretStoreMemoryFallback();
    void secretStoreKeychainOrFallback();

private:
    QTemporaryDir m_dir;
};

void TestConnections::settingsRoundTrip()
{
    const QString path = m_dir.filePath(QStringLiteral("roundtrip.ini"));
    const Connections saved = sample();
    {
        QSettings settings(path, QSettings::IniFormat);
        ConnectionStore::save(&settings, saved);
    }
    QSettings settings(path, QSettings::IniFormat);
    const Connections loaded = ConnectionStore::load(&settings);
    QCOMPARE(loaded.gateways.size(), 2);
    QVERIFY(!loaded.gateways.at(1).id.isEmpty()); // assigned, and stable from now on
    Connections expected = withoutSecrets(saved);
    expected.gateways[1].id = loaded.gateways.at(1).id;
    QVERIFY(loaded == expected);
    QVERIFY(loaded.gateways.at(0).savedSecrets.password);
    QVERIFY(!loaded.gateways.at(0).savedSecrets.bearerToken);
    QVERIFY(loaded.prometheus.at(0).savedSecrets.bearerToken);
    QCOMPARE(loaded.prometheusFor(loaded.gateways.at(0))->name, QStringLiteral("Mimir"));
    // Saving again keeps the ids and the secret marks although the values are not loaded.
    ConnectionStore::save(&settings, loaded);
    const Connections again = ConnectionStore::load(&settings);
    QVERIFY(again == loaded);
    QVERIFY(again.gateways.at(0).savedSecrets.password);

    settings.sync();
    const QByteArray bytes = readAll(path);
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!bytes.contains(kPassword.toUtf8()));
    QVERIFY(!bytes.contains(kToken.toUtf8()));
}

void TestConnections::legacyReadOnlyListStillApplies()
{
    QSettings settings(m_dir.filePath(QStringLiteral("legacy.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("readOnlyGateways"),
                      QStringList{QStringLiteral("http://localhost:9091/")});
    ConnectionStore::save(&settings, sample());
    const Connections loaded = ConnectionStore::load(&settings);
    QVERIFY(loaded.gateways.at(1).readOnly); // "localhost:9091" is the same gateway
    QCOMPARE(settings.value(QStringLiteral("readOnlyGateways")).toStringList().size(), 1);
}

void TestConnections::fileRoundTrip()
{
    const QString path = m_dir.filePath(QStringLiteral("team.json"));
    const Connections original = sample();
    QString error;
    QVERIFY2(saveConnectionsFile(path, original, &error), qPrintable(error));
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.contains("\"pushscope_connections\": 1"));
    QVERIFY(bytes.contains("\"basic_auth\""));
    QVERIFY(bytes.contains("\"ca_file\": \"/etc/ca.pem\""));
    QVERIFY(!bytes.contains(kPassword.toUtf8()));
    QVERIFY(!bytes.contains(kToken.toUtf8()));
    QVERIFY(!bytes.contains("password"));

    Connections loaded;
    QVERIFY2(loadConnectionsFile(path, &loaded, &error), qPrintable(error));
    QCOMPARE(loaded.gateways.size(), 2);
    Connections expected = withoutSecrets(original);
    expected.gateways[1].id = loaded.gateways.at(1).id;
    QVERIFY(!expected.gateways[1].id.isEmpty());
    QVERIFY(loaded == expected);
}

// Files written before the Grafana link load with none; a file with one keeps it.
void TestConnections::grafanaLinkIsOptional()
{
    const QString path = m_dir.filePath(QStringLiteral("old.json"));
    writeFile(path, R"({"pushscope_connections": 1,
        "prometheus": [{"id": "p", "name": "P", "url": "http://prom:9090"}],
        "gateways": [{"url": "http://gw:9091", "prometheus_id": "p"}]})");
    Connections loaded;
    QString error;
    QVERIFY2(loadConnectionsFile(path, &loaded, &error), qPrintable(error));
    QCOMPARE(loaded.prometheus.size(), 1);
    QVERIFY(loaded.prometheus.at(0).grafanaUrl.isEmpty());
    QVERIFY(loaded.prometheus.at(0).grafanaDatasource.isEmpty());
    // Saved without the keys, as before.
    const QString again = m_dir.filePath(QStringLiteral("again.json"));
    QVERIFY2(saveConnectionsFile(again, loaded, &error), qPrintable(error));
    QVERIFY(!readAll(again).contains("grafana"));

    const QString withLink = m_dir.filePath(QStringLiteral("grafana.json"));
    QVERIFY2(saveConnectionsFile(withLink, sample(), &error), qPrintable(error));
    const QByteArray bytes = readAll(withLink);
    QVERIFY(bytes.contains(R"("grafana_url": "https://grafana.example/g")"));
    QVERIFY(bytes.contains(R"("grafana_datasource": "P1809F7CD0C75ACF3")"));
    QVERIFY2(loadConnectionsFile(withLink, &loaded, &error), qPrintable(error));
    QCOMPARE(loaded.prometheus.at(0).grafanaUrl, u"https://grafana.example/g"_s);
    QCOMPARE(loaded.prometheus.at(0).grafanaDatasource, u"P1809F7CD0C75ACF3"_s);

    // The same in the settings, where an old entry has no such keys either.
    QSettings settings(m_dir.filePath(QStringLiteral("old.ini")), QSettings::IniFormat);
    ConnectionStore::save(&settings, sample());
    settings.beginGroup(QStringLiteral("connections"));
    const QStringList keys = settings.allKeys();
    settings.endGroup();
    QVERIFY2(keys.join(u' ').contains(u"grafanaUrl"_s), qPrintable(keys.join(u' ')));
    for (const QString &key : keys) {
        if (key.contains(u"grafana"_s))
            settings.remove(u"connections/"_s + key);
    }
    const Connections fromOld = ConnectionStore::load(&settings);
    QCOMPARE(fromOld.prometheus.size(), 1);
    QVERIFY(fromOld.prometheus.at(0).grafanaUrl.isEmpty());
    QCOMPARE(fromOld.prometheus.at(0).url, sample().prometheus.at(0).url);
}

void TestConnections::badFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("not json") << QByteArray("gateways: [") << QStringLiteral("it is not JSON");
    QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("not a JSON object");
    QTest::newRow("no version") << QByteArray(R"({"gateways": []})")
                                << QStringLiteral("no \"pushscope_connections\" version");
    QTest::newRow("wrong version")
        << QByteArray(R"({"pushscope_connections": 2})") << QStringLiteral("has version 2");
    QTest::newRow("gateway without url")
        << QByteArray(R"({"pushscope_connections": 1, "gateways": [{"name": "x"}]})")
        << QStringLiteral("gateway at position 1 has no URL");
    QTest::newRow("bad url")
        << QByteArray(R"({"pushscope_connections": 1, "gateways": [{"url": "ftp://x:1"}]})")
        << QStringLiteral("bad URL \"ftp://x:1\"");
    QTest::newRow("header with a line break")
        << QByteArray(R"({"pushscope_connections": 1, "gateways": [{"url": "h:9091",
                        "http_config": {"headers": [{"name": "X-A", "value": "a\r\nX-Injected: 1"}]}}]})")
        << QStringLiteral("must be one line");
    QTest::newRow("authorization header")
        << QByteArray(R"({"pushscope_connections": 1, "gateways": [{"url": "h:9091",
                        "http_config": {"headers": [{"name": "Authorization", "value": "x"}]}}]})")
        << QStringLiteral("Authorization is not an extra header");
    QTest::newRow("framing header")
        << QByteArray(R"({"pushscope_connections": 1, "gateways": [{"url": "h:9091",
                        "http_config": {"headers": [{"name": "content-length", "value": "5"}]}}]})")
        << QStringLiteral("Content-Length is not an extra header");
    QTest::newRow("unknown prometheus")
        << QByteArray(R"({"pushscope_connections": 1, "gateways": [{"url": "h:9091"},
                        {"url": "h:9092", "prometheus_id": "nope"}]})")
        << QStringLiteral("position 2 links to Prometheus server \"nope\"");
}

void TestConnections::badFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, sentence);
    const QString path = m_dir.filePath(QStringLiteral("bad.json"));
    writeFile(path, json);
    const Connections before = sample();
    Connections connections = before;
    QString error;
    QVERIFY(!importConnectionsFile(path, &connections, &error));
    QVERIFY2(error.contains(sentence), qPrintable(error));
    QVERIFY(connections == before);
    QVERIFY(!loadConnectionsFile(path, &connections, &error));
    QVERIFY(connections == before);
}

void TestConnections::importMergesById()
{
    Connections mine = sample();
    Connections theirs;
    GatewayConnection changed = withoutSecrets(sample()).gateways.at(0);
    changed.name = QStringLiteral("Production (renamed)");
    theirs.gateways.append(changed);
    GatewayConnection added;
    added.id = QStringLiteral("gw-new");
    added.url = QStringLiteral("http://new:9091");
    added.prometheusId = QStringLiteral("prom-1"); // known here, not in the file
    theirs.gateways.append(added);
    const QString path = m_dir.filePath(QStringLiteral("theirs.json"));
    QString error;
    QVERIFY(saveConnectionsFile(path, theirs, &error));
    QVERIFY2(importConnectionsFile(path, &mine, &error), qPrintable(error));
    QCOMPARE(mine.gateways.size(), 3);
    QCOMPARE(mine.gateways.at(0).name, QStringLiteral("Production (renamed)"));
    QCOMPARE(mine.gateways.at(0).http.password, kPassword); // kept: the file has none
    QCOMPARE(mine.gateways.at(2).id, QStringLiteral("gw-new"));
    QCOMPARE(mine.prometheus.size(), 1);
}

// A file that moves a known connection to another host must not take its secrets along.
void TestConnections::importToAnotherHostDropsSecrets()
{
    Connections mine = sample();
    Connections theirs;
    GatewayConnection moved = withoutSecrets(sample()).gateways.at(0);
    moved.url = QStringLiteral("https://attacker.example:9091/prefix");
    theirs.gateways.append(moved);
    PrometheusConnection samePlace = withoutSecrets(sample()).prometheus.at(0);
    samePlace.name = QStringLiteral("Mimir (renamed)");
    theirs.prometheus.append(samePlace);
    const QString path = m_dir.filePath(QStringLiteral("moved.json"));
    QString error;
    QVERIFY(saveConnectionsFile(path, theirs, &error));
    QVERIFY2(importConnectionsFile(path, &mine, &error), qPrintable(error));
    QCOMPARE(mine.gateways.at(0).url, moved.url);
    QVERIFY(mine.gateways.at(0).http.password.isEmpty());
    QVERIFY(!mine.gateways.at(0).savedSecrets.password);
    QCOMPARE(mine.prometheus.at(0).http.bearerToken, kToken); // same server: kept
}

// user:password@ in a URL is used, but never written to the settings or a shared file, and
// never shown.
void TestConnections::urlPasswordNeverStored()
{
    Connections connections;
    GatewayConnection gateway;
    gateway.id = QStringLiteral("gw-url");
    gateway.url = QStringLiteral("https://ops:%1@push.example:9091").arg(kPassword);
    connections.gateways.append(gateway);
    const QString path = m_dir.filePath(QStringLiteral("url.json"));
    QString error;
    QVERIFY(saveConnectionsFile(path, connections, &error));
    QVERIFY(!readAll(path).contains(kPassword.toUtf8()));
    QVERIFY(readAll(path).contains("https://ops@push.example:9091"));
    {
        QSettings settings(m_dir.filePath(QStringLiteral("url.ini")), QSettings::IniFormat);
        ConnectionStore::save(&settings, connections);
    }
    QVERIFY(!readAll(m_dir.filePath(QStringLiteral("url.ini"))).contains(kPassword.toUtf8()));
    QVERIFY(!gateway.displayName().contains(kPassword));
    GatewayEndpoint endpoint;
    QVERIFY(!GatewayEndpoint::parse(gateway.url + QStringLiteral("/?q=1"), &endpoint, &error));
    QVERIFY2(!error.contains(kPassword), qPrintable(error));
    QVERIFY(!GatewayEndpoint::parse(QStringLiteral("http://ops:%1@host:99999").arg(kPassword),
                                    &endpoint, &error));
    QVERIFY2(!error.contains(kPassword), qPrintable(error));
}

// A gateway that authenticates with a bearer token is marked as such in a shared file (so
// --config knows where a --bearer-token-file belongs), without the token.
void TestConnections::bearerTokenMarkedNotStored()
{
    Connections connections;
    GatewayConnection withToken;
    withToken.id = QStringLiteral("t");
    withToken.url = QStringLiteral("https://a.example:9091");
    withToken.http.bearerToken = kToken;
    GatewayConnection plain;
    plain.id = QStringLiteral("p");
    plain.url = QStringLiteral("https://b.example:9091");
    connections.gateways = {withToken, plain};
    const QString path = m_dir.filePath(QStringLiteral("bearer.json"));
    QString error;
    QVERIFY(saveConnectionsFile(path, connections, &error));
    QVERIFY(!readAll(path).contains(kToken.toUtf8()));
    Connections loaded;
    QVERIFY2(loadConnectionsFile(path, &loaded, &error), qPrintable(error));
    QVERIFY(loaded.gateways.at(0).savedSecrets.bearerToken);
    QVERIFY(!loaded.gateways.at(1).savedSecrets.bearerToken);
}

// --config with --password-file / --bearer-token-file: each secret reaches only the gateways
// whose file entry asks for it.
void TestConnections::commandLineSecretsOnlyWhereAsked()
{
    HttpConfig commandLine;
    commandLine.password = kPassword;
    commandLine.bearerToken = kToken;
    GatewayConnection basic;
    basic.http.username = QStringLiteral("ops");
    GatewayConnection bearer;
    bearer.savedSecrets.bearerToken = true;
    GatewayConnection plain;
    for (GatewayConnection *gateway : {&basic, &bearer, &plain})
        fillCommandLineSecrets(gateway, commandLine);
    QCOMPARE(basic.http.password, kPassword);
    QVERIFY(basic.http.bearerToken.isEmpty());
    QCOMPARE(bearer.http.bearerToken, kToken);
    QVERIFY(bearer.http.password.isEmpty());
    QVERIFY(!plain.http.hasSecrets());
    QCOMPARE(connectionUrl(QStringLiteral(" host:9091 ")),
             QUrl(QStringLiteral("http://host:9091")));
}

void TestConnections::headersText()
{
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;
    QVERIFY(
        headersFromText(QStringLiteral("X-Scope-OrgID: a\n\n  X-B:  b c \n"), &headers, &error));
    QCOMPARE(headers.size(), 2);
    QCOMPARE(headers.at(1).second, QByteArray("b c"));
    QCOMPARE(headersToText(headers), QStringLiteral("X-Scope-OrgID: a\nX-B: b c"));
    QVERIFY(!headersFromText(QStringLiteral("no colon here"), &headers, &error));
    QVERIFY(error.contains(QStringLiteral("line 1")));
    QVERIFY(!error.contains(QStringLiteral("no colon"))); // a pasted secret is not shown back
    QVERIFY(!headersFromText(QStringLiteral("Authorization: Bearer abc"), &headers, &error));
    QVERIFY(!error.contains(QStringLiteral("abc")));
    QCOMPARE(headers.size(), 2); // unchanged
}

void TestConnections::gatewaySetup()
{
    QString error;
    const GatewayConnection gw = sample().gateways.at(0);
    const GatewaySetup setup = gatewaySetupFor(gw, std::chrono::seconds(3), &error);
    QVERIFY(error.isEmpty());
    QVERIFY(setup.endpoint.isValid());
    QCOMPARE(setup.name, gw.name);
    QCOMPARE(setup.interval, gw.pollInterval);
    QCOMPARE(setup.timeout, std::chrono::milliseconds(3000));
    QVERIFY(setup.readOnly);
    QCOMPARE(setup.staleAfterSeconds.value_or(0), 7200.5);
    QVERIFY(setup.http == gw.http);
    GatewayConnection bad;
    bad.url = QStringLiteral("ftp://nowhere");
    QVERIFY(!gatewaySetupFor(bad, std::chrono::seconds(1), &error).endpoint.isValid());
    QVERIFY(!error.isEmpty());
}

void TestConnections::secretStoreMemoryFallback()
{
    SecretStore store(SecretStore::Backend::MemoryOnly);
    QVERIFY(!store.keychainAvailable());
    QCOMPARE(SecretStore::keyFor(QStringLiteral("gw-1"), SecretStore::Kind::Password),
             QStringLiteral("gw-1/password"));
    QCOMPARE(SecretStore::keyFor(QStringLiteral("gw-1"), SecretStore::Kind::BearerToken),
             QStringLiteral("gw-1/bearer_token"));

    // Save the sample's secrets, then load a copy that only knows they exist.
    const QString ini = m_dir.filePath(QStringLiteral("secrets.ini"));
    QSettings settings(ini, QSettings::IniFormat);
    Connections entered = sample();
    assignMissingIds(&entered);
    markSecretsSaved(&entered);
    ConnectionStore::save(&settings, entered);
    bool saved = false;
    store.saveSecrets(entered, {}, [&saved](bool ok, const QString &) { saved = ok; });
    QTRY_VERIFY(saved);

    Connections filled;
    bool loaded = false;
    store.loadSecrets(ConnectionStore::load(&settings), [&](Connections c) {
        filled = c;
        loaded = true;
    });
    QTRY_VERIFY(loaded);
    QVERIFY(filled == entered);

    // Clearing a password removes it; a deleted connection's secrets go too.
    Connections cleared = entered;
    cleared.gateways[0].http.password.clear();
    cleared.gateways[0].savedSecrets.password = false;
    cleared.prometheus.clear();
    cleared.gateways[0].prometheusId.clear();
    bool done = false;
    store.saveSecrets(cleared, entered, [&done](bool, const QString &) { done = true; });
    QTRY_VERIFY(done);
    bool found = true;
    bool answered = false;
    store.read(QStringLiteral("gw-1/password"), [&](bool f, const QString &) {
        found = f;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(!found);
    answered = false;
    store.read(QStringLiteral("prom-1/bearer_token"), [&](bool f, const QString &) {
        found = f;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(!found);

    settings.sync();
    const QByteArray bytes = readAll(ini);
    QVERIFY(!bytes.contains(kPassword.toUtf8()));
    QVERIFY(!bytes.contains(kToken.toUtf8()));
}

// Opt-in (PUSHSCOPE_TEST_KEYCHAIN=1), since it touches the user's real keychain when there
// is one: a secret written in Keychain mode reads back, from the keychain or, where none can
// be reached, from the session memory that then replaces it.
void TestConnections::secretStoreKeychainOrFallback()
{
    if (qEnvironmentVariableIsEmpty("PUSHSCOPE_TEST_KEYCHAIN"))
        QSKIP("set PUSHSCOPE_TEST_KEYCHAIN=1 to try the system keychain");
    SecretStore store;
    const QString key = QStringLiteral("pushscope-test/password");
    bool written = false;
    store.write(key, kPassword, [&written](bool ok, const QString &) { written = ok; });
    QTRY_VERIFY_WITH_TIMEOUT(written, 20000);
    QString value;
    store.read(key, [&value](bool, const QString &v) { value = v; });
    QTRY_COMPARE(value, kPassword);
    bool removed = false;
    store.remove(key, [&removed](bool ok, const QString &) { removed = ok; });
    QTRY_VERIFY_WITH_TIMEOUT(removed, 20000);
    qInfo("keychain available: %s", store.keychainAvailable() ? "yes" : "no");
}

QTEST_GUILESS_MAIN(TestConnections)
#include "tst_connections.moc"
