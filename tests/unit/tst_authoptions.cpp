// The authentication and TLS options of every command: header forms, secret files (one
// trailing newline stripped, unreadable file and missing --username as usage errors), and
// TLS files that cannot be used turning into a sentence for every request.

#include "cli/authoptions.h"
#include "cli/guioptions.h"
#include "net/httpclient.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pushscope::AuthOptions;
using pushscope::HttpConfig;

namespace {

// Parses `arguments` (after the program name) with only the AuthOptions.
bool parseAuth(const QStringList &arguments, HttpConfig *config, QString *error)
{
    QCommandLineParser parser;
    const AuthOptions auth(&parser);
    if (!parser.parse(QStringList{u"pushscope"_s} + arguments)) {
        *error = parser.errorText();
        return false;
    }
    return auth.read(config, error);
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return QString();
    return path;
}

} // namespace

class TestAuthOptions : public QObject
{
    Q_OBJECT

private slots:
    void header_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("plain") << u"X-Scope-OrgID: team-a"_s << true << "X-Scope-OrgID"_ba
                               << "team-a"_ba;
        QTest::newRow("no space") << u"X-A:b"_s << true << "X-A"_ba
                                  << "b"_ba;
        QTest::newRow("colon in value") << u"X-Url: http://x:1"_s << true << "X-Url"_ba
                                        << "http://x:1"_ba;
        QTest::newRow("empty value") << u"X-Empty:"_s << true << "X-Empty"_ba << QByteArray();
        QTest::newRow("no colon") << u"X-Api-Key secret-token"_s << false << QByteArray()
                                  << QByteArray();
        QTest::newRow("no name") << u": value"_s << false << QByteArray() << QByteArray();
        QTest::newRow("space in name") << u"X Scope: a"_s << false << QByteArray() << QByteArray();
        QTest::newRow("newline in value")
            << u"X-A: b\r\nX-Injected: c"_s << false << QByteArray() << QByteArray();
        QTest::newRow("authorization")
            << u"Authorization: Bearer secret-token"_s << false << QByteArray() << QByteArray();
    }
    void header()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QPair<QByteArray, QByteArray> header;
        QString error;
        QCOMPARE(AuthOptions::parseHeader(text, &header, &error), ok);
        if (ok) {
            QFETCH(QByteArray, name);
            QFETCH(QByteArray, value);
            QCOMPARE(header.first, name);
            QCOMPARE(header.second, value);
        } else {
            QVERIFY2(error.contains(u"--header"), qPrintable(error));
            QVERIFY2(!error.contains(u"secret-token"), qPrintable(error));
        }
    }

    void passwordFileStripsOneTrailingNewline_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("password");
        QTest::newRow("newline") << "s3cret\n"_ba << u"s3cret"_s;
        QTest::newRow("crlf") << "s3cret\r\n"_ba << u"s3cret"_s;
        QTest::newRow("none") << "s3cret"_ba << u"s3cret"_s;
        QTest::newRow("two newlines") << "s3cret\n\n"_ba << u"s3cret\n"_s;
        QTest::newRow("spaces kept") << " s3cret \n"_ba << u" s3cret "_s;
    }
    void passwordFileStripsOneTrailingNewline()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, password);
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"password"_s, content);
        QVERIFY(!path.isEmpty());
        HttpConfig config;
        QString error;
        QVERIFY2(parseAuth({u"--username=alice"_s, u"--password-file"_s, path}, &config, &error),
                 qPrintable(error));
        QCOMPARE(config.username, u"alice"_s);
        QCOMPARE(config.password, password);
        QVERIFY(config.bearerToken.isEmpty());
    }

    void everyOption()
    {
        QTemporaryDir dir;
        const QString token = writeFile(dir, u"token"_s, "tok-123\n"_ba);
        HttpConfig config;
        QString error;
        QVERIFY2(parseAuth({u"--bearer-token-file"_s, token, u"--header"_s, u"X-A: 1"_s,
                            u"--header"_s, u"X-B: 2"_s, u"--ca-file=/ca.pem"_s,
                            u"--cert-file=/c.pem"_s, u"--key-file=/k.pem"_s,
                            u"--server-name=gw.example"_s, u"--insecure-skip-verify"_s},
                           &config, &error),
                 qPrintable(error));
        QCOMPARE(config.bearerToken, u"tok-123"_s);
        QCOMPARE(config.headers.size(), 2);
        QCOMPARE(config.headers.at(1).first, "X-B"_ba);
        QCOMPARE(config.caFile, u"/ca.pem"_s);
        QCOMPARE(config.certFile, u"/c.pem"_s);
        QCOMPARE(config.keyFile, u"/k.pem"_s);
        QCOMPARE(config.serverName, u"gw.example"_s);
        QVERIFY(config.insecureSkipVerify);
        HttpConfig none;
        QVERIFY(parseAuth({}, &none, &error));
        QVERIFY(none == HttpConfig());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing password file")
            << QStringList{u"--username=alice"_s, u"--password-file=/nonexistent/pw"_s}
            << u"--password-file: cannot read \"/nonexistent/pw\""_s;
        QTest::newRow("password file without username")
            << QStringList{u"--password-file=/nonexistent/pw"_s}
            << u"--password-file needs --username"_s;
        QTest::newRow("missing token file")
            << QStringList{u"--bearer-token-file=/nonexistent/t"_s}
            << u"--bearer-token-file: cannot read \"/nonexistent/t\""_s;
        QTest::newRow("basic and bearer")
            << QStringList{u"--username=a"_s, u"--bearer-token-file=/x"_s} << u"not both"_s;
        QTest::newRow("cert without key")
            << QStringList{u"--cert-file=/c.pem"_s} << u"--cert-file and --key-file"_s;
        QTest::newRow("bad header") << QStringList{u"--header=nocolon"_s} << u"'Name: value'"_s;
        QTest::newRow("no --password") << QStringList{u"--password=x"_s} << u"password"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        HttpConfig config;
        QString error;
        QVERIFY(!parseAuth(arguments, &config, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void emptySecretFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"empty"_s, "\n"_ba);
        HttpConfig config;
        QString error;
        QVERIFY(!parseAuth({u"--username=a"_s, u"--password-file"_s, path}, &config, &error));
        QVERIFY2(error.contains(u"is empty"), qPrintable(error));
    }

    void guiOptionsCarryTheConfig()
    {
        QTemporaryDir dir;
        const QString password = writeFile(dir, u"pw"_s, "pw\n"_ba);
        pushscope::GuiOptions options;
        QString error;
        QString help;
        QCOMPARE(pushscope::parseGuiOptions({u"pushscope"_s, u"--gateway=https://gw:9091"_s,
                                             u"--username=bob"_s, u"--password-file"_s, password,
                                             u"--ca-file=/ca.pem"_s},
                                            &options, &error, &help),
                 pushscope::GuiParse::Run);
        QCOMPARE(options.gatewayHttp.username, u"bob"_s);
        QCOMPARE(options.gatewayHttp.password, u"pw"_s);
        QCOMPARE(options.gatewayHttp.caFile, u"/ca.pem"_s);
        QVERIFY(help.contains(u"--bearer-token-file"));
        QCOMPARE(pushscope::parseGuiOptions({u"pushscope"_s, u"--password-file=/x"_s}, &options,
                                            &error, &help),
                 pushscope::GuiParse::Error);
        QVERIFY2(error.contains(u"--password-file needs --username"), qPrintable(error));
    }

    // user:password@ in a gateway URL is kept for basic auth, but text() never shows it.
    void gatewayUrlPasswordIsNotShown()
    {
        pushscope::GatewayEndpoint endpoint;
        QString error;
        QVERIFY(
            pushscope::GatewayEndpoint::parse(u"https://bob:pw-x1@gw:9091/"_s, &endpoint, &error));
        QCOMPARE(endpoint.text(), u"https://bob@gw:9091/"_s);
        QCOMPARE(endpoint.baseUrl().password(), u"pw-x1"_s);
        QByteArray authorization;
        const QUrl stripped = pushscope::takeUserInfo(endpoint.url(u"/api"_s), &authorization);
        QCOMPARE(stripped.toString(), u"https://gw:9091/api"_s);
        QCOMPARE(authorization, "Basic " + "bob:pw-x1"_ba.toBase64());
    }

    void helpExplainsWhyThereIsNoPasswordOption()
    {
        QCommandLineParser parser;
        const AuthOptions auth(&parser);
        QVERIFY(parser.helpText().contains(u"no --password"));
    }

    // An extra header that would split into two (CR/LF) or carry credentials is never sent.
    void badExtraHeaderFailsEveryRequest()
    {
        const QList<QPair<QByteArray, QByteArray>> bad = {{"X-A", "a\r\nX-Injected: 1"},
                                                          {"Authorization", "Bearer s3cr3t-value"},
                                                          {"Bad Name", "x"}};
        for (const auto &header : bad) {
            pushscope::HttpClient client;
            HttpConfig config;
            config.headers = {header};
            client.setHttpConfig(config);
            pushscope::HttpResult result;
            bool done = false;
            client.get(QUrl(u"http://127.0.0.1:1/"_s), [&](const pushscope::HttpResult &r) {
                result = r;
                done = true;
            });
            QTRY_VERIFY(done);
            QVERIFY(!result.ok);
            QVERIFY2(!result.error.contains(u"refused"_s), qPrintable(result.error)); // not sent
            QVERIFY2(!result.error.contains(u"s3cr3t"_s), qPrintable(result.error));
        }
    }

    // A TLS file that cannot be used fails every request with a sentence naming the file.
    void unusableTlsFileFailsEveryRequest()
    {
        QTemporaryDir dir;
        const QString notPem = writeFile(dir, u"ca.pem"_s, "not a certificate"_ba);
        const QString missing = dir.filePath(u"missing.pem"_s);
        for (const QString &caFile : {notPem, missing}) {
            pushscope::HttpClient client;
            HttpConfig config;
            config.caFile = caFile;
            client.setHttpConfig(config);
            for (int i = 0; i < 2; ++i) {
                pushscope::HttpResult result;
                bool done = false;
                client.get(QUrl(u"https://127.0.0.1:1/"_s), [&](const pushscope::HttpResult &r) {
                    result = r;
                    done = true;
                });
                QTRY_VERIFY(done);
                QVERIFY(!result.ok);
                QVERIFY2(result.error.contains(caFile), qPrintable(result.error));
                QVERIFY2(!result.error.contains(u"not a certificate"), qPrintable(result.error));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAuthOptions)
#include "tst_authoptions.moc"
