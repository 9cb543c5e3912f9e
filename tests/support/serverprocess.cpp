#include "serverprocess.h"

#include "demo/sandbox.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

namespace pushscope::testing {

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QString serverDirectory()
{
    return qEnvironmentVariable("PUSHSCOPE_SERVER_DIR");
}

QString findServerBinary(const QString &name)
{
    if (!serverDirectory().isEmpty())
        return QStandardPaths::findExecutable(name, {serverDirectory()});
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty() && QFileInfo::exists(QStringLiteral("/usr/bin/") + name))
        path = QStringLiteral("/usr/bin/") + name;
    return path;
}

bool serversRequired()
{
    return qEnvironmentVariableIntValue("PUSHSCOPE_REQUIRE_SERVERS") != 0;
}

namespace {

// A <test>:trixie run (PUSHSCOPE_SERVER_DIR set) without that server set ends before any
// test function: the demo sandbox searches PATH and would otherwise quietly start Debian
// 12's servers from /usr/bin. Exit 77 is the SKIP_RETURN_CODE of those runs; in CI a failure.
void requireChosenServerSet()
{
    if (serverDirectory().isEmpty())
        return;
    for (const char *name : {"prometheus-pushgateway", "prometheus"}) {
        const QString binary = QString::fromLatin1(name);
        if (findServerBinary(binary).isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(missingServerSentence(binary)));
            std::exit(serversRequired() ? 1 : 77);
        }
    }
}
Q_CONSTRUCTOR_FUNCTION(requireChosenServerSet)

} // namespace

HttpExchange httpRequest(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                         int timeoutMs, const HttpAccess &access, const QByteArray &contentType)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    if (!access.authorization.isEmpty())
        request.setRawHeader("Authorization", access.authorization);
    if (!access.clientCertificate.isNull()) {
        QSslConfiguration ssl = request.sslConfiguration();
        ssl.setLocalCertificate(access.clientCertificate);
        ssl.setPrivateKey(access.clientKey);
        request.setSslConfiguration(ssl);
    }
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          contentType.isEmpty() ? QByteArrayLiteral("text/plain; version=0.0.4")
                                                : contentType);
    QNetworkReply *reply = manager.sendCustomRequest(request, verb, body);
    if (access.acceptAnyCertificate)
        QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                         [reply] { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpExchange exchange;
    exchange.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    exchange.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError && exchange.status == 0)
        exchange.error = reply->errorString();
    reply->deleteLater();
    return exchange;
}

PushgatewayProcess::PushgatewayProcess(QStringList extraArguments)
    : m_extraArguments(std::move(extraArguments))
{}

PushgatewayProcess::~PushgatewayProcess()
{
    stop();
}

bool PushgatewayProcess::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("Cannot create a temporary directory for the gateway.");
        return false;
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freeLoopbackPort();
        if (launch(error))
            return true;
    }
    return false;
}

bool PushgatewayProcess::restart(QString *error)
{
    stop();
    return launch(error);
}

bool PushgatewayProcess::launch(QString *error)
{
    const QString binary = findServerBinary(QStringLiteral("prometheus-pushgateway"));
    if (binary.isEmpty()) {
        *error = missingServerSentence(QStringLiteral("prometheus-pushgateway"));
        return false;
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments = {
        QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port),
        QStringLiteral("--persistence.file=%1").arg(persistenceFile()),
        QStringLiteral("--log.level=warn"),
    };
    arguments += m_extraArguments;
    m_process->start(binary, arguments);
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("Cannot start %1: %2").arg(binary, m_process->errorString());
        return false;
    }
    // With --web.route-prefix every endpoint, /-/ready included, moves below the prefix.
    QString readyPath = QStringLiteral("/-/ready");
    for (const QString &argument : std::as_const(m_extraArguments)) {
        static const QString prefixOption = QStringLiteral("--web.route-prefix=");
        if (argument.startsWith(prefixOption)) {
            QString prefix = argument.mid(prefixOption.size());
            while (prefix.endsWith(QLatin1Char('/')))
                prefix.chop(1);
            if (!prefix.isEmpty() && !prefix.startsWith(QLatin1Char('/')))
                prefix.prepend(QLatin1Char('/'));
            readyPath = prefix + readyPath;
        }
    }
    const QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running) {
            m_log += m_process->readAll();
            *error = QStringLiteral("prometheus-pushgateway exited at start: %1")
                         .arg(QString::fromUtf8(m_log));
            return false;
        }
        const HttpExchange ready = httpRequest("GET", QUrl(url() + readyPath), {}, 1000, m_access);
        if (ready.status == 200)
            return true;
        QThread::msleep(50);
    }
    *error = QStringLiteral("prometheus-pushgateway did not become ready within 15 s.");
    stop();
    return false;
}

void PushgatewayProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(2000);
        }
    }
    m_log += m_process->readAll();
    m_process.reset();
}

bool PushgatewayProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString PushgatewayProcess::url() const
{
    return (m_https ? QStringLiteral("https://127.0.0.1:%1")
                    : QStringLiteral("http://127.0.0.1:%1"))
        .arg(m_port);
}

qint64 PushgatewayProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QString PushgatewayProcess::persistenceFile() const
{
    return m_dir.filePath(QStringLiteral("pushgateway.persistence"));
}

QByteArray PushgatewayProcess::log() const
{
    return m_log + (m_process ? m_process->readAll() : QByteArray());
}

HttpExchange PushgatewayProcess::push(const QString &path, const QByteArray &text,
                                      const QByteArray &verb) const
{
    return httpRequest(verb, QUrl(url() + path), text, 10000, m_access);
}

QString missingServerSentence(const QString &name)
{
    if (!serverDirectory().isEmpty())
        return QStringLiteral("%1 is not in %2 (PUSHSCOPE_SERVER_DIR); run "
                              "installer/fetch-trixie-servers.sh.")
            .arg(name, serverDirectory());
    return QStringLiteral("%1 is not installed (Debian package %1).").arg(name);
}

bool startSandbox(Sandbox *sandbox, QString *error, int timeoutMs)
{
    QSignalSpy ready(sandbox, &Sandbox::ready);
    QSignalSpy failed(sandbox, &Sandbox::failed);
    sandbox->start();
    const QDeadlineTimer deadline(timeoutMs);
    while (ready.isEmpty() && failed.isEmpty() && !deadline.hasExpired())
        QTest::qWait(50);
    if (!failed.isEmpty())
        *error = failed.first().first().toString();
    else if (ready.isEmpty())
        *error = QStringLiteral("The sandbox reported neither ready nor failed.");
    return !ready.isEmpty();
}

bool waitForFirstScrape(const QString &prometheusUrl, int timeoutMs)
{
    QUrl url(prometheusUrl + QStringLiteral("/api/v1/query"));
    url.setQuery(QStringLiteral("query=count(up%20==%201)"));
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const HttpExchange reply = httpRequest("GET", url, {}, 2000);
        if (reply.status == 200 && reply.body.contains("\"1\"]"))
            return true;
        QTest::qWait(200);
    }
    return false;
}

} // namespace pushscope::testing
