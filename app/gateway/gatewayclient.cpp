#include "gatewayclient.h"

#include "expositionwriter.h"
#include "gaugehistograms.h"
#include "protobufwriter.h"
#include "snapshotparser.h"

#include "net/offthread.h"
#include "net/servertext.h"
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QVersionNumber>
#include <utility>

namespace pushscope {

namespace {

constexpr qint64 kMaxBuildInfoReplyBytes = 16LL * 1024 * 1024;
// Versions are short ("1.11.0"); a longer one is shown clipped.
constexpr qsizetype kMaxVersionChars = 40;

MetricsResult fromHttp(const HttpResult &http)
{
    MetricsResult result;
    result.ok = http.ok;
    result.error = http.error;
    result.httpStatus = http.httpStatus;
    result.serverDate = http.serverDate;
    result.sentAtMs = http.sentAtMs;
    result.receivedAtMs = http.receivedAtMs;
    result.replyBytes = http.payload.size() + http.payloadParts.size();
    return result;
}

struct TimedParse {
    SnapshotParseResult parsed;
    qint64 elapsedMs = 0;
    bool unreadGaugeHistograms = false; // worked out here, not on the client's thread
};

} // namespace

GatewayClient::GatewayClient(GatewayEndpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
{
    m_deletes.setMaxConnections(kDeleteConnections);
}

void GatewayClient::fetchMetrics(std::function<void(const MetricsResult &)> done)
{
    const auto received = [this, done = std::move(done)](const HttpResult &http) {
        MetricsResult result = fromHttp(http);
        if (!http.ok) {
            if (http.httpStatus == 404)
                explainMissingApi(result, done);
            else
                done(result);
            return;
        }
        auto parse = [parts = http.payloadParts, previous = m_lastSnapshot]() mutable {
            QElapsedTimer timer;
            timer.start();
            const QByteArray payload = std::exchange(parts, {}).joined(); // the parts go now
            TimedParse timed{parseSnapshot(payload, previous.get()), 0, false};
            timed.unreadGaugeHistograms = hasUnreadGaugeHistograms(timed.parsed.snapshot);
            timed.elapsedMs = timer.elapsed();
            return timed;
        };
        runOffThread(this, std::move(parse), [this, result, done](const TimedParse &timed) mutable {
            result.parseMs = timed.elapsedMs;
            result.ok = timed.parsed.ok;
            result.error = clipMessage(timed.parsed.error); // may quote the API's "error"
            if (!timed.parsed.ok) {
                done(result);
            } else if (m_readsGaugeHistograms && timed.unreadGaugeHistograms) {
                readGaugeHistogramsFor(result, timed.parsed.snapshot, std::move(done));
            } else {
                finishMetrics(result, std::make_shared<const Snapshot>(timed.parsed.snapshot),
                              done);
            }
        });
    };
    m_http.get(m_endpoint.url(QStringLiteral("/api/v1/metrics")), received, 0, {},
               HttpClient::BodyDelivery::InParts);
}

void GatewayClient::finishMetrics(MetricsResult result, std::shared_ptr<const Snapshot> snapshot,
                                  const std::function<void(const MetricsResult &)> &done)
{
    result.snapshot = std::move(snapshot);
    m_lastSnapshot = result.snapshot;
    done(result);
}

// One more request, for the gauge histograms of the groups pushed since the last poll (a
// group reused from the last snapshot keeps what was read then).
void GatewayClient::readGaugeHistogramsFor(MetricsResult result, Snapshot snapshot,
                                           std::function<void(const MetricsResult &)> done)
{
    fetchExposition([this, result, snapshot = std::move(snapshot),
                     done = std::move(done)](const ExpositionResult &fetched) mutable {
        auto read = [fetched, snapshot = std::move(snapshot)]() mutable {
            QElapsedTimer timer;
            timer.start();
            readGaugeHistograms(&snapshot, fetched.ok
                                               ? GatewayExposition::fromBody(fetched.body.joined())
                                               : GatewayExposition::failed(fetched.error));
            return std::make_pair(std::make_shared<const Snapshot>(std::move(snapshot)),
                                  timer.elapsed());
        };
        result.replyBytes += fetched.body.size();
        runOffThread(this, std::move(read), [this, result, done](const auto &shown) mutable {
            result.parseMs += shown.second;
            finishMetrics(result, shown.first, done);
        });
    });
}

void GatewayClient::fetchExposition(std::function<void(const ExpositionResult &)> done)
{
    // escaping=allow-utf-8: a gateway with UTF-8 names would otherwise rewrite them.
    static const QByteArray accept = QByteArray(kDelimitedProtobufContentType).replace(' ', "") +
                                     QByteArrayLiteral(";escaping=allow-utf-8");
    m_http.get(
        m_endpoint.url(QStringLiteral("/metrics")),
        [this, done = std::move(done)](const HttpResult &http) {
            ExpositionResult result;
            result.httpStatus = http.httpStatus;
            if (!http.ok) {
                result.error = http.error;
            } else if (!http.contentType.startsWith("application/vnd.google.protobuf")) {
                result.error = QStringLiteral("%1 answered /metrics as \"%2\", not in the "
                                              "protobuf format that was asked for.")
                                   .arg(m_endpoint.text(),
                                        clipServerText(QString::fromUtf8(http.contentType)));
            } else {
                result.ok = true;
                result.body = http.payloadParts;
            }
            done(result);
        },
        0, accept, HttpClient::BodyDelivery::InParts);
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
    auto learn = [this, done = std::move(done)](const GatewayStatus &status) {
        if (status.ok)
            m_nameEscaping = status.utf8NamesEnabled ? NameEscaping::Utf8 : NameEscaping::Legacy;
        done(status);
    };
    m_http.get(m_endpoint.url(QStringLiteral("/api/v1/status")), [done = std::move(learn)](
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
        status.version =
            clipServerText(build.value(QStringLiteral("version")).toString(), kMaxVersionChars);
        status.startTime = QDateTime::fromString(
            data.value(QStringLiteral("start_time")).toString(), Qt::ISODateWithMs);
        status.adminApiEnabled =
            flags.value(QStringLiteral("web.enable-admin-api")).toString() == u"true";
        status.consistencyCheckDisabled =
            flags.value(QStringLiteral("push.disable-consistency-check")).toString() == u"true";
        status.routePrefix = flags.value(QStringLiteral("web.route-prefix")).toString();
        status.utf8NamesEnabled =
            flags.value(QStringLiteral("push.enable-utf8-names")).toString() == u"true";
        done(status);
    });
}

void GatewayClient::push(const GroupingKey &key, const QByteArray &text, PushMethod method,
                         std::function<void(const PushResult &)> done,
                         const QByteArray &contentType)
{
    const QByteArray verb =
        method == PushMethod::Put ? QByteArrayLiteral("PUT") : QByteArrayLiteral("POST");
    sendToKey(verb, key, text, contentType.isEmpty() ? textFormatContentType() : contentType,
              std::move(done));
}

void GatewayClient::deleteGroup(const GroupingKey &key,
                                std::function<void(const WriteResult &)> done)
{
    sendToKey(QByteArrayLiteral("DELETE"), key, {}, {}, std::move(done));
}

// How a gateway reads names in paths is learnt from its status once, before the first write.
void GatewayClient::sendToKey(const QByteArray &verb, const GroupingKey &key,
                              const QByteArray &body, const QByteArray &contentType, WriteDone done)
{
    if (m_nameEscaping) {
        sendToPath(verb, key, body, contentType, {}, std::move(done));
        return;
    }
    m_waitingForStatus.append(
        [this, verb, key, body, contentType, done = std::move(done)](const QString &statusError) {
            sendToPath(verb, key, body, contentType, statusError, done);
        });
    if (m_waitingForStatus.size() > 1)
        return;
    fetchStatus([this](const GatewayStatus &status) {
        const auto waiting = std::exchange(m_waitingForStatus, {});
        for (const auto &write : waiting)
            write(status.ok ? QString() : status.error);
    });
}

QUrl GatewayClient::keyUrl(const GroupingKey &key, QString *error, const QString &statusError) const
{
    QString path;
    if (m_nameEscaping) {
        path = key.pathOn(*m_nameEscaping, error);
    } else {
        // Unknown: only a key whose path reads the same with and without UTF-8 names is safe.
        const QString legacy = key.pathOn(NameEscaping::Legacy, error);
        if (!legacy.isEmpty() && legacy == key.pathOn(NameEscaping::Utf8))
            path = legacy;
        else if (!legacy.isEmpty() && error)
            *error = QStringLiteral("Could not learn from %1 whether it reads label names with "
                                    "the U__ escaping (%2), which the key %3 depends on; nothing "
                                    "was sent.")
                         .arg(m_endpoint.text(), statusError, key.toString());
    }
    return path.isEmpty() ? QUrl() : m_endpoint.url(path);
}

void GatewayClient::sendToPath(const QByteArray &verb, const GroupingKey &key,
                               const QByteArray &body, const QByteArray &contentType,
                               const QString &statusError, WriteDone done)
{
    QString error;
    const QUrl url = keyUrl(key, &error, statusError);
    if (url.isEmpty()) {
        WriteResult refused;
        refused.error = error;
        refused.notSent = true;
        done(refused);
        return;
    }
    auto answered = [done = std::move(done)](const HttpResult &http) {
        done(WriteResult{http.ok, http.httpStatus, http.error});
    };
    if (verb == "DELETE") {
        if (!m_deletesDirect)
            m_deletesDirect = HttpWritePool::reachesDirectly(url);
        if (*m_deletesDirect)
            return m_deletes.send(verb, url, std::move(answered));
    }
    m_http.sendCustom(verb, url, body, contentType, std::move(answered));
}

QString buildVersionFromMetricsText(const QByteArray &text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"re(^pushgateway_build_info\{[^}]*\bversion="([^"]*)")re"),
        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(text));
    return match.hasMatch() ? clipServerText(match.captured(1), kMaxVersionChars) : QString();
}

bool versionOlderThan(const QString &version, const QString &minimum)
{
    const QVersionNumber have = QVersionNumber::fromString(version);
    return !have.isNull() && have < QVersionNumber::fromString(minimum);
}

} // namespace pushscope
