#include "httpwritepool.h"

#include "httpresponsereader.h"
#include "httpsentences.h"

#include <QDateTime>
#include <QHostAddress>
#include <QNetworkProxy>
#include <QPointer>
#include <QSslSocket>
#include <QTimer>
#include <optional>

namespace pushscope {

struct HttpWritePool::Connection {
    QString origin;
    quint64 configGeneration = 0; // the settings it was opened with
    QSslSocket *socket = nullptr; // a child of the pool until closed, then deleted later
    QTimer *deadline = nullptr;   // a child of the socket
    std::optional<Request> request;
    QByteArray head; // the request's bytes, written once the socket is connected
    bool headWritten = false;
    HttpResponseReader reader;
    QByteArray in; // read from the socket, not taken by the reader yet
    int answered = 0;
    QList<QSslError> sslErrors; // why the server's certificate was rejected
    QSslCertificate peerCertificate;
};

namespace {

bool isHttps(const QUrl &url)
{
    return url.scheme() == u"https";
}

// The request target and Host header exactly as QNetworkAccessManager writes them (Qt 6.4,
// QHttpNetworkRequestPrivate::uri and QHttpNetworkConnectionPrivate::prepareRequest), so that
// a grouping key's path reaches the gateway byte for byte as it did before.
QByteArray requestTarget(const QUrl &url)
{
    QUrl copy = url;
    QUrl::FormattingOptions format = QUrl::RemoveFragment | QUrl::RemoveUserInfo |
                                     QUrl::FullyEncoded | QUrl::RemoveScheme |
                                     QUrl::RemoveAuthority;
    if (copy.path().isEmpty())
        copy.setPath(QStringLiteral("/"));
    else
        format |= QUrl::NormalizePathSegments;
    return copy.toEncoded(format);
}

QByteArray hostHeader(const QUrl &url)
{
    const QString name = url.host();
    QHostAddress address;
    QByteArray host;
    if (address.setAddress(name))
        host = address.protocol() == QAbstractSocket::IPv6Protocol ? '[' + name.toLatin1() + ']'
                                                                   : name.toLatin1();
    else
        host = QUrl::toAce(name);
    if (url.port() != -1)
        host += ':' + QByteArray::number(url.port());
    return host;
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
        if (!m_connections[size_t(i)]->request)
            close(m_connections[size_t(i)].get());
    }
}

int HttpWritePool::pendingCount() const
{
    int busy = 0;
    for (const auto &connection : m_connections)
        busy += connection->request.has_value();
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
            const Request &next = m_queue.front();
            bool mayOpen = false;
            Connection *connection = idleConnectionFor(originOf(next.url), &mayOpen);
            if (next.resent) { // sent once more on a new connection, never a reused one
                if (!mayOpen)
                    break;
                connection = nullptr;
            } else if (!connection && !mayOpen) {
                break;
            }
            if (!connection)
                connection = open(next.url);
            Request request = std::move(m_queue.front());
            m_queue.pop_front();
            start(connection, std::move(request)); // may end the connection and call back
            if (!self)
                return;
        }
    } while (m_pumpAgain);
    m_pumping = false;
}

HttpWritePool::Connection *HttpWritePool::idleConnectionFor(const QString &origin, bool *mayOpen)
{
    int open = 0;
    Connection *idle = nullptr;
    for (const auto &connection : m_connections) {
        if (connection->origin != origin)
            continue;
        ++open;
        if (!idle && !connection->request && connection->configGeneration == m_configGeneration)
            idle = connection.get();
    }
    *mayOpen = open < m_maxConnections;
    return idle;
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
        connection->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (connection->request && !connection->headWritten)
            writeHead(connection);
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
        finish(connection,
               failure(noAnswerSentence(connection->request->url, m_timeout,
                                        connection->reader.bytesReceived() > 0,
                                        connection->reader.bytesReceived())),
               false);
    });
    m_connections.push_back(std::move(owned));
    return connection;
}

QByteArray HttpWritePool::requestHead(const Request &request) const
{
    QByteArray fromUrl;
    const QUrl url = takeUserInfo(request.url, &fromUrl);
    // As QNetworkRequest::setRawHeader() does: a header set again replaces the earlier one,
    // so a configured Host (a virtual host behind an ingress) or User-Agent wins.
    QList<QPair<QByteArray, QByteArray>> headers = {
        {"Host", hostHeader(url)},
        {"User-Agent", QByteArrayLiteral("PushScope/" PUSHSCOPE_VERSION)}};
    const QByteArray authorization =
        m_prepared.authorization.isEmpty() ? fromUrl : m_prepared.authorization;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    for (const auto &header : m_config.headers) {
        const auto same = std::find_if(headers.begin(), headers.end(), [&](const auto &known) {
            return known.first.compare(header.first, Qt::CaseInsensitive) == 0;
        });
        if (same != headers.end())
            same->second = header.second;
        else
            headers.append(header);
    }
    QByteArray head = request.verb + ' ' + requestTarget(url) + " HTTP/1.1\r\n";
    for (const auto &[name, value] : std::as_const(headers))
        head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

void HttpWritePool::start(Connection *connection, Request request)
{
    if (!request.started) {
        request.started = true;
        request.deadline = QDeadlineTimer(m_timeout);
        request.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    }
    connection->head = requestHead(request);
    connection->headWritten = false;
    connection->request = std::move(request);
    connection->reader.reset();
    connection->in.clear();
    connection->deadline->start(std::max<qint64>(0, connection->request->deadline.remainingTime()));
    QSslSocket *socket = connection->socket;
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        const QUrl &url = connection->request->url;
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
        return;
    }
    writeHead(connection); // the last statement too
}

void HttpWritePool::writeHead(Connection *connection)
{
    connection->headWritten = true;
    connection->socket->write(connection->head);
    connection->socket->flush();
}

void HttpWritePool::readAnswer(Connection *connection)
{
    connection->in += connection->socket->readAll();
    if (!connection->request) { // bytes no request asked for: the connection is not trusted
        close(connection);
        pump();
        return;
    }
    const QUrl &url = connection->request->url;
    switch (connection->reader.feed(connection->in)) {
    case HttpResponseReader::State::Reading:
        return;
    case HttpResponseReader::State::Failed:
        finish(connection,
               failure(QStringLiteral("The answer from %1 is not valid HTTP: %2.")
                           .arg(hostAndPort(url), connection->reader.error())),
               false);
        return;
    case HttpResponseReader::State::Complete:
        // Anything after the answer was not asked for: that connection carries nothing more.
        finish(connection, resultOf(connection->reader, url),
               connection->reader.keepAlive() && connection->in.isEmpty());
        return;
    }
}

void HttpWritePool::connectionEnded(Connection *connection, int socketError,
                                    const QString &errorString)
{
    if (!connection->request) { // an idle connection the server closed
        close(connection);
        pump();
        return;
    }
    connection->in += connection->socket->readAll();
    HttpResponseReader &reader = connection->reader;
    if (!connection->in.isEmpty())
        reader.feed(connection->in);
    const bool malformed = reader.state() == HttpResponseReader::State::Failed;
    if (reader.finishAtClose() == HttpResponseReader::State::Complete) {
        finish(connection, resultOf(reader, connection->request->url), false);
        return;
    }
    const QUrl url = connection->request->url;
    const bool reusedAndSilent = connection->answered > 0 &&
                                 connection->reader.bytesReceived() == 0 &&
                                 connection->sslErrors.isEmpty();
    if (reusedAndSilent && !connection->request->resent &&
        connection->request->deadline.remainingTime() > 0) {
        Request again = std::move(*connection->request);
        connection->request.reset();
        again.resent = true;
        m_queue.push_front(std::move(again));
        close(connection);
        pump();
        return;
    }
    QString error;
    if (malformed)
        error = QStringLiteral("The answer from %1 is not valid HTTP: %2.")
                    .arg(hostAndPort(url), reader.error());
    else if (!connection->sslErrors.isEmpty())
        error =
            describeTlsErrors(hostAndPort(url), connection->sslErrors, connection->peerCertificate);
    else
        error = socketErrorSentence(QAbstractSocket::SocketError(socketError), errorString, url);
    finish(connection, failure(error), false);
}

void HttpWritePool::finish(Connection *connection, HttpResult result, bool keepConnection)
{
    Request request = std::move(*connection->request);
    connection->request.reset();
    connection->deadline->stop();
    ++connection->answered;
    if (!keepConnection || connection->configGeneration != m_configGeneration)
        close(connection);
    result.sentAtMs = request.sentAtMs;
    result.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    const QPointer<HttpWritePool> self(this);
    request.callback(result);
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
