#pragma once

#include <QByteArray>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>
#include <functional>

namespace pushscope::testing {

// A loopback HTTP/1.1 proxy that misbehaves on cue, like a real reverse proxy or a flaky
// network between PushScope and a gateway. It listens on 127.0.0.1 on its own thread and
// forwards each request (keep-alive, Content-Length bodies) over one upstream connection
// per client connection to 127.0.0.1:<targetPort>, reading replies framed by
// Content-Length, chunked encoding or the server's close. What it does per request follows
// the Faults set at that moment (setFaults() may be called at any time).
class FaultProxy : public QThread
{
public:
    struct Faults {
        // DELETE: forward it, then close the client connection without any answer.
        bool dropDeleteReplies = false;
        // DELETE: forward it, wait for the gateway's answer, send 502 instead.
        bool badGatewayAfterDelete = false;
        // DELETE: answer 502 at once; the gateway never sees it.
        bool badGatewayWithoutForwarding = false;
        // GET /metrics (the gateway's own exposition): answer 502 at once.
        bool badGatewayForExposition = false;
        // Hold each reply this long before it is sent (0: none), for `delayMethod` only
        // when set, e.g. "DELETE".
        int replyDelayMs = 0;
        QByteArray delayMethod;
        // Merge repeated slashes in the request path, like nginx's merge_slashes.
        bool mergeSlashes = false;
        // Shift the reply's Date header by this many seconds.
        int dateShiftSeconds = 0;
    };
    struct Counts {
        int requests = 0;  // received from clients
        int forwarded = 0; // sent on to the gateway
        int forwardedDeletes = 0;
        int dropped = 0;    // connections closed instead of a reply
        int badGateway = 0; // 502s made up
    };

    explicit FaultProxy(quint16 targetPort); // no faults until setFaults()
    ~FaultProxy() override;
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    // Starts the thread and waits (bounded) until it listens; false with a reason if not.
    bool listen(QString *error);
    void stop();

    quint16 port() const;
    QString url() const; // http://127.0.0.1:<port>
    Faults faults() const;
    void setFaults(const Faults &faults);
    Counts counts() const;
    // Request paths as forwarded (after merging slashes), oldest first.
    QList<QByteArray> forwardedPaths() const;

    // For the relays on the proxy thread.
    void count(const std::function<void(Counts &)> &change);
    void noteForwardedPath(const QByteArray &path);

protected:
    void run() override;

private:
    const quint16 m_targetPort;
    mutable QMutex m_mutex;
    QWaitCondition m_started;
    Faults m_faults;
    Counts m_counts;
    QList<QByteArray> m_paths;
    bool m_ready = false;
    QString m_listenError;
    quint16 m_port = 0;
};

} // namespace pushscope::testing
