// Authentication and TLS as an operator meets them: a real prometheus-pushgateway behind
// --web.config.file (a test-made CA and server certificate, a bcrypt basic auth user),
// read with the real `pushscope list`. Loopback doubles record what is sent: extra headers,
// the bearer token, and that credentials never follow a redirect to another host.

#include "gateway/gatewayclient.h"
#include "keycorpus.h"
#include "serverprocess.h"
#include "testhelpers.h"
#include "tst_auth_double.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace pushscope;
using pushscope::testing::describe;
using pushscope::testing::HttpAccess;
using pushscope::testing::PushgatewayProcess;
using pushscope::testing::RecordingHttpDouble;
using pushscope::testing::runPushscope;
using Run = pushscope::testing::PushscopeRun;

namespace {

const QString kUser = u"alice"_s;
const QString kPassword = u"s3cret-Pw-4711"_s;
const QString kWrongPassword = u"wrong-Pw-0815"_s;
const QByteArray kToken = "tok-ABC-123"_ba;

// Runs `program` with `arguments` in `dir`; false with its output in `error`.
bool runTool(const QString &program, const QStringList &arguments, const QString &dir,
             QByteArray *out, QString *error)
{
    const QString binary = QStandardPaths::findExecutable(program); // a tool, not a server
    if (binary.isEmpty()) {
        *error = u"%1 is not installed (see installer/install-deps.sh)."_s.arg(program);
        return false;
    }
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(binary, arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        *error = u"%1 failed: %2"_s.arg(program, QString::fromUtf8(process.readAllStandardError()));
        return false;
    }
    *out = process.readAllStandardOutput();
    return true;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rightCredentialsAndCaListTheGroup();
    void userInfoInTheUrlBecomesBasicAuth();
    void wrongPasswordIsAuthenticationFailed();
    void untrustedCertificateNamesItsSubject();
    void insecureSkipVerifyWarns();
    void deleteUsesTheCredentials();
    void deleteOverTlsSaysWhyItWasRefused();
    void clientCertificateIsPresented();
    void headersAndBearerTokenAreSent();
    void credentialsDoNotFollowRedirectToAnotherHost();

private:
    bool makeFixtures(QString *error);
    bool startGateway(QString *error);
    Run list(const QStringList &extra) const;
    QString file(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    std::unique_ptr<PushgatewayProcess> m_gateway;
};

bool TestAuth::makeFixtures(QString *error)
{
    if (!m_dir.isValid()) {
        *error = u"Cannot create a temporary directory."_s;
        return false;
    }
    const QString dir = m_dir.path();
    QByteArray out;
    const QStringList ecKey = {u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                               u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};
    if (!runTool(u"openssl"_s,
                 QStringList{u"req"_s, u"-x509"_s} + ecKey +
                     QStringList{u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s,
                                 u"2"_s, u"-subj"_s, u"/CN=pushscope-test-ca"_s},
                 dir, &out, error))
        return false;
    // A certificate signed by the test CA: <name>.pem and its key <name>.key.
    auto issue = [&](const QString &name, const QString &subject, const QByteArray &usage) {
        const QString extensions = name + u".cnf"_s;
        return runTool(u"openssl"_s,
                       QStringList{u"req"_s} + ecKey +
                           QStringList{u"-keyout"_s, name + u".key"_s, u"-out"_s, name + u".csr"_s,
                                       u"-subj"_s, subject},
                       dir, &out, error) &&
               writeFile(file(extensions), "subjectAltName=IP:127.0.0.1\nbasicConstraints="
                                           "CA:FALSE\nextendedKeyUsage=" +
                                               usage + '\n') &&
               runTool(u"openssl"_s,
                       {u"x509"_s, u"-req"_s, u"-in"_s, name + u".csr"_s, u"-CA"_s, u"ca.pem"_s,
                        u"-CAkey"_s, u"ca.key"_s, u"-CAcreateserial"_s, u"-out"_s, name + u".pem"_s,
                        u"-days"_s, u"2"_s, u"-extfile"_s, extensions},
                       dir, &out, error);
    };
    if (!issue(u"server"_s, u"/CN=pushscope-test"_s, "serverAuth") ||
        !issue(u"client"_s, u"/CN=pushscope-client"_s, "clientAuth"))
        return false;
    if (!runTool(u"htpasswd"_s, {u"-nbB"_s, kUser, kPassword}, dir, &out, error))
        return false;
    const QByteArray hash = out.trimmed().mid(kUser.size() + 1);
    const QByteArray webConfig =
        "tls_server_config:\n  cert_file: " + file(u"server.pem"_s).toUtf8() +
        "\n  key_file: " + file(u"server.key"_s).toUtf8() + "\nbasic_auth_users:\n  " +
        kUser.toUtf8() + ": '" + hash + "'\n";
    const QByteArray mtlsConfig =
        "tls_server_config:\n  cert_file: " + file(u"server.pem"_s).toUtf8() +
        "\n  key_file: " + file(u"server.key"_s).toUtf8() +
        "\n  client_auth_type: RequireAndVerifyClientCert\n"
        "  client_ca_file: " +
        file(u"ca.pem"_s).toUtf8() + '\n';
    if (!writeFile(file(u"web.yml"_s), webConfig) ||
        !writeFile(file(u"web-mtls.yml"_s), mtlsConfig) ||
        !writeFile(file(u"password"_s), kPassword.toUtf8() + '\n') ||
        !writeFile(file(u"wrong-password"_s), kWrongPassword.toUtf8() + '\n') ||
        !writeFile(file(u"token"_s), kToken + '\n')) {
        *error = u"Cannot write the test files."_s;
        return false;
    }
    return true;
}

bool TestAuth::startGateway(QString *error)
{
    if (!makeFixtures(error))
        return false;
    m_gateway = std::make_unique<PushgatewayProcess>(
        QStringList{u"--web.config.file=%1"_s.arg(file(u"web.yml"_s))});
    HttpAccess access;
    access.authorization = "Basic " + (kUser + u':' + kPassword).toUtf8().toBase64();
    access.acceptAnyCertificate = true;
    m_gateway->setWebAccess(true, access);
    return m_gateway->start(error);
}

void TestAuth::initTestCase()
{
    PUSHSCOPE_START_OR_END(startGateway(&startError_));
    const auto pushed = m_gateway->push(u"/metrics/job/secured/instance/a"_s,
                                        "# TYPE processed_items gauge\nprocessed_items 42\n"_ba);
    QVERIFY2(pushed.status == 200, qPrintable(pushed.error + QString::fromUtf8(pushed.body)));
}

Run TestAuth::list(const QStringList &extra) const
{
    return runPushscope(QStringList{u"list"_s, u"--format"_s, u"json"_s, u"--timeout"_s, u"10s"_s} +
                        extra);
}

void TestAuth::rightCredentialsAndCaListTheGroup()
{
    const Run run =
        list({u"--gateway"_s, m_gateway->url(), u"--username"_s, kUser, u"--password-file"_s,
              file(u"password"_s), u"--ca-file"_s, file(u"ca.pem"_s)});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray rows = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0)[u"labels"_s][u"job"_s].toString(), u"secured"_s);
    QVERIFY(!run.out.contains(kPassword.toUtf8()) && !run.err.contains(kPassword.toUtf8()));
}

void TestAuth::userInfoInTheUrlBecomesBasicAuth()
{
    QString url = m_gateway->url();
    url.insert(url.indexOf(u"://") + 3, kUser + u':' + kPassword + u'@');
    const Run run = list({u"--gateway"_s, url, u"--ca-file"_s, file(u"ca.pem"_s)});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 1);
    QVERIFY2(!run.out.contains(kPassword.toUtf8()), run.out.constData());
}

void TestAuth::wrongPasswordIsAuthenticationFailed()
{
    const Run run =
        list({u"--gateway"_s, m_gateway->url(), u"--username"_s, kUser, u"--password-file"_s,
              file(u"wrong-password"_s), u"--ca-file"_s, file(u"ca.pem"_s)});
    QVERIFY2(run.finished && run.exitCode == 1, qPrintable(describe(run)));
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(u"authentication failed"_s, Qt::CaseInsensitive), qPrintable(err));
    QVERIFY2(
        err.contains(u"Authentication failed for %1/api/v1/metrics: HTTP 401 Unauthorized"_s.arg(
            m_gateway->url())),
        qPrintable(err));
    QVERIFY(!err.contains(kWrongPassword) && !err.contains(kPassword));
    QVERIFY(!run.out.contains(kWrongPassword.toUtf8()));

    const Run none = list({u"--gateway"_s, m_gateway->url(), u"--ca-file"_s, file(u"ca.pem"_s)});
    QVERIFY2(none.exitCode == 1 && none.err.contains("Authentication failed"),
             qPrintable(describe(none)));
}

void TestAuth::untrustedCertificateNamesItsSubject()
{
    const Run run = list({u"--gateway"_s, m_gateway->url(), u"--username"_s, kUser,
                          u"--password-file"_s, file(u"password"_s)});
    QVERIFY2(run.finished && run.exitCode == 1, qPrintable(describe(run)));
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(u"The TLS certificate of 127.0.0.1:%1 (subject CN=pushscope-test) is "
                          u"not trusted: "_s.arg(m_gateway->port())),
             qPrintable(err));
    QVERIFY2(err.contains(u"--ca-file"_s) && err.contains(u"--insecure-skip-verify"_s),
             qPrintable(err));
    QVERIFY(!err.contains(kPassword));
}

void TestAuth::insecureSkipVerifyWarns()
{
    const Run run = list({u"--gateway"_s, m_gateway->url(), u"--username"_s, kUser,
                          u"--password-file"_s, file(u"password"_s), u"--insecure-skip-verify"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 1);
    QVERIFY2(run.err.contains(
                 u"warning: TLS certificate verification is off for %1"_s.arg(m_gateway->url())
                     .toUtf8()),
             run.err.constData());
}

void TestAuth::deleteUsesTheCredentials()
{
    const auto pushed = m_gateway->push(u"/metrics/job/doomed"_s, "doomed_items 1\n"_ba);
    QVERIFY2(pushed.status == 200, qPrintable(pushed.error));
    QTemporaryDir data;
    pushscope::testing::RunOptions options;
    options.environment.insert(u"XDG_DATA_HOME"_s, data.path());
    options.environment.insert(u"XDG_CONFIG_HOME"_s, data.path());
    const Run run =
        runPushscope({u"delete"_s, u"--gateway"_s, m_gateway->url(), u"--username"_s, kUser,
                      u"--password-file"_s, file(u"password"_s), u"--ca-file"_s, file(u"ca.pem"_s),
                      u"--group"_s, u"job=\"doomed\""_s, u"--yes"_s, u"--format"_s, u"json"_s},
                     options);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains("\"deleted\""), qPrintable(describe(run)));
    const Run after =
        list({u"--gateway"_s, m_gateway->url(), u"--username"_s, kUser, u"--password-file"_s,
              file(u"password"_s), u"--ca-file"_s, file(u"ca.pem"_s)});
    QCOMPARE(QJsonDocument::fromJson(after.out).array().size(), 1);
}

// PushScope's own DELETE connections (HttpWritePool) against the real TLS gateway: the
// certificate, the credentials and their failures read as they do for every other request.
void TestAuth::deleteOverTlsSaysWhyItWasRefused()
{
    const auto pushed = m_gateway->push(u"/metrics/job/kept"_s, "kept_items 1\n"_ba);
    QVERIFY2(pushed.status == 200, qPrintable(pushed.error));
    const QStringList access = {u"--gateway"_s, m_gateway->url(),     u"--username"_s,
                                kUser,          u"--password-file"_s, file(u"password"_s),
                                u"--ca-file"_s, file(u"ca.pem"_s)};
    const auto groupsListed = [&] {
        return QJsonDocument::fromJson(list(access).out).array().size();
    };
    const qsizetype before = groupsListed();
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(m_gateway->url(), &endpoint, nullptr));
    const GroupingKey kept(Labels{{u"job"_s, u"kept"_s}});
    const auto deleteWith = [&](const HttpConfig &config) {
        GatewayClient client(endpoint);
        client.setHttpConfig(config);
        client.setNameEscaping(NameEscaping::Legacy);
        return pushscope::testing::writeAndWait(client, kept);
    };
    HttpConfig untrusted;
    untrusted.username = kUser;
    untrusted.password = kPassword;
    const WriteResult refused = deleteWith(untrusted);
    QVERIFY(!refused.ok);
    QVERIFY2(
        refused.error.startsWith(u"The TLS certificate of 127.0.0.1:%1 (subject "
                                 u"CN=pushscope-test) is not trusted: "_s.arg(m_gateway->port())),
        qPrintable(refused.error));
    QVERIFY(!refused.error.contains(kPassword));

    HttpConfig wrongPassword = untrusted;
    wrongPassword.caFile = file(u"ca.pem"_s);
    wrongPassword.password = u"not-it"_s;
    const WriteResult unauthorized = deleteWith(wrongPassword);
    QCOMPARE(unauthorized.httpStatus, 401);
    QVERIFY2(unauthorized.error.startsWith(u"Authentication failed for %1/metrics/job/kept: HTTP "
                                           u"401 Unauthorized"_s.arg(m_gateway->url())),
             qPrintable(unauthorized.error));
    QCOMPARE(groupsListed(), before);

    HttpConfig trusted = wrongPassword;
    trusted.password = kPassword;
    const WriteResult deleted = deleteWith(trusted);
    QVERIFY2(deleted.ok && deleted.httpStatus == 202, qPrintable(deleted.error));
    QTRY_COMPARE(groupsListed(), before - 1);
}

void TestAuth::clientCertificateIsPresented()
{
    PushgatewayProcess gateway({u"--web.config.file=%1"_s.arg(file(u"web-mtls.yml"_s))});
    HttpAccess access;
    access.acceptAnyCertificate = true;
    QFile certificate(file(u"client.pem"_s));
    QFile key(file(u"client.key"_s));
    QVERIFY(certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
    access.clientCertificate = QSslCertificate(certificate.readAll());
    access.clientKey = QSslKey(key.readAll(), QSsl::Ec);
    QVERIFY(!access.clientKey.isNull());
    gateway.setWebAccess(true, access);
    PUSHSCOPE_START_SERVER(gateway);

    const QStringList base = {u"--gateway"_s, gateway.url(), u"--ca-file"_s, file(u"ca.pem"_s)};
    const Run with = list(base + QStringList{u"--cert-file"_s, file(u"client.pem"_s),
                                             u"--key-file"_s, file(u"client.key"_s)});
    QVERIFY2(with.finished && with.exitCode == 0, qPrintable(describe(with)));
    const Run without = list(base);
    QVERIFY2(without.finished && without.exitCode == 1, qPrintable(describe(without)));
    QVERIFY2(without.err.contains("127.0.0.1:" + QByteArray::number(gateway.port())) &&
                 without.err.contains("requires a client certificate"),
             qPrintable(describe(without)));
    // The same for a DELETE on PushScope's own connections.
    GatewayEndpoint endpoint;
    QVERIFY(GatewayEndpoint::parse(gateway.url(), &endpoint, nullptr));
    HttpConfig noClientCertificate;
    noClientCertificate.caFile = file(u"ca.pem"_s);
    GatewayClient client(endpoint);
    client.setHttpConfig(noClientCertificate);
    client.setNameEscaping(NameEscaping::Legacy);
    const WriteResult refused =
        pushscope::testing::writeAndWait(client, GroupingKey(Labels{{u"job"_s, u"a"_s}}));
    QVERIFY2(!refused.ok && refused.error.contains(u"requires a client certificate"_s),
             qPrintable(refused.error));
    HttpConfig withClientCertificate = noClientCertificate;
    withClientCertificate.certFile = file(u"client.pem"_s);
    withClientCertificate.keyFile = file(u"client.key"_s);
    client.setHttpConfig(withClientCertificate);
    const WriteResult accepted =
        pushscope::testing::writeAndWait(client, GroupingKey(Labels{{u"job"_s, u"a"_s}}));
    QVERIFY2(accepted.ok && accepted.httpStatus == 202, qPrintable(accepted.error));
    // A file that holds no key: the sentence names it, and shows nothing of what it holds.
    const Run badKey = list(base + QStringList{u"--cert-file"_s, file(u"client.pem"_s),
                                               u"--key-file"_s, file(u"ca.pem"_s)});
    QVERIFY2(badKey.exitCode == 1 && badKey.err.contains("holds no unencrypted PEM private key") &&
                 badKey.err.contains(file(u"ca.pem"_s).toUtf8()) && !badKey.err.contains("BEGIN"),
             qPrintable(describe(badKey)));
}

void TestAuth::headersAndBearerTokenAreSent()
{
    RecordingHttpDouble server(QHostAddress::LocalHost, RecordingHttpDouble::jsonResponse(
                                                            R"({"status":"success","data":[]})"));
    QVERIFY(server.listen());
    const Run run =
        list({u"--gateway"_s, server.url(), u"--header"_s, u"X-Scope-OrgID: team-a"_s,
              u"--header"_s, u"X-Other:two"_s, u"--bearer-token-file"_s, file(u"token"_s)});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(server.headerValues("X-Scope-OrgID"), QList<QByteArray>{"team-a"});
    QCOMPARE(server.headerValues("X-Other"), QList<QByteArray>{"two"});
    QCOMPARE(server.headerValues("Authorization"), QList<QByteArray>{"Bearer " + kToken});
    QVERIFY(!run.err.contains(kToken));
}

void TestAuth::credentialsDoNotFollowRedirectToAnotherHost()
{
    RecordingHttpDouble other(
        QHostAddress(u"127.0.0.2"_s),
        RecordingHttpDouble::jsonResponse(R"({"status":"success","data":[]})"));
    QVERIFY2(other.listen(), "cannot listen on 127.0.0.2");
    RecordingHttpDouble first(QHostAddress::LocalHost, RecordingHttpDouble::redirectResponse(
                                                           other.url() + u"/api/v1/metrics"_s));
    QVERIFY(first.listen());
    for (const QStringList &auth :
         {QStringList{u"--username"_s, kUser, u"--password-file"_s, file(u"password"_s)},
          QStringList{u"--bearer-token-file"_s, file(u"token"_s)}}) {
        const Run run = list(QStringList{u"--gateway"_s, first.url()} + auth);
        QVERIFY2(run.finished && run.exitCode == 1, qPrintable(describe(run)));
        QVERIFY2(run.err.contains("not followed"), qPrintable(describe(run)));
        QVERIFY(!run.err.contains(kPassword.toUtf8()) && !run.err.contains(kToken));
    }
    // The first host got the credentials; the other host never did.
    const QList<QByteArray> sent = first.headerValues("Authorization");
    QCOMPARE(sent.size(), 2);
    QVERIFY(sent.at(0).startsWith("Basic ") && sent.at(1) == "Bearer " + kToken);
    for (const QByteArray &value : other.headerValues("Authorization"))
        QVERIFY2(value.isEmpty(), value.constData());
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
