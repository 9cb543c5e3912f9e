#include "faultproxy.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QLocale>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace pushscope::testing {

namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr int kStopTimeoutMs = 10000;
const QByteArray kHeaderEnd = QByteArrayLiteral("\r\n\r\n");

// The header lines of a message (after the start line), each without its CRLF.
QList<QByteArray> headerLines(const QByteArray &head)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines)
        line = line.trimmed();
    lines.removeFirst();
    lines.removeAll(QByteArray());
    return lines;
}

QByteArray headerValue(const QByteArray &head, const QByteArray &name)
{
    for (const QByteArray &line : headerLines(head)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

// Where a chunked body starting at `start` ends (after the last CRLF), or -1 if incomplete.
qsizetype chunkedEnd(const QByteArray &buffer, qsizetype start)
{
    qsizetype position = start;
    while (true) {
        const qsizetype lineEnd = buffer.indexOf("\r\n", position);
        if (lineEnd < 0)
            return -1;
        QByteArray sizeText = buffer.mid(position, lineEnd - position);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon);
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok)
            return -1;
        if (size == 0) {
            if (buffer.mid(lineEnd + 2, 2) == "\r\n")
                return lineEnd + 4;
            const qsizetype trailerEnd = buffer.indexOf(kHeaderEnd, lineEnd + 2);
            return trailerEnd < 0 ? -1 : trailerEnd + 4;
        }
        position = lineEnd + 2 + size + 2;
        if (position > buffer.size())
            return -1;
    }
}

// The length of the first complete message in `buffer`, or -1 when more bytes are needed.
// A reply without length or chunking ends with the connection (`closed`).
qsizetype messageLength(const QByteArray &buffer, bool isReply, const QByteArray &requestMethod,
                        bool closed)
{
    const qsizetype headEnd = buffer.indexOf(kHeaderEnd);
    if (headEnd < 0)
        return -1;
    const QByteArray head = buffer.left(headEnd);
    const qsizetype bodyStart = headEnd + 4;
    if (isReply) {
        const int status = head.mid(9, 3).toInt();
        if (requestMethod == "HEAD" || status / 100 == 1 || status == 204 || status == 304)
            return bodyStart;
    }
    if (headerValue(head, "Transfer-Encoding").toLower().contains("chunked"))
        return chunkedEnd(buffer, bodyStart);
    const QByteArray length = headerValue(head, "Content-Length");
    if (!length.isEmpty()) {
        const qsizetype end = bodyStart + length.toLongLong();
        return end <= buffer.size() ? end : -1;
    }
    if (!isReply)
        return bodyStart;
    return closed ? buffer.size() : -1;
}

QByteArray mergedSlashes(QByteArray path)
{
    const qsizetype query = path.indexOf('?');
    QByteArray rest = query < 0 ? QByteArray() : path.mid(query);
    path.truncate(query < 0 ? path.size() : query);
    while (path.contains("//"))
        path.replace("//", "/");
    return path + rest;
}

QByteArray shiftedDate(const QByteArray &reply, int seconds)
{
    const qsizetype headEnd = reply.indexOf(kHeaderEnd);
    const QByteArray value = headerValue(reply.left(headEnd), "Date");
    if (value.isEmpty())
        return reply;
    const QString format = QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'");
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(value), format);
    if (!date.isValid())
        return reply;
    date.setTimeSpec(Qt::UTC);
    const QByteArray shifted = QLocale::c().toString(date.addSecs(seconds), format).toLatin1();
    QByteArray head = reply.left(headEnd);
    head.replace(value, shifted);
    return head + reply.mid(headEnd);
}

QByteArray badGatewayReply()
{
    const QByteArray body = QByteArrayLiteral("bad gateway (fault proxy)\n");
    return "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// One client connection on the proxy's thread: requests are handled one at a time, in
// order, each with the faults in force when it arrived.
class Relay : public QObject
{
public:
    Relay(QTcpSocket *client, quint16 targetPort, FaultProxy *proxy, QObject *parent)
        : QObject(parent)
        , m_client(client)
        , m_server(new QTcpSocket(this))
        , m_targetPort(targetPort)
        , m_proxy(proxy)
    {
        m_client->setParent(this);
        connect(m_client, &QTcpSocket::readyRead, this, [this] {
            m_fromClient += m_client->readAll();
            nextRequest();
        });
        connect(m_client, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        connect(m_server, &QTcpSocket::connected, this,
                [this] { m_server->write(std::exchange(m_pendingToServer, {})); });
        connect(m_server, &QTcpSocket::readyRead, this, [this] {
            m_fromServer += m_server->readAll();
            replyArrived(false);
        });
        connect(m_server, &QTcpSocket::disconnected, this, [this] { replyArrived(true); });
        connect(m_server, &QTcpSocket::errorOccurred, this, [this] {
            if (m_server->state() == QAbstractSocket::UnconnectedState)
                replyArrived(true);
        });
        m_fromClient = m_client->readAll();
        nextRequest();
    }

private:
    void nextRequest()
    {
        if (m_busy)
            return;
        const qsizetype length = messageLength(m_fromClient, false, {}, false);
        if (length < 0)
            return;
        QByteArray request = m_fromClient.left(length);
        m_fromClient.remove(0, length);
        const qsizetype lineEnd = request.indexOf("\r\n");
        QList<QByteArray> requestLine = request.left(lineEnd).split(' ');
        if (requestLine.size() != 3) {
            m_client->abort();
            return;
        }
        m_busy = true;
        m_faults = m_proxy->faults();
        m_method = requestLine.at(0);
        m_proxy->count([](FaultProxy::Counts &counts) { ++counts.requests; });
        if (m_faults.mergeSlashes) {
            requestLine[1] = mergedSlashes(requestLine.at(1));
            request = requestLine.join(' ') + request.mid(lineEnd);
        }
        const bool isDelete = m_method == "DELETE";
        const QByteArray &path = requestLine.at(1);
        const bool isExposition =
            m_method == "GET" && (path == "/metrics" || path.startsWith("/metrics?"));
        if ((isDelete && m_faults.badGatewayWithoutForwarding) ||
            (isExposition && m_faults.badGatewayForExposition)) {
            m_proxy->count([](FaultProxy::Counts &counts) { ++counts.badGateway; });
            sendReply(badGatewayReply());
            return;
        }
        m_proxy->count([isDelete](FaultProxy::Counts &counts) {
            ++counts.forwarded;
            counts.forwardedDeletes += isDelete;
        });
        m_proxy->noteForwardedPath(requestLine.at(1));
        if (m_server->state() == QAbstractSocket::ConnectedState) {
            m_server->write(request);
        } else {
            m_pendingToServer += request;
            if (m_server->state() == QAbstractSocket::UnconnectedState) {
                m_fromServer.clear();
                m_server->connectToHost(QHostAddress::LocalHost, m_targetPort);
            }
        }
    }

    void replyArrived(bool closed)
    {
        if (!m_busy || m_replying) {
            if (closed && !m_busy)
                m_fromServer.clear();
            return;
        }
        const qsizetype length = messageLength(m_fromServer, true, m_method, closed);
        if (length < 0) {
            if (closed) // cut off: the client sees the same
                m_client->disconnectFromHost();
            return;
        }
        QByteArray reply = m_fromServer.left(length);
        m_fromServer.remove(0, length);
        const bool isDelete = m_method == "DELETE";
        if (isDelete && m_faults.dropDeleteReplies) {
            m_proxy->count([](FaultProxy::Counts &counts) { ++counts.dropped; });
            m_client->abort(); // emits disconnected: this relay goes
            return;
        }
        if (isDelete && m_faults.badGatewayAfterDelete) {
            m_proxy->count([](FaultProxy::Counts &counts) { ++counts.badGateway; });
            reply = badGatewayReply();
        }
        if (m_faults.dateShiftSeconds != 0)
            reply = shiftedDate(reply, m_faults.dateShiftSeconds);
        sendReply(reply);
    }

    void sendReply(const QByteArray &reply)
    {
        const bool delayed = m_faults.replyDelayMs > 0 &&
                             (m_faults.delayMethod.isEmpty() || m_faults.delayMethod == m_method);
        m_replying = true;
        QPointer<QTcpSocket> client(m_client);
        QTimer::singleShot(delayed ? m_faults.replyDelayMs : 0, this, [this, client, reply] {
            if (!client || client->state() != QAbstractSocket::ConnectedState)
                return;
            client->write(reply);
            m_replying = false;
            m_busy = false;
            nextRequest();
        });
    }

    QTcpSocket *m_client;
    QTcpSocket *m_server;
    const quint16 m_targetPort;
    FaultProxy *m_proxy;
    QByteArray m_fromClient;
    QByteArray m_fromServer;
    QByteArray m_pendingToServer;
    QByteArray m_method;
    FaultProxy::Faults m_faults;
    bool m_busy = false;
    bool m_replying = false;
};

} // namespace

FaultProxy::FaultProxy(quint16 targetPort)
    : m_targetPort(targetPort)
{}

FaultProxy::~FaultProxy()
{
    stop();
}

bool FaultProxy::listen(QString *error)
{
    start();
    QMutexLocker locker(&m_mutex);
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!m_ready) {
        if (!m_started.wait(&m_mutex, deadline))
            break;
    }
    if (m_ready && m_listenError.isEmpty())
        return true;
    if (error)
        *error = m_ready ? m_listenError
                         : QStringLiteral("The fault proxy did not start within %1 ms.")
                               .arg(kStartTimeoutMs);
    return false;
}

void FaultProxy::stop()
{
    if (!isRunning())
        return;
    quit();
    if (!wait(QDeadlineTimer(kStopTimeoutMs)))
        qWarning("FaultProxy: the proxy thread did not stop within %d ms", kStopTimeoutMs);
}

quint16 FaultProxy::port() const
{
    QMutexLocker locker(&m_mutex);
    return m_port;
}

QString FaultProxy::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

FaultProxy::Faults FaultProxy::faults() const
{
    QMutexLocker locker(&m_mutex);
    return m_faults;
}

void FaultProxy::setFaults(const Faults &faults)
{
    QMutexLocker locker(&m_mutex);
    m_faults = faults;
}

FaultProxy::Counts FaultProxy::counts() const
{
    QMutexLocker locker(&m_mutex);
    return m_counts;
}

QList<QByteArray> FaultProxy::forwardedPaths() const
{
    QMutexLocker locker(&m_mutex);
    return m_paths;
}

void FaultProxy::count(const std::function<void(Counts &)> &change)
{
    QMutexLocker locker(&m_mutex);
    change(m_counts);
}

void FaultProxy::noteForwardedPath(const QByteArray &path)
{
    QMutexLocker locker(&m_mutex);
    if (m_paths.size() < 100000) // bounded: a test reads what it needs
        m_paths.append(path);
}

void FaultProxy::run()
{
    // Everything below lives and dies on this thread: leaving exec() destroys the relays.
    QTcpServer server;
    QObject relays; // destroyed first
    const bool listening = server.listen(QHostAddress::LocalHost, 0);
    {
        QMutexLocker locker(&m_mutex);
        m_port = server.serverPort();
        m_listenError = listening ? QString()
                                  : QStringLiteral("The fault proxy cannot listen on 127.0.0.1: %1")
                                        .arg(server.errorString());
        m_ready = true;
    }
    m_started.wakeAll();
    if (!listening)
        return;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server, &relays] {
        while (QTcpSocket *client = server.nextPendingConnection())
            new Relay(client, m_targetPort, this, &relays);
    });
    exec();
    server.close();
}

} // namespace pushscope::testing
