#include "scriptedhttpserver.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QLocale>
#include <QTcpServer>
#include <QTcpSocket>

namespace pushscope::testing {

namespace {

// Hands accepted descriptors to the caller instead of wrapping them in sockets here: each
// connection's socket is created on its own thread.
class DescriptorServer : public QTcpServer
{
public:
    QList<qintptr> accepted;

protected:
    void incomingConnection(qintptr descriptor) override { accepted.append(descriptor); }
};

QByteArray readRequestHead(QTcpSocket *socket, const std::atomic<bool> &stopping)
{
    QByteArray head;
    const QDeadlineTimer deadline(5000);
    while (!head.contains("\r\n\r\n") && !deadline.hasExpired() && !stopping) {
        if (socket->bytesAvailable() == 0 && !socket->waitForReadyRead(50))
            continue;
        head += socket->readAll();
    }
    return head;
}

bool writeAll(QTcpSocket *socket, const QByteArray &bytes)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return false;
    socket->write(bytes);
    while (socket->bytesToWrite() > 0) {
        if (!socket->waitForBytesWritten(1000))
            return false;
    }
    return socket->state() == QAbstractSocket::ConnectedState;
}

} // namespace

QByteArray httpDate(qint64 shiftSeconds)
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc().addSecs(shiftSeconds),
                  QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

ScriptedHttpServer::ScriptedHttpServer(Script script)
    : m_script(std::move(script))
{}

ScriptedHttpServer::~ScriptedHttpServer()
{
    stop();
}

bool ScriptedHttpServer::listen()
{
    start();
    QMutexLocker lock(&m_mutex);
    while (!m_ready)
        m_started.wait(&m_mutex, 5000);
    return m_port != 0;
}

void ScriptedHttpServer::stop()
{
    m_stopping = true;
    wait();
    for (std::thread &connection : m_connections)
        connection.join();
    m_connections.clear();
}

quint16 ScriptedHttpServer::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QString ScriptedHttpServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

QList<QByteArray> ScriptedHttpServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

QList<QByteArray> ScriptedHttpServer::requestHeads() const
{
    QMutexLocker lock(&m_mutex);
    return m_heads;
}

void ScriptedHttpServer::run()
{
    DescriptorServer server;
    const bool listening = server.listen(QHostAddress::LocalHost);
    {
        QMutexLocker lock(&m_mutex);
        m_port = listening ? server.serverPort() : 0;
        m_ready = true;
        m_started.wakeAll();
    }
    if (!listening)
        return;
    while (!m_stopping) {
        server.waitForNewConnection(50);
        for (qintptr descriptor : std::exchange(server.accepted, {}))
            m_connections.emplace_back([this, descriptor] { serve(descriptor); });
    }
}

void ScriptedHttpServer::serve(qintptr descriptor)
{
    QTcpSocket socket;
    if (!socket.setSocketDescriptor(descriptor))
        return;
    const QByteArray head = readRequestHead(&socket, m_stopping);
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    const QByteArray method = requestLine.value(0);
    const QByteArray path = requestLine.value(1);
    {
        QMutexLocker lock(&m_mutex);
        m_requests.append(method + ' ' + path);
        m_heads.append(head.left(head.indexOf("\r\n\r\n")));
    }
    const ScriptedReply reply = m_script(method, path);
    QByteArray response =
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reply.reason + "\r\n";
    response += "Date: " + httpDate(reply.dateShiftSeconds) + "\r\n";
    response += "Content-Type: " + reply.contentType + "\r\n";
    for (const auto &header : reply.headers)
        response += header.first + ": " + header.second + "\r\n";
    if (reply.kind == ScriptedReply::Kind::EndlessChunked)
        response += "Transfer-Encoding: chunked\r\n";
    else
        response += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    const QDeadlineTimer deadline(kMaxConnectionSeconds * 1000);
    switch (reply.kind) {
    case ScriptedReply::Kind::Whole:
        if (writeAll(&socket, response + reply.body))
            m_bytesSent += reply.body.size();
        break;
    case ScriptedReply::Kind::Trickle:
        if (!writeAll(&socket, response))
            break;
        for (qsizetype i = 0; i < reply.body.size() && !m_stopping && !deadline.hasExpired(); ++i) {
            if (!writeAll(&socket, reply.body.mid(i, 1)))
                break;
            ++m_bytesSent;
            socket.waitForReadyRead(reply.trickleIntervalMs); // a sleep that sees a close
            if (socket.state() != QAbstractSocket::ConnectedState)
                break;
        }
        break;
    case ScriptedReply::Kind::EndlessChunked: {
        const QByteArray chunk =
            QByteArray::number(reply.body.size(), 16) + "\r\n" + reply.body + "\r\n";
        bool open = writeAll(&socket, response);
        while (open && !m_stopping && !deadline.hasExpired()) {
            open = writeAll(&socket, chunk);
            if (open)
                m_bytesSent += reply.body.size();
        }
        break;
    }
    }
    socket.disconnectFromHost();
    if (socket.state() != QAbstractSocket::UnconnectedState)
        socket.waitForDisconnected(1000);
}

} // namespace pushscope::testing
