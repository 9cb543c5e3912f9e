#include "capturingserver.h"

#include <QTcpSocket>
#include <memory>

namespace pushscope::testing {

CapturingServer::CapturingServer(Handler answer, QObject *parent)
    : QObject(parent)
    , m_answer(std::move(answer))
{
    connect(&m_server, &QTcpServer::newConnection, this, &CapturingServer::onNewConnection);
}

QString CapturingServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

void CapturingServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            // Wait for the whole body so the client never sees a reset mid-upload.
            qsizetype length = 0;
            for (const QByteArray &line : buffer->left(headerEnd).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer->size() < headerEnd + 4 + length)
                return;
            const QList<QByteArray> requestLine = buffer->left(buffer->indexOf("\r\n")).split(' ');
            buffer->clear();
            const Request request{requestLine.value(0), requestLine.value(1)};
            requests.append(request);
            const Answer answer = m_answer(request.method, request.target);
            QByteArray reply = "HTTP/1.1 " + QByteArray::number(answer.status) + " X\r\n";
            reply += "Content-Type: application/json\r\n";
            reply += "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n";
            reply += "Connection: close\r\n\r\n" + answer.body;
            socket->write(reply);
            socket->disconnectFromHost();
        });
    }
}

} // namespace pushscope::testing
