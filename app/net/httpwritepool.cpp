#include "httpwritepool.h"

#include "httprequesthead.h"
#include "httpresponsereader.h"
#include "httpsentences.h"

#include <QDateTime>
#include <QNetworkProxy>
#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace pushscope {

struct HttpWritePool::Connection {
    QString origin;
    quint64 configGeneration = 0; // the settings it was opened with
    QSslSocket *socket = nullptr; // a child of the pool until closed, then deleted later
    QTimer *deadline = nullptr;   // a child of the socket: the first request's deadline
    std::deque<Request> requests; // written or to be written, answered in this order
    QByteArray out;               // requests' bytes to write once the socket is connected
    bool connected = false;
    bool pipelines = false;    // an answer kept it open: requests may go ahead of answers
    HttpResponseReader reader; // of the first request's answer
    QByteArray in;             // read from the socket, not taken by the reader yet
    int answered = 0;
    QList<QSslError> sslErrors; // why the server's certificate was rejected
    QSslCertificate peerCertificate;
};

namespace {

bool isHttps(const QUrl &url)
{
    return url.scheme() == u"https";
}

HttpResult resultOf(const HttpResponseReader &reader, const QUrl &url)
{
    HttpResult result;
    result.httpStatus = reader.status();
    result.contentType = reader.header("Content-Type");
    result.payload = reader.body();
    if (result.httpStatus >= 300 && result.httpStatus < 400)
        result.error = redirectSentence(url, result.httpStatus, reader.header("Location"));
    else if (result.httpStatus >= 400)
        result.error = httpStatusSentence(url, result.httpStatus,
                                          QString::fromLatin1(reader.reason()), reader.body());
    else
        result.ok = true;
    return result;
}

HttpResult failure(const QString &error)
{
    HttpResult result;
    result.error = error;
    return result;
}

} // namespace

HttpWritePool::HttpWritePool(QObject *parent)
    : QObject(parent)
    , m_prepared(prepareHttpConfig(m_config))
{}

HttpWritePool::~HttpWritePool()
{
    abortAll();
}

bool HttpWritePool::reachesDirectly(const QUrl &url)
{
    // What QNetworkAccessManager asks when no proxy is set on it.
    const QList<QNetworkProxy> proxies =
        QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
    return proxies.isEmpty() || proxies.first().type() == QNetworkProxy::NoProxy;
}

void HttpWritePool::setHttpConfig(const HttpConfig &config)
{
    m_config = config;
    m_prepared = prepareHttpConfig(config);
    ++m_configGeneration; // busy connections close after their answer (finish())
    for (qsizetype i = qsizetype(m_connections.size()) - 1; i >= 0; --i) {
        if (m_connections[size_t(i)]->requests.empty())
            close(m_connections[size_t(i)].get());
    }
}

int HttpWritePool::pendingCount() const
{
    int busy = 0;
    for (const auto &connection : m_connections)
        busy += int(connection->requests.size());
    return int(m_queue.size()) + busy;
}

QString HttpWritePool::originOf(const QUrl &url)
{
    return QStringLiteral("%1://%2:%3")
        .arg(url.scheme(), url.host())
        .arg(url.port(isHttps(url) ? 443 : 80));
}

void HttpWritePool::failLater(const QString &error, Callback callback)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const quint64 generation = m_abortGeneration;
    QTimer::singleShot(0, this, [this, generation, error, now, callback = std::move(callback)] {
        if (generation != m_abortGeneration)
            return;
        HttpResult result = failure(error);
        result.sentAtMs = now;
        result.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
        callback(result);
    });
}

void HttpWritePool::send(const QByteArray &verb, const QUrl &url, Callback callback)
{
    Q_ASSERT(verb == "DELETE");
    if (url.scheme() != u"http" && !isHttps(url))
        return failLater(QStringLiteral("The URL %1 does not start with http:// or https://.")
                             .arg(displayUrl(url)),
                         std::move(callback));
    Request request;
    request.verb = verb;
    request.url = url;
    request.callback = std::move(callback);
    m_queue.push_back(std::move(request));
    schedulePump();
}

void HttpWritePool::abortAll()
{
    ++m_abortGeneration;
    m_queue.clear();
    while (!m_connections.empty())
        close(m_connections.back().get());
}

// Requests start from the event loop, never inside send(): a connection can fail while it
// is being opened (no route, no file descriptor left), and its callback must not run inside
// the caller's own call.
void HttpWritePool::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpScheduled = false;
            pump();
        },
        Qt::QueuedConnection);
}

void HttpWritePool::pump()
{
    if (m_pumping) { // a callback below asked for more: the loop here takes it
        m_pumpAgain = true;
        return;
    }
    const QPointer<HttpWritePool> self(this);
    m_pumping = true;
    do {
        m_pumpAgain = false;
        while (!m_queue.empty()) {
            if (!m_prepared.error.isEmpty()) { // settings that cannot be used: nothing is sent
                for (Request &request : std::exchange(m_queue, {}))
                    failLater(m_prepared.error, std::move(request.callback));
                break;
            }
            if (m_queue.front().resent && m_queue.front().deadline.hasExpired()) {
                // It waited for a new connection beyond its first deadline: not sent again.
                Request late = std::move(m_queue.front());
                m_queue.pop_front();
                failLater(noAnswerSentence(late.url, m_timeout, false, 0),
                          std::move(late.callback));
                continue;
            }
            Connection *connection = connectionFor(m_queue.front());
            if (!connection)
                break;
            Request request = std::move(m_queue.front());
            m_queue.pop_front();
            start(connection, std::move(request)); // may end the connection and call back
            if (!self)
                return;
        }
        // The requests put on a connection in this pass leave in one write.
        std::vector<QPointer<QSslSocket>> written;
        for (const auto &connection : m_connections) {
            if (connection->connected && connection->socket->bytesToWrite() > 0)
                written.emplace_back(connection->socket);
        }
        for (const QPointer<QSslSocket> &socket : written) {
            if (socket)
                socket->flush(); // may end the connection and call back
            if (!self)
                return;
        }
    } while (m_pumpAgain);
    m_pumping = false;
}

// An idle connection first, then a new one, then the shortest pipeline with room. A request
// sent once more goes on a new connection only, for which an idle one makes way.
HttpWritePool::Connection *HttpWritePool::connectionFor(const Request &request)
{
    const QString origin = originOf(request.url);
    int opened = 0;
    Connection *idle = nullptr;
    Connection *shortest = nullptr;
    for (const auto &owned : m_connections) {
        Connection *connection = owned.get();
        if (connection->origin != origin)
            continue;
        ++opened;
        if (connection->configGeneration != m_configGeneration)
            continue;
        const qsizetype queued = qsizetype(connection->requests.size());
        if (queued == 0) {
            if (!idle)
                idle = connection;
        } else if (connection->pipelines && queued < m_pipelineDepth &&
                   !m_noPipelining.contains(origin) &&
                   (!shortest || queued < qsizetype(shortest->requests.size()))) {
            shortest = connection;
        }
    }
    if (request.resent) {
        if (opened >= m_maxConnections && idle) {
            close(idle);
            --opened;
        }
        return opened < m_maxConnections ? open(request.url) : nullptr;
    }
    if (idle)
        return idle;
    if (opened < m_maxConnections)
        return open(request.url);
    return shortest;
}

HttpWritePool::Connection *HttpWritePool::open(const QUrl &url)
{
    auto owned = std::make_unique<Connection>();
    Connection *connection = owned.get();
    connection->origin = originOf(url);
    connection->configGeneration = m_configGeneration;
    connection->socket = new QSslSocket(this);
    connection->deadline = new QTimer(connection->socket);
    connection->deadline->setSingleShot(true);
    QSslSocket *socket = connection->socket;
    socket->setProxy(QNetworkProxy::NoProxy); // reachesDirectly() was asked by the sender
    connect(socket, &QAbstractSocket::connected, this, [this, connection] {
        connection->connected = true;
        connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (!connection->out.isEmpty())
            writeOut(connection);
    });
    connect(socket, &QIODevice::readyRead, this, [this, connection] { readAnswer(connection); });
    connect(socket, &QAbstractSocket::errorOccurred, this,
            [this, connection](QAbstractSocket::SocketError error) {
                connectionEnded(connection, error, connection->socket->errorString());
            });
    connect(socket, &QAbstractSocket::disconnected, this, [this, connection] {
        connectionEnded(connection, QAbstractSocket::RemoteHostClosedError, {});
    });
    connect(socket, &QSslSocket::sslErrors, this, [connection](const QList<QSslError> &errors) {
        connection->sslErrors = errors;
        connection->peerCertificate = connection->socket->peerCertificate();
    });
    connect(connection->deadline, &QTimer::timeout, this, [this, connection] {
        noteEnding(connection);
        Request late = std::move(connection->requests.front());
        connection->requests.pop_front();
        const qint64 received = connection->reader.bytesReceived();
        const QString behind =
            QStringLiteral("No answer from %1: the request before it on the same connection got "
                           "none in time, so whether this one was carried out is not known.")
                .arg(hostAndPort(late.url));
        HttpResult timedOut =
            failure(noAnswerSentence(late.url, m_timeout, received > 0, received));
        Answered answered;
        answered.emplace_back(std::move(late), std::move(timedOut));
        finish(connection, std::move(answered), false, Unanswered::Fail, behind);
    });
    m_connections.push_back(std::move(owned));
    return connection;
}

void HttpWritePool::start(Connection *connection, Request request)
{
    if (!request.started) {
        request.started = true;
        request.deadline = QDeadlineTimer(m_timeout);
        request.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    }
    const QByteArray head =
        requestHead(request.verb, request.url, m_prepared.authorization, m_config.headers);
    connection->requests.push_back(std::move(request));
    m_deepestPipeline = std::max(m_deepestPipeline, int(connection->requests.size()));
    if (connection->requests.size() == 1)
        connection->deadline->start(
            std::max<qint64>(0, connection->requests.front().deadline.remainingTime()));
    if (connection->connected) {
        connection->socket->write(head); // written at the end of pump()
        return;
    }
    connection->out += head;
    QSslSocket *socket = connection->socket;
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        const QUrl &url = connection->requests.front().url;
        const quint16 port = quint16(url.port(isHttps(url) ? 443 : 80));
        // The last statements: a connection that fails at once ends the request in here.
        if (isHttps(url)) {
            socket->setSslConfiguration(m_prepared.ssl);
            socket->connectToHostEncrypted(url.host(), port,
                                           m_prepared.serverName.isEmpty() ? url.host()
                                                                           : m_prepared.serverName);
        } else {
            socket->connectToHost(url.host(), port);
        }
    }
}

void HttpWritePool::writeOut(Connection *connection)
{
    connection->socket->write(std::exchange(connection->out, {}));
    connection->socket->flush();
}

void HttpWritePool::readAnswer(Connection *connection)
{
    connection->in += connection->socket->readAll();
    if (connection->requests.empty()) { // bytes no request asked for: not trusted
        close(connection);
        pump();
        return;
    }
    Answered answered;
    bool keepAlive = true;
    const bool pipelined = connection->requests.size() > 1;
    if (!takeAnswers(connection, &answered, &keepAlive)) {
        if (pipelined)
            m_noPipelining.insert(connection->origin);
        Request broken = std::move(connection->requests.front());
        connection->requests.pop_front();
        const QString error = QStringLiteral("The answer from %1 is not valid HTTP: %2.")
                                  .arg(hostAndPort(broken.url), connection->reader.error());
        answered.emplace_back(std::move(broken), failure(error));
        finish(connection, std::move(answered), false, Unanswered::Fail, error);
        return;
    }
    if (answered.empty())
        return;
    // Anything after the last answer asked for: that connection carries nothing more.
    const bool unasked = connection->requests.empty() && !connection->in.isEmpty();
    if (keepAlive || connection->requests.empty())
        return finish(connection, std::move(answered), keepAlive && !unasked, Unanswered::Resend);
    // Requests written behind an answer that closes the connection: the server said so, and
    // pipelining stays, unless it sent more after that answer.
    if (!connection->in.isEmpty())
        m_noPipelining.insert(connection->origin);
    finish(connection, std::move(answered), false, unansweredAfterClose(connection),
           bytesAfterCloseSentence(connection));
}

bool HttpWritePool::takeAnswers(Connection *connection, Answered *answered, bool *keepAlive)
{
    HttpResponseReader &reader = connection->reader;
    while (!connection->requests.empty()) {
        switch (reader.feed(connection->in)) {
        case HttpResponseReader::State::Reading:
            return true;
        case HttpResponseReader::State::Failed:
            return false;
        case HttpResponseReader::State::Complete:
            break;
        }
        Request request = std::move(connection->requests.front());
        connection->requests.pop_front();
        HttpResult result = resultOf(reader, request.url);
        answered->emplace_back(std::move(request), std::move(result));
        ++connection->answered;
        *keepAlive = reader.keepAlive();
        connection->pipelines = *keepAlive;
        reader.reset();
        if (!*keepAlive) // the server closes after this answer: it read nothing after it
            return true;
    }
    return true;
}

void HttpWritePool::connectionEnded(Connection *connection, int socketError,
                                    const QString &errorString)
{
    if (connection->requests.empty()) { // an idle connection the server closed
        close(connection);
        pump();
        return;
    }
    const bool pipelined = connection->requests.size() > 1;
    connection->in += connection->socket->readAll();
    Answered answered;
    bool keepAlive = true;
    const bool valid = takeAnswers(connection, &answered, &keepAlive);
    if (connection->requests.empty())
        return finish(connection, std::move(answered), false);
    if (pipelined && (!valid || keepAlive || !connection->in.isEmpty()))
        m_noPipelining.insert(connection->origin); // ended without saying so, or said more
    if (valid && !keepAlive)
        return finish(connection, std::move(answered), false, unansweredAfterClose(connection),
                      bytesAfterCloseSentence(connection));
    HttpResponseReader &reader = connection->reader;
    const QUrl url = connection->requests.front().url;
    if (valid && reader.finishAtClose() == HttpResponseReader::State::Complete) {
        Request request = std::move(connection->requests.front());
        connection->requests.pop_front();
        answered.emplace_back(std::move(request), resultOf(reader, url));
        // An answer that ran to the end of the connection may have taken in the answers
        // to the requests behind it: whether they were carried out is not known.
        return finish(connection, std::move(answered), false, Unanswered::Fail,
                      QStringLiteral("No answer from %1: the answer before it ran to the end "
                                     "of the connection, so whether this request was carried "
                                     "out is not known.")
                          .arg(hostAndPort(url)));
    }
    QString error;
    if (!valid)
        error = QStringLiteral("The answer from %1 is not valid HTTP: %2.")
                    .arg(hostAndPort(url), reader.error());
    else if (!connection->sslErrors.isEmpty())
        error =
            describeTlsErrors(hostAndPort(url), connection->sslErrors, connection->peerCertificate);
    else
        error = socketErrorSentence(QAbstractSocket::SocketError(socketError), errorString, url);
    // A reused connection that closed between answers (an idle timeout racing the request):
    // nothing of the request's answer arrived, so it is sent once more.
    const bool closedBetweenAnswers =
        valid && socketError == QAbstractSocket::RemoteHostClosedError &&
        connection->answered > 0 && reader.bytesReceived() == 0 && connection->sslErrors.isEmpty();
    if (!closedBetweenAnswers) {
        Request request = std::move(connection->requests.front());
        connection->requests.pop_front();
        answered.emplace_back(std::move(request), failure(error));
    }
    finish(connection, std::move(answered), false,
           closedBetweenAnswers ? Unanswered::Resend : Unanswered::Fail, error);
}

// A connection ending unannounced with requests written ahead of their answers: that server
// (or a proxy on the way) may not take pipelining, so it gets one request at a time from now
// on.
void HttpWritePool::noteEnding(const Connection *connection)
{
    if (connection->requests.size() > 1)
        m_noPipelining.insert(connection->origin);
}

// After an answer that closes the connection the server reads nothing more, so the requests
// behind it may be sent again; unless more bytes came after that answer (a server that went
// on anyway): then whether they were carried out is not known.
HttpWritePool::Unanswered HttpWritePool::unansweredAfterClose(const Connection *connection)
{
    return connection->in.isEmpty() ? Unanswered::Resend : Unanswered::Fail;
}

QString HttpWritePool::bytesAfterCloseSentence(const Connection *connection)
{
    return connection->in.isEmpty()
               ? QString()
               : QStringLiteral("No answer from %1: the server sent more after an answer that "
                                "closed the connection, so whether this request was carried "
                                "out is not known.")
                     .arg(hostAndPort(
                         connection->requests.empty() ? QUrl() : connection->requests.front().url));
}

void HttpWritePool::finish(Connection *connection, Answered answered, bool keepConnection,
                           Unanswered unanswered, const QString &error)
{
    connection->deadline->stop();
    if (connection->configGeneration != m_configGeneration && connection->requests.empty())
        keepConnection = false; // opened with settings no longer in force
    if (!keepConnection) {
        std::deque<Request> rest = std::exchange(connection->requests, {});
        const bool mayResend = unanswered == Unanswered::Resend && connection->sslErrors.isEmpty();
        close(connection);
        std::vector<Request> failed;
        for (auto it = rest.rbegin(); it != rest.rend(); ++it) {
            if (mayResend && !it->resent && it->deadline.remainingTime() > 0) {
                it->resent = true;
                m_queue.push_front(std::move(*it)); // in their order, ahead of the rest
            } else {
                failed.insert(failed.begin(), std::move(*it));
            }
        }
        for (Request &request : failed)
            failLater(error.isEmpty() ? socketErrorSentence(QAbstractSocket::RemoteHostClosedError,
                                                            {}, request.url)
                                      : error,
                      std::move(request.callback));
    } else if (!connection->requests.empty()) {
        connection->deadline->start(
            std::max<qint64>(0, connection->requests.front().deadline.remainingTime()));
    }
    const QPointer<HttpWritePool> self(this);
    const quint64 generation = m_abortGeneration;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto &[request, result] : answered) {
        if (!self || generation != m_abortGeneration)
            return; // destroyed or aborted by an earlier callback: no further callback
        result.sentAtMs = request.sentAtMs;
        result.receivedAtMs = now;
        request.callback(result);
    }
    if (self)
        pump();
}

// The socket may be emitting the signal that led here, and the pool may be destroyed by the
// callback that follows: the socket leaves the pool's children and is deleted later.
void HttpWritePool::close(Connection *connection)
{
    const auto it =
        std::find_if(m_connections.begin(), m_connections.end(),
                     [connection](const auto &owned) { return owned.get() == connection; });
    if (it == m_connections.end())
        return;
    QSslSocket *socket = connection->socket;
    socket->disconnect(this);
    connection->deadline->disconnect(this);
    connection->deadline->stop();
    socket->setParent(nullptr);
    socket->abort();
    socket->deleteLater();
    m_connections.erase(it);
}

} // namespace pushscope
