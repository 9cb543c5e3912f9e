#pragma once

#include "httpconfig.h"
#include "httpresult.h"
#include "preparedhttpconfig.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QSet>
#include <QUrl>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace pushscope {

// Sends bodiless writes (a bulk delete's thousands of DELETEs) over persistent HTTP/1.1
// connections of its own: at most setMaxConnections() per server, the rest queued in order.
// Once a connection has carried one answer that keeps it open, up to setPipelineDepth()
// requests are written on it before their answers arrive (HTTP/1.1 pipelining, RFC 9112
// 9.3.2): a pipeline of DELETEs costs one write and one read for several requests.
// QNetworkAccessManager spent about four times the gateway's own CPU per DELETE (its network
// thread, a reply object, signals across threads; perf of bench_delete), which bounded a bulk
// delete on a two-core machine.
//
// Like HttpClient: the same authentication, extra headers and TLS settings, a deadline on
// every request, the same sentences for every failure, and no redirect is ever followed. A
// request whose reused connection closed before any byte of its answer arrived (a server's
// idle timeout racing the request, or a server that announced it closes) is sent once more on
// a new connection, within its first deadline, as QNetworkAccessManager and browsers do for
// idempotent methods; only those may be sent here. Requests behind an answer that is not
// valid HTTP, cut off, or late are never sent again: they fail, since the server may have
// carried them out. A URL that Qt would send through a proxy is not for this pool
// (reachesDirectly()). Callbacks run on this object's thread from its event loop, never inside
// send(), and are dropped if this object is destroyed or abortAll() runs. A callback must not run a
// nested event loop: no queued request starts until it returns.
class HttpWritePool : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const HttpResult &)>;

    explicit HttpWritePool(QObject *parent = nullptr);
    ~HttpWritePool() override;

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    // Connections opened with other settings carry no further request.
    void setHttpConfig(const HttpConfig &config);
    void setMaxConnections(int connections) { m_maxConnections = std::max(1, connections); }
    // Requests written ahead on one connection; 1 turns pipelining off.
    void setPipelineDepth(int requests) { m_pipelineDepth = std::max(1, requests); }

    // False when the application's proxy settings (e.g. http_proxy with Qt's system
    // configuration) would send `url` through a proxy: HttpClient does that, this pool does not.
    static bool reachesDirectly(const QUrl &url);

    // `verb`: DELETE (idempotent and without a body).
    void send(const QByteArray &verb, const QUrl &url, Callback callback);
    void abortAll();
    int pendingCount() const;
    int connectionCount() const { return int(m_connections.size()); }
    // The most requests ever written ahead of their answers on one connection.
    int deepestPipeline() const { return m_deepestPipeline; }
    // False once a connection to the URL's server ended with requests written ahead of their
    // answers (a server or proxy that does not take pipelining): from then on, one at a time.
    bool pipelinesTo(const QUrl &url) const { return !m_noPipelining.contains(originOf(url)); }

private:
    struct Request {
        QByteArray verb;
        QUrl url;
        Callback callback;
        qint64 sentAtMs = 0;
        QDeadlineTimer deadline; // set when first sent, kept when sent once more
        bool started = false;
        bool resent = false;
    };
    struct Connection;
    using Answered = std::vector<std::pair<Request, HttpResult>>;
    enum class Unanswered { Resend, Fail };

    static QString originOf(const QUrl &url);
    void schedulePump();
    void pump();
    // A connection for the next request, opened if need be; null when it must wait.
    Connection *connectionFor(const Request &request);
    Connection *open(const QUrl &url);
    void start(Connection *connection, Request request);
    void writeOut(Connection *connection);
    void readAnswer(Connection *connection);
    // Moves the answers complete in the connection's bytes into `answered`; false once the
    // bytes are not valid HTTP.
    bool takeAnswers(Connection *connection, Answered *answered, bool *keepAlive);
    void connectionEnded(Connection *connection, int socketError, const QString &errorString);
    // Runs the callbacks of `answered`; a connection not kept is closed first and its
    // requests still waiting for an answer are sent again or fail with `error`.
    void finish(Connection *connection, Answered answered, bool keepConnection,
                Unanswered unanswered = Unanswered::Fail, const QString &error = {});
    void noteEnding(const Connection *connection);
    static Unanswered unansweredAfterClose(const Connection *connection);
    static QString bytesAfterCloseSentence(const Connection *connection);
    void close(Connection *connection);
    void failLater(const QString &error, Callback callback);

    std::chrono::milliseconds m_timeout{10000};
    int m_maxConnections = 6;
    int m_pipelineDepth = 1;
    int m_deepestPipeline = 0;
    QSet<QString> m_noPipelining; // origins
    HttpConfig m_config;
    PreparedHttpConfig m_prepared;
    quint64 m_configGeneration = 0;
    std::deque<Request> m_queue;
    std::vector<std::unique_ptr<Connection>> m_connections;
    quint64 m_abortGeneration = 0;
    bool m_pumpScheduled = false;
    bool m_pumping = false;
    bool m_pumpAgain = false;
};

} // namespace pushscope
