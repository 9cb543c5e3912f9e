#include "prometheusclient.h"

#include "net/offthread.h"

#include <QJsonObject>
#include <memory>

namespace pushscope {

namespace {

void copyTransport(const HttpResult &http, PrometheusReply *reply)
{
    reply->httpStatus = http.httpStatus;
    reply->latencyMs = http.latencyMs();
}

QByteArray formBody(const QUrlQuery &params)
{
    // QUrlQuery leaves '+' (and other sub-delimiters) as they are, but a form body reads '+'
    // as a space: encode every reserved character of each value.
    QByteArray body;
    const auto items = params.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
    }
    return body;
}

} // namespace

PrometheusClient::PrometheusClient(const QUrl &baseUrl, QObject *parent)
    : QObject(parent)
    , m_base(baseUrl)
{}

QUrl PrometheusClient::apiUrl(const QString &path) const
{
    QUrl url = m_base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QString apiTime(const QDateTime &time)
{
    return QString::number(double(time.toMSecsSinceEpoch()) / 1000.0, 'f', 3);
}

void PrometheusClient::call(const QString &path, const QUrlQuery &params, RawDone done)
{
    QUrl url = apiUrl(path);
    QUrl getUrl = url;
    // Everything but unreserved characters percent-encoded, so '+' and '&' in PromQL survive.
    getUrl.setQuery(QString::fromLatin1(formBody(params)), QUrl::StrictMode);
    if (getUrl.toEncoded().size() > kMaxGetUrlLength) {
        post(url, params, std::move(done));
        return;
    }
    m_http.get(getUrl, [this, url, params, done = std::move(done)](const HttpResult &http) {
        if (http.httpStatus == 405 || http.httpStatus == 414)
            post(url, params, done);
        else
            done(http);
    });
}

void PrometheusClient::post(const QUrl &url, const QUrlQuery &params, RawDone done)
{
    m_http.sendCustom(QByteArrayLiteral("POST"), url, formBody(params),
                      QByteArrayLiteral("application/x-www-form-urlencoded"), std::move(done));
}

void PrometheusClient::query(const QString &expr, const QDateTime &time,
                             std::function<void(const QueryResult &)> done)
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("query"), expr);
    if (time.isValid())
        params.addQueryItem(QStringLiteral("time"), apiTime(time));
    callQuery(QStringLiteral("/api/v1/query"), params, std::move(done));
}

void PrometheusClient::callQuery(const QString &path, const QUrlQuery &params,
                                 std::function<void(const QueryResult &)> done)
{
    call(path, params, [this, done = std::move(done)](const HttpResult &http) {
        // Parsed on the thread pool: a range reply can be many megabytes.
        auto parse = [http] {
            QueryResult result = parseQueryReply(http.payload, http.ok ? QString() : http.error);
            copyTransport(http, &result);
            return result;
        };
        runOffThread(this, std::move(parse), done);
    });
}

void PrometheusClient::queryRange(const QString &expr, const QDateTime &start, const QDateTime &end,
                                  std::chrono::milliseconds step,
                                  std::function<void(const QueryResult &)> done)
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("query"), expr);
    params.addQueryItem(QStringLiteral("start"), apiTime(start));
    params.addQueryItem(QStringLiteral("end"), apiTime(end));
    params.addQueryItem(QStringLiteral("step"), QString::number(double(step.count()) / 1000.0));
    callQuery(QStringLiteral("/api/v1/query_range"), params, std::move(done));
}

void PrometheusClient::targets(std::function<void(const TargetsResult &)> done)
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("state"), QStringLiteral("active"));
    call(QStringLiteral("/api/v1/targets"), params,
         [done = std::move(done)](const HttpResult &http) {
             TargetsResult result =
                 parseTargetsReply(http.payload, http.ok ? QString() : http.error);
             copyTransport(http, &result);
             done(result);
         });
}

void PrometheusClient::labelValues(const QString &label,
                                   std::function<void(const LabelValuesResult &)> done)
{
    const QString path = QStringLiteral("/api/v1/label/%1/values")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(label)));
    call(path, {}, [done = std::move(done)](const HttpResult &http) {
        LabelValuesResult result;
        QJsonValue data;
        if (parseEnvelope(http.payload, http.ok ? QString() : http.error,
                          QStringLiteral("the label values request"), &result, &data))
            parseLabelValuesData(data, &result);
        copyTransport(http, &result);
        done(result);
    });
}

void PrometheusClient::buildInfo(std::function<void(const BuildInfoResult &)> done)
{
    call(QStringLiteral("/api/v1/status/buildinfo"), {},
         [done = std::move(done)](const HttpResult &http) {
             BuildInfoResult result;
             QJsonValue data;
             if (parseEnvelope(http.payload, http.ok ? QString() : http.error,
                               QStringLiteral("the build info request"), &result, &data))
                 parseBuildInfoData(data, &result);
             copyTransport(http, &result);
             done(result);
         });
}

void PrometheusClient::config(std::function<void(const ConfigResult &)> done)
{
    call(QStringLiteral("/api/v1/status/config"), {},
         [done = std::move(done)](const HttpResult &http) {
             ConfigResult result;
             QJsonValue data;
             if (parseEnvelope(http.payload, http.ok ? QString() : http.error,
                               QStringLiteral("the configuration request"), &result, &data))
                 result.yaml = data.toObject().value(QStringLiteral("yaml")).toString();
             copyTransport(http, &result);
             done(result);
         });
}

} // namespace pushscope
