#pragma once

#include <QByteArray>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace pushscope::testing {

// A free TCP port on 127.0.0.1 (bound and released; callers retry on a lost race).
quint16 freeLoopbackPort();
// The directory of the server set chosen by $PUSHSCOPE_SERVER_DIR (the version matrix's
// <test>:trixie runs); empty when unset.
QString serverDirectory();
// The server binary from $PUSHSCOPE_SERVER_DIR only when set, else from PATH or /usr/bin;
// empty when missing.
QString findServerBinary(const QString &name);
// The sentence for a server binary that findServerBinary() did not find.
QString missingServerSentence(const QString &name);
// CI sets PUSHSCOPE_REQUIRE_SERVERS=1: a missing server is then a failure, not a skip.
bool serversRequired();

// One blocking HTTP exchange with a loopback server (tests only: runs a local event loop).
struct HttpExchange {
    int status = 0;
    QByteArray body;
    QString error;
};
// How a test reaches its own server behind --web.config.file: the Authorization header
// value to send, whether to accept its (test-made) TLS certificate unverified, and the
// client certificate to present when it requires one.
struct HttpAccess {
    QByteArray authorization;
    bool acceptAnyCertificate = false;
    QSslCertificate clientCertificate;
    QSslKey clientKey;
};
// A body goes as `contentType`, by default the text format.
HttpExchange httpRequest(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                         int timeoutMs = 10000, const HttpAccess &access = HttpAccess(),
                         const QByteArray &contentType = {});

// A real prometheus-pushgateway on a free loopback port with its own temporary directory
// and persistence file. Stopped (and its directory removed) on destruction.
class PushgatewayProcess
{
public:
    explicit PushgatewayProcess(QStringList extraArguments = {});
    ~PushgatewayProcess();
    PushgatewayProcess(const PushgatewayProcess &) = delete;
    PushgatewayProcess &operator=(const PushgatewayProcess &) = delete;

    // For a gateway with --web.config.file: url() says https:// when `https`, and /-/ready
    // and push() use `access`. Call before start().
    void setWebAccess(bool https, const HttpAccess &access)
    {
        m_https = https;
        m_access = access;
    }

    // Starts and waits until /-/ready answers 200. False with a reason otherwise.
    bool start(QString *error);
    void stop();
    // Starts again on the same port and persistence file (e.g. after stop()).
    bool restart(QString *error);
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QString url() const; // http://127.0.0.1:<port> (https:// after setWebAccess(true, ...))
    qint64 pid() const;
    QString persistenceFile() const;
    QByteArray log() const;

    // PUT (or POST) exposition text to <url><path>, e.g. path "/metrics/job/a/instance/b".
    HttpExchange push(const QString &path, const QByteArray &text,
                      const QByteArray &verb = QByteArrayLiteral("PUT")) const;

private:
    bool launch(QString *error);

    QStringList m_extraArguments;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QByteArray m_log;
    bool m_https = false;
    HttpAccess m_access;
};

} // namespace pushscope::testing

// Starts `server` or ends the test: QFAIL in CI (servers required), QSKIP elsewhere.
#define PUSHSCOPE_START_SERVER(server) PUSHSCOPE_START_OR_END((server).start(&startError_))

// Evaluates `startCall` (which may set QString startError_) and ends the test when it fails.
#define PUSHSCOPE_START_OR_END(startCall)                                                          \
    do {                                                                                           \
        QString startError_;                                                                       \
        if (!(startCall)) {                                                                        \
            if (pushscope::testing::serversRequired())                                             \
                QFAIL(qPrintable(startError_));                                                    \
            QSKIP(qPrintable(startError_));                                                        \
        }                                                                                          \
    } while (false)

namespace pushscope {
class Sandbox;
}

namespace pushscope::testing {
// Starts a demo Sandbox (real prometheus-pushgateway + prometheus) and waits, bounded, for
// it to report ready or failed.
bool startSandbox(Sandbox *sandbox, QString *error, int timeoutMs = 35000);
// Waits (bounded) until the Prometheus at `prometheusUrl` has scraped a target successfully:
// a ready Prometheus discovers and scrapes its targets a few seconds later.
bool waitForFirstScrape(const QString &prometheusUrl, int timeoutMs = 30000);
} // namespace pushscope::testing

// Starts `sandbox` or ends the test, like PUSHSCOPE_START_SERVER.
#define PUSHSCOPE_START_SANDBOX(sandbox)                                                           \
    PUSHSCOPE_START_OR_END(pushscope::testing::startSandbox(&(sandbox), &startError_))
