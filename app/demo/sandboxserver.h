#pragma once

#include "net/httpclient.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <chrono>
#include <functional>

namespace pushscope {

// One real server process of the sandbox (prometheus-pushgateway or prometheus) on a free
// loopback port: started without blocking, polled on /-/ready, restarted on another port
// when its port was taken, its output kept (the last lines only), stopped with SIGTERM and
// SIGKILL after a grace period. On Linux the child dies with this process, even on SIGKILL.
class SandboxServer : public QObject
{
    Q_OBJECT

public:
    // `binaryName` is searched on PATH and in /usr/bin; `package` names the Debian package.
    SandboxServer(QString binaryName, QString package, QObject *parent = nullptr);
    ~SandboxServer() override;

    // An explicit path instead of the search; empty searches again.
    void setBinary(const QString &path) { m_configuredBinary = path; }
    // The binary to run, or empty with a sentence naming the package to install.
    QString resolveBinary(QString *error) const;

    using ArgumentsForPort = std::function<QStringList(quint16 port)>;
    // Starts on a free port; ready() or failed() follows (once).
    void start(ArgumentsForPort arguments, std::chrono::milliseconds readyTimeout);
    // Sends SIGTERM (no waiting).
    void terminate();
    // Waits until `deadline` for the process to end, then sends SIGKILL and reaps it.
    void finish(QDeadlineTimer deadline);

    bool isReady() const { return m_ready; }
    bool isRunning() const { return m_process && m_process->state() != QProcess::NotRunning; }
    quint16 port() const { return m_port; }
    QString url() const;
    qint64 pid() const { return m_pid; }
    QString log() const;

    static constexpr int kMaxLogLines = 1000;

Q_SIGNALS:
    void ready();
    void failed(const QString &sentence);
    // The process ended after it had been ready, not by stop.
    void crashed(const QString &sentence);

private:
    void launch();
    void poll();
    void readOutput();
    void processFinished();
    void fail(const QString &sentence);
    void appendLog(const QByteArray &bytes);

    QString m_binaryName;
    QString m_package;
    QString m_configuredBinary;
    QString m_binary;
    ArgumentsForPort m_arguments;
    QProcess *m_process = nullptr;
    HttpClient m_http;
    QTimer m_pollTimer;
    QDeadlineTimer m_deadline;
    std::chrono::milliseconds m_readyTimeout{30000};
    quint16 m_port = 0;
    qint64 m_pid = 0;
    int m_attempts = 0;
    bool m_ready = false;
    bool m_stopping = false;
    bool m_done = false; // ready() or failed() was emitted
    QStringList m_logLines;
    QByteArray m_partialLine;
};

} // namespace pushscope
