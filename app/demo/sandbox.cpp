#include "sandbox.h"

#include "sandboxserver.h"

#include <QDir>
#include <QFile>

namespace pushscope {

Sandbox::Sandbox(QObject *parent)
    : Sandbox(Config(), parent)
{}

Sandbox::Sandbox(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_gateway(new SandboxServer(QStringLiteral("prometheus-pushgateway"),
                                  QStringLiteral("prometheus-pushgateway"), this))
    , m_prometheus(
          new SandboxServer(QStringLiteral("prometheus"), QStringLiteral("prometheus"), this))
{
    m_gateway->setBinary(m_config.pushgatewayBinary);
    m_prometheus->setBinary(m_config.prometheusBinary);
    connect(m_gateway, &SandboxServer::ready, this, &Sandbox::startPrometheus);
    connect(m_prometheus, &SandboxServer::ready, this, [this] {
        m_state = State::Ready;
        Q_EMIT ready(gatewayUrl(), prometheusUrl());
    });
    for (SandboxServer *server : {m_gateway, m_prometheus}) {
        connect(server, &SandboxServer::failed, this, &Sandbox::fail);
        connect(server, &SandboxServer::crashed, this, &Sandbox::fail);
    }
}

Sandbox::~Sandbox()
{
    blockSignals(true); // no stopped() into half-destroyed receivers
    stop();
}

void Sandbox::start()
{
    if (m_state == State::Starting || m_state == State::Ready)
        return;
    m_state = State::Starting;
    // Both binaries are checked first, so a missing prometheus is reported at once.
    QString error;
    if (m_gateway->resolveBinary(&error).isEmpty() ||
        m_prometheus->resolveBinary(&error).isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, error] { fail(error); }, Qt::QueuedConnection);
        return;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                            QStringLiteral("/pushscope-sandbox-XXXXXX"));
    if (!m_dir->isValid()) {
        const QString why = QStringLiteral("Cannot create a temporary directory for the "
                                           "sandbox: %1")
                                .arg(m_dir->errorString());
        QMetaObject::invokeMethod(
            this, [this, why] { fail(why); }, Qt::QueuedConnection);
        return;
    }
    const QString persistence = m_dir->filePath(QStringLiteral("pushgateway.persistence"));
    m_gateway->start(
        [persistence](quint16 port) {
            return QStringList{
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                QStringLiteral("--persistence.file=%1").arg(persistence),
                QStringLiteral("--persistence.interval=5s"),
            };
        },
        m_config.readyTimeout);
}

void Sandbox::startPrometheus()
{
    if (m_state != State::Starting)
        return;
    const QString configPath = m_dir->filePath(QStringLiteral("prometheus.yml"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        config.write(prometheusConfig(m_gateway->port(), m_config.scrapeInterval,
                                      m_config.honorLabels)) < 0) {
        fail(QStringLiteral("Cannot write %1: %2").arg(configPath, config.errorString()));
        return;
    }
    config.close();
    const QString tsdb = m_dir->filePath(QStringLiteral("tsdb"));
    m_prometheus->start(
        [configPath, tsdb](quint16 port) {
            return QStringList{
                QStringLiteral("--config.file=%1").arg(configPath),
                QStringLiteral("--storage.tsdb.path=%1").arg(tsdb),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
            };
        },
        m_config.readyTimeout);
}

QByteArray Sandbox::prometheusConfig(quint16 gatewayPort, std::chrono::milliseconds interval,
                                     bool honorLabels)
{
    const qint64 ms = qMax<qint64>(1, interval.count());
    const QByteArray every =
        ms % 1000 == 0 ? QByteArray::number(ms / 1000) + 's' : QByteArray::number(ms) + "ms";
    return "# Written by PushScope for its sandbox.\n"
           "global:\n"
           "  scrape_interval: " +
           every + "\n  scrape_timeout: " + every + "\n  evaluation_interval: " + every +
           "\n"
           "scrape_configs:\n"
           "  - job_name: pushgateway\n"
           "    honor_labels: " +
           QByteArray(honorLabels ? "true" : "false") +
           "\n"
           "    static_configs:\n"
           "      - targets: ['127.0.0.1:" +
           QByteArray::number(gatewayPort) + "']\n";
}

void Sandbox::fail(const QString &sentence)
{
    if (m_state == State::Failed || m_state == State::Stopped)
        return;
    m_gateway->terminate();
    m_prometheus->terminate();
    const QDeadlineTimer grace(3000);
    m_prometheus->finish(grace);
    m_gateway->finish(grace);
    m_state = State::Failed;
    Q_EMIT failed(sentence);
}

void Sandbox::stop()
{
    const bool wasActive = m_state == State::Starting || m_state == State::Ready;
    // SIGTERM to both at once, then one shared grace period before SIGKILL.
    m_prometheus->terminate();
    m_gateway->terminate();
    const QDeadlineTimer grace(3000);
    m_prometheus->finish(grace);
    m_gateway->finish(grace);
    m_state = State::Stopped;
    if (wasActive)
        Q_EMIT stopped();
}

QString Sandbox::gatewayUrl() const
{
    return m_gateway->url();
}

QString Sandbox::prometheusUrl() const
{
    return m_prometheus->url();
}

qint64 Sandbox::gatewayPid() const
{
    return m_gateway->pid();
}

qint64 Sandbox::prometheusPid() const
{
    return m_prometheus->pid();
}

QString Sandbox::gatewayLog() const
{
    return m_gateway->log();
}

QString Sandbox::prometheusLog() const
{
    return m_prometheus->log();
}

} // namespace pushscope
