#pragma once

#include "net/httpclient.h"
#include "prometheus/promreply.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>
#include <functional>

namespace pushscope {

// Talks to any server speaking the Prometheus HTTP API (Prometheus, VictoriaMetrics, Thanos,
// Mimir). The base URL may carry a path prefix (http://host/prometheus); extra headers (e.g.
// X-Scope-OrgID) go with every request. Requests are GETs; a URL longer than
// kMaxGetUrlLength, or a GET answered 405 or 414, is sent again as a form-encoded POST.
// Every call is asynchronous; callbacks run on this object's thread and are dropped if it is
// destroyed first. Query results are parsed on the thread pool.
class PrometheusClient : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxGetUrlLength = 6000;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // `baseUrl`: e.g. http://127.0.0.1:9090 or https://mimir.example/prometheus.
    explicit PrometheusClient(const QUrl &baseUrl, QObject *parent = nullptr);

    const QUrl &baseUrl() const { return m_base; }
    void setHeaders(const Headers &headers) { m_http.setExtraHeaders(headers); }
    // Authentication and TLS (basic auth, bearer token, CA, client certificate).
    void setHttpConfig(const HttpConfig &config) { m_http.setHttpConfig(config); }
    const HttpConfig &httpConfig() const { return m_http.httpConfig(); }
    void setTimeout(std::chrono::milliseconds timeout) { m_http.setTimeout(timeout); }
    std::chrono::milliseconds timeout() const { return m_http.timeout(); }
    void abortAll() { m_http.abortAll(); }

    // An instant query; an invalid `time` means the server's now.
    void query(const QString &expr, const QDateTime &time,
               std::function<void(const QueryResult &)> done);
    void queryRange(const QString &expr, const QDateTime &start, const QDateTime &end,
                    std::chrono::milliseconds step, std::function<void(const QueryResult &)> done);
    void targets(std::function<void(const TargetsResult &)> done);
    void labelValues(const QString &label, std::function<void(const LabelValuesResult &)> done);
    void buildInfo(std::function<void(const BuildInfoResult &)> done);
    void config(std::function<void(const ConfigResult &)> done);

    // The API URL for `path` (e.g. "/api/v1/query") below the base URL's prefix.
    QUrl apiUrl(const QString &path) const;

private:
    using RawDone = std::function<void(const HttpResult &)>;
    // GET <path>?<params>, or POST with the params as the body when the URL is too long or
    // the GET is refused with 405/414.
    void call(const QString &path, const QUrlQuery &params, RawDone done);
    void callQuery(const QString &path, const QUrlQuery &params,
                   std::function<void(const QueryResult &)> done);
    void post(const QUrl &url, const QUrlQuery &params, RawDone done);

    QUrl m_base;
    HttpClient m_http;
};

// Unix seconds with millisecond precision, as the API takes them: "1700000000.123".
QString apiTime(const QDateTime &time);

} // namespace pushscope
