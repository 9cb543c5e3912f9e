#include "gateway/groupingkey.h"
#include "keycorpus.h"
#include "net/httpclient.h"
#include "net/httpwritepool.h"

#include "gateway/gatewayclient.h"

#include <QDeadlineTimer>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <sys/resource.h>
#include <unistd.h>

using namespace pushscope;
using namespace pushscope::testing;

namespace {

const QByteArray kAccepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";
const QByteArray kClose = "<close>"; // at the end of an answer: close the connection after it

// A loopback HTTP/1.1 server on the test's event loop that keeps connections open and
// answers each request (a head without a body) with the bytes `answer` returns for it; an
// empty answer leaves the request unanswered.
class KeepAliveDouble : public QObject
{
public:
    struct Request {
        int connection = 0;   // in order of acceptance
        int onConnection = 0; // the request's number on its connection
        QByteArray head;
        QByteArray line() const { return head.left(head.indexOf("\r\n")); }
        QByteArray header(const QByteArray &name) const
        {
            for (const QByteArray &line : head.split('\n')) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0)
                    return line.mid(colon + 1).trimmed();
            }
            return {};
        }
    };
    using Answer = std::function<QByteArray(const Request &)>;

    explicit KeepAliveDouble(Answer answer)
        : m_answer(std::move(answer))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(const QString &path = QStringLiteral("/metrics/job/a")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }

    QList<Request> requests;
    int connections = 0;

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            const int number = connections++;
            auto *buffer = new QByteArray;
            auto *served = new int(0);
            QObject::connect(socket, &QObject::destroyed, [buffer, served] {
                delete buffer;
                delete served;
            });
            QObject::connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(
                socket, &QIODevice::readyRead, this, [this, socket, buffer, served, number] {
                    *buffer += socket->readAll();
                    qsizetype end;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        const Request request{number, (*served)++, buffer->left(end + 4)};
                        buffer->remove(0, end + 4);
                        requests.append(request);
                        QByteArray answer = m_answer(request);
                        const bool close = answer.endsWith(kClose);
                        if (close)
                            answer.chop(kClose.size());
                        socket->write(answer);
                        if (close) {
                            socket->disconnectFromHost();
                            return;
                        }
                    }
                });
        }
    }

    QTcpServer m_server;
    Answer m_answer;
};

// Runs the event loop until `done` (at most 10 s); QTRY_* would wait 50 ms a turn.
bool waitUntil(const std::function<bool()> &done)
{
    QDeadlineTimer deadline(10000);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    return done();
}

struct Answers {
    QList<HttpResult> results;
    HttpWritePool::Callback collect()
    {
        return [this](const HttpResult &result) { results.append(result); };
    }
};

} // namespace

class TestHttpWritePool : public QObject
{
    Q_OBJECT

private slots:
    void manyDeletesShareFewConnections();
    void requestIsTheOneQtNetworkSends();
    void reusedConnectionClosedSilentlyIsTriedOnceMore();
    void freshConnectionClosedIsAnError();
    void garbageIsASentenceAndTheConnectionIsDropped();
    void bytesAfterTheAnswerRetireTheConnection();
    void noAnswerWithinTheDeadline();
    void redirectIsNotFollowed();
    void authenticationFailureIsNamed();
    void bodyToTheEndOfTheConnection();
    void refusedConnection();
    void abortAllCallsNoCallback();
    void connectionFailingAtOnceFailsEachRequestOnce();
    void newSettingsRetireConnections();
    void destroyedInItsCallback();
    void proxiedGatewayIsLeftToQtNetwork();
    void pipelinesOnceAConnectionStaysOpen();
    void requestsBehindAClosingAnswerAreSentAgain();
    void silentCloseInAPipelineEndsPipelining();
    void bytesAfterAClosingAnswerFailTheRequestsBehindIt();
    void requestsBehindGarbageFailAndAreNotSentAgain();
    void requestsBehindALateAnswerFailAndAreNotSentAgain();
};

void TestHttpWritePool::manyDeletesShareFewConnections()
{
    KeepAliveDouble server([](const auto &) { return kAccepted; });
    QVERIFY(server.listen());
    for (int limit : {6, 2}) {
        HttpWritePool pool;
        pool.setMaxConnections(limit);
        Answers answers;
        const int before = server.connections;
        for (int i = 0; i < 60; ++i)
            pool.send("DELETE", server.url(QStringLiteral("/metrics/job/j%1").arg(i)),
                      answers.collect());
        QCOMPARE(pool.pendingCount(), 60);
        QTRY_COMPARE(answers.results.size(), 60);
        for (const HttpResult &result : answers.results) {
            QVERIFY2(result.ok, qPrintable(result.error));
            QCOMPARE(result.httpStatus, 202);
        }
        QCOMPARE(server.connections - before, limit);
        QCOMPARE(pool.pendingCount(), 0);
    }
    // Sent in the order asked.
    QCOMPARE(server.requests.first().line(), QByteArray("DELETE /metrics/job/j0 HTTP/1.1"));
}

// The same key reaches the gateway byte for byte as through QNetworkAccessManager: request
// line, Host, credentials and extra headers.
void TestHttpWritePool::requestIsTheOneQtNetworkSends()
{
    KeepAliveDouble server([](const auto &) { return kAccepted; });
    QVERIFY(server.listen());
    HttpConfig config;
    config.username = QStringLiteral("ops");
    config.password = QStringLiteral("s3cr=t:é");
    config.headers = {{"X-Scope-OrgID", "tenant-1"}, {"host", "gateway.internal:9091"}};
    HttpClient qtClient;
    qtClient.setHttpConfig(config);
    HttpWritePool pool;
    pool.setHttpConfig(config);

    QList<GroupingKey> keys = issueKeys();
    keys += randomKeys(testSeed(), 150);
    int compared = 0;
    for (const GroupingKey &key : std::as_const(keys)) {
        for (NameEscaping escaping : {NameEscaping::Legacy, NameEscaping::Utf8}) {
            const QString path = key.pathOn(escaping);
            if (path.isEmpty())
                continue;
            const QUrl url = server.url(path);
            Answers viaQt;
            Answers viaPool;
            qtClient.sendCustom("DELETE", url, {}, {},
                                [&](const HttpResult &r) { viaQt.results.append(r); });
            QVERIFY(waitUntil([&] { return viaQt.results.size() == 1; }));
            pool.send("DELETE", url, viaPool.collect());
            QVERIFY(waitUntil([&] { return viaPool.results.size() == 1; }));
            QVERIFY(viaQt.results.first().ok && viaPool.results.first().ok);
            const auto &qt = server.requests.at(server.requests.size() - 2);
            const auto &ours = server.requests.last();
            QCOMPARE(ours.line(), qt.line());
            for (const char *name : {"Host", "Authorization", "X-Scope-OrgID", "User-Agent"})
                QCOMPARE(ours.header(name), qt.header(name));
            ++compared;
        }
    }
    QVERIFY(compared > 150);
    QCOMPARE(server.requests.last().header("X-Scope-OrgID"), QByteArray("tenant-1"));
    // A configured Host replaces the URL's, as with Qt; never two Host headers.
    QCOMPARE(server.requests.last().head.count("\nHost:") +
                 server.requests.last().head.count("\nhost:"),
             1);
    QCOMPARE(server.requests.last().header("Host"), QByteArray("gateway.internal:9091"));
    QVERIFY(server.requests.last().header("Authorization").startsWith("Basic "));
}

void TestHttpWritePool::freshConnectionClosedIsAnError()
{
    // The first request on a new connection is never sent twice; and a resent request is
    // not sent a third time.
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        return request.connection == 0 && request.onConnection == 0 ? kAccepted : kClose;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 1);
    QVERIFY(answers.results.first().ok);
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 2);
    QTest::qWait(100);
    QCOMPARE(answers.results.size(), 2);
    QVERIFY(!answers.results.last().ok);
    QVERIFY2(answers.results.last().error.contains(u"closed the connection before answering"),
             qPrintable(answers.results.last().error));
    QCOMPARE(server.requests.size(), 3); // the first, the second, the second once more
}

void TestHttpWritePool::garbageIsASentenceAndTheConnectionIsDropped()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        return request.connection == 0 ? QByteArray("<html>502 from a proxy</html>\r\n\r\n")
                                       : kAccepted;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 1);
    QVERIFY(!answers.results.first().ok);
    QCOMPARE(answers.results.first().httpStatus, 0);
    QVERIFY2(answers.results.first().error.startsWith(
                 QStringLiteral("The answer from 127.0.0.1:%1 is not valid HTTP")
                     .arg(server.url().port())),
             qPrintable(answers.results.first().error));
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 2);
    QVERIFY(answers.results.last().ok);
    QCOMPARE(server.connections, 2);
}

void TestHttpWritePool::bytesAfterTheAnswerRetireTheConnection()
{
    KeepAliveDouble server([](const auto &) { return kAccepted + "HTTP/1.1 202 Accepted\r\n"; });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    for (int i = 0; i < 3; ++i) {
        pool.send("DELETE", server.url(), answers.collect());
        QTRY_COMPARE(answers.results.size(), i + 1);
        QVERIFY(answers.results.last().ok);
    }
    // An answer nobody asked for is never taken for the next request's.
    QCOMPARE(server.connections, 3);
}

void TestHttpWritePool::noAnswerWithinTheDeadline()
{
    KeepAliveDouble server([](const auto &) { return QByteArray("HTTP/1.1 202 Acc"); });
    QVERIFY(server.listen());
    HttpWritePool pool;
    pool.setTimeout(std::chrono::milliseconds(300));
    Answers answers;
    QElapsedTimer clock;
    clock.start();
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 1);
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(answers.results.first().error,
             QStringLiteral("No complete answer from %1 within 0.3 s (16 bytes received).")
                 .arg(server.url().toDisplayString()));
    QCOMPARE(pool.connectionCount(), 0);
}

void TestHttpWritePool::redirectIsNotFollowed()
{
    KeepAliveDouble server([](const auto &) {
        return QByteArray("HTTP/1.1 307 Temporary Redirect\r\nLocation: "
                          "http://127.0.0.1:1/metrics/job/other\r\nContent-Length: 0\r\n\r\n");
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 1);
    QVERIFY(!answers.results.first().ok);
    QCOMPARE(answers.results.first().httpStatus, 307);
    QVERIFY2(answers.results.first().error.endsWith(
                 u"redirect to http://127.0.0.1:1/metrics/job/other; not followed."),
             qPrintable(answers.results.first().error));
    QTest::qWait(50);
    QCOMPARE(server.requests.size(), 1);
}

void TestHttpWritePool::authenticationFailureIsNamed()
{
    KeepAliveDouble server([](const auto &) {
        return QByteArray("HTTP/1.1 401 Unauthorized\r\nContent-Length: 14\r\n\r\nbad credential");
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 1);
    QCOMPARE(answers.results.first().httpStatus, 401);
    QCOMPARE(answers.results.first().error,
             QStringLiteral("Authentication failed for %1: HTTP 401 Unauthorized: bad credential.")
                 .arg(server.url().toDisplayString()));
}

void TestHttpWritePool::bodyToTheEndOfTheConnection()
{
    KeepAliveDouble server(
        [](const auto &) { return QByteArray("HTTP/1.0 202 Accepted\r\n\r\nqueued") + kClose; });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect());
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 2);
    for (const HttpResult &result : answers.results) {
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.payload, QByteArray("queued"));
    }
}

void TestHttpWritePool::refusedConnection()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", QUrl(QStringLiteral("http://127.0.0.1:%1/metrics/job/a").arg(port)),
              answers.collect());
    QTRY_COMPARE(answers.results.size(), 1);
    QCOMPARE(answers.results.first().error,
             QStringLiteral("Connection refused by 127.0.0.1:%1: is the server running on that "
                            "port?")
                 .arg(port));
}

void TestHttpWritePool::abortAllCallsNoCallback()
{
    KeepAliveDouble server([](const auto &) { return QByteArray(); });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    for (int i = 0; i < 10; ++i)
        pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(server.requests.size(), 6);
    pool.abortAll();
    QCOMPARE(pool.pendingCount(), 0);
    QCOMPARE(pool.connectionCount(), 0);
    QTest::qWait(100);
    QVERIFY(answers.results.isEmpty());
    QCOMPARE(server.requests.size(), 6);
}

// No file descriptor left: every connection fails while it is being opened. Each request gets
// one answer, from the event loop and never inside send(), and the pool does not spin.
void TestHttpWritePool::connectionFailingAtOnceFailsEachRequestOnce()
{
    KeepAliveDouble server([](const auto &) { return kAccepted; });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect()); // loads what sockets need first
    QTRY_COMPARE(answers.results.size(), 1);
    pool.abortAll();
    answers.results.clear();

    rlimit before{};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &before) == 0);
    const int lowestFree = ::dup(0); // every descriptor below it is in use
    QVERIFY(lowestFree > 0);
    ::close(lowestFree);
    rlimit none = before;
    none.rlim_cur = rlim_t(lowestFree);
    QVERIFY(setrlimit(RLIMIT_NOFILE, &none) == 0);
    for (int i = 0; i < 3; ++i)
        pool.send("DELETE", server.url(), answers.collect());
    const bool calledInsideSend = !answers.results.isEmpty();
    const bool answered = waitUntil([&] { return answers.results.size() >= 3; });
    QTest::qWait(50);
    QVERIFY(setrlimit(RLIMIT_NOFILE, &before) == 0);
    QVERIFY(!calledInsideSend);
    QVERIFY(answered);
    QCOMPARE(answers.results.size(), 3);
    for (const HttpResult &result : answers.results) {
        QVERIFY(!result.ok);
        QVERIFY2(result.error.startsWith(u"The request to 127.0.0.1:"), qPrintable(result.error));
    }
    QCOMPARE(pool.pendingCount(), 0);
}

// A reused connection that closes on a request unanswered (a server's idle timeout racing the
// request) gets that request once more, on a new connection: a resend on the other idle
// connection here would meet the same end.
void TestHttpWritePool::reusedConnectionClosedSilentlyIsTriedOnceMore()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        return request.onConnection == 0 ? kAccepted : kClose;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect());
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 2);
    QCOMPARE(server.connections, 2);
    pool.send("DELETE", server.url(QStringLiteral("/metrics/job/third")), answers.collect());
    QTRY_COMPARE(answers.results.size(), 3);
    QVERIFY2(answers.results.last().ok, qPrintable(answers.results.last().error));
    QCOMPARE(server.requests.size(), 4); // the third, unanswered, then once more
    QCOMPARE(server.requests.at(2).line(), server.requests.at(3).line());
    QCOMPARE(server.connections, 3);
    QCOMPARE(server.requests.last().connection, 2);
}

void TestHttpWritePool::newSettingsRetireConnections()
{
    KeepAliveDouble server([](const auto &) { return kAccepted; });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 1);
    QCOMPARE(pool.connectionCount(), 1);
    HttpConfig config;
    config.bearerToken = QStringLiteral("t0ken");
    pool.setHttpConfig(config);
    QCOMPARE(pool.connectionCount(), 0);
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 2);
    QCOMPARE(server.connections, 2);
    QCOMPARE(server.requests.last().header("Authorization"), QByteArray("Bearer t0ken"));
    // Settings that cannot be used fail what is queued, and send nothing.
    config.headers = {{"Content-Length", "5"}};
    pool.setHttpConfig(config);
    pool.send("DELETE", server.url(), answers.collect());
    QTRY_COMPARE(answers.results.size(), 3);
    QVERIFY2(answers.results.last().error.contains(u"Content-Length is not an extra header"),
             qPrintable(answers.results.last().error));
    QCOMPARE(server.requests.size(), 2);
}

void TestHttpWritePool::destroyedInItsCallback()
{
    for (const QByteArray &answer : {kAccepted, QByteArray("garbage\r\n\r\n"), kClose}) {
        KeepAliveDouble server([answer](const auto &) { return answer; });
        QVERIFY(server.listen());
        auto *pool = new HttpWritePool;
        int calls = 0;
        pool->send("DELETE", server.url(), [&](const HttpResult &) {
            ++calls;
            delete pool;
        });
        pool->send("DELETE", server.url(), [&](const HttpResult &) { ++calls; });
        QTRY_COMPARE(calls, 1);
        QTest::qWait(50); // the second request's callback went with the pool
        QCOMPARE(calls, 1);
    }
}

// With a proxy set, Qt sends a DELETE to it in absolute form; the pool would open a
// connection to the gateway itself, so GatewayClient leaves such a gateway to Qt. (Qt never
// proxies a loopback address: the gateway here has a name only the proxy would look up.)
void TestHttpWritePool::proxiedGatewayIsLeftToQtNetwork()
{
    KeepAliveDouble proxy([](const auto &) { return kAccepted; });
    QVERIFY(proxy.listen());
    QVERIFY(HttpWritePool::reachesDirectly(QUrl(QStringLiteral("http://127.0.0.1:9091/"))));
    QNetworkProxy::setApplicationProxy(
        QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.url().port()));
    const QUrl gatewayUrl(QStringLiteral("http://gateway.invalid:9091/"));
    const bool direct = HttpWritePool::reachesDirectly(gatewayUrl);
    GatewayEndpoint endpoint;
    GatewayEndpoint::parse(gatewayUrl.toString(), &endpoint, nullptr);
    GatewayClient client(endpoint);
    client.setNameEscaping(NameEscaping::Legacy);
    const WriteResult result =
        writeAndWait(client, GroupingKey(Labels{{QStringLiteral("job"), QStringLiteral("a")}}));
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
    QVERIFY(!direct);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(proxy.requests.size(), 1);
    QCOMPARE(proxy.requests.first().line(),
             QByteArray("DELETE http://gateway.invalid:9091/metrics/job/a HTTP/1.1"));
}

namespace {

QList<QByteArray> linesOf(const QList<KeepAliveDouble::Request> &requests)
{
    QList<QByteArray> lines;
    for (const KeepAliveDouble::Request &request : requests)
        lines.append(request.line());
    return lines;
}

// How many different request lines the server received.
qsizetype distinctLines(const QList<KeepAliveDouble::Request> &requests)
{
    QList<QByteArray> lines = linesOf(requests);
    std::sort(lines.begin(), lines.end());
    return std::unique(lines.begin(), lines.end()) - lines.begin();
}

void sendNumbered(HttpWritePool &pool, const KeepAliveDouble &server, int count, Answers &answers)
{
    for (int i = 0; i < count; ++i)
        pool.send("DELETE", server.url(QStringLiteral("/metrics/job/j%1").arg(i)),
                  answers.collect());
}

// Sends `count` numbered DELETEs over one connection up to `depth` deep; waits for every answer.
bool sendPipelined(HttpWritePool &pool, const KeepAliveDouble &server, int depth, int count,
                   Answers &answers)
{
    pool.setMaxConnections(1);
    pool.setPipelineDepth(depth);
    sendNumbered(pool, server, count, answers);
    return waitUntil([&] { return answers.results.size() == count; });
}

} // namespace

// One connection carries several requests ahead of their answers once it has answered one,
// never more than the depth; every answer goes to its own request, in order.
void TestHttpWritePool::pipelinesOnceAConnectionStaysOpen()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        const QByteArray line = request.line(); // DELETE /metrics/job/<name> HTTP/1.1
        const QByteArray name = line.mid(20, line.indexOf(" HTTP") - 20);
        return "HTTP/1.1 202 Accepted\r\nContent-Length: " + QByteArray::number(name.size()) +
               "\r\n\r\n" + name;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    QVERIFY(sendPipelined(pool, server, 4, 40, answers));
    for (int i = 0; i < 40; ++i) {
        QVERIFY2(answers.results.at(i).ok, qPrintable(answers.results.at(i).error));
        QCOMPARE(answers.results.at(i).payload, QStringLiteral("j%1").arg(i).toLatin1());
    }
    QCOMPARE(server.connections, 1);
    QCOMPARE(pool.deepestPipeline(), 4);
    QVERIFY(pool.pipelinesTo(server.url()));
    QCOMPARE(server.requests.size(), 40);

    HttpWritePool single; // depth 1: one request at a time, as before pipelining
    single.setMaxConnections(1);
    Answers more;
    sendNumbered(single, server, 10, more);
    QVERIFY(waitUntil([&] { return more.results.size() == 10; }));
    QCOMPARE(single.deepestPipeline(), 1);
}

// "Connection: close" on an answer: the server read nothing after it, so the requests
// written behind it are sent again on a new connection, each reaching the server once.
void TestHttpWritePool::requestsBehindAClosingAnswerAreSentAgain()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        if (request.onConnection == 2)
            return "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n" +
                   kClose;
        return kAccepted;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    QVERIFY(sendPipelined(pool, server, 6, 20, answers));
    for (const HttpResult &result : std::as_const(answers.results))
        QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(server.connections > 1);
    QCOMPARE(server.requests.size(), 20);
    QCOMPARE(distinctLines(server.requests), 20); // each reached the server once
    // It said it would close: pipelining stays.
    QVERIFY(pool.pipelinesTo(server.url()));
}

// A connection that ends between answers without saying so while requests are written ahead:
// those are sent once more (no byte of their answers came), and that server gets one request
// at a time from then on, since it (or a proxy) may not take pipelining.
void TestHttpWritePool::silentCloseInAPipelineEndsPipelining()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        return request.connection == 0 && request.onConnection == 2 ? kClose : kAccepted;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    QVERIFY(sendPipelined(pool, server, 6, 20, answers));
    for (const HttpResult &result : std::as_const(answers.results))
        QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(!pool.pipelinesTo(server.url()));
    QCOMPARE(distinctLines(server.requests), 20);
    // Only the request the server took and dropped reached it twice.
    QCOMPARE(server.requests.size(), 21);
}

// A server that goes on after an answer that closes the connection: the bytes after it may be
// answers to the requests behind it, so those fail rather than go out again.
void TestHttpWritePool::bytesAfterAClosingAnswerFailTheRequestsBehindIt()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        if (request.connection == 0 && request.onConnection == 1)
            return "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n" +
                   kAccepted;
        return kAccepted;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    QVERIFY(sendPipelined(pool, server, 4, 4, answers));
    QVERIFY(answers.results.at(0).ok);
    QVERIFY(answers.results.at(1).ok);
    for (int i = 2; i < 4; ++i)
        QVERIFY2(answers.results.at(i).error.contains(QStringLiteral("sent more after an answer "
                                                                     "that closed")),
                 qPrintable(answers.results.at(i).error));
    QCOMPARE(server.requests.size(), 4); // none sent twice
    QVERIFY(!pool.pipelinesTo(server.url()));
}

// Bytes that are not HTTP leave no way to tell which requests behind them the server carried
// out: they fail with the reason, and none is sent again (the caller reads the gateway).
void TestHttpWritePool::requestsBehindGarbageFailAndAreNotSentAgain()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        return request.connection == 0 && request.onConnection == 1
                   ? QByteArray("<html>502 from a proxy</html>\r\n\r\n")
                   : kAccepted;
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    Answers answers;
    QVERIFY(sendPipelined(pool, server, 4, 5, answers));
    QVERIFY(answers.results.at(0).ok);
    int failed = 0;
    for (const HttpResult &result : std::as_const(answers.results)) {
        if (result.ok)
            continue;
        ++failed;
        QVERIFY2(result.error.startsWith(QStringLiteral("The answer from 127.0.0.1:%1 is not "
                                                        "valid HTTP")
                                             .arg(server.url().port())),
                 qPrintable(result.error));
    }
    QVERIFY2(failed >= 2, qPrintable(QString::number(failed)));       // the second and behind it
    QCOMPARE(distinctLines(server.requests), server.requests.size()); // none sent twice
}

// A late answer: that request fails with the deadline's sentence, those behind it say that
// whether they were carried out is not known; none is sent again.
void TestHttpWritePool::requestsBehindALateAnswerFailAndAreNotSentAgain()
{
    KeepAliveDouble server([](const KeepAliveDouble::Request &request) {
        return request.onConnection == 0 ? kAccepted : QByteArray();
    });
    QVERIFY(server.listen());
    HttpWritePool pool;
    pool.setTimeout(std::chrono::milliseconds(300));
    Answers answers;
    QVERIFY(sendPipelined(pool, server, 4, 4, answers));
    QVERIFY(answers.results.at(0).ok);
    QCOMPARE(answers.results.at(1).error,
             QStringLiteral("No answer from %1 within 0.3 s.")
                 .arg(server.url(QStringLiteral("/metrics/job/j1")).toDisplayString()));
    for (int i = 2; i < 4; ++i)
        QCOMPARE(answers.results.at(i).error,
                 QStringLiteral("No answer from 127.0.0.1:%1: the request before it on the same "
                                "connection got none in time, so whether this one was carried "
                                "out is not known.")
                     .arg(server.url().port()));
    QCOMPARE(server.requests.size(), 4);
    QCOMPARE(pool.connectionCount(), 0);
}

QTEST_GUILESS_MAIN(TestHttpWritePool)
#include "tst_httpwritepool.moc"
