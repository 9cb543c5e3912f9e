#pragma once

#include "gatewayendpoint.h"
#include "net/httpclient.h"
#include "net/httpwritepool.h"
#include "snapshot.h"

#include <QDateTime>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace pushscope {

struct MetricsResult {
    bool ok = false;
    QString error;
    int httpStatus = 0;
    std::shared_ptr<const Snapshot> snapshot;
    QDateTime serverDate;
    qint64 sentAtMs = 0;
    qint64 receivedAtMs = 0;
    qint64 replyBytes = 0;
    qint64 parseMs = 0;
    qint64 latencyMs() const { return receivedAtMs - sentAtMs; }
};

struct GatewayStatus {
    bool ok = false;
    QString error;
    QString version;
    QDateTime startTime;
    bool adminApiEnabled = false;
    bool consistencyCheckDisabled = false;
    QString routePrefix;
    // --push.enable-utf8-names: label names in paths are read with the U__ escaping.
    bool utf8NamesEnabled = false;
};

// The answer to a PUT, POST or DELETE.
struct WriteResult {
    bool ok = false;
    int httpStatus = 0;
    QString error;
    // Nothing was sent: the key cannot be addressed exactly on this gateway (error says why).
    bool notSent = false;
};
using PushResult = WriteResult;

// The gateway's own /metrics in the delimited protobuf format: every group's families as
// the gateway stores them, including what its JSON API cannot show.
struct ExpositionResult {
    bool ok = false;
    int httpStatus = 0;
    QString error;  // one sentence when !ok
    ReplyBody body; // to be joined off the GUI thread
};

// Talks to one Pushgateway. Every call is asynchronous; callbacks run on this object's
// thread, and a large metrics reply is parsed on the thread pool, not here.
class GatewayClient : public QObject
{
    Q_OBJECT

public:
    explicit GatewayClient(GatewayEndpoint endpoint, QObject *parent = nullptr);

    const GatewayEndpoint &endpoint() const { return m_endpoint; }
    void setTimeout(std::chrono::milliseconds timeout)
    {
        m_http.setTimeout(timeout);
        m_deletes.setTimeout(timeout);
    }
    std::chrono::milliseconds timeout() const { return m_http.timeout(); }
    void setHttpConfig(const HttpConfig &config)
    {
        m_http.setHttpConfig(config);
        m_deletes.setHttpConfig(config);
    }
    const HttpConfig &httpConfig() const { return m_http.httpConfig(); }

    // The snapshot of /api/v1/metrics; with setReadsGaugeHistograms(true) also the gauge
    // histograms its JSON cannot show, from /metrics, when groups holding them were pushed.
    void fetchMetrics(std::function<void(const MetricsResult &)> done);
    void setReadsGaugeHistograms(bool reads) { m_readsGaugeHistograms = reads; }
    // GET /metrics in the delimited protobuf format (the raw body, not parsed).
    void fetchExposition(std::function<void(const ExpositionResult &)> done);
    // Also learns how the gateway reads label names in paths (nameEscaping()).
    void fetchStatus(std::function<void(const GatewayStatus &)> done);
    // Known once a status was read (push and delete read it first when needed) or set.
    std::optional<NameEscaping> nameEscaping() const { return m_nameEscaping; }
    void setNameEscaping(NameEscaping escaping) { m_nameEscaping = escaping; }
    // PUT replaces the whole group, POST only the families in `text` (exposition format).
    enum class PushMethod { Put, Post };
    // `contentType` empty: the text format.
    void push(const GroupingKey &key, const QByteArray &text, PushMethod method,
              std::function<void(const PushResult &)> done, const QByteArray &contentType = {});
    // DELETE of exactly this grouping key. The gateway answers 202 at once (the deletion is
    // queued) and also for a key it does not have. DELETEs go over up to kDeleteConnections
    // keep-alive connections, each carrying up to setDeletePipelineDepth() requests ahead of
    // their answers once it has answered one; more wait in order. A key no path addresses
    // exactly on this gateway (GroupingKey::pathOn) is not sent: notSent with the reason.
    void deleteGroup(const GroupingKey &key, std::function<void(const WriteResult &)> done);
    static constexpr int kDeleteConnections = 6;
    void setDeletePipelineDepth(int requests) { m_deletes.setPipelineDepth(requests); }
    // The URL a PUT, POST or DELETE of exactly `key` is sent to, as known now (nameEscaping()
    // unknown: only a key whose path reads the same either way). Empty, with one sentence in
    // `error`, when nothing would be sent; `statusError` is why the status is unknown.
    QUrl keyUrl(const GroupingKey &key, QString *error, const QString &statusError = {}) const;
    void abortAll()
    {
        m_http.abortAll();
        m_deletes.abortAll();
    }

private:
    void finishMetrics(MetricsResult result, std::shared_ptr<const Snapshot> snapshot,
                       const std::function<void(const MetricsResult &)> &done);
    void readGaugeHistogramsFor(MetricsResult result, Snapshot snapshot,
                                std::function<void(const MetricsResult &)> done);
    void explainMissingApi(const MetricsResult &failed,
                           std::function<void(const MetricsResult &)> done);

    using WriteDone = std::function<void(const WriteResult &)>;
    void sendToKey(const QByteArray &verb, const GroupingKey &key, const QByteArray &body,
                   const QByteArray &contentType, WriteDone done);
    void sendToPath(const QByteArray &verb, const GroupingKey &key, const QByteArray &body,
                    const QByteArray &contentType, const QString &statusError, WriteDone done);

    GatewayEndpoint m_endpoint;
    HttpClient m_http;
    HttpWritePool m_deletes;             // DELETEs on connections of their own (see HttpWritePool)
    std::optional<bool> m_deletesDirect; // no proxy applies to this gateway: m_deletes sends
    std::optional<NameEscaping> m_nameEscaping;
    // Writes waiting for the status read that tells how names are escaped.
    QList<std::function<void(const QString &statusError)>> m_waitingForStatus;
    // The last parsed snapshot: unchanged groups of the next reply are taken from it.
    std::shared_ptr<const Snapshot> m_lastSnapshot;
    bool m_readsGaugeHistograms = false;
};

// Reads "version" out of pushgateway_build_info in the gateway's own /metrics text.
QString buildVersionFromMetricsText(const QByteArray &text);
// True when `version` (e.g. "1.1.0") is older than `minimum` (e.g. "1.2.0").
bool versionOlderThan(const QString &version, const QString &minimum);

} // namespace pushscope
