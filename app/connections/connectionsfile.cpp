#include "connectionsfile.h"

#include "connectionstore.h"
#include "gateway/gatewayendpoint.h"
#include "model/gatewaymonitor.h"
#include "net/preparedhttpconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUrl>

namespace pushscope {

using namespace Qt::StringLiterals;

namespace {

const QString kVersionKey = QStringLiteral("pushscope_connections");

// `bearer`: the server takes a bearer token; the file says so, without the token.
QJsonObject httpToJson(const HttpConfig &http, bool bearer)
{
    QJsonObject out;
    if (!http.username.isEmpty())
        out[QStringLiteral("basic_auth")] =
            QJsonObject{{QStringLiteral("username"), http.username}};
    else if (bearer)
        out[QStringLiteral("authorization")] = QJsonObject{{QStringLiteral("type"), u"Bearer"_s}};
    QJsonArray headers;
    for (const auto &[name, value] : http.headers)
        headers.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)},
                                   {QStringLiteral("value"), QString::fromUtf8(value)}});
    if (!headers.isEmpty())
        out[QStringLiteral("headers")] = headers;
    QJsonObject tls;
    const auto put = [&tls](const char *key, const QString &value) {
        if (!value.isEmpty())
            tls[QLatin1String(key)] = value;
    };
    put("ca_file", http.caFile);
    put("cert_file", http.certFile);
    put("key_file", http.keyFile);
    put("server_name", http.serverName);
    if (http.insecureSkipVerify)
        tls[QStringLiteral("insecure_skip_verify")] = true;
    if (!tls.isEmpty())
        out[QStringLiteral("tls_config")] = tls;
    return out;
}

HttpConfig httpFromJson(const QJsonObject &in)
{
    HttpConfig http;
    http.username = in.value(QStringLiteral("basic_auth"))[QStringLiteral("username")].toString();
    for (const QJsonValue &h : in.value(QStringLiteral("headers")).toArray())
        http.headers.append({h[QStringLiteral("name")].toString().toLatin1(),
                             h[QStringLiteral("value")].toString().toUtf8()});
    const QJsonObject tls = in.value(QStringLiteral("tls_config")).toObject();
    http.caFile = tls.value(QStringLiteral("ca_file")).toString();
    http.certFile = tls.value(QStringLiteral("cert_file")).toString();
    http.keyFile = tls.value(QStringLiteral("key_file")).toString();
    http.serverName = tls.value(QStringLiteral("server_name")).toString();
    http.insecureSkipVerify = tls.value(QStringLiteral("insecure_skip_verify")).toBool(false);
    return http;
}

// A sentence when `url` is missing or not a usable http(s) URL; empty when fine.
QString checkUrl(const QString &what, int index, const QString &url)
{
    if (url.trimmed().isEmpty())
        return QStringLiteral("The %1 at position %2 has no URL.").arg(what).arg(index + 1);
    GatewayEndpoint endpoint;
    QString why;
    if (!GatewayEndpoint::parse(url, &endpoint, &why))
        return QStringLiteral("The %1 at position %2 has a bad URL \"%3\": %4")
            .arg(what)
            .arg(index + 1)
            .arg(url, why);
    return {};
}

} // namespace

QByteArray connectionsToJson(const Connections &connections)
{
    QJsonArray gateways;
    for (const GatewayConnection &g : connections.gateways) {
        QJsonObject o{{QStringLiteral("id"), g.id},
                      {QStringLiteral("name"), g.name},
                      {QStringLiteral("url"), stripUrlPassword(g.url)}, // never a secret
                      {QStringLiteral("poll_interval_ms"), qint64(g.pollInterval.count())},
                      {QStringLiteral("read_only"), g.readOnly},
                      {QStringLiteral("stale_after_seconds"), g.staleAfterSeconds},
                      {QStringLiteral("enabled"), g.enabled}};
        if (!g.prometheusId.isEmpty())
            o[QStringLiteral("prometheus_id")] = g.prometheusId;
        o[QStringLiteral("http_config")] =
            httpToJson(g.http, !g.http.bearerToken.isEmpty() || g.savedSecrets.bearerToken);
        gateways.append(o);
    }
    QJsonArray servers;
    for (const PrometheusConnection &p : connections.prometheus) {
        QJsonObject o{
            {QStringLiteral("id"), p.id},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("url"), stripUrlPassword(p.url)},
            {QStringLiteral("http_config"),
             httpToJson(p.http, !p.http.bearerToken.isEmpty() || p.savedSecrets.bearerToken)}};
        if (!p.grafanaUrl.isEmpty())
            o[QStringLiteral("grafana_url")] = stripUrlPassword(p.grafanaUrl);
        if (!p.grafanaDatasource.isEmpty())
            o[QStringLiteral("grafana_datasource")] = p.grafanaDatasource;
        servers.append(o);
    }
    const QJsonObject root{{kVersionKey, kConnectionsFileVersion},
                           {QStringLiteral("gateways"), gateways},
                           {QStringLiteral("prometheus"), servers}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool connectionsFromJson(const QByteArray &json, Connections *connections, QString *error,
                         const QStringList &knownPrometheusIds)
{
    const auto fail = [error](const QString &sentence) {
        if (error)
            *error = sentence;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("This is not a PushScope connections file: it is not JSON (%1 "
                                   "at byte %2).")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    if (!doc.isObject())
        return fail(
            QStringLiteral("This is not a PushScope connections file (not a JSON object)."));
    const QJsonObject root = doc.object();
    if (!root.contains(kVersionKey))
        return fail(QStringLiteral("This is not a PushScope connections file "
                                   "(no \"pushscope_connections\" version)."));
    const int version = root.value(kVersionKey).toInt(-1);
    if (version != kConnectionsFileVersion)
        return fail(QStringLiteral("The connections file has version %1; this PushScope reads "
                                   "version %2.")
                        .arg(root.value(kVersionKey).toVariant().toString())
                        .arg(kConnectionsFileVersion));
    Connections parsed;
    const QJsonArray servers = root.value(QStringLiteral("prometheus")).toArray();
    for (int i = 0; i < servers.size(); ++i) {
        const QJsonObject o = servers.at(i).toObject();
        PrometheusConnection p;
        p.id = o.value(QStringLiteral("id")).toString();
        p.name = o.value(QStringLiteral("name")).toString();
        p.url = o.value(QStringLiteral("url")).toString().trimmed();
        const QString bad = checkUrl(QStringLiteral("Prometheus server"), i, p.url);
        if (!bad.isEmpty())
            return fail(bad);
        p.http = httpFromJson(o.value(QStringLiteral("http_config")).toObject());
        // Both optional: files written before Grafana links load with none.
        p.grafanaUrl = o.value(QStringLiteral("grafana_url")).toString().trimmed();
        p.grafanaDatasource = o.value(QStringLiteral("grafana_datasource")).toString().trimmed();
        QString why;
        for (const auto &[name, value] : std::as_const(p.http.headers))
            if (!checkExtraHeader(name, value, &why))
                return fail(
                    QStringLiteral("Prometheus server at position %1: %2").arg(i + 1).arg(why));
        parsed.prometheus.append(p);
    }
    QStringList prometheusIds = knownPrometheusIds;
    for (const PrometheusConnection &p : parsed.prometheus)
        prometheusIds.append(p.id);
    const QJsonArray gateways = root.value(QStringLiteral("gateways")).toArray();
    for (int i = 0; i < gateways.size(); ++i) {
        const QJsonObject o = gateways.at(i).toObject();
        GatewayConnection g;
        g.id = o.value(QStringLiteral("id")).toString();
        g.name = o.value(QStringLiteral("name")).toString();
        g.url = o.value(QStringLiteral("url")).toString().trimmed();
        const QString bad = checkUrl(QStringLiteral("gateway"), i, g.url);
        if (!bad.isEmpty())
            return fail(bad);
        const qint64 interval = o.value(QStringLiteral("poll_interval_ms")).toInteger(5000);
        if (interval < 100)
            return fail(QStringLiteral("The gateway at position %1 has a poll interval below "
                                       "100 ms.")
                            .arg(i + 1));
        g.pollInterval = std::chrono::milliseconds(interval);
        g.readOnly = o.value(QStringLiteral("read_only")).toBool(false);
        g.staleAfterSeconds = o.value(QStringLiteral("stale_after_seconds")).toDouble(3600);
        g.enabled = o.value(QStringLiteral("enabled")).toBool(true);
        g.prometheusId = o.value(QStringLiteral("prometheus_id")).toString();
        if (!g.prometheusId.isEmpty() && !prometheusIds.contains(g.prometheusId))
            return fail(QStringLiteral("The gateway at position %1 links to Prometheus server "
                                       "\"%2\", which is not in the file.")
                            .arg(i + 1)
                            .arg(g.prometheusId));
        g.http = httpFromJson(o.value(QStringLiteral("http_config")).toObject());
        QString why;
        for (const auto &[name, value] : std::as_const(g.http.headers))
            if (!checkExtraHeader(name, value, &why))
                return fail(QStringLiteral("The gateway at position %1: %2").arg(i + 1).arg(why));
        // A gateway that authenticates with a bearer token says so (never the token itself),
        // so `--bearer-token-file` with --config reaches only the gateways that want one.
        g.savedSecrets.bearerToken =
            o.value(QStringLiteral(
                "http_config"))[QStringLiteral("authorization")][QStringLiteral("type")]
                .toString() == u"Bearer";
        parsed.gateways.append(g);
    }
    assignMissingIds(&parsed);
    *connections = parsed;
    return true;
}

bool saveConnectionsFile(const QString &path, const Connections &connections, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(connectionsToJson(connections)) < 0 ||
        !file.commit()) {
        if (error)
            *error = QStringLiteral("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

static bool readFile(const QString &path, QByteArray *bytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("Could not read %1: %2").arg(path, file.errorString());
        return false;
    }
    *bytes = file.readAll();
    return true;
}

bool loadConnectionsFile(const QString &path, Connections *connections, QString *error)
{
    QByteArray bytes;
    return readFile(path, &bytes, error) && connectionsFromJson(bytes, connections, error);
}

bool importConnectionsFile(const QString &path, Connections *connections, QString *error)
{
    QByteArray bytes;
    if (!readFile(path, &bytes, error))
        return false;
    QStringList known;
    for (const PrometheusConnection &p : connections->prometheus)
        known.append(p.id);
    Connections incoming;
    if (!connectionsFromJson(bytes, &incoming, error, known))
        return false;
    *connections = mergeConnections(*connections, incoming);
    return true;
}

QUrl connectionUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    return QUrl(trimmed.contains(QLatin1String("://")) ? trimmed
                                                       : QLatin1String("http://") + trimmed,
                QUrl::StrictMode);
}

void fillCommandLineSecrets(GatewayConnection *gateway, const HttpConfig &commandLine)
{
    HttpConfig &http = gateway->http;
    if (http.hasBasicAuth() && http.password.isEmpty())
        http.password = commandLine.password;
    if (!http.hasBasicAuth() && gateway->savedSecrets.bearerToken)
        http.bearerToken = commandLine.bearerToken;
}

// Same scheme, host and port: secrets typed for one server never follow a URL to another.
static bool sameOrigin(const QString &a, const QString &b)
{
    const auto origin = [](const QString &text) {
        const QUrl url = connectionUrl(text);
        return QStringLiteral("%1://%2:%3")
            .arg(url.scheme(), url.host().toLower())
            .arg(url.port(url.scheme() == u"https" ? 443 : 80));
    };
    return origin(a) == origin(b);
}

template<typename T> static void mergeInto(QList<T> *into, const QList<T> &incoming)
{
    for (T entry : incoming) {
        auto it = std::find_if(into->begin(), into->end(),
                               [&entry](const T &old) { return old.id == entry.id; });
        if (it == into->end()) {
            into->append(entry);
            continue;
        }
        if (sameOrigin(entry.url, it->url) && entry.http.username == it->http.username) {
            entry.http.password = it->http.password;
            entry.http.bearerToken = it->http.bearerToken;
            entry.savedSecrets = it->savedSecrets;
        } // else: the file moved it elsewhere, so its secrets are dropped (and asked for again)
        *it = entry;
    }
}

Connections mergeConnections(const Connections &base, const Connections &incoming)
{
    Connections merged = base;
    mergeInto(&merged.prometheus, incoming.prometheus);
    mergeInto(&merged.gateways, incoming.gateways);
    return merged;
}

GatewaySetup gatewaySetupFor(const GatewayConnection &gateway, std::chrono::milliseconds timeout,
                             QString *error)
{
    GatewaySetup setup;
    QString why;
    if (!GatewayEndpoint::parse(gateway.url, &setup.endpoint, &why)) {
        if (error)
            *error =
                QStringLiteral("The gateway %1 has a bad URL: %2").arg(gateway.displayName(), why);
        return setup;
    }
    setup.name = gateway.name;
    setup.interval = gateway.pollInterval;
    setup.timeout = timeout;
    setup.readOnly = gateway.readOnly;
    setup.staleAfterSeconds = gateway.staleAfterSeconds;
    setup.http = gateway.http;
    return setup;
}

} // namespace pushscope
