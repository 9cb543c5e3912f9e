#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace pushscope::testing {

// How the double answers one request.
struct ScriptedReply {
    enum class Kind {
        Whole,         // status line, headers and the whole body at once
        Trickle,       // Content-Length of the body, then one byte per `trickleIntervalMs`
        EndlessChunked // chunked transfer encoding, chunks of `body` until the client leaves
    };
    Kind kind = Kind::Whole;
    int status = 200;
    QByteArray reason = "OK";
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers; // e.g. Location
    QByteArray body;
    qint64 dateShiftSeconds = 0; // the Date header is this far from this machine's clock
    int trickleIntervalMs = 100;
};

// A loopback HTTP/1.1 misbehaving server on its own threads (one per connection), for
// tests that block, e.g. in runPushscope(), or that must not depend on the test's event
// loop. Every request is answered with Connection: close after `script` chose how.
// Every connection ends within `kMaxConnectionSeconds`, whatever its script.
class ScriptedHttpServer : public QThread
{
public:
    using Script = std::function<ScriptedReply(const QByteArray &method, const QByteArray &path)>;
    static constexpr int kMaxConnectionSeconds = 60;

    explicit ScriptedHttpServer(Script script);
    ~ScriptedHttpServer() override;

    bool listen(); // starts the thread; false if it cannot listen
    void stop();   // closes every connection and joins every thread
    quint16 port() const;
    QString url() const; // http://127.0.0.1:<port>
    // "METHOD path" of every request, in arrival order.
    QList<QByteArray> requests() const;
    qsizetype requestCount() const { return requests().size(); }
    // The request line and headers of every request, as received, in arrival order.
    QList<QByteArray> requestHeads() const;
    // Body bytes written to clients so far.
    qint64 bytesSent() const { return m_bytesSent.load(); }

protected:
    void run() override;

private:
    void serve(qintptr descriptor);

    Script m_script;
    mutable QMutex m_mutex;
    QWaitCondition m_started;
    bool m_ready = false;
    quint16 m_port = 0;
    QList<QByteArray> m_requests;
    QList<QByteArray> m_heads;
    std::atomic<bool> m_stopping{false};
    std::atomic<qint64> m_bytesSent{0};
    std::vector<std::thread> m_connections; // only touched by run() and stop() after join
};

// The Date header value for this machine's clock shifted by `shiftSeconds`.
QByteArray httpDate(qint64 shiftSeconds = 0);

} // namespace pushscope::testing
