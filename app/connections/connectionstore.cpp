#include "connectionstore.h"

#include "gateway/gatewayendpoint.h"
#include "net/preparedhttpconfig.h"

#include <QSettings>
#include <QUuid>

namespace pushscope {

namespace {

const QString kGroup = QStringLiteral("connections");
const QString kGateways = QStringLiteral("gateways");
const QString kPrometheus = QStringLiteral("prometheus");
const QString kLegacyReadOnly = QStringLiteral("readOnlyGateways");

void saveHttp(QSettings *s, const HttpConfig &http, const SavedSecrets &saved)
{
    s->setValue(QStringLiteral("username"), http.username);
    // Never the values: only whether they exist (typed now, or saved before and not cleared).
    s->setValue(QStringLiteral("hasPassword"), saved.password || !http.password.isEmpty());
    s->setValue(QStringLiteral("hasBearerToken"), saved.bearerToken || !http.bearerToken.isEmpty());
    s->setValue(QStringLiteral("headers"), headersToText(http.headers));
    s->setValue(QStringLiteral("caFile"), http.caFile);
    s->setValue(QStringLiteral("certFile"), http.certFile);
    s->setValue(QStringLiteral("keyFile"), http.keyFile);
    s->setValue(QStringLiteral("serverName"), http.serverName);
    s->setValue(QStringLiteral("insecureSkipVerify"), http.insecureSkipVerify);
}

HttpConfig loadHttp(QSettings *s, SavedSecrets *saved)
{
    HttpConfig http;
    http.username = s->value(QStringLiteral("username")).toString();
    saved->password = s->value(QStringLiteral("hasPassword"), false).toBool();
    saved->bearerToken = s->value(QStringLiteral("hasBearerToken"), false).toBool();
    headersFromText(s->value(QStringLiteral("headers")).toString(), &http.headers, nullptr);
    http.caFile = s->value(QStringLiteral("caFile")).toString();
    http.certFile = s->value(QStringLiteral("certFile")).toString();
    http.keyFile = s->value(QStringLiteral("keyFile")).toString();
    http.serverName = s->value(QStringLiteral("serverName")).toString();
    http.insecureSkipVerify = s->value(QStringLiteral("insecureSkipVerify"), false).toBool();
    return http;
}

bool inLegacyReadOnlyList(const QStringList &urls, const QString &url)
{
    GatewayEndpoint endpoint;
    if (!GatewayEndpoint::parse(url, &endpoint, nullptr))
        return false;
    for (const QString &listed : urls) {
        GatewayEndpoint marked;
        if (GatewayEndpoint::parse(listed, &marked, nullptr) &&
            marked.baseUrl() == endpoint.baseUrl())
            return true;
    }
    return false;
}

} // namespace

void ConnectionStore::save(QSettings *settings, const Connections &input)
{
    Connections connections = input;
    assignMissingIds(&connections);
    settings->remove(kGroup);
    settings->beginGroup(kGroup);
    settings->setValue(QStringLiteral("version"), kVersion);
    settings->beginWriteArray(kGateways, int(connections.gateways.size()));
    for (int i = 0; i < connections.gateways.size(); ++i) {
        const GatewayConnection &g = connections.gateways.at(i);
        settings->setArrayIndex(i);
        settings->setValue(QStringLiteral("id"), g.id);
        settings->setValue(QStringLiteral("name"), g.name);
        settings->setValue(QStringLiteral("url"), stripUrlPassword(g.url)); // never a secret
        settings->setValue(QStringLiteral("pollIntervalMs"), qlonglong(g.pollInterval.count()));
        settings->setValue(QStringLiteral("readOnly"), g.readOnly);
        settings->setValue(QStringLiteral("staleAfterSeconds"), g.staleAfterSeconds);
        settings->setValue(QStringLiteral("enabled"), g.enabled);
        settings->setValue(QStringLiteral("prometheusId"), g.prometheusId);
        settings->beginGroup(QStringLiteral("http"));
        saveHttp(settings, g.http, g.savedSecrets);
        settings->endGroup();
    }
    settings->endArray();
    settings->beginWriteArray(kPrometheus, int(connections.prometheus.size()));
    for (int i = 0; i < connections.prometheus.size(); ++i) {
        const PrometheusConnection &p = connections.prometheus.at(i);
        settings->setArrayIndex(i);
        settings->setValue(QStringLiteral("id"), p.id);
        settings->setValue(QStringLiteral("name"), p.name);
        settings->setValue(QStringLiteral("url"), stripUrlPassword(p.url));
        settings->setValue(QStringLiteral("grafanaUrl"), stripUrlPassword(p.grafanaUrl));
        settings->setValue(QStringLiteral("grafanaDatasource"), p.grafanaDatasource);
        settings->beginGroup(QStringLiteral("http"));
        saveHttp(settings, p.http, p.savedSecrets);
        settings->endGroup();
    }
    settings->endArray();
    settings->endGroup();
    settings->sync();
}

Connections ConnectionStore::load(QSettings *settings)
{
    Connections connections;
    const QStringList legacyReadOnly = settings->value(kLegacyReadOnly).toStringList();
    settings->beginGroup(kGroup);
    const int gateways = settings->beginReadArray(kGateways);
    for (int i = 0; i < gateways; ++i) {
        settings->setArrayIndex(i);
        GatewayConnection g;
        g.id = settings->value(QStringLiteral("id")).toString();
        g.name = settings->value(QStringLiteral("name")).toString();
        g.url = settings->value(QStringLiteral("url")).toString();
        g.pollInterval = std::chrono::milliseconds(
            settings->value(QStringLiteral("pollIntervalMs"), qlonglong(5000)).toLongLong());
        g.readOnly = settings->value(QStringLiteral("readOnly"), false).toBool() ||
                     inLegacyReadOnlyList(legacyReadOnly, g.url);
        g.staleAfterSeconds = settings->value(QStringLiteral("staleAfterSeconds"), 3600).toDouble();
        g.enabled = settings->value(QStringLiteral("enabled"), true).toBool();
        g.prometheusId = settings->value(QStringLiteral("prometheusId")).toString();
        settings->beginGroup(QStringLiteral("http"));
        g.http = loadHttp(settings, &g.savedSecrets);
        settings->endGroup();
        connections.gateways.append(g);
    }
    settings->endArray();
    const int servers = settings->beginReadArray(kPrometheus);
    for (int i = 0; i < servers; ++i) {
        settings->setArrayIndex(i);
        PrometheusConnection p;
        p.id = settings->value(QStringLiteral("id")).toString();
        p.name = settings->value(QStringLiteral("name")).toString();
        p.url = settings->value(QStringLiteral("url")).toString();
        p.grafanaUrl = settings->value(QStringLiteral("grafanaUrl")).toString();
        p.grafanaDatasource = settings->value(QStringLiteral("grafanaDatasource")).toString();
        settings->beginGroup(QStringLiteral("http"));
        p.http = loadHttp(settings, &p.savedSecrets);
        settings->endGroup();
        connections.prometheus.append(p);
    }
    settings->endArray();
    settings->endGroup();
    assignMissingIds(&connections);
    return connections;
}

QString newConnectionId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void assignMissingIds(Connections *connections)
{
    for (GatewayConnection &g : connections->gateways)
        if (g.id.isEmpty())
            g.id = newConnectionId();
    for (PrometheusConnection &p : connections->prometheus)
        if (p.id.isEmpty())
            p.id = newConnectionId();
}

void markSecretsSaved(Connections *connections)
{
    const auto mark = [](SavedSecrets *saved, const HttpConfig &http) {
        saved->password = saved->password || !http.password.isEmpty();
        saved->bearerToken = saved->bearerToken || !http.bearerToken.isEmpty();
    };
    for (GatewayConnection &g : connections->gateways)
        mark(&g.savedSecrets, g.http);
    for (PrometheusConnection &p : connections->prometheus)
        mark(&p.savedSecrets, p.http);
}

QString headersToText(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines.append(QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value));
    return lines.join(QLatin1Char('\n'));
}

bool headersFromText(const QString &text, QList<QPair<QByteArray, QByteArray>> *headers,
                     QString *error)
{
    QList<QPair<QByteArray, QByteArray>> parsed;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = colon < 0 ? QString() : line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed().toUtf8();
        QString why;
        // The line is not shown back: a pasted value may be a secret.
        if (colon < 0 || QString::fromLatin1(name.toLatin1()) != name ||
            !checkExtraHeader(name.toLatin1(), value, &why)) {
            if (error)
                *error = colon < 0
                             ? QStringLiteral("Header line %1 is not \"Name: value\".").arg(i + 1)
                             : QStringLiteral("Header line %1: %2").arg(i + 1).arg(why);
            return false;
        }
        parsed.append({name.toLatin1(), value});
    }
    *headers = parsed;
    return true;
}

} // namespace pushscope
