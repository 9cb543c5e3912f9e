#include "tst_auth_double.h"

#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <memory>

namespace pushscope::testing {

RecordingHttpDouble::RecordingHttpDouble(const QHostAddress &address, QByteArray response)
    : m_address(address)
    , m_response(std::move(response))
{}

RecordingHttpDouble::~RecordingHttpDouble()
{
    quit();
    wait();
}

bool RecordingHttpDouble::listen()
{
    start();
    QMutexLocker locker(&m_mutex);
    while (!m_ready)
        m_started.wait(&m_mutex);
    return m_listening;
}

quint16 RecordingHttpDouble::port() const
{
    QMutexLocker locker(&m_mutex);
    return m_port;
}

QString RecordingHttpDouble::url() const
{
    return QStringLiteral("http://%1:%2").arg(m_address.toString()).arg(port());
}

QList<QByteArray> RecordingHttpDouble::requestHeads() const
{
    QMutexLocker locker(&m_mutex);
    return m_heads;
}

QList<QByteArray> RecordingHttpDouble::headerValues(const QByteArray &name) const
{
    QList<QByteArray> values;
    const QByteArray prefix = name.toLower() + ':';
    for (const QByteArray &head : requestHeads()) {
        QByteArray value;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith(prefix))
                value = line.mid(prefix.size()).trimmed();
        }
        values.append(value);
    }
    return values;
}

QByteArray RecordingHttpDouble::jsonResponse(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
           "Content-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray RecordingHttpDouble::redirectResponse(const QString &location)
{
    return "HTTP/1.1 302 Found\r\nLocation: " + location.toUtf8() +
           "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
}

void RecordingHttpDouble::run()
{
    QTcpServer server;
    const bool listening = server.listen(m_address, 0);
    {
        QMutexLocker locker(&m_mutex);
        m_listening = listening;
        m_port = server.serverPort();
        m_ready = true;
    }
    m_started.wakeAll();
    if (!listening)
        return;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                {
                    QMutexLocker locker(&m_mutex);
                    m_heads.append(buffer->left(end).replace("\r\n", "\n"));
                }
                buffer->clear();
                socket->write(m_response);
                socket->disconnectFromHost();
            });
        }
    });
    exec();
}

} // namespace pushscope::testing
