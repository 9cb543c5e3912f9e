#include "delayproxy.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <deque>
#include <functional>

namespace pushscope::testing {

namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr int kStopTimeoutMs = 10000;

// One proxied connection, on the proxy's thread. Client bytes go to the server at once;
// server chunks wait in a queue until `delay` after their arrival. The relay deletes itself
// when the client goes away; the proxy deletes what is left when it stops.
class Relay : public QObject
{
public:
    Relay(QTcpSocket *client, quint16 targetPort, std::chrono::milliseconds delay,
          std::function<void(int)> countOpen, QObject *parent)
        : QObject(parent)
        , m_client(client)
        , m_server(new QTcpSocket(this))
        , m_delay(delay)
        , m_countOpen(std::move(countOpen))
    {
        m_countOpen(+1);
        m_clock.start();
        m_client->setParent(this);
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &Relay::flushDue);
        connect(m_client, &QTcpSocket::readyRead, this, &Relay::toServer);
        connect(m_client, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        connect(m_server, &QTcpSocket::connected, this,
                [this] { m_server->write(std::exchange(m_pendingToServer, {})); });
        connect(m_server, &QTcpSocket::readyRead, this,
                [this] { enqueue(m_server->readAll(), false); });
        connect(m_server, &QTcpSocket::disconnected, this, [this] { enqueue({}, true); });
        connect(m_server, &QTcpSocket::errorOccurred, this, [this] {
            if (m_server->state() == QAbstractSocket::UnconnectedState)
                enqueue({}, true); // refused, or closed: the client learns it `delay` later
        });
        m_server->connectToHost(QHostAddress::LocalHost, targetPort);
        toServer(); // bytes that came with the connection
    }
    ~Relay() override { m_countOpen(-1); }

private:
    struct Chunk {
        qint64 dueMs = 0;
        QByteArray bytes;
        bool close = false;
    };

    void toServer()
    {
        const QByteArray bytes = m_client->readAll();
        if (m_server->state() == QAbstractSocket::ConnectedState)
            m_server->write(bytes);
        else
            m_pendingToServer += bytes;
    }

    void enqueue(QByteArray bytes, bool close)
    {
        if (m_serverClosed)
            return;
        m_serverClosed = close;
        m_queue.push_back({m_clock.elapsed() + m_delay.count(), std::move(bytes), close});
        if (!m_timer.isActive())
            arm();
    }

    // Due times only grow (one fixed delay), so the front is always the next one due.
    void arm()
    {
        if (!m_queue.empty())
            m_timer.start(int(qMax<qint64>(0, m_queue.front().dueMs - m_clock.elapsed())));
    }

    void flushDue()
    {
        const qint64 now = m_clock.elapsed();
        while (!m_queue.empty() && m_queue.front().dueMs <= now) {
            Chunk chunk = std::move(m_queue.front());
            m_queue.pop_front();
            if (chunk.close) {
                m_client->disconnectFromHost(); // after the bytes already written
                return;
            }
            m_client->write(chunk.bytes);
        }
        arm();
    }

    QTcpSocket *m_client;
    QTcpSocket *m_server;
    const std::chrono::milliseconds m_delay;
    const std::function<void(int)> m_countOpen;
    QByteArray m_pendingToServer;
    std::deque<Chunk> m_queue;
    QTimer m_timer;
    QElapsedTimer m_clock;
    bool m_serverClosed = false;
};

} // namespace

DelayProxy::DelayProxy(quint16 targetPort, std::chrono::milliseconds delay)
    : m_targetPort(targetPort)
    , m_delay(delay)
{}

DelayProxy::~DelayProxy()
{
    stop();
}

bool DelayProxy::listen(QString *error)
{
    start();
    QMutexLocker locker(&m_mutex);
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!m_ready) {
        if (!m_started.wait(&m_mutex, deadline))
            break;
    }
    if (m_ready && m_listenError.isEmpty())
        return true;
    if (error)
        *error = m_ready ? m_listenError
                         : QStringLiteral("The delay proxy did not start within %1 ms.")
                               .arg(kStartTimeoutMs);
    return false;
}

void DelayProxy::stop()
{
    if (!isRunning())
        return;
    quit();
    if (!wait(QDeadlineTimer(kStopTimeoutMs)))
        qWarning("DelayProxy: the proxy thread did not stop within %d ms", kStopTimeoutMs);
}

quint16 DelayProxy::port() const
{
    QMutexLocker locker(&m_mutex);
    return m_port;
}

QString DelayProxy::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

int DelayProxy::acceptedConnections() const
{
    QMutexLocker locker(&m_mutex);
    return m_accepted;
}

int DelayProxy::openConnections() const
{
    QMutexLocker locker(&m_mutex);
    return m_open;
}

void DelayProxy::setOpenConnections(int delta)
{
    QMutexLocker locker(&m_mutex);
    m_open += delta;
    if (delta > 0)
        m_accepted += delta;
}

void DelayProxy::run()
{
    // Everything below lives and dies on this thread: leaving exec() destroys the relays,
    // and with them every connection.
    QTcpServer server;
    QObject relays; // destroyed first
    const bool listening = server.listen(QHostAddress::LocalHost, 0);
    {
        QMutexLocker locker(&m_mutex);
        m_port = server.serverPort();
        m_listenError = listening ? QString()
                                  : QStringLiteral("The delay proxy cannot listen on 127.0.0.1: %1")
                                        .arg(server.errorString());
        m_ready = true;
    }
    m_started.wakeAll();
    if (!listening)
        return;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server, &relays] {
        while (QTcpSocket *client = server.nextPendingConnection())
            new Relay(
                client, m_targetPort, m_delay, [this](int delta) { setOpenConnections(delta); },
                &relays);
    });
    exec();
    server.close();
}

} // namespace pushscope::testing
