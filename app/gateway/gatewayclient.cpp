#include "gatewayclient.h"

#include "snapshotparser.h"

#include "net/offthread.h"
#include "net/servertext.h"
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QVersionNumber>

namespace pushscope {

namespace {

constexpr qint64 kMaxBuildInfoReplyBytes = 16LL * 1024 * 1024;

MetricsResult fromHttp(const HttpResult &http)
{
    MetricsResult result;
    result.ok = http.ok;
    result.error = http.error;
    result.httpStatus = http.httpStatus;
    result.serverDate = http.serverDate;
    result.sentAtMs = http.sentAtMs;
    result.receivedAtMs = http.receivedAtMs;
    result.replyBytes = http.payload.size();
    return result;
}

struct TimedParse {
    SnapshotParseResult parsed;
    qint64 elapsedMs = 0;
};

} // namespace

GatewayClient::GatewayClient(GatewayEndpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
{}

void GatewayClient::fetchMetrics(std::function<void(const MetricsResult &)> done)
{
    m_http.get(m_endpoint.url(QStringLiteral("/api/v1/metrics")), [this, done = std::move(done)](
                                                                      const HttpResult &http) {
        MetricsResult result = fromHttp(http);
        if (!http.ok) {
            if (http.httpStatus == 404)
                explainMissingApi(result, done);
            else
                done(result);
            return;
        }
        auto parse = [payload = http.payload, previous = m_lastSnapshot] {
            QElapsedTimer timer;
            timer.start();
            TimedParse timed{parseSnapshot(payload, previous.get()), 0};
            timed.elapsedMs = timer.elapsed();
            return timed;
        };
        runOffThread(this, std::move(parse), [this, result, done](const TimedParse &timed) mutable {
            result.parseMs = timed.elapsedMs;
            result.ok = timed.parsed.ok;
            result.error = clipMessage(timed.parsed.error); // may quote the API's "error"
            if (timed.parsed.ok) {
                result.snapshot = std::make_shared<const Snapshot>(timed.parsed.snapshot);
                m_lastSnapshot = result.snapshot;
            }
            done(result);
        });
    });
}

// A 404 for /api/v1/metrics means either a gateway older than 1.2.0 (no JSON API) or a
// wrong route prefix. The gateway's own metrics tell which.
void GatewayClient::explainMissingApi(const MetricsResult &failed,
                                      std::function<void(const MetricsResult &)> done)
{
    m_http.get(
        m_endpoint.url(QStringLiteral("/metrics")),
        [this, failed, done = std::move(done)](const HttpResult &http) {
            MetricsResult result = failed;
            const QString version = http.ok ? buildVersionFromMetricsText(http.payload) : QString();
            if (!version.isEmpty() && versionOlderThan(version, QStringLiteral("1.2.0"))) {
                result.error = QStringLiteral("The Pushgateway at %1 is version %2, older than "
                                              "1.2.0, and has no JSON API; please upgrade it.")
                                   .arg(m_endpoint.text(), version);
            } else {
                result.error = QStringLiteral("%1 has no Pushgateway API at /api/v1/metrics (HTTP "
                                              "404): is the route prefix in the URL right?")
                                   .arg(m_endpoint.text());
            }
            done(result);
        },
        kMaxBuildInfoReplyBytes);
}

void GatewayClient::fetchStatus(std::function<void(const GatewayStatus &)> done)
{
    m_http.get(m_endpoint.url(QStringLiteral("/api/v1/status")), [done = std::move(done)](
                                                                     const HttpResult &http) {
        GatewayStatus status;
        if (!http.ok) {
            status.error = http.error;
            done(status);
            return;
        }
        const QJsonObject data =
            QJsonDocument::fromJson(http.payload).object().value(QStringLiteral("data")).toObject();
        if (data.isEmpty()) {
            status.error = QStringLiteral("The gateway's status reply is not the "
                                          "expected JSON.");
            done(status);
            return;
        }
        const QJsonObject build = data.value(QStringLiteral("build_information")).toObject();
        const QJsonObject flags = data.value(QStringLiteral("flags")).toObject();
        status.ok = true;
        status.version = build.value(QStringLiteral("version")).toString();
        status.startTime = QDateTime::fromString(
            data.value(QStringLiteral("start_time")).toString(), Qt::ISODateWithMs);
        status.adminApiEnabled =
            flags.value(QStringLiteral("web.enable-admin-api")).toString() == u"true";
        status.consistencyCheckDisabled =
            flags.value(QStringLiteral("push.disable-consistency-check")).toString() == u"true";
        status.routePrefix = flags.value(QStringLiteral("web.route-prefix")).toString();
        done(status);
    });
}

void GatewayClient::push(const GroupingKey &key, const QByteArray &text, PushMethod method,
                         std::function<void(const PushResult &)> done)
{
    const QByteArray verb =
        method == PushMethod::Put ? QByteArrayLiteral("PUT") : QByteArrayLiteral("POST");
    m_http.sendCustom(verb, m_endpoint.url(key.urlPath()), text,
                      QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
                      [done = std::move(done)](const HttpResult &http) {
                          done(PushResult{http.ok, http.httpStatus, http.error});
                      });
}

void GatewayClient::deleteGroup(const GroupingKey &key,
                                std::function<void(const WriteResult &)> done)
{
    m_http.sendCustom(QByteArrayLiteral("DELETE"), m_endpoint.url(key.urlPath()), {}, {},
                      [done = std::move(done)](const HttpResult &http) {
                          done(WriteResult{http.ok, http.httpStatus, http.error});
                      });
}

QString buildVersionFromMetricsText(const QByteArray &text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"re(^pushgateway_build_info\{[^}]*\bversion="([^"]*)")re"),
        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(text));
    return match.hasMatch() ? match.captured(1) : QString();
}

bool versionOlderThan(const QString &version, const QString &minimum)
{
    const QVersionNumber have = QVersionNumber::fromString(version);
    return !have.isNull() && have < QVersionNumber::fromString(minimum);
}

} // namespace pushscope
