// FaultProxy against a real prometheus-pushgateway: plain forwarding over keep-alive, each
// fault on cue, and what it counts.
#include "faultproxy.h"
#include "serverprocess.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

using namespace pushscope::testing;

namespace {

struct Answer {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray date;
};

// One request on a shared manager (keep-alive), bounded by `timeoutMs`.
Answer ask(QNetworkAccessManager &manager, const QByteArray &verb, const QString &url,
           const QByteArray &body = {}, int timeoutMs = 10000)
{
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = manager.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.error = reply->error();
    if (reply->isOpen())
        answer.body = reply->readAll();
    answer.date = reply->rawHeader("Date");
    reply->deleteLater();
    return answer;
}

bool present(QNetworkAccessManager &manager, const QString &gatewayUrl, const QByteArray &job)
{
    return ask(manager, "GET", gatewayUrl + QStringLiteral("/api/v1/metrics"))
        .body.contains("\"job\":\"" + job + '"');
}

} // namespace

class TestFaultProxy : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void forwardsKeepAlive();
    void dropsDeleteReplies();
    void badGatewayWithAndWithoutForwarding();
    void delaysReplies();
    void mergesSlashes();
    void shiftsDate();

private:
    QString path(const QByteArray &job) const
    {
        return m_proxy->url() + QStringLiteral("/metrics/job/") + QString::fromLatin1(job);
    }

    std::unique_ptr<PushgatewayProcess> m_gateway;
    std::unique_ptr<FaultProxy> m_proxy;
    QNetworkAccessManager m_manager;
};

void TestFaultProxy::init()
{
    m_gateway = std::make_unique<PushgatewayProcess>();
    PUSHSCOPE_START_SERVER(*m_gateway);
    m_proxy = std::make_unique<FaultProxy>(m_gateway->port());
    QString error;
    QVERIFY2(m_proxy->listen(&error), qPrintable(error));
}

void TestFaultProxy::cleanup()
{
    m_manager.clearConnectionCache();
    m_proxy.reset();
    m_gateway.reset();
}

void TestFaultProxy::forwardsKeepAlive()
{
    for (int i = 0; i < 20; ++i)
        QCOMPARE(ask(m_manager, "PUT", path("j" + QByteArray::number(i)), "x 1\n").status, 200);
    const Answer metrics = ask(m_manager, "GET", m_proxy->url() + QStringLiteral("/metrics"));
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains("pushgateway_build_info"));
    QCOMPARE(m_proxy->counts().forwarded, 21);
    QCOMPARE(m_proxy->counts().requests, 21);
}

void TestFaultProxy::dropsDeleteReplies()
{
    QCOMPARE(ask(m_manager, "PUT", path("gone"), "x 1\n").status, 200);
    FaultProxy::Faults faults;
    faults.dropDeleteReplies = true;
    m_proxy->setFaults(faults);
    const Answer answer = ask(m_manager, "DELETE", path("gone"));
    QCOMPARE(answer.status, 0);
    QVERIFY(answer.error != QNetworkReply::NoError);
    // Qt sends an idempotent request once more when a reused connection closes unanswered.
    QVERIFY(m_proxy->counts().forwardedDeletes >= 1);
    QCOMPARE(m_proxy->counts().dropped, m_proxy->counts().forwardedDeletes);
    QTRY_VERIFY_WITH_TIMEOUT(!present(m_manager, m_gateway->url(), "gone"), 5000);
}

void TestFaultProxy::badGatewayWithAndWithoutForwarding()
{
    QCOMPARE(ask(m_manager, "PUT", path("a"), "x 1\n").status, 200);
    QCOMPARE(ask(m_manager, "PUT", path("b"), "x 1\n").status, 200);
    FaultProxy::Faults faults;
    faults.badGatewayAfterDelete = true;
    m_proxy->setFaults(faults);
    QCOMPARE(ask(m_manager, "DELETE", path("a")).status, 502);
    faults = {};
    faults.badGatewayWithoutForwarding = true;
    m_proxy->setFaults(faults);
    QCOMPARE(ask(m_manager, "DELETE", path("b")).status, 502);
    QCOMPARE(m_proxy->counts().forwardedDeletes, 1);
    QCOMPARE(m_proxy->counts().badGateway, 2);
    QTRY_VERIFY_WITH_TIMEOUT(!present(m_manager, m_gateway->url(), "a"), 5000);
    QVERIFY(present(m_manager, m_gateway->url(), "b"));
}

void TestFaultProxy::delaysReplies()
{
    FaultProxy::Faults faults;
    faults.replyDelayMs = 1500;
    faults.delayMethod = "DELETE";
    m_proxy->setFaults(faults);
    QCOMPARE(ask(m_manager, "PUT", path("slow"), "x 1\n").status, 200); // not delayed
    QElapsedTimer timer;
    timer.start();
    const Answer late = ask(m_manager, "DELETE", path("slow"), {}, 500);
    QCOMPARE(late.error, QNetworkReply::OperationCanceledError); // the transfer timeout
    QVERIFY(timer.elapsed() < 1400);
    QCOMPARE(m_proxy->counts().forwardedDeletes, 1);
    timer.restart();
    QCOMPARE(ask(m_manager, "DELETE", path("slow")).status, 202);
    QVERIFY(timer.elapsed() >= 1400);
}

void TestFaultProxy::mergesSlashes()
{
    FaultProxy::Faults faults;
    faults.mergeSlashes = true;
    m_proxy->setFaults(faults);
    QCOMPARE(
        ask(m_manager, "PUT", m_proxy->url() + QStringLiteral("/metrics//job/m"), "x 1\n").status,
        200);
    QCOMPARE(m_proxy->forwardedPaths().last(), QByteArrayLiteral("/metrics/job/m"));
}

void TestFaultProxy::shiftsDate()
{
    const Answer plain = ask(m_manager, "GET", m_proxy->url() + QStringLiteral("/-/healthy"));
    FaultProxy::Faults faults;
    faults.dateShiftSeconds = 3600;
    m_proxy->setFaults(faults);
    const Answer shifted = ask(m_manager, "GET", m_proxy->url() + QStringLiteral("/-/healthy"));
    const QString format = QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'");
    const QDateTime before = QLocale::c().toDateTime(QString::fromLatin1(plain.date), format);
    const QDateTime after = QLocale::c().toDateTime(QString::fromLatin1(shifted.date), format);
    QVERIFY2(before.isValid() && after.isValid(), plain.date + " / " + shifted.date);
    QVERIFY(std::abs(before.secsTo(after) - 3600) <= 2);
}

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
