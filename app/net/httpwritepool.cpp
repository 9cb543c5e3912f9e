#include "httpwritepool.h"

#include "httpresponsereader.h"
#include "httpsentences.h"

#include <QDateTime>
#include <QHostAddress>
#include <QSslSocket>
#include <QTimer>
#include <optional>

namespace pushscope {

struct HttpWritePool::Connection {
    QString origin;
    QSslSocket *socket = nullptr; // a child of the pool, deleted later when closed
    QTimer *deadline = nullptr;   // a child of the socket
    std::optional<Request> request;
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

void HttpWritePool::setHttpConfig(const HttpConfig &config)
{
    m_config = config;
    m_prepared = prepareHttpConfig(config);
    // Connections opened with the old settings carry no further request.
    for (qsizetype i = qsizetype(m_connections.size()) - 1; i >= 0; --i) {
        if (!m_connections[i]->request)
            close(m_connections[i].get());
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
    if (!m_prepared.error.isEmpty())
        return failLater(m_prepared.error, std::move(callback));
    if (url.scheme() != u"http" && !isHttps(url))
        return failLater(QStringLiteral("The URL %1 does not start with http:// or https://.")
                             .arg(displayUrl(url)),
                         std::move(callback));
    m_queue.push_back({verb, url, std::move(callback), 0, false});
    pump();
}

void HttpWritePool::abortAll()
{
    ++m_abortGeneration;
    m_queue.clear();
    while (!m_connections.empty())
        close(m_connections.back().get());
}

void HttpWritePool::pump()
{
    while (!m_queue.empty()) {
        bool mayOpen = false;
        Connection *connection = idleConnectionFor(originOf(m_queue.front().url), &mayOpen);
        if (!connection && !mayOpen)
            return;
        if (!connection)
            connection = open(m_queue.front().url);
        Request request = std::move(m_queue.front());
        m_queue.pop_front();
        start(connection, std::move(request));
    }
}

HttpWritePool::Connection *HttpWritePool::idleConnectionFor(const QString &origin, bool *mayOpen)
{
    int open = 0;
    for (const auto &connection : m_connections) {
        if (connection->origin != origin)
            continue;
        if (!connection->request)
            return connection.get();
        ++open;
    }
    *mayOpen = open < m_maxConnections;
    return nullptr;
}

HttpWritePool::Connection *HttpWritePool::open(const QUrl &url)
{
    auto owned = std::make_unique<Connection>();
    Connection *connection = owned.get();
    connection->origin = originOf(url);
    connection->socket = new QSslSocket(this);
    connection->deadline = new QTimer(connection->socket);
    connection->deadline->setSingleShot(true);
    QSslSocket *socket = connection->socket;
    connect(socket, &QAbstractSocket::connected, socket,
            [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
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
        const HttpResponseReader &reader = connection->reader;
        finish(connection,
               failure(noAnswerSentence(connection->request->url, m_timeout,
                                        reader.bytesReceived() > 0, reader.bytesReceived())),
               false);
    });
    const quint16 port = quint16(url.port(isHttps(url) ? 443 : 80));
    if (isHttps(url)) {
        socket->setSslConfiguration(m_prepared.ssl);
        socket->connectToHostEncrypted(
            url.host(), port, m_prepared.serverName.isEmpty() ? url.host() : m_prepared.serverName);
    } else {
        socket->connectToHost(url.host(), port);
    }
    m_connections.push_back(std::move(owned));
    return connection;
}

void HttpWritePool::start(Connection *connection, Request request)
{
    QByteArray fromUrl;
    const QUrl url = takeUserInfo(request.url, &fromUrl);
    QByteArray head = request.verb + ' ' + requestTarget(url) +
                      " HTTP/1.1\r\nHost: " + hostHeader(url) +
                      "\r\nUser-Agent: PushScope/" PUSHSCOPE_VERSION "\r\n";
    const QByteArray authorization =
        m_prepared.authorization.isEmpty() ? fromUrl : m_prepared.authorization;
    if (!authorization.isEmpty())
        head += "Authorization: " + authorization + "\r\n";
    for (const auto &header : m_config.headers)
        head += header.first + ": " + header.second + "\r\n";
    head += "\r\n";

    request.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    connection->request = std::move(request);
    connection->reader.reset();
    connection->in.clear();
    connection->deadline->start(m_timeout);
    connection->socket->write(head);
    if (connection->socket->state() == QAbstractSocket::ConnectedState)
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
    const bool reusedAndSilent =
        connection->answered > 0 && reader.bytesReceived() == 0 && connection->sslErrors.isEmpty();
    if (reusedAndSilent && !connection->request->resent) {
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
    if (!keepConnection)
        close(connection);
    result.sentAtMs = request.sentAtMs;
    result.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    const QPointer<HttpWritePool> self(this);
    request.callback(result);
    if (self)
        pump();
}

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
    socket->abort();
    socket->deleteLater();
    m_connections.erase(it);
}

} // namespace pushscope
