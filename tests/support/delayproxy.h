#pragma once

#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>
#include <chrono>

namespace pushscope::testing {

// A loopback TCP proxy for slow-server tests: it listens on a free port of 127.0.0.1 on its
// own thread and forwards every connection to 127.0.0.1:<targetPort>. Bytes from the client
// go through at once; every chunk from the server (and the server's close) reaches the
// client `delay` after it arrived, in order. Nothing is ever polled: one single-shot timer
// per connection, armed for the next chunk that falls due.
//
// stop() (or the destructor) ends the thread and closes every connection it holds.
class DelayProxy : public QThread
{
public:
    DelayProxy(quint16 targetPort, std::chrono::milliseconds delay);
    ~DelayProxy() override;
    DelayProxy(const DelayProxy &) = delete;
    DelayProxy &operator=(const DelayProxy &) = delete;

    // Starts the thread and waits (bounded) until it listens; false with a reason if not.
    bool listen(QString *error);
    void stop();

    quint16 port() const;
    QString url() const; // http://127.0.0.1:<port>
    std::chrono::milliseconds delay() const { return m_delay; }
    // Connections accepted so far, and those open now.
    int acceptedConnections() const;
    int openConnections() const;

protected:
    void run() override;

private:
    void setOpenConnections(int delta);

    const quint16 m_targetPort;
    const std::chrono::milliseconds m_delay;
    mutable QMutex m_mutex;
    QWaitCondition m_started;
    bool m_ready = false;
    QString m_listenError;
    quint16 m_port = 0;
    int m_accepted = 0;
    int m_open = 0;
};

} // namespace pushscope::testing
