#pragma once

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <chrono>
#include <memory>

namespace pushscope {

class SandboxServer;

// A local playground: a real prometheus-pushgateway and a real prometheus that scrapes it
// (honor_labels: true, every 2 s), both on free loopback ports, with their data in a
// temporary directory. Starting never blocks; ready() or failed() follows. The servers are
// stopped by stop() and by the destructor, and on Linux die with this process even when it
// is killed.
class Sandbox : public QObject
{
    Q_OBJECT

public:
    struct Config {
        QString pushgatewayBinary; // empty: search PATH and /usr/bin
        QString prometheusBinary;
        std::chrono::milliseconds readyTimeout{30000};
        std::chrono::milliseconds scrapeInterval{2000};
        bool honorLabels = true; // false only to show (and test) the misconfiguration
    };
    enum class State { Stopped, Starting, Ready, Failed };

    explicit Sandbox(QObject *parent = nullptr);
    explicit Sandbox(Config config, QObject *parent = nullptr);
    ~Sandbox() override;

    void start();
    // SIGTERM to both, SIGKILL after 3 s; returns when both are gone.
    void stop();

    State state() const { return m_state; }
    QString gatewayUrl() const;
    QString prometheusUrl() const;
    qint64 gatewayPid() const;
    qint64 prometheusPid() const;
    // The last lines each server wrote (bounded).
    QString gatewayLog() const;
    QString prometheusLog() const;
    QString directory() const { return m_dir ? m_dir->path() : QString(); }

    // The prometheus.yml the sandbox writes (public for tests).
    static QByteArray prometheusConfig(quint16 gatewayPort,
                                       std::chrono::milliseconds scrapeInterval,
                                       bool honorLabels = true);

Q_SIGNALS:
    void ready(const QString &gatewayUrl, const QString &prometheusUrl);
    // Starting failed, or a server stopped unexpectedly later; one sentence.
    void failed(const QString &sentence);
    void stopped();

private:
    void startPrometheus();
    void fail(const QString &sentence);

    Config m_config;
    State m_state = State::Stopped;
    std::unique_ptr<QTemporaryDir> m_dir;
    SandboxServer *m_gateway = nullptr;
    SandboxServer *m_prometheus = nullptr;
};

} // namespace pushscope
