#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

namespace pushscope::testing {

// A loopback HTTP fault double on its own thread (the tests block in runPushscope()): it
// answers every request with one canned response and records each request's head
// (request line and headers) for the test to inspect.
class RecordingHttpDouble : public QThread
{
public:
    RecordingHttpDouble(const QHostAddress &address, QByteArray response);
    ~RecordingHttpDouble() override;

    // Starts the thread and waits until it listens; false if it cannot.
    bool listen();
    quint16 port() const;
    QString url() const; // http://<address>:<port>
    QList<QByteArray> requestHeads() const;
    // The value of `name` in every recorded request (empty for a request without it).
    QList<QByteArray> headerValues(const QByteArray &name) const;

    // A 200 reply with a JSON body, and a 302 reply to `location`.
    static QByteArray jsonResponse(const QByteArray &body);
    static QByteArray redirectResponse(const QString &location);

protected:
    void run() override;

private:
    const QHostAddress m_address;
    const QByteArray m_response;
    mutable QMutex m_mutex;
    QWaitCondition m_started;
    bool m_ready = false;
    bool m_listening = false;
    quint16 m_port = 0;
    QList<QByteArray> m_heads;
};

} // namespace pushscope::testing
