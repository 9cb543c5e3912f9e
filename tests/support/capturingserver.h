#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <functional>

namespace pushscope::testing {

// An in-process HTTP/1.1 server on 127.0.0.1 that records each request line exactly as it
// arrived (the bytes on the wire, before any server-side decoding) and answers with a
// status and body chosen by `answer`, then closes the connection.
class CapturingServer : public QObject
{
    Q_OBJECT

public:
    struct Answer {
        int status = 200;
        QByteArray body;
    };
    using Handler = std::function<Answer(const QByteArray &method, const QByteArray &target)>;

    explicit CapturingServer(Handler answer, QObject *parent = nullptr);
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QString url() const;

    struct Request {
        QByteArray method;
        QByteArray target; // as sent: path (and query) of the request line
    };
    QList<Request> requests;

private:
    void onNewConnection();

    QTcpServer m_server;
    Handler m_answer;
};

} // namespace pushscope::testing
