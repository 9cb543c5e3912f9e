#include "net/httpresponsereader.h"

#include <QTest>

using namespace pushscope;
using State = HttpResponseReader::State;

namespace {

// Feeds `bytes` in pieces of `piece` bytes, as a connection may deliver them.
State feedInPieces(HttpResponseReader &reader, const QByteArray &bytes, int piece,
                   QByteArray *rest = nullptr)
{
    QByteArray in;
    State state = State::Reading;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        in += bytes.mid(at, piece);
        if (state == State::Reading)
            state = reader.feed(in);
    }
    if (rest)
        *rest = in;
    return state;
}

} // namespace

class TestHttpResponseReader : public QObject
{
    Q_OBJECT

private slots:
    void readsAnswersInAnyPieces_data();
    void readsAnswersInAnyPieces();
    void leavesTheNextAnswersBytes();
    void bodyToTheEndOfTheConnection();
    void connectionCloseIsHonoured();
    void refusesWhatIsNotAnAnswer_data();
    void refusesWhatIsNotAnAnswer();
    void headAndBodyAreBounded();
    void manySmallChunks();
    void closedEarlyFails();
};

void TestHttpResponseReader::readsAnswersInAnyPieces_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("202 of a gateway")
        << QByteArray("HTTP/1.1 202 Accepted\r\nDate: Thu, 03 Dec "
                      "2026 14:00:00 GMT\r\nContent-Length: 0\r\n\r\n")
        << 202 << QByteArray();
    QTest::newRow("400 with a body")
        << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: "
                      "24\r\n\r\ninvalid label name \"a-b\"")
        << 400 << QByteArray("invalid label name \"a-b\"");
    QTest::newRow("chunked with an extension and a trailer")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n"
                      "6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
        << 200 << QByteArray("hello world");
    QTest::newRow("an interim 100 first")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 "
                      "202 Accepted\r\nContent-Length: 2\r\n\r\nok")
        << 202 << QByteArray("ok");
    QTest::newRow("bare line feeds")
        << QByteArray("HTTP/1.1 204 No Content\nServer: x\n\n") << 204 << QByteArray();
}

void TestHttpResponseReader::readsAnswersInAnyPieces()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    for (int piece : {1, 2, 7, 4096}) {
        HttpResponseReader reader;
        QByteArray rest;
        QCOMPARE(feedInPieces(reader, bytes, piece, &rest), State::Complete);
        QCOMPARE(reader.status(), status);
        QCOMPARE(reader.body(), body);
        QVERIFY(rest.isEmpty());
        QVERIFY(reader.keepAlive());
        QCOMPARE(reader.bytesReceived(), bytes.size());
    }
}

void TestHttpResponseReader::leavesTheNextAnswersBytes()
{
    HttpResponseReader reader;
    QByteArray in("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\nHTTP/1.1 5");
    QCOMPARE(reader.feed(in), State::Complete);
    QCOMPARE(in, QByteArray("HTTP/1.1 5"));
    reader.reset();
    in += "00 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom";
    QCOMPARE(reader.feed(in), State::Complete);
    QCOMPARE(reader.status(), 500);
    QCOMPARE(reader.reason(), QByteArray("Internal Server Error"));
    QCOMPARE(reader.body(), QByteArray("boom"));
}

void TestHttpResponseReader::bodyToTheEndOfTheConnection()
{
    HttpResponseReader reader;
    QByteArray in("HTTP/1.0 200 OK\r\n\r\nall of it");
    QCOMPARE(reader.feed(in), State::Reading);
    QCOMPARE(reader.finishAtClose(), State::Complete);
    QCOMPARE(reader.body(), QByteArray("all of it"));
    QVERIFY(!reader.keepAlive());
}

void TestHttpResponseReader::connectionCloseIsHonoured()
{
    HttpResponseReader reader;
    QByteArray in("HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    QCOMPARE(reader.feed(in), State::Complete);
    QVERIFY(!reader.keepAlive());
    reader.reset();
    in = "HTTP/1.0 202 Accepted\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n";
    QCOMPARE(reader.feed(in), State::Complete);
    QVERIFY(reader.keepAlive());
}

void TestHttpResponseReader::refusesWhatIsNotAnAnswer_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("why");
    QTest::newRow("html") << QByteArray("<html><body>proxy error</body></html>\n")
                          << "HTTP/1.x status line";
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\n") << "status line";
    QTest::newRow("status not digits")
        << QByteArray("HTTP/1.1 2x2 Accepted\r\n\r\n") << "three digits";
    QTest::newRow("length not a number")
        << QByteArray("HTTP/1.1 202 Accepted\r\nContent-Length: -1\r\n\r\n") << "Content-Length";
    QTest::newRow("gzip transfer")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") << "not chunked";
    QTest::newRow("bad chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        << "hexadecimal";
    QTest::newRow("chunk longer than said")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n")
        << "longer than its size";
    QTest::newRow("header without a colon")
        << QByteArray("HTTP/1.1 202 Accepted\r\nno colon here\r\n\r\n") << "malformed";
    QTest::newRow("HTTP/1.9") << QByteArray("HTTP/1.9 202 Accepted\r\n\r\n") << "status line";
    QTest::newRow("not quite chunked")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\n\r\n") << "not chunked";
    QTest::newRow("chunk size with a prefix")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nab\r\n")
        << "hexadecimal";
    QTest::newRow("switching protocols")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\n\r\n") << "101";
}

void TestHttpResponseReader::refusesWhatIsNotAnAnswer()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, why);
    HttpResponseReader reader;
    QCOMPARE(feedInPieces(reader, bytes, 3), State::Failed);
    QVERIFY2(reader.error().contains(why), qPrintable(reader.error()));
}

void TestHttpResponseReader::headAndBodyAreBounded()
{
    HttpResponseReader endlessHead;
    QByteArray in = "HTTP/1.1 200 OK\r\nX: " + QByteArray(70 * 1024, 'a');
    QCOMPARE(endlessHead.feed(in), State::Failed); // no line end in sight, and over 64 KB
    QVERIFY(endlessHead.error().contains(u"64 KB"));

    HttpResponseReader declaredTooLarge(1000);
    in = "HTTP/1.1 500 Oops\r\nContent-Length: 1001\r\n\r\n";
    QCOMPARE(declaredTooLarge.feed(in), State::Failed);

    HttpResponseReader chunksTooLarge(1000);
    in = "HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i)
        in += "1f4\r\n" + QByteArray(500, 'x') + "\r\n";
    QCOMPARE(chunksTooLarge.feed(in), State::Failed);
    QVERIFY(chunksTooLarge.body().size() <= 1000);
}

void TestHttpResponseReader::manySmallChunks()
{
    // Size lines count against no head limit: 30,000 one-byte chunks are 30,000 bytes of body.
    QByteArray bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n";
    for (int i = 0; i < 30000; ++i)
        bytes += "1\r\nx\r\n";
    bytes += "0\r\n\r\n";
    HttpResponseReader reader;
    QCOMPARE(feedInPieces(reader, bytes, 4096), State::Complete);
    QCOMPARE(reader.body(), QByteArray(30000, 'x'));
}

void TestHttpResponseReader::closedEarlyFails()
{
    HttpResponseReader silent;
    QCOMPARE(silent.finishAtClose(), State::Failed);
    QVERIFY(silent.error().contains(u"before any answer"));

    HttpResponseReader halfway;
    QByteArray in("HTTP/1.1 202 Accepted\r\nContent-Length: 10\r\n\r\nabc");
    QCOMPARE(halfway.feed(in), State::Reading);
    QCOMPARE(halfway.finishAtClose(), State::Failed);
    QVERIFY(halfway.error().contains(u"middle"));
}

QTEST_GUILESS_MAIN(TestHttpResponseReader)
#include "tst_httpresponsereader.moc"
